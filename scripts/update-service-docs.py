"""Writes the key table of each service into docs/services.md from the registry (costmodel.services()).

    python scripts/update-service-docs.py          # rewrite the tables in place
    python scripts/update-service-docs.py --check  # exit 1 if the file is not what the registry gives

Each table sits under its service's heading between <!-- keys: NAME --> and <!-- /keys -->; the text
around them is written by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import costmodel
from costmodel._services import key_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "services.md"
BLOCK = re.compile(r"<!-- keys: (?P<name>[a-z0-9_]+) -->\n.*?<!-- /keys -->\n", re.S)


def block(service: costmodel.Service) -> str:
    return f"<!-- keys: {service.name} -->\n{key_table(service)}<!-- /keys -->\n"


def render(text: str) -> str:
    registered = costmodel.services()
    sections = re.split(r"(?m)^(?=### )", text)
    out = [sections[0]]
    for section in sections[1:]:
        name = section.split("\n", 1)[0][4:].strip()
        if name not in registered:
            raise SystemExit(f"docs/services.md: section '{name}' is not a registered service")
        if BLOCK.search(section):
            section = BLOCK.sub(lambda _: block(registered[name]), section, count=1)
        else:
            heading, rest = section.split("\n", 1)
            section = f"{heading}\n\n{block(registered[name])}{rest}"
        out.append(section)
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    updated = render(text)
    if args.check:
        if updated != text:
            print("docs/services.md: the key tables differ from the registry; run scripts/update-service-docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

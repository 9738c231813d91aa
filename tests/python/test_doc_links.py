"""Every relative link in README.md, docs/*.md and examples/README.md points to a file in the
repository."""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "examples" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) inline links; the target ends at whitespace or the closing parenthesis.
LINK = re.compile(r"\[[^\]]*\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def relative_links(page: pathlib.Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))  # code blocks hold code, not links
    targets = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue  # http:, https:, mailto:, in-page anchors
        targets.append(target.split("#", 1)[0])
    return targets


def test_the_link_pattern_finds_links() -> None:
    page = "see [a](docs/a.md), [b](../b.md#part \"title\"), [web](https://example.com), [here](#x)"
    assert [t.split("#")[0] for t in LINK.findall(page) if not t.startswith(("http", "#"))] == ["docs/a.md", "../b.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_files_in_the_repository(page: pathlib.Path) -> None:
    missing = []
    for target in relative_links(page):
        resolved = (page.parent / target).resolve()
        if not resolved.exists() or ROOT not in (resolved, *resolved.parents):
            missing.append(target)
    assert not missing, f"{page.relative_to(ROOT)} links to {missing}"


def test_paths_in_code_spans_outside_the_repository_are_not_cited() -> None:
    # A path written as `../x/y.md` leaves the repository; the reader cannot follow it.
    for page in PAGES:
        for span in re.findall(r"`(\.\./[^`]+\.md)`", page.read_text(encoding="utf-8")):
            resolved = (page.parent / span).resolve()
            assert resolved.exists() and ROOT in resolved.parents, f"{page.relative_to(ROOT)} cites {span}"

"""Runs one fuzz target under atheris: python tests/fuzz/python/run.py TARGET [libFuzzer options] [CORPUS...]

TARGET is estimate, scenario, catalog, numbers, lease_events or lease_report (harnesses.py). With no corpus folder the examples
and tests/data files seed it. See docs/fuzzing.md.
"""

from __future__ import annotations

import pathlib
import sys

import atheris

with atheris.instrument_imports():
    import costmodel  # noqa: F401  (instrumented: coverage guides the fuzzer through the Python layer)
    import harnesses

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEEDS = [*ROOT.glob("examples/*.json"), *ROOT.glob("examples/seed-00[13]/*.json"), *ROOT.glob("tests/data/**/*.json")]


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in harnesses.TARGETS:
        sys.exit(f"usage: run.py {{{','.join(harnesses.TARGETS)}}} [libFuzzer options] [corpus...]")
    target = harnesses.TARGETS[sys.argv[1]]
    args = [sys.argv[0], *sys.argv[2:]]
    if not any(not a.startswith("-") for a in args[1:]):
        # Seed inputs, run first (libFuzzer's -seed_inputs takes a comma-separated list of files).
        args.append("-seed_inputs=" + ",".join(str(p) for p in SEEDS))
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

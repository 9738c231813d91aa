"""Pinned output: every example and test scenario gives, byte for byte, the documents recorded in
tests/data/golden/ — the contract's estimate JSON, the CSV and the terminal table — and so do `compare`
and `catalog`. The files were written by the command line before the columnar core replaced the row
engine; any change to them is a change users see and must be deliberate (regenerate with
`python tests/python/test_golden.py --write` and explain the difference in the CHANGELOG).

The C++ side (tests/cpp/print_estimate.cpp) and Python's `Estimate.to_dict()` are checked against the
same files, so the three ways of getting an estimate cannot drift apart.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
SCENARIOS = sorted(
    [*ROOT.glob("examples/*.json"), *(p for p in (ROOT / "tests" / "data" / "scenarios").glob("*.json") if not p.name.startswith("bad-"))]
)
FORMATS = {"json": "json", "csv": "csv", "table": "txt"}
OTHER_COMMANDS = {
    "compare-60m.txt": ["compare", "examples/60m-users.json", "examples/60m-users-optimized.json"],
    "compare-60m.json": ["compare", "examples/60m-users.json", "examples/60m-users-optimized.json", "--format", "json"],
    "catalog-builtin.txt": ["catalog"],
    "catalog-builtin.json": ["catalog", "--format", "json"],
}


def cli_bytes(*args: str) -> bytes:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def golden_name(scenario: pathlib.Path, fmt: str) -> pathlib.Path:
    return GOLDEN / f"{scenario.stem}.{FORMATS[fmt]}"


def test_every_scenario_has_pinned_output() -> None:
    assert len(SCENARIOS) >= 7
    for scenario in SCENARIOS:
        for fmt in FORMATS:
            assert golden_name(scenario, fmt).is_file(), golden_name(scenario, fmt)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_cli_output_is_byte_identical(scenario: pathlib.Path, fmt: str) -> None:
    expected = golden_name(scenario, fmt).read_bytes()
    assert cli_bytes("estimate", str(scenario.relative_to(ROOT)), "--format", fmt) == expected


@pytest.mark.parametrize("name", sorted(OTHER_COMMANDS))
def test_other_commands_are_byte_identical(name: str) -> None:
    assert cli_bytes(*OTHER_COMMANDS[name]) == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_python_document_equals_the_pinned_one(scenario: pathlib.Path) -> None:
    expected = json.loads(golden_name(scenario, "json").read_text(encoding="utf-8"))
    assert costmodel.estimate(scenario).to_dict() == expected


def _print_estimate_tool() -> pathlib.Path | None:
    for build in ("cpp", "asan"):
        candidate = ROOT / "build" / build / "tests" / "cpp" / "costmodel_print_estimate"
        if candidate.exists():
            return candidate
    return None


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_cpp_document_equals_the_pinned_one(scenario: pathlib.Path) -> None:
    # C++ writes non-ASCII text as UTF-8 ("×"), the command line as JSON escapes ("\u00d7"): the same
    # document, so the documents are compared, not the bytes.
    tool = _print_estimate_tool()
    if tool is None:
        pytest.skip("costmodel_print_estimate is not built (scripts/run-tests.sh builds it)")
    done = subprocess.run([str(tool), str(scenario)], capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == json.loads(golden_name(scenario, "json").read_bytes())


def _write() -> None:
    for scenario in SCENARIOS:
        for fmt in FORMATS:
            golden_name(scenario, fmt).write_bytes(cli_bytes("estimate", str(scenario.relative_to(ROOT)), "--format", fmt))
    for name, args in OTHER_COMMANDS.items():
        (GOLDEN / name).write_bytes(cli_bytes(*args))


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()

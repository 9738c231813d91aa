"""The atheris harnesses of tests/fuzz/python run briefly (about 2.5 s each, 10 s in all) with the
examples and test data as seeds: no input may raise anything but InputError, ValueError, TypeError or
OverflowError. Skip with -m "not fuzz"; long runs: docs/fuzzing.md."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "fuzz" / "python" / "run.py"

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed"),
]


@pytest.mark.parametrize("target", ["estimate", "scenario", "catalog", "numbers", "lease_events", "lease_report"])
def test_harness_runs_without_a_finding(target: str, tmp_path: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, str(RUNNER), target, "-max_total_time=2", "-timeout=20", "-rss_limit_mb=4096",
         "-print_final_stats=1", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    executed = re.search(r"stat::number_of_executed_units:\s*(\d+)", output)
    assert executed and int(executed.group(1)) > 50, output[-2000:]


def test_a_harness_reports_an_unexpected_exception(tmp_path: pathlib.Path) -> None:
    # The harnesses let unexpected exceptions out: a target that raises one is a finding (exit 1...).
    sys.path.insert(0, str(RUNNER.parent))
    try:
        import harnesses
    finally:
        sys.path.pop(0)
    harnesses.estimate_text(b'{"schema": "costmodel/scenario/v1"}')  # an InputError: expected, swallowed
    with pytest.raises(AssertionError):
        original = harnesses._numbers.total
        harnesses._numbers.total = lambda values: original(values) + 1  # type: ignore[assignment]
        try:
            harnesses.estimate_text(b'{"schema": "costmodel/scenario/v1", "name": "n", "workloads": '
                                    b'[{"name": "f", "service": "fixed", "monthly_cost": 1}]}')
        finally:
            harnesses._numbers.total = original

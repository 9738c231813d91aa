"""The `costmodel` command line: estimate (table, JSON, CSV), compare, catalog, errors; and the same
estimate document from the command line, from Python and from C++.

The command runs as `python -m costmodel.cli` with the interpreter running the tests, so it is the
installed package's. The C++ side is tests/cpp/print_estimate.cpp (target costmodel_print_estimate),
which scripts/run-tests.sh builds into build/cpp before pytest runs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import subprocess
import sys
from decimal import Decimal

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "data" / "scenarios"
EXAMPLE = ROOT / "examples" / "100k-users.json"
GOOD_SCENARIOS = sorted(p for p in SCENARIOS.glob("*.json") if not p.name.startswith("bad-"))


def cli(*args: str, cwd: pathlib.Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=120)


def print_estimate_tool() -> pathlib.Path | None:
    """The built costmodel_print_estimate, newest first among the usual build folders."""
    found = []
    for build in ("cpp", "estimate-dev", "asan"):
        candidate = ROOT / "build" / build / "tests" / "cpp" / "costmodel_print_estimate"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            found.append(candidate)
    explicit = os.environ.get("COSTMODEL_PRINT_ESTIMATE")
    if explicit:
        return pathlib.Path(explicit)
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


# ---------------------------------------------------------------------------------------------- estimate

def test_estimate_table_shows_lines_subtotals_total_and_audit():
    result = cli("estimate", str(SCENARIOS / "all-services.json"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    est = costmodel.estimate(SCENARIOS / "all-services.json")
    assert out.startswith("all-services: estimate in USD per month\n")
    assert "730 hours/month, 52/12 weeks/month, free tier off, line rounding none" in out
    # Every line, with its workload and component.
    for line in est.lines:
        assert line.workload in out and line.component in out
    assert "duration (tier 1)" in out
    # Subtotals by service, largest first, to cents.
    assert "By service" in out
    for name, cost in est.services.items():
        assert f"{name}  " in out
        assert f"{cost.quantize(Decimal('0.01')):,}" in out
    total = est.total.quantize(Decimal("0.01"))
    assert f"Total: USD {total:,} per month (exact {est.total.normalize():f})" in out
    assert f"Cost per user: USD {est.cost_per_user.normalize():f}" in out
    assert "Warnings" in out and "training: 4 vCPU supports 8-30 GB" in out
    assert "Audit: figures the document states against what its own inputs produce" in out
    etl = next(a for a in est.audit if a.item == "etl")
    assert etl.stated == Decimal("4.40")
    assert f"{etl.difference.quantize(Decimal('0.01')):,}" in out
    assert "WRONG" in out
    assert "of 3 stated figures differ from the computed ones by a cent or more." in out


def test_estimate_table_of_the_bundled_example():
    result = cli("estimate", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "glue-etl" in result.stdout and "4.40" in result.stdout and "0.88" in result.stdout
    assert "Total: USD" in result.stdout


def test_estimate_csv_has_one_row_per_line_with_exact_amounts():
    result = cli("estimate", str(SCENARIOS / "all-services.json"), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["workload", "service", "component", "quantity", "unit", "unit_price", "cost", "note"]
    est = costmodel.estimate(SCENARIOS / "all-services.json")
    assert len(rows) - 1 == len(est.lines)
    for row, line in zip(rows[1:], est.lines):
        assert row[0] == line.workload and row[2] == line.component
        assert Decimal(row[3]) == line.quantity and Decimal(row[5]) == line.unit_price and Decimal(row[6]) == line.cost
    assert sum((Decimal(row[6]) for row in rows[1:]), Decimal(0)) == est.total


@pytest.mark.parametrize("path", GOOD_SCENARIOS + [EXAMPLE], ids=lambda p: p.name)
def test_same_json_from_cli_python_and_cpp(path: pathlib.Path):
    result = cli("estimate", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    from_cli = json.loads(result.stdout)
    from_python = costmodel.estimate(str(path)).to_dict()
    # Same members, same order, same exact strings.
    assert json.dumps(from_cli) == json.dumps(from_python)
    tool = print_estimate_tool()
    if tool is None:
        pytest.skip("costmodel_print_estimate is not built (cmake --build build/cpp builds it; scripts/run-tests.sh does)")
    cpp = subprocess.run([str(tool), str(path)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert cpp.returncode == 0, cpp.stderr
    from_cpp = json.loads(cpp.stdout)
    assert json.dumps(from_cpp) == json.dumps(from_cli)


def test_json_amounts_are_exact_strings():
    result = cli("estimate", str(SCENARIOS / "lambda-tiers.json"), "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["conventions"] == {"hours_per_month": "730", "weeks_per_month": "52/12", "free_tier": True, "line_rounding": "cents"}
    for line in doc["lines"]:
        for key in ("quantity", "unit_price", "cost"):
            assert isinstance(line[key], str)
            Decimal(line[key])
    transform = [line for line in doc["lines"] if line["workload"] == "transform" and line["component"].startswith("duration")]
    # 4B + 3B GB-s of x86, 400,000 free: the second function crosses the 6B bound.
    assert [line["component"] for line in transform] == ["duration (tier 1)", "duration (tier 2)"]


# ----------------------------------------------------------------------------------------------- compare

def test_compare_shows_both_scenarios_per_service_and_the_total():
    a, b = SCENARIOS / "fargate-on-demand.json", SCENARIOS / "fargate-spot.json"
    result = cli("compare", str(a), str(b))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("fargate-on-demand  vs  fargate-spot  (USD per month)")
    assert "fargate" in out and "cloudwatch" in out and "TOTAL" in out
    est_a, est_b = costmodel.estimate(a), costmodel.estimate(b)
    assert f"{(est_b.total - est_a.total).quantize(Decimal('0.01')):,}" in out
    assert "-70.0%" in out  # Spot at 70 % off: the Fargate subtotal falls by 70 %
    as_json = json.loads(cli("compare", str(a), str(b), "--format", "json").stdout)
    assert as_json["schema"] == "costmodel/comparison/v1"
    assert Decimal(as_json["total"]["difference"]) == est_b.total - est_a.total
    assert Decimal(as_json["services"]["cloudwatch"]["difference"]) == 0


# ----------------------------------------------------------------------------------------------- catalog

def test_catalog_lists_one_service():
    result = cli("catalog", "--service", "lambda")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("catalog ")
    assert "duration[x86_64]" in out and "duration[arm64]" in out and "requests[x86_64]" in out
    assert "0.0000166667 from 0" in out
    assert "lambda-duration" in out
    assert "fargate" not in out
    as_json = json.loads(cli("catalog", "--service", "lambda", "--format", "json").stdout)
    assert {sku["service"] for sku in as_json["skus"]} == {"lambda"}
    assert all(isinstance(tier["price"], str) for sku in as_json["skus"] for tier in sku["tiers"])


def test_catalog_of_an_unknown_service_is_an_error():
    result = cli("catalog", "--service", "nosuch")
    assert result.returncode == 2
    assert "no prices for service 'nosuch'" in result.stderr


# ------------------------------------------------------------------------------------------------ errors

def test_a_bad_file_exits_2_naming_the_file_and_the_path():
    result = cli("estimate", str(SCENARIOS / "bad-unknown-key.json"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("costmodel: error: ")
    assert f"{SCENARIOS / 'bad-unknown-key.json'}: workloads[3].memry_mb: unknown key" in result.stderr


def test_invalid_json_and_a_missing_file_exit_2():
    broken = cli("estimate", str(SCENARIOS / "bad-json.json"), "--format", "json")
    assert broken.returncode == 2
    assert "bad-json.json: invalid JSON" in broken.stderr
    missing = cli("estimate", "no-such-dir/scenario.json")
    assert missing.returncode == 2
    assert "no-such-dir/scenario.json: cannot read the file (no such file)" in missing.stderr


def test_text_after_the_document_and_non_regular_files_exit_2(tmp_path: pathlib.Path):
    scenario = tmp_path / "two.json"
    one = '{"schema": "costmodel/scenario/v1", "name": "t", "workloads": []}'
    scenario.write_text(one + "\n" + one)
    result = cli("estimate", str(scenario))
    assert result.returncode == 2
    assert "unexpected text after the JSON document (byte offset" in result.stderr
    folder = cli("estimate", str(tmp_path))
    assert folder.returncode == 2
    assert f"{tmp_path}: cannot read the file (it is a directory)" in folder.stderr
    zero = cli("estimate", "/dev/zero")
    assert zero.returncode == 2
    assert "/dev/zero: cannot read the file (it is a device, not a regular file)" in zero.stderr
    utf16 = tmp_path / "utf16.json"
    utf16.write_text(one, encoding="utf-16")
    result = cli("estimate", str(utf16))
    assert result.returncode == 2
    assert f"{utf16}: the file is UTF-16; save it as UTF-8" in result.stderr


def test_a_number_beyond_the_decimal_range_names_its_path(tmp_path: pathlib.Path):
    scenario = tmp_path / "huge.json"
    scenario.write_text('{"schema": "costmodel/scenario/v1", "name": "t", "workloads": ['
                        '{"name": "f", "service": "fixed", "monthly_cost": 1e309}]}')
    result = cli("estimate", str(scenario))
    assert result.returncode == 2
    assert f"{scenario}: workloads[0].monthly_cost: number 1e309 is beyond the Decimal range" in result.stderr
    assert "json.exception" not in result.stderr


def test_a_key_given_twice_exits_2_naming_the_path(tmp_path: pathlib.Path):
    scenario = tmp_path / "twice.json"
    scenario.write_text('{"schema": "costmodel/scenario/v1", "name": "t", "workloads": ['
                        '{"name": "f", "service": "fixed", "monthly_cost": 1, "monthly_cost": 2}]}')
    result = cli("estimate", str(scenario))
    assert result.returncode == 2
    assert f"{scenario}: workloads[0].monthly_cost: duplicate key" in result.stderr


def test_audit_verdict_is_wrong_when_the_difference_shows_as_a_cent(tmp_path: pathlib.Path):
    # The verdict reads the difference as the table prints it (half-even to cents): 0.0049 under shows
    # as 0.00 (ok); 0.0099 under shows as -0.01 and is WRONG, as is a stated figure exactly one cent
    # off (1.00 stated, 0.99 computed).
    scenario = tmp_path / "audit.json"
    scenario.write_text(json.dumps({
        "schema": "costmodel/scenario/v1", "name": "t",
        "workloads": [{"name": "a", "service": "fixed", "monthly_cost": "1.0049"},
                      {"name": "b", "service": "fixed", "monthly_cost": "1.0099"},
                      {"name": "c", "service": "fixed", "monthly_cost": "0.99"},
                      {"name": "d", "service": "fixed", "monthly_cost": "1.01"}],
        "stated": {"lines": {"a": "1.00", "b": "1.00", "c": "1.00", "d": "1.00"}}}))
    result = cli("estimate", str(scenario))
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[-7:] if line[:2] in ("a ", "b ", "c ", "d ")}
    assert rows["a"][1:] == ["1.00", "1.00", "0.00", "ok"]
    assert rows["b"][1:] == ["1.00", "1.01", "-0.01", "WRONG"]
    assert rows["c"][1:] == ["1.00", "0.99", "0.01", "WRONG"]
    assert rows["d"][1:] == ["1.00", "1.01", "-0.01", "WRONG"]
    assert "3 of 4 stated figures differ from the computed ones by a cent or more." in result.stdout


def test_usage_errors_exit_2():
    assert cli("estimate").returncode == 2
    assert cli("estimate", str(EXAMPLE), "--format", "xml").returncode == 2

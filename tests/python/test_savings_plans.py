"""costmodel.apply_savings_plans and `costmodel savings-plans`: the contract's example through the
command line, Python and C++ (tests/cpp/print_savings_plans.cpp), a series by hand, errors, and a
property test against a plain implementation of AWS's rules written here with Python's decimal."""

from __future__ import annotations

import decimal
import json
import os
import pathlib
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "commitments"
CONTRACT = DATA / "contract-example.json"
THREE_HOURS = DATA / "three-hours.json"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def print_tool() -> pathlib.Path | None:
    found = []
    for build in ("cpp", "asan"):
        candidate = ROOT / "build" / build / "tests" / "cpp" / "costmodel_print_savings_plans"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            found.append(candidate)
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


# ---- the contract's example -------------------------------------------------------------------------


def test_contract_example_by_hand() -> None:
    result = costmodel.apply_savings_plans(CONTRACT)
    t = result.totals
    # RI 2 of 4 r5; sp-ec2 covers 2 x 0.60 = 1.20 (unused 1.80); sp-compute 1600 x 0.003 = 4.80 (unused 12.00).
    assert result.plans.column("used") == [Decimal("1.2"), Decimal("4.8")]
    assert result.plans.column("unused") == [Decimal("1.8"), Decimal("12")]
    assert result.usage.column("reserved_units") == [Decimal("2"), Decimal("0")]
    assert result.covered.column("plan") == ["sp-ec2", "sp-compute"]
    # 4 x 1.00 + 1600 x 0.004 = 10.40 on demand; 3.00 + 16.80 = 19.80 committed; nothing left on demand.
    assert (t.on_demand_equivalent, t.on_demand_charges, t.commitment_charges) == (Decimal("10.4"), 0, Decimal("19.8"))
    assert (t.total, t.savings, t.reserved_charges) == (Decimal("19.8"), Decimal("-9.4"), None)
    assert t.utilization == Decimal("0.303030303")   # 6.00 / 19.80
    assert t.coverage == Decimal("0.8076923077")     # 8.40 / 10.40
    assert "total 19.8" in repr(result)


def test_same_document_from_cli_python_and_cpp() -> None:
    run = cli("savings-plans", str(CONTRACT), "--format", "json")
    assert run.returncode == 0, run.stderr
    from_cli = json.loads(run.stdout)
    from_python = costmodel.apply_savings_plans(CONTRACT).to_dict()
    with CONTRACT.open(encoding="utf-8") as f:
        from_dict = costmodel.apply_savings_plans(json.load(f)).to_dict()
    assert json.dumps(from_cli) == json.dumps(from_python) == json.dumps(from_dict)
    assert from_cli["usage"][0]["covered"] == [{"plan": "sp-ec2", "units": "2", "cost": "1.2"}]
    assert from_cli["totals"]["total"] == "19.8"
    tool = print_tool()
    if tool is None:
        pytest.skip("costmodel_print_savings_plans is not built (cmake --build build/cpp builds it)")
    cpp = subprocess.run([str(tool), str(CONTRACT)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert cpp.returncode == 0, cpp.stderr
    assert json.dumps(json.loads(cpp.stdout)) == json.dumps(from_cli)


def test_cli_table() -> None:
    run = cli("savings-plans", str(CONTRACT))
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.startswith("Savings Plans over 1 hour\n")
    assert "sp-ec2 2" in out and "sp-compute 1600" in out
    assert "total" in out and "19.80" in out and "-9.40" in out
    assert "Utilization 30.3%, coverage 80.8%" in out


# ---- a series by hand -------------------------------------------------------------------------------


def test_three_hours_by_hand() -> None:
    result = costmodel.apply_savings_plans(THREE_HOURS, detail="lines")
    h0, h1, h2 = (result.hour_totals(h) for h in range(3))
    # Hour 0: the RI takes 1 of 4 m5; m5-east (0.24) buys 0.24 / 0.12 = 2; the Compute plan covers the last
    # m5 at 0.134 and 36,000 GB-s at 0.000014 = 0.504: 0.638 of 1.00. Total 1.24 + RI 0.121 = 1.361.
    assert h0.on_demand_charges == 0
    assert h0.commitment_used == Decimal("0.878")
    assert h0.total == Decimal("1.361")
    assert h0.on_demand_equivalent == Decimal("1.3680012")  # 4 x 0.192 + 36,000 x 0.0000166667
    assert h0.utilization == Decimal("0.7080645161")        # 0.878 / 1.24
    # Hour 1: 2 m5, 1 reserved, 1 by m5-east (0.12); the Compute plan is paid and unused.
    assert (h1.commitment_used, h1.total, h1.savings) == (Decimal("0.12"), Decimal("1.361"), Decimal("-0.977"))
    # Hour 2: nothing runs; the commitments and the RI are paid all the same.
    assert (h2.total, h2.utilization, h2.coverage) == (Decimal("1.361"), Decimal("0"), None)
    t = result.totals
    assert (t.total, t.reserved_charges, t.commitment_used) == (Decimal("4.083"), Decimal("0.363"), Decimal("0.998"))
    assert t.savings == Decimal("-2.3309988")
    assert result.hours.column("label") == ["2025-01-01T00:00Z", "2025-01-01T01:00Z", "2025-01-01T02:00Z"]
    assert result.usage_lines.num_rows == 6
    document = result.to_dict()
    assert [h["hour"] for h in document["hours"]] == [0, 1, 2]
    assert document["hours"][1]["usage"][0]["covered"] == [{"plan": "m5-east", "units": "1", "cost": "0.12"}]
    # The tables reach pandas as exact decimals.
    frame = result.hours.to_pandas()
    assert list(frame["total"]) == [Decimal("1.361")] * 3


# ---- errors -----------------------------------------------------------------------------------------


def contract_dict() -> dict[str, Any]:
    with CONTRACT.open(encoding="utf-8") as f:
        return json.load(f)


def test_errors_name_source_path_and_value() -> None:
    document = contract_dict()
    document["savings_plans"][1]["type"] = "compte"
    with pytest.raises(costmodel.InputError) as caught:
        costmodel.apply_savings_plans(document)
    error = caught.value
    assert (error.source, error.path, error.value) == ("<savings plans dict>", "savings_plans[1].type", '"compte"')
    assert 'did you mean "compute"?' in error.message

    document = contract_dict()
    document["reserved_instances"][0]["usage"] = "r6"
    with pytest.raises(costmodel.InputError, match=r'reserved_instances\[0\]\.usage: no usage with id "r6" \(did you mean "r5"\?\)'):
        costmodel.apply_savings_plans(document)

    document = contract_dict()
    document["usage"][0]["rates"]["ec2_instance"] = Decimal("1.01")
    with pytest.raises(costmodel.InputError, match=r"usage\[0\]\.rates\.ec2_instance: the ec2_instance rate 1.01 is above"):
        costmodel.apply_savings_plans(document)

    document = contract_dict()
    document["usage"][1]["quantity"] = 0.1
    with pytest.raises(TypeError, match=r"usage\[1\]\.quantity: float 0.1 is not accepted"):
        costmodel.apply_savings_plans(document)


def test_cli_errors_exit_2(tmp_path: pathlib.Path) -> None:
    document = contract_dict()
    document["savings_plans"][0]["commitment_per_hour"] = "-3"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    run = cli("savings-plans", str(path))
    assert run.returncode == 2
    assert run.stderr == f"costmodel: error: {path}: savings_plans[0].commitment_per_hour: expected a number >= 0, got -3\n"
    missing = cli("savings-plans", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and missing.stderr.startswith("costmodel: error: ")


# ---- property: the same figures as a plain decimal implementation -----------------------------------

SCALE = Decimal("1E-10")
WIDE = decimal.Context(prec=120, rounding=decimal.ROUND_HALF_EVEN)


def q10(value: Decimal) -> Decimal:
    return value.quantize(SCALE, rounding=decimal.ROUND_HALF_EVEN, context=WIDE)


def reference(document: dict[str, Any]) -> dict[str, Any]:
    """AWS's rules, written plainly: exact decimal arithmetic, figures rounded once when reported."""
    usage = document["usage"]
    hours = [{u["id"]: Decimal(u["quantity"]) for u in h["usage"]} for h in document["hours"]]
    od = {u["id"]: Decimal(u["on_demand_rate"]) for u in usage}
    reserved = {r["usage"]: Decimal(r["units"]) for r in document.get("reserved_instances", [])}
    plans = document.get("savings_plans", [])
    ordered = [p for p in plans if p["type"] == "ec2_instance"] + [p for p in plans if p["type"] == "compute"]

    def eligible(plan: dict[str, Any]) -> list[tuple[str, Decimal]]:
        out = []
        for index, u in enumerate(usage):
            rates = u.get("rates", {})
            if plan["type"] == "compute" and "compute" in rates:
                out.append((index, u["id"], Decimal(rates["compute"])))
            if (plan["type"] == "ec2_instance" and "ec2_instance" in rates and u.get("family") == plan["family"]
                    and u.get("region") == plan["region"]):
                out.append((index, u["id"], Decimal(rates["ec2_instance"])))
        # Highest savings percentage = lowest rate / on-demand; then the lower rate; then input order.
        out.sort(key=lambda e: (Fraction(e[2]) / Fraction(od[e[1]]), e[2], e[0]))
        return [(i, r) for _, i, r in out]

    orders = {p["id"]: eligible(p) for p in ordered}
    total_used = Decimal(0)
    total_commit = Decimal(0)
    total_equiv = Decimal(0)
    total_od = Decimal(0)
    total_cov_equiv = Decimal(0)
    per_usage_cost = {u["id"]: Decimal(0) for u in usage}
    per_usage_od_units = {u["id"]: Decimal(0) for u in usage}
    per_plan_used = {p["id"]: Decimal(0) for p in plans}
    hour_totals = []
    with decimal.localcontext(WIDE):
        ri_charge = sum((Decimal(r["units"]) * Decimal(r["rate"]) for r in document.get("reserved_instances", [])
                         if "rate" in r), Decimal(0))
        for quantities in hours:
            left = {}
            for u in usage:
                q = quantities.get(u["id"], Decimal(0))
                left[u["id"]] = q - min(q, reserved.get(u["id"], Decimal(0)))
            covered = {u["id"]: Decimal(0) for u in usage}
            hour_used = Decimal(0)
            for plan in ordered:
                remaining = Decimal(plan["commitment_per_hour"])
                for uid, rate in orders[plan["id"]]:
                    if remaining == 0:
                        break
                    if left[uid] == 0:
                        continue
                    cost = left[uid] * rate
                    if cost <= remaining:
                        units = left[uid]
                    else:
                        units = q10(remaining / rate)
                        cost = remaining
                    remaining -= cost
                    left[uid] -= units
                    covered[uid] += units
                    per_usage_cost[uid] += cost
                used = Decimal(plan["commitment_per_hour"]) - remaining
                per_plan_used[plan["id"]] += used
                hour_used += used
            commit = sum((Decimal(p["commitment_per_hour"]) for p in plans), Decimal(0))
            equiv = sum((quantities.get(u["id"], Decimal(0)) * od[u["id"]] for u in usage), Decimal(0))
            on_demand = sum((left[u["id"]] * od[u["id"]] for u in usage), Decimal(0))
            cov_equiv = sum((covered[u["id"]] * od[u["id"]] for u in usage), Decimal(0))
            for u in usage:
                per_usage_od_units[u["id"]] += left[u["id"]]
            total = on_demand + commit + ri_charge
            hour_totals.append({
                "total": q10(total), "savings": q10(equiv - total), "used": q10(hour_used),
                "utilization": q10(hour_used / commit) if commit else None,
                "coverage": q10(cov_equiv / equiv) if equiv else None,
            })
            total_used += hour_used
            total_commit += commit
            total_equiv += equiv
            total_od += on_demand
            total_cov_equiv += cov_equiv
        total = total_od + total_commit + ri_charge * len(hours)
        return {
            "hours": hour_totals,
            "on_demand_equivalent": q10(total_equiv),
            "on_demand_charges": q10(total_od),
            "total": q10(total),
            "savings": q10(total_equiv - total),
            "used": q10(total_used),
            "utilization": q10(total_used / total_commit) if total_commit else None,
            "coverage": q10(total_cov_equiv / total_equiv) if total_equiv else None,
            "covered_cost": [q10(per_usage_cost[u["id"]]) for u in usage],
            "on_demand_units": [per_usage_od_units[u["id"]] for u in usage],
            "plan_used": [q10(per_plan_used[p["id"]]) for p in plans],
        }


def units(max_units: int, min_units: int = 0) -> st.SearchStrategy[Decimal]:
    return st.integers(min_units, max_units).map(lambda n: Decimal(n).scaleb(-10))


# Quantities of 10^9 (10^19 units, past 2^63) take the 128-bit walk with full 128-bit products; the rest
# its 64-bit-operand form. A few rates, so that equal percentages and equal rates (the tie-breaks) come up often.
FEW_RATES = st.sampled_from([Decimal("1"), Decimal("2"), Decimal("0.5"), Decimal("0.25"), Decimal("0.0000166667")])


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 5))
    usage = []
    for i in range(n):
        od = draw(st.one_of(FEW_RATES, units(10**12, 1)))
        line: dict[str, Any] = {"id": f"u{i}", "on_demand_rate": str(od)}
        rates = {}
        for kind in ("compute", "ec2_instance"):
            if draw(st.booleans()):
                fraction = draw(st.sampled_from([Fraction(1, 2), Fraction(1, 4), Fraction(3, 5), Fraction(1)]) | st.fractions(0, 1))
                rate = max(Decimal(1).scaleb(-10), q10(Decimal(fraction.numerator) / Decimal(fraction.denominator) * od))
                rates[kind] = str(min(rate, od))
        if rates:
            line["rates"] = rates
        if "ec2_instance" in rates:
            line["family"] = draw(st.sampled_from(["m5", "r5"]))
            line["region"] = draw(st.sampled_from(["us-east-1", "eu-west-1"]))
        usage.append(line)
    hour_count = draw(st.integers(1, 4))
    hours = [{"usage": [{"id": u["id"], "quantity": str(draw(st.one_of(units(10**12), st.sampled_from([Decimal(0), Decimal(3), Decimal(10**9)])))) }
                        for u in usage]} for _ in range(hour_count)]
    reserved = []
    for u in usage:
        if draw(st.integers(0, 3)) == 0:
            ri: dict[str, Any] = {"usage": u["id"], "units": str(draw(units(10**11)))}
            if draw(st.booleans()):
                ri["rate"] = str(draw(units(10**10)))
            reserved.append(ri)
    plans = []
    ec2_targets = [(u["family"], u["region"]) for u in usage if "family" in u]
    for k in range(draw(st.integers(0, 3))):
        commitment = str(draw(st.one_of(units(10**11), st.sampled_from([Decimal(0), Decimal("0.5")]))))
        if ec2_targets and draw(st.booleans()):
            family, region = draw(st.sampled_from(ec2_targets))
            plans.append({"id": f"p{k}", "type": "ec2_instance", "family": family, "region": region,
                          "commitment_per_hour": commitment})
        else:
            plans.append({"id": f"p{k}", "type": "compute", "commitment_per_hour": commitment})
    return {"schema": "costmodel/commitments/v1", "usage": usage, "hours": hours,
            "reserved_instances": reserved, "savings_plans": plans}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_matches_a_plain_decimal_implementation(document: dict[str, Any]) -> None:
    expected = reference(document)
    result = costmodel.apply_savings_plans(document)
    t = result.totals
    assert t.on_demand_equivalent == expected["on_demand_equivalent"]
    assert t.on_demand_charges == expected["on_demand_charges"]
    assert t.total == expected["total"]
    assert t.savings == expected["savings"]
    assert t.commitment_used == expected["used"]
    assert t.utilization == expected["utilization"]
    assert t.coverage == expected["coverage"]
    assert result.usage.column("covered_cost") == expected["covered_cost"]
    assert result.usage.column("on_demand_units") == expected["on_demand_units"]
    assert result.plans.column("used") == expected["plan_used"]
    for h, hour in enumerate(expected["hours"]):
        got = result.hour_totals(h)
        assert (got.total, got.savings, got.commitment_used) == (hour["total"], hour["savings"], hour["used"])
        assert (got.utilization, got.coverage) == (hour["utilization"], hour["coverage"])
    # The lines detail gives the same sums, and its rows add up to them (units are exact at scale 10).
    lines = costmodel.apply_savings_plans(document, detail="lines")
    assert lines.totals == t
    assert lines.usage == result.usage
    for column in ("quantity", "reserved_units", "covered_units", "on_demand_units"):
        per_usage: dict[str, Decimal] = {}
        for u, value in zip(lines.usage_lines.column("usage"), lines.usage_lines.column(column)):
            per_usage[u] = per_usage.get(u, Decimal(0)) + value
        assert [per_usage[u] for u in result.usage.column("usage")] == result.usage.column(column)


def test_docstring_example() -> None:
    import doctest

    import costmodel._commitments

    failures, tried = doctest.testmod(costmodel._commitments, raise_on_error=False, verbose=False)
    assert tried > 0
    assert failures == 0

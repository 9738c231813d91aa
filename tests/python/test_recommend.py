"""The Savings Plan recommendation from Python and the CLI: a series sized by hand, the curve against
the exact mechanism's figures, a flat and an empty series, a scenario, the result object and each
bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import costmodel

ROOT = Path(__file__).resolve().parents[2]


def hourly(quantities: list[str], rate: str = "0.75") -> dict[str, Any]:
    return {
        "schema": "costmodel/commitments/v1",
        "usage": [{"id": "u", "on_demand_rate": "1", "rates": {"compute": rate}}],
        "hours": [{"usage": [{"id": "u", "quantity": q}]} for q in quantities],
    }


HAND = hourly(["1"] * 5 + ["3"] * 5)


def test_five_low_and_five_high_hours_at_25_percent_off() -> None:
    r = costmodel.recommend_savings_plan(HAND)
    # A unit covered costs 0.75 and saves 1.00 in each hour it is used. The first 0.75 per hour is used
    # in all 10 hours (10 × 0.75 paid, 10 × 1.00 saved); more is used in only 5 (10 × 0.75 paid for
    # 5 × 1.00): the optimum is 0.75, 7.50 committed + 5 × 2 on demand = 17.50 against 20.00.
    assert r.best["commitment_per_hour"] == D("0.75")
    assert r.best["total"] == D("17.5")
    assert r.best["on_demand_total"] == D("20")
    assert r.best["savings"] == D("2.5") and r.best["savings_percent"] == D("12.5")
    assert r.best["utilization"] == D("1") and r.best["coverage"] == D("0.5")
    # Back at 20.00 at 1.50 per hour, where 11.25 of 15.00 is used: 75% = 1 − 25%.
    assert r.break_even_utilization == pytest.approx(0.75, abs=1e-9)
    assert r.estimates["break_even_commitment"] == pytest.approx(1.5, abs=1e-9)
    assert r.hours == 10 and r.eligible_usage == 1 and r.step == D("0.001")


def test_the_best_equals_an_exact_evaluation_and_the_curve_tracks_it() -> None:
    # The exact total at a commitment c, by hand: each hour pays c and, on demand, what c does not cover.
    def exact_total(c: D, quantities: list[D]) -> D:
        return sum((c + max(D(0), q - c / D("0.75")) for q in quantities), D(0))

    quantities = [D(q) for q in ["1"] * 5 + ["3"] * 5]
    r = costmodel.recommend_savings_plan(HAND, points=50)
    assert r.best["total"] == exact_total(r.best["commitment_per_hour"], quantities)
    for c, total in zip(r.curve.column("commitment"), r.curve.column("total")):
        assert abs(total - exact_total(c, quantities)) < D("0.000002")
    assert r.curve.column_names == ["commitment", "total", "on_demand", "unused", "savings"]
    assert r.curve.column_type("total") == "decimal"


def test_a_flat_series_is_covered_in_full_and_no_usage_commits_nothing() -> None:
    flat = costmodel.recommend_savings_plan(hourly(["2"] * 24, rate="0.6"))
    assert flat.best["commitment_per_hour"] == D("1.2")  # 2 units × 0.60
    assert flat.best["total"] == D("28.8") and flat.best["coverage"] == D("1")
    assert flat.break_even_utilization == pytest.approx(0.6, abs=1e-9)  # 1 − 40%
    none = costmodel.recommend_savings_plan(hourly(["0"] * 6))
    assert none.best["commitment_per_hour"] == 0 and none.best["total"] == 0
    assert none.break_even_utilization is None


def test_a_scenario_recommendation_is_what_its_estimate_costs() -> None:
    workloads = [
        {"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2, "schedule": "business_hours"},
        {"name": "base", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 1},
        {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 720},
    ]
    scenario = {"schema": "costmodel/scenario/v1", "name": "fleet", "hours_per_month": 720, "workloads": workloads}
    discounts = {"ec2": "20", "fargate": "20"}
    r = costmodel.recommend_savings_plan(costmodel.Scenario(scenario), discounts=discounts)
    # Always-on base 0.096 × 0.8 + Fargate 0.04048 × 0.8 + 2 × 0.004445 × 0.8 = 0.116296 per hour.
    assert r.best["commitment_per_hour"] == D("0.116")
    plan = {"id": "sp", "type": "compute", "commitment_per_hour": str(r.best["commitment_per_hour"]), "discounts": discounts}
    e = costmodel.estimate({**scenario, "savings_plans": [plan]})
    assert e.commitments is not None and e.commitments["total"] == r.best["total"]


def test_estimate_commitments_section() -> None:
    scenario = {"schema": "costmodel/scenario/v1", "name": "f", "workloads": [
        {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730}],
        "savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": "1", "discounts": {"fargate": "20"}}]}
    c = costmodel.estimate(scenario).commitments
    assert c is not None
    # 730 h × 1.00 committed; 730 × (0.04048 + 2 × 0.004445) × 0.8 = 28.83208 of it used.
    assert c["plans"][0]["commitment"] == D("730") and c["plans"][0]["used"] == D("28.83208")
    assert c["total"] == D("730") and c["flat_difference"] == 0
    plain = {k: v for k, v in scenario.items() if k != "savings_plans"}
    assert costmodel.estimate(plain).commitments is None


def test_to_dict_and_plot() -> None:
    r = costmodel.recommend_savings_plan(HAND, points=20)
    d = r.to_dict()
    assert d["best"]["commitment_per_hour"] == "0.75" and d["best"]["total"] == "17.5"
    assert len(d["curve"]) == r.curve.num_rows
    json.dumps(d)
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ax = r.plot()
    assert ax.get_xlabel() == "commitment per hour"
    assert len(ax.lines) == 3  # the curve, the no-plan line, the optimum


@pytest.mark.parametrize(
    ("source", "kwargs", "message"),
    [
        (HAND, {"step": "0"}, "<recommend_savings_plan arguments>: step: the step must be greater than 0"),
        (HAND, {"points": 1}, "<recommend_savings_plan arguments>: points: the curve needs 2 to 100000 points"),
        (HAND, {"plan_type": "compte"}, 'plan_type: unknown plan type; expected compute or ec2_instance (did you mean "compute"?)'),
        (HAND, {"term": "3yrs"}, '<recommendation dict>: term: unknown value; expected one of 1yr, 3yr (did you mean "3yr"?)'),
        (HAND, {"plan_type": "ec2_instance"}, "<recommendation dict>: plan_type: no usage has an ec2_instance rate"),
        (HAND, {"family": "m5"}, "<recommendation dict>: family: a family and region apply to ec2_instance plans only"),
        ({**HAND, "hours": []}, {}, "hours"),
    ],
)
def test_bad_inputs_are_input_errors(source: dict[str, Any], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(costmodel.InputError) as caught:
        costmodel.recommend_savings_plan(source, **kwargs)
    assert message in str(caught.value)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_table_and_json(tmp_path: Path) -> None:
    path = tmp_path / "usage.json"
    path.write_text(json.dumps(HAND))
    table = cli("recommend", str(path))
    assert table.returncode == 0, table.stderr
    assert "0.75" in table.stdout and "17.5" in table.stdout and "break-even" in table.stdout
    out = cli("recommend", str(path), "--format", "json", "--step", "0.01")
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["best"]["commitment_per_hour"] == "0.75" and document["step"] == "0.01"
    bad = cli("recommend", str(path), "--step", "-1")
    assert bad.returncode == 2 and "step: the step must be greater than 0" in bad.stderr

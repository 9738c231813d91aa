"""estimate_many and Scenario.sweep: many estimates in one call equal the same estimates one by one,
whatever the number of threads; a sweep's variant i is the scenario with row i's parameter values."""

from __future__ import annotations

import copy
import json
import pathlib
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = sorted(ROOT.glob("examples/*.json"))

PARAMETRIC = {
    "schema": "costmodel/scenario/v1",
    "name": "scaling",
    "parameters": {"users": 1000},
    "users": "=users",
    "workloads": [
        # 30 invocations a user of 100 ms at 128 MB; 2 KB of S3 a user.
        {"name": "api", "service": "lambda", "invocations_per_month": "=users * 30", "duration_ms": 100},
        {"name": "data", "service": "s3", "storage_gb": "=users * 2 / 1024 / 1024"},
        {"name": "base", "service": "fixed", "monthly_cost": "12.50"},
    ],
}


def _assert_each_variant_is_its_estimate(batch: costmodel.EstimateBatch, scenarios: list[costmodel.Scenario]) -> pa.Table:
    """Variant by variant, the batch's total and lines are the scenario's own estimate's; the lines."""
    lines = pa.table(batch.lines)
    for variant, scenario in enumerate(scenarios):
        single = costmodel.estimate(scenario)
        assert batch.total(variant) == single.total
        mine = lines.filter(pc.equal(lines["variant"], variant)).drop_columns(["variant"])
        assert mine.to_pylist() == pa.table(single.lines).to_pylist()
    return lines


def test_estimate_many_equals_one_by_one() -> None:
    scenarios = [costmodel.Scenario(p) for p in EXAMPLES] * 2
    batch = costmodel.estimate_many(scenarios, threads=2)
    assert len(batch) == len(scenarios)
    _assert_each_variant_is_its_estimate(batch, scenarios)
    assert batch.totals.column("scenario")[: len(EXAMPLES)] == [costmodel.Scenario(p).name for p in EXAMPLES]


def test_threads_do_not_change_the_result() -> None:
    scenarios = [costmodel.Scenario(p) for p in EXAMPLES] * 5
    one = costmodel.estimate_many(scenarios, threads=1)
    two = costmodel.estimate_many(scenarios, threads=2)
    assert one.lines == two.lines
    assert one.totals == two.totals
    assert one.services == two.services


def test_sweep_variant_is_the_scenario_with_its_values() -> None:
    scenario = costmodel.Scenario(PARAMETRIC)
    assert scenario.parameters == {"users": Decimal(1000)}
    users = [100_000, 1_000_000, 10_000_000, 60_000_000]
    result = scenario.sweep({"users": users})
    assert len(result) == 4
    assert result.parameters == {"users": [Decimal(u) for u in users]}
    for i, u in enumerate(users):
        document = copy.deepcopy(PARAMETRIC)
        document["parameters"]["users"] = u
        single = costmodel.estimate(document)
        assert result.total(i) == single.total
        assert result.rows()[i]["cost_per_user"] == single.cost_per_user
    # By hand at 100,000 users: 3M requests × 0.0000002 = 0.60; 3M × 0.1 s × 0.125 GB = 37,500 GB-s ×
    # 0.0000166667 = 0.6250012500; 0.19073486328125 GB rounds to 0.1907348633 GB-month × 0.023 =
    # 0.0043869019 (half-even to 10 places); plus 12.50.
    assert result.total(0) == Decimal("0.60") + Decimal("0.6250012500") + Decimal("0.0043869019") + Decimal("12.50")
    frame = result.to_pandas()
    assert list(frame["users"]) == ["100000", "1000000", "10000000", "60000000"]


def test_sweep_on_threads_equals_one_thread() -> None:
    scenario = costmodel.Scenario(PARAMETRIC)
    values = {"users": list(range(1000, 201000, 1000))}
    assert scenario.sweep(values, threads=1).totals == scenario.sweep(values, threads=2).totals


def test_sweep_errors() -> None:
    scenario = costmodel.Scenario(PARAMETRIC)
    with pytest.raises(costmodel.InputError, match=r'no parameter named "userz" \(declared: users\)'):
        scenario.sweep({"userz": [1]})
    with pytest.raises(ValueError, match="the same number of values"):
        scenario.sweep({"users": [1, 2], "other": [1]})
    with pytest.raises(ValueError, match="threads must be a positive int"):
        scenario.sweep({"users": [1]}, threads=0)
    with pytest.raises(costmodel.InputError) as error:
        scenario.sweep({"users": [10, -5]})
    assert "[variant 1]" in error.value.source
    with pytest.raises(costmodel.InputError, match="is allowed only where the scenario declares parameters"):
        costmodel.estimate({"schema": "costmodel/scenario/v1", "name": "x",
                            "workloads": [{"name": "f", "service": "fixed", "monthly_cost": "=users"}]})


def test_lines_reach_arrow_as_decimal128() -> None:
    e = costmodel.estimate(ROOT / "examples" / "100k-users.json")
    schema = pa.table(e.lines).schema
    for name in ("quantity", "unit_price", "cost", "list_unit_price", "list_cost"):
        assert schema.field(name).type == pa.decimal128(38, 10)
    frame = e.to_pandas()
    assert str(frame["cost"].dtype) == "decimal128(38, 10)[pyarrow]"
    assert sum(frame["cost"]) == e.total
    assert [line.cost for line in e.lines] == e.lines.column("cost")
    assert e.lines[0].workload == e.to_dict()["lines"][0]["workload"]


def test_a_misspelt_key_names_its_path() -> None:
    document = copy.deepcopy(PARAMETRIC)
    document["workloads"][0]["memry_mb"] = 512
    with pytest.raises(costmodel.InputError) as error:
        costmodel.estimate(document)
    assert error.value.path == "workloads[0].memry_mb"
    assert error.value.value == "512"


def test_sweep_plot_draws_totals_stated_figures_and_cost_per_user() -> None:
    import matplotlib

    matplotlib.use("Agg")
    sweep = costmodel.Scenario(PARAMETRIC).sweep({"users": [100_000, 1_000_000, 60_000_000]})
    ax = sweep.plot(stated=["1", "2", "3"])
    assert ax.get_xscale() == "log"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["total (USD per month)", "stated", "cost per user (USD, right)"]
    assert list(ax.lines[0].get_xdata()) == [100_000.0, 1_000_000.0, 60_000_000.0]


@pytest.mark.parametrize("indent", [0, 2, 4])
def test_to_json_is_json_dumps_of_the_document_byte_for_byte(indent: int) -> None:
    # The C++ writer with ASCII escapes must give exactly what json.dumps gives: quotes, controls,
    # DEL, accents, a character beyond U+FFFF (a surrogate pair) in names and notes.
    name = 'q"b\\s\t\x01\x7f é ü € 😀'
    e = costmodel.estimate({"schema": "costmodel/scenario/v1", "name": name, "users": 3, "stated": {"total": "1.50"},
                            "workloads": [{"name": name, "service": "fixed", "monthly_cost": "1.5"},
                                          {"name": "f", "service": "lambda", "invocations_per_month": 3, "duration_ms": 1}]})
    assert e.to_json(indent) == json.dumps(e.to_dict(), indent=indent)
    for path in EXAMPLES:
        example = costmodel.estimate(path)
        assert example.to_json(indent) == json.dumps(example.to_dict(), indent=indent)


def _fleet(commitment: str) -> dict:  # type: ignore[type-arg]
    # Fargate 1 vCPU / 2 GB always on, Lambda 1,200,000 GB-s; a Compute plan of `commitment` per hour.
    return {
        "schema": "costmodel/scenario/v1",
        "name": f"fleet at {commitment}/h",
        "workloads": [
            {"name": "api", "service": "lambda", "invocations_per_month": 10_000_000, "duration_ms": 120, "memory_mb": 1024},
            {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730},
        ],
        "savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": commitment,
                           "discounts": {"fargate": "20", "lambda": "12"}}],
    }


def test_estimate_many_applies_each_variants_commitments() -> None:
    plain = costmodel.Scenario(EXAMPLES[0])
    scenarios = [costmodel.Scenario(_fleet("1.00")), plain, costmodel.Scenario(_fleet("0.03")), costmodel.Scenario(_fleet("0"))]
    batch = costmodel.estimate_many(scenarios, threads=2)
    lines = _assert_each_variant_is_its_estimate(batch, scenarios)
    commitments = pa.table(batch.commitments).to_pylist()
    assert [row["variant"] for row in commitments] == [0, 2, 3]
    for row in commitments:
        single = costmodel.estimate(scenarios[row["variant"]]).to_dict()["commitments"]
        assert row["hours"] == 730
        assert row["total"] == Decimal(single["total"])
        assert row["savings"] == Decimal(single["savings"])
    # The 1.00/h plan covers all the eligible usage: what it and the lines cost is the commitment, 730 × 1.00.
    assert commitments[0]["total"] == Decimal("730")
    # A plan of 1.00 an hour is more than the usage: an unused-commitment line, and the variant costs
    # more than the same fleet with no plan (the 0/h variant, which is all on demand).
    assert batch.total(0) > batch.total(3)
    unused = lines.filter(pc.and_(pc.equal(lines["variant"], 0), pc.equal(lines["service"], "savings_plans")))
    assert unused.num_rows >= 1


def test_sweep_over_the_commitment_per_hour_and_reserved_units() -> None:
    document = {
        "schema": "costmodel/scenario/v1", "name": "levels", "parameters": {"c": "0.03", "ri": 1},
        "workloads": [{"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730},
                      {"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2}],
        "savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": "=c", "discounts": {"fargate": "20"}}],
        "reserved_instances": [{"workload": "web", "units": "=ri", "hourly_rate": "0.06"}],
    }
    levels = ["0", "0.01", "0.03", "0.05"]
    result = costmodel.Scenario(document).sweep({"c": levels, "ri": [1, 1, 2, 2]})
    for i, c in enumerate(levels):
        single = copy.deepcopy(document)
        single["parameters"] = {"c": c, "ri": [1, 1, 2, 2][i]}
        assert result.total(i) == costmodel.estimate(single).total
    # By hand at c = 0.05 and both instances reserved: the plan is more than the Fargate task costs at
    # 20 % off (36.0401 × 0.8 = 28.83208 < 36.50), so the Fargate part is the commitment, 730 × 0.05;
    # the instances are 2 × 730 × 0.06 = 87.60.
    assert result.total(3) == Decimal("36.50") + Decimal("87.60")
    assert [row["variant"] for row in pa.table(result.commitments).to_pylist()] == [0, 1, 2, 3]


def test_commitment_expressions_errors_name_the_variant_and_path() -> None:
    document = {
        "schema": "costmodel/scenario/v1", "name": "levels", "parameters": {"ri": 1},
        "workloads": [{"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2}],
        "reserved_instances": [{"workload": "web", "units": "=ri", "hourly_rate": "0.06"}],
    }
    with pytest.raises(costmodel.InputError, match=r"\[variant 1\]: reserved_instances\[0\]\.units: expected a number of instances > 0, got 0"):
        costmodel.Scenario(document).sweep({"ri": [1, 0]})
    undeclared = copy.deepcopy(document)
    undeclared["reserved_instances"][0]["units"] = "=count"
    with pytest.raises(costmodel.InputError, match=r"reserved_instances\[0\]\.units"):
        costmodel.Scenario(undeclared)

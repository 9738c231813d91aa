"""costmodel.estimate from Python: inputs (dict, str path, pathlib.Path, JSON text), exact Decimal results,
tables, charts, and errors.

Prices (built-in catalog): Lambda requests $0.0000002, x86 duration $0.0000166667 per GB-second; ECR
$0.10 per GB-month; Fargate x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour.
"""

from __future__ import annotations

import json
import pathlib
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "data" / "scenarios"
EXAMPLE = ROOT / "examples" / "100k-users.json"
TEN_PLACES = Decimal("1e-10")


def scenario(*workloads: dict, **settings) -> dict:
    return {"schema": "costmodel/scenario/v1", "name": "test", **settings, "workloads": list(workloads)}


LAMBDA = {"name": "api", "service": "lambda", "invocations_per_month": 1000000, "duration_ms": 100, "memory_mb": 1024}


def test_estimate_from_a_dict_is_exact():
    # 1,000,000 requests × 0.0000002 = 0.2; 100,000 GB-s × 0.0000166667 = 1.66667.
    est = costmodel.estimate(scenario(LAMBDA))
    assert est.total == Decimal("1.86667")
    assert isinstance(est.total, Decimal)
    assert est.services == {"lambda": Decimal("1.86667")}
    assert [(line.component, line.quantity, line.unit_price, line.cost) for line in est.lines] == [
        ("requests", Decimal("1000000"), Decimal("0.0000002"), Decimal("0.2")),
        ("duration (tier 1)", Decimal("100000"), Decimal("0.0000166667"), Decimal("1.66667")),
    ]
    for line in est.lines:
        assert isinstance(line.quantity, Decimal) and isinstance(line.unit_price, Decimal) and isinstance(line.cost, Decimal)
        assert line.quantity * line.unit_price == line.cost
    assert est.cost_per_user is None
    assert est.warnings == [] and est.audit == []
    assert est.workload_total("api") == Decimal("1.86667")


def test_dict_values_may_be_decimal_int_or_str():
    a = costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": Decimal("2.5")}))
    b = costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": "2.5"}))
    c = costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": Decimal("25E-1")}))
    assert a.to_dict() == b.to_dict() == c.to_dict()
    assert a.total == Decimal("0.25")
    assert costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": 3})).total == Decimal("0.3")


def test_a_float_in_a_dict_is_refused():
    with pytest.raises(TypeError, match=r"workloads\[0\]\.storage_gb: float 0\.1"):
        costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": 0.1}))


def test_other_inputs_are_refused():
    with pytest.raises(TypeError):
        costmodel.estimate(42)  # type: ignore[arg-type]


def test_str_path_pathlib_path_and_json_text_agree():
    path = SCENARIOS / "all-services.json"
    from_str = costmodel.estimate(str(path))
    from_path = costmodel.estimate(path)
    from_text = costmodel.estimate(path.read_text())
    from_dict = costmodel.estimate(json.loads(path.read_text()))
    assert from_str.to_dict() == from_path.to_dict() == from_text.to_dict() == from_dict.to_dict()
    assert from_str.scenario == "all-services"


def test_the_example_document_audits_its_stated_figures():
    est = costmodel.estimate(EXAMPLE)
    assert est.scenario == "100k-users"
    assert est.currency == "USD"
    assert est.conventions == {"hours_per_month": "720", "weeks_per_month": "4", "free_tier": False, "line_rounding": "none"}
    audit = {item.item: item for item in est.audit}
    # 4 runs × 15 min × 2 DPU × $0.44 = $0.88, stated as $4.40.
    assert audit["glue-etl"].stated == Decimal("4.40")
    assert audit["glue-etl"].computed == Decimal("0.88")
    assert audit["glue-etl"].difference == Decimal("3.52")
    assert audit["total"].computed == est.total
    # The contract's document echoes a stated figure as the document wrote it.
    stated_text = {item["item"]: item["stated"] for item in est.to_dict()["audit"]}
    assert stated_text["glue-etl"] == "4.40"
    assert stated_text["glue-catalog"] == "1.00"
    assert est.cost_per_user == (est.total / 100000).quantize(TEN_PLACES, rounding=ROUND_HALF_EVEN)
    assert [w.workload for w in est.warnings] == ["training", "inference"]


def test_to_dict_is_the_contract_document():
    est = costmodel.estimate(SCENARIOS / "all-services.json")
    doc = est.to_dict()
    assert list(doc) == ["schema", "scenario", "currency", "catalog", "lines", "services", "total", "cost_per_user",
                         "warnings", "audit", "conventions"]
    assert doc["schema"] == "costmodel/estimate/v1"
    assert all(isinstance(doc["lines"][0][key], str) for key in ("quantity", "unit_price", "cost"))
    assert Decimal(doc["total"]) == est.total == sum((line.cost for line in est.lines), Decimal(0))
    assert Decimal(doc["cost_per_user"]) == (est.total / 1000).quantize(TEN_PLACES, rounding=ROUND_HALF_EVEN)
    assert json.loads(est.to_json()) == doc
    # to_dict() returns a copy: changing it does not change the estimate.
    doc["total"] = "0"
    assert est.to_dict()["total"] != "0"


def test_free_tier_lines_and_line_rounding():
    est = costmodel.estimate(scenario(
        {"name": "f", "service": "lambda", "invocations_per_month": 3000000, "duration_ms": 120, "memory_mb": 1536},
        free_tier=True, line_rounding="cents"))
    components = [line.component for line in est.lines]
    assert components == ["requests (free tier)", "requests", "duration (free tier)", "duration (tier 1)"]
    assert [line.cost for line in est.lines] == [Decimal(0), Decimal("0.40"), Decimal(0), Decimal("2.33")]
    assert est.total == Decimal("2.73")


def test_to_frame_keeps_decimals():
    pd = pytest.importorskip("pandas")
    est = costmodel.estimate(SCENARIOS / "all-services.json")
    frame = est.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["workload", "service", "component", "quantity", "unit", "unit_price", "cost", "note"]
    assert len(frame) == len(est.lines)
    assert all(isinstance(value, Decimal) for value in frame["cost"])
    assert sum(frame["cost"], Decimal(0)) == est.total
    services = est.services_frame()
    assert list(services.columns) == ["service", "cost", "percent"]
    assert services["cost"].tolist() == sorted(est.services.values(), reverse=True)


def test_repr_html_shows_lines_services_warnings_and_audit():
    est = costmodel.estimate(SCENARIOS / "all-services.json")
    page = est._repr_html_()
    assert page.startswith("<div>") and page.endswith("</div>")
    assert "<table>" in page
    for name in ("api", "training", "guardduty", "By service", "Warnings", "Audit"):
        assert name in page
    assert f"USD {est.total.quantize(Decimal('0.01'))} per month" in page
    assert "all-services" in repr(est)


def test_plot_returns_axes():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.axes
    import matplotlib.pyplot as plt

    est = costmodel.estimate(SCENARIOS / "all-services.json")
    ax = est.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    ax.figure.canvas.draw()
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert sorted(labels) == sorted(est.services)
    assert "per month" in ax.get_title()
    plt.close(ax.figure)


def test_errors_are_value_errors_naming_the_input_and_the_path():
    with pytest.raises(ValueError, match=r"bad-unknown-key\.json: workloads\[3\]\.memry_mb: unknown key"):
        costmodel.estimate(SCENARIOS / "bad-unknown-key.json")
    with pytest.raises(ValueError, match=r"bad-json\.json: invalid JSON"):
        costmodel.estimate(str(SCENARIOS / "bad-json.json"))
    missing = SCENARIOS / "no-such-file.json"
    with pytest.raises(ValueError, match="no-such-file.json: cannot read the file"):
        costmodel.estimate(missing)
    with pytest.raises(ValueError, match=r"<scenario dict>: workloads\[0\]\.storage_gb: expected a number >= 0, got -1"):
        costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": -1}))
    with pytest.raises(ValueError, match=r"<scenario text>: workloads\[0\]\.service: unknown service \"nope\""):
        costmodel.estimate(json.dumps(scenario({"name": "e", "service": "nope"})))
    with pytest.raises(ValueError, match="eu-west-1"):
        costmodel.estimate(scenario({"name": "e", "service": "ecr", "storage_gb": 1}, region="eu-west-1"))

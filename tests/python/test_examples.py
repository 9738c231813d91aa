"""The example scenarios (examples/*.json) price, add up, and give figures a person can check by hand.

The seed 000 examples use the document's own conventions: 4 weeks per month and 720 hours per month.
Prices are the built-in us-east-1 list prices (docs/catalog-keys.md). Each expected figure below is
written as the arithmetic that produces it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import costmodel

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
CENT = Decimal("0.01")

D = Decimal
# Built-in us-east-1 list prices used below.
LAMBDA_GB_SECOND = D("0.0000166667")
LAMBDA_REQUEST = D("0.0000002")
FARGATE_VCPU_HOUR = D("0.04048")
FARGATE_GB_HOUR = D("0.004445")
GLUE_DPU_HOUR = D("0.44")
ATHENA_TB = D("5.00")
S3_GB_MONTH = D("0.023")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


@pytest.fixture(scope="module")
def estimates() -> dict[str, costmodel.Estimate]:
    return {path.stem: costmodel.estimate(path) for path in EXAMPLE_FILES}


def test_the_seed_examples_exist() -> None:
    names = {path.stem for path in EXAMPLE_FILES}
    assert {"100k-users", "60m-users", "60m-users-optimized"} <= names


# ---------------------------------------------------------------------------------------------------
# Every example


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_prices_and_adds_up(path: Path) -> None:
    est = costmodel.estimate(path)
    scenario = json.loads(path.read_text())
    assert est.scenario == scenario["name"]
    assert est.lines, "an estimate has lines"
    # The total is the sum of the lines and the sum of the services.
    assert est.total == sum((line.cost for line in est.lines), D(0))
    assert est.total == sum(est.services.values(), D(0))
    # Each service's subtotal is the sum of its lines.
    for service, subtotal in est.services.items():
        assert subtotal == sum((line.cost for line in est.lines if line.service == service), D(0))
    # Every workload appears in the lines, and each line is quantity × unit price.
    assert {line.workload for line in est.lines} == {w["name"] for w in scenario["workloads"]}
    for line in est.lines:
        assert abs(line.quantity * line.unit_price - line.cost) <= D("1e-10") * max(1, abs(line.quantity)), line
    # The JSON document carries the same amounts as exact strings.
    document = est.to_dict()
    assert D(document["total"]) == est.total
    if "users" in scenario:
        # Cost per user is total / users, to the 10 fractional digits of an amount.
        assert est.cost_per_user is not None
        users = scenario["users"]
        if isinstance(users, str) and users.startswith("="):  # a parametric example: "=users"
            users = scenario["parameters"][users[1:]]
        assert abs(est.cost_per_user - est.total / D(users)) <= D("0.5e-10")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_audit_covers_every_stated_figure(path: Path) -> None:
    est = costmodel.estimate(path)
    stated = json.loads(path.read_text()).get("stated", {})
    audit = {a.item: a for a in est.audit}
    expected_items = set(stated.get("lines", {})) | ({"total"} if "total" in stated else set())
    assert set(audit) == expected_items
    for name, figure in stated.get("lines", {}).items():
        item = audit[name]
        assert item.stated == D(figure)
        assert item.computed == est.workload_total(name)
        assert item.difference == item.stated - item.computed
    if "total" in stated:
        assert audit["total"].computed == est.total


@pytest.mark.parametrize("path", [p for p in EXAMPLE_FILES if p.stem.startswith(("100k", "60m"))], ids=lambda p: p.stem)
def test_seed_examples_stated_lines_add_up_to_the_stated_total(path: Path) -> None:
    # The document's own lines add up to its own total (to the cent: the 100K Titan line is $0.001),
    # so the figures were transcribed completely.
    stated = json.loads(path.read_text())["stated"]
    assert abs(sum((D(v) for v in stated["lines"].values()), D(0)) - D(stated["total"])) < CENT


# ---------------------------------------------------------------------------------------------------
# 100k users (seed 000, scenario 2)


def test_100k_figures_checked_by_hand(estimates: dict[str, costmodel.Estimate]) -> None:
    est = estimates["100k-users"]
    w = est.workload_total
    # Glue ETL: 4 runs × 15 min × 2 DPU = 2 DPU-hours × $0.44.
    assert w("glue-etl") == D(2) * GLUE_DPU_HOUR == D("0.88")
    # Glue crawler: 4 runs × 5 min, billed at the 10-minute minimum: 4 × 10/60 DPU-hours × $0.44.
    assert cents(w("glue-crawler")) == D("0.29")
    # ECR: 3 GB × $0.10.
    assert w("ecr") == D("0.30")
    # CloudWatch: 1 GB × 0.50 + 1 GB × 0.03 + 20 metrics × 0.30 + 1 dashboard × 3 + 5 alarms × 0.10.
    assert w("cloudwatch") == D("0.50") + D("0.03") + D("6.00") + D("3.00") + D("0.50") == D("10.03")
    # Interface endpoints: 3 × 720 h × $0.01 + 5 GB × $0.01; the gateway endpoint is free.
    assert w("vpc-interface-endpoints") == D("21.60") + D("0.05") == D("21.65")
    assert w("vpc-s3-gateway") == 0
    # CloudTrail: 1,000 data events × $0.10 per 100,000.
    assert w("cloudtrail") == D("0.001")
    # Athena: 200 queries × 10 MB = 2,000 MB; 1 TB = 1,048,576 MB; $5 per TB.
    assert cents(w("athena-queries")) == D("0.01")
    assert abs(w("athena-queries") - D(2000) / D(1048576) * ATHENA_TB) < D("1e-9")
    # Training: 4 runs × 0.5 h × (4 vCPU × 0.04048 + 64 GB × 0.004445) = 2 h × 0.4464.
    assert w("training") == D(2) * (4 * FARGATE_VCPU_HOUR + 64 * FARGATE_GB_HOUR) == D("0.8928")
    # Data preparation: 4 × 120 s × 2 GB = 960 GB-seconds, plus 4 requests.
    assert w("lambda-data-preparation") == 960 * LAMBDA_GB_SECOND + 4 * LAMBDA_REQUEST
    # S3: 810 MB = 0.791015625 GB × 0.023 + 400 PUT × 0.000005 + 2,000 GET × 0.0000004
    # (the storage line is 0.018193359375, kept to 10 fractional digits).
    assert abs(w("s3-data-lake") - (D("0.791015625") * S3_GB_MONTH + D("0.002") + D("0.0008"))) <= D("0.5e-10")


def test_100k_audit_finds_the_glue_etl_line(estimates: dict[str, costmodel.Estimate]) -> None:
    audit = {a.item: a for a in estimates["100k-users"].audit}
    assert audit["glue-etl"].stated == D("4.40")
    assert audit["glue-etl"].computed == D("0.88")
    assert audit["glue-etl"].difference == D("3.52")
    assert audit["ecr"].difference == D("0.03") - D("0.30")
    assert audit["cloudwatch"].difference == D("4.63") - D("10.03")
    assert audit["vpc-interface-endpoints"].difference == 0


def test_100k_warns_about_the_64_gb_task(estimates: dict[str, costmodel.Estimate]) -> None:
    warned = {w.workload for w in estimates["100k-users"].warnings if "64" in w.message}
    assert {"training", "inference"} <= warned


# ---------------------------------------------------------------------------------------------------
# 60M users (seed 000, scenario 3)

# Hand-computed lines of examples/60m-users.json (docs/auditing-seed-000.md derives each).
EXPECTED_60M = {
    # 380.5 GB × 0.023 + 4,000 PUT × 0.000005 + 200,000 GET × 0.0000004
    "s3-data-lake": D("380.5") * S3_GB_MONTH + D("0.02") + D("0.08"),
    # 50 objects × $1.00 per 100,000 (no free tier)
    "glue-catalog": D("0.0005"),
    # 4 runs × 30 min × 1 DPU × 0.44
    "glue-crawler": D("0.88"),
    # 4 runs × 60 min × 4 DPU × 0.44
    "glue-etl": D("7.04"),
    # 2,000 queries × 6,144 MB = 12,288,000 MB = 11.71875 TB × $5
    "athena-queries": D("58.59375"),
    # 12 TB = 12,288 GB × 0.023
    "athena-results-staging": D("282.624"),
    # 4 × 300 s × 2.9375 GB = 3,525 GB-s; 4 × 900 s × 10 GB = 36,000; 4 × 180 s × 2.9375 GB = 2,115;
    # 4 × 600 s × 10 GB = 24,000; plus 4 requests each
    "lambda-pre-cleanup": 3525 * LAMBDA_GB_SECOND + 4 * LAMBDA_REQUEST,
    "lambda-data-preparation": 36000 * LAMBDA_GB_SECOND + 4 * LAMBDA_REQUEST,
    "lambda-qa-table-creation": 2115 * LAMBDA_GB_SECOND + 4 * LAMBDA_REQUEST,
    "lambda-results-aggregation": 24000 * LAMBDA_GB_SECOND + 4 * LAMBDA_REQUEST,
    "lambda-model-ensemble": 3525 * LAMBDA_GB_SECOND + 4 * LAMBDA_REQUEST,
    # 4 runs × 10 tasks × 0.75 h = 30 task-hours × (4 × 0.04048 + 64 × 0.004445)
    "training": 30 * (4 * FARGATE_VCPU_HOUR + 64 * FARGATE_GB_HOUR),
    # 4 runs × 20 tasks × 0.5 h = 40 task-hours
    "inference": 40 * (4 * FARGATE_VCPU_HOUR + 64 * FARGATE_GB_HOUR),
    # 200 transitions × $0.025 per 1,000
    "step-functions": D("0.005"),
    "ecr": D("1.50"),
    # 20M tokens × $0.00025 per 1K; 512,000 tokens × $0.00002 per 1K
    "bedrock-claude-haiku": D("5.00"),
    "bedrock-titan-embeddings": D("0.01024"),
    # 100 × 0.50 + 100 × 0.03 + 200 × 0.30 + 5 × 3 + 50 × 0.10
    "cloudwatch": D("133.00"),
    "vpc-s3-gateway": D("0"),
    # 5 × 720 h × 0.01 + 500 GB × 0.01
    "vpc-interface-endpoints": D("41.00"),
    # 100,000 × $0.10 per 100,000
    "cloudtrail-s3-data-events": D("0.10"),
    # 1 TB = 1,024 GB × $2.50 per GB
    "cloudtrail-lake": D("2560.00"),
    "xray": D("5.00"),
    "guardduty": D("4.50"),
    "security-hub": D("10.00"),
    "config": D("10.00"),
    "systems-manager": D("0.40"),
}


def test_60m_lines_checked_by_hand(estimates: dict[str, costmodel.Estimate]) -> None:
    est = estimates["60m-users"]
    for name, expected in EXPECTED_60M.items():
        assert est.workload_total(name) == expected, name
    assert est.total == sum(EXPECTED_60M.values(), D(0)) == D("3160.9057463055")
    assert est.services["fixed"] == D("29.90")
    assert est.services["fargate"] == D("13.392") + D("17.856") == D("31.248")


def test_60m_audit(estimates: dict[str, costmodel.Estimate]) -> None:
    audit = {a.item: a for a in estimates["60m-users"].audit}
    assert audit["glue-etl"].difference == D("17.60") - D("7.04") == D("10.56")
    assert audit["glue-crawler"].difference == D("2.64") - D("0.88")
    assert audit["cloudtrail-s3-data-events"].difference == D("9.90")
    assert audit["cloudtrail-lake"].difference == D("2.50") - D("2560")
    assert audit["athena-queries"].difference == D("60.00") - D("58.59375")
    assert audit["lambda-data-preparation"].computed.quantize(CENT) == D("0.60")
    # Lines the document gets right, to the cent.
    for name in ("s3-data-lake", "training", "ecr", "cloudwatch", "vpc-interface-endpoints", "bedrock-claude-haiku"):
        assert abs(audit[name].difference) < CENT, name
    # Inference: 40 task-hours × 0.4464 = 17.856; the document rounds 4.464 a run down to 4.46.
    assert audit["inference"].difference == D("17.84") - D("17.856")
    assert audit["total"].stated == D("349.24")
    assert audit["total"].computed == D("3160.9057463055")


def test_60m_cost_per_user(estimates: dict[str, costmodel.Estimate]) -> None:
    est = estimates["60m-users"]
    assert est.cost_per_user is not None
    assert abs(est.cost_per_user - D("3160.9057463055") / D(60_000_000)) < D("1e-10")


# ---------------------------------------------------------------------------------------------------
# 60M users, the document's optimized column


def test_optimized_fargate_spot_lines_cost_30_percent(estimates: dict[str, costmodel.Estimate]) -> None:
    standard, optimized = estimates["60m-users"], estimates["60m-users-optimized"]
    for workload in ("training", "inference"):
        on_demand = {l.component: l for l in standard.lines if l.workload == workload}
        spot = {l.component: l for l in optimized.lines if l.workload == workload}
        assert set(spot) == set(on_demand) == {"vcpu", "memory"}
        for component, line in spot.items():
            assert line.quantity == on_demand[component].quantity
            assert line.unit_price == on_demand[component].unit_price * D("0.30")
            assert line.cost == on_demand[component].cost * D("0.30")
    # $13.392 × 0.30 and $17.856 × 0.30.
    assert optimized.workload_total("training") == D("4.0176")
    assert optimized.workload_total("inference") == D("5.3568")


def test_optimized_athena_scans_20_percent(estimates: dict[str, costmodel.Estimate]) -> None:
    optimized = estimates["60m-users-optimized"]
    # 20 % of 6,144 MB is 1,228.8 MB; Athena bills each query rounded up to the MB: 1,229 MB.
    # 2,000 × 1,229 MB = 2,458,000 MB = 2.344131... TB × $5 = $11.72.
    exact = D(2000 * 1229) / D(1048576) * ATHENA_TB
    assert abs(optimized.workload_total("athena-queries") - exact) < D("1e-9")
    assert cents(optimized.workload_total("athena-queries")) == D("11.72")
    # The staging storage goes down with it: 2,457.6 GB × 0.023.
    assert optimized.workload_total("athena-results-staging") == D("56.5248")


def test_optimized_other_lines(estimates: dict[str, costmodel.Estimate]) -> None:
    standard, optimized = estimates["60m-users"], estimates["60m-users-optimized"]
    # Prometheus + Grafana on one t3.large: 720 h × $0.0832.
    assert optimized.workload_total("monitoring-prometheus-grafana") == D("59.904")
    assert "cloudwatch" not in optimized.services
    # Unchanged lines cost the same in both.
    for name in ("s3-data-lake", "glue-etl", "vpc-interface-endpoints", "cloudtrail-lake", "xray"):
        assert optimized.workload_total(name) == standard.workload_total(name), name
    # Savings: Fargate 31.248 × 0.70, Athena, staging 282.624 × 0.80, CloudWatch 133 − 59.904.
    assert standard.total - optimized.total == (
        D("31.248") * D("0.70")
        + (D("58.59375") - optimized.workload_total("athena-queries"))
        + D("282.624") * D("0.80")
        + (D("133.00") - D("59.904"))
    )
    audit = {a.item: a for a in optimized.audit}
    assert audit["total"].stated == D("170.20")
    assert audit["vpc-interface-endpoints"].difference == D("10.00") - D("41.00")


def test_the_scaling_example_is_the_optimized_one_at_60m_users() -> None:
    """examples/scaling-users.json is 60m-users-optimized.json with data volumes and request counts
    written as expressions of users: at 60,000,000 users it must price line for line the same."""
    scaling = costmodel.Scenario(EXAMPLES / "scaling-users.json")
    optimized = costmodel.estimate(EXAMPLES / "60m-users-optimized.json")
    at_60m = costmodel.estimate(scaling)
    assert at_60m.total == optimized.total
    assert at_60m.lines.column("cost") == optimized.lines.column("cost")
    sweep = scaling.sweep({"users": [100_000, 1_000_000, 10_000_000, 60_000_000]})
    totals = sweep.totals.column("total")
    assert totals[3] == optimized.total
    # More users, more cost; less cost per user: the fixed part is spread thinner.
    assert totals == sorted(totals)
    per_user = sweep.totals.column("cost_per_user")
    assert per_user == sorted(per_user, reverse=True)

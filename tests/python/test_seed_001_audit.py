"""Every figure of docs/auditing-seed-001.md, both columns: what seed 001's own functions
(bench/leases/seed_001.py, as the seed prints them) compute on lease-001, and what costmodel gives.

The lease (examples/seed-001/lease-001.json, made by make_example.py): 31 days summing to exactly
856.34, Jan 31 = 27.62, Jan 15 = 27.625; budget 1000.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import pathlib
import sys
import time
from decimal import Decimal

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "seed-001" / "lease-001.json"
sys.path.insert(0, str(ROOT / "bench" / "leases"))
import seed_001  # noqa: E402

LEASE = {"leaseId": "lease-001", "accountId": "123456789012", "budget": 1000}


@pytest.fixture(scope="module")
def response() -> dict:
    return json.loads(EXAMPLE.read_text())


def test_the_example_is_what_its_generator_writes(tmp_path: pathlib.Path) -> None:
    import shutil
    import subprocess

    shutil.copy(ROOT / "examples" / "seed-001" / "make_example.py", tmp_path)
    subprocess.run([sys.executable, str(tmp_path / "make_example.py")], check=True)
    assert (tmp_path / "lease-001.json").read_text() == EXAMPLE.read_text()


def test_the_example_sums_as_the_page_says(response: dict) -> None:
    days = [sum(Decimal(g["Metrics"]["UnblendedCost"]["Amount"]) for g in r["Groups"]) for r in response["ResultsByTime"]]
    assert len(days) == 31 and sum(days) == Decimal("856.34")
    assert days[30] == Decimal("27.62") and days[14] == Decimal("27.625")


def test_1_exclusive_end_loses_the_last_day(response: dict) -> None:
    # the seed queries End = 2024-01-31, so Cost Explorer returns Jan 1 … Jan 30
    start, end = seed_001.lease_query_dates(int(datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.timezone.utc).timestamp()),
                                            int(datetime.datetime(2024, 1, 31, 17, tzinfo=datetime.timezone.utc).timestamp()))
    assert (start, end) == ("2024-01-01", "2024-01-31")
    seen = copy.deepcopy(response)
    seen["ResultsByTime"] = [r for r in response["ResultsByTime"] if r["TimePeriod"]["Start"] < end]
    analysis = seed_001.analyze_costs(seen, LEASE)
    assert analysis["duration"] == 30
    assert analysis["totalCost"] == 828.72  # 856.34 − 27.62
    assert analysis["variance"] == -171.28 and analysis["variancePercent"] == -17.1


@pytest.mark.parametrize("zone, expected", [
    ("UTC", ("2024-01-01", "2024-01-31")),
    ("America/New_York", ("2023-12-31", "2024-01-31")),
    ("Asia/Tokyo", ("2024-01-01", "2024-02-01")),
])
def test_2_local_time(zone: str, expected: tuple[str, str]) -> None:
    start = int(datetime.datetime(2024, 1, 1, 0, 30, tzinfo=datetime.timezone.utc).timestamp())
    end = int(datetime.datetime(2024, 1, 31, 20, 0, tzinfo=datetime.timezone.utc).timestamp())
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        assert seed_001.lease_query_dates(start, end) == expected
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_3_and_4_float_rounding(response: dict) -> None:
    analysis = seed_001.analyze_costs(response, LEASE)
    daily = {d["date"]: d["cost"] for d in analysis["dailyCosts"]}
    assert daily["2024-01-15"] == 27.62  # 27.625 rounded by round() on a binary float
    assert sum(daily.values()) == pytest.approx(856.33, abs=1e-9)
    assert sum(daily.values()) != analysis["totalCost"] == 856.34


def test_5_and_6_placeholder_budgets(response: dict) -> None:
    without = seed_001.analyze_costs(response, {"leaseId": "lease-001", "accountId": "123456789012"})
    assert (without["budget"], without["overBudget"], without["variance"], without["variancePercent"]) == (0, False, 856.34, 85534.0)
    with pytest.raises(ZeroDivisionError):
        seed_001.analyze_costs(response, {**LEASE, "budget": 0})


def test_7_december() -> None:
    with pytest.raises(ValueError, match="month must be in 1..12"):
        seed_001.chargeback_range(2024, 12)


def test_8_and_9_csv_by_joining_strings() -> None:
    items = [{"orgUnit": {"S": "Data, Analytics"}, "ownerId": {"S": "user3"}, "leaseId": {"S": "lease-003"},
              "accountId": {"S": "123456789014"}, "startDate": "2024-01-10", "endDate": "2024-02-10", "duration": {"N": "31"},
              "budget": {"N": "2000"}, "totalCost": {"N": str(1923.45)}, "variance": {"N": str(-76.55)}},
             {"orgUnit": {"S": "Innovation"}, "ownerId": {"S": "user2"}, "leaseId": {"S": "lease-002"},
              "accountId": {"S": "123456789013"}, "startDate": "2024-01-05", "endDate": "2024-01-20", "duration": {"N": "15"},
              "budget": {"N": "500"}, "totalCost": {"N": str(round(623.10, 2))}, "variance": {"N": str(round(123.10, 2))}}]
    lines = seed_001.chargeback_csv(items, str).split("\n")
    assert lines[1].count(",") == 10  # 11 fields under a 10-column header
    assert lines[1].endswith(",£-76.55") and lines[2].endswith(",£623.1,£123.1")


def test_12_the_chargeback_reads_what_is_never_written(response: dict) -> None:
    item = seed_001.persist_item("lease-001", "123456789012", seed_001.analyze_costs(response, LEASE))
    assert {"orgUnit", "ownerId", "startDate", "endDate"}.isdisjoint(item)
    with pytest.raises(KeyError, match="orgUnit"):
        seed_001.chargeback_csv([item], str)


def test_10_one_scan_page_holds_about_540_reports(response: dict) -> None:
    item = seed_001.persist_item("lease-001", "123456789012", seed_001.analyze_costs(response, LEASE))
    # DynamoDB's item size: attribute names plus values (UTF-8 lengths; a BOOL is one byte)
    size = sum(len(name) + (1 if "BOOL" in value else len(next(iter(value.values())).encode())) for name, value in item.items())
    assert 1800 < size < 2100 and 500 < (1 << 20) // size < 590


def test_15_anomaly_without_history() -> None:
    with pytest.raises(ZeroDivisionError):
        seed_001.analyze_service_costs({"topServices": json.dumps([{"service": "AWS Glue", "cost": 12.5}])}, lambda name: 0.0)


def test_16_the_seeds_unit_test_cannot_pass() -> None:
    cost_data = {"ResultsByTime": [{"Groups": [{"Keys": ["EC2", "eu-west-2"], "Metrics": {"UnblendedCost": {"Amount": "100.00"}}}]}]}
    with pytest.raises(KeyError, match="TimePeriod"):
        seed_001.analyze_costs(cost_data, {"leaseId": "test", "budget": 150})
    cost_data["ResultsByTime"][0]["TimePeriod"] = {"Start": "2024-01-01"}
    with pytest.raises(KeyError, match="accountId"):
        seed_001.analyze_costs(cost_data, {"leaseId": "test", "budget": 150})
    fixed = seed_001.analyze_costs(cost_data, {"leaseId": "test", "accountId": "123456789012", "budget": 150})
    assert (fixed["totalCost"], fixed["overBudget"], fixed["variance"], fixed["variancePercent"]) == (100.0, False, -50.0, -33.3)


# costmodel's column of the page


def test_costmodel_reports_the_whole_lease_exactly() -> None:
    import costmodel

    report = costmodel.lease_report(str(EXAMPLE), lease_id="lease-001", account_id="123456789012",
                                    start_date="2024-01-01", end_date="2024-01-31", budget="1000").to_dict()
    assert report["totalCost"] == "856.34" and report["duration"] == 31   # defect 1: Jan 31 counted
    assert report["variance"] == "-143.66" and report["variancePercent"] == "-14.4"  # −14.366 half-up
    assert report["costPerDay"] == "27.62" and report["status"] == "compliant"       # 856.34 ÷ 31 = 27.6238…
    daily = {d["date"]: d["cost"] for d in report["dailyCosts"]}
    assert daily["2024-01-15"] == "27.63" and daily["2024-01-31"] == "27.62"          # defect 3: the tie half-up
    assert sum(Decimal(c) for c in daily.values()) == Decimal("856.34")                 # defect 4
    assert report["currency"] == "GBP"


def test_costmodel_without_and_with_a_zero_budget() -> None:
    import costmodel

    def report(budget: str | None) -> dict:
        return costmodel.lease_report(str(EXAMPLE), lease_id="lease-001", account_id="123456789012",
                                      budget=budget).to_dict()

    none = report(None)  # defect 5: nulls, not placeholders
    assert [none[k] for k in ("budget", "overBudget", "variance", "variancePercent", "status")] == [None] * 5
    zero = report("0")   # defect 6: a real budget of zero
    assert (zero["overBudget"], zero["variance"], zero["variancePercent"], zero["status"]) == (True, "856.34", None, "alert")


def test_costmodel_december_and_quoting(tmp_path: pathlib.Path) -> None:
    from costmodel.leases import chargeback, chargeback_csv

    def record(lease: str, org: str, start: str, end: str, total: str, budget: str) -> dict:
        return {"leaseId": lease, "accountId": "123456789012", "startDate": start, "endDate": end, "ownerId": "u1",
                "ownerEmail": "user1@gov.uk", "orgUnit": org, "template": None, "tags": {}, "collectedAt": 1735776000,
                "collection": 1, "dataSource": "ACTUAL", "estimatedDays": [], "final": True, "finalCost": total,
                "currency": "GBP", "totalCost": total, "budget": budget, "overBudget": Decimal(total) > Decimal(budget),
                "variance": str(Decimal(total) - Decimal(budget)), "variancePercent": None, "status": None, "duration": 31,
                "costPerDay": None, "dailyCosts": [], "topServices": [], "topRegions": [], "chargebackGenerated": False,
                "chargebackAmount": None, "chargebackDate": None}

    rows = [record("lease-9", "Data, Analytics", "2024-12-01", "2024-12-31", "623.10", "500")]
    text = chargeback_csv(chargeback(rows, month="2024-12"))  # defect 7: December exists
    assert text.splitlines()[1] == '"Data, Analytics",user1@gov.uk,lease-9,123456789012,2024-12-01,2024-12-31,30,£500,£623.10,+£123.10'

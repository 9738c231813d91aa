"""Portfolio analysis and chargeback of lease records (docs/leases.md, "Portfolio analysis" and "Chargeback"):
the seed's chargeback example reproduced from records, month ends from the calendar, real CSV quoting,
the seed's thresholds at their edges, trends, anomalies with and without earlier peers, the generated
portfolio, and the costmodel chargeback command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import importlib.util
import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

import costmodel
from costmodel import leases
from costmodel.cli import main

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "scripts" / "generate-lease-portfolio.py"
sys.path.insert(0, str(ROOT / "bench" / "leases"))
import seed_001  # noqa: E402

EC2 = "Amazon Elastic Compute Cloud - Compute"
S3 = "Amazon Simple Storage Service"
NAT = "Amazon Virtual Private Cloud"


def epoch(*args: int) -> int:
    return int(dt.datetime(*args, tzinfo=dt.timezone.utc).timestamp())


def record(lease: str, total: str, budget: str | None = "1000", *, start: str = "2024-01-01", end: str = "2024-01-31",
           owner: str = "owner-1", email: str | None = None, org: str | None = "Innovation", template: str | None = "web",
           account: str = "123456789012", collected: int | None = None, collection: int = 1, currency: str = "GBP",
           services: list[tuple[str, str]] | None = None) -> dict:
    return {
        "leaseId": lease, "accountId": account, "startDate": start, "endDate": end, "ownerId": owner,
        "ownerEmail": email, "orgUnit": org, "template": template, "tags": {},
        "collectedAt": collected if collected is not None else epoch(*map(int, end.split("-")), 12) + 3 * 86400,
        "collection": collection, "dataSource": "ACTUAL", "estimatedDays": [], "final": True, "finalCost": total,
        "currency": currency, "totalCost": total, "budget": budget, "overBudget": None, "variance": None,
        "variancePercent": None, "status": None, "duration": 1, "costPerDay": None, "dailyCosts": [],
        "topServices": [{"service": s, "cost": c} for s, c in (services or [])], "topRegions": [],
        "chargebackGenerated": False, "chargebackAmount": None, "chargebackDate": None,
    }


# The seed's example (its "Chargeback Report (CSV)"): three January 2024 leases.
SEED_CSV = """OrgUnit,OwnerEmail,LeaseID,AccountID,StartDate,EndDate,Duration,Budget,ActualCost,Variance
Innovation,user1@gov.uk,lease-001,123456789012,2024-01-01,2024-01-31,30,£1000,£856.34,-£143.66
Innovation,user2@gov.uk,lease-002,123456789013,2024-01-05,2024-01-20,15,£500,£623.12,+£123.12
Digital,user3@gov.uk,lease-003,123456789014,2024-01-10,2024-02-10,31,£2000,£1923.45,-£76.55
"""
SEED_RECORDS = [
    record("lease-001", "856.34", "1000", start="2024-01-01", end="2024-01-31", owner="u-1", email="user1@gov.uk",
           account="123456789012", collected=epoch(2024, 1, 31, 18)),
    record("lease-002", "623.12", "500", start="2024-01-05", end="2024-01-20", owner="u-2", email="user2@gov.uk",
           account="123456789013", collected=epoch(2024, 1, 21, 9)),
    record("lease-003", "1923.45", "2000", start="2024-01-10", end="2024-02-10", owner="u-3", email="user3@gov.uk",
           org="Digital", account="123456789014", collected=epoch(2024, 1, 31, 23, 59)),
]


# --- chargeback ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["start", "collected"])
def test_the_seeds_chargeback_rows_come_out_exactly(by: str) -> None:
    # lease-001: 2024-01-31 − 2024-01-01 = 30 days; 856.34 − 1000 = −143.66
    # lease-002: 20 − 5 = 15 days; 623.12 − 500 = +123.12; lease-003: Jan 10 → Feb 10 = 31 days; 1923.45 − 2000 = −76.55
    assert leases.chargeback_csv(SEED_RECORDS, month="2024-01", by=by) == SEED_CSV


def test_by_end_date_puts_a_lease_in_the_month_its_final_cost_lands() -> None:
    frame = leases.chargeback(SEED_RECORDS, month="2024-01")
    assert list(frame["LeaseID"]) == ["lease-001", "lease-002"]
    assert list(leases.chargeback(SEED_RECORDS, month="2024-02")["LeaseID"]) == ["lease-003"]
    assert frame["ActualCost"].sum() == Decimal("1479.46")  # 856.34 + 623.12
    assert frame["Variance"].tolist() == [Decimal("-143.66"), Decimal("123.12")]


def test_december_ends_on_the_31st_and_the_year_turns() -> None:
    records = [record("nov-30", "1.00", end="2024-11-30"), record("dec-01", "2.00", end="2024-12-01"),
               record("dec-31", "4.00", end="2024-12-31"), record("jan-01", "8.00", end="2025-01-01")]
    assert list(leases.chargeback(records, month="2024-12")["LeaseID"]) == ["dec-01", "dec-31"]
    assert list(leases.chargeback(records, month="2025-01")["LeaseID"]) == ["jan-01"]
    # the seed builds datetime(2024, 13, 1) for December's end
    with pytest.raises(ValueError, match="month must be in 1..12"):
        seed_001.chargeback_range(2024, 12)


def test_by_collected_uses_utc_month_boundaries() -> None:
    records = [record("a", "1.00", collected=epoch(2024, 11, 30, 23, 59, 59)), record("b", "1.00", collected=epoch(2024, 12, 1)),
               record("c", "1.00", collected=epoch(2024, 12, 31, 23, 59, 59)), record("d", "1.00", collected=epoch(2025, 1, 1))]
    assert list(leases.chargeback(records, month="2024-12", by="collected")["LeaseID"]) == ["b", "c"]


def test_the_current_record_of_a_lease_is_charged_once() -> None:
    first = record("a", "10.00", collected=epoch(2024, 2, 1), collection=1)
    second = record("a", "12.34", collected=epoch(2024, 2, 2), collection=2)
    frame = leases.chargeback([second, first], month="2024-01")
    assert frame["ActualCost"].tolist() == [Decimal("12.34")]


def test_a_field_with_a_comma_or_quote_is_quoted() -> None:
    org = 'Data, Analytics & "AI"'
    text = leases.chargeback_csv([record("a", "5.00", org=org)], month="2024-01")
    assert text.splitlines()[1].startswith('"Data, Analytics & ""AI""",')
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[0] == org and len(row) == 10


def test_no_budget_leaves_budget_and_variance_blank() -> None:
    text = leases.chargeback_csv([record("a", "856.34", None)], month="2024-01")
    assert list(csv.reader(io.StringIO(text)))[1][7:] == ["", "£856.34", ""]


@pytest.mark.parametrize("total, budget, currency, shown", [
    ("1000.00", "1000", "GBP", ["£1000", "£1000.00", "£0.00"]),
    ("1250.50", "1250.50", "GBP", ["£1250.50", "£1250.50", "£0.00"]),
    ("12.00", "10", "USD", ["$10", "$12.00", "+$2.00"]),
    ("8.5", "10", "EUR", ["€10", "€8.50", "-€1.50"]),
    ("12.00", "13", "CHF", ["CHF 13", "CHF 12.00", "-CHF 1.00"]),
])
def test_amounts_are_shown_as_the_seed_shows_them(total: str, budget: str, currency: str, shown: list[str]) -> None:
    text = leases.chargeback_csv([record("a", total, budget, currency=currency)], month="2024-01")
    assert list(csv.reader(io.StringIO(text)))[1][7:] == shown


def test_a_currency_symbol_can_be_given() -> None:
    frame = leases.chargeback([record("a", "12.00", "10", currency="USD")], month="2024-01")
    assert leases.chargeback_csv(frame, currency_symbol="US$").splitlines()[1].endswith(",US$10,US$12.00,+US$2.00")


def test_owner_email_falls_back_to_the_owner_id() -> None:
    frame = leases.chargeback([record("a", "1.00", owner="owner-42", email=None)], month="2024-01")
    assert frame["OwnerEmail"].tolist() == ["owner-42"]


def test_csv_and_parquet_are_written_atomically(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "chargeback.csv"
    target.write_text("old\n")
    leases.write_chargeback_csv(SEED_RECORDS, target, month="2024-01", by="start")
    assert target.read_text(encoding="utf-8") == SEED_CSV
    parquet = tmp_path / "chargeback.parquet"
    frame = leases.write_chargeback_parquet(SEED_RECORDS, parquet, month="2024-01", by="start")
    table = pq.read_table(parquet)
    assert str(table.schema.field("ActualCost").type) == "decimal128(38, 10)"
    assert table.column("ActualCost").to_pylist() == [Decimal("856.34"), Decimal("623.12"), Decimal("1923.45")]
    assert len(frame) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chargeback.csv", "chargeback.parquet"]  # no temporary left
    with pytest.raises(OSError):
        leases.write_chargeback_csv(SEED_RECORDS, tmp_path / "missing" / "x.csv", month="2024-01")


cents = st.integers(min_value=-10**9, max_value=10**9).map(lambda c: str(Decimal(c).scaleb(-2)))  # "-0.05", "1234.50"


@given(st.lists(st.tuples(cents, st.integers(0, 90)), min_size=0, max_size=30))
def test_the_chargeback_sums_to_its_records(leases_: list[tuple[str, int]]) -> None:
    day0 = dt.date(2024, 11, 15)
    records = [record(f"l{i}", total, end=(day0 + dt.timedelta(days=offset)).isoformat(), start="2024-11-01")
               for i, (total, offset) in enumerate(leases_)]
    frame = leases.chargeback(records, month="2024-12")
    in_month = [Decimal(r["totalCost"]) for r in records if r["endDate"].startswith("2024-12")]
    assert frame["ActualCost"].sum() == sum(in_month, Decimal(0))
    assert len(frame) == len(in_month)


@pytest.mark.parametrize("month", ["2024-13", "2024-00", "2024-1", "24-01", "2024/12"])
def test_a_bad_month_names_the_value(month: str) -> None:
    with pytest.raises(costmodel.InputError, match=f"'{month}' is not a month") as error:
        leases.chargeback(SEED_RECORDS, month=month)
    assert error.value.path == "month" and error.value.value == month


def test_a_bad_record_names_its_field_and_value() -> None:
    bad = record("a", "1.00")
    bad["totalCost"] = 856.34
    with pytest.raises(costmodel.InputError, match="856.34: amounts .* decimal strings") as error:
        leases.chargeback([record("ok", "1.00"), bad], month="2024-01")
    assert error.value.path == "records[1].totalCost"
    bad["totalCost"] = "85x"
    with pytest.raises(costmodel.InputError, match="'85x' is not a decimal amount"):
        leases.records_frame([bad])
    bad["totalCost"], bad["endDate"] = "1", "2024-02-30"
    with pytest.raises(costmodel.InputError, match="'2024-02-30' is not a date") as error:
        leases.records_frame([bad])
    assert error.value.path == "records[0].endDate"
    del bad["ownerId"]
    with pytest.raises(costmodel.InputError, match="needs 'ownerId'"):
        leases.records_frame([bad])
    with pytest.raises(costmodel.InputError, match="'finish' is not one of end, start, collected"):
        leases.chargeback(SEED_RECORDS, month="2024-01", by="finish")


# --- the command --------------------------------------------------------------------------------------------------


@pytest.fixture
def records_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in SEED_RECORDS), encoding="utf-8")
    return path


def test_the_command_prints_the_csv(records_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chargeback", "--month", "2024-01", "--by", "start", "--records", str(records_file)]) == 0
    assert capsys.readouterr().out == SEED_CSV


def test_the_command_writes_a_file(records_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "jan.csv"
    assert main(["chargeback", "--month", "2024-01", "--records", str(records_file), "--output", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: 2 leases ending in 2024-01 (by end), total £1479.46\n"
    assert out.read_text(encoding="utf-8").splitlines()[1:] == SEED_CSV.splitlines()[1:3]
    assert main(["chargeback", "--month", "2024-01", "--records", str(records_file), "--output", str(tmp_path / "x.xlsx")]) == 2
    assert "--output: the output is a .csv or a .parquet file" in capsys.readouterr().err


def test_the_command_names_a_bad_month_and_a_bad_line(records_file: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chargeback", "--month", "2024-13", "--records", str(records_file)]) == 2
    assert capsys.readouterr().err == "costmodel: error: <command line>: --month: '2024-13' is not a month: give YYYY-MM with the month 01 … 12\n"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(SEED_RECORDS[0]) + "\n\n[1, 2]\n")
    assert main(["chargeback", "--month", "2024-01", "--records", str(bad)]) == 2
    assert f"{bad}: line 3: a line holds one lease record" in capsys.readouterr().err


def test_the_command_gives_the_same_csv_from_a_store_as_from_records(records_file: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    store = leases.SqliteStore(tmp_path / "s.sqlite")
    for item in SEED_RECORDS:
        # the store keeps amounts with two fractional digits; the CSV shows the budget without zero cents either way
        store.put_collection({**item, "budget": f"{Decimal(item['budget']):.2f}"})
    store.close()
    assert main(["chargeback", "--month", "2024-01", "--by", "start", "--records", str(records_file)]) == 0
    from_records = capsys.readouterr().out
    assert main(["chargeback", "--month", "2024-01", "--by", "start", "--store", str(tmp_path / "s.sqlite")]) == 0
    assert capsys.readouterr().out == from_records
    assert from_records.count("\n") == 1 + len(SEED_RECORDS)  # the header and the seed's three rows


# --- overages -----------------------------------------------------------------------------------------------------


def test_overages_flag_above_10_and_alert_above_50_percent() -> None:
    records = [
        record("exactly-10", "1100.00"),      # 100 / 1000 = 10 %: over, not flagged (the rule is > 10 %)
        record("just-over-10", "1100.01"),    # 10.001 %: flag
        record("exactly-50", "1500.00"),      # 50 %: flag, not alert
        record("just-over-50", "1500.01"),    # alert
        record("under", "999.99"),
        record("no-budget", "5000.00", None),  # no verdict
        record("zero-budget", "0.01", "0"),    # any spend on a zero budget: alert
    ]
    frame = leases.overages(records)
    levels = dict(zip(frame["leaseId"], frame["level"]))
    assert levels == {"exactly-10": "over", "just-over-10": "flag", "exactly-50": "flag", "just-over-50": "alert",
                      "zero-budget": "alert"}
    assert list(frame["leaseId"]) == ["zero-budget", "just-over-50", "exactly-50", "just-over-10", "exactly-10"]  # worst first
    pct = dict(zip(frame["leaseId"], frame["variancePercent"]))
    assert pct["just-over-50"] == Decimal("50.0") and pct["just-over-10"] == Decimal("10.0") and pd.isna(pct["zero-budget"])
    assert frame.set_index("leaseId").loc["just-over-50", "variance"] == Decimal("500.01")


# --- service anomalies --------------------------------------------------------------------------------------------


def test_a_service_above_twice_its_earlier_mean_is_an_anomaly() -> None:
    records = [
        record("a", "100", end="2024-01-10", services=[(NAT, "10.00"), (EC2, "90.00")]),
        record("b", "100", end="2024-01-20", services=[(NAT, "20.00"), (EC2, "80.00")]),
        # NAT mean over a, b = 15.00; 30.00 = 2 × 15 is not above it; EC2 mean 85, 170.01 > 170: anomaly
        record("c", "200.01", end="2024-01-30", services=[(NAT, "30.00"), (EC2, "170.01")]),
        # a later, cheaper lease is not an earlier peer of c
        record("d", "3", end="2024-02-28", services=[(NAT, "1.00"), (EC2, "2.00")]),
    ]
    frame = leases.service_anomalies(records).set_index(["leaseId", "service"])
    assert frame.loc[("a", NAT), "peers"] == 0 and pd.isna(frame.loc[("a", NAT), "anomaly"])  # no earlier peer: no verdict
    assert frame.loc[("c", NAT), "expected"] == Decimal("15") and not frame.loc[("c", NAT), "anomaly"]
    assert frame.loc[("c", NAT), "deviation"] == Decimal("2.00")
    assert frame.loc[("c", EC2), "anomaly"] and frame.loc[("c", EC2), "deviation"] == Decimal("2.00")  # 170.01 / 85 = 2.0001
    # d against a, b, c: NAT mean (10 + 20 + 30) / 3 = 20
    assert frame.loc[("d", NAT), "peers"] == 3 and frame.loc[("d", NAT), "expected"] == Decimal("20")
    only = leases.service_anomalies(records, only=True)
    assert list(zip(only["leaseId"], only["service"])) == [("c", EC2)]


def test_the_mean_is_exact_and_peers_fall_back_to_the_org_unit() -> None:
    records = [
        record("t1", "1", end="2024-01-01", template=None, org="Security", services=[(S3, "1.00")]),
        record("t2", "1", end="2024-01-02", template=None, org="Security", services=[(S3, "1.00")]),
        record("t3", "1", end="2024-01-03", template=None, org="Security", services=[(S3, "0.01")]),
        record("other", "1", end="2024-01-03", template="web", org="Security", services=[(S3, "9.00")]),
        record("t4", "1", end="2024-01-04", template=None, org="Security", services=[(S3, "1.34")]),
    ]
    frame = leases.service_anomalies(records).set_index("leaseId")
    # t4's peers: t1, t2, t3 (same org unit, no template); "other" has a template and is compared by it
    assert frame.loc["t4", "peerKey"] == "orgUnit" and frame.loc["t4", "peers"] == 3
    assert frame.loc["t4", "expected"] == Decimal("0.67")               # 2.01 / 3
    assert bool(frame.loc["t4", "anomaly"]) is False                     # 1.34 × 3 = 4.02 = 2 × 2.01: not above
    assert frame.loc["other", "peerKey"] == "template" and frame.loc["other", "peers"] == 0
    with pytest.raises(costmodel.InputError, match="did you mean 'template'"):
        leases.service_anomalies(records, by=("templat",))


def test_the_seed_divides_by_a_missing_average() -> None:
    # the seed's analyze_service_costs with no history: get_avg_service_cost gives 0 and it divides by it
    with pytest.raises(ZeroDivisionError):
        seed_001.analyze_service_costs({"topServices": json.dumps([{"service": NAT, "cost": 500.0}])}, lambda service: 0.0)
    frame = leases.service_anomalies([record("dev", "500", services=[(NAT, "500.00")])])
    assert frame["peers"].tolist() == [0] and frame["anomaly"].isna().all()


# --- owner trends -------------------------------------------------------------------------------------------------


def owner_leases(owner: str, totals: list[str]) -> list[dict]:
    return [record(f"{owner}-{i}", total, owner=owner, end=(dt.date(2024, 1, 1) + dt.timedelta(days=10 * i)).isoformat())
            for i, total in enumerate(totals)]


def test_three_consecutive_increases_in_the_last_five_is_a_rising_owner() -> None:
    records = (owner_leases("three", ["50", "10", "20", "30", "40"])      # 10 < 20 < 30 < 40: three increases
               + owner_leases("two", ["10", "20", "30", "25", "40"])      # 10 < 20 < 30, then 25 < 40: two at most
               + owner_leases("old", ["1", "2", "3", "4", "0", "5"])      # the run is before the last five
               + owner_leases("flat", ["10", "10", "10", "10.01"]))       # equal is not an increase
    frame = leases.owner_trends(records).set_index("ownerId")
    assert frame.loc["three", "consecutiveIncreases"] == 3 and frame.loc["three", "rising"]
    assert frame.loc["two", "consecutiveIncreases"] == 2 and not frame.loc["two", "rising"]
    assert frame.loc["old", "window"] == 5 and frame.loc["old", "leases"] == 6
    assert frame.loc["old", "consecutiveIncreases"] == 2 and not frame.loc["old", "rising"]  # 2 < 3 < 4, then 0 < 5
    assert frame.loc["flat", "consecutiveIncreases"] == 1
    assert frame.loc["three", "average"] == Decimal("30")                # (50 + 10 + 20 + 30 + 40) / 5
    assert frame.loc["flat", "average"] == Decimal("10.0025")            # 40.01 / 4
    assert frame.loc["three", "leaseIds"] == ["three-0", "three-1", "three-2", "three-3", "three-4"]
    assert list(leases.owner_trends(records).ownerId)[0] == "three"     # rising owners first
    with pytest.raises(costmodel.InputError, match="at least 2 leases"):
        leases.owner_trends(records, last=1)


# --- Savings Plan hints -------------------------------------------------------------------------------------------


def test_ec2_heavy_leases_get_a_hint_and_a_figure_with_hourly_usage() -> None:
    records = [record("half", "100.00", services=[(EC2, "50.00"), (S3, "50.00")]),         # 50 %: EC2-heavy
               record("less", "100.00", services=[(EC2, "49.99"), (S3, "50.01")]),         # under 50 %
               record("sized", "10.00", services=[(EC2, "10.00")])]
    usage = {"schema": "costmodel/commitments/v1",
             "usage": [{"id": "u", "on_demand_rate": "1", "rates": {"compute": "0.75"}}],
             "hours": [{"usage": [{"id": "u", "quantity": q}]} for q in ["1"] * 5 + ["3"] * 5]}
    frame = leases.savings_plan_hints(records, hourly={"sized": usage}).set_index("leaseId")
    assert sorted(frame.index) == ["half", "sized"]
    assert frame.loc["half", "ec2Percent"] == Decimal("50.0") and pd.isna(frame.loc["half", "commitmentPerHour"])
    assert "size it on the hourly usage" in frame.loc["half", "hint"]
    # recommend_savings_plan's own example: commit 0.75/h, 17.5 instead of 20 on demand
    assert frame.loc["sized", "commitmentPerHour"] == Decimal("0.75") and frame.loc["sized", "savings"] == Decimal("2.5")
    assert leases.savings_plan_hints(records, share="0.4999").shape[0] == 3


# --- the generated portfolio --------------------------------------------------------------------------------------


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_lease_portfolio", GENERATOR)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_generator_writes_records_the_store_takes_as_written(tmp_path: Path) -> None:
    out = tmp_path / "history.jsonl"
    subprocess.run([sys.executable, str(GENERATOR), str(out), "--leases", "60", "--history"], check=True, capture_output=True)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with leases.SqliteStore(tmp_path / "s.sqlite") as store:
        for item in written:
            store.put_collection(item)  # as written: no field mended
        current = list(store.current_records())
    assert len(current) == 60 and len(written) > 60
    # the store keeps what it was given: one fractional digit of variancePercent, the last collection
    assert {r["leaseId"]: r["variancePercent"] for r in current} == \
        {r["leaseId"]: r["variancePercent"] for r in written if r["collection"] == max(
            w["collection"] for w in written if w["leaseId"] == r["leaseId"])}
    assert all(p is None or p.split(".")[1:] and len(p.split(".")[1]) == 1 for p in (r["variancePercent"] for r in written))


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("portfolio") / "portfolio.jsonl"
    subprocess.run([sys.executable, str(GENERATOR), str(out)], check=True, capture_output=True)
    again = subprocess.run([sys.executable, str(GENERATOR), "-"], check=True, capture_output=True).stdout
    assert again == out.read_bytes()  # deterministic
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_portfolio_is_exact_and_consistent(portfolio: list[dict]) -> None:
    assert len(portfolio) == 1000 and set(leases.RECORD_KEYS) <= set(portfolio[0])
    for r in portfolio:
        assert sum(Decimal(d["cost"]) for d in r["dailyCosts"]) == Decimal(r["totalCost"])
        assert sum(Decimal(s["cost"]) for s in r["topServices"]) == Decimal(r["totalCost"])  # ≤ 10 services each
        assert r["duration"] == len(r["dailyCosts"])
    frame = leases.records_frame(portfolio)
    assert set(frame["orgUnit"]) == {"Innovation", "Digital Services", "Data & Analytics", "Security", "Infrastructure"}
    assert (frame["endDate"].min().year, frame["endDate"].min().month) == (2024, 8)
    assert (frame["endDate"].max().year, frame["endDate"].max().month) == (2025, 1)
    assert frame["totalCost"].sum() == sum((Decimal(r["totalCost"]) for r in portfolio), Decimal(0))


def test_the_portfolio_shows_each_finding(portfolio: list[dict]) -> None:
    trends = leases.owner_trends(portfolio).set_index("ownerId")
    assert trends.loc["owner-0007", "rising"] and trends.loc["owner-0007", "consecutiveIncreases"] == 4
    anomalies = leases.service_anomalies(portfolio, only=True)
    nat = anomalies[(anomalies["service"] == NAT) & (anomalies["template"] == "web-app")]
    worst = nat.sort_values("deviation", ascending=False).iloc[0]
    assert worst["endDate"].month == 12 and worst["deviation"] > 5
    levels = set(leases.overages(portfolio)["level"])
    assert levels == {"over", "flag", "alert"}
    december = leases.chargeback(portfolio, month="2024-12")
    assert december["ActualCost"].sum() == sum((Decimal(r["totalCost"]) for r in portfolio
                                                if r["endDate"].startswith("2024-12")), Decimal(0))


def test_analysis_takes_any_iterable_once(portfolio: list[dict]) -> None:
    frame = leases.records_frame(iter(portfolio))
    assert len(frame) == 1000
    assert str(frame["totalCost"].dtype) == "decimal128(38, 10)[pyarrow]"


# --- the column-wise paths against the straightforward computation --------------------------------------------------


def _current_records(records: list[dict]) -> list[dict]:
    """Each lease's current record (newest collectedAt, then highest collection; a later record wins a
    tie), in the portfolio's order: end date, collection time, lease id."""
    chosen: dict[str, dict] = {}
    for r in records:
        key = (r["collectedAt"], -1 if r["collection"] is None else r["collection"])
        old = chosen.get(r["leaseId"])
        if old is None or key >= (old["collectedAt"], -1 if old["collection"] is None else old["collection"]):
            chosen[r["leaseId"]] = r
    return sorted(chosen.values(), key=lambda r: (r["endDate"], r["collectedAt"], r["leaseId"]))


def _half_up(x: Fraction) -> int:
    return int(abs(x) + Fraction(1, 2)) * (1 if x >= 0 else -1)


def reference_anomalies(records: list[dict], by: tuple[str, ...] = ("template", "orgUnit"),
                        factor: Fraction = Fraction(2)) -> list[tuple]:
    """service_anomalies lease by lease: a dict of running (sum, count) per (peer group, service)."""
    sums: dict[tuple, tuple[Fraction, int]] = {}
    rows = []
    for r in _current_records(records):
        key = next((k for k in by if r[k] is not None), None)
        for s in sorted(r["topServices"], key=lambda s: s["service"]):  # stable: a service named twice keeps its order
            cost = Fraction(Decimal(s["cost"]))
            cell = (key, r[key] if key else None, s["service"])
            total, count = sums.get(cell, (Fraction(0), 0)) if key else (Fraction(0), 0)
            if count:
                mean = total / count
                expected = Decimal(round(mean * 10**10)).scaleb(-10)          # half-even
                deviation = None if total == 0 else Decimal(_half_up(cost / mean * 100)).scaleb(-2)
                anomaly = cost > factor * mean
            else:
                expected = deviation = anomaly = None
            rows.append((r["leaseId"], s["service"], key, r[key] if key else None, count, expected, deviation, anomaly))
            if key:
                sums[cell] = (total + cost, count + 1)
    return rows


def reference_csv(records: list[dict], month: str) -> str:
    """The chargeback CSV record by record with Python's csv module and format_amount."""
    from costmodel.leases._chargeback import format_amount

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(leases.CHARGEBACK_COLUMNS)
    rows = [r for r in _current_records(records) if r["endDate"][:7] == month]
    for r in sorted(rows, key=lambda r: (r["startDate"], r["leaseId"])):
        symbol = leases.CURRENCY_SYMBOLS.get(r["currency"], f"{r['currency']} ")
        start, end = dt.date.fromisoformat(r["startDate"]), dt.date.fromisoformat(r["endDate"])
        budget = None if r["budget"] is None else Decimal(r["budget"])
        total = Decimal(r["totalCost"])
        writer.writerow([r["orgUnit"] or "", r["ownerEmail"] or r["ownerId"], r["leaseId"], r["accountId"], r["startDate"],
                         r["endDate"], (end - start).days,
                         "" if budget is None else format_amount(budget, symbol, whole=True), format_amount(total, symbol),
                         "" if budget is None else format_amount(total - budget, symbol, signed=True)])
    return out.getvalue()


def _anomaly_rows(frame: pd.DataFrame) -> list[tuple]:
    def value(x: object) -> object:
        return None if x is pd.NA or x is None else x

    return [(r.leaseId, r.service, value(r.peerKey), value(r.peerGroup), int(r.peers), value(r.expected),
             value(r.deviation), None if r.anomaly is pd.NA else bool(r.anomaly)) for r in frame.itertuples()]


_text = st.text(alphabet=st.sampled_from(list('ab ,"\né')), min_size=1, max_size=4)
_amount = st.one_of(st.integers(-10**6, 10**8).map(lambda c: str(Decimal(c).scaleb(-2))),
                    st.integers(-10**6, 10**8).map(lambda c: str(Decimal(c).scaleb(-4))))  # dicts may hold more places


@st.composite
def portfolios(draw: st.DrawFn) -> list[dict]:
    records = []
    ids = draw(st.lists(_text, min_size=0, max_size=12))
    for lease in ids:
        end = dt.date(2024, 11, 20) + dt.timedelta(days=draw(st.integers(0, 50)))
        services = draw(st.lists(st.tuples(st.sampled_from([EC2, S3, NAT, "x,y"]), _amount), max_size=5))
        item = record(lease, draw(_amount), draw(st.one_of(st.none(), _amount)), end=end.isoformat(),
                      start=(end - dt.timedelta(days=draw(st.integers(0, 40)))).isoformat(),
                      owner=draw(st.sampled_from(["o1", "o,2"])), email=draw(st.sampled_from([None, "", "a@b", 'q"@b'])),
                      org=draw(st.sampled_from([None, "Innovation", "Data, AI"])),
                      template=draw(st.sampled_from([None, "web", "ml"])), currency=draw(st.sampled_from(["GBP", "USD", "CHF"])),
                      collected=draw(st.integers(1_730_000_000, 1_737_000_000)),
                      collection=draw(st.sampled_from([None, 1, 2])), services=services)
        records.append(item)
    return records


@given(portfolios())
def test_the_column_wise_anomalies_equal_the_lease_by_lease_ones(records: list[dict]) -> None:
    assert _anomaly_rows(leases.service_anomalies(records)) == reference_anomalies(records)
    only = leases.service_anomalies(leases.lease_columns(records), by=("template",), factor="1.5", only=True)
    assert _anomaly_rows(only) == [r for r in reference_anomalies(records, ("template",), Fraction(3, 2)) if r[-1]]


@given(portfolios())
def test_the_column_wise_csv_equals_the_row_by_row_one(records: list[dict]) -> None:
    for month in ("2024-11", "2024-12", "2025-01"):
        text = leases.chargeback_csv(records, month=month)
        assert text == reference_csv(records, month)
        assert leases.chargeback_csv(leases.chargeback(leases.lease_columns(records), month=month)) == text


@given(portfolios(), st.sampled_from([None, "US$", "a,b"]))
def test_the_kernel_equals_the_arrow_column_path(records: list[dict], symbol: str | None) -> None:
    """The C++ kernel (select, order and write in one pass) and the Arrow kernels' column-wise CSV agree for
    every way of choosing the month, from records and from a frame, and the kernel is the path taken."""
    from costmodel.leases import _chargeback

    columns = leases.lease_columns(records)
    for by in ("end", "start", "collected"):
        for month in ("2024-12", "2025-01"):
            table = _chargeback._chargeback_table(columns, month, by)
            arrow_text = _chargeback._arrow_csv_columns(table, symbol)
            kernel_text = _chargeback._records_csv(columns, month, by, symbol)
            assert kernel_text is not None and kernel_text == arrow_text
            assert leases.chargeback_csv(columns, month=month, by=by, currency_symbol=symbol) == arrow_text
            frame = leases.chargeback(columns, month=month, by=by)
            assert leases.chargeback_csv(frame, currency_symbol=symbol) == arrow_text


def test_the_kernel_reads_dictionary_and_large_string_columns_in_place() -> None:
    """A frame whose text columns are dictionary-encoded or large strings (as polars and DuckDB give them)
    is written by the kernel with the same text."""
    from costmodel.leases import _chargeback

    frame = leases.chargeback(SEED_RECORDS, month="2024-01", by="start")
    table = _chargeback._frame_table(frame)
    assert table is not None
    changed = {name: (pc.dictionary_encode(table.column(name)) if name in ("OrgUnit", "Currency")
                      else table.column(name).cast(pa.large_string()) if name in ("LeaseID", "OwnerEmail")
                      else table.column(name)) for name in table.column_names}
    columns = {role: _chargeback._single(changed[name]) for name, role in _chargeback._FRAME_ROLES.items()}
    assert str(columns["orgUnit"].type).startswith("dictionary") and columns["leaseId"].type == pa.large_string()
    assert _chargeback._chargeback_kernel(columns, None, 0, 0, None) == SEED_CSV
    # an offset into the arrays (a slice) is honoured: the second and third rows only
    sliced = {role: array.slice(1) for role, array in columns.items()}
    assert _chargeback._chargeback_kernel(sliced, None, 0, 0, None) == "".join(
        SEED_CSV.splitlines(keepends=True)[i] for i in (0, 2, 3))
    # a column of another layout (string_view; a decimal of another scale) is declined, not misread
    assert _chargeback._chargeback_kernel({**columns, "budget": columns["budget"].cast(pa.decimal128(38, 2))},
                                          None, 0, 0, None) is None
    assert _chargeback._chargeback_kernel({**columns, "leaseId": pa.array([1, 2, 3])}, None, 0, 0, None) is None


def test_an_odd_record_is_read_record_by_record_with_the_same_result() -> None:
    plain = [record("a", "10.00", services=[(EC2, "4.00")]), record("b", "30.00", services=[(EC2, "9.00")])]
    odd = [dict(r) for r in plain]
    odd[1]["ownerId"] = 7          # not a string: the column-wise reading declines, the careful one takes str(7)
    plain[1]["ownerId"] = "7"
    assert leases._analysis._fast_columns(odd) is None
    pd.testing.assert_frame_equal(leases.service_anomalies(odd), leases.service_anomalies(plain))
    assert leases.chargeback_csv(odd, month="2024-01") == leases.chargeback_csv(plain, month="2024-01")


def test_the_deviation_rounds_half_up() -> None:
    records = [record("a", "8.00", end="2024-01-01", services=[(S3, "8.00")]),
               record("b", "1.00", end="2024-01-02", services=[(S3, "1.00")])]
    row = leases.service_anomalies(records).set_index("leaseId").loc["b"]
    assert row["deviation"] == Decimal("0.13")   # 1.00 ÷ 8.00 = 0.125: half-up, not half-even's 0.12
    assert _anomaly_rows(leases.service_anomalies(records)) == reference_anomalies(records)


def test_a_negative_earlier_mean_gives_a_signed_deviation() -> None:
    records = [record("a", "-10.00", end="2024-01-01", services=[(S3, "-10.00")]),    # a credit
               record("b", "30.00", end="2024-01-02", services=[(S3, "30.00")])]
    row = leases.service_anomalies(records).set_index("leaseId").loc["b"]
    # mean −10.00; 30.00 > 2 × −10.00; deviation 30.00 ÷ −10.00 = −3.00
    assert row["expected"] == Decimal("-10") and row["deviation"] == Decimal("-3.00") and bool(row["anomaly"])


def test_amounts_beyond_int64_arithmetic_stay_exact() -> None:
    big = "12345678901234567.89"   # 1.2e16: its cents fit in int64, but cents × peers × 100 does not
    records = [record("a", big, "1", end="2024-01-01", services=[(S3, big)]),
               record("b", big, "1", end="2024-01-02", services=[(S3, big)])]
    row = leases.service_anomalies(records).set_index("leaseId").loc["b"]
    assert row["expected"] == Decimal(big) and row["deviation"] == Decimal("1.00") and not row["anomaly"]
    line = leases.chargeback_csv(records, month="2024-01").splitlines()[1]
    assert line.endswith(f",£1,£{big},+£12345678901234566.89")
    huge = "123456789012345678.91"  # its cents are beyond int64: the CSV is written with Decimals
    line = leases.chargeback_csv([record("a", huge, "1")], month="2024-01").splitlines()[1]
    assert line.endswith(f",£1,£{huge},+£123456789012345677.91")


def test_running_sums_beyond_int64_fall_back_exactly() -> None:
    """Earlier costs summing past 2^63 cents take the exact path: the same verdicts and means as the
    straightforward computation."""
    big = "40000000000000000.00"   # 4e18 cents each: three of them pass int64
    records = [record(lease, big, "1", end=f"2024-01-0{i + 1}", services=[(S3, big)]) for i, lease in enumerate("abcde")]
    records.append(record("f", "1.00", "1", end="2024-01-07", services=[(S3, "90000000000000000.00")]))
    assert _anomaly_rows(leases.service_anomalies(records)) == reference_anomalies(records)
    frame = leases.service_anomalies(records).set_index("leaseId")
    assert frame.loc["e", "peers"] == 4 and frame.loc["e", "expected"] == Decimal(big) and not frame.loc["e", "anomaly"]
    assert bool(frame.loc["f", "anomaly"])  # 9e16 > 2 × 4e16


def test_the_running_sums_kernel_by_hand() -> None:
    import numpy as np

    from costmodel import _core

    keys = np.array([0, 1, 0, -1, 0, 1], dtype=np.int64)
    values = np.array([5, 7, 2, 100, 1, 3], dtype=np.int64)
    before, earlier = np.empty(6, dtype=np.int64), np.empty(6, dtype=np.int64)
    assert _core.exclusive_running_sums(keys, values, 2, before, earlier)
    assert before.tolist() == [0, 0, 5, 0, 7, 7] and earlier.tolist() == [0, 0, 1, 0, 2, 1]
    assert not _core.exclusive_running_sums(keys, values, 1, before, earlier)          # key 1 out of range
    huge = np.array([2**62, 2**62, 2**62], dtype=np.int64)
    assert not _core.exclusive_running_sums(np.zeros(3, dtype=np.int64), huge, 1, before[:3], earlier[:3])
    with pytest.raises(TypeError, match="int64"):
        _core.exclusive_running_sums(keys.astype(np.int32), values, 2, before, earlier)


def test_a_carriage_return_or_a_newline_in_a_field_is_quoted() -> None:
    records = [record("a\rb", "1.00", org="line\nbreak"), record("c", "2.00", org="tab\there")]
    text = leases.chargeback_csv(records, month="2024-01")
    assert text.split("\n", 1)[1].startswith('"line\nbreak",')
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [(r[0], r[2]) for r in rows[1:]] == [("line\nbreak", "a\rb"), ("tab\there", "c")]
    assert '"a\rb"' in text and "tab\there," in text


def test_an_edited_frame_is_written_row_by_row_the_same_way() -> None:
    frame = leases.chargeback(SEED_RECORDS, month="2024-01", by="start")
    edited = frame.astype({"OrgUnit": object, "Budget": object})   # Python objects: the row-by-row writer
    assert leases._chargeback._frame_table(edited) is None
    assert leases.chargeback_csv(edited) == leases.chargeback_csv(frame) == SEED_CSV


def test_the_store_reads_its_records_into_the_same_columns(portfolio: list[dict], tmp_path: Path) -> None:
    store = leases.SqliteStore(tmp_path / "p.sqlite")
    for item in _generator().history(portfolio):  # the earlier collections too, each as the store takes it
        store.put_collection(item)
    columns = store.current_columns()
    assert isinstance(columns, leases.LeaseColumns) and columns.current and len(columns) == len(portfolio)
    # read in the portfolio's order (end date, collection time, lease id), so the analyses only check it
    order = [(r["endDate"], r["collectedAt"], r["leaseId"]) for r in
             columns.leases.select(["endDate", "collectedAt", "leaseId"]).to_pylist()]
    assert order == sorted(order)
    assert leases.lease_columns(store).leases.num_rows == len(portfolio)
    from_dicts = list(store.current_records())
    pd.testing.assert_frame_equal(leases.records_frame(columns), leases.records_frame(from_dicts))
    pd.testing.assert_frame_equal(leases.service_anomalies(columns), leases.service_anomalies(from_dicts))
    assert leases.chargeback_csv(columns, month="2024-12") == leases.chargeback_csv(from_dicts, month="2024-12")
    store.close()
    empty = leases.SqliteStore(tmp_path / "empty.sqlite").current_columns()
    assert len(empty) == 0 and leases.chargeback_csv(empty, month="2024-12") == ",".join(leases.CHARGEBACK_COLUMNS) + "\n"

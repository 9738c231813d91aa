"""The lease store (costmodel.leases SqliteStore and DynamoDBStore): one suite run against both, a
SQLite file in tmp_path and DynamoDB on the moto server of conftest.py (fixture dynamodb)."""

from __future__ import annotations

import json
import random
import os
import sqlite3
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import costmodel
from costmodel import cli
from costmodel.leases import DynamoDBStore, LeaseStore, SqliteStore, StoreError, open_store, validate_record
from costmodel.leases import _store_sqlite

PAGE_SIZE = 2
DAY = 86_400
T0 = 1_735_689_600  # 2025-01-01T00:00:00Z


def record(lease: str = "lease-1", *, collection: int = 1, collected_at: int | None = None,
           account: str = "111111111111", owner: str = "alice", total: str = "100.00",
           budget: str | None = "200.00", **changes: Any) -> dict[str, Any]:
    """A record whose report figures follow the shared rules from ``total`` and ``budget``."""
    result: dict[str, Any] = {
        "leaseId": lease, "accountId": account, "startDate": "2025-01-01", "endDate": "2025-01-03",
        "ownerId": owner, "ownerEmail": f"{owner}@example.org", "orgUnit": "Innovation", "template": "basic",
        "tags": {"team": "x"},
        "collectedAt": T0 + collection * DAY if collected_at is None else collected_at,
        "collection": collection, "dataSource": "ACTUAL", "estimatedDays": [], "final": False, "finalCost": None,
        "currency": "USD", "totalCost": total, "budget": budget, "overBudget": None, "variance": None,
        "variancePercent": None, "status": None, "duration": 3, "costPerDay": None,
        "dailyCosts": [{"date": "2025-01-01", "cost": "10.00"}, {"date": "2025-01-02", "cost": "0.10"}],
        "topServices": [{"service": "Amazon EC2", "cost": "10.10"}],
        "topRegions": [{"region": "us-east-1", "cost": "10.10"}],
        "chargebackGenerated": False, "chargebackAmount": None, "chargebackDate": None,
    }
    exact_total = Decimal(total)
    result["costPerDay"] = str((exact_total / 3).quantize(Decimal("0.01"), ROUND_HALF_UP))
    if budget is not None and Decimal(budget) == 0:
        # Budget 0: no percentage; over budget when anything was spent, and then an alert.
        result.update(overBudget=exact_total > 0, variance=total, status="alert" if exact_total > 0 else "compliant")
    elif budget is not None:
        exact_budget = Decimal(budget)
        variance = exact_total - exact_budget
        ratio = variance / exact_budget
        result.update(overBudget=variance > 0, variance=str(variance),
                      variancePercent=str((ratio * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)),
                      status="alert" if ratio > Decimal("0.5") else "flag" if ratio > Decimal("0.1")
                      else "over" if variance > 0 else "compliant")
    result.update(changes)
    return result


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> LeaseStore:
    if request.param == "sqlite":
        opened: LeaseStore = SqliteStore(tmp_path / "leases.sqlite")
    else:
        client = request.getfixturevalue("dynamodb")
        opened = DynamoDBStore("CostReports", endpoint_url=client.meta.endpoint_url, page_size=PAGE_SIZE)
        opened.create_tables()
    yield opened
    opened.close()


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["leaseId"] for r in records]


# --- records: writing and reading back -----------------------------------------------------------------


def test_a_record_comes_back_exactly_as_written(store: LeaseStore) -> None:
    written = record(total="1234.50", budget="1000.00", finalCost="1234.50", estimatedDays=["2025-01-03"],
                     dataSource="ESTIMATED", tags={})
    # 1234.50 - 1000.00 = 234.50; 234.50 / 1000 * 100 = 23.45 -> 23.5 (half-up); 0.2345 > 0.1: flag
    assert (written["variance"], written["variancePercent"], written["status"]) == ("234.50", "23.5", "flag")
    store.put_collection(written)
    assert store.current("lease-1") == written
    assert store.history("lease-1") == [written]
    assert store.current("lease-unknown") is None and store.history("lease-unknown") == []
    # No budget: the nulls stay nulls (DynamoDB leaves them out and reads them back as None).
    store.put_collection(record("lease-2", budget=None))
    assert store.current("lease-2")["budget"] is None and store.current("lease-2")["variancePercent"] is None


def test_amounts_keep_two_fractional_digits_through_dynamodb_numbers(store: LeaseStore) -> None:
    # DynamoDB answers 100.00 as 100 and 0.10 as 0.1; the store gives back the record's strings.
    written = record(total="100.00", budget="100.00", chargebackAmount="0.10", chargebackGenerated=True,
                     chargebackDate=T0)
    assert written["variancePercent"] == "0.0"
    store.put_collection(written)
    back = store.current("lease-1")
    assert (back["totalCost"], back["variance"], back["variancePercent"], back["chargebackAmount"]) == \
        ("100.00", "0.00", "0.0", "0.10")
    assert back["dailyCosts"][1] == {"date": "2025-01-02", "cost": "0.10"}


def test_history_is_kept_across_collections_and_current_is_the_newest(store: LeaseStore) -> None:
    first = record(total="50.00", dataSource="ESTIMATED")
    second = record(collection=2, total="55.00")
    third = record(collection=3, total="55.00", final=True, finalCost="55.00")
    for r in (first, second, third):
        store.put_collection(r)
    assert store.history("lease-1") == [first, second, third]  # oldest first
    assert store.current("lease-1") == third
    # The indexes hold the current record only: one per lease.
    assert store.by_account("111111111111") == [third]
    assert store.by_owner("alice") == [third]
    assert list(store.current_records()) == [third]
    # Both stores read the current records into the same columns: one row, the third collection's.
    columns = store.current_columns()
    assert columns.current and columns.leases.num_rows == 1
    assert columns.leases.column("collection").to_pylist() == [3]
    assert str(columns.leases.column("totalCost")[0].as_py().normalize()) == "55"


def test_current_columns_come_in_the_portfolios_order(store: LeaseStore) -> None:
    # end date first, then collection time, then lease id (byte order): not the order of writing or of ids
    store.put_collection(record("lease-a", endDate="2025-02-01", account="111111111111"))
    store.put_collection(record("lease-b", endDate="2025-01-03", collected_at=T0 + 5 * DAY, account="222222222222"))
    store.put_collection(record("lease-c", endDate="2025-01-03", collected_at=T0 + 2 * DAY, account="333333333333"))
    store.put_collection(record("lease-B", endDate="2025-01-03", collected_at=T0 + 5 * DAY, account="444444444444"))
    ids = store.current_columns().leases.column("leaseId").to_pylist()
    assert ids == ["lease-c", "lease-B", "lease-b", "lease-a"]


def test_a_duplicate_or_out_of_order_collection_is_refused_and_writes_nothing(store: LeaseStore) -> None:
    first = record()
    store.put_collection(first)
    with pytest.raises(StoreError, match="collection 1 .*nothing written|collection 1 is not the next"):
        store.put_collection(record(collected_at=first["collectedAt"] + 5))  # (leaseId, collection) exists
    with pytest.raises(StoreError, match="collectedAt"):
        store.put_collection(record(collection=2, collected_at=first["collectedAt"]))  # (leaseId, collectedAt)
    with pytest.raises(StoreError, match="collection 3 is not the next one"):
        store.put_collection(record(collection=3))
    with pytest.raises(StoreError, match="collection 2 is not the next one .*no collection"):
        store.put_collection(record("lease-new", collection=2))
    assert store.history("lease-1") == [first]
    assert store.current("lease-new") is None


def test_by_account_and_by_owner_are_ordered_by_collected_at(store: LeaseStore) -> None:
    # Three leases of account A collected on days 3, 1, 2 and one of account B; owners alice/bob.
    store.put_collection(record("l-c", collected_at=T0 + 3 * DAY, owner="alice"))
    store.put_collection(record("l-a", collected_at=T0 + 1 * DAY, owner="bob"))
    store.put_collection(record("l-b", collected_at=T0 + 2 * DAY, owner="alice"))
    store.put_collection(record("l-x", account="222222222222", collected_at=T0 + 4 * DAY, owner="alice"))
    assert ids(store.by_account("111111111111")) == ["l-a", "l-b", "l-c"]
    assert ids(store.by_account("111111111111", newest_first=True)) == ["l-c", "l-b", "l-a"]
    assert ids(store.by_owner("alice")) == ["l-b", "l-c", "l-x"]
    assert ids(store.by_owner("alice", newest_first=True)) == ["l-x", "l-c", "l-b"]
    assert store.by_account("333333333333") == []
    # A re-collection of l-a on day 5 moves it to the end; its old record leaves the index.
    store.put_collection(record("l-a", collection=2, collected_at=T0 + 5 * DAY, owner="bob"))
    assert ids(store.by_account("111111111111")) == ["l-b", "l-c", "l-a"]
    assert [r["collection"] for r in store.by_owner("bob")] == [2]


def test_over_budget_is_in_exact_decimal_order_of_variance_percent(store: LeaseStore) -> None:
    # Budget 100.00: 210.00 -> +110.0 %, 110.50 -> +10.5 %, 110.30 -> +10.3 %, 109.90 -> +9.9 %,
    # 99.00 -> -1.0 % (not over). As text "9.9" > "110.0" > "10.5": the order must be numeric.
    for lease, total in (("l-99", "109.90"), ("l-1050", "110.50"), ("l-under", "99.00"), ("l-110", "210.00"),
                         ("l-1030", "110.30")):
        store.put_collection(record(lease, budget="100.00", total=total))
    over = store.over_budget()
    assert [(r["leaseId"], r["variancePercent"]) for r in over] == \
        [("l-110", "110.0"), ("l-1050", "10.5"), ("l-1030", "10.3"), ("l-99", "9.9")]
    assert ids(store.over_budget(limit=2)) == ["l-110", "l-1050"]
    # A re-collection that brings l-110 under budget takes it out of the index.
    store.put_collection(record("l-110", collection=2, budget="100.00", total="100.00"))
    assert ids(store.over_budget()) == ["l-1050", "l-1030", "l-99"]


def test_reads_follow_every_page(store: LeaseStore) -> None:
    # 7 leases of one account: with DynamoDB pages of 2 items that is 4 pages for each access path.
    calls = []
    if isinstance(store, DynamoDBStore):
        store.client.meta.events.register("after-call.dynamodb", lambda **kw: calls.append(kw["model"].name))
    for index in range(7):
        store.put_collection(record(f"l-{index}", collected_at=T0 + index * DAY, budget="10.00",
                                    total=f"{11 + index}.00"))
    calls.clear()
    assert ids(store.by_account("111111111111")) == [f"l-{index}" for index in range(7)]
    assert ids(store.by_owner("alice", newest_first=True)) == [f"l-{index}" for index in reversed(range(7))]
    # 17.00 over 10.00 is +70.0 %, … 11.00 is +10.0 %: the newest lease is the most over.
    assert ids(store.over_budget()) == [f"l-{index}" for index in reversed(range(7))]
    assert sorted(ids(list(store.current_records()))) == [f"l-{index}" for index in range(7)]
    if isinstance(store, DynamoDBStore):
        # 7 items in pages of 2: 4 Query pages per index (the last one may come back empty: 4 or 5),
        # and as many Scan pages.
        assert calls.count("Query") >= 3 * 4
        assert calls.count("Scan") >= 4


def test_mark_charged_back_updates_the_current_record_once(store: LeaseStore) -> None:
    store.put_collection(record())
    store.put_collection(record(collection=2))
    assert store.mark_charged_back("lease-1", "100.00", T0 + 40 * DAY) is True
    assert store.mark_charged_back("lease-1", "100.00", T0 + 40 * DAY) is False  # idempotent
    current = store.current("lease-1")
    assert (current["chargebackGenerated"], current["chargebackAmount"], current["chargebackDate"]) == \
        (True, "100.00", T0 + 40 * DAY)
    assert store.history("lease-1")[0]["chargebackGenerated"] is False  # only the current record
    with pytest.raises(StoreError, match="was charged back 100.00"):
        store.mark_charged_back("lease-1", "99.00", T0 + 40 * DAY)
    with pytest.raises(StoreError, match="no record"):
        store.mark_charged_back("lease-none", "1.00", T0)
    with pytest.raises(costmodel.InputError, match="amount"):
        store.mark_charged_back("lease-1", "100", T0)


# --- atomic writes -------------------------------------------------------------------------------------


def event(kind: str = "CostDataCollected", key: str = "1", lease: str = "lease-1", **more: Any) -> dict[str, Any]:
    return {"leaseId": lease, "kind": kind, "key": key, "detail": {"totalCost": "100.00", "final": False},
            "createdAt": T0, **more}


def test_a_collection_and_its_events_are_written_together(store: LeaseStore) -> None:
    store.put_collection(record(), events=[event(), event("BudgetOverage", "")])
    assert [(e["id"], e["sentAt"]) for e in store.events("lease-1")] == \
        [("lease-1#BudgetOverage#", None), ("lease-1#CostDataCollected#1", None)]


def test_a_conflicting_event_cancels_the_whole_collection(store: LeaseStore) -> None:
    first = record()
    store.put_collection(first, events=[event()])
    # Collection 2 carries an event that exists already: the record, the index change on collection 1
    # and the other event are all refused.
    with pytest.raises(StoreError, match="lease-1#CostDataCollected#1 exists.*nothing written"):
        store.put_collection(record(collection=2), events=[event("BudgetOverage", ""), event()])
    assert store.history("lease-1") == [first]
    assert store.by_account("111111111111") == [first]
    assert [e["kind"] for e in store.events("lease-1")] == ["CostDataCollected"]
    store.put_collection(record(collection=2), events=[event(key="2")])  # and the lease goes on
    assert [r["collection"] for r in store.history("lease-1")] == [1, 2]


def test_sqlite_an_error_half_way_through_the_transaction_leaves_nothing(tmp_path: Any,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = SqliteStore(tmp_path / "leases.sqlite")
    first = record()
    store.put_collection(first)

    def broken(self: SqliteStore, event: dict[str, Any]) -> None:
        raise OSError("disk went away")

    # The record is inserted and collection 1 demoted before the event insert fails.
    monkeypatch.setattr(_store_sqlite.SqliteStore, "_insert_event", broken)
    with pytest.raises(OSError, match="disk went away"):
        store.put_collection(record(collection=2), events=[event()])
    assert store.history("lease-1") == [first] and store.current("lease-1") == first
    assert store.by_account("111111111111") == [first]
    # Another connection sees the same: nothing was committed.
    raw = sqlite3.connect(tmp_path / "leases.sqlite")
    assert raw.execute("SELECT collection, is_current FROM lease_records").fetchall() == [(1, 1)]
    assert raw.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    assert raw.execute("PRAGMA user_version").fetchone() == (_store_sqlite.SCHEMA_VERSION,)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sqlite_refuses_a_file_of_a_newer_schema(tmp_path: Any) -> None:
    path = tmp_path / "leases.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 7")
    raw.close()
    with pytest.raises(StoreError, match="schema version 7 is newer"):
        SqliteStore(path)


# --- validation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "path", "message"), [
    ({"totalCost": 100.0}, "totalCost", "expected a decimal string with 2 fractional digits"),
    ({"totalCost": "100.5"}, "totalCost", "got '100.5'"),
    ({"budget": "1e3"}, "budget", "got '1e3'"),
    ({"variancePercent": "10.25"}, "variancePercent", "1 fractional digit"),
    ({"accountId": "12345"}, "accountId", "12-digit account id"),
    ({"collection": 0}, "collection", "at least 1"),
    ({"collectedAt": "yesterday"}, "collectedAt", "whole number"),
    ({"final": "no"}, "final", "true or false"),
    ({"startDate": "2025-02-30"}, "startDate", "YYYY-MM-DD"),
    ({"status": "complaint"}, "status", "did you mean 'compliant'"),
    ({"dataSource": "AWS_COST_EXPLORER"}, "dataSource", "ACTUAL, ESTIMATED"),
    ({"dailyCosts": [{"date": "2025-01-01", "cost": "1.00"}, {"date": "2025-01-02", "cost": 2}]},
     "dailyCosts[1].cost", "got 2"),
    ({"topServices": [{"name": "EC2", "cost": "1.00"}]}, "topServices[0]", "{service, cost}"),
    ({"tags": {"team": 1}}, "tags.team", "expected a string"),
    ({"leaseId": "a#b"}, "leaseId", "'#'"),
])
def test_a_malformed_record_is_an_input_error_naming_key_and_value(store: LeaseStore, changes: dict[str, Any],
                                                                     path: str, message: str) -> None:
    bad = record(**changes)
    with pytest.raises(costmodel.InputError) as caught:
        store.put_collection(bad)
    assert caught.value.path == path
    assert caught.value.source.startswith("<lease record")
    assert message in caught.value.message
    assert list(store.current_records()) == []


def test_unknown_missing_and_null_rule_keys_are_named() -> None:
    bad = record()
    bad["totalcost"] = bad.pop("totalCost")
    with pytest.raises(costmodel.InputError, match="unknown key .did you mean 'totalCost'") as caught:
        validate_record(bad)
    assert (caught.value.source, caught.value.path) == ("<lease record lease-1>", "totalcost")
    missing = record()
    del missing["ownerId"]
    with pytest.raises(costmodel.InputError, match="missing key") as caught:
        validate_record(missing)
    assert caught.value.path == "ownerId"
    with pytest.raises(costmodel.InputError, match="must be null when budget is null") as caught:
        validate_record(record(budget=None, overBudget=False))
    assert caught.value.path == "overBudget"
    # -0.00 is kept as 0.00 in both stores (DynamoDB has no negative zero).
    assert validate_record(record(variance="-0.00", budget="100.00", total="100.00"))["variance"] == "0.00"


# --- collector state -----------------------------------------------------------------------------------


CREATED = {"leaseId": "lease-1", "accountId": "111111111111", "startDate": "2025-01-01", "budget": "200.00",
           "ownerId": "alice", "tags": {"team": "x"}}
TERMINATED = {"leaseId": "lease-1", "accountId": "111111111111", "terminatedAt": T0 + 2 * DAY}


def test_leases_merge_created_and_terminated_idempotently(store: LeaseStore) -> None:
    assert store.put_lease(CREATED) is True
    assert store.put_lease(CREATED) is False  # the same event twice changes nothing
    assert store.get_lease("lease-1") == {**CREATED, "status": "active"}
    assert store.put_lease(TERMINATED) is True
    assert store.put_lease(TERMINATED) is False
    assert store.get_lease("lease-1") == {**CREATED, "terminatedAt": T0 + 2 * DAY, "status": "terminated"}
    # Terminated before created (events out of order) ends the same.
    assert store.put_lease({**TERMINATED, "leaseId": "lease-2"}) is True
    assert store.put_lease({**CREATED, "leaseId": "lease-2"}) is True
    assert store.get_lease("lease-2") == {**CREATED, "leaseId": "lease-2", "terminatedAt": T0 + 2 * DAY,
                                          "status": "terminated"}
    store.put_lease({**CREATED, "leaseId": "lease-3"})
    assert [lease["leaseId"] for lease in store.leases()] == ["lease-1", "lease-2", "lease-3"]
    assert [lease["leaseId"] for lease in store.leases("active")] == ["lease-3"]
    assert store.set_lease_status("lease-1", "final") is True
    assert store.set_lease_status("lease-1", "final") is False
    assert store.put_lease(TERMINATED) is False  # final stays final
    assert [lease["leaseId"] for lease in store.leases("final")] == ["lease-1"]
    assert [lease["leaseId"] for lease in store.leases("terminated")] == ["lease-2"]
    assert store.get_lease("lease-none") is None
    with pytest.raises(costmodel.InputError, match="did you mean 'final'"):
        store.leases("finals")
    with pytest.raises(costmodel.InputError, match="not floats") as caught:
        store.put_lease({**CREATED, "budget": 200.0})
    assert caught.value.path == "budget"


def test_the_query_cache_keeps_pages_exactly_also_when_big(store: LeaseStore) -> None:
    small = [{"ResultsByTime": [{"Groups": [{"Metrics": {"UnblendedCost": {"Amount": "0.0000000001"}}}]}]}]
    assert store.cached_response("q1") is None
    store.cache_response("q1", small)
    assert store.cached_response("q1") == small
    # About 1.3 MB of random hex: over an item's 400 KB even compressed (hex packs to about half), so
    # DynamoDB keeps it as several compressed parts.
    rng = random.Random(1)
    big = [{"ResultsByTime": [{"Groups": [{"Keys": [f"{rng.getrandbits(128):032x}" for _ in range(4)],
                                           "Metrics": {"UnblendedCost": {"Amount": f"{index}.01", "Unit": "USD"}}}
                                          for index in range(8000)]}]}]
    assert len(json.dumps(big)) > 1_000_000
    store.cache_response("q2", big)
    assert store.cached_response("q2") == big
    store.cache_response("q2", small)  # replaced by a small one
    assert store.cached_response("q2") == small
    long_key = json.dumps({"TimePeriod": {"Start": "2025-01-01"}, "Filter": ["1" * 12] * 300})
    store.cache_response(long_key, small)  # a key longer than DynamoDB's 2 KB partition key
    assert store.cached_response(long_key) == small


def test_the_request_log_sums_requests_since_a_time(store: LeaseStore) -> None:
    store.record_requests(T0, 3)
    store.record_requests(T0 + 1800, 2)
    store.record_requests(T0 + 3600, 4)
    store.record_requests(T0 + 3600, 1)  # the same second twice: both count
    assert store.requests_since(T0) == 10         # 3 + 2 + 4 + 1
    assert store.requests_since(T0 + 1) == 7      # 2 + 4 + 1
    assert store.requests_since(T0 + 3600) == 5   # 4 + 1
    assert store.requests_since(T0 + 3601) == 0


def test_outbox_events_are_unique_and_claimed_once(store: LeaseStore) -> None:
    assert store.add_event(event("BudgetThresholdReached", "50", detail={"threshold": 50, "spent": "100.00"}))
    assert store.add_event(event("BudgetThresholdReached", "50")) is False  # unique by (leaseId, kind, key)
    assert store.add_event(event("BudgetThresholdReached", "75", createdAt=T0 + 10))
    assert store.add_event(event("CostDataCollected", "1", lease="lease-2", createdAt=T0 + 5))
    assert [e["id"] for e in store.events()] == \
        ["lease-1#BudgetThresholdReached#50", "lease-2#CostDataCollected#1", "lease-1#BudgetThresholdReached#75"]
    first = store.events("lease-1")[0]
    assert first == {"id": "lease-1#BudgetThresholdReached#50", "leaseId": "lease-1",
                     "kind": "BudgetThresholdReached", "key": "50", "detail": {"threshold": 50, "spent": "100.00"},
                     "createdAt": T0, "sentAt": None}
    assert store.claim_event(first["id"], at=T0 + 60) is True
    assert store.claim_event(first["id"], at=T0 + 61) is False  # a second runner does not send it again
    assert store.claim_event("lease-9#Nothing#x") is False
    assert [e["id"] for e in store.events(pending=True)] == \
        ["lease-2#CostDataCollected#1", "lease-1#BudgetThresholdReached#75"]
    assert [(e["id"], e["sentAt"]) for e in store.events("lease-1", pending=False)] == [(first["id"], T0 + 60)]
    with pytest.raises(costmodel.InputError, match="not floats"):
        store.add_event(event(detail={"spent": 1.5}))
    with pytest.raises(costmodel.InputError, match="expected 'lease-1#Kind#k'"):
        store.add_event(event("Kind", "k", id="other"))


# --- open_store, create-table and the commands ------------------------------------------------------------


def test_open_store_picks_the_store_from_the_spec(tmp_path: Any, dynamodb: Any) -> None:
    sqlite_store = open_store(str(tmp_path / "a.sqlite"))
    assert isinstance(sqlite_store, SqliteStore) and isinstance(sqlite_store, LeaseStore)
    dynamo = open_store("dynamodb:Leases", endpoint_url=dynamodb.meta.endpoint_url)
    assert isinstance(dynamo, DynamoDBStore) and (dynamo.records_table, dynamo.state_table) == \
        ("Leases", "LeasesState")
    with pytest.raises(costmodel.InputError, match="table name"):
        open_store("dynamodb:x")
    with pytest.raises(costmodel.InputError, match="for a DynamoDB store"):
        open_store(str(tmp_path / "b.sqlite"), endpoint_url="http://127.0.0.1:1")
    with pytest.raises(StoreError, match="does not exist .*create-table"):
        dynamo.current("lease-1")


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_create_table_on_moto_makes_the_tables_and_indexes(dynamodb: Any, capsys: pytest.CaptureFixture[str]) -> None:
    url = dynamodb.meta.endpoint_url
    code, out, err = run("leases", "create-table", "--store", "dynamodb:CostReports", "--endpoint-url", url,
                         capsys=capsys)
    assert code == 0, err
    assert "created DynamoDB table CostReports (PAY_PER_REQUEST)" in out
    assert "created DynamoDB table CostReportsState" in out and "ACTIVE" in out
    table = dynamodb.describe_table(TableName="CostReports")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert {(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]} == \
        {("leaseId", "HASH"), ("collectedAt", "RANGE")}
    indexes = {index["IndexName"]: [k["AttributeName"] for k in index["KeySchema"]]
               for index in table["GlobalSecondaryIndexes"]}
    assert indexes == {"CostsByAccount": ["indexAccountId", "collectedAt"],
                       "CostsByOwner": ["indexOwnerId", "collectedAt"],
                       "OverBudgetLeases": ["overBudgetIndex", "variancePercent"]}
    types = {d["AttributeName"]: d["AttributeType"] for d in table["AttributeDefinitions"]}
    assert types["overBudgetIndex"] == "S" and types["variancePercent"] == "N"  # no BOOL key
    state = dynamodb.describe_table(TableName="CostReportsState")["Table"]
    assert [k["AttributeName"] for k in state["KeySchema"]] == ["pk", "sk"]
    # Run again: nothing to create, and it says so.
    code, out, _ = run("leases", "create-table", "--store", "dynamodb:CostReports", "--endpoint-url", url,
                       capsys=capsys)
    assert code == 0 and "CostReports exists already: left as is" in out


def test_dynamodb_items_hold_numbers_maps_and_lists(dynamodb: Any) -> None:
    store = DynamoDBStore("CostReports", endpoint_url=dynamodb.meta.endpoint_url)
    store.create_tables()
    store.put_collection(record(total="250.00", budget="200.00"))
    store.put_collection(record(collection=2, total="260.00", budget="200.00"))
    items = sorted(dynamodb.scan(TableName="CostReports")["Items"], key=lambda item: item["collection"]["N"])
    old, new = items
    assert new["totalCost"] == {"N": "260"} or new["totalCost"] == {"N": "260.00"}
    assert new["dailyCosts"]["L"][0]["M"]["cost"]["N"] in ("10", "10.00")
    assert new["tags"] == {"M": {"team": {"S": "x"}}}
    assert new["overBudget"] == {"BOOL": True} and new["overBudgetIndex"] == {"S": "OVER"}
    assert "finalCost" not in new  # a null is left out
    assert {"indexAccountId", "indexOwnerId", "overBudgetIndex"} <= set(new)
    assert not {"indexAccountId", "indexOwnerId", "overBudgetIndex"} & set(old)  # history: out of the indexes
    assert old["accountId"] == {"S": "111111111111"}  # but still the whole record


@pytest.fixture(params=["sqlite", "dynamodb"])
def filled(request: pytest.FixtureRequest, tmp_path: Any) -> tuple[list[str], LeaseStore]:
    if request.param == "sqlite":
        path = str(tmp_path / "cli.sqlite")
        options = ["--store", path]
        store: LeaseStore = SqliteStore(path)
    else:
        client = request.getfixturevalue("dynamodb")
        options = ["--store", "dynamodb:Costs", "--endpoint-url", client.meta.endpoint_url]
        store = DynamoDBStore("Costs", endpoint_url=client.meta.endpoint_url)
        store.create_tables()
    store.put_collection(record("lease-a", total="120.00", budget="100.00", collected_at=T0 + DAY))
    store.put_collection(record("lease-a", collection=2, total="150.50", budget="100.00", collected_at=T0 + 2 * DAY))
    store.put_collection(record("lease-b", total="80.00", budget="100.00", owner="bob", collected_at=T0 + 3 * DAY))
    store.put_collection(record("lease-c", total="101.00", budget="100.00", account="222222222222",
                                collected_at=T0 + 4 * DAY))
    return options, store


def test_the_history_command(filled: tuple[list[str], LeaseStore], capsys: pytest.CaptureFixture[str]) -> None:
    options, _ = filled
    code, out, err = run("leases", "history", "lease-a", *options, capsys=capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["collection", "collectedAt", "dataSource", "final", "totalCost", "budget",
                                "variance", "variancePercent", "status", "currency"]
    # 150.50 - 100.00 = 50.50, +50.5 %: 0.505 > 0.5, alert; 120.00: +20.0 %, flag.
    assert lines[2].split() == ["1", "2025-01-02T00:00:00Z", "ACTUAL", "no", "120.00", "100.00", "20.00", "20.0",
                                "flag", "USD"]
    assert lines[3].split() == ["2", "2025-01-03T00:00:00Z", "ACTUAL", "no", "150.50", "100.00", "50.50", "50.5",
                                "alert", "USD"]
    code, out, _ = run("leases", "history", "lease-a", *options, "--format", "json", capsys=capsys)
    assert [r["totalCost"] for r in json.loads(out)] == ["120.00", "150.50"]
    code, _, err = run("leases", "history", "lease-zzz", *options, capsys=capsys)
    assert code == 2 and "no collections of lease lease-zzz" in err


def test_the_show_command(filled: tuple[list[str], LeaseStore], capsys: pytest.CaptureFixture[str]) -> None:
    options, _ = filled
    code, out, err = run("leases", "show", *options, "--format", "json", capsys=capsys)
    assert code == 0, err
    assert [(r["leaseId"], r["collection"]) for r in json.loads(out)] == [("lease-a", 2), ("lease-b", 1),
                                                                            ("lease-c", 1)]
    code, out, _ = run("leases", "show", "--account", "111111111111", *options, capsys=capsys)
    rows = out.splitlines()
    assert rows[0].split()[:3] == ["leaseId", "accountId", "ownerId"]
    assert [row.split()[0] for row in rows[2:]] == ["lease-a", "lease-b"]
    code, out, _ = run("leases", "show", "--owner", "alice", "--newest-first", *options, capsys=capsys)
    assert [row.split()[0] for row in out.splitlines()[2:]] == ["lease-c", "lease-a"]
    code, out, _ = run("leases", "show", "--over-budget", *options, "--format", "csv", capsys=capsys)
    lines = out.splitlines()
    assert lines[0] == "leaseId,accountId,ownerId,endDate,collection,collectedAt,totalCost,budget,variance," \
                       "variancePercent,status,currency"
    # lease-a +50.5 % before lease-c +1.0 %; lease-b is under budget.
    assert [line.split(",")[0] for line in lines[1:]] == ["lease-a", "lease-c"]
    assert lines[1].split(",")[6:] == ["150.50", "100.00", "50.50", "50.5", "alert", "USD"]
    with pytest.raises(SystemExit) as stopped:
        cli.main(["leases", "show", "--account", "1", "--owner", "alice", *options])
    assert stopped.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    code, _, err = run("leases", "show", "--newest-first", *options, capsys=capsys)
    assert code == 2 and "--newest-first goes with --account or --owner" in err


# --- more than one writer, and properties ------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "dynamodb"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Any) -> tuple[LeaseStore, LeaseStore]:
    """Two stores on the same data: two connections to one file, or two clients on one pair of tables."""
    if request.param == "sqlite":
        pair: tuple[LeaseStore, LeaseStore] = (SqliteStore(tmp_path / "shared.sqlite"),
                                               SqliteStore(tmp_path / "shared.sqlite"))
    else:
        url = request.getfixturevalue("dynamodb").meta.endpoint_url
        pair = (DynamoDBStore("Shared", endpoint_url=url), DynamoDBStore("Shared", endpoint_url=url))
        pair[0].create_tables()
    yield pair
    for opened in pair:
        opened.close()


def test_of_two_runners_only_one_claims_an_event(two_stores: tuple[LeaseStore, LeaseStore]) -> None:
    one, other = two_stores
    assert one.add_event(event())
    assert other.add_event(event()) is False
    assert one.claim_event("lease-1#CostDataCollected#1", at=T0 + 1) is True
    assert other.claim_event("lease-1#CostDataCollected#1", at=T0 + 2) is False
    assert [e["sentAt"] for e in other.events()] == [T0 + 1]


def test_a_second_writer_of_the_same_collection_is_refused(two_stores: tuple[LeaseStore, LeaseStore],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    one, other = two_stores
    first = record()
    one.put_collection(first)
    # The other writer read the lease before the first write landed: it believes there is no
    # collection yet and writes collection 1 at another time. The store must still refuse it.
    if isinstance(other, DynamoDBStore):
        monkeypatch.setattr(other, "_newest_item", lambda lease_id: None)
        with pytest.raises(StoreError, match="collection counter moved"):
            other.put_collection(record(collected_at=first["collectedAt"] + 60))
    else:
        with pytest.raises(StoreError, match="exists; nothing written"):
            other.put_collection(record(collected_at=first["collectedAt"] + 60))
    assert one.history("lease-1") == [first]


def test_a_zero_budget_overage_has_no_percentage_and_is_not_ranked(store: LeaseStore) -> None:
    # Budget 0: variancePercent null, overBudget = total > 0 (the shared rules).
    store.put_collection(record("l-zero", budget="0.00", total="5.00"))
    store.put_collection(record("l-over", budget="100.00", total="101.00"))
    assert store.current("l-zero")["overBudget"] is True and store.current("l-zero")["variancePercent"] is None
    assert ids(store.over_budget()) == ["l-over"]


def test_the_request_log_and_the_cache_check_their_input(store: LeaseStore) -> None:
    with pytest.raises(costmodel.InputError, match="at least 0"):
        store.record_requests(-1, 1)
    with pytest.raises(costmodel.InputError, match="whole number"):
        store.record_requests(T0, 1.5)  # type: ignore[arg-type]
    with pytest.raises(costmodel.InputError, match="list of GetCostAndUsage pages"):
        store.cache_response("q", {"ResultsByTime": []})  # type: ignore[arg-type]
    assert store.requests_since(0) == 0


def test_dynamodb_splits_a_big_cached_response_into_compressed_parts(dynamodb: Any) -> None:
    store = DynamoDBStore("CostReports", endpoint_url=dynamodb.meta.endpoint_url)
    store.create_tables()
    rng = random.Random(2)
    big = [{"Keys": [f"{rng.getrandbits(256):064x}" for _ in range(5000)]}]  # 5000 × 66 bytes ≈ 330 KB…
    big.append({"Keys": [f"{rng.getrandbits(256):064x}" for _ in range(15000)]})  # … ≈ 1.3 MB in all
    store.cache_response("big", big)
    parts = dynamodb.query(TableName="CostReportsState", KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": {"S": store._cache_pk("big")}})["Items"]
    # hex text compresses to about half: ≈ 0.7 MB in parts of at most 350 000 bytes -> 2 or 3 parts
    assert 2 <= len(parts) <= 3 and parts[0]["encoding"] == {"S": "zlib"}
    assert all(len(part["data"]["B"]) <= 350_000 for part in parts)
    assert store.cached_response("big") == big
    assert store.cached_response("other") is None


def test_create_table_for_sqlite_makes_the_file(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.sqlite"
    code, out, err = run("leases", "create-table", "--store", str(path), capsys=capsys)
    assert code == 0, err
    assert path.exists() and f"schema version {_store_sqlite.SCHEMA_VERSION}" in out and "query_claims" in out
    code, _, err = run("leases", "create-table", "--store", str(path), "--profile", "p", capsys=capsys)
    assert code == 2 and "for a DynamoDB store" in err



cents = st.integers(min_value=-(10 ** 26), max_value=10 ** 26).map(
    lambda units: f"{'-' if units < 0 else ''}{abs(units) // 100}.{abs(units) % 100:02d}")


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(total=cents, day=st.lists(cents, min_size=1, max_size=4), budget=st.one_of(st.none(), cents))
def test_any_amount_comes_back_as_written(store: LeaseStore, total: str, day: list[str], budget: str | None) -> None:
    # Up to 26 integer digits and 2 fractional: within DynamoDB's 38 significant digits.
    written = record(f"p-{uuid.uuid4().hex}", total="1.00", budget=None, totalCost=total,
                     dailyCosts=[{"date": f"2025-01-0{i + 1}", "cost": c} for i, c in enumerate(day)],
                     chargebackAmount=budget)
    stored = validate_record(written)  # -0.00 -> 0.00, nothing else changes
    assert {k: v for k, v in stored.items() if k not in ("totalCost", "dailyCosts", "chargebackAmount")} == \
        {k: v for k, v in written.items() if k not in ("totalCost", "dailyCosts", "chargebackAmount")}
    store.put_collection(written)
    back = store.current(written["leaseId"])
    assert back == stored
    assert Decimal(back["totalCost"]) == Decimal(total)
    assert [Decimal(d["cost"]) for d in back["dailyCosts"]] == [Decimal(c) for c in day]


def test_the_sqlite_store_does_not_import_boto3() -> None:
    import subprocess
    import sys

    code = "import sys, costmodel.leases as l; l.open_store(':memory:'); print('boto3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ}).stdout
    assert out.strip() == "False"


# --- the store as a context manager ---------------------------------------------------------------------


def test_a_sqlite_store_is_a_context_manager_that_closes_its_connection(tmp_path: Any) -> None:
    path = str(tmp_path / "with.sqlite")
    with open_store(path) as store:
        assert isinstance(store, LeaseStore)
        store.put_collection(record())
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        store.current("lease-1")
    # Closed on the way out of a block that fails, too; the data was committed before.
    with pytest.raises(RuntimeError, match="stop"):
        with open_store(path) as failing:
            assert failing.current("lease-1")["totalCost"] == "100.00"
            raise RuntimeError("stop")
    with pytest.raises(sqlite3.ProgrammingError):
        failing.history("lease-1")
    store.close()  # closing again is harmless


def test_a_store_that_cannot_open_keeps_no_connection(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "newer.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {_store_sqlite.SCHEMA_VERSION + 1}")
    raw.close()
    closed: list[bool] = []
    real = sqlite3.connect

    def tracked(*arguments: Any, **options: Any) -> Any:
        connection = real(*arguments, **options)

        class Tracked:
            def __getattr__(self, name: str) -> Any:
                return getattr(connection, name)

            def close(self) -> None:
                closed.append(True)
                connection.close()

        return Tracked()

    monkeypatch.setattr(_store_sqlite.sqlite3, "connect", tracked)
    with pytest.raises(StoreError, match="is newer"):
        SqliteStore(path)
    assert closed == [True]


def test_a_dynamodb_store_is_a_context_manager(dynamodb: Any) -> None:
    with open_store("dynamodb:WithTables", endpoint_url=dynamodb.meta.endpoint_url) as store:
        store.create_tables()
        store.put_collection(record())
        assert store.current("lease-1")["totalCost"] == "100.00"
    assert isinstance(store, DynamoDBStore)


# --- the time to live of the query cache and the request log, and the query claims -----------------------


def test_cached_answers_older_than_since_are_ignored_and_purged(store: LeaseStore) -> None:
    pages = [{"ResultsByTime": []}]
    store.cache_response("old", pages, at=T0)
    store.cache_response("new", pages, at=T0 + 7 * DAY)
    assert store.cached_response("old", since=T0) == pages          # cached at since: still live
    assert store.cached_response("old", since=T0 + 1) is None       # a second older: ignored
    assert store.cached_response("old") == pages                     # no since: no time to live
    store.record_requests(T0, 3)
    store.record_requests(T0 + 7 * DAY, 2)
    assert store.claim_query("q-old", {"leases": ["lease-1"]}, at=T0, stale_after=900)
    assert store.claim_query("q-new", {"leases": ["lease-2"]}, at=T0 + 7 * DAY, stale_after=900)
    # Everything before T0 + 1 s goes: one answer, one request-log entry, one claim.
    assert store.purge(T0 + 1) == 3
    assert store.cached_response("old") is None and store.cached_response("new") == pages
    assert store.requests_since(0) == 2
    assert [claim["key"] for claim in store.query_claims()] == ["q-new"]
    assert store.purge(T0 + 1) == 0  # nothing left to purge


def test_an_answer_cached_again_is_not_purged_by_its_first_time(store: LeaseStore) -> None:
    pages, newer = [{"ResultsByTime": []}], [{"ResultsByTime": [{"Total": {}}]}]
    store.cache_response("q", pages, at=T0)
    store.cache_response("q", newer, at=T0 + 3 * DAY)
    assert store.purge(T0 + DAY) == 0
    assert store.cached_response("q", since=T0 + DAY) == newer


def test_a_query_is_claimed_by_one_runner_until_released_or_stale(store: LeaseStore) -> None:
    claim = {"accounts": ["111111111111"], "start": "2025-01-01", "end": "2025-01-03", "collection": 1,
             "label": "", "leases": ["lease-1"]}
    assert store.claim_query("k", claim, at=T0, stale_after=900) is True
    assert store.claim_query("k", claim, at=T0 + 899, stale_after=900) is False  # held: in flight
    assert store.query_claims() == [{"key": "k", "claimedAt": T0, "claim": claim}]
    assert store.claim_query("k", {**claim, "leases": ["lease-2"]}, at=T0 + 900, stale_after=900) is True  # taken over
    assert store.query_claims()[0]["claim"]["leases"] == ["lease-2"]
    store.release_query("k")
    assert store.query_claims() == []
    store.release_query("k")  # releasing what is not held: nothing
    assert store.claim_query("k", claim, at=T0 + 901, stale_after=900) is True
    with pytest.raises(costmodel.InputError, match="not floats"):
        store.claim_query("f", {"share": 0.5}, at=T0, stale_after=900)


def test_a_sqlite_file_of_schema_1_is_upgraded_and_its_old_answers_expire(tmp_path: Any) -> None:
    path = tmp_path / "v1.sqlite"
    raw = sqlite3.connect(path)
    raw.executescript("""
        CREATE TABLE query_cache (key TEXT PRIMARY KEY, pages TEXT NOT NULL);
        CREATE TABLE request_log (at INTEGER NOT NULL, count INTEGER NOT NULL);
        INSERT INTO query_cache VALUES ('k', '[{"ResultsByTime": []}]');
        INSERT INTO request_log VALUES (1735689600, 4);
        PRAGMA user_version = 1;
    """)
    raw.close()
    with SqliteStore(path) as store:
        assert store.cached_response("k") == [{"ResultsByTime": []}]  # kept, with no time: cached at 0
        assert store.cached_response("k", since=1) is None
        assert store.requests_since(0) == 4
        assert store.purge(T0) == 1 and store.cached_response("k") is None
        assert store.query_claims() == []
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (_store_sqlite.SCHEMA_VERSION,)
    with SqliteStore(path) as again:  # opening an upgraded file again changes nothing
        assert again.requests_since(0) == 4


def test_the_commands_close_their_store_also_when_they_fail(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from costmodel.leases import _active, _cli_collect, _cli_store

    closed: list[str] = []

    class Tracked(SqliteStore):
        def close(self) -> None:
            closed.append(self.path)
            super().close()

    path = str(tmp_path / "tracked.sqlite")
    monkeypatch.setattr(_cli_store, "store_from_args", lambda args: Tracked(args.store))
    for arguments in (["leases", "create-table"], ["leases", "show"], ["leases", "history", "lease-zzz"]):
        run(*arguments, "--store", path, capsys=capsys)
    assert closed == [path] * 3  # history of an unknown lease fails after its store is closed

    def broken(*arguments: Any, **options: Any) -> Any:
        raise RuntimeError("the check broke")

    monkeypatch.setattr(_cli_collect, "_store", lambda args: Tracked(args.store))
    monkeypatch.setattr(_active, "check_active", broken)
    with pytest.raises(RuntimeError, match="the check broke"):
        cli.main(["leases", "check", "--store", path, "--now", str(T0)])
    assert closed == [path] * 4

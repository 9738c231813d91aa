"""costmodel.leases.collect: which leases are due when, how they are batched, the hourly budget of
requests; then whole runs on the moto server (Cost Explorer, EventBridge → SQS) with a SQLite store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from costmodel.leases._collect import Batch, DueLease, batch_requests, collection_round, due_collection, fit_budget, \
    next_run_after, plan_batches

T = 1706842800  # 2024-02-02T03:00:00Z, a termination
H = 3600
UTC = dt.timezone.utc


def lease(lease_id: str, account: str, start: str = "2024-01-30", end: str = "2024-02-02",
          terminated: int = T) -> dict[str, Any]:
    return {"leaseId": lease_id, "accountId": account, "startDate": start, "endDate": end, "terminatedAt": terminated}


def account(i: int) -> str:
    return f"{100000000000 + i:012d}"


# --- due --------------------------------------------------------------------------------------------


def test_collection_k_is_due_24_hours_times_k_after_termination() -> None:
    assert due_collection(T, 0, False, T + 24 * H - 1) is None       # 1 s before 24 h
    assert due_collection(T, 0, False, T + 24 * H) == 1
    assert due_collection(T, 1, False, T + 47 * H) is None           # the first is done, 48 h not reached
    assert due_collection(T, 1, False, T + 48 * H) == 2
    assert due_collection(T, 2, False, T + 72 * H) == 3
    assert due_collection(T, 3, True, T + 100 * H) is None           # three collections: done
    assert due_collection(T, 1, True, T + 48 * H) is None            # final at the first: done


def test_missed_rounds_give_one_collection_numbered_next() -> None:
    # Nothing ran for 80 hours: one collection now, the first, and it is the 72-hour one (final).
    assert due_collection(T, 0, False, T + 80 * H) == 1
    assert collection_round(T, T + 80 * H) == 3
    assert due_collection(T, 1, False, T + 80 * H) == 2  # and the next run, the second
    assert collection_round(T, T + 50 * H) == 2


# --- batches ----------------------------------------------------------------------------------------


def test_one_account_is_one_request_grouped_by_service_and_region() -> None:
    (request,) = batch_requests(dt.date(2024, 1, 30), dt.date(2024, 2, 2), ["123456789012"])
    assert request == {"TimePeriod": {"Start": "2024-01-30", "End": "2024-02-03"}, "Granularity": "DAILY",
                       "Metrics": ["UnblendedCost"],
                       "Filter": {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": ["123456789012"]}},
                       "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}, {"Type": "DIMENSION", "Key": "REGION"}]}


def test_several_accounts_are_two_requests_with_linked_account_first() -> None:
    by_service, by_region = batch_requests(dt.date(2024, 12, 30), dt.date(2024, 12, 31), ["111111111111",
                                                                                          "222222222222"])
    # The last day of the year is counted: End is the next year's first day.
    assert by_service["TimePeriod"] == {"Start": "2024-12-30", "End": "2025-01-01"}
    assert [g["Key"] for g in by_service["GroupBy"]] == ["LINKED_ACCOUNT", "SERVICE"]
    assert [g["Key"] for g in by_region["GroupBy"]] == ["LINKED_ACCOUNT", "REGION"]
    assert by_service["Filter"] == by_region["Filter"]


def test_leases_are_grouped_by_period_and_collection_in_batches_of_100_accounts() -> None:
    due = [DueLease(lease(f"A{i:03d}", account(i), terminated=T + i), 1, 1) for i in range(250)]
    due += [DueLease(lease("B1", account(900), start="2024-01-01", terminated=T - 10), 1, 1),
            DueLease(lease("C1", account(901), terminated=T - 20), 2, 2)]  # same period, second collection
    batches = plan_batches(due)
    # C1 (terminated first) and B1 come alone; the 250 A leases of one period make 100 + 100 + 50.
    assert [(b.start.isoformat(), b.collection, len(b.accounts)) for b in batches] == [
        ("2024-01-30", 2, 1), ("2024-01-01", 1, 1), ("2024-01-30", 1, 100), ("2024-01-30", 1, 100),
        ("2024-01-30", 1, 50)]
    assert [len(b.requests) for b in batches] == [1, 1, 2, 2, 2]
    assert [d.lease_id for d in batches[2].leases] == [f"A{i:03d}" for i in range(100)]  # termination order
    assert batches[4].accounts == tuple(account(i) for i in range(200, 250))
    assert batches[0].cache_key == f"{account(901)}|2024-01-30|2024-02-03|round 2"
    assert batches[2].cache_key.startswith(f"{account(0)},{account(1)},")
    assert batches[2].cache_key.endswith(f"{account(99)}|2024-01-30|2024-02-03|round 1")
    # The same due leases in another order give the same batches (the cache keys are stable).
    assert plan_batches(list(reversed(due))) == batches


def test_two_leases_of_one_account_in_one_period_share_the_account_in_the_filter() -> None:
    (batch,) = plan_batches([DueLease(lease("L1", account(1)), 1, 1), DueLease(lease("L2", account(1)), 1, 1)])
    assert batch.accounts == (account(1),) and len(batch.leases) == 2 and len(batch.requests) == 1


# --- the hourly budget ------------------------------------------------------------------------------


def batches_of(*sizes: int) -> list[Batch]:
    due = [DueLease(lease(f"L{i}", account(i), start=f"2024-01-{i + 1:02d}", terminated=T + i), 1, 1)
           for i in range(len(sizes))]
    made = plan_batches(due)
    # Each batch has one account (one request); give those meant to cost 2 a second request.
    return [Batch(b.start, b.end, b.collection, b.leases, b.accounts, b.requests * size)
            for b, size in zip(made, sizes)]


def test_batches_that_do_not_fit_the_hour_are_queued_and_a_smaller_one_may_still_run() -> None:
    batches = batches_of(2, 2, 2, 1)
    # 95 used in the last hour, 100 allowed: 2 (97), 2 (99), then 2 does not fit (101), 1 does (100).
    run, queued = fit_budget(batches, used=95, per_hour=100)
    assert run == [batches[0], batches[1], batches[3]] and queued == [batches[2]]
    # A cached batch costs nothing.
    run, queued = fit_budget(batches, used=100, per_hour=100, cached=lambda b: b is batches[2])
    assert run == [batches[2]] and queued == [batches[0], batches[1], batches[3]]


def test_the_next_run_is_when_enough_requests_have_aged_out() -> None:
    log = [(T - 50 * 60, 60), (T - 20 * 60, 40)]  # 60 requests 50 min ago, 40 requests 20 min ago

    def since(at: int) -> int:
        return sum(count for when, count in log if when >= at)

    # 100 used, 2 needed: the 60 of 50 minutes ago are exactly an hour old 10 minutes from now (still
    # "in the last hour", at >= now − 3600), so out at the next whole minute, 11 minutes from now.
    assert next_run_after(T, 2, 100, since) == T + 11 * 60
    # 61 needed: only when the 40 age out too, 41 minutes from now.
    assert next_run_after(T, 61, 100, since) == T + 41 * 60


# --- active leases: thresholds and forecast milestones ---------------------------------------------


def test_thresholds_are_reached_exactly() -> None:
    from decimal import Decimal

    from costmodel.leases._active import reached_thresholds

    budget = Decimal("200")
    assert reached_thresholds(Decimal("99.99"), budget) == []            # 49.995 %
    assert reached_thresholds(Decimal("100.00"), budget) == [50]         # 50 % exactly counts
    assert reached_thresholds(Decimal("149.99"), budget) == [50]
    assert reached_thresholds(Decimal("180.00"), budget) == [50, 75, 90]
    assert reached_thresholds(Decimal("0.01"), Decimal("0")) == [50, 75, 90]  # budget 0: any spending
    assert reached_thresholds(Decimal("0"), Decimal("0")) == []


def test_forecast_milestones_are_shares_of_the_planned_duration() -> None:
    from costmodel.leases._active import daily_series, forecast_milestones

    start, end = T, T + 10 * 24 * H  # a 10-day lease
    assert forecast_milestones(start, end, start + 59 * H) == []           # 24.6 %
    assert forecast_milestones(start, end, start + 60 * H) == [25]         # 60 h of 240 h = 25 %
    assert forecast_milestones(start, end, start + 180 * H) == [25, 50, 75]
    assert forecast_milestones(start, start, start) == []
    report = {"dailyCosts": [{"date": "2024-01-31", "cost": "2.00"}]}
    assert daily_series(report, dt.date(2024, 1, 30), dt.date(2024, 2, 1)) == ["0", "2.00", "0"]


def test_the_command_reads_now_with_a_zone_or_as_epoch_seconds() -> None:
    import costmodel
    from costmodel.leases._cli_collect import parse_now

    assert parse_now("2024-02-03T03:00:00Z") == T + 24 * H
    assert parse_now("2024-02-03T04:00:00+01:00") == T + 24 * H
    assert parse_now(str(T)) == T
    with pytest.raises(costmodel.InputError) as raised:
        parse_now("2024-02-03T03:00:00")
    assert (raised.value.path, raised.value.value) == ("--now", "'2024-02-03T03:00:00'")
    assert "give a zone" in raised.value.message


# --- whole runs: moto's Cost Explorer and EventBridge, a SQLite store -------------------------------

EC2, S3, LAMBDA = "Amazon Elastic Compute Cloud - Compute", "Amazon Simple Storage Service", "AWS Lambda"
A1, A2, A3, A4 = "111111111111", "222222222222", "333333333333", "444444444444"
START = 1706695200  # 2024-01-31T10:00:00Z


def ce_response(rows: list[tuple[str, str, str, str, str]], keys: tuple[str, str], estimated: set[str] = frozenset(),
                days: tuple[str, ...] = ("2024-01-31", "2024-02-01", "2024-02-02")) -> dict[str, Any]:
    """A GetCostAndUsage answer grouped by ``keys`` from rows (day, account, service, region, amount)."""
    results = []
    for day in days:
        after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        groups = []
        for when, acct, service, region, amount in rows:
            if when != day:
                continue
            values = {"LINKED_ACCOUNT": acct, "SERVICE": service, "REGION": region}
            groups.append({"Keys": [values[k] for k in keys],
                           "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}})
        results.append({"TimePeriod": {"Start": day, "End": after}, "Total": {}, "Groups": groups,
                        "Estimated": day in estimated})
    return {"GroupDefinitions": [{"Type": "DIMENSION", "Key": k} for k in keys], "ResultsByTime": results,
            "DimensionValueAttributes": []}


def batch_answers(rows: list[tuple[str, str, str, str, str]], estimated: set[str] = frozenset()) -> list[dict]:
    return [ce_response(rows, ("LINKED_ACCOUNT", "SERVICE"), estimated),
            ce_response(rows, ("LINKED_ACCOUNT", "REGION"), estimated)]


# Round 1 (24 h): Feb 2 still Estimated; by 48 h AWS has revised A1's Feb 2 from 5.00 to 6.00.
ROUND_1 = [("2024-01-31", A1, EC2, "us-east-1", "10.00"), ("2024-01-31", A1, S3, "us-west-2", "0.505"),
           ("2024-01-31", A2, EC2, "us-east-1", "20.00"), ("2024-01-31", A3, LAMBDA, "us-east-1", "1.25"),
           ("2024-02-01", A1, EC2, "us-east-1", "10.00"), ("2024-02-01", A2, EC2, "us-east-1", "20.00"),
           ("2024-02-02", A1, EC2, "us-east-1", "5.00"), ("2024-02-02", A2, EC2, "us-east-1", "12.00")]
ROUND_2 = [row if row[:2] != ("2024-02-02", A1) else ("2024-02-02", A1, EC2, "us-east-1", "6.00") for row in ROUND_1]
# L4: one account, its own period (started a day earlier: Jan 30 .. Feb 2), terminated an hour before the
# others; the same figures at 24 h and 48 h, none Estimated.
L4_ROWS = [("2024-01-31", A4, EC2, "eu-west-1", "3.00"), ("2024-02-01", A4, EC2, "eu-west-1", "4.00")]
L4_ANSWER = ce_response(L4_ROWS, ("SERVICE", "REGION"), days=("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"))


def terminated(lease_id: str, acct: str, budget: str | None, end: int = T, start: int = START) -> str:
    import json

    detail = {"leaseId": lease_id, "accountId": acct, "startDate": start, "terminatedAt": end, "ownerId": f"u-{acct[0]}",
              "ownerEmail": f"{acct[0]}@example.com", "orgUnit": "ou-sandbox", "template": "small",
              "tags": {"team": "data"}}
    if budget is not None:
        detail["budget"] = budget
    return json.dumps({"detail-type": "LeaseTerminated", "source": "isb.leases", "detail": detail})


def events_file(tmp_path) -> Any:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join([terminated("L1", A1, "100"), terminated("L2", A2, "50"), terminated("L3", A3, None),
                               terminated("L4", A4, "5", end=T - H, start=START - 24 * H)]) + "\n")
    return path


@pytest.fixture(params=["sqlite", "dynamodb"])
def store_options(request, tmp_path, moto_server) -> list[str]:
    """The --store options of the store the collector runs against: the embedded store, or DynamoDB on
    the moto server (tables of their own per test, so that the Cost Explorer queue and the event bus
    stay as they are), its tables created."""
    from costmodel.leases._store import open_store

    if request.param == "sqlite":
        return ["--store", str(tmp_path / "leases.sqlite")]
    name = "CostReports" + format(abs(hash(request.node.nodeid)) % 10**9, "09d")
    with open_store(f"dynamodb:{name}", endpoint_url=moto_server.endpoint_url) as made:
        made.create_tables()
    return ["--store", f"dynamodb:{name}", "--endpoint-url", moto_server.endpoint_url]


def open_from(options: list[str]) -> Any:
    """A new store on the data the options name (another process would open it so)."""
    from costmodel.leases._store import open_store

    spec = options[1]
    return open_store(spec, endpoint_url=options[3] if spec.startswith("dynamodb:") else None)


@pytest.fixture
def store(store_options):
    """The collector runs the same against the embedded store and against DynamoDB."""
    with open_from(store_options) as opened:
        yield opened


def fetcher(cost_explorer, **options: Any) -> Any:
    from costmodel.leases import default_fetch

    return default_fetch(endpoint_url=cost_explorer.endpoint_url, base_delay=0.001, max_delay=0.002, **options)


def test_three_collections_after_termination_to_final_reports_and_events(cost_explorer, event_bus, store,
                                                                         tmp_path) -> None:
    from costmodel.leases import EventBridgeSink, collect

    events = events_file(tmp_path)
    sink = EventBridgeSink(event_bus.name, endpoint_url=event_bus.endpoint_url)
    fetch = fetcher(cost_explorer)

    # 24 h: L4's batch first (it ended first): one request; then L1-L3 together: two.
    cost_explorer.queue(L4_ANSWER, *batch_answers(ROUND_1, {"2024-02-02"}))
    first = collect(events, store, now=T + 24 * H, fetch=fetch, sink=sink)
    assert (first.registered, first.due, first.batches, first.requests, first.cost) == (4, 4, 2, 3, Decimal("0.03"))
    assert sorted(first.collected) == ["L1", "L2", "L3", "L4"] and first.final == []
    bodies = cost_explorer.request_bodies()
    assert bodies[0]["Filter"] == {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": [A4]}}
    assert bodies[0]["TimePeriod"] == {"Start": "2024-01-30", "End": "2024-02-03"}  # L4: Jan 30 .. Feb 2
    assert bodies[1]["Filter"]["Dimensions"]["Values"] == [A1, A2, A3]
    assert bodies[1]["TimePeriod"] == {"Start": "2024-01-31", "End": "2024-02-03"}  # Feb 2 counted
    l1 = store.current("L1")
    # 10.00 + 0.505 + 10.00 + 5.00 = 25.505, half-up to cents at the output: 25.51.
    assert (l1["collection"], l1["totalCost"], l1["dataSource"], l1["estimatedDays"]) == (1, "25.51", "ESTIMATED",
                                                                                        ["2024-02-02"])
    assert (l1["final"], l1["finalCost"], l1["ownerId"], l1["template"]) == (False, None, "u-1", "small")
    l2 = store.current("L2")
    # 20 + 20 + 12 = 52 against 50: variance 2.00, 2 / 50 = 4.0 %, over.
    assert (l2["totalCost"], l2["overBudget"], l2["variance"], l2["variancePercent"], l2["status"]) == (
        "52.00", True, "2.00", "4.0", "over")

    # The same run again: nothing new.
    again = collect(events, store, now=T + 24 * H, fetch=fetch, sink=sink)
    assert (again.registered, again.due, again.requests, again.collected, again.events_created) == (0, 0, 0, [], 0)
    assert len(cost_explorer.request_bodies()) == 3

    # 48 h: AWS's figures changed, so the same requests get new answers.
    cost_explorer.forget_requests()
    cost_explorer.queue(L4_ANSWER, *batch_answers(ROUND_2))
    second = collect(events, store, now=T + 48 * H, fetch=fetch, sink=sink)
    assert (second.requests, sorted(second.collected), sorted(second.final)) == (3, ["L1", "L2", "L3", "L4"],
                                                                                 ["L3", "L4"])
    # L4 and L3 (whose only day with data, Jan 31, was never Estimated): the same report as at 24 h,
    # no Estimated day: final at their second collection.
    l4 = store.current("L4")
    assert (l4["collection"], l4["final"], l4["finalCost"], l4["overBudget"]) == (2, True, "7.00", True)
    l1 = store.current("L1")
    assert (l1["collection"], l1["totalCost"], l1["dataSource"], l1["final"]) == (2, "26.51", "ACTUAL", False)

    # 72 h: L1 and L2 once more (a new batch: two accounts, two requests): final whatever the data says.
    cost_explorer.queue(*batch_answers([row for row in ROUND_2 if row[1] in (A1, A2)]))
    third = collect(events, store, now=T + 72 * H, fetch=fetch, sink=sink)
    assert (third.requests, sorted(third.final)) == (2, ["L1", "L2"])
    assert cost_explorer.request_bodies()[-1]["Filter"]["Dimensions"]["Values"] == [A1, A2]
    assert [r["collection"] for r in store.history("L1")] == [1, 2, 3]
    l1 = store.current("L1")
    # 10.00 + 0.505 + 10.00 + 6.00 = 26.505 → 26.51; budget 100: variance −73.495, half-up (away from
    # zero) −73.50, from the exact value; −73.495 % → −73.5 %.
    assert (l1["finalCost"], l1["variance"], l1["variancePercent"], l1["status"]) == ("26.51", "-73.50", "-73.5",
                                                                                    "compliant")
    assert l1["topServices"] == [{"service": EC2, "cost": "26.00"}, {"service": S3, "cost": "0.51"}]
    assert l1["topRegions"] == [{"region": "us-east-1", "cost": "26.00"}, {"region": "us-west-2", "cost": "0.51"}]
    assert l1["dailyCosts"] == [{"date": "2024-01-31", "cost": "10.51"}, {"date": "2024-02-01", "cost": "10.00"},
                                {"date": "2024-02-02", "cost": "6.00"}]
    l3 = store.current("L3")
    assert (l3["collection"], l3["finalCost"], l3["budget"], l3["overBudget"], l3["status"]) == (
        2, "1.25", None, None, None)
    # Everything: 3 + 3 + 2 = 8 requests, USD 0.08.
    assert store.requests_since(0) == 8
    # Nothing due any more.
    assert collect(events, store, now=T + 200 * H, fetch=fetch, sink=sink).due == 0

    # The events, each once: L2 and L4 (7.00 against 5) over budget at 24 h, L3 and L4 final at 48 h,
    # L1 and L2 final at 72 h.
    received = event_bus.received()
    kinds = sorted((e["detail-type"], e["detail"]["leaseId"]) for e in received)
    assert kinds == [("BudgetOverage", "L2"), ("BudgetOverage", "L4"), ("CostDataCollected", "L1"),
                     ("CostDataCollected", "L2"), ("CostDataCollected", "L3"), ("CostDataCollected", "L4")]
    assert all(e["source"] == "isb.costs" for e in received)
    overage = next(e["detail"] for e in received if e["detail-type"] == "BudgetOverage" and
                   e["detail"]["leaseId"] == "L2")
    assert overage == {"leaseId": "L2", "accountId": A2, "totalCost": "52.00", "budget": "50.00", "variance": "2.00",
                       "variancePercent": "4.0", "currency": "USD"}
    collected = next(e["detail"] for e in received if e["detail"]["leaseId"] == "L1")
    assert collected == {"leaseId": "L1", "accountId": A1, "totalCost": "26.51", "budget": "100.00",
                         "overBudget": False, "currency": "USD", "final": True}
    assert all(e["sentAt"] is not None for e in store.events())

    # February's chargeback from the final records (by end date; ordered by start date, then lease):
    # Duration = EndDate − StartDate; Variance = ActualCost − Budget (26.51 − 100 = −73.49).
    from costmodel.leases import write_chargeback_csv

    write_chargeback_csv(store.current_records(), tmp_path / "chargeback.csv", month="2024-02")
    assert (tmp_path / "chargeback.csv").read_text().splitlines() == [
        "OrgUnit,OwnerEmail,LeaseID,AccountID,StartDate,EndDate,Duration,Budget,ActualCost,Variance",
        f"ou-sandbox,4@example.com,L4,{A4},2024-01-30,2024-02-02,3,$5,$7.00,+$2.00",
        f"ou-sandbox,1@example.com,L1,{A1},2024-01-31,2024-02-02,2,$100,$26.51,-$73.49",
        f"ou-sandbox,2@example.com,L2,{A2},2024-01-31,2024-02-02,2,$50,$52.00,+$2.00",
        f"ou-sandbox,3@example.com,L3,{A3},2024-01-31,2024-02-02,2,,$1.25,",
    ]


class ThrottledSession:
    """A boto3 session whose Cost Explorer client refuses the first ``refusals`` calls with
    ThrottlingException, then asks the moto server."""

    def __init__(self, refusals: int) -> None:
        import boto3

        self.session = boto3.Session(region_name="us-east-1")
        self.refusals = refusals
        self.calls = 0

    def client(self, name: str, **arguments: Any) -> Any:
        from botocore.exceptions import ClientError

        real = self.session.client(name, **arguments)
        outer = self

        class Client:
            def get_cost_and_usage(self, **request: Any) -> Any:
                outer.calls += 1
                if outer.refusals > 0:
                    outer.refusals -= 1
                    raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}},
                                      "GetCostAndUsage")
                return real.get_cost_and_usage(**request)

        return Client()


def test_throttling_is_retried_then_a_lease_that_still_fails_stays_due(cost_explorer, store, tmp_path) -> None:
    from costmodel.leases import collect

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L4", A4, "5", end=T - H, start=START - 24 * H) + "\n")
    # Two refusals, then the answer: the run succeeds after two retries.
    cost_explorer.queue(L4_ANSWER)
    session = ThrottledSession(2)
    run = collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer, session=session))
    assert (run.collected, run.throttled, run.requests, session.calls) == (["L4"], 2, 1, 3)

    # The next collection: refused four times with only three attempts allowed: failed, stays due.
    session = ThrottledSession(4)
    failed = collect(events, store, now=T + 48 * H, fetch=fetcher(cost_explorer, session=session, max_attempts=3))
    assert (failed.collected, [lease for lease, _ in failed.failed], failed.requests) == ([], ["L4"], 0)
    assert "still refused with ThrottlingException after 3 attempts" in failed.failed[0][1]
    (failure,) = [e for e in store.events(lease_id="L4") if e["kind"] == "CostCollectionFailed"]
    assert (failure["detail"]["attempts"], failure["detail"]["accountId"]) == (3, A4)
    # Failing again makes no second CostCollectionFailed; once AWS answers, the collection is made.
    collect(events, store, now=T + 48 * H + 60, fetch=fetcher(cost_explorer, session=ThrottledSession(9),
                                                             max_attempts=2))
    assert len([e for e in store.events(lease_id="L4") if e["kind"] == "CostCollectionFailed"]) == 1
    retried = collect(events, store, now=T + 48 * H + 120, fetch=fetcher(cost_explorer))
    assert (retried.collected, store.current("L4")["collection"]) == (["L4"], 2)


def test_a_crash_between_the_query_and_the_write_loses_nothing_and_repeats_nothing(cost_explorer, store, tmp_path,
                                                                                   monkeypatch) -> None:
    import costmodel
    from costmodel.leases import collect

    events = events_file(tmp_path)
    cost_explorer.queue(L4_ANSWER, *batch_answers(ROUND_1, {"2024-02-02"}))
    real = costmodel.lease_reports

    def crash(*arguments: Any, **options: Any) -> Any:
        raise RuntimeError("power cut")

    monkeypatch.setattr(costmodel, "lease_reports", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer))
    # The first batch's answer was kept before the crash; no record was written.
    assert store.requests_since(0) == 1 and store.current("L4") is None
    assert store.cached_response(f"{A4}|2024-01-30|2024-02-03|round 1") is not None
    monkeypatch.setattr(costmodel, "lease_reports", real)
    run = collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer))
    # L4 from the cache (no request), the other batch fetched now: 2 requests, each body sent once.
    assert (run.cached, run.requests, sorted(run.collected)) == (1, 2, ["L1", "L2", "L3", "L4"])
    bodies = cost_explorer.request_bodies()
    assert len(bodies) == 3 and store.requests_since(0) == 3
    assert [r["collection"] for r in store.history("L4")] == [1]


def test_the_hourly_budget_queues_the_rest_for_the_next_run(cost_explorer, store, tmp_path, capsys) -> None:
    from costmodel.leases import collect

    # Five single-account leases, each its own period (start day 20..24 January): one request each.
    lines, answers = [], []
    for i in range(5):
        acct = f"55555555555{i}"
        lines.append(terminated(f"Q{i}", acct, None, start=START - (11 - i) * 24 * H, end=T + i))
        answers.append(ce_response([("2024-02-02", acct, EC2, "us-east-1", f"{i + 1}.00")], ("SERVICE", "REGION"),
                                   days=("2024-02-02",)))
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines) + "\n")
    cost_explorer.queue(*answers)
    now = T + 24 * H + 30 * 60  # 2024-02-03T03:30Z
    run = collect(events, store, now=now, fetch=fetcher(cost_explorer), requests_per_hour=3, progress=True)
    assert (sorted(run.collected), run.queued, run.requests) == (["Q0", "Q1", "Q2"], ["Q3", "Q4"], 3)
    assert "collecting: 100%" in capsys.readouterr().err  # the progress bar over the 3 batches run
    # The three requests of 03:30 leave the last hour after 04:30: the next whole minute, 04:31.
    assert run.next_run == now + 61 * 60
    assert "2 leases queued, next run after 04:31 UTC" in run.summary()
    # Before then, nothing more is sent.
    early = collect(events, store, now=now + 30 * 60, fetch=fetcher(cost_explorer), requests_per_hour=3)
    assert (early.requests, early.collected, early.queued) == (0, [], ["Q3", "Q4"])
    later = collect(events, store, now=now + 61 * 60, fetch=fetcher(cost_explorer), requests_per_hour=3)
    assert (sorted(later.collected), later.queued, later.requests) == (["Q3", "Q4"], [], 2)
    assert store.current("Q4")["totalCost"] == "5.00"


def test_the_command_collects_and_prints_what_it_did(cost_explorer, tmp_path, capsys) -> None:
    import json

    from costmodel.cli import main

    events = events_file(tmp_path)
    cost_explorer.queue(L4_ANSWER, *batch_answers(ROUND_1, {"2024-02-02"}))
    out = tmp_path / "sent.jsonl"
    arguments = ["leases", "collect", str(events), "--store", str(tmp_path / "s.sqlite"), "--now",
                 "2024-02-03T03:00:00Z", "--endpoint-url", cost_explorer.endpoint_url, "--sink", f"jsonl:{out}"]
    assert main(arguments) == 0
    text = capsys.readouterr().out
    assert "4 lease events registered; 4 leases due for collection in 2 batches" in text
    assert "Cost Explorer: 3 requests at USD 0.01 each: USD 0.03" in text
    assert "4 leases collected, 0 final" in text
    sent = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(json.loads(e["Detail"])["leaseId"] for e in sent) == ["L2", "L4"]  # the two over budget
    assert all(e["DetailType"] == "BudgetOverage" for e in sent)
    assert main([*arguments, "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["requests"], again["collected"], again["eventsSent"]) == (0, [], 0)


def test_the_command_names_a_malformed_line_and_writes_nothing(tmp_path, capsys) -> None:
    from costmodel.cli import main

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L1", A1, "100") + "\n" + terminated("L2", "2222", "50") + "\n")
    store = tmp_path / "s.sqlite"
    assert main(["leases", "collect", str(events), "--store", str(store), "--now", str(T)]) == 2
    error = capsys.readouterr().err
    assert f"{events}:2: detail.accountId: " in error and "12 digits" in error and "'2222'" in error
    assert not store.exists()


# --- active leases on moto ---------------------------------------------------------------------------


def test_a_running_lease_reaches_thresholds_and_a_forecast_over_budget_once(cost_explorer, store, tmp_path) -> None:
    import json

    from costmodel.leases import JsonLinesSink, check_active, read_lease_events

    created = json.dumps({"type": "LeaseCreated", "leaseId": "R1", "accountId": A1, "startDate": "2024-01-31T00:00:00Z",
                          "expiresAt": "2024-02-10T00:00:00Z", "budget": "100", "ownerId": "u-1"})
    for event in read_lease_events([created]):
        store.put_lease(event.to_lease())
    rows = [(day, A1, EC2, "us-east-1", "20.00") for day in ("2024-01-31", "2024-02-01", "2024-02-02")]
    cost_explorer.queue(ce_response(rows, ("SERVICE", "REGION")))
    sink = JsonLinesSink(tmp_path / "sent.jsonl")
    now = int(dt.datetime(2024, 2, 3, 6, tzinfo=UTC).timestamp())
    run = check_active(store, now=now, fetch=fetcher(cost_explorer), sink=sink)
    # Jan 31 .. Feb 2 (yesterday): 3 × 20.00 = 60.00 of 100: 50 % reached, not 75 %.
    (body,) = cost_explorer.request_bodies()
    assert body["TimePeriod"] == {"Start": "2024-01-31", "End": "2024-02-03"}
    assert (run.requests, run.checked) == (1, ["R1"])
    # 78 h of the planned 240 h = 32.5 %: the 25 % forecast. The planned end's UTC day, Feb 10, is the
    # last day: Jan 31 .. Feb 10 = 11 days. A flat 20.00 a day: 60 + 8 × 20 = 220 > 100.
    assert run.forecasts == [("R1", 25, "220.00")]
    assert run.thresholds == [("R1", 50), ("R1", 100)]
    sent = {json.loads(line)["Detail"] for line in (tmp_path / "sent.jsonl").read_text().splitlines()}
    details = sorted((json.loads(d) for d in sent), key=lambda d: d["threshold"])
    assert details[0] == {"leaseId": "R1", "accountId": A1, "threshold": 50, "consumedPercent": "60.0",
                          "spent": "60.00", "budget": "100.00", "currency": "USD", "asOf": "2024-02-02"}
    assert (details[1]["threshold"], details[1]["forecast"], details[1]["estimate"]) == (100, "220.00", True)
    assert store.get_lease("R1")["forecasts"]["25"]["forecast"] == "220.00"
    # The same day again: from the cache, nothing new.
    again = check_active(store, now=now + H, fetch=fetcher(cost_explorer), sink=sink)
    assert (again.requests, again.cached, again.thresholds, again.forecasts, again.events_created) == (0, 1, [], [], 0)


def test_the_check_command_registers_nothing_and_prints_the_thresholds(cost_explorer, tmp_path, capsys) -> None:
    import json

    from costmodel.cli import main

    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"type": "LeaseCreated", "leaseId": "R2", "accountId": A2, "budget": "40",
                                  "startDate": "2024-02-01T09:00:00Z", "ownerId": "u-2"}) + "\n")
    store = str(tmp_path / "s.sqlite")
    common = ["--store", store, "--now", "2024-02-03T06:00:00Z", "--endpoint-url", cost_explorer.endpoint_url]
    assert main(["leases", "collect", str(events), *common]) == 0  # registers the running lease; nothing due
    assert "0 leases due" in capsys.readouterr().out
    rows = [("2024-02-01", A2, EC2, "us-east-1", "12.00"), ("2024-02-02", A2, EC2, "us-east-1", "19.00")]
    cost_explorer.queue(ce_response(rows, ("SERVICE", "REGION"), days=("2024-02-01", "2024-02-02")))
    assert main(["leases", "check", *common, "--format", "json"]) == 0
    done = json.loads(capsys.readouterr().out)
    # 12 + 19 = 31 of 40 = 77.5 %: 50 and 75 reached, not 90; no planned end, so no forecast.
    assert done["thresholds"] == [{"leaseId": "R2", "threshold": 50}, {"leaseId": "R2", "threshold": 75}]
    assert (done["requests"], done["requestCost"], done["forecasts"]) == (1, "0.01", [])


# --- active leases: a check every day, thresholds raised once across runs and restarts ----------------


def command(*arguments: str) -> str:
    """``costmodel ...`` in a new process (the store opened afresh, nothing of this process's state)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "costmodel.cli", *arguments], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def created(lease_id: str, acct: str, budget: str, start: str, planned_end: str | None = None) -> str:
    import json

    detail = {"type": "LeaseCreated", "leaseId": lease_id, "accountId": acct, "startDate": start, "budget": budget,
              "ownerId": "u-1"}
    if planned_end is not None:
        detail["expiresAt"] = planned_end
    return json.dumps(detail)


def sent_thresholds(path: Any) -> list[tuple[str, int]]:
    import json

    details = [json.loads(json.loads(line)["Detail"]) for line in path.read_text().splitlines()]
    return [(detail["leaseId"], detail["threshold"]) for detail in details]


def daily(acct: str, amounts: dict[str, str]) -> dict[str, Any]:
    rows = [(day, acct, EC2, "us-east-1", amount) for day, amount in amounts.items()]
    return ce_response(rows, ("SERVICE", "REGION"), days=tuple(amounts))


def test_a_check_each_day_raises_each_threshold_once_across_runs_and_restarts(cost_explorer, store_options,
                                                                               tmp_path) -> None:
    import json

    events = tmp_path / "events.jsonl"
    events.write_text(created("D1", A1, "100", "2024-02-01T00:00:00Z") + "\n")
    out = tmp_path / "sent.jsonl"
    common = [*store_options, "--endpoint-url", cost_explorer.endpoint_url, "--sink", f"jsonl:{out}",
              "--format", "json"]
    command("leases", "collect", str(events), *common, "--now", "2024-02-02T06:00:00Z")  # registers D1
    # Each day's check asks for the days to yesterday: a new request (a new End), the next queued answer.
    cost_explorer.queue(daily(A1, {"2024-02-01": "30.00", "2024-02-02": "25.00"}),
                        daily(A1, {"2024-02-01": "30.00", "2024-02-02": "25.00", "2024-02-03": "25.00"}),
                        daily(A1, {"2024-02-01": "30.00", "2024-02-02": "25.00", "2024-02-03": "25.00",
                                   "2024-02-04": "5.00"}),
                        daily(A1, {"2024-02-01": "30.00", "2024-02-02": "25.00", "2024-02-03": "25.00",
                                   "2024-02-04": "5.00", "2024-02-05": "10.00"}))
    runs = []
    for now in ("2024-02-03T06:00:00Z",   # 30 + 25 = 55 of 100: 50 %
                "2024-02-04T06:00:00Z",   # + 25 = 80: 75 % (50 % not again)
                "2024-02-04T07:00:00Z",   # the same day again, from the cache: nothing
                "2024-02-05T06:00:00Z",   # + 5 = 85: nothing
                "2024-02-06T06:00:00Z"):  # + 10 = 95: 90 %
        runs.append(json.loads(command("leases", "check", *common, "--now", now)))
    assert [[t["threshold"] for t in run["thresholds"]] for run in runs] == [[50], [75], [], [], [90]]
    assert [run["requests"] for run in runs] == [1, 1, 0, 1, 1]
    assert [run["eventsSent"] for run in runs] == [1, 1, 0, 0, 1]
    # The sink got each threshold once, in order; the store holds each once, all sent.
    assert sent_thresholds(out) == [("D1", 50), ("D1", 75), ("D1", 90)]
    with open_from(store_options) as store:
        kept = [(e["key"], e["sentAt"] is not None) for e in store.events(lease_id="D1")]
        assert sorted(kept) == [("50", True), ("75", True), ("90", True)]


def test_a_jump_past_50_and_75_in_one_day_raises_both_once_and_in_order(cost_explorer, store, tmp_path) -> None:
    from costmodel.leases import JsonLinesSink, check_active, read_lease_events

    # A 10-day lease (Feb 1 to its planned end, Feb 11 00:00: the days Feb 1 .. Feb 11) with a budget of 100.
    for lease_event in read_lease_events([created("J1", A2, "100", "2024-02-01T00:00:00Z", "2024-02-11T00:00:00Z")]):
        store.put_lease(lease_event.to_lease())
    sink = JsonLinesSink(tmp_path / "sent.jsonl")
    cost_explorer.queue(daily(A2, {"2024-02-01": "40.00"}),
                        daily(A2, {"2024-02-01": "40.00", "2024-02-02": "40.00"}),
                        daily(A2, {"2024-02-01": "40.00", "2024-02-02": "40.00", "2024-02-03": "5.00"}))

    def check(day: int, hour: int) -> Any:
        return check_active(store, now=int(dt.datetime(2024, 2, day, hour, tzinfo=UTC).timestamp()),
                            fetch=fetcher(cost_explorer), sink=sink)

    first = check(2, 6)   # Feb 1: 40 of 100 (40 %); 30 h of 240 h: no forecast yet
    assert (first.thresholds, first.forecasts) == ([], [])
    jump = check(3, 12)   # Feb 1, 2: 80 of 100 (80 %): 50 and 75 at once; 60 h of 240 h = 25 %: a forecast
    # Two days: the run rate, 80 ÷ 2 × 11 days = 440.00 > 100: the forecast's threshold 100 too.
    assert jump.forecasts == [("J1", 25, "440.00")]
    assert jump.thresholds == [("J1", 50), ("J1", 75), ("J1", 100)]
    # The sink gets them in that order (as text the key "100" would come before "50").
    assert sent_thresholds(tmp_path / "sent.jsonl") == [("J1", 50), ("J1", 75), ("J1", 100)]
    # The next day (85 of 100, 78 h = 32.5 %): nothing new.
    later = check(4, 6)
    assert (later.requests, later.thresholds, later.forecasts, later.events_created) == (1, [], [], 0)
    assert sent_thresholds(tmp_path / "sent.jsonl") == [("J1", 50), ("J1", 75), ("J1", 100)]


def test_the_forecast_is_never_below_what_is_spent() -> None:
    from decimal import Decimal

    from costmodel.leases import forecast_final_cost

    # 10, 30, 10, 30 over 5 days: the line 14 + 4x (x̄ = 1.5, Σ(x − x̄)² = 5, Σ(x − x̄)(y − ȳ) = 20), the
    # fifth day 14 + 16 = 30: forecast 80 + 30 = 110. Residuals −4, 12, −12, 4: s² = 320 ÷ 2 = 160. The
    # interval's half width t(0.975, 2) · √160 · √(1 + 1/4 + 2.5²/5) = 4.302653 × 12.649111 × 1.581139
    # = 86.05: 110 − 86.05 = 23.95 is below the 80 spent, so the lower bound is 80.00.
    noisy = forecast_final_cost(["10", "30", "10", "30"], 5)
    assert (noisy.spent, noisy.forecast, noisy.lower, noisy.upper) == (Decimal("80"), Decimal("110.00"),
                                                                        Decimal("80.00"), Decimal("196.05"))
    assert noisy.clipped
    # 16, 14, 12, 10 over 20 days: the line 16 − 2x falls below zero; its 16 remaining days sum to
    # 16 × (8 + (−22)) ÷ 2 = −112, a forecast of 52 − 112 = −60. What is spent is spent: 52.00, and the
    # interval (the points lie on the line: no width) with it.
    falling = forecast_final_cost(["16", "14", "12", "10"], 20)
    assert (falling.forecast, falling.lower, falling.upper, falling.clipped) == (Decimal("52.00"), Decimal("52.00"),
                                                                                 Decimal("52.00"), True)
    # Nothing to clip: the documented example stays as it was.
    rising = forecast_final_cost(["10", "12", "14", "16"], 6)
    assert (rising.forecast, rising.lower, rising.clipped) == (Decimal("90.00"), Decimal("90.00"), False)


# --- collection: claims, a partly written batch, re-collections, the time to live ---------------------


def test_a_claimed_query_refused_past_its_retries_is_asked_again_by_the_next_run(cost_explorer, store,
                                                                                  tmp_path) -> None:
    from costmodel.leases import collect

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L4", A4, "5", end=T - H, start=START - 24 * H) + "\n")
    cost_explorer.queue(L4_ANSWER)
    refusing = ThrottledSession(5)
    failed = collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer, session=refusing, max_attempts=3))
    assert ([lease for lease, _ in failed.failed], failed.requests, refusing.calls) == (["L4"], 0, 3)
    # The claim made before the fetch is released with the failure: nothing is left in flight.
    assert store.query_claims() == []
    # A minute later (well within the 15 minutes a claim is held) the next run asks again and collects.
    retried = collect(events, store, now=T + 24 * H + 60, fetch=fetcher(cost_explorer))
    assert (retried.collected, retried.in_flight, retried.requests) == (["L4"], [], 1)
    assert store.query_claims() == [] and store.current("L4")["totalCost"] == "7.00"


def test_a_query_in_flight_in_another_run_is_left_to_it_until_its_claim_is_stale(cost_explorer, store,
                                                                                 tmp_path) -> None:
    from costmodel.leases import collect
    from costmodel.leases._collect import CLAIM_HOLD

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L4", A4, "5", end=T - H, start=START - 24 * H) + "\n")
    key = f"{A4}|2024-01-30|2024-02-03|round 1"
    collect(events, store, now=T, fetch=fetcher(cost_explorer))  # registers L4; nothing due yet
    # L4 (terminated at T − 1 h) is due at T + 23 h; another run claimed its query then and is fetching it.
    now = T + 23 * H
    assert store.claim_query(key, {"accounts": [A4], "start": "2024-01-30", "end": "2024-02-02", "collection": 1,
                                   "label": "", "leases": ["L4"]}, at=now, stale_after=CLAIM_HOLD)
    waiting = collect(events, store, now=now + 60, fetch=fetcher(cost_explorer))
    assert (waiting.in_flight, waiting.requests, waiting.collected) == (["L4"], 0, [])
    assert "1 leases left to another run that is fetching them" in waiting.summary()
    # That run died: after CLAIM_HOLD its claim is taken over.
    cost_explorer.queue(L4_ANSWER)
    taken = collect(events, store, now=now + CLAIM_HOLD, fetch=fetcher(cost_explorer))
    assert (taken.in_flight, taken.requests, taken.collected) == ([], 1, ["L4"])
    assert store.query_claims() == []


def test_a_fetch_that_crashes_releases_its_claim(cost_explorer, store, tmp_path) -> None:
    from costmodel.leases import collect

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L4", A4, "5", end=T - H, start=START - 24 * H) + "\n")

    def broken(requests: Any) -> Any:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        collect(events, store, now=T + 24 * H, fetch=broken)
    assert store.query_claims() == []


def test_a_batch_written_in_part_before_a_crash_is_finished_from_the_cache(cost_explorer, store, tmp_path,
                                                                           monkeypatch) -> None:
    from costmodel.leases import collect

    events = events_file(tmp_path)
    cost_explorer.queue(L4_ANSWER, *batch_answers(ROUND_1, {"2024-02-02"}))
    real = store.put_collection

    def crash_at_l2(record: Any, **options: Any) -> None:
        if record["leaseId"] == "L2":
            raise RuntimeError("power cut")
        real(record, **options)

    monkeypatch.setattr(store, "put_collection", crash_at_l2)
    with pytest.raises(RuntimeError, match="power cut"):
        collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer))
    # L4's batch (one request) is done; of L1-L3's batch (two requests, paid) only L1 is written.
    assert store.requests_since(0) == 3
    assert (store.current("L4")["collection"], store.current("L1")["collection"]) == (1, 1)
    assert store.current("L2") is None and store.current("L3") is None
    monkeypatch.setattr(store, "put_collection", real)
    # The next run, an hour later: L2 and L3 from the batch's cached answer, no request; no second record.
    rerun = collect(events, store, now=T + 25 * H, fetch=fetcher(cost_explorer))
    assert (rerun.requests, rerun.cached, sorted(rerun.collected)) == (0, 1, ["L2", "L3"])
    assert store.requests_since(0) == 3 and len(cost_explorer.request_bodies()) == 3
    assert {lease: len(store.history(lease)) for lease in ("L1", "L2", "L3", "L4")} == {"L1": 1, "L2": 1, "L3": 1,
                                                                                      "L4": 1}
    # The same figures as an uninterrupted run: 20 + 20 + 12 = 52 for L2, 1.25 for L3.
    assert (store.current("L2")["totalCost"], store.current("L3")["totalCost"]) == ("52.00", "1.25")
    assert store.query_claims() == []
    overages = [e["leaseId"] for e in store.events() if e["kind"] == "BudgetOverage"]
    assert sorted(overages) == ["L2", "L4"]


def test_a_recollection_keeps_the_chargeback_fields(cost_explorer, store, tmp_path) -> None:
    import json

    from costmodel.leases import collect

    # LeaseCreated carries the org unit, template, tags and budget; LeaseTerminated only what it must.
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join([
        json.dumps({"type": "LeaseCreated", "leaseId": "C1", "accountId": A4, "startDate": START - 24 * H,
                    "ownerId": "u-4", "ownerEmail": "4@example.com", "orgUnit": "ou-data", "template": "gpu",
                    "tags": {"cost-centre": "cc-7"}, "budget": "5"}),
        json.dumps({"type": "LeaseTerminated", "leaseId": "C1", "accountId": A4, "startDate": START - 24 * H,
                    "terminatedAt": T - H, "ownerId": "u-4"})]) + "\n")
    estimated = ce_response(L4_ROWS, ("SERVICE", "REGION"), estimated={"2024-02-01"},
                            days=("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"))
    cost_explorer.queue(estimated)
    collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer))
    first = store.current("C1")
    assert (first["orgUnit"], first["template"], first["tags"], first["budget"]) == ("ou-data", "gpu",
                                                                                  {"cost-centre": "cc-7"}, "5.00")
    assert store.mark_charged_back("C1", "7.00", T + 30 * H)
    cost_explorer.forget_requests()
    cost_explorer.queue(L4_ANSWER)
    collect(events, store, now=T + 48 * H, fetch=fetcher(cost_explorer))
    second = store.current("C1")
    assert (second["collection"], second["estimatedDays"]) == (2, [])
    keep = ("ownerId", "ownerEmail", "orgUnit", "template", "tags", "budget", "chargebackGenerated",
            "chargebackAmount", "chargebackDate")
    assert {key: second[key] for key in keep} == {
        "ownerId": "u-4", "ownerEmail": "4@example.com", "orgUnit": "ou-data", "template": "gpu",
        "tags": {"cost-centre": "cc-7"}, "budget": "5.00", "chargebackGenerated": True, "chargebackAmount": "7.00",
        "chargebackDate": T + 30 * H}
    # The same chargeback again changes nothing: the lease is not charged back twice.
    assert store.mark_charged_back("C1", "7.00", T + 30 * H) is False


def test_a_recollection_takes_missing_lease_fields_from_the_previous_record() -> None:
    from costmodel.leases._collect import with_record_fields

    lease = {"leaseId": "L1", "accountId": A1, "ownerId": "u-1", "orgUnit": None, "tags": {}, "budget": None,
             "template": "small"}
    previous = {"ownerId": "u-0", "ownerEmail": "0@example.com", "orgUnit": "ou-x", "template": "big",
                "tags": {"team": "data"}, "budget": "100.00"}
    filled = with_record_fields(lease, previous)
    # The lease's own values win; what it lacks comes from the record.
    assert {key: filled[key] for key in ("ownerId", "ownerEmail", "orgUnit", "template", "tags", "budget")} == {
        "ownerId": "u-1", "ownerEmail": "0@example.com", "orgUnit": "ou-x", "template": "small",
        "tags": {"team": "data"}, "budget": "100.00"}
    assert with_record_fields(lease, None) is lease


def test_answers_and_request_log_entries_past_the_time_to_live_are_purged(cost_explorer, store, tmp_path) -> None:
    from costmodel.leases import collect
    from costmodel.leases._collect import CACHE_TTL

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L4", A4, "5", end=T - H, start=START - 24 * H) + "\n")
    cost_explorer.queue(L4_ANSWER)
    collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer))
    key = f"{A4}|2024-01-30|2024-02-03|round 1"
    assert store.cached_response(key) is not None and store.requests_since(0) == 1
    assert CACHE_TTL == 7 * 24 * H  # the documented default
    # Seven days on, the entries are still live (cached at exactly now − 7 days); this run makes L4's
    # second collection (72 h are long past: final), one request of its own.
    kept = collect(events, store, now=T + 24 * H + CACHE_TTL, fetch=fetcher(cost_explorer))
    assert (kept.purged, kept.requests, kept.final) == (0, 1, ["L4"])
    assert store.cached_response(key) is not None and store.requests_since(0) == 2
    # A second later the first run's answer and request-log entry go; the second run's stay.
    gone = collect(events, store, now=T + 24 * H + CACHE_TTL + 1, fetch=fetcher(cost_explorer))
    assert (gone.purged, gone.requests) == (2, 0)
    assert store.cached_response(key) is None and store.requests_since(0) == 1
    assert store.cached_response(key.replace("round 1", "round 2")) is not None
    with pytest.raises(ValueError, match="at least 3600"):
        collect(events, store, now=T + 30 * 24 * H, fetch=fetcher(cost_explorer), cache_ttl=60)


def test_an_answer_past_the_time_to_live_is_not_used(cost_explorer, store, tmp_path) -> None:
    from costmodel.leases import collect

    events = tmp_path / "events.jsonl"
    events.write_text(terminated("L4", A4, "5", end=T - H, start=START - 24 * H) + "\n")
    key = f"{A4}|2024-01-30|2024-02-03|round 1"
    collect(events, store, now=T, fetch=fetcher(cost_explorer))  # registers L4; not due
    # An answer of the same key cached long ago (an earlier life of the store) is not trusted.
    store.cache_response(key, [{"request": {}, "pages": []}], at=T - 30 * 24 * H)
    cost_explorer.queue(L4_ANSWER)
    run = collect(events, store, now=T + 24 * H, fetch=fetcher(cost_explorer))
    assert (run.cached, run.requests, store.current("L4")["totalCost"]) == (0, 1, "7.00")


def test_a_collection_leaves_the_claims_of_an_active_check_alone(store) -> None:
    from costmodel.leases._collect import DueLease, resume_batches

    key = f"{A1}|2024-02-01|2024-02-03|active 2024-02-03"
    assert store.claim_query(key, {"accounts": [A1], "start": "2024-02-01", "end": "2024-02-02", "collection": 0,
                                   "label": "active 2024-02-03", "leases": ["R1"]}, at=T, stale_after=900)
    store.cache_response(key, [], at=T)  # answered: the check stopped before writing its results
    due = [DueLease(lease("L1", A2), 1, 1)]
    # A collection run, long after the claim's 15 minutes: the check's claim is neither used nor released.
    resumed, rest, busy = resume_batches(due, store, T + 24 * H, since=T - 24 * H)
    assert (resumed, rest, busy) == ([], due, [])
    assert [claim["key"] for claim in store.query_claims()] == [key]
    # The check itself resumes it for its lease.
    active = [DueLease({"leaseId": "R1", "accountId": A1, "startDate": "2024-02-01", "endDate": "2024-02-02"}, 0, 0)]
    resumed, rest, busy = resume_batches(active, store, T + H, since=T - 24 * H, label="active 2024-02-03")
    assert ([b.cache_key for b in resumed], rest, busy) == ([key], [], [])


def test_answers_of_another_metric_never_share_a_cache_entry(store) -> None:
    from costmodel.leases._collect import DueLease, batch_claim, resume_batches

    due = [DueLease(lease("L1", A1), 1, 1)]
    unblended, = plan_batches(due)
    amortized, = plan_batches(due, metric="AmortizedCost")
    # The default metric keeps the key it always had; another metric's key says which it is.
    assert unblended.cache_key == f"{A1}|2024-01-30|2024-02-03|round 1"
    assert amortized.cache_key == f"{A1}|2024-01-30|2024-02-03|round 1|AmortizedCost"
    assert amortized.requests[0]["Metrics"] == ["AmortizedCost"]
    # A run for AmortizedCost leaves an UnblendedCost run's answered claim alone, and the other way round.
    assert store.claim_query(unblended.cache_key, batch_claim(unblended), at=T, stale_after=900)
    store.cache_response(unblended.cache_key, [], at=T)
    assert resume_batches(due, store, T + H, since=T - H, metric="AmortizedCost") == ([], due, [])
    resumed, rest, busy = resume_batches(due, store, T + H, since=T - H)
    assert ([b.cache_key for b in resumed], rest, busy) == ([unblended.cache_key], [], [])


def _collect_in_a_process(events: str, store_path: str, endpoint: str, now: int, start: Any, out: Any) -> None:
    """One collector process on a shared SQLite file: starts when the other does, reports what it did."""
    from costmodel.leases import SqliteStore, collect, default_fetch

    start.wait(timeout=60)
    try:
        with SqliteStore(store_path) as store:
            run = collect(events, store, now=now, fetch=default_fetch(endpoint_url=endpoint, base_delay=0.001, max_delay=0.002))
        out.put(("ok", run.requests, run.cached, sorted(run.collected)))
    except BaseException as error:  # reported to the test, which fails with it
        out.put(("error", repr(error), 0, []))


def test_two_processes_collecting_at_once_pay_each_query_once_and_write_each_record_once(cost_explorer, tmp_path) -> None:
    import multiprocessing

    from costmodel.leases import SqliteStore, collect

    # One batch (L1, L2 and L3 share their period): both processes want the same query, one claims it.
    # (moto hands its queued answers out in the order requests arrive, so two batches fetched at once
    # could take each other's answers: one batch keeps the test about the claim alone.)
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join([terminated("L1", A1, "100"), terminated("L2", A2, "50"), terminated("L3", A3, None)]) + "\n")
    path = tmp_path / "shared.sqlite"
    with SqliteStore(path) as store:  # the leases registered once, before termination: nothing due yet
        assert collect(events, store, now=T - 2 * H, fetch=fetcher(cost_explorer)).requests == 0
    cost_explorer.queue(*batch_answers(ROUND_1, {"2024-02-02"}))
    context = multiprocessing.get_context("fork")
    start, out = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_collect_in_a_process,
                               args=(str(events), str(path), cost_explorer.endpoint_url, T + 24 * H, start, out))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert all(result[0] == "ok" for result in results), results
    # Between them the batch's two requests, once: one process paid them and collected the three leases;
    # the other found the query claimed (in flight) and left the leases to it.
    assert sorted(result[1] for result in results) == [0, 2]
    assert sorted(lease for result in results for lease in result[3]) == ["L1", "L2", "L3"]
    with SqliteStore(path) as store:
        assert store.requests_since(0) == 2
        for lease in ("L1", "L2", "L3"):
            assert [r["collection"] for r in store.history(lease)] == [1]
    assert len(cost_explorer.request_bodies()) == 2

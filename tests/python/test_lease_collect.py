"""costmodel.leases.collect: which leases are due when, how they are batched, the hourly budget of
requests; then whole runs on the moto server (Cost Explorer, EventBridge → SQS) with a SQLite store."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from costmodel.leases._collect import Batch, DueLease, batch_requests, collection_round, due_collection, fit_budget, \
    next_run_after, plan_batches

T = 1706842800  # 2024-02-02T03:00:00Z, a termination
H = 3600


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

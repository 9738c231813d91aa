"""costmodel.leases: reading lease events (both shapes, the times, the budgets, every malformed line
named file:line with its key and value) and the event sinks (a JSON-lines file; EventBridge on the
moto server, read back through an SQS queue)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

import costmodel
from costmodel.leases import EventBridgeSink, JsonLinesSink, SinkError, lease_period, query_period, \
    read_lease_events

UTC = dt.timezone.utc


def flat(**detail: Any) -> str:
    base: dict[str, Any] = {"type": "LeaseTerminated", "leaseId": "L-1", "accountId": "123456789012",
                            "startDate": "2024-01-30T22:15:00Z", "terminatedAt": "2024-02-02T03:00:00Z",
                            "ownerId": "u-1"}
    base.update(detail)
    return json.dumps({k: v for k, v in base.items() if v is not ...})


def test_both_shapes_read_to_the_same_lease() -> None:
    bridge = json.dumps({"version": "0", "source": "isb.leases", "detail-type": "LeaseTerminated", "detail": {
        "leaseId": "L-1", "accountId": "012345678901", "startDate": 1706652900, "terminatedAt": "2024-02-02T04:00:00+01:00",
        "budget": 1000.10, "ownerId": "u-1", "ownerEmail": "a@example.com", "orgUnit": "ou-data",
        "template": "ml-small", "tags": [{"Key": "team", "Value": "data"}]}}).replace("1000.1", "1000.10")
    plain = ('{"type": "LeaseTerminated", "leaseId": "L-1", "accountId": "012345678901", '
             '"startDate": "2024-01-30T22:15:00Z", "terminatedAt": 1706842800, "budget": "1000.10", "ownerId": "u-1",'
             ' "ownerEmail": "a@example.com", "orgUnit": "ou-data", "template": "ml-small", "tags": {"team": "data"}}')
    first, second = read_lease_events([bridge, "", plain])
    assert dataclass_fields(first) == dataclass_fields(second)
    # 1706652900 = 2024-01-30 22:15:00 UTC; 04:00 at +01:00 = 03:00 UTC = epoch 1706842800.
    assert first.start == dt.datetime(2024, 1, 30, 22, 15, tzinfo=UTC)
    assert first.terminated_at == dt.datetime(2024, 2, 2, 3, 0, tzinfo=UTC)
    assert first.budget == Decimal("1000.10")  # exact: the JSON number was read as a decimal
    assert str(first.budget) == "1000.10"
    assert first.tags == {"team": "data"}
    assert (first.line, second.line) == ("<lease events>:1", "<lease events>:3")
    # The lease's days are UTC days, both inclusive; Cost Explorer's End is the day after the last.
    assert lease_period(first) == (dt.date(2024, 1, 30), dt.date(2024, 2, 2))
    assert query_period(first) == (dt.date(2024, 1, 30), dt.date(2024, 2, 3))


def dataclass_fields(event: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(event).items() if k != "line"}


def test_a_time_with_a_zone_counts_on_its_utc_day() -> None:
    # 2024-03-01T00:30+02:00 is 2024-02-29 22:30 UTC: the lease starts on the 29th (a leap day).
    (event,) = read_lease_events([flat(startDate="2024-03-01T00:30:00+02:00", terminatedAt="2024-03-01T23:59:59Z")])
    assert lease_period(event) == (dt.date(2024, 2, 29), dt.date(2024, 3, 1))
    # Started and ended the same day: one day queried.
    (same,) = read_lease_events([flat(startDate="2024-12-31T01:00:00Z", terminatedAt="2024-12-31T02:00:00Z")])
    assert query_period(same) == (dt.date(2024, 12, 31), dt.date(2025, 1, 1))


def test_a_created_lease_has_no_period_yet_and_may_carry_a_planned_end() -> None:
    (event,) = read_lease_events([flat(type="LeaseCreated", terminatedAt=..., expiresAt="2024-02-09T22:15:00Z",
                                       budget=50)])
    assert (event.type, event.terminated_at, event.budget) == ("LeaseCreated", None, Decimal(50))
    assert event.planned_end == dt.datetime(2024, 2, 9, 22, 15, tzinfo=UTC)
    assert event.to_lease()["terminatedAt"] is None and event.to_lease()["budget"] == "50"
    with pytest.raises(ValueError, match="has not been terminated"):
        lease_period(event)


@pytest.mark.parametrize(("line", "path", "value", "message"), [
    ('{"type": "LeaseTerminated", ', "", '{"type": "LeaseTerminated",', "not JSON"),
    ("[1, 2]", "", "[1, 2]", "expected a JSON object"),
    (flat(type="LeaseTerminatd"), "type", "'LeaseTerminatd'", "did you mean 'LeaseTerminated'?"),
    ('{"detail-type": "LeaseCreate", "detail": {}}', "detail-type", "'LeaseCreate'", "did you mean 'LeaseCreated'?"),
    ('{"leaseId": "L-1"}', "type", "", 'give "type"'),
    (flat(accountId=...), "accountId", "", "is missing"),
    (flat(accountId=..., acountId="123456789012"), "accountId", "", "did you mean 'acountId'?"),
    (flat(accountId="12345678901"), "accountId", "'12345678901'", "12 digits"),
    (flat(accountId=123456789012), "accountId", "123456789012", "a string of 12 digits"),
    (flat(terminatedAt="2024-01-29T00:00:00Z"), "terminatedAt", "'2024-01-29T00:00:00Z'", "End before Start"),
    (flat(terminatedAt="2024-02-02T03:00:00"), "terminatedAt", "'2024-02-02T03:00:00'", "give a zone"),
    (flat(startDate="2024-01-30"), "startDate", "'2024-01-30'", "give a zone"),
    (flat(startDate="30/01/2024"), "startDate", "'30/01/2024'", "ISO 8601"),
    (flat(startDate=True), "startDate", "true", "epoch seconds"),
    (flat(terminatedAt=...), "terminatedAt", "", "is missing"),
    (flat(budget="a lot"), "budget", "'a lot'", "expected a decimal number"),
    (flat(budget=-5), "budget", "-5", "must not be negative"),
    (flat(budget="NaN"), "budget", "'NaN'", "finite"),
    (flat(budget=[100]), "budget", "[100]", "expected a decimal number"),
    (flat(tags={"team": 7}), "tags.team", "7", "string tag value"),
    (flat(tags=[{"Key": "team"}]), "tags[0]", '{"Key": "team"}', '"Key"'),
    (flat(tags="team=data"), "tags", "'team=data'", "an object of tags"),
    (flat(ownerId=...), "ownerId", "", "is missing"),
    (flat(leaseId=""), "leaseId", "''", "non-empty string"),
])
def test_each_malformed_line_names_the_file_line_key_and_value(tmp_path, line: str, path: str, value: str,
                                                             message: str) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(flat() + "\n" + line + "\n")
    with pytest.raises(costmodel.InputError) as raised:
        read_lease_events(events)
    error = raised.value
    assert (error.source, error.path, error.value) == (f"{events}:2", path, value)
    assert message in error.message


def test_an_eventbridge_shaped_line_names_the_detail_key() -> None:
    line = json.dumps({"detail-type": "LeaseTerminated", "detail": json.loads(flat(budget="x"))})
    with pytest.raises(costmodel.InputError) as raised:
        read_lease_events([line])
    assert (raised.value.source, raised.value.path, raised.value.value) == ("<lease events>:1", "detail.budget", "'x'")


def test_a_missing_file_is_named() -> None:
    with pytest.raises(costmodel.InputError, match="no such file"):
        read_lease_events("no-such-events.jsonl")


# --- the sinks --------------------------------------------------------------------------------------


def outbox(count: int) -> list[dict[str, Any]]:
    return [{"id": f"e{i}", "leaseId": f"L-{i}", "kind": "CostDataCollected", "key": "", "createdAt": 1706929200,
             "sentAt": None, "detail": {"leaseId": f"L-{i}", "accountId": "123456789012", "totalCost": f"{i}.50",
                                        "budget": None, "overBudget": None, "currency": "USD", "final": True}}
            for i in range(count)]


def test_the_json_lines_sink_appends_eventbridge_entries(tmp_path) -> None:
    path = tmp_path / "events.jsonl"
    sink = JsonLinesSink(path)
    assert sink.send(outbox(2)) == 2
    assert sink.send(outbox(1)) == 1
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 3
    assert lines[0] == {"Source": "isb.costs", "DetailType": "CostDataCollected",
                        "Detail": json.dumps(outbox(1)[0]["detail"], sort_keys=True, separators=(",", ":")),
                        "EventBusName": "default", "Time": "2024-02-03T03:00:00Z", "Id": "e0"}
    assert json.loads(lines[1]["Detail"])["totalCost"] == "1.50"  # an amount stays a string


def test_the_eventbridge_sink_delivers_in_calls_of_ten(event_bus) -> None:
    sink = EventBridgeSink(event_bus.name, endpoint_url=event_bus.endpoint_url)
    calls: list[int] = []
    client = sink.client()
    real = client.put_events

    def counting(**arguments: Any) -> Any:
        calls.append(len(arguments["Entries"]))
        return real(**arguments)

    client.put_events = counting
    assert sink.send(outbox(23)) == 23
    assert calls == [10, 10, 3]
    received = event_bus.received()
    assert len(received) == 23
    by_lease = {event["detail"]["leaseId"]: event for event in received}
    assert by_lease["L-7"]["source"] == "isb.costs"
    assert by_lease["L-7"]["detail-type"] == "CostDataCollected"
    assert by_lease["L-7"]["detail"]["totalCost"] == "7.50"


def test_refused_entries_are_named() -> None:
    class Refusing:
        def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
            return {"FailedEntryCount": 1, "Entries": [{"EventId": "a"}, {"ErrorCode": "InternalFailure",
                                                                          "ErrorMessage": "try later"}]}

    class Session:
        def client(self, name: str, **arguments: Any) -> Refusing:
            return Refusing()

    sink = EventBridgeSink("ISBEventBus", session=Session())
    with pytest.raises(SinkError) as raised:
        sink.send(outbox(2))
    assert raised.value.failed == [("e1", "InternalFailure", "try later")]
    assert "refused 1 of 2 events" in str(raised.value) and "event e1: InternalFailure try later" in str(raised.value)


def test_a_number_beyond_any_decimal_is_named_not_a_crash() -> None:
    # found by the lease_events fuzz target: an exponent beyond decimal's range raised InvalidOperation
    from costmodel.leases import read_lease_events

    with pytest.raises(costmodel.InputError, match="out of range") as raised:
        read_lease_events(['{"type": "LeaseCreated", "budget": 1E+99999999999999999999}'])
    assert raised.value.source == "<lease events>:1"


# --- one helper for the text of a day ---------------------------------------------------------------------


def test_one_helper_gives_the_text_of_a_day_everywhere() -> None:
    import datetime as dt

    import costmodel
    from costmodel import _actuals, _dates, _lease_report
    from costmodel.leases import _collect

    # The lease reports, the daily rate and the collector all use the one helper.
    assert _lease_report.date_text is _actuals.date_text is _collect.date_text is _dates.date_text
    assert not hasattr(_lease_report, "_date_text") and not hasattr(_actuals, "_date_text")
    east = dt.timezone(dt.timedelta(hours=-5))
    assert _dates.date_text(dt.datetime(2024, 1, 31, 23, 30, tzinfo=east), "day") == "2024-02-01"  # its UTC day
    assert _dates.date_text(dt.datetime(2024, 1, 31, 23, 30), "day") == "2024-01-31"  # no zone: as written
    assert _dates.date_text(dt.date(2024, 2, 29), "day") == "2024-02-29"
    with pytest.raises(costmodel.InputError) as raised:
        costmodel.lease_reports("examples/seed-001/lease-001.json", [
            {"leaseId": "L1", "accountId": "111111111111", "startDate": 20240101, "endDate": "2024-01-31"}])
    assert (raised.value.source, raised.value.path, raised.value.value) == ("<leases>", "leases[0].startDate",
                                                                            "20240101")
    with pytest.raises(costmodel.InputError) as raised:
        costmodel.daily_rate("examples/seed-003/page-1.json", as_of=20241130)
    assert (raised.value.path, raised.value.value) == ("as_of", "20241130")

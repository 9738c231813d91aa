"""The lease events the collector reads (docs/leases.md, "Collection"): JSON lines, each either
EventBridge-shaped ``{"detail-type": "LeaseTerminated", "detail": {...}}`` or flat
``{"type": "LeaseTerminated", ...}``.

Times are epoch seconds or ISO 8601 with a zone, converted to UTC; a lease runs from the UTC day of
its start to the UTC day of its termination, both inclusive, and Cost Explorer is asked for
``[startDate, endDate + 1 day)`` (its End is exclusive). Budgets are read as exact decimals (the JSON
is parsed with ``parse_float=decimal.Decimal``, so ``1000.10`` is 1000.10, not a binary neighbour).

Every line that cannot be read is a :class:`costmodel.InputError` whose source is ``file:line``,
whose path is the key and whose value is what the line holds there.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import difflib
import json
import os
import pathlib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .. import _core

EVENT_TYPES = ("LeaseCreated", "LeaseTerminated")
# The keys a lease event's detail may carry; others are ignored (an EventBridge event may hold more).
KEYS = ("leaseId", "accountId", "startDate", "terminatedAt", "budget", "ownerId", "ownerEmail", "orgUnit", "template",
        "tags", "expiresAt", "plannedEndDate")
ACCOUNT_ID = re.compile(r"[0-9]{12}\Z")
DAY = _dt.timedelta(days=1)
UTC = _dt.timezone.utc
LINES_SOURCE = "<lease events>"


@dataclasses.dataclass(frozen=True)
class LeaseEvent:
    """One LeaseCreated or LeaseTerminated event. ``start``, ``terminated_at`` and ``planned_end``
    are timezone-aware UTC datetimes; ``budget`` is exact (None: no budget); ``line`` is
    ``file:line`` of the event, for messages."""

    type: str
    lease_id: str
    account_id: str
    start: _dt.datetime
    terminated_at: _dt.datetime | None
    budget: Decimal | None
    owner_id: str
    owner_email: str | None
    org_unit: str | None
    template: str | None
    tags: dict[str, str]
    line: str
    planned_end: _dt.datetime | None = None

    def to_lease(self) -> dict[str, Any]:
        """The lease as the store keeps it (``put_lease``): times as epoch seconds, the budget as a
        decimal string, the days as YYYY-MM-DD. No status: the store derives it (active until a
        terminatedAt is known; final stays final when an event is read again). What the event does
        not carry is None, so that merging it erases nothing: a LeaseTerminated without tags keeps
        the tags of the LeaseCreated (``tags`` is None when the event has none)."""
        terminated = self.terminated_at
        return {
            "leaseId": self.lease_id,
            "accountId": self.account_id,
            "startedAt": epoch(self.start),
            "startDate": self.start.date().isoformat(),
            "terminatedAt": epoch(terminated) if terminated is not None else None,
            "endDate": terminated.date().isoformat() if terminated is not None else None,
            "plannedEndAt": epoch(self.planned_end) if self.planned_end is not None else None,
            "budget": str(self.budget) if self.budget is not None else None,
            "ownerId": self.owner_id,
            "ownerEmail": self.owner_email,
            "orgUnit": self.org_unit,
            "template": self.template,
            "tags": dict(self.tags) if self.tags else None,
        }


def epoch(moment: _dt.datetime) -> int:
    """Whole epoch seconds of an aware datetime (fractions of a second are dropped)."""
    return int(moment.timestamp())


def lease_period(event: LeaseEvent) -> tuple[_dt.date, _dt.date]:
    """(startDate, endDate): the UTC days of the lease's start and termination, both inclusive."""
    if event.terminated_at is None:
        raise ValueError(f"lease {event.lease_id} ({event.line}) has not been terminated: it has no end date yet")
    return event.start.date(), event.terminated_at.date()


def query_period(event: LeaseEvent) -> tuple[_dt.date, _dt.date]:
    """(Start, End) of the Cost Explorer TimePeriod: End = endDate + 1 day (exclusive), so the last
    day is counted; a lease started and ended the same day asks for one day."""
    first, last = lease_period(event)
    return first, last + DAY


def _near(name: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):  # pragma: no cover - JSON input always dumps
        return repr(value)


class _Line:
    def __init__(self, source: str, prefix: str, detail: Mapping[str, Any]) -> None:
        self.source = source
        self.prefix = prefix
        self.detail = detail

    def error(self, message: str, key: str, value: Any) -> _core.InputError:
        return _input_error(message, self.source, self.prefix + key, _show(value))

    def missing(self, key: str) -> _core.InputError:
        others = [k for k in self.detail if k not in KEYS]
        return _core.InputError(f"is missing{_near(key, others)}", self.source, self.prefix + key, "")

    def text(self, key: str, *, required: bool) -> str | None:
        if key not in self.detail or self.detail[key] is None:
            if required:
                raise self.missing(key)
            return None
        value = self.detail[key]
        if not isinstance(value, str) or not value.strip():
            raise self.error("expected a non-empty string", key, value)
        return value

    def time(self, key: str, *, required: bool) -> _dt.datetime | None:
        if key not in self.detail or self.detail[key] is None:
            if required:
                raise self.missing(key)
            return None
        value = self.detail[key]
        if isinstance(value, bool):
            raise self.error("expected epoch seconds or an ISO 8601 time with a zone", key, value)
        if isinstance(value, (int, Decimal)):
            try:
                return _dt.datetime.fromtimestamp(int(value), UTC)
            except (OverflowError, ValueError, OSError, decimal.InvalidOperation):
                raise self.error("is not a time epoch seconds can give", key, value) from None
        if isinstance(value, str):
            if value.isascii() and value.isdigit():
                return self.time_of(key, int(value), value)
            try:
                moment = _dt.datetime.fromisoformat(value)
            except ValueError:
                raise self.error("expected an ISO 8601 time with a zone (2024-01-31T17:00:00Z) or epoch seconds",
                                 key, value) from None
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise self.error("has no time zone: give a zone (Z or +01:00), the lease's days are UTC days", key,
                                 value)
            return moment.astimezone(UTC)
        raise self.error("expected epoch seconds or an ISO 8601 time with a zone", key, value)

    def time_of(self, key: str, seconds: int, shown: str) -> _dt.datetime:
        try:
            return _dt.datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, ValueError, OSError):
            raise self.error("is not a time epoch seconds can give", key, shown) from None

    def budget(self) -> Decimal | None:
        value = self.detail.get("budget")
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.error("expected a decimal number (1000 or \"1000.00\")", "budget", value)
        if isinstance(value, int):
            amount = Decimal(value)
        elif isinstance(value, Decimal):
            amount = value
        elif isinstance(value, str):
            try:
                amount = Decimal(value.strip())
            except decimal.InvalidOperation:
                raise self.error("expected a decimal number (1000 or \"1000.00\")", "budget", value) from None
        else:
            raise self.error("expected a decimal number (1000 or \"1000.00\")", "budget", value)
        if not amount.is_finite():
            raise self.error("expected a finite decimal number", "budget", value)
        if amount < 0:
            raise self.error("must not be negative", "budget", value)
        return amount

    def tags(self) -> dict[str, str]:
        value = self.detail.get("tags")
        if value is None:
            return {}
        tags: dict[str, str] = {}
        if isinstance(value, Mapping):
            for name, tag in value.items():
                if not isinstance(tag, str):
                    raise self.error("expected a string tag value", f"tags.{name}", tag)
                tags[str(name)] = tag
            return tags
        if isinstance(value, list):  # AWS's own shape: [{"Key": ..., "Value": ...}]
            for index, item in enumerate(value):
                if (not isinstance(item, Mapping) or set(item) != {"Key", "Value"}
                        or not all(isinstance(v, str) for v in item.values())):
                    raise self.error('expected {"Key": "...", "Value": "..."}', f"tags[{index}]", item)
                if item["Key"] in tags:
                    raise self.error("is a second tag of that key", f"tags[{index}].Key", item["Key"])
                tags[item["Key"]] = item["Value"]
            return tags
        raise self.error('expected an object of tags ({"team": "data"}) or [{"Key": ..., "Value": ...}]', "tags",
                         value)


def _input_error(message: str, source: str, path: str, shown: str) -> _core.InputError:
    # str(InputError) is "source: path: message": the value goes into the message too, so that the
    # command line shows it.
    return _core.InputError(f"{message} (found {shown})" if shown else message, source, path, shown)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse(text: str, source: str) -> LeaseEvent | None:
    if not text.strip():
        return None
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise _input_error(f"not JSON ({error.msg} at character {error.pos})", source, "",
                           text.strip()[:80]) from None
    except ValueError as error:
        raise _input_error(f"not JSON ({error})", source, "", text.strip()[:80]) from None
    except decimal.InvalidOperation:
        # a number whose exponent is beyond any decimal's (1E+99999999999999999999)
        raise _input_error("not JSON this reader takes (a number out of range)", source, "", text.strip()[:80]) from None
    if not isinstance(document, dict):
        raise _input_error("expected a JSON object (an event)", source, "", _show(document)[:80])
    if "detail-type" in document or "detail" in document:
        kind_key, prefix = "detail-type", "detail."
        kind = document.get("detail-type")
        detail = document.get("detail")
        if not isinstance(detail, dict):
            raise _input_error("expected the event's detail object", source, "detail", _show(detail)[:80])
    else:
        kind_key, prefix = "type", ""
        kind = document.get("type")
        detail = document
        if kind is None:
            close = _near("type", [k for k in document if k not in KEYS])
            raise _core.InputError(f"is missing: give \"type\" (flat) or \"detail-type\" and \"detail\" "
                                   f"(EventBridge){close}", source, "type", "")
    if kind not in EVENT_TYPES:
        near = _near(kind, EVENT_TYPES) if isinstance(kind, str) else ""
        raise _input_error(f"is not a lease event type (LeaseCreated, LeaseTerminated){near}", source, kind_key,
                           _show(kind))
    line = _Line(source, prefix, detail)
    lease_id = line.text("leaseId", required=True)
    account = detail.get("accountId")
    if account is None:
        raise line.missing("accountId")
    # An account ID as a JSON number would have lost its leading zeros: only strings.
    if not isinstance(account, str) or not ACCOUNT_ID.match(account):
        raise line.error("expected an account ID: a string of 12 digits", "accountId", account)
    start = line.time("startDate", required=True)
    terminated = line.time("terminatedAt", required=kind == "LeaseTerminated")
    if kind == "LeaseCreated":
        terminated = None
    assert start is not None
    if terminated is not None and terminated < start:
        raise line.error(f"End before Start: the lease started at {start.isoformat()}", "terminatedAt",
                         detail["terminatedAt"])
    planned_key = "expiresAt" if detail.get("expiresAt") is not None else "plannedEndDate"
    planned = line.time(planned_key, required=False)
    if planned is not None and planned < start:
        raise line.error(f"End before Start: the lease started at {start.isoformat()}", planned_key,
                         detail[planned_key])
    owner = line.text("ownerId", required=True)
    assert lease_id is not None and owner is not None
    return LeaseEvent(type=kind, lease_id=lease_id, account_id=account, start=start, terminated_at=terminated,
                      budget=line.budget(), owner_id=owner, owner_email=line.text("ownerEmail", required=False),
                      org_unit=line.text("orgUnit", required=False), template=line.text("template", required=False),
                      tags=line.tags(), line=source, planned_end=planned)


def read_lease_events(events: str | os.PathLike[str] | Iterable[str]) -> list[LeaseEvent]:
    """The lease events of a JSON-lines file (a path) or of an iterable of lines, in order; blank
    lines are skipped. The first line that cannot be read raises :class:`costmodel.InputError`
    (source ``file:line``, path the key, value as written)."""
    if isinstance(events, (str, os.PathLike)):
        path = pathlib.Path(events)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _core.InputError("no such file", str(path), "", "") from None
        except UnicodeDecodeError as error:
            raise _core.InputError(f"not UTF-8 text ({error.reason} at byte {error.start})", str(path), "",
                                   "") from None
        name, lines = str(path), text.splitlines()
    else:
        if isinstance(events, bytes):
            raise TypeError("read_lease_events takes a path or an iterable of lines (str), not bytes")
        name, lines = LINES_SOURCE, list(events)
    parsed = []
    for number, text in enumerate(lines, start=1):
        if not isinstance(text, str):
            raise _core.InputError("expected a line of text", f"{name}:{number}", "", type(text).__name__)
        event = _parse(text, f"{name}:{number}")
        if event is not None:
            parsed.append(event)
    return parsed

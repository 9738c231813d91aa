"""The lease store: where the lease records, the collector's state and the outbox of events live
(docs/leases.md, "The store").

One interface, :class:`LeaseStore`, two implementations with the same behaviour: :class:`SqliteStore`
(a file, Python's sqlite3, nothing to start; the default) and :class:`DynamoDBStore` (boto3, for
production). :func:`open_store` picks one from a ``--store`` value: a path, or ``dynamodb:TABLE``.

Every record is checked on write (:func:`validate_record`): the record's keys and no others, their
types, amounts as decimal strings with exactly two fractional digits (``variancePercent``: one). A
wrong record is a :class:`costmodel.InputError` naming the lease, the key and the value; nothing is
written.
"""

from __future__ import annotations

import argparse
import copy
import datetime as _dt
import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from .. import _core
from ._record import RECORD_KEYS, LeaseRecord

DEFAULT_STORE = "costmodel-leases.sqlite"
DYNAMODB_PREFIX = "dynamodb:"
LEASE_STATUSES = ("active", "terminated", "final")
RECORD_STATUSES = ("compliant", "over", "flag", "alert")
DATA_SOURCES = ("ACTUAL", "ESTIMATED")

# The record's amounts (two fractional digits) and its one percentage (one fractional digit).
AMOUNT_KEYS = ("totalCost", "budget", "variance", "costPerDay", "finalCost", "chargebackAmount")
PERCENT_KEYS = ("variancePercent",)
INTEGER_KEYS = ("collectedAt", "collection", "duration", "chargebackDate")
LIST_KEYS = {"dailyCosts": "date", "topServices": "service", "topRegions": "region"}
NULLABLE_KEYS = frozenset({"ownerEmail", "orgUnit", "template", "finalCost", "budget", "overBudget", "variance",
                           "variancePercent", "status", "costPerDay", "chargebackAmount", "chargebackDate"})

_AMOUNT = re.compile(r"-?[0-9]+\.[0-9]{2}")
_PERCENT = re.compile(r"-?[0-9]+\.[0-9]")
_ACCOUNT = re.compile(r"[0-9]{12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")


class StoreError(RuntimeError):
    """A write the store refused because of what is already stored (not because the input is malformed):
    a collection that exists, one that is not the next, an event claimed twice with other figures, a
    chargeback that contradicts the one recorded. Nothing was written."""


# --- validation ---------------------------------------------------------------------------------------


def _source(record: Mapping[str, Any]) -> str:
    lease = record.get("leaseId") if isinstance(record, Mapping) else None
    return f"<lease record {lease}>" if isinstance(lease, str) and lease else "<lease record>"


def _fail(source: str, path: str, message: str, value: object) -> _core.InputError:
    return _core.InputError(f"{message}, got {value!r}", source, path, repr(value))


def _near(name: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_amount(value: object, source: str, path: str, *, pattern: re.Pattern[str] = _AMOUNT,
                 places: int = 2) -> str:
    """An amount as the record holds it: a decimal string with exactly ``places`` fractional digits.
    ``-0.00`` is kept as ``0.00`` (DynamoDB's numbers have no negative zero)."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _fail(source, path, f"expected a decimal string with {places} fractional digit"
                    f"{'s' if places != 1 else ''} (e.g. {'12.30' if places == 2 else '12.3'})", value)
    return value[1:] if value.startswith("-") and Decimal(value) == 0 else value


def check_int(value: object, source: str, path: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(source, path, "expected a whole number", value)
    if value < least:
        raise _fail(source, path, f"must be at least {least}", value)
    return value


def _check_str(value: object, source: str, path: str, *, pattern: re.Pattern[str] | None = None,
               what: str = "a non-empty string") -> str:
    if not isinstance(value, str) or not value or (pattern is not None and not pattern.fullmatch(value)):
        raise _fail(source, path, f"expected {what}", value)
    return value


def _check_date(value: object, source: str, path: str) -> str:
    text = _check_str(value, source, path, pattern=_DATE, what="a date as YYYY-MM-DD")
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(source, path, "expected a date as YYYY-MM-DD", value) from None
    return text


def validate_record(record: Mapping[str, Any]) -> LeaseRecord:
    """Checks a lease record and returns a copy of it (``-0.00`` written ``0.00``). Raises
    :class:`costmodel.InputError` naming the record (``<lease record L>``), the key (``dailyCosts[2].cost``)
    and the value."""
    if not isinstance(record, Mapping):
        raise _core.InputError(f"expected a lease record (a dict), got {type(record).__name__}", "<lease record>",
                               "", repr(record)[:80])
    source = _source(record)
    for key in record:
        if key not in RECORD_KEYS:
            raise _core.InputError(f"unknown key{_near(str(key), RECORD_KEYS)}", source, str(key), repr(record[key]))
    for key in RECORD_KEYS:
        if key not in record:
            raise _core.InputError("missing key", source, key, "")
    out: dict[str, Any] = copy.deepcopy(dict(record))
    for key in NULLABLE_KEYS:
        if out[key] is None:
            continue
        if key in ("ownerEmail", "orgUnit", "template"):
            _check_str(out[key], source, key, what="a string or null")
    _check_str(out["leaseId"], source, "leaseId")
    if "#" in out["leaseId"]:
        raise _fail(source, "leaseId", "must not contain '#' (the store's key separator)", out["leaseId"])
    _check_str(out["accountId"], source, "accountId", pattern=_ACCOUNT, what="a 12-digit account id")
    _check_date(out["startDate"], source, "startDate")
    _check_date(out["endDate"], source, "endDate")
    if out["endDate"] < out["startDate"]:
        raise _fail(source, "endDate", f"is before startDate {out['startDate']}", out["endDate"])
    _check_str(out["ownerId"], source, "ownerId")
    tags = out["tags"]
    if not isinstance(tags, Mapping):
        raise _fail(source, "tags", "expected an object of strings", tags)
    for name, value in tags.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise _fail(source, f"tags.{name}", "expected a string", value)
    check_int(out["collectedAt"], source, "collectedAt", 0)
    check_int(out["collection"], source, "collection", 1)
    check_int(out["duration"], source, "duration", 0)
    if out["chargebackDate"] is not None:
        check_int(out["chargebackDate"], source, "chargebackDate", 0)
    if out["dataSource"] not in DATA_SOURCES:
        raise _fail(source, "dataSource", f"expected one of {', '.join(DATA_SOURCES)}"
                    f"{_near(str(out['dataSource']), DATA_SOURCES)}", out["dataSource"])
    if not isinstance(out["estimatedDays"], list):
        raise _fail(source, "estimatedDays", "expected a list of dates", out["estimatedDays"])
    for index, day in enumerate(out["estimatedDays"]):
        _check_date(day, source, f"estimatedDays[{index}]")
    for key in ("final", "chargebackGenerated"):
        if not isinstance(out[key], bool):
            raise _fail(source, key, "expected true or false", out[key])
    if out["overBudget"] is not None and not isinstance(out["overBudget"], bool):
        raise _fail(source, "overBudget", "expected true, false or null", out["overBudget"])
    _check_str(out["currency"], source, "currency", pattern=_CURRENCY, what="an ISO currency code such as USD")
    out["totalCost"] = check_amount(out["totalCost"], source, "totalCost")
    for key in AMOUNT_KEYS[1:]:
        if out[key] is not None:
            out[key] = check_amount(out[key], source, key)
    if out["variancePercent"] is not None:
        out["variancePercent"] = check_amount(out["variancePercent"], source, "variancePercent", pattern=_PERCENT,
                                              places=1)
    if out["status"] is not None and out["status"] not in RECORD_STATUSES:
        raise _fail(source, "status", f"expected one of {', '.join(RECORD_STATUSES)} or null"
                    f"{_near(str(out['status']), RECORD_STATUSES)}", out["status"])
    if out["budget"] is None:
        for key in ("overBudget", "variance", "variancePercent", "status"):
            if out[key] is not None:
                raise _fail(source, key, "must be null when budget is null", out[key])
    for key, label in LIST_KEYS.items():
        items = out[key]
        if not isinstance(items, list):
            raise _fail(source, key, f"expected a list of {{{label}, cost}}", items)
        for index, item in enumerate(items):
            path = f"{key}[{index}]"
            if not isinstance(item, dict) or set(item) != {label, "cost"}:
                raise _fail(source, path, f"expected {{{label}, cost}}", item)
            if label == "date":
                _check_date(item["date"], source, f"{path}.date")
            else:
                _check_str(item[label], source, f"{path}.{label}", what="a string")
            item["cost"] = check_amount(item["cost"], source, f"{path}.cost")
    return out  # type: ignore[return-value]


# --- events and leases (the collector's state) -----------------------------------------------------------


def event_id(lease_id: str, kind: str, key: str) -> str:
    """An outbox event's id: ``<leaseId>#<kind>#<key>``, so that (leaseId, kind, key) is unique by
    construction and the id alone finds the event."""
    return f"{lease_id}#{kind}#{key}"


def split_event_id(value: str) -> tuple[str, str, str]:
    parts = value.split("#", 2)
    if len(parts) != 3 or not all(parts[:2]):
        raise _core.InputError("expected an event id <leaseId>#<kind>#<key>", "<event id>", "", value)
    return parts[0], parts[1], parts[2]


def _no_floats(value: object, source: str, path: str) -> None:
    if isinstance(value, float):
        raise _fail(source, path, "amounts are decimal strings, not floats", value)
    if isinstance(value, Mapping):
        for name, item in value.items():
            if not isinstance(name, str):
                raise _fail(source, path, "expected string keys", name)
            _no_floats(item, source, f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _no_floats(item, source, f"{path}[{index}]")
    elif not (value is None or isinstance(value, (str, int, bool))):
        raise _fail(source, path, "expected JSON text, numbers, booleans, lists or objects", value)


def validate_event(event: Mapping[str, Any], *, now: int | None = None) -> dict[str, Any]:
    """An outbox event as the store keeps it: ``{id, leaseId, kind, key, detail, createdAt, sentAt}``.
    ``id`` (if given) must be :func:`event_id` of the others; ``createdAt`` defaults to now; ``sentAt``
    is None (pending) or the epoch second it was claimed."""
    source = "<lease event>"
    if not isinstance(event, Mapping):
        raise _core.InputError("expected an event (a dict)", source, "", repr(event)[:80])
    known = ("id", "leaseId", "kind", "key", "detail", "createdAt", "sentAt")
    for name in event:
        if name not in known:
            raise _core.InputError(f"unknown key{_near(str(name), known)}", source, str(name), repr(event[name]))
    lease = _check_str(event.get("leaseId"), source, "leaseId")
    if "#" in lease:
        raise _fail(source, "leaseId", "must not contain '#'", lease)
    kind = _check_str(event.get("kind"), source, "kind")
    if "#" in kind:
        raise _fail(source, "kind", "must not contain '#'", kind)
    key = event.get("key", "")
    if not isinstance(key, str):
        raise _fail(source, "key", "expected a string", key)
    ident = event_id(lease, kind, key)
    if event.get("id") not in (None, ident):
        raise _fail(source, "id", f"expected {ident!r} (leaseId#kind#key)", event.get("id"))
    detail = event.get("detail", {})
    if not isinstance(detail, Mapping):
        raise _fail(source, "detail", "expected an object", detail)
    _no_floats(detail, source, "detail")
    created = event.get("createdAt")
    if created is None:
        created = int(now if now is not None else _dt.datetime.now(_dt.timezone.utc).timestamp())
    check_int(created, source, "createdAt", 0)
    sent = event.get("sentAt")
    if sent is not None:
        check_int(sent, source, "sentAt", 0)
    return {"id": ident, "leaseId": lease, "kind": kind, "key": key, "detail": copy.deepcopy(dict(detail)),
            "createdAt": created, "sentAt": sent}


def validate_lease(lease: Mapping[str, Any]) -> dict[str, Any]:
    """A lease as :meth:`LeaseStore.put_lease` takes it: a dict with ``leaseId`` (and whatever the lease
    events carry: accountId, startDate, terminatedAt, budget, ownerId, …), JSON values without floats.
    ``status`` is the store's (see :func:`merge_lease`)."""
    source = "<lease>"
    if not isinstance(lease, Mapping):
        raise _core.InputError("expected a lease (a dict)", source, "", repr(lease)[:80])
    lease_id = _check_str(lease.get("leaseId"), source, "leaseId")
    if "#" in lease_id:
        raise _fail(source, "leaseId", "must not contain '#'", lease_id)
    _no_floats(lease, source, "")
    if "status" in lease and lease["status"] not in (None, *LEASE_STATUSES):
        raise _fail(source, "status", f"expected one of {', '.join(LEASE_STATUSES)}", lease["status"])
    return copy.deepcopy(dict(lease))


def merge_lease(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """The lease after an event: ``new``'s values over ``old``'s (a None in ``new`` erases nothing, so a
    LeaseTerminated completes a LeaseCreated whatever their order). ``status``: ``final`` stays final;
    otherwise ``terminated`` once a ``terminatedAt`` is known, else ``active`` (an explicit status in
    ``new`` wins)."""
    merged = dict(old or {})
    for name, value in new.items():
        if value is not None and name != "status":
            merged[name] = copy.deepcopy(value)
    if new.get("status") is not None:
        merged["status"] = new["status"]
    elif merged.get("status") != "final":
        merged["status"] = "terminated" if merged.get("terminatedAt") is not None else "active"
    return merged


def check_lease_status(status: object) -> str:
    if status not in LEASE_STATUSES:
        raise _core.InputError(f"expected one of {', '.join(LEASE_STATUSES)}{_near(str(status), LEASE_STATUSES)}, "
                               f"got {status!r}",
                               "<lease status>", "status", repr(status))
    return status  # type: ignore[return-value]


def check_next_collection(record: Mapping[str, Any], previous: Mapping[str, Any] | None) -> None:
    """The rule every store applies before it writes a collection: it is the previous one's + 1 (1 for
    the first) and later than it."""
    lease, number, at = record["leaseId"], record["collection"], record["collectedAt"]
    expected = 1 if previous is None else int(previous["collection"]) + 1
    if number != expected:
        had = "no collection" if previous is None else f"collection {previous['collection']}"
        raise StoreError(f"lease {lease}: collection {number} is not the next one (the store has {had}; "
                         f"expected {expected}); nothing written")
    if previous is not None and at <= int(previous["collectedAt"]):
        raise StoreError(f"lease {lease}: collection {number} collectedAt {at} is not after collection "
                         f"{previous['collection']}'s {previous['collectedAt']}; nothing written")


def over_budget_order(records: Iterable[LeaseRecord]) -> list[LeaseRecord]:
    """variancePercent descending by exact decimal value (10.5 > 10.25 > 9.9), ties by leaseId."""
    return sorted(records, key=lambda r: (-Decimal(r["variancePercent"] or "0"), r["leaseId"]))


def check_chargeback(amount: object, date: object) -> tuple[str, int]:
    source = "<chargeback>"
    return check_amount(amount, source, "amount"), check_int(date, source, "date", 0)


def check_requests(at: object, count: object) -> tuple[int, int]:
    """A request-log entry: ``at`` epoch seconds, ``count`` requests sent then (both whole, >= 0)."""
    source = "<request log>"
    return check_int(at, source, "at", 0), check_int(count, source, "count", 0)


def check_time(value: object, name: str) -> int:
    """Epoch seconds (or a duration in seconds) given to a store method: a whole number, at least 0."""
    return check_int(value, "<lease store>", name, 0)


def check_claim(key: object, claim: object) -> str:
    """A query claim as JSON text: ``key`` a non-empty string, ``claim`` an object of JSON values (no
    floats) — what the collector needs to resume the batch: its accounts, period, label and leases."""
    source = "<query claim>"
    _check_str(key, source, "key")
    if not isinstance(claim, Mapping):
        raise _fail(source, "claim", "expected an object", claim)
    _no_floats(claim, source, "claim")
    return json.dumps(dict(claim), sort_keys=True, separators=(",", ":"))


def cache_text(pages: Sequence[Mapping[str, Any]]) -> str:
    if not isinstance(pages, Sequence) or isinstance(pages, (str, bytes)) or \
            not all(isinstance(page, Mapping) for page in pages):
        raise _core.InputError("expected a list of GetCostAndUsage pages (dicts)", "<cached response>", "",
                               repr(pages)[:80])
    return json.dumps(list(pages), separators=(",", ":"), default=_json_default)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


# --- the interface ------------------------------------------------------------------------------------


@runtime_checkable
class LeaseStore(Protocol):
    """What every lease store does, with the same behaviour (tests/python/test_lease_store.py runs one
    suite against both)."""

    # Records
    def put_collection(self, record: Mapping[str, Any], *, events: Iterable[Mapping[str, Any]] = ()) -> None: ...
    def current(self, lease_id: str) -> LeaseRecord | None: ...
    def history(self, lease_id: str) -> list[LeaseRecord]: ...
    def by_account(self, account_id: str, *, newest_first: bool = False) -> list[LeaseRecord]: ...
    def by_owner(self, owner_id: str, *, newest_first: bool = False) -> list[LeaseRecord]: ...
    def over_budget(self, limit: int | None = None) -> list[LeaseRecord]: ...
    def current_records(self) -> Iterator[LeaseRecord]: ...
    # The current records as LeaseColumns (Arrow, amounts exact) for the portfolio analysis and chargeback,
    # in the portfolio's order (end date, collection time, lease id)
    def current_columns(self) -> Any: ...
    def mark_charged_back(self, lease_id: str, amount: str, date: int) -> bool: ...
    # Leases
    def put_lease(self, lease: Mapping[str, Any]) -> bool: ...
    def get_lease(self, lease_id: str) -> dict[str, Any] | None: ...
    def leases(self, status: str | None = None) -> list[dict[str, Any]]: ...
    def set_lease_status(self, lease_id: str, status: str) -> bool: ...
    # Query cache (answers older than ``since`` are ignored) and the claims of queries in flight
    def cached_response(self, key: str, *, since: int | None = None) -> list[dict[str, Any]] | None: ...
    def cache_response(self, key: str, pages: Sequence[Mapping[str, Any]], *, at: int | None = None) -> None: ...
    def claim_query(self, key: str, claim: Mapping[str, Any], *, at: int, stale_after: int) -> bool: ...
    def release_query(self, key: str) -> None: ...
    def query_claims(self) -> list[dict[str, Any]]: ...
    # Request log
    def record_requests(self, at: int, count: int) -> None: ...
    def requests_since(self, at: int) -> int: ...
    # The time to live: the cache, the request log and the claims older than ``before`` go
    def purge(self, before: int) -> int: ...
    # Outbox
    def events(self, lease_id: str | None = None, pending: bool | None = None) -> list[dict[str, Any]]: ...
    def add_event(self, event: Mapping[str, Any]) -> bool: ...
    def claim_event(self, event_id: str, *, at: int | None = None) -> bool: ...
    # Set-up
    def create_tables(self) -> list[str]: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...
    # ``with open_store(...) as store:`` closes the store's connection at the end of the block.
    def __enter__(self) -> LeaseStore: ...
    def __exit__(self, *exc: object) -> None: ...


def open_store(spec: str | None = None, *, endpoint_url: str | None = None, region: str = "us-east-1",
               profile: str | None = None, session: Any = None, page_size: int | None = None) -> LeaseStore:
    """The store a ``--store`` value names: ``dynamodb:TABLE`` (tables TABLE and TABLEState, see
    :class:`DynamoDBStore`) or a SQLite file path (default ``costmodel-leases.sqlite``, created with
    its schema when missing). A context manager: ``with open_store(spec) as store:`` closes it."""
    spec = DEFAULT_STORE if spec is None else spec
    if not isinstance(spec, str) or not spec:
        raise _core.InputError("expected a SQLite file path or dynamodb:TABLE", "<command line>", "--store",
                               repr(spec))
    if spec.startswith(DYNAMODB_PREFIX):
        table = spec[len(DYNAMODB_PREFIX):]
        from ._store_dynamodb import DynamoDBStore

        return DynamoDBStore(table, session=session, endpoint_url=endpoint_url, region=region, profile=profile,
                             page_size=page_size)
    if endpoint_url is not None or profile is not None:
        raise _core.InputError("--endpoint-url and --profile are for a DynamoDB store (dynamodb:TABLE)",
                               "<command line>", "--store", spec)
    from ._store_sqlite import SqliteStore

    return SqliteStore(spec)


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """The store options every lease command takes: --store, --endpoint-url, --region, --profile."""
    parser.add_argument("--store", default=DEFAULT_STORE, metavar="PATH|dynamodb:TABLE",
                        help=f"a SQLite file (default {DEFAULT_STORE}) or dynamodb:TABLE")
    parser.add_argument("--endpoint-url", default=None, help="DynamoDB endpoint (e.g. a local one)")
    parser.add_argument("--region", default="us-east-1", help="DynamoDB region (default us-east-1)")
    parser.add_argument("--profile", default=None, help="AWS profile for DynamoDB")


def store_from_args(args: argparse.Namespace) -> LeaseStore:
    return open_store(getattr(args, "store", None), endpoint_url=getattr(args, "endpoint_url", None),
                      region=getattr(args, "region", None) or "us-east-1", profile=getattr(args, "profile", None))

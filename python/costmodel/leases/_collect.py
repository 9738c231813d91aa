"""Progressive cost collection after a lease ends (docs/leases.md, "Collection").

Cost Explorer's figures for a day keep changing for a while after it (AWS marks them Estimated), so a
terminated lease is collected up to three times: 24, 48 and 72 hours after ``terminatedAt``. Each
collection is a new record in the store (the history is kept); a collection is final when no day is
Estimated any more and its report equals the previous collection's, or at 72 hours whatever the data
says. A run of :func:`collect` does what is due at ``now`` and nothing else, so it can run every hour
(cron) and a second run at the same ``now`` does nothing new.

The requests: the leases due for the same collection with the same (startDate, endDate) are asked for
together, at most 100 accounts per batch: one request for one account (GroupBy SERVICE, REGION), two
for several (GroupBy LINKED_ACCOUNT and SERVICE, then LINKED_ACCOUNT and REGION). Each request costs
USD 0.01; the run stays within ``requests_per_hour`` over the last hour (the store's request log),
and the batches that do not fit wait for a later run. Every answer is kept in the store's cache
before any record is computed from it, so a run that fails after the query and before the write
computes from the cache next time: no request is paid twice and nothing is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .._dates import date_text
from ._events import LeaseEvent, read_lease_events
from ._store import StoreError

HOUR = 3600
DAY_SECONDS = 86400
ROUNDS = 3                       # collections at 24, 48 and 72 hours
ACCOUNTS_PER_BATCH = 100         # Cost Explorer's LINKED_ACCOUNT filter, the seed's batch size
PRICE_PER_REQUEST = Decimal("0.01")
PROGRESS_ABOVE = 20              # leases due before a progress bar is worth showing
METRIC = "UnblendedCost"
CACHE_TTL = 7 * DAY_SECONDS      # the time to live of cached answers, request-log entries and query claims
CLAIM_HOLD = 15 * 60             # a query claimed longer ago than this is taken over: its run is gone


def _epoch(now: _dt.datetime | int | float) -> int:
    if isinstance(now, _dt.datetime):
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"now={now.isoformat()} has no time zone: give a zone (UTC)")
        return int(now.timestamp())
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        raise TypeError(f"now must be a datetime with a zone or epoch seconds, not {type(now).__name__}")
    return int(now)


def hhmm(at: int) -> str:
    """HH:MM UTC of an epoch time."""
    return _dt.datetime.fromtimestamp(at, _dt.timezone.utc).strftime("%H:%M")


# --- the plan: pure ---------------------------------------------------------------------------------


def due_collection(terminated_at: int, collections: int, final: bool, now: int) -> int | None:
    """The number of the collection due at ``now`` for a lease terminated at ``terminated_at`` that
    has ``collections`` so far, or None. Collection k is due from terminatedAt + 24 h × k; when rounds
    were missed (the service was down) one collection is due, numbered next."""
    if final or collections >= ROUNDS:
        return None
    rounds = min(ROUNDS, (now - terminated_at) // DAY_SECONDS)
    return collections + 1 if rounds > collections else None


def collection_round(terminated_at: int, now: int) -> int:
    """How many 24-hour rounds have passed at ``now`` (at most 3): 3 means the 72 hours are over."""
    return max(0, min(ROUNDS, (now - terminated_at) // DAY_SECONDS))


@dataclasses.dataclass(frozen=True)
class DueLease:
    lease: Mapping[str, Any]      # the store's lease: leaseId, accountId, startDate, endDate, budget, ...
    collection: int               # the number of the collection due
    round: int                    # the rounds passed at now (3: the 72 hours are over)

    @property
    def lease_id(self) -> str:
        return str(self.lease["leaseId"])


@dataclasses.dataclass(frozen=True)
class Batch:
    """The leases of one (startDate, endDate, collection) asked for together: their accounts (at most
    100), the GetCostAndUsage requests, and the cache key of the answers."""

    start: _dt.date               # the first day
    end: _dt.date                 # the last day (inclusive); the query's End is the day after
    collection: int
    leases: tuple[DueLease, ...]
    accounts: tuple[str, ...]
    requests: tuple[dict[str, Any], ...]
    label: str = ""               # the cache key's last part: "round <collection>" unless given
    metric: str = METRIC          # the cost metric asked for

    @property
    def cache_key(self) -> str:
        # "acct1,acct2|2024-01-01|2024-02-01|round 2": the accounts, the TimePeriod, the collection;
        # then "|AmortizedCost" for a metric other than the default, so answers of two metrics never
        # share an entry (and the default's keys are those written before the metric was in the key).
        start, end = date_text(self.start, "start"), date_text(self.end + _dt.timedelta(days=1), "end")
        metric = "" if self.metric == METRIC else f"|{self.metric}"
        return (f"{','.join(self.accounts)}|{start}|{end}"
                f"|{self.label or f'round {self.collection}'}{metric}")


def batch_requests(start: _dt.date, end: _dt.date, accounts: Sequence[str],
                   metric: str = METRIC) -> list[dict[str, Any]]:
    """The GetCostAndUsage requests of one batch (end inclusive): one for a single account, grouped
    by SERVICE and REGION; two for several, grouped by LINKED_ACCOUNT and SERVICE, and by
    LINKED_ACCOUNT and REGION (Cost Explorer allows two GroupBy dimensions)."""
    period = {"Start": date_text(start, "start"), "End": date_text(end + _dt.timedelta(days=1), "end")}
    base = {"TimePeriod": period, "Granularity": "DAILY",
            "Metrics": [metric], "Filter": {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": list(accounts)}}}

    def grouped(*keys: str) -> dict[str, Any]:
        return {**base, "GroupBy": [{"Type": "DIMENSION", "Key": key} for key in keys]}

    if len(accounts) == 1:
        return [grouped("SERVICE", "REGION")]
    return [grouped("LINKED_ACCOUNT", "SERVICE"), grouped("LINKED_ACCOUNT", "REGION")]


def plan_batches(due: Iterable[DueLease], *, metric: str = METRIC, accounts_per_batch: int = ACCOUNTS_PER_BATCH,
                 label: str = "") -> list[Batch]:
    """Groups the due leases by (startDate, endDate, collection) and cuts each group into batches of
    at most ``accounts_per_batch`` accounts. Groups come in the order of their earliest termination
    (the oldest waits least), leases within a group by termination then leaseId, so the same due
    leases always give the same batches and cache keys."""
    groups: dict[tuple[str, str, int], list[DueLease]] = {}
    for item in sorted(due, key=lambda d: (int(d.lease.get("terminatedAt") or d.lease.get("startedAt") or 0),
                                           d.lease_id)):
        key = (str(item.lease["startDate"]), str(item.lease["endDate"]), item.collection)
        groups.setdefault(key, []).append(item)
    batches = []
    for (start, end, collection), items in groups.items():
        chunk: list[DueLease] = []
        accounts: list[str] = []

        def close() -> None:
            first, last = _dt.date.fromisoformat(start), _dt.date.fromisoformat(end)
            batches.append(Batch(first, last, collection, tuple(chunk), tuple(accounts),
                                 tuple(batch_requests(first, last, accounts, metric)), label, metric))

        for item in items:
            account = str(item.lease["accountId"])
            if account not in accounts and len(accounts) == accounts_per_batch:
                close()
                chunk, accounts = [], []
            chunk.append(item)
            if account not in accounts:
                accounts.append(account)
        if chunk:
            close()
    return batches


def fit_budget(batches: Sequence[Batch], *, used: int, per_hour: int,
               cached: Callable[[Batch], bool] = lambda batch: False) -> tuple[list[Batch], list[Batch]]:
    """(to run, queued): the batches in order, each run if its requests still fit in ``per_hour``
    after the ``used`` ones of the last hour; a batch whose answers are cached costs nothing. A batch
    that does not fit is queued and a later, smaller one may still run."""
    run, queued = [], []
    spent = used
    for batch in batches:
        cost = 0 if cached(batch) else len(batch.requests)
        if spent + cost <= per_hour:
            run.append(batch)
            spent += cost
        else:
            queued.append(batch)
    return run, queued


def next_run_after(now: int, need: int, per_hour: int, requests_since: Callable[[int], int]) -> int:
    """The first whole minute after ``now`` at which ``need`` more requests fit in the hourly budget:
    the requests of the last hour age out as time passes (``requests_since(t)`` counts those at or
    after t, so it only falls as t grows)."""
    low, high = 1, 61  # minutes; 61 minutes on, every request made up to now has aged out
    while low < high:
        middle = (low + high) // 2
        if requests_since(now + middle * 60 - HOUR) + need <= per_hour:
            high = middle
        else:
            low = middle + 1
    return now + low * 60


# --- the run ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class CollectionRun:
    """What one run did. ``requests`` were sent (each page one) and cost ``cost`` (USD 0.01 each);
    ``collected`` are the leases with a new record, ``final`` those whose record is final;
    ``queued`` wait for the hourly budget (``next_run`` epoch seconds: when they fit); ``failed``
    are (leaseId, error) whose fetch failed after its retries (they stay due); ``cached`` batches
    were computed from a stored answer without a request; ``in_flight`` leases are being fetched by
    another run (their query is claimed; they stay due); ``purged`` store entries were past their
    time to live."""

    now: int
    due: int = 0
    batches: int = 0
    requests: int = 0
    throttled: int = 0
    cached: int = 0
    collected: list[str] = dataclasses.field(default_factory=list)
    final: list[str] = dataclasses.field(default_factory=list)
    queued: list[str] = dataclasses.field(default_factory=list)
    next_run: int | None = None
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    events_created: int = 0
    events_sent: int = 0
    events_failed: list[str] = dataclasses.field(default_factory=list)
    registered: int = 0
    records: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    in_flight: list[str] = dataclasses.field(default_factory=list)
    purged: int = 0

    @property
    def cost(self) -> Decimal:
        return PRICE_PER_REQUEST * self.requests

    def to_dict(self) -> dict[str, Any]:
        return {"now": self.now, "leasesRegistered": self.registered, "due": self.due, "batches": self.batches,
                "requests": self.requests, "requestCost": f"{self.cost:.2f}", "throttled": self.throttled,
                "cachedBatches": self.cached, "collected": self.collected, "final": self.final,
                "queued": self.queued, "nextRunAfter": self.next_run, "inFlight": self.in_flight,
                "failed": [{"leaseId": lease, "error": error} for lease, error in self.failed],
                "eventsCreated": self.events_created, "eventsSent": self.events_sent,
                "eventsFailed": self.events_failed, "purged": self.purged}

    def summary(self) -> str:
        lines = [f"{self.registered} lease events registered; {self.due} leases due for collection in "
                 f"{self.batches} batches",
                 f"Cost Explorer: {self.requests} requests at USD 0.01 each: USD {self.cost:.2f}"
                 + (f" ({self.throttled} throttled attempts retried)" if self.throttled else "")
                 + (f"; {self.cached} batches from the cache" if self.cached else ""),
                 f"{len(self.collected)} leases collected, {len(self.final)} final"]
        if self.queued:
            lines.append(f"{len(self.queued)} leases queued, next run after {hhmm(self.next_run or self.now)} UTC "
                         f"(the budget of requests per hour is spent)")
        if self.in_flight:
            lines.append(in_flight_line(self.in_flight))
        for lease, error in self.failed:
            lines.append(f"failed: {lease}: {error}")
        lines.append(f"{self.events_created} events created, {self.events_sent} sent"
                     + (f", {len(self.events_failed)} not delivered" if self.events_failed else ""))
        return "\n".join(lines)


def in_flight_line(leases: Sequence[str]) -> str:
    return (f"{len(leases)} leases left to another run that is fetching them (their query is claimed; "
            f"taken over after {CLAIM_HOLD // 60} minutes)")


def event(lease: Mapping[str, Any], kind: str, key: str, detail: dict[str, Any], now: int) -> dict[str, Any]:
    """An outbox event: unique by (leaseId, kind, key), its id made of them, so the same event
    built twice is the same event."""
    lease_id = str(lease["leaseId"])
    return {"id": f"{lease_id}#{kind}#{key}", "leaseId": lease_id, "kind": kind, "key": key, "detail": detail,
            "createdAt": now, "sentAt": None}


def _report_part(record: Mapping[str, Any]) -> dict[str, Any]:
    from ._record import REPORT_KEYS

    return {key: record.get(key) for key in (*REPORT_KEYS, "estimatedDays")}


# The lease's fields a record carries for the chargeback and the portfolio analysis. A re-collection
# takes them from the lease, and from the previous record where the lease lacks them.
CARRIED_FIELDS = ("ownerId", "ownerEmail", "orgUnit", "template", "tags", "budget")
CHARGEBACK_FIELDS = ("chargebackGenerated", "chargebackAmount", "chargebackDate")


def _missing(value: object) -> bool:
    return value is None or value == "" or value == {}


def with_record_fields(lease: Mapping[str, Any], previous: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The lease with the chargeback fields (owner, org unit, template, tags, budget) of its previous
    record filled in where the lease itself has none, so that a re-collection loses none of them
    (a lease store rebuilt from partial events, or a record written by another tool)."""
    if previous is None:
        return lease
    filled = dict(lease)
    for key in CARRIED_FIELDS:
        if _missing(filled.get(key)) and not _missing(previous.get(key)):
            filled[key] = previous[key]
    return filled


def make_record(report: Mapping[str, Any], lease: Mapping[str, Any], *, collection: int, round_: int, now: int,
                previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """The LeaseRecord of one collection: the contract report, the lease's metadata, the bookkeeping.
    A chargeback recorded on the previous record (``mark_charged_back``) stays recorded: the new
    record keeps chargebackGenerated, chargebackAmount and chargebackDate, so the lease is not charged
    back twice and the amount charged stays beside the revised totalCost."""
    lease = with_record_fields(lease, previous)
    estimated = list(report.get("estimatedDays") or [])
    record: dict[str, Any] = {
        "leaseId": str(lease["leaseId"]), "accountId": str(lease["accountId"]),
        "startDate": str(lease["startDate"]), "endDate": str(lease["endDate"]),
        "ownerId": str(lease.get("ownerId") or ""), "ownerEmail": lease.get("ownerEmail"),
        "orgUnit": lease.get("orgUnit"), "template": lease.get("template"), "tags": dict(lease.get("tags") or {}),
        "collectedAt": now, "collection": collection,
        "dataSource": "ESTIMATED" if estimated else "ACTUAL", "estimatedDays": estimated,
    }
    for key in ("currency", "totalCost", "budget", "overBudget", "variance", "variancePercent", "status",
                "duration", "costPerDay", "dailyCosts", "topServices", "topRegions"):
        record[key] = report.get(key)
    unchanged = previous is not None and _report_part(previous) == _report_part(record)
    record["final"] = bool((not estimated and unchanged) or round_ >= ROUNDS)
    record["finalCost"] = record["totalCost"] if record["final"] else None
    charged = previous is not None and bool(previous.get("chargebackGenerated"))
    for key in CHARGEBACK_FIELDS:
        record[key] = previous.get(key) if charged and previous is not None else None
    record["chargebackGenerated"] = charged
    return record


def record_events(record: Mapping[str, Any], lease: Mapping[str, Any], existing: set[tuple[str, str]],
                  now: int) -> list[dict[str, Any]]:
    """The events a new record brings: CostDataCollected when it is final, BudgetOverage the first
    time a collection is over budget (``existing``: the (kind, key) the lease already has)."""
    events = []
    if record["final"] and ("CostDataCollected", "") not in existing:
        events.append(event(lease, "CostDataCollected", "", {
            "leaseId": record["leaseId"], "accountId": record["accountId"], "totalCost": record["totalCost"],
            "budget": record["budget"], "overBudget": record["overBudget"], "currency": record["currency"],
            "final": True}, now))
    if record["overBudget"] and ("BudgetOverage", "") not in existing:
        events.append(event(lease, "BudgetOverage", "", {
            "leaseId": record["leaseId"], "accountId": record["accountId"], "totalCost": record["totalCost"],
            "budget": record["budget"], "variance": record["variance"],
            "variancePercent": record["variancePercent"], "currency": record["currency"]}, now))
    return events


def split_answers(cached: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
    """(by_service, by_region) pages of a cached batch answer: [{request, pages}, ...]."""
    by_service: list[dict[str, Any]] = []
    by_region: list[dict[str, Any]] | None = None
    for answer in cached:
        keys = [group["Key"] for group in answer["request"].get("GroupBy", [])]
        if keys == ["LINKED_ACCOUNT", "REGION"]:
            by_region = (by_region or []) + list(answer["pages"])
        else:
            by_service += list(answer["pages"])
    return by_service, by_region


def _answers(requests: Sequence[Mapping[str, Any]], result: Any) -> list[dict[str, Any]]:
    answers, first = [], 0
    for request, count in zip(requests, result.pages):
        answers.append({"request": dict(request), "pages": list(result.responses[first:first + count])})
        first += count
    return answers


def default_fetch(*, endpoint_url: str | None = None, profile: str | None = None, region: str = "us-east-1",
                  session: Any = None, **options: Any) -> Callable[[Sequence[Mapping[str, Any]]], Any]:
    """costmodel.aws.fetch_cost_and_usage with these client options (and e.g. base_delay, max_attempts)."""
    from ..aws import fetch_cost_and_usage

    return functools.partial(fetch_cost_and_usage, endpoint_url=endpoint_url, profile=profile, region=region,
                             session=session, **options)


def _progress(batches: list[Batch], due: int, progress: bool | None, what: str) -> Iterable[Batch]:
    show = progress if progress is not None else (due > PROGRESS_ABOVE and sys.stderr.isatty())
    if not show:
        return batches
    from tqdm import tqdm  # type: ignore[import-untyped]

    return tqdm(batches, desc=what, unit="batch", file=sys.stderr)


def delivery_order(event: Mapping[str, Any]) -> tuple[Any, ...]:
    """The order the sink gets the events in: by creation time, lease and kind, then by key, keys of
    digits by number, so that a lease's thresholds go out 50, 75, 90, 100 (as text, "100" < "50")."""
    key = str(event.get("key", ""))
    return (int(event.get("createdAt") or 0), str(event["leaseId"]), str(event["kind"]),
            (0, int(key), "") if key.isdigit() else (1, 0, key))


def deliver(store: Any, sink: Any, run: Any) -> None:
    """Sends the store's pending events: each is claimed first (pending → sent, conditional), then
    sent, so no event is sent twice even by two runs at once (at most once: a send that fails after
    its claim is reported, not retried)."""
    if sink is None:
        return
    from ._sinks import SinkError

    pending = sorted(store.events(pending=True), key=delivery_order)
    claimed = [e for e in pending if store.claim_event(e["id"], at=run.now)]
    if not claimed:
        return
    try:
        run.events_sent += sink.send(claimed)
    except SinkError as error:
        failed = {event_id for event_id, _, _ in error.failed}
        run.events_failed += sorted(failed)
        run.events_sent += len(claimed) - len(failed)


def check_run_options(requests_per_hour: object, cache_ttl: object) -> None:
    if isinstance(requests_per_hour, bool) or not isinstance(requests_per_hour, int) or requests_per_hour < 1:
        raise ValueError(f"requests_per_hour must be a whole number, at least 1, not {requests_per_hour!r}")
    if isinstance(cache_ttl, bool) or not isinstance(cache_ttl, int) or cache_ttl < HOUR:
        # The hourly budget counts the requests of the last hour: the log must keep at least that.
        raise ValueError(f"cache_ttl must be whole seconds, at least {HOUR} (an hour), not {cache_ttl!r}")


def collect(events: Iterable[LeaseEvent] | str | os.PathLike[str], store: Any, *, now: _dt.datetime | int,
            fetch: Callable[[Sequence[Mapping[str, Any]]], Any] | None = None, sink: Any = None,
            requests_per_hour: int = 100, progress: bool | None = None, metric: str = METRIC,
            cache_ttl: int = CACHE_TTL) -> CollectionRun:
    """Registers the lease events in ``store`` and collects every lease due at ``now``.

    ``events``: LeaseEvents or a JSON-lines file of them (read_lease_events). ``fetch``: a function of
    a list of GetCostAndUsage requests returning a costmodel.aws.FetchResult (default: fetch_cost_and_usage
    with the machine's credentials; :func:`default_fetch` makes one with an endpoint, a profile or small
    delays). ``sink``: where the events go (JsonLinesSink, EventBridgeSink; None: they wait in the store).
    ``cache_ttl``: seconds the store keeps cached answers, request-log entries and query claims
    (default 7 days); older ones are ignored and purged at the start of the run.
    """
    at = _epoch(now)
    check_run_options(requests_per_hour, cache_ttl)
    if isinstance(events, (str, os.PathLike)):
        events = read_lease_events(events)
    fetch = fetch if fetch is not None else default_fetch()
    run = CollectionRun(now=at)
    for lease_event in events:
        if store.put_lease(lease_event.to_lease()):
            run.registered += 1

    due: list[DueLease] = []
    for lease in store.leases(status="terminated"):
        current = store.current(lease["leaseId"])
        collections = int(current["collection"]) if current else 0
        number = due_collection(int(lease["terminatedAt"]), collections, bool(current and current["final"]), at)
        if number is not None:
            due.append(DueLease(with_record_fields(lease, current), number,
                                collection_round(int(lease["terminatedAt"]), at)))
    run.due = len(due)
    for batch, reports in priced_batches(due, store, run, at, fetch=fetch, requests_per_hour=requests_per_hour,
                                         progress=progress, what="collecting", metric=metric, cache_ttl=cache_ttl):
        for item, report in zip(batch.leases, reports):
            previous = store.current(item.lease_id)
            record = make_record(report, item.lease, collection=item.collection, round_=item.round, now=at,
                                 previous=previous)
            existing = {(e["kind"], e["key"]) for e in store.events(lease_id=item.lease_id)}
            new_events = record_events(record, item.lease, existing, at)
            try:
                store.put_collection(record, events=new_events)
            except StoreError:
                now_current = store.current(item.lease_id)
                if now_current is not None and int(now_current["collection"]) >= item.collection:
                    continue  # a run overlapping this one wrote this collection first: it is done
                raise
            if record["final"]:
                store.set_lease_status(item.lease_id, "final")
                run.final.append(item.lease_id)
            run.collected.append(item.lease_id)
            run.events_created += len(new_events)
            run.records.append(record)
    deliver(store, sink, run)
    return run


def priced_batches(due: Sequence[DueLease], store: Any, run: Any, at: int, *, fetch: Callable[..., Any],
                   requests_per_hour: int, progress: bool | None, what: str, metric: str = METRIC,
                   label: str = "", failure_events: bool = True,
                   cache_ttl: int = CACHE_TTL) -> Iterator[tuple[Batch, list[dict[str, Any]]]]:
    """The due leases' batches that this run can price, each with its leases' report documents, in
    order: the store's entries past ``cache_ttl`` purged; the batches a run left unfinished resumed
    (resume_batches); the other leases planned (plan_batches); all fitted to the hour's request budget
    (a cached answer costs no request); answered from the cache or fetched under a claim (a failed
    fetch releases its claim and skips its batch; _fetch_batch says why); then reported. A batch's
    claim is released once the consumer has handled its reports (the generator resumes), so a crash
    before that leaves it to be resumed. Sets ``run.batches``, ``run.queued``, ``run.cached``,
    ``run.in_flight``, ``run.purged`` and, once every batch is done, ``run.next_run`` for the batches
    left queued. collect() and check_active() both run on it."""
    import costmodel

    since = at - cache_ttl
    run.purged = store.purge(since)
    resumed, rest, busy = resume_batches(due, store, at, since=since, metric=metric, label=label)
    run.in_flight = busy
    batches = resumed + plan_batches(rest, metric=metric, label=label)
    used = store.requests_since(at - HOUR)
    cache: dict[str, list[dict[str, Any]] | None] = {b.cache_key: store.cached_response(b.cache_key, since=since)
                                                     for b in batches}
    to_run, queued = fit_budget(batches, used=used, per_hour=requests_per_hour,
                                cached=lambda b: cache[b.cache_key] is not None)
    run.batches = len(to_run)
    run.queued = [d.lease_id for b in queued for d in b.leases]
    for batch in _progress(to_run, len(due), progress, what):
        answers = cache[batch.cache_key]
        if answers is None:
            if not store.claim_query(batch.cache_key, batch_claim(batch), at=at, stale_after=CLAIM_HOLD):
                run.in_flight += [d.lease_id for d in batch.leases]  # another run claimed it just now
                continue
            try:
                answers = _fetch_batch(batch, store, fetch, run, at, failure_events=failure_events)
            except BaseException:
                store.release_query(batch.cache_key)  # nothing cached: the next run asks again
                raise
            if answers is None:
                store.release_query(batch.cache_key)  # refused after its retries: the next run asks again
                continue
        else:
            run.cached += 1
        by_service, by_region = split_answers(answers)
        first, last = date_text(batch.start, "start"), date_text(batch.end, "end")
        leases = [{"leaseId": d.lease_id, "accountId": str(d.lease["accountId"]), "startDate": first, "endDate": last,
                   "budget": d.lease.get("budget")} for d in batch.leases]
        yield batch, costmodel.lease_reports(by_service, leases, by_region=by_region, metric=metric).to_dicts()
        store.release_query(batch.cache_key)  # every lease of the batch is done
    if queued:
        # After this run's requests are in the log: when the smallest queued batch fits.
        run.next_run = next_run_after(at, min(len(b.requests) for b in queued), requests_per_hour,
                                      store.requests_since)


def batch_claim(batch: Batch) -> dict[str, Any]:
    """What a query claim keeps of its batch: enough to rebuild it (the same accounts, so the same
    cache key) for the leases a crashed run did not finish."""
    return {"accounts": list(batch.accounts), "start": batch.start.isoformat(), "end": batch.end.isoformat(),
            "collection": batch.collection, "label": batch.label, "metric": batch.metric,
            "leases": [d.lease_id for d in batch.leases]}


def resume_batches(due: Sequence[DueLease], store: Any, at: int, *, since: int, metric: str = METRIC,
                   label: str = "") -> tuple[list[Batch], list[DueLease], list[str]]:
    """(resumed batches, the other due leases, the leases in flight elsewhere) from the store's query
    claims. A claim whose answer is cached belongs to a batch some run fetched and did not finish (it
    stopped after writing some of its records): its leases that are still due are priced from that
    answer, in a batch of the claim's accounts (so the same cache key), without a request and without
    a second record for those already written. A claim without an answer is a query in flight: its
    leases are left to that run, until the claim is older than CLAIM_HOLD (then it is released and the
    leases planned anew). A claim none of whose leases is due any more is released. Only the claims
    of this kind of run (the same ``label``) are looked at: the collection and the active check leave
    each other's alone (the time to live purges them in the end)."""
    by_id = {d.lease_id: d for d in due}
    taken: set[str] = set()
    resumed: list[Batch] = []
    busy: list[str] = []
    for claim in store.query_claims():
        key, held = claim["key"], claim["claim"]
        try:
            start, end = _dt.date.fromisoformat(held["start"]), _dt.date.fromisoformat(held["end"])
            collection, accounts, wanted = int(held["collection"]), tuple(held["accounts"]), list(held["leases"])
            claim_label = str(held.get("label") or "")
            claim_metric = str(held.get("metric") or METRIC)
        except (KeyError, TypeError, ValueError):
            store.release_query(key)  # not a claim this collector wrote
            continue
        if claim_label != label or claim_metric != metric:
            continue  # the other kind of run's (a check's claim in a collection, or another metric's)
        members = tuple(by_id[lease] for lease in wanted if lease in by_id and lease not in taken
                        and by_id[lease].collection == collection
                        and str(by_id[lease].lease["startDate"]) == held["start"]
                        and str(by_id[lease].lease["endDate"]) == held["end"]
                        and str(by_id[lease].lease["accountId"]) in accounts)
        answered = store.cached_response(key, since=since) is not None
        stale = int(claim["claimedAt"]) <= at - CLAIM_HOLD
        if not members:
            if answered or stale:
                store.release_query(key)
            continue
        if answered:
            batch = Batch(start, end, collection, members, accounts, tuple(batch_requests(start, end, accounts, metric)),
                          claim_label, metric)
            if batch.cache_key != key:
                store.release_query(key)
                continue
            resumed.append(batch)
            taken.update(d.lease_id for d in members)
        elif not stale:
            busy += [d.lease_id for d in members]
            taken.update(d.lease_id for d in members)
        else:
            store.release_query(key)  # its run stopped before the answer came: ask again
    rest = [d for d in due if d.lease_id not in taken]
    return resumed, rest, busy


def _fetch_batch(batch: Batch, store: Any, fetch: Callable[..., Any], run: Any, at: int, *,
                 failure_events: bool = True) -> list[dict[str, Any]] | None:
    from ..aws import FetchError

    try:
        result = fetch(list(batch.requests))
    except FetchError as error:
        store.record_requests(at, error.requests)  # the answered ones are charged
        run.requests += error.requests
        for item in batch.leases:
            run.failed.append((item.lease_id, str(error)))
            if not failure_events:
                continue
            existing = {(e["kind"], e["key"]) for e in store.events(lease_id=item.lease_id)}
            if ("CostCollectionFailed", "") not in existing:
                failure = event(item.lease, "CostCollectionFailed", "", {
                    "leaseId": item.lease_id, "accountId": str(item.lease["accountId"]), "error": str(error),
                    "attempts": error.attempts}, at)
                if store.add_event(failure):
                    run.events_created += 1
        return None
    store.record_requests(at, result.requests)
    run.requests += result.requests
    run.throttled += result.throttled
    answers = _answers(batch.requests, result)
    # Kept before any record is computed: a failure from here on re-runs from the cache.
    store.cache_response(batch.cache_key, answers, at=at)
    return answers

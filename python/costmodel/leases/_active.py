"""Budget checks of running leases (docs/leases.md, "Active leases").

Once a day, each active lease with a budget is priced from its first day to yesterday (UTC; today is
not over), in the same batches and within the same hourly budget of requests as the collection, the
answers cached per day so a second check that day sends nothing. Budget consumed crosses 50, 75 and
90 %: one BudgetThresholdReached each. A lease whose LeaseCreated event gave a planned end
(``expiresAt`` or ``plannedEndDate``) also gets a forecast of its final cost at 25, 50 and 75 % of its
planned duration (costmodel.leases.forecast_final_cost: a least-squares line, an estimate with a 95 %
prediction interval), kept with the lease; a forecast over budget is a BudgetThresholdReached with
threshold 100 and the forecast, its lower and upper bounds, labelled an estimate. Each event once.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ._collect import CACHE_TTL, METRIC, PRICE_PER_REQUEST, DueLease, _epoch, check_run_options, deliver, event, \
    hhmm, in_flight_line, priced_batches

THRESHOLDS = (50, 75, 90)
FORECAST_AT = (25, 50, 75)  # percent of the planned duration


@dataclasses.dataclass
class ActiveCheck:
    """What one check did: ``checked`` leases priced, ``thresholds`` (leaseId, threshold) reached
    now, ``forecasts`` (leaseId, milestone %, forecast) made now, ``queued`` waiting for the hourly
    budget, ``failed`` (leaseId, error), ``in_flight`` left to another run fetching them, ``purged``
    store entries past their time to live."""

    now: int
    active: int = 0
    batches: int = 0
    requests: int = 0
    throttled: int = 0
    cached: int = 0
    checked: list[str] = dataclasses.field(default_factory=list)
    thresholds: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    forecasts: list[tuple[str, int, str]] = dataclasses.field(default_factory=list)
    queued: list[str] = dataclasses.field(default_factory=list)
    next_run: int | None = None
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    events_created: int = 0
    events_sent: int = 0
    events_failed: list[str] = dataclasses.field(default_factory=list)
    in_flight: list[str] = dataclasses.field(default_factory=list)
    purged: int = 0

    @property
    def cost(self) -> Decimal:
        return PRICE_PER_REQUEST * self.requests

    def to_dict(self) -> dict[str, Any]:
        return {"now": self.now, "active": self.active, "batches": self.batches, "requests": self.requests,
                "requestCost": f"{self.cost:.2f}", "throttled": self.throttled, "cachedBatches": self.cached,
                "checked": self.checked,
                "thresholds": [{"leaseId": lease, "threshold": t} for lease, t in self.thresholds],
                "forecasts": [{"leaseId": lease, "at": at, "forecast": f} for lease, at, f in self.forecasts],
                "queued": self.queued, "nextRunAfter": self.next_run, "inFlight": self.in_flight,
                "failed": [{"leaseId": lease, "error": error} for lease, error in self.failed],
                "eventsCreated": self.events_created, "eventsSent": self.events_sent,
                "eventsFailed": self.events_failed, "purged": self.purged}

    def summary(self) -> str:
        lines = [f"{self.active} active leases with a budget; {len(self.checked)} checked in {self.batches} batches",
                 f"Cost Explorer: {self.requests} requests at USD 0.01 each: USD {self.cost:.2f}"
                 + (f"; {self.cached} batches from the cache" if self.cached else "")]
        for lease, threshold in self.thresholds:
            lines.append(f"{lease}: {threshold} % of the budget reached" if threshold < 100
                         else f"{lease}: forecast over budget (an estimate)")
        for lease, at, forecast in self.forecasts:
            lines.append(f"{lease}: forecast at {at} % of the planned duration: {forecast} (an estimate)")
        if self.queued:
            lines.append(f"{len(self.queued)} leases queued, next run after {hhmm(self.next_run or self.now)} UTC")
        if self.in_flight:
            lines.append(in_flight_line(self.in_flight))
        for lease, error in self.failed:
            lines.append(f"failed: {lease}: {error}")
        lines.append(f"{self.events_created} events created, {self.events_sent} sent"
                     + (f", {len(self.events_failed)} not delivered" if self.events_failed else ""))
        return "\n".join(lines)


def _percent(part: Decimal, whole: Decimal) -> str:
    return str((part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _cents(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def reached_thresholds(spent: Decimal, budget: Decimal) -> list[int]:
    """The thresholds (50, 75, 90 % of the budget) that ``spent`` has reached, exactly: spent × 100 ≥
    threshold × budget. A budget of 0 is reached by any spending."""
    if budget == 0:
        return list(THRESHOLDS) if spent > 0 else []
    return [t for t in THRESHOLDS if spent * 100 >= t * budget]


def forecast_milestones(started_at: int, planned_end_at: int, now: int) -> list[int]:
    """The milestones (25, 50, 75 % of the planned duration) passed at ``now``."""
    length = planned_end_at - started_at
    if length <= 0:
        return []
    return [m for m in FORECAST_AT if (now - started_at) * 100 >= m * length]


def daily_series(report: Mapping[str, Any], first: _dt.date, last: _dt.date) -> list[str]:
    """The cost of every day from ``first`` to ``last`` (days without data: 0), for the forecast."""
    by_day = {d["date"]: d["cost"] for d in report.get("dailyCosts") or []}
    days = (last - first).days + 1
    return [by_day.get((first + _dt.timedelta(days=i)).isoformat(), "0") for i in range(days)]


def check_active(store: Any, *, now: _dt.datetime | int,
                 fetch: Callable[[Sequence[Mapping[str, Any]]], Any] | None = None, sink: Any = None,
                 requests_per_hour: int = 100, progress: bool | None = None, metric: str = METRIC,
                 cache_ttl: int = CACHE_TTL) -> ActiveCheck:
    """Checks every active lease with a budget against it at ``now`` (see the module's text).
    ``cache_ttl``: as for collect()."""
    from ._collect import default_fetch

    at = _epoch(now)
    check_run_options(requests_per_hour, cache_ttl)
    fetch = fetch if fetch is not None else default_fetch()
    run = ActiveCheck(now=at)
    today = _dt.datetime.fromtimestamp(at, _dt.timezone.utc).date()
    yesterday = today - _dt.timedelta(days=1)
    due = []
    for lease in store.leases(status="active"):
        if lease.get("budget") is None:
            continue
        run.active += 1
        if _dt.date.fromisoformat(str(lease["startDate"])) > yesterday:
            continue  # not one whole day yet
        due.append(DueLease({**lease, "endDate": yesterday.isoformat()}, 0, 0))
    for batch, reports in priced_batches(due, store, run, at, fetch=fetch, requests_per_hour=requests_per_hour,
                                         progress=progress, what="checking", metric=metric,
                                         label=f"active {today.isoformat()}", failure_events=False,
                                         cache_ttl=cache_ttl):
        for item, report in zip(batch.leases, reports):
            _check_one(store, item.lease, report, batch.start, batch.end, at, run)
            run.checked.append(item.lease_id)
    deliver(store, sink, run)
    return run


def _check_one(store: Any, lease: Mapping[str, Any], report: Mapping[str, Any], first: _dt.date, last: _dt.date,
               at: int, run: ActiveCheck) -> None:
    from . import forecast_final_cost  # piece of the lease report (costmodel.leases)

    lease_id = str(lease["leaseId"])
    budget = Decimal(str(lease["budget"]))
    spent = Decimal(str(report["totalCost"]))
    currency = report.get("currency")
    existing = {(e["kind"], e["key"]) for e in store.events(lease_id=lease_id)}
    base = {"leaseId": lease_id, "accountId": str(lease["accountId"]), "spent": _cents(spent),
            "budget": _cents(budget), "currency": currency, "asOf": last.isoformat()}
    for threshold in reached_thresholds(spent, budget):
        if ("BudgetThresholdReached", str(threshold)) in existing:
            continue
        detail = {**base, "threshold": threshold,
                  "consumedPercent": _percent(spent, budget) if budget else None}
        if store.add_event(event(lease, "BudgetThresholdReached", str(threshold), detail, at)):
            run.events_created += 1
            run.thresholds.append((lease_id, threshold))

    planned = lease.get("plannedEndAt")
    if planned is None:
        return
    milestones = forecast_milestones(int(lease["startedAt"]), int(planned), at)
    forecasts = dict(lease.get("forecasts") or {})
    made = False
    planned_day = _dt.datetime.fromtimestamp(int(planned), _dt.timezone.utc).date()
    total_days = (planned_day - first).days + 1
    for milestone in milestones:
        if str(milestone) in forecasts:
            continue
        daily = daily_series(report, first, last)
        result = forecast_final_cost(daily, max(total_days, len(daily)))
        entry: dict[str, Any] = {"at": at, "asOf": last.isoformat(), "days": len(daily), "totalDays": total_days,
                                 "spent": _cents(Decimal(str(result.spent))),
                                 "forecast": _cents(Decimal(str(result.forecast))),
                                 "lower": None if result.lower is None else _cents(Decimal(str(result.lower))),
                                 "upper": None if result.upper is None else _cents(Decimal(str(result.upper))),
                                 "estimate": True}
        forecasts[str(milestone)] = entry
        made = True
        run.forecasts.append((lease_id, milestone, entry["forecast"]))
        over = Decimal(entry["forecast"]) > budget
        if over and ("BudgetThresholdReached", "100") not in existing:
            detail = {**base, "threshold": 100, "consumedPercent": _percent(spent, budget) if budget else None,
                      "forecast": entry["forecast"], "lower": entry["lower"], "upper": entry["upper"],
                      "estimate": True, "forecastAt": milestone}
            if store.add_event(event(lease, "BudgetThresholdReached", "100", detail, at)):
                run.events_created += 1
                run.thresholds.append((lease_id, 100))
                existing.add(("BudgetThresholdReached", "100"))
    if made:
        store.put_lease({"leaseId": lease_id, "forecasts": forecasts})

"""Lease cost reports (seed 001, docs/leases.md "Lease reports"): :func:`lease_reports` for a batch of
leases over batched Cost Explorer responses, :func:`lease_report` for one lease, exact sums and the
contract's documents."""

from __future__ import annotations

import datetime
import difflib
import html
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Union

from . import _core
from ._actuals import Response, _items, _source
from ._dates import date_text
from ._table import Table

Responses = Union[Table, Response, Iterable[Response]]

_LEASE_KEYS = ("leaseId", "accountId", "startDate", "endDate", "budget")
_LEASES_SOURCE = "<leases>"


def _is_json_text(value: object) -> bool:
    return isinstance(value, str) and value.lstrip()[:1] in ("{", "[")


def _responses(responses: Responses, name: str) -> tuple[Any, str]:
    """The core table of responses (paths, dicts, JSON text, a list of those, or a Table) and the name
    their errors give."""
    if isinstance(responses, Table):
        return responses._core, "<cost explorer table>"
    if _is_json_text(responses):
        responses = [responses]  # type: ignore[list-item]
    if isinstance(responses, (str, os.PathLike, Mapping)):
        responses = [responses]
    expanded: list[Any] = []
    for item in responses:  # type: ignore[union-attr]
        if _is_json_text(item):
            loaded = json.loads(item, parse_float=Decimal)
            expanded.extend(loaded if isinstance(loaded, list) else [loaded])
        else:
            expanded.append(item)
    items = _items(expanded)
    core, _keys, _currency, _pages = _core.read_cost_explorer(items)
    return core, _source(items)


def _lease_tuples(leases: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str, str, Any]]:
    """The leases as the core takes them, their keys checked (the record's other keys are allowed:
    a LeaseRecord can be passed as it is)."""
    from .leases._record import RECORD_KEYS

    out = []
    for i, lease in enumerate(leases):
        at = f"leases[{i}]"
        if not isinstance(lease, Mapping):
            raise _core.InputError(f"expected a dict with {', '.join(_LEASE_KEYS)}, got {type(lease).__name__}",
                                   _LEASES_SOURCE, at, repr(lease))
        for key in lease:
            if key not in _LEASE_KEYS and key not in RECORD_KEYS:
                near = difflib.get_close_matches(str(key), _LEASE_KEYS, n=1)
                hint = f' (did you mean "{near[0]}"?)' if near else ""
                raise _core.InputError(f"unknown key{hint}; a lease has {', '.join(_LEASE_KEYS)}", _LEASES_SOURCE,
                                       f"{at}.{key}", str(key))
        for key in _LEASE_KEYS[:4]:
            if key not in lease or lease[key] is None:
                raise _core.InputError(f"missing key {key}", _LEASES_SOURCE, f"{at}.{key}")
        for key in ("leaseId", "accountId"):
            if not isinstance(lease[key], str):
                raise _core.InputError(f"expected a string, got {type(lease[key]).__name__}", _LEASES_SOURCE,
                                       f"{at}.{key}", repr(lease[key]))
        out.append((lease["leaseId"], lease["accountId"],
                    date_text(lease["startDate"], f"{at}.startDate", _LEASES_SOURCE),
                    date_text(lease["endDate"], f"{at}.endDate", _LEASES_SOURCE), lease.get("budget")))
    return out


def _money_text(value: Any) -> str:
    return "-" if value is None else f"{value:,.2f}"


class LeaseReport:
    """The cost report of one lease (the contract's "Lease cost report"): exact figures as attributes
    (``total``, ``budget``, ``variance``, ``variance_percent``, ``cost_per_day``: :class:`decimal.Decimal`,
    unrounded; None where the contract has null), its ``daily``, ``services`` and ``regions`` tables,
    and :meth:`to_dict` / :meth:`to_json`, the contract's document with its amounts rounded half-up to
    cents (variancePercent to one digit) at the output only."""

    __slots__ = ("_set", "_index", "_row")

    def __init__(self, core_set: Any, index: int) -> None:
        self._set = core_set
        self._index = index
        summary = Table(core_set.summary).slice(index, 1)
        self._row = {name: summary.column(name)[0] for name in summary.column_names}

    # --- figures -------------------------------------------------------------------------------

    lease_id = property(lambda self: self._row["lease_id"], doc="the lease's id")
    account_id = property(lambda self: self._row["account_id"], doc="the account it ran on")
    first = property(lambda self: self._row["first"], doc="its first day (UTC)")
    last = property(lambda self: self._row["last"], doc="its last day (UTC, inclusive)")
    total = property(lambda self: self._row["total"], doc="Σ the metric over its days, exact")
    budget = property(lambda self: self._row["budget"], doc="its budget, or None")
    over_budget = property(lambda self: self._row["over_budget"], doc="total > budget (None without a budget)")
    variance = property(lambda self: self._row["variance"], doc="total − budget, exact (None without a budget)")
    variance_percent = property(lambda self: self._row["variance_percent"],
                                doc="variance ÷ budget × 100 to 10 digits (None without a budget or with budget 0)")
    status = property(lambda self: self._row["status"], doc="compliant | over | flag | alert, or None without a budget")
    duration = property(lambda self: self._row["duration"], doc="days with data")
    cost_per_day = property(lambda self: self._row["cost_per_day"], doc="total ÷ duration to 10 digits (None with no data)")
    currency = property(lambda self: self._row["currency"] or None, doc="the data's currency (None without data)")

    def _part(self, name: str, offsets: Sequence[int]) -> Table:
        table = Table(getattr(self._set, name))
        return table.slice(offsets[self._index], offsets[self._index + 1] - offsets[self._index])

    @property
    def daily(self) -> Table:
        """The days with data: lease_id, date, cost (exact), estimated."""
        return self._part("daily", self._set.daily_offsets)

    @property
    def services(self) -> Table:
        """Every service: lease_id, rank (by cost descending, ties by name), service, cost (exact)."""
        return self._part("services", self._set.service_offsets)

    @property
    def regions(self) -> Table:
        """Every region: lease_id, rank, region, cost (exact)."""
        return self._part("regions", self._set.region_offsets)

    @property
    def estimated_days(self) -> tuple[datetime.date, ...]:
        """The days whose data AWS marks Estimated (not final)."""
        daily = self.daily
        return tuple(d for d, e in zip(daily.column("date"), daily.column("estimated")) if e)

    # --- output --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The contract's document: leaseId … status, then estimatedDays; amounts as strings."""
        result: dict[str, Any] = json.loads(self._set.json(self._index))
        return result

    def to_json(self, indent: int | None = 2) -> str:
        """The contract's document as JSON text."""
        return json.dumps(self.to_dict(), indent=indent)

    def rows(self) -> list[tuple[str, str]]:
        """(figure, value) rows as the table shows them: amounts to cents half-up, as the document."""
        d = self.to_dict()
        rows = [
            ("lease", f"{self.lease_id} on {self.account_id}"),
            ("days", f"{self.first.isoformat()} to {self.last.isoformat()} ({d['duration']} with data)"),
            ("total cost", f"{d['totalCost']} {d['currency'] or ''}".rstrip()),
            ("budget", d["budget"] if d["budget"] is not None else "-"),
            ("variance", "-" if d["variance"] is None else
             f"{d['variance']} ({d['variancePercent'] + '%' if d['variancePercent'] is not None else 'no %'})"),
            ("status", d["status"] or "-"),
            ("cost per day", d["costPerDay"] or "-"),
        ]
        if d["topServices"]:
            rows.append((f"top {len(d['topServices'])} services", ""))
            rows += [(f"  {s['service']}", s["cost"]) for s in d["topServices"]]
        if d["topRegions"]:
            rows.append((f"top {len(d['topRegions'])} regions", ""))
            rows += [(f"  {r['region']}", r["cost"]) for r in d["topRegions"]]
        if d["estimatedDays"]:
            rows.append(("estimated days", ", ".join(d["estimatedDays"])))
        return rows

    def __str__(self) -> str:
        rows = self.rows()
        width = max(len(a) for a, _ in rows)
        return "\n".join(f"{a.ljust(width)}  {b}".rstrip() for a, b in rows)

    def __repr__(self) -> str:
        return f"LeaseReport\n{self}"

    def _repr_html_(self) -> str:
        cells = "".join(f"<tr><td>{html.escape(a)}</td><td style='text-align:right'>{html.escape(b)}</td></tr>"
                        for a, b in self.rows())
        return f"<table><tr><th>lease report</th><th>{html.escape(self.lease_id)}</th></tr>{cells}</table>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LeaseReport):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class LeaseReports(Sequence[LeaseReport]):
    """The reports of a batch of leases: ``len()``, ``[i]`` (a :class:`LeaseReport`), and the four
    tables ``summary``, ``daily``, ``services``, ``regions`` (each with a lease_id column, exact
    amounts), :meth:`to_dicts` (the contract's documents) and :meth:`to_pandas` (the summary)."""

    __slots__ = ("_set",)

    def __init__(self, core_set: Any) -> None:
        self._set = core_set

    def __len__(self) -> int:
        return len(self._set)

    def __getitem__(self, index: int) -> LeaseReport:  # type: ignore[override]
        if not isinstance(index, int):
            raise TypeError(f"LeaseReports indices are integers, not {type(index).__name__}")
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"lease report {index} of {n}")
        return LeaseReport(self._set, index)

    def __iter__(self) -> Iterator[LeaseReport]:
        return (LeaseReport(self._set, i) for i in range(len(self)))

    summary = property(lambda self: Table(self._set.summary), doc="one row per lease (docs/leases.md)")
    daily = property(lambda self: Table(self._set.daily), doc="lease_id, date, cost, estimated")
    services = property(lambda self: Table(self._set.services), doc="lease_id, rank, service, cost")
    regions = property(lambda self: Table(self._set.regions), doc="lease_id, rank, region, cost")

    @property
    def currency(self) -> str | None:
        return self._set.currency or None

    def to_dicts(self) -> list[dict[str, Any]]:
        """Every lease's contract document, in the leases' order."""
        result: list[dict[str, Any]] = json.loads(self._set.json_all())
        return result

    def to_json(self, indent: int | None = 2) -> str:
        return self._set.json_all(-1 if indent is None else indent)

    def to_pandas(self) -> Any:
        """The summary as a pandas DataFrame (decimal128(38, 10) amounts)."""
        return self.summary.to_pandas()

    def __repr__(self) -> str:
        return f"LeaseReports: {len(self)} leases\n" + repr(self.summary)

    def _repr_html_(self) -> str:
        return f"<p>{len(self)} lease reports</p>" + self.summary._repr_html_()


def lease_reports(by_service: Responses, leases: Iterable[Mapping[str, Any]], *, by_region: Responses | None = None,
                  metric: str = "UnblendedCost") -> LeaseReports:
    """The cost reports of many leases from batched Cost Explorer responses, in one pass.

    ``by_service``: DAILY responses grouped by [LINKED_ACCOUNT, SERVICE] (a batch of accounts) or, for
    one account, filtered on it and grouped by [SERVICE, REGION]; ``by_region``: the batch's responses
    grouped by [LINKED_ACCOUNT, REGION]. Either may be paths, dicts, JSON text, a list of those, or a
    :class:`Table` from :func:`read_cost_explorer`. ``leases``: dicts with leaseId, accountId,
    startDate and endDate (YYYY-MM-DD, UTC, both inclusive) and budget (a decimal string, Decimal or
    int; optional). A row belongs to the lease of its account whose days contain its date.

    >>> import costmodel
    >>> r = costmodel.lease_reports(responses, [{"leaseId": "L1", "accountId": "111122223333",
    ...     "startDate": "2025-01-01", "endDate": "2025-01-07", "budget": "50"}])  # doctest: +SKIP
    >>> r[0].to_dict()["totalCost"]  # doctest: +SKIP
    '42.17'
    """
    service_core, service_source = _responses(by_service, "by_service")
    region_core, region_source = (None, "") if by_region is None else _responses(by_region, "by_region")
    core_set = _core.lease_reports(service_core, region_core, _lease_tuples(leases), metric, service_source, region_source,
                                   _LEASES_SOURCE)
    return LeaseReports(core_set)


def lease_report(responses: Responses, *, lease_id: str, account_id: str, start_date: str | datetime.date | None = None,
                 end_date: str | datetime.date | None = None, budget: Any = None, metric: str = "UnblendedCost",
                 by_region: Responses | None = None) -> LeaseReport:
    """The cost report of one lease (the seed's ``analyze_costs``, exact). Without ``start_date`` or
    ``end_date`` the lease's days are those the responses' metric covers."""
    core, source = _responses(responses, "responses")
    first = None if start_date is None else date_text(start_date, "start_date", _LEASES_SOURCE)
    last = None if end_date is None else date_text(end_date, "end_date", _LEASES_SOURCE)
    if first is None or last is None:
        days = _core.metric_days(core, metric)
        if days is None:
            raise _core.InputError(f"the responses have no {metric} rows to take the lease's days from: give start_date and "
                                   "end_date", source, "metric", metric)
        first = first or days[0]
        last = last or days[1]
    lease = {"leaseId": lease_id, "accountId": account_id, "startDate": first, "endDate": last, "budget": budget}
    region_core, region_source = (None, "") if by_region is None else _responses(by_region, "by_region")
    core_set = _core.lease_reports(core, region_core, _lease_tuples([lease]), metric, source, region_source, "<lease arguments>")
    return LeaseReport(core_set, 0)

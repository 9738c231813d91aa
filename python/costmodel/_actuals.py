"""Actual costs from AWS Cost Explorer: :func:`read_cost_explorer`, :func:`daily_rate` and
:func:`daily_rate_series` (docs/actuals.md)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Union

from . import _core
from ._dates import date_text
from ._numbers import DecimalLike, cents, plain
from ._table import Table

Response = Union[str, "os.PathLike[str]", Mapping[str, Any]]

COST_EXPLORER_METRICS: tuple[str, ...] = (
    "UnblendedCost", "NetUnblendedCost", "AmortizedCost", "NetAmortizedCost", "BlendedCost", "UsageQuantity",
    "NormalizedUsageAmount",
)


def _items(responses: Response | Iterable[Response]) -> list[Any]:
    if isinstance(responses, (str, os.PathLike, Mapping)):
        responses = [responses]
    items: list[Any] = []
    for index, item in enumerate(responses):
        if isinstance(item, os.PathLike):
            items.append(os.fspath(item))
        elif isinstance(item, Mapping) and not isinstance(item, dict):
            items.append(dict(item))
        elif isinstance(item, (str, dict)):
            items.append(item)
        else:
            raise TypeError(f"read_cost_explorer: item {index}: expected a path or a GetCostAndUsage response dict, "
                            f"got {type(item).__name__}")
    return items


def _source(items: list[Any]) -> str:
    names = [item if isinstance(item, str) else f"<cost explorer dict {i}>" for i, item in enumerate(items)]
    if len(names) <= 3:
        return ", ".join(names)
    return f"{names[0]} and {len(names) - 1} more"


def read_cost_explorer(responses: Response | Iterable[Response]) -> Table:
    """GetCostAndUsage responses (paths of saved ``aws ce get-cost-and-usage --output json`` files,
    or boto3's response dicts; one or many pages) as one line table, amounts exact.

    >>> import costmodel
    >>> t = costmodel.read_cost_explorer(["examples/seed-003/page-1.json"])  # doctest: +SKIP
    >>> t.column_names  # doctest: +SKIP
    ['date', 'end', 'granularity', 'RECORD_TYPE', 'BILLING_ENTITY', 'metric', 'amount', 'unit', 'estimated']

    Columns: ``date`` and ``end`` (the period, End exclusive), ``granularity`` (DAILY or MONTHLY),
    one string column per GroupDefinitions entry (a DIMENSION by its Key, a tag as ``tag:<Key>``),
    ``metric``, ``amount`` (decimal), ``unit`` and ``estimated``. Ungrouped responses give their
    Total. Amounts are read from their text, never through a float; a dict holding a float is a
    TypeError. A malformed response, a page with other GroupDefinitions or a second currency is a
    :class:`costmodel.InputError` naming the file (or ``<cost explorer dict N>``) and the JSON path."""
    table, _keys, _currency, _pages = _core.read_cost_explorer(_items(responses))
    return Table(table)



def _table_of(responses: Table | Response | Iterable[Response]) -> tuple[Any, str]:
    """The responses' core table and the name their errors give (a table is taken as it is)."""
    if isinstance(responses, Table):
        return responses._core, "<cost explorer table>"
    items = _items(responses)
    core, _keys, _currency, _pages = _core.read_cost_explorer(items)
    return core, _source(items)


def _account_list(accounts: Iterable[str] | None) -> list[str]:
    return [] if accounts is None else [str(a) for a in ([accounts] if isinstance(accounts, str) else accounts)]


# The contract's keys of the JSON output, in order (docs/actuals.md).
_CONTRACT_KEYS = (
    "start", "end", "days_in_window", "operational", "support_date", "days_in_support_month", "support_cost",
    "support_share", "daily_operational", "support_per_day", "daily_rate", "annual_projection", "currency",
    "estimated_days", "missing_days",
)


@dataclass(frozen=True)
class DailyRate:
    """The support-split daily rate and annual projection, with every figure that made it."""

    start: datetime.date
    end: datetime.date  # exclusive
    days_in_window: int
    operational: Decimal
    support_date: datetime.date
    days_in_support_month: int
    support_cost: Decimal
    support_share: Decimal
    daily_operational: Decimal
    support_per_day: Decimal
    daily_rate: Decimal
    annual_projection: Decimal
    currency: str
    estimated_days: tuple[datetime.date, ...]
    missing_days: tuple[datetime.date, ...]
    support_month: str  # YYYY-MM: the month whose days divide
    metric: str
    rounding: str  # exact | console
    support_month_reading: str  # previous | end
    support_found: bool
    notes: tuple[str, ...]

    @property
    def warnings(self) -> list[str]:
        """What the figures rest on that is not final or not there: estimated and missing days."""
        out = []
        if self.estimated_days:
            out.append(f"{len(self.estimated_days)} day(s) of the data are estimated by AWS (not final): "
                       + ", ".join(d.isoformat() for d in self.estimated_days))
        if self.missing_days:
            out.append(f"{len(self.missing_days)} day(s) of the window have no data: "
                       + ", ".join(d.isoformat() for d in self.missing_days))
        return out + list(self.notes)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON document: amounts as decimal strings, dates as YYYY-MM-DD; then
        metric, rounding, support_month, support_month_reading and notes."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = plain(value)
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = [v.isoformat() if isinstance(v, datetime.date) else v for v in value]
            out[f.name] = value
        ordered = {k: out.pop(k) for k in _CONTRACT_KEYS}
        ordered.update(out)
        return ordered

    def rows(self) -> list[tuple[str, str, str]]:
        """(figure, shown to cents, exact) rows, as the table shows them."""
        def money(v: Decimal) -> tuple[str, str]:
            return f"{cents(v):,}", plain(v)

        return [
            ("window", f"{self.start.isoformat()} to {self.end.isoformat()} (exclusive)", f"{self.days_in_window} days"),
            ("operational", *money(self.operational)),
            ("support date", self.support_date.isoformat(), ""),
            ("days in support month", str(self.days_in_support_month), f"{self.support_month} ({self.support_month_reading})"),
            ("support cost", *money(self.support_cost)),
            ("support share", plain(self.support_share), ""),
            ("daily operational", *money(self.daily_operational)),
            ("support per day", *money(self.support_per_day)),
            ("daily rate", *money(self.daily_rate)),
            ("annual projection", *money(self.annual_projection)),
        ]

    def __str__(self) -> str:
        rows = self.rows()
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        head = (f"daily rate: {self.metric} in {self.currency}, rounding {self.rounding}, "
                f"support month {self.support_month_reading}\n")
        lines = [f"{a.ljust(widths[0])}  {b.rjust(widths[1])}  {c}".rstrip() for a, b, c in rows]
        tail = "".join(f"\nwarning: {w}" for w in self.warnings)
        return head + "\n".join(lines) + tail

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        import html

        cells = "".join(f"<tr><td>{html.escape(a)}</td><td style='text-align:right'>{html.escape(b)}</td>"
                        f"<td>{html.escape(c)}</td></tr>" for a, b, c in self.rows())
        warn = "".join(f"<p>⚠ {html.escape(w)}</p>" for w in self.warnings)
        return f"<table><tr><th>figure</th><th>amount</th><th>exact</th></tr>{cells}</table>{warn}"


def daily_rate(
    responses: Table | Response | Iterable[Response],
    *,
    as_of: str | datetime.date,
    offset: int = 2,
    window: int = 30,
    support_share: DecimalLike = "0.5",
    metric: str = "NetAmortizedCost",
    accounts: Iterable[str] | None = None,
    rounding: str = "exact",
    support_month: str = "previous",
) -> DailyRate:
    """Seed 003's daily rate and annual projection from Cost Explorer responses (or their table).

    >>> import costmodel
    >>> import glob
    >>> r = costmodel.daily_rate(sorted(glob.glob("examples/seed-003/*.json")), as_of="2025-11-04", rounding="console")  # doctest: +SKIP
    >>> r.daily_rate, r.annual_projection  # doctest: +SKIP
    (Decimal('14758.07'), Decimal('5386695.55'))

    end = as_of - offset (exclusive), start = end - window. operational sums ``metric`` over the
    window for rows whose RECORD_TYPE is not Tax or Support, whose BILLING_ENTITY is AWS, of the
    chosen ``accounts`` (LINKED_ACCOUNT); a dimension the responses are not grouped by is taken as
    filtered by the query. The support charge on the first of the month containing end is shared by
    ``support_share``; both are divided by the days of the month before that date
    (``support_month="previous"``, the month the charge covers) or, as the seed's text literally
    says, of the month containing end (``"end"``). ``rounding="exact"`` rounds each figure once from
    its exact value to 10 digits; ``"console"`` rounds the two daily parts to cents half-up before
    adding and multiplies that cent figure by 365, as the seed's worked example does."""
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise TypeError(f"offset: expected an int, got {type(offset).__name__}")
    if isinstance(window, bool) or not isinstance(window, int):
        raise TypeError(f"window: expected an int, got {type(window).__name__}")
    core, source = _table_of(responses)
    account_list = _account_list(accounts)
    d = _core.daily_rate(core, date_text(as_of, "as_of"), offset, window, support_share, metric, account_list, rounding,
                         support_month, source)
    day = datetime.date.fromisoformat
    return DailyRate(
        start=day(d["start"]), end=day(d["end"]), days_in_window=d["days_in_window"], operational=d["operational"],
        support_date=day(d["support_date"]), days_in_support_month=d["days_in_support_month"],
        support_cost=d["support_cost"], support_share=d["support_share"], daily_operational=d["daily_operational"],
        support_per_day=d["support_per_day"], daily_rate=d["daily_rate"], annual_projection=d["annual_projection"],
        currency=d["currency"], estimated_days=tuple(day(x) for x in d["estimated_days"]),
        missing_days=tuple(day(x) for x in d["missing_days"]), support_month=d["support_month"], metric=d["metric"],
        rounding=d["rounding"], support_month_reading=d["support_month_reading"], support_found=d["support_found"],
        notes=tuple(d["notes"]),
    )


class DailyRateSeries:
    """The daily rate for every as-of day of a period: ``table`` has the columns as_of, start, end,
    days_in_support_month, operational, support_cost, daily_rate, annual_projection (null where a
    window has no data), estimated_days and missing_days. ``plot()`` draws the daily rate and the
    annual projection over the as-of days."""

    __slots__ = ("table",)

    def __init__(self, table: Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return self.table.num_rows

    def __repr__(self) -> str:
        return f"DailyRateSeries({self.table.num_rows} as-of days)"

    def to_pandas(self) -> Any:
        return self.table.to_pandas()

    def plot(self, ax: Any = None) -> Any:
        """The daily rate (left axis) and the annual projection (right axis) by as-of day; returns the
        Axes. Amounts are drawn as floats: the table keeps them exact."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(9, 4))
        days = self.table.column("as_of")
        rates = [None if v is None else float(v) for v in self.table.column("daily_rate")]
        projections = [None if v is None else float(v) for v in self.table.column("annual_projection")]
        ax.plot(days, rates, color="#2c7bb6", label="daily rate")
        ax.set_ylabel("daily rate")
        right = ax.twinx()
        right.plot(days, projections, color="#fdae61", linestyle="--", label="annual projection")
        right.set_ylabel("annual projection")
        ax.set_xlabel("as of")
        ax.set_title("Daily rate and annual projection by as-of day")
        ax.figure.autofmt_xdate()
        return ax


def daily_rate_series(
    responses: Table | Response | Iterable[Response],
    *,
    first: str | datetime.date,
    last: str | datetime.date,
    offset: int = 2,
    window: int = 30,
    support_share: DecimalLike = "0.5",
    metric: str = "NetAmortizedCost",
    accounts: Iterable[str] | None = None,
    rounding: str = "exact",
    support_month: str = "previous",
) -> DailyRateSeries:
    """:func:`daily_rate` for every as-of day from ``first`` to ``last`` (inclusive), from one pass over
    the responses' table; the options are daily_rate's. A day whose window holds no data gets null
    amounts and ``missing_days`` equal to the window.

    >>> import costmodel, glob
    >>> s = costmodel.daily_rate_series(sorted(glob.glob("examples/seed-003/*.json")), first="2025-11-03", last="2025-11-05")  # doctest: +SKIP
    >>> s.table.column("daily_rate")[1]  # as of 2025-11-04, exact  # doctest: +SKIP
    Decimal('14758.064516129')
    """
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise TypeError(f"offset: expected an int, got {type(offset).__name__}")
    if isinstance(window, bool) or not isinstance(window, int):
        raise TypeError(f"window: expected an int, got {type(window).__name__}")
    core, source = _table_of(responses)
    account_list = _account_list(accounts)
    table = _core.daily_rate_series(core, date_text(first, "first"), date_text(last, "last"), offset, window, support_share,
                                    metric, account_list, rounding, support_month, source)
    return DailyRateSeries(Table(table))


@dataclass(frozen=True)
class OperationalTrend:
    """A least-squares line through the daily operational cost with a 95% prediction interval: an
    ESTIMATE, computed in double. ``table`` holds per day the exact ``operational`` cost (null
    without data) and the estimates ``trend``, ``lower`` and ``upper`` (rounded to 6 places)."""

    table: Table
    days: int
    intercept: float
    slope_per_day: float
    residual_sd: float

    def plot(self, ax: Any = None) -> Any:
        """The days' costs, the trend and its interval; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(9, 4))
        dates = self.table.column("date")
        cost = [None if v is None else float(v) for v in self.table.column("operational")]
        ax.plot(dates, cost, color="#999999", linewidth=0.8, label="operational cost per day")
        ax.plot(dates, [float(v) for v in self.table.column("trend")], color="#2c7bb6", label="trend (estimate)")
        ax.fill_between(dates, [float(v) for v in self.table.column("lower")], [float(v) for v in self.table.column("upper")],
                        color="#2c7bb6", alpha=0.15, label="95% prediction interval (estimate)")
        ax.set_ylabel("per day")
        ax.set_title(f"Daily operational cost: trend {self.slope_per_day:+.2f} per day (estimate)")
        ax.legend(loc="upper left")
        ax.figure.autofmt_xdate()
        return ax


def operational_trend(
    responses: Table | Response | Iterable[Response],
    *,
    first: str | datetime.date,
    last: str | datetime.date,
    metric: str = "NetAmortizedCost",
    accounts: Iterable[str] | None = None,
) -> OperationalTrend:
    """The trend of the daily operational cost from ``first`` to ``last`` (inclusive), with the daily
    rate's filters (RECORD_TYPE not Tax or Support, BILLING_ENTITY AWS, the accounts): an estimate
    (Eigen, in double) beside the exact costs. At least 3 days with data."""
    core, source = _table_of(responses)
    account_list = _account_list(accounts)
    table, days, intercept, slope, sd = _core.operational_trend(core, date_text(first, "first"), date_text(last, "last"), metric,
                                                                account_list, source)
    return OperationalTrend(Table(table), days, intercept, slope, sd)

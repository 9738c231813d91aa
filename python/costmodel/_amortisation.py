"""Amortisation of commitments: :func:`amortize` (docs/commitments.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from . import _core
from ._numbers import DecimalLike
from ._table import Table


@dataclass(frozen=True)
class Amortisation:
    """A commitment's fees over its term: ``daily`` and ``monthly`` tables and their totals."""

    daily: Table  # commitment, date, upfront, recurring, cost
    monthly: Table  # commitment, month, days, upfront, recurring, cost
    upfront: Decimal
    recurring: Decimal
    total: Decimal  # upfront + recurring = the sum of the daily costs
    days: int
    end: datetime.date  # the first day after the term


def _date_text(value: str | datetime.date | None, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    raise TypeError(f"{name}: expected 'YYYY-MM-DD' or a datetime.date, got {type(value).__name__}")


def amortization(
    *,
    start: str | datetime.date,
    upfront: DecimalLike = 0,
    term_years: int | None = None,
    end: str | datetime.date | None = None,
    recurring_monthly: DecimalLike | None = None,
    recurring_hourly: DecimalLike | None = None,
    id: str = "commitment",  # noqa: A002 - the table's column says "commitment"; this names it
) -> Amortisation:
    """As :func:`amortize`, with both tables and the totals."""
    start_text = _date_text(start, "start")
    if start_text is None:
        raise TypeError("start: a date is required")
    daily, monthly, up, rec, total, days, end_text = _core.amortize(
        id, start_text, upfront, term_years, _date_text(end, "end"), recurring_monthly, recurring_hourly
    )
    return Amortisation(Table(daily), Table(monthly), up, rec, total, days, datetime.date.fromisoformat(end_text))


def amortize(
    *,
    start: str | datetime.date,
    upfront: DecimalLike = 0,
    term_years: int | None = None,
    end: str | datetime.date | None = None,
    recurring_monthly: DecimalLike | None = None,
    recurring_hourly: DecimalLike | None = None,
    id: str = "commitment",  # noqa: A002
    period: str = "day",
) -> Table:
    """A Reserved Instance's or Savings Plan's effective cost per day (``period="day"``) or per
    month (``"month"``), as Cost Explorer's amortised view shows it, exactly.

    >>> import costmodel
    >>> t = costmodel.amortize(start="2026-04-01", term_years=1, upfront=30, recurring_monthly="2.48")
    >>> t.column("cost")[0]  # 30/365 + 2.48/30 = 0.16485844749 ... with the units left over early
    Decimal('0.1648584476')

    The term is ``term_years`` (1 or 3) from ``start``, or ``start`` to ``end`` (exclusive). The
    upfront fee is spread evenly over the term's days; a monthly fee over each calendar month's days
    (a month the term covers in part carries its share); an hourly fee is 24 hours a day. Amounts are
    split by largest remainder, so the days sum exactly to upfront + recurring. Errors (negative fee,
    a term other than 1 or 3 years, an end on or before the start) are :class:`costmodel.InputError`."""
    if period not in ("day", "month"):
        raise ValueError(f"period: expected 'day' or 'month', got {period!r}")
    result = amortization(
        start=start, upfront=upfront, term_years=term_years, end=end,
        recurring_monthly=recurring_monthly, recurring_hourly=recurring_hourly, id=id,
    )
    return result.daily if period == "day" else result.monthly

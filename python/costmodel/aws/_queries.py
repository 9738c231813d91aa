"""The GetCostAndUsage requests that the daily rate needs (docs/actuals-live.md, "The queries").

Pure: dates in, request dicts out, no I/O and no boto3. The daily rate's reader filters the rows
itself (RECORD_TYPE neither Tax nor Support, BILLING_ENTITY AWS), so the window is fetched grouped by
RECORD_TYPE and BILLING_ENTITY rather than filtered by Cost Explorer: one request then carries both the
operational rows and the support charge, and the excluded amounts (tax, Marketplace) stay in the
saved responses for audit. Only the accounts are filtered by Cost Explorer, 100 per request.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import difflib
from collections.abc import Iterable
from typing import Any

from .. import _core

SOURCE = "<daily_rate_queries arguments>"

# The metrics GetCostAndUsage accepts (the API reference's Metrics parameter).
METRICS = ("AmortizedCost", "BlendedCost", "NetAmortizedCost", "NetUnblendedCost", "NormalizedUsageAmount",
           "UnblendedCost", "UsageQuantity")
SUPPORT_MONTHS = ("previous", "end")
# The seed's batch query sends up to 100 linked accounts per request.
ACCOUNTS_PER_REQUEST = 100
GROUP_BY = (("DIMENSION", "RECORD_TYPE"), ("DIMENSION", "BILLING_ENTITY"))


def _near(value: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _date(value: object, path: str, source: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        raise _core.InputError("expected a date, not a datetime (Cost Explorer days are UTC calendar days)", source,
                               path, str(value))
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _core.InputError("expected a date as YYYY-MM-DD", source, path, repr(value))


def _count(value: object, path: str, least: int, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _core.InputError("expected a whole number of days", source, path, repr(value))
    if value < least:
        raise _core.InputError(f"must be at least {least}", source, path, str(value))
    return value


def _accounts(accounts: object, source: str) -> list[str] | None:
    if accounts is None:
        return None
    if isinstance(accounts, str):
        raise _core.InputError("expected a list of 12-digit account IDs, not one string (split it on commas)",
                               source, "accounts", repr(accounts))
    if not isinstance(accounts, Iterable):
        raise _core.InputError("expected a list of 12-digit account IDs", source, "accounts", repr(accounts))
    chosen: list[str] = []
    first: dict[str, int] = {}
    for index, account in enumerate(accounts):
        path = f"accounts[{index}]"
        # An int would lose an ID's leading zeros (012345678901), so IDs are strings.
        if not isinstance(account, str):
            raise _core.InputError("expected an account ID as a string of 12 digits", source, path, repr(account))
        if len(account) != 12 or not account.isascii() or not account.isdigit():
            raise _core.InputError("expected an account ID of 12 digits", source, path, repr(account))
        if account in first:
            raise _core.InputError(f"appears twice (also accounts[{first[account]}])", source, path, account)
        first[account] = index
        chosen.append(account)
    if not chosen:
        raise _core.InputError("is empty: give at least one account, or None for every account", source, "accounts",
                               "[]")
    return chosen


def _iso(day: _dt.date) -> str:
    return day.isoformat()


def _dimension(key: str, values: list[str]) -> dict[str, Any]:
    return {"Dimensions": {"Key": key, "Values": list(values)}}


def _both(*expressions: dict[str, Any] | None) -> dict[str, Any] | None:
    present = [e for e in expressions if e is not None]
    if not present:
        return None
    # A CE expression's And needs two operands or more; one expression stands alone.
    return present[0] if len(present) == 1 else {"And": present}


def _request(start: _dt.date, end: _dt.date, metric: str, filter_: dict[str, Any] | None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TimePeriod": {"Start": _iso(start), "End": _iso(end)},
        "Granularity": "DAILY",
        "Metrics": [metric],
        "GroupBy": [{"Type": kind, "Key": key} for kind, key in GROUP_BY],
    }
    if filter_ is not None:
        request["Filter"] = filter_
    return request


def _window(as_of: _dt.date, offset: int, window_days: int) -> tuple[_dt.date, _dt.date, _dt.date]:
    """(start, end, support_date): end = as_of − offset (exclusive), start = end − window, support_date
    the first day of the month that contains end (actuals contract v1)."""
    end = as_of - _dt.timedelta(days=offset)
    start = end - _dt.timedelta(days=window_days)
    return start, end, end.replace(day=1)


def days_in_support_month(end: _dt.date, support_month: str) -> int:
    """The divisor of the daily rate: the month before the support date ("previous", the contract's
    reading) or the month that contains end ("end", the seed's literal text). The queries are the same
    either way; only the division differs."""
    month = end.replace(day=1) - _dt.timedelta(days=1) if support_month == "previous" else end
    return calendar.monthrange(month.year, month.month)[1]


def support_window(as_of: _dt.date | str, offset: int = 2, window: int = 30) -> tuple[_dt.date, _dt.date, _dt.date]:
    """(start, end, support_date) of the daily rate as of ``as_of``; end is exclusive.

    >>> support_window("2025-11-04")
    (datetime.date(2025, 10, 3), datetime.date(2025, 11, 2), datetime.date(2025, 11, 1))
    """
    return _window(_date(as_of, "as_of", SOURCE), _count(offset, "offset", 0, SOURCE),
                   _count(window, "window", 1, SOURCE))


def daily_rate_queries(as_of: _dt.date | str, *, offset: int = 2, window: int = 30,
                       accounts: Iterable[str] | None = None, metric: str = "NetAmortizedCost",
                       support_month: str = "previous",
                       batch_size: int = ACCOUNTS_PER_REQUEST) -> list[dict[str, Any]]:
    """The GetCostAndUsage requests for the daily rate as of ``as_of``, in the order they are sent.

    For each batch of at most ``batch_size`` (100) accounts: the window [as_of − offset − window,
    as_of − offset) (End exclusive) at DAILY granularity, grouped by RECORD_TYPE and BILLING_ENTITY,
    filtered by LINKED_ACCOUNT; and, only when the support date (the first of the month that contains
    the window's end) falls outside the window, that one day with RECORD_TYPE = Support as well.
    Without ``accounts`` no account filter is sent (every account the caller's payer sees) and there is
    one batch. ``support_month`` ("previous" or "end") is checked but changes no request: it chooses the
    divisor of the rate, which the reader applies.

    >>> [q["TimePeriod"] for q in daily_rate_queries("2025-11-04")]
    [{'Start': '2025-10-03', 'End': '2025-11-02'}]
    >>> [q["TimePeriod"] for q in daily_rate_queries("2025-11-03")]
    [{'Start': '2025-10-02', 'End': '2025-11-01'}, {'Start': '2025-11-01', 'End': '2025-11-02'}]
    """
    day = _date(as_of, "as_of", SOURCE)
    offset = _count(offset, "offset", 0, SOURCE)
    window_days = _count(window, "window", 1, SOURCE)
    batch = _count(batch_size, "batch_size", 1, SOURCE)
    if batch > ACCOUNTS_PER_REQUEST:
        raise _core.InputError(f"must be at most {ACCOUNTS_PER_REQUEST} (accounts per request)", SOURCE, "batch_size",
                               str(batch))
    if not isinstance(metric, str) or metric not in METRICS:
        raise _core.InputError("is not a Cost Explorer metric" + (_near(metric, METRICS) if isinstance(metric, str)
                                                                   else ""), SOURCE, "metric", repr(metric))
    if not isinstance(support_month, str) or support_month not in SUPPORT_MONTHS:
        near = _near(support_month, SUPPORT_MONTHS) if isinstance(support_month, str) else ""
        raise _core.InputError("expected 'previous' or 'end'" + near, SOURCE, "support_month", repr(support_month))
    chosen = _accounts(accounts, SOURCE)
    try:
        start, end, support_date = _window(day, offset, window_days)
    except OverflowError:
        raise _core.InputError(f"offset {offset} and window {window_days} put the window before year 1", SOURCE,
                               "as_of", day.isoformat()) from None

    batches: list[list[str] | None]
    if chosen is None:
        batches = [None]
    else:
        batches = [chosen[i:i + batch] for i in range(0, len(chosen), batch)]
    support_outside = not start <= support_date < end
    support_only = _dimension("RECORD_TYPE", ["Support"])
    requests = []
    for accounts_batch in batches:
        by_account = _dimension("LINKED_ACCOUNT", accounts_batch) if accounts_batch is not None else None
        requests.append(_request(start, end, metric, by_account))
        if support_outside:
            requests.append(_request(support_date, support_date + _dt.timedelta(days=1), metric,
                                     _both(by_account, support_only)))
    return requests

"""Which leases a chargeback month holds, and the month itself: what the chargeback and its command
both need, without the DataFrame libraries (docs/leases.md, "Chargeback")."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .._core import InputError

#: A month's leases by their end date (the month the final cost lands), start date, or collection time.
BY_CHOICES = ("end", "start", "collected")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(month: str, source: str = "<chargeback>", path: str = "month") -> tuple[dt.date, dt.date]:
    """``YYYY-MM`` → (its first day, its last day). A month that is not one (``2024-13``, ``24-1``) is an
    :class:`InputError` naming the value."""
    match = _MONTH.fullmatch(str(month))
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise InputError(f"'{month}' is not a month: give YYYY-MM with the month 01 … 12", source, path, str(month))
    year, number = int(match.group(1)), int(match.group(2))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])

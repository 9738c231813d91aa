"""The monthly chargeback (docs/leases.md, "Chargeback"): the leases of one month with their owner, org
unit, budget, actual cost and variance, as a DataFrame, a CSV in the seed's layout, or Parquet.

Which leases belong to a month (``by``):
- ``"end"`` (default): the lease's ``endDate`` falls in the month — the month its final cost lands;
- ``"start"``: its ``startDate`` falls in the month;
- ``"collected"``: its ``collectedAt`` (UTC) falls in the month, as the seed's scan does (a lease
  collected again in another month moves with its newest record).
Month ends come from the calendar: December 2024 is 2024-12-01 … 2024-12-31 (the seed builds the
next month as ``month + 1`` and fails in December).

The CSV's amounts are shown as the seed's example shows them: ``£856.34``, ``-£143.66``, ``+£123.12``,
``£0.00``; Budget as its figure without zero cents (``£1000``, ``£1250.50``). Duration is
EndDate − StartDate in days (the seed's example: 2024-01-01 … 2024-01-31 is 30), not the inclusive
day count nor the report's days with data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .._core import InputError
from ._analysis import _Frames, _subtract
from ._month import BY_CHOICES, parse_month
from ._record import LeaseRecord

CHARGEBACK_COLUMNS = ("OrgUnit", "OwnerEmail", "LeaseID", "AccountID", "StartDate", "EndDate", "Duration", "Budget",
                      "ActualCost", "Variance")
#: The symbols the CSV puts before amounts; another currency is written as its code and a space ("CHF 12.00").
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
_CENT = Decimal("0.01")


def chargeback(records: Iterable[LeaseRecord], *, month: str = "2024-12", by: str = "end") -> pd.DataFrame:
    """The chargeback of ``month`` (``YYYY-MM``): one row per lease (its current record) whose
    ``endDate`` (``by="end"``), ``startDate`` (``"start"``) or ``collectedAt`` (``"collected"``) is in
    the month, ordered by start date, then lease id (the seed's example's order).

    Columns: the CSV's ``OrgUnit``, ``OwnerEmail`` (ownerEmail, else ownerId), ``LeaseID``,
    ``AccountID``, ``StartDate``, ``EndDate`` (dates), ``Duration`` (days, EndDate − StartDate),
    ``Budget``, ``ActualCost`` (the record's totalCost), ``Variance`` (ActualCost − Budget; null with no
    budget) as exact decimals, and ``Currency``."""
    first, last = parse_month(month)
    if by not in BY_CHOICES:
        raise InputError(f"'{by}' is not one of {', '.join(BY_CHOICES)}", "<chargeback>", "by", str(by))
    leases = _Frames(records).leases
    if by == "collected":
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        low = int((dt.datetime(first.year, first.month, first.day, tzinfo=dt.timezone.utc) - epoch).total_seconds())
        high = low + 86400 * ((last - first).days + 1)
        at = leases["collectedAt"].to_numpy(np.int64)
        keep = (at >= low) & (at < high)
    else:
        column = leases["endDate" if by == "end" else "startDate"]
        keep = ((column >= first) & (column <= last)).to_numpy(bool)
    rows = leases[keep]
    days = (pa.array(rows["endDate"]).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
            - pa.array(rows["startDate"]).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64))
    email = rows["ownerEmail"].where(rows["ownerEmail"].notna() & (rows["ownerEmail"] != ""), rows["ownerId"])
    variance = _subtract(rows["totalCost"], rows["budget"])  # exact
    frame = pd.DataFrame({
        "OrgUnit": rows["orgUnit"].fillna(""),
        "OwnerEmail": email,
        "LeaseID": rows["leaseId"],
        "AccountID": rows["accountId"],
        "StartDate": rows["startDate"],
        "EndDate": rows["endDate"],
        "Duration": pd.array(days, dtype="int64"),
        "Budget": rows["budget"],
        "ActualCost": rows["totalCost"],
        "Variance": variance,
        "Currency": rows["currency"],
    })
    return frame.sort_values(["StartDate", "LeaseID"], kind="stable").reset_index(drop=True)


def _symbol(currency: str, override: str | None) -> str:
    if override is not None:
        return override
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def format_amount(amount: Decimal, symbol: str, *, signed: bool = False, whole: bool = False) -> str:
    """An amount as the chargeback CSV shows it: cents rounded half-up, the sign before the symbol
    (``-£143.66``), ``+`` for a positive variance (``signed``), zero without a sign (``£0.00``), and with
    ``whole`` no ``.00`` for whole figures (budgets: ``£1000``, ``£1250.50``)."""
    cents = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents == 0:
        cents = abs(cents)  # no "-£0.00"
    magnitude = abs(cents)
    text = f"{magnitude:.0f}" if whole and magnitude == magnitude.to_integral_value() else f"{magnitude:.2f}"
    sign = "-" if cents < 0 else "+" if signed and cents > 0 else ""
    return f"{sign}{symbol}{text}"


def _frame(frame_or_records: pd.DataFrame | Iterable[LeaseRecord], month: str | None, by: str) -> pd.DataFrame:
    if isinstance(frame_or_records, pd.DataFrame):
        return frame_or_records
    if month is None:
        raise TypeError("writing records needs month=YYYY-MM (or pass chargeback()'s DataFrame)")
    return chargeback(frame_or_records, month=month, by=by)


def chargeback_csv(frame_or_records: pd.DataFrame | Iterable[LeaseRecord], *, currency_symbol: str | None = None,
                   month: str | None = None, by: str = "end") -> str:
    """The chargeback as CSV text (Python's csv module: a field with a comma, a quote or a newline is
    quoted), the seed's header and amounts; see :func:`format_amount`."""
    frame = _frame(frame_or_records, month, by)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CHARGEBACK_COLUMNS)
    columns = [frame[c].tolist() for c in (*CHARGEBACK_COLUMNS, "Currency")]
    for org, owner, lease, account, start, end, days, budget, actual, variance, currency in zip(*columns):
        symbol = _symbol(currency, currency_symbol)
        writer.writerow([
            org, owner, lease, account, str(start), str(end), int(days),
            "" if budget is None or budget is pd.NA else format_amount(budget, symbol, whole=True),
            format_amount(actual, symbol),
            "" if variance is None or variance is pd.NA else format_amount(variance, symbol, signed=True),
        ])
    return out.getvalue()


def _atomic_write(path: str | os.PathLike[str], write: Any) -> None:
    """Writes through a temporary file in the target's directory, then renames it over the target, so a
    reader sees the old file or the new one, never half of one."""
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    fd, temporary = tempfile.mkstemp(prefix=".chargeback-", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_chargeback_csv(frame_or_records: pd.DataFrame | Iterable[LeaseRecord], path: str | os.PathLike[str], *,
                         currency_symbol: str | None = None, month: str | None = None, by: str = "end") -> pd.DataFrame:
    """Writes :func:`chargeback_csv` to ``path`` atomically (UTF-8) and returns the chargeback frame.
    ``frame_or_records``: :func:`chargeback`'s DataFrame, or records with ``month`` (and ``by``)."""
    frame = _frame(frame_or_records, month, by)
    text = chargeback_csv(frame, currency_symbol=currency_symbol)

    def write(name: str) -> None:
        with open(name, "w", encoding="utf-8", newline="") as f:
            f.write(text)

    _atomic_write(path, write)
    return frame


def write_chargeback_parquet(frame_or_records: pd.DataFrame | Iterable[LeaseRecord], path: str | os.PathLike[str], *,
                             month: str | None = None, by: str = "end") -> pd.DataFrame:
    """Writes the chargeback frame to Parquet atomically (pyarrow): amounts ``decimal128(38, 10)``,
    dates ``date32``; returns the frame."""
    import pyarrow.parquet as pq

    frame = _frame(frame_or_records, month, by)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    _atomic_write(path, lambda name: pq.write_table(table, name))
    return frame

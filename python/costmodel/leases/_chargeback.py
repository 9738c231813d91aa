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

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._core import InputError
from .._core import chargeback_csv as _chargeback_kernel
from ._analysis import AMOUNT_TYPE, LeaseColumns, _amount_units, _Current, _round_divide, _subtract_arrays, \
    lease_columns
from ._month import BY_CHOICES, parse_month
from ._record import LeaseRecord

CHARGEBACK_COLUMNS = ("OrgUnit", "OwnerEmail", "LeaseID", "AccountID", "StartDate", "EndDate", "Duration", "Budget",
                      "ActualCost", "Variance")
#: The symbols the CSV puts before amounts; another currency is written as its code and a space ("CHF 12.00").
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
_CENT = Decimal("0.01")


def _month_bounds(month: str, by: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``month``, with ``by`` checked: an InputError naming a bad one."""
    first, last = parse_month(month)
    if by not in BY_CHOICES:
        raise InputError(f"'{by}' is not one of {', '.join(BY_CHOICES)}", "<chargeback>", "by", str(by))
    return first, last


def _chargeback_table(records: Iterable[LeaseRecord] | LeaseColumns, month: str, by: str) -> pa.Table:
    """The chargeback of ``month`` as an Arrow table with :func:`chargeback`'s columns (Duration int64)."""
    first, last = _month_bounds(month, by)
    leases = _Current(lease_columns(records), ordered=False).leases
    if by == "collected":
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        low = int((dt.datetime(first.year, first.month, first.day, tzinfo=dt.timezone.utc) - epoch).total_seconds())
        high = low + 86400 * ((last - first).days + 1)
        at = leases.column("collectedAt")
        keep = pc.and_(pc.greater_equal(at, low), pc.less(at, high))
    else:
        column = leases.column("endDate" if by == "end" else "startDate")
        keep = pc.and_(pc.greater_equal(column, pa.scalar(first, pa.date32())),
                       pc.less_equal(column, pa.scalar(last, pa.date32())))
    rows = leases.filter(keep)
    rows = rows.take(pc.sort_indices(rows.select(["startDate", "leaseId"]),
                                     sort_keys=[("startDate", "ascending"), ("leaseId", "ascending")]))
    start, end = rows.column("startDate"), rows.column("endDate")
    days = pc.subtract(end.cast(pa.int32()).cast(pa.int64()), start.cast(pa.int32()).cast(pa.int64()))
    owner_email = rows.column("ownerEmail")
    has_email = pc.and_kleene(pc.is_valid(owner_email), pc.not_equal(owner_email, "")).fill_null(False)
    email = pc.if_else(has_email, owner_email, rows.column("ownerId"))
    return pa.table({
        "OrgUnit": rows.column("orgUnit").fill_null(""),
        "OwnerEmail": email,
        "LeaseID": rows.column("leaseId"),
        "AccountID": rows.column("accountId"),
        "StartDate": start,
        "EndDate": end,
        "Duration": days,
        "Budget": rows.column("budget"),
        "ActualCost": rows.column("totalCost"),
        "Variance": _subtract_arrays(rows.column("totalCost"), rows.column("budget")),  # exact
        "Currency": rows.column("currency"),
    })


def chargeback(records: Iterable[LeaseRecord] | LeaseColumns, *, month: str = "2024-12", by: str = "end") -> pd.DataFrame:
    """The chargeback of ``month`` (``YYYY-MM``): one row per lease (its current record) whose
    ``endDate`` (``by="end"``), ``startDate`` (``"start"``) or ``collectedAt`` (``"collected"``) is in
    the month, ordered by start date, then lease id (the seed's example's order).

    ``records``: lease record dicts, or :class:`~costmodel.leases.LeaseColumns` (a store's
    ``current_columns()``, or :func:`~costmodel.leases.lease_columns`), which skips reading the dicts.

    Columns: the CSV's ``OrgUnit``, ``OwnerEmail`` (ownerEmail, else ownerId), ``LeaseID``,
    ``AccountID``, ``StartDate``, ``EndDate`` (dates), ``Duration`` (days, EndDate − StartDate),
    ``Budget``, ``ActualCost`` (the record's totalCost), ``Variance`` (ActualCost − Budget; null with no
    budget) as exact decimals, and ``Currency``."""
    frame = _chargeback_table(records, month, by).to_pandas(types_mapper=pd.ArrowDtype)
    frame["Duration"] = frame["Duration"].astype(np.int64)
    return frame


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


def _frame(frame_or_records: pd.DataFrame | Iterable[LeaseRecord] | LeaseColumns, month: str | None, by: str) -> pd.DataFrame:
    if isinstance(frame_or_records, pd.DataFrame):
        return frame_or_records
    if month is None:
        raise TypeError("writing records needs month=YYYY-MM (or pass chargeback()'s DataFrame)")
    return chargeback(frame_or_records, month=month, by=by)


def chargeback_csv(frame_or_records: pd.DataFrame | Iterable[LeaseRecord] | LeaseColumns, *,
                   currency_symbol: str | None = None, month: str | None = None, by: str = "end") -> str:
    """The chargeback as CSV text, the seed's header and amounts (see :func:`format_amount`). A field
    with a comma, a quote, a carriage return or a newline is quoted, its quotes doubled (as Python's csv
    module does, RFC 4180). ``frame_or_records``: :func:`chargeback`'s DataFrame, or records (dicts or
    :class:`~costmodel.leases.LeaseColumns`) with ``month`` (and ``by``).

    The text is made column by column in Arrow: amounts as int64 cents, formatted, quoted where needed,
    joined. A frame whose columns are not the chargeback's types (edited by hand, say) is written row by
    row with the csv module instead, with the same result."""
    if isinstance(frame_or_records, pd.DataFrame):
        table = _frame_table(frame_or_records)
        if table is None:
            return _csv_rows(frame_or_records, currency_symbol)
    else:
        if month is None:
            raise TypeError("writing records needs month=YYYY-MM (or pass chargeback()'s DataFrame)")
        columns = lease_columns(frame_or_records)  # read once, for the kernel and the general path alike
        quick = _records_csv(columns, month, by, currency_symbol)
        if quick is not None:
            return quick
        table = _chargeback_table(columns, month, by)
    text = _csv_columns(table, currency_symbol)
    return text if text is not None else _csv_rows(table.to_pandas(types_mapper=pd.ArrowDtype), currency_symbol)


_FRAME_TYPES = {"OrgUnit": pa.string(), "OwnerEmail": pa.string(), "LeaseID": pa.string(), "AccountID": pa.string(),
                "StartDate": pa.date32(), "EndDate": pa.date32(), "Duration": pa.int64(), "Budget": AMOUNT_TYPE,
                "ActualCost": AMOUNT_TYPE, "Variance": AMOUNT_TYPE, "Currency": pa.string()}


def _frame_table(frame: pd.DataFrame) -> pa.Table | None:
    """The frame's chargeback columns as Arrow (no copy for Arrow-backed columns), or None when one is not
    of its type (strings, dates, whole days, decimals) and the rows must be written one by one."""
    arrays = {}
    for name, kind in _FRAME_TYPES.items():
        series = frame[name]
        dtype = series.dtype
        if isinstance(dtype, pd.ArrowDtype):
            array = pa.array(series.array)
        elif name == "Duration" and dtype == np.int64:
            array = pa.array(series.to_numpy(), pa.int64())
        else:
            return None
        if array.type != kind:
            if pa.types.is_large_string(array.type) or pa.types.is_string_view(array.type) or \
                    (pa.types.is_decimal(array.type) and array.type.scale <= 10):
                try:
                    array = array.cast(kind)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    return None
            else:
                return None
        arrays[name] = array
    if arrays["Currency"].null_count or arrays["ActualCost"].null_count or arrays["StartDate"].null_count or \
            arrays["EndDate"].null_count or arrays["Duration"].null_count:
        return None
    return pa.table(arrays)


def _field(value: Any) -> str:
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_rows(frame: pd.DataFrame, currency_symbol: str | None) -> str:
    """The CSV row by row (for a frame whose columns are not chargeback()'s types, or amounts beyond
    int64 cents): the same quoting and amounts as the columns' way."""
    lines = [",".join(CHARGEBACK_COLUMNS)]
    columns = [frame[c].tolist() for c in (*CHARGEBACK_COLUMNS, "Currency")]
    for org, owner, lease, account, start, end, days, budget, actual, variance, currency in zip(*columns):
        symbol = _symbol(currency, currency_symbol)
        lines.append(",".join(_field(v) for v in (
            org, owner, lease, account, str(start), str(end), int(days),
            "" if budget is None or budget is pd.NA else format_amount(budget, symbol, whole=True),
            format_amount(actual, symbol),
            "" if variance is None or variance is pd.NA else format_amount(variance, symbol, signed=True))))
    return "\n".join(lines) + "\n"


_NEEDS_QUOTES = r'[,"\r\n]'


def _quote(texts: pa.Array) -> pa.Array:
    """CSV fields: a text with a comma, a quote, a carriage return or a newline in quotes, its quotes doubled."""
    data = texts.buffers()[2]
    raw = b"" if data is None else data.to_pybytes()
    if not any(c in raw for c in (b",", b'"', b"\r", b"\n")):  # the common case: a scan of the bytes, no regex
        return texts
    needs = pc.match_substring_regex(texts, _NEEDS_QUOTES)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(texts, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, texts)


def _cents(amounts: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """An amount column as int64 cents rounded half-up (away from zero), and its validity; None when an
    amount is too large for int64 cents."""
    try:
        units, scale = _amount_units(amounts)
    except OverflowError:
        return None
    if scale > 2:
        step = np.int64(10 ** (scale - 2))
        units = _round_divide(units, np.full(len(units), step, dtype=np.int64), half_even=False)
    valid = amounts.is_valid().to_numpy(zero_copy_only=False) if amounts.null_count else np.ones(len(units), bool)
    return units, valid


def _amount_texts(amounts: pa.Array, currency_codes: np.ndarray, symbols: list[str], *, signed: bool = False,
                  whole: bool = False) -> pa.Array | None:
    """:func:`format_amount` over a column ("" for a null amount): the cents' magnitude written by Arrow's
    decimal-to-text cast, after a prefix of sign and symbol picked from a small table (sign × currency)."""
    got = _cents(amounts)
    if got is None:
        return None
    cents, valid = got
    magnitude = np.abs(cents)
    counts = pa.array(magnitude, pa.int64()).cast(pa.decimal128(38, 0))
    text = pa.Array.from_buffers(pa.decimal128(38, 2), len(counts), counts.buffers()).cast(pa.string())  # "1234.56"
    if whole:
        round_figure = magnitude % 100 == 0
        if round_figure.any():
            text = pc.if_else(pa.array(round_figure, pa.bool_()), pa.array(magnitude // 100, pa.int64()).cast(pa.string()),
                              text)
    sign = np.where(cents < 0, 1, np.where(cents > 0, 2 if signed else 0, 0))
    prefixes = pa.array([mark + symbol for symbol in symbols for mark in ("", "-", "+")], pa.string())
    prefix = prefixes.take(pa.array(currency_codes * 3 + sign, pa.int64()))
    text = pc.binary_join_element_wise(prefix, text, "")
    if not valid.all():
        text = pc.if_else(pa.array(valid, pa.bool_()), text, "")
    return _quote(text)


_EPOCH = dt.date(1970, 1, 1)


def _single(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array of a column (its only chunk without a copy; combine_chunks copies even one)."""
    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def _records_csv(records: LeaseColumns, month: str, by: str, currency_symbol: str | None) -> str | None:
    """The CSV of the records' month by the C++ kernel (``actuals/chargeback.hpp``: select, order and
    write in one pass over the columns, read in place); None when a column is not of a layout it reads."""
    first, last = _month_bounds(month, by)
    leases = _Current(records, ordered=False).leases
    columns = {name: _single(leases.column(name)) for name in
               ("orgUnit", "ownerEmail", "ownerId", "leaseId", "accountId", "currency", "startDate", "endDate",
                "budget", "totalCost", "collectedAt")}
    return _chargeback_kernel(columns, by, (first - _EPOCH).days, (last - _EPOCH).days, currency_symbol)


_FRAME_ROLES = {"OrgUnit": "orgUnit", "OwnerEmail": "ownerEmail", "LeaseID": "leaseId", "AccountID": "accountId",
                "StartDate": "startDate", "EndDate": "endDate", "Duration": "duration", "Budget": "budget",
                "ActualCost": "totalCost", "Variance": "variance", "Currency": "currency"}


def _csv_columns(table: pa.Table, currency_symbol: str | None) -> str | None:
    """The CSV of a chargeback table's rows in order: by the C++ kernel, else made column by column in
    Arrow; None when an amount is beyond int64 cents there."""
    quick = _chargeback_kernel({role: _single(table.column(name)) for name, role in _FRAME_ROLES.items()}, None, 0, 0,
                               currency_symbol)
    if quick is not None:
        return quick
    return _arrow_csv_columns(table, currency_symbol)


def _arrow_csv_columns(table: pa.Table, currency_symbol: str | None) -> str | None:
    """The CSV made column by column in Arrow kernels; None when an amount is beyond int64 cents."""
    n = table.num_rows
    header = ",".join(CHARGEBACK_COLUMNS) + "\n"
    if n == 0:
        return header
    currency = table.column("Currency").combine_chunks()
    encoded = pc.dictionary_encode(currency)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    symbols = [_symbol(c, currency_symbol) for c in encoded.dictionary.to_pylist()]
    amounts = []
    for name, options in (("Budget", {"whole": True}), ("ActualCost", {}), ("Variance", {"signed": True})):
        text = _amount_texts(table.column(name).combine_chunks(), codes, symbols, **options)
        if text is None:
            return None
        amounts.append(text)
    fields = [_quote(table.column(name).combine_chunks().fill_null("")) for name in
              ("OrgUnit", "OwnerEmail", "LeaseID", "AccountID")]
    fields += [table.column(name).combine_chunks().cast(pa.string()) for name in ("StartDate", "EndDate", "Duration")]
    fields += amounts[:2]
    fields.append(pc.binary_join_element_wise(amounts[2], "\n", ""))  # each row ends its line
    rows = pc.binary_join_element_wise(*fields, ",")
    width = np.int64 if pa.types.is_large_string(rows.type) else np.int32
    offsets = np.frombuffer(rows.buffers()[1], dtype=width, count=rows.offset + n + 1)[rows.offset:]
    first, end = int(offsets[0]), int(offsets[-1])
    body = rows.buffers()[2].slice(first, end - first).to_pybytes().decode("utf-8")
    return header + body


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


def write_chargeback_csv(frame_or_records: pd.DataFrame | Iterable[LeaseRecord] | LeaseColumns, path: str | os.PathLike[str], *,
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


def write_chargeback_parquet(frame_or_records: pd.DataFrame | Iterable[LeaseRecord] | LeaseColumns, path: str | os.PathLike[str], *,
                             month: str | None = None, by: str = "end") -> pd.DataFrame:
    """Writes the chargeback frame to Parquet atomically (pyarrow): amounts ``decimal128(38, 10)``,
    dates ``date32``; returns the frame."""
    import pyarrow.parquet as pq

    frame = _frame(frame_or_records, month, by)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    _atomic_write(path, lambda name: pq.write_table(table, name))
    return frame

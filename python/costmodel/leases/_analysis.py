"""Portfolio analysis of lease records (docs/leases.md, "Portfolio analysis"): budget overages, service
anomalies against comparable earlier leases, owners whose costs keep rising, and Savings Plan hints for
EC2-heavy leases.

Every function takes any iterable of :class:`LeaseRecord` dicts (a store's ``current_records()``, a list,
a JSON-lines file read line by line), or the records already read into :class:`LeaseColumns` (by
:func:`lease_columns`, or by a store's ``current_columns()`` without a dict per record), and returns a
pandas DataFrame. Amount columns are
``decimal128(38, 10)[pyarrow]`` (exact: a cell is a :class:`decimal.Decimal`); dates are
``date32[pyarrow]``. When a lease has several records (one per collection), the analysis uses its current
one: the newest ``collectedAt`` (then the highest ``collection``).

The verdicts are computed exactly and column-wise: amounts become int64 counts of their smallest exact
unit (cents for records, which hold cents), and every comparison of a ratio is made by cross-multiplying
integers (``variance / budget > 0.1`` as ``10 × variance > budget``), never by dividing in floating point.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._core import InputError
from .._core import exclusive_running_sums as _exclusive_running_sums
from ._record import LeaseRecord

AMOUNT_TYPE = pa.decimal128(38, 10)
AMOUNT_DTYPE = pd.ArrowDtype(AMOUNT_TYPE)
DATE_DTYPE = pd.ArrowDtype(pa.date32())
RECORDS_SOURCE = "<lease records>"

#: The thresholds of the seed's overage detection, on the exact ratio variance ÷ budget.
FLAG_OVER = Decimal("0.1")
ALERT_OVER = Decimal("0.5")
#: The Cost Explorer SERVICE name of EC2 instance usage (what Savings Plans cover).
EC2_SERVICE = "Amazon Elastic Compute Cloud - Compute"
#: A lease is EC2-heavy when EC2 instance usage is at least this share of its total cost.
EC2_HEAVY_SHARE = Decimal("0.5")

_AMOUNT_KEYS = ("totalCost", "budget", "variance", "variancePercent", "costPerDay", "finalCost", "chargebackAmount")
_TEXT_KEYS = ("leaseId", "accountId", "ownerId", "ownerEmail", "orgUnit", "template", "currency", "status", "dataSource")
_REQUIRED = ("leaseId", "accountId", "startDate", "endDate", "ownerId", "collectedAt", "currency", "totalCost")
_TEN_PLACES = Decimal("1E-10")
_CENT = Decimal("0.01")
_INT64_LIMIT = 2**63 - 1


# --- reading records into columns --------------------------------------------------------------------------------

_INTEGER_KEYS = ("collectedAt", "collection", "duration")
_SERVICE_TYPE = pa.list_(pa.struct([("service", pa.string()), ("cost", pa.string())]))
_RECORD_STRUCT = pa.struct([*((k, pa.string()) for k in _TEXT_KEYS), ("startDate", pa.string()),
                            ("endDate", pa.string()), ("final", pa.bool_()), *((k, pa.string()) for k in _AMOUNT_KEYS),
                            ("topServices", _SERVICE_TYPE)])
_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError, TypeError,
                 AttributeError, KeyError)


class LeaseColumns:
    """A portfolio of lease records as Arrow columns: the form the analyses and the chargeback work on,
    read once from dicts (:func:`lease_columns`) or straight from a store
    (:meth:`costmodel.leases.SqliteStore.current_columns`).

    ``leases`` is a ``pyarrow.Table`` with one row per record: the text fields (``leaseId``,
    ``accountId``, ``ownerId``, ``ownerEmail``, ``orgUnit``, ``template``, ``currency``, ``status``,
    ``dataSource``), ``startDate`` and ``endDate`` (``date32``), ``collectedAt``, ``collection`` and
    ``duration`` (``int64``), ``final`` (``bool``) and the amounts ``totalCost``, ``budget``,
    ``variance``, ``variancePercent``, ``costPerDay``, ``finalCost``, ``chargebackAmount`` as
    ``decimal128(38, 10)`` (exact). ``services`` has one row per (record, top service): ``row`` (the
    record's row in ``leases``), ``service`` and ``cost``. ``current`` is True when no lease has more
    than one record (as a store's current records), so no record has to be chosen.
    """

    __slots__ = ("leases", "services", "current")

    def __init__(self, leases: pa.Table, services: pa.Table, current: bool | None = None) -> None:
        self.leases = leases
        self.services = services
        if current is None:
            current = pc.count_distinct(leases.column("leaseId")).as_py() == leases.num_rows
        self.current = bool(current)

    def __len__(self) -> int:
        return self.leases.num_rows

    def __repr__(self) -> str:
        return f"LeaseColumns({self.leases.num_rows} records, {self.services.num_rows} top services)"


def lease_columns(records: Iterable[LeaseRecord] | LeaseColumns | Any, source: str = RECORDS_SOURCE) -> LeaseColumns:
    """The records as :class:`LeaseColumns` (read once; pass the result to any analysis or to the
    chargeback to skip the reading). ``records`` is any iterable of :class:`LeaseRecord` dicts, a
    :class:`LeaseColumns` (returned as it is) or a store with ``current_columns()`` (the SQLite store
    reads its current records into columns without making a dict per record). A malformed record is
    an :class:`InputError` naming ``records[i].<key>`` and the value."""
    if isinstance(records, LeaseColumns):
        return records
    read = getattr(records, "current_columns", None)
    if callable(read):
        columns = read()
        assert isinstance(columns, LeaseColumns)
        return columns
    items = records if isinstance(records, list) else list(records)
    fast = _fast_columns(items)
    return fast if fast is not None else _careful_columns(items, source)


def _fast_columns(records: list[Any]) -> LeaseColumns | None:
    """The columns of well-formed records, read column by column in Arrow; None when any record needs a
    closer look (a missing or null required key, a value of another type, a malformed amount or date),
    which :func:`_careful_columns` then gives, or names as an error."""
    if not all(type(r) is dict for r in records):  # a tuple would be read as a struct by position
        return None
    try:
        # one conversion in Arrow over the dicts for the text, the dates, the amounts and the top services
        rows = pa.array(records, _RECORD_STRUCT)
        arrays: dict[str, pa.Array] = {}
        for key in _TEXT_KEYS:
            arrays[key] = rows.field(key)
        for key in ("startDate", "endDate"):
            text = rows.field(key)
            if text.null_count or (len(text) and (pc.min(pc.utf8_length(text)).as_py() != 10 or
                                                  pc.max(pc.utf8_length(text)).as_py() != 10)):
                return None
            arrays[key] = text.cast(pa.date32())
        for key in _INTEGER_KEYS:  # inferred, so that a float or a bool is not taken for an integer
            values = pa.array([r.get(key) for r in records])
            if not (pa.types.is_int64(values.type) or pa.types.is_null(values.type)):
                return None
            arrays[key] = values.cast(pa.int64())
        arrays["final"] = rows.field("final")
        for key in _AMOUNT_KEYS:
            arrays[key] = rows.field(key).cast(AMOUNT_TYPE)
        for key in _REQUIRED:
            if arrays[key].null_count:
                return None
        lists = rows.field("topServices")
        items = lists.flatten()
        name, cost = items.field("service"), items.field("cost")
        if items.null_count or name.null_count or cost.null_count:
            return None
        services = pa.table({"row": pc.list_parent_indices(lists).cast(pa.int64()), "service": name,
                             "cost": cost.cast(AMOUNT_TYPE)})
    except _ARROW_ERRORS:
        return None
    return LeaseColumns(pa.table(arrays), services)


def _amount_text(value: Any, source: str, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) or isinstance(value, bool):
        raise InputError(f"{value!r}: amounts in a lease record are decimal strings, not floats or booleans", source, path,
                         repr(value))
    return str(value)


def _decimal_column(values: list[str | None], key: str, source: str) -> pa.Array:
    try:
        return pa.array(values, pa.string()).cast(AMOUNT_TYPE)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    for i, text in enumerate(values):  # only on failure: find and name the bad value
        if text is None:
            continue
        try:
            d = Decimal(text)
            ok = d.is_finite() and -int(d.as_tuple().exponent) <= 10 and abs(d) < Decimal(10) ** 28
        except InvalidOperation:
            ok = False
        if not ok:
            raise InputError(f"'{text}' is not a decimal amount (at most 28 integer and 10 fractional digits)", source,
                             f"records[{i}].{key}", text)
    raise InputError("not a column of decimal amounts", source, f"records[*].{key}", "")


def _date_column(values: list[Any], key: str, source: str) -> pa.Array:
    texts = [None if v is None else str(v) for v in values]
    try:
        if all(t is None or len(t) == 10 for t in texts):
            return pa.array(texts, pa.string()).cast(pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    for i, text in enumerate(texts):
        try:
            if text is None or len(text) != 10:
                raise ValueError
            dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"'{text}' is not a date YYYY-MM-DD", source, f"records[{i}].{key}", str(text)) from None
    raise InputError("not a column of dates", source, f"records[*].{key}", "")


def _careful_columns(records: Iterable[Any], source: str = RECORDS_SOURCE) -> LeaseColumns:
    """The columns record by record, each value checked: what a portfolio with an odd record (an
    integer where text is expected, a top service without a cost) is read with, and where a malformed
    one is named."""
    columns: dict[str, list[Any]] = {k: [] for k in (*_TEXT_KEYS, *_AMOUNT_KEYS, "startDate", "endDate",
                                                     *_INTEGER_KEYS, "final")}
    service_row: list[int] = []
    service_name: list[str] = []
    service_cost: list[str | None] = []
    for i, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise InputError("a lease record is a dict", source, f"records[{i}]", type(record).__name__)
        for key in _REQUIRED:
            if record.get(key) is None:
                raise InputError(f"a lease record needs '{key}'", source, f"records[{i}].{key}",
                                 "missing" if key not in record else "null")
        for key in _TEXT_KEYS:
            value = record.get(key)
            columns[key].append(None if value is None else str(value))
        for key in _AMOUNT_KEYS:
            columns[key].append(_amount_text(record.get(key), source, f"records[{i}].{key}"))
        columns["startDate"].append(record["startDate"])
        columns["endDate"].append(record["endDate"])
        for key in _INTEGER_KEYS:
            value = record.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise InputError(f"'{key}' is an integer, not {value!r}", source, f"records[{i}].{key}", repr(value))
            columns[key].append(value)
        columns["final"].append(record.get("final"))
        for j, item in enumerate(record.get("topServices") or []):
            try:
                name, cost = item["service"], item["cost"]
            except (KeyError, TypeError):
                raise InputError("a top service is {service, cost}", source, f"records[{i}].topServices[{j}]",
                                 repr(item)) from None
            service_row.append(i)
            service_name.append(str(name))
            service_cost.append(_amount_text(cost, source, f"records[{i}].topServices[{j}].cost"))
    arrays: dict[str, pa.Array] = {}
    for key in _TEXT_KEYS:
        arrays[key] = pa.array(columns[key], pa.string())
    arrays["startDate"] = _date_column(columns["startDate"], "startDate", source)
    arrays["endDate"] = _date_column(columns["endDate"], "endDate", source)
    for key in _INTEGER_KEYS:
        arrays[key] = pa.array(columns[key], pa.int64())
    arrays["final"] = pa.array(columns["final"], pa.bool_())
    for key in _AMOUNT_KEYS:
        arrays[key] = _decimal_column(columns[key], key, source)
    services = pa.table({"row": pa.array(service_row, pa.int64()), "service": pa.array(service_name, pa.string()),
                         "cost": _decimal_column(service_cost, "topServices.cost", source)})
    return LeaseColumns(pa.table(arrays), services)



# --- reading a store's records into columns ------------------------------------------------------------------------

#: The record keys the columns hold (the store picks these out of each record's JSON).
COLUMN_KEYS = (*_TEXT_KEYS, "startDate", "endDate", *_INTEGER_KEYS, "final", *_AMOUNT_KEYS, "topServices")
_JSON_SCHEMA = pa.schema([*((k, pa.string()) for k in _TEXT_KEYS), ("startDate", pa.string()), ("endDate", pa.string()),
                          *((k, pa.int64()) for k in _INTEGER_KEYS), ("final", pa.bool_()),
                          *((k, pa.string()) for k in _AMOUNT_KEYS), ("topServices", _SERVICE_TYPE)])


def columns_from_json_lines(data: bytes, source: str, *, current: bool = True) -> LeaseColumns:
    """:class:`LeaseColumns` from JSON lines, one object per record with the keys of
    :data:`COLUMN_KEYS` (amounts as decimal strings): read by pyarrow's JSON reader, not into dicts.
    ``current``: the lines hold one record per lease (a store's current records)."""
    import pyarrow.json as pj

    if not data.strip():
        table = _JSON_SCHEMA.empty_table()
    else:
        try:
            table = pj.read_json(io.BytesIO(data), parse_options=pj.ParseOptions(explicit_schema=_JSON_SCHEMA,
                                                                               unexpected_field_behavior="ignore"))
        except pa.ArrowInvalid as error:
            raise InputError(f"lease records that are not lease records: {error}", source, "", "") from None
    arrays: dict[str, Any] = {}
    for key in _TEXT_KEYS:
        arrays[key] = table.column(key)
    for key in ("startDate", "endDate"):
        arrays[key] = _date_column_arrow(table.column(key), key, source)
    for key in _INTEGER_KEYS:
        arrays[key] = table.column(key)
    arrays["final"] = table.column("final")
    for key in _AMOUNT_KEYS:
        arrays[key] = _decimal_column_arrow(table.column(key), key, source)
    lists = table.column("topServices").combine_chunks()
    items = lists.flatten()
    services = pa.table({"row": pc.list_parent_indices(lists).cast(pa.int64()), "service": items.field("service"),
                         "cost": _decimal_column_arrow(items.field("cost"), "topServices.cost", source)})
    return LeaseColumns(pa.table(arrays).combine_chunks(), services, current=current)


def _date_column_arrow(text: pa.ChunkedArray, key: str, source: str) -> pa.Array:
    try:
        return text.cast(pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _date_column(text.to_pylist(), key, source)


def _decimal_column_arrow(text: pa.Array | pa.ChunkedArray, key: str, source: str) -> pa.Array:
    try:
        return text.cast(AMOUNT_TYPE)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return _decimal_column(text.to_pylist(), key, source)


def _sort_nulls_first(table: pa.Table) -> pa.Array:
    """The stable ascending sort of a table by all its columns in order, nulls first."""
    keys = [(name, "ascending") for name in table.column_names]
    try:
        return pc.sort_indices(table, sort_keys=[(name, order, "at_start") for name, order in keys])
    except (TypeError, ValueError, pa.ArrowInvalid):  # pyarrow before 25 takes one null placement for all keys
        return pc.sort_indices(table, sort_keys=keys, null_placement="at_start")


def _take(table: pa.Table, indices: np.ndarray) -> pa.Table:
    return table.take(pa.array(indices, pa.int64()))


def _ints(column: pa.Array | pa.ChunkedArray, kind: type = np.int64) -> np.ndarray:
    """A column without nulls (dates as days) as a numpy array."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_date32(column.type):
        column = column.cast(pa.int32())
    return column.to_numpy(zero_copy_only=False).astype(kind, copy=False)


_PORTFOLIO_ORDER = [("endDate", "ascending"), ("collectedAt", "ascending"), ("leaseId", "ascending")]


def _portfolio_order(table: pa.Table, rows: np.ndarray) -> np.ndarray:
    """``rows`` of ``table`` ordered by end date, collection time and lease id (stably). Rows already in
    that order (a store reads them so) are only checked, in one pass."""
    if len(rows) < 2:
        return rows
    end = _ints(table.column("endDate"), np.int32)[rows]
    at = _ints(table.column("collectedAt"))[rows]
    same_end = end[1:] == end[:-1]
    if np.all((end[1:] > end[:-1]) | (same_end & (at[1:] >= at[:-1]))):
        tie = np.flatnonzero(same_end & (at[1:] == at[:-1]))
        if not len(tie):
            return rows
        ids = table.column("leaseId")
        if pc.all(pc.less_equal(ids.take(pa.array(rows[tie], pa.int64())),
                                ids.take(pa.array(rows[tie + 1], pa.int64())))).as_py():
            return rows
    order = pc.sort_indices(_take(table.select(["endDate", "collectedAt", "leaseId"]), rows),
                            sort_keys=_PORTFOLIO_ORDER).to_numpy()
    return rows[order]


class _Current:
    """The current record of each lease (the newest ``collectedAt``, then the highest ``collection``),
    in the portfolio's order (end date, collection time, lease id) when ``ordered``; ``rows`` are their
    rows in the columns' ``leases``, and a column is only taken in that order when it is asked for."""

    def __init__(self, columns: LeaseColumns, *, ordered: bool = True) -> None:
        table = columns.leases
        if columns.current:
            rows = np.arange(table.num_rows, dtype=np.int64)
        else:
            by_lease = _sort_nulls_first(table.select(["leaseId", "collectedAt", "collection"]))
            order = by_lease.to_numpy()
            ids = table.column("leaseId").take(by_lease)
            last = np.ones(len(order), dtype=bool)
            if len(order) > 1:
                last[:-1] = pc.not_equal(ids.slice(1), ids.slice(0, len(order) - 1)).to_numpy(zero_copy_only=False)
            rows = order[last]
        if ordered:
            rows = _portfolio_order(table, rows)
        self.columns = columns
        self.rows = rows
        self._all = len(rows) == table.num_rows and bool(np.all(rows == np.arange(len(rows))))

    def column(self, name: str) -> pa.Array | pa.ChunkedArray:
        column = self.columns.leases.column(name)
        return column if self._all else column.take(pa.array(self.rows, pa.int64()))

    @property
    def leases(self) -> pa.Table:
        return self.columns.leases if self._all else _take(self.columns.leases, self.rows)

    def service_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """The current records' top services, lease by lease in the portfolio's order (a lease's in its
        record's order): their positions in the columns' ``services`` and each one's rank (its lease's
        place in :attr:`rows`). Found from where each record's services start, without a sort."""
        row = self.columns.services.column("row")
        row = _ints(row) if len(row) else np.zeros(0, dtype=np.int64)
        n = self.columns.leases.num_rows
        if len(row) and (row.min() < 0 or row.max() >= n):
            raise ValueError("LeaseColumns: a service's row is not a row of the leases")
        grouped = bool(np.all(row[1:] >= row[:-1])) if len(row) > 1 else True
        by_row = None if grouped else np.argsort(row, kind="stable")
        counts = np.bincount(row, minlength=n) if len(row) else np.zeros(n, dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1])) if n else np.zeros(0, dtype=np.int64)
        lengths = counts[self.rows]
        total = int(lengths.sum())
        rank = np.repeat(np.arange(len(self.rows), dtype=np.int64), lengths)
        first = np.repeat(starts[self.rows] - (np.cumsum(lengths) - lengths), lengths)
        positions = first + np.arange(total, dtype=np.int64)
        if by_row is not None:
            positions = by_row[positions]
        return positions, rank

    def services(self) -> tuple[pa.Table, np.ndarray]:
        """The current records' top services ordered by the portfolio's order, then service name (one
        lease's services in its record's order where it names a service twice), and each one's rank."""
        positions, rank = self.service_positions()
        services = self.columns.services
        codes, _ = _ordered_codes(services.column("service"))
        order = np.lexsort((codes[positions], rank))
        return _take(services, positions[order]), rank[order]


def _ordered_codes(strings: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Each string's code in the sorted list of the distinct strings (so codes order as the strings
    do), and that list; a null's code is -1."""
    if isinstance(strings, pa.ChunkedArray):
        strings = strings.combine_chunks()
    encoded = pc.dictionary_encode(strings)
    dictionary = encoded.dictionary
    sorted_positions = pc.sort_indices(dictionary).to_numpy()
    rank = np.empty(len(dictionary), dtype=np.int64)
    rank[sorted_positions] = np.arange(len(dictionary), dtype=np.int64)
    indices = encoded.indices
    raw = indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    codes = rank[raw] if len(dictionary) else np.zeros(len(raw), dtype=np.int64)
    if indices.null_count:
        codes[~indices.is_valid().to_numpy(zero_copy_only=False)] = -1
    return codes, dictionary.take(pa.array(sorted_positions, pa.int64()))


class _Frames:
    """The current records as a lease frame and a long frame of their top services (pandas, for the
    analyses that work on frames)."""

    def __init__(self, records: Iterable[LeaseRecord] | LeaseColumns, source: str = RECORDS_SOURCE,
                 current: bool = True) -> None:
        columns = lease_columns(records, source)
        # every record when not current (the portfolio's order, all the same)
        chosen = _Current(columns if current else LeaseColumns(columns.leases, columns.services, current=True))
        table, rows = chosen.leases, chosen.rows
        arrays = {"row": pa.array(rows, pa.int64()), **{name: table.column(name) for name in table.column_names}}
        leases = pa.table(arrays).to_pandas(types_mapper=pd.ArrowDtype)
        leases["row"] = leases["row"].astype(np.int64)
        leases["collectedAt"] = leases["collectedAt"].astype(np.int64)
        leases["rank"] = np.arange(len(leases), dtype=np.int64)
        services, rank = chosen.services()
        lease_rows = pa.array(rank, pa.int64())
        kept = table.select(["leaseId", "ownerId", "orgUnit", "template", "endDate", "currency", "totalCost"]).take(lease_rows)
        long = pa.table({"row": services.column("row"), "service": services.column("service"),
                         "cost": services.column("cost"), "rank": lease_rows,
                         **{name: kept.column(name) for name in kept.column_names}})
        frame = long.to_pandas(types_mapper=pd.ArrowDtype)
        frame["row"] = frame["row"].astype(np.int64)
        frame["rank"] = frame["rank"].astype(np.int64)
        self.services = frame
        self.leases = leases


def records_frame(records: Iterable[LeaseRecord] | LeaseColumns, *, current: bool = True) -> pd.DataFrame:
    """The records as a DataFrame, one row per lease (its current record; ``current=False`` keeps every
    record), ordered by end date, collection time and lease id.

    Columns: the record's text fields (``leaseId``, ``accountId``, ``ownerId``, ``ownerEmail``,
    ``orgUnit``, ``template``, ``currency``, ``status``, ``dataSource``), ``startDate`` and ``endDate``
    (``date32[pyarrow]``), ``collectedAt`` (epoch seconds), ``collection``, ``duration``, ``final``, and
    the amounts ``totalCost``, ``budget``, ``variance``, ``variancePercent``, ``costPerDay``,
    ``finalCost``, ``chargebackAmount`` as ``decimal128(38, 10)[pyarrow]`` — exact; ``sum()`` gives a
    Decimal. A malformed record is an :class:`InputError` naming ``records[i].<key>`` and the value.
    """
    frame = _Frames(records, current=current).leases
    return frame.drop(columns=["row", "rank"])


def services_frame(records: Iterable[LeaseRecord] | LeaseColumns) -> pd.DataFrame:
    """The current records' top services, one row per (lease, service): ``leaseId``, ``ownerId``,
    ``orgUnit``, ``template``, ``endDate``, ``currency``, ``service``, ``cost`` and the lease's
    ``totalCost`` (exact decimals)."""
    s = _Frames(records).services
    return s[["leaseId", "ownerId", "orgUnit", "template", "endDate", "currency", "service", "cost", "totalCost"]]


_PEER_KEYS = ("template", "orgUnit", "ownerId", "accountId")


def _near(key: str) -> str:
    import difflib

    match = difflib.get_close_matches(str(key), _PEER_KEYS, n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


# --- exact integer arithmetic over amount columns ----------------------------------------------------------------


def _units(*series: pd.Series) -> tuple[list[np.ndarray], int]:
    """Each decimal column as int64 counts of 10^-scale, for the smallest scale (2, 4, … 10) at which
    every value is exact; nulls become 0. Raises OverflowError past int64."""
    arrays = [s if isinstance(s, pa.Array) else pa.array(s, AMOUNT_TYPE) for s in series]
    for scale in (2, 4, 6, 8, 10):
        try:
            scaled = [a.cast(pa.decimal128(38, scale)) for a in arrays]
        except pa.ArrowInvalid:
            continue
        try:
            out = []
            for a in scaled:
                wide = a.cast(pa.decimal256(40, scale))
                ints = pc.multiply(wide, pa.scalar(Decimal(10) ** scale, pa.decimal256(scale + 1, 0))).cast(pa.int64())
                out.append(ints.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64))
            return out, scale
        except pa.ArrowInvalid:
            raise OverflowError(f"amounts too large for exact int64 arithmetic at scale {scale}") from None
    raise AssertionError("decimal128(38, 10) is exact at scale 10")


def _subtract_arrays(a: pa.Array | pa.ChunkedArray, b: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """a − b for two exact decimal columns (through decimal256, so the difference of two values near the
    limit is an error rather than a wrap); null where either is null."""
    wide = pc.subtract(a.cast(pa.decimal256(39, 10)), b.cast(pa.decimal256(39, 10)))
    try:
        return wide.cast(AMOUNT_TYPE)
    except pa.ArrowInvalid:
        raise OverflowError("a difference of amounts beyond decimal128(38, 10)") from None


def _fits(*magnitudes: int) -> bool:
    """Whether a product of columns whose largest magnitudes are given stays inside int64."""
    product = 1
    for m in magnitudes:
        product *= max(int(m), 1)
    return product <= _INT64_LIMIT


def _int_max(a: np.ndarray) -> int:
    return int(np.abs(a).max()) if len(a) else 0


def _ratio_to_decimal(numerator: int, denominator: int, places: Decimal, rounding: str) -> Decimal:
    """numerator ÷ denominator (integers, denominator ≠ 0) rounded once, exactly, to ``places`` (a power of
    ten such as Decimal("0.01")) with ROUND_HALF_UP (ties away from zero) or ROUND_HALF_EVEN."""
    if denominator == 0:
        raise ZeroDivisionError("a ratio over a denominator of 0")
    digits = -int(places.as_tuple().exponent)
    scaled = numerator * 10**digits
    q, r = divmod(abs(scaled), abs(denominator))
    twice = 2 * r
    if twice > abs(denominator) or (twice == abs(denominator) and (rounding == ROUND_HALF_UP or q % 2 == 1)):
        q += 1
    return Decimal(q if (scaled >= 0) == (denominator > 0) else -q).scaleb(-digits)


def _decimal_series(values: Sequence[Decimal | None], index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(pa.array(list(values), AMOUNT_TYPE), dtype=AMOUNT_DTYPE), index=index)


def _from_units(units: np.ndarray, scale: int, index: pd.Index, valid: np.ndarray | None = None) -> pd.Series:
    """int64 counts of 10^-scale back to an exact decimal column: the integers as decimal128(38, 0) hold the
    counts as their unscaled values, so the same buffers read as decimal128(38, scale) are the amounts."""
    counts = pa.array(np.asarray(units, dtype=np.int64), pa.int64()).cast(pa.decimal128(38, 0))
    arr = pa.Array.from_buffers(pa.decimal128(38, scale), len(counts), counts.buffers()).cast(AMOUNT_TYPE)
    if valid is not None:
        arr = pc.if_else(pa.array(valid, pa.bool_()), arr, pa.scalar(None, AMOUNT_TYPE))
    return pd.Series(pd.array(arr, dtype=AMOUNT_DTYPE), index=index)


def _string_series(values: pa.Array) -> pd.arrays.ArrowStringArray:
    """Arrow strings as pandas' ``string`` dtype (nulls as <NA>), without a Python object per cell."""
    return pd.arrays.ArrowStringArray(values.cast(pa.string()))


def _amount_units(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """An amount column as int64 counts of 10^-scale (nulls 0) for the smallest scale of 2, 4, … 10 at
    which every value is exact: read from the decimal128 values' own 128-bit integers when they fit in
    64 bits (every amount below about 920 million), else by :func:`_units`."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if array.type != AMOUNT_TYPE:
        array = array.cast(AMOUNT_TYPE)
    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.int64), 2
    words = np.frombuffer(array.buffers()[1], dtype=np.int64, count=2 * (array.offset + n))[2 * array.offset:]
    low, high = words[0::2].copy(), words[1::2]
    if array.null_count:
        valid = array.is_valid().to_numpy(zero_copy_only=False)
        low[~valid] = 0
        fits = bool(np.all((high == (low >> 63)) | ~valid))
    else:
        fits = bool(np.all(high == (low >> 63)))
    if not fits:
        (units,), scale = _units(array)
        return units, scale
    for scale in (2, 4, 6, 8):
        step = 10 ** (10 - scale)
        if not np.any(low % step):
            return low // step, scale
    return low, 10


def _units_array(units: np.ndarray, scale: int, valid: np.ndarray | None = None) -> pa.Array:
    """int64 counts of 10^-scale as a decimal128(38, 10) array (null where ``valid`` is False)."""
    counts = pa.array(np.asarray(units, dtype=np.int64), pa.int64()).cast(pa.decimal128(38, 0))
    arr = pa.Array.from_buffers(pa.decimal128(38, scale), len(counts), counts.buffers()).cast(AMOUNT_TYPE)
    if valid is not None and not valid.all():
        arr = pc.if_else(pa.array(valid, pa.bool_()), arr, pa.scalar(None, AMOUNT_TYPE))
    return arr


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """The stable sorting permutation of small integer keys (>= -1): a radix sort when they fit in 16 bits."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    top = int(keys.max()) + 1
    for kind in (np.int16, np.int32):
        if top < np.iinfo(kind).max:
            return np.argsort((keys + 1).astype(kind), kind="stable")
    return np.argsort(keys, kind="stable")


#: Cells (peer group × service) up to this many are summed in one pass over a per-cell array.
_DENSE_CELLS = 1 << 24


def _running_sums(cell: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the sum of ``cost`` over the earlier rows of its ``cell`` and how many there are
    (rows in their given order within a cell): one pass in C++ over a per-cell array, or, for very many
    cells or sums beyond int64, one stable sort by cell and one exact cumulative sum."""
    m = len(cell)
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if cost.dtype == np.int64:
        top = int(cell.max()) + 1
        if top <= _DENSE_CELLS:  # one pass in C++ over a per-cell array (table/running_sum.hpp)
            before = np.empty(m, dtype=np.int64)
            earlier = np.empty(m, dtype=np.int64)
            if _exclusive_running_sums(np.ascontiguousarray(cell, dtype=np.int64), np.ascontiguousarray(cost), top,
                                       before, earlier):
                return before, earlier
            # a sum beyond int64: the sort and the exact cumulative sum below
    order = _stable_order(cell)
    c = cost[order]
    g = cell[order]
    start = np.ones(m, dtype=bool)
    start[1:] = g[1:] != g[:-1]
    position = np.arange(m, dtype=np.int64)
    first = np.maximum.accumulate(np.where(start, position, 0))
    if _fits(_int_max(c), m):
        exclusive = np.cumsum(c) - c
    else:  # Python integers: sums beyond int64 stay exact
        exclusive = np.cumsum(c.astype(object)) - c.astype(object)
    before_sorted = exclusive - exclusive[first]
    before = np.empty(m, dtype=before_sorted.dtype)
    before[order] = before_sorted
    peers = np.empty(m, dtype=np.int64)
    peers[order] = position - first
    return before, peers


def _round_divide(numerator: np.ndarray, denominator: np.ndarray, half_even: bool) -> np.ndarray:
    """numerator ÷ denominator (int64 arrays, denominator ≠ 0) rounded to an integer, halves away from
    zero or to even, exactly (the magnitudes are below 2^62)."""
    negative = (numerator < 0) != (denominator < 0)
    a, b = np.abs(numerator), np.abs(denominator)
    q, r = np.divmod(a, b)
    twice = 2 * r
    up = (twice > b) | ((twice == b) & ((q % 2 == 1) if half_even else True))
    q = q + up
    return np.where(negative, -q, q)


_SAFE = 2**62 - 1


def _mean_units(before: np.ndarray, peers: np.ndarray, scale: int) -> tuple[pa.Array]:
    """The exact mean before ÷ (peers × 10^scale) to 10 places, half-even, as a decimal column; null
    without peers."""
    has = peers > 0
    factor = 10 ** (10 - scale)
    if before.dtype == np.int64 and _fits(_int_max(before), factor) and _int_max(before) * factor <= _SAFE:
        units = _round_divide(before * factor, np.where(has, peers, 1), half_even=True)
        return (_units_array(np.where(has, units, 0), 10, has),)
    values = [None if n == 0 else _ratio_to_decimal(int(t), int(n) * 10**scale, _TEN_PLACES, ROUND_HALF_EVEN)
              for t, n in zip(before.tolist(), peers.tolist())]
    return (pa.array(values, AMOUNT_TYPE),)


def _deviation_units(cost: np.ndarray, peers: np.ndarray, before: np.ndarray) -> tuple[pa.Array]:
    """cost ÷ mean = cost × peers ÷ Σ peers' costs to 2 places, half-up; null without peers or for a
    mean of 0."""
    has = (peers > 0) & (before != 0)
    if before.dtype == np.int64 and _fits(_int_max(cost), _int_max(peers), 100) and \
            _int_max(cost) * _int_max(peers) * 100 <= _SAFE and _int_max(before) <= _SAFE:
        units = _round_divide(cost * peers * 100, np.where(has, before, 1), half_even=False)
        return (_units_array(np.where(has, units, 0), 2, has),)
    values = [None if not h else _ratio_to_decimal(int(c) * int(n), int(t), _CENT, ROUND_HALF_UP)
              for c, n, t, h in zip(cost.tolist(), peers.tolist(), before.tolist(), has.tolist())]
    return (pa.array(values, AMOUNT_TYPE),)


# --- overages ---------------------------------------------------------------------------------------------------


def overages(records: Iterable[LeaseRecord] | LeaseColumns, *, flag: Decimal | str = FLAG_OVER, alert: Decimal | str = ALERT_OVER) -> pd.DataFrame:
    """The leases over budget, worst first (by the exact ratio variance ÷ budget; a budget of 0 spent on
    counts as infinitely over), with ``level``: ``alert`` when variance ÷ budget > ``alert`` (0.5, the
    seed's "publish alerts for overages > 50 %"), ``flag`` when > ``flag`` (0.1, "flag leases exceeding
    budget by > 10 %"), else ``over``. Leases without a budget have no verdict and are not listed.

    Columns: ``leaseId``, ``ownerId``, ``ownerEmail``, ``orgUnit``, ``template``, ``endDate``,
    ``currency``, ``budget``, ``totalCost``, ``variance`` (exact, total − budget), ``variancePercent``
    (one fractional digit, half-up; null for a budget of 0), ``level``, ``flagged`` (flag or alert),
    ``alerted``."""
    leases = _Frames(records).leases
    flag_f, alert_f = Fraction(str(flag)), Fraction(str(alert))
    has_budget = leases["budget"].notna().to_numpy()
    (total, budget), scale = _units(leases["totalCost"], leases["budget"])
    variance = total - budget
    zero = budget == 0
    positive = budget > 0
    if not _fits(_int_max(variance), alert_f.denominator, flag_f.denominator) or \
            not _fits(_int_max(budget), alert_f.numerator + flag_f.numerator):
        raise OverflowError("amounts too large for the exact overage comparison")
    # variance / budget > a/b  <=>  variance * b > a * budget   (budget > 0)
    is_alert = (positive & (variance * alert_f.denominator > alert_f.numerator * budget)) | (zero & (total > 0))
    is_flag = positive & (variance * flag_f.denominator > flag_f.numerator * budget) & ~is_alert
    is_over = has_budget & (variance > 0)
    keep = has_budget & is_over
    out = leases.loc[keep, ["leaseId", "ownerId", "ownerEmail", "orgUnit", "template", "endDate", "currency", "budget",
                            "totalCost"]].copy()
    v, b = variance[keep], budget[keep]
    out["variance"] = _from_units(v, scale, out.index)
    percents = [None if bi == 0 else _ratio_to_decimal(int(vi) * 100, int(bi), Decimal("0.1"), ROUND_HALF_UP)
                for vi, bi in zip(v.tolist(), b.tolist())]
    out["variancePercent"] = _decimal_series(percents, out.index)
    level = np.where(is_alert[keep], "alert", np.where(is_flag[keep], "flag", "over"))
    out["level"] = pd.Series(level, index=out.index, dtype="string")
    out["flagged"] = level != "over"
    out["alerted"] = level == "alert"
    # Worst first by the exact ratio (only the over-budget leases are sorted, so Fractions are cheap here).
    order = sorted(range(len(out)), key=lambda k: (0 if b[k] == 0 else 1, -Fraction(int(v[k]), int(b[k])) if b[k] else 0,
                                                   out["leaseId"].iloc[k]))
    return out.iloc[order].reset_index(drop=True)


# --- service anomalies ------------------------------------------------------------------------------------------


def service_anomalies(records: Iterable[LeaseRecord] | LeaseColumns, *, by: Sequence[str] = ("template", "orgUnit"),
                      factor: Decimal | int | str = 2, only: bool = False) -> pd.DataFrame:
    """Each (lease, top service) against the same service on comparable EARLIER leases.

    The peers of a lease are the leases that share the first of ``by`` the lease has (its template; a
    lease without one, its org unit) and come before it in the portfolio's order (end date, then
    collection time, then lease id). ``expected`` is the exact mean of the service's cost over the peers
    that show the service among their top services (rounded to 10 places, half-even, for display); a
    service is an ``anomaly`` when cost > ``factor`` × mean, decided exactly as
    cost × peers > factor × Σ peers' costs. ``deviation`` = cost ÷ mean, 2 places half-up (null when the
    mean is 0). With no peer — the portfolio's first lease of a template, or a service no earlier peer
    used — there is no verdict: ``anomaly`` is <NA> and ``peers`` is 0 (the seed divides by a missing
    average here). ``only=True`` keeps the anomalies.

    The means are running sums per (peer group, service) over the services in the portfolio's order,
    kept in one pass over a per-cell array in C++ (a stable sort and an exact cumulative sum where the
    sums pass int64), not a pass per lease.

    Columns: ``leaseId``, ``ownerId``, ``orgUnit``, ``template``, ``endDate``, ``peerKey``,
    ``peerGroup``, ``service``, ``cost``, ``peers``, ``expected``, ``deviation``, ``anomaly``."""
    for key in by:
        if key not in _PEER_KEYS:
            raise InputError(f"'{key}' is not a peer key: compare by template, orgUnit, ownerId or accountId{_near(key)}",
                             "<service_anomalies>",
                             "by", str(key))
    f = Fraction(str(factor))
    if f < 0:
        raise InputError("the anomaly factor is not negative", "<service_anomalies>", "factor", str(factor))
    current = _Current(lease_columns(records))
    positions, rank = current.service_positions()
    columns = current.columns
    m = len(positions)
    # Each lease's peer group: the first key of `by` it has; a group is (key, value), numbered.
    n_records = columns.leases.num_rows
    key_of_row = np.full(n_records, -1, dtype=np.int64)
    group_of_row = np.full(n_records, -1, dtype=np.int64)
    key_names = list(dict.fromkeys(by))
    values: list[pa.Array] = []
    offset = 0
    for index, key in enumerate(key_names):
        column = columns.leases.column(key).combine_chunks()
        encoded = pc.dictionary_encode(column)
        present = column.is_valid().to_numpy(zero_copy_only=False) & (key_of_row < 0)
        codes = encoded.indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        key_of_row[present] = index
        group_of_row[present] = offset + codes[present]
        offset += len(encoded.dictionary)
        values.append(encoded.dictionary)
    lease_row = current.rows[rank]                     # each service's lease, as a row of columns.leases
    all_codes, _ = _ordered_codes(columns.services.column("service"))
    service_codes = all_codes[positions]
    k = int(service_codes.max()) + 1 if m else 1
    group = group_of_row[lease_row]
    grouped = group >= 0
    if not _fits(offset + 1, k):  # pragma: no cover - more than 2^63 (group, service) pairs
        raise OverflowError("too many (peer group, service) pairs")
    cell = np.where(grouped, group * k + service_codes, -1)
    all_units, scale = _amount_units(columns.services.column("cost"))
    cost_u = all_units[positions]
    before, peers = _running_sums(cell, cost_u)        # the services are in the portfolio's order
    peers = np.where(grouped, peers, 0)
    before = np.where(grouped, before, 0)
    if _fits(_int_max(cost_u), _int_max(peers), f.denominator) and _fits(_int_max(before), f.numerator):
        lhs, rhs = cost_u * peers * f.denominator, before * f.numerator
    else:  # Python integers, still column-wise
        lhs = cost_u.astype(object) * peers.astype(object) * f.denominator
        rhs = before.astype(object) * f.numerator
    has_peers = peers > 0
    is_anomaly = np.asarray(lhs > rhs, dtype=bool) & has_peers
    keep = np.flatnonzero(is_anomaly) if only else np.arange(m, dtype=np.int64)
    keep = keep[np.lexsort((service_codes[keep], rank[keep]))]   # by lease, then service name
    cost_k, peers_k, before_k, has_k = cost_u[keep], peers[keep], before[keep], has_peers[keep]
    expected = _mean_units(before_k, peers_k, scale)                  # 10 places, half-even; null without peers
    deviation = _deviation_units(cost_k, peers_k, before_k)          # 2 places, half-up; null for a mean of 0
    rows_k = lease_row[keep]
    take_rows = pa.array(rows_k, pa.int64())
    key_k = key_of_row[rows_k]
    peer_key = pa.array(key_names, pa.string()).take(pa.array(np.where(key_k >= 0, key_k, 0), pa.int64()))
    peer_key = pc.if_else(pa.array(key_k >= 0, pa.bool_()), peer_key, pa.scalar(None, pa.string()))
    all_values = pa.concat_arrays([v.cast(pa.string()) for v in values]) if values else pa.array([], pa.string())
    group_k = group_of_row[rows_k]
    peer_group = all_values.take(pa.array(np.where(group_k >= 0, group_k, 0), pa.int64())) if len(all_values) else \
        pa.nulls(len(keep), pa.string())
    peer_group = pc.if_else(pa.array(group_k >= 0, pa.bool_()), peer_group, pa.scalar(None, pa.string()))
    take_services = pa.array(positions[keep], pa.int64())
    table = columns.leases.select(["leaseId", "ownerId", "orgUnit", "template", "endDate"]).take(take_rows)
    kept = columns.services.select(["service", "cost"]).take(take_services)
    table = table.append_column("service", kept.column("service")).append_column("cost", kept.column("cost"))
    table = table.append_column("expected", expected[0]).append_column("deviation", deviation[0])
    out = table.to_pandas(types_mapper=pd.ArrowDtype)
    verdict = pd.array(is_anomaly[keep], dtype="boolean")
    verdict[~has_k] = pd.NA
    frame = pd.DataFrame({
        "leaseId": out["leaseId"], "ownerId": out["ownerId"], "orgUnit": out["orgUnit"], "template": out["template"],
        "endDate": out["endDate"], "peerKey": _string_series(peer_key), "peerGroup": _string_series(peer_group),
        "service": out["service"], "cost": out["cost"], "peers": peers_k, "expected": out["expected"],
        "deviation": out["deviation"], "anomaly": verdict,
    })
    return frame


# --- owner trends -----------------------------------------------------------------------------------------------


def owner_trends(records: Iterable[LeaseRecord] | LeaseColumns, *, last: int = 5, increases: int = 3) -> pd.DataFrame:
    """Per owner, the last ``last`` leases by end date (then collection time, lease id) and the longest
    run of consecutive increases of ``totalCost`` among them; ``rising`` when that run is at least
    ``increases`` (the seed's "3+ consecutive increases" over "the last 5 leases": 3 increases are 4
    leases each costing more than the one before). ``average`` is the exact mean of the window's
    totals (10 places, half-even). Owners are listed rising first, then by run length and owner id.

    Columns: ``ownerId``, ``ownerEmail``, ``leases`` (all the owner's leases), ``window`` (how many are
    looked at), ``leaseIds`` and ``costs`` (the window, oldest first; costs as Decimals),
    ``total``, ``average``, ``consecutiveIncreases``, ``rising``."""
    if isinstance(last, bool) or not isinstance(last, int) or last < 2:
        raise InputError("the window is at least 2 leases", "<owner_trends>", "last", repr(last))
    if isinstance(increases, bool) or not isinstance(increases, int) or increases < 1:
        raise InputError("the number of increases is at least 1", "<owner_trends>", "increases", repr(increases))
    leases = _Frames(records).leases.sort_values(["ownerId", "rank"], kind="stable")
    counts = leases.groupby("ownerId", sort=False).size()
    window = leases.groupby("ownerId", sort=False).tail(last).reset_index(drop=True)
    (u,), scale = _units(window["totalCost"])
    owner = window["ownerId"].to_numpy(object)
    same = np.zeros(len(window), dtype=bool)
    same[1:] = owner[1:] == owner[:-1]
    up = np.zeros(len(window), dtype=bool)
    up[1:] = u[1:] > u[:-1]
    up &= same
    window["_up"] = up
    window["_u"] = u
    # run length of consecutive increases: count of ups since the last non-up row (per owner, since an
    # owner's first row is never up)
    breaks = np.cumsum(~up)
    run = pd.Series(up.astype(np.int64)).groupby(breaks).cumsum().to_numpy()
    window["_run"] = run
    g = window.groupby("ownerId", sort=False)
    summary = pd.DataFrame({
        "ownerId": g["ownerId"].first(),
        "ownerEmail": g["ownerEmail"].last(),
        "window": g.size(),
        "leaseIds": g["leaseId"].apply(lambda x: x.tolist()),
        "costs": g["totalCost"].apply(lambda x: x.tolist()),
        "_sum": g["_u"].sum(),
        "consecutiveIncreases": g["_run"].max(),
    }).reset_index(drop=True)
    summary.insert(2, "leases", counts.loc[summary["ownerId"]].to_numpy())
    sums = summary["_sum"].to_numpy(np.int64)
    summary["total"] = _from_units(sums, scale, summary.index)
    summary["average"] = _decimal_series(
        [_ratio_to_decimal(int(t), int(n) * 10**scale, _TEN_PLACES, ROUND_HALF_EVEN)
         for t, n in zip(sums.tolist(), summary["window"].tolist())], summary.index)
    summary["consecutiveIncreases"] = summary["consecutiveIncreases"].astype(np.int64)
    summary["rising"] = summary["consecutiveIncreases"] >= increases
    summary = summary.drop(columns=["_sum"])
    summary = summary.sort_values(["rising", "consecutiveIncreases", "ownerId"], ascending=[False, False, True],
                                  kind="stable")
    return summary.reset_index(drop=True)


# --- Savings Plan hints -----------------------------------------------------------------------------------------


def savings_plan_hints(records: Iterable[LeaseRecord] | LeaseColumns, *, hourly: Mapping[str, Any] | None = None,
                       share: Decimal | str = EC2_HEAVY_SHARE, **recommend_options: Any) -> pd.DataFrame:
    """The EC2-heavy leases: those whose ``Amazon Elastic Compute Cloud - Compute`` cost (from
    topServices) is at least ``share`` (default 0.5, i.e. 50 %) of the total, compared exactly. For a
    lease whose id is in ``hourly`` — a commitments-v1 usage document (the hourly EC2 usage with its
    on-demand and Savings Plan rates, docs/commitments.md) — the hint carries
    :func:`costmodel.recommend_savings_plan`'s figures (``recommend_options`` are passed on: plan_type,
    term, payment_option, …); otherwise it is a hint without a figure (the records hold daily costs,
    not the hourly usage a commitment is sized on).

    Columns: ``leaseId``, ``ownerId``, ``orgUnit``, ``template``, ``currency``, ``totalCost``, ``ec2Cost``,
    ``ec2Percent`` (one place, half-up), ``commitmentPerHour``, ``savings``, ``savingsPercent`` (null
    without ``hourly``), ``hint``."""
    share_f = Fraction(str(share))
    if not 0 <= share_f <= 1:
        raise InputError("the EC2 share is between 0 and 1", "<savings_plan_hints>", "share", str(share))
    s = _Frames(records).services
    ec2 = s[(s["service"] == EC2_SERVICE).to_numpy(bool)].reset_index(drop=True)
    (cost, total), _ = _units(ec2["cost"], ec2["totalCost"])
    heavy = (total > 0) & (cost * share_f.denominator >= total * share_f.numerator)
    out = ec2.loc[heavy, ["leaseId", "ownerId", "orgUnit", "template", "currency", "totalCost", "cost"]]
    out = out.rename(columns={"cost": "ec2Cost"}).reset_index(drop=True)
    c, t = cost[heavy], total[heavy]
    percents = [_ratio_to_decimal(int(a) * 100, int(b), Decimal("0.1"), ROUND_HALF_UP) for a, b in zip(c.tolist(), t.tolist())]
    out["ec2Percent"] = _decimal_series(percents, out.index)
    commitment: list[Decimal | None] = []
    savings: list[Decimal | None] = []
    percent: list[Decimal | None] = []
    hints: list[str] = []
    from .._recommend import recommend_savings_plan  # the C++ core; imported only when needed

    for lease_id, pct in zip(out["leaseId"], percents):
        usage = (hourly or {}).get(lease_id)
        if usage is None:
            commitment.append(None)
            savings.append(None)
            percent.append(None)
            hints.append(f"EC2 is {pct}% of the cost: a Compute Savings Plan may pay if this usage recurs; "
                         f"size it on the hourly usage (costmodel recommend)")
            continue
        r = recommend_savings_plan(usage, **recommend_options)
        commitment.append(r.best["commitment_per_hour"])
        savings.append(r.best["savings"])
        percent.append(r.best["savings_percent"])
        if r.best["commitment_per_hour"]:
            hints.append(f"commit {r.best['commitment_per_hour']}/h ({r.plan_type}, {r.term} {r.payment_option}): "
                         f"saves {r.best['savings']} over {r.hours} h")
        else:
            hints.append("no commitment saves on this usage")
    out["commitmentPerHour"] = _decimal_series(commitment, out.index)
    out["savings"] = _decimal_series(savings, out.index)
    out["savingsPercent"] = _decimal_series(percent, out.index)
    out["hint"] = pd.Series(hints, index=out.index, dtype="string")
    return out

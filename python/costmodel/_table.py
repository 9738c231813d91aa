"""Line tables in Python: :class:`Table`, and its way to pyarrow, pandas, polars and DuckDB.

A :class:`Table` holds named, typed columns in C++ (decimal columns as exact 128-bit integers at
scale 10, strings dictionary-encoded). It speaks the Arrow PyCapsule interface, so any Arrow-aware
library reads it without a per-cell copy::

    >>> import costmodel, pyarrow as pa
    >>> from decimal import Decimal
    >>> t = costmodel.Table.from_arrow(pa.table({"cost": pa.array([Decimal("1.25")], pa.decimal128(38, 10))}))
    >>> pa.table(t).schema.field("cost").type
    Decimal128Type(decimal128(38, 10))
"""

from __future__ import annotations

import html
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow


class Table:
    """Named, typed columns of equal length (see docs/tables.md)."""

    __slots__ = ("_core",)

    def __init__(self, core: _core.Table | None = None) -> None:
        self._core = core if core is not None else _core.Table()

    @classmethod
    def from_arrow(cls, source: Any) -> Table:
        """A table from any object with ``__arrow_c_stream__`` or ``__arrow_c_array__``: a pyarrow
        Table or RecordBatch, a polars DataFrame, a DuckDB relation's ``.arrow()``, ...

        Decimals of any scale up to 10 are rescaled exactly; int32/int64, bool, strings (plain,
        large, view or dictionary), date32 and UTC timestamps are read; other types raise ValueError
        naming the column and its Arrow format string."""
        if isinstance(source, Table):
            return source
        if isinstance(source, _core.Table):
            return cls(source)
        return cls(_core.Table.from_arrow(source))

    # --- shape ---------------------------------------------------------------------------------

    @property
    def num_rows(self) -> int:
        return self._core.num_rows

    @property
    def num_columns(self) -> int:
        return self._core.num_columns

    @property
    def column_names(self) -> list[str]:
        return self._core.column_names

    def __len__(self) -> int:
        return self._core.num_rows

    def __repr__(self) -> str:
        return repr(self._core)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Table):
            return self._core == other._core
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def column(self, name: str) -> list[Any]:
        """A column's values as Python objects: decimal.Decimal, str, int, bool, datetime.date or
        datetime.datetime (UTC); None for nulls. KeyError names the columns when there is no such one."""
        return self._core.column(name)

    def column_type(self, name: str) -> str:
        """The column's type: decimal, string, int64, int32, boolean, date or timestamp."""
        return self._core.column_type(name)

    # --- operations ----------------------------------------------------------------------------

    def group_sum(self, keys: list[str], sums: list[str]) -> Table:
        """Exact sums of the decimal columns ``sums`` per group of ``keys`` (groups in order of first
        appearance; nulls in a key form a group; OverflowError beyond the Decimal range)."""
        return Table(self._core.group_sum(list(keys), list(sums)))

    def slice(self, offset: int, length: int) -> Table:
        """Rows ``offset`` to ``offset + length`` (cut at the end)."""
        return Table(self._core.slice(offset, length))

    def filter(self, mask: Sequence[bool]) -> Table:
        """The rows whose ``mask`` entry is true, in order (one bool per row).

        >>> import costmodel, pyarrow as pa
        >>> t = costmodel.Table.from_arrow(pa.table({"service": ["lambda", "s3", "lambda"]}))
        >>> t.filter([s == "lambda" for s in t.column("service")]).column("service")
        ['lambda', 'lambda']
        >>> t.take([2, 1]).column("service")
        ['lambda', 's3']
        """
        if len(mask) != self.num_rows:
            raise ValueError(f"filter: a mask of {len(mask)} entries for {self.num_rows} rows")
        return Table(self._core.filter([bool(m) for m in mask]))

    def take(self, rows: Sequence[int]) -> Table:
        """The rows at these positions, in this order (IndexError outside the table)."""
        return Table(self._core.take([operator.index(r) for r in rows]))

    def sort_by(self, keys: list[str], descending: bool = False) -> Table:
        """A stable sort by the key columns (strings by their text, nulls last)."""
        return Table(self._core.sort_by(list(keys), descending))

    # --- Arrow PyCapsule interface ---------------------------------------------------------------

    def __arrow_c_schema__(self) -> object:
        return self._core.__arrow_c_schema__()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._core.__arrow_c_array__(requested_schema)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self._core.__arrow_c_stream__(requested_schema)

    # --- conversions ---------------------------------------------------------------------------

    def to_arrow(self) -> pyarrow.Table:
        """A pyarrow Table over the same memory: decimal columns are ``decimal128(38, 10)``, strings
        ``dictionary<int32, string>``. No Python object is made per cell."""
        import pyarrow as pa

        return pa.table(self)

    def to_pandas(self) -> pandas.DataFrame:
        """A pandas DataFrame with Arrow-backed columns: decimals ``decimal128(38, 10)[pyarrow]``
        (exact, read as decimal.Decimal), strings ``string[pyarrow]``, dates ``date32[day][pyarrow]``."""
        import pandas as pd
        import pyarrow as pa

        table = self.to_arrow()
        # Dictionary columns become plain Arrow strings: pandas' ArrowDtype handles those fully.
        for i, field in enumerate(table.schema):
            if pa.types.is_dictionary(field.type):
                table = table.set_column(i, field.with_type(pa.string()), table.column(i).cast(pa.string()))
        return table.to_pandas(types_mapper=pd.ArrowDtype)

    def to_polars(self) -> polars.DataFrame:
        """A polars DataFrame (decimals as ``Decimal(38, 10)``, strings as ``Categorical``)."""
        try:
            import polars as pl
        except ImportError as error:
            raise ImportError(
                "Table.to_polars() needs polars, which is not installed: pip install 'costmodel[polars]'"
            ) from error
        frame = pl.from_arrow(self.to_arrow())
        assert isinstance(frame, pl.DataFrame)
        return frame

    def _repr_html_(self, max_rows: int = 10) -> str:
        names = self.column_names
        shown = min(max_rows, self.num_rows)
        head = self.slice(0, shown)
        columns = [head.column(name) for name in names]
        right = {name for name in names if head.column_type(name) != "string"}
        cells = []
        for row in range(shown):
            tds = "".join(
                f'<td style="text-align: {"right" if name in right else "left"}">'
                f"{'' if col[row] is None else html.escape(str(col[row]))}</td>"
                for name, col in zip(names, columns)
            )
            cells.append(f"<tr>{tds}</tr>")
        header = "".join(f"<th>{html.escape(name)}</th>" for name in names)
        more = "<p>…</p>" if shown < self.num_rows else ""
        rows = "row" if self.num_rows == 1 else "rows"
        return (
            f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(cells)}</tbody></table>{more}"
            f"<p>{self.num_rows} {rows} × {self.num_columns} columns</p>"
        )

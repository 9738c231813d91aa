"""costmodel.Table with real pyarrow, pandas, polars and DuckDB objects."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import costmodel
from costmodel import Table

polars = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")

D38 = pa.decimal128(38, 10)


def every_type() -> pa.Table:
    return pa.table(
        {
            "cost": pa.array([Decimal("1.25"), None, Decimal("-0.0000000001"), Decimal("9" * 28 + "." + "9" * 10)], D38),
            "name": pa.array(["api", "etl", None, "api"]),
            "n64": pa.array([1, None, 2**40, -5], pa.int64()),
            "n32": pa.array([None, 1, 2, 3], pa.int32()),
            "flag": pa.array([True, False, None, True]),
            "day": pa.array([dt.date(2026, 11, 30), None, dt.date(1970, 1, 1), dt.date(1969, 12, 31)], pa.date32()),
            "at": pa.array(
                [dt.datetime(2026, 12, 1, 12, 0, 0, 1, tzinfo=dt.timezone.utc), None, None, dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)],
                pa.timestamp("us", tz="UTC"),
            ),
        }
    )


def test_round_trip_through_pyarrow_keeps_every_value_and_null() -> None:
    source = every_type()
    t = Table.from_arrow(source)
    assert (t.num_rows, t.num_columns, len(t)) == (4, 7, 4)
    assert t.column_names == ["cost", "name", "n64", "n32", "flag", "day", "at"]
    back = t.to_arrow()
    assert back.schema.field("cost").type == D38
    assert back.schema.field("name").type == pa.dictionary(pa.int32(), pa.string())
    assert back.schema.field("day").type == pa.date32()
    assert back.schema.field("at").type == pa.timestamp("us", tz="UTC")
    for name in source.column_names:
        expected = source.column(name).to_pylist()
        assert back.column(name).to_pylist() == expected, name
        assert t.column(name) == expected, name
    assert Table.from_arrow(back) == t


def test_decimal_columns_reach_pandas_as_decimal128_38_10() -> None:
    t = Table.from_arrow(every_type())
    frame = t.to_pandas()
    assert str(frame["cost"].dtype) == "decimal128(38, 10)[pyarrow]"
    assert frame["cost"][0] == Decimal("1.25")
    assert pd.isna(frame["cost"][1])
    assert str(frame["name"].dtype) == "string[pyarrow]"
    assert frame["name"].tolist()[:2] == ["api", "etl"]


def test_polars_reads_and_writes_tables() -> None:
    t = Table.from_arrow(every_type())
    frame = t.to_polars()
    assert frame.schema["cost"] == polars.Decimal(38, 10)
    assert frame["cost"].to_list()[0] == Decimal("1.25")
    assert frame["name"].cast(polars.String).to_list() == ["api", "etl", None, "api"]
    # polars DataFrame -> Table through its own __arrow_c_stream__.
    source = polars.DataFrame({"service": ["s3", "lambda"], "cost": [Decimal("0.5"), Decimal("2")]},
                              schema={"service": polars.String, "cost": polars.Decimal(20, 4)})
    back = Table.from_arrow(source)
    assert back.column("service") == ["s3", "lambda"]
    assert back.column("cost") == [Decimal("0.5"), Decimal("2")]
    assert back.column_type("cost") == "decimal"


def test_duckdb_queries_the_table_through_the_stream() -> None:
    lines = Table.from_arrow(
        pa.table({"service": ["s3", "lambda", "s3"], "cost": pa.array([Decimal("0.1"), Decimal("2"), Decimal("0.2")], D38)})
    )
    arrow_lines = lines.to_arrow()  # noqa: F841 (DuckDB finds it by name)
    result = duckdb.sql("select service, sum(cost) as total from arrow_lines group by service order by service").fetchall()
    assert result == [("lambda", Decimal("2.0000000000")), ("s3", Decimal("0.3000000000"))]
    # The table itself, read as a stream (DuckDB imports objects with __arrow_c_stream__).
    reader = pa.RecordBatchReader.from_stream(lines)  # noqa: F841
    assert duckdb.sql("select count(*) from reader").fetchall() == [(3,)]
    # And back: a DuckDB result becomes a Table.
    back = Table.from_arrow(duckdb.sql("select 'x' as k, 1.5::decimal(18, 3) as v").arrow())
    assert back.column("v") == [Decimal("1.5")]


def test_to_arrow_shares_the_decimal_buffer() -> None:
    t = Table(costmodel._core.Table._sample_lines(1000))
    exported = t.to_arrow()
    address = exported.column("cost").chunks[0].buffers()[1].address
    assert address == t._core._decimal_buffer_address("cost")
    # The export outlives the table it came from.
    del t
    assert exported.column("cost").null_count == 0
    assert len(exported.column("cost").to_pylist()) == 1000


def test_stream_of_batches_is_read_in_order() -> None:
    t = Table(costmodel._core.Table._sample_lines(10))
    reader = pa.RecordBatchReader._import_from_c_capsule(t._core._arrow_c_stream_batches(3))
    batches = list(reader)
    assert [b.num_rows for b in batches] == [3, 3, 3, 1]
    assert pa.Table.from_batches(batches).equals(t.to_arrow())


def test_arrow_c_array_gives_a_record_batch() -> None:
    t = Table.from_arrow(every_type())
    batch = pa.record_batch(t)
    assert batch.num_rows == 4
    assert batch.schema.field("cost").type == D38
    schema = pa.schema(t)
    assert schema.names == t.column_names


def test_imports_honour_offsets_and_rescale_exactly() -> None:
    source = pa.table({"v": pa.array([Decimal("1.23"), Decimal("4.56"), None, Decimal("-7.89")], pa.decimal128(5, 2))})
    sliced = source.slice(1, 3)
    t = Table.from_arrow(sliced)
    assert t.column("v") == [Decimal("4.56"), None, Decimal("-7.89")]
    large = pa.table({"s": pa.array(["a", "bb", "ccc"], pa.large_string()).slice(1)})
    assert Table.from_arrow(large).column("s") == ["bb", "ccc"]
    view = pa.table({"s": pa.array(["short", "a string longer than twelve"], pa.string_view())})
    assert Table.from_arrow(view).column("s") == ["short", "a string longer than twelve"]
    nanos = pa.table({"t": pa.array([1_000, 2_000], pa.timestamp("ns"))})
    assert Table.from_arrow(nanos).column("t")[1] == dt.datetime(1970, 1, 1, 0, 0, 0, 2, tzinfo=dt.timezone.utc)


def test_unsupported_types_are_named_with_their_format() -> None:
    with pytest.raises(ValueError, match=r"Arrow column 'x' \(format \"g\"\): is not supported"):
        Table.from_arrow(pa.table({"x": pa.array([1.5])}))
    with pytest.raises(ValueError, match=r"more than 10 decimal places"):
        Table.from_arrow(pa.table({"x": pa.array([Decimal("0.000000000001")], pa.decimal128(38, 12))}))
    with pytest.raises(ValueError, match="UTC or have no time zone"):
        Table.from_arrow(pa.table({"x": pa.array([0], pa.timestamp("us", tz="Europe/Paris"))}))
    with pytest.raises(TypeError, match="__arrow_c_stream__"):
        Table.from_arrow([1, 2, 3])


def test_a_missing_column_is_a_key_error_naming_the_columns() -> None:
    t = Table.from_arrow(every_type())
    with pytest.raises(KeyError, match=r"table has no column 'costs' \(columns: cost, name, n64, n32, flag, day, at\)"):
        t.column("costs")


def test_repr_and_html_show_the_first_rows() -> None:
    t = Table.from_arrow(pa.table({"service": ["s3", "<b>"], "cost": pa.array([Decimal("1.5"), Decimal("2")], D38)}))
    assert repr(t) == "costmodel.Table\nservice  cost\ns3        1.5\n<b>         2\n(2 rows, 2 columns)"
    page = t._repr_html_()
    assert "<th>service</th>" in page and "&lt;b&gt;" in page and "2 rows × 2 columns" in page


def test_to_polars_without_polars_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_polars(name: str, *args: object, **kwargs: object) -> object:
        if name == "polars":
            raise ImportError("No module named 'polars'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_polars)
    with pytest.raises(ImportError, match=r"pip install 'costmodel\[polars\]'"):
        Table(costmodel._core.Table._sample_lines(1)).to_polars()


amounts = st.decimals(min_value=Decimal("-1e17"), max_value=Decimal("1e17"), places=10, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.sampled_from(["api", "etl", "web", ""]), st.booleans(), amounts), max_size=60))
def test_grouped_sums_equal_python_decimal(rows: list[tuple[str, bool, Decimal]]) -> None:
    source = pa.table(
        {
            "workload": pa.array([r[0] for r in rows], pa.string()),
            "spot": pa.array([r[1] for r in rows], pa.bool_()),
            "cost": pa.array([r[2] for r in rows], D38),
        }
    )
    result = Table.from_arrow(source).group_sum(["workload", "spot"], ["cost"])
    wide = decimal.Context(prec=100)
    expected: dict[tuple[str, bool], Decimal] = {}
    for workload, spot, cost in rows:
        expected[(workload, spot)] = wide.add(expected.get((workload, spot), Decimal(0)), cost)
    assert list(zip(result.column("workload"), result.column("spot"))) == list(expected)  # first appearance
    assert result.column("cost") == list(expected.values())


def test_grouped_sum_beyond_the_range_is_an_overflow_error() -> None:
    big = Decimal("9" * 28)
    t = Table.from_arrow(pa.table({"k": ["a", "a"], "v": pa.array([big, big], D38)}))
    with pytest.raises(OverflowError, match="outside the Decimal range"):
        t.group_sum(["k"], ["v"])


def test_sort_by_orders_strings_by_text() -> None:
    t = Table.from_arrow(pa.table({"s": ["zeta", "alpha", "mid"], "n": pa.array([1, 2, 3], pa.int32())}))
    assert t.sort_by(["s"]).column("n") == [2, 3, 1]
    assert t.sort_by(["s"], descending=True).column("n") == [1, 3, 2]


def test_filter_and_take_keep_values_and_order() -> None:
    source = pa.table({"service": ["lambda", "s3", "lambda", "ecr"],
                       "cost": pa.array([Decimal("1.5"), Decimal("2"), Decimal("0.25"), Decimal("4")], pa.decimal128(38, 10))})
    t = costmodel.Table.from_arrow(source)
    kept = t.filter([s == "lambda" for s in t.column("service")])
    assert kept.column("service") == ["lambda", "lambda"]
    assert sum(kept.column("cost"), Decimal(0)) == Decimal("1.75")
    assert t.take([3, 0, 0]).column("cost") == [Decimal("4"), Decimal("1.5"), Decimal("1.5")]
    # The parts a filter and its complement keep sum to the whole.
    mask = [c > Decimal("1") for c in t.column("cost")]
    rest = t.filter([not m for m in mask])
    assert sum(t.filter(mask).column("cost"), Decimal(0)) + sum(rest.column("cost"), Decimal(0)) == Decimal("7.75")
    with pytest.raises(ValueError, match="a mask of 3 entries for 4 rows"):
        t.filter([True, False, True])
    with pytest.raises(IndexError, match="take: row 4 of a table of 4 rows"):
        t.take([4])

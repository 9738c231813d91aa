"""Table.to_arrow() of priced-line-shaped tables against building the same pyarrow table from Python.

The table: 3 decimal columns (quantity, unit_price, cost), 6 string columns (workload, service,
component, unit, sku, region) and a date, made in C++ (costmodel._core.Table._sample_lines). The peer
builds the equal pyarrow table from Python values (decimal.Decimal, str, datetime.date), which is what
a Python pricing loop hands to Arrow. Both results are checked equal before any figure is printed.

    .venv/bin/python bench/table.py [--rows 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time

import pyarrow as pa

import costmodel
from costmodel import _core


def best_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    table = costmodel.Table(_core.Table._sample_lines(args.rows))
    build = time.perf_counter() - start

    ours, exported = best_of(args.repeat, table.to_arrow)

    # The peer's inputs: the same values as Python objects (not timed).
    columns = {name: table.column(name) for name in table.column_names}
    types = {name: exported.schema.field(name).type for name in table.column_names}

    def peer() -> pa.Table:
        arrays = {}
        for name, values in columns.items():
            kind = types[name]
            arrays[name] = pa.array(values, pa.string()).dictionary_encode() if pa.types.is_dictionary(kind) else pa.array(values, kind)
        return pa.table(arrays)

    theirs, built = best_of(min(args.repeat, 3), peer)
    def plain(column: pa.ChunkedArray) -> pa.ChunkedArray:
        return column.cast(pa.string()) if pa.types.is_dictionary(column.type) else column

    for name in table.column_names:
        assert plain(built.column(name)).equals(plain(exported.column(name))), f"the peer's {name} differs"
    zero_copy = exported.column("cost").chunks[0].buffers()[1].address == table._core._decimal_buffer_address("cost")

    memory = table._core.memory_bytes()
    print(f"rows: {args.rows:,}; table built in C++ in {build * 1e3:.0f} ms")
    print(f"Table.to_arrow():                        {ours * 1e3:8.3f} ms  (decimal buffer shared: {zero_copy})")
    print(f"pyarrow table from Python values (peer): {theirs * 1e3:8.1f} ms")
    print(f"ratio: {theirs / ours:,.0f}x")
    print(f"table memory: {memory / args.rows:.1f} bytes per line ({memory / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()

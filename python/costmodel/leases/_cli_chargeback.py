"""``costmodel chargeback``: one month's chargeback from a lease store or a JSON-lines file of records,
as CSV (on standard output or to a file) or Parquet (docs/leases.md, "Chargeback")."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .._core import InputError
from ._store import DEFAULT_STORE, open_store
from ._month import BY_CHOICES, parse_month

# The chargeback itself needs pandas and pyarrow, imported when the command runs, so that the other
# commands work without them.



def add_arguments(sub: Any) -> None:
    p = sub.add_parser("chargeback", help="one month's lease chargeback as CSV or Parquet (docs/leases.md)")
    p.add_argument("--month", required=True, help="YYYY-MM")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--store", default=None,
                        help=f"a SQLite file or dynamodb:TABLE (default {DEFAULT_STORE})")
    source.add_argument("--records", default=None, help="a JSON-lines file of lease records, one per line")
    p.add_argument("--endpoint-url", default=None, help="the DynamoDB endpoint (dynamodb:TABLE stores)")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--profile", default=None)
    p.add_argument("--by", choices=BY_CHOICES, default="end",
                   help="the month of the lease's end date (default), start date, or collection time")
    p.add_argument("--output", default=None, help="FILE.csv or FILE.parquet (default: CSV on standard output)")
    p.add_argument("--currency-symbol", default=None,
                   help="the symbol before amounts (default from the currency: GBP £, USD $, EUR €, else the code)")
    p.set_defaults(run=run)


def read_records_jsonl(path: str) -> Iterator[dict[str, Any]]:
    """Lease records from a JSON-lines file (blank lines skipped); a line that is not a JSON object is an
    InputError naming the file and the line."""
    try:
        f = open(path, encoding="utf-8")
    except OSError as error:
        raise InputError(error.strerror or "cannot be read", path, "", "") from None
    with f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_float=Decimal)
            except ValueError as error:
                raise InputError(f"not JSON: {error.args[0]}", path, f"line {number}", line.strip()[:80]) from None
            if not isinstance(record, dict):
                raise InputError("a line holds one lease record (a JSON object)", path, f"line {number}",
                                 line.strip()[:80])
            yield {k: (str(v) if isinstance(v, Decimal) else v) for k, v in record.items()}


def _records(args: argparse.Namespace) -> Any:
    if args.records is not None:
        return list(read_records_jsonl(args.records))
    spec = args.store or DEFAULT_STORE
    with open_store(spec, endpoint_url=args.endpoint_url, region=args.region, profile=args.profile) as store:
        return store.current_columns()  # every store reads its current records into columns


def run(args: argparse.Namespace) -> str:
    from ._chargeback import (CURRENCY_SYMBOLS, chargeback, chargeback_csv, format_amount, write_chargeback_csv,
                              write_chargeback_parquet)

    parse_month(args.month, "<command line>", "--month")
    frame = chargeback(_records(args), month=args.month, by=args.by)
    if args.output is None:
        return chargeback_csv(frame, currency_symbol=args.currency_symbol)
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix == ".parquet":
        write_chargeback_parquet(frame, args.output)
    elif suffix == ".csv":
        write_chargeback_csv(frame, args.output, currency_symbol=args.currency_symbol)
    else:
        raise InputError("the output is a .csv or a .parquet file", "<command line>", "--output", args.output)
    totals = []
    for currency, group in frame.groupby("Currency", sort=True):
        symbol = args.currency_symbol if args.currency_symbol is not None else CURRENCY_SYMBOLS.get(currency, f"{currency} ")
        totals.append(format_amount(group["ActualCost"].sum(), symbol))
    total = ", ".join(totals) if totals else "nothing"
    return f"{args.output}: {len(frame)} leases ending in {args.month} (by {args.by}), total {total}\n" \
        if args.by == "end" else f"{args.output}: {len(frame)} leases of {args.month} (by {args.by}), total {total}\n"

"""``costmodel leases create-table | history | show``: make the store, and read it (docs/leases.md,
"The store")."""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .. import _core
from ._store import add_store_arguments, store_from_args

HISTORY_COLUMNS = ("collection", "collectedAt", "dataSource", "final", "totalCost", "budget", "variance",
                   "variancePercent", "status", "currency")
SHOW_COLUMNS = ("leaseId", "accountId", "ownerId", "endDate", "collection", "collectedAt", "totalCost", "budget",
                "variance", "variancePercent", "status", "currency")
RIGHT = frozenset({"collection", "totalCost", "budget", "variance", "variancePercent"})


def add_arguments(sub: Any) -> None:
    create = sub.add_parser("create-table", help="create the lease store's tables (DynamoDB) or file (SQLite)")
    add_store_arguments(create)
    create.set_defaults(run=run_create_table)

    history = sub.add_parser("history", help="every collection of one lease, oldest first")
    history.add_argument("lease_id", metavar="LEASE_ID")
    add_store_arguments(history)
    history.add_argument("--format", choices=("table", "json"), default="table")
    history.set_defaults(run=run_history)

    show = sub.add_parser("show", help="the current records: all, of an account, of an owner, or over budget")
    which = show.add_mutually_exclusive_group()
    which.add_argument("--account", metavar="A", help="the leases of account A, by collectedAt")
    which.add_argument("--owner", metavar="O", help="the leases of owner O, by collectedAt")
    which.add_argument("--over-budget", action="store_true",
                       help="the leases over budget, largest variancePercent first")
    show.add_argument("--newest-first", action="store_true", help="with --account or --owner: newest first")
    show.add_argument("--limit", type=int, default=None, help="with --over-budget: the first N")
    add_store_arguments(show)
    show.add_argument("--format", choices=("table", "json", "csv"), default="table")
    show.set_defaults(run=run_show)


def _cell(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name == "collectedAt":
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _table(columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> str:
    rows = [[_cell(name, r[name]) for name in columns] for r in records]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if columns[i] in RIGHT else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(columns), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]) + "\n"


def _csv(columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        writer.writerow(["" if r[name] is None else str(r[name]).lower() if isinstance(r[name], bool) else r[name]
                         for name in columns])
    return out.getvalue()


def _render(fmt: str, columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> str:
    if fmt == "json":
        return json.dumps(list(records), indent=2) + "\n"
    if fmt == "csv":
        return _csv(columns, records)
    return _table(columns, records)


def run_create_table(args: argparse.Namespace) -> str:
    with store_from_args(args) as store:
        return "\n".join(store.create_tables()) + "\n"


def run_history(args: argparse.Namespace) -> str:
    with store_from_args(args) as store:
        records = store.history(args.lease_id)
    if not records:
        raise _core.InputError(f"no collections of lease {args.lease_id} in {store.describe()}", "<command line>",
                               "LEASE_ID", args.lease_id)
    return _render(args.format, HISTORY_COLUMNS, records)


def run_show(args: argparse.Namespace) -> str:
    if args.newest_first and not (args.account or args.owner):
        raise _core.InputError("--newest-first goes with --account or --owner", "<command line>", "--newest-first")
    if args.limit is not None and not args.over_budget:
        raise _core.InputError("--limit goes with --over-budget", "<command line>", "--limit", str(args.limit))
    if args.limit is not None and args.limit < 1:
        raise _core.InputError("expected at least 1", "<command line>", "--limit", str(args.limit))
    with store_from_args(args) as store:
        if args.account:
            records = store.by_account(args.account, newest_first=args.newest_first)
        elif args.owner:
            records = store.by_owner(args.owner, newest_first=args.newest_first)
        elif args.over_budget:
            records = store.over_budget(args.limit)
        else:
            records = sorted(store.current_records(), key=lambda r: r["leaseId"])
    return _render(args.format, SHOW_COLUMNS, records)

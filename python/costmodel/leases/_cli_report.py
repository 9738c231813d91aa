"""``costmodel lease-report RESPONSE.json... --lease-id L --account-id A``: the cost report of one
lease from saved Cost Explorer responses (docs/leases.md "Lease reports")."""

from __future__ import annotations

import argparse
from typing import Any

from .. import _core
from .._lease_report import LeaseReport, lease_report


def add_arguments(sub: Any) -> None:
    p = sub.add_parser("lease-report", help="the cost report of one lease from Cost Explorer responses (docs/leases.md)",
                       description="The cost report of one lease: total, budget variance and status, days, top services "
                                   "and regions, exact sums rounded half-up to cents at the output only.")
    p.add_argument("files", nargs="+", help="GetCostAndUsage responses, DAILY, filtered on the account and grouped by "
                                            "SERVICE and REGION (or grouped by LINKED_ACCOUNT and SERVICE)")
    p.add_argument("--lease-id", required=True)
    p.add_argument("--account-id", required=True)
    p.add_argument("--start-date", default=None, help="the lease's first day, YYYY-MM-DD (UTC); default: the data's first day")
    p.add_argument("--end-date", default=None, help="the lease's last day, YYYY-MM-DD (UTC, inclusive: the query's End is the "
                                                    "day after); default: the data's last day")
    p.add_argument("--budget", default=None, help="the lease's budget (a decimal number); without it the budget figures are null")
    p.add_argument("--currency", default=None, help="the currency the data must be in (an error if it differs)")
    p.add_argument("--metric", default="UnblendedCost", help="the cost metric; default UnblendedCost")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    # The budget's text goes to the core as it is, parsed exactly (an error names leases[0].budget).
    report: LeaseReport = lease_report(args.files, lease_id=args.lease_id, account_id=args.account_id, start_date=args.start_date,
                                       end_date=args.end_date, budget=args.budget, metric=args.metric)
    if args.currency is not None and report.currency is not None and report.currency != args.currency:
        raise _core.InputError(f"the data is in {report.currency}, not {args.currency}", "<command line>", "--currency",
                               args.currency)
    if args.format == "json":
        return report.to_json(indent=2) + "\n"
    return str(report) + "\n"

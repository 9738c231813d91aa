"""The ``costmodel`` command line: estimate, compare, catalog, services, savings-plans, instance-cost,
support-fee, amortize, recommend, daily-rate.

Amounts are exact; tables show them to cents (half-even), JSON and CSV carry them exactly.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import difflib
import io
import json
import sys
from decimal import Decimal
from typing import Any, Sequence

from . import _core
from ._actuals import daily_rate, daily_rate_series
from .aws._cost_explorer import FetchError
from .leases._cli import add_commands as add_lease_commands
from ._amortisation import amortization
from ._commitments import SavingsPlansResult, apply_savings_plans
from ._compare import Comparison, compare
from ._catalog import load_catalog
from ._estimate import Estimate, catalog, estimate
from ._instance_cost import InstanceCost, instance_cost
from ._numbers import cents, plain, share
from ._recommend import Recommendation, recommend_savings_plan
from ._services import key_table, services
from ._support import SUPPORT_PLANS, SupportFee, support_fee_details

BAR_WIDTH = 24


def _cents(value: Decimal) -> str:
    # Half-even to cents, wide enough for every amount the library holds; a tiny negative amount
    # shows as 0.00, not -0.00.
    return f"{cents(value):,}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(str(c))) for w, c in zip(widths, row)]

    def fmt(row: Sequence[str]) -> str:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    lines = [fmt(headers), "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines)


def _bar(part: Decimal, whole: Decimal) -> str:
    eighths = int(share(part, whole, places=0, scale=BAR_WIDTH * 8)) if whole else 0
    full, rest = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[rest - 1] if rest else "")


def render_estimate(result: Estimate) -> str:
    out = io.StringIO()
    conv = result.conventions
    out.write(
        f"{result.scenario}: estimate in {result.currency} per month\n"
        f"catalog {result.catalog['id']} (effective {result.catalog['effective']}); "
        f"{conv.get('hours_per_month', '730')} hours/month, {conv.get('weeks_per_month', '52/12')} weeks/month, "
        f"free tier {'on' if conv.get('free_tier') else 'off'}, line rounding {conv.get('line_rounding', 'none')}"
        + (f", {conv['support']} support" if conv.get("support") else "")
        + "\n\n"
    )
    rows = [
        (l.workload, l.component, plain(l.quantity), l.unit, plain(l.unit_price), _cents(l.cost))
        for l in result.lines
    ]
    out.write(_table(["workload", "component", "quantity", "unit", "unit price", "cost"], rows, right=(2, 4, 5)))
    out.write("\n\nBy service\n")
    total = result.total
    srows = []
    for name, cost in sorted(result.services.items(), key=lambda kv: kv[1], reverse=True):
        percent = share(cost, total) if total else Decimal("0.0")
        srows.append((name, _cents(cost), f"{percent}%", _bar(cost, total)))
    out.write(_table(["service", "cost", "share", ""], srows, right=(1, 2)))
    out.write(f"\n\nTotal: {result.currency} {_cents(total)} per month (exact {plain(total)})\n")
    if result.cost_per_user is not None:
        out.write(f"Cost per user: {result.currency} {plain(result.cost_per_user)}\n")
    if result.warnings:
        out.write("\nWarnings\n")
        for w in result.warnings:
            out.write(f"  ! {w.workload}: {w.message}\n")
    if result.audit:
        out.write("\nAudit: figures the document states against what its own inputs produce\n")
        arows = []
        for a in result.audit:
            # The verdict reads the difference as the table shows it: a difference shown as 0.01 (or
            # -0.01) is a cent off, whatever the digits beyond the cent.
            verdict = "ok" if cents(a.difference).is_zero() else "WRONG"
            arows.append((a.item, _cents(a.stated), _cents(a.computed), _cents(a.difference), verdict))
        out.write(_table(["item", "stated", "computed", "difference", ""], arows, right=(1, 2, 3)))
        wrong = sum(1 for r in arows if r[4] == "WRONG")
        out.write(f"\n{wrong} of {len(arows)} stated figures differ from the computed ones by a cent or more.\n")
    return out.getvalue()


def render_csv(result: Estimate) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["workload", "service", "component", "quantity", "unit", "unit_price", "cost", "note"])
    for l in result.lines:
        writer.writerow([l.workload, l.service, l.component, plain(l.quantity), l.unit, plain(l.unit_price), plain(l.cost), l.note])
    return out.getvalue()


def render_compare(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    rows = [(d.name, _cents(d.a), _cents(d.b), _cents(d.difference), d.change_text())
            for d in [*comparison.services, comparison.total]]
    head = f"{a.scenario}  vs  {b.scenario}  ({a.currency} per month)\n\n"
    return head + _table(["service", a.scenario, b.scenario, "difference", "change"], rows, right=(1, 2, 3, 4)) + "\n"


def render_catalog(document: dict) -> str:
    rows = []
    for s in document["skus"]:
        tiers = s["tiers"]
        if len(tiers) == 1:
            price = tiers[0]["price"]
        else:
            price = "; ".join(f"{t['price']} from {t['from']}" for t in tiers)
        variant = f"[{s['variant']}]" if s["variant"] else ""
        rows.append((s["service"], s["usage_type"] + variant, s["unit"], price, s.get("free_tier", ""), s["source"]))
    head = f"catalog {document['id']} ({document['currency']}, effective {document['effective']}): {len(rows)} prices\n\n"
    return head + _table(["service", "usage type", "unit", "price per unit", "free tier", "source"], rows) + "\n"


def render_services(only: str, fmt: str) -> str:
    registered = services()
    if only and only not in registered:
        near = difflib.get_close_matches(only, list(registered), n=1)
        hint = f'did you mean "{near[0]}"? ' if near else ""
        raise ValueError(f'unknown service "{only}" ({hint}expected one of {", ".join(registered)})')
    chosen = [registered[only]] if only else list(registered.values())
    if fmt == "json":
        return json.dumps([dataclasses.asdict(service) for service in chosen], indent=2) + "\n"
    if fmt == "markdown":
        return "\n".join(f"### {service.name}\n\n{service.summary}\n\n{key_table(service)}" for service in chosen)
    blocks = []
    for service in chosen:
        rows = [(k.name, k.kind if not k.choices else " | ".join(k.choices), k.rule,
                 {"required": "required", "optional": "-"}.get(k.presence, k.default), k.doc) for k in service.keys]
        blocks.append(f"{service.name}: {service.summary}\n\n"
                      + _table(["key", "value", "rule", "if absent", "meaning"], rows) + "\n")
    return "\n".join(blocks)


_INSTANCE_COST_STEPS = [
    ("on-demand rate", "on_demand_rate"), ("discount %", "discount_percent"), ("hourly rate", "hourly_rate"),
    ("hours per month", "hours_per_month"), ("utilisation", "utilization"), ("effective hours", "effective_hours"),
    ("base monthly cost", "base_monthly_cost"), ("OS factor", "os_factor"),
    ("instance monthly cost", "instance_monthly_cost"), ("committed monthly cost", "committed_monthly_cost"),
    ("instances", "count"), ("instances monthly cost", "instances_monthly_cost"),
    ("committed instances monthly cost", "committed_instances_monthly_cost"), ("storage cost", "storage_cost"),
    ("total monthly cost", "total_monthly_cost"),
]


def render_instance_cost(result: InstanceCost) -> str:
    what = f"{result.count} × {result.instance_type or 'instance'} ({result.os}, {result.region}), {result.workload}, " \
           f"{result.pricing_model}" + (f" {result.term} {result.payment_option}" if result.term else "") + \
           f", rounding {result.rounding}\n"
    rows = []
    for label, name in _INSTANCE_COST_STEPS:
        value = getattr(result, name)
        rows.append((label, "-" if value is None else plain(value)))
    out = what + f"on-demand rate from {result.on_demand_source}" + \
        (f"; discount: {result.discount_source}" if result.discount_source else "") + "\n\n"
    out += _table(["step", "figure"], rows, right=(1,)) + "\n"
    for note in result.notes:
        out += f"note: {note}\n"
    return out


def _instance_cost_args(sub: Any) -> None:
    p = sub.add_parser("instance-cost", help="the instance cost formula, step by step (docs/commitments.md)")
    p.add_argument("instance_type", nargs="?", default=None, help="e.g. m5.xlarge (its on-demand rate from the catalog)")
    p.add_argument("--os", default="linux", choices=["linux", "windows"])
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--on-demand-rate", default=None, help="the on-demand rate per hour, instead of the catalog's")
    p.add_argument("--count", default="1")
    p.add_argument("--workload", default="production", choices=["production", "non_production"])
    p.add_argument("--pricing-model", default=None,
                   help="on_demand, reserved, compute_savings_plan or ec2_instance_savings_plan")
    p.add_argument("--term", default=None, help="1yr or 3yr")
    p.add_argument("--payment-option", default=None, help="no_upfront, partial_upfront or all_upfront")
    p.add_argument("--discount-percent", default=None, help="instead of the built-in table of seed 004's midpoints")
    p.add_argument("--reserved-hourly-rate", default=None, help="reserved: the RI's effective hourly rate")
    p.add_argument("--utilization-percent", default=None)
    p.add_argument("--hours-per-month", default="730", help="730 (default) or the seed's 730.56")
    p.add_argument("--os-factor", default="1")
    p.add_argument("--storage-gb", default=None)
    p.add_argument("--storage-price-per-gb", default=None)
    p.add_argument("--storage-factor", default="1")
    p.add_argument("--rounding", default="exact", help="exact or per_step")
    p.add_argument("--catalog", default="builtin", help="'builtin' or a path to a catalog or offer file")
    p.add_argument("--format", choices=["table", "json"], default="table")


def _run_instance_cost(args: argparse.Namespace) -> str:
    prices = None if args.catalog == "builtin" else load_catalog(args.catalog)
    result = instance_cost(
        args.instance_type, os=args.os, region=args.region, on_demand_rate=args.on_demand_rate, count=args.count,
        workload=args.workload, pricing_model=args.pricing_model, term=args.term, payment_option=args.payment_option,
        discount_percent=args.discount_percent, reserved_hourly_rate=args.reserved_hourly_rate,
        utilization_percent=args.utilization_percent, hours_per_month=args.hours_per_month, os_factor=args.os_factor,
        storage_gb=args.storage_gb, storage_price_per_gb=args.storage_price_per_gb, storage_factor=args.storage_factor,
        rounding=args.rounding, catalog=prices)
    if args.format == "json":
        return json.dumps(result.to_dict(), indent=2) + "\n"
    return render_instance_cost(result)


def _percent(ratio: Decimal | None) -> str:
    return "-" if ratio is None else f"{share(ratio, Decimal(1))}%"


def render_savings_plans(result: SavingsPlansResult) -> str:
    out = io.StringIO()
    hours = result.hour_count
    out.write(f"Savings Plans over {hours} hour{'s' if hours != 1 else ''}\n\n")
    usage = result.usage
    covered: dict[str, list[str]] = {}
    for u, p, units in zip(result.covered.column("usage"), result.covered.column("plan"), result.covered.column("units")):
        covered.setdefault(u, []).append(f"{p} {plain(units)}")
    rows = [
        (u, plain(q), plain(r), ", ".join(covered.get(u, [])) or "-", _cents(cc), plain(odu), _cents(odc))
        for u, q, r, cc, odu, odc in zip(usage.column("usage"), usage.column("quantity"), usage.column("reserved_units"),
                                         usage.column("covered_cost"), usage.column("on_demand_units"),
                                         usage.column("on_demand_cost"))
    ]
    out.write(_table(["usage", "quantity", "reserved", "covered by plan (units)", "covered cost", "on demand units",
                      "on demand cost"], rows, right=(1, 2, 4, 5, 6)))
    plans = result.plans
    prows = [
        (p, t, _cents(c), _cents(us), _cents(un), _percent(ut))
        for p, t, c, us, un, ut in zip(plans.column("plan"), plans.column("type"), plans.column("commitment"),
                                       plans.column("used"), plans.column("unused"), plans.column("utilization"))
    ]
    if prows:
        out.write("\n\nPlans (EC2 Instance plans apply first, then Compute; each type in the order given)\n")
        out.write(_table(["plan", "type", "commitment", "used", "unused", "utilization"], prows, right=(2, 3, 4, 5)))
    t = result.totals
    out.write("\n\nTotals\n")
    trows = [
        ("on-demand equivalent", _cents(t.on_demand_equivalent), plain(t.on_demand_equivalent)),
        ("on-demand charges", _cents(t.on_demand_charges), plain(t.on_demand_charges)),
        ("commitment charges", _cents(t.commitment_charges), plain(t.commitment_charges)),
    ]
    if t.reserved_charges is not None:
        trows.append(("reserved charges", _cents(t.reserved_charges), plain(t.reserved_charges)))
    trows += [
        ("total", _cents(t.total), plain(t.total)),
        ("savings", _cents(t.savings), plain(t.savings)),
    ]
    out.write(_table(["", "amount", "exact"], trows, right=(1, 2)))
    out.write(f"\n\nUtilization {_percent(t.utilization)}, coverage {_percent(t.coverage)}")
    if t.reserved_charges is None:
        out.write(" (reserved units are not priced: no reserved instance gives a rate)")
    out.write("\n")
    return out.getvalue()


def render_support_fee(result: SupportFee) -> str:
    parts = ", ".join(plain(p) for p in result.tier_parts)
    basis = "the minimum" if result.minimum_applies else "the tiers"
    return (
        f"{result.plan} support on charges of {plain(result.charges)} ({result.rule_set})\n"
        f"tiers: {parts} = {plain(result.tiered)}; minimum {plain(result.minimum)}\n"
        f"fee: {plain(result.fee)} ({basis})\n"
    )


def support_fee_json(result: SupportFee) -> str:
    document = dataclasses.asdict(result)
    for key in ("charges", "tiered", "minimum", "fee"):
        document[key] = plain(document[key])
    document["tier_parts"] = [plain(p) for p in result.tier_parts]
    return json.dumps(document, indent=2) + "\n"


def render_amortisation(table_rows: list[tuple[str, ...]], headers: list[str], total: str) -> str:
    return _table(headers, table_rows, right=tuple(range(1, len(headers)))) + f"\n\nTotal: {total}\n"


def _recommend_args(sub: Any) -> None:
    p = sub.add_parser("recommend", help="size a Savings Plan for an hourly usage series (docs/commitments.md)")
    p.add_argument("file", help="a costmodel/commitments/v1 file or a scenario file")
    p.add_argument("--plan-type", choices=["compute", "ec2_instance"], default="compute")
    p.add_argument("--family", default="", help="ec2_instance: the instance family (default: the usage's only one)")
    p.add_argument("--region", default="", help="ec2_instance: the region (default: the usage's or scenario's)")
    p.add_argument("--term", default="1yr", help="1yr or 3yr (a scenario's catalog rates)")
    p.add_argument("--payment-option", default="no_upfront", help="no_upfront, partial_upfront or all_upfront")
    p.add_argument("--step", default="0.001", help="the commitment per hour is a multiple of it")
    p.add_argument("--points", type=int, default=500, help="points of the cost curve")
    p.add_argument("--format", choices=["table", "json"], default="table")


def render_recommendation(result: Recommendation) -> str:
    best = result.best
    what = result.plan_type if result.plan_type == "compute" else f"ec2_instance {result.family} in {result.region}"
    out = f"{what} Savings Plan, {result.term} {result.payment_option}: {result.hours} hours, " \
          f"{result.eligible_usage} eligible usage line(s)\n"
    if result.replaced_plans:
        out += f"set aside the input's plans: {', '.join(result.replaced_plans)}\n"
    rows = [("commitment per hour", plain(best["commitment_per_hour"])), ("total", plain(best["total"])),
            ("without a plan", plain(best["on_demand_total"])), ("savings", plain(best["savings"])),
            ("savings %", "-" if best["savings_percent"] is None else plain(round(best["savings_percent"], 4))),
            ("utilisation", "-" if best["utilization"] is None else plain(best["utilization"])),
            ("coverage", "-" if best["coverage"] is None else plain(best["coverage"]))]
    out += "\nexact at the chosen commitment (a multiple of " + plain(result.step) + "):\n"
    out += _table(["figure", "value"], rows, right=(1,)) + "\n"
    est = result.estimates
    be_c, be_u = est["break_even_commitment"], est["break_even_utilization"]
    out += f"\nestimates (floating point): curve minimum {est['curve_minimum']:.6f}, optimum {est['optimum']:.6f} per hour"
    if be_c is not None and be_u is not None:
        out += f", break-even at {be_c:.6f} per hour (utilisation {be_u:.2%})"
    return out + "\n"


def _run_recommend(args: argparse.Namespace) -> str:
    result = recommend_savings_plan(args.file, plan_type=args.plan_type, family=args.family, region=args.region, term=args.term,
                                    payment_option=args.payment_option, step=args.step, points=args.points)
    if args.format == "json":
        return json.dumps(result.to_dict(), indent=2) + "\n"
    return render_recommendation(result)


def _daily_rate_args(sub: Any) -> None:
    p = sub.add_parser("daily-rate", help="seed 003's support-split daily rate and annual projection from Cost Explorer responses "
                                          "(docs/actuals.md)")
    p.add_argument("files", nargs="*", help="GetCostAndUsage responses (aws ce get-cost-and-usage --output json), DAILY; "
                                            "none with --profile (live)")
    p.add_argument("--as-of", "--start-date", dest="as_of", default=None,
                   help="the calculation date, YYYY-MM-DD (default: today, UTC); --start-date is the seed tool's name for it")
    p.add_argument("--offset", type=int, default=2, help="days from as-of back to the window's end (exclusive); default 2")
    p.add_argument("--window", type=int, default=30, help="days in the window; default 30")
    p.add_argument("--support-share", default="0.5", help="share of the support charge; default 0.5")
    p.add_argument("--metric", default="NetAmortizedCost")
    p.add_argument("--accounts", default=None, help="LINKED_ACCOUNT ids, comma-separated (default: every account)")
    p.add_argument("--rounding", choices=["exact", "console"], default="exact",
                   help="exact: each figure rounded once; console: the daily parts to cents before adding, as the seed does")
    p.add_argument("--support-month", choices=["previous", "end"], default="previous",
                   help="whose days divide: previous, the month before the support date (the month its charge covers); "
                        "end, the month containing the end date (the seed's literal text)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--json-output", action="store_true", help="the same as --format json (the seed tool's flag)")
    p.add_argument("--through", default=None,
                   help="YYYY-MM-DD: the rate for every as-of day from --as-of to this day (a table, or JSON rows)")
    live = p.add_argument_group("live data (pip install costmodel[aws]; docs/actuals-live.md)")
    live.add_argument("--profile", default=None, help="fetch from Cost Explorer with this AWS profile instead of reading files")
    live.add_argument("--save", default=None, help="a new folder to keep the raw responses in, for audit and re-runs")
    live.add_argument("--endpoint-url", default=None, help="another Cost Explorer endpoint (a test server)")
    live.add_argument("--region", default=None, help="the Cost Explorer region (default us-east-1)")


def _run_daily_rate_series(args: argparse.Namespace, source: Any, first: str, accounts: list[str] | None) -> str:
    series = daily_rate_series(source, first=first, last=args.through, offset=args.offset, window=args.window,
                               support_share=args.support_share, metric=args.metric, accounts=accounts,
                               rounding=args.rounding, support_month=args.support_month)
    names = ["as_of", "start", "end", "daily_rate", "annual_projection", "estimated_days", "missing_days"]
    columns = [series.table.column(n) for n in names]

    def text(value: Any) -> str:
        if value is None:
            return "-"
        return plain(value) if isinstance(value, Decimal) else str(value)

    rows = [tuple(text(v) for v in row) for row in zip(*columns)]
    if args.format == "json" or args.json_output:
        return json.dumps([dict(zip(names, (None if v == "-" else v for v in row))) for row in rows], indent=2) + "\n"
    return _table(names, rows, right=(3, 4, 5, 6)) + "\n"


def _run_daily_rate(args: argparse.Namespace) -> str:
    import datetime

    live = args.profile is not None or args.endpoint_url is not None
    if live and args.files:
        raise _core.InputError("give response files or --profile (live), not both", "<command line>", "files", " ".join(args.files))
    if not live and not args.files:
        raise _core.InputError("give GetCostAndUsage response files, or --profile to fetch them", "<command line>", "files")
    if not live and args.save is not None:
        raise _core.InputError("--save keeps fetched responses: it needs --profile", "<command line>", "--save", args.save)
    source: Any = args.files
    if live:
        from .aws._cli import fetch_for_daily_rate  # boto3 only when fetching

        source, report = fetch_for_daily_rate(args)
        print(report, file=sys.stderr)
    as_of = args.as_of or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    accounts = [a.strip() for a in args.accounts.split(",") if a.strip()] if args.accounts else None
    if args.through is not None:
        return _run_daily_rate_series(args, source, as_of, accounts)
    result = daily_rate(source, as_of=as_of, offset=args.offset, window=args.window, support_share=args.support_share,
                        metric=args.metric, accounts=accounts, rounding=args.rounding, support_month=args.support_month)
    for warning in result.warnings:
        print(f"costmodel: warning: {warning}", file=sys.stderr)
    if args.format == "json" or args.json_output:
        return json.dumps(result.to_dict(), indent=2) + "\n"
    head = (f"daily rate: {result.metric} in {result.currency}, as of {as_of}, rounding {result.rounding}, "
            f"support month {result.support_month_reading}\n\n")
    body = _table(["figure", "amount", "exact"], result.rows(), right=(1,)) + "\n"
    days = ""
    if result.estimated_days:
        days += "\nestimated days: " + ", ".join(d.isoformat() for d in result.estimated_days)
    if result.missing_days:
        days += "\nmissing days: " + ", ".join(d.isoformat() for d in result.missing_days)
    other = daily_rate(source, as_of=as_of, offset=args.offset, window=args.window, support_share=args.support_share,
                       metric=args.metric, accounts=accounts, support_month=args.support_month,
                       rounding="exact" if result.rounding == "console" else "console")
    why = _rounding_difference(result, other)
    return head + body + (days + "\n" if days else "") + why


def _rounding_difference(shown: Any, other: Any) -> str:
    """One paragraph saying what the other rounding gives and why the figures differ."""
    console, exact = (shown, other) if shown.rounding == "console" else (other, shown)
    if console.daily_rate == exact.daily_rate.quantize(Decimal("0.01")) and \
            console.annual_projection == exact.annual_projection.quantize(Decimal("0.01")):
        return ""
    return (f"\nconsole rounding (the seed's) gives {_cents(console.daily_rate)} a day and {_cents(console.annual_projection)} a year; "
            f"exact, {_cents(exact.daily_rate)} and {_cents(exact.annual_projection)}. They differ because console rounding "
            f"rounds the daily operational cost and the support per day to cents before adding them, and multiplies that "
            f"cent figure by 365; exact rounds each figure once from its exact value.\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="costmodel", description="Exact cloud cost estimates.")
    parser.add_argument("--version", action="version", version=f"costmodel {_core.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p_est = sub.add_parser("estimate", help="price a scenario file")
    p_est.add_argument("file")
    p_est.add_argument("--format", choices=["table", "json", "csv"], default="table")

    p_cmp = sub.add_parser("compare", help="two scenarios side by side, per service")
    p_cmp.add_argument("a")
    p_cmp.add_argument("b")
    p_cmp.add_argument("--format", choices=["table", "json"], default="table")

    p_cat = sub.add_parser("catalog", help="list a catalog's prices")
    p_cat.add_argument("--service", default="", help="only this catalog service (lambda, fargate, glue, ...)")
    p_cat.add_argument("--catalog", default="builtin", help="'builtin' or a path to a catalog or offer file")
    p_cat.add_argument("--format", choices=["table", "json"], default="table")

    p_svc = sub.add_parser("services", help="the services a scenario may use and their keys")
    p_svc.add_argument("service", nargs="?", default="", help="only this service")
    p_svc.add_argument("--format", choices=["table", "json", "markdown"], default="table")

    _instance_cost_args(sub)
    _recommend_args(sub)
    _daily_rate_args(sub)
    add_lease_commands(sub)

    p_sp = sub.add_parser("savings-plans", help="apply Savings Plans and Reserved Instances to hours of usage")
    p_sp.add_argument("file")
    p_sp.add_argument("--format", choices=["table", "json"], default="table")
    p_sp.add_argument("--detail", choices=["summary", "lines"], default="summary",
                      help="lines: also each hour's usage (in the JSON document)")

    p_sup = sub.add_parser("support-fee", help="an AWS support plan's fee for a month's charges")
    p_sup.add_argument("plan", help=" | ".join(SUPPORT_PLANS))
    p_sup.add_argument("amount", help="the month's gross charges before discounts and credits, without support")
    p_sup.add_argument("--month", default=None, help="YYYY-MM: the rule set in force that month (default: the newest)")
    p_sup.add_argument("--rules", action="append", default=None, help="a rule set file (costmodel/support-rules/v1); repeatable")
    p_sup.add_argument("--rounding", choices=["none", "cents", "invoice"], default="none")
    p_sup.add_argument("--format", choices=["table", "json"], default="table")

    p_am = sub.add_parser("amortize", help="a commitment's upfront and recurring fees spread over its term's days")
    p_am.add_argument("--start", required=True, help="first day of the term, YYYY-MM-DD")
    term = p_am.add_mutually_exclusive_group(required=True)
    term.add_argument("--term-years", type=int, help="1 or 3")
    term.add_argument("--end", help="first day after the term, YYYY-MM-DD")
    p_am.add_argument("--upfront", default="0", help="upfront fee")
    fee = p_am.add_mutually_exclusive_group()
    fee.add_argument("--monthly", default=None, help="recurring fee per calendar month")
    fee.add_argument("--hourly", default=None, help="recurring fee per hour")
    p_am.add_argument("--id", default="commitment", help="the commitment's name in the output")
    p_am.add_argument("--by", choices=["day", "month"], default="month")
    p_am.add_argument("--format", choices=["table", "csv", "json"], default="table")

    args = parser.parse_args(argv)
    try:
        if args.command == "estimate":
            result = estimate(args.file)
            if args.format == "json":
                sys.stdout.write(result.to_json() + "\n")
            elif args.format == "csv":
                sys.stdout.write(render_csv(result))
            else:
                sys.stdout.write(render_estimate(result))
        elif args.command == "compare":
            comparison = compare(args.a, args.b)
            if args.format == "json":
                sys.stdout.write(json.dumps(comparison.to_dict(workloads=False), indent=2) + "\n")
            else:
                sys.stdout.write(render_compare(comparison))
        elif args.command == "catalog":
            document = catalog(args.catalog, args.service)
            if args.service and not document["skus"]:
                raise ValueError(f"catalog {document['id']} has no prices for service '{args.service}'")
            if args.format == "json":
                sys.stdout.write(json.dumps(document, indent=2) + "\n")
            else:
                sys.stdout.write(render_catalog(document))
        elif args.command == "savings-plans":
            applied = apply_savings_plans(args.file, detail=args.detail)
            if args.format == "json":
                sys.stdout.write(applied.to_json(2) + "\n")
            else:
                sys.stdout.write(render_savings_plans(applied))
        elif args.command == "services":
            sys.stdout.write(render_services(args.service, args.format))
        elif args.command == "instance-cost":
            sys.stdout.write(_run_instance_cost(args))
        elif args.command == "support-fee":
            result = support_fee_details(args.plan, args.amount, rules=args.rules, month=args.month, rounding=args.rounding)
            sys.stdout.write(support_fee_json(result) if args.format == "json" else render_support_fee(result))
        elif args.command == "amortize":
            amortised = amortization(start=args.start, upfront=args.upfront, term_years=args.term_years, end=args.end,
                                     recurring_monthly=args.monthly, recurring_hourly=args.hourly, id=args.id)
            table = amortised.daily if args.by == "day" else amortised.monthly
            names = [n for n in table.column_names if n != "commitment"]
            columns = [table.column(n) for n in names]
            rows = [tuple(str(v) if not isinstance(v, Decimal) else plain(v) for v in row) for row in zip(*columns)]
            if args.format == "json":
                sys.stdout.write(json.dumps({"commitment": args.id, "start": args.start, "end": amortised.end.isoformat(),
                                             "days": amortised.days, "upfront": plain(amortised.upfront),
                                             "recurring": plain(amortised.recurring), "total": plain(amortised.total),
                                             "by": args.by, "rows": [dict(zip(names, r)) for r in rows]}, indent=2) + "\n")
            elif args.format == "csv":
                out = io.StringIO()
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(names)
                writer.writerows(rows)
                sys.stdout.write(out.getvalue())
            else:
                head = (f"{args.id}: {amortised.days} days from {args.start} to {amortised.end.isoformat()} (exclusive); "
                        f"upfront {plain(amortised.upfront)} + recurring {plain(amortised.recurring)}\n\n")
                sys.stdout.write(head + render_amortisation(rows, names, plain(amortised.total)))
        elif args.command == "recommend":
            sys.stdout.write(_run_recommend(args))
        elif args.command == "daily-rate":
            sys.stdout.write(_run_daily_rate(args))
        elif hasattr(args, "run"):
            sys.stdout.write(args.run(args))
    except (ValueError, OverflowError, ZeroDivisionError, TypeError, FetchError) as error:
        print(f"costmodel: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

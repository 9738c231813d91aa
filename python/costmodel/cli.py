"""The ``costmodel`` command line: estimate, compare, catalog.

Amounts are exact; tables show them to cents (half-even), JSON and CSV carry them exactly.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Sequence

from . import _core
from ._estimate import Estimate, estimate, catalog

CENT = Decimal("0.01")
BAR_WIDTH = 24


def _cents(value: Decimal) -> str:
    cents = value.quantize(CENT, rounding=ROUND_HALF_EVEN)
    if cents == 0:
        cents = abs(cents)  # a tiny negative amount shows as 0.00, not -0.00
    return f"{cents:,}"


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


def _bar(share: Decimal) -> str:
    eighths = int((share * BAR_WIDTH * 8).to_integral_value())
    full, rest = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[rest - 1] if rest else "")


def render_estimate(result: Estimate) -> str:
    out = io.StringIO()
    conv = result.conventions
    out.write(
        f"{result.scenario}: estimate in {result.currency} per month\n"
        f"catalog {result.catalog['id']} (effective {result.catalog['effective']}); "
        f"{conv.get('hours_per_month', '730')} hours/month, {conv.get('weeks_per_month', '52/12')} weeks/month, "
        f"free tier {'on' if conv.get('free_tier') else 'off'}, line rounding {conv.get('line_rounding', 'none')}\n\n"
    )
    rows = [
        (l.workload, l.component, f"{l.quantity.normalize():f}", l.unit, f"{l.unit_price.normalize():f}", _cents(l.cost))
        for l in result.lines
    ]
    out.write(_table(["workload", "component", "quantity", "unit", "unit price", "cost"], rows, right=(2, 4, 5)))
    out.write("\n\nBy service\n")
    total = result.total
    srows = []
    for name, cost in sorted(result.services.items(), key=lambda kv: kv[1], reverse=True):
        share = cost / total if total else Decimal(0)
        srows.append((name, _cents(cost), f"{(share * 100).quantize(Decimal('0.1'))}%", _bar(share)))
    out.write(_table(["service", "cost", "share", ""], srows, right=(1, 2)))
    out.write(f"\n\nTotal: {result.currency} {_cents(total)} per month (exact {total.normalize():f})\n")
    if result.cost_per_user is not None:
        out.write(f"Cost per user: {result.currency} {result.cost_per_user.normalize():f}\n")
    if result.warnings:
        out.write("\nWarnings\n")
        for w in result.warnings:
            out.write(f"  ! {w.workload}: {w.message}\n")
    if result.audit:
        out.write("\nAudit: figures the document states against what its own inputs produce\n")
        arows = []
        for a in result.audit:
            verdict = "WRONG" if abs(a.difference) >= CENT else "ok"
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
        writer.writerow([l.workload, l.service, l.component, f"{l.quantity:f}", l.unit, f"{l.unit_price:f}", f"{l.cost:f}", l.note])
    return out.getvalue()


def render_compare(a: Estimate, b: Estimate) -> str:
    names = list(dict.fromkeys([*a.services, *b.services]))
    rows = []
    for name in names:
        x = a.services.get(name, Decimal(0))
        y = b.services.get(name, Decimal(0))
        rows.append((name, _cents(x), _cents(y), _cents(y - x), _pct(x, y)))
    rows.append(("TOTAL", _cents(a.total), _cents(b.total), _cents(b.total - a.total), _pct(a.total, b.total)))
    head = f"{a.scenario}  vs  {b.scenario}  ({a.currency} per month)\n\n"
    return head + _table(["service", a.scenario, b.scenario, "difference", "change"], rows, right=(1, 2, 3, 4)) + "\n"


def _pct(x: Decimal, y: Decimal) -> str:
    if x == 0:
        return "new" if y else ""
    return f"{((y - x) / x * 100).quantize(Decimal('0.1')):+}%"


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
            a, b = estimate(args.a), estimate(args.b)
            if args.format == "json":
                names = list(dict.fromkeys([*a.services, *b.services]))
                doc = {
                    "schema": "costmodel/comparison/v1",
                    "a": a.scenario,
                    "b": b.scenario,
                    "services": {
                        n: {"a": f"{a.services.get(n, Decimal(0))}", "b": f"{b.services.get(n, Decimal(0))}",
                            "difference": f"{b.services.get(n, Decimal(0)) - a.services.get(n, Decimal(0))}"}
                        for n in names
                    },
                    "total": {"a": f"{a.total}", "b": f"{b.total}", "difference": f"{b.total - a.total}"},
                }
                sys.stdout.write(json.dumps(doc, indent=2) + "\n")
            else:
                sys.stdout.write(render_compare(a, b))
        elif args.command == "catalog":
            document = catalog(args.catalog, args.service)
            if args.service and not document["skus"]:
                raise ValueError(f"catalog {document['id']} has no prices for service '{args.service}'")
            if args.format == "json":
                sys.stdout.write(json.dumps(document, indent=2) + "\n")
            else:
                sys.stdout.write(render_catalog(document))
    except (ValueError, OverflowError, ZeroDivisionError, TypeError) as error:
        print(f"costmodel: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peers of bench/actuals: the seed tool's way (json + float) and json + decimal, over the same pages.

    python bench/actuals_peer.py PAGE.json... --as-of 2026-01-03

Each reads every page with the json module and sums NetAmortizedCost over the daily rate's window,
then computes the rate (console rounding for both, the seed's order). Prints MB/s, the rates, and
where the float sum differs from the exact one.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import json
import os
import time
from decimal import ROUND_HALF_UP, Decimal, localcontext


def window(as_of: datetime.date, offset: int = 2, days: int = 30) -> tuple[str, str, int]:
    end = as_of - datetime.timedelta(days=offset)
    start = end - datetime.timedelta(days=days)
    support = end.replace(day=1) - datetime.timedelta(days=1)
    return start.isoformat(), end.isoformat(), calendar.monthrange(support.year, support.month)[1]


def run(paths: list[str], start: str, end: str, convert) -> tuple[float, object, int]:
    began = time.perf_counter()
    total = convert("0")
    groups = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            page = json.load(f)
        for result in page["ResultsByTime"]:
            inside = start <= result["TimePeriod"]["Start"] < end
            for group in result["Groups"]:
                groups += 1
                if inside:
                    total += convert(group["Metrics"]["NetAmortizedCost"]["Amount"])
    return time.perf_counter() - began, total, groups


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--as-of", default="2026-01-03")
    args = parser.parse_args()
    start, end, days = window(datetime.date.fromisoformat(args.as_of))
    size = sum(os.path.getsize(p) for p in args.pages)
    float_time, float_sum, groups = run(args.pages, start, end, float)
    with localcontext() as ctx:
        ctx.prec = 60
        decimal_time, decimal_sum, _ = run(args.pages, start, end, Decimal)
        exact_daily = (decimal_sum / days).quantize(Decimal("0.01"), ROUND_HALF_UP)
    float_daily = round(float_sum / days, 2)
    print(f"groups {groups:,}, {size / 1e6:.1f} MB, window {start} to {end} (exclusive), {days} days")
    print(f"json + float:   {float_time:.2f} s, {size / 1e6 / float_time:.1f} MB/s, operational {float_sum!r}")
    print(f"json + decimal: {decimal_time:.2f} s, {size / 1e6 / decimal_time:.1f} MB/s, operational {decimal_sum}")
    print(f"float - exact operational: {Decimal(float_sum) - decimal_sum:.3E}; daily operational float {float_daily:.2f}, "
          f"exact {exact_daily}, annual (x 365) float {float_daily * 365:.2f}, exact {exact_daily * 365}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A year of synthetic Cost Explorer data: GetCostAndUsage responses as `aws ce get-cost-and-usage
--output json` prints them, DAILY, NetAmortizedCost, grouped by RECORD_TYPE and BILLING_ENTITY.

    python scripts/generate-cost-explorer-year.py OUT_DIR [--start 2025-01-01] [--days 365] [--seed 7]

What the year holds, so that a reader of the daily rate can see each effect:
- usage of about 12,000 a day on weekdays and 7,000 on Saturdays and Sundays, growing 4% over the
  year, with deterministic noise (splitmix64, bench/splitmix.py's generator);
- a spike: ten days in the middle of the year at three times the usual usage (a migration);
- tax (8% of usage) and a Marketplace subscription each day, which the daily rate leaves out;
- the support charge on the 1st of each month: Business support on the previous month's usage;
- the last three days marked Estimated, as AWS marks days whose charges are not final.

Amounts are decimal strings with cents, computed with Python's decimal: the files are exact data, and
one page holds 31 days (NextPageToken links the pages). Writes page-NNN.json and prints their names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from splitmix import SplitMix64  # noqa: E402

CENT = Decimal("0.01")
DAYS_PER_PAGE = 31


def business_support(usage: Decimal) -> Decimal:
    """AWS Business support on a month's charges: the greater of 100 and 10% / 7% / 5% / 3% tiers."""
    tiers = [(Decimal(10000), Decimal("0.10")), (Decimal(80000), Decimal("0.07")), (Decimal(250000), Decimal("0.05")),
             (None, Decimal("0.03"))]
    fee, floor = Decimal(0), Decimal(0)
    for ceiling, rate in tiers:
        top = usage if ceiling is None else min(usage, ceiling)
        if top > floor:
            fee += (top - floor) * rate
        if ceiling is None or usage <= ceiling:
            break
        floor = ceiling
    return max(Decimal(100), fee).quantize(CENT, ROUND_HALF_UP)


def group(record_type: str, entity: str, amount: Decimal) -> dict:
    return {"Keys": [record_type, entity], "Metrics": {"NetAmortizedCost": {"Amount": str(amount), "Unit": "USD"}}}


def generate(start: dt.date, days: int, seed: int) -> list[dict]:
    random = SplitMix64(seed)
    spike_from = start + dt.timedelta(days=days // 2)
    results = []
    month_usage: dict[tuple[int, int], Decimal] = {}
    for i in range(days):
        day = start + dt.timedelta(days=i)
        base = Decimal(12000) if day.weekday() < 5 else Decimal(7000)
        growth = 1 + Decimal("0.04") * Decimal(i) / Decimal(days)
        noise = Decimal(random.next() % 2001 - 1000) / Decimal(10000)  # -10% .. +10%
        usage = base * growth * (1 + noise)
        if spike_from <= day < spike_from + dt.timedelta(days=10):
            usage *= 3
        usage = usage.quantize(CENT, ROUND_HALF_UP)
        month_usage[(day.year, day.month)] = month_usage.get((day.year, day.month), Decimal(0)) + usage
        groups = [group("Usage", "AWS", usage), group("Tax", "AWS", (usage * Decimal("0.08")).quantize(CENT, ROUND_HALF_UP)),
                  group("Usage", "AWS Marketplace", Decimal("350.00"))]
        if day.day == 1 and i > 0:
            previous = (day - dt.timedelta(days=1))
            groups.append(group("Support", "AWS", business_support(month_usage[(previous.year, previous.month)])))
        results.append({"TimePeriod": {"Start": day.isoformat(), "End": (day + dt.timedelta(days=1)).isoformat()},
                        "Total": {}, "Groups": groups, "Estimated": i >= days - 3})
    pages = []
    for p in range(0, len(results), DAYS_PER_PAGE):
        page = {"GroupDefinitions": [{"Type": "DIMENSION", "Key": "RECORD_TYPE"}, {"Type": "DIMENSION", "Key": "BILLING_ENTITY"}],
                "ResultsByTime": results[p:p + DAYS_PER_PAGE], "DimensionValueAttributes": []}
        if p + DAYS_PER_PAGE < len(results):
            page["NextPageToken"] = f"page-{p // DAYS_PER_PAGE + 2}"
        pages.append(page)
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2025, 1, 1))
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.days < 1:
        parser.error("--days must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(generate(args.start, args.days, args.seed), start=1):
        path = args.out / f"page-{n:03d}.json"
        path.write_text(json.dumps(page, indent=1) + "\n")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Writes synthetic GetCostAndUsage responses for bench/actuals: DAILY, grouped by LINKED_ACCOUNT and
SERVICE, NetAmortizedCost as decimal strings of up to 10 fractional digits, as AWS writes them.

    python bench/make_cost_explorer.py OUT_DIR [--days 365] [--accounts 100] [--services 150] [--days-per-page 10]

A year of 100 accounts x 150 services is 5,475,000 groups (about 0.7 GB in 37 pages). Amounts come
from a fixed splitmix64 sequence, so every run writes the same files.
"""

from __future__ import annotations

import argparse
import datetime
import pathlib

from splitmix import SplitMix64


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--services", type=int, default=150)
    parser.add_argument("--days-per-page", type=int, default=10)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = SplitMix64(2025)
    accounts = [f"{100000000000 + 7919 * i:012d}" for i in range(args.accounts)]
    services = [f"Amazon Service {i:03d}" for i in range(args.services)]
    first = datetime.date(2025, 1, 1)
    page = 0
    for page_start in range(0, args.days, args.days_per_page):
        page += 1
        with open(args.out / f"page-{page:03d}.json", "w", encoding="utf-8") as f:
            f.write('{"GroupDefinitions": [{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}, '
                    '{"Type": "DIMENSION", "Key": "SERVICE"}], "ResultsByTime": [')
            for i in range(page_start, min(args.days, page_start + args.days_per_page)):
                d = first + datetime.timedelta(days=i)
                f.write(("" if i == page_start else ", ") + '{"TimePeriod": {"Start": "' + d.isoformat() + '", "End": "'
                        + (d + datetime.timedelta(days=1)).isoformat() + '"}, "Total": {}, "Groups": [')
                parts = []
                for account in accounts:
                    for service in services:
                        units = rng.next() % 50_000_000_000_000  # up to 5,000.0000000000
                        amount = f"{units // 10_000_000_000}.{units % 10_000_000_000:010d}"
                        parts.append('{"Keys": ["' + account + '", "' + service + '"], "Metrics": {"NetAmortizedCost": '
                                     '{"Amount": "' + amount + '", "Unit": "USD"}}}')
                f.write(", ".join(parts) + '], "Estimated": false}')
            f.write("]" + (', "NextPageToken": "page-' + str(page + 1) + '"' if page_start + args.days_per_page < args.days else "")
                    + "}\n")


if __name__ == "__main__":
    main()

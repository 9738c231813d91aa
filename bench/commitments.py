"""The peers of bench_commitments (bench/commitments.cpp): the same Savings Plans walk over the same
generated hours, in plain Python `decimal` and as a NumPy float64 per-hour loop.

    python bench/commitments.py [--hours H] [--usage N] [--seed S] [--decimal-hours D] [--json]

The generator is the one of commitments.cpp (splitmix64, bench/splitmix.py): N usage lines in four
kinds (m5 and c5 instances in us-east-1 with Compute and EC2 Instance rates, Fargate vCPU-hours and
Lambda GB-seconds with Compute rates), a quantity per line and hour, one EC2 Instance Savings Plan
(m5, us-east-1) and one Compute Savings Plan. Both peers use the precedence of AWS's rules, computed
once; the decimal peer is exact (context of 120 digits, figures rounded half-even to 10 places once),
the NumPy peer adds up binary floats.

With --json it prints the times and, per hour, the decimal peer's exact totals (first D hours) and
the NumPy totals (every hour), for bench_commitments to compare with costmodel's. Times are CPU
time (time.process_time()), as bench_commitments measures its own.
"""

from __future__ import annotations

import argparse
import decimal
import json
import os
import sys
import time
from decimal import Decimal
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from splitmix import SplitMix64  # noqa: E402

UNITS = 10**10
EC2_COMMITMENT = Decimal("60")
COMPUTE_COMMITMENT = Decimal("300")


def generate(hours: int, usage: int, seed: int) -> tuple[list[dict], list[list[int]]]:
    """Usage definitions (rates as scale-10 unit counts) and the hours x usage quantities in units."""
    random = SplitMix64(seed)
    lines = []
    for i in range(usage):
        r = random.next()
        kind = i % 4
        if kind < 2:
            od = 500_000_000 + (r % 5000) * 1_000_000  # 0.0500 .. 0.5499 per instance-hour
            lines.append({"id": f"i{i:04d}", "kind": kind, "od": od, "compute": od * 72 // 100, "ec2": od * 62 // 100,
                          "family": "m5" if kind == 0 else "c5"})
        elif kind == 2:
            lines.append({"id": f"f{i:04d}", "kind": kind, "od": 404_800_000, "compute": 303_600_000, "ec2": None, "family": ""})
        else:
            lines.append({"id": f"l{i:04d}", "kind": kind, "od": 166_667, "compute": 140_000, "ec2": None, "family": ""})
    quantities = []
    for _ in range(hours):
        row = []
        for line in lines:
            r = random.next()
            if line["kind"] < 2:
                row.append((r % 5) * UNITS)                 # 0..4 instances
            elif line["kind"] == 2:
                row.append((r % 4000) * UNITS // 100)       # 0..39.99 vCPU-hours
            else:
                row.append((r % 100_000) * UNITS)           # 0..99,999 GB-seconds
        quantities.append(row)
    return lines, quantities


def precedence(lines: list[dict], key: str, family: str | None) -> list[int]:
    """Highest savings percentage first (lowest rate / on-demand), then the lower rate, then input order."""
    eligible = [i for i, line in enumerate(lines) if line[key] is not None and (family is None or line["family"] == family)]
    return sorted(eligible, key=lambda i: (Fraction(lines[i][key], lines[i]["od"]), lines[i][key], i))


def plans(lines: list[dict]) -> list[tuple[Decimal, str, list[int]]]:
    return [(EC2_COMMITMENT, "ec2", precedence(lines, "ec2", "m5")), (COMPUTE_COMMITMENT, "compute", precedence(lines, "compute", None))]


def run_decimal(lines: list[dict], quantities: list[list[int]], hours: int) -> tuple[float, list[str]]:
    ctx = decimal.Context(prec=120, rounding=decimal.ROUND_HALF_EVEN)
    decimal.setcontext(ctx)
    scale = Decimal("1E-10")
    od = [Decimal(line["od"]).scaleb(-10) for line in lines]
    walk = [(c, [(i, Decimal(lines[i][key]).scaleb(-10)) for i in order]) for c, key, order in plans(lines)]
    commitment = sum((c for c, _ in walk), Decimal(0))
    totals = []
    zero = Decimal(0)
    # The quantities as Decimals before the clock starts, as costmodel gets them as Decimal units.
    rows = [[Decimal(q).scaleb(-10) for q in quantities[h]] for h in range(hours)]
    start = time.process_time()
    for h in range(hours):
        left = rows[h][:]
        for c, order in walk:
            remaining = c
            for i, rate in order:
                if remaining == zero:
                    break
                if left[i] == zero:
                    continue
                cost = left[i] * rate
                if cost <= remaining:
                    remaining -= cost
                    left[i] = zero
                else:
                    left[i] -= (remaining / rate).quantize(scale)
                    remaining = zero
        on_demand = sum((left[i] * od[i] for i in range(len(lines)) if left[i]), zero)
        totals.append(str((on_demand + commitment).quantize(scale)))
    return time.process_time() - start, totals


def run_numpy(lines: list[dict], quantities: list[list[int]]) -> tuple[float, list[float]]:
    import numpy as np

    q = np.array(quantities, dtype=np.float64) / UNITS
    od = np.array([line["od"] for line in lines], dtype=np.float64) / UNITS
    walk = []
    for c, key, order in plans(lines):
        index = np.array(order, dtype=np.int64)
        walk.append((float(c), index, np.array([lines[i][key] for i in order], dtype=np.float64) / UNITS))
    commitment = sum(c for c, _, _ in walk)
    totals = np.empty(q.shape[0])
    start = time.process_time()
    for h in range(q.shape[0]):
        left = q[h].copy()
        for c, index, rates in walk:
            cost = left[index] * rates
            cumulative = np.cumsum(cost)
            k = int(np.searchsorted(cumulative, c, side="right"))  # lines covered whole
            left[index[:k]] = 0.0
            if k < len(index):
                before = cumulative[k - 1] if k else 0.0
                left[index[k]] -= (c - before) / rates[k]
        totals[h] = float(left @ od) + commitment
    return time.process_time() - start, totals.tolist()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=int, default=8760)
    parser.add_argument("--usage", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--decimal-hours", type=int, default=-1, help="hours the decimal peer walks (default: all)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    decimal_hours = args.hours if args.decimal_hours < 0 else min(args.decimal_hours, args.hours)
    lines, quantities = generate(args.hours, args.usage, args.seed)
    decimal_seconds, decimal_totals = run_decimal(lines, quantities, decimal_hours)
    try:
        numpy_seconds, numpy_totals = run_numpy(lines, quantities)
    except ImportError:
        numpy_seconds, numpy_totals = -1.0, []
    if args.json:
        json.dump({"decimal_seconds": decimal_seconds, "decimal_hours": decimal_hours, "decimal_totals": decimal_totals,
                   "numpy_seconds": numpy_seconds, "numpy_totals": numpy_totals}, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(f"decimal: {decimal_hours} hours in {decimal_seconds:.2f} s; numpy: {args.hours} hours in {numpy_seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

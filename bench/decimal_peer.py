"""The peer of bench_decimal: the same three operations in Python's `decimal` module.

    python bench/decimal_peer.py [--n N] [--repeat R] [--seed S]

Makes the first N values of the columns bench_decimal makes (same splitmix64 draws from the same seed),
times each operation (best of R runs) and prints one JSON object: the time, the operations per second
and a checksum of the results, which bench_decimal compares with its own.

  add       c[i] = a[i] + b[i]                              list(map(operator.add, a, b))
  mul_rate  c[i] = a[i] * rate[i], rounded half-even to 10 places   (x * r).quantize(Decimal("1e-10"), ROUND_HALF_EVEN)
  sum       a[0] + a[1] + ... + a[N-1]                      sum(a, Decimal(0))

The context has 38 digits of precision (as DECIMAL(38, 10)), so every product and sum here is exact
before quantize rounds it once, exactly as costmodel.Decimal does.
"""

from __future__ import annotations

import argparse
import decimal
import json
import operator
import platform
import sys
import time
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypeVar

from splitmix import SplitMix64  # bench/ is on sys.path when this file runs as a script

T = TypeVar("T")


# The rates, as bench/decimal.cpp lists them (unit prices of the kind costmodel multiplies by).
RATES = [
    "0.0000166667",  # Lambda, per GB-second (x86)
    "0.0000133334",  # Lambda, per GB-second (Arm)
    "0.0000002",  # Lambda, per request
    "0.04048",  # Fargate, per vCPU-hour
    "0.004445",  # Fargate, per GB-hour
    "0.023",  # S3 Standard, per GB-month
    "0.09",  # data transfer out, per GB
    "0.0000004",  # S3 GET, per request
]




def make_columns(n: int, seed: int) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
    """Amounts from 1,000 to 1,000,000 with 10 fractional digits, and one rate per row."""
    rng = SplitMix64(seed)
    rates = [Decimal(r) for r in RATES]
    first = 10**13  # 1,000 in units of 10^-10
    span = 999 * 10**13  # up to 1,000,000
    a: list[Decimal] = []
    b: list[Decimal] = []
    r: list[Decimal] = []
    for _ in range(n):
        a.append(Decimal(first + rng.next() % span).scaleb(-10))
        b.append(Decimal(first + rng.next() % span).scaleb(-10))
        r.append(rates[rng.next() % len(rates)])
    return a, b, r


def best_of(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    """The shortest of `repeat` runs of fn, in seconds, and fn's result."""
    best = float("inf")
    result = fn()  # a first run, untimed: warms the caches and the allocator
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="values per column (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per operation; the best is kept (default 3)")
    parser.add_argument("--seed", type=int, default=2024, help="splitmix64 seed (default 2024)")
    args = parser.parse_args()

    decimal.setcontext(
        decimal.Context(
            prec=38,
            rounding=ROUND_HALF_EVEN,
            traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
        )
    )
    a, b, rates = make_columns(args.n, args.seed)
    quantum = Decimal("1e-10")
    zero = Decimal(0)

    def mul_rate() -> list[Decimal]:
        return [(x * r).quantize(quantum, ROUND_HALF_EVEN) for x, r in zip(a, rates)]

    def add() -> list[Decimal]:
        return list(map(operator.add, a, b))

    def column_sum() -> Decimal:
        return sum(a, zero)

    results: dict[str, dict[str, Any]] = {}

    def record(name: str, seconds: float, checksum: Decimal) -> None:
        results[name] = {"seconds": seconds, "ops_per_s": args.n / seconds, "checksum": format(checksum, "f")}

    seconds, added = best_of(args.repeat, add)
    record("add", seconds, sum(added, zero))
    del added
    seconds, products = best_of(args.repeat, mul_rate)
    record("mul_rate", seconds, sum(products, zero))
    del products
    seconds, total = best_of(args.repeat, column_sum)
    record("sum", seconds, total)

    json.dump(
        {
            "peer": f"Python {platform.python_version()} decimal (libmpdec {decimal.__libmpdec_version__})",
            "n": args.n,
            "repeat": args.repeat,
            "seed": args.seed,
            "results": results,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The NumPy peer of bench_recommend: the same inputs (bench/recommend.cpp says how they are drawn),
the same curve (total = H c + cost without a plan − Σ w min(c, x) over every hour's breakpoints),
computed with vectorised NumPy: cumulative plan cost per hour, the breakpoints binned on the grid, the
curve from prefix sums, its minimum. Prints {"seconds", "optimum", "minimum"} as JSON (best of 3,
the search only, not the input generation). No exact evaluation: this is the floating-point part."""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def splitmix(seed: int, count: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + GOLDEN * np.arange(1, count + 1, dtype=np.uint64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def search(q: np.ndarray, od: np.ndarray, rate: np.ndarray, points: int, step: float = 0.001) -> tuple[float, float]:
    hours = q.shape[0]
    slope = od / rate
    order = np.argsort(-slope, kind="stable")
    s = slope[order]
    weight = s - np.append(s[1:], 0.0)
    cumulative = np.cumsum(q[:, order] * rate[order], axis=1)  # hours x usage breakpoints
    peak = cumulative[:, -1].max()
    per_point = max(1, int(np.ceil(np.ceil(peak / step) / (points - 1))))
    delta = per_point * step
    count = max(2, int(np.ceil(peak / delta)) + 1)
    grid = np.arange(count) * delta
    bins = np.minimum(np.ceil(cumulative / delta).astype(np.int64), count - 1)
    w = np.broadcast_to(weight, cumulative.shape)
    wx = np.bincount(bins.ravel(), weights=(w * cumulative).ravel(), minlength=count)
    ww = np.bincount(bins.ravel(), weights=w.ravel(), minlength=count)
    covered = np.cumsum(wx) + grid * (ww.sum() - np.cumsum(ww))
    base = float((q * od).sum())
    total = base - covered + hours * grid
    best = int(np.argmin(total))
    return float(grid[best]), float(total[best])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=int, default=8760)
    parser.add_argument("--usage", type=int, default=1000)
    parser.add_argument("--points", type=int, default=500)
    args = parser.parse_args()
    u = np.arange(args.usage)
    od = (5 + u % 50) / 100
    rate = od * (80 - u % 26) / 100
    draws = (splitmix(42, args.hours * args.usage) % np.uint64(400)).astype(np.int64).reshape(args.hours, args.usage)
    h = np.arange(args.hours)
    business = ((h // 24 % 7) < 5) & (h % 24 >= 9) & (h % 24 < 17)
    draws = np.where(business[:, None], draws, draws // 4)
    q = draws / 100.0
    seconds = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        optimum, minimum = search(q, od, rate, args.points)
        seconds = min(seconds, time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "optimum": optimum, "minimum": minimum}))


if __name__ == "__main__":
    main()

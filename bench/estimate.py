"""Estimates from Python, and the peer of bench_estimate: the same pricing in Python's `decimal`.

    python bench/estimate.py [--variants N] [--seed S] [--calls C] [--json]

Three things are timed, on the same inputs as bench_estimate (bench/estimate.cpp), which runs this
script and prints its figures beside its own:

1. costmodel from Python: `costmodel.estimate(dict)` of the 20-workload example (examples/100k-users.json),
   of a generated 1,000-workload scenario, and of N variants of the example (default 100,000), each
   timed with its `lines` read (they are built on first use; the peer builds its lines too).
2. The peer: a straightforward Python implementation of the same metering and pricing — quantities
   exact (fractions.Fraction) and rounded once to 10 places half-even, costs quantity × unit price rounded
   once, tiers aggregated per SKU in workload order — over the same scenarios, with the prices of the
   built-in catalog. It covers the services and options these scenarios use (no free tiers, no line
   rounding), and it produces the same lines: every total is checked against costmodel's, exactly.

The variants scale each workload's usage by a factor from 0.50 to 20.00 drawn with splitmix64 from the
seed, in the same order as bench_estimate, so the checksums (sums of the totals) of all three agree.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import pathlib
import platform
import sys
import time
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any

import costmodel
from costmodel._estimate import catalog as catalog_document
from splitmix import SplitMix64  # bench/ is on sys.path when this file runs as a script

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEN_PLACES = Decimal("1e-10")
SCALE = 10**10




# ------------------------------------------------------------------------------------------- the inputs

def generated_scenario(seed: int, count: int = 1000) -> dict[str, Any]:
    """The 1,000-workload scenario of bench_estimate: 12 kinds of workload, sizes drawn with splitmix64."""
    random = SplitMix64(seed)
    workloads = []
    for i in range(count):
        r = random.next()
        w: dict[str, Any] = {"name": f"w{i:04d}"}
        kind = i % 12
        if kind in (0, 1):
            w.update(service="lambda", arch="x86_64" if kind == 0 else "arm64", invocations_per_month=1000 + r % 5000000,
                     duration_ms=1 + (r >> 20) % 3000, memory_mb=128 * (1 + (r >> 32) % 16))
        elif kind == 2:
            w.update(service="fargate", vcpu=1, memory_gb=2 + r % 7, tasks=1 + (r >> 8) % 4, runs_per_month=1 + (r >> 16) % 60,
                     run_minutes=1 + (r >> 24) % 90)
        elif kind == 3:
            w.update(service="glue_job", dpu=2 + r % 10, runs_per_week=1 + (r >> 8) % 14, run_minutes=1 + (r >> 16) % 60)
        elif kind == 4:
            w.update(service="glue_crawler", runs_per_month=1 + r % 30, run_minutes=1 + (r >> 8) % 30)
        elif kind == 5:
            w.update(service="athena", queries_per_month=1 + r % 100000, scanned_mb_per_query=1 + (r >> 20) % 5000)
        elif kind == 6:
            w.update(service="s3", storage_gb=1 + r % 100000, put_requests_per_month=1000 * ((r >> 20) % 1000),
                     get_requests_per_month=1000 * ((r >> 30) % 10000))
        elif kind == 7:
            w.update(service="step_functions", type="standard", transitions_per_month=r % 10000000)
        elif kind == 8:
            w.update(service="cloudwatch", logs_ingested_gb=r % 100, logs_stored_gb=(r >> 8) % 1000, custom_metrics=(r >> 20) % 500,
                     dashboards=(r >> 32) % 5, alarms=(r >> 40) % 20)
        elif kind == 9:
            w.update(service="vpc_endpoint", endpoints=1 + r % 5, azs=1 + (r >> 8) % 3, data_processed_gb=(r >> 16) % 10000)
        elif kind == 10:
            w.update(service="bedrock", model="anthropic.claude-3-haiku", input_tokens_per_month=r % 10000000,
                     output_tokens_per_month=(r >> 24) % 1000000)
        else:
            w.update(service="cloudtrail", data_events_per_month=r % 10000000)
        workloads.append(w)
    return {"schema": "costmodel/scenario/v1", "name": f"generated-{count}", "workloads": workloads}


# The usage keys a variant scales, per service (bench_estimate's `scaler` scales the same fields).
SCALED = {
    "lambda": ("invocations_per_month", "invocations_per_week"),
    "fargate": ("runs_per_month", "runs_per_week"),
    "glue_job": ("runs_per_month", "runs_per_week"),
    "glue_crawler": ("runs_per_month", "runs_per_week"),
    "glue_catalog": ("objects", "requests_per_month"),
    "athena": ("queries_per_month", "queries_per_week"),
    "s3": ("storage_gb", "put_requests_per_month", "get_requests_per_month"),
    "step_functions": ("transitions_per_month", "requests_per_month"),
    "ecr": ("storage_gb",),
    "bedrock": ("input_tokens_per_month", "output_tokens_per_month"),
    "cloudwatch": ("logs_ingested_gb", "logs_stored_gb", "custom_metrics"),
    "vpc_endpoint": ("data_processed_gb",),
    "nat_gateway": ("data_processed_gb",),
    "cloudtrail": ("data_events_per_month",),
}


def variants(base: dict[str, Any], seed: int, count: int):
    """`count` variants of `base`: each workload's usage × a factor 0.50..20.00 (rounded half-even to 10 places)."""
    random = SplitMix64(seed)
    for _ in range(count):
        variant = copy.deepcopy(base)
        for w in variant["workloads"]:
            f = Decimal(50 + random.next() % 1951) / 100
            for key in SCALED.get(w["service"], ()):
                if key in w:
                    w[key] = str((Decimal(str(w[key])) * f).quantize(TEN_PLACES, rounding=ROUND_HALF_EVEN).normalize())
        yield variant


def parametric(base: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`base` with each workload's scaled usage written as an expression of a parameter f<i>, and the
    parameter names: a sweep row of factors gives exactly the variant `variants` makes."""
    template = copy.deepcopy(base)
    names = [f"f{i}" for i in range(len(template["workloads"]))]
    template["parameters"] = {name: 1 for name in names}
    for name, w in zip(names, template["workloads"]):
        for key in SCALED.get(w["service"], ()):
            if key in w:
                w[key] = f"={name} * {w[key]}"
    return template, names


def factor_rows(base: dict[str, Any], seed: int, count: int) -> list[list[Decimal]]:
    """The factors `variants` draws, one row per variant."""
    random = SplitMix64(seed)
    return [[Decimal(50 + random.next() % 1951) / 100 for _ in base["workloads"]] for _ in range(count)]


# ------------------------------------------------------------------------------------------------ peer

def load_prices() -> dict[tuple[str, str, str], tuple[str, list[tuple[Decimal, Decimal | None, Decimal]]]]:
    """The built-in catalog's us-east-1 prices: (service, usage_type, variant) -> (unit, [(from, to, price)])."""
    prices = {}
    for sku in catalog_document()["skus"]:
        if sku["region"] != "us-east-1":
            continue
        tiers = [(Decimal(t["from"]), None if t["to"] is None else Decimal(t["to"]), Decimal(t["price"])) for t in sku["tiers"]]
        prices[(sku["service"], sku["usage_type"], sku["variant"])] = (sku["unit"], tiers)
    return prices


def rounded(value: Fraction) -> Decimal:
    """An exact non-negative fraction rounded once to 10 fractional digits, half-even."""
    units, rest = divmod(value.numerator * SCALE, value.denominator)
    if 2 * rest > value.denominator or (2 * rest == value.denominator and units % 2 == 1):
        units += 1
    return Decimal(units).scaleb(-10)


def fraction(value: Any) -> Fraction:
    return Fraction(str(value))


def ceil_at_least(value: Fraction, minimum: int) -> Fraction:
    return Fraction(max(math.ceil(value), minimum))


class Peer:
    """Meters and prices a scenario dict: the lines (workload, component, quantity, unit price, cost), the total."""

    def __init__(self) -> None:
        self.prices = load_prices()

    def meter(self, scenario: dict[str, Any]):
        if scenario.get("free_tier") or scenario.get("line_rounding", "none") != "none":
            raise ValueError("the peer prices scenarios without free tiers and line rounding only")
        hours_per_month = fraction(scenario.get("hours_per_month", 730))
        weeks = scenario.get("weeks_per_month", "52/12")
        weeks_per_month = Fraction(52, 12) if weeks == "52/12" else fraction(weeks)

        def monthly(w: dict[str, Any], stem: str) -> Fraction:
            if f"{stem}_per_month" in w:
                return fraction(w[f"{stem}_per_month"])
            return fraction(w[f"{stem}_per_week"]) * weeks_per_month

        def seconds(w: dict[str, Any]) -> Fraction:
            return fraction(w["run_seconds"]) if "run_seconds" in w else fraction(w["run_minutes"]) * 60

        for w in scenario["workloads"]:
            name, service = w["name"], w["service"]
            get = lambda key, default=0: fraction(w.get(key, default))  # noqa: E731
            if service == "lambda":
                arch = w.get("arch", "x86_64")
                invocations = monthly(w, "invocations")
                billed_ms = ceil_at_least(get("duration_ms"), 1)
                execution_seconds = invocations * billed_ms / 1000
                yield name, "requests", ("lambda", "requests", arch), rounded(invocations)
                yield name, "duration", ("lambda", "duration", arch), rounded(execution_seconds * get("memory_mb", 128) / 1024)
                extra_mb = get("ephemeral_storage_mb", 512) - 512
                if extra_mb > 0:
                    yield name, "ephemeral_storage", ("lambda", "ephemeral_storage", arch), rounded(execution_seconds * extra_mb / 1024)
            elif service == "fargate":
                variant = w.get("os", "linux") + "-" + w.get("arch", "x86_64")
                if "hours_per_month" in w:
                    task_seconds = get("hours_per_month") * 3600 * get("tasks", 1)
                else:
                    per_run = ceil_at_least(seconds(w), 300 if w.get("os") == "windows" else 60)
                    task_seconds = monthly(w, "runs") * per_run * get("tasks", 1)
                hours = task_seconds / 3600
                yield name, "vcpu", ("fargate", "vcpu", variant), rounded(hours * get("vcpu"))
                yield name, "memory", ("fargate", "memory", variant), rounded(hours * get("memory_gb"))
                extra = get("ephemeral_storage_gb", 20) - 20
                if extra > 0:
                    yield name, "ephemeral_storage", ("fargate", "ephemeral_storage", ""), rounded(hours * extra)
            elif service == "glue_job":
                legacy = str(w.get("glue_version", "4.0")) in ("0.9", "1.0")
                per_run = ceil_at_least(seconds(w), 600 if legacy else 60)
                dpu = get("dpu") if "dpu" in w else get("workers") * (2 if w["worker_type"] == "G.2X" else 1)
                yield name, "etl", ("glue", "etl", w.get("execution_class", "standard")), rounded(monthly(w, "runs") * per_run * dpu / 3600)
            elif service == "glue_crawler":
                per_run = ceil_at_least(seconds(w), 600)
                yield name, "crawler", ("glue", "crawler", ""), rounded(monthly(w, "runs") * per_run * get("dpu", 1) / 3600)
            elif service == "glue_catalog":
                yield name, "storage", ("glue", "catalog_storage", ""), rounded(get("objects"))
                if get("requests_per_month") > 0:
                    yield name, "requests", ("glue", "catalog_requests", ""), rounded(get("requests_per_month"))
            elif service == "athena":
                billed_mb = ceil_at_least(get("scanned_mb_per_query"), 10)
                yield name, "data_scanned", ("athena", "data_scanned", ""), rounded(monthly(w, "queries") * billed_mb / 1048576)
            elif service == "s3":
                yield name, "storage", ("s3", "storage", w.get("storage_class", "standard")), rounded(get("storage_gb"))
                if get("put_requests_per_month") > 0:
                    yield name, "put_requests", ("s3", "put_requests", ""), rounded(get("put_requests_per_month"))
                if get("get_requests_per_month") > 0:
                    yield name, "get_requests", ("s3", "get_requests", ""), rounded(get("get_requests_per_month"))
            elif service == "step_functions":
                if w.get("type", "standard") != "standard":
                    raise ValueError("the peer prices standard workflows only")
                yield name, "transitions", ("step_functions", "transitions", "standard"), rounded(get("transitions_per_month"))
            elif service == "ecr":
                yield name, "storage", ("ecr", "storage", ""), rounded(get("storage_gb"))
            elif service == "bedrock":
                yield name, "input_tokens", ("bedrock", "input_tokens", w["model"]), rounded(get("input_tokens_per_month"))
                if get("output_tokens_per_month") > 0:
                    yield name, "output_tokens", ("bedrock", "output_tokens", w["model"]), rounded(get("output_tokens_per_month"))
            elif service == "cloudwatch":
                for key, component, usage_type, variant in (
                    ("logs_ingested_gb", "logs_ingestion", "logs_ingestion", ""),
                    ("logs_stored_gb", "logs_storage", "logs_storage", ""),
                    ("custom_metrics", "custom_metrics", "custom_metrics", ""),
                    ("dashboards", "dashboards", "dashboards", ""),
                    ("alarms", "alarms", "alarms", "standard"),
                    ("high_resolution_alarms", "high_resolution_alarms", "alarms", "high_resolution"),
                ):
                    if get(key) > 0:
                        yield name, component, ("cloudwatch", usage_type, variant), rounded(get(key))
            elif service == "vpc_endpoint":
                kind = w.get("type", "interface")
                hours = get("hours_per_month") if "hours_per_month" in w else hours_per_month
                yield name, "endpoint_hours", ("vpc_endpoint", "endpoint_hours", kind), rounded(get("endpoints") * get("azs", 1) * hours)
                if get("data_processed_gb") > 0:
                    yield name, "data_processed", ("vpc_endpoint", "data_processed", kind), rounded(get("data_processed_gb"))
            elif service == "cloudtrail":
                for key, usage_type in (("data_events_per_month", "data_events"),
                                        ("extra_management_events_per_month", "management_events_extra"),
                                        ("insights_events_per_month", "insights_events"), ("lake_ingested_gb", "lake_ingestion")):
                    if get(key) > 0:
                        yield name, usage_type, ("cloudtrail", usage_type, ""), rounded(get(key))
            else:
                raise ValueError(f"the peer does not price {service}")

    def price(self, scenario: dict[str, Any]) -> tuple[list[tuple[str, str, Decimal, Decimal, Decimal]], Decimal]:
        lines = []
        position: dict[tuple[str, str, str], Decimal] = {}
        total = Decimal(0)
        with localcontext() as context:
            context.prec = 80  # every product below is exact before it is rounded once
            for workload, component, key, quantity in self.meter(scenario):
                _unit, tiers = self.prices[key]
                at = position.get(key, Decimal(0))
                remaining = quantity
                emitted = False
                for t, (_start, end, unit_price) in enumerate(tiers):
                    if end is not None and at >= end:
                        continue
                    take = remaining if end is None else min(remaining, end - at)
                    if take == 0 and emitted:
                        break
                    cost = (take * unit_price).quantize(TEN_PLACES, rounding=ROUND_HALF_EVEN)
                    label = f"{component} (tier {t + 1})" if len(tiers) > 1 else component
                    lines.append((workload, label, take, unit_price, cost))
                    total += cost
                    emitted = True
                    at += take
                    remaining -= take
                    if remaining == 0:
                        break
                position[key] = at
        return lines, total


# ------------------------------------------------------------------------------------------- timing

def canonical(value: Decimal) -> str:
    """The text costmodel gives a Decimal: no exponent, no trailing fractional zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def estimate_with_lines(scenario: dict[str, Any]) -> costmodel.Estimate:
    """costmodel.estimate with its lines made into objects: Estimate builds them on first use, and the
    peer returns its lines, so the timing includes them."""
    result = costmodel.estimate(scenario)
    _ = result.lines
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=20251001)
    parser.add_argument("--calls", type=int, default=2000, help="calls timed for the 20-workload estimate")
    parser.add_argument("--example", default=str(ROOT / "examples" / "100k-users.json"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    example = json.loads(pathlib.Path(args.example).read_text())
    big = generated_scenario(args.seed)
    peer = Peer()
    results: dict[str, Any] = {"python": platform.python_version(), "costmodel": costmodel.__version__}

    # The 20-workload estimate from Python: per call, median and best of --calls calls.
    costmodel.estimate(example)
    calls = []
    for _ in range(args.calls):
        _, spent = timed(estimate_with_lines, example)
        calls.append(spent)
    calls.sort()
    results["example_call_us"] = {"median": calls[len(calls) // 2] * 1e6, "best": calls[0] * 1e6,
                                  "workloads": len(example["workloads"])}

    # The 1,000-workload scenario: costmodel from Python and the peer.
    est, spent_cm = timed(estimate_with_lines, big)
    repeats = max(1, int(1.0 / max(spent_cm, 1e-6)))
    start = time.perf_counter()
    for _ in range(repeats):
        est = estimate_with_lines(big)
    spent_cm = (time.perf_counter() - start) / repeats
    (peer_lines, peer_total), spent_peer = timed(peer.price, big)
    repeats = max(1, int(1.0 / max(spent_peer, 1e-6)))
    start = time.perf_counter()
    for _ in range(repeats):
        peer_lines, peer_total = peer.price(big)
    spent_peer = (time.perf_counter() - start) / repeats
    if peer_total != est.total or len(peer_lines) != len(est.lines):
        raise SystemExit(f"peer disagrees on the 1,000-workload scenario: {peer_total} vs {est.total}")
    results["generated"] = {"lines": len(est.lines), "total": canonical(est.total),
                            "costmodel_python_s": spent_cm, "peer_s": spent_peer}

    # The sweep: N variants, from Python and in the peer, with the checksum of the totals.
    cm_lines = cm_spent = 0
    peer_count = 0
    peer_spent = 0.0
    cm_sum = Decimal(0)
    peer_sum = Decimal(0)
    for variant in variants(example, args.seed, args.variants):
        start = time.perf_counter()
        result = estimate_with_lines(variant)
        middle = time.perf_counter()
        lines, total = peer.price(variant)
        end = time.perf_counter()
        cm_spent += middle - start
        peer_spent += end - middle
        cm_lines += len(result.lines)
        peer_count += len(lines)
        cm_sum += result.total
        peer_sum += total
        if total != result.total:
            raise SystemExit(f"peer disagrees on a variant: {total} vs {result.total}")
    results["sweep"] = {"variants": args.variants, "lines": cm_lines, "peer_lines": peer_count,
                        "costmodel_python_s": cm_spent, "peer_s": peer_spent, "checksum": canonical(cm_sum), "peer_checksum": canonical(peer_sum)}

    # The same sweep in one call: Scenario.sweep of a parametric form of the example (the document
    # parsed once, every variant priced in C++ on every core), and estimate_many of the variant dicts.
    template, names = parametric(example)
    rows = factor_rows(example, args.seed, args.variants)
    start = time.perf_counter()
    swept = costmodel.Scenario(template).sweep(dict(zip(names, zip(*rows))))
    sweep_spent = time.perf_counter() - start
    swept_sum = sum(swept.totals.column("total"), Decimal(0))
    start = time.perf_counter()
    batch = costmodel.estimate_many(list(variants(example, args.seed, args.variants)))
    many_spent = time.perf_counter() - start
    many_sum = sum(batch.totals.column("total"), Decimal(0))
    if swept_sum != peer_sum or many_sum != peer_sum:
        raise SystemExit(f"batch checksums differ: sweep {swept_sum}, estimate_many {many_sum}, peer {peer_sum}")
    results["batch"] = {"variants": args.variants, "lines": len(swept.lines), "sweep_s": sweep_spent, "estimate_many_s": many_spent}

    if args.json:
        print(json.dumps(results))
        return 0
    g, s = results["generated"], results["sweep"]
    print(f"Python {results['python']}, costmodel {results['costmodel']}\n")
    print(f"20-workload estimate from Python: median {results['example_call_us']['median']:.0f} us, "
          f"best {results['example_call_us']['best']:.0f} us per call")
    print(f"{'case':<44}{'lines/s':>14}")
    print(f"{'1,000 workloads, costmodel from Python':<44}{g['lines'] / g['costmodel_python_s']:>14,.0f}")
    print(f"{'1,000 workloads, peer (Python decimal)':<44}{g['lines'] / g['peer_s']:>14,.0f}")
    print(f"{'sweep, costmodel from Python':<44}{s['lines'] / s['costmodel_python_s']:>14,.0f}")
    print(f"{'sweep, peer (Python decimal)':<44}{s['peer_lines'] / s['peer_s']:>14,.0f}")
    b = results["batch"]
    peer_rate = s["peer_lines"] / s["peer_s"]
    print(f"{'sweep, Scenario.sweep (one call)':<44}{b['lines'] / b['sweep_s']:>14,.0f}  {b['lines'] / b['sweep_s'] / peer_rate:6.1f}x the peer")
    print(f"{'sweep, estimate_many of the dicts':<44}{b['lines'] / b['estimate_many_s']:>14,.0f}  {b['lines'] / b['estimate_many_s'] / peer_rate:6.1f}x the peer")
    print(f"\n1,000-workload total {g['total']}; sweep checksum {s['checksum']} (peer {s['peer_checksum']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

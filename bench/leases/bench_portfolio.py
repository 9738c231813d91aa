"""Service anomalies and the month's chargeback over a portfolio of lease records, against seed 001's
own functions over the same leases.

    .venv/bin/python bench/leases/bench_portfolio.py [--leases 10000] [--month 2024-12] [--repeat 3]

The records: scripts/generate-lease-portfolio.py (deterministic, six months, the seed's org units and
templates), also written into a SQLite lease store in a temporary directory (with each lease's earlier
collections, so the store holds its history as the collector leaves it). costmodel is timed two ways:
(a) from the form the library holds a portfolio in: the store's current records read as columns
(`SqliteStore.current_columns()`, timed on its own line), then `service_anomalies(columns)` (each lease
against the exact mean of its earlier leases of the same template) and `chargeback_csv(columns,
month=...)`; (b) from record dicts, as the seed's functions start: `service_anomalies(records)` and
`chargeback_csv(chargeback(records, month=...))`. The peer: the seed's `analyze_service_costs` per lease,
with its `get_avg_service_cost` (which the seed calls but never shows) answered from a running mean per
(template, service) kept in a dict — the cheapest the seed's lookup could be — and the seed's
`chargeback_csv` over the month's items (by end date, as costmodel's default). Timed best of --repeat;
every costmodel result is checked against the others (the same anomalies, the same CSV text).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "leases"))
from seed_001 import analyze_service_costs, chargeback_csv  # noqa: E402

import costmodel.leases as leases  # noqa: E402


def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_lease_portfolio", ROOT / "scripts" / "generate-lease-portfolio.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def best_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leases", type=int, default=10_000)
    parser.add_argument("--month", default="2024-12")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    records = generator().generate(args.leases, 1, "2024-08", 6)
    ordered = sorted(records, key=lambda r: (r["endDate"], r["collectedAt"], r["leaseId"]))
    # the seed's items: what persist_cost_data would have stored (floats, JSON strings), plus the
    # chargeback's attributes it reads
    items = [{"leaseId": {"S": r["leaseId"]}, "accountId": {"S": r["accountId"]}, "orgUnit": {"S": r["orgUnit"] or ""},
              "ownerId": {"S": r["ownerId"]}, "startDate": r["startDate"], "endDate": r["endDate"],
              "duration": {"N": str(r["duration"])}, "budget": {"N": str(float(r["budget"] or 0))},
              "totalCost": {"N": str(float(r["totalCost"]))}, "variance": {"N": str(float(r["variance"] or 0))},
              "topServices": json.dumps([{"service": s["service"], "cost": float(s["cost"])} for s in r["topServices"]]),
              "template": r["template"]} for r in ordered]

    def peer_anomalies():  # type: ignore[no-untyped-def]
        sums: dict[tuple[str, str], list[float]] = {}
        found = 0
        for item in items:
            template = item["template"]

            def get_avg_service_cost(service: str) -> float:
                total, count = sums.get((template, service), (0.0, 0))
                return total / count if count else float("nan")  # no history: the seed would divide by 0

            result = analyze_service_costs(item, get_avg_service_cost)
            found += result["anomaliesDetected"]
            for s in json.loads(item["topServices"]):
                entry = sums.setdefault((template, s["service"]), [0.0, 0])
                entry[0] += s["cost"]
                entry[1] += 1
        return found

    first, last = f"{args.month}-01", f"{args.month}-31"

    def peer_chargeback():  # type: ignore[no-untyped-def]
        month = [i for i in items if first <= i["endDate"] <= last]
        return chargeback_csv(month, str)

    def ours_anomalies():  # type: ignore[no-untyped-def]
        frame = leases.service_anomalies(records, by=("template",), only=True)
        return len(frame)

    def ours_chargeback():  # type: ignore[no-untyped-def]
        return leases.chargeback_csv(leases.chargeback(records, month=args.month))

    with tempfile.TemporaryDirectory() as directory:
        store = leases.SqliteStore(os.path.join(directory, "portfolio.sqlite"))
        for collection in generator().history(records):  # each lease's earlier collections too, as the store keeps them
            store.put_collection(collection)
        read_s, columns = best_of(args.repeat, store.current_columns)
        dicts_s, _ = best_of(args.repeat, lambda: list(store.current_records()))
        store.close()

    def columns_anomalies():  # type: ignore[no-untyped-def]
        return len(leases.service_anomalies(columns, by=("template",), only=True))

    def columns_chargeback():  # type: ignore[no-untyped-def]
        return leases.chargeback_csv(columns, month=args.month)

    def columns_frame_chargeback():  # type: ignore[no-untyped-def]
        return leases.chargeback_csv(leases.chargeback(columns, month=args.month))

    peer_a, found_peer = best_of(args.repeat, peer_anomalies)
    ours_a, found_ours = best_of(args.repeat, ours_anomalies)
    cols_a, found_cols = best_of(args.repeat, columns_anomalies)
    peer_c, csv_peer = best_of(args.repeat, peer_chargeback)
    ours_c, csv_ours = best_of(args.repeat, ours_chargeback)
    cols_c, csv_cols = best_of(args.repeat, columns_chargeback)
    cols_fc, csv_cols_frame = best_of(args.repeat, columns_frame_chargeback)
    assert found_cols == found_ours and csv_cols == csv_ours == csv_cols_frame, "the two ways disagree"
    load = os.getloadavg()
    print(f"portfolio: {len(records):,} lease records, chargeback of {args.month} "
          f"({csv_ours.count(chr(10)) - 1:,} leases in costmodel's, {csv_peer.count(chr(10)):,} in the seed's); "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    print(f"  store read          current_columns() {read_s:7.4f} s   (current_records() as dicts {dicts_s:7.4f} s)")

    def line(what: str, ours: float, peer: float, note: str = "") -> None:
        print(f"  {what:<34} costmodel {ours:8.4f} s  seed {peer:8.4f} s  peer / costmodel {peer / ours:7.2f}x{note}")

    line("anomalies (a) from columns", cols_a, peer_a, f"  (anomalies found: {found_cols} and {found_peer})")
    line("anomalies (b) from dicts", ours_a, peer_a)
    line("chargeback CSV (a) from columns", cols_c, peer_c)
    line("  (a) via the chargeback frame", cols_fc, peer_c)
    line("chargeback CSV (b) from dicts", ours_c, peer_c)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lease reports in batches against the seed's ``analyze_costs`` run per lease.

    .venv/bin/python bench/leases/bench_lease_reports.py [--leases 10000] [--days 30] [--services 50] [--regions 5]

The data (splitmix64, bench/splitmix.py): leases of --days days on distinct accounts, each day of each
account with --services services, each service in one of --regions regions, amounts with 10
fractional digits. Leases are batched by 100 accounts, as the collector queries them.

- costmodel: per batch, the two batched responses (GroupBy [LINKED_ACCOUNT, SERVICE] and
  [LINKED_ACCOUNT, REGION]) as dicts, read (costmodel.read_cost_explorer) and reported
  (costmodel.lease_reports), then every lease's contract document (to_dicts). Timed as read + report
  + documents, and the report alone.
- the peer: the seed's analyze_costs (float sums, its rounding; bench/leases/seed_001.py), over each lease's own
  response (GroupBy [SERVICE, REGION]) as a parsed dict — the work without the request.

Prints both times, the ratio (peer ÷ costmodel; above 1 means costmodel is faster), and how many
leases' totals differ between the seed's float sum and the exact one at the cent.
"""

from __future__ import annotations

import argparse
import datetime
import pathlib
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from splitmix import SplitMix64  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from seed_001 import analyze_costs  # noqa: E402  (the seed's function, as it prints it)

import costmodel  # noqa: E402


def batch_data(rng: SplitMix64, accounts: list[str], days: list[str], services: int, regions: int):
    """(by_service, by_region, per-lease responses) for one batch."""
    service_names = [f"Service {s:02d}" for s in range(services)]
    region_names = [f"region-{r}" for r in range(regions)]
    by_service, by_region = [], []
    per_lease = {a: [] for a in accounts}
    for day in days:
        end = (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()
        s_groups, r_groups = [], []
        for account in accounts:
            lease_groups = []
            region_sum = [0] * regions
            for s, name in enumerate(service_names):
                units = rng.next() % 10_000_000_000_000  # up to 1,000.0000000000
                amount = f"{units // 10**10}.{units % 10**10:010d}"
                region = (s + rng.next() % 2) % regions
                region_sum[region] += units
                metric = {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}
                s_groups.append({"Keys": [account, name], "Metrics": metric})
                lease_groups.append({"Keys": [name, region_names[region]], "Metrics": metric})
            for r, units in enumerate(region_sum):
                amount = f"{units // 10**10}.{units % 10**10:010d}"
                r_groups.append({"Keys": [account, region_names[r]], "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}})
            per_lease[account].append({"TimePeriod": {"Start": day, "End": end}, "Total": {}, "Groups": lease_groups,
                                       "Estimated": False})
        by_service.append({"TimePeriod": {"Start": day, "End": end}, "Total": {}, "Groups": s_groups, "Estimated": False})
        by_region.append({"TimePeriod": {"Start": day, "End": end}, "Total": {}, "Groups": r_groups, "Estimated": False})
    definitions = lambda *keys: [{"Type": "DIMENSION", "Key": k} for k in keys]  # noqa: E731
    return ({"GroupDefinitions": definitions("LINKED_ACCOUNT", "SERVICE"), "ResultsByTime": by_service},
            {"GroupDefinitions": definitions("LINKED_ACCOUNT", "REGION"), "ResultsByTime": by_region},
            {a: {"GroupDefinitions": definitions("SERVICE", "REGION"), "ResultsByTime": r} for a, r in per_lease.items()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leases", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--regions", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100, help="accounts per batched query (Cost Explorer allows 100)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    rng = SplitMix64(args.seed)
    first = datetime.date(2025, 6, 1)
    days = [(first + datetime.timedelta(days=i)).isoformat() for i in range(args.days)]
    ours_total = ours_report = ours_documents = peer_total = 0.0
    differ = 0
    rows = 0
    for start in range(0, args.leases, args.batch):
        accounts = [f"{100000000000 + i}" for i in range(start, min(start + args.batch, args.leases))]
        leases = [{"leaseId": f"lease-{a}", "accountId": a, "startDate": days[0], "endDate": days[-1], "budget": "15000"}
                  for a in accounts]
        by_service, by_region, per_lease = batch_data(rng, accounts, days, args.services, args.regions)

        began = time.perf_counter()
        service_table = costmodel.read_cost_explorer(by_service)
        region_table = costmodel.read_cost_explorer(by_region)
        reported = time.perf_counter()
        reports = costmodel.lease_reports(service_table, leases, by_region=region_table)
        report_done = time.perf_counter()
        documents = reports.to_dicts()
        ended = time.perf_counter()
        ours_total += ended - began
        ours_report += report_done - reported
        ours_documents += ended - reported
        rows += service_table.num_rows + region_table.num_rows

        began = time.perf_counter()
        seed = [analyze_costs(per_lease[lease["accountId"]], {**lease, "budget": 15000}) for lease in leases]
        peer_total += time.perf_counter() - began

        for ours, theirs in zip(documents, seed):
            if Decimal(ours["totalCost"]) != Decimal(repr(theirs["totalCost"])).quantize(Decimal("0.01"), ROUND_HALF_UP):
                differ += 1
    print(f"lease reports: {args.leases:,} leases x {args.days} days x {args.services} services "
          f"({rows:,} table rows), batches of {args.batch}")
    print(f"  costmodel read + report + documents: {ours_total:8.3f} s  ({args.leases / ours_total:,.0f} leases/s)")
    print(f"  costmodel report alone:              {ours_report:8.3f} s  ({args.leases / ours_report:,.0f} leases/s)")
    print(f"  costmodel report + documents:        {ours_documents:8.3f} s  ({args.leases / ours_documents:,.0f} leases/s)")
    print(f"  seed analyze_costs per lease (dicts): {peer_total:7.3f} s  ({args.leases / peer_total:,.0f} leases/s)")
    print(f"  ratio peer / costmodel: {peer_total / ours_total:.2f}x (read + report + documents), "
          f"{peer_total / ours_documents:.1f}x (report + documents, from the read table), "
          f"{peer_total / ours_report:.1f}x (report alone)")
    print(f"  leases whose seed totalCost differs from the exact one at the cent: {differ}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

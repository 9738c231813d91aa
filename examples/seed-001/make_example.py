"""Writes lease-001.json: the Cost Explorer response for lease-001 of seed 001's chargeback example
(account 123456789012, 2024-01-01 … 2024-01-31, budget £1000, actual cost £856.34), as
`aws ce get-cost-and-usage --granularity DAILY --metrics UnblendedCost --group-by Type=DIMENSION,Key=SERVICE
Type=DIMENSION,Key=REGION --time-period Start=2024-01-01,End=2024-02-01` would print it. The amounts are
made up, chosen so that the figures of docs/auditing-seed-001.md can be checked by hand:

- the 31 days sum to exactly 856.34, and the last day (2024-01-31) costs 27.62;
- 2024-01-15 costs exactly 27.625, a tie at the half cent;
- every amount has at most four fractional digits.

Run: python examples/seed-001/make_example.py (writes next to itself; deterministic).
"""

from __future__ import annotations

import datetime
import json
import pathlib
from decimal import Decimal

SERVICES = [  # (service, region, base daily cost)
    ("Amazon Elastic Compute Cloud - Compute", "eu-west-2", Decimal("11.4210")),
    ("Amazon Relational Database Service", "eu-west-2", Decimal("6.3300")),
    ("Amazon Simple Storage Service", "eu-west-2", Decimal("3.1175")),
    ("Amazon Virtual Private Cloud", "eu-west-2", Decimal("2.5400")),
    ("AWS Lambda", "eu-west-2", Decimal("1.2050")),
    ("AmazonCloudWatch", "eu-west-2", Decimal("0.8115")),
    ("Amazon CloudFront", "global", Decimal("0.6200")),
    ("Amazon Simple Storage Service", "us-east-1", Decimal("0.2350")),
]


def day_costs(index: int) -> list[Decimal]:
    # a weekday pattern: weekends cost less on compute and databases
    weekend = (datetime.date(2024, 1, 1) + datetime.timedelta(days=index)).weekday() >= 5
    costs = []
    for position, (_, _, base) in enumerate(SERVICES):
        factor = Decimal("0.6") if weekend and position < 2 else Decimal(1)
        wobble = Decimal((index * 7 + position * 3) % 11 - 5) / Decimal(1000)
        costs.append((base * factor + wobble).quantize(Decimal("0.0001")))
    return costs


def main() -> None:
    days = [day_costs(i) for i in range(31)]
    # 2024-01-15 (index 14) to exactly 27.625: adjust its compute line
    days[14][0] += Decimal("27.625") - sum(days[14])
    # 2024-01-31 (index 30) to exactly 27.62
    days[30][0] += Decimal("27.62") - sum(days[30])
    # the month to exactly 856.34: adjust a middle day's database line (index 9, not 14 or 30)
    days[9][1] += Decimal("856.34") - sum(sum(d) for d in days)
    assert sum(sum(d) for d in days) == Decimal("856.34") and sum(days[30]) == Decimal("27.62")
    assert sum(days[14]) == Decimal("27.625") and all(c > 0 for d in days for c in d)
    results = []
    for i, costs in enumerate(days):
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=i)
        results.append({
            "TimePeriod": {"Start": start.isoformat(), "End": (start + datetime.timedelta(days=1)).isoformat()},
            "Total": {},
            "Groups": [{"Keys": [service, region], "Metrics": {"UnblendedCost": {"Amount": str(cost), "Unit": "GBP"}}}
                       for (service, region, _), cost in zip(SERVICES, costs)],
            "Estimated": False,
        })
    document = {
        "GroupDefinitions": [{"Type": "DIMENSION", "Key": "SERVICE"}, {"Type": "DIMENSION", "Key": "REGION"}],
        "ResultsByTime": results,
        "DimensionValueAttributes": [],
    }
    path = pathlib.Path(__file__).with_name("lease-001.json")
    path.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()

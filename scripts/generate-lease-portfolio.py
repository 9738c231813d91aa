#!/usr/bin/env python3
"""A synthetic, deterministic portfolio of sandbox leases as lease records (python/costmodel/leases/_record.py),
one JSON object per line, for the portfolio analysis and the chargeback (docs/leases.md).

    python scripts/generate-lease-portfolio.py OUT.jsonl [--leases 1000] [--seed 1] [--start 2024-08] [--months 6] [--history]

What the portfolio holds, so that each analysis has something to find:
- leases ending over six months (August 2024 … January 2025 by default), more of them each month, so
  the monthly spend rises as in the seed's six-month trend;
- the seed's five org units (Innovation, Digital Services, Data & Analytics, Security, Infrastructure)
  and about 120 owners, each in one org unit;
- five templates (web-app, data-pipeline, ml-training, serverless-api, security-lab), each with its
  daily spend and its mix of services under their Cost Explorer names (EC2, S3, RDS, Lambda, VPC for
  NAT gateways, DynamoDB, Glue, Athena, API Gateway, CloudWatch, GuardDuty, EC2 - Other);
- budgets in GBP set above each lease's expected cost (some with pence, such as 1250.50; a few leases
  without a budget), and about one lease in twelve pushed to 1.5 … 2.8 times its expected cost (budgets are 1.1 … 1.6 times it);
- an owner (owner-0007) whose last five leases each cost more than the one before;
- an anomaly: one web-app lease in December with about twelve times the usual NAT gateway spend;
- the leases that end in the last two days are still being collected: their last day is Estimated.

Every amount is a decimal string computed in integer pence: each day of each service is a whole number
of pence from splitmix64 (bench/splitmix.py), and the totals are exact sums. The report fields follow
the contract's rules (variance, variancePercent half-up to one place, status at 0 %, 10 %, 50 %).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from splitmix import SplitMix64  # noqa: E402

EC2 = "Amazon Elastic Compute Cloud - Compute"
EC2_OTHER = "EC2 - Other"
S3 = "Amazon Simple Storage Service"
RDS = "Amazon Relational Database Service"
LAMBDA = "AWS Lambda"
VPC = "Amazon Virtual Private Cloud"   # NAT gateways
DYNAMODB = "Amazon DynamoDB"
GLUE = "AWS Glue"
ATHENA = "Amazon Athena"
API_GATEWAY = "Amazon API Gateway"
CLOUDWATCH = "AmazonCloudWatch"
GUARDDUTY = "Amazon GuardDuty"

ORG_UNITS = [("Innovation", 45), ("Digital Services", 38), ("Data & Analytics", 32), ("Security", 22), ("Infrastructure", 10)]
# template: (daily spend in pence on a weekday, {service: share in per mille})
TEMPLATES = {
    "web-app": (3000, {EC2: 450, RDS: 250, S3: 100, VPC: 80, EC2_OTHER: 50, CLOUDWATCH: 40, LAMBDA: 30}),
    "data-pipeline": (4500, {S3: 300, GLUE: 250, EC2: 150, LAMBDA: 100, ATHENA: 100, VPC: 100}),
    "ml-training": (8000, {EC2: 700, S3: 120, EC2_OTHER: 100, VPC: 80}),
    "serverless-api": (1200, {LAMBDA: 400, DYNAMODB: 250, API_GATEWAY: 200, CLOUDWATCH: 100, S3: 50}),
    "security-lab": (800, {EC2: 400, GUARDDUTY: 200, VPC: 200, CLOUDWATCH: 100, S3: 100}),
}
# which templates each org unit's leases use (weights)
ORG_TEMPLATES = {
    "Innovation": [("web-app", 4), ("ml-training", 2), ("serverless-api", 3)],
    "Digital Services": [("web-app", 5), ("serverless-api", 4)],
    "Data & Analytics": [("data-pipeline", 5), ("ml-training", 3)],
    "Security": [("security-lab", 5), ("serverless-api", 1)],
    "Infrastructure": [("security-lab", 2), ("web-app", 1)],
}
REGIONS = [("eu-west-2", 80), ("eu-west-1", 15), ("us-east-1", 5)]
OWNERS = 120
RISING_OWNER = 7
CENT = Decimal("0.01")


class Draw:
    def __init__(self, seed: int) -> None:
        self.rng = SplitMix64(seed)

    def below(self, n: int) -> int:
        return self.rng.next() % n

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + self.below(high - low + 1)

    def weighted(self, choices: list[tuple[str, int]]) -> str:
        pick = self.below(sum(w for _, w in choices))
        for value, weight in choices:
            if pick < weight:
                return value
            pick -= weight
        raise AssertionError


def pence(amount: int) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount) // 100}.{abs(amount) % 100:02d}"


def half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded half-up (away from zero), denominator > 0."""
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def months(start: str, count: int) -> list[tuple[int, int]]:
    year, month = (int(part) for part in start.split("-"))
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def lease_costs(draw: Draw, template: str, days: list[dt.date], scale: int = 1000,
                boost: dict[str, int] | None = None) -> dict[str, list[int]]:
    """Pence per service per day: the template's weekday spend (weekends 60 %), its shares, ±40 % noise a
    day, times scale/1000, and a service multiplied by boost[service]."""
    base, shares = TEMPLATES[template]
    costs: dict[str, list[int]] = {service: [] for service in shares}
    for day in days:
        weekday = 1000 if day.weekday() < 5 else 600
        level = draw.between(600, 1400)
        for service, share in shares.items():
            noise = draw.between(700, 1300)
            amount = base * weekday * level * share * noise * scale // (1000 * 1000 * 1000 * 1000 * 1000)
            costs[service].append(amount * (boost or {}).get(service, 1))
    return costs


def record(index: int, owner: int, org: str, template: str, start: dt.date, end: dt.date, costs: dict[str, list[int]],
           budget: int | None, home: str, estimated_last: bool) -> dict:
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    daily = [sum(costs[s][k] for s in costs) for k in range(len(days))]
    total = sum(daily)
    services = sorted(((s, sum(v)) for s, v in costs.items()), key=lambda item: (-item[1], item[0]))
    regions: dict[str, int] = {}
    for service, amount in services:
        region = "us-east-1" if service == EC2 and template == "ml-training" and index % 3 == 0 else home
        regions[region] = regions.get(region, 0) + amount
    top_regions = sorted(regions.items(), key=lambda item: (-item[1], item[0]))
    if budget is None:
        variance = percent = status = over = None
    else:
        v = total - budget
        over = total > budget
        variance = pence(v)
        percent = f"{Decimal(half_up(v * 1000, budget)) / 10:.1f}" if budget else None  # as the store keeps it: "-40.0"
        if budget == 0:
            status = "alert" if total > 0 else "compliant"
        else:
            status = "alert" if 2 * v > budget else "flag" if 10 * v > budget else "over" if v > 0 else "compliant"
    collected = dt.datetime.combine(end + dt.timedelta(days=1 if estimated_last else 3), dt.time(10, 0),
                                    tzinfo=dt.timezone.utc)
    return {
        "leaseId": f"lease-{index:04d}",
        "accountId": f"{600000000000 + index * 7919:012d}",
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "ownerId": f"owner-{owner:04d}",
        "ownerEmail": f"user{owner}@example.gov.uk",
        "orgUnit": org,
        "template": template,
        "tags": {"costCentre": "CC-" + "".join(w[0] for w in org.split() if w[0].isalpha()), "template": template},
        "collectedAt": int(collected.timestamp()),
        "collection": 1 if estimated_last else 3,
        "dataSource": "ESTIMATED" if estimated_last else "ACTUAL",
        "estimatedDays": [end.isoformat()] if estimated_last else [],
        "final": not estimated_last,
        "finalCost": None if estimated_last else pence(total),
        "currency": "GBP",
        "totalCost": pence(total),
        "budget": None if budget is None else pence(budget),
        "overBudget": over,
        "variance": variance,
        "variancePercent": percent,
        "status": status,
        "duration": len(days),
        "costPerDay": pence(half_up(total, len(days))) if days else None,
        "dailyCosts": [{"date": d.isoformat(), "cost": pence(c)} for d, c in zip(days, daily)],
        "topServices": [{"service": s, "cost": pence(c)} for s, c in services[:10]],
        "topRegions": [{"region": r, "cost": pence(c)} for r, c in top_regions[:5]],
        "chargebackGenerated": False,
        "chargebackAmount": None,
        "chargebackDate": None,
    }


def history(records: list[dict]) -> list[dict]:
    """Each lease's collections in the order the collector writes them: a final lease collected at 24, 48
    and 72 hours (collections 1, 2 and 3, a day apart, the last the record itself), one still estimated
    once. The records a lease store accepts as they are given (``put_collection`` one by one)."""
    out = []
    for current in records:
        for number in range(1, current["collection"] + 1):
            out.append({**current, "collection": number,
                        "collectedAt": current["collectedAt"] - 86400 * (current["collection"] - number)})
    return out


def budget_for(draw: Draw, template: str, days: int) -> int | None:
    """A budget above the expected cost: 1.1 … 1.6 times it, rounded up to £50, now and then with 50p."""
    if draw.below(50) == 0:
        return None
    base, _ = TEMPLATES[template]
    expected = base * days * 886 // 1000  # weekends at 60 %: 5/7 + 2/7 × 0.6 ≈ 0.886
    budget = expected * draw.between(110, 160) // 100
    budget = -(-budget // 5000) * 5000
    if draw.below(10) == 0:
        budget += 50
    return budget


def generate(count: int, seed: int, start: str, month_count: int) -> list[dict]:
    draw = Draw(seed)
    span = months(start, month_count)
    owners = {n: draw.weighted(ORG_UNITS) for n in range(1, OWNERS + 1)}
    owners[RISING_OWNER] = "Innovation"
    records = []
    month_weights = [(str(k), 10 + 4 * k) for k in range(len(span))]  # more leases each month
    last_day = dt.date(*span[-1], calendar.monthrange(*span[-1])[1])
    rising = 5
    anomaly_done = False
    for index in range(1, count + 1):
        year, month = span[int(draw.weighted(month_weights))]
        end = dt.date(year, month, draw.between(1, calendar.monthrange(year, month)[1]))
        length = draw.between(5, 40)
        owner = draw.between(1, OWNERS)
        if owner == RISING_OWNER:
            owner += 1  # owner-0007 has only the five leases below
        scale, boost = 1000, None
        if index <= rising:  # owner-0007's last five leases, each about 20 % dearer than the one before
            owner = RISING_OWNER
            end = dt.date(*span[-rising + index - 1], 20) if len(span) >= rising else end
            length = 20
            scale = 800 + 200 * index
        org = owners[owner]
        template = "web-app" if owner == RISING_OWNER else draw.weighted(ORG_TEMPLATES[org])
        if not anomaly_done and template == "web-app" and (year, month) == span[min(4, len(span) - 1)] and index > rising:
            boost = {VPC: 12}  # a NAT gateway left processing traffic
            length = 30
            anomaly_done = True
        begin = end - dt.timedelta(days=length - 1)
        days = [begin + dt.timedelta(days=k) for k in range(length)]
        budget = budget_for(draw, template, length)
        if index <= rising:
            budget = 1500 * 100
        elif boost is None and draw.below(12) == 0:
            scale = draw.between(1500, 2800)  # 1.5 … 2.8 times the expected cost, against budgets of 1.1 … 1.6 times it
        costs = lease_costs(draw, template, days, scale, boost)
        home = draw.weighted(REGIONS)
        estimated = (last_day - end).days < 2
        records.append(record(index, owner, org, template, begin, end, costs, budget, home, estimated))
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="the JSON-lines file to write ('-': standard output)")
    parser.add_argument("--leases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", default="2024-08", help="the first month, YYYY-MM")
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--history", action="store_true",
                        help="write every collection of each lease (1, 2, 3 a day apart), oldest first, "
                             "as a store holds them; without it, each lease's current record only")
    args = parser.parse_args(argv)
    records = generate(args.leases, args.seed, args.start, args.months)
    written = history(records) if args.history else records
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in written)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        total = sum((Decimal(r["totalCost"]) for r in records), Decimal(0))
        print(f"{args.output}: {len(records)} leases, {total.quantize(CENT, ROUND_HALF_UP)} GBP", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

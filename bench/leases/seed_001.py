"""The Python functions of seed 001 ("ISB Cost Tracking System"), as the seed prints them, for the
benchmark's peer and for docs/auditing-seed-001.md.

Only what talks to AWS is changed: the functions take the Cost Explorer response or the DynamoDB items
as arguments instead of calling boto3, and `get_avg_service_cost` (which the seed calls but never shows)
is a parameter. Every line of arithmetic, rounding, date handling and CSV writing is the seed's own.
"""

from __future__ import annotations

import json
from datetime import datetime


def lease_query_dates(start_date: int, end_date: int) -> tuple[str, str]:
    """lambda_handler's date conversion: epoch seconds to Cost Explorer's Start and (exclusive) End, in the
    machine's local time zone."""
    start = datetime.fromtimestamp(start_date).strftime('%Y-%m-%d')
    end = datetime.fromtimestamp(end_date).strftime('%Y-%m-%d')
    return start, end


def analyze_costs(cost_data, lease_context):
    """
    Parse Cost Explorer response and calculate breakdowns.
    """

    total_cost = 0.0
    daily_costs = []
    service_breakdown = {}
    region_breakdown = {}

    for day in cost_data['ResultsByTime']:
        date = day['TimePeriod']['Start']
        day_total = 0.0

        for group in day['Groups']:
            service = group['Keys'][0]
            region = group['Keys'][1]
            amount = float(group['Metrics']['UnblendedCost']['Amount'])

            day_total += amount
            total_cost += amount

            # Aggregate by service
            service_breakdown[service] = service_breakdown.get(service, 0.0) + amount

            # Aggregate by region
            region_breakdown[region] = region_breakdown.get(region, 0.0) + amount

        daily_costs.append({
            'date': date,
            'cost': round(day_total, 2)
        })

    # Sort breakdowns by cost
    top_services = sorted(service_breakdown.items(), key=lambda x: x[1], reverse=True)[:10]
    top_regions = sorted(region_breakdown.items(), key=lambda x: x[1], reverse=True)[:5]

    # Calculate cost per day
    duration_days = len(daily_costs)
    cost_per_day = total_cost / duration_days if duration_days > 0 else 0.0

    return {
        'leaseId': lease_context['leaseId'],
        'accountId': lease_context['accountId'],
        'totalCost': round(total_cost, 2),
        'budget': lease_context.get('budget', 0),
        'overBudget': total_cost > lease_context.get('budget', float('inf')),
        'variance': round(total_cost - lease_context.get('budget', 0), 2),
        'variancePercent': round((total_cost / lease_context.get('budget', 1) - 1) * 100, 1),
        'duration': duration_days,
        'costPerDay': round(cost_per_day, 2),
        'dailyCosts': daily_costs,
        'topServices': [{'service': s, 'cost': round(c, 2)} for s, c in top_services],
        'topRegions': [{'region': r, 'cost': round(c, 2)} for r, c in top_regions],
        'collectedAt': int(datetime.utcnow().timestamp())
    }


def analyze_service_costs(cost_data, get_avg_service_cost):
    """
    Detect abnormal service spending.
    """

    services = json.loads(cost_data['topServices'])
    anomalies = []

    for svc in services:
        # Get historical avg for this service
        avg_cost = get_avg_service_cost(svc['service'])

        if svc['cost'] > avg_cost * 2:  # 2x above average
            anomalies.append({
                'service': svc['service'],
                'cost': svc['cost'],
                'expected': avg_cost,
                'deviation': round(svc['cost'] / avg_cost, 2)
            })

    return {
        'anomaliesDetected': len(anomalies),
        'anomalies': anomalies
    }


def chargeback_range(year, month):
    """generate_monthly_chargeback's month boundaries."""
    start_ts = int(datetime(year, month, 1).timestamp())
    end_ts = int(datetime(year, month + 1, 1).timestamp())
    return start_ts, end_ts


def chargeback_csv(items, format_date):
    """generate_monthly_chargeback's CSV, over the items one Scan page returned (`response['Items']`)."""
    csv_data = ['OrgUnit,OwnerEmail,LeaseID,AccountID,StartDate,EndDate,Duration,Budget,ActualCost,Variance']

    for item in items:
        row = [
            item['orgUnit']['S'],
            item['ownerId']['S'],
            item['leaseId']['S'],
            item['accountId']['S'],
            format_date(item['startDate']),
            format_date(item['endDate']),
            item['duration']['N'],
            f"£{item['budget']['N']}",
            f"£{item['totalCost']['N']}",
            f"£{item['variance']['N']}"
        ]
        csv_data.append(','.join(row))

    return '\n'.join(csv_data)


def persist_item(lease_id, account_id, analysis):
    """persist_cost_data's DynamoDB item."""
    return {
        'leaseId': {'S': lease_id},
        'accountId': {'S': account_id},
        'totalCost': {'N': str(analysis['totalCost'])},
        'budget': {'N': str(analysis['budget'])},
        'overBudget': {'BOOL': analysis['overBudget']},
        'variance': {'N': str(analysis['variance'])},
        'variancePercent': {'N': str(analysis['variancePercent'])},
        'duration': {'N': str(analysis['duration'])},
        'costPerDay': {'N': str(analysis['costPerDay'])},
        'dailyCosts': {'S': json.dumps(analysis['dailyCosts'])},
        'topServices': {'S': json.dumps(analysis['topServices'])},
        'topRegions': {'S': json.dumps(analysis['topRegions'])},
        'collectedAt': {'N': str(analysis['collectedAt'])},
        'dataSource': {'S': 'AWS_COST_EXPLORER'}
    }

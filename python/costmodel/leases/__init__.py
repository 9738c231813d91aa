"""Lease cost tracking (seed 001, docs/leases.md): the cost of each sandbox lease from Cost Explorer,
collected progressively after the lease ends, kept in a store (SQLite by default, DynamoDB in
production), checked against its budget while it runs, analysed across the portfolio, and charged
back monthly.
"""

from __future__ import annotations

from ._record import RECORD_KEYS, REPORT_KEYS, DailyCost, LeaseRecord, RegionCost, ServiceCost
# Lease reports: the forecast of a running lease's final cost
from ._forecast import Forecast, forecast_final_cost

__all__ = [
    "RECORD_KEYS",
    "REPORT_KEYS",
    "DailyCost",
    "LeaseRecord",
    "RegionCost",
    "ServiceCost",
    # Lease reports
    "Forecast",
    "forecast_final_cost",
]

"""The record of one cost collection of one lease: what the store keeps, the collector writes, and the
chargeback and portfolio analysis read (docs/leases.md).

A record is the lease report of ../contracts actuals-v1 ("Lease cost report": ``leaseId`` … ``status``)
plus the lease's metadata and the collection's bookkeeping. Amounts are decimal strings with two
fractional digits (the report's cents, rounded half-up at the output only), never floats. A lease has
one record per collection (24, 48 and 72 hours after termination, and any re-collection): the history
is kept; the newest one is the lease's current figure.
"""

from __future__ import annotations

from typing import Literal, TypedDict


class DailyCost(TypedDict):
    date: str  # YYYY-MM-DD, UTC
    cost: str


class ServiceCost(TypedDict):
    service: str
    cost: str


class RegionCost(TypedDict):
    region: str
    cost: str


class LeaseRecord(TypedDict):
    # The lease
    leaseId: str
    accountId: str                 # 12 digits
    startDate: str                 # YYYY-MM-DD, UTC: the first day of the lease
    endDate: str                   # YYYY-MM-DD, UTC: the day of terminatedAt, the lease's last day
    ownerId: str
    ownerEmail: str | None
    orgUnit: str | None
    template: str | None           # the lease template, for comparing like with like
    tags: dict[str, str]
    # The collection
    collectedAt: int               # epoch seconds, UTC
    collection: int                # 1, 2, 3 … for this lease
    dataSource: Literal["ACTUAL", "ESTIMATED"]  # ESTIMATED while any day is marked Estimated by AWS
    estimatedDays: list[str]
    final: bool                    # no day Estimated and no change since the previous collection, or 72 h passed
    finalCost: str | None          # totalCost once final
    # The report (actuals-v1 "Lease cost report")
    currency: str
    totalCost: str
    budget: str | None
    overBudget: bool | None
    variance: str | None
    variancePercent: str | None    # one fractional digit, half-up
    status: str | None             # compliant | over | flag | alert; None without a budget
    duration: int                  # days with data
    costPerDay: str | None         # None when no day has data
    dailyCosts: list[DailyCost]
    topServices: list[ServiceCost]
    topRegions: list[RegionCost]
    # Chargeback
    chargebackGenerated: bool
    chargebackAmount: str | None
    chargebackDate: int | None     # epoch seconds, UTC


REPORT_KEYS = ("leaseId", "accountId", "totalCost", "budget", "overBudget", "variance", "variancePercent", "duration",
               "costPerDay", "dailyCosts", "topServices", "topRegions", "currency", "status")
RECORD_KEYS = tuple(LeaseRecord.__annotations__)

"""Lease cost tracking (seed 001, docs/leases.md): the cost of each sandbox lease from Cost Explorer,
collected progressively after the lease ends, kept in a store (SQLite by default, DynamoDB in
production), checked against its budget while it runs, analysed across the portfolio, and charged
back monthly.
"""

from __future__ import annotations

from ._record import RECORD_KEYS, REPORT_KEYS, DailyCost, LeaseRecord, RegionCost, ServiceCost
from ._store import DEFAULT_STORE, LeaseStore, StoreError, open_store, validate_record
from ._store_dynamodb import DynamoDBStore
from ._store_sqlite import SqliteStore

__all__ = [
    "RECORD_KEYS",
    "REPORT_KEYS",
    "DailyCost",
    "LeaseRecord",
    "RegionCost",
    "ServiceCost",
    # the store
    "DEFAULT_STORE",
    "DynamoDBStore",
    "LeaseStore",
    "SqliteStore",
    "StoreError",
    "open_store",
    "validate_record",
]

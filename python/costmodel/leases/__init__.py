"""Lease cost tracking (seed 001, docs/leases.md): the cost of each sandbox lease from Cost Explorer,
collected progressively after the lease ends, kept in a store (SQLite by default, DynamoDB in
production), checked against its budget while it runs, analysed across the portfolio, and charged
back monthly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._record import RECORD_KEYS, REPORT_KEYS, DailyCost, LeaseRecord, RegionCost, ServiceCost
from ._store import DEFAULT_STORE, LeaseStore, StoreError, open_store, validate_record
from ._store_dynamodb import DynamoDBStore
from ._store_sqlite import SqliteStore
# Collection (docs/leases.md "Collection", "Active leases", "Events")
from ._events import LeaseEvent, lease_period, query_period, read_lease_events
from ._sinks import EventBridgeSink, EventSink, JsonLinesSink, SinkError, open_sink
from ._collect import CollectionRun, collect, default_fetch
from ._active import ActiveCheck, check_active
# Lease reports: the forecast of a running lease's final cost
from ._forecast import Forecast, forecast_final_cost

if TYPE_CHECKING:
    # Portfolio analysis and chargeback (pandas, pyarrow: imported on first use, see __getattr__)
    from ._analysis import (EC2_HEAVY_SHARE, EC2_SERVICE, LeaseColumns, lease_columns, owner_trends, overages,
                            records_frame, savings_plan_hints, service_anomalies, services_frame)
    from ._chargeback import (CHARGEBACK_COLUMNS, CURRENCY_SYMBOLS, chargeback, chargeback_csv, write_chargeback_csv,
                              write_chargeback_parquet)

# Names whose modules need the DataFrame libraries (pip install 'costmodel[frames]'): imported when first
# asked for, so that the rest of costmodel.leases (and the command line) works without them.
_LAZY = {
    **dict.fromkeys(("EC2_HEAVY_SHARE", "EC2_SERVICE", "LeaseColumns", "lease_columns", "owner_trends", "overages",
                     "records_frame", "savings_plan_hints", "service_anomalies", "services_frame"), "._analysis"),
    **dict.fromkeys(("CHARGEBACK_COLUMNS", "CURRENCY_SYMBOLS", "chargeback", "chargeback_csv", "write_chargeback_csv",
                     "write_chargeback_parquet"), "._chargeback"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "RECORD_KEYS",
    "REPORT_KEYS",
    "DailyCost",
    "LeaseRecord",
    "RegionCost",
    "ServiceCost",
    # Portfolio analysis and chargeback
    "CHARGEBACK_COLUMNS",
    "CURRENCY_SYMBOLS",
    "EC2_HEAVY_SHARE",
    "EC2_SERVICE",
    "LeaseColumns",
    "chargeback",
    "chargeback_csv",
    "lease_columns",
    "owner_trends",
    "overages",
    "records_frame",
    "savings_plan_hints",
    "service_anomalies",
    "services_frame",
    "write_chargeback_csv",
    "write_chargeback_parquet",
    # the store
    "DEFAULT_STORE",
    "DynamoDBStore",
    "LeaseStore",
    "SqliteStore",
    "StoreError",
    "open_store",
    "validate_record",
    # Collection
    "ActiveCheck",
    "CollectionRun",
    "EventBridgeSink",
    "EventSink",
    "JsonLinesSink",
    "LeaseEvent",
    "SinkError",
    "check_active",
    "collect",
    "default_fetch",
    "lease_period",
    "open_sink",
    "query_period",
    "read_lease_events",
    # Lease reports
    "Forecast",
    "forecast_final_cost",
]

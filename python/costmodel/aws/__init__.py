"""Live Cost Explorer data (``pip install 'costmodel[aws]'``): the GetCostAndUsage requests that the
daily rate needs, fetched with boto3 page by page, with backoff on throttling, the request count and
its cost, and the raw responses saved for audit and re-runs. docs/actuals-live.md says which queries,
why, and what they cost.

>>> from costmodel import aws
>>> [q["TimePeriod"] for q in aws.daily_rate_queries("2025-11-04")]
[{'Start': '2025-10-03', 'End': '2025-11-02'}]

boto3 is imported only when a fetch starts, so the queries can be built and saved responses re-read
without it.
"""

from __future__ import annotations

from ._cost_explorer import (
    MANIFEST,
    PRICE_PER_REQUEST,
    RETRYABLE,
    FetchError,
    FetchResult,
    fetch_cost_and_usage,
    load_saved,
    response_name,
)
from ._queries import ACCOUNTS_PER_REQUEST, METRICS, SUPPORT_MONTHS, daily_rate_queries, days_in_support_month, \
    support_window

__all__ = [
    "ACCOUNTS_PER_REQUEST",
    "MANIFEST",
    "METRICS",
    "PRICE_PER_REQUEST",
    "RETRYABLE",
    "SUPPORT_MONTHS",
    "FetchError",
    "FetchResult",
    "daily_rate_queries",
    "days_in_support_month",
    "fetch_cost_and_usage",
    "load_saved",
    "response_name",
    "support_window",
]

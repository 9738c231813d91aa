"""costmodel: exact cloud cost estimates and bill allocation.

Amounts are exact :class:`decimal.Decimal` values (never binary floating point) with at most 10
fractional digits; :class:`Money` adds an ISO 4217 currency (see docs/numbers.md for the number
model). :func:`estimate` prices a :class:`Scenario` (or a dict, JSON text or a path) against a
:class:`Catalog`; :func:`compare` sets two estimates side by side. Input a user got wrong is an
:class:`InputError` (a ValueError) naming the source, the JSON path and the value.

>>> import costmodel
>>> costmodel.Money("12.50", "USD") * 3
Money('37.5', 'USD')
>>> costmodel.allocate(100, [1, 1, 1], unit="0.01")
[Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
"""

from __future__ import annotations

from . import _core, exact
from ._actuals import (COST_EXPLORER_METRICS, DailyRate, DailyRateSeries, OperationalTrend, daily_rate, daily_rate_series,
                       operational_trend, read_cost_explorer)
from ._amortisation import Amortisation, amortization, amortize
from ._batch import EstimateBatch, Sweep, estimate_many
from ._catalog import Catalog, builtin_catalog, load_catalog
from ._commitments import SavingsPlansResult, SavingsPlansTotals, apply_savings_plans
from ._compare import Comparison, Difference, compare
from ._core import (
    InputError,
    Money,
    allocate,
    apply_policy,
    currency_minor_units,
    is_known_currency,
    sum_lines,
)
from ._estimate import Estimate, catalog, estimate
from ._lease_report import LeaseReport, LeaseReports, lease_report, lease_reports
from ._instance_cost import InstanceCost, instance_cost, seed_004_discounts
from ._recommend import Recommendation, recommend_savings_plan
from ._table import Table
from ._scenario import Scenario, Workload
from ._services import Key, Service, Services, services
from ._support import SUPPORT_PLANS, SupportFee, support_fee, support_fee_details
from ._numbers import (
    DEFAULT_ROUNDING,
    ROUNDING_MODES,
    ROUNDING_POLICIES,
    DecimalLike,
    from_float,
    plain,
    round_money,
    rounding_mode,
    to_decimal,
)

# Money's public home is this package: repr, pickles and help() name costmodel.Money, so a pickle
# does not depend on the private module's name.
Money.__module__ = __name__
InputError.__module__ = __name__

__version__: str = _core.__version__

__all__ = [
    "DEFAULT_ROUNDING",
    "ROUNDING_MODES",
    "ROUNDING_POLICIES",
    "COST_EXPLORER_METRICS",
    "SUPPORT_PLANS",
    "Amortisation",
    "Catalog",
    "Comparison",
    "DailyRate",
    "DailyRateSeries",
    "OperationalTrend",
    "DecimalLike",
    "Difference",
    "Estimate",
    "EstimateBatch",
    "InputError",
    "InstanceCost",
    "Key",
    "LeaseReport",
    "LeaseReports",
    "Money",
    "SavingsPlansResult",
    "SavingsPlansTotals",
    "Recommendation",
    "Table",
    "Scenario",
    "Service",
    "Services",
    "SupportFee",
    "Sweep",
    "Workload",
    "__version__",
    "allocate",
    "apply_savings_plans",
    "amortization",
    "amortize",
    "apply_policy",
    "builtin_catalog",
    "catalog",
    "compare",
    "currency_minor_units",
    "daily_rate",
    "daily_rate_series",
    "operational_trend",
    "estimate",
    "estimate_many",
    "exact",
    "from_float",
    "instance_cost",
    "is_known_currency",
    "lease_report",
    "lease_reports",
    "load_catalog",
    "plain",
    "read_cost_explorer",
    "recommend_savings_plan",
    "round_money",
    "seed_004_discounts",
    "rounding_mode",
    "services",
    "sum_lines",
    "support_fee",
    "support_fee_details",
    "to_decimal",
]

"""costmodel: exact cloud cost estimates and bill allocation.

Amounts are exact :class:`decimal.Decimal` values (never binary floating point) with at most 10
fractional digits; :class:`Money` adds an ISO 4217 currency (see docs/numbers.md for the number
model). :func:`estimate` prices a scenario.

>>> import costmodel
>>> costmodel.Money("12.50", "USD") * 3
Money('37.5', 'USD')
>>> costmodel.allocate(100, [1, 1, 1], unit="0.01")
[Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
"""

from __future__ import annotations

from . import _core, exact
from ._core import (
    Money,
    allocate,
    apply_policy,
    currency_minor_units,
    is_known_currency,
    sum_lines,
)
from ._estimate import Estimate, catalog, estimate
from ._table import Table
from ._numbers import (
    DEFAULT_ROUNDING,
    ROUNDING_MODES,
    ROUNDING_POLICIES,
    DecimalLike,
    from_float,
    round_money,
    rounding_mode,
    to_decimal,
)

# Money's public home is this package: repr, pickles and help() name costmodel.Money, so a pickle
# does not depend on the private module's name.
Money.__module__ = __name__

__version__: str = _core.__version__

__all__ = [
    "DEFAULT_ROUNDING",
    "ROUNDING_MODES",
    "ROUNDING_POLICIES",
    "DecimalLike",
    "Estimate",
    "Money",
    "Table",
    "__version__",
    "allocate",
    "apply_policy",
    "catalog",
    "currency_minor_units",
    "estimate",
    "exact",
    "from_float",
    "is_known_currency",
    "round_money",
    "rounding_mode",
    "sum_lines",
    "to_decimal",
]

"""Exact decimal arithmetic on costmodel's number model.

Operands are :class:`decimal.Decimal`, ``int`` or ``str`` (never ``float``); results are
:class:`decimal.Decimal`. Every value has at most 10 fractional digits and 28 integer digits (a
signed 128-bit count of 10^-10, like SQL ``NUMERIC(38,10)``):

- :func:`add`, :func:`subtract`, :func:`negate`, :func:`abs` are exact;
- :func:`multiply` and :func:`divide` round the exact result once to 10 fractional digits with the
  named rounding mode (default ``ROUND_HALF_EVEN``);
- :func:`quantize` rounds to 0..10 places (or to tens, hundreds... with negative places);
- a result beyond 10^28 - 10^-10 in magnitude is an ``OverflowError``; division by zero is a
  ``ZeroDivisionError``; malformed text is a ``ValueError``.

>>> from costmodel import exact
>>> exact.multiply("0.0000166667", "1000000")
Decimal('16.6667')
>>> exact.divide(1, 3)
Decimal('0.3333333333')
>>> exact.divide(2, 3, rounding="ROUND_DOWN")
Decimal('0.6666666666')
"""

from __future__ import annotations

from ._core import (
    EPSILON,
    MAX,
    MAX_DIGITS,
    MIN,
    SCALE,
    abs,
    add,
    divide,
    multiply,
    negate,
    parse,
    quantize,
    subtract,
    to_string,
)
from ._numbers import DEFAULT_ROUNDING, ROUNDING_MODES, from_float, to_decimal

__all__ = [
    "DEFAULT_ROUNDING",
    "EPSILON",
    "MAX",
    "MAX_DIGITS",
    "MIN",
    "ROUNDING_MODES",
    "SCALE",
    "abs",
    "add",
    "divide",
    "from_float",
    "multiply",
    "negate",
    "parse",
    "quantize",
    "subtract",
    "to_decimal",
    "to_string",
]

"""Exact numbers at the Python edge: conversions to decimal.Decimal, rounding helpers, the private
decimal context, and the exact arithmetic and plain formatting the Python side does on amounts.

Every amount costmodel returns is a :class:`decimal.Decimal`; every amount it accepts is a
``decimal.Decimal``, an ``int`` or a ``str`` of decimal text (and, through :func:`to_decimal`, a
:class:`fractions.Fraction`). A ``float`` is refused with a ``TypeError`` unless converted explicitly
with :func:`from_float`.

Python's global decimal context (28 significant digits by default, and changeable by any code in the
process) is never used: the compiled core reads a ``decimal.Decimal`` through ``str()`` and builds one
from text, both exact whatever the context says; the few operations done in Python (differences,
sums, shares, rounding for display) go through :func:`add`, :func:`subtract`, :func:`total`,
:func:`share` and :func:`cents`, which run in copies of :data:`EXACT` or :data:`ROUNDED`, and amounts
are printed with :func:`plain` (never ``1E-10`` or ``1E+26``).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Union, overload

from . import _core
from ._core import Money

#: What an exact-number parameter accepts.
DecimalLike = Union[Decimal, int, str]

#: Significant digits of the private context: a Decimal has at most 38, and the exact sum, difference
#: or product of two of the operands costmodel handles stays within 60.
PRECISION = 60

#: The eight rounding modes, named as in Python's decimal module (decimal.ROUND_HALF_EVEN is the string
#: "ROUND_HALF_EVEN", so those constants can be passed as they are).
ROUNDING_MODES: tuple[str, ...] = tuple(_core.ROUNDING_MODES)
#: The mode used wherever none is named.
DEFAULT_ROUNDING: str = _core.DEFAULT_ROUNDING
#: The reporting policies of apply_policy and sum_lines.
ROUNDING_POLICIES: tuple[str, ...] = tuple(_core.ROUNDING_POLICIES)


#: Digits of the contexts below: a sum or difference of amounts has at most 40 significant digits, a
#: share of one amount in another at most 40 + the places asked for.
WIDE_PRECISION = 80


def _wide_context(*, exact: bool) -> decimal.Context:
    traps = [decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]
    return decimal.Context(
        prec=WIDE_PRECISION, rounding=decimal.ROUND_HALF_EVEN, Emin=-999_999, Emax=999_999, capitals=1, clamp=0,
        flags=[], traps=traps + [decimal.Inexact] if exact else traps,
    )


#: Sums and differences: a result that would need rounding is an error (decimal.Inexact), never a
#: silently rounded figure. Used through decimal.localcontext, which works on a copy.
EXACT: decimal.Context = _wide_context(exact=True)
#: Rounding for display (cents, percentages): wide enough that no amount the library accepts hits
#: the precision limit, so quantize never fails with InvalidOperation.
ROUNDED: decimal.Context = _wide_context(exact=False)

_CENT = Decimal("0.01")


def plain(value: Decimal | int) -> str:
    """``value`` in plain decimal notation without trailing zeros: ``Decimal('1E+27')`` gives
    ``'1000000000000000000000000000'``, ``Decimal('1E-10')`` gives ``'0.0000000001'``, ``Decimal('2.50')``
    gives ``'2.5'``. Only for amounts in the library's range (the digits are written out)."""
    with decimal.localcontext(EXACT):
        normal = Decimal(value).normalize()
    if normal.is_zero():
        return "0"
    return format(normal, "f")


def add(x: Decimal | int, y: Decimal | int) -> Decimal:
    """``x + y``, exact."""
    with decimal.localcontext(EXACT) as ctx:
        return ctx.add(Decimal(x), Decimal(y))


def subtract(x: Decimal | int, y: Decimal | int) -> Decimal:
    """``x - y``, exact."""
    with decimal.localcontext(EXACT) as ctx:
        return ctx.subtract(Decimal(x), Decimal(y))


def total(values: "Iterable[Decimal | int]") -> Decimal:
    """The exact sum of ``values`` (0 for none)."""
    with decimal.localcontext(EXACT) as ctx:
        result = Decimal(0)
        for value in values:
            result = ctx.add(result, Decimal(value))
        return result


def cents(value: Decimal, rounding: str = decimal.ROUND_HALF_EVEN) -> Decimal:
    """``value`` rounded to cents (half-even unless told), for display; never -0.00."""
    with decimal.localcontext(ROUNDED):
        rounded = Decimal(value).quantize(_CENT, rounding=rounding)
    return abs(rounded) if rounded.is_zero() else rounded


def share(part: Decimal, whole: Decimal, places: int = 1, scale: int = 100) -> Decimal:
    """``part / whole × scale`` rounded half-even to ``places`` fractional digits, correctly (one
    rounding of the exact quotient); ``whole`` must not be zero."""
    with decimal.localcontext(ROUNDED) as ctx:
        # ROUND_05UP at 80 digits is round-to-odd: the last digit records anything dropped, so the one
        # rounding to `places` that follows is that of the exact quotient.
        ctx.rounding = decimal.ROUND_05UP
        quotient = ctx.divide(ctx.multiply(Decimal(part), Decimal(scale)), Decimal(whole))
        ctx.rounding = decimal.ROUND_HALF_EVEN
        return quotient.quantize(Decimal(1).scaleb(-places))


def context(rounding: str = DEFAULT_ROUNDING) -> decimal.Context:
    """A new decimal context of :data:`PRECISION` digits that traps invalid operations, division by zero
    and overflow. A new one each call, so no flags or settings are shared between callers."""
    return decimal.Context(
        prec=PRECISION,
        rounding=_core.rounding_mode(rounding),
        Emin=-999_999,
        Emax=999_999,
        capitals=1,
        clamp=0,
        flags=[],
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


def rounding_mode(name: str) -> str:
    """The canonical name of a rounding mode: 'round_half_up' and decimal.ROUND_HALF_UP give
    'ROUND_HALF_UP'; an unknown name is a ValueError that lists the eight."""
    return _core.rounding_mode(name)


def to_decimal(value: DecimalLike | Fraction, rounding: str | None = None) -> Decimal:
    """``value`` as costmodel holds it: a canonical :class:`decimal.Decimal` with at most 10 fractional
    digits and 28 integer digits.

    Exact when the value has at most 10 fractional digits; otherwise a ValueError, unless ``rounding``
    names the mode to round with (then it is rounded once, correctly, from the exact value). More than
    28 integer digits is an OverflowError; a float is a TypeError.

    >>> to_decimal("12.50")
    Decimal('12.5')
    >>> to_decimal(Fraction(2, 3), rounding="ROUND_HALF_UP")
    Decimal('0.6666666667')
    """
    if isinstance(value, Fraction):
        return _fraction_to_decimal(value, rounding)
    return _core.to_decimal(value, rounding)


def _fraction_to_decimal(value: Fraction, rounding: str | None) -> Decimal:
    ctx = context(decimal.ROUND_05UP)
    # ROUND_05UP at 60 significant digits is the "round to odd" of the decimal spec: when anything is
    # dropped, the 60th digit records it, so the single rounding to 10 places that follows gives the
    # correctly rounded exact quotient in every mode (there are at least 2 spare digits whenever the
    # result is within range).
    quotient = ctx.divide(Decimal(value.numerator), Decimal(value.denominator))
    if rounding is None and ctx.flags[decimal.Inexact]:
        raise ValueError(
            f"Fraction {value} has no exact decimal with 10 fractional digits: pass rounding= to round it"
        )
    return _core.to_decimal(quotient, rounding)


def from_float(value: float, rounding: str = DEFAULT_ROUNDING) -> Decimal:
    """The explicit conversion of a float: the shortest decimal that reads back as the same float
    (``repr(x)``: ``0.1`` gives ``Decimal('0.1')``, not 0.1000000000000000055511151231257827...), rounded
    to 10 fractional digits with ``rounding``."""
    return _core.from_float(value, rounding)


@overload
def round_money(value: Money, places: int | None = None, rounding: str = DEFAULT_ROUNDING) -> Money: ...
@overload
def round_money(value: DecimalLike, places: int, rounding: str = DEFAULT_ROUNDING) -> Decimal: ...


def round_money(value: Money | DecimalLike, places: int | None = None, rounding: str = DEFAULT_ROUNDING) -> Money | Decimal:
    """``value`` rounded to ``places`` fractional digits with ``rounding`` (default half-even).

    A :class:`Money` rounds to its currency's minor units when ``places`` is None (USD cents, JPY yen)
    and stays Money. A number needs ``places`` and comes back as a :class:`decimal.Decimal` with exactly
    that many fractional digits (0..10), like ``decimal.Decimal.quantize``:

    >>> round_money(Money("2.675"), rounding="ROUND_HALF_UP")
    Money('2.68', 'USD')
    >>> round_money("2.5", 0)
    Decimal('2')
    >>> round_money("0.125", 2, "ROUND_HALF_EVEN")
    Decimal('0.12')
    """
    if isinstance(value, Money):
        if places is None:
            return value.round_to_minor_units(rounding)
        return value.round(places, rounding)
    if places is None:
        raise TypeError("round_money: places is required for a number (only Money has minor units to round to)")
    return _core.quantize(value, places, rounding)

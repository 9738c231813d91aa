"""Decimal arithmetic (costmodel.exact) against Python's decimal module.

The reference for every operation is Python's decimal computed exactly (or, for division, to 60
digits with ROUND_05UP, which keeps a sticky last digit so the next rounding is the correct rounding
of the exact quotient), then quantized to 10 places (or the requested places) with the same mode. A
result of magnitude 10^28 or more is an OverflowError.
"""

from __future__ import annotations

import decimal
import doctest
import pickle
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Union

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import costmodel
import costmodel._numbers
from costmodel import DecimalLike, exact

MODES = (
    "ROUND_DOWN",
    "ROUND_HALF_UP",
    "ROUND_HALF_EVEN",
    "ROUND_CEILING",
    "ROUND_FLOOR",
    "ROUND_UP",
    "ROUND_HALF_DOWN",
    "ROUND_05UP",
)
LIMIT = Decimal(10) ** 28  # the first magnitude out of range
MAX = Decimal("9999999999999999999999999999.9999999999")
MIN = MAX.copy_negate()  # not -MAX: unary minus rounds to the global context's 28 digits

# Exact arithmetic for the reference: any rounding at all would be an error in the test itself. (The
# reference never uses the global context, whose 28 digits round even -x and abs(x) of a 38-digit x:
# copy_negate() and copy_abs() are exact.)
EXACT = decimal.Context(
    prec=60,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
# Wide enough for every text the parse test draws (up to 64 digits and an exponent of 40).
EXACT_WIDE = decimal.Context(prec=200, Emax=999_999, Emin=-999_999, traps=[decimal.InvalidOperation])
# Examples per rounding mode in the property tests (8 modes each, so 8 x this per operation).
PER_MODE = settings(max_examples=300)


class Overflow:
    """The expected outcome "OverflowError"."""


Expected = Union[Decimal, type[Overflow]]


def reference_round(value: Decimal, places: int, mode: str) -> Expected:
    """`value` quantized to `places` with `mode` in a 60-digit context; Overflow at 10^28 and beyond."""
    if value and value.adjusted() >= 28:
        return Overflow
    context = decimal.Context(prec=60, rounding=mode, traps=[decimal.InvalidOperation])
    rounded = value.quantize(Decimal(1).scaleb(-places), context=context)
    return Overflow if rounded.copy_abs() >= LIMIT else rounded


def check(compute: Callable[[], Decimal], expected: Expected) -> None:
    event("overflow" if expected is Overflow else "in range")
    if expected is Overflow:
        with pytest.raises(OverflowError):
            compute()
        return
    result = compute()
    assert type(result) is Decimal
    assert result == expected


def scaled(units: int) -> Decimal:
    """units x 10^-10, built from text (exact; scaleb() would round in a 28-digit context)."""
    return Decimal(f"{units}E-10")


def units(digits: int) -> st.SearchStrategy[int]:
    """Integers of exactly `digits` digits (0 for none), either sign."""
    low = 10 ** (digits - 1) if digits else 0
    return st.integers(low, 10**digits - 1) | st.integers(-(10**digits - 1), -low)


def decimals(max_digits: int = 38) -> st.SearchStrategy[Decimal]:
    """Values with at most 10 fractional digits and `max_digits` significant digits, spread evenly over
    the magnitudes (the digit count is drawn first, so 10^27 is as likely as 10^-9)."""
    return st.integers(0, max_digits).flatmap(units).map(scaled)


@st.composite
def as_input(draw: st.DrawFn, value: Decimal) -> DecimalLike:
    """`value` in one of the forms the bindings accept: decimal.Decimal, its str(), its plain text, or
    an int when it is integral."""
    forms: list[DecimalLike] = [value, str(value), format(value, "f")]
    if value == value.to_integral_value():
        forms.append(int(value))
    return draw(st.sampled_from(forms))


# 38-digit values: two of them add up beyond the limit about half the time.
BIG = units(38).map(scaled)
# Factors that make ties (a product or quotient exactly half way at the 10th place) frequent.
TIE_FACTORS = st.sampled_from(["0.5", "-0.5", "2.5", "0.25", "0.125", "1.5", "0.05", "0.0000000005"]).map(Decimal)
TIE_DIVISORS = st.sampled_from(["2", "-2", "4", "8", "0.2", "20", "16", "-0.4"]).map(Decimal)


# ---- hand-checked rounding table ---------------------------------------------------------------

# Rounding to 1 place; the examples of include/costmodel/rounding.hpp, worked by hand.
VALUES = ("2.15", "2.25", "2.11", "2.19", "-2.15", "-2.11", "2.01", "2.51")
HAND_TABLE = {
    "ROUND_DOWN": ("2.1", "2.2", "2.1", "2.1", "-2.1", "-2.1", "2.0", "2.5"),
    "ROUND_HALF_UP": ("2.2", "2.3", "2.1", "2.2", "-2.2", "-2.1", "2.0", "2.5"),
    "ROUND_HALF_EVEN": ("2.2", "2.2", "2.1", "2.2", "-2.2", "-2.1", "2.0", "2.5"),
    "ROUND_CEILING": ("2.2", "2.3", "2.2", "2.2", "-2.1", "-2.1", "2.1", "2.6"),
    "ROUND_FLOOR": ("2.1", "2.2", "2.1", "2.1", "-2.2", "-2.2", "2.0", "2.5"),
    "ROUND_UP": ("2.2", "2.3", "2.2", "2.2", "-2.2", "-2.2", "2.1", "2.6"),
    "ROUND_HALF_DOWN": ("2.1", "2.2", "2.1", "2.2", "-2.1", "-2.1", "2.0", "2.5"),
    "ROUND_05UP": ("2.1", "2.2", "2.1", "2.1", "-2.1", "-2.1", "2.1", "2.6"),
}


@pytest.mark.parametrize("mode", MODES)
def test_rounding_table_by_hand(mode: str) -> None:
    got = tuple(str(exact.quantize(v, 1, mode)) for v in VALUES)
    assert got == HAND_TABLE[mode]
    # ... and the hand table is what Python's decimal says.
    assert got == tuple(str(Decimal(v).quantize(Decimal("0.1"), rounding=mode)) for v in VALUES)


def test_rounding_modes_are_the_decimal_module_constants() -> None:
    assert costmodel.ROUNDING_MODES == MODES
    assert costmodel.ROUNDING_MODES == (
        decimal.ROUND_DOWN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_UP,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_05UP,
    )
    assert costmodel.DEFAULT_ROUNDING == "ROUND_HALF_EVEN"
    assert exact.multiply("0.5", "0.0000000005", decimal.ROUND_HALF_UP) == Decimal("0.0000000003")
    assert exact.multiply("0.5", "0.0000000005", "round_half_up") == Decimal("0.0000000003")
    assert costmodel.rounding_mode("round_05up") == "ROUND_05UP"
    with pytest.raises(ValueError, match="unknown rounding mode \"ROUND_NEAREST\".*ROUND_HALF_EVEN"):
        exact.multiply(1, 1, "ROUND_NEAREST")


def test_default_rounding_is_half_even() -> None:
    # 0.5 x 10^-10 and 1.5 x 10^-10: ties, to the even neighbour.
    assert exact.multiply("0.0000000001", "0.5") == Decimal("0")
    assert exact.multiply("0.0000000003", "0.5") == Decimal("0.0000000002")
    assert exact.divide(1, 3) == Decimal("0.3333333333")
    assert exact.divide(2, 3) == Decimal("0.6666666667")


# ---- property tests: each operation against Python's decimal -----------------------------------


@pytest.mark.parametrize("mode", MODES)
@PER_MODE
@given(data=st.data())
def test_parse_matches_decimal(mode: str, data: st.DataObject) -> None:
    text = data.draw(decimal_texts())
    value = Decimal(text)  # the constructor is exact, whatever the context
    expected = reference_round(value, 10, mode)
    check(lambda: exact.parse(text, mode), expected)

    # Without a mode, digits beyond the 10th place are an error, unless they are zeros.
    has_extra_digits = value != value.quantize(Decimal("1E-10"), rounding=decimal.ROUND_DOWN, context=EXACT_WIDE)
    if has_extra_digits and expected is Overflow:
        with pytest.raises((ValueError, OverflowError)):
            exact.parse(text)
    elif has_extra_digits:
        with pytest.raises(ValueError, match="more than 10 fractional digits"):
            exact.parse(text)
    else:
        check(lambda: exact.parse(text), expected)



@st.composite
def decimal_texts(draw: st.DrawFn) -> str:
    """Decimal text in the grammar both parsers accept: sign, digits, optional point and fraction,
    optional exponent ('12.5', '-.5', '5.', '+1E+3', '0.00000000005')."""
    sign = draw(st.sampled_from(["", "+", "-"]))
    integer = draw(st.text("0123456789", max_size=40))
    fraction = draw(st.none() | st.text("0123456789", max_size=24))
    if not integer and not fraction:
        integer = "0"
    text = sign + integer + ("" if fraction is None else "." + fraction)
    if draw(st.booleans()):
        exponent = draw(st.integers(-40, 40))
        text += draw(st.sampled_from(["e", "E"])) + draw(st.sampled_from(["", "+"]) if exponent >= 0 else st.just("")) + str(exponent)
    return text


@pytest.mark.parametrize(
    "text",
    ["", "-", "+", ".", "1.2.3", "1e", "1e+", "e5", "abc", " 1", "1 ", "1_000", "NaN", "Infinity", "-inf", "0x10", "1,5", "--1", "+-1", "1e5.5", "١"],
)
def test_parse_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="invalid decimal"):
        exact.parse(text)


def test_parse_examples() -> None:
    assert exact.parse("12.5") == Decimal("12.5")
    assert exact.parse("-0.0000166667") == Decimal("-0.0000166667")
    assert exact.parse(".5") == Decimal("0.5")
    assert exact.parse("5.") == Decimal("5")
    assert exact.parse("+1E+3") == Decimal("1000")
    assert exact.parse("1.50000000000000000000") == Decimal("1.5")  # extra zeros are fine
    assert exact.parse("0.00000000005", "ROUND_HALF_EVEN") == Decimal("0")
    assert exact.parse("0.00000000015", "ROUND_HALF_EVEN") == Decimal("0.0000000002")
    with pytest.raises(ValueError, match="more than 10 fractional digits"):
        exact.parse("0.00000000001")
    with pytest.raises(OverflowError):
        exact.parse("1e28")
    assert exact.parse("9999999999999999999999999999.9999999999") == MAX


@pytest.mark.parametrize("mode", MODES)
@PER_MODE
@given(data=st.data())
def test_add_and_subtract_match_decimal(mode: str, data: st.DataObject) -> None:
    # Addition and subtraction are exact; the mode is irrelevant, drawn only to vary the run.
    a = data.draw(decimals() | BIG)
    b = data.draw(decimals() | BIG)
    a_in = data.draw(as_input(a))
    b_in = data.draw(as_input(b))
    total = EXACT.add(a, b)
    difference = EXACT.subtract(a, b)
    check(lambda: exact.add(a_in, b_in), Overflow if total.copy_abs() > MAX else total)
    check(lambda: exact.subtract(a_in, b_in), Overflow if difference.copy_abs() > MAX else difference)
    check(lambda: exact.negate(a_in), a.copy_negate())
    check(lambda: exact.abs(a_in), a.copy_abs())


def test_add_at_the_limit() -> None:
    assert exact.add(MAX, 0) == MAX
    assert exact.subtract(MIN, 0) == MIN
    with pytest.raises(OverflowError, match="addition out of range"):
        exact.add(MAX, "0.0000000001")
    with pytest.raises(OverflowError, match="subtraction out of range"):
        exact.subtract(MIN, "0.0000000001")
    assert costmodel.exact.MAX == MAX
    assert costmodel.exact.MIN == MIN
    assert costmodel.exact.EPSILON == Decimal("1E-10")
    assert (costmodel.exact.SCALE, costmodel.exact.MAX_DIGITS) == (10, 38)


@st.composite
def factor_pairs(draw: st.DrawFn) -> tuple[Decimal, Decimal]:
    """Two operands whose exact product has at most 60 significant digits (so the 60-digit reference is
    exact): the digit counts of the two add up to at most 60."""
    digits_a = draw(st.integers(0, 38))
    a = scaled(draw(units(digits_a)))
    b = draw(decimals(min(38, 60 - digits_a)) | TIE_FACTORS)
    return (a, b) if draw(st.booleans()) else (b, a)


@pytest.mark.parametrize("mode", MODES)
@PER_MODE
@given(data=st.data())
def test_multiply_matches_decimal(mode: str, data: st.DataObject) -> None:
    a, b = data.draw(factor_pairs())
    product = EXACT.multiply(a, b)  # traps Inexact: the reference is exact
    a_in = data.draw(as_input(a))
    b_in = data.draw(as_input(b))
    check(lambda: exact.multiply(a_in, b_in, mode), reference_round(product, 10, mode))


@st.composite
def division_pairs(draw: st.DrawFn) -> tuple[Decimal, Decimal]:
    if draw(st.booleans()):
        return draw(decimals()), draw(decimals() | TIE_DIVISORS)
    # A large dividend over a small divisor: quotients around the limit 10^28.
    a = scaled(draw(st.integers(30, 38).flatmap(units)))
    b = scaled(draw(st.integers(0, 12).flatmap(units)))
    return a, b


@pytest.mark.parametrize("mode", MODES)
@PER_MODE
@given(data=st.data())
def test_divide_matches_decimal(mode: str, data: st.DataObject) -> None:
    a, b = data.draw(division_pairs())
    a_in = data.draw(as_input(a))
    b_in = data.draw(as_input(b))
    if b == 0:
        with pytest.raises(ZeroDivisionError, match="division by zero"):
            exact.divide(a_in, b_in, mode)
        return
    sticky = decimal.Context(prec=60, rounding=decimal.ROUND_05UP, Emax=999_999, Emin=-999_999)
    quotient = sticky.divide(a, b)
    check(lambda: exact.divide(a_in, b_in, mode), reference_round(quotient, 10, mode))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("zero", [0, "0", "0.0", Decimal("0E-5"), Decimal("-0")])
def test_division_by_zero(mode: str, zero: DecimalLike) -> None:
    with pytest.raises(ZeroDivisionError, match="Decimal: division by zero"):
        exact.divide("12.5", zero, mode)
    with pytest.raises(ZeroDivisionError):
        exact.divide(0, zero, mode)


@st.composite
def values_to_round(draw: st.DrawFn, places: int) -> Decimal:
    """Random values, and values exactly half way (or one unit either side) at `places`."""
    kind = draw(st.sampled_from(["random", "tie", "near-tie", "near the limit"]))
    if kind == "near the limit":  # within 10^-places of +-(10^28 - 10^-10): rounding may overflow
        value = EXACT.subtract(MAX, scaled(draw(st.integers(0, 10 ** (10 - places)))))
        return value if draw(st.booleans()) else value.copy_negate()
    if kind == "random" or places == 10:
        return draw(decimals())
    step = Decimal(1).scaleb(-places)
    kept = draw(st.integers(-(10**18), 10**18))
    half = Decimal(5).scaleb(-places - 1)
    value = EXACT.add(EXACT.multiply(Decimal(kept), step), half if kept >= 0 else half.copy_negate())
    if kind == "near-tie":
        value = EXACT.add(value, draw(st.sampled_from([Decimal("1E-10"), Decimal("-1E-10")])))
    return value


@pytest.mark.parametrize("mode", MODES)
@PER_MODE
@given(data=st.data())
def test_quantize_matches_decimal(mode: str, data: st.DataObject) -> None:
    places = data.draw(st.integers(0, 10))
    value = data.draw(values_to_round(places))
    value_in = data.draw(as_input(value))
    expected = reference_round(value, places, mode)
    check(lambda: exact.quantize(value_in, places, mode), expected)
    if expected is not Overflow:
        assert isinstance(expected, Decimal)
        # Like decimal's quantize, the result has exactly `places` fractional digits.
        assert exact.quantize(value, places, mode).as_tuple().exponent == -places
        # Text has those digits too (and no negative zero, which costmodel does not have).
        assert exact.to_string(value, places, mode) == format(expected if expected else expected.copy_abs(), "f")
        assert costmodel.round_money(value, places, mode) == expected


@pytest.mark.parametrize("mode", MODES)
def test_quantize_to_tens_and_beyond(mode: str) -> None:
    # Negative places round to tens, hundreds, ...
    for value in ("1234.5", "-1234.5", "1250", "-1250", "1350", "99999.9999999999"):
        expected = reference_round(Decimal(value), -2, mode)
        assert exact.quantize(value, -2, mode) == expected


def test_rounding_overflow_and_bad_places() -> None:
    with pytest.raises(OverflowError):
        exact.quantize("9999999999999999999999999999.5", 0, "ROUND_HALF_UP")
    assert exact.quantize("9999999999999999999999999999.5", 0, "ROUND_DOWN") == Decimal("9999999999999999999999999999")
    with pytest.raises(OverflowError):
        exact.multiply("100000000000000", "100000000000000")  # 10^14 x 10^14 = 10^28
    with pytest.raises(OverflowError):
        exact.divide("1000000000000000000", "0.0000000001")  # 10^18 / 10^-10 = 10^28
    with pytest.raises(ValueError, match="places must be in -27..10, got 11"):
        exact.quantize("1", 11)


# ---- conversions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("function", [exact.add, exact.subtract, exact.multiply, exact.divide])
def test_float_is_refused_with_the_explicit_ways_out(function: Callable[..., Decimal]) -> None:
    with pytest.raises(TypeError, match=r"float 0\.1 is not accepted.*'0\.1'.*from_float"):
        function(0.1, 1)
    with pytest.raises(TypeError, match="float"):
        function(1, 0.5)


def test_other_types_are_refused() -> None:
    with pytest.raises(TypeError, match="bool is not accepted"):
        exact.add(True, 1)
    with pytest.raises(TypeError, match="expected decimal.Decimal, int or str, got list"):
        exact.add([1], 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a finite number"):
        exact.add(Decimal("NaN"), 1)
    with pytest.raises(ValueError, match="not a finite number"):
        exact.add(Decimal("-Infinity"), 1)
    with pytest.raises(OverflowError):
        exact.add(10**5000, 1)  # beyond Python's int-to-str limit: still an OverflowError
    with pytest.raises(OverflowError):
        exact.add(Decimal("1E+999999999"), 1)  # huge exponent: refused without spelling it out
    with pytest.raises(ValueError, match="more than 10 fractional digits"):
        exact.add(Decimal("1E-999999999"), 1)


def test_numpy_integers_are_accepted_and_numpy_floats_refused() -> None:
    np = pytest.importorskip("numpy")
    assert exact.add(np.int64(7), 1) == Decimal(8)
    with pytest.raises(TypeError, match="float"):
        exact.add(np.float64(0.5), 1)


def test_conversions_ignore_the_global_context() -> None:
    a = Decimal("1234567890123456789012345678.9876543211")  # 38 digits
    b = Decimal("-0.0000000001")
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        ctx.rounding = decimal.ROUND_FLOOR
        ctx.capitals = 0  # str() then spells exponents 'e'
        assert exact.add(a, b) == Decimal("1234567890123456789012345678.987654321")
        assert str(exact.to_decimal(a)) == "1234567890123456789012345678.9876543211"
        assert exact.to_decimal(Decimal("1.5E+20")) == Decimal("150000000000000000000")
        assert exact.multiply(a, 1) == a
        assert costmodel.to_decimal(Fraction(1, 3), "ROUND_HALF_UP") == Decimal("0.3333333333")
    assert exact.quantize(a, 2) == Decimal("1234567890123456789012345678.99")


def test_to_decimal() -> None:
    assert costmodel.to_decimal("12.50") == Decimal("12.5")
    assert str(costmodel.to_decimal(Decimal("12.50"))) == "12.5"  # canonical: no trailing zeros
    assert costmodel.to_decimal(Decimal("0.123456789012345"), "ROUND_DOWN") == Decimal("0.1234567890")
    with pytest.raises(ValueError, match="more than 10 fractional digits"):
        costmodel.to_decimal(Decimal("0.123456789012345"))
    assert costmodel.to_decimal(Fraction(3, 8)) == Decimal("0.375")
    assert costmodel.to_decimal(Fraction(2, 3), "ROUND_HALF_UP") == Decimal("0.6666666667")
    assert costmodel.to_decimal(Fraction(-2, 3), "ROUND_DOWN") == Decimal("-0.6666666666")
    with pytest.raises(ValueError, match="Fraction 1/3 has no exact decimal"):
        costmodel.to_decimal(Fraction(1, 3))
    with pytest.raises(TypeError, match="float"):
        costmodel.to_decimal(0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=100)
@given(numerator=st.integers(-(10**30), 10**30), denominator=st.integers(1, 10**25))
def test_fraction_rounds_once_like_decimal(mode: str, numerator: int, denominator: int) -> None:
    # Reference, by integers: the exact quotient's digits through the 10th place, and a stand-in for the
    # rest (0.25, 0.5 or 0.75 of the last place) that is below, at or above one half exactly when the
    # true rest is. Every rounding mode looks only at that (and the sign), so Python's decimal rounds
    # the stand-in as it would round the exact quotient.
    value = Fraction(numerator, denominator)
    magnitude = abs(value) * 10**10
    kept = magnitude.numerator // magnitude.denominator
    rest = magnitude - kept
    half = Fraction(1, 2)
    stand_in = Decimal(kept)
    if rest:
        stand_in = EXACT.add(stand_in, Decimal("0.25") if rest < half else Decimal("0.5") if rest == half else Decimal("0.75"))
    signed = stand_in.copy_negate() if value < 0 else stand_in
    reference = reference_round(signed.scaleb(-10, context=EXACT_WIDE), 10, mode)
    check(lambda: costmodel.to_decimal(value, mode), reference)


def test_from_float_is_explicit() -> None:
    assert costmodel.from_float(0.1) == Decimal("0.1")
    assert costmodel.from_float(1 / 3, "ROUND_DOWN") == Decimal("0.3333333333")
    assert costmodel.from_float(1 / 3, "ROUND_UP") == Decimal("0.3333333334")
    assert costmodel.from_float(2.5e-11, "ROUND_HALF_EVEN") == Decimal("0")
    assert costmodel.from_float(7) == Decimal(7)
    with pytest.raises(ValueError, match="not a finite number"):
        costmodel.from_float(float("nan"))
    with pytest.raises(OverflowError):
        costmodel.from_float(1e30)
    with pytest.raises(TypeError, match="expected float or int, got str"):
        costmodel.from_float("0.1")  # type: ignore[arg-type]


def test_results_are_plain_decimals_that_pickle() -> None:
    result = exact.divide(10, 4)
    assert type(result) is Decimal
    assert pickle.loads(pickle.dumps(result)) == Decimal("2.5")


@pytest.mark.parametrize("module", [costmodel, costmodel.exact, costmodel._numbers, costmodel._table, costmodel._services])
def test_docstring_examples(module: object) -> None:
    failures, tried = doctest.testmod(module, raise_on_error=False, verbose=False)  # type: ignore[arg-type]
    assert tried > 0
    assert failures == 0

"""costmodel.allocate: the largest-remainder split, by hand and against a reference written here with
exact fractions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costmodel
from costmodel import Money, allocate


def D(values: list[str]) -> list[Decimal]:
    return [Decimal(v) for v in values]


# ---- by hand ------------------------------------------------------------------------------------------


def test_a_hundred_in_three() -> None:
    # Quotas 33.333...; floors 33.33 x 3 = 99.99; the one cent left goes to the lowest index (all tie).
    assert allocate(100, [1, 1, 1], unit=Decimal("0.01")) == D(["33.34", "33.33", "33.33"])
    assert allocate("100", ["1", "1", "1"], unit="0.01") == D(["33.34", "33.33", "33.33"])


def test_forty_seven_by_four_weights() -> None:
    # Weights sum to 107. Quotas: 47*36/107 = 15.81, 0, 47*18/107 = 7.91, 47*53/107 = 23.28.
    # Floors 15 + 0 + 7 + 23 = 45; the 2 units left go to the largest remainders .91 and .81.
    assert allocate(47, [36, 0, 18, 53], unit=1) == D(["16", "0", "8", "23"])


def test_ties_go_to_the_larger_weight_then_the_lower_index() -> None:
    # 3 by [1, 3, 2]: quotas 0.5, 1.5, 1 -> floors 0, 1, 1; one unit left; weights 1 and 3 tie on the
    # remainder 0.5, and the larger weight (index 1) takes it.
    assert allocate(3, [1, 3, 2], unit=1) == D(["0", "2", "1"])
    # Equal weights: the lower index.
    assert allocate(1, [1, 1], unit=1) == D(["1", "0"])
    assert allocate(2, [1, 1, 1], unit=1) == D(["1", "1", "0"])


def test_default_unit_is_the_smallest_decimal() -> None:
    assert allocate(1, [1, 1, 1]) == D(["0.3333333334", "0.3333333333", "0.3333333333"])


def test_negative_total_mirrors() -> None:
    assert allocate(-100, [1, 1, 1], unit="0.01") == D(["-33.34", "-33.33", "-33.33"])
    assert allocate(-47, [36, 0, 18, 53], unit=1) == D(["-16", "0", "-8", "-23"])


def test_zero_weight_gets_zero_and_zero_total_gives_zeros() -> None:
    assert allocate("0.05", [0, 1, 0], unit="0.01") == D(["0", "0.05", "0"])
    assert allocate(0, [1, 2], unit="0.01") == D(["0", "0"])


def test_money_total() -> None:
    shares = allocate(Money("100", "EUR"), [1, 1, 1], unit="0.01")
    assert shares == [Money("33.34", "EUR"), Money("33.33", "EUR"), Money("33.33", "EUR")]
    assert costmodel.sum_lines(shares) == Money("100", "EUR")
    assert all(type(s) is Money for s in shares)


def test_errors() -> None:
    with pytest.raises(ValueError, match=r"weight 1 is negative \(-1\); weights must be >= 0"):
        allocate(10, [1, -1])
    with pytest.raises(ValueError, match="all weights are zero"):
        allocate(10, [0, 0])
    with pytest.raises(ValueError, match="no weights given"):
        allocate(10, [])
    with pytest.raises(ValueError, match="total 100.005 is not a whole number of units of 0.01"):
        allocate("100.005", [1, 1], unit="0.01")
    with pytest.raises(ValueError, match="unit must be positive, got 0"):
        allocate(10, [1], unit=0)
    with pytest.raises(ValueError, match="unit must be positive, got -0.01"):
        allocate(10, [1], unit="-0.01")
    with pytest.raises(TypeError, match=r"weight 2: float 0\.5 is not accepted"):
        allocate(10, [1, 2, 0.5])  # type: ignore[list-item]
    with pytest.raises(ValueError, match='weight 1: invalid decimal "x"'):
        allocate(10, ["1", "x"])
    with pytest.raises(TypeError, match="weights must be an iterable of numbers, got str"):
        allocate(10, "123")
    with pytest.raises(TypeError, match=r"float 10\.0"):
        allocate(10.0, [1, 1])  # type: ignore[call-overload]


# ---- properties ---------------------------------------------------------------------------------------


def reference(total: Fraction, weights: list[Fraction], unit: Fraction) -> list[Fraction]:
    """Largest remainder, spelled out: floors of the quotas (in units), then one unit each to the
    largest remainders, ties to the larger weight, then the lower index; the sign of the total."""
    count = abs(total) / unit
    assert count.denominator == 1
    weight_sum = sum(weights)
    quotas = [count * w / weight_sum for w in weights]
    floors = [q.numerator // q.denominator for q in quotas]
    left = int(count) - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), -weights[i], i))
    for i in order[:left]:
        floors[i] += 1
    sign = -1 if total < 0 else 1
    return [sign * f * unit for f in floors]


units = st.sampled_from(["0.0000000001", "0.01", "0.001", "1", "0.05", "100"]).map(Decimal)
weights = st.lists(
    st.one_of(st.just(Decimal(0)), st.integers(0, 10**6).map(Decimal), st.integers(0, 10**15).map(lambda n: Decimal(f"{n}E-10"))),
    min_size=1,
    max_size=12,
).filter(lambda ws: any(ws))


@settings(max_examples=2000)
@given(unit=units, count=st.integers(-(10**16), 10**16), weights=weights)
def test_allocation_properties(unit: Decimal, count: int, weights: list[Decimal]) -> None:
    total = Decimal(count) * unit  # exact: at most 17 + 3 digits
    shares = allocate(total, weights, unit=unit)
    fraction_total = Fraction(total)
    fraction_weights = [Fraction(w) for w in weights]
    fraction_unit = Fraction(unit)

    # The exact reference, share by share.
    assert [Fraction(s) for s in shares] == reference(fraction_total, fraction_weights, fraction_unit)
    # Shares sum exactly to the total.
    assert sum(Fraction(s) for s in shares) == fraction_total
    weight_sum = sum(fraction_weights)
    for share, weight in zip(shares, fraction_weights):
        # Whole units, within one unit of the exact quota, zero for a zero weight, the total's sign.
        assert (Fraction(share) / fraction_unit).denominator == 1
        assert abs(Fraction(share) - fraction_total * weight / weight_sum) < fraction_unit
        if weight == 0:
            assert share == 0
        assert share == 0 or (share < 0) == (total < 0)
    # A negative total mirrors the positive one.
    assert allocate(total.copy_negate(), weights, unit=unit) == [s.copy_negate() for s in shares]

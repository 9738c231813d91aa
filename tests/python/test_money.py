"""costmodel.Money: exact amounts in one currency, and the reporting policies none/cents/invoice (the
scenario contract's line_rounding names)."""

from __future__ import annotations

import copy
import decimal
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costmodel
from costmodel import Money


def test_construction() -> None:
    assert Money("12.50", "USD").amount == Decimal("12.5")
    assert Money(Decimal("12.50"), "EUR").currency == "EUR"
    assert Money(12).amount == Decimal(12)
    assert Money(12).currency == "USD"  # the default currency
    assert type(Money("1").amount) is Decimal
    assert Money.zero("JPY") == Money(0, "JPY")
    assert (Money(1, "USD").minor_units, Money(1, "JPY").minor_units, Money(1, "KWD").minor_units) == (2, 0, 3)


def test_float_is_refused() -> None:
    with pytest.raises(TypeError, match=r"float 12\.5 is not accepted.*from_float"):
        Money(12.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bool"):
        Money(True)  # bool is an int to a type checker, not to Money
    with pytest.raises(TypeError, match=r"float 1\.5"):
        Money(10) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"float 1\.5"):
        1.5 * Money(10)  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"float 2\.0"):
        Money(10) / 2.0  # type: ignore[operator]
    # Explicitly converted, a float is fine.
    assert Money(costmodel.from_float(12.5)) == Money("12.5")


def test_unknown_currency() -> None:
    with pytest.raises(ValueError, match='unknown currency "USS"'):
        Money(1, "USS")
    with pytest.raises(ValueError, match='unknown currency "usd"'):
        Money(1, "usd")
    assert costmodel.is_known_currency("EUR")
    assert not costmodel.is_known_currency("XYZ")
    assert costmodel.currency_minor_units("BHD") == 3


def test_arithmetic_is_exact() -> None:
    assert Money("0.1") + Money("0.2") == Money("0.3")
    assert Money("0.3") - Money("0.1") == Money("0.2")
    assert -Money("1.5", "EUR") == Money("-1.5", "EUR")
    assert +Money("1.5") == Money("1.5")
    assert abs(Money("-1.5")) == Money("1.5")
    assert Money("12.5") * 3 == Money("37.5")
    assert 3 * Money("12.5") == Money("37.5")
    assert Money("12.5") * Decimal("0.5") == Money("6.25")
    assert Decimal("0.5") * Money("12.5") == Money("6.25")
    assert Money("12.5") * "2" == Money("25")
    assert Money("10") / 4 == Money("2.5")
    assert Money("10") / 3 == Money("3.3333333333")  # rounded once to 10 places, half-even
    assert Money("20") / 3 == Money("6.6666666667")
    assert Money("0.0000166667") * 3_600_000 == Money("60.00012")


def test_scaled_and_divided_take_a_mode() -> None:
    assert Money("20").divided(3, "ROUND_DOWN") == Money("6.6666666666")
    assert Money("0.0000000001").scaled("0.5", "ROUND_HALF_UP") == Money("0.0000000001")
    assert Money("0.0000000001").scaled("0.5") == Money("0")  # half-even: the tie goes to 0


def test_money_over_money_is_a_ratio() -> None:
    ratio = Money("30", "EUR") / Money("120", "EUR")
    assert type(ratio) is Decimal
    assert ratio == Decimal("0.25")
    with pytest.raises(ZeroDivisionError):
        Money("1") / Money("0")
    with pytest.raises(ZeroDivisionError):
        Money("1") / 0


@pytest.mark.parametrize(
    ("operation", "verb"),
    [
        (lambda a, b: a + b, "add"),
        (lambda a, b: a - b, "subtract"),
        (lambda a, b: a / b, "divide"),
        (lambda a, b: a < b, "compare"),
        (lambda a, b: a >= b, "compare"),
    ],
)
def test_mixing_currencies_names_both(operation: object, verb: str) -> None:
    with pytest.raises(ValueError, match=f"cannot {verb} USD and EUR: amounts in different currencies"):
        operation(Money(1, "USD"), Money(1, "EUR"))  # type: ignore[operator]


def test_unsupported_operands() -> None:
    with pytest.raises(TypeError):
        Money(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) + Decimal(1)  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) * Money(2)  # type: ignore[operator]
    with pytest.raises(TypeError):
        2 / Money(1)  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) < 2  # type: ignore[operator]


def test_equality_and_hash() -> None:
    assert Money("1.0") == Money("1")
    assert hash(Money("1.0")) == hash(Money("1"))
    assert Money(1, "USD") != Money(1, "EUR")  # equal amounts, different currencies: not equal, no error
    assert Money(1) != Money(2)
    assert Money(1) != 1
    assert Money(1) != Decimal(1)
    assert len({Money("1.0"), Money("1"), Money("1", "EUR"), Money("2")}) == 3
    assert {Money("5"): "five"}[Money("5.00")] == "five"


def test_ordering_within_a_currency() -> None:
    lines = [Money("3"), Money("-1"), Money("2.5")]
    assert sorted(lines) == [Money("-1"), Money("2.5"), Money("3")]
    assert Money("1") < Money("1.0000000001")
    assert Money("1") <= Money("1.0")
    assert max(lines) == Money("3")


def test_repr_and_str() -> None:
    assert repr(Money("12.50", "USD")) == "Money('12.5', 'USD')"
    assert str(Money("12.50", "USD")) == "12.5 USD"
    assert str(Money("-0.0001", "EUR")) == "-0.0001 EUR"
    assert repr(Money("1E+3", "JPY")) == "Money('1000', 'JPY')"
    # The repr is the expression that makes the value.
    assert eval(repr(Money("-7.25", "GBP")), {"Money": Money}) == Money("-7.25", "GBP")
    assert Money.__module__ == "costmodel"


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip(protocol: int) -> None:
    original = Money("1234567890123456789012345678.9876543211", "EUR")
    payload = pickle.dumps(original, protocol=protocol)
    restored = pickle.loads(payload)
    assert restored == original
    assert restored.currency == "EUR"
    assert b"_core" not in payload  # pickles name the public class costmodel.Money


def test_copy() -> None:
    original = Money("3.5", "CHF")
    assert copy.copy(original) == original
    assert copy.deepcopy([original]) == [original]


@pytest.mark.parametrize(
    ("amount", "currency", "mode", "expected"),
    [
        ("2.675", "USD", "ROUND_HALF_EVEN", "2.68"),  # tie; 7 is odd, so up
        ("2.665", "USD", "ROUND_HALF_EVEN", "2.66"),  # tie; 6 is even, so down
        ("2.675", "USD", "ROUND_HALF_DOWN", "2.67"),
        ("2.675", "USD", "ROUND_HALF_UP", "2.68"),
        ("-2.675", "USD", "ROUND_HALF_UP", "-2.68"),
        ("2.671", "USD", "ROUND_CEILING", "2.68"),
        ("-2.679", "USD", "ROUND_CEILING", "-2.67"),
        ("1234.5", "JPY", "ROUND_HALF_EVEN", "1234"),
        ("1.2345", "KWD", "ROUND_HALF_EVEN", "1.234"),
        ("1.2345", "KWD", "ROUND_HALF_UP", "1.235"),
    ],
)
def test_round_to_minor_units(amount: str, currency: str, mode: str, expected: str) -> None:
    assert Money(amount, currency).round_to_minor_units(mode) == Money(expected, currency)
    assert costmodel.round_money(Money(amount, currency), rounding=mode) == Money(expected, currency)


def test_round_money() -> None:
    assert Money("2.675").round_to_minor_units() == Money("2.68")  # default half-even
    assert Money("1234.5678").round(1, "ROUND_DOWN") == Money("1234.5")
    assert costmodel.round_money(Money("1234.5678", "EUR"), 3) == Money("1234.568", "EUR")
    assert costmodel.round_money(Money("1250"), -2, "ROUND_HALF_EVEN") == Money("1200")
    assert str(costmodel.round_money(Decimal("2.5"), 2)) == "2.50"
    with pytest.raises(TypeError, match="places is required"):
        costmodel.round_money(Decimal("2.5"), None)  # type: ignore[call-overload]


# ---- policies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "none", "cents", "invoice"),
    [
        (Money("0.004"), Money("0.004"), Money("0"), Money("0.01")),  # under a cent: billed one cent
        (Money("0.005"), Money("0.005"), Money("0.01"), Money("0.01")),
        (Money("1.005"), Money("1.005"), Money("1.01"), Money("1.01")),  # half-up, not half-even
        (Money("-0.004"), Money("-0.004"), Money("0"), Money("0")),  # credits follow cents
        (Money("-1.005"), Money("-1.005"), Money("-1.01"), Money("-1.01")),
        (Money("0"), Money("0"), Money("0"), Money("0")),
        (Money("0.4", "JPY"), Money("0.4", "JPY"), Money("0", "JPY"), Money("1", "JPY")),
        (Money("0.0004", "KWD"), Money("0.0004", "KWD"), Money("0", "KWD"), Money("0.001", "KWD")),
    ],
)
def test_apply_policy(line: Money, none: Money, cents: Money, invoice: Money) -> None:
    assert costmodel.apply_policy(line, "none") == none
    assert costmodel.apply_policy(line, "cents") == cents
    assert costmodel.apply_policy(line, "invoice") == invoice


def test_sum_lines() -> None:
    lines = [Money("0.004")] * 3
    assert costmodel.sum_lines(lines, "none") == Money("0.012")
    assert costmodel.sum_lines(lines, "cents") == Money("0")
    assert costmodel.sum_lines(lines, "invoice") == Money("0.03")
    # Rounding each line first can differ from rounding the total: 1.005 + 2.005.
    pair = [Money("1.005"), Money("2.005")]
    assert costmodel.sum_lines(pair) == Money("3.01")  # exact by default
    assert costmodel.sum_lines(pair, "cents") == Money("3.02")
    assert costmodel.sum_lines(iter(pair), "cents") == Money("3.02")  # any iterable
    assert costmodel.sum_lines([], "none", currency="EUR") == Money("0", "EUR")
    assert costmodel.ROUNDING_POLICIES == ("none", "cents", "invoice")


def test_sum_lines_errors() -> None:
    with pytest.raises(ValueError, match="no lines and no currency"):
        costmodel.sum_lines([])
    with pytest.raises(ValueError, match="cannot add USD and EUR"):
        costmodel.sum_lines([Money(1, "USD"), Money(1, "EUR")])
    with pytest.raises(ValueError, match="cannot add EUR and USD"):
        costmodel.sum_lines([Money(1, "USD")], currency="EUR")
    with pytest.raises(ValueError, match='unknown rounding policy "cent".*none, cents or invoice'):
        costmodel.sum_lines([Money(1)], "cent")
    for old_name in ("exact", "line_cents"):  # one set of names, no aliases
        with pytest.raises(ValueError, match="unknown rounding policy"):
            costmodel.sum_lines([Money(1)], old_name)
    with pytest.raises(TypeError, match="line 1 is Decimal, expected Money"):
        costmodel.sum_lines([Money(1), Decimal(1)])  # type: ignore[list-item]


amounts = st.integers(-(10**20), 10**20).map(lambda units: Decimal(f"{units}E-10"))


@settings(max_examples=500)
@given(lines=st.lists(amounts, max_size=20))
def test_policies_match_decimal(lines: list[Decimal]) -> None:
    """cents is decimal's quantize(0.01, ROUND_HALF_UP) per line; invoice also lifts (0, 0.005) to
    0.01; none is the plain sum. Sums are computed in a 60-digit context, exactly."""
    ctx = decimal.Context(prec=60, traps=[decimal.Inexact])  # sums: exact or an error
    rounding_ctx = decimal.Context(prec=60)
    cent = Decimal("0.01")
    money = [Money(x) for x in lines]

    def rounded(x: Decimal) -> Decimal:
        return x.quantize(cent, rounding=decimal.ROUND_HALF_UP, context=rounding_ctx)

    def billed(x: Decimal) -> Decimal:
        return cent if 0 < x < Decimal("0.005") else rounded(x)

    expected = {
        "none": ctx_sum(ctx, lines),
        "cents": ctx_sum(ctx, [rounded(x) for x in lines]),
        "invoice": ctx_sum(ctx, [billed(x) for x in lines]),
    }
    for policy, total in expected.items():
        assert costmodel.sum_lines(money, policy, currency="USD") == Money(total)
    for x, m in zip(lines, money):
        assert costmodel.apply_policy(m, "invoice").amount == billed(x)


def ctx_sum(ctx: decimal.Context, values: list[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = ctx.add(total, value)
    return total

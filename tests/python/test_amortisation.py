"""costmodel.amortize: the reference's $30 + $2.48 a month example by hand, the sum property against
month shares computed here with Python's decimal, leap years, mid-month starts, input errors, pandas
and the command line."""

from __future__ import annotations

import calendar
import datetime
import decimal
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costmodel
from costmodel import InputError, amortize

ROOT = Path(__file__).resolve().parents[2]
TEN = Decimal("1e-10")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, env=env, timeout=120)


def month_shares(start: datetime.date, end: datetime.date, fee: Decimal) -> list[Decimal]:
    """Each calendar month's share of a monthly fee: the fee for a whole month, fee x days / days in
    the month (half-even at 10 places) for a part."""
    shares = []
    month = start.replace(day=1)
    with decimal.localcontext(decimal.Context(prec=60)):
        while month < end:
            length = calendar.monthrange(month.year, month.month)[1]
            following = month + datetime.timedelta(days=length)
            days = (min(following, end) - max(month, start)).days
            share = fee if days == length else (fee * days / length).quantize(TEN, rounding=decimal.ROUND_HALF_EVEN)
            shares.append(share)
            month = following
    return shares


def test_the_reference_example_30_upfront_and_2_48_a_month() -> None:
    # 30/365 + 2.48/30 = 1805.2/10950 = 0.16485844748858...: "about $0.165 per day" in a 30-day month.
    # The split gives the first 80 days one more 10^-10 of upfront and 1-20 April one more of the fee.
    daily = amortize(start="2026-04-01", term_years=1, upfront=30, recurring_monthly="2.48")
    cost = daily.column("cost")
    assert cost[0] == Decimal("0.1648584476")
    assert cost[29] == Decimal("0.1648584475")
    assert all(abs(c - Decimal("1805.2") / Decimal("10950")) < Decimal("2e-10") for c in cost[:30])
    assert sum(cost) == Decimal("59.76")  # 30 + 12 x 2.48
    assert daily.column("date")[0] == datetime.date(2026, 4, 1)
    assert daily.column_names == ["commitment", "date", "upfront", "recurring", "cost"]
    monthly = amortize(start="2026-04-01", term_years=1, upfront=30, recurring_monthly="2.48", period="month")
    assert monthly.num_rows == 12
    assert monthly.column("cost")[0] == Decimal("4.945753427")  # 30 x 0.0821917809 + 2.48


def test_amortization_totals_and_pandas() -> None:
    a = costmodel.amortization(start=datetime.date(2028, 1, 1), term_years=1, upfront="366", recurring_monthly=29, id="ri-m5")
    assert (a.days, a.end, a.upfront, a.recurring, a.total) == (366, datetime.date(2029, 1, 1), Decimal("366"), Decimal("348"), Decimal("714"))
    frame = a.monthly.to_pandas()
    assert list(frame["days"])[:2] == [31, 29]  # 2028 is a leap year
    assert frame["commitment"].iloc[0] == "ri-m5"
    assert sum(Decimal(str(v)) for v in frame["cost"]) == Decimal("714")


def test_mid_month_start_and_hourly_fees() -> None:
    # From 15 January: January holds 17 of its 31 days, so 31 a month is 1 a day there.
    a = costmodel.amortization(start="2026-01-15", term_years=1, recurring_monthly=31)
    assert a.monthly.column("days")[0] == 17
    assert a.monthly.column("recurring")[0] == Decimal("17")
    assert a.recurring == Decimal("372")  # 17 + 11 x 31 + 14
    # 0.125 an hour is 3 a day.
    h = costmodel.amortization(start="2026-01-01", end="2026-01-11", upfront=5, recurring_hourly="0.125")
    assert h.total == Decimal("35")
    assert h.daily.column("cost")[0] == Decimal("3.5")


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2040, 12, 31)),
    days=st.integers(min_value=1, max_value=1200),
    upfront=st.decimals(min_value=0, max_value=10**9, places=10, allow_nan=False, allow_infinity=False),
    fee=st.decimals(min_value=0, max_value=10**6, places=10, allow_nan=False, allow_infinity=False),
)
def test_the_days_sum_exactly_to_upfront_plus_the_months_shares(start: datetime.date, days: int, upfront: Decimal, fee: Decimal) -> None:
    end = start + datetime.timedelta(days=days)
    a = costmodel.amortization(start=start, end=end, upfront=upfront, recurring_monthly=fee)
    with decimal.localcontext(decimal.Context(prec=60)):
        recurring = sum(month_shares(start, end, fee), Decimal(0))
        assert a.recurring == recurring
        assert sum(a.daily.column("upfront"), Decimal(0)) == upfront
        assert sum(a.daily.column("cost"), Decimal(0)) == upfront + recurring
        assert a.monthly.column("recurring") == month_shares(start, end, fee)
        # Every day's upfront share is the floor of upfront / days or one unit more.
        low = (upfront / days).quantize(TEN, rounding=decimal.ROUND_FLOOR)
        assert set(a.daily.column("upfront")) <= {low, low + TEN}


@pytest.mark.parametrize(
    ("arguments", "path", "message"),
    [
        ({"term_years": 1, "upfront": -30}, "upfront", "expected a fee >= 0, got -30"),
        ({"term_years": 1, "recurring_monthly": "-2.48"}, "recurring_monthly", "expected a fee >= 0, got -2.48"),
        ({"term_years": 2}, "term_years", "expected 1 or 3 (years), got 2"),
        ({"term_years": 0}, "term_years", "expected 1 or 3 (years), got 0"),
        ({}, "term_years", "missing: give term_years (1 or 3) or end"),
        ({"end": "2026-01-01"}, "end", "the term must end after it starts (2026-01-01), got 2026-01-01"),
        ({"end": "2025-06-30"}, "end", "the term must end after it starts (2026-01-01), got 2025-06-30"),
        ({"end": "2026-13-01"}, "end", 'expected a date YYYY-MM-DD, got "2026-13-01"'),
        ({"term_years": 1, "upfront": "12,5"}, "upfront", ""),
    ],
)
def test_bad_inputs_are_input_errors(arguments: dict[str, object], path: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        amortize(start="2026-01-01", **arguments)  # type: ignore[arg-type]
    assert error.value.source == "<amortize arguments>"
    assert error.value.path == path
    assert message in error.value.message


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        amortize(start="2026-01-01", term_years=1, upfront=30.0)  # type: ignore[arg-type]


def test_cli_amortize() -> None:
    done = cli("amortize", "--start", "2026-04-01", "--term-years", "1", "--upfront", "30", "--monthly", "2.48", "--by", "day",
               "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "date,upfront,recurring,cost"
    assert lines[1] == "2026-04-01,0.0821917809,0.0826666667,0.1648584476"
    assert len(lines) == 366
    document = json.loads(cli("amortize", "--start", "2026-04-01", "--term-years", "1", "--upfront", "30", "--monthly", "2.48",
                              "--format", "json").stdout)
    assert (document["days"], document["total"], len(document["rows"])) == (365, "59.76", 12)
    table = cli("amortize", "--start", "2026-04-01", "--term-years", "1", "--upfront", "30", "--monthly", "2.48").stdout
    assert table.startswith("commitment: 365 days from 2026-04-01 to 2027-04-01 (exclusive); upfront 30 + recurring 29.76\n")
    assert table.endswith("Total: 59.76\n")
    bad = cli("amortize", "--start", "2026-04-01", "--term-years", "2")
    assert bad.returncode == 2
    assert "<amortize arguments>: term_years: expected 1 or 3 (years), got 2" in bad.stderr

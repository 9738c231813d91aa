"""costmodel.support_fee and the scenario's support setting: figures by hand at the tiers' boundaries,
a reference written here with Python's decimal at a wide context, the choice of rule set by month, the
support line of an estimate, and the command line."""

from __future__ import annotations

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
from costmodel import InputError, support_fee

ROOT = Path(__file__).resolve().parents[2]

# The built-in (legacy) rules as the reference states them: minimum, then (up to, rate) tiers.
REFERENCE = {
    "developer": ("29", [(None, "0.03")]),
    "business": ("100", [("10000", "0.10"), ("80000", "0.07"), ("250000", "0.05"), (None, "0.03")]),
    "enterprise_on_ramp": ("5500", [(None, "0.10")]),
    "enterprise": ("15000", [("150000", "0.10"), ("500000", "0.07"), ("1000000", "0.05"), (None, "0.03")]),
}


def reference_fee(plan: str, charges: Decimal) -> Decimal:
    """Greater of the minimum and the marginal tiers, exact at 60 digits, then half-even at 10 places."""
    minimum, tiers = REFERENCE[plan]
    with decimal.localcontext(decimal.Context(prec=60)):
        tiered, low = Decimal(0), Decimal(0)
        for up_to, rate in tiers:
            high = charges if up_to is None else min(charges, Decimal(up_to))
            if high > low:
                tiered += (high - low) * Decimal(rate)
            if up_to is not None:
                low = Decimal(up_to)
        tiered = tiered.quantize(Decimal("1e-10"), rounding=decimal.ROUND_HALF_EVEN)
        return max(Decimal(minimum), tiered)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, env=env, timeout=120)


# ---- by hand ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "charges", "fee"),
    [
        ("developer", "0", "29"),
        ("developer", "966.66", "29"),  # 3% = 28.9998 < 29
        ("developer", "966.67", "29.0001"),
        ("business", "999.99", "100"),  # 10% = 99.999 < 100
        ("business", "1000", "100"),
        ("business", "1000.01", "100.001"),
        ("business", "10000", "1000"),
        ("business", "10000.01", "1000.0007"),
        ("business", "80000", "5900"),  # 1,000 + 7% x 70,000
        ("business", "80000.01", "5900.0005"),
        ("business", "250000", "14400"),  # 5,900 + 5% x 170,000
        ("business", "250000.01", "14400.0003"),
        ("enterprise_on_ramp", "54999.99", "5500"),
        ("enterprise_on_ramp", "55000.01", "5500.001"),
        ("enterprise", "150000", "15000"),
        ("enterprise", "150000.01", "15000.0007"),
        ("enterprise", "500000", "39500"),  # 15,000 + 7% x 350,000
        ("enterprise", "1000000", "64500"),  # 39,500 + 5% x 500,000
        ("enterprise", "1000000.01", "64500.0003"),
    ],
)
def test_fees_at_the_boundaries(plan: str, charges: str, fee: str) -> None:
    assert support_fee(plan, charges) == Decimal(fee)
    assert support_fee(plan, Decimal(charges)) == reference_fee(plan, Decimal(charges))


def test_details_and_rounding() -> None:
    # 12,345.678: 1,000 + 7% x 2,345.678 = 1,164.19746; to cents half-up 1,164.20.
    d = costmodel.support_fee_details("business", "12345.678")
    assert d.tier_parts == (Decimal("1000"), Decimal("164.19746"), Decimal("0"), Decimal("0"))
    assert (d.tiered, d.minimum, d.minimum_applies, d.rule_set) == (Decimal("1164.19746"), Decimal("100"), False, "aws-support-legacy")
    assert support_fee("business", "12345.678", rounding="cents") == Decimal("1164.20")
    assert costmodel.support_fee_details("developer", 10).minimum_applies
    assert costmodel.SUPPORT_PLANS == ("developer", "business", "enterprise_on_ramp", "enterprise")


@settings(max_examples=300, deadline=None)
@given(
    plan=st.sampled_from(sorted(REFERENCE)),
    charges=st.decimals(min_value=0, max_value=10**12, places=10, allow_nan=False, allow_infinity=False),
)
def test_fee_equals_the_decimal_reference(plan: str, charges: Decimal) -> None:
    assert support_fee(plan, charges) == reference_fee(plan, charges)


# ---- rule sets and months -----------------------------------------------------------------------------


def test_a_month_no_rule_set_covers_is_an_input_error() -> None:
    assert support_fee("business", 20000, month="2026-12") == Decimal("1700")  # 1,000 + 7% x 10,000
    assert support_fee("business", 20000, month=datetime.date(2025, 10, 1)) == Decimal("1700")
    with pytest.raises(InputError) as error:
        support_fee("business", 20000, month="2027-01")
    assert error.value.source == "<support_fee arguments>"
    assert error.value.path == "month"
    assert error.value.value == "2027-01-01"
    assert "no support rule set covers 2027-01-01 (rule sets: aws-support-legacy 2025-10-01 to 2027-01-01)" in str(error.value)


def test_rule_sets_given_as_dicts_choose_by_month() -> None:
    later = {
        "schema": "costmodel/support-rules/v1", "id": "next", "effective_from": "2027-01-01",
        "plans": {"business": {"minimum": Decimal("200"), "tiers": [{"up_to": "5000", "rate": "0.12"}, {"rate": "0.04"}]}},
    }
    earlier = {**later, "id": "before", "effective_from": "2020-01-01", "effective_until": "2027-01-01"}
    # 12% x 5,000 + 4% x 5,000 = 800.
    assert support_fee("business", 10000, rules=[earlier, later], month="2027-06") == Decimal("800")
    assert costmodel.support_fee_details("business", 10000, rules=[earlier, later], month="2024-06").rule_set == "before"
    # Without a month, the set that starts last, in whatever order they are given.
    assert costmodel.support_fee_details("business", 10000, rules=[later, earlier]).rule_set == "next"
    with pytest.raises(TypeError, match="rules\\[0\\].plans.business.minimum: float 200.0"):
        support_fee("business", 1, rules={**later, "plans": {"business": {"minimum": 200.0, "tiers": []}}})
    with pytest.raises(InputError) as error:
        support_fee("business", 1, rules={**later, "plans": {"busines": later["plans"]["business"]}})
    assert error.value.path == "plans.busines"
    assert 'did you mean "business"?' in str(error.value)


def test_rule_sets_from_files(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"schema": "costmodel/support-rules/v1", "id": "file", "effective_from": "2027-01-01",
                                "plans": {"developer": {"minimum": "29", "tiers": [{"rate": "0.05"}]}}}))
    assert support_fee("developer", 1000, rules=path) == Decimal("50")  # 5% of 1,000
    assert support_fee("developer", 1000, rules=str(path), month="2027-03") == Decimal("50")
    with pytest.raises(InputError) as error:
        support_fee("developer", 1000, rules=str(tmp_path / "missing.json"))
    assert error.value.source.endswith("missing.json")
    assert "cannot read" in str(error.value)
    done = cli("support-fee", "developer", "1000", "--rules", str(path), "--format", "json")
    assert json.loads(done.stdout)["rule_set"] == "file"


def test_bad_arguments_are_input_errors() -> None:
    with pytest.raises(InputError) as error:
        support_fee("enterprise-on-ramp", 1)
    assert (error.value.path, error.value.value) == ("plan", '"enterprise-on-ramp"')
    assert 'did you mean "enterprise_on_ramp"?' in str(error.value)
    with pytest.raises(InputError, match="charges: expected the month's gross charges, a number >= 0, got -5"):
        support_fee("business", -5)
    with pytest.raises(InputError, match="month: expected a month YYYY-MM"):
        support_fee("business", 5, month="June")
    with pytest.raises(TypeError):
        support_fee("business", 5.0)  # type: ignore[arg-type]


# ---- the scenario's support setting -------------------------------------------------------------------


def scenario(**settings: object) -> dict[str, object]:
    return {"schema": "costmodel/scenario/v1", "name": "s", **settings,
            "workloads": [{"name": "guardduty", "service": "fixed", "monthly_cost": "12345.67"}]}


def test_an_estimate_with_support_has_a_support_line() -> None:
    # 1,000 + 7% x 2,345.67 = 1,164.1969 on the 12,345.67 the other lines cost.
    result = costmodel.estimate(scenario(support={"plan": "business"}))
    line = result.lines[-1]
    assert (line.workload, line.service, line.component, line.quantity, line.unit) == ("support", "support", "business", 1, "month")
    assert line.cost == Decimal("1164.1969")
    assert result.services == {"fixed": Decimal("12345.67"), "support": Decimal("1164.1969")}
    assert result.total == Decimal("13509.8669")
    assert result.to_dict()["conventions"]["support"] == "business"
    assert "support" not in costmodel.estimate(scenario()).to_dict()["conventions"]


def test_the_support_setting_is_written_back() -> None:
    s = costmodel.Scenario(scenario(support={"plan": "enterprise", "month": "2026-05"}))
    assert json.loads(s.canonical_json())["support"] == {"plan": "enterprise", "month": "2026-05"}


def test_an_unknown_plan_in_a_scenario_says_what_was_meant() -> None:
    with pytest.raises(InputError) as error:
        costmodel.estimate(scenario(support={"plan": "bussiness"}))
    assert error.value.source == "<scenario dict>"
    assert error.value.path == "support.plan"
    assert error.value.value == '"bussiness"'
    assert 'did you mean "business"?' in str(error.value)
    with pytest.raises(InputError, match='support: expected an object such as {"plan": "business"}'):
        costmodel.estimate(scenario(support="business"))


# ---- command line -------------------------------------------------------------------------------------


def test_cli_support_fee() -> None:
    done = cli("support-fee", "business", "80000")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "business support on charges of 80000 (aws-support-legacy)\n"
        "tiers: 1000, 4900, 0, 0 = 5900; minimum 100\n"
        "fee: 5900 (the tiers)\n"
    )
    document = json.loads(cli("support-fee", "developer", "100", "--format", "json").stdout)
    assert (document["fee"], document["minimum_applies"]) == ("29", True)
    assert cli("support-fee", "business", "12345.678", "--rounding", "cents").stdout.endswith("fee: 1164.2 (the tiers)\n")


def test_cli_estimate_shows_the_support_line(tmp_path: Path) -> None:
    path = tmp_path / "support.json"
    path.write_text(json.dumps(scenario(support={"plan": "developer"})))
    done = cli("estimate", str(path))
    assert done.returncode == 0, done.stderr
    assert "line rounding none, developer support\n" in done.stdout
    # 3% of 12,345.67 = 370.3701, above the minimum of 29.
    assert "\nsupport    developer              1  month    370.3701     370.37\n" in done.stdout
    assert "Total: USD 12,716.04 per month (exact 12716.0401)" in done.stdout


def test_cli_support_fee_errors_exit_2() -> None:
    done = cli("support-fee", "busines", "100")
    assert done.returncode == 2
    assert 'did you mean "business"?' in done.stderr
    done = cli("support-fee", "business", "100", "--month", "2030-01")
    assert done.returncode == 2
    assert "month: no support rule set covers 2030-01-01" in done.stderr

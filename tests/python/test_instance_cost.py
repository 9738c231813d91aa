"""The instance cost formula of seed 004 (docs/commitments.md): each figure written as the arithmetic
that produces it, and the same figures against Python's decimal module with a wide context."""

from __future__ import annotations

import decimal
import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

import costmodel

ROOT = Path(__file__).resolve().parents[2]
WIDE = decimal.Context(prec=60)
SEED_HOURS = "730.56"  # 24 × 30.44


def test_example_1_exact_and_per_step() -> None:
    r = costmodel.instance_cost("m5.xlarge", pricing_model="ec2_instance_savings_plan", term="1yr",
                                discount_percent=20, hours_per_month=SEED_HOURS)
    assert r.on_demand_rate == D("0.192")          # the catalog's m5.xlarge/linux
    assert r.hourly_rate == D("0.1536")            # 0.192 × (1 − 0.20)
    assert r.instance_monthly_cost == D("112.214016")  # 0.1536 × 730.56 → 112.21, never the stated 112.22
    assert r.instance_monthly_cost == WIDE.multiply(WIDE.multiply(D("0.192"), D("0.8")), D(SEED_HOURS))
    stepped = costmodel.instance_cost("m5.xlarge", pricing_model="ec2_instance_savings_plan", term="1yr",
                                      discount_percent=20, hours_per_month=SEED_HOURS, rounding="per_step")
    assert stepped.instance_monthly_cost == D("112.21")
    at_730 = costmodel.instance_cost("m5.xlarge", pricing_model="ec2_instance_savings_plan", term="1yr",
                                     discount_percent=20)
    assert at_730.hours_per_month == 730 and at_730.instance_monthly_cost == D("112.128")  # 0.1536 × 730


def test_example_2_windows_factor_against_aws_windows_rate() -> None:
    seed = dict(os="windows", on_demand_rate="0.0416", os_factor="1.15", workload="non_production",
                utilization_percent=50, hours_per_month=SEED_HOURS)
    exact = costmodel.instance_cost("t3.medium", **seed)
    assert exact.effective_hours == D("365.28")                # 730.56 × 0.5
    assert exact.base_monthly_cost == D("15.195648")           # 0.0416 × 365.28
    assert exact.instance_monthly_cost == D("17.4749952")      # × 1.15 → 17.47
    assert costmodel.instance_cost("t3.medium", **seed, rounding="per_step").instance_monthly_cost == D("17.48")  # 15.20 × 1.15
    aws = costmodel.instance_cost("t3.medium", os="windows", workload="non_production", utilization_percent=50,
                                  hours_per_month=SEED_HOURS)
    assert aws.on_demand_rate == D("0.06")
    assert aws.instance_monthly_cost == D("21.9168")           # 0.06 × 365.28


def test_scenarios_1_and_2() -> None:
    s1 = dict(count=10, pricing_model="ec2_instance_savings_plan", term="3yr", payment_option="partial_upfront",
              discount_percent=34, hours_per_month=SEED_HOURS)
    exact = costmodel.instance_cost("m5.large", **s1)
    assert exact.hourly_rate == D("0.06336")                   # 0.096 × 0.66
    assert exact.instances_monthly_cost == D("462.882816")     # 10 × 0.06336 × 730.56
    stepped = costmodel.instance_cost("m5.large", **s1, rounding="per_step")
    assert (stepped.hourly_rate, stepped.instance_monthly_cost, stepped.instances_monthly_cost) == (
        D("0.0634"), D("46.32"), D("463.20"))                  # 0.0634 × 730.56 = 46.317504; the seed: 46.30, 463.00
    s2 = dict(count=5, workload="non_production", utilization_percent=40, hours_per_month=SEED_HOURS)
    assert costmodel.instance_cost("t3.medium", **s2).instances_monthly_cost == D("60.782592")  # 5 × 0.0416 × 292.224
    assert costmodel.instance_cost("t3.medium", **s2, rounding="per_step").instances_monthly_cost == D("60.80")  # 5 × 12.16


def test_commitment_is_paid_for_every_hour() -> None:
    r = costmodel.instance_cost("m5.xlarge", workload="non_production",
                                non_production={"pricing_model": "compute_savings_plan", "term": "1yr",
                                                "utilization_percent": 50},
                                hours_per_month=SEED_HOURS)
    assert r.discount_percent == D("18.5") and "17-20%" in r.discount_source
    assert r.instance_monthly_cost == D("57.1590144")   # 0.192 × 0.815 × 365.28
    assert r.committed_monthly_cost == D("114.3180288")  # 0.192 × 0.815 × 730.56
    assert len(r.notes) == 1
    table = costmodel.seed_004_discounts()
    assert "not AWS's" in table["description"]
    assert len(table["entries"]) == 14


def test_storage_and_total() -> None:
    r = costmodel.instance_cost("m5.large", storage_gb=100, storage_price_per_gb="0.08", storage_factor="0.9")
    assert (r.instance_monthly_cost, r.storage_cost, r.total_monthly_cost) == (D("70.08"), D("7.2"), D("77.28"))


def test_input_errors() -> None:
    with pytest.raises(costmodel.InputError, match=r'instance_type: .*"m5.larg" in us-east-1 \(did you mean "m5.large"\?\)'):
        costmodel.instance_cost("m5.larg")
    with pytest.raises(costmodel.InputError, match="Graviton instances have no Windows price"):
        costmodel.instance_cost("t4g.medium", os="windows")
    with pytest.raises(costmodel.InputError, match=r"production.pricing_model: .*did you mean \"compute_savings_plan\""):
        costmodel.instance_cost("m5.large", pricing_model="compute_saving_plan", term="1yr")
    with pytest.raises(costmodel.InputError, match="production.term: missing"):
        costmodel.instance_cost("m5.large", pricing_model="reserved")
    with pytest.raises(costmodel.InputError, match="non_production.colour: unknown key"):
        costmodel.instance_cost("m5.large", workload="non_production", non_production={"colour": "blue"})


def test_scenario_seed_004_audit() -> None:
    est = costmodel.estimate(ROOT / "examples" / "seed-004.json")
    audit = {item.item: (item.stated, item.computed) for item in est.audit}
    assert audit["example-1"] == (D("112.22"), D("112.214016"))
    assert audit["example-2"] == (D("17.48"), D("17.4749952"))
    assert audit["scenario-1"] == (D("463.00"), D("462.882816"))
    assert audit["scenario-2"] == (D("60.80"), D("60.782592"))


def test_cli_instance_cost() -> None:
    out = subprocess.run([sys.executable, "-m", "costmodel.cli", "instance-cost", "m5.xlarge", "--pricing-model",
                          "ec2_instance_savings_plan", "--term", "1yr", "--discount-percent", "20", "--hours-per-month",
                          SEED_HOURS, "--format", "json"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["instance_monthly_cost"] == "112.214016"
    table = subprocess.run([sys.executable, "-m", "costmodel.cli", "instance-cost", "m5.xlarge", "--rounding", "per_step",
                            "--pricing-model", "ec2_instance_savings_plan", "--term", "1yr", "--discount-percent", "20",
                            "--hours-per-month", SEED_HOURS], capture_output=True, text=True, check=True).stdout
    assert "112.21" in table and "on-demand rate from ec2/instance-hours[m5.xlarge/linux]@us-east-1" in table
    bad = subprocess.run([sys.executable, "-m", "costmodel.cli", "instance-cost", "m5.larg"], capture_output=True, text=True)
    assert bad.returncode == 2 and 'did you mean "m5.large"' in bad.stderr

"""The EC2 and Savings Plans offer files from Python: load_catalog of several paths layers them over
the built-in catalog, a layers file does the same from a scenario's catalog key, and a Compute plan
without discounts takes its rates from them. The excerpts' figures are checked by hand in
tests/cpp/test_offer_stream.cpp; here the same figures come through the Python edge."""

from __future__ import annotations

import pathlib
from decimal import Decimal

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
OFFERS = ROOT / "tests" / "data" / "offers"
EC2 = OFFERS / "ec2-us-east-1-instances.json"
PLANS = OFFERS / "savings-plans-us-east-1.json"
LAYERS = ROOT / "tests" / "data" / "catalogs" / "ec2-offer-layers.json"


def price(catalog: costmodel.Catalog, service: str, usage_type: str, variant: str, region: str = "us-east-1") -> Decimal:
    listing = costmodel.catalog(catalog, service)
    for entry in listing["skus"]:
        if entry["usage_type"] == usage_type and entry["variant"] == variant and entry["region"] == region:
            return Decimal(entry["tiers"][0]["price"])
    raise KeyError((service, usage_type, variant, region))


def test_offer_files_layer_over_the_builtin_catalog():
    layered = costmodel.load_catalog("builtin", EC2, PLANS)
    # 256 / 8,760 = 0.0292237443 (half-even at 10 places) + 0.029 an hour.
    assert price(layered, "ec2", "instance-hours/reserved/1yr/partial_upfront", "m5.large/linux") == Decimal("0.0582237443")
    assert price(layered, "ec2", "instance-hours/compute_sp/1yr/no_upfront", "m5.large/linux") == Decimal("0.068")
    assert price(layered, "fargate", "vcpu/compute_sp/1yr/no_upfront", "linux-x86_64") == Decimal("0.032384")
    # A built-in price is still there.
    assert price(layered, "athena", "data_scanned", "") == Decimal("5")
    assert layered.id == costmodel.builtin_catalog().id + "+aws-offer-AmazonEC2-20251001000000+aws-offer-AWSComputeSavingsPlan-20251001000000"


def test_regions_choose_what_the_ec2_file_keeps():
    west = costmodel.load_catalog(EC2, regions=["us-west-2"])
    assert price(west, "ec2", "instance-hours", "m5.large/linux", "us-west-2") == Decimal("0.096")
    assert len(costmodel.catalog(west, "ec2")["skus"]) == 1
    with pytest.raises(TypeError):
        costmodel.load_catalog(EC2, regions="us-east-1")


def test_a_compute_plan_without_discounts_takes_the_offer_rates():
    # Per hour: m5.large 0.068 + Fargate 1 vCPU × 0.032384 + 2 GB × 0.003556 = 0.107496, all under the
    # commitment of 0.2; per month 730 × 0.2 = 146 is the whole bill.
    document = {
        "schema": "costmodel/scenario/v1", "name": "plan", "catalog": str(LAYERS),
        "workloads": [{"name": "web", "service": "ec2", "instance_type": "m5.large"},
                      {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730}],
        "savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": "0.2"}],
    }
    est = costmodel.estimate(document)
    assert est.total == Decimal("146")
    assert est.warnings == []


def test_a_bad_offer_file_names_the_file_and_the_path(tmp_path):
    bad = tmp_path / "ec2.json"
    bad.write_text(EC2.read_text().replace('"USD": "0.0960000000"', '"USD": "0.096 USD"', 1))
    with pytest.raises(costmodel.InputError) as caught:
        costmodel.load_catalog(bad)
    assert caught.value.source == str(bad)
    assert caught.value.path.endswith(".pricePerUnit.USD")
    assert caught.value.path.startswith("terms.OnDemand.6QCMYABX3D3KRKE8.")

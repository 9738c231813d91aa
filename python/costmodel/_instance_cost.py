"""The instance cost formula (docs/commitments.md, "Instance cost formula").

monthly instance cost = hourly rate × (hours_per_month × utilisation) × OS factor, the hourly rate
from a pricing model; storage cost = GB × price per GB × optimisation factor. Every step's figure is
kept, exact (``rounding="exact"``) or rounded as a document's worked examples do (``"per_step"``).

>>> import costmodel
>>> r = costmodel.instance_cost("m5.xlarge", pricing_model="ec2_instance_savings_plan", term="1yr",
...                             discount_percent=20, hours_per_month="730.56")
>>> r.hourly_rate, r.instance_monthly_cost
(Decimal('0.1536'), Decimal('112.214016'))
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Mapping

from . import _core
from ._catalog import Catalog, builtin_catalog
from ._numbers import DecimalLike


@dataclasses.dataclass(frozen=True)
class InstanceCost:
    """Every step of the formula, in its order. Amounts are per month; ``*_monthly_cost`` is one
    instance, ``instances_*`` is ``count`` of them. ``committed_*`` is what a commitment costs when
    every hour is paid (a reserved instance or Savings Plan is; the formula's utilisation factor
    lowers only what on-demand instances cost)."""

    instance_type: str
    os: str
    region: str
    workload: str
    pricing_model: str
    term: str | None
    payment_option: str | None
    rounding: str
    on_demand_rate: Decimal
    on_demand_source: str
    discount_percent: Decimal | None
    discount_source: str
    hourly_rate: Decimal
    hours_per_month: Decimal
    utilization: Decimal
    effective_hours: Decimal
    base_monthly_cost: Decimal
    os_factor: Decimal
    instance_monthly_cost: Decimal
    committed_monthly_cost: Decimal
    count: Decimal
    instances_monthly_cost: Decimal
    committed_instances_monthly_cost: Decimal
    storage_cost: Decimal
    total_monthly_cost: Decimal
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready values (amounts as decimal strings)."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            out[field.name] = str(value) if isinstance(value, Decimal) else list(value) if isinstance(value, tuple) else value
        return out


def _terms(pricing_model: str | None, term: str | None, payment_option: str | None, discount_percent: DecimalLike | None,
           reserved_hourly_rate: DecimalLike | None, utilization_percent: DecimalLike | None) -> dict[str, Any]:
    given = {"pricing_model": pricing_model, "term": term, "payment_option": payment_option,
             "discount_percent": discount_percent, "reserved_hourly_rate": reserved_hourly_rate,
             "utilization_percent": utilization_percent}
    return {k: v for k, v in given.items() if v is not None}


def instance_cost(
    instance_type: str | None = None,
    *,
    os: str = "linux",
    region: str = "us-east-1",
    on_demand_rate: DecimalLike | None = None,
    count: DecimalLike = 1,
    workload: str = "production",
    pricing_model: str | None = None,
    term: str | None = None,
    payment_option: str | None = None,
    discount_percent: DecimalLike | None = None,
    reserved_hourly_rate: DecimalLike | None = None,
    utilization_percent: DecimalLike | None = None,
    production: Mapping[str, Any] | None = None,
    non_production: Mapping[str, Any] | None = None,
    hours_per_month: DecimalLike = 730,
    os_factor: DecimalLike = 1,
    storage_gb: DecimalLike | None = None,
    storage_price_per_gb: DecimalLike | None = None,
    storage_factor: DecimalLike = 1,
    rounding: str = "exact",
    catalog: Catalog | None = None,
) -> InstanceCost:
    """Prices one instance type by the formula.

    The on-demand rate is ``on_demand_rate`` or the catalog's ``ec2/instance-hours [<type>/<os>]``
    (the built-in catalog unless ``catalog`` is given). ``workload`` chooses the terms that apply:
    ``production`` and ``non_production`` are dicts of terms (``pricing_model``, ``term``,
    ``payment_option``, ``discount_percent``, ``reserved_hourly_rate``, ``utilization_percent``);
    the flat keyword arguments of the same names are the terms of the chosen workload. A discount
    not given comes from :func:`seed_004_discounts`. Input errors are :class:`InputError` naming
    the argument (``instance_type`` with "did you mean").
    """
    flat = _terms(pricing_model, term, payment_option, discount_percent, reserved_hourly_rate, utilization_percent)
    chosen = production if workload == "production" else non_production
    if flat and chosen:
        raise _core.InputError(f"<instance_cost arguments>: {workload}: give the terms as keyword arguments or as the "
                               f"{workload} dict, not both")
    spec: dict[str, Any] = {
        "instance_type": instance_type, "os": os, "region": region, "on_demand_rate": on_demand_rate, "count": count,
        "workload": workload, "hours_per_month": hours_per_month, "os_factor": os_factor, "storage_gb": storage_gb,
        "storage_price_per_gb": storage_price_per_gb, "storage_factor": storage_factor, "rounding": rounding,
        "production": dict(production) if production else None,
        "non_production": dict(non_production) if non_production else None,
    }
    if flat:
        spec[workload if workload in ("production", "non_production") else "production"] = flat
    spec = {k: v for k, v in spec.items() if v is not None}
    prices = catalog if catalog is not None else builtin_catalog()
    result = _core.instance_cost(spec, prices._core)
    result["notes"] = tuple(result["notes"])
    return InstanceCost(**result)


def seed_004_discounts() -> dict[str, Any]:
    """The built-in discount table: the ranges seed 004 states, each at its midpoint (not AWS's
    rates: AWS publishes a plan rate per instance type)."""
    return _core.seed_004_discounts()

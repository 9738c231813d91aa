"""How large a Savings Plan to buy (docs/commitments.md, "Recommendation").

For one plan type (``"compute"``, or ``"ec2_instance"`` of a family and region) and the rates of one
term and payment option, the commitment per hour that minimises what an hourly usage series costs:
every hour's commitment, used or not, plus the usage left on demand. The cost curve is an estimate in
floating point; the chosen commitment (a multiple of ``step``) is evaluated exactly by the Savings
Plans mechanism, and ``best`` holds that exact evaluation.

>>> import costmodel
>>> usage = {"schema": "costmodel/commitments/v1",
...          "usage": [{"id": "u", "on_demand_rate": "1", "rates": {"compute": "0.75"}}],
...          "hours": [{"usage": [{"id": "u", "quantity": q}]} for q in ["1"] * 5 + ["3"] * 5]}
>>> r = costmodel.recommend_savings_plan(usage)
>>> r.best["commitment_per_hour"], r.best["total"], r.best["savings"]
(Decimal('0.75'), Decimal('17.5'), Decimal('2.5'))
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import _core
from ._catalog import Catalog, builtin_catalog, load_catalog
from ._numbers import DecimalLike
from ._scenario import Scenario
from ._table import Table

COMMITMENTS_SCHEMA = "costmodel/commitments/v1"
DICT_SOURCE = "<recommendation dict>"

_DECIMAL_KEYS = ("commitment_per_hour", "total", "on_demand_total", "savings", "savings_percent", "on_demand_equivalent",
                 "on_demand_charges", "commitment_charges", "commitment_used", "commitment_unused", "reserved_charges",
                 "utilization", "coverage")


@dataclasses.dataclass(frozen=True)
class Recommendation:
    """One Savings Plan sized for a usage series.

    - ``best``: the exact evaluation at the chosen commitment (Decimals; ``savings`` and
      ``savings_percent`` against the same usage without a plan, ``utilization`` and ``coverage`` as
      the mechanism defines them; ``savings_percent``, ``utilization`` and ``coverage`` may be None).
    - ``curve``: a :class:`Table` of ``commitment`` (exact, a multiple of the grid spacing),
      ``total``, ``on_demand``, ``unused`` and ``savings`` — decimal columns holding floating-point
      estimates rounded to 6 places.
    - ``estimates``: ``curve_minimum``, ``optimum`` (before rounding to the step),
      ``break_even_commitment`` and ``break_even_utilization`` (floats; None when no commitment saves).
    """

    plan_type: str
    family: str | None
    region: str | None
    term: str
    payment_option: str
    hours: int
    eligible_usage: int
    step: Decimal
    peak_commitment: Decimal
    replaced_plans: tuple[str, ...]
    best: dict[str, Decimal | None]
    estimates: dict[str, float | None]
    curve: Table

    @property
    def break_even_utilization(self) -> float | None:
        """The utilisation below which the plan costs more than on demand (an estimate)."""
        return self.estimates["break_even_utilization"]

    def to_dict(self) -> dict[str, Any]:
        """The result document (schema costmodel/recommendation/v1): amounts as exact decimal strings,
        estimates as numbers, the curve as a list of points."""
        columns = {name: self.curve.column(name) for name in ("commitment", "total", "on_demand", "unused")}
        return {
            "schema": "costmodel/recommendation/v1",
            "plan_type": self.plan_type,
            **({"family": self.family, "region": self.region} if self.plan_type == "ec2_instance" else {}),
            "term": self.term,
            "payment_option": self.payment_option,
            "hours": self.hours,
            "eligible_usage": self.eligible_usage,
            "step": str(self.step),
            "peak_commitment": str(self.peak_commitment),
            "replaced_plans": list(self.replaced_plans),
            "best": {key: None if value is None else str(value) for key, value in self.best.items()},
            "estimates": dict(self.estimates),
            "curve": [{name: str(columns[name][i]) for name in columns} for i in range(self.curve.num_rows)],
        }

    def plot(self, ax: Any = None) -> Any:
        """Total cost against the commitment per hour (matplotlib), the optimum and the cost without a
        plan marked; returns the Axes. Drawn in floating point (display only)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        commitments = [float(c) for c in self.curve.column("commitment")]
        totals = [float(t) for t in self.curve.column("total")]
        ax.plot(commitments, totals, color="#4C72B0", label="total (estimate)")
        on_demand = float(self.best["on_demand_total"] or 0)
        ax.axhline(on_demand, color="#999999", linestyle="--", label=f"no plan: {on_demand:,.2f}")
        best_c = float(self.best["commitment_per_hour"] or 0)
        best_t = float(self.best["total"] or 0)
        ax.plot([best_c], [best_t], "o", color="#C44E52", label=f"optimum {self.best['commitment_per_hour']}/h: {best_t:,.2f}")
        ax.set_xlabel("commitment per hour")
        ax.set_ylabel(f"total over {self.hours} h")
        title = self.plan_type if self.plan_type == "compute" else f"ec2_instance {self.family} {self.region}"
        ax.set_title(f"{title} Savings Plan, {self.term} {self.payment_option}")
        ax.legend(fontsize=8)
        return ax


def _result(text: str, curve: _core.Table) -> Recommendation:
    document = json.loads(text)
    best = {key: None if document["best"].get(key) is None else Decimal(document["best"][key]) for key in _DECIMAL_KEYS}
    return Recommendation(
        plan_type=document["plan_type"],
        family=document.get("family"),
        region=document.get("region"),
        term=document["term"],
        payment_option=document["payment_option"],
        hours=document["hours"],
        eligible_usage=document["eligible_usage"],
        step=Decimal(document["step"]),
        peak_commitment=Decimal(document["peak_commitment"]),
        replaced_plans=tuple(document["replaced_plans"]),
        best=best,
        estimates=document["estimates"],
        curve=Table(curve),
    )


def _load(source: str | os.PathLike[str]) -> tuple[str, str]:
    path = os.fspath(source)
    try:
        with open(path, encoding="utf-8") as f:
            return f.read(), path
    except OSError as error:
        raise _core.InputError(error.strerror or "cannot be read", path, "", "") from None


def recommend_savings_plan(
    source: Mapping[str, Any] | Scenario | str | os.PathLike[str],
    *,
    plan_type: str = "compute",
    family: str = "",
    region: str = "",
    term: str = "1yr",
    payment_option: str = "no_upfront",
    discounts: Mapping[str, DecimalLike] | None = None,
    step: DecimalLike = "0.001",
    points: int = 500,
    catalog: Catalog | None = None,
) -> Recommendation:
    """Sizes one Savings Plan.

    ``source`` is a dict in the commitments-v1 shape (usage with ``rates``, and ``hours``), a
    :class:`Scenario` (its estimate's eligible lines spread over the month by the workloads'
    schedules, rates from the catalog for ``term`` and ``payment_option`` or ``discounts``: percent
    off by service), a scenario dict, or a path to either kind of file. The source's own Savings
    Plans are set aside; its reserved instances apply first. ``term`` and ``payment_option`` only label
    a commitments-v1 input (its rates are the ones given).
    """
    options = dict(plan_type=plan_type, family=family, region=region, term=term, payment_option=payment_option,
                   discounts=dict(discounts or {}), step=step, points=points)
    if isinstance(source, (str, os.PathLike)) and not isinstance(source, Scenario):
        text, name = _load(source)
        try:
            schema = json.loads(text).get("schema") if text.lstrip().startswith("{") else None
        except ValueError:
            schema = None
        if schema == COMMITMENTS_SCHEMA:
            return _result(*_core.recommend_savings_plan_text(text, name, **options))
        source = Scenario(name)
    elif isinstance(source, Mapping):
        if source.get("schema") == COMMITMENTS_SCHEMA:
            text = _core.Scenario.dict_text(source, DICT_SOURCE)
            return _result(*_core.recommend_savings_plan_text(text, DICT_SOURCE, **options))
        source = Scenario(source)
    if not isinstance(source, Scenario):
        raise TypeError(f"recommend_savings_plan() takes a commitments dict, a Scenario or a path, not {type(source).__name__}")
    if catalog is None:
        catalog = builtin_catalog() if source.catalog == "builtin" else load_catalog(source.catalog)
    return _result(*_core.recommend_savings_plan_scenario(source._core, catalog._core, **options))

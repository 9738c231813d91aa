"""Scenario estimates: :func:`estimate` and the :class:`Estimate` it returns."""

from __future__ import annotations

import functools
import html
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Union

from . import _core

ScenarioInput = Union[Mapping[str, Any], str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Line:
    """One priced line: ``quantity`` × ``unit_price`` = ``cost`` (exact)."""

    workload: str
    service: str
    component: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    cost: Decimal
    note: str = ""


@dataclass(frozen=True)
class AuditItem:
    """A figure a document states beside the one its own inputs produce."""

    item: str
    stated: Decimal
    computed: Decimal
    difference: Decimal  # stated - computed


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the contract's name for it
    workload: str
    message: str


def _scenario_json(value: Any, path: str) -> Any:
    """A scenario given as a dict, made JSON-ready: Decimals become their exact text; floats are refused."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        raise TypeError(
            f"{path}: float {value!r} is not accepted as an exact number: write it as a string "
            f"('{value!r}') or a decimal.Decimal"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{path}: {value} is not a finite number")
        return format(value, "f")
    if isinstance(value, Mapping):
        return {str(k): _scenario_json(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scenario_json(v, f"{path}[{i}]") for i, v in enumerate(value)]
    raise TypeError(f"{path}: cannot use a {type(value).__name__} in a scenario")


class Estimate:
    """A priced scenario (contract ``costmodel/estimate/v1``).

    ``total``, ``services`` and every line's amounts are exact :class:`decimal.Decimal` values;
    ``to_dict()`` is the contract's JSON document, identical to ``costmodel estimate --format json``.
    """

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = dict(document)
        d = self._document
        self.scenario: str = d["scenario"]
        self.currency: str = d["currency"]
        self.catalog: dict[str, str] = dict(d["catalog"])
        self.services: dict[str, Decimal] = {k: Decimal(v) for k, v in d["services"].items()}
        self.total: Decimal = Decimal(d["total"])
        self.cost_per_user: Decimal | None = Decimal(d["cost_per_user"]) if "cost_per_user" in d else None
        self.warnings: list[Warning] = [Warning(w["workload"], w["message"]) for w in d["warnings"]]
        self.conventions: dict[str, Any] = dict(d.get("conventions", {}))

    # Lines and audit items are built from the document on first use: a sweep of many estimates that
    # reads only totals does not pay for thousands of objects it never looks at.
    @functools.cached_property
    def lines(self) -> list[Line]:
        """Every priced line, in the contract's order."""
        return [
            Line(
                workload=x["workload"],
                service=x["service"],
                component=x["component"],
                quantity=Decimal(x["quantity"]),
                unit=x["unit"],
                unit_price=Decimal(x["unit_price"]),
                cost=Decimal(x["cost"]),
                note=x.get("note", ""),
            )
            for x in self._document["lines"]
        ]

    @functools.cached_property
    def audit(self) -> list[AuditItem]:
        """Each stated figure beside the computed one (empty when the scenario states none)."""
        return [
            AuditItem(a["item"], Decimal(a["stated"]), Decimal(a["computed"]), Decimal(a["difference"]))
            for a in self._document["audit"]
        ]

    def to_dict(self) -> dict[str, Any]:
        """The contract's estimate document: amounts as exact decimal strings."""
        return json.loads(json.dumps(self._document))

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self._document, indent=indent)

    def workload_total(self, name: str) -> Decimal:
        return sum((line.cost for line in self.lines if line.workload == name), Decimal(0))

    def to_frame(self) -> Any:
        """The lines as a pandas DataFrame (amounts stay decimal.Decimal, in object columns)."""
        import pandas as pd

        columns = ["workload", "service", "component", "quantity", "unit", "unit_price", "cost", "note"]
        return pd.DataFrame([[getattr(line, c) for c in columns] for line in self.lines], columns=columns)

    def services_frame(self) -> Any:
        """Cost by service with its share of the total, largest first."""
        import pandas as pd

        rows = sorted(self.services.items(), key=lambda kv: kv[1], reverse=True)
        total = self.total
        return pd.DataFrame(
            [(name, cost, (cost / total * 100).quantize(Decimal("0.1")) if total else Decimal(0)) for name, cost in rows],
            columns=["service", "cost", "percent"],
        )

    def plot(self, ax: Any = None) -> Any:
        """A horizontal bar chart of cost by service (matplotlib); returns the Axes."""
        import matplotlib.pyplot as plt

        rows = sorted(self.services.items(), key=lambda kv: kv[1])
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.4 * max(len(rows), 3) + 1))
        names = [name for name, _ in rows]
        # Display only: bar lengths are drawn in floating point; the labels carry the exact cents.
        values = [float(cost) for _, cost in rows]
        bars = ax.barh(names, values, color="#4C72B0")
        for bar, (_, cost) in zip(bars, rows):
            ax.annotate(f" {self.currency} {cost.quantize(Decimal('0.01'))}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        va="center", fontsize=8)
        ax.set_xlabel(f"{self.currency} per month")
        ax.set_title(f"{self.scenario}: {self.currency} {self.total.quantize(Decimal('0.01'))} per month")
        ax.margins(x=0.2)
        return ax

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(l.workload)}</td><td>{esc(l.component)}</td><td style='text-align:right'>{l.quantity}</td>"
            f"<td>{esc(l.unit)}</td><td style='text-align:right'>{l.unit_price}</td>"
            f"<td style='text-align:right'>{l.cost.quantize(Decimal('0.01'))}</td></tr>"
            for l in self.lines
        )
        services = "".join(
            f"<tr><td>{esc(k)}</td><td style='text-align:right'>{v.quantize(Decimal('0.01'))}</td></tr>"
            for k, v in self.services.items()
        )
        audit = ""
        if self.audit:
            audit = "<h4>Audit</h4><table><tr><th>item</th><th>stated</th><th>computed</th><th>difference</th></tr>" + "".join(
                f"<tr><td>{esc(a.item)}</td><td>{a.stated}</td><td>{a.computed.quantize(Decimal('0.01'))}</td>"
                f"<td>{a.difference.quantize(Decimal('0.01'))}</td></tr>"
                for a in self.audit
            ) + "</table>"
        warnings = "".join(f"<li>{esc(w.workload)}: {esc(w.message)}</li>" for w in self.warnings)
        return (
            f"<div><h3>{esc(self.scenario)}: {self.currency} {self.total.quantize(Decimal('0.01'))} per month</h3>"
            "<table><tr><th>workload</th><th>component</th><th>quantity</th><th>unit</th><th>unit price</th><th>cost</th></tr>"
            f"{rows}</table><h4>By service</h4><table>{services}</table>"
            + (f"<h4>Warnings</h4><ul>{warnings}</ul>" if warnings else "")
            + audit
            + "</div>"
        )

    def __repr__(self) -> str:
        return f"<Estimate {self.scenario!r}: {self.currency} {self.total} in {len(self.lines)} lines>"


def estimate(scenario: ScenarioInput) -> Estimate:
    """Prices a scenario: a dict in the contract's shape, a path to a scenario file, or JSON text."""
    if isinstance(scenario, Mapping):
        text = json.dumps(_scenario_json(scenario, ""))
        return Estimate(json.loads(_core.estimate_json(text, "<scenario dict>", os.getcwd())))
    if isinstance(scenario, (str, os.PathLike)):
        as_text = os.fspath(scenario)
        if isinstance(scenario, str) and as_text.lstrip().startswith("{"):
            return Estimate(json.loads(_core.estimate_json(as_text, "<scenario text>", os.getcwd())))
        return Estimate(json.loads(_core.estimate_file_json(as_text)))
    raise TypeError(f"estimate() takes a dict, a path or JSON text, not {type(scenario).__name__}")


def catalog(source: str | os.PathLike[str] = "builtin", service: str = "") -> dict[str, Any]:
    """A catalog's SKUs ('builtin' or a path to a catalog or offer file) as a dict of exact strings."""
    return json.loads(_core.catalog_json(os.fspath(source), service))

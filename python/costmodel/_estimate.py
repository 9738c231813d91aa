"""Scenario estimates: :func:`estimate` and the :class:`Estimate` it returns."""

from __future__ import annotations

import functools
import html
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator, Mapping

from . import _core
from ._catalog import Catalog, builtin_catalog, load_catalog
from ._numbers import cents, plain, share
from ._scenario import Scenario, ScenarioInput
from ._table import Table


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


class LineTable(Table):
    """The estimate's line table: a :class:`Table` (Arrow, pandas, polars, DuckDB without a copy) that
    also reads as a sequence of :class:`Line` rows, ``for line in estimate.lines`` and
    ``estimate.lines[0].cost``.

    Columns: workload, service, component, quantity, unit, unit_price, cost, note (the contract's
    line), then sku (null for a stated price), list_unit_price and list_cost; decimals are
    ``decimal128(38, 10)``."""

    __slots__ = ("_rows",)

    def __init__(self, core: _core.Table) -> None:
        super().__init__(core)
        self._rows: list[Line] | None = None

    def rows(self) -> list[Line]:
        """Every line as a :class:`Line` (built on first use, one Python object per line)."""
        if self._rows is None:
            columns = [self._core.column(name) for name in Line.__dataclass_fields__]
            self._rows = [Line(*values) for values in zip(*columns)]
        return self._rows

    def __iter__(self) -> Iterator[Line]:
        return iter(self.rows())

    def __getitem__(self, index: int) -> Line:
        return self.rows()[index]


class Estimate:
    """A priced scenario (contract ``costmodel/estimate/v1``).

    ``total``, ``services`` and the audit are exact :class:`decimal.Decimal` values; ``lines`` is the
    line table (:class:`LineTable`), ``to_arrow()``/``to_pandas()``/``to_polars()`` hand it on without a
    per-cell copy; ``to_dict()`` is the contract's JSON document, identical to ``costmodel estimate
    --format json``.
    """

    def __init__(self, result: _core.EstimateResult) -> None:
        self._result = result
        self.scenario: str = result.scenario
        self.currency: str = result.currency
        self.catalog: dict[str, str] = {"id": result.catalog_id, "effective": result.catalog_effective}
        self.services: dict[str, Decimal] = dict(result.services)
        self.workloads: dict[str, Decimal] = dict(result.workloads)
        self.total: Decimal = result.total
        self.cost_per_user: Decimal | None = result.cost_per_user
        self.warnings: list[Warning] = [Warning(workload, message) for workload, message in result.warnings]

    @functools.cached_property
    def lines(self) -> LineTable:
        """Every priced line, in the contract's order, as the line table."""
        return LineTable(self._result.lines)

    @functools.cached_property
    def audit(self) -> list[AuditItem]:
        """Each stated figure beside the computed one (empty when the scenario states none); ``stated``
        keeps the places the document wrote (``Decimal('4.40')``)."""
        return [AuditItem(item, Decimal(text), computed, difference) for item, _, computed, difference, text in self._result.audit]

    @functools.cached_property
    def _document(self) -> dict[str, Any]:
        # The contract's document as the one C++ writer makes it.
        document: dict[str, Any] = json.loads(self._result.to_json())
        return document

    @property
    def commitments(self) -> dict[str, Any] | None:
        """The commitments section of the estimate document (None when the scenario has no Savings
        Plans or reserved instances): ``hours``, ``plans`` (id, type, commitment, used, unused,
        utilization), ``on_demand_equivalent``, ``coverage``, ``total``, ``savings``, ``flat_total``
        and ``flat_difference`` (hourly total − the flat-average month's), amounts as Decimals."""
        section = self._document.get("commitments")
        if section is None:
            return None

        def exact(value: Any) -> Any:
            if isinstance(value, str):
                try:
                    return Decimal(value)
                except ArithmeticError:
                    return value
            return value

        plans = [{key: value if key in ("id", "type") else exact(value) for key, value in plan.items()} for plan in section["plans"]]
        return {key: plans if key == "plans" else exact(value) for key, value in section.items()}

    @property
    def conventions(self) -> dict[str, Any]:
        """The settings the estimate used (hours and weeks per month, free tier, line rounding)."""
        return dict(self._document.get("conventions", {}))

    def to_dict(self) -> dict[str, Any]:
        """The contract's estimate document: amounts as exact decimal strings."""
        return json.loads(json.dumps(self._document))

    def to_json(self, indent: int | None = 2) -> str:
        """The contract's document as JSON text, byte for byte what ``json.dumps(self.to_dict(),
        indent=indent)`` gives; with an indent it is written by the C++ writer, without building the
        document in Python (a million-line estimate stays out of Python objects)."""
        if indent is None or "_document" in self.__dict__:
            return json.dumps(self._document, indent=indent)
        return self._result.to_json(indent, True)

    def to_arrow(self) -> Any:
        """The line table as a pyarrow Table (decimal columns ``decimal128(38, 10)``; no copy)."""
        return self.lines.to_arrow()

    def to_pandas(self) -> Any:
        """The line table as a pandas DataFrame with ArrowDtype ``decimal128(38, 10)`` amounts."""
        return self.lines.to_pandas()

    def to_polars(self) -> Any:
        """The line table as a polars DataFrame (needs polars)."""
        return self.lines.to_polars()

    def workload_total(self, name: str) -> Decimal:
        """The exact sum of one workload's lines (0 for a name with none)."""
        return self.workloads.get(name, Decimal(0))

    def to_frame(self) -> Any:
        """The lines as a pandas DataFrame (amounts stay decimal.Decimal, in object columns)."""
        import pandas as pd

        columns = ["workload", "service", "component", "quantity", "unit", "unit_price", "cost", "note"]
        return pd.DataFrame([[getattr(line, c) for c in columns] for line in self.lines], columns=columns)

    def services_frame(self) -> Any:
        """Cost by service with its share of the total, largest first."""
        import pandas as pd

        rows = sorted(self.services.items(), key=lambda kv: kv[1], reverse=True)
        whole = self.total
        return pd.DataFrame(
            [(name, cost, share(cost, whole) if whole else Decimal(0)) for name, cost in rows],
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
            ax.annotate(f" {self.currency} {plain_cents(cost)}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        va="center", fontsize=8)
        ax.set_xlabel(f"{self.currency} per month")
        ax.set_title(f"{self.scenario}: {self.currency} {plain_cents(self.total)} per month")
        ax.margins(x=0.2)
        return ax

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(l.workload)}</td><td>{esc(l.component)}</td><td style='text-align:right'>{plain(l.quantity)}</td>"
            f"<td>{esc(l.unit)}</td><td style='text-align:right'>{plain(l.unit_price)}</td>"
            f"<td style='text-align:right'>{plain_cents(l.cost)}</td></tr>"
            for l in self.lines
        )
        services = "".join(
            f"<tr><td>{esc(k)}</td><td style='text-align:right'>{plain_cents(v)}</td></tr>"
            for k, v in self.services.items()
        )
        audit = ""
        if self.audit:
            audit = "<h4>Audit</h4><table><tr><th>item</th><th>stated</th><th>computed</th><th>difference</th></tr>" + "".join(
                f"<tr><td>{esc(a.item)}</td><td>{format(a.stated, 'f')}</td><td>{plain_cents(a.computed)}</td>"
                f"<td>{plain_cents(a.difference)}</td></tr>"
                for a in self.audit
            ) + "</table>"
        warnings = "".join(f"<li>{esc(w.workload)}: {esc(w.message)}</li>" for w in self.warnings)
        return (
            f"<div><h3>{esc(self.scenario)}: {self.currency} {plain_cents(self.total)} per month</h3>"
            "<table><tr><th>workload</th><th>component</th><th>quantity</th><th>unit</th><th>unit price</th><th>cost</th></tr>"
            f"{rows}</table><h4>By service</h4><table>{services}</table>"
            + (f"<h4>Warnings</h4><ul>{warnings}</ul>" if warnings else "")
            + audit
            + "</div>"
        )

    def __repr__(self) -> str:
        return f"<Estimate {self.scenario!r}: {self.currency} {plain(self.total)} in {len(self.lines)} lines>"


def plain_cents(value: Decimal) -> str:
    """An amount rounded half-even to cents, in plain notation with both places ("12.50", never 1E+26)."""
    return format(cents(value), "f")


def _catalog_for(scenario: Scenario) -> Catalog:
    # The scenario's own catalog key, resolved here at the edge: the core never reads a file.
    if scenario.catalog == "builtin":
        return builtin_catalog()
    return load_catalog(scenario.catalog)


def estimate(scenario: ScenarioInput, catalog: Catalog | None = None) -> Estimate:
    """Prices a scenario: a :class:`Scenario`, a dict in the contract's shape, a path to a scenario file,
    or JSON text. With ``catalog`` (a :class:`Catalog`) it is priced against that catalog, read once
    however many estimates use it; without, against the catalog the scenario names (default builtin)."""
    if not isinstance(scenario, (Scenario, Mapping, str, os.PathLike)):
        raise TypeError(f"estimate() takes a Scenario, a dict, a path or JSON text, not {type(scenario).__name__}")
    parsed = scenario if isinstance(scenario, Scenario) else Scenario(scenario)
    if catalog is None:
        catalog = _catalog_for(parsed)
    elif not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a costmodel.Catalog, not {type(catalog).__name__}")
    return Estimate(_core.estimate(parsed._core, catalog._core))


def catalog(source: str | os.PathLike[str] | Catalog = "builtin", service: str = "") -> dict[str, Any]:
    """A catalog's SKUs ('builtin', a path to a catalog or offer file, or a :class:`Catalog`) as a dict
    of exact strings."""
    if isinstance(source, Catalog):
        loaded = source
    else:
        path = os.fspath(source)
        loaded = builtin_catalog() if path == "builtin" else load_catalog(path)
    return json.loads(loaded._core.listing_json(service))

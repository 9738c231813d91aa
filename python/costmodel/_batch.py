"""Many estimates in one call: :func:`estimate_many` and :meth:`Scenario.sweep`.

Both price in C++ with the GIL released, on every core by default, and return tables with a
``variant`` column (the index of the scenario, or of the row of parameter values) rather than one
Python object per estimate.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from . import _core
from ._catalog import Catalog, builtin_catalog
from ._estimate import _catalog_for as scenario_catalog
from ._numbers import DecimalLike, cents, plain, to_decimal
from ._scenario import Scenario, ScenarioInput
from ._table import Table

if TYPE_CHECKING:
    import pandas


def _catalog_for(scenario: Scenario, catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        if not isinstance(catalog, Catalog):
            raise TypeError(f"catalog must be a costmodel.Catalog, not {type(catalog).__name__}")
        return catalog
    return scenario_catalog(scenario)


def _threads(threads: int | None) -> int:
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive int or None (every core), not {threads!r}")
    return threads


class EstimateBatch:
    """Many priced scenarios, as tables (see docs/batch.md).

    - ``lines``: every line of every scenario, with a leading ``variant`` column;
    - ``totals``: variant, scenario, total, cost_per_user (null without users), lines;
    - ``services``: variant, service, cost (each variant's subtotals);
    - ``warnings``: variant, workload, message;
    - ``commitments``: one row per variant with Savings Plans or Reserved Instances (applied hour by
      hour to its own lines, as :func:`costmodel.estimate` applies them): variant, hours,
      on_demand_equivalent, covered_on_demand_equivalent, coverage, total, savings, flat_total,
      flat_difference.
    """

    def __init__(self, core: _core.EstimateBatch) -> None:
        self._core = core
        self.lines = Table(core.lines)
        self.totals = Table(core.totals)
        self.services = Table(core.services)
        self.warnings = Table(core.warnings)
        self.commitments = Table(core.commitments)

    def __len__(self) -> int:
        return len(self.totals)

    def total(self, variant: int) -> Decimal:
        """One variant's total, exact."""
        value: Decimal = self.totals.column("total")[variant]
        return value

    def to_pandas(self) -> pandas.DataFrame:
        """The totals as a pandas DataFrame (decimal128(38, 10) amounts)."""
        return self.totals.to_pandas()

    def __repr__(self) -> str:
        return f"<EstimateBatch of {len(self)} estimates, {len(self.lines)} lines>"


class Sweep(EstimateBatch):
    """A scenario priced once per row of parameter values; ``parameters`` maps each name to its
    values, variant by variant, and :meth:`to_pandas` puts them beside the totals."""

    def __init__(self, core: _core.EstimateBatch, parameters: dict[str, Sequence[DecimalLike]], currency: str) -> None:
        super().__init__(core)
        self._given = parameters
        self._parameters: dict[str, list[Decimal]] | None = None
        self.currency = currency

    @property
    def parameters(self) -> dict[str, list[Decimal]]:
        """Each parameter's values, variant by variant, as exact Decimals."""
        if self._parameters is None:
            self._parameters = {name: [to_decimal(v) for v in values] for name, values in self._given.items()}
        return self._parameters

    def to_pandas(self) -> pandas.DataFrame:
        frame = self.totals.to_pandas()
        for position, (name, values) in enumerate(self.parameters.items()):
            frame.insert(1 + position, name, [plain(v) for v in values])
        return frame

    def rows(self) -> list[dict[str, Any]]:
        """One dict per variant: the parameter values, total and cost per user (exact Decimals)."""
        totals = self.totals.column("total")
        per_user = self.totals.column("cost_per_user")
        return [
            {**{name: values[i] for name, values in self.parameters.items()}, "total": totals[i], "cost_per_user": per_user[i]}
            for i in range(len(self))
        ]

    def plot(self, ax: Any = None, parameter: str | None = None, stated: Sequence[DecimalLike] | None = None) -> Any:
        """Total (and cost per user, when the scenario has users) against a parameter, log-log when
        the values span more than a hundredfold, and ``stated`` totals (a document's own figures, one
        per variant) dashed beside them; returns the Axes. Display only: the curves are drawn in
        floating point, the exact figures are in :meth:`rows`."""
        import matplotlib.pyplot as plt

        name = parameter or next(iter(self.parameters))
        xs = [float(v) for v in self.parameters[name]]
        totals = [float(v) for v in self.totals.column("total")]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        ax.plot(xs, totals, marker="o", color="#4C72B0", label=f"total ({self.currency} per month)")
        if stated is not None:
            ax.plot(xs, [float(to_decimal(v)) for v in stated], marker="x", linestyle="--", color="#C44E52", label="stated")
        for x, value in zip(xs, self.totals.column("total")):
            ax.annotate(f" {self.currency} {format(cents(value), ',f')}", (x, float(value)), fontsize=8)
        if xs and min(xs) > 0 and max(xs) / min(xs) > 100:
            ax.set_xscale("log")
            ax.set_yscale("log")
        ax.set_xlabel(name)
        ax.set_ylabel(f"{self.currency} per month")
        handles, labels = ax.get_legend_handles_labels()
        per_user = self.totals.column("cost_per_user")
        if all(v is not None for v in per_user):
            other = ax.twinx()
            other.plot(xs, [float(v) for v in per_user], marker="s", color="#DD8452", label=f"cost per user ({self.currency}, right)")
            other.set_ylabel(f"{self.currency} per user")
            if ax.get_xscale() == "log":
                other.set_yscale("log")
            more_handles, more_labels = other.get_legend_handles_labels()
            handles, labels = handles + more_handles, labels + more_labels
        ax.legend(handles, labels, loc="lower center", fontsize=8)
        ax.set_title(f"{len(self)} variants")
        return ax

    def _repr_html_(self) -> str:
        names = list(self.parameters)
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names) + "<th>total</th><th>cost per user</th>"
        body = "".join(
            "<tr>" + "".join(f"<td style='text-align:right'>{plain(row[n])}</td>" for n in names)
            + f"<td style='text-align:right'>{format(cents(row['total']), ',f')}</td>"
            + f"<td style='text-align:right'>{'' if row['cost_per_user'] is None else plain(row['cost_per_user'])}</td></tr>"
            for row in self.rows()
        )
        return f"<table><tr>{head}</tr>{body}</table>"

    def __repr__(self) -> str:
        return f"<Sweep of {len(self)} variants over {', '.join(self.parameters)}>"


def estimate_many(
    scenarios: Iterable[ScenarioInput], catalog: Catalog | None = None, threads: int | None = None
) -> EstimateBatch:
    """Prices every scenario (Scenario objects, dicts, paths or JSON text) against one catalog in one
    call, on ``threads`` threads (None: every core). Without ``catalog``, the first scenario's own
    catalog serves all of them."""
    parsed = [s if isinstance(s, Scenario) else Scenario(s) for s in scenarios]
    prices = _catalog_for(parsed[0], catalog) if parsed else (catalog or builtin_catalog())
    return EstimateBatch(_core.estimate_many([s._core for s in parsed], prices._core, _threads(threads)))


def sweep(
    scenario: Scenario,
    values: Mapping[str, Sequence[DecimalLike]],
    catalog: Catalog | None = None,
    threads: int | None = None,
) -> Sweep:
    """See :meth:`Scenario.sweep`."""
    if not values:
        raise ValueError("sweep() needs at least one parameter with its values")
    names = list(values)
    columns = [values[name] if isinstance(values[name], (list, tuple)) else list(values[name]) for name in names]
    lengths = {len(c) for c in columns}
    if len(lengths) != 1:
        raise ValueError(f"every parameter needs the same number of values, got {dict(zip(names, map(len, columns)))}")
    prices = _catalog_for(scenario, catalog)
    # The values are converted (exactly, floats refused) in C++; the Sweep turns them into Decimals
    # only if they are asked for.
    core = _core.sweep(scenario._core, names, columns, prices._core, _threads(threads))
    return Sweep(core, dict(zip(names, columns)), prices.currency)

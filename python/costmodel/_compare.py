"""Two estimates side by side: :func:`compare` and the :class:`Comparison` it returns."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ._estimate import Estimate, estimate, plain_cents
from ._numbers import plain, share, subtract
from ._scenario import ScenarioInput

SCHEMA = "costmodel/comparison/v1"


@dataclass(frozen=True)
class Difference:
    """One figure in both estimates; ``difference`` is ``b - a``, exact."""

    name: str
    a: Decimal
    b: Decimal
    difference: Decimal

    @property
    def change(self) -> Decimal | None:
        """``difference / a`` in percent, rounded half-even to 0.1; None when ``a`` is zero."""
        return share(self.difference, self.a) if self.a else None

    def change_text(self) -> str:
        """The change as a report shows it: "+12.5%", "new" (from zero), "" (zero to zero)."""
        if not self.a:
            return "new" if self.b else ""
        return f"{self.change:+}%"


def _difference(name: str, a: Decimal, b: Decimal) -> Difference:
    return Difference(name, a, b, subtract(b, a))


def _by_name(a: dict[str, Decimal], b: dict[str, Decimal]) -> list[Difference]:
    names = list(dict.fromkeys([*a, *b]))
    zero = Decimal(0)
    return [_difference(n, a.get(n, zero), b.get(n, zero)) for n in names]


def _workload_totals(result: Estimate) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for line in result.lines:
        if line.workload not in totals:
            totals[line.workload] = result.workload_total(line.workload)
    return totals


class Comparison:
    """Estimate ``b`` against estimate ``a``: the totals, and each service and workload in either, with
    exact differences (``b - a``). A name in only one of them counts as zero in the other."""

    def __init__(self, a: Estimate, b: Estimate) -> None:
        if a.currency != b.currency:
            raise ValueError(f"cannot compare {a.currency} with {b.currency}")
        self.a = a
        self.b = b
        self.currency: str = a.currency
        self.total: Difference = _difference("TOTAL", a.total, b.total)
        self.services: list[Difference] = _by_name(a.services, b.services)
        self.workloads: list[Difference] = _by_name(_workload_totals(a), _workload_totals(b))

    def to_dict(self, workloads: bool = True) -> dict[str, Any]:
        """The ``costmodel/comparison/v1`` document: exact amounts as plain decimal strings.
        ``costmodel compare --format json`` prints it without the ``workloads`` member."""

        def entry(d: Difference) -> dict[str, str]:
            return {"a": plain(d.a), "b": plain(d.b), "difference": plain(d.difference)}

        document: dict[str, Any] = {"schema": SCHEMA, "a": self.a.scenario, "b": self.b.scenario,
                                    "services": {d.name: entry(d) for d in self.services}}
        if workloads:
            document["workloads"] = {d.name: entry(d) for d in self.workloads}
        document["total"] = entry(self.total)
        return document

    def to_frame(self, by: str = "service") -> Any:
        """A pandas DataFrame by ``"service"`` or ``"workload"``, with a TOTAL row; amounts stay
        exact Decimals."""
        import pandas as pd

        if by not in ("service", "workload"):
            raise ValueError(f"by must be 'service' or 'workload', not {by!r}")
        rows = self.services if by == "service" else self.workloads
        return pd.DataFrame([(d.name, d.a, d.b, d.difference, d.change) for d in [*rows, self.total]],
                            columns=[by, "a", "b", "difference", "change_percent"])

    def __repr__(self) -> str:
        return (f"<Comparison {self.a.scenario!r} -> {self.b.scenario!r}: {self.currency} "
                f"{plain(self.total.a)} -> {plain(self.total.b)} ({plain(self.total.difference)})>")

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(d.name)}</td><td style='text-align:right'>{plain_cents(d.a)}</td>"
            f"<td style='text-align:right'>{plain_cents(d.b)}</td>"
            f"<td style='text-align:right'>{plain_cents(d.difference)}</td>"
            f"<td style='text-align:right'>{esc(d.change_text())}</td></tr>"
            for d in [*self.services, self.total]
        )
        return (f"<div><h3>{esc(self.a.scenario)} vs {esc(self.b.scenario)} ({esc(self.currency)} per month)</h3>"
                f"<table><tr><th>service</th><th>{esc(self.a.scenario)}</th><th>{esc(self.b.scenario)}</th>"
                f"<th>difference</th><th>change</th></tr>{rows}</table></div>")


def compare(a: Estimate | ScenarioInput, b: Estimate | ScenarioInput) -> Comparison:
    """``b`` against ``a``: each an :class:`Estimate`, or anything :func:`costmodel.estimate` prices."""
    return Comparison(a if isinstance(a, Estimate) else estimate(a), b if isinstance(b, Estimate) else estimate(b))

"""Savings Plans and Reserved Instances: :func:`apply_savings_plans` and its result.

The rules, input forms and outputs are in docs/commitments.md ("Savings Plans and Reserved
Instances"). Amounts are exact :class:`decimal.Decimal`; tables are :class:`costmodel.Table` (to
pyarrow, pandas, polars without a per-cell copy).

>>> import costmodel
>>> result = costmodel.apply_savings_plans({
...     "schema": "costmodel/commitments/v1",
...     "usage": [{"id": "u", "quantity": "10", "on_demand_rate": "1.00", "rates": {"compute": "0.50"}}],
...     "savings_plans": [{"id": "p", "type": "compute", "commitment_per_hour": "2.00"}],
... })
>>> result.totals.total   # 2.00 committed + 6 units on demand
Decimal('8')
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Literal, Mapping, Union

from . import _core
from ._numbers import plain
from ._table import Table

SavingsPlansInput = Union[Mapping[str, Any], str, "os.PathLike[str]"]
Detail = Literal["summary", "lines"]


@dataclass(frozen=True)
class SavingsPlansTotals:
    """Totals of an hour or a series (exact). ``reserved_charges`` is None when no reserved
    instance gives a rate; ``utilization`` is None without commitment, ``coverage`` without usage."""

    on_demand_equivalent: Decimal
    on_demand_charges: Decimal
    commitment_charges: Decimal
    commitment_used: Decimal
    commitment_unused: Decimal
    reserved_charges: Decimal | None
    covered_on_demand_equivalent: Decimal
    total: Decimal
    savings: Decimal
    utilization: Decimal | None
    coverage: Decimal | None

    @classmethod
    def _from_core(cls, values: dict[str, Any]) -> SavingsPlansTotals:
        return cls(**{f.name: values[f.name] for f in fields(cls)})


class SavingsPlansResult:
    """Savings Plans applied to an hour or a series of hours.

    ``totals`` (and ``hour_totals(h)``) are :class:`SavingsPlansTotals`; ``usage``, ``covered``,
    ``plans``, ``hours`` and ``plan_hours`` are tables; ``usage_lines`` and ``covered_lines`` hold a
    row per usage and hour when the detail is ``"lines"``. ``to_dict()`` is the result document."""

    __slots__ = ("_core",)

    def __init__(self, core: _core.SavingsPlansResult) -> None:
        self._core = core

    @property
    def hour_count(self) -> int:
        return self._core.hours

    @property
    def detail(self) -> str:
        return self._core.detail

    @property
    def totals(self) -> SavingsPlansTotals:
        return SavingsPlansTotals._from_core(self._core.totals)

    def hour_totals(self, hour: int) -> SavingsPlansTotals:
        return SavingsPlansTotals._from_core(self._core.hour_totals(hour))

    @property
    def usage(self) -> Table:
        """Per usage, summed over the hours: usage, quantity, reserved_units, covered_units,
        covered_cost, on_demand_units, on_demand_cost, on_demand_equivalent."""
        return Table(self._core.usage)

    @property
    def covered(self) -> Table:
        """Per usage and plan that covered it, summed: usage, plan, units, cost."""
        return Table(self._core.covered)

    @property
    def plans(self) -> Table:
        """Per plan, summed: plan, type, commitment, used, unused, utilization."""
        return Table(self._core.plans)

    @property
    def hours(self) -> Table:
        """Per hour: hour, label, the totals' amounts, utilization and coverage."""
        return Table(self._core.hour_table)

    @property
    def plan_hours(self) -> Table:
        """Per plan and hour: hour, plan, commitment, used, unused."""
        return Table(self._core.plan_hours)

    @property
    def usage_lines(self) -> Table:
        """Per usage and hour (detail "lines"; no rows otherwise)."""
        return Table(self._core.usage_lines)

    @property
    def covered_lines(self) -> Table:
        """Per usage, plan and hour with coverage (detail "lines"; no rows otherwise)."""
        return Table(self._core.covered_lines)

    def to_json(self, indent: int = 2) -> str:
        return self._core.to_json(indent)

    def to_dict(self) -> dict[str, Any]:
        """The result document (amounts as exact decimal strings, as the command line writes them)."""
        document: dict[str, Any] = json.loads(self._core.to_json(-1))
        return document

    def __repr__(self) -> str:
        t = self.totals
        hours = self.hour_count
        parts = [
            f"{hours} hour{'s' if hours != 1 else ''}",
            f"on demand equivalent {plain(t.on_demand_equivalent)}",
            f"total {plain(t.total)}",
            f"savings {plain(t.savings)}",
        ]
        if t.utilization is not None:
            parts.append(f"utilization {plain(t.utilization)}")
        if t.coverage is not None:
            parts.append(f"coverage {plain(t.coverage)}")
        return f"<SavingsPlansResult {', '.join(parts)}>"


def _exact_json(value: Any, path: str) -> Any:
    """A copy of a document with Decimals and ints as decimal strings; a float is refused (it is not
    an exact number)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise TypeError(f"{path or '(top level)'}: float {value!r} is not accepted as an exact number: "
                        f"write it as a string ('{value!r}') or a decimal.Decimal")
    if isinstance(value, Mapping):
        return {str(k): _exact_json(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact_json(v, f"{path}[{i}]") for i, v in enumerate(value)]
    raise TypeError(f"{path or '(top level)'}: {type(value).__name__} is not a JSON value")


def apply_savings_plans(document: SavingsPlansInput, detail: Detail = "summary") -> SavingsPlansResult:
    """Applies the Savings Plans and Reserved Instances of a ``costmodel/commitments/v1`` document
    (a dict, or a path to a JSON file) to its hour or hours of usage.

    ``detail="lines"`` also makes a row per usage and hour (``usage_lines``, ``covered_lines``) and
    lists each hour's usage in ``to_dict()``. Input a user got wrong raises :class:`InputError`
    naming the source, the JSON path and the value."""
    if isinstance(document, Mapping):
        text = json.dumps(_exact_json(document, ""))
        return SavingsPlansResult(_core.apply_savings_plans_text(text, "<savings plans dict>", detail))
    if isinstance(document, (str, os.PathLike)):
        return SavingsPlansResult(_core.apply_savings_plans_file(os.fspath(document), detail))
    raise TypeError(f"apply_savings_plans: expected a dict or a path, got {type(document).__name__}")

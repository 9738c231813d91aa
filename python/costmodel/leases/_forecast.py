"""The final cost of a running lease, forecast from its daily costs so far (docs/leases.md "Lease
reports"): :func:`forecast_final_cost`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import _core


@dataclass(frozen=True)
class Forecast:
    """``spent`` is exact (Σ the daily costs). ``forecast``, ``lower`` and ``upper`` are estimates
    (a least-squares line in double, Eigen), rounded to cents half-up: the final cost and its 95%
    prediction interval. None of the three is below what is spent: each is clipped at ``spent`` in
    cents (half-up, as every amount is shown; ``clipped`` says whether any was). With fewer than 3 days the forecast is
    the run rate (spent ÷ days × total_days, exact then rounded) and there is no interval (None)."""

    spent: Decimal
    days: int
    total_days: int
    forecast: Decimal
    lower: Decimal | None
    upper: Decimal | None
    method: str  # "linear" | "run-rate"
    slope_per_day: float  # estimate: the line's change of the daily cost per day
    clipped: bool = False  # the line gave a forecast or a lower bound below what is spent

    def __str__(self) -> str:
        interval = "" if self.lower is None else f" (95% interval {self.lower} to {self.upper})"
        clipped = ", clipped at what is spent" if self.clipped else ""
        return (f"spent {self.spent} in {self.days} of {self.total_days} days; forecast final cost {self.forecast}{interval}, "
                f"an estimate ({self.method}{clipped})")


def forecast_final_cost(daily_costs: Iterable[str | Decimal | int], total_days: int) -> Forecast:
    """The final cost of a lease of ``total_days`` days from the costs of its first days (in order).

    >>> from costmodel.leases import forecast_final_cost
    >>> f = forecast_final_cost(["10", "12", "14", "16"], 6)
    >>> f.forecast, f.lower, f.upper
    (Decimal('90.00'), Decimal('90.00'), Decimal('90.00'))

    The line y = a + b·x through the days x = 0 … n − 1 gives the remaining days' costs; the interval
    is the 95% prediction interval of their sum (Student's t with n − 2 degrees of freedom). An
    InputError when there are no days, total_days < 1 or fewer total days than days given."""
    if isinstance(total_days, bool) or not isinstance(total_days, int):
        raise TypeError(f"total_days: expected an int, got {type(total_days).__name__}")
    values: list[Any] = list(daily_costs)
    # The core clips the forecast and both bounds at what is spent, in cents half-up (forecast.hpp).
    spent, days, total, forecast, lower, upper, method, slope, clipped = _core.forecast_final_cost(
        values, total_days, "<forecast arguments>")
    return Forecast(spent=spent, days=days, total_days=total, forecast=forecast, lower=lower, upper=upper, method=method,
                    slope_per_day=slope, clipped=clipped)

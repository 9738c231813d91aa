"""Support plan fees: :func:`support_fee` and :func:`support_fee_details` (docs/commitments.md)."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Union

from . import _core
from ._numbers import DecimalLike

SUPPORT_PLANS: tuple[str, ...] = tuple(_core.support_plans())

RuleSet = Union[Mapping[str, Any], str, "os.PathLike[str]"]


@dataclass(frozen=True)
class SupportFee:
    """A month's support fee and how it came about."""

    plan: str
    charges: Decimal  # the base: gross charges before discounts and credits, without support
    tiered: Decimal  # the sum of the tiers' parts
    minimum: Decimal
    minimum_applies: bool  # the minimum was greater than the tiered amount
    tier_parts: tuple[Decimal, ...]  # rate x the charges in each tier
    fee: Decimal  # max(minimum, tiered), then the rounding
    rule_set: str  # the id of the rules used


def _exact_json(value: Any, path: str) -> Any:
    # Decimals become decimal strings (read exactly); floats are refused, as everywhere in costmodel.
    if isinstance(value, float):
        raise TypeError(f"{path}: float {value!r} is not accepted as an exact number: write it as a string ('{value!r}') or a decimal.Decimal")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Mapping):
        return {str(k): _exact_json(v, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact_json(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _rule_sources(rules: RuleSet | Sequence[RuleSet] | None) -> tuple[list[str], list[str]]:
    """JSON texts (from dicts and text) and file paths, for the core to parse and read."""
    if rules is None:
        return [], []
    given = [rules] if isinstance(rules, (Mapping, str, os.PathLike)) else list(rules)
    texts: list[str] = []
    files: list[str] = []
    for index, r in enumerate(given):
        if isinstance(r, Mapping):
            texts.append(json.dumps(_exact_json(r, f"rules[{index}]")))
        elif isinstance(r, str) and r.lstrip().startswith("{"):
            texts.append(r)
        elif isinstance(r, (str, os.PathLike)):
            files.append(os.fspath(r))
        else:
            raise TypeError(f"rules[{index}]: expected a rule set as a dict, JSON text or a path, got {type(r).__name__}")
    return texts, files


def _month_text(month: str | datetime.date | None) -> str | None:
    if month is None or isinstance(month, str):
        return month
    if isinstance(month, datetime.date):
        return month.isoformat()[:10]
    raise TypeError(f"month: expected 'YYYY-MM', 'YYYY-MM-DD' or a datetime.date, got {type(month).__name__}")


def support_fee_details(
    plan: str,
    charges: DecimalLike,
    *,
    rules: RuleSet | Sequence[RuleSet] | None = None,
    month: str | datetime.date | None = None,
    rounding: str = "none",
) -> SupportFee:
    """As :func:`support_fee`, with the tiers' parts, the minimum and the rule set used."""
    texts, files = _rule_sources(rules)
    d = _core.support_fee(plan, charges, texts, files, _month_text(month), rounding)
    return SupportFee(d["plan"], d["charges"], d["tiered"], d["minimum"], d["minimum_applies"], tuple(d["tier_parts"]), d["fee"], d["rule_set"])


def support_fee(
    plan: str,
    charges: DecimalLike,
    *,
    rules: RuleSet | Sequence[RuleSet] | None = None,
    month: str | datetime.date | None = None,
    rounding: str = "none",
) -> Decimal:
    """The month's fee of an AWS support plan (``developer``, ``business``, ``enterprise_on_ramp``,
    ``enterprise``) for the month's gross ``charges`` (before discounts and credits, without
    support): the greater of the plan's minimum and its marginal tiers, exactly.

    >>> import costmodel
    >>> costmodel.support_fee("business", 80000)  # 10% of 10,000 + 7% of 70,000
    Decimal('5900')

    ``rules``: rule sets (costmodel/support-rules/v1 as a dict, JSON text or a path), default the
    built-in ones; ``month`` ('YYYY-MM') picks the one in force that month, the newest without it.
    ``rounding``: ``none`` (exact), ``cents`` (half-up to cents, as AWS bills) or ``invoice``. Errors
    are :class:`costmodel.InputError` naming the argument (an unknown plan says which was meant)."""
    return support_fee_details(plan, charges, rules=rules, month=month, rounding=rounding).fee

"""Portfolio analysis of lease records (docs/leases.md, "Portfolio analysis"): budget overages, service
anomalies against comparable earlier leases, owners whose costs keep rising, and Savings Plan hints for
EC2-heavy leases.

Every function takes any iterable of :class:`LeaseRecord` dicts (a store's ``current_records()``, a list,
a JSON-lines file read line by line) and returns a pandas DataFrame. Amount columns are
``decimal128(38, 10)[pyarrow]`` (exact: a cell is a :class:`decimal.Decimal`); dates are
``date32[pyarrow]``. When a lease has several records (one per collection), the analysis uses its current
one: the newest ``collectedAt`` (then the highest ``collection``).

The verdicts are computed exactly and column-wise: amounts become int64 counts of their smallest exact
unit (cents for records, which hold cents), and every comparison of a ratio is made by cross-multiplying
integers (``variance / budget > 0.1`` as ``10 × variance > budget``), never by dividing in floating point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._core import InputError
from ._record import LeaseRecord

AMOUNT_TYPE = pa.decimal128(38, 10)
AMOUNT_DTYPE = pd.ArrowDtype(AMOUNT_TYPE)
DATE_DTYPE = pd.ArrowDtype(pa.date32())
RECORDS_SOURCE = "<lease records>"

#: The thresholds of the seed's overage detection, on the exact ratio variance ÷ budget.
FLAG_OVER = Decimal("0.1")
ALERT_OVER = Decimal("0.5")
#: The Cost Explorer SERVICE name of EC2 instance usage (what Savings Plans cover).
EC2_SERVICE = "Amazon Elastic Compute Cloud - Compute"
#: A lease is EC2-heavy when EC2 instance usage is at least this share of its total cost.
EC2_HEAVY_SHARE = Decimal("0.5")

_AMOUNT_KEYS = ("totalCost", "budget", "variance", "variancePercent", "costPerDay", "finalCost", "chargebackAmount")
_TEXT_KEYS = ("leaseId", "accountId", "ownerId", "ownerEmail", "orgUnit", "template", "currency", "status", "dataSource")
_REQUIRED = ("leaseId", "accountId", "startDate", "endDate", "ownerId", "collectedAt", "currency", "totalCost")
_TEN_PLACES = Decimal("1E-10")
_CENT = Decimal("0.01")
_INT64_LIMIT = 2**63 - 1


# --- reading records into columns --------------------------------------------------------------------------------


def _amount_text(value: Any, source: str, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) or isinstance(value, bool):
        raise InputError(f"{value!r}: amounts in a lease record are decimal strings, not floats or booleans", source, path,
                         repr(value))
    return str(value)


def _decimal_column(values: list[str | None], key: str, source: str) -> pa.Array:
    try:
        return pa.array(values, pa.string()).cast(AMOUNT_TYPE)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    for i, text in enumerate(values):  # only on failure: find and name the bad value
        if text is None:
            continue
        try:
            d = Decimal(text)
            ok = d.is_finite() and -int(d.as_tuple().exponent) <= 10 and abs(d) < Decimal(10) ** 28
        except InvalidOperation:
            ok = False
        if not ok:
            raise InputError(f"'{text}' is not a decimal amount (at most 28 integer and 10 fractional digits)", source,
                             f"records[{i}].{key}", text)
    raise InputError("not a column of decimal amounts", source, f"records[*].{key}", "")


def _date_column(values: list[Any], key: str, source: str) -> pa.Array:
    texts = [None if v is None else str(v) for v in values]
    try:
        if all(t is None or len(t) == 10 for t in texts):
            return pa.array(texts, pa.string()).cast(pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    for i, text in enumerate(texts):
        try:
            if text is None or len(text) != 10:
                raise ValueError
            dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"'{text}' is not a date YYYY-MM-DD", source, f"records[{i}].{key}", str(text)) from None
    raise InputError("not a column of dates", source, f"records[*].{key}", "")


class _Frames:
    """The current records as a lease frame and a long frame of their top services."""

    def __init__(self, records: Iterable[LeaseRecord], source: str = RECORDS_SOURCE, current: bool = True) -> None:
        columns: dict[str, list[Any]] = {k: [] for k in (*_TEXT_KEYS, *_AMOUNT_KEYS, "startDate", "endDate",
                                                         "collectedAt", "collection", "duration", "final")}
        service_row: list[int] = []
        service_name: list[str] = []
        service_cost: list[str | None] = []
        n = 0
        for i, record in enumerate(records):
            if not isinstance(record, Mapping):
                raise InputError("a lease record is a dict", source, f"records[{i}]", type(record).__name__)
            for key in _REQUIRED:
                if record.get(key) is None:
                    raise InputError(f"a lease record needs '{key}'", source, f"records[{i}].{key}",
                                     "missing" if key not in record else "null")
            for key in _TEXT_KEYS:
                value = record.get(key)
                columns[key].append(None if value is None else str(value))
            for key in _AMOUNT_KEYS:
                columns[key].append(_amount_text(record.get(key), source, f"records[{i}].{key}"))
            columns["startDate"].append(record["startDate"])
            columns["endDate"].append(record["endDate"])
            for key in ("collectedAt", "collection", "duration"):
                value = record.get(key)
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                    raise InputError(f"'{key}' is an integer, not {value!r}", source, f"records[{i}].{key}", repr(value))
                columns[key].append(value)
            columns["final"].append(record.get("final"))
            for j, item in enumerate(record.get("topServices") or []):
                try:
                    name, cost = item["service"], item["cost"]
                except (KeyError, TypeError):
                    raise InputError("a top service is {service, cost}", source, f"records[{i}].topServices[{j}]",
                                     repr(item)) from None
                service_row.append(i)
                service_name.append(str(name))
                service_cost.append(_amount_text(cost, source, f"records[{i}].topServices[{j}].cost"))
            n += 1
        arrays: dict[str, pa.Array] = {"row": pa.array(np.arange(n, dtype=np.int64))}
        for key in _TEXT_KEYS:
            arrays[key] = pa.array(columns[key], pa.string())
        arrays["startDate"] = _date_column(columns["startDate"], "startDate", source)
        arrays["endDate"] = _date_column(columns["endDate"], "endDate", source)
        for key in ("collectedAt", "collection", "duration"):
            arrays[key] = pa.array(columns[key], pa.int64())
        arrays["final"] = pa.array(columns["final"], pa.bool_())
        for key in _AMOUNT_KEYS:
            arrays[key] = _decimal_column(columns[key], key, source)
        leases = pa.table(arrays).to_pandas(types_mapper=pd.ArrowDtype)
        leases["row"] = leases["row"].astype(np.int64)
        leases["collectedAt"] = leases["collectedAt"].astype(np.int64)
        if current:
            leases = leases.sort_values(["leaseId", "collectedAt", "collection"], kind="stable", na_position="first")
            leases = leases.drop_duplicates("leaseId", keep="last")
        # The portfolio's order: by end date (the day the final cost lands), then collection time, then lease.
        leases = leases.sort_values(["endDate", "collectedAt", "leaseId"], kind="stable").reset_index(drop=True)
        leases["rank"] = np.arange(len(leases), dtype=np.int64)
        services = pa.table({"row": pa.array(service_row, pa.int64()), "service": pa.array(service_name, pa.string()),
                             "cost": _decimal_column(service_cost, "topServices.cost", source)}
                            ).to_pandas(types_mapper=pd.ArrowDtype)
        services["row"] = services["row"].astype(np.int64)
        kept = leases[["row", "rank", "leaseId", "ownerId", "orgUnit", "template", "endDate", "currency", "totalCost"]]
        self.services = services.merge(kept, on="row", how="inner").sort_values(["rank", "service"], kind="stable")
        self.services = self.services.reset_index(drop=True)
        self.leases = leases


def records_frame(records: Iterable[LeaseRecord], *, current: bool = True) -> pd.DataFrame:
    """The records as a DataFrame, one row per lease (its current record; ``current=False`` keeps every
    record), ordered by end date, collection time and lease id.

    Columns: the record's text fields (``leaseId``, ``accountId``, ``ownerId``, ``ownerEmail``,
    ``orgUnit``, ``template``, ``currency``, ``status``, ``dataSource``), ``startDate`` and ``endDate``
    (``date32[pyarrow]``), ``collectedAt`` (epoch seconds), ``collection``, ``duration``, ``final``, and
    the amounts ``totalCost``, ``budget``, ``variance``, ``variancePercent``, ``costPerDay``,
    ``finalCost``, ``chargebackAmount`` as ``decimal128(38, 10)[pyarrow]`` — exact; ``sum()`` gives a
    Decimal. A malformed record is an :class:`InputError` naming ``records[i].<key>`` and the value.
    """
    frame = _Frames(records, current=current).leases
    return frame.drop(columns=["row", "rank"])


def services_frame(records: Iterable[LeaseRecord]) -> pd.DataFrame:
    """The current records' top services, one row per (lease, service): ``leaseId``, ``ownerId``,
    ``orgUnit``, ``template``, ``endDate``, ``currency``, ``service``, ``cost`` and the lease's
    ``totalCost`` (exact decimals)."""
    s = _Frames(records).services
    return s[["leaseId", "ownerId", "orgUnit", "template", "endDate", "currency", "service", "cost", "totalCost"]]


_PEER_KEYS = ("template", "orgUnit", "ownerId", "accountId")


def _near(key: str) -> str:
    import difflib

    match = difflib.get_close_matches(str(key), _PEER_KEYS, n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


# --- exact integer arithmetic over amount columns ----------------------------------------------------------------


def _units(*series: pd.Series) -> tuple[list[np.ndarray], int]:
    """Each decimal column as int64 counts of 10^-scale, for the smallest scale (2, 4, … 10) at which
    every value is exact; nulls become 0. Raises OverflowError past int64."""
    arrays = [s if isinstance(s, pa.Array) else pa.array(s, AMOUNT_TYPE) for s in series]
    for scale in (2, 4, 6, 8, 10):
        try:
            scaled = [a.cast(pa.decimal128(38, scale)) for a in arrays]
        except pa.ArrowInvalid:
            continue
        try:
            out = []
            for a in scaled:
                wide = a.cast(pa.decimal256(40, scale))
                ints = pc.multiply(wide, pa.scalar(Decimal(10) ** scale, pa.decimal256(scale + 1, 0))).cast(pa.int64())
                out.append(ints.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64))
            return out, scale
        except pa.ArrowInvalid:
            raise OverflowError(f"amounts too large for exact int64 arithmetic at scale {scale}") from None
    raise AssertionError("decimal128(38, 10) is exact at scale 10")


def _subtract(a: pd.Series, b: pd.Series) -> pd.Series:
    """a − b for two exact decimal columns (through decimal256, so the difference of two values near the
    limit is an error rather than a wrap); null where either is null."""
    wide = pc.subtract(pa.array(a, AMOUNT_TYPE).cast(pa.decimal256(39, 10)), pa.array(b, AMOUNT_TYPE).cast(pa.decimal256(39, 10)))
    try:
        result = wide.cast(AMOUNT_TYPE)
    except pa.ArrowInvalid:
        raise OverflowError("a difference of amounts beyond decimal128(38, 10)") from None
    return pd.Series(pd.array(result, dtype=AMOUNT_DTYPE), index=a.index)


def _fits(*magnitudes: int) -> bool:
    """Whether a product of columns whose largest magnitudes are given stays inside int64."""
    product = 1
    for m in magnitudes:
        product *= max(int(m), 1)
    return product <= _INT64_LIMIT


def _int_max(a: np.ndarray) -> int:
    return int(np.abs(a).max()) if len(a) else 0


def _ratio_to_decimal(numerator: int, denominator: int, places: Decimal, rounding: str) -> Decimal:
    """numerator ÷ denominator (integers, denominator > 0) rounded once, exactly, to ``places`` (a power of
    ten such as Decimal("0.01")) with ROUND_HALF_UP (ties away from zero) or ROUND_HALF_EVEN."""
    if denominator <= 0:
        raise ZeroDivisionError("a ratio over a non-positive denominator")
    digits = -int(places.as_tuple().exponent)
    scaled = numerator * 10**digits
    q, r = divmod(abs(scaled), denominator)
    twice = 2 * r
    if twice > denominator or (twice == denominator and (rounding == ROUND_HALF_UP or q % 2 == 1)):
        q += 1
    return Decimal(q if scaled >= 0 else -q).scaleb(-digits)


def _decimal_series(values: Sequence[Decimal | None], index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(pa.array(list(values), AMOUNT_TYPE), dtype=AMOUNT_DTYPE), index=index)


def _from_units(units: np.ndarray, scale: int, index: pd.Index, valid: np.ndarray | None = None) -> pd.Series:
    """int64 counts of 10^-scale back to an exact decimal column: the integers as decimal128(38, 0) hold the
    counts as their unscaled values, so the same buffers read as decimal128(38, scale) are the amounts."""
    counts = pa.array(np.asarray(units, dtype=np.int64), pa.int64()).cast(pa.decimal128(38, 0))
    arr = pa.Array.from_buffers(pa.decimal128(38, scale), len(counts), counts.buffers()).cast(AMOUNT_TYPE)
    if valid is not None:
        arr = pc.if_else(pa.array(valid, pa.bool_()), arr, pa.scalar(None, AMOUNT_TYPE))
    return pd.Series(pd.array(arr, dtype=AMOUNT_DTYPE), index=index)


# --- overages ---------------------------------------------------------------------------------------------------


def overages(records: Iterable[LeaseRecord], *, flag: Decimal | str = FLAG_OVER, alert: Decimal | str = ALERT_OVER) -> pd.DataFrame:
    """The leases over budget, worst first (by the exact ratio variance ÷ budget; a budget of 0 spent on
    counts as infinitely over), with ``level``: ``alert`` when variance ÷ budget > ``alert`` (0.5, the
    seed's "publish alerts for overages > 50 %"), ``flag`` when > ``flag`` (0.1, "flag leases exceeding
    budget by > 10 %"), else ``over``. Leases without a budget have no verdict and are not listed.

    Columns: ``leaseId``, ``ownerId``, ``ownerEmail``, ``orgUnit``, ``template``, ``endDate``,
    ``currency``, ``budget``, ``totalCost``, ``variance`` (exact, total − budget), ``variancePercent``
    (one fractional digit, half-up; null for a budget of 0), ``level``, ``flagged`` (flag or alert),
    ``alerted``."""
    leases = _Frames(records).leases
    flag_f, alert_f = Fraction(str(flag)), Fraction(str(alert))
    has_budget = leases["budget"].notna().to_numpy()
    (total, budget), scale = _units(leases["totalCost"], leases["budget"])
    variance = total - budget
    zero = budget == 0
    positive = budget > 0
    if not _fits(_int_max(variance), alert_f.denominator, flag_f.denominator) or \
            not _fits(_int_max(budget), alert_f.numerator + flag_f.numerator):
        raise OverflowError("amounts too large for the exact overage comparison")
    # variance / budget > a/b  <=>  variance * b > a * budget   (budget > 0)
    is_alert = (positive & (variance * alert_f.denominator > alert_f.numerator * budget)) | (zero & (total > 0))
    is_flag = positive & (variance * flag_f.denominator > flag_f.numerator * budget) & ~is_alert
    is_over = has_budget & (variance > 0)
    keep = has_budget & is_over
    out = leases.loc[keep, ["leaseId", "ownerId", "ownerEmail", "orgUnit", "template", "endDate", "currency", "budget",
                            "totalCost"]].copy()
    v, b = variance[keep], budget[keep]
    out["variance"] = _from_units(v, scale, out.index)
    percents = [None if bi == 0 else _ratio_to_decimal(int(vi) * 100, int(bi), Decimal("0.1"), ROUND_HALF_UP)
                for vi, bi in zip(v.tolist(), b.tolist())]
    out["variancePercent"] = _decimal_series(percents, out.index)
    level = np.where(is_alert[keep], "alert", np.where(is_flag[keep], "flag", "over"))
    out["level"] = pd.Series(level, index=out.index, dtype="string")
    out["flagged"] = level != "over"
    out["alerted"] = level == "alert"
    # Worst first by the exact ratio (only the over-budget leases are sorted, so Fractions are cheap here).
    order = sorted(range(len(out)), key=lambda k: (0 if b[k] == 0 else 1, -Fraction(int(v[k]), int(b[k])) if b[k] else 0,
                                                   out["leaseId"].iloc[k]))
    return out.iloc[order].reset_index(drop=True)


# --- service anomalies ------------------------------------------------------------------------------------------


def service_anomalies(records: Iterable[LeaseRecord], *, by: Sequence[str] = ("template", "orgUnit"),
                      factor: Decimal | int | str = 2, only: bool = False) -> pd.DataFrame:
    """Each (lease, top service) against the same service on comparable EARLIER leases.

    The peers of a lease are the leases that share the first of ``by`` the lease has (its template; a
    lease without one, its org unit) and come before it in the portfolio's order (end date, then
    collection time, then lease id). ``expected`` is the exact mean of the service's cost over the peers
    that show the service among their top services (rounded to 10 places, half-even, for display); a
    service is an ``anomaly`` when cost > ``factor`` × mean, decided exactly as
    cost × peers > factor × Σ peers' costs. ``deviation`` = cost ÷ mean, 2 places half-up (null when the
    mean is 0). With no peer — the portfolio's first lease of a template, or a service no earlier peer
    used — there is no verdict: ``anomaly`` is <NA> and ``peers`` is 0 (the seed divides by a missing
    average here). ``only=True`` keeps the anomalies.

    Columns: ``leaseId``, ``ownerId``, ``orgUnit``, ``template``, ``endDate``, ``peerKey``,
    ``peerGroup``, ``service``, ``cost``, ``peers``, ``expected``, ``deviation``, ``anomaly``."""
    for key in by:
        if key not in _PEER_KEYS:
            raise InputError(f"'{key}' is not a peer key: compare by template, orgUnit, ownerId or accountId{_near(key)}",
                             "<service_anomalies>",
                             "by", str(key))
    f = Fraction(str(factor))
    if f < 0:
        raise InputError("the anomaly factor is not negative", "<service_anomalies>", "factor", str(factor))
    s = _Frames(records).services.copy()
    s["peerKey"] = pd.Series(pd.NA, index=s.index, dtype="string")
    s["peerGroup"] = pd.Series(pd.NA, index=s.index, dtype="string")
    for key in reversed(list(by)):  # the first key present wins
        present = s[key].notna()
        s.loc[present, "peerKey"] = key
        s.loc[present, "peerGroup"] = s.loc[present, key].astype("string")
    grouped = s["peerKey"].notna().to_numpy()
    (cost,), scale = _units(s["cost"])
    s["_u"] = cost
    ordered = s.sort_values(["peerKey", "peerGroup", "service", "rank"], kind="stable")
    g = ordered.groupby(["peerKey", "peerGroup", "service"], sort=False, dropna=False)
    s["_before"] = g["_u"].cumsum() - ordered["_u"]  # Σ of the earlier peers' costs (aligned on the index)
    s["_peers"] = g.cumcount()                         # how many earlier peers
    before = s["_before"].to_numpy(np.int64)
    peers = s["_peers"].to_numpy(np.int64)
    cost_u = s["_u"].to_numpy(np.int64)
    peers = np.where(grouped, peers, 0)
    if _fits(_int_max(cost_u), _int_max(peers), f.denominator) and _fits(_int_max(before), f.numerator):
        lhs, rhs = cost_u * peers * f.denominator, before * f.numerator
    else:  # Python integers, still column-wise
        lhs = cost_u.astype(object) * peers.astype(object) * f.denominator
        rhs = before.astype(object) * f.numerator
    has_peers = peers > 0
    verdict = pd.array(np.asarray(lhs > rhs, dtype=bool), dtype="boolean")
    verdict[~has_peers] = pd.NA
    expected: list[Decimal | None] = []
    deviation: list[Decimal | None] = []
    for c, n, total in zip(cost_u.tolist(), peers.tolist(), before.tolist()):
        if n == 0:
            expected.append(None)
            deviation.append(None)
            continue
        expected.append(_ratio_to_decimal(total, n * 10**scale, _TEN_PLACES, ROUND_HALF_EVEN))
        deviation.append(None if total == 0 else _ratio_to_decimal(c * n, total, _CENT, ROUND_HALF_UP))
    out = s[["leaseId", "ownerId", "orgUnit", "template", "endDate", "peerKey", "peerGroup", "service", "cost"]].copy()
    out["peers"] = peers
    out["expected"] = _decimal_series(expected, out.index)
    out["deviation"] = _decimal_series(deviation, out.index)
    out["anomaly"] = verdict
    if only:
        out = out[out["anomaly"].fillna(False).to_numpy(bool)]
    return out.reset_index(drop=True)


# --- owner trends -----------------------------------------------------------------------------------------------


def owner_trends(records: Iterable[LeaseRecord], *, last: int = 5, increases: int = 3) -> pd.DataFrame:
    """Per owner, the last ``last`` leases by end date (then collection time, lease id) and the longest
    run of consecutive increases of ``totalCost`` among them; ``rising`` when that run is at least
    ``increases`` (the seed's "3+ consecutive increases" over "the last 5 leases": 3 increases are 4
    leases each costing more than the one before). ``average`` is the exact mean of the window's
    totals (10 places, half-even). Owners are listed rising first, then by run length and owner id.

    Columns: ``ownerId``, ``ownerEmail``, ``leases`` (all the owner's leases), ``window`` (how many are
    looked at), ``leaseIds`` and ``costs`` (the window, oldest first; costs as Decimals),
    ``total``, ``average``, ``consecutiveIncreases``, ``rising``."""
    if isinstance(last, bool) or not isinstance(last, int) or last < 2:
        raise InputError("the window is at least 2 leases", "<owner_trends>", "last", repr(last))
    if isinstance(increases, bool) or not isinstance(increases, int) or increases < 1:
        raise InputError("the number of increases is at least 1", "<owner_trends>", "increases", repr(increases))
    leases = _Frames(records).leases.sort_values(["ownerId", "rank"], kind="stable")
    counts = leases.groupby("ownerId", sort=False).size()
    window = leases.groupby("ownerId", sort=False).tail(last).reset_index(drop=True)
    (u,), scale = _units(window["totalCost"])
    owner = window["ownerId"].to_numpy(object)
    same = np.zeros(len(window), dtype=bool)
    same[1:] = owner[1:] == owner[:-1]
    up = np.zeros(len(window), dtype=bool)
    up[1:] = u[1:] > u[:-1]
    up &= same
    window["_up"] = up
    window["_u"] = u
    # run length of consecutive increases: count of ups since the last non-up row (per owner, since an
    # owner's first row is never up)
    breaks = np.cumsum(~up)
    run = pd.Series(up.astype(np.int64)).groupby(breaks).cumsum().to_numpy()
    window["_run"] = run
    g = window.groupby("ownerId", sort=False)
    summary = pd.DataFrame({
        "ownerId": g["ownerId"].first(),
        "ownerEmail": g["ownerEmail"].last(),
        "window": g.size(),
        "leaseIds": g["leaseId"].apply(lambda x: x.tolist()),
        "costs": g["totalCost"].apply(lambda x: x.tolist()),
        "_sum": g["_u"].sum(),
        "consecutiveIncreases": g["_run"].max(),
    }).reset_index(drop=True)
    summary.insert(2, "leases", counts.loc[summary["ownerId"]].to_numpy())
    sums = summary["_sum"].to_numpy(np.int64)
    summary["total"] = _from_units(sums, scale, summary.index)
    summary["average"] = _decimal_series(
        [_ratio_to_decimal(int(t), int(n) * 10**scale, _TEN_PLACES, ROUND_HALF_EVEN)
         for t, n in zip(sums.tolist(), summary["window"].tolist())], summary.index)
    summary["consecutiveIncreases"] = summary["consecutiveIncreases"].astype(np.int64)
    summary["rising"] = summary["consecutiveIncreases"] >= increases
    summary = summary.drop(columns=["_sum"])
    summary = summary.sort_values(["rising", "consecutiveIncreases", "ownerId"], ascending=[False, False, True],
                                  kind="stable")
    return summary.reset_index(drop=True)


# --- Savings Plan hints -----------------------------------------------------------------------------------------


def savings_plan_hints(records: Iterable[LeaseRecord], *, hourly: Mapping[str, Any] | None = None,
                       share: Decimal | str = EC2_HEAVY_SHARE, **recommend_options: Any) -> pd.DataFrame:
    """The EC2-heavy leases: those whose ``Amazon Elastic Compute Cloud - Compute`` cost (from
    topServices) is at least ``share`` (default 0.5, i.e. 50 %) of the total, compared exactly. For a
    lease whose id is in ``hourly`` — a commitments-v1 usage document (the hourly EC2 usage with its
    on-demand and Savings Plan rates, docs/commitments.md) — the hint carries
    :func:`costmodel.recommend_savings_plan`'s figures (``recommend_options`` are passed on: plan_type,
    term, payment_option, …); otherwise it is a hint without a figure (the records hold daily costs,
    not the hourly usage a commitment is sized on).

    Columns: ``leaseId``, ``ownerId``, ``orgUnit``, ``template``, ``currency``, ``totalCost``, ``ec2Cost``,
    ``ec2Percent`` (one place, half-up), ``commitmentPerHour``, ``savings``, ``savingsPercent`` (null
    without ``hourly``), ``hint``."""
    share_f = Fraction(str(share))
    if not 0 <= share_f <= 1:
        raise InputError("the EC2 share is between 0 and 1", "<savings_plan_hints>", "share", str(share))
    s = _Frames(records).services
    ec2 = s[(s["service"] == EC2_SERVICE).to_numpy(bool)].reset_index(drop=True)
    (cost, total), _ = _units(ec2["cost"], ec2["totalCost"])
    heavy = (total > 0) & (cost * share_f.denominator >= total * share_f.numerator)
    out = ec2.loc[heavy, ["leaseId", "ownerId", "orgUnit", "template", "currency", "totalCost", "cost"]]
    out = out.rename(columns={"cost": "ec2Cost"}).reset_index(drop=True)
    c, t = cost[heavy], total[heavy]
    percents = [_ratio_to_decimal(int(a) * 100, int(b), Decimal("0.1"), ROUND_HALF_UP) for a, b in zip(c.tolist(), t.tolist())]
    out["ec2Percent"] = _decimal_series(percents, out.index)
    commitment: list[Decimal | None] = []
    savings: list[Decimal | None] = []
    percent: list[Decimal | None] = []
    hints: list[str] = []
    from .._recommend import recommend_savings_plan  # the C++ core; imported only when needed

    for lease_id, pct in zip(out["leaseId"], percents):
        usage = (hourly or {}).get(lease_id)
        if usage is None:
            commitment.append(None)
            savings.append(None)
            percent.append(None)
            hints.append(f"EC2 is {pct}% of the cost: a Compute Savings Plan may pay if this usage recurs; "
                         f"size it on the hourly usage (costmodel recommend)")
            continue
        r = recommend_savings_plan(usage, **recommend_options)
        commitment.append(r.best["commitment_per_hour"])
        savings.append(r.best["savings"])
        percent.append(r.best["savings_percent"])
        if r.best["commitment_per_hour"]:
            hints.append(f"commit {r.best['commitment_per_hour']}/h ({r.plan_type}, {r.term} {r.payment_option}): "
                         f"saves {r.best['savings']} over {r.hours} h")
        else:
            hints.append("no commitment saves on this usage")
    out["commitmentPerHour"] = _decimal_series(commitment, out.index)
    out["savings"] = _decimal_series(savings, out.index)
    out["savingsPercent"] = _decimal_series(percent, out.index)
    out["hint"] = pd.Series(hints, index=out.index, dtype="string")
    return out

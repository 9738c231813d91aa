"""The live half of ``costmodel daily-rate --profile P``: the command's options in, the fetched
responses and a one-paragraph report (requests and their cost) out. The command reads the responses
as it reads response files, prints the report on stderr and the rate on stdout (docs/actuals-live.md,
"The command").
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import time
from collections.abc import Callable, Iterable
from typing import Any

from .. import _core
from ._cost_explorer import MANIFEST, PRICE_PER_REQUEST, fetch_cost_and_usage
from ._queries import daily_rate_queries

SOURCE = "<command line>"


def _flag(path: str) -> str:
    # "accounts[3]" -> "--accounts[3]": the option the user typed, with the item it means.
    name, bracket, rest = path.partition("[")
    return "--" + name.replace("_", "-") + (bracket + rest if bracket else "")


def parse_accounts(text: str | Iterable[str] | None) -> list[str] | None:
    """``--accounts 111111111111,222222222222`` as a list (None when the option is absent). Items are
    trimmed; an empty item (``1,,2``) is an error, not skipped."""
    if text is None:
        return None
    if not isinstance(text, str):
        return list(text)  # a list from a Python caller; daily_rate_queries checks each item
    items = [item.strip() for item in text.split(",")]
    for index, item in enumerate(items):
        if not item:
            raise _core.InputError("has an empty item", SOURCE, f"--accounts[{index}]", text)
    return items


def _option(args: argparse.Namespace, name: str, default: Any) -> Any:
    # An option the command does not define, or left at None, takes the library's default.
    value = getattr(args, name, None)
    return default if value is None else value


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def fetch_for_daily_rate(args: argparse.Namespace, *, session: Any = None, today: _dt.date | None = None,
                         sleep: Callable[[float], object] = time.sleep,
                         rng: Callable[[], float] = random.random) -> tuple[list[dict[str, Any]], str]:
    """Fetches what ``daily-rate`` needs and says what it cost.

    Reads from ``args`` (the daily-rate command's options; absent ones take their defaults):
    ``profile`` (None: boto3's default credential chain), ``as_of`` (or the seed's ``start_date``;
    None: today's UTC date, written back into ``args.as_of`` as YYYY-MM-DD so that the command computes
    the rate for the day it fetched), ``offset`` (2), ``window`` (30), ``accounts`` ("111,222" or a
    list; None: every account), ``metric`` (NetAmortizedCost), ``support_month`` (previous),
    ``save`` (a folder for the raw responses), ``endpoint_url``, ``region`` (us-east-1).

    Returns the responses, every page in order, and the report for stderr, e.g. ``Cost Explorer: 3
    requests (2 queries, 1 more page) at USD 0.01 each: USD 0.03``. Option errors are InputError
    naming the option; a failed request is :class:`costmodel.aws.FetchError`.
    """
    as_of = getattr(args, "as_of", None)
    if as_of is None:
        as_of = getattr(args, "start_date", None)
    if as_of is None:
        as_of = (today or _dt.datetime.now(_dt.timezone.utc).date()).isoformat()
        args.as_of = as_of
    chosen = parse_accounts(getattr(args, "accounts", None))
    try:
        requests = daily_rate_queries(
            as_of,
            offset=_option(args, "offset", 2),
            window=_option(args, "window", 30),
            accounts=chosen,
            metric=_option(args, "metric", "NetAmortizedCost"),
            support_month=_option(args, "support_month", "previous"),
        )
    except _core.InputError as error:
        raise _core.InputError(error.message, SOURCE, _flag(error.path), error.value) from None
    save = getattr(args, "save", None)
    profile = getattr(args, "profile", None)
    result = fetch_cost_and_usage(requests, session=session, profile=profile,
                                  region=getattr(args, "region", None) or "us-east-1",
                                  endpoint_url=getattr(args, "endpoint_url", None), save=save, sleep=sleep, rng=rng)
    more_pages = result.requests - len(requests)
    queries = _plural(len(requests), "query", "queries")
    if more_pages:
        queries += ", " + _plural(more_pages, "more page")
    who = f" (profile {profile})" if profile else ""
    parts = [f"Cost Explorer{who}: {_plural(result.requests, 'request')} ({queries}) at USD {PRICE_PER_REQUEST} "
             f"each: USD {result.cost}"]
    if result.throttled:
        parts.append(f"{_plural(result.throttled, 'throttled attempt')} retried after "
                     f"{sum(result.delays):.1f} s in all")
    if result.manifest is not None:
        parts.append(f"{_plural(len(result.files), 'response')} saved in {result.manifest.parent} "
                     f"(listed in {MANIFEST})")
    return result.responses, "; ".join(parts)

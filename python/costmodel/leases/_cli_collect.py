"""``costmodel leases collect EVENTS.jsonl`` and ``costmodel leases check``: the collection after
termination and the budget checks of running leases (docs/leases.md, "Collection", "Active leases")."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from typing import Any

from .. import _core
from ._store import DEFAULT_STORE, open_store

SOURCE = "<command line>"
DAY_SECONDS = 86400


def parse_now(value: str | None) -> int:
    """--now: ISO 8601 with a zone or epoch seconds; default the clock."""
    if value is None:
        return int(_dt.datetime.now(_dt.timezone.utc).timestamp())
    text = value.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise _core.InputError("expected an ISO 8601 time with a zone (2024-02-03T03:00:00Z) or epoch seconds",
                               SOURCE, "--now", repr(value)) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _core.InputError("has no time zone: give a zone (Z or +01:00)", SOURCE, "--now", repr(value))
    return int(moment.timestamp())


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=DEFAULT_STORE, metavar="PATH|dynamodb:TABLE",
                        help=f"a SQLite file (default {DEFAULT_STORE}) or dynamodb:TABLE")
    parser.add_argument("--now", default=None, metavar="ISO|EPOCH",
                        help="the time of the run (ISO 8601 with a zone, or epoch seconds; default: the clock)")
    parser.add_argument("--endpoint-url", default=None,
                        help="AWS endpoint for Cost Explorer, EventBridge and a DynamoDB store (e.g. a local one)")
    parser.add_argument("--profile", default=None, help="AWS profile")
    parser.add_argument("--region", default="us-east-1", help="AWS region (default us-east-1)")
    parser.add_argument("--requests-per-hour", type=int, default=100,
                        help="at most this many Cost Explorer requests in any hour (USD 0.01 each; default 100)")
    parser.add_argument("--cache-ttl-days", type=int, default=7, metavar="DAYS",
                        help="keep cached Cost Explorer answers and the request log this many days (default 7); "
                             "older entries are ignored and deleted")
    parser.add_argument("--sink", default=None, metavar="jsonl:PATH|eventbridge:BUS",
                        help="where the events go (default: they wait in the store)")
    parser.add_argument("--format", choices=["table", "json"], default="table")


def add_arguments(sub: Any) -> None:
    collect = sub.add_parser("collect", help="collect the costs of terminated leases 24, 48 and 72 h after they end")
    collect.add_argument("events", metavar="EVENTS.jsonl", help="LeaseCreated / LeaseTerminated events, JSON lines")
    _common(collect)
    collect.set_defaults(run=run_collect)
    check = sub.add_parser("check", help="check running leases against their budgets (once a day)")
    _common(check)
    check.set_defaults(run=run_check)


def _store(args: argparse.Namespace) -> Any:
    dynamodb = str(args.store).startswith("dynamodb:")
    # The endpoint and profile are the AWS ones; a SQLite store takes neither.
    return open_store(args.store, endpoint_url=args.endpoint_url if dynamodb else None, region=args.region,
                      profile=args.profile if dynamodb else None)


def _setup(args: argparse.Namespace) -> tuple[int, Any, Any]:
    """(now, fetch, sink) of the command's options, checked before the store is opened."""
    from ._collect import default_fetch
    from ._sinks import open_sink

    if args.requests_per_hour < 1:
        raise _core.InputError("must be at least 1", SOURCE, "--requests-per-hour", str(args.requests_per_hour))
    if args.cache_ttl_days < 1:
        raise _core.InputError("must be at least 1", SOURCE, "--cache-ttl-days", str(args.cache_ttl_days))
    now = parse_now(args.now)
    sink = (open_sink(args.sink, endpoint_url=args.endpoint_url, region=args.region, profile=args.profile)
            if args.sink else None)
    fetch = default_fetch(endpoint_url=args.endpoint_url, profile=args.profile, region=args.region)
    return now, fetch, sink


def run_collect(args: argparse.Namespace) -> str:
    from ._collect import collect
    from ._events import read_lease_events

    events = read_lease_events(args.events)  # a malformed line fails before anything is written
    now, fetch, sink = _setup(args)
    with _store(args) as store:
        run = collect(events, store, now=now, fetch=fetch, sink=sink, requests_per_hour=args.requests_per_hour,
                      cache_ttl=args.cache_ttl_days * DAY_SECONDS)
    if args.format == "json":
        return json.dumps(run.to_dict(), indent=2) + "\n"
    return run.summary() + "\n"


def run_check(args: argparse.Namespace) -> str:
    from ._active import check_active

    now, fetch, sink = _setup(args)
    with _store(args) as store:
        run = check_active(store, now=now, fetch=fetch, sink=sink, requests_per_hour=args.requests_per_hour,
                           cache_ttl=args.cache_ttl_days * DAY_SECONDS)
    if args.format == "json":
        return json.dumps(run.to_dict(), indent=2) + "\n"
    return run.summary() + "\n"

"""Where the collector's events go (docs/leases.md, "Events"): a JSON-lines file, or an EventBridge bus.

Both take the store's outbox events ({id, leaseId, kind, key, detail, createdAt, sentAt}) and send
each as an EventBridge entry: ``Source`` "isb.costs", ``DetailType`` the kind (CostDataCollected,
BudgetOverage, BudgetThresholdReached, CostCollectionFailed), ``Detail`` the detail as JSON text
(amounts as strings), ``EventBusName`` and ``Time``. The collector claims an event in the store
before it sends it, so an event is sent at most once even when two runs overlap.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import pathlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

SOURCE = "isb.costs"
DETAIL_TYPES = ("CostDataCollected", "BudgetOverage", "BudgetThresholdReached", "CostCollectionFailed")
# PutEvents takes at most 10 entries a call.
ENTRIES_PER_CALL = 10


class SinkError(RuntimeError):
    """Events that a sink could not deliver; ``failed`` lists (event id, error code, message)."""

    def __init__(self, message: str, failed: list[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.failed = failed


class EventSink(Protocol):
    def send(self, events: Sequence[Mapping[str, Any]]) -> int:
        """Delivers the events; returns how many were delivered; raises SinkError naming any that were not."""
        ...


def entry(event: Mapping[str, Any], bus_name: str) -> dict[str, Any]:
    """The PutEvents entry of one outbox event."""
    kind = event["kind"]
    if kind not in DETAIL_TYPES:
        raise ValueError(f"event {event.get('id')}: {kind!r} is not one of {', '.join(DETAIL_TYPES)}")
    created = event.get("createdAt")
    moment = (_dt.datetime.fromtimestamp(int(created), _dt.timezone.utc) if created is not None
              else _dt.datetime.now(_dt.timezone.utc)).replace(microsecond=0)
    return {"Source": SOURCE, "DetailType": kind,
            "Detail": json.dumps(event["detail"], sort_keys=True, separators=(",", ":")),
            "EventBusName": bus_name, "Time": moment}


class JsonLinesSink:
    """Appends one JSON object a line to ``path``: the PutEvents entry with ``Time`` as ISO 8601 UTC,
    and the outbox ``id``. Each event is flushed and fsynced before the next, so a crash loses no
    line that was reported sent."""

    def __init__(self, path: str | os.PathLike[str], *, bus_name: str = "default") -> None:
        self.path = pathlib.Path(path)
        self.bus_name = bus_name

    def send(self, events: Sequence[Mapping[str, Any]]) -> int:
        with self.path.open("a", encoding="utf-8") as out:
            for event in events:
                line = entry(event, self.bus_name)
                line["Time"] = line["Time"].isoformat().replace("+00:00", "Z")
                line["Id"] = event.get("id")
                out.write(json.dumps(line, sort_keys=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
        return len(events)

    def __repr__(self) -> str:
        return f"JsonLinesSink({str(self.path)!r})"


class EventBridgeSink:
    """PutEvents to the bus ``bus_name``, 10 entries a call. An entry EventBridge refuses (the
    response's FailedEntryCount and each entry's ErrorCode) is a :class:`SinkError` naming it, after
    the rest of the events have been tried."""

    def __init__(self, bus_name: str, *, session: Any = None, endpoint_url: str | None = None,
                 region: str = "us-east-1", profile: str | None = None) -> None:
        self.bus_name = bus_name
        self.session = session
        self.endpoint_url = endpoint_url
        self.region = region
        self.profile = profile
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            session = self.session
            if session is None:
                try:
                    import boto3  # type: ignore[import-untyped]
                except ImportError as error:  # pragma: no cover - depends on the installation
                    raise ImportError("sending to EventBridge needs boto3: pip install 'costmodel[aws]'") from error
                session = boto3.Session(profile_name=self.profile, region_name=self.region)
            self._client = session.client("events", region_name=self.region, endpoint_url=self.endpoint_url)
        return self._client

    def send(self, events: Sequence[Mapping[str, Any]]) -> int:
        failed: list[tuple[str, str, str]] = []
        sent = 0
        for first in range(0, len(events), ENTRIES_PER_CALL):
            chunk = events[first:first + ENTRIES_PER_CALL]
            entries = [entry(event, self.bus_name) for event in chunk]
            try:
                response = self.client().put_events(Entries=entries)
            except Exception as error:  # botocore's ClientError or a connection error: the whole call failed
                code = getattr(error, "response", {}).get("Error", {}).get("Code", type(error).__name__)
                failed += [(str(event.get("id")), str(code), str(error)) for event in chunk]
                continue
            results = response.get("Entries", [])
            if response.get("FailedEntryCount", 0):
                for event, result in zip(chunk, results):
                    if result.get("ErrorCode"):
                        failed.append((str(event.get("id")), str(result["ErrorCode"]),
                                       str(result.get("ErrorMessage", ""))))
                sent += len(chunk) - response["FailedEntryCount"]
            else:
                sent += len(chunk)
        if failed:
            shown = "; ".join(f"event {event_id}: {code} {message}".rstrip() for event_id, code, message in failed)
            raise SinkError(f"EventBridge bus {self.bus_name} refused {len(failed)} of {len(events)} events "
                            f"(the credentials need events:PutEvents on it): {shown}", failed)
        return sent

    def __repr__(self) -> str:
        return f"EventBridgeSink({self.bus_name!r})"


def open_sink(spec: str, *, endpoint_url: str | None = None, region: str = "us-east-1",
              profile: str | None = None) -> EventSink:
    """``jsonl:PATH`` or ``eventbridge:BUS`` (the --sink option)."""
    kind, _, target = spec.partition(":")
    if kind == "jsonl" and target:
        return JsonLinesSink(target)
    if kind == "eventbridge" and target:
        return EventBridgeSink(target, endpoint_url=endpoint_url, region=region, profile=profile)
    from .. import _core

    raise _core.InputError("expected jsonl:PATH or eventbridge:BUS", "<command line>", "--sink", repr(spec))

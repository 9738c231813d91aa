"""GetCostAndUsage with boto3: every page, backoff on throttling, the request count and cost, and the
raw responses saved for audit and re-runs (docs/actuals-live.md)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import json
import os
import pathlib
import random
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .. import _core

# Cost Explorer's API price: USD 0.01 per request (each page is a request).
PRICE_PER_REQUEST = Decimal("0.01")
# The error codes that mean "too many requests, try again later"; every other error is final.
RETRYABLE = frozenset({"ThrottlingException", "LimitExceededException"})
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "costmodel/cost-explorer-fetch/v1"
SOURCE = "<fetch_cost_and_usage arguments>"


class FetchError(RuntimeError):
    """A GetCostAndUsage request failed: refused for good (access denied, a bad request), or still
    throttled after the last attempt. ``request`` and ``page`` say which (from 0), ``code`` is AWS's
    error code, ``attempts`` how many times it was sent, ``requests`` how many requests had been
    answered before it (they are charged)."""

    def __init__(self, message: str, *, request: int, page: int, code: str, attempts: int, requests: int) -> None:
        super().__init__(message)
        self.request = request
        self.page = page
        self.code = code
        self.attempts = attempts
        self.requests = requests


@dataclasses.dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch_cost_and_usage` got.

    ``responses``: every page of every request, in order, as ``aws ce get-cost-and-usage`` prints them
    (boto3's ``ResponseMetadata`` is kept apart, in ``request_ids``). ``pages``: pages per request.
    ``requests``: requests answered (one per page); ``cost``: ``requests`` × USD 0.01. ``throttled``:
    attempts refused with ThrottlingException or LimitExceededException and retried; ``delays``: the
    seconds slept before each retry. ``files`` and ``manifest``: the saved paths (empty and None
    without ``save``).
    """

    responses: list[dict[str, Any]]
    pages: list[int]
    requests: int
    cost: Decimal
    throttled: int
    delays: list[float]
    request_ids: list[str]
    files: list[pathlib.Path]
    manifest: pathlib.Path | None


def _client(session: Any, profile: str | None, region: str, endpoint_url: str | None) -> Any:
    if session is None:
        try:
            import boto3  # type: ignore[import-untyped]
        except ImportError as error:  # pragma: no cover - depends on the installation
            raise ImportError("fetching from Cost Explorer needs boto3: pip install 'costmodel[aws]'") from error
        session = boto3.Session(profile_name=profile, region_name=region)
    from botocore.config import Config  # type: ignore[import-untyped]

    # botocore's own retries are off: the backoff below is the only one, so every attempt is counted
    # and the delays are the documented ones.
    config = Config(retries={"total_max_attempts": 1})
    return session.client("ce", region_name=region, endpoint_url=endpoint_url, config=config)


def _error_code(error: BaseException) -> str | None:
    response = getattr(error, "response", None)
    if isinstance(response, Mapping):
        code = response.get("Error", {}).get("Code")
        return str(code) if code is not None else None
    return None


def write_atomically(path: pathlib.Path, text: str) -> None:
    """Writes ``text`` to ``path`` through a temporary file in the same folder and a rename, so a
    reader sees the whole file or none of it, also when the write fails half-way."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def response_name(request: int, page: int) -> str:
    """The saved file of one page: response-<request>-page-<page>.json, from 0, zero-padded so that
    the names sort in fetch order."""
    return f"response-{request:03d}-page-{page:03d}.json"


def _dump(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def _check_requests(requests: object) -> list[dict[str, Any]]:
    if isinstance(requests, (str, bytes)) or not isinstance(requests, Sequence):
        raise _core.InputError("expected a list of GetCostAndUsage request dicts", SOURCE, "requests",
                               type(requests).__name__)
    checked = []
    for index, request in enumerate(requests):
        path = f"requests[{index}]"
        if not isinstance(request, Mapping):
            raise _core.InputError("expected a GetCostAndUsage request dict", SOURCE, path, type(request).__name__)
        for key in ("TimePeriod", "Granularity", "Metrics"):
            if key not in request:
                raise _core.InputError(f"has no {key}", SOURCE, path, "")
        if "NextPageToken" in request:
            raise _core.InputError("has a NextPageToken: the fetch follows pages itself", SOURCE,
                                   f"{path}.NextPageToken", str(request["NextPageToken"]))
        checked.append(copy.deepcopy(dict(request)))
    return checked


def _check_count(value: object, path: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise _core.InputError(f"expected a whole number, at least {least}", SOURCE, path, repr(value))
    return value


def _check_seconds(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise _core.InputError("expected a number of seconds, at least 0", SOURCE, path, repr(value))
    return float(value)


def fetch_cost_and_usage(requests: Sequence[Mapping[str, Any]], *, session: Any = None, profile: str | None = None,
                         region: str = "us-east-1", endpoint_url: str | None = None,
                         save: str | os.PathLike[str] | None = None, max_attempts: int = 8, base_delay: float = 0.5,
                         max_delay: float = 20.0, sleep: Callable[[float], object] = time.sleep,
                         rng: Callable[[], float] = random.random) -> FetchResult:
    """Sends each GetCostAndUsage request and follows its NextPageToken to the last page.

    The client comes from ``session`` (a ``boto3.Session``, or anything with ``.client("ce", ...)``),
    else from ``boto3.Session(profile_name=profile)``; ``endpoint_url`` points it elsewhere (a moto
    server in the tests). A request refused with ThrottlingException or LimitExceededException is
    sent again after ``rng() × min(max_delay, base_delay × 2^(n−1))`` seconds before the n-th retry
    (exponential backoff with full jitter), at most ``max_attempts`` times in all, then
    :class:`FetchError`; any other error is a :class:`FetchError` at once.

    ``save=DIR`` writes each page as ``DIR/response-<request>-page-<page>.json`` (what ``aws ce
    get-cost-and-usage`` prints) as soon as it arrives, and ``DIR/manifest.json`` (the requests, the
    files of each, AWS's request IDs, the count and cost) at the end, each through a temporary file and
    a rename: a file that is there is whole. A fetch that fails still writes its manifest, marked
    ``"complete": false`` with the error, so :func:`load_saved` refuses to compute from half a query.
    """
    checked = _check_requests(requests)
    attempts_allowed = _check_count(max_attempts, "max_attempts", 1)
    base = _check_seconds(base_delay, "base_delay")
    cap = _check_seconds(max_delay, "max_delay")
    folder: pathlib.Path | None = None
    if save is not None:
        folder = pathlib.Path(save)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _core.InputError(f"cannot be made a folder ({error.strerror})", SOURCE, "save", str(save)) from None
        # A second fetch into the same folder would leave the first one's pages beside its own, and a
        # glob over the folder would read both.
        earlier = sorted(p.name for p in folder.iterdir() if p.name == MANIFEST or p.name.startswith("response-"))
        if earlier:
            raise _core.InputError(f"already holds a fetch ({earlier[0]}): save into a new folder", SOURCE, "save",
                                   str(save))
    client = _client(session, profile, region, endpoint_url) if checked else None

    state = _Fetch(client, folder, attempts_allowed, base, cap, sleep, rng)
    try:
        for index, request in enumerate(checked):
            state.fetch(index, len(checked), request)
    except FetchError as error:
        state.write_manifest(region, profile, str(error))
        raise
    manifest = state.write_manifest(region, profile, None)
    return FetchResult(responses=state.responses, pages=state.pages, requests=state.answered,
                       cost=PRICE_PER_REQUEST * state.answered, throttled=state.throttled, delays=state.delays,
                       request_ids=state.request_ids, files=state.files, manifest=manifest)


class _Fetch:
    """The running state of one fetch: what was answered, slept and saved so far."""

    def __init__(self, client: Any, folder: pathlib.Path | None, max_attempts: int, base_delay: float,
                 max_delay: float, sleep: Callable[[float], object], rng: Callable[[], float]) -> None:
        self.client = client
        self.folder = folder
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep
        self.rng = rng
        self.responses: list[dict[str, Any]] = []
        self.pages: list[int] = []
        self.request_ids: list[str] = []
        self.files: list[pathlib.Path] = []
        self.delays: list[float] = []
        self.manifest_requests: list[dict[str, Any]] = []
        self.answered = 0
        self.throttled = 0

    def fetch(self, index: int, count: int, request: dict[str, Any]) -> None:
        entry: dict[str, Any] = {"request": request, "pages": 0, "files": [], "request_ids": []}
        self.manifest_requests.append(entry)
        token: str | None = None
        page = 0
        while True:
            call = dict(request)
            if token is not None:
                call["NextPageToken"] = token
            response = self.send(index, count, page, call)
            metadata = response.pop("ResponseMetadata", None) or {}
            request_id = str(metadata.get("RequestId", ""))
            self.request_ids.append(request_id)
            entry["request_ids"].append(request_id)
            self.responses.append(response)
            if self.folder is not None:
                name = response_name(index, page)
                write_atomically(self.folder / name, _dump(response))
                self.files.append(self.folder / name)
                entry["files"].append(name)
            page += 1
            entry["pages"] = page
            token = response.get("NextPageToken") or None
            if token is None:
                break
        self.pages.append(page)

    def send(self, index: int, count: int, page: int, call: dict[str, Any]) -> dict[str, Any]:
        attempt = 1
        while True:
            try:
                response = dict(self.client.get_cost_and_usage(**call))
                self.answered += 1
                return response
            except Exception as error:  # botocore's ClientError, told apart by its response's error code
                code = _error_code(error)
                if code is None:
                    raise
                if code not in RETRYABLE or attempt >= self.max_attempts:
                    raise self.failure(index, count, page, code, attempt, error) from error
            delay = self.rng() * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
            self.delays.append(delay)
            self.throttled += 1
            self.sleep(delay)
            attempt += 1

    def failure(self, index: int, count: int, page: int, code: str, attempt: int, error: Exception) -> FetchError:
        what = (f"still refused with {code} after {attempt} attempts" if code in RETRYABLE else f"refused with {code}")
        hint = (" (the credentials need the IAM permission ce:GetCostAndUsage)"
                if code in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation") else "")
        saved = f"; the pages before it are saved in {self.folder}" if self.folder is not None and self.files else ""
        return FetchError(f"GetCostAndUsage request {index} of {count} (page {page}) {what}: {error}{hint}; "
                          f"{self.answered} requests answered before it, USD {PRICE_PER_REQUEST * self.answered}{saved}",
                          request=index, page=page, code=code, attempts=attempt, requests=self.answered)

    def write_manifest(self, region: str, profile: str | None, error: str | None) -> pathlib.Path | None:
        if self.folder is None:
            return None
        path = self.folder / MANIFEST
        document = {
            "format": MANIFEST_FORMAT,
            "complete": error is None,
            "error": error,
            "fetched_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "region": region,
            "profile": profile,
            "requests_answered": self.answered,
            "throttled_attempts": self.throttled,
            "cost": {"amount": str(PRICE_PER_REQUEST * self.answered), "unit": "USD",
                     "price_per_request": str(PRICE_PER_REQUEST)},
            "requests": self.manifest_requests,
        }
        write_atomically(path, _dump(document))
        return path


def load_saved(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The responses a fetch saved in ``folder``, in fetch order, read back from the files its
    manifest lists (so a re-run computes from exactly what was fetched)."""
    root = pathlib.Path(folder)
    source = str(root / MANIFEST)
    try:
        document = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _core.InputError("no manifest: not a folder written by fetch_cost_and_usage(save=...)", source, "",
                               "") from None
    except json.JSONDecodeError as error:
        raise _core.InputError(f"not one JSON document ({error.msg} at character {error.pos})", source, "",
                               "") from None
    if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT:
        value = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise _core.InputError(f"expected format {MANIFEST_FORMAT!r}", source, "format", repr(value))
    if document.get("complete") is not True:
        raise _core.InputError("the fetch that wrote this folder did not finish, so its responses are not the whole "
                               f"query: {document.get('error')}", source, "complete", repr(document.get("complete")))
    responses = []
    for index, entry in enumerate(document.get("requests", [])):
        for page, name in enumerate(entry.get("files", [])):
            path = root / name
            try:
                responses.append(json.loads(path.read_text(encoding="utf-8")))
            except FileNotFoundError:
                raise _core.InputError("the file it lists is missing", source, f"requests[{index}].files[{page}]",
                                       name) from None
    return responses

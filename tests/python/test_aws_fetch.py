"""costmodel.aws: the daily rate's GetCostAndUsage requests, and the fetch that sends them — against a
moto server on 127.0.0.1 (the conftest fixtures moto_server and cost_explorer) for pages and saving,
and against botocore's Stubber for throttling, so the backoff runs without a real sleep."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from hypothesis import given
from hypothesis import strategies as st
from botocore.validate import ParamValidator

import costmodel
from costmodel import aws
from costmodel.aws import _cost_explorer
from costmodel.aws._cli import fetch_for_daily_rate

GROUP_BY = [{"Type": "DIMENSION", "Key": "RECORD_TYPE"}, {"Type": "DIMENSION", "Key": "BILLING_ENTITY"}]


def window_request(start: str, end: str, accounts: list[str] | None = None,
                   metric: str = "NetAmortizedCost") -> dict[str, Any]:
    request: dict[str, Any] = {"TimePeriod": {"Start": start, "End": end}, "Granularity": "DAILY",
                               "Metrics": [metric], "GroupBy": GROUP_BY}
    if accounts is not None:
        request["Filter"] = {"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": accounts}}
    return request


def support_request(day: str, next_day: str, accounts: list[str] | None = None) -> dict[str, Any]:
    support = {"Dimensions": {"Key": "RECORD_TYPE", "Values": ["Support"]}}
    filter_ = support if accounts is None else {
        "And": [{"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": accounts}}, support]}
    return {"TimePeriod": {"Start": day, "End": next_day}, "Granularity": "DAILY", "Metrics": ["NetAmortizedCost"],
            "GroupBy": GROUP_BY, "Filter": filter_}


def page(days: list[str], amount: str, token: str | None = None) -> dict[str, Any]:
    """A GetCostAndUsage page grouped by RECORD_TYPE and BILLING_ENTITY: each day one Usage row of
    ``amount`` billed by AWS and one Tax row."""
    results = []
    for day in days:
        after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        results.append({
            "TimePeriod": {"Start": day, "End": after}, "Total": {}, "Estimated": False,
            "Groups": [
                {"Keys": ["Usage", "AWS"], "Metrics": {"NetAmortizedCost": {"Amount": amount, "Unit": "USD"}}},
                {"Keys": ["Tax", "AWS"], "Metrics": {"NetAmortizedCost": {"Amount": "0.1", "Unit": "USD"}}},
            ]})
    response: dict[str, Any] = {"GroupDefinitions": GROUP_BY, "ResultsByTime": results,
                                "DimensionValueAttributes": []}
    if token is not None:
        response["NextPageToken"] = token
    return response


def accounts(count: int) -> list[str]:
    return [f"{100000000000 + i:012d}" for i in range(count)]


# --- the queries --------------------------------------------------------------------------------------


def test_the_contract_example_is_one_request_whose_window_holds_the_support_day() -> None:
    # as of 2025-11-04, offset 2: end = Nov 2 (exclusive), start = Nov 2 − 30 days = Oct 3; the
    # support date Nov 1 (first of the month containing Nov 2) lies in [Oct 3, Nov 2).
    assert aws.daily_rate_queries("2025-11-04") == [window_request("2025-10-03", "2025-11-02")]
    assert aws.daily_rate_queries(dt.date(2025, 11, 4)) == aws.daily_rate_queries("2025-11-04")
    assert aws.support_window("2025-11-04") == (dt.date(2025, 10, 3), dt.date(2025, 11, 2), dt.date(2025, 11, 1))


def test_a_window_that_ends_on_the_first_asks_for_the_support_day_apart() -> None:
    # as of Nov 3: end = Nov 1 (exclusive), so Nov 1 itself, the support date, is not in [Oct 2, Nov 1).
    assert aws.daily_rate_queries("2025-11-03") == [window_request("2025-10-02", "2025-11-01"),
                                                    support_request("2025-11-01", "2025-11-02")]


def test_a_short_window_that_starts_after_the_first_asks_for_the_support_day_apart() -> None:
    # as of Nov 20, window 7: [Nov 11, Nov 18); the support date Nov 1 is before the start.
    assert aws.daily_rate_queries("2025-11-20", window=7) == [window_request("2025-11-11", "2025-11-18"),
                                                              support_request("2025-11-01", "2025-11-02")]


def test_windows_across_the_year_end_and_a_leap_february() -> None:
    # as of 2026-01-02: end Dec 31, start Dec 1 = the support date (first of December): inside.
    assert aws.daily_rate_queries("2026-01-02") == [window_request("2025-12-01", "2025-12-31")]
    # as of 2026-01-03: end Jan 1 2026, start Dec 2 2025; the support date Jan 1 is the (exclusive) end.
    assert aws.daily_rate_queries("2026-01-03") == [window_request("2025-12-02", "2026-01-01"),
                                                    support_request("2026-01-01", "2026-01-02")]
    # as of 2024-03-03: end Mar 1 2024; Mar 1 − 30 days = Jan 31 (February 2024 has 29 days).
    assert aws.daily_rate_queries("2024-03-03") == [window_request("2024-01-31", "2024-03-01"),
                                                    support_request("2024-03-01", "2024-03-02")]
    # offset 0: end = as-of.
    assert aws.daily_rate_queries("2025-11-04", offset=0, window=3) == [window_request("2025-11-01", "2025-11-04")]


def test_the_support_month_reading_changes_the_divisor_not_the_queries() -> None:
    assert aws.daily_rate_queries("2025-11-04", support_month="end") == aws.daily_rate_queries("2025-11-04")
    end = dt.date(2025, 11, 2)
    assert aws.days_in_support_month(end, "previous") == 31  # October
    assert aws.days_in_support_month(end, "end") == 30  # November
    assert aws.days_in_support_month(dt.date(2024, 3, 1), "previous") == 29  # February 2024
    assert aws.days_in_support_month(dt.date(2025, 3, 1), "previous") == 28  # February 2025
    assert aws.days_in_support_month(dt.date(2026, 1, 1), "previous") == 31  # December 2025


def test_accounts_go_100_to_a_request_in_the_order_given() -> None:
    chosen = accounts(250)
    assert aws.daily_rate_queries("2025-11-04", accounts=chosen) == [
        window_request("2025-10-03", "2025-11-02", chosen[0:100]),
        window_request("2025-10-03", "2025-11-02", chosen[100:200]),
        window_request("2025-10-03", "2025-11-02", chosen[200:250]),
    ]
    # With the support day apart, each batch has its pair of requests: 3 batches × 2 = 6.
    assert aws.daily_rate_queries("2025-11-03", accounts=chosen[:150], metric="UnblendedCost") == [
        window_request("2025-10-02", "2025-11-01", chosen[0:100], "UnblendedCost"),
        {**support_request("2025-11-01", "2025-11-02", chosen[0:100]), "Metrics": ["UnblendedCost"]},
        window_request("2025-10-02", "2025-11-01", chosen[100:150], "UnblendedCost"),
        {**support_request("2025-11-01", "2025-11-02", chosen[100:150]), "Metrics": ["UnblendedCost"]},
    ]
    assert len(aws.daily_rate_queries("2025-11-04", accounts=chosen, batch_size=50)) == 5  # 250 / 50


@given(count=st.integers(1, 350), as_of=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
       offset=st.integers(0, 40), window=st.integers(1, 62))
def test_the_batches_cover_the_accounts_once_in_order_and_the_support_day_once(count: int, as_of: dt.date,
                                                                               offset: int, window: int) -> None:
    chosen = accounts(count)
    requests = aws.daily_rate_queries(as_of, offset=offset, window=window, accounts=chosen)
    start, end, support_date = aws.support_window(as_of, offset, window)
    apart = not start <= support_date < end
    batches = -(-count // 100)  # ceil(count / 100)
    assert len(requests) == batches * (2 if apart else 1)
    windows = requests[::2] if apart else requests
    assert [a for r in windows for a in r["Filter"]["Dimensions"]["Values"]] == chosen
    assert all(len(r["Filter"]["Dimensions"]["Values"]) <= 100 for r in windows)
    assert all(r["TimePeriod"] == {"Start": start.isoformat(), "End": end.isoformat()} for r in windows)
    assert (end - start).days == window
    if apart:
        for support in requests[1::2]:
            assert support["TimePeriod"]["Start"] == support_date.isoformat()
            assert support["Filter"]["And"][1] == {"Dimensions": {"Key": "RECORD_TYPE", "Values": ["Support"]}}


def test_every_request_is_valid_input_for_boto3s_get_cost_and_usage() -> None:
    model = boto3.Session(region_name="us-east-1").client(
        "ce", aws_access_key_id="testing", aws_secret_access_key="testing").meta.service_model
    shape = model.operation_model("GetCostAndUsage").input_shape
    requests = aws.daily_rate_queries("2025-11-03", accounts=accounts(101)) + aws.daily_rate_queries("2025-11-04")
    for request in requests:
        report = ParamValidator().validate(request, shape)
        assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize(("arguments", "path", "value", "message"), [
    ({"as_of": "2025-13-01"}, "as_of", "'2025-13-01'", "expected a date as YYYY-MM-DD"),
    ({"as_of": dt.datetime(2025, 11, 4, 12)}, "as_of", "2025-11-04 12:00:00", "not a datetime"),
    ({"as_of": "0001-01-02"}, "as_of", "0001-01-02", "put the window before year 1"),
    ({"offset": -1}, "offset", "-1", "must be at least 0"),
    ({"window": 0}, "window", "0", "must be at least 1"),
    ({"window": 30.0}, "window", "30.0", "expected a whole number of days"),
    ({"batch_size": 101}, "batch_size", "101", "at most 100"),
    ({"metric": "NetAmortisedCost"}, "metric", "'NetAmortisedCost'", "did you mean 'NetAmortizedCost'?"),
    ({"support_month": "prev"}, "support_month", "'prev'", "did you mean 'previous'?"),
    ({"accounts": "111111111111"}, "accounts", "'111111111111'", "not one string"),
    ({"accounts": []}, "accounts", "[]", "is empty"),
    ({"accounts": ["111111111111", 222222222222]}, "accounts[1]", "222222222222", "as a string of 12 digits"),
    ({"accounts": ["11111111111"]}, "accounts[0]", "'11111111111'", "an account ID of 12 digits"),
    ({"accounts": ["111111111111", "222222222222", "111111111111"]}, "accounts[2]", "111111111111",
     "appears twice (also accounts[0])"),
])
def test_wrong_arguments_name_the_argument_and_value(arguments: dict[str, Any], path: str, value: str,
                                                     message: str) -> None:
    as_of = arguments.pop("as_of", "2025-11-04")
    with pytest.raises(costmodel.InputError) as raised:
        aws.daily_rate_queries(as_of, **arguments)
    assert (raised.value.source, raised.value.path, raised.value.value) == ("<daily_rate_queries arguments>", path,
                                                                          value)
    assert message in raised.value.message


# --- the fetch against moto ---------------------------------------------------------------------------


def test_the_fetch_follows_next_page_token_to_the_last_page(cost_explorer) -> None:
    pages = [page(["2025-10-03", "2025-10-04"], "10.25", token="page-2"),
             page(["2025-10-05"], "3.5", token="page-3"),
             page(["2025-10-06"], "0.0000000001")]
    cost_explorer.queue(*pages)
    request = window_request("2025-10-03", "2025-10-07")
    result = aws.fetch_cost_and_usage([request], endpoint_url=cost_explorer.endpoint_url)
    assert result.responses == pages  # amounts come back as the strings moto was given
    assert (result.pages, result.requests, result.throttled, result.delays) == ([3], 3, 0, [])
    assert result.cost == Decimal("0.03")  # 3 requests × USD 0.01
    assert all(result.request_ids)
    assert (result.files, result.manifest) == ([], None)
    # What the server was sent: the request, then the request with each page's token.
    assert cost_explorer.request_bodies() == [request, {**request, "NextPageToken": "page-2"},
                                              {**request, "NextPageToken": "page-3"}]


def test_batched_daily_rate_queries_fetched_and_saved_round_trip(cost_explorer, tmp_path) -> None:
    chosen = accounts(150)
    requests = aws.daily_rate_queries("2025-11-03", accounts=chosen)
    assert len(requests) == 4  # (window, support day) × 2 batches
    first_batch = [page(["2025-10-02"], "100", token="more"), page(["2025-10-03"], "200")]
    support = {"GroupDefinitions": GROUP_BY, "DimensionValueAttributes": [], "ResultsByTime": [{
        "TimePeriod": {"Start": "2025-11-01", "End": "2025-11-02"}, "Total": {}, "Estimated": True,
        "Groups": [{"Keys": ["Support", "AWS"], "Metrics": {"NetAmortizedCost": {"Amount": "15000", "Unit": "USD"}}}]}]}
    second_batch = page(["2025-10-02"], "7")
    # Queued in the order the fetch sends: batch 1's window (2 pages), its support day, batch 2's.
    cost_explorer.queue(*first_batch, support, second_batch, support)
    result = aws.fetch_cost_and_usage(requests, endpoint_url=cost_explorer.endpoint_url, save=tmp_path / "saved")
    assert result.responses == [*first_batch, support, second_batch, support]
    assert (result.pages, result.requests, result.cost) == ([2, 1, 1, 1], 5, Decimal("0.05"))
    bodies = cost_explorer.request_bodies()
    assert bodies == [requests[0], {**requests[0], "NextPageToken": "more"}, requests[1], requests[2], requests[3]]
    assert bodies[0]["Filter"]["Dimensions"]["Values"] == chosen[:100]
    assert bodies[3]["Filter"]["Dimensions"]["Values"] == chosen[100:]

    folder = tmp_path / "saved"
    names = ["response-000-page-000.json", "response-000-page-001.json", "response-001-page-000.json",
             "response-002-page-000.json", "response-003-page-000.json"]
    assert result.files == [folder / name for name in names]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "manifest.json"])  # no temporary left
    assert [json.loads(p.read_text()) for p in result.files] == result.responses
    assert aws.load_saved(folder) == result.responses
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["error"] is None
    assert [entry["request"] for entry in manifest["requests"]] == requests
    assert [entry["files"] for entry in manifest["requests"]] == [names[:2], names[2:3], names[3:4], names[4:]]
    assert manifest["requests_answered"] == 5
    assert manifest["cost"] == {"amount": "0.05", "unit": "USD", "price_per_request": "0.01"}


def test_saving_into_a_folder_that_holds_a_fetch_is_refused(cost_explorer, tmp_path) -> None:
    cost_explorer.queue(page(["2025-10-03"], "1"))
    aws.fetch_cost_and_usage([window_request("2025-10-03", "2025-10-04")], endpoint_url=cost_explorer.endpoint_url,
                             save=tmp_path)
    with pytest.raises(costmodel.InputError) as raised:
        aws.fetch_cost_and_usage([window_request("2025-10-03", "2025-10-04")],
                                 endpoint_url=cost_explorer.endpoint_url, save=tmp_path)
    assert (raised.value.path, raised.value.value) == ("save", str(tmp_path))
    assert "already holds a fetch (manifest.json)" in raised.value.message


def test_the_command_fetch_reads_the_profile_and_reports_requests_and_cost(cost_explorer, tmp_path,
                                                                            monkeypatch) -> None:
    # A named profile with dummy keys, in config files of the test's own.
    (tmp_path / "credentials").write_text("[audit]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    (tmp_path / "config").write_text("[profile audit]\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.delenv("AWS_SESSION_TOKEN")
    pages = [page(["2025-10-02"], "5", token="next"), page(["2025-10-03"], "6"), page([], "0")]
    cost_explorer.queue(*pages)
    args = argparse.Namespace(profile="audit", as_of=None, offset=None, window=None,
                              accounts="100000000000, 100000000001", metric=None, support_month=None,
                              save=str(tmp_path / "run"), endpoint_url=cost_explorer.endpoint_url)
    responses, report = fetch_for_daily_rate(args, today=dt.date(2025, 11, 3))
    assert args.as_of == "2025-11-03"  # the day fetched, for the command to compute the rate with
    assert responses == pages
    assert report == (f"Cost Explorer (profile audit): 3 requests (2 queries, 1 more page) at USD 0.01 each: "
                      f"USD 0.03; 3 responses saved in {tmp_path / 'run'} (listed in manifest.json)")
    sent = cost_explorer.request_bodies()
    assert sent[0] == window_request("2025-10-02", "2025-11-01", ["100000000000", "100000000001"])
    assert sent[2] == support_request("2025-11-01", "2025-11-02", ["100000000000", "100000000001"])


@pytest.mark.parametrize(("options", "path", "value"), [
    ({"accounts": "100000000000,,100000000001"}, "--accounts[1]", "100000000000,,100000000001"),
    ({"accounts": "100000000000,12"}, "--accounts[1]", "'12'"),
    ({"metric": "Unblended"}, "--metric", "'Unblended'"),
    ({"window": 0}, "--window", "0"),
    ({"as_of": "11/04/2025"}, "--as-of", "'11/04/2025'"),
])
def test_the_command_fetch_names_the_option_that_is_wrong(options: dict[str, Any], path: str, value: str) -> None:
    args = argparse.Namespace(**{"as_of": "2025-11-04", **options})
    with pytest.raises(costmodel.InputError) as raised:
        fetch_for_daily_rate(args, session=object())  # refused before any client is made
    assert (raised.value.source, raised.value.path, raised.value.value) == ("<command line>", path, value)


# --- throttling, with botocore's Stubber ------------------------------------------------------------


class StubbedSession:
    """Hands out one real boto3 Cost Explorer client whose answers a Stubber gives."""

    def __init__(self) -> None:
        self.client_ = boto3.Session(region_name="us-east-1").client(
            "ce", aws_access_key_id="testing", aws_secret_access_key="testing", endpoint_url="http://127.0.0.1:9")
        self.stubber = Stubber(self.client_)
        self.client_arguments: dict[str, Any] = {}

    def client(self, name: str, **arguments: Any) -> Any:
        assert name == "ce"
        self.client_arguments = arguments
        return self.client_


class Clock:
    def __init__(self, draws: list[float]) -> None:
        self.draws = list(draws)
        self.slept: list[float] = []

    def rng(self) -> float:
        return self.draws.pop(0)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


OK = {"ResultsByTime": [], "GroupDefinitions": GROUP_BY}


def test_throttling_backs_off_exponentially_with_full_jitter() -> None:
    session = StubbedSession()
    request = window_request("2025-10-03", "2025-11-02")
    for code in ("ThrottlingException", "LimitExceededException", "ThrottlingException"):
        session.stubber.add_client_error("get_cost_and_usage", service_error_code=code, http_status_code=400,
                                         expected_params=request)
    session.stubber.add_response("get_cost_and_usage", OK, expected_params=request)
    clock = Clock([0.1, 0.9, 0.5])
    with session.stubber:
        result = aws.fetch_cost_and_usage([request], session=session, sleep=clock.sleep, rng=clock.rng)
    session.stubber.assert_no_pending_responses()
    # Retry n waits rng × 0.5 × 2^(n−1): 0.1 × 0.5 = 0.05, 0.9 × 1 = 0.9, 0.5 × 2 = 1.0.
    assert clock.slept == result.delays == [0.05, 0.9, 1.0]
    assert (result.requests, result.throttled, result.cost) == (1, 3, Decimal("0.01"))
    # botocore's own retries are off, so every attempt is one of ours.
    assert session.client_arguments["config"].retries == {"total_max_attempts": 1}


def test_the_delay_is_capped_at_max_delay() -> None:
    session = StubbedSession()
    for _ in range(5):
        session.stubber.add_client_error("get_cost_and_usage", service_error_code="ThrottlingException")
    session.stubber.add_response("get_cost_and_usage", OK)
    clock = Clock([0.5] * 5)
    with session.stubber:
        aws.fetch_cost_and_usage([window_request("2025-10-03", "2025-11-02")], session=session, base_delay=0.5,
                                 max_delay=2, sleep=clock.sleep, rng=clock.rng)
    # 0.5 × min(2, 0.5 × 2^(n−1)) for n = 1..5: min(2, 0.5, 1, 2, 4, 8) → 0.25, 0.5, 1, 1, 1.
    assert clock.slept == [0.25, 0.5, 1.0, 1.0, 1.0]


def test_still_throttled_after_max_attempts_is_a_clear_error(tmp_path) -> None:
    session = StubbedSession()
    session.stubber.add_response("get_cost_and_usage", OK)
    for _ in range(3):
        session.stubber.add_client_error("get_cost_and_usage", service_error_code="ThrottlingException",
                                         service_message="Rate exceeded")
    clock = Clock([1 / 2, 1 / 4])
    requests = [window_request("2025-10-03", "2025-11-02"), window_request("2025-11-01", "2025-11-02")]
    with session.stubber, pytest.raises(aws.FetchError) as raised:
        aws.fetch_cost_and_usage(requests, session=session, max_attempts=3, save=tmp_path, sleep=clock.sleep,
                                 rng=clock.rng)
    error = raised.value
    assert (error.request, error.page, error.code, error.attempts, error.requests) == (1, 0, "ThrottlingException",
                                                                                       3, 1)
    assert str(error).startswith("GetCostAndUsage request 1 of 2 (page 0) still refused with ThrottlingException "
                                 "after 3 attempts: ")
    assert "Rate exceeded" in str(error) and "1 requests answered before it, USD 0.01" in str(error)
    assert clock.slept == [0.25, 0.25]  # 1/2 × 0.5, 1/4 × 1; no sleep after the last attempt
    # The first request's page is kept; the manifest says the fetch did not finish, and a re-run refuses it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "response-000-page-000.json"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["complete"] is False and "still refused" in manifest["error"]
    with pytest.raises(costmodel.InputError) as refused:
        aws.load_saved(tmp_path)
    assert (refused.value.path, refused.value.value) == ("complete", "False")


def test_access_denied_is_final_at_once_and_names_the_permission() -> None:
    session = StubbedSession()
    session.stubber.add_client_error("get_cost_and_usage", service_error_code="AccessDeniedException",
                                     service_message="not authorized", http_status_code=400)
    clock = Clock([])
    with session.stubber, pytest.raises(aws.FetchError) as raised:
        aws.fetch_cost_and_usage([window_request("2025-10-03", "2025-11-02")], session=session, sleep=clock.sleep,
                                 rng=clock.rng)
    assert (raised.value.code, raised.value.attempts, clock.slept) == ("AccessDeniedException", 1, [])
    assert "ce:GetCostAndUsage" in str(raised.value)


# --- saving, and bad requests ---------------------------------------------------------------------


def test_a_write_that_fails_half_way_leaves_no_file(tmp_path, monkeypatch) -> None:
    def broken_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_cost_explorer.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        _cost_explorer.write_atomically(tmp_path / "response-000-page-000.json", json.dumps(page(["2025-10-03"], "1")))
    assert list(tmp_path.iterdir()) == []


def test_a_write_replaces_the_file_whole(tmp_path) -> None:
    target = tmp_path / "a.json"
    _cost_explorer.write_atomically(target, "first\n")
    _cost_explorer.write_atomically(target, "second\n")
    assert target.read_text() == "second\n" and os.listdir(tmp_path) == ["a.json"]


@pytest.mark.parametrize(("requests", "path", "message"), [
    ({"TimePeriod": {}}, "requests", "expected a list"),
    (["x"], "requests[0]", "expected a GetCostAndUsage request dict"),
    ([{"TimePeriod": {}, "Metrics": ["UnblendedCost"]}], "requests[0]", "has no Granularity"),
    ([{**window_request("2025-10-03", "2025-11-02"), "NextPageToken": "t"}], "requests[0].NextPageToken",
     "follows pages itself"),
])
def test_bad_requests_are_refused_before_anything_is_sent(requests: Any, path: str, message: str) -> None:
    with pytest.raises(costmodel.InputError) as raised:
        aws.fetch_cost_and_usage(requests, session=object())
    assert raised.value.path == path and message in raised.value.message


def test_bad_fetch_options_are_refused() -> None:
    with pytest.raises(costmodel.InputError) as raised:
        aws.fetch_cost_and_usage([], max_attempts=0)
    assert (raised.value.path, raised.value.value) == ("max_attempts", "0")
    with pytest.raises(costmodel.InputError) as raised:
        aws.fetch_cost_and_usage([], base_delay=-1)
    assert raised.value.path == "base_delay"
    result = aws.fetch_cost_and_usage([], session=object())  # nothing to send: no client, no cost
    assert (result.requests, result.cost, result.responses) == (0, Decimal("0.00"), [])


def test_load_saved_names_what_is_wrong_with_the_folder(tmp_path) -> None:
    with pytest.raises(costmodel.InputError) as raised:
        aws.load_saved(tmp_path)
    assert raised.value.source == str(tmp_path / "manifest.json") and "no manifest" in raised.value.message
    (tmp_path / "manifest.json").write_text('{"format": "something/else"}')
    with pytest.raises(costmodel.InputError) as raised:
        aws.load_saved(tmp_path)
    assert (raised.value.path, raised.value.value) == ("format", "'something/else'")


def test_the_docstring_examples_run() -> None:
    import doctest

    from costmodel.aws import _queries

    for module in (aws, _queries):
        failures, tried = doctest.testmod(module, raise_on_error=False, verbose=False)  # type: ignore[arg-type]
        assert tried > 0 and failures == 0, module.__name__


def test_daily_rate_command_live_gives_the_figures_of_the_saved_responses(cost_explorer, tmp_path, capsys) -> None:
    # The seed's example as three pages from the moto server: the live command follows the pages,
    # reports one query and two more pages (3 requests, USD 0.03), saves them, and prints what the
    # same responses give read from files: the seed's $14,758.07 and $5,386,695.55 (console rounding).
    import json
    from pathlib import Path

    from costmodel import cli

    examples = sorted((Path(__file__).resolve().parents[2] / "examples" / "seed-003").glob("page-*.json"))
    cost_explorer.queue(*[json.loads(p.read_text()) for p in examples])
    saved = tmp_path / "run"
    common = ["--as-of", "2025-11-04", "--rounding", "console", "--format", "json"]
    assert cli.main(["daily-rate", "--endpoint-url", cost_explorer.endpoint_url, "--save", str(saved), *common]) == 0
    live = capsys.readouterr()
    assert "3 requests (1 query, 2 more pages) at USD 0.01 each: USD 0.03" in live.err
    assert cli.main(["daily-rate", *map(str, examples), *common]) == 0
    from_files = capsys.readouterr()
    assert json.loads(live.out) == json.loads(from_files.out)
    figures = json.loads(live.out)
    assert (figures["daily_rate"], figures["annual_projection"]) == ("14758.07", "5386695.55")
    # The saved responses price the same again, offline.
    assert cli.main(["daily-rate", *map(str, sorted(saved.glob("response-*.json"))), *common]) == 0
    assert json.loads(capsys.readouterr().out) == figures


def test_daily_rate_command_refuses_files_and_live_together(tmp_path, capsys) -> None:
    from costmodel import cli

    assert cli.main(["daily-rate", "a.json", "--profile", "audit", "--as-of", "2025-11-04"]) == 2
    assert "give response files or --profile (live), not both" in capsys.readouterr().err
    assert cli.main(["daily-rate", "--as-of", "2025-11-04"]) == 2
    assert "give GetCostAndUsage response files, or --profile to fetch them" in capsys.readouterr().err
    assert cli.main(["daily-rate", "a.json", "--save", str(tmp_path), "--as-of", "2025-11-04"]) == 2
    assert "--save keeps fetched responses: it needs --profile" in capsys.readouterr().err

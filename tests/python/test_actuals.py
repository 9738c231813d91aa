"""Cost Explorer responses and the daily rate from Python and the CLI: the seed's example (both
roundings, both support-month readings), boto3-style dicts, Arrow/pandas, input errors, and a
property test against a plain Python decimal computation."""

from __future__ import annotations

import calendar
import datetime
import json
import os
import pathlib
import subprocess
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "examples" / "seed-003").glob("page-*.json"))
DATA = ROOT / "tests" / "data" / "cost-explorer"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, env=env, timeout=120)


# ------------------------------------------------------------------------------------------ the seed


def test_the_seeds_example_with_console_rounding_gives_its_figures():
    r = costmodel.daily_rate(SEED, as_of="2025-11-04", rounding="console")
    assert (r.start, r.end) == (datetime.date(2025, 10, 3), datetime.date(2025, 11, 2))
    assert r.operational == Decimal("450000.00")
    assert (r.support_date, r.days_in_support_month, r.support_month) == (datetime.date(2025, 11, 1), 31, "2025-10")
    assert r.daily_operational == Decimal("14516.13")  # 450,000 / 31 = 14,516.129...
    assert r.support_per_day == Decimal("241.94")  # 15,000 / 2 / 31 = 241.935...
    assert r.daily_rate == Decimal("14758.07")
    assert r.annual_projection == Decimal("5386695.55")  # 14,758.07 × 365; the seed prints $5,386,695
    assert r.estimated_days == (datetime.date(2025, 10, 31), datetime.date(2025, 11, 1))
    assert r.missing_days == ()


def test_the_seeds_example_exact_and_with_the_seeds_literal_support_month():
    exact = costmodel.daily_rate(SEED, as_of="2025-11-04")
    assert exact.daily_rate == Decimal("14758.0645161290")  # 457,500 / 31
    assert exact.annual_projection == Decimal("5386693.5483870968")  # 457,500 × 365 / 31
    literal = costmodel.daily_rate(SEED, as_of=datetime.date(2025, 11, 4), support_month="end", rounding="console")
    assert literal.days_in_support_month == 30  # November, the month containing 2025-11-02
    assert (literal.daily_rate, literal.annual_projection) == (Decimal("15250.00"), Decimal("5566250.00"))


def test_cli_prints_the_seeds_figures_and_warns_of_estimated_days():
    done = cli("daily-rate", *map(str, SEED), "--as-of", "2025-11-04", "--rounding", "console")
    assert done.returncode == 0, done.stderr
    assert "14,758.07" in done.stdout and "5,386,695.55" in done.stdout
    assert "2025-10-03 to 2025-11-02 (exclusive)" in done.stdout
    assert "estimated days: 2025-10-31, 2025-11-01" in done.stdout
    assert "warning: 2 day(s) of the data are estimated" in done.stderr


def test_cli_takes_the_seed_tools_flags_and_writes_the_contracts_json():
    done = cli("daily-rate", *map(str, SEED), "--start-date", "2025-11-04", "--offset", "2", "--window", "30", "--json-output")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert list(document)[:15] == ["start", "end", "days_in_window", "operational", "support_date", "days_in_support_month",
                                   "support_cost", "support_share", "daily_operational", "support_per_day", "daily_rate",
                                   "annual_projection", "currency", "estimated_days", "missing_days"]
    assert document["daily_rate"] == "14758.064516129"  # exact rounding: 457,500 / 31 to 10 digits, trailing zero dropped
    assert document["operational"] == "450000"
    assert document["estimated_days"] == ["2025-10-31", "2025-11-01"]


def test_cli_errors_exit_2_naming_the_file_and_path(tmp_path: pathlib.Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-01", "End": "2025-10-02"}, "Total": '
                   '{"UnblendedCost": {"Amount": "ten", "Unit": "USD"}}}]}')
    done = cli("daily-rate", str(bad), "--as-of", "2025-10-05")
    assert done.returncode == 2
    assert f"{bad}: ResultsByTime[0].Total.UnblendedCost.Amount: expected a decimal number" in done.stderr


# ------------------------------------------------------------------------------------------ the table


def test_dicts_read_as_files_do_and_tables_go_to_pandas():
    from_files = costmodel.read_cost_explorer(SEED)
    from_dicts = costmodel.read_cost_explorer([json.loads(p.read_text()) for p in SEED])
    assert from_files == from_dicts
    assert from_files.num_rows == 242  # 30 days × 4 groups × 2 metrics + the Support group × 2
    frame = from_files.to_pandas()
    assert list(frame.columns) == ["date", "end", "granularity", "RECORD_TYPE", "BILLING_ENTITY", "metric", "amount", "unit",
                                   "estimated"]
    rate = costmodel.daily_rate(from_files, as_of="2025-11-04", rounding="console")
    assert rate.daily_rate == Decimal("14758.07")


def test_boto3_dicts_with_response_metadata_and_a_float_refused():
    response = json.loads(SEED[0].read_text())
    response["ResponseMetadata"] = {"RequestId": "x", "HTTPStatusCode": 200, "HTTPHeaders": {"date": "Tue"}, "RetryAttempts": 0}
    assert costmodel.read_cost_explorer(response).num_rows == 80
    response["ResultsByTime"][0]["Groups"][0]["Metrics"]["NetAmortizedCost"]["Amount"] = -40.0
    with pytest.raises(TypeError, match=r"ResultsByTime\[0\]\.Groups\[0\]\.Metrics\.NetAmortizedCost\.Amount: float -40.0"):
        costmodel.read_cost_explorer(response)


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [
        ({"GroupDefinitions": []}, "ResultsByTime", "missing required key"),
        ({"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-02", "End": "2025-10-01"}}]}, "ResultsByTime[0].TimePeriod.End",
         "is not after Start"),
        ({"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-01", "End": "2025-10-02"},
                             "Total": {"UnblendedCost": {"Amount": "1", "Unit": "USD"},
                                       "NetUnblendedCost": {"Amount": "1", "Unit": "GBP"}}}]},
         "ResultsByTime[0].Total.NetUnblendedCost.Unit", "several currencies"),
        ({"ResultsByTime": [], "NextPageTokn": "x"}, "NextPageTokn", 'did you mean "NextPageToken"'),
    ],
)
def test_malformed_dicts_are_input_errors(document, path, message):
    with pytest.raises(costmodel.InputError, match=message) as caught:
        costmodel.read_cost_explorer([document])
    assert (caught.value.source, caught.value.path) == ("<cost explorer dict 0>", path)


def test_not_json_and_a_page_with_other_group_definitions(tmp_path: pathlib.Path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(costmodel.InputError, match="invalid JSON") as caught:
        costmodel.read_cost_explorer(broken)
    assert caught.value.source == str(broken)
    other = json.loads(SEED[1].read_text())
    other["GroupDefinitions"] = [{"Type": "DIMENSION", "Key": "RECORD_TYPE"}]
    with pytest.raises(costmodel.InputError, match="same GroupDefinitions") as caught:
        costmodel.read_cost_explorer([SEED[0], other])
    assert (caught.value.source, caught.value.path) == ("<cost explorer dict 1>", "GroupDefinitions")


def test_daily_rate_errors_name_the_inputs():
    with pytest.raises(costmodel.InputError, match="no data in the window") as caught:
        costmodel.daily_rate(SEED, as_of="2026-06-01")
    assert caught.value.source.endswith("page-1.json, " + str(SEED[1]) + ", " + str(SEED[2]))
    assert caught.value.path == "as_of"
    with pytest.raises(costmodel.InputError, match="an empty window"):
        costmodel.daily_rate(SEED, as_of="2025-11-04", window=0)
    with pytest.raises(costmodel.InputError, match="expected exact or console"):
        costmodel.daily_rate(SEED, as_of="2025-11-04", rounding="cents")


def test_result_repr_and_to_dict():
    r = costmodel.daily_rate(SEED, as_of="2025-11-04", rounding="console")
    text = repr(r)
    assert "daily rate" in text and "14,758.07" in text and "warning: 2 day(s)" in text
    assert r.to_dict()["annual_projection"] == "5386695.55"


# ------------------------------------------------------------------------------ property: the rate is decimal arithmetic

RECORD_TYPES = ["Usage", "Tax", "Support", "Credit"]
ENTITIES = ["AWS", "AWS Marketplace"]
ACCOUNTS = ["111", "222"]
amounts = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("100000"), places=10, allow_nan=False, allow_infinity=False)


@st.composite
def responses(draw):
    first = datetime.date(2024, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 800)))
    days = draw(st.integers(1, 75))
    rows = []  # (day, record type, entity, account, amount)
    results = []
    for i in range(days):
        d = first + datetime.timedelta(days=i)
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing day
        groups = []
        for rt in RECORD_TYPES:
            for entity in ENTITIES:
                for account in ACCOUNTS:
                    if draw(st.booleans()):
                        amount = draw(amounts)
                        rows.append((d, rt, entity, account, amount))
                        groups.append({"Keys": [rt, entity, account],
                                       "Metrics": {"NetAmortizedCost": {"Amount": format(amount, "f"), "Unit": "USD"}}})
        results.append({"TimePeriod": {"Start": d.isoformat(), "End": (d + datetime.timedelta(days=1)).isoformat()},
                        "Total": {}, "Groups": groups, "Estimated": False})
    definitions = [{"Type": "DIMENSION", "Key": k} for k in ("RECORD_TYPE", "BILLING_ENTITY", "LINKED_ACCOUNT")]
    return first, days, rows, {"GroupDefinitions": definitions, "ResultsByTime": results}


def reference(rows, as_of, offset, window, share, accounts, rounding, support_month):
    end = as_of - datetime.timedelta(days=offset)
    start = end - datetime.timedelta(days=window)
    support_date = end.replace(day=1)
    month = (support_date - datetime.timedelta(days=1)) if support_month == "previous" else end
    days = calendar.monthrange(month.year, month.month)[1]
    chosen = set(accounts) if accounts else set(ACCOUNTS)
    op = sum((a for d, rt, e, acc, a in rows if start <= d < end and rt not in ("Tax", "Support") and e == "AWS" and acc in chosen),
             Decimal(0))
    sup = sum((a for d, rt, e, acc, a in rows if d == support_date and rt == "Support" and acc in chosen), Decimal(0))
    with localcontext() as ctx:
        ctx.prec = 100
        ten = Decimal("1e-10")
        if rounding == "console":
            daily_op = (op / days).quantize(Decimal("0.01"), ROUND_HALF_UP)
            per_day = (sup * share / days).quantize(Decimal("0.01"), ROUND_HALF_UP)
            rate = daily_op + per_day
            return daily_op, per_day, rate, rate * 365
        return ((op / days).quantize(ten, ROUND_HALF_EVEN), (sup * share / days).quantize(ten, ROUND_HALF_EVEN),
                ((op + sup * share) / days).quantize(ten, ROUND_HALF_EVEN),
                ((op + sup * share) * 365 / days).quantize(ten, ROUND_HALF_EVEN))


@settings(max_examples=60)
@given(data=responses(), offset=st.integers(0, 5), window=st.integers(1, 60), back=st.integers(0, 80),
       share=st.decimals(min_value=0, max_value=1, places=4), accounts=st.sampled_from([None, ["111"], ["222"]]),
       rounding=st.sampled_from(["exact", "console"]), support_month=st.sampled_from(["previous", "end"]))
def test_rate_equals_a_plain_decimal_computation(data, offset, window, back, share, accounts, rounding, support_month):
    first, days, rows, response = data
    as_of = first + datetime.timedelta(days=back)
    try:
        r = costmodel.daily_rate(response, as_of=as_of, offset=offset, window=window, support_share=share, accounts=accounts,
                                 rounding=rounding, support_month=support_month)
    except costmodel.InputError as error:
        # Only a window without any data is refused.
        assert "no data in the window" in str(error) or "have no NetAmortizedCost" in str(error)
        end = as_of - datetime.timedelta(days=offset)
        assert not any(end - datetime.timedelta(days=window) <= d < end for d, *_ in rows)
        return
    expected = reference(rows, as_of, offset, window, share, accounts, rounding, support_month)
    assert (r.daily_operational, r.support_per_day, r.daily_rate, r.annual_projection) == expected


def test_daily_rate_series_equals_the_rate_day_by_day_and_plots() -> None:
    import glob

    pages = sorted(glob.glob(str(ROOT / "examples" / "seed-003" / "*.json")))
    series = costmodel.daily_rate_series(pages, first="2025-11-03", last="2025-11-06", rounding="console")
    assert len(series) == 4
    rates = series.table.column("daily_rate")
    for as_of, rate in zip(series.table.column("as_of"), rates):
        assert rate == costmodel.daily_rate(pages, as_of=as_of, rounding="console").daily_rate
    assert rates[1] == Decimal("14758.07")  # as of 2025-11-04: the seed's figure under console rounding
    ax = series.plot()
    assert ax.get_title() == "Daily rate and annual projection by as-of day"
    with pytest.raises(costmodel.InputError) as raised:
        costmodel.daily_rate_series(pages, first="2025-11-06", last="2025-11-03")
    assert raised.value.path == "through"


def test_daily_rate_command_through_lists_every_as_of_day(capsys) -> None:
    import glob
    import json

    from costmodel import cli

    pages = sorted(glob.glob(str(ROOT / "examples" / "seed-003" / "*.json")))
    assert cli.main(["daily-rate", *pages, "--as-of", "2025-11-04", "--through", "2025-11-05", "--rounding", "console",
                     "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["as_of"] for r in rows] == ["2025-11-04", "2025-11-05"]
    assert rows[0]["daily_rate"] == "14758.07" and rows[0]["annual_projection"] == "5386695.55"


def test_operational_trend_fits_a_line_to_the_days_and_plots() -> None:
    # The seed's example: 30 days whose operational costs sum to 450,000.00; the fitted line's mean over
    # the days is the mean cost, 15,000 a day (a least-squares line passes through the means).
    trend = costmodel.operational_trend(SEED, first="2025-10-03", last="2025-11-01")
    assert trend.days == 30
    fitted = trend.table.column("trend")
    assert abs(sum(float(v) for v in fitted) / 30 - 15000.0) < 1e-3
    exact = [v for v in trend.table.column("operational") if v is not None]
    assert sum(exact, Decimal(0)) == Decimal("450000.00")  # the days' costs stay exact beside the estimate
    assert all(lo <= f <= up for lo, f, up in zip(trend.table.column("lower"), fitted, trend.table.column("upper")))
    assert "estimate" in trend.plot().get_title()
    with pytest.raises(costmodel.InputError) as raised:
        costmodel.operational_trend(SEED, first="2025-11-05", last="2025-11-10")
    assert raised.value.path == "first"


def test_daily_rate_command_says_why_console_and_exact_differ() -> None:
    done = cli("daily-rate", *map(str, SEED), "--as-of", "2025-11-04", "--rounding", "console")
    assert done.returncode == 0, done.stderr
    assert ("console rounding (the seed's) gives 14,758.07 a day and 5,386,695.55 a year; exact, 14,758.06 and "
            "5,386,693.55. They differ because console rounding rounds the daily operational cost and the support per day "
            "to cents before adding them") in " ".join(done.stdout.split())
    exact = cli("daily-rate", *map(str, SEED), "--as-of", "2025-11-04")
    assert "They differ because" in exact.stdout and "14,758.06" in exact.stdout

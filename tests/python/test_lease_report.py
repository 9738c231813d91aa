"""Lease cost reports: costmodel.lease_report(s) against a pure-Python decimal computation on random
batched data, the contract's keys, the input errors, the command `costmodel lease-report`, and the
final-cost forecast."""

from __future__ import annotations

import datetime
import json
import pathlib
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import costmodel
from costmodel import cli
from costmodel.leases import Forecast, forecast_final_cost

CONTRACT_KEYS = ["leaseId", "accountId", "totalCost", "budget", "overBudget", "variance", "variancePercent", "duration",
                 "costPerDay", "dailyCosts", "topServices", "topRegions", "currency", "status", "estimatedDays"]


def response(dimensions: list[str], groups: list[tuple[str, list[str], str]], *, unit: str = "USD",
             estimated: tuple[str, ...] = (), metric: str = "UnblendedCost") -> dict:
    """A DAILY GetCostAndUsage response grouped by `dimensions`: groups are (day, keys, amount)."""
    days: dict[str, list] = {}
    for day, keys, amount in groups:
        days.setdefault(day, []).append({"Keys": keys, "Metrics": {metric: {"Amount": amount, "Unit": unit}}})
    results = []
    for day, items in days.items():
        end = (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()
        results.append({"TimePeriod": {"Start": day, "End": end}, "Total": {}, "Groups": items, "Estimated": day in estimated})
    return {"GroupDefinitions": [{"Type": "DIMENSION", "Key": k} for k in dimensions], "ResultsByTime": results}


def seed_response() -> dict:
    # The seed's unit test: one group of 100.00.
    return response(["SERVICE", "REGION"], [("2025-01-01", ["Amazon EC2", "us-east-1"], "100.00")])


# ------------------------------------------------------------------------------------------ one lease


def test_the_seeds_unit_test_figures_and_the_contract_keys():
    r = costmodel.lease_report(seed_response(), lease_id="lease-1", account_id="123456789012", budget="150")
    d = r.to_dict()
    assert list(d) == CONTRACT_KEYS
    assert d["totalCost"] == "100.00"
    assert d["overBudget"] is False
    assert d["variance"] == "-50.00"        # 100 − 150
    assert d["variancePercent"] == "-33.3"  # −50 ÷ 150 × 100 = −33.33…
    assert d["status"] == "compliant"
    assert d["duration"] == 1 and d["costPerDay"] == "100.00"
    assert d["currency"] == "USD"
    assert d["dailyCosts"] == [{"date": "2025-01-01", "cost": "100.00"}]
    # The exact figures beside the document.
    assert r.total == Decimal("100") and r.variance == Decimal("-50") and r.budget == Decimal("150")
    assert r.first == r.last == datetime.date(2025, 1, 1)  # the data's days, none given
    assert json.loads(r.to_json()) == d
    assert "lease-1" in repr(r) and "-50.00" in repr(r) and "<table>" in r._repr_html_()
    assert r.services.column("service") == ["Amazon EC2"]


def test_a_lease_over_a_year_end_counts_four_days_from_json_text_and_paths(tmp_path: pathlib.Path):
    groups = [(d, ["EC2", "us-east-1"], a) for d, a in
              [("2024-12-29", "99"), ("2024-12-30", "1.10"), ("2024-12-31", "2.20"), ("2025-01-01", "3.30"),
               ("2025-01-02", "4.40"), ("2025-01-03", "99")]]
    text = json.dumps(response(["SERVICE", "REGION"], groups, estimated=("2025-01-02",)))
    path = tmp_path / "page.json"
    path.write_text(text)
    for source in (text, path, str(path), [path]):
        r = costmodel.lease_report(source, lease_id="L", account_id="A", start_date="2024-12-30",
                                   end_date=datetime.date(2025, 1, 2))
        assert r.duration == 4
        assert r.total == Decimal("11.00")  # 1.10 + 2.20 + 3.30 + 4.40
        assert r.estimated_days == (datetime.date(2025, 1, 2),)
        assert r.to_dict()["budget"] is None and r.status is None


def test_errors_name_the_source_the_path_and_the_value(tmp_path: pathlib.Path):
    data = seed_response()
    base = {"leaseId": "L", "accountId": "A", "startDate": "2025-01-01", "endDate": "2025-01-01"}
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [{**base, "startDate": "2025-13-01"}])
    assert (error.value.source, error.value.path, error.value.value) == ("<leases>", "leases[0].startDate", "2025-13-01")
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [{**base, "budjet": "5"}])
    assert error.value.path == "leases[0].budjet" and 'did you mean "budget"' in str(error.value)
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [{**base, "budget": "ten"}])
    assert (error.value.path, error.value.value) == ("leases[0].budget", "ten")
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [{**base, "budget": 1.5}])  # a float is never money
    assert error.value.path == "leases[0].budget"
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [{**base, "endDate": "2024-12-31"}])
    assert error.value.path == "leases[0].endDate" and "before it starts" in str(error.value)
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [base, {**base, "leaseId": "M", "accountId": "B"}])
    assert error.value.path == "LINKED_ACCOUNT"  # one account's table serves one lease
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [base], metric="UnblendedCosts")
    assert 'did you mean "UnblendedCost"' in str(error.value)
    # A file's errors name the file.
    page = tmp_path / "regions.json"
    page.write_text(json.dumps(response(["REGION"], [("2025-01-01", ["us-east-1"], "1")], unit="EUR")))
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(data, [base], by_region=page)
    assert (error.value.source, error.value.path, error.value.value) == (str(page), "rows[0].unit", "EUR")
    # No SERVICE column.
    with pytest.raises(costmodel.InputError) as error:
        costmodel.lease_reports(page, [base])
    assert error.value.path == "SERVICE" and error.value.source == str(page)
    # A LeaseRecord's other keys are accepted as they are.
    assert len(costmodel.lease_reports(data, [{**base, "ownerId": "u1", "tags": {}}])) == 1


# ------------------------------------------------------------------------- batches against decimal


def expected_reports(groups: list[tuple[str, str, str, str, str]], leases: list[dict]) -> list[dict]:
    """The contract's documents computed with Python's decimal (a wide context) from
    (day, account, service, region, amount) rows."""
    with localcontext() as ctx:
        ctx.prec = 100
        cent, tenth = Decimal("0.01"), Decimal("0.1")

        def c(v: Decimal) -> str:
            q = v.quantize(cent, rounding=ROUND_HALF_UP)
            return str(abs(q) if q.is_zero() else q)  # the document never writes -0.00

        out = []
        for lease in leases:
            first, last = lease["startDate"], lease["endDate"]
            mine = [g for g in groups if g[1] == lease["accountId"] and first <= g[0] <= last]
            total = sum((Decimal(g[4]) for g in mine), Decimal(0))
            days: dict[str, Decimal] = {}
            services: dict[str, Decimal] = {}
            regions: dict[str, Decimal] = {}
            for day, _account, service, region, amount in mine:
                days[day] = days.get(day, Decimal(0)) + Decimal(amount)
                services[service] = services.get(service, Decimal(0)) + Decimal(amount)
                regions[region] = regions.get(region, Decimal(0)) + Decimal(amount)
            top = sorted(services.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
            top_regions = sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            budget = None if lease.get("budget") is None else Decimal(lease["budget"])
            doc: dict = {"leaseId": lease["leaseId"], "accountId": lease["accountId"], "totalCost": c(total)}
            if budget is None:
                doc.update(budget=None, overBudget=None, variance=None, variancePercent=None)
                status = None
            else:
                variance = total - budget
                doc.update(budget=c(budget), overBudget=total > budget, variance=c(variance))
                if budget == 0:
                    doc["variancePercent"] = None
                    status = "alert" if total > 0 else "compliant"
                else:
                    p = (variance * 100 / budget).quantize(tenth, rounding=ROUND_HALF_UP)
                    doc["variancePercent"] = str(abs(p) if p.is_zero() else p)
                    ratio = variance / budget
                    status = "alert" if ratio > Decimal("0.5") else "flag" if ratio > Decimal("0.1") else \
                        "over" if ratio > 0 else "compliant"
            doc["duration"] = len(days)
            doc["costPerDay"] = c(total / len(days)) if days else None
            doc["dailyCosts"] = [{"date": d, "cost": c(v)} for d, v in sorted(days.items())]
            doc["topServices"] = [{"service": s, "cost": c(v)} for s, v in top]
            doc["topRegions"] = [{"region": r, "cost": c(v)} for r, v in top_regions]
            doc["currency"] = "USD"
            doc["status"] = status
            doc["estimatedDays"] = []
            out.append(doc)
        return out


amounts = st.decimals(min_value=Decimal("-50"), max_value=Decimal("5000"), places=4, allow_nan=False, allow_infinity=False)


@st.composite
def batches(draw):
    start = datetime.date(2025, 1, 28)
    accounts = [f"{100000000000 + i}" for i in range(draw(st.integers(1, 5)))]
    leases = []
    for account in accounts:
        offset = draw(st.integers(0, 3))
        for k in range(draw(st.integers(1, 2))):
            length = draw(st.integers(1, 6))
            budget = draw(st.one_of(st.none(), st.sampled_from(["0", "10", "100.5", "2000"]), amounts.map(lambda d: str(abs(d)))))
            leases.append({"leaseId": f"lease-{account}-{k}", "accountId": account,
                           "startDate": (start + datetime.timedelta(days=offset)).isoformat(),
                           "endDate": (start + datetime.timedelta(days=offset + length - 1)).isoformat(), "budget": budget})
            offset += length + draw(st.integers(0, 2))
    groups = []
    for day in range(16):
        when = (start + datetime.timedelta(days=day)).isoformat()
        for account in accounts:
            for service in draw(st.lists(st.sampled_from(["EC2", "S3", "Lambda", "RDS", "KMS"]), unique=True, max_size=3)):
                region = draw(st.sampled_from(["us-east-1", "eu-west-1", "ap-south-1"]))
                groups.append((when, account, service, region, str(draw(amounts))))
    return groups, leases


@settings(max_examples=60, deadline=None)
@given(batch=batches())
def test_batched_reports_equal_a_decimal_computation(batch):
    groups, leases = batch
    by_service = response(["LINKED_ACCOUNT", "SERVICE"], [(d, [a, s], x) for d, a, s, _r, x in groups])
    by_region = response(["LINKED_ACCOUNT", "REGION"], [(d, [a, r], x) for d, a, _s, r, x in groups])
    reports = costmodel.lease_reports(by_service, leases, by_region=by_region)
    expected = expected_reports(groups, leases)
    if not groups:
        for e in expected:
            e["currency"] = None
    assert reports.to_dicts() == expected
    assert len(reports) == len(leases)
    # Σ daily == total == Σ services, exactly, in the tables.
    for i, report in enumerate(reports):
        assert sum(report.daily.column("cost"), Decimal(0)) == report.total == sum(report.services.column("cost"), Decimal(0))
        assert report.to_dict() == expected[i]


def test_the_batch_tables_and_their_faces():
    groups = [("2025-06-01", "111", "EC2", "us-east-1", "1.00"), ("2025-06-02", "111", "S3", "us-east-1", "2.00"),
              ("2025-06-04", "111", "EC2", "us-west-2", "4.00"), ("2025-06-01", "222", "EC2", "eu-west-1", "10.00")]
    by_service = response(["LINKED_ACCOUNT", "SERVICE"], [(d, [a, s], x) for d, a, s, _r, x in groups])
    by_region = costmodel.read_cost_explorer(response(["LINKED_ACCOUNT", "REGION"], [(d, [a, r], x) for d, a, _s, r, x in groups]))
    leases = [{"leaseId": "A", "accountId": "111", "startDate": "2025-06-01", "endDate": "2025-06-02", "budget": "2"},
              {"leaseId": "B", "accountId": "111", "startDate": "2025-06-03", "endDate": "2025-06-05", "budget": None},
              {"leaseId": "C", "accountId": "222", "startDate": "2025-06-01", "endDate": "2025-06-05", "budget": "20"}]
    reports = costmodel.lease_reports([by_service], leases, by_region=by_region)
    assert reports.summary.column("lease_id") == ["A", "B", "C"]
    assert reports.summary.column("total") == [Decimal("3"), Decimal("4"), Decimal("10")]
    # A: (3 − 2) ÷ 2 = 1/2, not > 1/2: flag; C: 10 of 20, compliant.
    assert reports.summary.column("status") == ["flag", None, "compliant"]
    assert reports.daily.column("lease_id") == ["A", "A", "B", "C"]
    assert reports[1].regions.column("region") == ["us-west-2"]
    assert reports[-1].lease_id == "C"
    frame = reports.to_pandas()
    assert list(frame["lease_id"]) == ["A", "B", "C"]
    assert "3 leases" in repr(reports) and "<table>" in reports._repr_html_()
    assert json.loads(reports.to_json()) == reports.to_dicts()
    with pytest.raises(IndexError):
        reports[3]


# ---------------------------------------------------------------------------------------- the command


def test_command_lease_report(tmp_path: pathlib.Path, capsys):
    page = tmp_path / "page.json"
    page.write_text(json.dumps(seed_response()))
    args = ["lease-report", str(page), "--lease-id", "lease-1", "--account-id", "123456789012"]
    assert cli.main([*args, "--budget", "150", "--format", "json", "--currency", "USD"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert list(d) == CONTRACT_KEYS and d["variancePercent"] == "-33.3" and d["status"] == "compliant"
    assert cli.main([*args, "--budget", "150"]) == 0
    out = capsys.readouterr().out
    assert "100.00 USD" in out and "-50.00 (-33.3%)" in out and "compliant" in out

    assert cli.main([*args, "--currency", "GBP"]) == 2
    assert "costmodel: error: <command line>: --currency: the data is in USD, not GBP" in capsys.readouterr().err
    assert cli.main([*args, "--budget", "lots"]) == 2
    assert "leases[0].budget" in capsys.readouterr().err
    assert cli.main([*args, "--start-date", "2025-02-30"]) == 2
    assert "leases[0].startDate: expected a date YYYY-MM-DD" in capsys.readouterr().err
    assert cli.main([*args, "--metric", "AmortizedCost"]) == 2
    assert "no AmortizedCost" in capsys.readouterr().err
    missing = tmp_path / "missing.json"
    assert cli.main(["lease-report", str(missing), "--lease-id", "L", "--account-id", "A"]) == 2
    assert str(missing) in capsys.readouterr().err


# ---------------------------------------------------------------------------------------- the forecast


def test_forecast_final_cost():
    # A straight line 10, 12, 14, 16: the days x = 4, 5 of a 6-day lease cost 18 + 20; 52 + 38 = 90.
    f = forecast_final_cost(["10", "12", "14", "16"], 6)
    assert isinstance(f, Forecast)
    assert (f.spent, f.forecast, f.lower, f.upper, f.method) == (Decimal("52"), Decimal("90.00"), Decimal("90.00"),
                                                                  Decimal("90.00"), "linear")
    # 10, 14, 12 over 4 days: a = 11, b = 1, day 3 costs 14 → 50; half-width t(0.975, 1)·√6·√(1 + 1/3 + 2) = 56.82.
    # The interval's lower end, 50 − 56.82 = −6.82, is below the 36 already spent: clipped at 36.00.
    f = forecast_final_cost([Decimal("10"), 14, "12"], 4)
    assert (f.forecast, f.lower, f.upper, f.clipped) == (Decimal("50.00"), Decimal("36.00"), Decimal("106.82"), True)
    # Two days: the run rate 30.005 ÷ 2 × 10 = 150.025 → 150.03, no interval.
    f = forecast_final_cost(["10", "20.005"], 10)
    assert (f.forecast, f.lower, f.method) == (Decimal("150.03"), None, "run-rate")
    assert "estimate" in str(f)
    with pytest.raises(costmodel.InputError) as error:
        forecast_final_cost(["1", "x"], 3)
    assert (error.value.path, error.value.value) == ("daily_costs[1]", "x")
    with pytest.raises(costmodel.InputError) as error:
        forecast_final_cost(["1", "2", "3"], 2)
    assert error.value.path == "total_days"

"""Python-side arithmetic on amounts is exact and prints plain decimals, for every amount the library
accepts: the largest (a fixed charge of 10^27, and 10^28 - 10^-10) and the finest (10 fractional
digits). Covers compare, workload_total, services_frame, the HTML repr, plot labels and the CLI's
table, JSON and CSV; and costmodel.compare as library code.
"""

from __future__ import annotations

import csv
import decimal
import io
import json
import pathlib
import subprocess
import sys
from decimal import Decimal

import pytest

import costmodel
from costmodel import _numbers

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "data" / "scenarios"

BIG = Decimal(10) ** 27
FINE = Decimal("0.0000000001")
LARGEST = Decimal("9999999999999999999999999999.9999999999")
# Written out: BIG + FINE in Python's global context (28 digits) would round to BIG.
BIG_FINE = Decimal("1000000000000000000000000000.0000000001")
add, sub = _numbers.add, _numbers.subtract


def fixed(name: str, *charges: tuple[str, Decimal | str], stated: dict | None = None) -> dict:
    doc = {"schema": "costmodel/scenario/v1", "name": name,
           "workloads": [{"name": n, "service": "fixed", "monthly_cost": c} for n, c in charges]}
    if stated:
        doc["stated"] = stated
    return doc


BIG_SCENARIO = fixed("big", ("huge", BIG), ("tiny", FINE), stated={"total": "1.00"})
FINE_SCENARIO = fixed("fine", ("a", Decimal("0.1234567891")), ("b", Decimal("0.0000000009")))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def no_exponents(text: str) -> None:
    assert "E+" not in text and "E-" not in text and "e+" not in text and "e-0" not in text, text


# ---- the helpers -------------------------------------------------------------------------------------


def test_plain_writes_every_amount_without_an_exponent():
    assert _numbers.plain(Decimal("1E+27")) == "1" + "0" * 27
    assert _numbers.plain(Decimal("1E-10")) == "0.0000000001"
    assert _numbers.plain(Decimal("2.50")) == "2.5"
    assert _numbers.plain(Decimal("-0E-5")) == "0"
    assert _numbers.plain(LARGEST) == str(LARGEST)
    assert _numbers.plain(Decimal("100")) == "100"


def test_sums_and_differences_are_exact_whatever_the_global_context():
    with decimal.localcontext() as ctx:
        ctx.prec = 5  # any code may change the global context; the helpers do not use it
        assert _numbers.subtract(LARGEST, FINE) == Decimal("9999999999999999999999999999.9999999998")
        assert _numbers.add(BIG, FINE) == Decimal("1000000000000000000000000000.0000000001")
        assert _numbers.total([BIG, FINE, FINE]) == Decimal("1000000000000000000000000000.0000000002")
        assert _numbers.cents(LARGEST) == Decimal("10000000000000000000000000000.00")
        assert _numbers.share(Decimal(1), Decimal(3)) == Decimal("33.3")
        assert _numbers.share(Decimal(1), Decimal(8)) == Decimal("12.5")
        assert _numbers.share(Decimal("0.5"), Decimal(1000)) == Decimal("0.0")  # 0.05: a tie, half-even
        assert _numbers.share(Decimal("1.5"), Decimal(1000)) == Decimal("0.2")  # 0.15: a tie, half-even
    assert _numbers.cents(Decimal("-0.004")) == Decimal("0.00") and str(_numbers.cents(Decimal("-0.004"))) == "0.00"


def test_share_rounds_the_exact_quotient_once():
    # 1/3 of 100 = 33.333...; 2/3 = 66.666... → 66.7; 1/40 of 100 = 2.5 exactly → 2 (half-even) at places=0.
    assert _numbers.share(Decimal(2), Decimal(3)) == Decimal("66.7")
    assert _numbers.share(Decimal(1), Decimal(40), places=0) == Decimal("2")
    assert _numbers.share(Decimal(3), Decimal(40), places=0) == Decimal("8")
    # A quotient a hair above a tie (0.5 + 5·10^-28) rounds up, not to even.
    assert _numbers.share(add(BIG, 1), add(BIG, BIG), places=0, scale=1) == Decimal("1")


def test_exact_context_refuses_to_round():
    with pytest.raises(decimal.Inexact):
        _numbers.add(Decimal("1E+100"), Decimal("1E-100"))


# ---- estimates with the largest and the finest amounts -----------------------------------------------


def test_big_estimate_in_python():
    est = costmodel.estimate(BIG_SCENARIO)
    assert est.total == BIG_FINE
    assert est.workload_total("huge") == BIG
    assert est.workload_total("tiny") == FINE
    assert est.workload_total("nobody") == 0
    audit = {a.item: a for a in est.audit}
    assert audit["total"].difference == sub(Decimal("1.00"), BIG_FINE)
    page = est._repr_html_()
    no_exponents(page)
    assert "1000000000000000000000000000.00" in page
    assert "<td>1.00</td>" in page and "-999999999999999999999999999.00" in page
    no_exponents(repr(est))
    assert repr(est) == "<Estimate 'big': USD 1000000000000000000000000000.0000000001 in 2 lines>"


def test_big_services_frame_and_plot():
    pd = pytest.importorskip("pandas")
    frame = costmodel.estimate(fixed("two", ("a", BIG), ("b", add(BIG, BIG)))).services_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame["percent"].tolist() == [Decimal("100.0")]
    est = costmodel.estimate({**fixed("two", ("a", BIG)), "workloads": [
        {"name": "a", "service": "fixed", "monthly_cost": BIG},
        {"name": "l", "service": "lambda", "invocations_per_month": 1, "duration_ms": 1, "memory_mb": 128}]})
    shares = dict(zip(est.services_frame()["service"], est.services_frame()["percent"]))
    assert shares == {"fixed": Decimal("100.0"), "lambda": Decimal("0.0")}
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = est.plot()
    labels = [t.get_text() for t in ax.texts]
    assert " USD 1000000000000000000000000000.00" in labels
    no_exponents(" ".join(labels) + ax.get_title())
    plt.close(ax.figure)


def test_big_estimate_from_the_cli_in_every_format(tmp_path: pathlib.Path):
    path = tmp_path / "big.json"
    path.write_text(costmodel.Scenario(BIG_SCENARIO).to_json())
    table = cli("estimate", str(path))
    assert table.returncode == 0, table.stderr
    no_exponents(table.stdout)
    assert "1,000,000,000,000,000,000,000,000,000.00" in table.stdout
    assert "(exact 1000000000000000000000000000.0000000001)" in table.stdout
    assert "0.0000000001" in table.stdout  # the tiny line's unit price, plain
    as_json = cli("estimate", str(path), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["total"] == "1000000000000000000000000000.0000000001"
    as_csv = cli("estimate", str(path), "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    no_exponents(as_csv.stdout)
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert [r[6] for r in rows[1:]] == ["1000000000000000000000000000", "0.0000000001"]


def test_fine_estimate_from_the_cli(tmp_path: pathlib.Path):
    path = tmp_path / "fine.json"
    path.write_text(costmodel.Scenario(FINE_SCENARIO).to_json())
    table = cli("estimate", str(path))
    assert table.returncode == 0, table.stderr
    no_exponents(table.stdout)
    assert "(exact 0.12345679)" in table.stdout  # 0.1234567891 + 0.0000000009
    rows = list(csv.reader(io.StringIO(cli("estimate", str(path), "--format", "csv").stdout)))
    assert [r[6] for r in rows[1:]] == ["0.1234567891", "0.0000000009"]


# ---- compare -----------------------------------------------------------------------------------------


def test_compare_differences_are_exact():
    a = costmodel.estimate(fixed("a", ("x", BIG), ("y", FINE)))
    b = costmodel.estimate(fixed("b", ("x", BIG_FINE), ("z", Decimal("2.5"))))
    c = costmodel.compare(a, b)
    assert c.total.a == BIG_FINE and c.total.b == add(BIG_FINE, Decimal("2.5"))
    assert c.total.difference == Decimal("2.5")
    assert [(d.name, d.difference) for d in c.workloads] == [("x", FINE), ("y", -FINE), ("z", Decimal("2.5"))]
    assert [(d.name, d.a, d.b) for d in c.services] == [("fixed", BIG_FINE, add(BIG_FINE, Decimal("2.5")))]
    doc = c.to_dict()
    assert doc["schema"] == "costmodel/comparison/v1"
    assert doc["workloads"]["x"] == {"a": "1" + "0" * 27, "b": "1000000000000000000000000000.0000000001",
                                     "difference": "0.0000000001"}
    assert doc["workloads"]["y"]["difference"] == "-0.0000000001"
    assert doc["total"]["difference"] == "2.5"
    no_exponents(json.dumps(doc) + repr(c) + c._repr_html_())
    assert "workloads" not in c.to_dict(workloads=False)
    assert c.workloads[2].change is None and c.workloads[2].change_text() == "new"


def test_compare_percent_change_and_frames():
    pd = pytest.importorskip("pandas")
    c = costmodel.compare(fixed("a", ("x", Decimal(200))), fixed("b", ("x", Decimal(50))))
    assert c.total.change == Decimal("-75.0")
    assert c.total.change_text() == "-75.0%"
    frame = c.to_frame()
    assert list(frame.columns) == ["service", "a", "b", "difference", "change_percent"]
    assert frame["difference"].tolist() == [Decimal(-150), Decimal(-150)]
    assert c.to_frame(by="workload")["workload"].tolist() == ["x", "TOTAL"]
    with pytest.raises(ValueError):
        c.to_frame(by="region")
    assert repr(c) == "<Comparison 'a' -> 'b': USD 200 -> 50 (-150)>"


def test_compare_accepts_anything_estimate_prices():
    a, b = SCENARIOS / "fargate-on-demand.json", SCENARIOS / "fargate-spot.json"
    from_paths = costmodel.compare(a, b)
    from_estimates = costmodel.compare(costmodel.estimate(a), costmodel.estimate(b))
    assert from_paths.to_dict() == from_estimates.to_dict()


def test_cli_compare_is_the_library_comparison(tmp_path: pathlib.Path):
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    pa.write_text(costmodel.Scenario(fixed("a", ("x", BIG))).to_json())
    pb.write_text(costmodel.Scenario(fixed("b", ("x", BIG_FINE))).to_json())
    table = cli("compare", str(pa), str(pb))
    assert table.returncode == 0, table.stderr
    no_exponents(table.stdout)
    assert "1,000,000,000,000,000,000,000,000,000.00" in table.stdout
    as_json = json.loads(cli("compare", str(pa), str(pb), "--format", "json").stdout)
    assert as_json == costmodel.compare(pa, pb).to_dict(workloads=False)
    assert as_json["total"]["difference"] == "0.0000000001"

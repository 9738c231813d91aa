"""costmodel.Scenario (from a dict, JSON text or a path; parsed once) and costmodel.Catalog (built-in or
loaded once, shared by any number of estimates).

Prices (built-in catalog): ECR $0.10 per GB-month; Lambda requests $0.0000002.
"""

from __future__ import annotations

import json
import pathlib
import pickle
import shutil
import threading
from decimal import Decimal

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "data" / "scenarios"
CATALOGS = ROOT / "tests" / "data" / "catalogs"
OFFERS = ROOT / "tests" / "data" / "offers"
EXAMPLE = ROOT / "examples" / "100k-users.json"


def scenario(*workloads: dict, **settings) -> dict:
    return {"schema": "costmodel/scenario/v1", "name": "test", **settings, "workloads": list(workloads)}


ECR = {"name": "images", "service": "ecr", "storage_gb": Decimal("2.5")}
FIXED = {"name": "support", "service": "fixed", "monthly_cost": "29.00"}


# ---- Scenario ----------------------------------------------------------------------------------------


def test_scenario_from_every_input_is_the_same_scenario():
    path = SCENARIOS / "all-services.json"
    document = json.loads(path.read_text())
    made = [costmodel.Scenario(path), costmodel.Scenario(str(path)), costmodel.Scenario.load(path),
            costmodel.Scenario(path.read_text()), costmodel.Scenario.from_json(path.read_text()),
            costmodel.Scenario.from_json(path.read_bytes()), costmodel.Scenario(document),
            costmodel.Scenario.from_dict(document)]
    assert all(s == made[0] for s in made)
    assert made[0].name == "all-services"
    estimates = {json.dumps(costmodel.estimate(s).to_dict()) for s in made}
    assert len(estimates) == 1
    assert estimates == {json.dumps(costmodel.estimate(path).to_dict())}


def test_scenario_names_its_workloads_and_services():
    s = costmodel.Scenario(scenario(ECR, FIXED))
    assert s.name == "test"
    assert s.workloads == [("images", "ecr"), ("support", "fixed")]
    assert s.workloads[0].name == "images" and s.workloads[1].service == "fixed"
    assert s.catalog == "builtin"
    assert s.source == "<scenario dict>"
    assert repr(s) == "<Scenario 'test': 2 workloads (ecr, fixed)>"


def test_to_dict_gives_back_the_document_with_exact_numbers():
    s = costmodel.Scenario(scenario(ECR, FIXED))
    doc = s.to_dict()
    assert doc == scenario(ECR, FIXED)
    assert doc["workloads"][0]["storage_gb"] == Decimal("2.5")
    assert doc["workloads"][1]["monthly_cost"] == "29.00"  # a string stays the string it was
    # JSON numbers in a file come back as Decimal (integers as int), never float.
    loaded = costmodel.Scenario(EXAMPLE).to_dict()
    numbers = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            numbers.append(value)

    walk(loaded)
    assert numbers and not any(isinstance(n, float) for n in numbers)
    assert loaded == json.loads(EXAMPLE.read_text(), parse_float=Decimal)
    # A copy each time: changing it changes nothing.
    doc["name"] = "changed"
    assert s.to_dict()["name"] == "test"
    # And it makes the same scenario again.
    assert costmodel.Scenario(loaded) == costmodel.Scenario(EXAMPLE)


def test_equality_is_by_document():
    a = costmodel.Scenario(scenario(ECR))
    b = costmodel.Scenario(scenario(ECR | {"storage_gb": Decimal("2.50")}))
    c = costmodel.Scenario(scenario(ECR | {"storage_gb": Decimal("3")}))
    assert a == b  # 2.5 and 2.50 are one number
    assert a != c
    assert a != "not a scenario"


def test_scenario_pickles():
    for s in (costmodel.Scenario(scenario(ECR, FIXED)), costmodel.Scenario(EXAMPLE)):
        again = pickle.loads(pickle.dumps(s))
        assert again == s
        assert again.source == s.source
        assert costmodel.estimate(again).to_dict() == costmodel.estimate(s).to_dict()


def test_a_relative_catalog_path_is_taken_from_the_scenario_file_folder(tmp_path: pathlib.Path):
    shutil.copy(CATALOGS / "small.json", tmp_path / "prices.json")
    catalog_id = costmodel.load_catalog(tmp_path / "prices.json").id
    small = json.loads((CATALOGS / "small.json").read_text())
    service = small["skus"][0]["service"]
    assert service  # the test catalog has prices
    file = tmp_path / "s.json"
    file.write_text(json.dumps({"schema": "costmodel/scenario/v1", "name": "t", "catalog": "prices.json",
                                "workloads": [{"name": "f", "service": "fixed", "monthly_cost": 1}]}))
    s = costmodel.Scenario(file)
    assert s.catalog == str(tmp_path / "prices.json")
    assert costmodel.estimate(s).catalog["id"] == catalog_id
    assert pickle.loads(pickle.dumps(s)).catalog == s.catalog


def test_estimate_refuses_what_is_not_a_scenario():
    with pytest.raises(TypeError):
        costmodel.estimate(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        costmodel.Scenario(b"{}")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Catalog"):
        costmodel.estimate(scenario(ECR), catalog="builtin")  # type: ignore[arg-type]


def test_scenarios_parse_and_price_from_threads():
    # Parsing and pricing release the GIL; every thread gets the same exact answer.
    text = EXAMPLE.read_text()
    expected = costmodel.estimate(text).total
    results: list[Decimal] = []

    def work() -> None:
        for _ in range(20):
            results.append(costmodel.estimate(costmodel.Scenario(text)).total)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 80


# ---- Catalog -----------------------------------------------------------------------------------------


def test_builtin_catalog():
    cat = costmodel.builtin_catalog()
    assert cat.id == costmodel.catalog()["id"]
    assert cat.currency == "USD"
    assert cat.effective == costmodel.catalog()["effective"]
    assert len(cat) == len(costmodel.catalog()["skus"]) > 20
    assert repr(cat) == f"<Catalog {cat.id!r} (USD, effective {cat.effective}): {len(cat)} prices>"
    assert cat == costmodel.builtin_catalog()


def test_price_gives_exact_tiers_and_the_source():
    cat = costmodel.builtin_catalog()
    requests = cat.price("lambda", "requests", variant="x86_64")
    assert requests["tiers"] == [{"from": Decimal(0), "to": None, "price": Decimal("0.0000002")}]
    assert requests["unit"] == "request" and requests["source"]
    duration = cat.price("lambda", "duration", "us-east-1", "x86_64")
    assert [t["price"] for t in duration["tiers"]][0] == Decimal("0.0000166667")
    assert all(isinstance(t["from"], Decimal) for t in duration["tiers"])
    assert duration["tiers"][0]["to"] == duration["tiers"][1]["from"]  # contiguous tiers
    with pytest.raises(KeyError, match=r"lambda/requests\[x86_64\]@eu-west-1"):
        cat.price("lambda", "requests", "eu-west-1", "x86_64")


def test_skus_as_a_list_and_as_a_frame():
    cat = costmodel.builtin_catalog()
    lam = cat.skus("lambda")
    assert lam and {s["service"] for s in lam} == {"lambda"}
    assert len(cat.skus()) == len(cat)
    assert cat.skus("nosuch") == []
    pd = pytest.importorskip("pandas")
    frame = cat.skus("lambda", frame=True)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == sum(len(s["tiers"]) for s in lam)
    assert all(isinstance(p, Decimal) for p in frame["price"])


def test_load_catalog_reads_our_format_and_offer_files():
    small = costmodel.load_catalog(CATALOGS / "small.json")
    assert len(small) == len(json.loads((CATALOGS / "small.json").read_text())["skus"])
    assert small.source == str(CATALOGS / "small.json")
    offer = costmodel.load_catalog(str(OFFERS / "lambda-us-east-1.json"))
    assert offer.price("lambda", "requests", variant="x86_64")["tiers"][0]["price"] == Decimal("0.0000002")
    with pytest.raises(ValueError, match="bad-invalid-json.json"):
        costmodel.load_catalog(CATALOGS / "bad-invalid-json.json")
    with pytest.raises(costmodel.InputError) as missing:
        costmodel.load_catalog(CATALOGS / "no-such.json")
    assert missing.value.source == str(CATALOGS / "no-such.json")


def test_one_loaded_catalog_prices_many_estimates(tmp_path: pathlib.Path):
    # The catalog is read once: deleting the file afterwards does not matter to later estimates.
    copy = tmp_path / "lambda.json"
    shutil.copy(OFFERS / "lambda-us-east-1.json", copy)
    cat = costmodel.load_catalog(copy)
    copy.unlink()
    lam = {"name": "api", "service": "lambda", "invocations_per_month": 1000000, "duration_ms": 100, "memory_mb": 1024}
    for n in (1, 2, 3):
        est = costmodel.estimate(scenario(lam | {"invocations_per_month": n * 1000000}), cat)
        assert est.catalog["id"] == cat.id
        # n × (1,000,000 × 0.0000002 + 100,000 GB-s × 0.0000166667)
        assert est.total == n * Decimal("1.86667")
    listed = costmodel.catalog(cat, "lambda")
    assert listed["id"] == cat.id
    assert len(listed["skus"]) == len(cat.skus("lambda")) > 0


def test_a_catalog_given_overrides_the_one_the_scenario_names():
    named = scenario({"name": "f", "service": "fixed", "monthly_cost": 1}, catalog="no-such-catalog.json")
    with pytest.raises(costmodel.InputError, match="no-such-catalog.json"):
        costmodel.estimate(named)
    assert costmodel.estimate(named, costmodel.builtin_catalog()).total == 1

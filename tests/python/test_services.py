"""The service registry from Python: costmodel.services(), `costmodel services`, the key tables of
docs/services.md, and Scenario.canonical_json (the writer that follows the same key lists)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "costmodel.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def test_services_lists_the_registry_in_order_with_keys() -> None:
    services = costmodel.services()
    assert list(services)[:3] == ["fargate", "lambda", "glue_job"]
    assert len(services) == 16
    lam = services["lambda"]
    assert lam.key("duration_ms").presence == "required"
    assert lam.key("memory_mb").default == "128"
    assert lam.key("arch").choices == ("x86_64", "arm64")
    assert lam.key("provisioned_concurrency").rule == "whole"
    assert services["fargate"].key("vcpu").rule == "> 0"
    assert [k.name for k in services["glue_crawler"].keys] == ["dpu", "runs_per_month", "runs_per_week", "run_minutes", "run_seconds"]
    with pytest.raises(KeyError, match="registered: fargate, lambda"):
        services["lamda"]


def test_every_key_the_registry_lists_is_one_the_reader_accepts() -> None:
    # A key list that named a key the reader did not take would make documented keys errors.
    for service in costmodel.services().values():
        for key in service.keys:
            assert key.doc, f"{service.name}.{key.name} has no documentation"
            assert key.kind in ("number", "text")
            assert key.presence in ("required", "default", "optional")
            if key.presence == "default":
                assert key.default != "" or key.kind == "text"


def test_cli_services_table_json_and_markdown() -> None:
    table = cli("services", "lambda")
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("lambda: Lambda functions")
    assert "memory_mb" in table.stdout and "x86_64 | arm64" in table.stdout
    as_json = json.loads(cli("services", "--format", "json").stdout)
    assert [s["name"] for s in as_json] == list(costmodel.services())
    markdown = cli("services", "s3", "--format", "markdown").stdout
    assert markdown.startswith("### s3\n")
    assert "| `storage_gb` | number >= 0 | **required** |" in markdown
    wrong = cli("services", "lamda")
    assert wrong.returncode == 2
    assert 'unknown service "lamda" (did you mean "lambda"?' in wrong.stderr


def test_docs_key_tables_are_the_registry_s() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "update-service-docs.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = (ROOT / "docs" / "services.md").read_text(encoding="utf-8")
    for service in costmodel.services().values():
        assert f"<!-- keys: {service.name} -->" in text


@pytest.mark.parametrize("path", ["examples/100k-users.json", "examples/scaling-users.json",
                                  "tests/data/scenarios/all-services.json"])
def test_canonical_json_reads_back_to_the_same_estimate(path: str) -> None:
    scenario = costmodel.Scenario(ROOT / path)
    canonical = scenario.canonical_json()
    again = costmodel.Scenario(canonical)
    assert again.canonical_json() == canonical
    assert costmodel.estimate(again).to_json() == costmodel.estimate(scenario).to_json()

"""Fuzz targets for the Python entry points. Each takes the fuzzer's bytes and calls one entry point;
the only exceptions allowed out are those a caller is told to expect for bad input. Anything else
(a crash, a decimal.InvalidOperation, a UnicodeDecodeError, a KeyError) escapes and is a finding.

Run one with run.py (atheris, coverage-guided) or from tests/python/test_fuzz.py (briefly).
"""

from __future__ import annotations

import decimal
import os
import tempfile

import costmodel
import costmodel.cli
from costmodel import _numbers, _scenario

#: What bad input may raise. InputError is a ValueError; it is listed to say what is expected.
EXPECTED = (costmodel.InputError, ValueError, TypeError, OverflowError)

_TEMP = tempfile.mkdtemp(prefix="costmodel-fuzz-")
_CATALOG = os.path.join(_TEMP, "catalog.json")


def estimate_text(data: bytes) -> None:
    """costmodel.estimate on the bytes as JSON text; a priced estimate must add up."""
    text = data.decode("utf-8", errors="replace")
    if not _scenario.is_json_text(text):
        text = "{" + text  # keep it text: a path is another target's business
    try:
        est = costmodel.estimate(text)
    except EXPECTED:
        return
    assert est.total == _numbers.total(line.cost for line in est.lines)
    costmodel.cli.render_estimate(est)  # the table renders every amount the library accepts
    est._repr_html_()


def scenario(data: bytes) -> None:
    """costmodel.Scenario from JSON bytes; one that parses gives back a dict that parses the same."""
    try:
        parsed = costmodel.Scenario.from_json(data, "<fuzz>")
    except EXPECTED:
        return
    try:
        document = parsed.to_dict()
    except EXPECTED:
        return  # text after the document: taken by the compiled reader, refused by to_dict
    again = costmodel.Scenario(document)
    assert again == parsed, (parsed.to_json(), again.to_json())
    repr(parsed)


def load_catalog(data: bytes) -> None:
    """costmodel.load_catalog on a file holding the bytes (our format or an offer file)."""
    with open(_CATALOG, "wb") as file:
        file.write(data)
    try:
        cat = costmodel.load_catalog(_CATALOG)
    except EXPECTED:
        return
    for sku in cat.skus():
        assert cat.price(sku["service"], sku["usage_type"], sku["region"], sku["variant"]) == sku
    repr(cat)


def numbers(data: bytes) -> None:
    """Money and to_decimal on text, and on decimal.Decimal made from it; plain() of what comes back."""
    text = data.decode("utf-8", errors="replace")
    for value in (text, text.strip()):
        try:
            amount = costmodel.to_decimal(value)
        except EXPECTED:
            amount = None
        if amount is not None:
            assert costmodel.to_decimal(costmodel.plain(amount)) == amount
        try:
            money = costmodel.Money(value, "USD")
        except EXPECTED:
            money = None
        if money is not None:
            costmodel.round_money(money)
    try:
        as_decimal = decimal.Decimal(text.strip())
    except decimal.InvalidOperation:
        return
    try:
        costmodel.to_decimal(as_decimal)
        costmodel.Scenario({"schema": "costmodel/scenario/v1", "name": "n",
                            "workloads": [{"name": "f", "service": "fixed", "monthly_cost": as_decimal}]})
    except EXPECTED:
        return


def lease_events(data: bytes) -> None:
    """costmodel.leases.read_lease_events on the bytes as JSON lines; every event read has a lease, an
    account of 12 digits, and a period whose end is not before its start."""
    from costmodel.leases import lease_period, read_lease_events

    lines = data.decode("utf-8", errors="replace").splitlines()
    try:
        events = read_lease_events(lines)
    except EXPECTED:
        return
    for event in events:
        assert event.lease_id and len(event.account_id) == 12 and event.account_id.isdigit(), event
        if event.terminated_at is not None:
            first, last = lease_period(event)
            assert first <= last, event


def lease_report(data: bytes) -> None:
    """costmodel.lease_report on the bytes as a Cost Explorer response; a report's days add up to its total."""
    text = data.decode("utf-8", errors="replace")
    if not _scenario.is_json_text(text):
        text = "{" + text
    try:
        report = costmodel.lease_report(text, lease_id="fuzz", account_id="123456789012", budget="100")
    except EXPECTED:
        return
    document = report.to_dict()
    assert document["duration"] == len(document["dailyCosts"]), document
    assert report.total == sum((row for row in report.daily.column("cost")), decimal.Decimal(0)), document


TARGETS = {"estimate": estimate_text, "scenario": scenario, "catalog": load_catalog, "numbers": numbers,
           "lease_events": lease_events, "lease_report": lease_report}

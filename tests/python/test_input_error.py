"""costmodel.InputError: input a user got wrong, with the source, the JSON path and the value, from the
compiled parsers and from the Python-side checks alike; and the entry points under bad input (NUL in a
path, BOM before JSON text, invalid UTF-8, huge exponents)."""

from __future__ import annotations

import copy
import json
import pathlib
import pickle
import subprocess
import sys
from decimal import Decimal

import pytest

import costmodel

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "data" / "scenarios"
BAD_KEY = SCENARIOS / "bad-unknown-key.json"


def scenario(*workloads: dict, **settings) -> dict:
    return {"schema": "costmodel/scenario/v1", "name": "test", **settings, "workloads": list(workloads)}


def ecr(storage_gb: object) -> dict:
    return scenario({"name": "e", "service": "ecr", "storage_gb": storage_gb})


def test_input_error_is_a_value_error_with_its_parts():
    assert issubclass(costmodel.InputError, ValueError)
    assert costmodel.InputError.__module__ == "costmodel"
    assert "path" in (costmodel.InputError.__doc__ or "")
    error = costmodel.InputError("unknown key", "a.json", "workloads[3].memry_gb", "memry_gb")
    assert str(error) == "a.json: workloads[3].memry_gb: unknown key"
    assert (error.source, error.path, error.message, error.value) == ("a.json", "workloads[3].memry_gb", "unknown key", "memry_gb")
    assert str(costmodel.InputError("cannot read the file", "x.json")) == "x.json: cannot read the file"
    # Without source or path the message says where itself, as a catalog's errors do.
    assert str(costmodel.InputError("bad")) == "bad"
    assert str(costmodel.InputError("bad", "s.json")) == "s.json: bad"


def test_input_error_pickles_and_copies_with_its_parts():
    error = costmodel.InputError("unknown key", "a.json", "workloads[0].x", "x")
    for again in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert type(again) is costmodel.InputError
        assert (again.source, again.path, again.message, again.value, str(again)) == (
            error.source, error.path, error.message, error.value, str(error))


def test_a_misspelt_key_names_its_path_from_a_file():
    with pytest.raises(costmodel.InputError) as caught:
        costmodel.estimate(BAD_KEY)
    assert caught.value.source == str(BAD_KEY)
    assert caught.value.path == "workloads[3].memry_mb"
    assert caught.value.message.startswith("unknown key")
    assert str(caught.value).startswith(f"{BAD_KEY}: workloads[3].memry_mb: unknown key")


def test_a_misspelt_key_names_its_path_from_a_dict_and_from_text():
    document = scenario({"name": "f", "service": "lambda", "invocations_per_month": 1, "duration_ms": 1, "memry_mb": 128})
    for given, source in ((document, "<scenario dict>"), (json.dumps(document), "<scenario text>")):
        with pytest.raises(costmodel.InputError) as caught:
            costmodel.Scenario(given)
        assert (caught.value.source, caught.value.path) == (source, "workloads[0].memry_mb")


def test_a_misspelt_key_from_the_cli_exits_2_with_file_path_and_message():
    result = subprocess.run([sys.executable, "-m", "costmodel.cli", "estimate", str(BAD_KEY)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"costmodel: error: {BAD_KEY}: workloads[3].memry_mb: unknown key")


def test_other_invalid_argument_errors_stay_value_errors():
    # A price the catalog lacks is not input a parser rejected: a ValueError, not an InputError.
    with pytest.raises(ValueError) as caught:
        costmodel.estimate(ecr(1) | {"region": "eu-west-1"})
    assert "eu-west-1" in str(caught.value)
    with pytest.raises(ValueError) as unknown_policy:
        costmodel.sum_lines([costmodel.Money(1)], "cent")
    assert type(unknown_policy.value) is ValueError


# ---- the checks made in Python, on a dict ---------------------------------------------------------------


def test_a_non_finite_decimal_names_its_path_and_value():
    for value in (Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")):
        with pytest.raises(costmodel.InputError) as caught:
            costmodel.estimate(ecr(value))
        assert (caught.value.source, caught.value.path, caught.value.value) == ("<scenario dict>", "workloads[0].storage_gb", str(value))
        assert "not a finite number" in caught.value.message


def test_a_key_that_is_not_a_string_is_an_input_error():
    with pytest.raises(costmodel.InputError) as caught:
        costmodel.estimate(scenario({"name": "e", "service": "ecr", 3: 1}))
    assert caught.value.path == "workloads[0].3"
    assert "key must be a string, not int" in caught.value.message


def test_an_unsupported_type_is_an_input_error_naming_the_path():
    with pytest.raises(costmodel.InputError, match=r"workloads\[0\]\.storage_gb: cannot use a set"):
        costmodel.estimate(ecr({1}))


def test_a_float_stays_a_type_error_saying_how_to_convert():
    with pytest.raises(TypeError, match=r"workloads\[0\]\.storage_gb: float 0\.1 .* decimal\.Decimal"):
        costmodel.estimate(ecr(0.1))


def test_a_huge_exponent_is_refused_without_writing_out_its_digits():
    # 10^999999999 written out would be a gigabyte of zeros; the exponent alone says it is out of range.
    with pytest.raises(costmodel.InputError) as caught:
        costmodel.estimate(ecr(Decimal("1e999999999")))
    assert caught.value.path == "workloads[0].storage_gb"
    assert caught.value.value == "1E+999999999"
    assert "out of range" in caught.value.message
    with pytest.raises(costmodel.InputError, match="out of range"):
        costmodel.estimate(ecr(Decimal("1E+28")))
    with pytest.raises(costmodel.InputError, match="out of range"):
        costmodel.estimate(ecr(10**60))
    # The largest value with 28 integer digits is still a number the library reads.
    assert costmodel.Scenario(ecr(Decimal("9" * 28))).name == "test"


def test_a_tiny_exponent_is_not_written_out_either():
    # 10^-999999999 has too many fractional digits: refused as a number with 11 would be, by the
    # parser, from its few bytes of exponent text.
    with pytest.raises(ValueError) as tiny:
        costmodel.estimate(ecr(Decimal("1e-999999999")))
    with pytest.raises(ValueError) as eleven:
        costmodel.estimate(ecr(Decimal("0.00000000001")))
    assert type(tiny.value) is type(eleven.value)
    assert "workloads[0].storage_gb" in str(tiny.value)
    # Trailing zeros beyond the tenth place are no digits at all: the value is exact.
    assert costmodel.estimate(ecr(Decimal("2.500000000000000000000"))).total == Decimal("0.25")
    assert costmodel.estimate(ecr(Decimal("0E-999999999"))).total == 0


def test_more_than_ten_fractional_digits_behave_as_in_text():
    # A Decimal in a dict is read as the same number written in the JSON text.
    as_decimal = as_text = None
    try:
        as_decimal = costmodel.estimate(ecr(Decimal("1.00000000001"))).to_dict()
    except ValueError as error:
        as_decimal = type(error)
    try:
        as_text = costmodel.estimate(json.dumps(ecr("1.00000000001"))).to_dict()
    except ValueError as error:
        as_text = type(error)
    assert as_decimal == as_text


# ---- entry points under bad input --------------------------------------------------------------------


def test_a_path_with_a_nul_is_refused_naming_it(tmp_path: pathlib.Path):
    real = tmp_path / "a.json"
    real.write_text(json.dumps(ecr(1)))
    sneaky = str(real) + "\0.ignored"
    for call in (costmodel.estimate, costmodel.Scenario, costmodel.Scenario.load, costmodel.load_catalog):
        with pytest.raises(costmodel.InputError) as caught:
            call(sneaky)
        assert "NUL" in caught.value.message
        assert caught.value.source == str(real) + "\\0.ignored"


def test_a_nul_in_the_catalog_path_of_a_scenario_is_refused(tmp_path: pathlib.Path):
    with pytest.raises(costmodel.InputError, match="NUL"):
        costmodel.estimate(ecr(1) | {"catalog": str(tmp_path / "c.json") + "\0x"})


def test_json_text_after_a_bom_or_whitespace_is_text_not_a_path():
    text = json.dumps(ecr(1))
    for given in ("\ufeff" + text, "\n  " + text, "\ufeff \n" + text):
        est = costmodel.estimate(given)
        assert est.total == Decimal("0.1")
    assert costmodel.Scenario("\ufeff" + text).to_dict() == json.loads(text)


def test_invalid_utf8_and_utf16_files_name_the_file(tmp_path: pathlib.Path):
    latin = tmp_path / "latin1.json"
    latin.write_bytes(json.dumps(scenario({"name": "caf\u00e9", "service": "fixed", "monthly_cost": 1}),
                                 ensure_ascii=False).encode("latin-1"))
    utf16 = tmp_path / "utf16.json"
    utf16.write_bytes(json.dumps(ecr(1)).encode("utf-16"))
    for path in (latin, utf16):
        # Refused when read, or at the latest when the document is asked for: an InputError naming
        # the file either way, never a bare UnicodeDecodeError.
        with pytest.raises(costmodel.InputError) as caught:
            costmodel.Scenario(path).to_dict()
        assert caught.value.source == str(path)
        assert not isinstance(caught.value, UnicodeDecodeError)
    with pytest.raises(costmodel.InputError) as from_bytes:
        costmodel.Scenario.from_json(b'{"name": "\xff"}', "upload.json")
    assert from_bytes.value.source == "upload.json"


def test_a_directory_is_named_as_one(tmp_path: pathlib.Path):
    with pytest.raises(costmodel.InputError, match="directory"):
        costmodel.Scenario(tmp_path)

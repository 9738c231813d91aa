"""The hand-written stubs python/costmodel/_core.pyi agree with the compiled module.

Three checks:
1. mypy's stubtest: every public name of costmodel._core is in the stub and vice versa, with the right
   kind (function, class, property, constant) and constant types.
2. Signatures. stubtest cannot read the parameters of pybind11 functions (they have no
   __text_signature__), so this file compares each stub signature with the one pybind11 writes at the
   top of the docstring: parameter names, which have defaults and their values, and the types.
3. mypy --strict on a small program that uses the public API, with assert_type on the results, so
   the stubs give users the types the functions really return.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import costmodel._core

STUB = Path(costmodel.__file__).with_name("_core.pyi")

# stubtest allowlist, one justified entry each:
ALLOWLIST = [
    # pybind11 classes have the metaclass pybind11_builtins.pybind11_type, which has no stub; the
    # class's members are still checked one by one.
    "costmodel._core.Money",
    "costmodel._core.Table",
    "costmodel._core.Catalog",
    "costmodel._core.Scenario",
    "costmodel._core.EstimateResult",
    "costmodel._core.EstimateBatch",
    "costmodel._core.SavingsPlansResult",
    "costmodel._core.LeaseReportSet",
    # Made only by their static constructors (Catalog.builtin/load, Scenario.from_json/load): pybind11
    # gives them the generic __init__(*args, **kwargs) that refuses to construct.
    "costmodel._core.Catalog.__init__",
    "costmodel._core.Scenario.__init__",
    # Made only by costmodel._core.estimate and estimate_many.
    "costmodel._core.EstimateResult.__init__",
    "costmodel._core.EstimateBatch.__init__",
    # Made only by costmodel._core.apply_savings_plans_text and apply_savings_plans_file.
    "costmodel._core.SavingsPlansResult.__init__",
    # Made only by costmodel._core.lease_reports.
    "costmodel._core.LeaseReportSet.__init__",
]

pytestmark = pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")


def run_mypy_tool(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env={**os.environ, "MYPY_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def mypy_cache(request: pytest.FixtureRequest) -> Path:
    return Path(request.config.cache.mkdir("mypy"))


def test_stub_file_is_installed_with_the_package() -> None:
    assert STUB.is_file()
    assert STUB.with_name("py.typed").is_file()


def test_stubtest(tmp_path: Path, mypy_cache: Path) -> None:
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text("\n".join(ALLOWLIST) + "\n")
    result = run_mypy_tool(
        ["mypy.stubtest", "costmodel._core", "--allowlist", str(allowlist)], cwd=tmp_path, cache=mypy_cache
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- signatures ------------------------------------------------------------------------------------


def split_top_level(text: str, separator: str) -> list[str]:
    """Splits at `separator` outside brackets and quotes."""
    parts, depth, quote, current = [], 0, "", ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    if current.strip():
        parts.append(current.strip())
    return parts


RUNTIME_NAMES = {"SupportsInt": "int", "SupportsIndex": "int", "SupportsFloat": "float"}


def normalize_runtime_type(text: str) -> frozenset[str]:
    text = re.sub(r"\b(typing|decimal|costmodel\._core|collections\.abc)\.", "", text)
    return frozenset(RUNTIME_NAMES.get(part, part) for part in split_top_level(text, "|"))


def normalize_stub_type(text: str, aliases: dict[str, str]) -> frozenset[str]:
    for alias, meaning in aliases.items():
        text = re.sub(rf"\b{alias}\b", meaning, text)
    return frozenset(split_top_level(text, "|"))


def types_agree(runtime: frozenset[str], stub: frozenset[str]) -> bool:
    """The same types, compared by their base names (pybind11 writes `tuple[type, ...]` where the stub
    says `tuple[type[Money], ...]`). `object` at runtime (a py::object or py::handle parameter, which the
    function checks itself) accepts whatever the stub says."""
    if runtime == {"object"}:
        return True
    return {r.split("[")[0] for r in runtime} == {s.split("[")[0] for s in stub}


Parameter = tuple[str, frozenset[str], Any]  # name, normalized type, default (or NO_DEFAULT)
NO_DEFAULT = object()


def runtime_signatures(obj: Any, name: str) -> list[tuple[list[Parameter], frozenset[str]]]:
    doc = getattr(obj, "__doc__", None) or ""
    # name "" for a property getter; a method set on a class that is not pybind11's (InputError's
    # __init__) documents itself without its name.
    pattern = re.compile(rf"^(?:\d+\. )?(?:{re.escape(name)})?\((.*)\) -> (.*)$")
    signatures = []
    for line in doc.splitlines():
        match = pattern.match(line)
        if not match:
            continue
        parameters: list[Parameter] = []
        for part in split_top_level(match.group(1), ","):
            head, _, default = part.partition(" = ")
            param_name, _, annotation = head.partition(": ")
            value = ast.literal_eval(default) if default else NO_DEFAULT
            parameters.append((param_name, normalize_runtime_type(annotation or "object"), value))
        signatures.append((parameters, normalize_runtime_type(match.group(2))))
    return signatures


def stub_functions() -> Iterator[tuple[str, Any, ast.FunctionDef, dict[str, str]]]:
    """(qualified name, runtime object, stub definition, type aliases) for every def in the stub."""
    tree = ast.parse(STUB.read_text())
    aliases = {
        node.target.id: ast.unparse(node.value)
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.value is not None
        and ast.unparse(node.annotation) == "TypeAlias"
    }
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, getattr(costmodel._core, node.name), node, aliases
        elif isinstance(node, ast.ClassDef):
            cls = getattr(costmodel._core, node.name)
            for item in node.body:
                if not isinstance(item, ast.FunctionDef):
                    continue
                if any(isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list):
                    # A property's getter documents itself as "(arg0: Money) -> decimal.Decimal".
                    yield f"{node.name}.{item.name}", cls.__dict__[item.name].fget, item, aliases
                else:
                    yield f"{node.name}.{item.name}", getattr(cls, item.name), item, aliases


def stub_parameters(node: ast.FunctionDef, aliases: dict[str, str]) -> list[Parameter]:
    args = node.args
    positional = args.posonlyargs + args.args
    defaults: list[Any] = [NO_DEFAULT] * (len(positional) - len(args.defaults)) + list(args.defaults)
    parameters: list[Parameter] = []
    for arg, default in zip(positional, defaults):
        annotation = normalize_stub_type(ast.unparse(arg.annotation), aliases) if arg.annotation else frozenset()
        value = NO_DEFAULT if default is NO_DEFAULT else ast.literal_eval(default)
        parameters.append((arg.arg, annotation, value))
    return parameters


def signature_mismatches() -> tuple[int, list[str]]:
    checked, problems = 0, []
    for qualified, runtime, node, aliases in stub_functions():
        is_property = any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list)
        runtime_forms = runtime_signatures(runtime, "" if is_property else node.name)
        if not runtime_forms:
            problems.append(f"{qualified}: no pybind11 signature in the runtime docstring")
            continue
        checked += 1
        stub_params = stub_parameters(node, aliases)
        stub_return = normalize_stub_type(ast.unparse(node.returns), aliases) if node.returns else frozenset()
        matched = False
        for runtime_params, runtime_return in runtime_forms:
            if len(runtime_params) != len(stub_params):
                continue
            agree = types_agree(runtime_return, stub_return)
            pairs = list(zip(runtime_params, stub_params))
            if stub_params and stub_params[0][0] == "self":
                pairs = pairs[1:]  # the stub's self is untyped (pybind11 calls it self or arg0)
            for (r_name, r_type, r_default), (s_name, s_type, s_default) in pairs:
                # pybind11 names unnamed (positional-only) arguments arg0, arg1, ...
                if not re.fullmatch(r"arg\d+", r_name) and r_name != s_name:
                    agree = False
                if (r_default is NO_DEFAULT) != (s_default is NO_DEFAULT) or (
                    r_default is not NO_DEFAULT and r_default != s_default
                ):
                    agree = False
                # __eq__ and __ne__ take any object in a stub (as object's do); at runtime pybind11
                # returns NotImplemented for a non-Money, which Python turns into False / True.
                comparison_with_anything = node.name in ("__eq__", "__ne__") and s_type == {"object"}
                if not types_agree(r_type, s_type) and not comparison_with_anything:
                    agree = False
            matched = matched or agree
        if not matched:
            returns = ast.unparse(node.returns) if node.returns else "?"
            problems.append(
                f"{qualified}: stub ({ast.unparse(node.args)}) -> {returns} does not match the runtime "
                f"{runtime.__doc__.splitlines()[0]!r}"
            )
    return checked, problems


def test_signatures_match_the_runtime_docstrings() -> None:
    checked, problems = signature_mismatches()
    assert not problems, "\n".join(problems)
    assert checked >= 40  # every def of the stub was compared, not skipped


def test_the_signature_check_can_fail() -> None:
    # The checker itself: a wrong parameter name, a missing default and a wrong return type are caught.
    runtime = costmodel._core.multiply
    good = ast.parse("def multiply(a: _D, b: _D, rounding: str = 'ROUND_HALF_EVEN') -> Decimal: ...").body[0]
    aliases = {"_D": "Decimal | int | str"}
    assert isinstance(good, ast.FunctionDef)
    (runtime_params, runtime_return), = runtime_signatures(runtime, "multiply")
    assert [p[0] for p in runtime_params] == [p[0] for p in stub_parameters(good, aliases)]
    for wrong in (
        "def multiply(x: _D, b: _D, rounding: str = 'ROUND_HALF_EVEN') -> Decimal: ...",
        "def multiply(a: _D, b: _D, rounding: str) -> Decimal: ...",
        "def multiply(a: _D, b: _D, rounding: str = 'ROUND_HALF_UP') -> Decimal: ...",
        "def multiply(a: _D, b: int, rounding: str = 'ROUND_HALF_EVEN') -> Decimal: ...",
    ):
        node = ast.parse(wrong).body[0]
        assert isinstance(node, ast.FunctionDef)
        params = stub_parameters(node, aliases)
        assert any(
            r[0] != s[0] or (r[2] is NO_DEFAULT) != (s[2] is NO_DEFAULT) or (r[2] is not NO_DEFAULT and r[2] != s[2]) or not types_agree(r[1], s[1])
            for r, s in zip(runtime_params, params)
        ), wrong
    assert not types_agree(runtime_return, frozenset({"Money"}))


# ---- the public API type-checks as users will use it ------------------------------------------------

USAGE = '''
from decimal import Decimal
from fractions import Fraction
from typing import Any, assert_type

import costmodel
from costmodel import Money, exact

price = Money("0.04048", "USD")
assert_type(price.amount, Decimal)
assert_type(price.currency, str)
assert_type(price + price, Money)
assert_type(price * 3, Money)
assert_type(3 * price, Money)
assert_type(price / 2, Money)
assert_type(price / price, Decimal)
assert_type(-price, Money)
assert_type(price < price, bool)
assert_type(costmodel.allocate(price, [1, 2]), list[Money])
assert_type(costmodel.allocate("10", [Decimal(1), 2], unit="0.01"), list[Decimal])
assert_type(costmodel.round_money(price), Money)
assert_type(costmodel.round_money(Decimal("1.25"), 1, "ROUND_HALF_UP"), Decimal)
assert_type(costmodel.sum_lines([price], "invoice"), Money)
assert_type(costmodel.apply_policy(price, "cents"), Money)
scenario = costmodel.Scenario({"schema": "costmodel/scenario/v1", "name": "s", "workloads": []})
assert_type(scenario.name, str)
assert_type(scenario.to_dict(), dict[str, Any])
catalog = costmodel.builtin_catalog()
assert_type(catalog, costmodel.Catalog)
assert_type(len(catalog), int)
assert_type(costmodel.estimate(scenario, catalog), costmodel.Estimate)
assert_type(costmodel.compare(scenario, scenario), costmodel.Comparison)
assert_type(costmodel.plain(Decimal("1E+27")), str)
try:
    costmodel.Scenario("missing.json")
except costmodel.InputError as error:
    assert_type(error.path, str)
assert_type(costmodel.to_decimal(Fraction(1, 3), "ROUND_HALF_EVEN"), Decimal)
assert_type(costmodel.from_float(0.1), Decimal)
assert_type(exact.multiply("1.5", 2, rounding="ROUND_UP"), Decimal)
assert_type(exact.quantize(Decimal("1.005"), 2), Decimal)
assert_type(costmodel.ROUNDING_MODES, tuple[str, ...])
assert_type(costmodel.__version__, str)
'''

MISUSE = '''
import costmodel
from costmodel import Money

costmodel.exact.add(0.1, 1)
Money(1.5, "USD")
Money(1) + 1
costmodel.round_money("1.5")
'''


def test_public_api_type_checks(tmp_path: Path, mypy_cache: Path) -> None:
    program = tmp_path / "usage.py"
    program.write_text(textwrap.dedent(USAGE))
    result = run_mypy_tool(
        ["mypy", "--strict", "--follow-imports=silent", "--python-version", "3.11", str(program)],
        cwd=tmp_path,
        cache=mypy_cache,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_misuse_is_a_type_error(tmp_path: Path, mypy_cache: Path) -> None:
    program = tmp_path / "misuse.py"
    program.write_text(textwrap.dedent(MISUSE))
    result = run_mypy_tool(
        ["mypy", "--strict", "--follow-imports=silent", "--python-version", "3.11", str(program)],
        cwd=tmp_path,
        cache=mypy_cache,
    )
    # One error per line of misuse: float operands, Money + int, round_money of a number without places.
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [int(line.split(":")[1]) for line in errors] == [5, 6, 7, 8], result.stdout

"""Scenarios: :class:`Scenario`, parsed once by the compiled core and priced any number of times."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any, Mapping, NamedTuple, Union

from . import _core
from ._core import InputError

ScenarioInput = Union["Scenario", Mapping[str, Any], str, bytes, "os.PathLike[str]"]

DICT_SOURCE = "<scenario dict>"
TEXT_SOURCE = "<scenario text>"

# A leading byte-order mark or whitespace does not make JSON text a path.
_TEXT_LEAD = "\ufeff \t\r\n"


class Workload(NamedTuple):
    name: str
    service: str


def is_json_text(value: str) -> bool:
    """Whether a str given as a scenario is JSON text rather than a path."""
    return value.lstrip(_TEXT_LEAD).startswith("{")


def check_path(path: str) -> None:
    """A path with a NUL would name a different file to the C library (the part before the NUL)."""
    if "\0" in path:
        shown = path.replace("\0", "\\0")
        raise InputError("the path contains a NUL character", shown, "", shown)


def dict_to_json(document: Mapping[str, Any]) -> str:
    """A scenario dict as exact JSON text (the only serialisation a dict goes through): Decimals as
    their exact text, floats and other types refused with the key's path. Written by the compiled
    core in one walk, the same walk :class:`Scenario` makes."""
    return _core.Scenario.dict_text(document, DICT_SOURCE)


def _decode(text: bytes, source: str) -> str:
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"invalid UTF-8 at byte {error.start}", source, "", "") from None


def _parse_document(text: str) -> dict[str, Any]:
    # The core has read this text already, so it is valid JSON; numbers become exact Decimals.
    return json.loads(text.lstrip("\ufeff"), parse_float=Decimal)


class Scenario:
    """A scenario (contract ``costmodel/scenario/v1``), parsed and validated once.

    Made from a dict, JSON text or a path (``Scenario(x)``, or :meth:`from_dict`, :meth:`from_json`,
    :meth:`load`); an invalid one is an :class:`InputError` naming the source and the JSON path.
    Pricing it (:func:`costmodel.estimate`) does not parse it again.

    >>> s = Scenario({"schema": "costmodel/scenario/v1", "name": "demo",
    ...               "workloads": [{"name": "f", "service": "fixed", "monthly_cost": "2.50"}]})
    >>> s.name, s.workloads
    ('demo', [Workload(name='f', service='fixed')])
    >>> s.to_dict()["workloads"][0]["monthly_cost"]
    '2.50'
    """

    __slots__ = ("_core", "_document")

    def __init__(self, source: ScenarioInput) -> None:
        if isinstance(source, Scenario):
            self._core: _core.Scenario = source._core
            self._document: dict[str, Any] | None = source._document
        elif isinstance(source, Mapping):
            # One walk gives the text the core parses and the copy to_dict() returns (plain dicts and
            # lists; Decimals stay Decimals).
            self._core, self._document = _core.Scenario.from_dict(source, DICT_SOURCE, os.getcwd())
        elif isinstance(source, str) and is_json_text(source):
            self._core = _core.Scenario.from_json(source, TEXT_SOURCE, os.getcwd())
            self._document = None
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            if not isinstance(path, str):
                raise TypeError("a scenario path must be text, not bytes")
            check_path(path)
            self._core = _core.Scenario.load(path)
            self._document = None
        else:
            raise TypeError(f"a scenario is a dict, a path or JSON text, not {type(source).__name__}")

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Scenario:
        """From a dict in the contract's shape (numbers as Decimal, int or str; never float)."""
        if not isinstance(document, Mapping):
            raise TypeError(f"from_dict() takes a mapping, not {type(document).__name__}")
        return cls(document)

    @classmethod
    def from_json(cls, text: str | bytes, source_name: str = TEXT_SOURCE) -> Scenario:
        """From JSON text (str, or UTF-8 bytes); ``source_name`` names it in errors."""
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as error:
                raise InputError(f"invalid UTF-8 at byte {error.start}", source_name, "", "") from None
        self = cls.__new__(cls)
        self._core = _core.Scenario.from_json(text, source_name, os.getcwd())
        self._document = None
        return self

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Scenario:
        """From a file; a relative ``catalog`` path in it is taken relative to the file's folder."""
        as_path = os.fspath(path)
        if not isinstance(as_path, str):
            raise TypeError("a scenario path must be text, not bytes")
        check_path(as_path)
        self = cls.__new__(cls)
        self._core = _core.Scenario.load(as_path)
        self._document = None
        return self

    @property
    def name(self) -> str:
        return self._core.name

    @property
    def workloads(self) -> list[Workload]:
        """Each workload's name and service, in the document's order."""
        return [Workload(name, service) for name, service in self._core.workloads]

    @property
    def catalog(self) -> str:
        """'builtin', or the path of the catalog the scenario names (a relative one resolved)."""
        return self._core.catalog

    @property
    def source(self) -> str:
        """What errors call it: the file's path, '<scenario dict>' or '<scenario text>'."""
        return self._core.source

    def to_dict(self) -> dict[str, Any]:
        """The document the scenario was made from, in the contract's shape: for a dict, a copy of it
        (Decimals stay Decimals); for text or a file, numbers written as JSON numbers come back as exact
        :class:`decimal.Decimal` (integers as int) and numbers written as strings stay strings. A new
        dict each call."""
        if self._document is None:
            try:
                self._document = _parse_document(_decode(self._core.text, self._core.source))
            except json.JSONDecodeError as error:
                # Text the compiled reader took but Python's does not (today: text after the document).
                raise InputError(f"not one JSON document ({error.msg} at character {error.pos})",
                                 self._core.source, "", "") from None
        return _copy(self._document)

    def to_json(self) -> str:
        """The document's text as it was given (for a dict, its exact JSON text)."""
        return _decode(self._core.text, self._core.source).lstrip("\ufeff")

    def canonical_json(self) -> str:
        """The scenario as the library writes it from its parsed values: every key of every workload
        (defaults filled in, from each service's key list), numbers in plain notation, expressions as
        the values they had. Reading it back gives an equal scenario and the same estimate.

        >>> s = Scenario({"schema": "costmodel/scenario/v1", "name": "x",
        ...               "workloads": [{"name": "f", "service": "fixed", "monthly_cost": "1e2"}]})
        >>> '"monthly_cost": 100' in s.canonical_json()
        True
        """
        return self._core.canonical_json()

    @property
    def parameters(self) -> dict[str, Decimal]:
        """The parameters the document declares, with their values (``{}`` when it declares none)."""
        return dict(self._core.parameters)

    def sweep(self, values: Mapping[str, Any], catalog: Any = None, threads: int | None = None) -> Any:
        """Prices the scenario once per row of parameter values, ``{"users": [100000, 1000000]}``
        (every parameter the same number of values), in C++ on ``threads`` threads (None: every core),
        with the document parsed once. Returns a :class:`~costmodel.Sweep`: tables with a ``variant``
        column, ``to_pandas()`` with the parameter values beside the totals, and ``plot()``."""
        from ._batch import sweep

        return sweep(self, values, catalog, threads)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        services = sorted({w.service for w in self.workloads})
        return f"<Scenario {self.name!r}: {len(self._core.workloads)} workloads ({', '.join(services)})>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.to_json(), self._core.source, self._core.base_dir, self._document))


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def _restore(text: str, source: str, base_dir: str, document: dict[str, Any] | None = None) -> Scenario:
    self = Scenario.__new__(Scenario)
    self._core = _core.Scenario.from_json(text, source, base_dir)
    self._document = _copy(document) if document is not None else None
    return self

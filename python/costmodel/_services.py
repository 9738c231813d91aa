"""The registered services and the keys each takes, from the C++ registry.

>>> import costmodel
>>> lam = costmodel.services()["lambda"]
>>> lam.key("memory_mb").default
'128'
>>> [k.name for k in lam.keys if k.presence == "required"]
['duration_ms']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from . import _core


@dataclass(frozen=True)
class Key:
    """One key of a workload: its kind (``number`` or ``text``), whether a document must give it
    (``required``), may leave it to its ``default``, or may leave it out (``optional``), the rule a
    number must meet (``>= 0``, ``> 0``, ``whole``, ``whole > 0``) and the values a text may take."""

    name: str
    kind: str
    presence: str
    default: str
    rule: str
    choices: tuple[str, ...]
    doc: str


@dataclass(frozen=True)
class Service:
    """A registered service: its scenario name (``"service": name``), what it meters, its keys."""

    name: str
    summary: str
    keys: tuple[Key, ...]

    def key(self, name: str) -> Key:
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(f"service {self.name} has no key {name!r}")

    def _repr_markdown_(self) -> str:
        return key_table(self)


class Services(Mapping[str, Service]):
    """The registered services by name, in the registry's order."""

    def __init__(self, services: list[Service]) -> None:
        self._by_name = {service.name: service for service in services}

    def __getitem__(self, name: str) -> Service:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"no service {name!r} (registered: {', '.join(self._by_name)})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"Services({', '.join(self._by_name)})"


def services() -> Services:
    """The services a scenario may use, with their keys (see docs/services.md)."""
    return Services(
        [
            Service(name, summary, tuple(Key(*key) for key in keys))
            for name, summary, keys in _core.services()
        ]
    )


def _what(key: Key) -> str:
    if key.kind == "number":
        return f"number {key.rule}"
    if key.choices:
        return " \\| ".join(f"`{choice}`" for choice in key.choices)
    return "text"


def key_table(service: Service) -> str:
    """The Markdown table of a service's keys, as docs/services.md shows it."""
    rows = ["| key | value | if absent | meaning |", "|---|---|---|---|"]
    for key in service.keys:
        absent = {"required": "**required**", "optional": "not given"}.get(key.presence, f"`{key.default}`")
        rows.append(f"| `{key.name}` | {_what(key)} | {absent} | {key.doc} |")
    return "\n".join(rows) + "\n"

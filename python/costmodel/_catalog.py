"""Price catalogs: :class:`Catalog`, :func:`builtin_catalog`, :func:`load_catalog`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from . import _core
from ._scenario import check_path


class Catalog:
    """A price catalog: SKUs keyed by service, usage type, region and variant, each with exact price
    tiers and the source that publishes the price.

    Immutable and shared: load it once (:func:`load_catalog`) and pass it to any number of
    :func:`costmodel.estimate` calls; nothing is read again.

    >>> cat = builtin_catalog()
    >>> cat.price("lambda", "requests", variant="x86_64")["tiers"][0]["price"]
    Decimal('0.0000002')
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Catalog) -> None:
        if not isinstance(core, _core.Catalog):
            raise TypeError("use costmodel.builtin_catalog() or costmodel.load_catalog(path)")
        self._core = core

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def effective(self) -> str:
        """The ISO date the catalog's prices are effective from."""
        return self._core.effective

    @property
    def currency(self) -> str:
        return self._core.currency

    @property
    def source(self) -> str:
        """'builtin', or the path it was read from."""
        return self._core.source

    def __len__(self) -> int:
        return len(self._core)

    def price(self, service: str, usage_type: str, region: str = "us-east-1", variant: str = "") -> dict[str, Any]:
        """The SKU's unit, tiers (``from``, ``to`` (None: no bound), ``price``, all exact Decimals) and
        source. A KeyError naming the SKU when the catalog has none."""
        found = self._core.price(service, usage_type, region, variant)
        if found is None:
            key = f"{service}/{usage_type}" + (f"[{variant}]" if variant else "") + f"@{region}"
            raise KeyError(f"catalog {self.id} has no price for {key}")
        return found

    def skus(self, service: str | None = None, *, frame: bool = False) -> Any:
        """Every SKU (or one service's) as a list of dicts, or with ``frame=True`` as a pandas DataFrame
        with one row per tier (prices stay exact Decimals)."""
        entries = self._core.skus(service or "")
        if not frame:
            return entries
        import pandas as pd

        columns = ["service", "usage_type", "region", "variant", "unit", "from", "to", "price", "free_tier", "source"]
        rows = [[e["service"], e["usage_type"], e["region"], e["variant"], e["unit"], t["from"], t["to"], t["price"],
                 e["free_tier"], e["source"]] for e in entries for t in e["tiers"]]
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        return f"<Catalog {self.id!r} ({self.currency}, effective {self.effective}): {len(self)} prices>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self._core.listing_json() == other._core.listing_json()

    __hash__ = None  # type: ignore[assignment]


def builtin_catalog() -> Catalog:
    """The built-in catalog: AWS us-east-1 list prices, each with its source and date."""
    return Catalog(_core.Catalog.builtin())


def load_catalog(
    path: str | os.PathLike[str], *more: str | os.PathLike[str], regions: Sequence[str] | None = None
) -> Catalog:
    """Reads a catalog file: our catalog JSON (docs/catalog-format.md), an AWS Price List offer file, or
    a layers file. The file is read and parsed once, with the GIL released; errors are
    :class:`InputError` (or ValueError) naming the file.

    With several paths (``"builtin"`` among them if wanted), each is read and they are layered in
    order: a later catalog's SKU replaces an earlier one's of the same key, so
    ``load_catalog("builtin", "AmazonEC2.json", "AWSComputeSavingsPlan.json")`` adds the offers' EC2
    prices, reservations and plan rates to the built-in catalog. ``regions`` (default ``["us-east-1"]``)
    are the regions the EC2 and Savings Plans offer files keep; they are read as a stream."""
    paths = []
    for item in (path, *more):
        as_path = os.fspath(item)
        if not isinstance(as_path, str):
            raise TypeError("a catalog path must be text, not bytes")
        if as_path != "builtin":
            check_path(as_path)
        paths.append(as_path)
    if regions is not None:
        if isinstance(regions, str) or not all(isinstance(r, str) for r in regions):
            raise TypeError("regions must be a list of region codes such as ['us-east-1']")
        return Catalog(_core.Catalog.load_layers(paths, list(regions)))
    if len(paths) == 1 and paths[0] != "builtin":
        return Catalog(_core.Catalog.load(paths[0]))
    return Catalog(_core.Catalog.load_layers(paths))

"""The lease commands of the command line: ``costmodel lease-report``, ``costmodel leases ...`` and
``costmodel chargeback``. Each command lives in its own module, which adds its parser with
``add_arguments(sub)`` and sets ``run`` (a function of the parsed arguments returning the text to print)
as the parser's default; costmodel.cli calls it."""

from __future__ import annotations

import importlib
from typing import Any

# The modules that add top-level commands (add_arguments(sub)), and those that add `costmodel leases` commands.
COMMAND_MODULES: list[str] = [
    "._cli_chargeback",
    "._cli_report",
]
LEASES_COMMAND_MODULES: list[str] = [
    "._cli_chargeback",
    "._cli_store",
    "._cli_collect",
]


def add_commands(sub: Any) -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name, __package__).add_arguments(sub)
    if LEASES_COMMAND_MODULES:
        leases = sub.add_parser("leases", help="lease cost tracking: store, collection, checks (docs/leases.md)")
        leases_sub = leases.add_subparsers(dest="leases_command", required=True)
        for name in LEASES_COMMAND_MODULES:
            importlib.import_module(name, __package__).add_arguments(leases_sub)

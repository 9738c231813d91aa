"""Every notebook in notebooks/ runs from top to bottom without an error.

Each notebook is executed with nbclient in a fresh python3 kernel (120 s per cell), with the working
directory at the repository root and, since a reader may open it from there, at notebooks/. The
notebooks are kept in git without outputs; this test does not write the executed copies back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT_SECONDS = 120


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/ holds no .ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert not cell.get("outputs"), f"{path.name}: cell {index} has outputs; clear them before committing"
            assert cell.get("execution_count") is None, f"{path.name}: cell {index} has an execution count"


@pytest.mark.parametrize("cwd", ["root", "notebooks"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, cwd: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    working_directory = ROOT if cwd == "root" else path.parent
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(working_directory)}},
    )
    # Raises nbclient.exceptions.CellExecutionError (naming the cell and the error) on any error.
    client.execute()

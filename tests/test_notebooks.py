"""The notebooks: a course a newcomer follows top to bottom, executed here from scratch, using
only the public API, committed with their outputs and linked from the README."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_course_has_five_notebooks():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_from_scratch(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(
        notebook, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()  # fmt: skip
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_with_outputs_and_uses_the_public_api(path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs or cell.source.startswith("shutil.rmtree") for cell in code)
    source = "\n".join(c.source for c in code)
    imports = re.findall(r"^\s*(?:from|import) regiongraph[.\w]*", source, re.M)
    assert set(i.strip() for i in imports) <= {"import regiongraph", "from regiongraph"}
    private = re.findall(r"\brg\._\w+|\bdiagrams\._\w+", "\n".join(c.source for c in code))
    assert private == []


def test_readme_links_every_notebook():
    text = README.read_text("utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in text, path.name
    assert "jupyter lab notebooks/" in text

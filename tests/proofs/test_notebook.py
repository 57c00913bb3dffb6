"""The tutorial notebook runs top to bottom (nbclient, the ``notebook`` extra), so it never goes
stale: every cell asserts what it shows, and the results display as rich HTML or Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import require_module

NOTEBOOK = Path(__file__).resolve().parents[2] / "proofs" / "notebooks" / "tutorial.ipynb"


def test_the_tutorial_is_committed_without_outputs():
    nbformat = require_module("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.heavy
def test_the_tutorial_runs_top_to_bottom_and_its_results_display_richly(tmp_path):
    nbformat = require_module("nbformat")
    nbclient = require_module("nbclient")
    require_module("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell (an assert)
    results = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "execute_result"
    ]
    plain = [output.data["text/plain"] for output in results]
    rich = [output for output in results if {"text/html", "text/markdown"} & set(output.data)]
    for head in ("ZeroInitProof(holds", "InvarianceVerdict(invariant",
                 "InvarianceVerdict(not invariant", "HiddenSymmetryProof(holds",
                 "EtaVerdict('weight-decay', 'proved')"):  # fmt: skip
        assert any(text.startswith(head) for text in plain), head
    assert all("\n" not in text for text in plain if not text.startswith("array("))
    assert len(rich) >= 8
    images = [
        o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert images, "the phase diagram is drawn"

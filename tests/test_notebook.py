"""The example notebook runs from top to bottom, and shows tables and pictures."""

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT


def test_tour_notebook_runs(tmp_path: object) -> None:
    """Every cell of docs/notebooks/tour.ipynb runs without error."""
    notebook = nbformat.read(  # type: ignore[no-untyped-call]
        ROOT / "docs" / "notebooks" / "tour.ipynb", as_version=4
    )
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    ).execute()
    outputs = [
        o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
    ]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert (
        len(html) >= 4
    )  # the strategy, an element, the coverage table, the overlay, the diff
    assert len(pictures) == 2

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
    # What each code cell must show, in order: HTML for ncts objects and tables,
    # a PNG for each plot, plain text for lists and tuples.
    expected = [
        ("strategy = ncts.load()", "text/html"),  # the strategy
        ('strategy["VK6"]', "text/html"),  # one element
        ("ncts.connected(", "text/plain"),
        ("ncts.search(strategy, ", "text/plain"),
        ("ncts.to_dataframe(ncts.coverage(", "text/html"),  # the coverage table
        ("ncts.gaps(strategy, stated_only=True)", "text/plain"),
        ('ncts.plot(strategy, lang="en")', "image/png"),
        ("ncts.load_overlay(", "text/html"),  # the overlay
        ("ncts.gaps(strategy, overlays=[overlay])", "text/plain"),
        ('ncts.plot(strategy, lang="en", overlays=', "image/png"),
        ("edited = ncts.loads(", "text/html"),  # the diff
    ]
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(cells) == len(expected)
    for cell, (source, kind) in zip(cells, expected, strict=True):
        assert source in cell.source
        assert [o.output_type for o in cell.outputs] != []
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        [output] = cell.outputs
        assert kind in output.get("data", {}), (cell.source, output)
        if kind == "text/html":
            assert "<" in output["data"][kind]
        if kind == "image/png":
            assert len(output["data"][kind]) > 10_000  # a real picture, base64

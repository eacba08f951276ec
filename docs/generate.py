"""Regenerate the documentation pages that are made from the data.

Run from the repository root: ``python docs/generate.py``. The test suite fails when
a generated page is out of date.
"""

import re
from pathlib import Path

import ncts
from ncts._docs import cli_reference, id_reference
from ncts._export import export_text
from ncts._json import dump_json

DOCS = Path(__file__).resolve().parent

#: How the IDs of the bundled strategy are made.
ID_SCHEME = """\
The scheme: `G1`-`G4` goals; `FT1`-`FT3` focus themes (extra aandacht); areas by
the first letters of their Dutch name (`VW` Verwerven, `VK` Voorkomen, `VB`
Voorbereiden, `VV` Vervolgen); speerpunten as their area's ID and their place in
the area's list in the 2022 summary (`VK6` is the sixth speerpunt of Voorkomen
there); links `L1`, `L2`, ... in the order of data 1.1.0. Sources are named after
their publisher and what they are (`nctv-samenvatting`, the NCTV's summary).

What an ID stands for is fixed (see [versioning](versioning.md)): a speerpunt's ID
names its text in the 2022 summary, and positions are never renumbered; a goal's ID
names the main goal of one area (`G1` is the main goal of Verwerven, whatever its
wording); a link's ID names what it joins and how. The type column gives a goal's
status (quoted from a source, or modelled) and a source's role.
"""


def fill(page: Path, name: str, text: str) -> str:
    """Return a page with the region between its markers for *name* set to *text*."""
    pattern = re.compile(
        rf"(<!-- generated: {name} -->\n).*?(<!-- end generated -->)", re.DOTALL
    )
    current = page.read_text(encoding="utf-8")
    if not pattern.search(current):
        raise SystemExit(f"{page}: no <!-- generated: {name} --> region")
    return pattern.sub(lambda m: m.group(1) + text + m.group(2), current)


def pages() -> dict[Path, str]:
    """Return every generated page, by its path, with the text it should have."""
    strategy = ncts.load()
    schema = dump_json(ncts.json_schema())
    overlay = dump_json(ncts.json_schema("overlay"))
    mermaid = "```mermaid\n" + export_text(strategy, "mermaid") + "```\n"
    return {
        DOCS / "ids.md": id_reference(strategy, intro=ID_SCHEME),
        DOCS / "schema" / "strategy.schema.json": schema,
        DOCS / "schema" / "overlay.schema.json": overlay,
        DOCS / "graph.md": fill(DOCS / "graph.md", "mermaid", mermaid),
        DOCS / "cli.md": cli_reference(),
    }


def pictures() -> None:
    """Draw the pictures of the bundled strategy (needs matplotlib).

    ncts.plot makes a figure that fits the drawing, so a plain savefig is used; the
    6 by 4 inch pictures show the plot on an ordinary axes (docs/plots.md).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    strategy = ncts.load()
    overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    for name, overlays in (("ncts-en.png", None), ("ncts-overlay.png", [overlay])):
        ax = ncts.plot(strategy, lang="en", overlays=overlays)
        ax.figure.savefig(DOCS / "images" / name, dpi=110)
        plt.close("all")
    for lang in ("nl", "en"):
        ax = ncts.plot(strategy, lang=lang)
        ax.figure.savefig(DOCS / "images" / f"plot-default-{lang}.png", dpi=100)
        plt.close("all")
        figure, ax = plt.subplots(figsize=(6, 4))
        ncts.plot(strategy, ax=ax, lang=lang)
        figure.savefig(DOCS / "images" / f"plot-6x4-{lang}.png", dpi=150)
        plt.close("all")


if __name__ == "__main__":
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
    pictures()

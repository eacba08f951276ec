"""Regenerate the documentation pages that are made from the data.

Run from the repository root: ``python docs/generate.py``. The test suite fails when
a generated page is out of date.
"""

import json
from pathlib import Path

import ncts
from ncts._docs import id_reference

DOCS = Path(__file__).resolve().parent

#: How the IDs of the bundled strategy are made.
ID_SCHEME = """\
The scheme: `G1`-`G4` goals; `FT1`-`FT3` focus themes (extra aandacht); areas by
the first letters of their Dutch name (`VW` Verwerven, `VK` Voorkomen, `VB`
Voorbereiden, `VV` Vervolgen); speerpunten as their area's ID and their place in
the area's list (`VK6` is the sixth speerpunt of Voorkomen). Sources are named
after their publisher and what they are (`nctv-samenvatting`, the NCTV's summary).
"""


def pages() -> dict[Path, str]:
    """Return every generated page, by its path, with the text it should have."""
    schema = json.dumps(ncts.json_schema(), indent=2, ensure_ascii=False) + "\n"
    return {
        DOCS / "ids.md": id_reference(ncts.load(), intro=ID_SCHEME),
        DOCS / "schema" / "strategy.schema.json": schema,
    }


if __name__ == "__main__":
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")

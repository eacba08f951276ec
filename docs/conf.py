"""Sphinx configuration: furo and MyST, as attrs and cattrs use; warnings are errors in CI."""

import ncts

project = "ncts"
author = "The ncts developers"
copyright = "2026, the ncts developers"
version = release = ncts.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "notebooks", "examples", "schema", "images/*.md"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
# Mermaid blocks are for GitHub's renderer; Sphinx shows them as text, and the
# picture made by ncts.plot stands beside them.
suppress_warnings = ["myst.xref_missing", "misc.highlighting_failure"]

html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["ncts.css"]
html_title = f"ncts {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
intersphinx_mapping: dict[str, tuple[str, None]] = {}


def _signature(
    app: object,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """Write an empty frozenset default as Python does: Sphinx writes frozenset({})."""
    if signature is not None:
        signature = signature.replace("frozenset({})", "frozenset()")
    return signature, return_annotation


def setup(app: object) -> None:
    """Connect the signature fix to autodoc."""
    app.connect("autodoc-process-signature", _signature)  # type: ignore[attr-defined]

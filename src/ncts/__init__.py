"""ncts: the Dutch National Counterterrorism Strategy 2022-2026 as typed data.

>>> import ncts
>>> strategy = ncts.load()
>>> strategy["VK6"].text.en
'Approach to potentially violent extremist lone actors.'
"""

# Import-time helpers get a leading underscore, so that every public name of the
# package is in __all__ (tests/test_schema_and_docs.py checks it).
import importlib as _importlib
import typing as _typing

# _display gives the model's classes their HTML tables for Jupyter (_repr_html_).
from . import _display  # noqa: F401
from ._errors import (
    FileError,
    FormatError,
    InternalError,
    NctsError,
    ParseError,
    Problem,
    QueryError,
    UnknownIdError,
    ValidationError,
)
from ._io import dump, dumps, example_path, load, loads
from ._model import (
    Adoption,
    Aim,
    Area,
    Basis,
    Citation,
    Element,
    Erratum,
    ErratumKind,
    FocusTheme,
    Goal,
    GoalStatus,
    Kind,
    Link,
    LinkType,
    Period,
    Source,
    SourceRole,
    Speerpunt,
    Strategy,
    Text,
)
from ._version import __version__

if _typing.TYPE_CHECKING:
    from ._analysis import (
        Counts,
        Coverage,
        Gaps,
        Ranking,
        Work,
        centrality,
        counts,
        coverage,
        gaps,
        to_dataframe,
        work,
    )
    from ._diff import Change, Diff, FieldChange, diff
    from ._export import export
    from ._graph import from_graph, to_graph
    from ._overlay import (
        Document,
        EditionWarning,
        Indicator,
        Overlay,
        Record,
        RecordKind,
        Status,
        combine,
        load_overlay,
        loads_overlay,
        resolve,
    )
    from ._plot import plot
    from ._query import (
        Connection,
        Edge,
        by_kind,
        connected,
        paths,
        stated_view,
    )
    from ._schema import json_schema
    from ._search import SearchHit

# Imported when first used (PEP 562), as attrs does: `import ncts` and `ncts.load()`
# stay light, and networkx, matplotlib and pandas load only when asked for.
_LAZY = {
    "Counts": "_analysis",
    "Coverage": "_analysis",
    "Gaps": "_analysis",
    "Ranking": "_analysis",
    "Work": "_analysis",
    "centrality": "_analysis",
    "counts": "_analysis",
    "coverage": "_analysis",
    "gaps": "_analysis",
    "to_dataframe": "_analysis",
    "work": "_analysis",
    "Change": "_diff",
    "Diff": "_diff",
    "FieldChange": "_diff",
    "diff": "_diff",
    "export": "_export",
    "from_graph": "_graph",
    "to_graph": "_graph",
    "Document": "_overlay",
    "EditionWarning": "_overlay",
    "Indicator": "_overlay",
    "Overlay": "_overlay",
    "Record": "_overlay",
    "RecordKind": "_overlay",
    "Status": "_overlay",
    "combine": "_overlay",
    "load_overlay": "_overlay",
    "loads_overlay": "_overlay",
    "resolve": "_overlay",
    "plot": "_plot",
    "Connection": "_query",
    "Edge": "_query",
    "by_kind": "_query",
    "connected": "_query",
    "paths": "_query",
    "stated_view": "_query",
    "json_schema": "_schema",
    "SearchHit": "_search",
}

__all__ = [
    "Adoption",
    "Aim",
    "Area",
    "Basis",
    "Change",
    "Citation",
    "Connection",
    "Counts",
    "Coverage",
    "Diff",
    "Document",
    "Edge",
    "EditionWarning",
    "Element",
    "Erratum",
    "ErratumKind",
    "FieldChange",
    "FileError",
    "FocusTheme",
    "FormatError",
    "Gaps",
    "Goal",
    "GoalStatus",
    "Indicator",
    "InternalError",
    "Kind",
    "Link",
    "LinkType",
    "NctsError",
    "Overlay",
    "ParseError",
    "Period",
    "Problem",
    "QueryError",
    "Ranking",
    "Record",
    "RecordKind",
    "SearchHit",
    "Source",
    "SourceRole",
    "Speerpunt",
    "Status",
    "Strategy",
    "Text",
    "UnknownIdError",
    "ValidationError",
    "Work",
    "__version__",
    "by_kind",
    "centrality",
    "combine",
    "connected",
    "counts",
    "coverage",
    "diff",
    "dump",
    "dumps",
    "example_path",
    "export",
    "from_graph",
    "gaps",
    "json_schema",
    "load",
    "load_overlay",
    "loads",
    "loads_overlay",
    "paths",
    "plot",
    "resolve",
    "stated_view",
    "to_dataframe",
    "to_graph",
    "work",
]


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ncts' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"ncts.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

"""ncts: the Dutch National Counterterrorism Strategy 2022-2026 as typed data.

>>> import ncts
>>> strategy = ncts.load()
>>> strategy["VK6"].text.en
'Approach to potentially violent extremist lone actors.'
"""

from ._analysis import (
    Coverage,
    centrality,
    counts,
    coverage,
    gaps,
    to_dataframe,
    work,
)
from ._diff import Change, Diff, FieldChange, diff
from ._errors import (
    FileError,
    FormatError,
    NctsError,
    ParseError,
    Problem,
    UnknownIdError,
    ValidationError,
)
from ._export import export
from ._graph import from_graph, to_graph
from ._io import dump, dumps, example_path, load, loads
from ._model import (
    Area,
    Basis,
    Citation,
    Element,
    Erratum,
    FocusTheme,
    Goal,
    Kind,
    Link,
    LinkType,
    Period,
    Source,
    Speerpunt,
    Strategy,
    Text,
)
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
from ._query import Connection, Edge, QueryError, by_kind, connected, paths, stated_view
from ._schema import json_schema
from ._search import SearchHit
from ._version import __version__

__all__ = [
    "Area",
    "Basis",
    "Change",
    "Citation",
    "Connection",
    "Coverage",
    "Diff",
    "Document",
    "Edge",
    "EditionWarning",
    "Element",
    "Erratum",
    "FieldChange",
    "FileError",
    "FocusTheme",
    "FormatError",
    "Goal",
    "Indicator",
    "Kind",
    "Link",
    "LinkType",
    "NctsError",
    "Overlay",
    "ParseError",
    "Period",
    "Problem",
    "QueryError",
    "Record",
    "RecordKind",
    "SearchHit",
    "Source",
    "Speerpunt",
    "Status",
    "Strategy",
    "Text",
    "UnknownIdError",
    "ValidationError",
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

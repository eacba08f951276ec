"""ncts: the Dutch National Counterterrorism Strategy 2022-2026 as typed data.

``ncts.load()`` gives the bundled strategy, a mapping from ID to element:
``ncts.load()["VK6"].text.en`` is the English text of speerpunt VK6. Every public
name is documented, with examples, in the API reference (docs/api.md).
"""

# Import-time helpers get a leading underscore, so that every public name of the
# package is in __all__ (tests/test_schema_and_docs.py checks it).
import importlib as _importlib
import inspect as _inspect
import sys as _sys
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
        work,
    )
    from ._dataframe import to_dataframe
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
    from ._search import SearchHit, search

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
    "to_dataframe": "_dataframe",
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
    "search": "_search",
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
    "search",
    "stated_view",
    "to_dataframe",
    "to_graph",
    "work",
]


#: The module that defines each public class and function, now that its __module__
#: is "ncts": where its string annotations are to be read (.ci/api_compat.py).
_HOMES: dict[object, str] = {}


def _publish(name: str, value: object) -> None:
    """Show a public class or function as ``ncts.<name>``, wherever it is defined.

    Tracebacks, reprs, ``help``, the API reference and pickles name an object by its
    ``__module__``: ``ncts.UnknownIdError``, not ``ncts._errors.UnknownIdError``. Two
    things look in the module that ``__module__`` names, and keep working: the
    class's type hints are resolved first, in the module that defines it
    (``typing.get_type_hints``, and so attrs and cattrs, read them there); and the
    object is listed in that module's ``__test__``, where doctest finds its examples.
    """
    if not (isinstance(value, type) or _inspect.isfunction(value)):
        return  # __version__, and the Element type alias
    if value.__module__ == __name__:
        return
    home = vars(_sys.modules[value.__module__])
    own = vars(value).get("__annotations__")
    if isinstance(value, type) and own:
        hints = _typing.get_type_hints(value)
        value.__annotations__ = {key: hints[key] for key in own}
    home.setdefault("__test__", {})[name] = value
    _HOMES[value] = value.__module__
    value.__module__ = __name__


def _publish_loaded() -> None:
    """Publish the public names of every module loaded so far."""
    for name, module in _LAZY.items():
        loaded = _sys.modules.get(f"ncts.{module}")
        if loaded is not None:
            _publish(name, getattr(loaded, name))


for _name in __all__:
    if _name not in _LAZY:
        _publish(_name, globals()[_name])
_publish_loaded()


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        # A deprecated name warns and gives its new object; others are an error.
        from ._deprecate import renamed

        return renamed(__name__, name)
    value = getattr(_importlib.import_module(f"ncts.{module}"), name)
    # The module may have loaded others (_analysis loads _query): publish theirs too.
    _publish_loaded()
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

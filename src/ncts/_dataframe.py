"""Tables for analysts: any ncts result, or any collection of its objects, as a DataFrame.

One function, :func:`to_dataframe`, goes by the type of what it is given, never by
its shape: a strategy (one row per element), an overlay (one row per record), a
typed result (:class:`~ncts.Coverage`, :class:`~ncts.Gaps`, :class:`~ncts.Work`,
:class:`~ncts.Counts`, :class:`~ncts.Ranking`), or an iterable of elements, links,
search hits, connections or overlay records. Columns have pandas types: ``string``
for text and IDs, ``category`` for the closed vocabularies (element types, link
types, bases, languages, kinds of record, statuses), ``Int64`` for counts and
percentages, ``float64`` for scores, ``datetime64`` for dates, and Python lists for
list-valued fields (a speerpunt's kinds, a record's addresses and tags). Missing
values are ``<NA>``.

pandas is the optional extra ``ncts[pandas]``; nothing here imports it before a
table is asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from ._analysis import Counts, Coverage, Gaps, Ranking, Work
from ._checks import check_type
from ._deprecate import DEPRECATIONS
from ._errors import QueryError
from ._fields import article
from ._model import (
    Area,
    Basis,
    Element,
    FocusTheme,
    Goal,
    Kind,
    Link,
    LinkType,
    Source,
    Speerpunt,
    Strategy,
    label,
)
from ._query import Connection
from ._search import SearchHit

if TYPE_CHECKING:
    import pandas

    from ._overlay import Record

__all__ = ["ELEMENT_TYPES", "Table", "to_dataframe"]

#: The element types, in the order the document has them: the categories of ``type``.
ELEMENT_TYPES: tuple[str, ...] = (
    "strategy",
    "source",
    "focus_theme",
    "goal",
    "area",
    "speerpunt",
)
_ELEMENTS = (Strategy, Source, FocusTheme, Goal, Area, Speerpunt)

#: The tables of a strategy that the deprecated ``of=`` named.
Table: TypeAlias = Literal["speerpunten", "links", "elements"]

_ACCEPTED = (
    "to_dataframe takes a Strategy, an Overlay, a result of coverage, gaps, work, "
    "counts or centrality, or an iterable of elements, links, search hits "
    "(ncts.search), connections (ncts.connected) or overlay records"
)


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        if exc.name != "pandas":
            raise
        raise ImportError(
            "to_dataframe needs pandas: pip install 'ncts[pandas]'"
        ) from exc
    return pd


# Column builders: each turns a list of Python values into a typed pandas array.
def _text(values: list[str | None]) -> Any:
    return _pandas().array(values, dtype="string")


def _category(values: list[str | None], categories: Iterable[str]) -> Any:
    return _pandas().Categorical(values, dtype=_category_type(tuple(categories)))


@functools.cache
def _category_type(categories: tuple[str, ...]) -> Any:
    """One dtype per vocabulary: pandas checks its categories once, not per table."""
    return _pandas().CategoricalDtype(list(categories))


def _whole(values: list[int | None]) -> Any:
    return _pandas().array(values, dtype="Int64")


def _lists(values: list[list[str]]) -> Any:
    import numpy as np  # pandas needs it, so it is there when pandas is

    column = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):  # one by one: numpy would unpack the lists
        column[i] = value
    return column


def _dates(values: list[Any]) -> Any:
    pd = _pandas()
    return pd.array(pd.to_datetime(pd.Series(values, dtype=object)))


def _frame(
    columns: dict[str, Any], index: tuple[str, list[str]] | None = None
) -> pandas.DataFrame:
    pd = _pandas()
    if index is None:
        frame = pd.DataFrame(columns)
    else:
        name, values = index
        frame = pd.DataFrame(columns, index=pd.Index(values, dtype="string", name=name))
    return cast("pandas.DataFrame", frame)


_KINDS = tuple(Kind)  # in their own order (iterating the enum each time is slow)


def _kinds(element: Element) -> list[str]:
    if not isinstance(element, Speerpunt) or not element.kinds:
        return []
    return [k.value for k in _KINDS if k in element.kinds]


def _elements_frame(
    elements: list[Element], strategy: Strategy | None
) -> pandas.DataFrame:
    areas = {} if strategy is None else _areas(strategy)

    def area(element: Element) -> str | None:
        if strategy is None or not isinstance(element, Speerpunt):
            return None
        # A speerpunt of another strategy is an UnknownIdError, from area_of.
        return areas.get(element.id) or strategy.area_of(element).id

    labels = [
        (e.title, None) if isinstance(e, Source) else (label(e).nl, label(e).en)
        for e in elements
    ]
    return _frame(
        {
            "type": _category([e.element_type for e in elements], ELEMENT_TYPES),
            "label_nl": _text([nl for nl, _ in labels]),
            "label_en": _text([en for _, en in labels]),
            "area": _text([area(e) for e in elements]),
            "kinds": _lists([_kinds(e) for e in elements]),
        },
        index=("id", [e.id for e in elements]),
    )


def _areas(strategy: Strategy) -> dict[str, str]:
    return {sp.id: area.id for area in strategy.areas for sp in area.speerpunten}


def _links_frame(links: list[Link], strategy: Strategy | None) -> pandas.DataFrame:
    return _frame(
        {
            "id": _text([link.id for link in links]),
            "source": _text([link.source for link in links]),
            "target": _text([link.target for link in links]),
            "type": _category([link.type.value for link in links], _values(LinkType)),
            "basis": _category([link.basis.value for link in links], _values(Basis)),
            "rationale": _text([link.rationale for link in links]),
        }
    )


def _hits_frame(hits: list[SearchHit], strategy: Strategy | None) -> pandas.DataFrame:
    return _frame(
        {
            "id": _text([hit.element.id for hit in hits]),
            "type": _category(
                [hit.element.element_type for hit in hits], ELEMENT_TYPES
            ),
            "field": _text([hit.field for hit in hits]),
            "lang": _category([hit.lang for hit in hits], ("nl", "en")),
            "snippet": _text([hit.snippet for hit in hits]),
            "score": _pandas().array([hit.score for hit in hits], dtype="float64"),
        }
    )


def _connections_frame(
    connections: list[Connection], strategy: Strategy | None
) -> pandas.DataFrame:
    return _frame(
        {
            "id": _text([c.id for c in connections]),
            "type": _category(
                [c.element.element_type for c in connections], ELEMENT_TYPES
            ),
            "basis": _category([c.basis.value for c in connections], _values(Basis)),
            "routes": _whole([len(c.routes) for c in connections]),
        }
    )


def _records_frame(
    records: list[Record], strategy: Strategy | None
) -> pandas.DataFrame:
    from ._overlay import RecordKind, Status

    return _frame(
        {
            "title": _text([r.title for r in records]),
            "kind": _category([r.kind.value for r in records], _values(RecordKind)),
            "addresses": _lists([list(r.addresses) for r in records]),
            "status": _category(
                [None if r.status is None else r.status.value for r in records],
                _values(Status),
            ),
            "progress": _whole([r.progress for r in records]),
            "owner": _text([r.owner for r in records]),
            "start": _dates([r.start for r in records]),
            "end": _dates([r.end for r in records]),
            "tags": _lists([list(r.tags) for r in records]),
        },
        index=("id", [r.id for r in records]),
    )


def _values(enum_type: Iterable[Any]) -> list[str]:
    return [member.value for member in enum_type]


def _coverage_frame(coverage: Coverage) -> pandas.DataFrame:
    pd = _pandas()
    frame = pd.DataFrame(
        [list(row) for row in coverage.matrix],
        index=pd.Index(coverage.rows, dtype="string", name=coverage.row_type),
        columns=pd.Index(coverage.columns, dtype="string", name=coverage.column_type),
        dtype="Int64",
    )
    return cast("pandas.DataFrame", frame)


def _gaps_frame(gaps: Gaps) -> pandas.DataFrame:
    pairs = [(kind, id) for kind, ids in gaps.items() for id in ids]
    return _frame(
        {
            "type": _category([kind for kind, _ in pairs], ELEMENT_TYPES),
            "id": _text([id for _, id in pairs]),
        }
    )


def _work_frame(work: Work) -> pandas.DataFrame:
    pairs = [(id, record) for id, records in work.items() for record in records]
    return _frame(
        {
            "id": _text([id for id, _ in pairs]),
            "record": _text([record for _, record in pairs]),
        }
    )


def _counts_frame(counts: Counts) -> pandas.DataFrame:
    rows = [(g, k, v) for g, inner in counts.items() for k, v in inner.items()]
    return _frame(
        {
            "group": _category([g for g, _, _ in rows], list(counts)),
            "key": _text([k for _, k, _ in rows]),
            "count": _whole([v for _, _, v in rows]),
        }
    )


def _ranking_frame(ranking: Ranking) -> pandas.DataFrame:
    return _frame(
        {
            "id": _text([id for id, _ in ranking]),
            "score": _pandas().array([score for _, score in ranking], dtype="float64"),
        }
    )


#: The table of each typed result.
_RESULTS: dict[type, Callable[[Any], pandas.DataFrame]] = {
    Coverage: _coverage_frame,
    Gaps: _gaps_frame,
    Work: _work_frame,
    Counts: _counts_frame,
    Ranking: _ranking_frame,
}


def _rows_of(
    data: object,
) -> tuple[str, list[Any], Callable[[list[Any], Strategy | None], pandas.DataFrame]]:
    """Say what kind of rows *data* holds, and return them as a list.

    Raises TypeError, naming what was passed and what is accepted, for anything
    else (text, a dict, IDs, a mixture of kinds).
    """
    from ._overlay import Record

    kinds: tuple[tuple[str, type | tuple[type, ...], Any], ...] = (
        ("elements", _ELEMENTS, _elements_frame),
        ("links", Link, _links_frame),
        ("search hits", SearchHit, _hits_frame),
        ("connections", Connection, _connections_frame),
        ("overlay records", Record, _records_frame),
    )
    what = type(data).__name__
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Iterable):
        raise TypeError(f"{_ACCEPTED}; got {what}")
    items = list(data)
    if not items:
        return "nothing", [], lambda rows, strategy: _frame({})
    for name, types, build in kinds:
        if isinstance(items[0], types):
            for i, item in enumerate(items):
                if not isinstance(item, types):
                    raise TypeError(
                        f"to_dataframe takes {name} of one kind at a time, got a "
                        f"{what} that mixes {type(items[0]).__name__} (item 0) and "
                        f"{type(item).__name__} (item {i})"
                    )
            return name, items, build
    hint = ""
    if isinstance(items[0], str):
        hint = ": IDs are not elements (strategy[id] is the element of an ID)"
    raise TypeError(
        f"{_ACCEPTED}; got a {what} whose item 0 is "
        f"{article(type(items[0]).__name__)}{hint}"
    )


def to_dataframe(
    data: Any, of: Table | None = None, *, strategy: Strategy | None = None
) -> pandas.DataFrame:
    """Return a pandas DataFrame of a strategy, an overlay, a result, or ncts objects.

    Needs the optional extra ``ncts[pandas]``. It goes by the type of *data*, never
    by its shape, and gives one row per:

    - **element**, for a :class:`~ncts.Strategy` (every element, in document order)
      or any iterable of elements (``strategy.speerpunten``, :func:`~ncts.by_kind`):
      indexed by ``id``; ``type`` (category), ``label_nl`` and ``label_en``
      (string: the title, name or text), ``area`` (the area of a speerpunt, when
      the strategy is known), ``kinds`` (a list of the speerpunt's kinds, in the
      order of :class:`~ncts.Kind`; empty for other elements);
    - **link**, for an iterable of links (``strategy.links``): ``id``, ``source``,
      ``target``, ``type`` and ``basis`` (categories), ``rationale``;
    - **search hit**, for the result of :func:`~ncts.search`: ``id``, ``type``,
      ``field``, ``lang`` (category), ``snippet``, ``score`` (float64);
    - **connection**, for the result of :func:`~ncts.connected`: ``id``, ``type``,
      ``basis``, ``routes`` (how many, Int64);
    - **overlay record**, for an :class:`~ncts.Overlay` or its records: indexed by
      ``id``; ``title``, ``kind`` and ``status`` (categories), ``addresses`` and
      ``tags`` (lists), ``progress`` (Int64), ``owner``, ``start`` and ``end``
      (datetime64);
    - **result row**: :func:`~ncts.coverage` gives its matrix (rows by columns, Int64),
      :func:`~ncts.gaps` ``type`` and ``id``, :func:`~ncts.work` ``id`` and
      ``record``, :func:`~ncts.counts` ``group``, ``key`` and ``count``,
      :func:`~ncts.centrality` ``id`` and ``score``, in the result's order.

    Parameters
    ----------
    data
        What to tabulate (see above). An empty iterable gives an empty DataFrame
        with no columns: it does not say what its rows would have been.
    of : {"speerpunten", "links", "elements"}, optional
        Deprecated since 0.1.0, removed in 1.0.0: a strategy is one row per
        element; ``to_dataframe(strategy.links)`` gives the links, and
        ``to_dataframe(strategy.speerpunten, strategy=strategy)`` the speerpunten.
    strategy : Strategy, optional
        The strategy that iterable elements come from, which fills their ``area``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    TypeError
        If *data* is none of these, naming what was passed and what is accepted.
    ImportError
        If pandas is not installed, saying how to install it.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> elements = ncts.to_dataframe(s)
    >>> elements.loc["VK6", ["type", "area"]].tolist(), elements.loc["VK6", "kinds"]
    (['speerpunt', 'VK'], ['development', 'innovation'])
    >>> elements[elements["type"] == "area"].index.tolist()
    ['VW', 'VK', 'VB', 'VV']
    >>> str(elements["type"].dtype), str(elements["label_en"].dtype)
    ('category', 'string')
    >>> ncts.to_dataframe(s.links).columns.tolist()
    ['id', 'source', 'target', 'type', 'basis', 'rationale']
    >>> hits = ncts.to_dataframe(ncts.search(s, "reintegratie"))
    >>> hits[["id", "field"]].head(2).values.tolist()
    [['FT3', 'text.nl'], ['VV4', 'text.nl']]
    >>> hits.join(elements["area"], on="id")["area"].head(3).tolist()
    [<NA>, 'VV', <NA>]
    >>> int(ncts.to_dataframe(ncts.coverage(s, "area", "goal")).loc["VK", "G2"])
    1
    >>> ncts.to_dataframe({"goal": ("G1",)})
    Traceback (most recent call last):
    ...
    TypeError: to_dataframe takes a Strategy, an Overlay, a result of coverage, gaps, work, counts or centrality, or an iterable of elements, links, search hits (ncts.search), connections (ncts.connected) or overlay records; got dict
    """
    if strategy is not None:
        check_type(strategy, Strategy, "strategy")
    if of is not None:
        return _deprecated_table(data, of, strategy)
    result = _RESULTS.get(type(data))
    if result is not None:
        _no_strategy(strategy, "a result")
        _pandas()
        return result(data)
    if isinstance(data, Strategy):
        _no_strategy(strategy, "a strategy, which is its own")
        _pandas()
        return _elements_frame(list(data.values()), data)
    from ._overlay import Overlay

    if isinstance(data, Overlay):
        _no_strategy(strategy, "an overlay")
        _pandas()
        return _records_frame(list(data.records), None)
    name, rows, build = _rows_of(data)
    if strategy is not None and name not in ("elements", "nothing"):
        _no_strategy(strategy, name)
    _pandas()
    return build(rows, strategy)


def _no_strategy(strategy: Strategy | None, what: str) -> None:
    if strategy is not None:
        raise TypeError(
            f"strategy= fills the area of iterable elements; it is not for {what}"
        )


_TABLES: tuple[str, ...] = ("speerpunten", "links", "elements")


def _deprecated_table(
    data: object, of: str, strategy: Strategy | None
) -> pandas.DataFrame:
    """Return the table ``of=`` names, as the call that replaces it gives it."""
    if not isinstance(data, Strategy):
        raise TypeError(
            f"of= names a table of a Strategy (and is deprecated), not of "
            f"{type(data).__name__}"
        )
    if of not in _TABLES:
        raise QueryError(
            f"of={of!r}: for a strategy, use one of {', '.join(map(repr, _TABLES))} "
            "(deprecated: see to_dataframe's documentation)"
        )
    # Frames up from here: this function, to_dataframe, the caller.
    DEPRECATIONS[f"ncts.to_dataframe(of={of!r})"].warn(stacklevel=3)
    if of == "elements":
        return to_dataframe(data)
    if of == "links":
        return to_dataframe(data.links)
    return to_dataframe(data.speerpunten, strategy=data)

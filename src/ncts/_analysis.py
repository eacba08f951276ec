"""Analysis helpers for notebooks: coverage, gaps, counts and centrality.

Results are plain Python structures (tuples, dicts, small frozen classes). With
the optional extra ``ncts[pandas]``, :func:`to_dataframe` turns any of them into
a pandas ``DataFrame``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import attrs

from ._checks import check_items, check_type
from ._model import Area, Basis, FocusTheme, Goal, Kind, Source, Speerpunt, Strategy
from ._query import ElementType, QueryError, _check_type, connected

if TYPE_CHECKING:
    import pandas

    from ._overlay import Overlay

__all__ = [
    "Coverage",
    "Measure",
    "Table",
    "centrality",
    "counts",
    "coverage",
    "gaps",
    "to_dataframe",
    "work",
]

Measure: TypeAlias = Literal[
    "degree", "in_degree", "out_degree", "betweenness", "closeness"
]
_MEASURES: tuple[str, ...] = (
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "closeness",
)


def _ids(strategy: Strategy, type: str) -> tuple[str, ...]:
    by_type: dict[str, tuple[Goal | FocusTheme | Area | Speerpunt, ...]] = {
        "goal": strategy.goals,
        "focus_theme": strategy.focus_themes,
        "area": strategy.areas,
        "speerpunt": strategy.speerpunten,
    }
    elements = by_type[type]
    return tuple(e.id for e in elements)


@attrs.frozen
class Coverage:
    """A coverage matrix: how many routes connect each row element to each column.

    ``cells[row][column]`` is the number of distinct routes (0 when there is
    none). Rows and columns are in document order.

    Examples
    --------
    >>> import ncts
    >>> m = ncts.coverage(ncts.load(), "area", "goal")
    >>> m.rows, m.columns
    (('VW', 'VK', 'VB', 'VV'), ('G1', 'G2', 'G3', 'G4'))
    >>> m.cells["VK"]["G2"], m.cells["VK"]["G1"]
    (1, 0)
    >>> m.uncovered_rows(), m.uncovered_columns()
    ((), ())
    """

    row_type: str
    column_type: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[str, dict[str, int]] = attrs.field(eq=False, hash=False)
    stated_only: bool = False

    def uncovered_rows(self) -> tuple[str, ...]:
        """Return the rows connected to no column.

        >>> import ncts
        >>> m = ncts.coverage(ncts.load(), "speerpunt", "focus_theme")
        >>> m.uncovered_rows()[:3]
        ('VW1', 'VW2', 'VK1')
        """
        return tuple(r for r in self.rows if not any(self.cells[r].values()))

    def uncovered_columns(self) -> tuple[str, ...]:
        """Return the columns connected to no row.

        >>> import ncts
        >>> ncts.coverage(ncts.load(), "area", "goal", stated_only=True).uncovered_columns()
        ('G1', 'G2', 'G3', 'G4')
        """
        return tuple(
            c for c in self.columns if not any(self.cells[r][c] for r in self.rows)
        )

    def to_dict(self) -> dict[str, dict[str, int]]:
        """Return the cells as a fresh nested dict, rows first.

        >>> import ncts
        >>> ncts.coverage(ncts.load(), "area", "goal").to_dict()["VW"]
        {'G1': 1, 'G2': 0, 'G3': 0, 'G4': 0}
        """
        return {r: dict(self.cells[r]) for r in self.rows}


def coverage(
    strategy: Strategy,
    rows: ElementType = "area",
    columns: ElementType | Literal["record"] = "goal",
    *,
    stated_only: bool = False,
    overlays: Iterable[Overlay] = (),
) -> Coverage:
    """Return the coverage matrix of one element type by another, or by overlay records.

    A cell counts the routes that :func:`~ncts.connected` finds between the row
    and the column element: area by goal, speerpunt by focus theme, speerpunt by
    goal, and so on. With ``columns="record"`` and *overlays*, the columns are the
    overlay records (``overlay-id:record-id``) and a cell is 1 where the record's
    work reaches the row element (see :func:`work`).

    Examples
    --------
    >>> import ncts
    >>> m = ncts.coverage(ncts.load(), "speerpunt", "focus_theme")
    >>> {sp: row for sp, row in m.cells.items() if any(row.values())}["VK6"]
    {'FT1': 1, 'FT2': 0, 'FT3': 0}
    >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> w = ncts.coverage(ncts.load(), "goal", "record", overlays=[o])
    >>> w.cells["G2"]["fictiestad-werk:wijkradar"], w.uncovered_rows()
    (1, ())
    """
    check_type(strategy, Strategy, "strategy")
    _check_type(rows)
    row_ids = _ids(strategy, rows)
    cells: dict[str, dict[str, int]] = {}
    if columns == "record":
        resolved = _resolved(strategy, overlays)
        reached = _reach(strategy, resolved, stated_only)
        column_ids = tuple(f"{o.id}:{r.id}" for o in resolved for r in o.records)
        for row in row_ids:
            mine = set(reached.get(row, ()))
            cells[row] = {c: int(c in mine) for c in column_ids}
        return Coverage(rows, "record", row_ids, column_ids, cells, stated_only)
    _check_type(columns)
    column_ids = _ids(strategy, columns)
    for row in row_ids:
        found = {
            c.id: len(c.routes)
            for c in connected(strategy, row, columns, stated_only=stated_only)
        }
        cells[row] = {column: found.get(column, 0) for column in column_ids}
    return Coverage(rows, columns, row_ids, column_ids, cells, stated_only)


def _resolved(strategy: Strategy, overlays: Iterable[Overlay]) -> list[Overlay]:
    from ._overlay import Overlay, resolve

    check_type(strategy, Strategy, "strategy")
    return [
        resolve(o, strategy)
        for o in check_items(overlays, Overlay, "overlays", what="overlays")
    ]


def work(
    strategy: Strategy,
    overlays: Iterable[Overlay],
    *,
    stated_only: bool = False,
) -> dict[str, tuple[str, ...]]:
    """Return, for each element, the overlay records whose work reaches it.

    A record reaches what it addresses; from a speerpunt, also its area; from a
    speerpunt or an area, also the goals and focus themes they connect to (see
    :func:`~ncts.connected`). Records are named ``overlay-id:record-id``. Elements
    no record reaches are left out.

    Examples
    --------
    >>> import ncts
    >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> ncts.work(ncts.load(), [o])["G4"]
    ('fictiestad-werk:nazorg-detentie',)
    """
    return _reach(strategy, _resolved(strategy, overlays), stated_only)


def _reach(
    strategy: Strategy, resolved: list[Overlay], stated_only: bool
) -> dict[str, tuple[str, ...]]:
    """Do the work of :func:`work` on overlays already checked against the strategy."""
    reached: dict[str, list[str]] = {}
    for overlay in resolved:
        for record in overlay.records:
            name = f"{overlay.id}:{record.id}"
            targets: list[str] = []
            for target in record.addresses:
                targets.append(target)
                element = strategy[target]
                if element.element_type == "speerpunt":
                    targets.append(strategy.area_of(target).id)
                if element.element_type in ("speerpunt", "area"):
                    upward: tuple[ElementType, ...] = ("goal", "focus_theme")
                    for kind in upward:
                        found = connected(
                            strategy, target, kind, stated_only=stated_only
                        )
                        targets += [c.id for c in found]
            for target in dict.fromkeys(targets):
                reached.setdefault(target, []).append(name)
    order = {id: i for i, id in enumerate(strategy.ids())}
    return {k: tuple(reached[k]) for k in sorted(reached, key=order.__getitem__)}


def gaps(
    strategy: Strategy,
    *,
    stated_only: bool = False,
    overlays: Iterable[Overlay] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Return the elements that nothing connects where something should.

    Without overlays, gaps in the strategy itself:

    - ``goal``: goals that no speerpunt serves, directly or through its area;
    - ``focus_theme``: focus themes that no speerpunt addresses;
    - ``area``: areas that contribute to no goal;
    - ``speerpunt``: speerpunten that serve no goal, directly or through their area.

    With *overlays*, gaps in the work: the goals, focus themes, areas and
    speerpunten that no overlay record reaches (see :func:`work`).

    Examples
    --------
    >>> import ncts
    >>> ncts.gaps(ncts.load())
    {'goal': (), 'focus_theme': (), 'area': (), 'speerpunt': ()}
    >>> ncts.gaps(ncts.load(), stated_only=True)["goal"]
    ('G1', 'G2', 'G3', 'G4')
    >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> uncovered = ncts.gaps(ncts.load(), overlays=[o])
    >>> uncovered["goal"], uncovered["speerpunt"][:4]
    ((), ('VW1', 'VW3', 'VK2', 'VK3'))
    """
    check_type(strategy, Strategy, "strategy")
    kinds = ("goal", "focus_theme", "area", "speerpunt")
    if overlays is not None:
        reached = work(strategy, overlays, stated_only=stated_only)
        return {
            k: tuple(i for i in _ids(strategy, k) if i not in reached) for k in kinds
        }
    pairs = dict(zip(kinds, ("speerpunt", "speerpunt", "goal", "goal"), strict=True))
    return {
        kind: tuple(
            i
            for i in _ids(strategy, kind)
            if not connected(strategy, i, pairs[kind], stated_only=stated_only)  # type: ignore[arg-type]
        )
        for kind in kinds
    }


def counts(strategy: Strategy) -> dict[str, dict[str, int]]:
    """Count elements by type, links by type and basis, speerpunten by kind and area.

    Examples
    --------
    >>> import ncts
    >>> c = ncts.counts(ncts.load())
    >>> c["elements"]
    {'goal': 4, 'focus_theme': 3, 'area': 4, 'speerpunt': 18}
    >>> c["basis"], c["kinds"]["innovation"], c["speerpunten_per_area"]["VK"]
    ({'stated': 5, 'derived': 9}, 3, 7)
    """
    check_type(strategy, Strategy, "strategy")
    elements = Counter(e.element_type for e in strategy.elements())
    return {
        "elements": {
            t: elements.get(t, 0) for t in ("goal", "focus_theme", "area", "speerpunt")
        },
        "links": dict(Counter(link.type.value for link in strategy.links)),
        "basis": {
            b.value: sum(link.basis is b for link in strategy.links) for b in Basis
        },
        "kinds": {
            k.value: sum(k in sp.kinds for sp in strategy.speerpunten) for k in Kind
        },
        "speerpunten_per_area": {a.id: len(a.speerpunten) for a in strategy.areas},
    }


def centrality(
    strategy: Strategy,
    measure: Measure = "degree",
    *,
    stated_only: bool = False,
) -> tuple[tuple[str, float], ...]:
    """Rank the elements by a networkx centrality measure, highest first.

    Measures: ``degree``, ``in_degree``, ``out_degree`` (on the directed graph),
    ``betweenness`` and ``closeness`` (on the graph with directions ignored).
    Ties are broken by ID.

    Examples
    --------
    >>> import ncts
    >>> ranking = ncts.centrality(ncts.load(), "betweenness")
    >>> [id for id, score in ranking[:3]]
    ['NCTS-2022-2026', 'VK', 'VW']
    """
    import networkx as nx

    from ._query import _graph_of, stated_view

    check_type(strategy, Strategy, "strategy")
    if measure not in _MEASURES:
        raise QueryError(
            f"unknown measure {measure!r}: use one of {', '.join(map(repr, _MEASURES))}"
        )
    graph = stated_view(strategy) if stated_only else _graph_of(strategy)
    simple = nx.DiGraph(graph)
    if measure == "degree":
        scores = nx.degree_centrality(simple)
    elif measure == "in_degree":
        scores = nx.in_degree_centrality(simple)
    elif measure == "out_degree":
        scores = nx.out_degree_centrality(simple)
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(simple.to_undirected())
    else:
        scores = nx.closeness_centrality(simple.to_undirected())
    return tuple(
        sorted(((n, float(v)) for n, v in scores.items()), key=lambda p: (-p[1], p[0]))
    )


Table: TypeAlias = Literal["speerpunten", "links", "elements"]


def to_dataframe(data: Any, of: Table | None = None) -> pandas.DataFrame:
    """Return a pandas DataFrame of a strategy's table or of an ncts result.

    Needs the optional extra ``ncts[pandas]``. Takes:

    - a strategy and *of*: ``"speerpunten"`` (indexed by ID, with area, kinds and
      both languages), ``"links"`` (one row each) or ``"elements"`` (every element
      with its type and labels);
    - a :class:`Coverage` (rows by columns);
    - a ranking from :func:`centrality` (columns ``id`` and ``score``);
    - the result of :func:`gaps` (``type``, ``id``) or :func:`counts`
      (``group``, ``key``, ``count``);
    - an :class:`~ncts.Overlay`: one row per record, indexed by record ID.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> int(ncts.to_dataframe(ncts.coverage(s, "area", "goal")).loc["VK", "G2"])
    1
    >>> ncts.to_dataframe(s, "speerpunten").loc["VK6", "area"]
    'VK'
    >>> list(ncts.to_dataframe(s, "links").columns)
    ['source', 'target', 'type', 'basis', 'rationale']
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "to_dataframe needs pandas: pip install 'ncts[pandas]'"
        ) from None
    if isinstance(data, Strategy):
        return _strategy_frame(data, of)
    from ._overlay import Overlay

    if isinstance(data, Overlay) and of is None:
        return _overlay_frame(data)
    if of is not None:
        raise QueryError("of= is for a strategy's tables only")
    if isinstance(data, Coverage):
        frame: pandas.DataFrame = pd.DataFrame.from_dict(data.to_dict(), orient="index")
        frame.index.name, frame.columns.name = data.row_type, data.column_type
        return frame
    rows: list[tuple[object, ...]]
    if isinstance(data, dict) and all(isinstance(v, tuple) for v in data.values()):
        rows = [(kind, id) for kind, ids in data.items() for id in ids]
        return cast("pandas.DataFrame", pd.DataFrame(rows, columns=["type", "id"]))
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        rows = [(g, k, v) for g, inner in data.items() for k, v in inner.items()]
        return cast(
            "pandas.DataFrame", pd.DataFrame(rows, columns=["group", "key", "count"])
        )
    if isinstance(data, tuple) and all(
        isinstance(i, tuple) and len(i) == 2 for i in data
    ):
        rows = list(data)
        return cast("pandas.DataFrame", pd.DataFrame(rows, columns=["id", "score"]))
    raise QueryError(
        "to_dataframe takes a strategy with of=, a Coverage, a ranking, gaps or "
        f"counts, not {type(data).__name__}"
    )


_TABLES: tuple[str, ...] = ("speerpunten", "links", "elements")


def _strategy_frame(strategy: Strategy, of: str | None) -> pandas.DataFrame:
    import pandas as pd

    rows: list[tuple[object, ...]]
    if of == "speerpunten":
        rows = [
            (
                sp.id,
                strategy.area_of(sp).id,
                ",".join(k.value for k in Kind if k in sp.kinds),
                sp.text.nl,
                sp.text.en,
            )
            for sp in strategy.speerpunten
        ]
        columns = ["id", "area", "kinds", "text_nl", "text_en"]
        return cast(
            "pandas.DataFrame", pd.DataFrame(rows, columns=columns).set_index("id")
        )
    if of == "links":
        rows = [
            (
                link.source,
                link.target,
                link.type.value,
                link.basis.value,
                link.rationale,
            )
            for link in strategy.links
        ]
        return cast(
            "pandas.DataFrame",
            pd.DataFrame(
                rows, columns=["source", "target", "type", "basis", "rationale"]
            ),
        )
    if of == "elements":
        from ._graph import label

        rows = [
            (e.id, e.element_type, label(e).nl, label(e).en)
            for e in strategy.elements()
            if not isinstance(e, Source)
        ]
        frame = pd.DataFrame(rows, columns=["id", "type", "label_nl", "label_en"])
        return cast("pandas.DataFrame", frame.set_index("id"))
    raise QueryError(
        f"of={of!r}: for a strategy, use one of {', '.join(map(repr, _TABLES))}"
    )


def _overlay_frame(overlay: Overlay) -> pandas.DataFrame:
    import pandas as pd

    rows = [
        (
            r.id,
            r.title,
            r.kind.value,
            ",".join(r.addresses),
            r.status.value if r.status else None,
            r.progress,
            r.owner,
            r.start,
            r.end,
            ",".join(r.tags),
        )
        for r in overlay.records
    ]
    columns = ["id", "title", "kind", "addresses", "status", "progress", "owner"]
    columns += ["start", "end", "tags"]
    return cast("pandas.DataFrame", pd.DataFrame(rows, columns=columns).set_index("id"))

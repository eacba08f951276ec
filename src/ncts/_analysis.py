"""Analysis helpers for notebooks: coverage, gaps, counts and centrality.

Results are small frozen classes (:class:`Coverage`, :class:`Gaps`, :class:`Work`,
:class:`Counts`, :class:`Ranking`). With the optional extra ``ncts[pandas]``,
:func:`~ncts.to_dataframe` turns any of them into a pandas ``DataFrame``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Literal,
    TypeAlias,
    TypeVar,
    cast,
    overload,
)

import attrs

from ._checks import check_items, check_type, shown
from ._deprecate import deprecated
from ._errors import QueryError
from ._fields import (
    BOOL,
    INT,
    STR,
    Checked,
    Holds,
    check_fields,
    fail,
    instance_of,
    tuple_of,
    wrong_type,
)
from ._model import Area, Basis, FocusTheme, Goal, Kind, Speerpunt, Strategy
from ._query import ElementType, check_element_type, connected

if TYPE_CHECKING:
    import pandas

    from ._overlay import Overlay

__all__ = [
    "Counts",
    "Coverage",
    "Gaps",
    "Measure",
    "Ranking",
    "Work",
    "centrality",
    "counts",
    "coverage",
    "gaps",
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


def _table(result: object) -> pandas.DataFrame:
    """Return the table of a result as ncts.to_dataframe does (for the old methods)."""
    from ._dataframe import to_dataframe

    return to_dataframe(result)


_MATRIX = tuple_of(tuple_of(INT))


def _meta(
    description: str, holds: Holds, check: Callable[[object], str | None] | None = None
) -> dict[str, Any]:
    """Return the metadata that ncts._fields.field would give a field."""
    metadata: dict[str, Any] = {"description": description, "holds": holds}
    if check is not None:
        metadata["check"] = check
    return metadata


def _matrix(rows: Iterable[Iterable[int]]) -> tuple[tuple[int, ...], ...]:
    """Take any iterable of rows (the type says so); the checks make them tuples."""
    return rows  # type: ignore[return-value]


@attrs.frozen
class Coverage(Checked):
    """A coverage matrix: how many routes connect each row element to each column.

    ``cells[row][column]`` is the number of distinct routes (0 when there is
    none). Rows and columns are in document order. The counts themselves are kept
    in :attr:`matrix`, rows by columns, and count for equality and hashing: two
    matrices that differ in one cell are different.

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
    >>> m == ncts.coverage(ncts.load(), "area", "goal")
    True
    >>> m == ncts.coverage(ncts.load(), "area", "goal", stated_only=True)
    False
    """

    # attrs.field itself, not ncts._fields.field: type checkers then see which
    # fields have a default, and what the converters take.
    row_type: str = attrs.field(metadata=_meta("The rows' element type.", STR))
    column_type: str = attrs.field(
        metadata=_meta("The columns' element type ('record': records).", STR)
    )
    rows: tuple[str, ...] = attrs.field(
        metadata=_meta("The IDs of the rows.", tuple_of(STR))
    )
    columns: tuple[str, ...] = attrs.field(
        metadata=_meta("The IDs of the columns.", tuple_of(STR))
    )
    #: The counts, one tuple per row, in the order of :attr:`columns`.
    matrix: tuple[tuple[int, ...], ...] = attrs.field(
        converter=_matrix, metadata=_meta("The counts, one tuple per row.", _MATRIX)
    )
    stated_only: bool = attrs.field(
        default=False, metadata=_meta("Whether only stated links count.", BOOL)
    )

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        if len(self.matrix) != len(self.rows) or any(
            len(row) != len(self.columns) for row in self.matrix
        ):
            raise fail(
                "matrix",
                f"must have {len(self.rows)} rows of {len(self.columns)} counts, one "
                "per row and column",
            )

    @property
    def cells(self) -> dict[str, dict[str, int]]:
        """The counts as a nested dict, rows first (a fresh copy on each access).

        >>> import ncts
        >>> ncts.coverage(ncts.load(), "area", "goal").cells["VW"]["G1"]
        1
        """
        return self.to_dict()

    def uncovered_rows(self) -> tuple[str, ...]:
        """Return the rows connected to no column.

        >>> import ncts
        >>> m = ncts.coverage(ncts.load(), "speerpunt", "focus_theme")
        >>> m.uncovered_rows()[:3]
        ('VW1', 'VK1', 'VK2')
        """
        return tuple(
            r for r, row in zip(self.rows, self.matrix, strict=True) if not any(row)
        )

    def uncovered_columns(self) -> tuple[str, ...]:
        """Return the columns connected to no row.

        >>> import ncts
        >>> ncts.coverage(ncts.load(), "area", "goal", stated_only=True).uncovered_columns()
        ('G2', 'G3', 'G4')
        """
        return tuple(
            c
            for j, c in enumerate(self.columns)
            if not any(row[j] for row in self.matrix)
        )

    def to_dict(self) -> dict[str, dict[str, int]]:
        """Return the cells as a fresh nested dict, rows first.

        >>> import ncts
        >>> ncts.coverage(ncts.load(), "area", "goal").to_dict()["VW"]
        {'G1': 1, 'G2': 0, 'G3': 0, 'G4': 0}
        """
        return {
            r: dict(zip(self.columns, row, strict=True))
            for r, row in zip(self.rows, self.matrix, strict=True)
        }

    @deprecated("ncts.Coverage.to_dataframe")
    def to_dataframe(self) -> pandas.DataFrame:
        """Return the table of this result: use ``ncts.to_dataframe(result)`` instead.

        .. deprecated:: 0.1.0
           One way to make a table: :func:`ncts.to_dataframe`. Removed in 1.0.0.
        """
        return _table(self)


_V = TypeVar("_V")


class _Result(Mapping[str, _V]):
    """A frozen mapping from strings: equal to a dict with the same items."""

    __slots__ = ("_data",)
    _data: tuple[tuple[str, _V], ...]

    #: What each value is: another type is a TypeError that names the key.
    _holds: ClassVar[Holds]

    def __init__(self, data: Mapping[str, _V] | Iterable[tuple[str, _V]]) -> None:
        object.__setattr__(self, "_data", _items(self, data, self._holds))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __getitem__(self, key: str) -> _V:
        for k, v in self._data:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Result) and type(other) is not type(self):
            return False
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._data))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self._data)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle and copy the checked items as they are (__setattr__ refuses the
        # unpickler's way of restoring a slot).
        return (_restore, (type(self), self._data))


def _restore(cls: type[_Result[_V]], data: tuple[tuple[str, _V], ...]) -> _Result[_V]:
    """Rebuild a result from its items (the other half of ``_Result.__reduce__``)."""
    result = object.__new__(cls)
    object.__setattr__(result, "_data", data)
    return result


def _items(
    owner: object, data: object, holds: Holds, where: str = ""
) -> tuple[tuple[str, Any], ...]:
    """Return a mapping or (key, value) pairs as checked pairs.

    Keys are texts, given once; each value is what *holds* says (a list made a
    tuple). A wrong type is a TypeError, a key given twice a ValidationError.
    *where* is the key of the mapping that *data* is a value of, if any.
    """
    name = type(owner).__name__
    if isinstance(data, Mapping):
        pairs: Iterable[Any] = data.items()
    elif isinstance(data, (str, bytes, bytearray)) or not isinstance(data, Iterable):
        raise TypeError(
            f"{name} takes a mapping or (key, value) pairs, not "
            f"{type(data).__name__}: {shown(data)}"
        )
    else:
        pairs = data
    items: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for pair in pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(
                f"{name} takes (key, value) pairs, not {type(pair).__name__}: "
                f"{shown(pair)}"
            )
        key, value = pair
        if type(key) is not str:
            raise TypeError(
                f"{name} keys must be str, not {type(key).__name__}: {shown(key)}"
            )
        if key in seen:
            raise fail(key, "is given twice: give each key once")
        seen.add(key)
        if not holds.accepts(value):
            value = holds.fix(owner, f"{where}[{key!r}]", value, key)
        items.append((key, value))
    return tuple(items)


class Gaps(_Result[tuple[str, ...]]):
    """What :func:`gaps` found: for each element type, the IDs left unconnected.

    A frozen, read-only mapping that compares equal to the dict it stands for.

    Examples
    --------
    >>> import ncts
    >>> g = ncts.gaps(ncts.load(), stated_only=True)
    >>> g["focus_theme"], list(g)
    (('FT1', 'FT2', 'FT3'), ['goal', 'focus_theme', 'area', 'speerpunt'])
    >>> ncts.to_dataframe(g).iloc[0].tolist()
    ['goal', 'G2']
    """

    __slots__ = ()
    _holds = tuple_of(STR)

    @deprecated("ncts.Gaps.to_dataframe")
    def to_dataframe(self) -> pandas.DataFrame:
        """Return the table of this result: use ``ncts.to_dataframe(result)`` instead.

        .. deprecated:: 0.1.0
           One way to make a table: :func:`ncts.to_dataframe`. Removed in 1.0.0.
        """
        return _table(self)


class Work(_Result[tuple[str, ...]]):
    """What :func:`work` found: for each element reached, the records that reach it.

    A frozen, read-only mapping that compares equal to the dict it stands for.

    Examples
    --------
    >>> import ncts
    >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> w = ncts.work(ncts.load(), [o])
    >>> w["G4"], "VW1" in w
    (('fictiestad-werk:nazorg-detentie',), False)
    >>> ncts.to_dataframe(w).columns.tolist()
    ['id', 'record']
    """

    __slots__ = ()
    _holds = tuple_of(STR)

    @deprecated("ncts.Work.to_dataframe")
    def to_dataframe(self) -> pandas.DataFrame:
        """Return the table of this result: use ``ncts.to_dataframe(result)`` instead.

        .. deprecated:: 0.1.0
           One way to make a table: :func:`ncts.to_dataframe`. Removed in 1.0.0.
        """
        return _table(self)


#: A count: a whole number (not a bool).
_COUNT = INT


class Counts(_Result[dict[str, int]]):
    """What :func:`counts` found: groups of counts, each a fresh dict when read.

    Examples
    --------
    >>> import ncts
    >>> c = ncts.counts(ncts.load())
    >>> c["elements"]["area"], sorted(c)
    (4, ['basis', 'elements', 'kinds', 'links', 'speerpunten_per_area'])
    >>> ncts.to_dataframe(c).columns.tolist()
    ['group', 'key', 'count']
    """

    __slots__ = ()
    _holds = instance_of(Mapping)

    def __init__(self, data: Mapping[str, Mapping[str, int]]) -> None:
        groups = _items(self, data, self._holds)
        frozen = tuple(
            (group, _items(self, counts, _COUNT, f"[{group!r}]"))
            for group, counts in groups
        )
        object.__setattr__(self, "_data", frozen)

    def __getitem__(self, key: str) -> dict[str, int]:
        for k, v in self._data:
            if k == key:
                return dict(cast("tuple[tuple[str, int], ...]", v))
        raise KeyError(key)

    def __repr__(self) -> str:
        return f"Counts({dict(self.items())!r})"

    @deprecated("ncts.Counts.to_dataframe")
    def to_dataframe(self) -> pandas.DataFrame:
        """Return the table of this result: use ``ncts.to_dataframe(result)`` instead.

        .. deprecated:: 0.1.0
           One way to make a table: :func:`ncts.to_dataframe`. Removed in 1.0.0.
        """
        return _table(self)


class _Pair(Holds):
    """An (id, score) pair of a ranking; a list of the two is made a tuple."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("an (id, score) pair of a str and a number", test=_is_pair)

    def fix(self, owner: object, name: str, value: object, path: str = "") -> Any:
        """Return a list of an ID and a score as a pair; raise for anything else."""
        if type(value) is list and _is_pair(tuple(value)):
            return tuple(value)
        raise wrong_type(owner, name, self.name, value)


def _is_pair(value: object) -> bool:
    return (
        type(value) is tuple
        and len(value) == 2
        and type(value[0]) is str
        and (type(value[1]) is float or type(value[1]) is int)
    )


def _pairs(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Take any iterable of pairs (the type says so); the checks make them tuples."""
    return pairs  # type: ignore[return-value]


def _measure_problem(value: object) -> str | None:
    if value in _MEASURES:
        return None
    return f"{shown(value)} is not a measure: use one of {', '.join(_MEASURES)}"


@attrs.frozen
class Ranking(Checked, Sequence[tuple[str, float]]):
    """What :func:`centrality` found: ``(id, score)`` pairs, highest first.

    A frozen sequence, equal to another ranking with the same measure and pairs,
    and to the tuple of its pairs.

    Examples
    --------
    >>> import ncts
    >>> r = ncts.centrality(ncts.load(), "in_degree")
    >>> r.measure, r[0][0], len(r) == len(ncts.to_graph(ncts.load()))
    ('in_degree', 'NCTS-2022-2026', True)
    >>> ncts.to_dataframe(r).columns.tolist()
    ['id', 'score']
    """

    # attrs.field itself: see Coverage.
    measure: str = attrs.field(
        metadata=_meta("The measure of centrality.", STR, _measure_problem)
    )
    pairs: tuple[tuple[str, float], ...] = attrs.field(
        converter=_pairs,
        metadata=_meta("The (id, score) pairs, best first.", tuple_of(_Pair())),
    )
    stated_only: bool = attrs.field(
        default=False, metadata=_meta("Whether only stated links count.", BOOL)
    )

    @overload
    def __getitem__(self, index: int) -> tuple[str, float]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[str, float], ...]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[str, float] | tuple[tuple[str, float], ...]:
        return self.pairs[index]

    def __len__(self) -> int:
        return len(self.pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking):
            return (self.measure, self.pairs, self.stated_only) == (
                other.measure,
                other.pairs,
                other.stated_only,
            )
        if isinstance(other, tuple):
            return self.pairs == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.measure, self.pairs, self.stated_only))

    @deprecated("ncts.Ranking.to_dataframe")
    def to_dataframe(self) -> pandas.DataFrame:
        """Return the table of this result: use ``ncts.to_dataframe(result)`` instead.

        .. deprecated:: 0.1.0
           One way to make a table: :func:`ncts.to_dataframe`. Removed in 1.0.0.
        """
        return _table(self)


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
    check_element_type(rows)
    check_type(stated_only, bool, "stated_only")
    row_ids = _ids(strategy, rows)
    matrix: list[tuple[int, ...]]
    if columns != "record":
        from ._overlay import Overlay

        # Only records are columns from overlays: any other given is a mistake.
        if check_items(overlays, Overlay, "overlays", what="overlays"):
            raise QueryError(
                f"overlays are the columns of columns='record', not of {columns!r}: "
                "pass columns='record', or leave overlays out"
            )
    if columns == "record":
        resolved = _resolved(strategy, overlays)
        reached = _reach(strategy, resolved, stated_only)
        column_ids = tuple(f"{o.id}:{r.id}" for o in resolved for r in o.records)
        matrix = []
        for row in row_ids:
            mine = set(reached.get(row, ()))
            matrix.append(tuple(int(c in mine) for c in column_ids))
        return Coverage(rows, "record", row_ids, column_ids, matrix, stated_only)
    check_element_type(columns)
    column_ids = _ids(strategy, columns)
    matrix = []
    for row in row_ids:
        found = {
            c.id: len(c.routes)
            for c in connected(strategy, row, columns, stated_only=stated_only)
        }
        matrix.append(tuple(found.get(column, 0) for column in column_ids))
    return Coverage(rows, columns, row_ids, column_ids, matrix, stated_only)


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
) -> Work:
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
    resolved = _resolved(strategy, overlays)
    return Work(
        _reach(strategy, resolved, check_type(stated_only, bool, "stated_only"))
    )


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
) -> Gaps:
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
    Gaps({'goal': (), 'focus_theme': (), 'area': (), 'speerpunt': ()})
    >>> ncts.gaps(ncts.load(), stated_only=True)["goal"]
    ('G2', 'G3', 'G4')
    >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> uncovered = ncts.gaps(ncts.load(), overlays=[o])
    >>> uncovered["goal"], uncovered["speerpunt"][:4]
    ((), ('VW1', 'VW3', 'VK2', 'VK3'))
    """
    check_type(strategy, Strategy, "strategy")
    check_type(stated_only, bool, "stated_only")
    kinds = ("goal", "focus_theme", "area", "speerpunt")
    if overlays is not None:
        reached = work(strategy, overlays, stated_only=stated_only)
        return Gaps(
            {k: tuple(i for i in _ids(strategy, k) if i not in reached) for k in kinds}
        )
    pairs = dict(zip(kinds, ("speerpunt", "speerpunt", "goal", "goal"), strict=True))
    return Gaps(
        {
            kind: tuple(
                i
                for i in _ids(strategy, kind)
                if not connected(strategy, i, pairs[kind], stated_only=stated_only)  # type: ignore[arg-type]
            )
            for kind in kinds
        }
    )


def counts(strategy: Strategy) -> Counts:
    """Count elements by type, links by type and basis, speerpunten by kind and area.

    Examples
    --------
    >>> import ncts
    >>> c = ncts.counts(ncts.load())
    >>> c["elements"]
    {'goal': 4, 'focus_theme': 3, 'area': 4, 'speerpunt': 18}
    >>> c["basis"], c["kinds"]["innovation"], c["speerpunten_per_area"]["VK"]
    ({'stated': 4, 'derived': 11}, 3, 7)
    """
    check_type(strategy, Strategy, "strategy")
    elements = Counter(e.element_type for e in strategy.elements())
    return Counts(
        {
            "elements": {
                t: elements.get(t, 0)
                for t in ("goal", "focus_theme", "area", "speerpunt")
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
    )


def centrality(
    strategy: Strategy,
    measure: Measure = "degree",
    *,
    stated_only: bool = False,
) -> Ranking:
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

    from ._query import graph_of, stated_view

    check_type(strategy, Strategy, "strategy")
    if measure not in _MEASURES:
        raise QueryError(
            f"unknown measure {measure!r}: use one of {', '.join(map(repr, _MEASURES))}"
        )
    graph = stated_view(strategy) if stated_only else graph_of(strategy)
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
    pairs = sorted(
        ((n, float(v)) for n, v in scores.items()), key=lambda p: (-p[1], p[0])
    )
    return Ranking(measure, pairs, stated_only)

"""Questions about a strategy: what is connected to what, by which route, and on what basis.

One rule for "not found", everywhere: an ID that is not in the strategy raises
:class:`~ncts.UnknownIdError` (also a ``KeyError``, with suggestions); an ID that
is not a ``str`` is a :class:`TypeError` naming the argument; a question whose
answer is empty returns an empty tuple.

:func:`connected` needs no graph library. :func:`paths`, :func:`centrality` and
:func:`stated_view` use networkx, imported when they are called.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

import attrs

# QueryError lives in _errors (every module may raise it); it is re-exported here.
from ._checks import check_type
from ._errors import QueryError
from ._model import (
    CONTAINMENT,
    Basis,
    Element,
    Kind,
    LinkType,
    Speerpunt,
    Strategy,
    containment,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Connection",
    "Edge",
    "ElementType",
    "QueryError",
    "by_kind",
    "connected",
    "paths",
    "stated_view",
]

ElementType: TypeAlias = Literal["goal", "focus_theme", "area", "speerpunt"]
_TYPES: tuple[str, ...] = ("goal", "focus_theme", "area", "speerpunt")
# How far down the strategy an element type sits: routes run from lower to higher.
_RANK = {"speerpunt": 0, "area": 1, "goal": 2, "focus_theme": 2}
# Links that carry a lower element towards a higher one.
_UPWARD = frozenset({LinkType.CONTRIBUTES_TO, LinkType.ADDRESSES})


@attrs.frozen
class Edge:
    """One step of a route: a link, or a part in its whole (``part_of``).

    Examples
    --------
    >>> import ncts
    >>> [c] = [c for c in ncts.connected(ncts.load(), "FT1", "speerpunt")]
    >>> c.routes[0][0]
    Edge(source='VK6', target='FT1', type='addresses', basis=<Basis.DERIVED: 'derived'>, rationale="The speerpunt is the approach to the group whose threat the focus theme names, in the same words ('potentieel gewelddadige extremistische eenlingen'). Shared wording, not a sentence that links them, so derived.")
    """

    source: str
    target: str
    type: str
    basis: Basis
    rationale: str


@attrs.frozen
class Connection:
    """An element found by :func:`connected`, with every route that reaches it.

    ``basis`` is ``stated`` when at least one route consists of stated steps
    only: the source itself says so. Otherwise it is ``derived``.

    Examples
    --------
    >>> import ncts
    >>> c = ncts.connected(ncts.load(), "VK6", "goal")[0]
    >>> c.id, c.basis.value, [e.type for e in c.routes[0]]
    ('G2', 'derived', ['part_of', 'contributes_to'])
    """

    element: Element
    routes: tuple[tuple[Edge, ...], ...]

    @property
    def id(self) -> str:
        """The ID of the element found."""
        return self.element.id

    @property
    def basis(self) -> Basis:
        """Stated if some route is stated all the way, else derived."""
        for route in self.routes:
            if all(edge.basis is Basis.STATED for edge in route):
                return Basis.STATED
        return Basis.DERIVED


def check_element_type(type: str) -> None:
    """Raise QueryError unless *type* is an element type (used by _analysis too)."""
    if type not in _TYPES:
        raise QueryError(
            f"unknown element type {type!r}: use one of {', '.join(map(repr, _TYPES))}"
        )


def _upward_edges(strategy: Strategy) -> Iterator[Edge]:
    for area in strategy.areas:
        for sp in area.speerpunten:
            data = containment("speerpunt", sp.id, area.id)
            yield Edge(sp.id, area.id, CONTAINMENT, Basis.STATED, data["rationale"])
    for link in strategy.links:
        yield Edge(
            link.source, link.target, link.type.value, link.basis, link.rationale
        )


def connected(
    strategy: Strategy,
    id: str,
    type: ElementType,
    *,
    stated_only: bool = False,
) -> tuple[Connection, ...]:
    """Return the elements of a type connected to an element, with their routes.

    Routes run through containment and links, in the direction the strategy is
    built: a speerpunt is part of its area; speerpunten and areas contribute to
    goals and address focus themes. So:

    - the speerpunten of an area: ``connected(s, "VK", "speerpunt")``;
    - the speerpunten that serve a goal, directly or through their area:
      ``connected(s, "G2", "speerpunt")``;
    - the focus themes a speerpunt addresses: ``connected(s, "VK6", "focus_theme")``,
      and the speerpunten of a focus theme: ``connected(s, "FT1", "speerpunt")``;
    - between elements on the same level (area and area, goal and focus theme),
      the direct links of any type, both ways.

    Parameters
    ----------
    strategy : Strategy
        The strategy to search.
    id : str
        The element to start from.
    type : {"goal", "focus_theme", "area", "speerpunt"}
        The type of the elements to find.
    stated_only : bool
        Follow only what the source states (``basis == "stated"``).

    Returns
    -------
    tuple of Connection
        In document order. Each has the element, its routes, and its ``basis``.

    Raises
    ------
    UnknownIdError
        If *id* is not in the strategy.
    QueryError
        If *type* is not an element type.
    TypeError
        If *id* is not a ``str``.

    Examples
    --------
    Which speerpunten serve goal G2, and which links does the source state?

    >>> import ncts
    >>> s = ncts.load()
    >>> [(c.id, c.basis.value) for c in ncts.connected(s, "G2", "speerpunt")][:3]
    [('VK1', 'derived'), ('VK2', 'derived'), ('VK3', 'derived')]
    >>> [c.id for c in ncts.connected(s, "G2", "speerpunt", stated_only=True)]
    []
    >>> [c.id for c in ncts.connected(s, "FT2", "speerpunt")]
    ['VW2', 'VW3', 'VK7']
    >>> [c.id for c in ncts.connected(s, "VV4", "goal")]
    ['G2', 'G4']
    """
    check_type(strategy, Strategy, "strategy")
    check_type(id, str, "id")
    check_element_type(type)
    check_type(stated_only, bool, "stated_only")
    start = strategy[id]
    id = start.id  # IDs are looked up case ignored; the routes use the stored one
    start_type = start.element_type
    if start_type not in _RANK:
        raise QueryError(
            f"{id!r} is a {start_type}: start from a goal, focus theme, area or speerpunt"
        )
    index = _step_index(strategy, stated_only)
    found: dict[str, list[tuple[Edge, ...]]] = {}
    if _RANK[type] == _RANK[start_type]:
        for edge in index.touching.get(id, ()):
            there = edge.target if edge.source == id else edge.source
            if strategy[there].element_type == type:
                found.setdefault(there, []).append((edge,))
    else:
        upward = _RANK[type] > _RANK[start_type]
        steps = index.up if upward else index.down
        _walk(strategy, id, type, upward, steps, (), found)
    order = index.order
    return tuple(
        Connection(strategy[element_id], tuple(routes))
        for element_id, routes in sorted(found.items(), key=lambda item: order[item[0]])
    )


@attrs.frozen
class _StepIndex:
    """The edges of a strategy, indexed for connected(): built once per strategy."""

    up: dict[str, list[Edge]]
    down: dict[str, list[Edge]]
    touching: dict[str, list[Edge]]
    order: dict[str, int]


def _step_index(strategy: Strategy, stated_only: bool) -> _StepIndex:
    cached: dict[bool, _StepIndex] = strategy._derived.setdefault("steps", {})
    if stated_only not in cached:
        up: dict[str, list[Edge]] = {}
        down: dict[str, list[Edge]] = {}
        touching: dict[str, list[Edge]] = {}
        for edge in _upward_edges(strategy):
            if stated_only and edge.basis is not Basis.STATED:
                continue
            if edge.type != CONTAINMENT:
                touching.setdefault(edge.source, []).append(edge)
                touching.setdefault(edge.target, []).append(edge)
            if edge.type == CONTAINMENT or LinkType(edge.type) in _UPWARD:
                up.setdefault(edge.source, []).append(edge)
                down.setdefault(edge.target, []).append(edge)
        order = {element_id: i for i, element_id in enumerate(strategy.ids())}
        cached[stated_only] = _StepIndex(up, down, touching, order)
    return cached[stated_only]


def _walk(
    strategy: Strategy,
    here: str,
    type: str,
    upward: bool,
    steps: dict[str, list[Edge]],
    route: tuple[Edge, ...],
    found: dict[str, list[tuple[Edge, ...]]],
) -> None:
    for edge in steps.get(here, ()):
        there = edge.target if upward else edge.source
        if any(there in (e.source, e.target) for e in route):
            continue
        # Keep routes in the strategy's direction: from the lower element up.
        next_route = (*route, edge) if upward else (edge, *route)
        if strategy[there].element_type == type:
            found.setdefault(there, []).append(next_route)
        else:
            _walk(strategy, there, type, upward, steps, next_route, found)


#: Every spelling of a kind that by_kind takes: its value and its Dutch word.
_KINDS = {name: k for k in Kind for name in (k.value, k.dutch)}


def by_kind(strategy: Strategy, *kinds: Kind | str) -> tuple[Speerpunt, ...]:
    """Return the speerpunten that have all the given kinds, in document order.

    A kind is a :class:`Kind`, its value (``"innovation"``) or the Dutch word the
    source uses (``"innovatie"``, :attr:`Kind.dutch`), in any case. With no kinds,
    the speerpunten that the source does not group by kind (the empty set of
    kinds), so that every speerpunt is in exactly one of ``by_kind(s)`` and the
    calls with one kind each.

    Examples
    --------
    >>> import ncts
    >>> [sp.id for sp in ncts.by_kind(ncts.load(), "innovation")]
    ['VK6', 'VK7', 'VB4']
    >>> [sp.id for sp in ncts.by_kind(ncts.load(), "Innovatie")]
    ['VK6', 'VK7', 'VB4']
    >>> [sp.id for sp in ncts.by_kind(ncts.load(), ncts.Kind.DEVELOPMENT)]
    ['VW3', 'VK6', 'VK7', 'VB4']
    >>> [sp.id for sp in ncts.by_kind(ncts.load())]
    ['VV1', 'VV2', 'VV3', 'VV4']
    """
    check_type(strategy, Strategy, "strategy")
    wanted = set()
    for kind in kinds:
        found = _KINDS.get(kind.casefold()) if isinstance(kind, str) else None
        if found is None:
            check_type(kind, (Kind, str), "kind")
            choices = ", ".join(f"{k.value!r} ({k.dutch!r})" for k in Kind)
            raise QueryError(f"unknown kind {kind!r}: use one of {choices}")
        wanted.add(found)
    if not wanted:
        return tuple(sp for sp in strategy.speerpunten if not sp.kinds)
    return tuple(sp for sp in strategy.speerpunten if wanted <= sp.kinds)


def graph_of(source: Strategy | nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """Return the graph of a strategy, or the graph given (used by _analysis too)."""
    import networkx as nx

    from ._graph import to_graph

    if isinstance(source, Strategy):
        return to_graph(source)
    return check_type(
        source, nx.MultiDiGraph, "source", what="a Strategy or a graph from to_graph"
    )


def stated_view(source: Strategy | nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """Return a read-only view of the graph with only the edges the source states.

    Takes a strategy, or a graph made by :func:`~ncts.to_graph`. All nodes stay.

    Examples
    --------
    >>> import ncts
    >>> g = ncts.to_graph(ncts.load())
    >>> view = ncts.stated_view(g)
    >>> view.number_of_nodes() == g.number_of_nodes()
    True
    >>> sorted({d["basis"] for *_, d in view.edges(data=True)})
    ['stated']
    >>> view.has_edge("VW", "VK"), view.has_edge("VK", "G2")
    (True, False)
    """
    import networkx as nx

    graph = graph_of(source)

    def stated(u: str, v: str, key: Any) -> bool:
        return bool(graph.edges[u, v, key].get("basis") == Basis.STATED.value)

    view: nx.MultiDiGraph[str] = nx.subgraph_view(graph, filter_edge=stated)
    return view


def paths(
    strategy: Strategy,
    source: str,
    target: str,
    *,
    stated_only: bool = False,
    cutoff: int = 4,
    via_root: bool = False,
) -> tuple[tuple[Edge, ...], ...]:
    """Return every path between two elements, shortest first, in any direction.

    A path is a tuple of :class:`Edge` steps, each kept in the direction of its
    link (so a step may run against the path). Paths longer than *cutoff* steps
    are left out. Every goal, focus theme and area is ``part_of`` the strategy, so
    through the strategy itself any two of them are two steps apart; such routes
    say nothing, and are left out unless *via_root* is true.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> for path in ncts.paths(s, "VK6", "FT1", cutoff=3):
    ...     print([(e.source, e.type, e.target) for e in path])
    [('VK6', 'addresses', 'FT1')]
    >>> for path in ncts.paths(s, "VK6", "FT1", cutoff=3, via_root=True):
    ...     print([(e.source, e.target) for e in path])
    [('VK6', 'FT1')]
    [('VK6', 'VK'), ('VK', 'NCTS-2022-2026'), ('FT1', 'NCTS-2022-2026')]
    >>> len(ncts.paths(s, "VW1", "VV4", cutoff=3))
    1
    """
    import networkx as nx

    check_type(strategy, Strategy, "strategy")
    check_type(via_root, bool, "via_root")
    check_type(stated_only, bool, "stated_only")
    if check_type(cutoff, int, "cutoff") < 1:
        raise QueryError(f"cutoff must be at least 1 (steps in a path), not {cutoff}")
    check_type(source, str, "source")
    check_type(target, str, "target")
    # IDs are looked up case ignored; the graph's nodes are the stored IDs.
    source, target = strategy[source].id, strategy[target].id
    graph = stated_view(strategy) if stated_only else graph_of(strategy)
    undirected: nx.MultiGraph[str] = nx.MultiGraph(graph)
    if not via_root and strategy.id not in (source, target):
        undirected.remove_node(strategy.id)
    found = []
    for route in nx.all_simple_edge_paths(undirected, source, target, cutoff=cutoff):
        steps = []
        for u, v, key in cast("list[tuple[str, str, str]]", route):
            a, b = (u, v) if graph.has_edge(u, v, key) else (v, u)
            data = graph.edges[a, b, key]
            steps.append(
                Edge(a, b, data["type"], Basis(data["basis"]), data["rationale"])
            )
        found.append(tuple(steps))
    found.sort(
        key=lambda route: (len(route), [(e.source, e.target, e.type) for e in route])
    )
    return tuple(found)

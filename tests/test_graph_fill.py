"""to_graph fills networkx's dicts directly: the same graph as add_node and add_edge.

``ncts._graph._fill`` writes the nodes and edges of a new graph into the data
structure networkx documents, instead of calling ``add_node`` and ``add_edge`` per
element (docs/performance.md). The oracle here is networkx itself: the same nodes
and edges added through its public methods must give a graph that no view can tell
apart, in every order networkx keeps (nodes, successors, predecessors, keys).
"""

from typing import Any

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ncts
from ncts import _graph
from ncts.testing import strategies

from .test_overlay import overlays

_IDS = st.sampled_from(["a", "b", "c", "d", "e"])
_DATA = st.dictionaries(st.sampled_from(["type", "order", "x"]), st.integers(0, 3))
_NODES = st.lists(st.tuples(_IDS, _DATA), max_size=8)
_EDGES = st.lists(
    st.tuples(_IDS, _IDS, st.sampled_from(["part_of", "supports"]), _DATA),
    max_size=12,
)


def _public(
    nodes: list[tuple[str, dict[str, Any]]],
    edges: list[tuple[str, str, str, dict[str, Any]]],
    graph: Any = None,
) -> Any:
    """The graph that networkx's own add_node and add_edge make."""
    graph = nx.MultiDiGraph() if graph is None else graph
    for n, data in nodes:
        graph.add_node(n, **data)
    for u, v, key, data in edges:
        graph.add_edge(u, v, key=key, **data)
    return graph


def _seen(graph: Any) -> tuple[object, ...]:
    """Everything a user can see of a graph, in the orders networkx keeps."""
    return (
        graph.graph,
        list(graph.nodes(data=True)),
        list(graph.edges(keys=True, data=True)),
        list(graph.in_edges(keys=True, data=True)),
        {n: list(graph.successors(n)) for n in graph},
        {n: list(graph.predecessors(n)) for n in graph},
        {n: (graph.in_degree(n), graph.out_degree(n)) for n in graph},
        graph.number_of_edges(),
    )


def _copies(
    nodes: list[tuple[str, dict[str, Any]]],
    edges: list[tuple[str, str, str, dict[str, Any]]],
) -> tuple[
    list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]
]:
    # _fill keeps the dicts it is given (to_graph makes them for it); the oracle
    # gets its own.
    return [(n, dict(d)) for n, d in nodes], [
        (u, v, k, dict(d)) for u, v, k, d in edges
    ]


class TestFillIsAddNodeAndAddEdge:
    @given(_NODES, _EDGES)
    def test_the_same_graph_as_the_public_methods(
        self,
        nodes: list[tuple[str, dict[str, Any]]],
        edges: list[tuple[str, str, str, dict[str, Any]]],
    ) -> None:
        # Repeated nodes and edges (their data merged), edges to nodes not yet
        # added, loops and parallel edges of two keys are all generated.
        expected = _public(*_copies(nodes, edges))
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        _graph._fill(graph, *_copies(nodes, edges))
        assert _seen(graph) == _seen(expected)

    @given(_NODES, _EDGES, _EDGES)
    def test_the_graph_can_be_changed_afterwards(
        self,
        nodes: list[tuple[str, dict[str, Any]]],
        edges: list[tuple[str, str, str, dict[str, Any]]],
        more: list[tuple[str, str, str, dict[str, Any]]],
    ) -> None:
        expected = _public(*_copies(nodes, edges))
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        _graph._fill(graph, *_copies(nodes, edges))
        for g in (graph, expected):
            _public([], more, g)
            for u, v, key, _ in more[:3]:
                if g.has_edge(u, v, key):
                    g.remove_edge(u, v, key)
            if "a" in g:
                g.remove_node("a")
        assert _seen(graph) == _seen(expected)

    def test_a_graph_laid_out_otherwise_goes_through_the_public_methods(self) -> None:
        class Other(nx.MultiDiGraph):  # type: ignore[type-arg]
            node_attr_dict_factory = dict

            @staticmethod
            def edge_attr_dict_factory() -> dict[str, Any]:  # not plain dict
                return {}

        nodes = [("a", {"x": 1}), ("b", {})]
        edges = [("a", "b", "k", {"x": 2}), ("c", "a", "k", {})]
        graph = Other()
        _graph._fill(graph, *_copies(nodes, edges))
        assert _seen(graph) == _seen(_public(*_copies(nodes, edges)))


class TestToGraphBothWays:
    """to_graph's fast way and the public methods give the same graph."""

    @given(strategies())
    def test_generated_strategies(self, s: ncts.Strategy) -> None:
        fast = ncts.to_graph(s)
        with pytest.MonkeyPatch.context() as patch:
            # A factory that no graph has: _fill finds the graph not laid out as
            # it expects, and calls add_node and add_edge.
            patch.setattr(_graph, "_FACTORIES", ("no_such_factory",))
            slow = ncts.to_graph(s)
        assert _seen(fast) == _seen(slow)
        assert ncts.from_graph(fast) == s

    @settings(max_examples=15)  # the overlays are slow to draw; few suffice here
    @given(st.lists(overlays(), min_size=1, max_size=2, unique_by=lambda o: o.id))
    def test_the_bundled_strategy_with_generated_overlays(
        self, overlays: list[ncts.Overlay]
    ) -> None:
        s = ncts.load()
        fast = ncts.to_graph(s, overlays=overlays)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_graph, "_FACTORIES", ("no_such_factory",))
            slow = ncts.to_graph(s, overlays=overlays)
        assert _seen(fast) == _seen(slow)

    def test_the_bundled_strategy(self) -> None:
        s = ncts.load()
        fast = ncts.to_graph(s)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_graph, "_FACTORIES", ("no_such_factory",))
            slow = ncts.to_graph(s)
        assert _seen(fast) == _seen(slow)
        # And what the documentation says of it, by hand.
        assert next(iter(fast.successors("VK6"))) == "VK"
        assert fast.nodes["VK6"]["area"] == "VK"
        assert fast.edges["VK6", "VK", "part_of"]["rationale"] == (
            "The source lists the speerpunt under its area of intervention (VK6 in VK)."
        )


class TestTheFastWayIsTaken:
    """Both ways give the same graph (above), so only a count tells them apart."""

    def test_a_multidigraph_is_filled_without_add_node_or_add_edge(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[str] = []

        def counting(name: str) -> Any:
            real = getattr(nx.MultiDiGraph, name)

            def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
                calls.append(name)
                return real(self, *args, **kwargs)

            return counted

        for name in ("add_node", "add_edge", "add_nodes_from", "add_edges_from"):
            monkeypatch.setattr(nx.MultiDiGraph, name, counting(name))
        graph = ncts.to_graph(ncts.load())
        assert graph.number_of_edges() == 44
        assert calls == []

    def test_a_graph_with_other_dicts_keeps_them(self) -> None:
        class Marked(dict):  # type: ignore[type-arg]
            pass

        class Other(nx.MultiDiGraph):  # type: ignore[type-arg]
            edge_attr_dict_factory = Marked
            node_attr_dict_factory = Marked

        graph = Other()
        nodes, edges = [("a", {"x": 1})], [("a", "b", "k", {"y": 2})]
        _graph._fill(graph, *_copies(nodes, edges))
        assert type(graph.nodes["a"]) is Marked
        assert type(graph.adj["a"]["b"]["k"]) is Marked
        assert _seen(graph) == _seen(_public(*_copies(nodes, edges)))


def _with_area(s: ncts.Strategy, area: ncts.Area) -> ncts.Strategy:
    """*s* with its area of *area*'s ID replaced by *area*."""
    return attrs.evolve(s, areas=tuple(area if a.id == area.id else a for a in s.areas))


class TestAttributesAtTheirEdges:
    def test_a_default_equal_but_not_the_same_object_is_left_out(self) -> None:
        s = ncts.load()
        area = s.areas[0]
        first = attrs.evolve(area.speerpunten[0], kinds=frozenset(set()))
        # An empty frozenset made anew: equal to the field's default, not it.
        assert first.kinds is not attrs.fields(ncts.Speerpunt).kinds.default
        edited = _with_area(
            s, attrs.evolve(area, speerpunten=(first, *area.speerpunten[1:]))
        )
        node = ncts.to_graph(edited).nodes[first.id]
        assert "kinds" not in node
        assert node["text.nl"] == first.text.nl

    def test_a_subclass_is_named_as_its_class(self) -> None:
        @attrs.frozen
        class MyArea(ncts.Area):
            pass

        s = ncts.load()
        area = s.areas[1]
        fields = {f.name: getattr(area, f.name) for f in attrs.fields(ncts.Area)}
        node = ncts.to_graph(_with_area(s, MyArea(**fields))).nodes[area.id]
        assert (node["label_nl"], node["label_en"]) == (area.name.nl, area.name.en)

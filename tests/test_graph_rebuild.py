"""to_graph's attributes and from_graph's checks, case by case (issue 16, mutants).

Each test edits a graph made by to_graph the way a graph tool or a person could,
and checks what from_graph makes of it: the same strategy, or a ValidationError
that names the node or edge.
"""

import json
from typing import Any

import attrs
import networkx as nx
import pytest

import ncts
from ncts import Strategy

EXAMPLE_OVERLAY = ncts.example_path("overlay.yaml")


def _problems(graph: Any) -> list[tuple[str, str]]:
    with pytest.raises(ncts.ValidationError) as info:
        ncts.from_graph(graph)
    return [(p.path, p.message) for p in info.value.problems]


def _speerpunt(s: Strategy, id: str) -> ncts.Speerpunt:
    return next(sp for sp in s.speerpunten if sp.id == id)


def _rebuilt(graph: Any, reverse: bool = False) -> Any:
    """A copy of *graph* with its nodes and edges added in reverse order."""
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True))
    if reverse:
        nodes.reverse()
        edges.reverse()
    out: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


class TestGraphAttributes:
    def test_the_graph_names_the_strategy_and_its_data_version(
        self, strategy: Strategy
    ) -> None:
        g = ncts.to_graph(strategy)
        assert g.graph == {
            "name": strategy.id,
            "data_version": strategy.data_version,
        }

    def test_overlay_records_become_nodes_with_their_fields(
        self, strategy: Strategy
    ) -> None:
        overlay = ncts.load_overlay(EXAMPLE_OVERLAY)
        g = ncts.to_graph(strategy, overlays=[overlay])
        for order, record in enumerate(overlay.records):
            data = g.nodes[f"{overlay.id}:{record.id}"]
            assert data["type"] == "record"
            assert data["overlay"] == overlay.id
            assert data["label_nl"] == data["label_en"] == record.title
            assert data["order"] == order
            assert "addresses" not in data
            if record.tags:
                assert data["tags"] == ",".join(record.tags)
            else:
                assert "tags" not in data
            if record.status is not None:
                assert data["status"] == record.status.value
            for target in record.addresses:
                edge = g.edges[f"{overlay.id}:{record.id}", target, "tracks"]
                assert edge["type"] == "tracks"
                assert edge["basis"] == "overlay"
                assert repr(overlay.id) in edge["rationale"]
                assert repr(record.id) in edge["rationale"]
                assert edge["rationale"].endswith(f" to {target}.")
        wijkradar = g.nodes[f"{overlay.id}:wijkradar"]
        assert (wijkradar["tags"], wijkradar["progress"]) == ("prevention,local", 40)

    def test_a_link_id_is_an_edge_attribute_of_its_own(
        self, strategy: Strategy
    ) -> None:
        """A link's ID is the edge's link_id (GraphML readers take "id"); back as id."""
        s = attrs.evolve(
            strategy,
            links=(attrs.evolve(strategy.links[0], id=None), *strategy.links[1:]),
        )
        with_id = [link for link in s.links if link.id is not None]
        without_id = [link for link in s.links if link.id is None]
        assert with_id
        assert without_id
        g = ncts.to_graph(s)
        for link in with_id:
            data = g.edges[link.source, link.target, link.type.value]
            assert data["link_id"] == link.id
            assert "id" not in data
        for link in without_id:
            assert "link_id" not in g.edges[link.source, link.target, link.type.value]
        assert ncts.from_graph(g) == s

    def test_kinds_and_lists(self, strategy: Strategy) -> None:
        """kinds is comma-separated text; a list field is JSON text."""
        g = ncts.to_graph(strategy)
        for sp in strategy.speerpunten:
            kinds = sorted(k.value for k in sp.kinds)
            if kinds:
                assert g.nodes[sp.id]["kinds"].split(",") == kinds
            else:
                assert "kinds" not in g.nodes[sp.id]
        introduction = json.loads(g.nodes[strategy.id]["introduction"])
        assert [p["nl"] for p in introduction] == [t.nl for t in strategy.introduction]


class TestFromGraphOrder:
    def test_order_comes_from_the_order_attribute_not_the_graph(
        self, strategy: Strategy
    ) -> None:
        """Nodes and edges added in reverse order still give the same strategy."""
        g = _rebuilt(ncts.to_graph(strategy), reverse=True)
        assert next(iter(g.nodes)) != strategy.id
        assert ncts.from_graph(g) == strategy

    def test_elements_without_an_order_go_last_by_id(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        first, second = strategy.goals[0].id, strategy.goals[1].id
        del g.nodes[first]["order"]
        g.nodes[second]["order"] = "1"  # not a whole number: as if absent
        rebuilt = ncts.from_graph(g)
        expected = [g.id for g in strategy.goals[2:]] + sorted([first, second])
        assert [goal.id for goal in rebuilt.goals] == expected

    def test_links_without_an_order_go_last(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        link = strategy.links[0]
        del g.edges[link.source, link.target, link.type.value]["order"]
        rebuilt = ncts.from_graph(g)
        assert rebuilt.links == (*strategy.links[1:], link)

    def test_speerpunten_without_an_order_go_last(self, strategy: Strategy) -> None:
        area = strategy.areas[0]
        g = ncts.to_graph(strategy)
        g.nodes[area.speerpunten[0].id]["order"] = None
        rebuilt = ncts.from_graph(g)
        ids = [sp.id for sp in rebuilt.areas[0].speerpunten]
        assert ids == [sp.id for sp in (*area.speerpunten[1:], area.speerpunten[0])]


class TestFromGraphReadsWhatToolsWrite:
    def test_gexf_link_type(self, strategy: Strategy) -> None:
        """GEXF keeps an edge's type as link_type: from_graph reads it there."""
        g = ncts.to_graph(strategy)
        for *_, data in g.edges(data=True):
            data["link_type"] = data.pop("type")
        assert ncts.from_graph(g) == strategy

    def test_type_wins_over_link_type(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        for *_, data in g.edges(data=True):
            data["link_type"] = "gadget"
        assert ncts.from_graph(g) == strategy

    def test_plain_attribute_beside_a_nested_one_is_ignored(
        self, strategy: Strategy
    ) -> None:
        """Cytoscape's plain "text" beside "text.nl"; "kinds.x" for a plain field."""
        g = ncts.to_graph(strategy)
        sp = strategy.speerpunten[0].id
        g.nodes[sp]["text"] = "plain text from a tool"
        g.nodes[sp]["kinds.extra"] = "x"
        g.nodes[sp]["id"] = "NOT-ITS-ID"
        g.nodes[sp]["speerpunten"] = "[]"
        g.nodes[strategy.id]["period.start.day"] = 3  # period.start is a value
        assert ncts.from_graph(g) == strategy

    def test_empty_kinds(self, strategy: Strategy) -> None:
        """An empty kinds attribute is no kinds, not one empty kind."""
        g = ncts.to_graph(strategy)
        sp = next(sp for sp in strategy.speerpunten if sp.kinds)
        for empty in ("", ",", None):
            g.nodes[sp.id]["kinds"] = empty
            assert not _speerpunt(ncts.from_graph(g), sp.id).kinds

    def test_kinds_with_an_empty_item(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        sp = next(sp for sp in strategy.speerpunten if len(sp.kinds) == 2)
        g.nodes[sp.id]["kinds"] = "," + g.nodes[sp.id]["kinds"] + ","
        assert _speerpunt(ncts.from_graph(g), sp.id).kinds == sp.kinds

    def test_a_list_field_as_json_text_or_as_a_list(self, strategy: Strategy) -> None:
        """GraphML carries a list as JSON text; node-link JSON may carry the list."""
        g = ncts.to_graph(strategy)
        g.nodes[strategy.id]["introduction"] = [
            attrs.asdict(t) for t in strategy.introduction
        ]
        assert ncts.from_graph(g).introduction == strategy.introduction


class TestFromGraphRefuses:
    def test_a_node_without_a_type(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        g.add_node("X1", label_nl="x")
        assert _problems(g) == [
            (
                "nodes['X1'].type",
                "expected one of 'strategy', 'goal', 'focus_theme', 'area', "
                "'speerpunt', got None",
            )
        ]

    def test_two_strategies(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        g.add_node("OTHER", **g.nodes[strategy.id])
        [(path, message)] = _problems(g)
        assert path == "nodes"
        assert message.endswith("this one has 2")

    def test_bad_type_and_no_strategy_both_reported(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        g.nodes[strategy.id]["type"] = "gadget"
        assert [path for path, _ in _problems(g)] == [
            f"nodes[{strategy.id!r}].type",
            "nodes",
        ]

    @pytest.mark.parametrize(
        ("part", "whole", "types"),
        [
            ("G1", "VK", "from a goal to an area"),
            ("VK6", "G1", "from a speerpunt to a goal"),
            ("VK", "VW", "from an area to an area"),
            ("FT1", "VK6", "from a focus theme to a speerpunt"),
        ],
    )
    def test_part_of_between_the_wrong_types(
        self, strategy: Strategy, part: str, whole: str, types: str
    ) -> None:
        g = ncts.to_graph(strategy)
        g.add_edge(part, whole, "part_of", type="part_of", basis="stated")
        [(path, message)] = _problems(g)
        assert path == f"edges[{part!r}, {whole!r}]"
        assert message.endswith(f"this one runs {types}")

    def test_the_strategy_is_part_of_nothing(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        g.add_edge(strategy.id, "G1", "part_of", type="part_of", basis="stated")
        [(path, message)] = _problems(g)
        assert path == f"edges[{strategy.id!r}, 'G1']"
        assert "from a strategy to a goal" in message

    def test_an_area_part_of_the_strategy_twice(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        g.add_edge("VK", strategy.id, "part_of2", type="part_of", basis="stated")
        assert _problems(g) == [
            (f"edges['VK', {strategy.id!r}]", "an area is part of one strategy, once")
        ]

    def test_every_speerpunt_without_an_area_is_named(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        area = strategy.areas[0]
        for sp in area.speerpunten[:2]:
            g.remove_edge(sp.id, area.id, "part_of")
        assert _problems(g) == [
            (f"nodes[{sp.id!r}]", "a speerpunt needs a part_of edge to its area")
            for sp in area.speerpunten[:2]
        ]

    def test_bad_json_in_a_link(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        link = next(link for link in strategy.links if link.evidence)
        g.edges[link.source, link.target, link.type.value]["evidence"] = "[oops"
        assert _problems(g) == [
            (
                f"edges[{link.source!r}, {link.target!r}].evidence",
                "is not valid JSON text: it holds a list",
            )
        ]

    def test_problems_of_nodes_and_links_together(self, strategy: Strategy) -> None:
        """A JSON error in a node does not hide a missing part_of edge."""
        g = ncts.to_graph(strategy)
        g.nodes[strategy.id]["sources"] = "[not json"
        sp = strategy.speerpunten[0]
        g.remove_edge(sp.id, strategy.area_of(sp).id, "part_of")
        assert sorted(path for path, _ in _problems(g)) == sorted(
            [f"nodes[{strategy.id!r}].sources", f"nodes[{sp.id!r}]"]
        )

    def test_not_a_graph(self) -> None:
        with pytest.raises(TypeError, match="graph"):
            ncts.from_graph({"nodes": []})  # type: ignore[arg-type]


def _bare(**kwargs: Any) -> Strategy:
    """A small strategy: an area without speerpunten, no links unless given."""
    return Strategy(
        "S",
        ncts.Text("Titel"),
        ncts.Period(2020, 2021),
        "1",
        areas=(ncts.Area("A", ncts.Text("Gebied"), ncts.Text("Over A")),),
        **kwargs,
    )


class TestChildrenAreNodesNotAttributes:
    def test_no_node_holds_its_children_as_an_attribute(
        self, strategy: Strategy
    ) -> None:
        g = ncts.to_graph(strategy)
        children = {"goals", "focus_themes", "areas", "speerpunten", "links"}
        for node, data in g.nodes(data=True):
            assert not children & set(data), node

    @pytest.mark.parametrize(
        ("node", "name", "value"),
        [
            ("A", "speerpunten", '[{"id": "X1", "text": {"nl": "x"}}]'),
            ("S", "links", '[{"source": "A", "target": "S", "type": "addresses"}]'),
            ("S", "goals", '[{"id": "G9", "text": {"nl": "x"}}]'),
        ],
    )
    def test_an_attribute_named_like_children_is_ignored(
        self, node: str, name: str, value: str
    ) -> None:
        """Children come from nodes and edges only, never from an attribute."""
        s = _bare()
        g = ncts.to_graph(s)
        g.nodes[node][name] = value
        assert ncts.from_graph(g) == s

    def test_an_edge_id_from_a_graph_reader_is_not_a_link_id(self) -> None:
        """GraphML readers give an edge its XML id as "id": only link_id is read."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        link = next(link for link in s.links if link.id is None)
        g = ncts.to_graph(s)
        g.edges[link.source, link.target, link.type.value]["id"] = "e7"
        assert ncts.from_graph(g) == s


class TestMoreAttributes:
    def test_the_strategy_node_comes_first(self, strategy: Strategy) -> None:
        g = ncts.to_graph(strategy)
        assert g.nodes[strategy.id]["order"] == 0
        assert [g.nodes[goal.id]["order"] for goal in strategy.goals] == list(
            range(len(strategy.goals))
        )

    def test_a_list_attribute_keeps_its_characters(self) -> None:
        """JSON text in an attribute shows "é" as it is, not as an escape."""
        s = _bare(introduction=(ncts.Text("Één ‘inleiding’"),))
        text = ncts.to_graph(s).nodes["S"]["introduction"]
        assert text == '[{"nl":"Één ‘inleiding’"}]'

    def test_a_link_edge_holds_no_source_or_target(self, strategy: Strategy) -> None:
        """The ends of a link are the edge's ends (Cytoscape reserves the names);
        an element's ID is its node's key, not an attribute."""
        g = ncts.to_graph(strategy)
        for node, data in g.nodes(data=True):
            assert "id" not in data, node
        for link in strategy.links:
            data = g.edges[link.source, link.target, link.type.value]
            assert not {"source", "target", "id"} & set(data)

    def test_wrong_arguments(self, strategy: Strategy) -> None:
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not int"):
            ncts.to_graph(42)  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=r"^overlays must hold only overlays, not Strategy"
        ):
            ncts.to_graph(strategy, overlays=[strategy])  # type: ignore[list-item]
        with pytest.raises(TypeError, match=r"^graph must be a networkx graph, not"):
            ncts.from_graph({"nodes": []})  # type: ignore[arg-type]

    def test_an_overlay_is_checked_before_it_is_added(self, strategy: Strategy) -> None:
        bad = _overlay(ncts.Record("r", "R", ("VK6", "VK99")))
        with pytest.raises(ncts.ValidationError, match="VK99"):
            ncts.to_graph(strategy, overlays=[bad])

    def test_from_graph_leaves_records_and_their_edges_out(
        self, strategy: Strategy
    ) -> None:
        overlay = ncts.load_overlay(EXAMPLE_OVERLAY)
        g = ncts.to_graph(strategy, overlays=[overlay])
        assert ncts.from_graph(g) == strategy

    def test_an_order_beyond_any_count_still_comes_before_none(
        self, strategy: Strategy
    ) -> None:
        g = ncts.to_graph(strategy)
        first, second = strategy.goals[0].id, strategy.goals[1].id
        del g.nodes[first]["order"]
        g.nodes[second]["order"] = 2**62
        rebuilt = [goal.id for goal in ncts.from_graph(g).goals]
        assert rebuilt[-2:] == [second, first]
        link, other = strategy.links[0], strategy.links[1]
        del g.edges[link.source, link.target, link.type.value]["order"]
        g.edges[other.source, other.target, other.type.value]["order"] = 2**62
        assert ncts.from_graph(g).links[-2:] == (other, link)


def _overlay(*records: ncts.Record) -> ncts.Overlay:
    s = ncts.load()
    return ncts.Overlay("o", "O", s.id, s.data_version, records=records)

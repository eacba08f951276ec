"""GraphML, GEXF and Cytoscape.js exports as their readers mean them.

GraphML wants the ``id`` of each edge unique in the document; Cytoscape.js wants
each element as an object with a ``data`` object, IDs unique among all elements,
and edges with ``source`` and ``target`` (https://js.cytoscape.org/#notation/elements-json).
"""

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import networkx as nx
from hypothesis import given

import ncts
from ncts import Strategy
from ncts._export import export_text
from ncts.testing import strategies

_GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


# XML 1.0's Char production, less the carriage return (XML readers turn it into
# a line feed); the XML formats refuse a strategy with any other character.
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(s: Strategy) -> Strategy:
    """The strategy with every character that XML cannot hold replaced by 'x'."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _NOT_XML.sub("x", value)
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return ncts.loads(json.dumps(clean(json.loads(ncts.dumps(s, "json")))), "json")


def _edge_id(link: ncts.Link) -> str:
    """The documented ID of a link's edge: its own ID, or ``source:type:target``."""
    return link.id or f"{link.source}:{link.type.value}:{link.target}"


def _edge_count(s: Strategy) -> int:
    """Links, plus one containment edge per goal, focus theme, area and speerpunt."""
    parts = len(s.goals) + len(s.focus_themes) + len(s.areas) + len(s.speerpunten)
    return len(s.links) + parts


def _check_graphml(s: Strategy, text: str, folder: Any) -> None:
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<graphml")
    root = ET.fromstring(text.encode("utf-8"))
    edges = root.findall(f"./{_GRAPHML}graph/{_GRAPHML}edge")
    ids = [edge.get("id", "") for edge in edges]
    assert len(ids) == _edge_count(s)
    assert "" not in ids
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for link in s.links:  # a link's own ID names its edge
        [edge] = [e for e in edges if e.get("id") == _edge_id(link)]
        assert (edge.get("source"), edge.get("target")) == (link.source, link.target)
    path = folder / "s.graphml"
    path.write_text(text, encoding="utf-8")
    multi: Any = nx.read_graphml(path, force_multigraph=True)
    assert sorted(k for *_, k in multi.edges(keys=True)) == sorted(ids)
    assert ncts.from_graph(multi) == s


class TestGraphml:
    def test_bundled_edge_ids_unique(self, strategy: Strategy, tmp_path: Any) -> None:
        """Every edge of the bundled export has its own id; networkx reads it back."""
        text = export_text(strategy, "graphml")
        _check_graphml(strategy, text, tmp_path)
        assert 'id="VK6:part_of:VK"' in text
        assert 'id="L10"' in text

    @given(strategies())
    def test_any_strategy(self, s: Strategy) -> None:
        """For any strategy, edge ids are unique, also between parallel links."""
        import tempfile
        from pathlib import Path

        s = _xml_safe(s)
        with tempfile.TemporaryDirectory() as folder:
            _check_graphml(s, export_text(s, "graphml"), Path(folder))

    def test_gexf_declares_xml(self, strategy: Strategy) -> None:
        """GEXF starts with its XML declaration, and its edge ids are unique too."""
        text = export_text(strategy, "gexf")
        assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<gexf")
        ids = [
            e.get("id")
            for e in ET.fromstring(text.encode()).iter()
            if e.tag.endswith("}edge")
        ]
        assert len(ids) == len(set(ids)) == _edge_count(strategy)


def _check_cytoscape(s: Strategy, doc: dict[str, Any]) -> None:
    """Check *doc* against Cytoscape.js's elements JSON, and read it with networkx."""
    assert isinstance(doc["data"], dict)  # the graph's own attributes: an object
    elements = doc["elements"]
    assert set(elements) == {"nodes", "edges"}
    for element in elements["nodes"] + elements["edges"]:
        assert isinstance(element, dict)
        assert isinstance(element["data"], dict)
        assert isinstance(element["data"]["id"], str)
    node_ids = [n["data"]["id"] for n in elements["nodes"]]
    edge_ids = [e["data"]["id"] for e in elements["edges"]]
    assert len(node_ids) == len(s.ids()) - len(s.sources)
    assert len(edge_ids) == _edge_count(s)
    every = node_ids + edge_ids
    assert len(set(every)) == len(every)  # unique among nodes and edges together
    for edge in elements["edges"]:
        assert edge["data"]["source"] in node_ids
        assert edge["data"]["target"] in node_ids
    for link in s.links:
        [edge] = [e for e in elements["edges"] if e["data"]["id"] == _edge_id(link)]
        data = edge["data"]
        assert (data["source"], data["target"], data["type"], data["basis"]) == (
            link.source,
            link.target,
            link.type.value,
            link.basis.value,
        )
    assert ncts.from_graph(nx.cytoscape_graph(doc)) == s


class TestCytoscape:
    def test_bundled(self, strategy: Strategy) -> None:
        """The bundled export is Cytoscape.js elements JSON that networkx reads back."""
        doc = json.loads(export_text(strategy, "cytoscape"))
        _check_cytoscape(strategy, doc)
        assert doc["data"]["name"] == "NCTS-2022-2026"

    @given(strategies())
    def test_any_strategy(self, s: Strategy) -> None:
        """For any strategy, the same holds."""
        _check_cytoscape(s, json.loads(export_text(s, "cytoscape")))

"""GraphML, GEXF, Cytoscape.js, DOT and Mermaid exports as their readers mean them.

GraphML wants the ``id`` of each edge unique in the document; Cytoscape.js wants
each element as an object with a ``data`` object, IDs unique among all elements,
and edges with ``source`` and ``target`` (https://js.cytoscape.org/#notation/elements-json).
DOT and Mermaid labels show each text as it is, and a file holds no character
that the terminal output would not.
"""

import functools
import html.entities
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import networkx as nx
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

import ncts
from ncts import Strategy
from ncts._cli import main
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

    @given(strategies(max_areas=2, max_speerpunten=2, max_goals=2, max_focus_themes=2))
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

    @given(strategies(max_areas=2, max_speerpunten=2, max_goals=2, max_focus_themes=2))
    def test_any_strategy(self, s: Strategy) -> None:
        """For any strategy, the same holds."""
        _check_cytoscape(s, json.loads(export_text(s, "cytoscape")))


# DOT and Mermaid labels show the text as it is, and hold no character that acts
# on a terminal: in a file and on standard output alike. Each decoder below is
# written from the format's documentation, not from ncts's code.

#: The characters a file or the terminal output may hold raw: none that is hidden.
_HIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")  # fmt: skip


def _references(text: str) -> str:
    """Decode character references as an XML reader does (Graphviz, and the HTML
    of a Mermaid label): ``&#27;``, ``&#x1b;`` and named ones like ``&amp;``."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith(("#x", "#X")):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return html.entities.html5[name + ";"]

    return re.sub(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);", one, text)


def _dot_labels(text: str) -> dict[str, list[str]]:
    """Each node's label lines, as Graphviz shows them, by node ID.

    A quoted DOT string ends at the first ``"`` that no backslash escapes;
    ``\\"`` in it is a quote. In a label Graphviz then reads character
    references, then its escapes: ``\\n`` (also ``\\l``, ``\\r``) ends a line and
    a backslash before any other character stands for that character.
    """
    string = r'"((?:[^"\\]|\\.)*)"'
    labels = {}
    for line in text.splitlines():
        m = re.fullmatch(rf"  {string} \[label={string}, .*\];", line)
        if not m:
            continue
        node = re.sub(r'\\(["\\])', r"\1", m.group(1))
        label = re.sub(r"\\(.)", lambda e: '"' if e[1] == '"' else e[0], m[2])
        label = _references(label)
        label = re.sub(
            r"\\(.)", lambda e: "\n" if e[1] in "nlr" else e[1], label, flags=re.S
        )
        first, *lines = label.split("\n")
        assert first == node, line
        labels[node] = lines
    return labels


def _mermaid_labels(text: str) -> dict[str, list[str]]:
    """Each node's label lines, as Mermaid shows them, by node ID (in bold).

    Mermaid reads ``#name;`` and ``#123;`` in a label as the HTML entities
    ``&name;`` and ``&#123;``; the label is then HTML: ``<br/>`` ends a line,
    ``<b>`` is bold, and character references stand for their characters.
    """
    labels = {}
    for line in text.splitlines():
        m = re.fullmatch(
            r'\s*n\d+(?:\[|\(\[|\{\{)"([^"]*)"(?:\]|\]\)|\}\}):::\w+', line
        )
        if not m:
            continue
        markup = re.sub(
            r"#([A-Za-z0-9_]+);", lambda e: f"&{'#' * e[1].isdigit()}{e[1]};", m[1]
        )
        first, *rest = markup.split("<br/>")
        bold = re.fullmatch("<b>([^<>]*)</b>", first)
        assert bold, line
        assert not any("<" in part or ">" in part for part in rest), line  # no tag
        labels[_references(bold[1])] = [_references(part) for part in rest]
    return labels


#: Pieces of text that DOT, Mermaid or HTML could read as markup or escapes.
_MARKUP = ["&amp;", "&#x1b;", "&#35;", "#quot;", "#35;", "#lt;", "\\", "\\n", "\\N"]
_MARKUP += ['"', "'", "<b>", "<br/>", "#", "&", ";", "\x1b[2J", "\u202e", "\n", "`"]


def _label_texts(size: int) -> st.SearchStrategy[str]:
    """Any text of at most *size* characters, often made of markup pieces."""
    pieces = st.lists(st.sampled_from(_MARKUP) | st.text(max_size=4), max_size=8)
    return (st.text(max_size=size) | pieces.map("".join)).filter(
        lambda t: t.strip() and len(t) <= size
    )


@functools.cache
def _fictional() -> Strategy:
    return ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))


def _words(text: str) -> str:
    """The text without its white space (labels wrap and join white space)."""
    return "".join(c for c in text if not c.isspace())


@pytest.fixture(scope="module")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("drawings")


class TestDrawings:
    """F: DOT and Mermaid files escaped as standard output is; labels exact."""

    @given(
        nl=_label_texts(60),
        en=_label_texts(60),
        name=_label_texts(30),
        cli=st.sampled_from(
            [(f, lang) for f in ("dot", "mermaid") for lang in ["nl", "en"]]
        ),
    )
    def test_any_label_shows_its_text_in_a_file_and_on_stdout(
        self, drawings: Path, nl: str, en: str, name: str, cli: tuple[str, str]
    ) -> None:
        """Any text (escapes, bidirectional controls, #quot;, &amp;, quotes,
        backslashes) comes back from every node's label as it was, in DOT and
        Mermaid, in both languages, with no hidden character in the text. The
        command line's -o and its standard output write the same text as
        ncts.export (for one drawn format and language: it reads the file)."""
        base = _fictional()
        try:  # a lone surrogate, or a text of nothing visible, is refused
            goal = attrs.evolve(base.goals[0], text=ncts.Text(nl, en))
            area = attrs.evolve(base.areas[0], name=ncts.Text(name))
        except ncts.ValidationError:
            reject()
        s = attrs.evolve(
            base, goals=(goal, *base.goals[1:]), areas=(area, *base.areas[1:])
        )
        nodes = set(ncts.to_graph(s).nodes)
        written = {}
        for fmt, decode in (("dot", _dot_labels), ("mermaid", _mermaid_labels)):
            for lang in ("nl", "en"):
                text = written[fmt, lang] = export_text(s, fmt, lang=lang)  # type: ignore[arg-type]
                assert not _HIDDEN.search(text.replace("\n", ""))
                labels = decode(text)
                assert set(labels) == nodes
                shown = {"nl": nl, "en": en}[lang]
                assert _words("".join(labels[goal.id])) == _words(shown), fmt
                assert _words("".join(labels[area.id])) == _words(name), fmt
        fmt, lang = cli
        # One folder for every example (a fresh one each took a third of the time).
        folder = drawings
        ncts.export(s, folder / "api.txt", fmt, lang=lang)  # type: ignore[arg-type]
        (folder / "s.json").write_text(ncts.dumps(s, "json"), "utf-8")  # no fsync
        argv = ["export", "-s", str(folder / "s.json"), "--format", fmt, "--lang", lang]
        out, err = io.StringIO(), io.StringIO()
        assert main([*argv, "-o", str(folder / "cli.txt")], out=out, err=err) == 0
        assert main(argv, out=out, err=err) == 0, err.getvalue()
        assert out.getvalue() == written[cli]
        for name in ("api.txt", "cli.txt"):
            assert (folder / name).read_text("utf-8") == written[cli]

    def test_the_attack_s_texts(self, tmp_path: Path) -> None:
        """The attack's examples: ESC and U+202E are references in the file, and
        Mermaid shows a source text '&amp;' or '#quot;' as it is."""
        base = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        text = 'a \x1b[2J \u202eb &amp; #quot; # & "c" <i>'
        goal = attrs.evolve(base.goals[0], text=ncts.Text(text))
        s = attrs.evolve(base, goals=(goal, *base.goals[1:]))
        ncts.export(s, tmp_path / "s.mmd")
        ncts.export(s, tmp_path / "s.dot")
        mermaid = (tmp_path / "s.mmd").read_text("utf-8")
        dot = (tmp_path / "s.dot").read_text("utf-8")
        for raw in "\x1b\u202e":
            assert raw not in mermaid
            assert raw not in dot
        for escaped in ("#27;[2J", "#8238;b", "#38;amp;", "#35;quot;", "#34;c#34;"):
            assert escaped in mermaid
        assert "#60;i#62;" in mermaid  # not <i>, which would be italics
        for escaped in ("&#x1b;[2J", "&#x202e;b", "&amp;amp;", '\\"c\\"', "<i>"):
            assert escaped in dot

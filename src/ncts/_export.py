"""Exports: graph formats, SKOS JSON-LD, a web page, a workbook and a data package.

The web page, the workbook and the data package each have a module of their own.

GraphML, GEXF, node-link and Cytoscape.js carry every attribute, so
:func:`~ncts.from_graph` can rebuild the strategy from what networkx reads back.
DOT and Mermaid are for drawing: they carry the IDs, labels, types and bases.
"""

from __future__ import annotations

import functools
import os
import re
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ._checks import check_items, check_lang, check_type
from ._errors import FormatError
from ._escape import printable
from ._graph import LINK_ID, to_graph
from ._io import atomic_write
from ._json import dump_json
from ._model import CONTAINMENT, Strategy

if TYPE_CHECKING:
    import networkx as nx

    from ._overlay import Overlay

__all__ = ["EXPORT_FORMATS", "WITH_OVERLAYS", "ExportFormat", "export", "export_text"]

ExportFormat: TypeAlias = Literal[
    "graphml",
    "gexf",
    "node-link",
    "cytoscape",
    "dot",
    "mermaid",
    "jsonld",
    "html",
    "xlsx",
    "datapackage",
]

#: Every export format, with the file suffixes that select it. A data package is a
#: folder: name the folder with ``format="datapackage"``, or its
#: ``datapackage.json``.
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml",),
    "gexf": (".gexf",),
    "node-link": (".json",),
    "cytoscape": (".cyjs",),
    "dot": (".dot", ".gv"),
    "mermaid": (".mmd", ".mermaid"),
    "jsonld": (".jsonld",),
    "html": (".html", ".htm"),
    "xlsx": (".xlsx",),
    "datapackage": ("datapackage.json",),
}

#: The formats that show overlays' records as well as the strategy.
WITH_OVERLAYS = ("html", "xlsx", "datapackage")


def _format_for(path: str | os.PathLike[str], format: str | None) -> str:
    if check_type(format, (str, type(None)), "format") is not None:
        if format not in EXPORT_FORMATS:
            raise FormatError(
                f"unknown export format {format!r}: use one of "
                f"{', '.join(map(repr, EXPORT_FORMATS))}"
            )
        return format
    if Path(path).name == "datapackage.json":
        return "datapackage"
    suffix = Path(path).suffix.lower()
    for name, suffixes in EXPORT_FORMATS.items():
        if suffix in suffixes:
            return name
    known = ", ".join(s for suffixes in EXPORT_FORMATS.values() for s in suffixes)
    raise FormatError(
        f"cannot tell the export format of {os.fspath(path)!r} from its suffix: "
        f"use one of {known}, or pass format="
    )


def _overlays(fmt: str, overlays: Iterable[Overlay]) -> list[Overlay]:
    from ._overlay import Overlay

    items = list(check_items(overlays, Overlay, "overlays", what="overlays"))
    if items and fmt not in WITH_OVERLAYS:
        raise FormatError(
            f"{fmt} does not show overlays: use one of "
            f"{', '.join(map(repr, WITH_OVERLAYS))}, or ncts.to_graph(strategy, "
            "overlays) for a graph with the records"
        )
    return items


def export(
    strategy: Strategy,
    path: str | os.PathLike[str],
    format: ExportFormat | None = None,
    *,
    lang: str = "nl",
    base: str | None = None,
    overlays: Iterable[Overlay] = (),
) -> None:
    """Write the strategy to a file (a folder, for a data package), atomically.

    The format comes from the suffix unless given: ``.graphml``; ``.gexf``;
    ``.json`` (node-link); ``.cyjs`` (Cytoscape.js); ``.dot`` or ``.gv``
    (Graphviz); ``.mmd`` or ``.mermaid`` (Mermaid flowchart); ``.jsonld`` (a SKOS
    concept scheme in JSON-LD); ``.html`` (a self-contained web page, see
    :func:`~ncts._html.html_page`); ``.xlsx`` (a workbook with a sheet each of
    elements, links, errata and sources; needs openpyxl, ``pip install
    'ncts[sheets]'``); ``datapackage`` (a folder of CSV tables with a Frictionless
    ``datapackage.json``). *lang* (``"nl"`` or ``"en"``) picks the language of
    the labels in DOT and Mermaid, and the language the web page opens in.
    *base* is where JSON-LD mints its IRIs (``https://w3id.org/ncts/<strategy-id>/``
    unless given; see docs/linked-data.md). *overlays* adds records to the web page, the workbook and the data package.

    Examples
    --------
    >>> import ncts, tempfile, pathlib, networkx
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ncts.export(ncts.load(), folder / "ncts.graphml")
    >>> g = networkx.read_graphml(folder / "ncts.graphml")
    >>> ncts.from_graph(g) == ncts.load()
    True
    >>> ncts.export(ncts.load(), folder / "ncts.txt", "mermaid")
    >>> (folder / "ncts.txt").read_text().splitlines()[0]
    'flowchart LR'
    >>> overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> ncts.export(ncts.load(), folder / "ncts.html", overlays=[overlay])
    >>> "wijkradar" in (folder / "ncts.html").read_text(encoding="utf-8")
    True
    """
    check_type(strategy, Strategy, "strategy")
    check_type(path, (str, os.PathLike), "path", what="a str or os.PathLike")
    check_lang(lang)
    fmt = _format_for(path, format)
    if fmt in _WRITERS:
        if base is not None:
            raise FormatError(f"base is for the jsonld format only, not {fmt}")
        _WRITERS[fmt](strategy, path, fmt, lang, _overlays(fmt, overlays))
        return
    text = export_text(strategy, fmt, lang=lang, base=base, overlays=overlays)  # type: ignore[arg-type]
    atomic_write(path, text)


def _write_xlsx(
    strategy: Strategy,
    path: str | os.PathLike[str],
    fmt: str,
    lang: str,
    overlays: list[Overlay],
) -> None:
    from ._sheets import write_strategy_workbook

    write_strategy_workbook(strategy, path, overlays=overlays)


def _write_datapackage(
    strategy: Strategy,
    path: str | os.PathLike[str],
    fmt: str,
    lang: str,
    overlays: list[Overlay],
) -> None:
    from ._datapackage import write_datapackage

    folder = Path(path)
    if folder.name == "datapackage.json":
        folder = folder.parent
    write_datapackage(strategy, folder, overlays=overlays)


#: The formats that are not one text: written by their own module.
_WRITERS = {"xlsx": _write_xlsx, "datapackage": _write_datapackage}


def export_text(
    strategy: Strategy,
    format: ExportFormat,
    *,
    lang: str = "nl",
    base: str | None = None,
    overlays: Iterable[Overlay] = (),
) -> str:
    """Return the strategy in an export format, as text.

    Examples
    --------
    >>> import ncts
    >>> print(export_text(ncts.load(), "dot").splitlines()[0])
    digraph "NCTS-2022-2026" {
    """
    check_type(strategy, Strategy, "strategy")
    check_lang(lang)
    fmt = _format_for("", format)
    items = _overlays(fmt, overlays)
    if fmt in _WRITERS:
        raise FormatError(f"{fmt} is not one text: write it to a file with ncts.export")
    if fmt == "jsonld":
        from ._skos import to_jsonld

        return dump_json(to_jsonld(strategy, base=base))
    if base is not None:
        raise FormatError(f"base is for the jsonld format only, not {fmt}")
    return _TEXTS[fmt](strategy, lang, items)


def _html(strategy: Strategy, lang: str, overlays: list[Overlay]) -> str:
    from ._html import html_page

    return html_page(strategy, overlays, lang=lang)


def _graph_text(fmt: str) -> Callable[[Strategy, str, list[Overlay]], str]:
    def write(strategy: Strategy, lang: str, overlays: list[Overlay]) -> str:
        import networkx as nx

        graph = to_graph(strategy)
        if fmt == "graphml":
            _check_xml(graph, fmt)
            return (
                _XML_DECLARATION + "\n".join(nx.generate_graphml(_keyed(graph))) + "\n"
            )
        if fmt == "gexf":
            _check_xml(graph, fmt)
            return (
                _XML_DECLARATION + "\n".join(nx.generate_gexf(_for_gexf(graph))) + "\n"
            )
        if fmt == "node-link":
            return dump_json(nx.node_link_data(graph, edges="edges"))
        if fmt == "cytoscape":
            return dump_json(_cytoscape(graph))
        if fmt == "dot":
            return _dot(graph, lang)
        return _mermaid(graph, lang)

    return write


#: How each text format is written.
_TEXTS: dict[str, Callable[[Strategy, str, list[Overlay]], str]] = {
    **{
        fmt: _graph_text(fmt)
        for fmt in ("graphml", "gexf", "node-link", "cytoscape", "dot", "mermaid")
    },
    "html": _html,
}


# Characters that XML 1.0 cannot hold, not even escaped.
# A carriage return is allowed, but XML readers turn it into a line feed, so it
# would not survive the round trip either.
@functools.cache
def _not_xml() -> re.Pattern[str]:
    # Compiled on first use: this class of ranges takes about 20 ms to compile,
    # which every ``ncts`` command paid (the CLI imports this module).
    return re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_xml(graph: nx.MultiDiGraph[str], fmt: str) -> None:
    """Refuse, naming the place, text that an XML format cannot carry."""
    places: list[tuple[str, dict[str, Any]]] = [("graph", graph.graph)]
    places += [(f"nodes[{n!r}]", d) for n, d in graph.nodes(data=True)]
    places += [(f"edges[{u!r}, {v!r}]", d) for u, v, d in graph.edges(data=True)]
    for where, data in places:
        for key, value in data.items():
            match = _not_xml().search(value) if isinstance(value, str) else None
            if match:
                raise FormatError(
                    f"cannot write {fmt}: {where}.{key} holds the character "
                    f"U+{ord(match.group()):04X}, which XML cannot hold unchanged; use another "
                    "format (node-link or cytoscape JSON) or remove the character"
                )


_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def edge_id(u: str, v: str, data: dict[str, Any]) -> str:
    """Return an edge's ID, unique in the graph: the link's own ID, or ``u:type:v``.

    No ncts ID holds a colon, so the two kinds cannot clash; both are XML names.

    >>> edge_id("VK6", "VK", {"type": "part_of"})
    'VK6:part_of:VK'
    >>> edge_id("VK6", "FT1", {"type": "addresses", "link_id": "L10"})
    'L10'
    """
    link_id = data.get(LINK_ID)
    return link_id if isinstance(link_id, str) else f"{u}:{data.get('type', '')}:{v}"


def _keyed(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """Copy the graph with the edges' IDs as their keys (GraphML writes the key).

    The graph's own keys are link types, and GraphML wants the ``id`` of an edge
    unique in the document.
    """
    import networkx as nx

    copy: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    copy.graph.update(graph.graph)
    copy.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        copy.add_edge(u, v, edge_id(u, v, data), **data)
    return copy


def _cytoscape(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """Return the graph as Cytoscape.js elements JSON, which networkx also reads.

    Each element is a ``data`` object; nodes and edges have IDs unique among all
    elements (Cytoscape.js wants that), and the graph's attributes are an object.
    """
    import networkx as nx

    data: dict[str, Any] = nx.cytoscape_data(graph)
    data["data"] = dict(data["data"])
    edges = data["elements"]["edges"]
    for element, (u, v, attributes) in zip(edges, graph.edges(data=True), strict=True):
        element["data"] = {"id": edge_id(u, v, attributes), **element["data"]}
    return data


def _for_gexf(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """GEXF reserves the edge attribute ``type`` (directed or not): move it aside."""
    copy = graph.copy()
    for *_, data in copy.edges(keys=True, data=True):
        data["link_type"] = data.pop("type")
    for node, data in copy.nodes(data=True):
        data["label"] = f"{node} {data['label_nl']}"
    return copy


def _label(node: str, data: dict[str, Any], lang: str, width: int = 32) -> list[str]:
    text = data.get("label_en" if lang == "en" else "label_nl") or data["label_nl"]
    lines = textwrap.wrap(
        " ".join(str(text).split()), width, break_on_hyphens=False
    ) or [""]
    if len(lines) > 3:
        lines = [
            *lines[:2],
            textwrap.shorten(" ".join(lines[2:]), width, placeholder=" …"),
        ]
    return [node, *lines]


#: The fill colour of each element type, the same in DOT, Mermaid and ncts.plot.
TYPE_FILL = {
    "strategy": "#e8e8e8",
    "goal": "#fde2b8",
    "focus_theme": "#d9c8f0",
    "area": "#b8d4f0",
    "speerpunt": "#ffffff",
}
_DOT_SHAPE = {"goal": "ellipse", "focus_theme": "hexagon"}
_MERMAID_STROKE = {
    "strategy": "#555",
    "goal": "#a66",
    "focus_theme": "#64a",
    "area": "#357",
    "speerpunt": "#357",
}


def _dot_string(value: object) -> str:
    """Quote a text for DOT so that Graphviz shows exactly the text.

    Graphviz reads character references in a label (``&amp;`` shows as ``&``),
    so ``&`` is written as ``&amp;``; a hidden character (an escape, a
    bidirectional control) as a reference, so the file is as safe to show as
    the terminal output; a backslash, a quote and a line break as DOT's escapes.

    >>> print(_dot_string('a "b" & \\x1b[2J \\u202e c\\\\'))
    "a \\"b\\" &amp; &#x1b;[2J &#x202e; c\\\\"
    """
    text = str(value).replace("&", "&amp;")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{printable(text, style="xml")}"'


def _dot(graph: nx.MultiDiGraph[str], lang: str) -> str:
    lines = [
        f"digraph {_dot_string(graph.graph.get('name', 'strategy'))} {{",
        "  graph [rankdir=LR, fontname=Helvetica];",
        '  node [fontname=Helvetica, style="rounded,filled"];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "")
        shape, colour = _DOT_SHAPE.get(kind, "box"), TYPE_FILL.get(kind, "#ffffff")
        label = "\n".join(_label(node, data, lang))
        lines.append(
            f"  {_dot_string(node)} [label={_dot_string(label)}, shape={shape}, "
            f'fillcolor="{colour}", type={_dot_string(data.get("type", ""))}];'
        )
    for u, v, data in graph.edges(data=True):
        derived = data.get("basis") == "derived"
        containment = data.get("type") == CONTAINMENT
        style = "dotted" if containment else ("dashed" if derived else "solid")
        label = "" if containment else f", label={_dot_string(data.get('type', ''))}"
        lines.append(
            f"  {_dot_string(u)} -> {_dot_string(v)} [type={_dot_string(data.get('type', ''))}, "
            f"basis={_dot_string(data.get('basis', ''))}, style={style}{label}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


#: What Mermaid would read in a label: its entity codes (``#quot;``, ``#35;``)
#: and HTML (``<b>``, ``&amp;``), each written as an entity code.
_MERMAID_MARKUP = re.compile('[#&"<>]')


def _mermaid_text(text: str) -> str:
    """Write a text for a Mermaid label so that Mermaid shows exactly the text.

    A label is HTML, and ``#name;`` in it is an entity code: ``#``, ``&``, the
    quote and the angle brackets are written as entity codes (``#35;``), and so
    is every hidden character (an escape, a bidirectional control), so the
    file is as safe to show as the terminal output.

    >>> print(_mermaid_text('#quot; &amp; <b> \\x1b \\u202e'))
    #35;quot; #38;amp; #60;b#62; #27; #8238;
    """
    text = _MERMAID_MARKUP.sub(lambda m: f"#{ord(m.group())};", text)
    return printable(text, style="mermaid")


def _mermaid(graph: nx.MultiDiGraph[str], lang: str) -> str:
    """Draw a Mermaid flowchart: areas as boxes around their speerpunten.

    Mermaid node names must be simple, so nodes are named ``n0``, ``n1``, ... in
    graph order; each node's label starts with its real ID.
    """
    names = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    shapes = {
        "strategy": ('["', '"]'),
        "goal": ('(["', '"])'),
        "focus_theme": ('{{"', '"}}'),
        "area": ('["', '"]'),
        "speerpunt": ('["', '"]'),
    }

    def node_line(node: str, indent: str) -> str:
        data = graph.nodes[node]
        left, right = shapes.get(data.get("type", ""), ('["', '"]'))
        label = "<br/>".join(_mermaid_text(line) for line in _label(node, data, lang))
        label = label.replace(
            f"{_mermaid_text(node)}<br/>", f"<b>{_mermaid_text(node)}</b><br/>", 1
        )
        return f"{indent}{names[node]}{left}{label}{right}:::{data.get('type', 'node')}"

    lines = ["flowchart LR"]
    members: dict[str, list[str]] = {}
    for u, v, data in graph.edges(data=True):
        if (
            data.get("type") == CONTAINMENT
            and graph.nodes[u].get("type") == "speerpunt"
        ):
            members.setdefault(v, []).append(u)
    inside = {sp for sps in members.values() for sp in sps}
    for node, data in graph.nodes(data=True):
        if data.get("type") == "area":
            lines.append(f'  subgraph box_{names[node]}[" "]')
            lines.append("    direction TB")
            lines.append(node_line(node, "    "))
            lines.extend(node_line(sp, "    ") for sp in members.get(node, []))
            lines.append("  end")
        elif node not in inside:
            lines.append(node_line(node, "  "))
    for u, v, data in graph.edges(data=True):
        kind = data.get("type", "")
        if kind == CONTAINMENT:
            arrow = "---"
        elif data.get("basis") == "derived":
            arrow = f"-. {kind} .->"
        else:
            arrow = f"-- {kind} -->"
        lines.append(f"  {names[u]} {arrow} {names[v]}")
    lines += []
    lines += [
        f"  classDef {kind} fill:{fill},stroke:{_MERMAID_STROKE[kind]}"
        for kind, fill in TYPE_FILL.items()
    ]
    return "\n".join(lines) + "\n"

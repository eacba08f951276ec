"""Exports: GraphML, GEXF, node-link, Cytoscape.js, DOT, Mermaid and SKOS JSON-LD.

GraphML, GEXF, node-link and Cytoscape.js carry every attribute, so
:func:`~ncts.from_graph` can rebuild the strategy from what networkx reads back.
DOT and Mermaid are for drawing: they carry the IDs, labels, types and bases.
"""

from __future__ import annotations

import functools
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ._checks import check_lang, check_type
from ._errors import FormatError
from ._graph import to_graph
from ._io import atomic_write
from ._json import dump_json
from ._model import CONTAINMENT, Strategy

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "ExportFormat", "export", "export_text"]

ExportFormat: TypeAlias = Literal[
    "graphml", "gexf", "node-link", "cytoscape", "dot", "mermaid", "jsonld"
]

#: Every export format, with the file suffixes that select it.
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml",),
    "gexf": (".gexf",),
    "node-link": (".json",),
    "cytoscape": (".cyjs",),
    "dot": (".dot", ".gv"),
    "mermaid": (".mmd", ".mermaid"),
    "jsonld": (".jsonld",),
}


def _format_for(path: str | os.PathLike[str], format: str | None) -> str:
    if format is not None:
        if format not in EXPORT_FORMATS:
            raise FormatError(
                f"unknown export format {format!r}: use one of "
                f"{', '.join(map(repr, EXPORT_FORMATS))}"
            )
        return format
    suffix = Path(path).suffix.lower()
    for name, suffixes in EXPORT_FORMATS.items():
        if suffix in suffixes:
            return name
    known = ", ".join(s for suffixes in EXPORT_FORMATS.values() for s in suffixes)
    raise FormatError(
        f"cannot tell the export format of {os.fspath(path)!r} from its suffix: "
        f"use one of {known}, or pass format="
    )


def export(
    strategy: Strategy,
    path: str | os.PathLike[str],
    format: ExportFormat | None = None,
    *,
    lang: str = "nl",
) -> None:
    """Write the strategy's graph to a file, atomically.

    The format comes from the suffix unless given: ``.graphml``; ``.gexf``;
    ``.json`` (node-link); ``.cyjs`` (Cytoscape.js); ``.dot`` or ``.gv``
    (Graphviz); ``.mmd`` or ``.mermaid`` (Mermaid flowchart); ``.jsonld`` (a SKOS
    concept scheme in JSON-LD). *lang* (``"nl"`` or ``"en"``) picks the language of
    the labels in DOT and Mermaid.

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
    """
    check_type(strategy, Strategy, "strategy")
    check_type(path, (str, os.PathLike), "path", what="a str or os.PathLike")
    check_lang(lang)
    fmt = _format_for(path, format)
    atomic_write(path, export_text(strategy, fmt, lang=lang))  # type: ignore[arg-type]


def export_text(strategy: Strategy, format: ExportFormat, *, lang: str = "nl") -> str:
    """Return the strategy's graph in an export format, as text.

    Examples
    --------
    >>> import ncts
    >>> print(export_text(ncts.load(), "dot").splitlines()[0])
    digraph "NCTS-2022-2026" {
    """
    check_type(strategy, Strategy, "strategy")
    check_lang(lang)
    fmt = _format_for("", format)
    if fmt == "jsonld":
        from ._skos import to_jsonld

        return dump_json(to_jsonld(strategy))
    import networkx as nx

    graph = to_graph(strategy)
    if fmt == "graphml":
        _check_xml(graph, fmt)
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    if fmt == "gexf":
        _check_xml(graph, fmt)
        return "\n".join(nx.generate_gexf(_for_gexf(graph))) + "\n"
    if fmt == "node-link":
        return dump_json(nx.node_link_data(graph, edges="edges"))
    if fmt == "cytoscape":
        return dump_json(nx.cytoscape_data(graph))
    if fmt == "dot":
        return _dot(graph, lang)
    return _mermaid(graph, lang)


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
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


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


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


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

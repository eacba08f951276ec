"""A strategy as a networkx graph, and back again.

networkx is imported only inside these functions, so that ``import ncts`` and
``ncts.load()`` stay fast and light.

The graph is a ``MultiDiGraph``: one node per element (the strategy, its goals,
focus themes, areas and speerpunten), keyed by ID, and one edge per link and per
containment. Every attribute value is a plain ``str``, ``int`` or ``bool``, so
GraphML, GEXF, JSON and the other formats can carry them all.
"""

from __future__ import annotations

import functools
import json
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs

from ._checks import check_items, check_type
from ._convert import resolved_fields, structure, unstructure_hook
from ._errors import Problem, ValidationError
from ._fields import a_type
from ._model import (
    CONTAINMENT,
    Area,
    FocusTheme,
    Goal,
    Link,
    Speerpunt,
    Strategy,
    Text,
    containment,
    label,
)

if TYPE_CHECKING:
    import networkx as nx

    from ._overlay import Overlay

__all__ = [
    "CONTAINMENT",
    "NODE_TYPES",
    "RECORD",
    "TRACKS",
    "containment",
    "from_graph",
    "label",
    "to_graph",
]

#: The node types, from the top of the strategy down.
NODE_TYPES = ("strategy", "goal", "focus_theme", "area", "speerpunt")

_CLASSES: dict[str, type] = {
    "strategy": Strategy,
    "goal": Goal,
    "focus_theme": FocusTheme,
    "area": Area,
    "speerpunt": Speerpunt,
}
#: The edge attribute that holds a link's own ID.
LINK_ID = "link_id"
# Fields that become nodes and edges of their own, not attributes.
_CHILDREN = frozenset({"goals", "focus_themes", "areas", "speerpunten", "links"})


_PLAIN = frozenset({str, int, str | None, int | None})


#: The attribute names of a Text field: ``text.nl``, ``text.en``, ``text.note``.
_TextKeys = tuple[str, str, str]


@functools.cache
def _own_fields(
    cls: Any,
) -> tuple[tuple[str, Callable[[Any], Any] | None, Any, _TextKeys | None], ...]:
    """Name, unstructure hook and default of each field _flatten makes attributes.

    The children (an area's speerpunten, the strategy's areas) are left out, so
    they are not unstructured only to be thrown away. Plain fields need no hook.
    A text (the commonest field) is flattened directly, with its attribute names
    made here once.
    """
    own_id = not hasattr(cls, "element_type")  # a link's ID is an attribute
    return tuple(
        (
            a.name,
            None if a.type in _PLAIN else unstructure_hook(a.type),
            a.default,
            (f"{a.name}.nl", f"{a.name}.en", f"{a.name}.note")
            if a.type is Text  # (no class has an optional text)
            else None,
        )
        for a in resolved_fields(cls)
        if a.init and a.name not in _CHILDREN and (own_id or a.name != "id")
    )


def _flatten(record: object, out: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a record's own fields as flat, plain attributes (``text.nl``, ``kinds``).

    Fields at their default are left out, as :func:`~ncts._convert.unstructure`
    leaves them out of a document. They are added to *out*, if given.
    """
    if out is None:
        out = {}
    cls: Any = type(record)  # a class is hashable, whatever mypy makes of type[object]
    for key, hook, default, text_keys in _own_fields(cls):
        value = getattr(record, key)
        if text_keys is not None:  # as unstructure() writes a Text, flattened
            nl, en, note = text_keys
            out[nl] = value.nl
            if value.en is not None:
                out[en] = value.en
            if value.note is not None:
                out[note] = value.note
        elif value is not default and (default is _NOTHING or value != default):
            if hook is None:
                out[key] = value  # a str or an int
            elif key == "kinds":
                out[key] = ",".join(hook(value))
            else:
                _flatten_value(key, hook(value), out)
    return out


_NOTHING = attrs.NOTHING


def _flatten_value(key: str, value: Any, out: dict[str, Any]) -> None:
    """Add *value* to *out* as plain attributes: ``aim.text.nl``, lists as JSON."""
    if isinstance(value, dict):
        for sub, item in value.items():
            _flatten_value(f"{key}.{sub}", item, out)
    elif isinstance(value, list):
        out[key] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        out[key] = value


@functools.cache
def _label_field(cls: Any) -> str:
    """Return the field that names elements of *cls*, as ``label`` picks it."""
    return (
        "title"
        if issubclass(cls, Strategy)
        else "name"
        if issubclass(cls, Area)
        else "text"
    )


def _node(
    element: Strategy | Goal | FocusTheme | Area | Speerpunt,
    order: int,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a node's attributes (after those already in *data*, if given)."""
    cls: Any = type(element)  # a class is hashable, whatever mypy makes of it
    text = getattr(element, _label_field(cls))
    if data is None:
        data = {}
    data["type"] = element.element_type
    data["label_nl"] = text.nl
    data["label_en"] = text.nl if text.en is None else text.en
    data["order"] = order
    return _flatten(element, data)


def _edge(link: Link, order: int) -> dict[str, Any]:
    data = {k: v for k, v in _flatten(link).items() if k not in ("source", "target")}
    if "id" in data:
        # Not "id": GraphML readers give an edge's XML id that name.
        data[LINK_ID] = data.pop("id")
    data["order"] = order
    return data


def to_graph(
    strategy: Strategy, overlays: Iterable[Overlay] = ()
) -> nx.MultiDiGraph[str]:
    """Return the strategy as a networkx ``MultiDiGraph``, with overlays if given.

    Nodes are keyed by ID and have the attributes ``type`` (strategy, goal,
    focus_theme, area, speerpunt), ``label_nl`` and ``label_en``, ``order`` (the
    place in the document), ``area`` (for speerpunten), and every field of the
    record flattened: ``text.nl``, ``citation.section``, ``kinds``
    (comma-separated), ``errata`` (as JSON text), and so on.

    Edges run from the part to the whole (``part_of``: speerpunt to area; goal,
    focus theme and area to strategy) and along every link, keyed by their type,
    with the attributes ``type``, ``basis`` (stated or derived) and ``rationale``.

    Every attribute value is a ``str``, ``int`` or ``bool``, and
    ``from_graph(to_graph(s)) == s``.

    Each record of each overlay becomes a node of type ``record``, keyed
    ``overlay-id:record-id`` (a colon never occurs in an element ID), with an
    edge of type ``tracks`` and basis ``overlay`` to every element it addresses.
    The overlays are checked against the strategy first (see :func:`ncts.resolve`).

    Examples
    --------
    >>> import ncts
    >>> g = ncts.to_graph(ncts.load())
    >>> g.nodes["VK6"]["type"], g.nodes["VK6"]["area"], g.nodes["VK6"]["kinds"]
    ('speerpunt', 'VK', 'development,innovation')
    >>> g.edges["VK6", "VK", "part_of"]["basis"]
    'stated'
    >>> g.edges["VK6", "FT1", "addresses"]["basis"]
    'derived'
    >>> g.number_of_nodes(), g.number_of_edges()
    (30, 44)
    >>> overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> g = ncts.to_graph(ncts.load(), overlays=[overlay])
    >>> g.nodes["fictiestad-werk:wijkradar"]["status"]
    'active'
    >>> sorted(g.successors("fictiestad-werk:wijkradar"))
    ['FT1', 'VK6']
    """
    import networkx as nx

    from ._overlay import Overlay

    check_type(strategy, Strategy, "strategy")
    overlays = check_items(overlays, Overlay, "overlays", what="overlays")
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph["name"] = strategy.id
    graph.graph["data_version"] = strategy.data_version
    nodes: list[tuple[str, dict[str, Any]]] = [(strategy.id, _node(strategy, 0))]
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    node, edge = nodes.append, edges.append
    parts: tuple[tuple[str, tuple[Goal | FocusTheme | Area, ...]], ...] = (
        ("goal", strategy.goals),
        ("focus_theme", strategy.focus_themes),
        ("area", strategy.areas),
    )
    for kind, items in parts:
        for order, item in enumerate(items):
            node((item.id, _node(item, order)))
            data = containment(kind, item.id, strategy.id)
            edge((item.id, strategy.id, CONTAINMENT, data))
    for area in strategy.areas:
        whole = area.id
        rationale = _containment_rationale("speerpunt", whole)
        for order, sp in enumerate(area.speerpunten):
            part = sp.id
            node((part, _node(sp, order, {"area": whole})))
            data = {
                "type": CONTAINMENT,
                "basis": "stated",
                "rationale": rationale(part),
            }
            edge((part, whole, CONTAINMENT, data))
    for order, link in enumerate(strategy.links):
        edge((link.source, link.target, link.type.value, _edge(link, order)))
    for overlay in overlays:
        _add_overlay(nodes, edges, strategy, overlay)
    _fill(graph, nodes, edges)
    return graph


def _containment_rationale(kind: str, whole: str) -> Callable[[str], str]:
    """Return a function of a part's ID that gives containment()'s rationale.

    The same text as ``containment(kind, part, whole)["rationale"]``, with the
    parts that do not depend on the part joined once.
    """
    text = containment(kind, "\0", whole)["rationale"]
    head, tail = text.split("\0")
    return lambda part: head + part + tail


#: The factories of a networkx graph's dicts, all plain dicts in MultiDiGraph.
_FACTORIES = (
    "node_dict_factory",
    "node_attr_dict_factory",
    "adjlist_outer_dict_factory",
    "adjlist_inner_dict_factory",
    "edge_key_dict_factory",
    "edge_attr_dict_factory",
)


def _fill(
    graph: nx.MultiDiGraph[str],
    nodes: list[tuple[str, dict[str, Any]]],
    edges: list[tuple[str, str, str, dict[str, Any]]],
) -> None:
    """Add *nodes*, then *edges*, to an empty *graph*, as add_node and add_edge would.

    networkx documents its graphs' data structure (the dicts of dicts that
    ``Graph``'s docstring describes under "Subclasses", made by the class's
    factories). Filling it directly takes a third of the time of calling
    ``add_node`` and ``add_edge`` once per element, which check their arguments and
    clear caches that an empty graph does not have. Where the graph is not laid out
    as expected (another networkx), the public methods do it.
    ``tests/test_graph_rebuild.py`` checks that both ways give the same graph, in
    the same order.
    """
    succ, pred, node_data = (
        getattr(graph, f"_{name}", None) for name in ("succ", "pred", "node")
    )
    laid_out = (
        all(getattr(type(graph), name, None) is dict for name in _FACTORIES)
        and type(succ) is dict
        and type(pred) is dict
        and type(node_data) is dict
        and getattr(graph, "_adj", None) is succ
    )
    if not laid_out:
        for n, data in nodes:
            graph.add_node(n, **data)
        for u, v, key, data in edges:
            graph.add_edge(u, v, key=key, **data)
        return
    # For mypy: laid_out has checked these.
    assert isinstance(succ, dict)
    assert isinstance(pred, dict)
    assert isinstance(node_data, dict)
    for n, data in nodes:
        if n in node_data:
            node_data[n].update(data)
        else:
            node_data[n] = data
            succ[n] = {}
            pred[n] = {}
    for u, v, key, data in edges:
        for end in (u, v):
            if end not in node_data:
                node_data[end] = {}
                succ[end] = {}
                pred[end] = {}
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        if key in keys:
            keys[key].update(data)
        else:
            keys[key] = data


#: The node type of overlay records, and the edge type from a record to what it
#: addresses.
RECORD, TRACKS = "record", "tracks"


def _add_overlay(
    nodes: list[tuple[str, dict[str, Any]]],
    edges: list[tuple[str, str, str, dict[str, Any]]],
    strategy: Strategy,
    overlay: Overlay,
) -> None:
    from ._overlay import resolve

    resolve(overlay, strategy)
    for order, record in enumerate(overlay.records):
        node = f"{overlay.id}:{record.id}"
        data = {k: v for k, v in _flatten(record).items() if k != "addresses"}
        if "tags" in data:
            data["tags"] = ",".join(record.tags)
        nodes.append(
            (
                node,
                {
                    "type": RECORD,
                    "overlay": overlay.id,
                    "label_nl": record.title,
                    "label_en": record.title,
                    "order": order,
                    **data,
                },
            )
        )
        for target in record.addresses:
            edges.append(
                (
                    node,
                    target,
                    TRACKS,
                    {
                        "type": TRACKS,
                        "basis": "overlay",
                        "rationale": f"Overlay {overlay.id!r} maps record {record.id!r} to {target}.",
                    },
                )
            )


def _unflatten(
    attributes: Mapping[str, Any],
    cls: type,
    where: str,
    problems: list[Problem],
) -> dict[str, Any]:
    # The attributes to_graph adds for people and tools (type, label_nl, order,
    # area...) are no field of any record, so they are left out with the rest.
    fields = {a.name: a for a in resolved_fields(cls) if a.init}
    doc: dict[str, Any] = {}
    for key, value in attributes.items():
        name, _, sub = str(key).partition(".")
        if name not in fields or name in _CHILDREN or name == "id":
            continue  # attributes that tools add (positions, colours) are ignored
        nested_type = _nested_class(fields[name].type)
        if sub or nested_type is not None:
            if not sub or nested_type is None:
                continue  # e.g. Cytoscape's plain "name" beside our "name.nl"
            _set_nested(doc.setdefault(name, {}), sub, value)
        elif name == "kinds":
            doc[name] = [k for k in str(value).split(",") if k] if value else []
        elif isinstance(value, str) and _is_sequence(fields[name].type):
            try:
                doc[name] = json.loads(value)
            except ValueError:
                problems.append(
                    Problem(
                        f"{where}.{name}", "is not valid JSON text: it holds a list"
                    )
                )
        else:
            doc[name] = value
    return doc


def _set_nested(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set ``doc[a][b]`` for the path ``a.b``, making the mappings on the way."""
    *parents, last = path.split(".")
    for part in parents:
        inner = doc.setdefault(part, {})
        if not isinstance(inner, dict):  # "a" and "a.b" both given: keep "a"
            return
        doc = inner
    doc[last] = value


# What each part is part of: the type of the whole at the other end of part_of.
_WHOLES = {
    "speerpunt": "area",
    "goal": "strategy",
    "focus_theme": "strategy",
    "area": "strategy",
}


def _containment_problem(
    graph: Any, part: str, whole: str, has_area: set[str], in_root: set[str]
) -> str | None:
    """Say what is wrong with a part_of edge, or note the part in its whole.

    The graph has one node of type strategy (from_graph checked), so a whole of
    that type is the root.
    """
    part_type = graph.nodes[part].get("type")
    whole_type = graph.nodes[whole].get("type")
    wanted = _WHOLES.get(part_type)
    if wanted is None or whole_type != wanted:
        return (
            "a part_of edge runs from a speerpunt to its area, or from a goal, focus "
            f"theme or area to the strategy; this one runs from {a_type(part_type)} to "
            f"{a_type(whole_type)}"
        )
    seen = has_area if part_type == "speerpunt" else in_root
    if part in seen:
        return f"{a_type(part_type)} is part of one {whole_type}, once"
    seen.add(part)
    return None


def _nested_class(t: object) -> type | None:
    """Return the attrs class a field holds (``Text``, ``Citation | None``), if any."""
    candidates = get_args(t) if get_origin(t) in (Union, types.UnionType) else (t,)
    for candidate in candidates:
        if isinstance(candidate, type) and attrs.has(candidate):
            return candidate
    return None


def _is_sequence(t: object) -> bool:
    return getattr(t, "__origin__", None) in (tuple, frozenset)


def _place(order: object) -> tuple[int, ...]:
    """Sort by the ``order`` attribute; without a whole number there, last."""
    return (False, order) if type(order) is int else (True,)


def _ordered(graph: Any, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda node: (_place(graph.nodes[node].get("order")), node))


def _edges(graph: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for u, v, data in graph.edges(data=True):
        if "type" not in data and "link_type" in data:
            # GEXF reserves "type" for an edge's direction, so exports move it.
            data = {**data, "type": data["link_type"]}
        yield u, v, data


def from_graph(graph: nx.Graph[Any]) -> Strategy:
    """Rebuild a strategy from a graph made by :func:`to_graph`.

    It reads the graph's node and edge attributes only, so it also takes a graph
    read back from GraphML, GEXF or node-link JSON. Attributes that graph tools
    add (positions, colours) are ignored. Whatever is missing or wrong raises
    :class:`~ncts.ValidationError`.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> ncts.from_graph(ncts.to_graph(s)) == s
    True
    """
    import networkx as nx

    check_type(graph, nx.Graph, "graph", what="a networkx graph")
    problems: list[Problem] = []
    by_type: dict[str, list[str]] = {t: [] for t in NODE_TYPES}
    for node, data in graph.nodes(data=True):
        kind = data.get("type")
        if kind == RECORD:
            continue  # overlay records are not part of the strategy
        if kind not in by_type:
            problems.append(
                Problem(
                    f"nodes[{node!r}].type",
                    f"expected one of {', '.join(map(repr, NODE_TYPES))}, got {kind!r}",
                )
            )
            continue
        by_type[kind].append(node)
    if len(by_type["strategy"]) != 1:
        problems.append(
            Problem(
                "nodes",
                f"a strategy graph has one node of type 'strategy', this one has "
                f"{len(by_type['strategy'])}",
            )
        )
    if problems:
        raise ValidationError(problems)

    def record(node: str, kind: str) -> dict[str, Any]:
        doc = _unflatten(
            graph.nodes[node], _CLASSES[kind], f"nodes[{node!r}]", problems
        )
        doc["id"] = node
        return doc

    [root] = by_type["strategy"]
    document = record(root, "strategy")
    for kind, field in (
        ("goal", "goals"),
        ("focus_theme", "focus_themes"),
        ("area", "areas"),
    ):
        if by_type[kind]:
            document[field] = [record(n, kind) for n in _ordered(graph, by_type[kind])]

    members: dict[str, list[str]] = {}
    has_area: set[str] = set()
    in_root: set[str] = set()
    links: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    for u, v, data in _edges(graph):
        if data.get("type") == TRACKS:
            continue
        if data.get("type") == CONTAINMENT:
            problem = _containment_problem(graph, u, v, has_area, in_root)
            if problem:
                problems.append(Problem(f"edges[{u!r}, {v!r}]", problem))
            elif graph.nodes[u].get("type") == "speerpunt":
                members.setdefault(v, []).append(u)
            continue
        link = {
            "source": u,
            "target": v,
            **_unflatten(data, Link, f"edges[{u!r}, {v!r}]", problems),
        }
        if LINK_ID in data:
            link["id"] = data[LINK_ID]
        links.append((_place(data.get("order")), link))
    for sp in by_type["speerpunt"]:
        if sp not in has_area:
            problems.append(
                Problem(
                    f"nodes[{sp!r}]", "a speerpunt needs a part_of edge to its area"
                )
            )
    for area in document.get("areas", []):
        if area["id"] in members:
            area["speerpunten"] = [
                record(n, "speerpunt") for n in _ordered(graph, members[area["id"]])
            ]
    if links:
        links.sort(key=lambda pair: pair[0])
        document["links"] = [link for _, link in links]
    if problems:
        raise ValidationError(problems)
    return structure(document, Strategy)

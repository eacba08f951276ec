"""The strategy as a SKOS concept scheme in JSON-LD, for linked-data tools.

The scheme is the strategy; goals, focus themes, areas and speerpunten are
concepts. Containment is ``skos:broader``/``skos:narrower`` (a speerpunt is
narrower than its area). Labels carry their language (``@nl``, ``@en``), IDs are
``skos:notation``s, and the ``@context`` ships with the package, so nothing is
fetched from the network.

A typed link keeps its type, direction and basis, in three layers:

- the direct triple ``VK6 ncts:addresses FT1``: a property of the ncts vocabulary
  (:data:`VOCAB`), declared in the document as ``rdfs:subPropertyOf
  skos:related``;
- ``skos:related`` both ways, for SKOS tools that do not reason;
- a link node, a reified statement (``rdf:Statement`` and ``ncts:Link``) with
  ``rdf:subject``, ``rdf:predicate`` and ``rdf:object``, that carries the basis
  (``ncts:stated`` or ``ncts:derived``), the rationale and the link's own ID.

SKOS forbids ``skos:related`` between a concept and a broader one (integrity
condition S27), so a link between a speerpunt and its own area is kept only as a
link node. docs/linked-data.md explains the IRIs and has queries to start from.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ._checks import check_type, shown
from ._errors import QueryError
from ._io import bundled_path
from ._model import (
    Area,
    Basis,
    FocusTheme,
    Goal,
    Link,
    LinkType,
    Strategy,
    Text,
    label,
)

__all__ = ["BASE", "CONTEXT_FILE", "VOCAB", "default_base", "iri", "to_jsonld"]

#: The JSON-LD context, shipped in the package's data folder.
CONTEXT_FILE = "skos-context.jsonld"
#: Where the IRIs of a strategy are minted by default: ``BASE + strategy.id + "/"``.
BASE = "https://w3id.org/ncts/"
#: The ncts vocabulary: the element classes, the link types, the bases.
VOCAB = "https://w3id.org/ncts/vocab#"

# An absolute IRI (RFC 3987): a scheme, then no character that an IRI cannot hold.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]*")

_CLASSES = {
    "goal": ("Goal", "doel", "goal"),
    "focus_theme": ("FocusTheme", "focusthema (extra aandacht)", "focus theme"),
    "area": ("Area", "interventiegebied", "area of intervention"),
    "speerpunt": ("Speerpunt", "speerpunt", "speerpunt (priority)"),
}
_LINK_LABELS = {
    LinkType.UNDERPINS: ("ligt ten grondslag aan", "underpins"),
    LinkType.CONTRIBUTES_TO: ("draagt bij aan", "contributes to"),
    LinkType.ADDRESSES: ("pakt aan", "addresses"),
    LinkType.RELATES_TO: ("hangt samen met", "relates to"),
}
_BASIS_LABELS = {
    Basis.STATED: ("door de bron gesteld", "stated by the source"),
    Basis.DERIVED: ("door ons afgeleid", "derived by the maintainers"),
}


def default_base(strategy: Strategy) -> str:
    """Return the base under which a strategy's IRIs are minted unless one is given.

    Examples
    --------
    >>> import ncts
    >>> default_base(ncts.load())
    'https://w3id.org/ncts/NCTS-2022-2026/'
    """
    return f"{BASE}{strategy.id}/"


def _check_base(base: object) -> str | None:
    if base is None:
        return None
    check_type(base, str, "base")
    assert isinstance(base, str)
    if not _IRI.fullmatch(base) or base[-1] not in "/#:":
        raise QueryError(
            f"base must be an absolute IRI ending in '/', '#' or ':', such as "
            f"'https://example.org/my-strategy/', got {shown(base)}"
        )
    return base


def iri(strategy: Strategy, id: str | None = None, *, base: str | None = None) -> str:
    """Return the IRI of the strategy's concept scheme, or of one of its elements.

    The scheme's IRI is the base; an element's is the base and its ID. The base is
    :func:`default_base` unless given: IDs are stable, so the IRIs are too.

    Examples
    --------
    >>> import ncts
    >>> iri(ncts.load(), "VK6")
    'https://w3id.org/ncts/NCTS-2022-2026/VK6'
    >>> iri(ncts.load(), "VK6", base="https://example.org/ncts/")
    'https://example.org/ncts/VK6'
    >>> iri(ncts.load(), base="tag:example.org,2026:ncts:")
    'tag:example.org,2026:ncts:'
    """
    root = _check_base(base) or default_base(strategy)
    return root if id is None else f"{root}{id}"


def _labels(text: Text) -> dict[str, str]:
    labels = {"nl": text.nl}
    if text.en:
        labels["en"] = text.en
    return labels


def _vocabulary() -> list[dict[str, Any]]:
    """Declare the ncts terms in the document, so that reasoners see them."""
    terms: list[dict[str, Any]] = [
        {
            "@id": f"ncts:{name}",
            "@type": "Class",
            "subClassOf": "skos:Concept",
            "label": {"nl": nl, "en": en},
        }
        for name, nl, en in _CLASSES.values()
    ]
    terms += [
        {
            "@id": f"ncts:{link_type.value}",
            "@type": "Property",
            "subPropertyOf": "skos:related",
            "domain": "skos:Concept",
            "range": "skos:Concept",
            "label": {"nl": nl, "en": en},
        }
        for link_type, (nl, en) in _LINK_LABELS.items()
    ]
    terms += [
        {
            "@id": "ncts:Link",
            "@type": "Class",
            "subClassOf": "rdf:Statement",
            "label": {"nl": "verband", "en": "link"},
            "comment": {
                "en": "A typed link between two concepts, with its basis and "
                "rationale: rdf:subject, rdf:predicate and rdf:object name it."
            },
        },
        {
            "@id": "ncts:basis",
            "@type": "Property",
            "domain": "ncts:Link",
            "range": "ncts:Basis",
            "label": {"nl": "grondslag", "en": "basis"},
        },
        {
            "@id": "ncts:rationale",
            "@type": "Property",
            "subPropertyOf": "rdfs:comment",
            "domain": "ncts:Link",
            "label": {"nl": "onderbouwing", "en": "rationale"},
        },
        {"@id": "ncts:Basis", "@type": "Class", "label": {"en": "basis of a link"}},
    ]
    terms += [
        {
            "@id": f"ncts:{basis.value}",
            "@type": "ncts:Basis",
            "label": {"nl": nl, "en": en},
        }
        for basis, (nl, en) in _BASIS_LABELS.items()
    ]
    return terms


def _hierarchical(strategy: Strategy, link: Link) -> bool:
    """Whether a link joins a speerpunt and its own area (SKOS: broader, not related)."""
    for part, whole in ((link.source, link.target), (link.target, link.source)):
        element = strategy.get(whole)
        if isinstance(element, Area) and any(
            sp.id == part for sp in element.speerpunten
        ):
            return True
    return False


def _link_node(strategy: Strategy, link: Link, base: str | None) -> dict[str, Any]:
    node: dict[str, Any] = {}
    if link.id is not None:
        node["@id"] = iri(strategy, link.id, base=base)
    node["@type"] = ["Statement", "ncts:Link"]
    node["subject"] = iri(strategy, link.source, base=base)
    node["predicate"] = f"ncts:{link.type.value}"
    node["object"] = iri(strategy, link.target, base=base)
    node["basis"] = f"ncts:{link.basis.value}"
    node["rationale"] = link.rationale
    if link.id is not None:
        node["notation"] = link.id
    return node


def to_jsonld(strategy: Strategy, *, base: str | None = None) -> dict[str, Any]:
    """Return the strategy as a SKOS concept scheme, a JSON-LD document.

    Examples
    --------
    >>> import ncts
    >>> doc = to_jsonld(ncts.load())
    >>> [n for n in doc["@graph"] if n["@type"] == "ConceptScheme"][0]["@id"]
    'https://w3id.org/ncts/NCTS-2022-2026/'
    >>> vk6 = next(n for n in doc["@graph"] if n.get("notation") == "VK6")
    >>> vk6["@type"], vk6["broader"], vk6["addresses"]
    (['Concept', 'ncts:Speerpunt'], 'https://w3id.org/ncts/NCTS-2022-2026/VK', ['https://w3id.org/ncts/NCTS-2022-2026/FT1'])
    >>> link = next(n for n in doc["@graph"] if n.get("notation") == "L10")
    >>> link["subject"], link["predicate"], link["object"], link["basis"]
    ('https://w3id.org/ncts/NCTS-2022-2026/VK6', 'ncts:addresses', 'https://w3id.org/ncts/NCTS-2022-2026/FT1', 'ncts:derived')
    """
    check_type(strategy, Strategy, "strategy")
    base = _check_base(base)
    context = json.loads(bundled_path(CONTEXT_FILE).read_text(encoding="utf-8"))
    scheme_iri = iri(strategy, base=base)
    related: dict[str, set[str]] = {}
    typed: dict[str, dict[str, list[str]]] = {}
    for link in strategy.links:
        if _hierarchical(strategy, link):
            continue
        source, target = (
            iri(strategy, i, base=base) for i in (link.source, link.target)
        )
        related.setdefault(link.source, set()).add(target)
        related.setdefault(link.target, set()).add(source)
        by_type = typed.setdefault(link.source, {})
        by_type.setdefault(link.type.value, []).append(target)
    top: list[Goal | FocusTheme | Area] = [
        *strategy.goals,
        *strategy.focus_themes,
        *strategy.areas,
    ]
    graph: list[dict[str, Any]] = [
        {
            "@id": scheme_iri,
            "@type": "ConceptScheme",
            "notation": strategy.id,
            "prefLabel": _labels(strategy.title),
            "hasTopConcept": [iri(strategy, e.id, base=base) for e in top],
        }
    ]
    for element in strategy.elements():
        if element.element_type in ("strategy", "source"):
            continue
        node: dict[str, Any] = {
            "@id": iri(strategy, element.id, base=base),
            "@type": ["Concept", f"ncts:{_CLASSES[element.element_type][0]}"],
            "notation": element.id,
            "prefLabel": _labels(label(element)),  # type: ignore[arg-type]
            "inScheme": scheme_iri,
        }
        if isinstance(element, Area):
            node["definition"] = _labels(element.description)
            node["narrower"] = [
                iri(strategy, sp.id, base=base) for sp in element.speerpunten
            ]
        if element.element_type == "speerpunt":
            node["broader"] = iri(strategy, strategy.area_of(element.id).id, base=base)
        else:
            node["topConceptOf"] = scheme_iri
        if element.id in related:
            node["related"] = sorted(related[element.id])
        for link_type in LinkType:
            targets = typed.get(element.id, {}).get(link_type.value)
            if targets:
                node[link_type.value] = targets
        graph.append(node)
    graph += [_link_node(strategy, link, base) for link in strategy.links]
    graph += _vocabulary()
    return {"@context": context["@context"], "@graph": graph}

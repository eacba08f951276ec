"""The strategy as a SKOS concept scheme in JSON-LD, for linked-data tools.

The scheme is the strategy; goals, focus themes, areas and speerpunten are
concepts. Containment is ``skos:broader``/``skos:narrower`` (a speerpunt is
narrower than its area); every other link is ``skos:related``. Labels carry their
language (``@nl``, ``@en``), IDs are ``skos:notation``s, and the ``@context`` ships
with the package, so nothing is fetched from the network.
"""

from __future__ import annotations

import json
from typing import Any

from ._io import bundled_path
from ._model import Area, FocusTheme, Goal, Strategy, label

__all__ = ["CONTEXT_FILE", "iri", "to_jsonld"]

#: The JSON-LD context, shipped in the package's data folder.
CONTEXT_FILE = "skos-context.jsonld"


def iri(strategy: Strategy, id: str | None = None, *, base: str | None = None) -> str:
    """Return the stable IRI of the strategy (or of one of its elements).

    By default ``urn:ncts:<strategy-id>`` and ``urn:ncts:<strategy-id>:<id>``: IDs
    are stable, so these are too. Pass *base* to mint IRIs under your own domain.

    Examples
    --------
    >>> import ncts
    >>> iri(ncts.load(), "VK6")
    'urn:ncts:NCTS-2022-2026:VK6'
    >>> iri(ncts.load(), "VK6", base="https://example.org/ncts/")
    'https://example.org/ncts/VK6'
    """
    if base is None:
        root = f"urn:ncts:{strategy.id}"
        return root if id is None else f"{root}:{id}"
    return base if id is None else f"{base}{id}"


def _labels(text: Any) -> dict[str, str]:
    labels = {"nl": text.nl}
    if text.en:
        labels["en"] = text.en
    return labels


def to_jsonld(strategy: Strategy, *, base: str | None = None) -> dict[str, Any]:
    """Return the strategy as a SKOS concept scheme, a JSON-LD document.

    Examples
    --------
    >>> import ncts
    >>> doc = to_jsonld(ncts.load())
    >>> scheme, *concepts = doc["@graph"]
    >>> scheme["@type"], len(concepts)
    ('ConceptScheme', 29)
    >>> vk6 = next(c for c in concepts if c["notation"] == "VK6")
    >>> vk6["broader"], vk6["prefLabel"]["en"]
    ('urn:ncts:NCTS-2022-2026:VK', 'Approach to potentially violent extremist lone actors.')
    """
    context = json.loads(bundled_path(CONTEXT_FILE).read_text(encoding="utf-8"))
    scheme_iri = iri(strategy, base=base)
    related: dict[str, list[str]] = {}
    for link in strategy.links:
        related.setdefault(link.source, []).append(
            iri(strategy, link.target, base=base)
        )
        related.setdefault(link.target, []).append(
            iri(strategy, link.source, base=base)
        )
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
            "@type": "Concept",
            "type": element.element_type,
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
            node["related"] = sorted(set(related[element.id]))
        graph.append(node)
    return {"@context": context["@context"], "@graph": graph}

"""The SKOS JSON-LD export as linked-data tools read it: rdflib, SHACL, SPARQL.

The SKOS integrity conditions are SHACL shapes in tests/data/skos-integrity.ttl
(written from the SKOS Reference); what ncts adds (link nodes, the vocabulary) is
checked by tests/data/ncts-shapes.ttl. docs/linked-data.md runs its SPARQL queries
as doctests.
"""

import json
from pathlib import Path

import attrs
import pyshacl
import pytest
import rdflib
from hypothesis import given
from rdflib.namespace import RDF, RDFS, SKOS

import ncts
from ncts import Basis, Link, LinkType, Strategy
from ncts._export import export_text
from ncts.testing import strategies

DATA = Path(__file__).resolve().parent / "data"
NCTS = rdflib.Namespace("https://w3id.org/ncts/vocab#")
SKOS_SHAPES = rdflib.Graph().parse(DATA / "skos-integrity.ttl")
NCTS_SHAPES = rdflib.Graph().parse(DATA / "ncts-shapes.ttl")


def _graph(s: Strategy, base: str | None = None) -> rdflib.Graph:
    text = export_text(s, "jsonld", base=base)
    return rdflib.Graph().parse(data=text, format="json-ld")


def _base(s: Strategy) -> str:
    """Where the IRIs of a strategy are, as docs/linked-data.md says."""
    return f"https://w3id.org/ncts/{s.id}/"


def _problems(g: rdflib.Graph, shapes: rdflib.Graph) -> str:
    """The SHACL report's text when *g* breaks a shape, else the empty text."""
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, inference="rdfs")
    return "" if conforms else str(text)


def _own_area_link(s: Strategy) -> Strategy:
    """The bundled strategy with a link from VK6 to its own area, VK."""
    link = Link("VK6", "VK", LinkType.RELATES_TO, Basis.DERIVED, "A test.", id="L99")
    return attrs.evolve(s, links=(*s.links, link))


class TestConceptScheme:
    def test_bundled_in_rdflib(self, strategy: Strategy) -> None:
        """rdflib reads the export: every element a concept, labels per language, broader/narrower."""
        g = _graph(strategy)
        concepts = set(g.subjects(RDF.type, SKOS.Concept))
        elements = [
            e
            for e in strategy.elements()
            if e.element_type not in ("strategy", "source")
        ]
        assert len(concepts) == len(elements) == 29
        notations = {str(g.value(c, SKOS.notation)) for c in concepts}
        assert notations == {e.id for e in elements}
        for c in concepts:
            langs = [
                str(getattr(lit, "language", ""))
                for lit in g.objects(c, SKOS.prefLabel)
            ]
            assert sorted(langs) == ["en", "nl"]
        for narrower, broader in g.subject_objects(SKOS.broader):
            assert (broader, SKOS.narrower, narrower) in g
        assert len(list(g.subject_objects(SKOS.broader))) == 18
        [scheme] = g.subjects(RDF.type, SKOS.ConceptScheme)
        assert str(scheme) == "https://w3id.org/ncts/NCTS-2022-2026/"

    def test_element_types_are_classes(self, strategy: Strategy) -> None:
        """Each concept has its element type as an ncts class, a subclass of skos:Concept."""
        g = _graph(strategy)
        classes = {
            "goal": NCTS.Goal,
            "focus_theme": NCTS.FocusTheme,
            "area": NCTS.Area,
            "speerpunt": NCTS.Speerpunt,
        }
        for cls in classes.values():
            assert (cls, RDFS.subClassOf, SKOS.Concept) in g
        for element in strategy.elements():
            if element.element_type in classes:
                node = rdflib.URIRef(_base(strategy) + element.id)
                assert (node, RDF.type, classes[element.element_type]) in g

    def test_context_is_local(self, strategy: Strategy) -> None:
        """The @context is inline, from the package: no network is needed."""
        doc = json.loads(export_text(strategy, "jsonld"))
        assert isinstance(doc["@context"], dict)
        assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"


class TestTypedLinks:
    def test_type_direction_and_basis_of_every_link(self, strategy: Strategy) -> None:
        """Each link is a direct triple in its direction and a link node with its basis."""
        g = _graph(strategy)
        base = _base(strategy)
        assert len(strategy.links) > 10
        for link in strategy.links:
            source = rdflib.URIRef(base + link.source)
            target = rdflib.URIRef(base + link.target)
            prop = NCTS[link.type.value]
            assert (source, prop, target) in g
            assert (target, prop, source) not in g
            assert (source, SKOS.related, target) in g
            assert (target, SKOS.related, source) in g
            [node] = g.subjects(SKOS.notation, rdflib.Literal(link.id))
            assert str(node) == base + link.id  # type: ignore[operator]
            assert (node, RDF.type, NCTS.Link) in g
            assert (node, RDF.type, RDF.Statement) in g
            assert g.value(node, RDF.subject) == source
            assert g.value(node, RDF.predicate) == prop
            assert g.value(node, RDF.object) == target
            assert g.value(node, NCTS.basis) == NCTS[link.basis.value]
            assert str(g.value(node, NCTS.rationale)) == link.rationale

    def test_stated_and_derived_are_told_apart(self, strategy: Strategy) -> None:
        """'VK6 addresses FT1 (derived)' is not the same as a stated link or plain related."""
        g = _graph(strategy)
        bases = {str(b) for b in g.objects(None, NCTS.basis)}
        assert bases == {str(NCTS.stated), str(NCTS.derived)}
        for link_type in LinkType:
            prop = NCTS[link_type.value]
            assert (prop, RDFS.subPropertyOf, SKOS.related) in g

    @given(strategies())
    def test_any_strategy(self, s: Strategy) -> None:
        """For any strategy: labels, hierarchy, and every link with type, direction, basis."""
        g = _graph(s)
        concepts = set(g.subjects(RDF.type, SKOS.Concept))
        assert len(concepts) == sum(
            1 for e in s.elements() if e.element_type not in ("strategy", "source")
        )
        for c in concepts:
            langs = [
                str(getattr(lit, "language", ""))
                for lit in g.objects(c, SKOS.prefLabel)
            ]
            assert len(langs) == len(set(langs))
            assert "nl" in langs
        for narrower, broader in g.subject_objects(SKOS.broader):
            assert (broader, SKOS.narrower, narrower) in g
        for a, b in g.subject_objects(SKOS.related):  # S27: broader is one step here
            assert (a, SKOS.broader, b) not in g
            assert (b, SKOS.broader, a) not in g
        nodes = set(g.subjects(RDF.type, NCTS.Link))
        assert len(nodes) == len(s.links)
        found = {
            (
                str(g.value(n, RDF.subject)),
                str(g.value(n, RDF.predicate)),
                str(g.value(n, RDF.object)),
                str(g.value(n, NCTS.basis)),
            )
            for n in nodes
        }
        base = _base(s)
        assert found == {
            (
                base + link.source,
                str(NCTS[link.type.value]),
                base + link.target,
                str(NCTS[link.basis.value]),
            )
            for link in s.links
        }

    def test_link_to_own_area_is_only_a_link_node(self, strategy: Strategy) -> None:
        """SKOS forbids related along broader (S27): such a link keeps its node only."""
        s = _own_area_link(strategy)
        g = _graph(s)
        vk6, vk = (rdflib.URIRef(_base(s) + i) for i in ("VK6", "VK"))
        assert (vk6, NCTS.relates_to, vk) not in g
        assert (vk6, SKOS.related, vk) not in g
        [node] = g.subjects(SKOS.notation, rdflib.Literal("L99"))
        assert g.value(node, RDF.subject) == vk6
        assert g.value(node, RDF.object) == vk
        assert _problems(g, SKOS_SHAPES) == ""
        assert _problems(g, NCTS_SHAPES) == ""


class TestShacl:
    def test_bundled_meets_the_skos_integrity_conditions(
        self, strategy: Strategy
    ) -> None:
        """pyshacl, with RDFS inference, finds no breach of SKOS or of ncts's shapes."""
        g = _graph(strategy)
        assert _problems(g, SKOS_SHAPES) == ""
        assert _problems(g, NCTS_SHAPES) == ""

    def test_fictional_example_meets_them(self) -> None:
        """The fictional example strategy passes too."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        g = _graph(s)
        assert _problems(g, SKOS_SHAPES) == ""
        assert _problems(g, NCTS_SHAPES) == ""

    @pytest.mark.parametrize(
        ("condition", "breach"),
        [
            ("S14", "second Dutch prefLabel"),
            ("S27", "related to its own area"),
            ("S9", "a concept that is also a scheme"),
            ("S13", "an altLabel equal to the prefLabel"),
        ],
    )
    def test_the_shapes_catch_a_breach(
        self, strategy: Strategy, condition: str, breach: str
    ) -> None:
        """Each SKOS shape reports its condition when the export is made to break it."""
        g = _graph(strategy)
        base = _base(strategy)
        vk6 = rdflib.URIRef(base + "VK6")
        if breach == "second Dutch prefLabel":
            g.add((vk6, SKOS.prefLabel, rdflib.Literal("Nog een", lang="nl")))
        elif breach == "related to its own area":
            g.add((vk6, NCTS.relates_to, rdflib.URIRef(base + "VK")))  # via RDFS
        elif breach == "a concept that is also a scheme":
            g.add((vk6, RDF.type, SKOS.ConceptScheme))
        else:
            [label, *_] = g.objects(vk6, SKOS.prefLabel)
            g.add((vk6, SKOS.altLabel, label))
        assert f"{condition}:" in _problems(g, SKOS_SHAPES)

    def test_ncts_shapes_catch_a_link_without_basis(self, strategy: Strategy) -> None:
        """A link node without its basis, or a link whose triple is gone, is reported."""
        g = _graph(strategy)
        [node] = g.subjects(SKOS.notation, rdflib.Literal("L10"))
        g.remove((node, NCTS.basis, None))
        assert "basis" in _problems(g, NCTS_SHAPES)
        g = _graph(strategy)
        base = _base(strategy)
        g.remove((rdflib.URIRef(base + "VK6"), NCTS.addresses, None))
        assert "its triple is not stated" in _problems(g, NCTS_SHAPES)


class TestIris:
    def test_no_unregistered_urn(self, strategy: Strategy) -> None:
        """Every IRI of the export is https, under the documented base or a W3C namespace."""
        g = _graph(strategy)
        iris = {str(t) for triple in g for t in triple if isinstance(t, rdflib.URIRef)}
        assert not [i for i in iris if i.startswith("urn:")]
        allowed = (
            "https://w3id.org/ncts/NCTS-2022-2026/",
            "https://w3id.org/ncts/vocab#",
            "http://www.w3.org/",
        )
        assert [i for i in iris if not i.startswith(allowed)] == []

    def test_own_base(self, strategy: Strategy) -> None:
        """base= mints every element's IRI under another base; the vocabulary stays."""
        g = _graph(strategy, base="tag:example.org,2026:ncts:")
        [scheme] = g.subjects(RDF.type, SKOS.ConceptScheme)
        assert str(scheme) == "tag:example.org,2026:ncts:"
        vk6 = rdflib.URIRef("tag:example.org,2026:ncts:VK6")
        assert (
            vk6,
            NCTS.addresses,
            rdflib.URIRef("tag:example.org,2026:ncts:FT1"),
        ) in g

    @pytest.mark.parametrize(
        "base", ["example.org/", "https://example.org/a b/", "https://example.org/x"]
    )
    def test_bad_base(self, strategy: Strategy, base: str) -> None:
        """A base that is not an absolute IRI ending in '/', '#' or ':' is refused."""
        with pytest.raises(ncts.QueryError, match="base must be an absolute IRI"):
            export_text(strategy, "jsonld", base=base)

    def test_base_for_another_format(self, strategy: Strategy) -> None:
        """base is for JSON-LD: with another format it is an error, not ignored."""
        with pytest.raises(ncts.FormatError, match="jsonld format only"):
            export_text(strategy, "graphml", base="https://example.org/")

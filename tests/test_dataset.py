"""The bundled dataset against its sources: every bullet and statement is there, verbatim.

These tests parse the source texts kept in tests/data (the text extracted from the
official summary, and the openings of the web pages the data cites) on their own,
and compare the dataset with them. Texts are compared after undoing the recorded
errata, so a correction that is not recorded as an erratum fails here.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import ncts
from ncts import Basis, ErratumKind, GoalStatus, Kind, SourceRole, Strategy
from ncts._graph import label
from ncts._model import _resolve_field

from .conftest import ROOT, SEED_FILE

AREA_HEADINGS = ("Verwerven", "Voorkomen", "Vorbereiden", "Vervolgen")
TOP_HEADINGS = ("Introductie", "Contraterrorisme doelen", "Speerpunten")
GROUP_KINDS = {
    "Consolidatie en optimalisatie van:": {Kind.CONSOLIDATION, Kind.OPTIMISATION},
    "Doorontwikkeling en innovatie van:": {Kind.DEVELOPMENT, Kind.INNOVATION},
}
WORD_KINDS = {
    "Consolidatie": {Kind.CONSOLIDATION},
    "Optimalisatie": {Kind.OPTIMISATION},
    "Doorontwikkeling": {Kind.DEVELOPMENT},
}
#: The text kept of each source the data cites, and the headings of each web page
#: (from the top), as read on the page.
SOURCE_FILES = {
    "nctv-samenvatting": SEED_FILE,
    "nctv-onderwerp": ROOT / "tests" / "data" / "sources" / "nctv-onderwerp.txt",
    "aivd-vastgesteld": ROOT / "tests" / "data" / "sources" / "aivd-vastgesteld.txt",
}
PAGE_HEADINGS = {
    "nctv-onderwerp": ("Nationale Contraterrorismestrategie", "Nieuwe dreigingen"),
    "aivd-vastgesteld": ("Nieuwe Contraterrorisme Strategie is vastgesteld",),
}
MAIN_SOURCE = "nctv-samenvatting"


def verbatim(record: object, field: str, value: str) -> str:
    """The text as the source has it: the record's value with its errata undone."""
    for erratum in getattr(record, "errata", ()):
        if erratum.field == field:
            value = erratum.revert(value)
    return value


def squash(text: str) -> str:
    return " ".join(text.split())


class Bullet:
    def __init__(self, text: str, area: str | None, group: str | None) -> None:
        self.text, self.area, self.group = text, area, group


def parse_bullets(seed: str) -> list[Bullet]:
    """Every '- ' bullet of the source, with the area and group heading above it."""
    bullets = []
    area = group = None
    for line in seed.splitlines():
        stripped = line.strip()
        if stripped in AREA_HEADINGS:
            area, group = stripped, None
        elif stripped in GROUP_KINDS:
            group = stripped
        elif stripped.startswith("- "):
            bullets.append(Bullet(stripped[2:], area, group))
    return bullets


def paragraph_after(seed: str, heading: str) -> str:
    """The first non-empty line after a heading line."""
    lines = [line.strip() for line in seed.splitlines()]
    start = lines.index(heading) + 1
    return next(line for line in lines[start:] if line)


def summary_sections(seed: str) -> dict[str, str]:
    """The text under each section path of the summary, by the rule for paths.

    The rule: the headings above a passage, from the top, as the source writes
    them (its typos included) but without a trailing colon, joined by ' > '. The
    headings are the three top ones, the four areas under 'Speerpunten', each
    area's own 'Speerpunten:' and the group headings under it. A section's text
    includes the text of the sections under it.
    """
    texts: dict[str, list[str]] = {}
    stack: list[str] = []
    for line in seed.splitlines():
        stripped = line.strip()
        if stripped in TOP_HEADINGS:
            stack = [stripped]
        elif stripped in AREA_HEADINGS:
            stack = ["Speerpunten", stripped]
        elif stripped == "Speerpunten:" and len(stack) >= 2:
            stack = [*stack[:2], "Speerpunten"]
        elif stripped in GROUP_KINDS:
            stack = [*stack[:3], stripped.rstrip(":")]
        else:
            for depth in range(1, len(stack) + 1):
                texts.setdefault(" > ".join(stack[:depth]), []).append(stripped)
            continue
        texts.setdefault(" > ".join(stack), [])
    return {path: squash(" ".join(lines)) for path, lines in texts.items()}


def page_sections(document: str, text: str) -> dict[str, str]:
    """The text under each heading path of a web page kept in tests/data/sources."""
    headings = PAGE_HEADINGS[document]
    texts: dict[str, list[str]] = {}
    depth = 0
    for line in text.splitlines():
        stripped = line.strip()
        if depth < len(headings) and stripped == headings[depth]:
            depth += 1
            continue
        for d in range(1, depth + 1):
            texts.setdefault(" > ".join(headings[:d]), []).append(stripped)
    return {path: squash(" ".join(lines)) for path, lines in texts.items()}


@pytest.fixture(scope="module")
def sections() -> dict[str, dict[str, str]]:
    """For each cited source, the text under each of its section paths."""
    out = {}
    for document, path in SOURCE_FILES.items():
        text = path.read_text(encoding="utf-8")
        if document == MAIN_SOURCE:
            out[document] = summary_sections(text)
        else:
            out[document] = page_sections(document, text)
    return out


def citations(strategy: Strategy) -> Iterator[tuple[str, ncts.Citation]]:
    """Every citation in the strategy, with where it is."""
    for element in strategy.elements():
        citation = getattr(element, "citation", None)
        if citation is not None:
            yield element.id, citation
    if strategy.aim is not None and strategy.aim.citation is not None:
        yield "aim", strategy.aim.citation
    if strategy.adopted is not None and strategy.adopted.citation is not None:
        yield "adopted", strategy.adopted.citation
    for link in strategy.links:
        if link.citation is not None:
            yield f"{link.id}", link.citation
        for citation in link.evidence:
            yield f"{link.id} (evidence)", citation


def english_texts(strategy: Strategy) -> Iterator[ncts.Text]:
    """Every bilingual text of the strategy: title, introduction, aim and elements."""
    yield strategy.title
    yield from strategy.introduction
    if strategy.aim is not None:
        yield strategy.aim.text
    for element in strategy.elements():
        for name in ("text", "name", "description"):
            text = getattr(element, name, None)
            if isinstance(text, ncts.Text):
                yield text


class TestCompleteness:
    def test_twenty_one_bullets(self, seed_text: str) -> None:
        """The source has 21 bullets: 3 focus themes and 18 speerpunten."""
        bullets = parse_bullets(seed_text)
        assert len(bullets) == 21
        assert [b.area for b in bullets].count(None) == 3

    def test_focus_themes_verbatim_and_in_order(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """Each focus theme is a bullet of the introduction, word for word, in order."""
        expected = [b.text for b in parse_bullets(seed_text) if b.area is None]
        actual = [verbatim(t, "text.nl", t.text.nl) for t in strategy.focus_themes]
        assert actual == expected

    def test_speerpunten_verbatim_in_area_and_order(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """Each speerpunt is its bullet, word for word, in its area and in order."""
        expected = [(b.area, b.text) for b in parse_bullets(seed_text) if b.area]
        actual = [
            (
                verbatim(strategy.area_of(sp), "name.nl", strategy.area_of(sp).name.nl),
                verbatim(sp, "text.nl", sp.text.nl),
            )
            for sp in strategy.speerpunten
        ]
        assert actual == expected

    def test_kinds_follow_the_source(self, strategy: Strategy, seed_text: str) -> None:
        """Kinds come from the group heading, the opening kind word, or are empty."""
        bullets = [b for b in parse_bullets(seed_text) if b.area]
        for bullet, sp in zip(bullets, strategy.speerpunten, strict=True):
            if bullet.group:
                expected = GROUP_KINDS[bullet.group]
            else:
                expected = WORD_KINDS.get(bullet.text.split()[0], set())
            assert sp.kinds == expected, sp.id

    def test_innovation_is_the_grouping_word_only(self, strategy: Strategy) -> None:
        """Kind.INNOVATION follows the heading, so VW3 ('innovatieve') is not in it."""
        innovation = [
            sp.id for sp in strategy.speerpunten if Kind.INNOVATION in sp.kinds
        ]
        assert innovation == ["VK6", "VK7", "VB4"]
        assert "innovatieve" in strategy["VW3"].text.nl  # type: ignore[union-attr]

    def test_area_names_and_descriptions(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """Each area is a heading of the source, and its description the paragraph under it."""
        assert [verbatim(a, "name.nl", a.name.nl) for a in strategy.areas] == list(
            AREA_HEADINGS
        )
        for area, heading in zip(strategy.areas, AREA_HEADINGS, strict=True):
            assert verbatim(area, "description.nl", area.description.nl) == (
                paragraph_after(seed_text, heading)
            )

    def test_title_and_introduction(self, strategy: Strategy, seed_text: str) -> None:
        """The title and both paragraphs of the introduction are in the source as written."""
        assert strategy.title.nl in [line.strip() for line in seed_text.splitlines()]
        assert strategy.period == ncts.Period(2022, 2026)
        assert len(strategy.introduction) == 2
        for i, paragraph in enumerate(strategy.introduction):
            source = verbatim(strategy, f"introduction[{i}].nl", paragraph.nl)
            assert source in seed_text

    def test_aim(self, strategy: Strategy, seed_text: str) -> None:
        """The overall aim is the introduction's, verbatim, in its quoted sentence."""
        assert strategy.aim is not None
        assert strategy.aim.citation is not None
        assert strategy.aim.citation.quote is not None
        assert strategy.aim.text.nl in strategy.aim.citation.quote
        assert strategy.aim.citation.quote.startswith("Om " + strategy.aim.text.nl)
        assert squash(strategy.aim.citation.quote) in squash(seed_text)


class TestGoals:
    def test_one_goal_per_area(self, strategy: Strategy) -> None:
        """Each area contributes to exactly one goal, and each goal has one area."""
        pairs = [
            (link.source, link.target)
            for link in strategy.links
            if link.type is ncts.LinkType.CONTRIBUTES_TO
            and strategy[link.source].element_type == "area"
        ]
        assert sorted(pairs) == sorted(
            zip(
                (a.id for a in strategy.areas),
                (g.id for g in strategy.goals),
                strict=True,
            )
        )

    def test_g1_quotes_the_nctv(
        self, strategy: Strategy, sections: dict[str, dict[str, str]]
    ) -> None:
        """G1 is the NCTV's own main goal of Verwerven, verbatim and cited to its page."""
        g1 = strategy["G1"]
        assert isinstance(g1, ncts.Goal)
        assert g1.status is GoalStatus.QUOTED
        assert g1.citation is not None
        assert g1.citation.document == "nctv-onderwerp"
        assert g1.citation.quote == f"Verwerven: {g1.text.nl}"
        page = sections["nctv-onderwerp"][g1.citation.section]
        assert "De strategie kent vier hoofddoelen" in page
        assert g1.citation.quote in page

    def test_modelled_goals_follow_one_rule(self, strategy: Strategy) -> None:
        """A modelled goal is the first sentence of its area's description, verbatim."""
        area_of_goal = {
            link.target: strategy[link.source]
            for link in strategy.links
            if link.type is ncts.LinkType.CONTRIBUTES_TO
            and strategy[link.source].element_type == "area"
        }
        modelled = [g for g in strategy.goals if g.status is GoalStatus.MODELLED]
        assert [g.id for g in modelled] == ["G2", "G3", "G4"]
        for goal in modelled:
            area = area_of_goal[goal.id]
            assert isinstance(area, ncts.Area)
            description = verbatim(area, "description.nl", area.description.nl)
            first = re.match(r".+?\.(?=\s|$)", description)
            assert first is not None
            assert goal.text.nl == first.group(0), goal.id
            assert goal.citation is not None
            assert goal.citation.section == f"Speerpunten > {area.name.nl}".replace(
                "Voorbereiden", "Vorbereiden"
            )

    def test_every_goal_states_the_rule(self, strategy: Strategy) -> None:
        """Every goal's note states the same rule, and none is a sentence fragment."""
        rules = set()
        for goal in strategy.goals:
            assert goal.note is not None
            assert goal.status is not None
            rules.add(goal.note[goal.note.index("The rule for all four goals") :])
            assert goal.text.nl[0].isupper(), goal.id
            assert goal.text.nl.endswith("."), goal.id
        assert len(rules) == 1


class TestQuotesAndSections:
    def test_every_quote_is_verbatim_in_its_section(
        self, strategy: Strategy, sections: dict[str, dict[str, str]]
    ) -> None:
        """Every quote is in its cited source, under the section it cites, as written."""
        checked = 0
        for where, citation in citations(strategy):
            document = citation.document or MAIN_SOURCE
            assert document in sections, (where, document)
            assert citation.section in sections[document], (where, citation.section)
            if citation.quote:
                assert squash(citation.quote) in sections[document][citation.section], (
                    where,
                    citation.quote,
                )
                checked += 1
        assert checked >= 25

    def test_records_are_in_their_sections(
        self, strategy: Strategy, sections: dict[str, dict[str, str]]
    ) -> None:
        """A record's own Dutch text (errata undone) is under the section it cites."""
        summary = sections[MAIN_SOURCE]
        for element in strategy.elements():
            citation = getattr(element, "citation", None)
            if citation is None or citation.document is not None:
                continue
            for name in ("text", "description"):
                text = getattr(element, name, None)
                if isinstance(text, ncts.Text):
                    source = verbatim(element, f"{name}.nl", text.nl)
                    assert squash(source) in summary[citation.section], element.id

    def test_stated_links_quote_what_states_them(self, strategy: Strategy) -> None:
        """A stated link cites and quotes a sentence; a derived one rests on evidence."""
        for link in strategy.links:
            if link.basis is Basis.STATED:
                assert link.citation is not None, link.id
                assert link.citation.quote, link.id
                # the sentence names both ends: the source by its Dutch name, the
                # target by its text, or as one of "alle andere interventiegebieden"
                source, target = strategy[link.source], strategy[link.target]
                assert label(source).nl in link.citation.quote, link.id  # type: ignore[arg-type]
                assert label(target).nl in link.citation.quote or (  # type: ignore[arg-type]
                    target.element_type == "area"
                    and "alle andere interventiegebieden" in link.citation.quote
                ), link.id
            else:
                assert link.citation is None, link.id
                assert link.evidence, link.id
                assert all(c.quote for c in link.evidence), link.id

    @pytest.mark.parametrize(
        "section",
        [
            "Verwerven > Speerpunten",  # the top heading left out
            "Speerpunten > Voorkomen > Speerpunten > Consolidatie en optimalisatie van:",
            "Speerpunten > Voorbereiden",  # the heading's typo corrected
        ],
    )
    def test_the_section_rule_rejects_other_paths(
        self, sections: dict[str, dict[str, str]], section: str
    ) -> None:
        """The rule for paths is one rule: near misses are not sections."""
        assert section not in sections[MAIN_SOURCE]


class TestErrata:
    def _errata(self, strategy: Strategy) -> list[tuple[object, ncts.Erratum]]:
        return [
            (record, e)
            for record in strategy.elements()
            for e in getattr(record, "errata", ())
        ]

    def test_known_irregularities_are_recorded(self, strategy: Strategy) -> None:
        """The typos, the extraction artefact and the noted irregularities, by kind."""
        recorded = {
            (e.kind, e.original, e.corrected) for _, e in self._errata(strategy)
        }
        assert recorded == {
            (ErratumKind.TYPO, "Vorbereiden", "Voorbereiden"),
            (ErratumKind.TYPO, "versturende", "verstorende"),
            (ErratumKind.TYPO, "crisismangement", "crisismanagement"),
            (
                ErratumKind.EXTRACTION,
                "Voor het\n\ngrootste deel",
                "Voor het grootste deel",
            ),
            (ErratumKind.NOTED, "Robuuster en flexibeler", None),
            (ErratumKind.NOTED, "op te sporen en vervolgen", None),
            (ErratumKind.NOTED, "nationale contraterrorisme strategie", None),
            (ErratumKind.NOTED, "daartegen. Door personen", None),
        }

    def test_originals_are_in_the_source(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """What an erratum calls the original is in the source; a correction is not."""
        for record, erratum in self._errata(strategy):
            assert erratum.original in seed_text
            assert erratum.note
            if erratum.corrected is None:
                # a noted irregularity: the record keeps the source's text
                value = _resolve_field(record, erratum.field)
                assert isinstance(value, str)
                assert erratum.original in value
            else:
                assert erratum.corrected not in seed_text


class TestSources:
    def test_every_source_is_checkable(self, strategy: Strategy) -> None:
        """Every source has an address, a role and the day it was read."""
        assert strategy.source is not None
        assert strategy.source.role is SourceRole.TRANSCRIBED
        for source in strategy.sources:
            assert source.url is not None, source.id
            assert source.url.startswith("https://"), source.id
            assert source.role is not None, source.id
            assert source.accessed is not None, source.id
            assert source.publisher is not None, source.id
            assert source.note is not None, source.id

    def test_kept_texts_match_their_checksums(self, strategy: Strategy) -> None:
        """The texts kept in tests/data are the ones the sources' SHA-256 names."""
        for source in strategy.sources:
            path: Path | None = SOURCE_FILES.get(source.id)
            if source.role is SourceRole.RELATED:
                assert path is None, source.id
                assert source.sha256 is None, source.id
                continue
            assert path is not None, source.id
            assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()

    def test_cited_sources_are_cited(self, strategy: Strategy) -> None:
        """A source whose role is 'cited' is cited; a related one never is."""
        cited = {c.document for _, c in citations(strategy)} - {None}
        for source in strategy.sources:
            if source.role is SourceRole.CITED:
                assert source.id in cited, source.id
            if source.role is SourceRole.RELATED:
                assert source.id not in cited, source.id

    def test_summary_and_adoption(self, strategy: Strategy) -> None:
        """The summary's address and date; the adoption date with its own source."""
        summary = strategy.source
        assert summary is not None
        assert "(NCTS)" in summary.title
        assert str(summary.published) == "2022-05-20"
        assert strategy.adopted is not None
        assert str(strategy.adopted.date) == "2022-05-20"
        assert strategy.adopted.citation is not None
        assert strategy.adopted.citation.document == "aivd-vastgesteld"
        assert "20 mei" in (strategy.adopted.citation.quote or "")

    def test_scope_and_translation_are_stated(self, strategy: Strategy) -> None:
        """The data says that it holds the summary, and that the English is ours."""
        assert strategy.scope is not None
        assert "18 speerpunten are the summary's list" in strategy.scope
        assert strategy.translation is not None
        assert "our own translation" in strategy.translation
        related = {s.id for s in strategy.sources if s.role is SourceRole.RELATED}
        assert "nctv-summary-en" in related
        assert "nctv-summary-en" in strategy.translation


def glossary_rejections() -> list[tuple[str, str]]:
    """The (Dutch, rejected English) pairs of docs/glossary.md's second table."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    table = text[text.index("## Renderings that ncts rejects") :]
    rows = []
    for line in table.splitlines():
        cells = re.findall(r"`((?:[^`\\]|\\.)*)`", line)
        if line.startswith("| `") and len(cells) >= 2:
            rows.append((cells[0].replace("\\|", "|"), cells[1].replace("\\|", "|")))
    return rows


def rejected_renderings(strategy: Strategy) -> list[tuple[str, str, str]]:
    """Each English text that uses a rendering the glossary rejects for its Dutch."""
    found = []
    for dutch, english in glossary_rejections():
        for text in english_texts(strategy):
            if text.en and re.search(dutch, text.nl) and re.search(english, text.en):
                found.append((text.nl, english, text.en))
    return found


class TestTranslations:
    def test_every_text_has_english(self, strategy: Strategy) -> None:
        """Every Dutch text in the dataset has an English translation."""
        texts = list(english_texts(strategy))
        assert len(texts) == 1 + 2 + 1 + 3 + 4 + 4 * 2 + 18
        missing = [t.nl for t in texts if not t.en]
        assert missing == []

    def test_glossary_is_read(self, strategy: Strategy) -> None:
        """The glossary's rejections are there, and each one's Dutch occurs in the data."""
        rows = glossary_rejections()
        assert len(rows) >= 12
        dutch = [t.nl for t in english_texts(strategy)]
        for pattern, _ in rows:
            assert any(re.search(pattern, nl) for nl in dutch), pattern

    def test_no_rejected_rendering(self, strategy: Strategy) -> None:
        """No English text uses a rendering that the glossary rejects."""
        assert rejected_renderings(strategy) == []

    @pytest.mark.parametrize(
        ("id", "bad"),
        [
            ("VV1", "Use of legal powers to detect and prosecute suspects"),
            ("FT2", "Innovative solutions, both for signalling and detection"),
            ("VB1", "The surveillance and protection system, after the Bos committee"),
        ],
    )
    def test_a_rejected_rendering_is_caught(
        self, strategy: Strategy, id: str, bad: str
    ) -> None:
        """The check finds a text that uses a rejected rendering (it can fail)."""
        element = strategy[id]
        if isinstance(element, ncts.Speerpunt):
            sp = attrs.evolve(element, text=attrs.evolve(element.text, en=bad))
            area = strategy.area_of(element)
            spp = tuple(sp if s.id == id else s for s in area.speerpunten)
            areas = tuple(
                attrs.evolve(a, speerpunten=spp) if a is area else a
                for a in strategy.areas
            )
            edited = attrs.evolve(strategy, areas=areas)
        else:
            assert isinstance(element, ncts.FocusTheme)
            theme = attrs.evolve(element, text=attrs.evolve(element.text, en=bad))
            themes = tuple(theme if t.id == id else t for t in strategy.focus_themes)
            edited = attrs.evolve(strategy, focus_themes=themes)
        assert rejected_renderings(edited)

    def test_nctv_terms(self, strategy: Strategy) -> None:
        """The NCTV's own English terms are used where it has them."""
        english = " ".join(t.en or "" for t in english_texts(strategy))
        for term in (
            "investigated, prosecuted and punished",
            "flexible",
            "social impact",
            "individuals, properties and vital processes",
            "person-centred approach",
            "Surveillance and Security System",
            "Bos Committee",
            "lone actors",
            "reintegration after detention",
            "convicted of a terrorist offence by final judgment",
            "statutory means",
        ):
            assert term in english, term


class TestLinks:
    def test_links_have_stable_ids(self, strategy: Strategy) -> None:
        """Every link has an ID of its own, L1, L2, ... in document order."""
        assert [link.id for link in strategy.links] == [
            f"L{i}" for i in range(1, len(strategy.links) + 1)
        ]
        assert strategy.link("L4").target == "G1"

    def test_verwerven_underpins_every_other_area(self, strategy: Strategy) -> None:
        """The stated link: Verwerven is the basis for all other areas."""
        underpinned = {
            link.target
            for link in strategy.links_from("VW")
            if link.type is ncts.LinkType.UNDERPINS and link.basis is Basis.STATED
        }
        assert underpinned == {a.id for a in strategy.areas} - {"VW"}

    def test_goal_links_are_stated_only_where_a_source_says_so(
        self, strategy: Strategy
    ) -> None:
        """Only G1's area link is stated (the NCTV names it); the others are derived."""
        stated = [
            (link.source, link.target)
            for link in strategy.links
            if strategy[link.target].element_type == "goal"
            and link.basis is Basis.STATED
        ]
        assert stated == [("VW", "G1")]

    def test_focus_themes_are_addressed(self, strategy: Strategy) -> None:
        """Every focus theme is addressed by at least one speerpunt."""
        for theme in strategy.focus_themes:
            sources = [link.source for link in strategy.links_to(theme.id)]
            assert any(strategy[s].element_type == "speerpunt" for s in sources)

    @pytest.mark.parametrize(
        ("source", "theme"), [("VK6", "FT1"), ("VV4", "FT3"), ("VW2", "FT2")]
    )
    def test_shared_wording_is_derived_with_both_passages(
        self, strategy: Strategy, source: str, theme: str
    ) -> None:
        """Shared wording is evidence, not a statement: derived, citing both passages."""
        [link] = [link for link in strategy.links_from(source) if link.target == theme]
        assert link.basis is Basis.DERIVED
        quoted = " ".join(c.quote or "" for c in link.evidence)
        for element in (strategy[source], strategy[theme]):
            words = set(re.findall(r"\w{6,}", element.text.nl.lower()))  # type: ignore[union-attr]
            assert words & set(re.findall(r"\w{6,}", quoted.lower())), element.id

    def test_weak_link_is_gone(self, strategy: Strategy) -> None:
        """VB4 (new means of attack) does not address FT2 (online content)."""
        assert strategy.links_from("VB4") == ()


REGISTRY = ROOT / "tests" / "data" / "released-ids.json"
_PINNED = ("type", "period", "url", "goal_of", "area", "fingerprint")
_LINK_PINNED = ("type", "source", "target", "link_type")


def _fingerprint(element: object, field: str) -> str:
    text = verbatim(element, f"{field}.nl", getattr(element, field).nl)
    return hashlib.sha256(squash(text).encode()).hexdigest()[:16]


def meaning(strategy: Strategy, id: str) -> dict[str, object] | None:
    """What an ID means in a strategy, in the terms of the registry; None if absent."""
    element = strategy.get(id)
    if element is None:
        links = [link for link in strategy.links if link.id == id]
        if not links:
            return None
        return {
            "type": "link",
            "source": links[0].source,
            "target": links[0].target,
            "link_type": links[0].type.value,
        }
    out: dict[str, object] = {"type": element.element_type}
    if isinstance(element, Strategy):
        out["period"] = str(element.period)
    elif isinstance(element, ncts.Source):
        out["url"] = element.url
    elif isinstance(element, ncts.Goal):
        [area] = [
            link.source
            for link in strategy.links_to(id)
            if link.type is ncts.LinkType.CONTRIBUTES_TO
            and strategy[link.source].element_type == "area"
        ]
        out["goal_of"] = area
    elif isinstance(element, ncts.Area):
        out["fingerprint"] = _fingerprint(element, "name")
    elif isinstance(element, ncts.Speerpunt):
        out["area"] = strategy.area_of(id).id
        out["fingerprint"] = _fingerprint(element, "text")
    elif isinstance(element, ncts.FocusTheme):
        out["fingerprint"] = _fingerprint(element, "text")
    return out


def _release_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def pinned_at(entry: dict[str, object], version: str) -> dict[str, object]:
    """What a registry entry pins as of one data release."""
    keys = _LINK_PINNED if entry["type"] == "link" else _PINNED
    value = {k: entry[k] for k in keys if k in entry}
    history = entry.get("history", [])
    assert isinstance(history, list)
    for item in sorted(history, key=lambda h: _release_key(h["until"]), reverse=True):
        if _release_key(version) <= _release_key(item["until"]):
            value.update({k: v for k, v in item.items() if k in keys})
    return value


def registry_problems(strategy: Strategy, version: str) -> list[str]:
    """Where a strategy, as data release *version*, departs from the registry."""
    registry = json.loads(REGISTRY.read_text(encoding="utf-8"))["ids"]
    problems = []
    for id, entry in registry.items():
        now = meaning(strategy, id)
        if _release_key(version) < _release_key(entry["since"]):
            continue
        if entry.get("withdrawn"):
            if now is not None:
                problems.append(f"{id} was withdrawn and may not be used again")
            continue
        if now is None:
            problems.append(f"{id} is gone: withdraw it in the registry instead")
        elif now != pinned_at(entry, version):
            problems.append(f"{id} now means {now}, not {pinned_at(entry, version)}")
    ids = [*strategy.ids(), *(link.id for link in strategy.links if link.id)]
    problems += [f"{id} is not in the registry" for id in ids if id not in registry]
    return problems


class TestIdsKeepTheirMeaning:
    def test_current_data(self, strategy: Strategy) -> None:
        """Every ID means what the registry pins: type, area, text, link ends."""
        assert registry_problems(strategy, strategy.data_version) == []

    @pytest.mark.parametrize("version", ncts._io.DATA_RELEASES)
    def test_every_shipped_release(self, version: str) -> None:
        """Every shipped data release agrees with the registry, history included."""
        strategy = ncts.load(version=version)
        assert strategy.data_version == version
        assert registry_problems(strategy, version) == []

    def test_history_is_recorded(self) -> None:
        """Every change of meaning says until when the old value held, and why."""
        registry = json.loads(REGISTRY.read_text(encoding="utf-8"))["ids"]
        for id, entry in registry.items():
            assert entry["since"] in ncts._io.DATA_RELEASES, id
            for item in entry.get("history", []):
                assert item["until"] in ncts._io.DATA_RELEASES, id
                assert item["change"], id

    def test_moving_a_speerpunt_is_caught(self, strategy: Strategy) -> None:
        """Swapping the texts of VK6 and VK7 gives both IDs another meaning: caught."""
        vk = strategy["VK"]
        assert isinstance(vk, ncts.Area)
        spp = list(vk.speerpunten)
        spp[5], spp[6] = (
            attrs.evolve(spp[5], text=spp[6].text, kinds=spp[6].kinds),
            attrs.evolve(spp[6], text=spp[5].text, kinds=spp[5].kinds),
        )
        areas = tuple(
            attrs.evolve(a, speerpunten=tuple(spp)) if a.id == "VK" else a
            for a in strategy.areas
        )
        problems = registry_problems(attrs.evolve(strategy, areas=areas), "1.1.0")
        assert [p.split()[0] for p in problems] == ["VK6", "VK7"]

    def test_retyping_a_link_is_caught(self, strategy: Strategy) -> None:
        """A link ID that comes to join other elements, or another type, is caught."""
        links = tuple(
            attrs.evolve(link, type=ncts.LinkType.RELATES_TO)
            if link.id == "L15"
            else link
            for link in strategy.links
        )
        problems = registry_problems(attrs.evolve(strategy, links=links), "1.1.0")
        assert [p.split()[0] for p in problems] == ["L15"]


class TestReleaseDiff:
    """``ncts diff`` between the shipped 1.0.0 and 1.1.0 lists this release's changes.

    The expected lists are written by hand from the changelog, not from the diff.
    """

    RETRANSLATED = frozenset(
        {"FT2", "FT3", "VW1", "VW2", "VK2", "VK5", "VB1", "VB2", "VV1", "VV3", "VV4"}
    )
    NEW_ERRATA = frozenset({"VB", "VK4", "VB2", "VB3", "VV1"})  # kinds, or noted

    def test_elements(self) -> None:
        d = ncts.diff(ncts.load(version="1.0.0"), ncts.load())
        added = {c.id for c in d.of("added") if c.type != "link"}
        assert added == {
            "aivd-vastgesteld",
            "nctv-strategie",
            "nctv-summary-en",
            "nctv-strategy-en",
        }
        assert [c.id for c in d.of("removed") if c.type != "link"] == []
        changed = {c.id: c for c in d.of("changed") if c.type != "link"}
        speerpunten = {sp.id for sp in ncts.load().speerpunten}
        assert set(changed) == (
            {"NCTS-2022-2026", "nctv-samenvatting", "nctv-onderwerp", "FT2", "FT3"}
            | {"G1", "G2", "G3", "G4", "VW", "VK", "VB", "VV"}
            | speerpunten  # every citation's section follows the one rule now
        )
        for id in speerpunten:
            fields = {f.field.split(".")[0].split("[")[0] for f in changed[id].fields}
            expected = {"citation"}
            expected |= {"text"} if id in self.RETRANSLATED else set()
            expected |= {"errata"} if id in self.NEW_ERRATA else set()
            assert fields == expected, id
        top = {
            f.field.split(".")[0].split("[")[0]
            for f in changed["NCTS-2022-2026"].fields
        }
        assert top == {
            "data_version",
            "introduction",
            "errata",
            "scope",
            "translation",
            "adopted",
            "aim",
        }

    def test_links(self) -> None:
        d = ncts.diff(ncts.load(version="1.0.0"), ncts.load())
        links = {(c.kind, c.id) for c in d if c.type == "link"}
        assert {id for kind, id in links if kind == "removed"} == {
            "VB4 -> FT2 (addresses)"
        }
        assert {id for kind, id in links if kind == "added"} == {
            "VV -> FT3 (addresses)",
            "VW2 -> FT2 (addresses)",
        }
        retyped = {
            c.id
            for c in d.of("changed")
            if c.type == "link" and any(f.field == "basis" for f in c.fields)
        }
        assert retyped == {
            "VW -> G1 (contributes_to)",
            "VK6 -> FT1 (addresses)",
            "VV4 -> FT3 (addresses)",
        }
        # every link that stayed gets its ID
        kept = [c for c in d.of("changed") if c.type == "link"]
        assert len(kept) == 15 - 2
        assert all(any(f.field == "id" for f in c.fields) for c in kept)

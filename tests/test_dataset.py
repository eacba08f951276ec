"""The bundled dataset against its source: every bullet and statement is there, verbatim.

These tests parse the source text (tests/data/ncts-2022-2026-samenvatting.txt, a copy
of the text extracted from the official summary) on their own, and compare the
dataset with it. Texts are compared after undoing the recorded errata, so a
correction that is not recorded as an erratum fails here.
"""

import re

import pytest

import ncts
from ncts import Kind, Strategy

AREA_HEADINGS = ("Verwerven", "Voorkomen", "Vorbereiden", "Vervolgen")
GROUP_KINDS = {
    "Consolidatie en optimalisatie van:": {Kind.CONSOLIDATION, Kind.OPTIMISATION},
    "Doorontwikkeling en innovatie van:": {Kind.DEVELOPMENT, Kind.INNOVATION},
}
WORD_KINDS = {
    "Consolidatie": {Kind.CONSOLIDATION},
    "Optimalisatie": {Kind.OPTIMISATION},
    "Doorontwikkeling": {Kind.DEVELOPMENT},
}


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

    def test_goals_rest_on_quoted_text(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """Each goal's Dutch text is in the source, inside its cited passage."""
        flat = squash(seed_text)
        assert len(strategy.goals) == 4
        for goal in strategy.goals:
            assert goal.note, goal.id  # the modelling choice is visible
            assert squash(goal.text.nl) in flat, goal.id
            assert goal.citation is not None
            if goal.citation.quote:
                assert squash(goal.text.nl) in squash(goal.citation.quote)

    def test_every_quote_is_verbatim(self, strategy: Strategy, seed_text: str) -> None:
        """Every citation's quote is in the source exactly as written."""
        flat = squash(seed_text)
        quotes = [getattr(e, "citation", None) for e in strategy.elements()] + [
            link.citation for link in strategy.links
        ]
        checked = 0
        for citation in quotes:
            if citation is not None and citation.quote:
                assert squash(citation.quote) in flat
                checked += 1
        assert checked >= 5

    def test_every_cited_section_is_a_heading(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """Each part of a cited section is a heading line of the source."""
        headings = {line.strip().rstrip(":") for line in seed_text.splitlines()}
        citations = [getattr(e, "citation", None) for e in strategy.elements()]
        citations += [link.citation for link in strategy.links]
        for citation in citations:
            if citation is not None:
                for part in citation.section.split(" > "):
                    assert part.rstrip(":") in headings, citation.section


class TestErrata:
    def test_known_typos_are_recorded(self, strategy: Strategy) -> None:
        """The typos and extraction artefacts of the source are all recorded as errata."""
        recorded = {
            (e.original, e.corrected)
            for record in strategy.elements()
            for e in getattr(record, "errata", ())
        }
        assert recorded == {
            ("Vorbereiden", "Voorbereiden"),
            ("versturende", "verstorende"),
            ("crisismangement", "crisismanagement"),
            ("Voor het\n\ngrootste deel", "Voor het grootste deel"),
        }

    def test_originals_are_in_the_source(
        self, strategy: Strategy, seed_text: str
    ) -> None:
        """What an erratum calls the original is really in the source; the fix is not."""
        for record in strategy.elements():
            for erratum in getattr(record, "errata", ()):
                assert erratum.original in seed_text
                assert erratum.corrected not in seed_text
                assert erratum.note


class TestTranslationsAndCitations:
    def test_every_text_has_english(self, strategy: Strategy) -> None:
        """Every Dutch text in the dataset has an English translation."""
        texts = [strategy.title, *strategy.introduction]
        for element in strategy.elements():
            for name in ("text", "name", "description"):
                text = getattr(element, name, None)
                if isinstance(text, ncts.Text):
                    texts.append(text)
        assert len(texts) == 1 + 2 + 3 + 4 + 4 * 2 + 18
        missing = [t.nl for t in texts if not t.en]
        assert missing == []

    def test_every_record_cites_the_source(self, strategy: Strategy) -> None:
        """Every goal, focus theme, area and speerpunt has a citation."""
        for element in strategy.elements():
            if element.element_type not in ("strategy", "source"):
                assert getattr(element, "citation", None) is not None, element.id

    def test_glossary_terms(self, strategy: Strategy) -> None:
        """Translations use the glossary's words."""
        english = " ".join(sp.text.en or "" for sp in strategy.speerpunten)
        for term in (
            "person-centred approach",
            "fragile regions",
            "travel movements and financial flows",
            "immigration-law measures",
            "civil aviation",
            "means of attack",
            "Bos committee",
            "lone actors",
            "reintegration after detention",
        ):
            assert term in english, term


class TestLinks:
    def test_verwerven_underpins_every_other_area(self, strategy: Strategy) -> None:
        """The stated link: Verwerven is the basis for all other areas."""
        underpinned = {
            link.target
            for link in strategy.links_from("VW")
            if link.type is ncts.LinkType.UNDERPINS and link.basis is ncts.Basis.STATED
        }
        assert underpinned == {a.id for a in strategy.areas} - {"VW"}

    def test_each_area_serves_one_goal(self, strategy: Strategy) -> None:
        """Each area contributes to exactly one goal, and each goal has one area."""
        pairs = [
            (link.source, link.target)
            for link in strategy.links
            if link.type is ncts.LinkType.CONTRIBUTES_TO
            and strategy[link.source].element_type == "area"
        ]
        assert sorted(s for s, _ in pairs) == sorted(a.id for a in strategy.areas)
        assert sorted(t for _, t in pairs) == sorted(g.id for g in strategy.goals)

    def test_goal_links_are_derived(self, strategy: Strategy) -> None:
        """The goal figure is lost, so no link to a goal may claim the source states it."""
        for link in strategy.links:
            if strategy[link.target].element_type == "goal":
                assert link.basis is ncts.Basis.DERIVED

    def test_focus_themes_come_back_as_speerpunten(self, strategy: Strategy) -> None:
        """Every focus theme is addressed by at least one speerpunt."""
        for theme in strategy.focus_themes:
            sources = [link.source for link in strategy.links_to(theme.id)]
            assert sources, theme.id
            assert all(strategy[s].element_type == "speerpunt" for s in sources)

    @pytest.mark.parametrize(("speerpunt", "theme"), [("VK6", "FT1"), ("VV4", "FT3")])
    def test_same_words_links_are_stated(
        self, strategy: Strategy, speerpunt: str, theme: str
    ) -> None:
        """Where a speerpunt repeats its focus theme's words, the link is stated."""
        [link] = [
            link for link in strategy.links_from(speerpunt) if link.target == theme
        ]
        assert link.basis is ncts.Basis.STATED
        words = set(re.findall(r"\w+", strategy[theme].text.nl.lower()))  # type: ignore[union-attr]
        shared = words & set(re.findall(r"\w+", strategy[speerpunt].text.nl.lower()))  # type: ignore[union-attr]
        assert len(shared) >= 4

"""The model: construction validates, objects are immutable, hashable and comparable."""

import datetime
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import (
    Area,
    Basis,
    Citation,
    Erratum,
    ErratumKind,
    FocusTheme,
    Goal,
    Kind,
    Link,
    LinkType,
    Period,
    Source,
    Speerpunt,
    Strategy,
    Text,
)
from ncts.testing import strategies


def _strategy(**kwargs: object) -> Strategy:
    base: dict[str, object] = {
        "id": "S",
        "title": Text("Titel"),
        "period": Period(2022, 2026),
        "data_version": "1",
        "sources": (Source("src", "Bron"),),
        "goals": (Goal("G1", Text("Doel")),),
        "focus_themes": (FocusTheme("FT1", Text("Thema")),),
        "areas": (
            Area(
                "A",
                Text("Gebied"),
                Text("Omschrijving"),
                speerpunten=(Speerpunt("A1", Text("Punt")),),
            ),
        ),
    }
    base.update(kwargs)
    return Strategy(**base)  # type: ignore[arg-type]


DAY = datetime.date(2022, 5, 20)


def _paths(exc: ncts.ValidationError) -> list[str]:
    return [p.path for p in exc.problems]


class TestText:
    def test_dutch_is_required_and_not_blank(self) -> None:
        """An empty or blank Dutch text is refused with the field named."""
        for value in ("", "   \n"):
            with pytest.raises(ncts.ValidationError) as info:
                Text(value)
            assert _paths(info.value) == ["nl"]

    def test_english_is_optional_but_not_blank(self) -> None:
        """English may be left out, but not given empty."""
        assert Text("Verwerven").en is None
        with pytest.raises(ncts.ValidationError) as info:
            Text("Verwerven", "")
        assert _paths(info.value) == ["en"]

    def test_get_falls_back_to_dutch(self) -> None:
        """Asking for English where there is none gives the Dutch."""
        assert Text("a", "b").get("en") == "b"
        assert Text("a").get("en") == "a"
        assert Text("a", "b").get("nl") == "a"


class TestPeriod:
    def test_start_after_end_is_refused(self) -> None:
        """A period may not end before it starts."""
        with pytest.raises(ncts.ValidationError, match="ends"):
            Period(2026, 2022)

    def test_single_year(self) -> None:
        """A period of one year is fine."""
        assert 2024 in Period(2024, 2024)
        assert 2025 not in Period(2024, 2024)

    def test_years_must_be_whole_numbers(self) -> None:
        """A year that is not an int is a TypeError naming the field, not compared."""
        with pytest.raises(TypeError, match=r"^Period\.start must be an int, not str"):
            Period("2022", 2026)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Period\.end must be an int, not float"):
            Period(2022, 2026.0)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Period\.end must be an int, not bool"):
            Period(1000, True)

    def test_years_from_1000_to_9999(self) -> None:
        """A whole number out of range is a ValidationError at the field."""
        assert str(Period(1000, 9999)) == "1000-9999"
        for start, end, path in [(999, 2000, "start"), (2000, 10000, "end")]:
            with pytest.raises(ncts.ValidationError, match="from 1000 to 9999") as info:
                Period(start, end)
            assert _paths(info.value) == [path]


class TestIds:
    @pytest.mark.parametrize(
        "bad", ["", "1A", "VK 6", "VK--6", "VK6-", "vijfëntwintig", "x" * 65]
    )
    def test_invalid_ids_are_refused(self, bad: str) -> None:
        """IDs outside the documented syntax are refused with a fix."""
        with pytest.raises(ncts.ValidationError, match="not a valid ID") as info:
            Goal(bad, Text("Doel"))
        assert _paths(info.value) == ["id"]

    @pytest.mark.parametrize("good", ["G1", "VK6", "my-area.1", "a_b", "x" * 64])
    def test_valid_ids(self, good: str) -> None:
        """IDs inside the syntax are accepted as they are."""
        assert Goal(good, Text("Doel")).id == good


class TestImmutability:
    def test_frozen(self, strategy: Strategy) -> None:
        """Elements cannot be changed after construction."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            strategy.id = "other"  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            strategy.areas[0].name = Text("x")  # type: ignore[misc]

    def test_sequences_are_tuples(self, strategy: Strategy) -> None:
        """Every sequence in the model is a tuple, and lists given are converted."""
        assert isinstance(strategy.areas, tuple)
        area = Area("A", Text("a"), Text("b"), speerpunten=[Speerpunt("A1", Text("c"))])  # type: ignore[arg-type]
        assert isinstance(area.speerpunten, tuple)

    @given(strategies())
    def test_equal_data_gives_equal_hashable_objects(self, s: Strategy) -> None:
        """A strategy rebuilt independently (through its text) is equal, same hash."""
        copy = ncts.loads(ncts.dumps(s, "json"), "json")
        assert copy is not s
        assert copy.areas == () or copy.areas[0] is not s.areas[0]
        assert copy == s
        assert hash(copy) == hash(s)
        assert {s, copy} == {s}

    @given(strategies(), st.sampled_from(["id", "title", "data_version", "period"]))
    def test_one_changed_field_makes_it_unequal(self, s: Strategy, field: str) -> None:
        """Changing any one field gives an unequal strategy, and a different hash."""
        changed = {
            "id": s.id + "x" if len(s.id) < 64 else "Other",
            "title": attrs.evolve(s.title, nl=s.title.nl + " (gewijzigd)"),
            "data_version": s.data_version + ".1",
            "period": Period(s.period.start - 1, s.period.end),
        }
        other = attrs.evolve(s, **{field: changed[field]})  # type: ignore[arg-type]
        assert other != s
        assert hash(other) != hash(s)  # not guaranteed by Python, but here it holds

    def test_a_changed_speerpunt_deep_inside_makes_it_unequal(self) -> None:
        """Equality looks all the way down: one speerpunt text differs, so do they."""
        a = _strategy()
        area = a.areas[0]
        point = attrs.evolve(area.speerpunten[0], text=Text("Ander punt"))
        b = attrs.evolve(a, areas=(attrs.evolve(area, speerpunten=(point,)),))
        assert a != b
        assert a == _strategy()


class TestStrategyValidation:
    def test_minimal_strategy(self) -> None:
        """A strategy needs only an ID, a title, a period and a data version."""
        s = Strategy("S", Text("T"), Period(2020, 2021), "1")
        assert s.speerpunten == ()
        assert s.source is None

    def test_duplicate_ids_anywhere(self) -> None:
        """An ID used twice, in any two places, is reported at the second."""
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(goals=(Goal("A1", Text("Doel")),))
        [problem] = info.value.problems
        assert problem.path == "areas[0].speerpunten[0].id"
        assert "goals[0].id" in problem.message

    def test_ids_differing_only_in_case(self) -> None:
        """IDs that differ only in case are refused: they cannot be told apart by people."""
        with pytest.raises(ncts.ValidationError, match="only in case") as info:
            _strategy(goals=(Goal("a1", Text("Doel")),))
        assert _paths(info.value) == ["areas[0].speerpunten[0].id"]

    def test_every_clash_is_reported_against_the_first_use(self) -> None:
        """Each later use of an ID (same, or other case) is reported at its own path,
        naming the first use: the message says which kind of clash it is."""
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(
                goals=(
                    Goal("G1", Text("Doel")),
                    Goal("g1", Text("Doel")),
                    Goal("G1", Text("Doel")),
                ),
            )
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "goals[1].id",
                "ID 'g1' differs only in case from 'G1' at goals[0].id: IDs must "
                "differ in more than case",
            ),
            ("goals[2].id", "duplicate ID 'G1', already used at goals[0].id"),
        ]

    def test_link_ids_are_unique_among_all_ids(self) -> None:
        """A link's ID may not be an element's ID, nor another link's, in any case."""
        first = Link("A1", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r", id="L1")
        links = (
            first,
            Link("A", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r", id="l1"),
            Link("A", "FT1", LinkType.ADDRESSES, Basis.DERIVED, "r", id="a1"),
        )
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(links=links)
        unique = "(IDs are unique in a strategy, whatever their case): choose another"
        assert [(p.path, p.message) for p in info.value.problems] == [
            ("links[1].id", f"link ID 'l1' is already used at links[0].id {unique}"),
            (
                "links[2].id",
                f"link ID 'a1' is already used at areas[0].speerpunten[0].id {unique}",
            ),
        ]
        assert _strategy(links=(first,)).link("L1") is first

    def test_dangling_links_name_the_id_and_suggest(self) -> None:
        """A link to an unknown ID names it and suggests the closest ones."""
        link = Link("A2", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r")
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(links=(link,))
        [problem] = info.value.problems
        assert problem.path == "links[0].source"
        assert "'A2'" in problem.message
        assert "'A1'" in problem.message

    def test_link_endpoint_types(self) -> None:
        """A link may only join the element types its type allows."""
        link = Link("G1", "FT1", LinkType.ADDRESSES, Basis.DERIVED, "r")
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(links=(link,))
        assert _paths(info.value) == ["links[0].source"]

    def test_links_to_sources_are_refused(self) -> None:
        """Sources are documents, not elements a link can point to."""
        link = Link("A1", "src", LinkType.RELATES_TO, Basis.DERIVED, "r")
        with pytest.raises(ncts.ValidationError, match="unknown ID 'src'"):
            _strategy(links=(link,))

    def test_self_and_duplicate_links(self) -> None:
        """A link to itself, and the same link twice, are refused."""
        same = Link("A1", "A1", LinkType.RELATES_TO, Basis.DERIVED, "r")
        twice = Link("A1", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r")
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(links=(same, twice, twice))
        assert _paths(info.value) == ["links[0]", "links[2]"]

    def test_citations_must_resolve(self) -> None:
        """A citation names a listed source, or the main one when there is one."""
        goal = Goal("G1", Text("Doel"), Citation("Intro", document="nope"))
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(goals=(goal,))
        assert _paths(info.value) == ["goals[0].citation.document"]
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(sources=(), goals=(Goal("G1", Text("Doel"), Citation("Intro")),))
        assert _paths(info.value) == ["goals[0].citation"]

    def test_errata_must_match_their_field(self) -> None:
        """An erratum's correction must be in the field it names, which must exist."""
        wrong_text = Erratum("text.nl", "Dool", "Koel")
        wrong_field = Erratum("title.nl", "Dool", "Doel")
        goal = Goal("G1", Text("Doel"), errata=(wrong_text, wrong_field))
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(goals=(goal,))
        assert _paths(info.value) == [
            "goals[0].errata[0].corrected",
            "goals[0].errata[1].field",
        ]

    def test_strategy_errata_are_checked(self) -> None:
        """An erratum on the strategy itself is checked like one on any element."""
        with pytest.raises(ncts.ValidationError, match="Koel") as info:
            _strategy(errata=(Erratum("title.nl", "Tietel", "Koel"),))
        assert _paths(info.value) == ["errata[0].corrected"]
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(errata=(Erratum("name.nl", "Tietel", "Titel"),))
        assert _paths(info.value) == ["errata[0].field"]
        assert _strategy(errata=(Erratum("title.nl", "Tietel", "Titel"),)).errata

    def test_link_citations_are_checked(self) -> None:
        """A link's citation must name a listed source, like an element's."""
        bad = Citation("Intro", document="nope")
        link = Link(
            "A1", "G1", LinkType.CONTRIBUTES_TO, Basis.STATED, "r", citation=bad
        )
        with pytest.raises(ncts.ValidationError, match="nope") as info:
            _strategy(links=(link,))
        assert _paths(info.value) == ["links[0].citation.document"]
        good = attrs.evolve(link, citation=Citation("Intro", document="src"))
        assert _strategy(links=(good,)).links == (good,)

    def test_erratum_must_change_something(self) -> None:
        """An erratum whose correction equals the original is refused."""
        with pytest.raises(ncts.ValidationError, match="same as the original"):
            Erratum("text.nl", "Doel", "Doel")

    def test_every_problem_at_once(self) -> None:
        """All problems of a strategy are reported together, in document order."""
        links = (
            Link("X", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r"),
            Link("A1", "Y", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r"),
        )
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(goals=(Goal("A", Text("d")),), links=links)
        # Goal "A" replaces G1, so links[0] now points to an unknown G1 as well.
        assert _paths(info.value) == [
            "areas[0].id",
            "links[0].source",
            "links[0].target",
            "links[1].target",
        ]

    def test_kinds_must_be_kinds(self) -> None:
        """A speerpunt's kinds are Kind members; a kind's value is made the kind."""
        given = ["innovation", Kind.DEVELOPMENT]
        sp = Speerpunt("A1", Text("x"), given)  # type: ignore[arg-type]
        assert sp.kinds == {Kind.INNOVATION, Kind.DEVELOPMENT}
        assert all(type(kind) is Kind for kind in sp.kinds)
        with pytest.raises(
            ncts.ValidationError, match="'innovatie' is not one of 'consolidation'"
        ):
            Speerpunt("A1", Text("x"), frozenset({"innovatie"}))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Speerpunt\.kinds item .* not int: 5"):
            Speerpunt("A1", Text("x"), frozenset({5}))  # type: ignore[arg-type]


class TestLookup:
    def test_every_element_by_id(self, strategy: Strategy) -> None:
        """Every element is found under its own ID, and the index is complete."""
        elements: list[ncts.Element] = [
            strategy,
            *strategy.sources,
            *strategy.focus_themes,
            *strategy.goals,
        ]
        for area in strategy.areas:
            elements += [area, *area.speerpunten]
        assert [e.id for e in elements] == list(strategy.ids())
        for element in elements:
            assert strategy[element.id] is element
            assert strategy.get(element.id) is element
            assert element.id in strategy

    def test_unknown_id(self, strategy: Strategy) -> None:
        """An unknown ID raises an ncts error that is also a KeyError, with suggestions."""
        with pytest.raises(KeyError):
            strategy["VK9"]
        with pytest.raises(ncts.UnknownIdError) as info:
            strategy["vkk6"]
        assert info.value.suggestions[0] == "VK6"
        assert "'VK6'" in str(info.value)
        assert strategy.get("VK9") is None
        assert strategy.get("VK9", 0) == 0
        assert "VK9" not in strategy
        assert 5 not in strategy  # type: ignore[comparison-overlap]

    @given(
        bad=st.one_of(
            st.integers(),
            st.floats(allow_nan=False),
            st.none(),
            st.binary(max_size=5),
            st.lists(st.sampled_from(["VK6", "r"]), max_size=2),
            st.just(("VK6",)),
        )
    )
    def test_an_id_that_is_not_text(self, strategy: Strategy, bad: Any) -> None:
        """An ID that is not a str: the mapping behaves as a dict, a method is a TypeError.

        ``strategy[5]`` is a KeyError (an UnknownIdError), ``get`` gives its default
        and ``in`` is False, as a dict's do; a method or function that takes an ID
        raises Python's TypeError naming the argument (the project's rule for a
        wrong argument type). The overlay follows the same rules.
        """
        lookups: list[tuple[str, Callable[[Any], object]]] = [
            ("id", strategy.path_of),
            ("id", strategy.link),
            ("id", strategy.links_from),
            ("id", strategy.links_to),
            ("speerpunt", strategy.area_of),
            ("id", lambda x: ncts.connected(strategy, x, "goal")),
            ("source", lambda x: ncts.paths(strategy, x, "G1")),
            ("target", lambda x: ncts.paths(strategy, "VK6", x)),
        ]
        for argument, lookup in lookups:
            with pytest.raises(TypeError, match=rf"^{argument} must be str"):
                lookup(bad)
        with pytest.raises(ncts.UnknownIdError):
            strategy[bad]
        assert strategy.get(bad) is None
        assert strategy.get(bad, "x") == "x"
        assert bad not in strategy
        overlay = ncts.Overlay(
            "o", "O", "S", "1", records=(ncts.Record("r", "R", ("VK6",)),)
        )
        with pytest.raises(ncts.UnknownIdError):
            overlay[bad]
        assert overlay.get(bad) is None
        assert bad not in overlay
        with pytest.raises(TypeError, match=r"^id must be str, not "):
            overlay.addressing(bad)

    def test_an_element_is_not_an_id(self, strategy: Strategy) -> None:
        """An element where an ID is wanted: a TypeError that names both (area_of
        alone takes a Speerpunt too)."""
        with pytest.raises(TypeError, match=r"^id must be str, not Area$"):
            strategy.path_of(strategy["VK"])  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=r"^speerpunt must be str or Speerpunt, not Area$"
        ):
            strategy.area_of(strategy["VK"])  # type: ignore[arg-type]
        assert strategy.area_of(strategy["VK6"]) is strategy["VK"]  # type: ignore[arg-type]

    def test_overlay_is_a_mapping(self) -> None:
        """An overlay is a read-only mapping from record ID to record, in document
        order, case ignored, as a strategy is."""
        records = (
            ncts.Record("b-first", "B", ("VK6",)),
            ncts.Record("a-second", "A", ("vk6", "VK1")),
        )
        overlay = ncts.Overlay("o", "O", "S", "1", records=records)
        assert isinstance(overlay, Mapping)
        assert list(overlay) == ["b-first", "a-second"]  # document order, not sorted
        assert len(overlay) == 2
        assert list(overlay.values()) == list(records)
        assert dict(overlay.items()) == {"b-first": records[0], "a-second": records[1]}
        assert overlay["A-SECOND"] is records[1]
        assert "B-FIRST" in overlay
        assert overlay.get("A-Second") is records[1]
        assert "c" not in overlay
        assert overlay.get("c", 0) == 0
        with pytest.raises(ncts.UnknownIdError, match=r"'a-secnd'.*'a-second'"):
            overlay["a-secnd"]
        # addressing ignores case on both sides: what the record wrote, what is asked
        assert overlay.addressing("VK6") == records
        assert overlay.addressing("vk1") == (records[1],)
        assert overlay.addressing("VK2") == ()
        assert overlay.addressing("VK6\u0130") == ()  # not ASCII: no ID can match

    def test_speerpunten_in_document_order(self, strategy: Strategy) -> None:
        """The speerpunten come area by area, in order."""
        assert strategy.speerpunten == tuple(
            sp for area in strategy.areas for sp in area.speerpunten
        )

    def test_area_of(self, strategy: Strategy) -> None:
        """Each speerpunt knows its area; anything else is an unknown speerpunt."""
        for area in strategy.areas:
            for sp in area.speerpunten:
                assert strategy.area_of(sp) is area
                assert strategy.area_of(sp.id) is area
        with pytest.raises(ncts.UnknownIdError):
            strategy.area_of("VK")

    def test_links_from_and_to(self, strategy: Strategy) -> None:
        """links_from and links_to partition the links by their ends."""
        for element in strategy.elements():
            for link in strategy.links_from(element.id):
                assert link.source == element.id
            for link in strategy.links_to(element.id):
                assert link.target == element.id
        total = sum(len(strategy.links_from(i)) for i in strategy.ids())
        assert total == len(strategy.links)
        with pytest.raises(ncts.UnknownIdError):
            strategy.links_from("nope")

    def test_path_of(self, strategy: Strategy) -> None:
        """path_of gives the place of each element in the document."""
        assert strategy.path_of("NCTS-2022-2026") == ""
        assert strategy.path_of("G2") == "goals[1]"
        assert strategy.path_of("VV4") == "areas[3].speerpunten[3]"

    @given(strategies())
    def test_lookup_on_any_strategy(self, s: Strategy) -> None:
        """In any strategy, each ID finds the element that its path_of leads to."""
        for id in s.ids():
            found: object = s
            path = s.path_of(id)
            for part in path.split(".") if path else ():
                name, _, index = part.partition("[")
                found = getattr(found, name)
                if index:
                    found = found[int(index.rstrip("]"))]  # type: ignore[index]
            assert found is s[id]
            assert s[id].id == id


class TestKind:
    def test_dutch_words(self) -> None:
        """Each kind knows the Dutch word the source uses."""
        assert [k.dutch for k in Kind] == [
            "consolidatie",
            "optimalisatie",
            "doorontwikkeling",
            "innovatie",
        ]


class TestErratum:
    def test_a_correction_needs_the_corrected_text(self) -> None:
        """A correction without its corrected text says which kind it is, in English."""
        for kind, what in [
            (None, "an erratum"),
            (ErratumKind.TYPO, "a typo erratum"),
            (ErratumKind.EXTRACTION, "an extraction erratum"),
        ]:
            with pytest.raises(ncts.ValidationError) as info:
                Erratum("text.nl", "Dool", kind=kind)
            [problem] = info.value.problems
            assert problem.path == "corrected"
            assert problem.message == (
                f"{what} corrects the text: give the corrected text, or make it "
                "kind 'noted'"
            )

    def test_a_noted_erratum_has_no_correction(self) -> None:
        """A noted irregularity keeps the source's text: a correction is refused."""
        with pytest.raises(ncts.ValidationError, match="drop 'corrected'") as info:
            Erratum("text.nl", "Dool", "Doel", kind=ErratumKind.NOTED)
        assert _paths(info.value) == ["corrected"]
        noted = Erratum("text.nl", "Dool", kind=ErratumKind.NOTED)
        assert noted.apply("Een Dool") == "Een Dool"
        assert noted.revert("Een Dool") == "Een Dool"

    def test_apply_and_revert(self) -> None:
        """A correction replaces the original in a text, and back."""
        erratum = Erratum("text.nl", "Dool", "Doel", kind=ErratumKind.TYPO)
        assert erratum.apply("Het Dool en het Dool") == "Het Doel en het Doel"
        assert erratum.revert("Het Doel") == "Het Dool"
        assert erratum.apply("Geen") == "Geen"


#: Which element types each type of link may join, source to target, as the
#: docstrings of LinkType say.
_ENDS = {
    LinkType.UNDERPINS: ({"area", "speerpunt"}, {"area", "speerpunt"}),
    LinkType.CONTRIBUTES_TO: ({"area", "speerpunt", "focus_theme"}, {"goal"}),
    LinkType.ADDRESSES: ({"area", "speerpunt"}, {"focus_theme"}),
    LinkType.RELATES_TO: (
        {"goal", "area", "speerpunt", "focus_theme"},
        {"goal", "area", "speerpunt", "focus_theme"},
    ),
}
_WORDS = {
    "goal": "a goal",
    "focus_theme": "a focus theme",
    "area": "an area",
    "speerpunt": "a speerpunt",
}


def _two_of_each() -> dict[str, Any]:
    """A strategy's fields with two elements of each type."""
    return {
        "goals": (Goal("G1", Text("Doel")), Goal("G2", Text("Doel"))),
        "focus_themes": (
            FocusTheme("FT1", Text("Thema")),
            FocusTheme("FT2", Text("Thema")),
        ),
        "areas": (
            Area("A", Text("G"), Text("O"), speerpunten=(Speerpunt("A1", Text("P")),)),
            Area("B", Text("G"), Text("O"), speerpunten=(Speerpunt("B1", Text("P")),)),
        ),
    }


_FIRST = {"goal": "G1", "focus_theme": "FT1", "area": "A", "speerpunt": "A1"}
_SECOND = {"goal": "G2", "focus_theme": "FT2", "area": "B", "speerpunt": "B1"}


#: Each link type as the messages name it, with its article.
_A_LINK = {
    LinkType.UNDERPINS: "an 'underpins' link",
    LinkType.CONTRIBUTES_TO: "a 'contributes_to' link",
    LinkType.ADDRESSES: "an 'addresses' link",
    LinkType.RELATES_TO: "a 'relates_to' link",
}


class TestLinkEnds:
    @pytest.mark.parametrize("link_type", list(LinkType))
    def test_each_type_joins_the_types_it_may(self, link_type: LinkType) -> None:
        """Every pair of element types: allowed, or refused at the wrong end(s)."""
        starts, ends = _ENDS[link_type]
        for source_type, source in _FIRST.items():
            for target_type, target in _SECOND.items():
                link = Link(source, target, link_type, Basis.DERIVED, "r")
                wrong = []
                if source_type not in starts:
                    wrong.append(
                        (
                            "links[0].source",
                            f"{_A_LINK[link_type]} cannot start at "
                            f"{_WORDS[source_type]} ({source!r}): it starts at "
                            + " or ".join(_WORDS[t] for t in sorted(starts)),
                        )
                    )
                if target_type not in ends:
                    wrong.append(
                        (
                            "links[0].target",
                            f"{_A_LINK[link_type]} cannot point to "
                            f"{_WORDS[target_type]} ({target!r}): it points to "
                            + " or ".join(_WORDS[t] for t in sorted(ends)),
                        )
                    )
                if not wrong:
                    assert _strategy(links=(link,), **_two_of_each()).links == (link,)
                    continue
                with pytest.raises(ncts.ValidationError) as info:
                    _strategy(links=(link,), **_two_of_each())
                assert [(p.path, p.message) for p in info.value.problems] == wrong

    def test_an_unknown_end_suggests_elements_not_sources(self) -> None:
        """A dangling link's suggestions are elements a link can join: no source."""
        link = Link("A1", "sr", LinkType.RELATES_TO, Basis.DERIVED, "r")
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(
                sources=(Source("src", "Bron"), Source("sr1", "Bron")), links=(link,)
            )
        [problem] = info.value.problems
        assert problem.path == "links[0].target"
        assert problem.message.startswith("unknown ID 'sr'")
        assert "src" not in problem.message
        assert "sr1" not in problem.message


class TestReferences:
    """Every citation and erratum of every record is checked, at its own path."""

    _BAD = Citation("Kop", document="nope")

    def _refused(self, **fields: Any) -> list[tuple[str, str]]:
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(**fields)
        return [(p.path, p.message) for p in info.value.problems]

    def test_a_citation_of_an_unknown_source(self) -> None:
        """Goal, theme, area, speerpunt, aim, adoption, link and evidence alike."""
        bad = self._BAD
        unknown = "unknown source 'nope'"
        cases: list[tuple[dict[str, Any], str]] = [
            ({"goals": (Goal("G1", Text("D"), bad),)}, "goals[0]"),
            ({"focus_themes": (FocusTheme("FT1", Text("T"), bad),)}, "focus_themes[0]"),
            (
                {"areas": (Area("A", Text("G"), Text("O"), citation=bad),)},
                "areas[0]",
            ),
            (
                {
                    "areas": (
                        Area(
                            "A",
                            Text("G"),
                            Text("O"),
                            speerpunten=(Speerpunt("A1", Text("P"), citation=bad),),
                        ),
                    )
                },
                "areas[0].speerpunten[0]",
            ),
            ({"aim": ncts.Aim(Text("Doel"), bad)}, "aim"),
            ({"adopted": ncts.Adoption(DAY, "Kabinet", bad)}, "adopted"),
            (
                {
                    "links": (
                        Link(
                            "A1",
                            "G1",
                            LinkType.CONTRIBUTES_TO,
                            Basis.DERIVED,
                            "r",
                            evidence=(Citation("Kop"), bad),
                        ),
                    )
                },
                "links[0].evidence[1]",
            ),
        ]
        for fields, path in cases:
            [(where, message)] = self._refused(**fields)
            assert where == f"{path}.citation.document" or (
                path.endswith("]") and where == f"{path}.document"
            ), where
            assert message.startswith(unknown), message

    def test_a_citation_of_the_main_source_needs_one(self) -> None:
        """Without sources, a citation of the main source is refused, wherever."""
        cite = Citation("Kop")
        cases: list[tuple[dict[str, Any], str]] = [
            ({"aim": ncts.Aim(Text("Doel"), cite)}, "aim.citation"),
            ({"adopted": ncts.Adoption(DAY, "Kabinet", cite)}, "adopted.citation"),
            (
                {"areas": (Area("A", Text("G"), Text("O"), citation=cite),)},
                "areas[0].citation",
            ),
        ]
        for fields, path in cases:
            assert self._refused(sources=(), **fields) == [
                (
                    path,
                    "cites the main source, but the strategy lists no sources: add "
                    "one under 'sources'",
                )
            ]
            assert _strategy(**fields)  # with a source, it is fine

    def test_errata_of_each_record(self) -> None:
        """An erratum whose correction is not in its field, on any record."""
        bad = (Erratum("text.nl", "Dool", "Koel"),)
        assert [
            p
            for p, _ in self._refused(
                focus_themes=(FocusTheme("FT1", Text("T"), errata=bad),)
            )
        ] == ["focus_themes[0].errata[0].corrected"]
        area_bad = (Erratum("name.nl", "Dool", "Koel"),)
        assert [
            p
            for p, _ in self._refused(
                areas=(Area("A", Text("G"), Text("O"), errata=area_bad),)
            )
        ] == ["areas[0].errata[0].corrected"]
        assert [
            p
            for p, _ in self._refused(
                areas=(
                    Area(
                        "A",
                        Text("G"),
                        Text("O"),
                        speerpunten=(Speerpunt("A1", Text("P"), errata=bad),),
                    ),
                )
            )
        ] == ["areas[0].speerpunten[0].errata[0].corrected"]

    def test_a_noted_erratum_quotes_the_text(self) -> None:
        """A noted irregularity must quote text the record keeps."""
        noted = Erratum("text.nl", "Dool", kind=ErratumKind.NOTED)
        goal = Goal("G1", Text("Een Dool"), errata=(noted,))
        assert _strategy(goals=(goal,)).goals == (goal,)
        elsewhere = Goal("G1", Text("Een Doel"), errata=(noted,))
        assert self._refused(goals=(elsewhere,)) == [
            (
                "goals[0].errata[0].original",
                "'Dool' does not occur in text.nl: a noted erratum quotes the text the "
                "record keeps",
            )
        ]

    @pytest.mark.parametrize(
        "field",
        [
            "text",  # a Text, not a text
            "text.de",
            "text.nl.x",
            "text[0].nl",
            "nope",
            "text.nl[0]",
            "Text.nl",
            "text..nl",
        ],
    )
    def test_an_erratum_names_a_text_field(self, field: str) -> None:
        """A path that leads to no text is refused at the erratum's field."""
        goal = Goal("G1", Text("Doel"), errata=(Erratum(field, "Dool", "Doel"),))
        assert self._refused(goals=(goal,)) == [
            (
                "goals[0].errata[0].field",
                f"{field!r} names no text field of this record (write a path such as "
                "'text.nl' or 'introduction[1].nl')",
            )
        ]

    def test_an_erratum_in_a_paragraph_of_the_introduction(self) -> None:
        """introduction[i].nl names a paragraph; one past the last names none."""
        intro = (Text("Een"), Text("Twee Doel"))
        fix = Erratum("introduction[1].nl", "Dool", "Doel")
        assert _strategy(introduction=intro, errata=(fix,)).errata == (fix,)
        past = Erratum("introduction[2].nl", "Dool", "Doel")
        [(path, _)] = self._refused(introduction=intro, errata=(past,))
        assert path == "errata[0].field"


class TestGraphWords:
    """What the graph says of an element and its place (from the model's words)."""

    def test_labels_and_containment(self) -> None:
        s = _strategy(**_two_of_each())
        g = ncts.to_graph(s)
        assert g.nodes["S"]["label_nl"] == "Titel"
        assert g.nodes["A"]["label_nl"] == "G"
        assert g.nodes["A1"]["label_nl"] == "P"
        assert g.nodes["G1"]["label_nl"] == "Doel"
        assert g.nodes["FT1"]["label_nl"] == "Thema"
        edges = {(u, v): d for u, v, d in g.edges(data=True)}
        rationale = {
            ("A1", "A"): "lists the speerpunt under its area of intervention",
            ("G1", "S"): "states the goal as one of the strategy's",
            ("FT1", "S"): "names the theme as one that needs extra attention",
            ("A", "S"): "describes the area as one of the strategy's areas of "
            "intervention",
        }
        for (part, whole), what in rationale.items():
            edge = edges[(part, whole)]
            assert edge["type"] == "part_of"
            assert edge["basis"] == "stated"
            assert edge["rationale"] == f"The source {what} ({part} in {whole})."


class TestCaches:
    """What look-ups build on first use changes neither equality nor the hash."""

    def test_equal_after_look_ups(self) -> None:
        link = Link("A1", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r", id="L1")
        a, b = _strategy(links=(link,)), _strategy(links=(link,))
        assert a.path_of("A1") == "areas[0].speerpunten[0]"
        assert a.link("L1") is link
        assert ncts.search(a, "Punt")
        assert a == b
        assert hash(a) == hash(b)
        c = _strategy(links=(link,))
        c.path_of("G1")
        assert hash(c) == hash(a)

    def test_the_main_source_is_the_first(self) -> None:
        first, second = Source("src", "Bron"), Source("s2", "Bron")
        assert _strategy(sources=(first, second)).source is first

    def test_links_by_id(self) -> None:
        """Every link with an ID is found by it; a link without one is not."""
        named = Link("A1", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r", id="L1")
        other = Link("A", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "r")
        s = _strategy(links=(other, named))
        assert s.link("L1") is named
        assert s.link("L1") is named  # again, from what the first look-up built
        with pytest.raises(ncts.UnknownIdError) as info:
            s.link("L2")
        assert info.value.suggestions == ("L1",)
        assert "the links of 'S'" in str(info.value)

    def test_period_holds_whole_years_only(self) -> None:
        period = Period(2022, 2026)
        assert "2024" not in period
        assert 2024.0 not in period
        assert 2022 in period
        assert 2026 in period
        assert 2027 not in period

    def test_json_schema_states_the_years(self) -> None:
        """The schema gives the years' range, as the model checks it."""
        schema = ncts.json_schema()
        period = json.dumps(schema)
        assert '"minimum": 1000' in period
        assert '"maximum": 9999' in period


class TestClashesReportedOnce:
    def test_a_clash_of_elements_is_not_a_link_id_problem(self) -> None:
        """Two elements with one ID are reported once, as a duplicate ID, also
        when links have IDs (which are checked among all IDs)."""
        link = Link("A", "FT1", LinkType.ADDRESSES, Basis.DERIVED, "r", id="L1")
        with pytest.raises(ncts.ValidationError) as info:
            _strategy(goals=(Goal("A1", Text("Doel")),), links=(link,))
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "areas[0].speerpunten[0].id",
                "duplicate ID 'A1', already used at goals[0].id",
            )
        ]


class TestErratumArguments:
    def test_a_correction_equal_to_the_original_is_refused_at_corrected(self) -> None:
        """An erratum whose correction is its original is reported at 'corrected'."""
        with pytest.raises(ncts.ValidationError) as info:
            Erratum("text.nl", "versturende", "versturende")
        assert [(p.path, p.message) for p in info.value.problems] == [
            ("corrected", "is the same as the original: drop the erratum")
        ]

    @pytest.mark.parametrize("method", ["apply", "revert"])
    def test_apply_and_revert_take_text_only(self, method: str) -> None:
        """apply() and revert() of a non-text raise TypeError naming the argument,
        also for an erratum that only notes (and would return the text as is)."""
        for erratum in (
            Erratum("text.nl", "versturende", "verstorende"),
            Erratum("text.nl", "versturende", kind=ErratumKind.NOTED),
        ):
            with pytest.raises(TypeError, match=r"^text must be str, not bytes$"):
                getattr(erratum, method)(b"Inzet versturende")


class TestWhatUsersSee:
    """Representations, lengths and look-ups as a user meets them."""

    def test_a_speerpunt_shows_its_kinds_in_the_order_of_kind(self) -> None:
        kinds = frozenset({Kind.INNOVATION, Kind.CONSOLIDATION})
        shown = repr(Speerpunt("A1", Text("Punt"), kinds))
        assert (
            "kinds=frozenset({<Kind.CONSOLIDATION: 'consolidation'>, "
            "<Kind.INNOVATION: 'innovation'>})"
        ) in shown
        assert "kinds=frozenset()," in repr(Speerpunt("A1", Text("Punt")))

    def test_an_area_and_a_strategy_show_a_summary(self) -> None:
        area = Area(
            "A",
            Text("Gebied"),
            Text("Omschrijving"),
            speerpunten=(Speerpunt("A1", Text("Punt")), Speerpunt("A2", Text("Twee"))),
        )
        assert repr(area) == "<Area 'A' 'Gebied': speerpunten A1, A2>"
        assert repr(_strategy(areas=(area,))) == (
            "<Strategy 'S' (2022-2026, data 1): 1 goal, 1 focus theme, 1 area, "
            "2 speerpunten, 0 links>"
        )
        one = attrs.evolve(area, speerpunten=area.speerpunten[:1])
        assert repr(_strategy(areas=(one,))) == (
            "<Strategy 'S' (2022-2026, data 1): 1 goal, 1 focus theme, 1 area, "
            "1 speerpunt, 0 links>"
        )

    def test_len_counts_every_element_and_the_strategy(self) -> None:
        s = _strategy()
        # The strategy, a source, a focus theme, a goal, an area and its speerpunt.
        assert len(s) == 6 == len(list(s)) == len(s.ids())

    def test_the_strategy_is_found_by_its_id_in_any_case(self) -> None:
        s = _strategy(id="Demo")
        assert s["demo"] is s
        assert s.get("DEMO") is s
        assert "dEMO" in s

    def test_an_element_is_found_in_any_case(self) -> None:
        s = _strategy()
        assert s.get("a1") is s["A1"]
        assert s["ft1"] is s.get("FT1")
        assert "g1" in s
        assert s.path_of("a1") == "areas[0].speerpunten[0]"

    def test_a_non_ascii_id_never_names_an_element(self) -> None:
        """U+212A (the Kelvin sign) lower-cases to an ASCII 'k'; an ID is ASCII, so
        a key holding it names nothing."""
        s = _strategy(
            areas=(Area("AK", Text("Gebied"), Text("Omschrijving")),),
        )
        assert "\u212a".lower() == "k"
        assert s.get("A\u212a") is None
        assert "A\u212a" not in s
        with pytest.raises(ncts.UnknownIdError):
            s["A\u212a"]
        assert s.get("ak") is s["AK"]

    def test_get_without_a_language_is_dutch(self) -> None:
        text = Text("Vervolgen", en="Prosecute")
        assert text.get() == "Vervolgen"
        assert text.get(None) == "Vervolgen"
        assert text.get("en") == "Prosecute"

    def test_a_period_that_ends_before_it_starts_is_refused_at_end(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            Period(2026, 2022)
        assert [(p.path, p.message) for p in info.value.problems] == [
            ("end", "the period ends (2022) before it starts (2026)")
        ]

    def test_a_source_digest_is_64_lower_case_hex_digits(self) -> None:
        assert Source("src", "Bron", sha256="0" * 64).sha256 == "0" * 64
        with pytest.raises(ncts.ValidationError) as info:
            Source("src", "Bron", sha256="ABC")
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "sha256",
                "'ABC' is not a SHA-256 digest: write 64 lower-case hexadecimal digits",
            )
        ]

    def test_a_relates_to_link_loads(self) -> None:
        text = ncts.dumps(_strategy()) + (
            "links:\n- source: A1\n  target: G1\n  type: relates_to\n"
            "  basis: derived\n  rationale: r\n"
        )
        link = ncts.loads(text).links[0]
        assert link.type is LinkType.RELATES_TO
        assert link.key == ("A1", "G1", "relates_to")

    def test_the_deprecated_search_method_still_searches(self) -> None:
        s = _strategy()
        with pytest.warns(DeprecationWarning, match="ncts.search"):
            hits = s.search("Punt")
        assert hits == ncts.search(s, "Punt")
        assert [hit.element.id for hit in hits] == ["A1"]

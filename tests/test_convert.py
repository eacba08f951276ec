"""Structuring documents into model objects: every kind of problem, as the user reads it.

The messages are written out here as a user sees them (path, what was expected,
what was found, and the hint), one per rule of the converter.
"""

import datetime
import subprocess
import sys
from typing import Any

import pytest

import ncts
from ncts._convert import (
    depth_of,
    describe_value,
    structure,
    unstructure,
)
from ncts._model import Citation, Link, Period, Speerpunt, Strategy, Text


def _problems(data: Any, cls: type = Strategy) -> list[tuple[str, str]]:
    with pytest.raises(ncts.ValidationError) as info:
        structure(data, cls)
    return [(p.path, p.message) for p in info.value.problems]


def _strategy(**fields: Any) -> dict[str, Any]:
    return {
        "id": "S",
        "title": {"nl": "T"},
        "period": {"start": 2020, "end": 2021},
        "data_version": "1",
        **fields,
    }


class TestValues:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (True, "the boolean true"),
            (False, "the boolean false"),
            (None, "null (an empty value)"),
            (3, "the number 3"),
            (3.5, "the number 3.5"),
            (datetime.date(2024, 1, 2), "the date 2024-01-02"),
            ("x" * 40, "the text '" + "x" * 40 + "'"),
            ("x" * 41, "the text '" + "x" * 37 + "...'"),
            ({}, "a mapping"),
            ([], "a list"),
            ((), "a list"),
            ({1}, "a set"),
            (object(), "an object"),
        ],
    )
    def test_describe_value(self, value: object, shown: str) -> None:
        """A value is named by its YAML or JSON type, and shown when short."""
        assert describe_value(value) == shown

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                True,
                "expected text, got the boolean true: YAML reads unquoted yes, no, "
                "on, off, true and false as booleans; put the value in quotes",
            ),
            (
                datetime.date(2024, 1, 2),
                "expected text, got the date 2024-01-02: YAML reads a bare date as a "
                "date; put the value in quotes",
            ),
            (
                3,
                "expected text, got the number 3: put the value in quotes to keep it as text",
            ),
            (
                2.5,
                "expected text, got the number 2.5: put the value in quotes to keep it as text",
            ),
            (None, "expected text, got null (an empty value)"),
            ([], "expected text, got a list"),
        ],
    )
    def test_text_hints(self, value: object, message: str) -> None:
        """Where YAML made a text into something else, the message says how to keep it."""
        assert _problems({"nl": value}, Text) == [("nl", message)]

    def test_a_hint_only_for_text(self) -> None:
        """A whole number given as a boolean or a text gets no quoting hint."""
        assert _problems({"start": True, "end": "2021"}, Period) == [
            ("start", "expected a whole number, got the boolean true"),
            ("end", "expected a whole number, got the text '2021'"),
        ]

    def test_text_rules(self) -> None:
        """A text with nothing to show, or with a lone surrogate, is refused; one
        with non-ASCII letters or outer spaces is kept as it is."""
        assert _problems({"nl": " \t"}, Text) == [("nl", "must not be empty")]
        assert _problems({"nl": "a", "en": "\u200b"}, Text)[0][0] == "en"
        assert _problems({"nl": "a\ud800"}, Text)[0][1].startswith(
            "holds a lone surrogate"
        )
        assert structure({"nl": " é "}, Text) == Text(" é ")

    def test_ids(self) -> None:
        """An ID is text of a given form; an optional ID may be null."""
        assert _problems(
            {
                "source": "A",
                "target": 5,
                "type": "addresses",
                "basis": "stated",
                "rationale": "r",
            },
            Link,
        ) == [
            (
                "target",
                "expected text, got the number 5: put the value in quotes to keep it as text",
            )
        ]
        problems = _problems(
            {
                "source": "a b",
                "target": "B",
                "type": "addresses",
                "basis": "stated",
                "rationale": "r",
                "id": "x y",
            },
            Link,
        )
        assert [path for path, _ in problems] == ["source", "id"]
        assert all("is not a valid ID" in message for _, message in problems)
        link = structure(
            {
                "source": "A",
                "target": "B",
                "type": "addresses",
                "basis": "stated",
                "rationale": "r",
                "id": None,
            },
            Link,
        )
        assert link.id is None

    def test_dates(self) -> None:
        """A date is YYYY-MM-DD from the year 1000, or a date YAML already read."""
        expected = "expected a date written YYYY-MM-DD, from the year 1000, got "
        good = {"date": "2024-02-29", "by": "X"}
        assert structure(good, ncts.Adoption).date == datetime.date(2024, 2, 29)
        oldest = datetime.date(1000, 1, 1)
        assert structure({"date": oldest, "by": "X"}, ncts.Adoption).date == oldest
        for value, shown in [
            ("2023-02-29", "the text '2023-02-29'"),
            ("20240229", "the text '20240229'"),
            ("0999-12-31", "the text '0999-12-31'"),
            (datetime.date(999, 12, 31), "the date 0999-12-31"),
            (datetime.datetime(2024, 1, 1, 10, 0), "the date 2024-01-01T10:00:00"),
            (20240229, "the number 20240229"),
        ]:
            assert _problems({"date": value, "by": "X"}, ncts.Adoption) == [
                ("date", expected + shown)
            ]

    def test_numbers(self) -> None:
        """An indicator's number is finite; a whole number of any size is a number."""
        assert structure({"name": "N", "value": 10**30}, ncts.Indicator).value == 10**30
        assert structure({"name": "N", "value": 1.5}, ncts.Indicator).value == 1.5
        for value, shown in [
            (float("nan"), "the number nan"),
            (float("inf"), "the number inf"),
            (True, "the boolean true"),
            ("1", "the text '1'"),
        ]:
            assert _problems({"name": "N", "value": value}, ncts.Indicator) == [
                ("value", f"expected a number, got {shown}")
            ]


class TestChoices:
    def test_enums(self) -> None:
        """An enum takes one of its values: a near miss is named, another type shown."""
        link = {"source": "A", "target": "B", "basis": "stated", "rationale": "r"}
        choices = "'underpins', 'contributes_to', 'addresses', 'relates_to'"
        assert _problems({**link, "type": "contributes"}, Link) == [
            (
                "type",
                f"expected one of {choices}, got 'contributes' (did you mean 'contributes_to'?)",
            )
        ]
        assert _problems({**link, "type": "zzzz"}, Link) == [
            ("type", f"expected one of {choices}, got 'zzzz'")
        ]
        assert _problems({**link, "type": 5}, Link) == [
            ("type", f"expected one of {choices}, got the number 5")
        ]
        assert _problems({**link, "type": ["addresses"]}, Link) == [
            ("type", f"expected one of {choices}, got a list")
        ]

    def test_kinds(self) -> None:
        """Kinds are a list of kinds, each at most once."""
        speerpunt = {"id": "A1", "text": {"nl": "x"}}
        assert _problems(
            {**speerpunt, "kinds": ["innovation", "innovation"]}, Speerpunt
        ) == [
            (
                "kinds",
                "expected a list of kinds without repeats, got ['innovation', 'innovation']",
            )
        ]
        assert _problems({**speerpunt, "kinds": "innovation"}, Speerpunt) == [
            ("kinds", "expected a list of kinds, got the text 'innovation'")
        ]
        [(path, message)] = _problems({**speerpunt, "kinds": ["innovatoin"]}, Speerpunt)
        assert (path, message.endswith("(did you mean 'innovation'?)")) == (
            "kinds",
            True,
        )
        kinds = structure(
            {**speerpunt, "kinds": ["innovation", "development"]}, Speerpunt
        ).kinds
        assert kinds == {ncts.Kind.INNOVATION, ncts.Kind.DEVELOPMENT}
        # Written in the order of Kind, whatever the order read.
        assert unstructure(
            structure({**speerpunt, "kinds": ["innovation", "development"]}, Speerpunt)
        )["kinds"] == [
            "development",
            "innovation",
        ]


class TestStructure:
    def test_lists(self) -> None:
        """A list holds its items; each bad item is reported at its index."""
        assert _problems(_strategy(goals="G1")) == [
            ("goals", "expected a list, got the text 'G1'")
        ]
        problems = _problems(
            _strategy(
                goals=[
                    {"id": "G1", "text": {"nl": "a"}},
                    5,
                    {"id": "G3", "text": {"nl": ""}},
                ]
            )
        )
        assert problems == [
            (
                "goals[1]",
                "expected a mapping with the keys id, text, citation, note, errata, "
                "status, got the number 5",
            ),
            ("goals[2].text.nl", "must not be empty"),
        ]

    def test_keys(self) -> None:
        """Unknown keys are named (with the nearest known one, or all of them), in
        order; missing keys too; a mapping is needed where a record is."""
        link = {"source": "A", "target": "B", "type": "addresses", "basis": "stated"}
        assert _problems({**link, "rationael": "r", "zzz": 1}, Link) == [
            ("rationale", "required key is missing"),
            ("rationael", "unknown key (did you mean 'rationale'?)"),
            (
                "zzz",
                "unknown key: the keys are source, target, type, basis, rationale, "
                "citation, id, evidence",
            ),
        ]
        assert _problems({"source": "A"}, Link) == [
            ("target", "required key is missing"),
            ("type", "required key is missing"),
            ("basis", "required key is missing"),
            ("rationale", "required key is missing"),
        ]
        assert _problems("tekst", Text) == [
            ("", "expected a mapping with the keys nl, en, note, got the text 'tekst'")
        ]

    def test_a_class_check_is_reported_at_its_path(self) -> None:
        """A rule the class checks itself (a period's years in order) is reported
        at the path of the field inside the document."""
        problems = _problems(_strategy(period={"start": 2021, "end": 2020}))
        assert [path for path, _ in problems] == ["period.end"]

    def test_depth(self) -> None:
        """How deeply a document of each type can nest."""
        assert depth_of(Strategy) == 7
        assert (depth_of(Text), depth_of(Citation), depth_of(str)) == (1, 1, 0)
        assert depth_of(Link) == 3  # a link, its evidence's list, a citation
        assert depth_of(tuple[Text, ...]) == 2
        assert depth_of(Text | None) == 1

    def test_round_trip(self) -> None:
        """The bundled strategy, unstructured and structured again, is unchanged."""
        s = ncts.load()
        assert structure(unstructure(s), Strategy) == s


class TestRulesAndWriting:
    def test_rules_of_numbers_dates_and_digests(self) -> None:
        """A field checked after its type (a year, a digest) reports its rule."""
        assert _problems({"start": 99999, "end": 2021}, Period) == [
            ("start", "must be a year from 1000 to 9999, got 99999")
        ]
        source = {"id": "SRC", "title": "T", "sha256": "abc"}
        assert _problems(source, ncts.Source) == [
            (
                "sha256",
                "'abc' is not a SHA-256 digest: write 64 lower-case hexadecimal digits",
            )
        ]
        digest = "0123456789abcdef" * 4
        assert structure({**source, "sha256": digest}, ncts.Source).sha256 == digest

    def test_a_list_of_plain_texts(self) -> None:
        """The items of a list of plain texts (an overlay record's addresses) are
        text: a number is refused at its index, not turned into text."""
        from ncts._overlay import Record

        record = {"id": "R1", "title": "T", "addresses": ["VK1", 5]}
        assert _problems(record, Record) == [
            (
                "addresses[1]",
                "expected text, got the number 5: put the value in quotes to keep "
                "it as text",
            )
        ]

    def test_a_check_of_the_class_itself_at_the_top(self) -> None:
        """The class asked for checks itself too: its problem is raised, not lost."""
        assert _problems({"start": 2021, "end": 2020}, Period) == [
            ("end", "the period ends (2020) before it starts (2021)")
        ]

    def test_constructors_check_again_after_a_load(self) -> None:
        """Structuring skips the checks it has made itself only while it runs:
        afterwards a constructor checks its arguments again."""
        assert structure({"nl": "x"}, Text) == Text("x")
        with pytest.raises(ncts.ValidationError, match="must not be empty"):
            Text("")

    def test_writing_leaves_defaults_out_and_writes_dates_as_text(self) -> None:
        """Unstructured data is plain: defaults left out, a date as YYYY-MM-DD."""
        assert unstructure(Text("x")) == {"nl": "x"}
        assert unstructure(Text("x", en="y")) == {"nl": "x", "en": "y"}
        adoption = ncts.Adoption(date=datetime.date(2024, 2, 29), by="X")
        assert unstructure(adoption) == {"date": "2024-02-29", "by": "X"}

    def test_a_graph_holds_plain_values_in_a_fresh_interpreter(self) -> None:
        """The enums of a graph's edges are plain str values, also when nothing
        was structured before (the bundled strategy is prebuilt): an enum member
        would pass an == test, so the types are compared."""
        graph = ncts.to_graph(ncts.load())
        types = {
            type(v).__name__ for _, _, d in graph.edges(data=True) for v in d.values()
        }
        assert sorted(types) == ["int", "str"]
        code = (
            "import ncts; g = ncts.to_graph(ncts.load()); print(sorted({type(v)"
            ".__name__ for _, _, d in g.edges(data=True) for v in d.values()}))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "['int', 'str']"

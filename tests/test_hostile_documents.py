"""Hostile documents and wrong arguments, round two (issue 11, the document half).

Each class of defect that the second attack found (reviews/attack.md, F1-F5, F10,
F14-F16, F18, F19) is tested by generating members of the class: every field and
nesting level of a strategy or an overlay, YAML and JSON, the model's
constructors, every public function. Work is bounded by counting, never by timing.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import inspect
import json
import os
import re
import sys
import tempfile
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal
from unittest import mock

import attrs
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ncts
from ncts._checks import MAX_INT_DIGITS
from ncts._convert import unstructure
from ncts._errors import format_path, parse_path
from ncts._export import export_text
from ncts._json import dump_json
from ncts._model import text_problem
from ncts._search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS
from ncts._yaml import dump_yaml
from ncts.testing import ids, strategies, text_values

from .test_overlay import overlays as overlay_objects

FORMATS = st.sampled_from(["yaml", "json"])
_NCTS = os.path.dirname(ncts.__file__)


def _overlays() -> st.SearchStrategy[ncts.Overlay]:
    version = ncts.load().data_version
    return overlay_objects().map(lambda o: attrs.evolve(o, data_version=version))


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid strategy or overlay document, as plain data: (kind, document)."""
    if draw(st.booleans()):
        s = draw(strategies(max_areas=2, max_speerpunten=2, max_goals=2, max_links=3))
        return "strategy", unstructure(s)
    return "overlay", unstructure(draw(_overlays()))


Placed = tuple[str, dict[str, Any], tuple[Any, ...]]


@st.composite
def placed(
    draw: st.DrawFn, where: Callable[[str, Any], list[tuple[Any, ...]]]
) -> Placed:
    """A document, and the path of a place in it that *where* lists: (kind, doc, path)."""
    kind, doc = draw(documents())
    return kind, doc, draw(st.sampled_from(where(kind, doc)))


def _mappings(kind: str, doc: Any) -> list[tuple[Any, ...]]:
    return list(_places(doc))


def _values(kind: str, doc: Any) -> list[tuple[Any, ...]]:
    return list(_leaves(doc))


def _strings(kind: str, doc: Any) -> list[tuple[Any, ...]]:
    return [p for p in _leaves(doc) if isinstance(_at(doc, p), str)]


def _write(doc: Any, fmt: str) -> str:
    return dump_yaml(doc) if fmt == "yaml" else dump_json(doc)


def _load(text: str | bytes, fmt: str, kind: str) -> Any:
    if kind == "overlay":
        return ncts.loads_overlay(text, fmt)  # type: ignore[arg-type]
    return ncts.loads(text, fmt)  # type: ignore[arg-type]


def _places(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every mapping in a document, the document itself first."""
    if isinstance(doc, dict):
        yield path
        for key, value in doc.items():
            yield from _places(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _places(value, (*path, i))


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in a document that is neither a mapping nor a list."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _leaves(value, (*path, i))
    else:
        yield path


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _where(text: str, needle: str) -> tuple[int, int]:
    """The line and column (from 1) where *needle* first occurs in *text*."""
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def _swap(text: str, marker: str, replacement: str) -> tuple[str, int, int]:
    """Replace *marker* in *text*; return the new text and where the marker was."""
    line, column = _where(text, marker)
    return text.replace(marker, replacement, 1), line, column


def _lines_run(call: Callable[[], Any]) -> tuple[int, BaseException | None]:
    """Count the lines of ncts code that *call* executes, and what it raised."""
    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(_NCTS) else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        call()
    except ncts.NctsError as exc:
        return count, exc
    finally:
        sys.settrace(previous)
    return count, None


# F1 ---------------------------------------------------------------------------


class TestReportingCostsNoMoreThanReading:
    """Many problems in one mapping, anywhere: every one is located in one pass."""

    N = 200
    #: Lines of ncts code each further problem may cost. One is about 130 now; the
    #: quadratic line lookup of commit a95ac99 cost about 1,000 and rose with N.
    PER_PROBLEM = 300

    @settings(max_examples=20)
    @given(placed(_mappings), FORMATS)
    def test_unknown_keys_anywhere(self, where: Placed, fmt: str) -> None:
        kind, doc, path = where

        def wide(n: int) -> str:
            copied = copy.deepcopy(doc)
            place = _at(copied, path)
            for i in range(n):
                place[f"zz{i:05d}"] = i
            return _write(copied, fmt)

        one, many = wide(1), wide(self.N)
        base, _ = _lines_run(lambda: _load(one, fmt, kind))
        work, error = _lines_run(lambda: _load(many, fmt, kind))
        assert isinstance(error, ncts.ValidationError)
        assert work - base <= self.PER_PROBLEM * (self.N - 1)
        # Every problem is there, at the line of its key.
        problems = {p.path: p for p in error.problems}
        assert len(problems) == self.N
        for i in range(self.N):
            key = f"zz{i:05d}"
            problem = problems[format_path((*path, key))]
            assert problem.message.startswith("unknown key")
            assert problem.line == _where(many, f'"{key}"' if fmt == "json" else key)[0]
        # The message shows the first problems and says how many more there are.
        shown = error.SHOWN
        message = str(error).splitlines()
        assert message[0].endswith(f"{self.N} problems")
        assert len(message) == 1 + shown + 1
        assert f"{self.N - shown} more problems" in message[-1]

    def test_the_text_is_read_once_for_all_problems(self) -> None:
        """However many problems, the lines come from one pass over the text."""
        text = "id: S1\ntitle: {nl: T}\nperiod: {start: 2024, end: 2026}\n"
        text += "data_version: '1'\n" + "".join(f"k{i}: 1\n" for i in range(500))
        with (
            mock.patch("yaml.parse", wraps=yaml.parse) as parse,
            pytest.raises(ncts.ValidationError) as info,
        ):
            ncts.loads(text)
        assert parse.call_count == 1
        assert len(info.value.problems) == 500
        lines = {p.path: p.line for p in info.value.problems}
        assert [lines["k0"], lines["k1"], lines["k499"]] == [5, 6, 504]


# F2, F3 -----------------------------------------------------------------------

_MERGED = [
    "{id: OTHER}",
    "{nl: FIRST, nl: SECOND}",
    "[{a: 1}, {a: 2}]",
    "{strategy: OTHER}",
    "&m {x: 1}",
    "{<<: {deeper: 1}}",
]


@contextlib.contextmanager
def _merges_expanded() -> Iterator[list[Any]]:
    """Record every merge key that PyYAML's flatten_mapping is given."""
    seen: list[Any] = []
    original = yaml.constructor.SafeConstructor.flatten_mapping

    def spy(self: Any, node: Any) -> Any:
        seen.extend(k for k, _ in node.value if k.tag == "tag:yaml.org,2002:merge")
        return original(self, node)

    with mock.patch.object(yaml.constructor.SafeConstructor, "flatten_mapping", spy):
        yield seen


class TestMergeKeys:
    @given(placed(_mappings), st.sampled_from(_MERGED))
    def test_refused_where_they_stand(self, where: Placed, merged: str) -> None:
        """A merge key in any mapping is refused, before PyYAML expands it."""
        kind, doc, path = where
        _at(doc, path)["MERGEKEY"] = "MERGED"
        text = dump_yaml(doc)
        text, line, column = _swap(text, "MERGEKEY: MERGED", f"<<: {merged}")
        with _merges_expanded() as seen, pytest.raises(ncts.ParseError) as info:
            _load(text, "yaml", kind)
        assert "merge keys (<<) are not allowed" in str(info.value)
        assert (info.value.line, info.value.column) == (line, column)
        assert seen == []

    @given(st.integers(1, 12), st.integers(2, 10))
    def test_nested_merges_are_refused_before_they_grow(
        self, levels: int, fan_out: int
    ) -> None:
        """The review's F3 document, at any depth: refused at its first merge key."""
        value = "{k: v}"
        for i in range(levels):
            value = f"{{<<: [&a{i} {value}{f', *a{i}' * (fan_out - 1)}]}}"
        text = f"id: S1\ntitle: {value}\nperiod: {{start: 2024, end: 2026}}\n"
        with _merges_expanded() as seen, pytest.raises(ncts.ParseError) as info:
            ncts.loads(text)
        assert "merge keys" in str(info.value)
        assert (info.value.line, info.value.column) == (2, 9)
        assert seen == []


# F4, F5, F18: tags ------------------------------------------------------------

_TAGGED = [
    "!!bool maybe",
    "!!bool yes",
    "!!timestamp nope",
    "!!timestamp 2024-01-01",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
    "!!int '2024'",
    "!!int 2024",
    "!!str 2024",
    "!!str text",
    "!!float '1.5'",
    "!!null ''",
    "!!merge x",
    "!!value x",
    "!!seq [a]",
    "!!map {a: b}",
    "!custom x",
    "! x",
    "!<tag:yaml.org,2002:str> x",
    "!<!local> x",
    "!!python/object/apply:os.system ['true']",
    "!e!int 5",
]


class TestTags:
    @given(placed(_mappings), st.sampled_from(_TAGGED), st.booleans())
    def test_every_explicit_tag_is_refused(
        self, where: Placed, tagged: str, on_key: bool
    ) -> None:
        """A tag on any value or key, standard or not, is a ParseError at the tag."""
        kind, doc, path = where
        _at(doc, path)["TAGGEDKEY"] = "TAGGED"
        text = dump_yaml(doc)
        if on_key:
            tag, _, _ = tagged.partition(" ")
            text, line, column = _swap(text, "TAGGEDKEY: TAGGED", f"{tag} TAGGEDKEY: x")
        else:
            text, line, column = _swap(text, "TAGGED\n", f"{tagged}\n")
        if "!e!" in tagged:
            text = "%TAG !e! tag:yaml.org,2002:\n---\n" + text
            line += 2
        with pytest.raises(ncts.ParseError) as info:
            _load(text, "yaml", kind)
        assert "is not allowed" in str(info.value)
        assert (info.value.line, info.value.column) == (line, column)

    def test_exclamation_marks_in_text_are_text(self) -> None:
        doc = unstructure(ncts.load(ncts.example_path("template.yaml")))
        doc["title"]["nl"] = "Let op! !Belangrijk !! en !<niet> een tag"
        assert ncts.loads(dump_yaml(doc)).title.nl == doc["title"]["nl"]


# F18: numbers as YAML 1.1 reads them ------------------------------------------


def _other_forms(n: int) -> list[str]:
    """How YAML 1.1 lets a whole number be written, other than in plain digits."""
    forms = [f"0x{n:X}", f"0b{n:b}", f"0{n:o}", f"+{n}", f"0o{n:o}", f"{n}_"]
    if n >= 60:
        forms.append(f"{n // 60}:{n % 60:02d}")
    if n >= 10:
        forms.append(f"{n // 10}_{n % 10}")
    return forms


_NUMBER_PLACES: dict[str, list[tuple[Any, ...]]] = {
    "strategy": [("period", "start"), ("period", "end")],
    "overlay": [("records", 0, "progress"), ("records", 0, "indicators", 0, "value")],
}


class TestPlainNumbers:
    @given(st.sampled_from(["strategy", "overlay"]), st.integers(1, 9999), st.data())
    def test_whole_numbers_in_other_forms_are_refused(
        self, kind: str, n: int, data: st.DataObject
    ) -> None:
        """0x7E8, 03750, 2_024, +2024, 0b..., 1:20: no int field reads them."""
        form = data.draw(st.sampled_from(_other_forms(n)), label="form")
        path = data.draw(st.sampled_from(_NUMBER_PLACES[kind]), label="field")
        doc = _number_document(kind)
        _at(doc, path[:-1])[path[-1]] = "ZQNUMBERQZ"
        text = dump_yaml(doc)
        text, line, column = _swap(text, "ZQNUMBERQZ", form)
        with pytest.raises((ncts.ParseError, ncts.ValidationError)) as info:
            _load(text, "yaml", kind)
        if isinstance(info.value, ncts.ParseError):
            assert "not written in plain digits" in str(info.value)
            assert (info.value.line, info.value.column) == (line, column)
        else:  # read as text, such as 0o17: not a number either
            assert isinstance(info.value, ncts.ValidationError)
            assert [p.path for p in info.value.problems] == [format_path(path)]

    @given(st.sampled_from(["1_0.5", "+1.5", ".5", "1.", "1:30.5", "01.5", "-1_000.0"]))
    def test_numbers_with_a_point_in_other_forms_are_refused(self, form: str) -> None:
        doc = _number_document("overlay")
        doc["records"][0]["indicators"][0]["value"] = "ZQNUMBERQZ"
        with pytest.raises(ncts.ParseError, match="plain digits"):
            ncts.loads_overlay(dump_yaml(doc).replace("ZQNUMBERQZ", form))

    @given(st.sampled_from(["2024", "-5", "0", "1.5", "-0.25", "1.0e+3"]))
    def test_plain_numbers_load(self, form: str) -> None:
        doc = _number_document("overlay")
        doc["records"][0]["indicators"][0]["value"] = "ZQNUMBERQZ"
        overlay = ncts.loads_overlay(dump_yaml(doc).replace("ZQNUMBERQZ", form))
        assert overlay.records[0].indicators[0].value == json.loads(form)

    @given(
        st.integers(-(10**30), 10**30).filter(lambda y: not 1000 <= y <= 9999),
        st.sampled_from(["start", "end"]),
        FORMATS,
    )
    def test_years_have_four_digits(self, year: int, end: str, fmt: str) -> None:
        """A year is a whole number from 1000 to 9999, in files and in code."""
        period = {"start": 1500, "end": 1500, end: year}
        doc = {**_number_document("strategy"), "period": period}
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(_write(doc, fmt), fmt)  # type: ignore[arg-type]
        (problem,) = info.value.problems
        assert problem.path == f"period.{end}"
        assert "from 1000 to 9999" in problem.message
        with pytest.raises(ncts.ValidationError, match="from 1000 to 9999"):
            ncts.Period(**period)


def _number_document(kind: str) -> dict[str, Any]:
    if kind == "strategy":
        return dict(unstructure(ncts.load(ncts.example_path("template.yaml"))))
    return {
        "id": "o",
        "title": "O",
        "strategy": ncts.load().id,
        "data_version": ncts.load().data_version,
        "records": [
            {
                "id": "r",
                "title": "R",
                "addresses": ["VK6"],
                "progress": 5,
                "indicators": [{"name": "n", "value": 1}],
            }
        ],
    }


# F16: integers too long to print ----------------------------------------------


class TestDatesHaveOneForm:
    """A date is YYYY-MM-DD, from the year 1000: other ISO forms would not round-trip."""

    @given(
        st.dates(datetime.date(1000, 1, 1)).map(datetime.date.isoformat)
        | st.sampled_from(
            [
                *("20220520", "2022-W20-5", "2022-W20", "2022142", "0999-12-31"),
                *("2022-5-20", " 2022-05-20", "2022-05-20\n", "２０２２-05-20"),
            ]
        ),
        FORMATS,
    )
    def test_only_the_written_form(
        self, value: str, fmt: Literal["yaml", "json"]
    ) -> None:
        doc = {
            "id": "S1",
            "title": {"nl": "T"},
            "period": {"start": 2024, "end": 2026},
            "data_version": "1",
            "adopted": {"date": value, "by": "X"},
        }
        text = _write(doc, fmt)
        if re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", value) and value >= "1000":
            loaded = _load(text, fmt, "strategy")
            assert loaded.adopted.date.isoformat() == value
            assert ncts.loads(ncts.dumps(loaded, fmt), fmt) == loaded
        else:
            with pytest.raises(ncts.ValidationError, match="YYYY-MM-DD"):
                _load(text, fmt, "strategy")


class TestIntegersTooLongToPrint:
    @given(placed(_values), FORMATS, st.integers(MAX_INT_DIGITS + 1, 6000))
    def test_refused_by_the_loaders_with_a_line(
        self, where: Placed, fmt: str, digits: int
    ) -> None:
        """A number too long to print, in any place, is a ParseError at its line."""
        kind, doc, path = where
        _at(doc, path[:-1])[path[-1]] = "ZQHUGEQZ"
        text = _write(doc, fmt)
        marker = '"ZQHUGEQZ"' if fmt == "json" else "ZQHUGEQZ"
        text, line, column = _swap(text, marker, "7" * digits)
        with pytest.raises(ncts.ParseError, match="digits") as info:
            _load(text, fmt, kind)
        assert (info.value.line, info.value.column) == (line, column)

    @pytest.mark.skipif(
        not hasattr(sys, "set_int_max_str_digits"), reason="no int limit to lift"
    )
    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_refused_even_when_the_caller_lifts_pythons_limit(self, fmt: str) -> None:
        doc = unstructure(ncts.load(ncts.example_path("template.yaml")))
        doc["period"]["end"] = "ZQHUGEQZ"
        marker = '"ZQHUGEQZ"' if fmt == "json" else "ZQHUGEQZ"
        text = _write(doc, fmt).replace(marker, "9" * 5000)
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
        try:
            with pytest.raises(ncts.ParseError, match="5,000 digits"):
                ncts.loads(text, fmt)  # type: ignore[arg-type]
        finally:
            sys.set_int_max_str_digits(limit)

    @pytest.mark.skipif(
        not hasattr(sys, "set_int_max_str_digits"), reason="no int limit to lower"
    )
    @given(
        placed(_values),
        FORMATS,
        st.integers(1001, MAX_INT_DIGITS),
        st.sampled_from(["", "0", "+", "1_"]),
    )
    def test_a_limit_the_process_lowered_holds_too(
        self, where: Placed, fmt: str, digits: int, prefix: str
    ) -> None:
        """Under a lower limit (here 1,000 digits), longer numbers are refused alike."""
        kind, doc, path = where
        _at(doc, path[:-1])[path[-1]] = "ZQHUGEQZ"
        marker = '"ZQHUGEQZ"' if fmt == "json" else "ZQHUGEQZ"
        number = (prefix if fmt == "yaml" else "") + "7" * digits
        text, line, column = _swap(_write(doc, fmt), marker, number)
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(1000)
        try:
            with pytest.raises(ncts.ParseError, match="digits") as info:
                _load(text, fmt, kind)
        finally:
            sys.set_int_max_str_digits(limit)
        assert (info.value.line, info.value.column) == (line, column)

    @pytest.mark.skipif(
        not hasattr(sys, "set_int_max_str_digits"), reason="no int limit to lower"
    )
    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_the_lowest_limit_python_allows(self, fmt: str) -> None:
        """Under the lowest limit a process may set (640 digits), 641 are refused."""
        doc = unstructure(_TEMPLATE)
        doc["period"]["end"] = "ZQHUGEQZ"
        marker = '"ZQHUGEQZ"' if fmt == "json" else "ZQHUGEQZ"
        text, line, column = _swap(_write(doc, fmt), marker, "7" * 641)
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(640)
        try:
            with pytest.raises(ncts.ParseError, match="641 digits") as info:
                ncts.loads(text, fmt)  # type: ignore[arg-type]
        finally:
            sys.set_int_max_str_digits(limit)
        assert (info.value.line, info.value.column) == (line, column)

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    @pytest.mark.parametrize("digits", [641, MAX_INT_DIGITS])
    def test_as_many_digits_as_allowed_are_read(self, fmt: str, digits: int) -> None:
        """A number of up to 4,300 digits is read: the schema, not the parser,
        then says what is wrong with it, at its line."""
        doc = unstructure(_TEMPLATE)
        doc["period"]["end"] = "ZQHUGEQZ"
        marker = '"ZQHUGEQZ"' if fmt == "json" else "ZQHUGEQZ"
        text, line, _ = _swap(_write(doc, fmt), marker, "7" * digits)
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text, fmt)  # type: ignore[arg-type]
        [problem] = info.value.problems
        assert (problem.path, problem.line) == ("period.end", line)
        assert "must be a year" in problem.message

    def test_the_line_is_the_numbers_not_the_same_digits_elsewhere(self) -> None:
        """The digits of a JSON number may stand before it in a text: the error
        points at the number, on the line it is on."""
        digits = "7" * 5000
        doc = unstructure(_TEMPLATE)
        doc["title"]["nl"] = f"{digits}8 is {digits}"
        doc["period"]["end"] = "ZQHUGEQZ"
        text, line, column = _swap(dump_json(doc), '"ZQHUGEQZ"', digits)
        assert text.index(digits) < text.index(f": {digits}")
        with pytest.raises(ncts.ParseError, match="5,000 digits") as info:
            ncts.loads("\n" + text, "json")
        assert (info.value.line, info.value.column) == (line + 1, column)
        # A document that is nothing but the number: the first column.
        with pytest.raises(ncts.ParseError, match="5,000 digits") as info:
            ncts.loads(digits, "json")
        assert (info.value.line, info.value.column) == (1, 1)

    @given(st.integers(MAX_INT_DIGITS, 5000), st.booleans())
    def test_refused_by_the_constructors(self, digits: int, negative: bool) -> None:
        huge = (-1 if negative else 1) * 10**digits
        with pytest.raises(ncts.ValidationError) as info:
            ncts.Period(2024, huge)
        assert "more than 4,300 digits" in str(info.value)
        for field in ("baseline", "target", "value"):
            with pytest.raises(ncts.ValidationError, match="4,300 digits"):
                ncts.Indicator("n", **{field: huge})


# F4: lone surrogates ----------------------------------------------------------


def _text_fields() -> list[tuple[type, str]]:
    """Every (class, field) that holds text, in the strategy and overlay models."""
    out = []
    for cls in _EXAMPLES:
        for a in attrs.fields(cls):
            if a.metadata.get("check") is text_problem:
                out.append((cls, a.name))
    out.append((ncts.Record, "tags"))
    return out


_TEMPLATE = ncts.load(ncts.example_path("template.yaml"))
_EXAMPLES: dict[type, Any] = {
    ncts.Text: ncts.Text("a", "b"),
    ncts.Citation: ncts.Citation("a", "b"),
    ncts.Erratum: ncts.Erratum("f", "a", "b", "n"),
    ncts.Source: ncts.Source("s", "a", "b", "c", "d"),
    ncts.Goal: ncts.Goal("G1", ncts.Text("a"), note="n"),
    ncts.Link: ncts.Link("A", "B", ncts.LinkType.RELATES_TO, ncts.Basis.DERIVED, "r"),
    ncts.Strategy: _TEMPLATE,
    ncts.Document: ncts.Document("a", "b"),
    ncts.Indicator: ncts.Indicator("a", "b"),
    ncts.Record: ncts.Record("r", "a", ("VK6",), owner="o", notes="n", tags=("t",)),
    ncts.Overlay: ncts.Overlay("o", "a", "S", "1", description="d"),
}


def _with(cls: type, field: str, text: str) -> Any:
    value: Any = (text,) if field == "tags" else text
    return attrs.evolve(_EXAMPLES[cls], **{field: value})


_HALVES = st.integers(0xD800, 0xDFFF).map(chr)


class TestLoneSurrogates:
    @given(st.sampled_from(_text_fields()), text_values(), _HALVES, st.data())
    def test_no_object_holds_one(
        self, where: tuple[type, str], text: str, half: str, data: st.DataObject
    ) -> None:
        """Every text field of every class refuses a lone surrogate."""
        at = data.draw(st.integers(0, len(text)), label="at")
        with pytest.raises(ncts.ValidationError, match="lone surrogate") as info:
            _with(*where, text[:at] + half + text[at:])
        assert info.value.problems[0].path.startswith(where[1])

    @given(placed(_strings), _HALVES)
    def test_json_escapes_of_half_a_character_are_refused(
        self, where: Placed, half: str
    ) -> None:
        """A \\ud800-style escape in any JSON string is a ParseError at the escape."""
        kind, doc, path = where
        _at(doc, path[:-1])[path[-1]] += "ZQHALFQZ"
        text = dump_json(doc)
        text, line, column = _swap(text, "ZQHALFQZ", f"\\u{ord(half):04x}")
        with pytest.raises(ncts.ParseError, match="lone surrogate") as info:
            _load(text, "json", kind)
        assert (info.value.line, info.value.column) == (line, column)

    @given(documents(), FORMATS, _HALVES, st.data())
    def test_text_that_holds_one_is_refused(
        self,
        document: tuple[str, dict[str, Any]],
        fmt: str,
        half: str,
        data: st.DataObject,
    ) -> None:
        """A Python string holding a lone surrogate is refused before it is parsed."""
        kind, doc = document
        text = _write(doc, fmt)
        at = data.draw(st.integers(0, len(text)), label="at")
        text = text[:at] + half + text[at:]
        with pytest.raises(ncts.ParseError, match="lone surrogate") as info:
            _load(text, fmt, kind)
        assert (info.value.line, info.value.column) == _where(text, half)

    def test_the_line_and_column_count_a_first_empty_line(self) -> None:
        """An escape on the second line, after an empty first one: line 2, and the
        column counted from the start of that line."""
        doc = unstructure(_TEMPLATE)
        doc["title"]["nl"] = "ZQHALFQZ"
        text, line, column = _swap("\n" + dump_json(doc), "ZQHALFQZ", "\\ud800")
        with pytest.raises(ncts.ParseError, match="lone surrogate") as info:
            ncts.loads(text, "json")
        assert (info.value.line, info.value.column) == (line, column)
        assert line > 2
        with pytest.raises(ncts.ParseError, match="lone surrogate") as info:
            ncts.loads('\n{"id": "\\udfff"}', "json")
        assert (info.value.line, info.value.column) == (2, 9)

    def test_whole_pairs_and_escaped_backslashes_are_fine(self) -> None:
        doc = unstructure(_TEMPLATE)
        doc["title"]["nl"] = "PAIR"
        text = dump_json(doc).replace("PAIR", "\\ud83d\\ude00 \\\\ud800")
        assert ncts.loads(text, "json").title.nl == "\N{GRINNING FACE} \\ud800"


# F19: texts that show nothing -------------------------------------------------

_INVISIBLE = st.sampled_from(
    [
        " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\xa0", "\u1680", "\u2003",
        "\u2028", "\u3000", "\u200b", "\u200c", "\u200d", "\u200e", "\u2060",
        "\u2061", "\u202e", "\u2066", "\ufeff", "\xad", "\u180e", "\u034f", "\u115f",
        "\u3164", "\ufe0f", "\U000e0001", "\U000e0100", "\x00", "\x1b", "\x7f",
    ]
) | st.characters(categories=["Cf", "Zs", "Cc"], exclude_characters="\ud800")  # fmt: skip


def _text_paths(kind: str, doc: Any) -> list[tuple[Any, ...]]:
    """The paths of the free texts in a document (not IDs, dates or enums)."""
    free = {"nl", "en", "title", "note", "notes", "quote", "section", "rationale"}
    free |= {"original", "corrected", "publisher", "url", "owner", "name", "unit"}
    free |= {"description", "data_version"}
    paths = []
    for path in _leaves(doc):
        last = path[-1]
        parent = path[-2] if len(path) > 1 else None
        if (last in free or parent == "tags") and isinstance(_at(doc, path), str):
            paths.append(path)
    return paths


class TestInvisibleTexts:
    @given(st.sampled_from(_text_fields()), st.text(_INVISIBLE, min_size=1))
    def test_count_as_empty(self, where: tuple[type, str], text: str) -> None:
        """A text of spaces, zero-width, format and control characters is empty."""
        with pytest.raises(ncts.ValidationError, match="must not be empty"):
            _with(*where, text)

    @given(placed(_text_paths), FORMATS, st.text(_INVISIBLE, min_size=1))
    def test_are_refused_in_any_text_of_a_file(
        self, where: Placed, fmt: str, text: str
    ) -> None:
        kind, doc, path = where
        _at(doc, path[:-1])[path[-1]] = text
        with pytest.raises(ncts.ValidationError) as info:
            _load(_write(doc, fmt), fmt, kind)
        messages = {p.path: p.message for p in info.value.problems}
        assert messages[format_path(path)].startswith("must not be empty")

    @given(
        st.text(_INVISIBLE),
        st.characters(
            categories=["L", "N", "P", "S"],
            exclude_characters="\u115f\u1160\u3164\uffa0",
        ),
    )
    def test_one_visible_character_is_enough(self, around: str, visible: str) -> None:
        assert text_problem(around + visible + around) is None


# F10: IDs ---------------------------------------------------------------------

_ID_FIELDS = {"id", "source", "target", "document", "strategy"}


def _id_paths(kind: str, doc: Any) -> list[tuple[Any, ...]]:
    # An indicator's "target" is a number, not the target of a link.
    return [
        p
        for p in _leaves(doc)
        if (p[-1] in _ID_FIELDS and "indicators" not in p)
        or (len(p) > 1 and p[-2] == "addresses")
    ]


class TestIdsAreWhatTheyLookLike:
    @given(ids(), st.sampled_from(["\n", "\r\n", "\r", " ", "\t", "\x00", "\u2028"]))
    def test_nothing_may_follow_an_id(self, id: str, tail: str) -> None:
        assert ncts._model.id_problem(id) is None
        assert ncts._model.id_problem(id + tail) is not None

    @given(placed(_id_paths), FORMATS)
    def test_an_id_with_a_line_break_is_refused_in_every_id_field(
        self, where: Placed, fmt: str
    ) -> None:
        kind, doc, path = where
        _at(doc, path[:-1])[path[-1]] += "\n"
        text = _write(doc, fmt)
        with pytest.raises(ncts.ValidationError) as info:
            _load(text, fmt, kind)
        messages = {p.path: p.message for p in info.value.problems}
        assert "is not a valid ID" in messages[format_path(path)]

    @given(st.sampled_from("²¹٠۰०০๐０٣۴߅১௫๒༣၅႒៤᠕᥆᧓᪁᭑᮲᱃᱓꘡꣓꤁꧓꩓꯳"))
    def test_indexes_are_ascii_digits(self, digit: str) -> None:
        """A path index in another script's digits is not an index (\\d matches it)."""
        assert parse_path(f"a[{digit}].b") == ("a",)
        s = attrs.evolve(_TEMPLATE, introduction=(ncts.Text("een tekst"),))
        erratum = ncts.Erratum(f"introduction[{digit}].nl", "eene", "een")
        with pytest.raises(ncts.ValidationError, match="names no text field"):
            attrs.evolve(s, errata=(erratum,))


# F14: search ------------------------------------------------------------------

_HOSTILE_QUERY_PARTS = st.sampled_from(
    ["\ufdfa", "\u0301", "ß", "e ", "a-", "ﬃ", "\u200b", "㍿", " ", "x", "\N{GRINNING FACE}"]
)  # fmt: skip


def _peak_megabytes(call: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        call()
    except ncts.QueryError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 2**20


class TestSearchCost:
    @given(
        st.lists(_HOSTILE_QUERY_PARTS, min_size=1, max_size=4), st.integers(1, 10**6)
    )
    def test_any_query_stays_small(self, parts: list[str], repeats: int) -> None:
        """Long, expanding and repetitive queries answer in well under 50 MB."""
        strategy = ncts.load()
        ncts.search(strategy, "warm")  # the index is built once, not per query
        query = "".join(parts) * repeats
        assert _peak_megabytes(lambda: ncts.search(strategy, query)) < 50

    @given(
        st.lists(st.sampled_from(["terrorisme", "aanpak", "online", "extremisme"]), min_size=1, max_size=4, unique=True),
        st.integers(2, 20),
        st.randoms(),
    )  # fmt: skip
    def test_a_repeated_word_counts_once(
        self, words: list[str], times: int, rnd: Any
    ) -> None:
        strategy = ncts.load()
        repeated = words * times
        rnd.shuffle(repeated)
        assert ncts.search(strategy, " ".join(repeated)) == ncts.search(
            strategy, " ".join(words)
        )

    def test_limits(self) -> None:
        s = ncts.load()
        assert ncts.search(s, "a" * MAX_QUERY_LENGTH) == ()
        with pytest.raises(ncts.QueryError, match="1,001 characters long"):
            ncts.search(s, "a" * (MAX_QUERY_LENGTH + 1))
        words = [f"w{i}" for i in range(MAX_QUERY_WORDS)]
        assert ncts.search(s, " ".join(words)) == ()
        with pytest.raises(ncts.QueryError, match="51 different words"):
            ncts.search(s, " ".join([*words, "w-extra"]))
        assert ncts.search(s, " ".join(["terrorisme"] * 90))  # one word, 90 times

    @pytest.mark.parametrize("query", [b"x", None, 5, ["x"], 1.5])
    def test_a_query_is_text(self, query: Any) -> None:
        with pytest.raises(TypeError, match="query must be str"):
            ncts.search(ncts.load(), query)


# F15, F16: wrong arguments ----------------------------------------------------


class TestArguments:
    def test_the_attack_cases(self, tmp_path: Path) -> None:
        s = ncts.load()
        o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        cases: list[tuple[Callable[[], Any], str]] = [
            (lambda: ncts.diff(s, "x"), "new must be Strategy"),  # type: ignore[arg-type]
            (lambda: ncts.diff(None, s), "old must be Strategy"),  # type: ignore[arg-type]
            (lambda: ncts.diff(s, o), "new must be Strategy"),  # type: ignore[arg-type]
            (lambda: ncts.to_graph(o), "strategy must be Strategy"),  # type: ignore[arg-type]
            (lambda: ncts.to_graph(5), "strategy must be Strategy"),  # type: ignore[arg-type]
            (lambda: ncts.to_graph(s, o), "overlays must be an iterable"),  # type: ignore[arg-type]
            (lambda: ncts.from_graph({"a": 1}), "graph must be a networkx graph"),  # type: ignore[arg-type]
            (lambda: ncts.load(0), "path must be a str or os.PathLike"),  # type: ignore[arg-type]
            (lambda: ncts.loads(42), "text must be str or bytes"),  # type: ignore[arg-type]
            (lambda: ncts.dumps({}), "strategy must be Strategy or Overlay"),  # type: ignore[arg-type]
            (lambda: ncts.loads("id: [", file=123), "file must be str or None"),  # type: ignore[arg-type]
            (lambda: ncts.resolve(s, o), "overlay must be Overlay"),  # type: ignore[arg-type]
            (lambda: ncts.combine(o), "overlays must be an iterable"),  # type: ignore[arg-type]
        ]
        for call, message in cases:
            with pytest.raises(TypeError, match=re.escape(message)):
                call()

    @pytest.mark.parametrize("bad", [None, "x", 1.5, True, 0, -1, b"1"])
    def test_max_bytes_is_checked_like_max_depth(
        self, bad: Any, tmp_path: Path
    ) -> None:
        path = tmp_path / "s.yaml"
        ncts.dump(_TEMPLATE, path)
        for call in (
            lambda: ncts.loads("id: x", max_bytes=bad),
            lambda: ncts.load(path, max_bytes=bad),
            lambda: ncts.loads_overlay("id: x", max_bytes=bad),
            lambda: ncts.load_overlay(path, max_bytes=bad),
        ):
            with pytest.raises(
                ncts.FormatError, match="max_bytes must be a whole number"
            ):
                call()

    @given(
        st.text().filter(lambda t: t not in ("nl", "en")) | st.integers() | st.none()
    )
    def test_lang_is_nl_or_en(self, lang: Any) -> None:
        s = ncts.load()
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder, "never-written.dot")
            calls: list[Callable[[], Any]] = [
                lambda: ncts.export(s, target, lang=lang),
                lambda: export_text(s, "mermaid", lang=lang),
            ]
            if lang is not None:  # None means Dutch for Text.get
                calls.append(lambda: s.title.get(lang))
            for call in calls:
                with pytest.raises((TypeError, ValueError), match="lang must be 'nl'"):
                    call()
            assert not target.exists()

    @given(st.data())
    def test_wrong_part_of_edges_are_refused(self, data: st.DataObject) -> None:
        """A reversed part_of edge, or a part in two wholes, is a ValidationError."""
        s = data.draw(strategies(max_areas=3, max_speerpunten=2), label="strategy")
        g = ncts.to_graph(s)
        nodes = list(g.nodes)
        u = data.draw(st.sampled_from(nodes), label="part")
        v = data.draw(st.sampled_from(nodes), label="whole")
        kind_u, kind_v = g.nodes[u]["type"], g.nodes[v]["type"]
        existing = [w for _, w, k in g.out_edges(u, keys=True) if k == "part_of"]
        right = {"speerpunt": "area"}.get(kind_u, "strategy" if u != s.id else None)
        assume(right != kind_v or existing)  # wrong, or a second whole for the part
        g.add_edge(u, v, key="part_of2", type="part_of", basis="stated", rationale="r")
        with pytest.raises(ncts.ValidationError, match="part") as info:
            ncts.from_graph(g)
        assert any(p.path == f"edges[{u!r}, {v!r}]" for p in info.value.problems)


# Every public function, with arguments of the wrong type --------------------

_S = ncts.load()
_O = ncts.load_overlay(ncts.example_path("overlay.yaml"))
_VALID: dict[str, list[Any]] = {
    "by_kind": [_S, "innovation"],
    "centrality": [_S, "degree"],
    "combine": [[_O]],
    "connected": [_S, "G1", "speerpunt"],
    "counts": [_S],
    "coverage": [_S, "area", "goal"],
    "diff": [_S, _S],
    "dump": [_S, "PATH.yaml"],
    "dumps": [_S, "yaml"],
    "example_path": ["overlay.yaml"],
    "export": [_S, "PATH.dot", "dot"],
    "from_graph": [ncts.to_graph(_TEMPLATE)],
    "gaps": [_S],
    "json_schema": ["strategy"],
    "load": [ncts.example_path("template.yaml")],
    "load_overlay": [ncts.example_path("overlay.yaml"), _S],
    "loads": ["id: x", "yaml"],
    "loads_overlay": ["id: x", "yaml", _S],
    "paths": [_S, "VW3", "VB4"],
    "plot": [_TEMPLATE],
    "resolve": [_O, _S],
    "search": [_S, "reintegratie"],
    "stated_view": [_S],
    "to_dataframe": [_S],
    "to_graph": [_S, [_O]],
    "work": [_S, [_O]],
}
_WRONG = st.sampled_from(
    [None, 0, -1, 5, 2**70, b"x", b"", 1.5, float("nan"), [], [1], ["x"], {}, {"a": 1},
     (None,), _S, _O, True]
)  # fmt: skip


def test_every_public_function_is_listed() -> None:
    public = {n for n in ncts.__all__ if inspect.isfunction(getattr(ncts, n))}
    assert public == set(_VALID)


@given(st.sampled_from(sorted(_VALID)), st.data())
def test_wrong_arguments_get_pythons_conventions(
    name: str, data: st.DataObject
) -> None:
    """A wrong argument to any public function is a TypeError, ValueError or an
    ncts error with a message; never AttributeError, KeyError, IndexError or
    UnicodeError from deep inside."""
    function = getattr(ncts, name)
    parameters = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind != p.VAR_POSITIONAL
    ]
    args = list(_VALID[name])
    kwargs: dict[str, Any] = {}
    # What paths() costs with a cutoff of 2**70 is its own question (the number of
    # simple paths grows exponentially), not one of argument types.
    names = [p.name for p in parameters if (name, p.name) != ("paths", "cutoff")]
    wrong = data.draw(st.sets(st.sampled_from(names), min_size=1))
    for i, p in enumerate(parameters):
        if p.name not in wrong:
            continue
        value = data.draw(_WRONG, label=p.name)
        if p.kind == p.KEYWORD_ONLY or i >= len(args):
            kwargs[p.name] = value
        else:
            args[i] = value
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(_scratch_folder())
        args = [
            folder / a if isinstance(a, str) and a.startswith("PATH") else a
            for a in args
        ]
        stack.enter_context(warnings.catch_warnings())
        stack.callback(_close_figures)
        warnings.simplefilter("ignore")
        error = _raised(lambda: function(*args, **kwargs))
    if error is None:
        return
    deep = (AttributeError, KeyError, IndexError, UnicodeError)
    assert isinstance(error, ncts.NctsError) or not isinstance(error, deep), (
        f"{name}: {type(error).__name__}: {error}"
    )
    assert isinstance(error, (TypeError, ValueError, ncts.NctsError)), (
        f"{name}: {type(error).__name__}: {error}"
    )
    assert str(error), f"{name}: {type(error).__name__} without a message"


def _raised(call: Callable[[], Any]) -> Exception | None:
    try:
        call()
    except Exception as exc:
        return exc
    return None


@contextlib.contextmanager
def _scratch_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _close_figures() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def test_the_tested_floors_are_the_declared_ones() -> None:
    """.ci/run tests the wheel with tests/data/floor-constraints.txt: the floors."""
    root = Path(__file__).resolve().parent.parent
    project = (root / "pyproject.toml").read_text(encoding="utf-8")
    block = project.split("dependencies = [", 1)[1].split("]", 1)[0]
    declared = dict(re.findall(r'"([\w-]+)>=([\d.]+)"', block))
    constraints = (root / "tests" / "data" / "floor-constraints.txt").read_text()
    pinned = dict(re.findall(r"^([\w-]+)==([\d.]+)$", constraints, re.MULTILINE))
    assert declared.keys() == pinned.keys() == {"attrs", "cattrs", "networkx", "pyyaml"}
    for name, floor in declared.items():
        assert pinned[name].split(".")[: floor.count(".") + 1] == floor.split("."), name

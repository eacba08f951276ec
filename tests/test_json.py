"""JSON's refusals say where, as YAML's do: a repeated key, NaN and Infinity.

What must hold: a duplicate key is reported at the line and column of its
repetition, with the line of its first use, for any document, any nesting, any
spelling of the key (escapes included) and any layout; a NaN, Infinity or
-Infinity at its own line and column, never at a string that holds the word. The
places are found only when the parser has refused the text, so a valid document
costs nothing more.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts._cli import main
from ncts._json import load_json

#: Keys that look alike, or like what they are not.
_KEYS = st.sampled_from(["a", "A", "nl", "NaN", "Infinity", "é", "\U0001f600", "a b"])
_KEYS = _KEYS | st.text(max_size=6)
#: Stand-ins, each replaced in the text by what a test places there (longer than
#: any drawn text, so that none is drawn by chance).
_FIRST, _REPEAT = "\0the first use\0", "\0the repetition\0"
_CONSTANTS = ("\0the first constant\0", "\0the second constant\0")


def _values() -> st.SearchStrategy[Any]:
    leaves = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    leaves |= st.sampled_from(["NaN", "Infinity", "-Infinity", '"nl": 1', "{", "]"])
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3)
        ),
        max_leaves=12,
    )


def _layout(data: Any, draw: st.DrawFn) -> str:
    """JSON text of *data* in a drawn layout: compact, indented, ASCII or not."""
    indent = draw(st.sampled_from([None, 0, 1, 2, "\t"]))
    separators = draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,\n", " :  ")]))
    return json.dumps(
        data,
        indent=indent,
        separators=separators,
        ensure_ascii=draw(st.booleans()),
    )


def _spellings(key: str) -> st.SearchStrategy[str]:
    """The key as a JSON string: as it is, with ASCII escapes, or every character
    escaped (``\\u0061`` for ``a``)."""
    every = "".join(
        json.dumps(c, ensure_ascii=True)[1:-1]
        if ord(c) > 0xFFFF
        else f"\\u{ord(c):04x}"
        for c in key
    )
    return st.sampled_from(
        [json.dumps(key, ensure_ascii=False), json.dumps(key), f'"{every}"']
    )


def _place(text: str, at: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of position *at*."""
    before = text[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


def _objects(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document and every object nested in it."""
    objects, stack = [], [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            objects.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return objects


def _fresh(target: dict[str, Any]) -> st.SearchStrategy[str]:
    """A key that the object does not hold yet."""
    return _KEYS.filter(lambda k: k not in target)


def _insert(target: dict[str, Any], at: int, key: str, value: Any) -> None:
    items = list(target.items())
    items.insert(at, (key, value))
    target.clear()
    target.update(items)


def _replace(
    draw: st.DrawFn, text: str, stand_ins: dict[str, st.SearchStrategy[str]]
) -> tuple[str, dict[str, tuple[int, str]]]:
    """Replace each stand-in (once in the text) by a drawn spelling, in text order;
    return the text, and where each replacement starts and what it is."""
    encoded = {json.dumps(s): s for s in stand_ins}  # the same in every layout
    order = sorted(encoded, key=text.index)
    where = {}
    for code in order:
        assert text.count(code) == 1
        at = text.index(code)
        spelling = draw(stand_ins[encoded[code]])
        text = text[:at] + spelling + text[at + len(code) :]
        where[encoded[code]] = (at, spelling)
    return text, where


@st.composite
def _with_a_repeated_key(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """A JSON text whose one repeated key is in a drawn object at any depth, the
    two uses spelled alike or not; the text, the key, and where its first use
    and its repetition start."""
    document = draw(st.dictionaries(_KEYS, _values(), max_size=4))
    target = draw(st.sampled_from(_objects(document)))
    key = draw(_fresh(target))
    first = draw(st.integers(0, len(target)))
    _insert(target, first, _FIRST, draw(_values()))
    _insert(
        target,
        draw(st.integers(first + 1, len(target))),
        _REPEAT,
        draw(_values()),
    )
    text, where = _replace(
        draw,
        _layout(document, draw),
        {_FIRST: _spellings(key), _REPEAT: _spellings(key)},
    )
    return text, key, where[_FIRST][0], where[_REPEAT][0]


@st.composite
def _with_constants(draw: st.DrawFn) -> tuple[str, str, int]:
    """A JSON text with one or two of NaN, Infinity and -Infinity as values at any
    depth (strings may hold the same words); the text, and the first constant
    and where it starts."""
    document = draw(st.dictionaries(_KEYS, _values(), max_size=4))
    constants = st.sampled_from(["NaN", "Infinity", "-Infinity"])
    stand_ins = _CONSTANTS[: draw(st.integers(1, 2))]
    for stand_in in stand_ins:
        target = draw(st.sampled_from(_objects(document)))
        fresh = draw(_fresh(target))
        _insert(target, draw(st.integers(0, len(target))), fresh, stand_in)
    text, where = _replace(
        draw, _layout(document, draw), dict.fromkeys(stand_ins, constants)
    )
    at, name = min(where.values())
    return text, name, at


class TestWhereJsonIsRefused:
    @given(_with_a_repeated_key())
    def test_a_repeated_key_at_its_line_and_column(
        self, case: tuple[str, str, int, int]
    ) -> None:
        """A repeated key is reported where it is repeated, with its first line,
        for the document as well as the overlay reader."""
        text, key, first, repeat = case
        line, column = _place(text, repeat)
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(text, "json", file="d.json")
        assert (info.value.line, info.value.column) == (line, column)
        assert str(info.value) == (
            f"d.json:{line}:{column}: duplicate key {key!r} (first used on line "
            f"{_place(text, first)[0]}): a key may appear only once in an object"
        )
        with pytest.raises(ncts.ParseError) as again:
            ncts.loads_overlay(text, "json", file="o.json")
        assert (again.value.line, again.value.column) == (line, column)

    @given(_with_constants())
    def test_a_constant_at_its_line_and_column(
        self, case: tuple[str, str, int]
    ) -> None:
        """The first NaN, Infinity or -Infinity is reported where it stands."""
        text, name, at = case
        line, column = _place(text, at)
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(text, "json", file="d.json")
        assert str(info.value) == (
            f"d.json:{line}:{column}: malformed JSON: {name} is not valid JSON: "
            "write a number, or null"
        )

    def test_the_innermost_object_is_reported_first(self) -> None:
        """With repeats in two objects, the one that ends first is reported, as
        the parser finds it: the inner one, though the outer repeat comes first."""
        text = '{"a": 1,\n "a": 2,\n "b": {"c": 1,\n       "c": 2}}'
        with pytest.raises(
            ncts.ParseError,
            match=r"^d\.json:4:8: duplicate key 'c' \(first used on line 3\)",
        ):
            ncts.loads(text, "json", file="d.json")

    def test_the_command_line_names_the_place(self, tmp_path: Any) -> None:
        """The attack's file: validate names the line and column, as for YAML."""
        path = tmp_path / "d.json"
        path.write_text(
            '{"id": "S1",\n "title": {"nl": "T",\n   "nl": "U"},\n "period":\n'
            ' {"start": 2024, "end": 2026},\n "data_version": "1"}\n',
            "utf-8",
        )
        code = main(
            ["validate", str(path)],
            out=(out := io.StringIO()),
            err=(err := io.StringIO()),
        )
        assert code == 1, out.getvalue()
        assert (
            f"{path}:3:4: duplicate key 'nl' (first used on line 2)"
            in err.getvalue() + out.getvalue()
        )


class TestTheScanReadsKeysAsKeys:
    @pytest.mark.parametrize(
        ("text", "line", "first"),
        [
            # A value that is the name of a later key is no key: "b" is not repeated.
            ('{"a": "b",\n "b": 1,\n "a": 2}', 3, 1),
            ('{"a": ["b", "a"],\n "a": 2}', 2, 1),
            ('{"x": {"a": "a"},\n "y": 1,\n "y": 2}', 3, 2),
        ],
    )
    def test_values_equal_to_keys(self, text: str, line: int, first: int) -> None:
        with pytest.raises(ncts.ParseError) as info:
            load_json(text)
        assert info.value.line == line
        assert f"(first used on line {first})" in str(info.value)


class TestTheWriterWritesAsTheStandardLibrary:
    """dump_json's text is the standard library's, with orjson or without: where
    the two differ (a number's exponent, NaN), the standard library writes it."""

    @pytest.mark.parametrize(
        ("value", "written"),
        [(1e-07, "1e-07"), (1e22, "1e+22"), (float("nan"), "NaN"), (None, "null")],
    )
    def test_numbers_and_nan(self, value: object, written: str) -> None:
        from ncts._json import dump_json

        assert dump_json({"v": value}) == f'{{\n  "v": {written}\n}}\n'

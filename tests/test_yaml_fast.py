"""ncts builds YAML documents faster than PyYAML, and reads them exactly as PyYAML.

``_yaml._Loader.construct_document`` builds text, mappings of text keys and lists
itself and leaves everything else to PyYAML's constructor (docs/performance.md).
The oracle is PyYAML's own way, node by node (``BaseConstructor.construct_document``
put back): the same data, and for a document with one mistake the same error at
the same place. Where a document has several mistakes, ncts reports the first in
the document, which PyYAML's constructor (mappings and lists built level by level)
need not.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import _yaml


@contextmanager
def _pyyaml_way() -> Iterator[None]:
    with mock.patch.object(
        _yaml._Loader, "construct_document", _yaml._BaseLoader.construct_document
    ):
        yield


def _outcome(text: str) -> tuple[str, Any]:
    try:
        return "data", _yaml.load_yaml(text, file="f.yaml")
    except ncts.ParseError as exc:
        return "error", str(exc)


def _both(text: str) -> tuple[tuple[str, Any], tuple[str, Any]]:
    fast = _outcome(text)
    with _pyyaml_way():
        slow = _outcome(text)
    return fast, slow


_SCALARS = (
    st.text(max_size=12)
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.booleans()
    | st.none()
    | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1))
)
_KEYS = st.text(max_size=8) | st.integers(0, 99) | st.booleans() | st.none()
_DATA = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4)
    ),
    max_leaves=20,
)


class TestTheSameAsPyYaml:
    @given(_DATA, st.booleans(), st.booleans(), st.sampled_from([20, 80, 1000]))
    def test_any_data_in_any_style(
        self, data: Any, flow: bool, unicode: bool, width: int
    ) -> None:
        text = yaml.safe_dump(
            data,
            default_flow_style=flow,
            allow_unicode=unicode,
            sort_keys=False,
            width=width,
        )
        fast, slow = _both(text)
        assert fast == slow
        if fast[0] == "data":  # (a key YAML reads as a float, say, can fail)
            assert type(fast[1]) is type(slow[1])

    @given(st.text(max_size=40))
    def test_any_text(self, text: str) -> None:
        if "*" in text:  # aliases: the PyYAML way always (see _StrictLoader)
            text = text.replace("*", "")
        fast, slow = _both(text)
        assert fast == slow

    _MISTAKES = (
        "0x10",
        "1_000",
        "+5",
        "1:20",
        "2024-13-45",
        "{x: 1, x: 2}",
        "{<<: {a: 1}}",
        "[a, [b, 017]]",
        "{? [1, 2] : v}",
        "{a: {b: {c: 0b101}}}",
    )

    @given(
        st.lists(st.text(st.characters(categories=["L"]), min_size=1, max_size=6), min_size=1, max_size=5, unique=True),
        st.sampled_from(_MISTAKES),
        st.data(),
    )  # fmt: skip
    def test_one_mistake_is_the_same_error_at_the_same_place(
        self, keys: list[str], mistake: str, data: st.DataObject
    ) -> None:
        at = data.draw(st.integers(0, len(keys)))
        lines = [f"k{i}: [{key}, {{t: {key}}}]" for i, key in enumerate(keys)]
        lines.insert(at, f"mistake: {mistake}")
        fast, slow = _both("\n".join(lines) + "\n")
        assert fast[0] == "error"
        assert fast == slow

    def test_two_mistakes_the_first_in_the_document_is_reported(self) -> None:
        text = "a:\n  b: 0x10\nc: 0x20\n"
        fast, slow = _both(text)
        assert fast == ("error", f"f.yaml:2:6: {_hex('0x10', 16)}")
        # PyYAML's constructor builds the inner mapping after the outer one's values.
        assert slow == ("error", f"f.yaml:3:4: {_hex('0x20', 32)}")


def _hex(written: str, value: int) -> str:
    return (
        f"the number {written!r} is not written in plain digits (YAML 1.1 reads it as "
        f"{value}): write numbers as in JSON, such as 2024, or put the value in quotes "
        "if it is text"
    )


class TestDeepDocuments:
    """Deeper than _FAST_DEPTH, PyYAML's constructor builds the rest."""

    @pytest.mark.parametrize("depth", [1, 99, 100, 101, 250, 999])
    def test_nested_lists_and_mappings(self, depth: int) -> None:
        lists = "[" * depth + "x" + "]" * depth
        mappings = "{a: " * depth + "x" + "}" * depth
        for text in (lists, mappings):
            fast, slow = _both(text)
            # Walked, not compared with ==, which would recurse as deep.
            assert (fast[0], slow[0]) == ("data", "data")
            values = [fast[1], slow[1]]
            for _ in range(depth):
                assert [type(v) for v in values] == [type(values[0])] * 2
                assert [len(v) for v in values] == [1, 1]
                values = [v[0] if isinstance(v, list) else v["a"] for v in values]
            assert values == ["x", "x"]

    def test_too_deep_is_the_same_error(self) -> None:
        text = "[" * 1100 + "]" * 1100
        fast, slow = _both(text)
        assert fast == slow
        assert fast[0] == "error"
        assert "nested too deeply" in fast[1]

    def test_a_mistake_below_the_fast_depth(self) -> None:
        text = "{a: " * 150 + "0x10" + "}" * 150
        fast, slow = _both(text)
        assert fast == slow
        assert fast[0] == "error"


class TestAliasesStillRefused:
    @pytest.mark.parametrize(
        "text",
        ["a: &x hi\nb: *x\n", "a: &x {c: d}\nb: *x\n", "a: &x [1]\nb: [*x]\n"],
    )
    def test_an_alias_of_text_a_mapping_or_a_list(self, text: str) -> None:
        with pytest.raises(ncts.ParseError, match="aliases are not allowed"):
            _yaml.load_yaml(text)

    def test_an_anchor_without_an_alias_reads(self) -> None:
        assert _yaml.load_yaml("a: &x {c: d}\n") == {"a": {"c": "d"}}


class TestTheFastWayIsTaken:
    """What the fast way builds never goes through PyYAML's ``construct_object``.

    Both ways give the same data (above), so only a count tells them apart: a
    document of text, mappings of text keys and lists up to 100 levels deep (the
    depth docs/performance.md gives) is built without a call to it, and each
    level deeper starts one.
    """

    def _calls(self, text: str) -> int:
        calls = 0
        real = _yaml._BaseLoader.construct_object

        def counted(self: Any, node: Any, deep: bool = False) -> Any:
            nonlocal calls
            calls += 1
            return real(self, node, deep)

        with mock.patch.object(_yaml._Loader, "construct_object", counted):
            _yaml.load_yaml(text)
        return calls

    def test_text_mappings_and_lists(self) -> None:
        text = "a: [b, {c: d, e: [f, g]}]\nh: {i: j}\nk: []\nl: {}\n"
        assert self._calls(text) == 0

    def test_what_is_not_text_goes_through_pyyaml(self) -> None:
        # A number, a boolean, a date, null: one call each; a mapping with a
        # key that is not text: PyYAML builds it (and its two values) whole.
        assert self._calls("a: [1, true, 2024-01-01, null, x]\n") == 4
        assert self._calls("a: {1: x, b: y}\n") == 3 + 2

    @pytest.mark.parametrize(("shape", "per_level"), [("[{}]", 1), ("{{a: {}}}", 2)])
    @pytest.mark.parametrize(
        ("depth", "levels"), [(99, 0), (100, 0), (101, 1), (103, 3)]
    )
    def test_deeper_than_100_levels(
        self, shape: str, per_level: int, depth: int, levels: int
    ) -> None:
        # Lists (or mappings) nested `depth` deep around a text: the `levels` from
        # the 101st on are PyYAML's, one call each (and one per mapping's key), and
        # the text inside them one more.
        text = "x"
        for _ in range(depth):
            text = shape.format(text)
        assert self._calls(text) == (levels * per_level + 1 if levels else 0)

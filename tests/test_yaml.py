"""The YAML reader and writer (ncts._yaml): what it refuses, where it says so, and
which of PyYAML's two emitters writes a document."""

from typing import Any

import pytest
import yaml

import ncts
from ncts import _yaml


class TestReader:
    def test_an_alias_to_the_document_itself_is_refused_as_an_alias(self) -> None:
        """An anchor on the whole document, used again inside it, is an alias like
        any other (not PyYAML's "unconstructable recursive node")."""
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads("&top\nid: x\nself: *top\n")
        assert "aliases are not allowed" in str(info.value)
        assert (info.value.line, info.value.column) == (1, 1)  # the anchor

    @pytest.mark.parametrize(
        ("text", "line", "column"),
        [
            ("id: a\x01", 1, 6),
            # A first line that is empty: the line break at offset 0 counts.
            ("\nid: a\x01", 2, 6),
            ("id: a\nb: c\x01", 2, 5),
            ("id: a\nb: c\n\x01", 3, 1),
        ],
    )
    def test_a_character_yaml_refuses_is_found_where_it_is(
        self, text: str, line: int, column: int
    ) -> None:
        with pytest.raises(ncts.ParseError, match="the character '\\\\x01'") as info:
            ncts.loads(text, file="s.yaml")
        assert (info.value.file, info.value.line, info.value.column) == (
            "s.yaml",
            line,
            column,
        )

    def test_too_deep_for_the_pure_python_parser(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without libyaml, PyYAML's parser recurses: a document too deep for it is
        a ParseError that says so, not a RecursionError."""
        monkeypatch.setattr(_yaml, "_Loader", yaml.SafeLoader)
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads("[" * 1001 + "]" * 1001, file="d.yaml", max_depth=1000)
        assert str(info.value) == (
            "d.yaml: the document is nested too deeply: the YAML parser reads at "
            "most 1,000 levels of nesting"
        )


@pytest.fixture
def emitters(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """The dumper class of each document dump_yaml writes, in order."""
    used: list[type] = []
    real = _yaml.dump_with

    def spy(data: Any, dumper: type, *, ascii: bool = False) -> str:
        used.append(dumper)
        return real(data, dumper, ascii=ascii)

    monkeypatch.setattr(_yaml, "dump_with", spy)
    return used


class TestWriter:
    """libyaml's emitter (four to six times faster) writes the texts it writes as
    the pure one does; every other text goes to the pure emitter."""

    def test_libyaml_is_there(self) -> None:
        """PyYAML's wheels bring libyaml, so the fast path is tested."""
        assert _yaml.C_DUMPER is not None
        assert issubclass(_yaml.C_DUMPER, yaml.CSafeDumper)

    @pytest.mark.parametrize(
        ("text", "ascii"),
        [
            ("Online aanpak", False),
            ("Coördinator – ‘samen’", False),
            ('a "quoted" word and a back\\slash', False),
            ("two lines\nof text", False),
            ("Online aanpak", True),
        ],
    )
    def test_the_fast_emitter_where_it_writes_the_same(
        self, emitters: list[type], text: str, ascii: bool
    ) -> None:
        data = {"id": "X1", "nl": text, "list": [text, "b"]}
        written = _yaml.dump_yaml(data, ascii=ascii)
        assert emitters == [_yaml.C_DUMPER]
        assert written == _yaml.dump_with(data, _yaml._Dumper, ascii=ascii)
        assert yaml.safe_load(written) == data

    @pytest.mark.parametrize(
        ("value", "ascii"),
        [
            ("Coördinator", True),  # written as an escape
            ("a \nb", False),  # a line break after a space
            ("a\n b", False),  # a line break before a space
            ("a\tb", False),  # another escape in JSON
            ("a\u2028b", False),  # a line separator
            ("\U0001f600", False),  # beyond the Basic Multilingual Plane
            (3.5, False),  # not text: a number is fine ...
        ],
    )
    def test_the_pure_emitter_for_everything_else(
        self, emitters: list[type], value: Any, ascii: bool
    ) -> None:
        data = {"id": "X1", "nl": value}
        written = _yaml.dump_yaml(data, ascii=ascii)
        assert yaml.safe_load(written) == data
        expected = _yaml.C_DUMPER if isinstance(value, float) else _yaml._Dumper
        assert emitters == [expected]

    def test_data_that_is_not_json_goes_to_the_pure_emitter(
        self, emitters: list[type]
    ) -> None:
        import datetime

        data = {"published": datetime.date(2024, 5, 1)}
        assert _yaml.dump_yaml(data) == "published: 2024-05-01\n"
        assert emitters == [_yaml._Dumper]

    def test_ascii_defaults_to_false(self) -> None:
        assert _yaml.dump_with({"nl": "é"}, _yaml._Dumper) == "nl: é\n"

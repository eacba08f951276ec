"""Loading and saving: round trips, canonical form, atomic writes, and error reports."""

import builtins
import enum
import errno
import io
import json
import os
import re
import stat
import threading
import time
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import assume, event, given, target
from hypothesis import strategies as st

import ncts
from ncts._convert import unstructure
from ncts.testing import strategies

from .conftest import DATA_FILE

MINIMAL = """\
id: demo
title:
  nl: Demo
period:
  start: 2024
  end: 2025
data_version: '1'
"""


def _problems(exc: ncts.ValidationError) -> list[tuple[str, int | None]]:
    return [(p.path, p.line) for p in exc.problems]


class TestRoundTrip:
    @given(strategies())
    def test_yaml(self, s: ncts.Strategy) -> None:
        """Any strategy survives YAML unchanged."""
        assert ncts.loads(ncts.dumps(s, "yaml"), "yaml") == s

    @given(strategies())
    def test_json(self, s: ncts.Strategy) -> None:
        """Any strategy survives JSON unchanged."""
        assert ncts.loads(ncts.dumps(s, "json"), "json") == s

    @given(strategies())
    def test_canonical_text_is_stable(self, s: ncts.Strategy) -> None:
        """Writing what was read gives the same text again, in both formats."""
        for fmt in ("yaml", "json"):
            text = ncts.dumps(s, fmt)
            assert ncts.dumps(ncts.loads(text, fmt), fmt) == text

    @given(strategies())
    def test_yaml_and_json_carry_the_same_data(self, s: ncts.Strategy) -> None:
        """The two formats hold the same document."""
        from_yaml = yaml.safe_load(ncts.dumps(s, "yaml"))
        from_json = json.loads(ncts.dumps(s, "json"))
        assert from_yaml == from_json == unstructure(s)

    @given(strategies(), st.sampled_from(["x.yaml", "x.yml", "x.json", "X.YAML"]))
    def test_files(
        self, tmp_path_factory: pytest.TempPathFactory, s: ncts.Strategy, name: str
    ) -> None:
        """dump then load through a file gives the same strategy, format by suffix."""
        path = tmp_path_factory.mktemp("rt") / name
        ncts.dump(s, path)
        assert ncts.load(path) == s
        assert ncts.load(str(path)) == s


class TestCanonicalForm:
    def test_bundled_file_is_canonical(self) -> None:
        """dumps(load()) is byte for byte the bundled data file."""
        assert ncts.dumps(ncts.load(), "yaml").encode("utf-8") == DATA_FILE.read_bytes()

    def test_no_anchors_no_aliases(self) -> None:
        """The canonical YAML repeats shared values instead of using anchors."""
        text = ncts.dumps(ncts.load())
        events = list(yaml.parse(text))
        assert not any(getattr(e, "anchor", None) for e in events)
        assert not any(isinstance(e, yaml.AliasEvent) for e in events)

    def test_defaults_are_left_out(self) -> None:
        """Fields at their defaults do not appear; the minimal document stays minimal."""
        assert ncts.dumps(ncts.loads(MINIMAL)) == MINIMAL

    def test_unicode_is_written_as_is(self) -> None:
        """Non-ASCII text is written as UTF-8, not escaped."""
        text = ncts.dumps(ncts.load())
        assert "financiële" in text
        assert "financiële" in ncts.dumps(ncts.load(), "json")


class TestLoad:
    def test_bundled_is_cached(self) -> None:
        """load() parses once and returns the same object each time."""
        assert ncts.load() is ncts.load()

    def test_format_by_suffix_or_argument(self, tmp_path: Path) -> None:
        """The suffix decides the format, unless format= says otherwise."""
        path = tmp_path / "strategy.txt"
        path.write_text(ncts.dumps(ncts.load(), "json"), encoding="utf-8")
        with pytest.raises(ncts.FormatError, match="suffix"):
            ncts.load(path)
        assert ncts.load(path, format="json") == ncts.load()

    def test_unknown_format(self) -> None:
        """An unknown format name is a FormatError that lists the known ones."""
        with pytest.raises(ncts.FormatError, match="'json', 'yaml'"):
            ncts.loads(MINIMAL, "toml")  # type: ignore[arg-type]
        with pytest.raises(ncts.FormatError):
            ncts.dumps(ncts.load(), "xml")  # type: ignore[arg-type]

    def test_missing_file_and_folder(self, tmp_path: Path) -> None:
        """Files that cannot be read give a FileError (also an OSError) naming them."""
        with pytest.raises(ncts.FileError, match="no such file") as info:
            ncts.load(tmp_path / "missing.yaml")
        assert isinstance(info.value, OSError)
        assert info.value.path.endswith("missing.yaml")
        folder = tmp_path / "folder.yaml"
        folder.mkdir()
        with pytest.raises(ncts.FileError, match="folder"):
            ncts.load(folder)

    def test_size_limit_is_inclusive(self, tmp_path: Path) -> None:
        """A file of exactly max_bytes loads; one byte more is refused unread."""
        path = tmp_path / "s.yaml"
        path.write_bytes(MINIMAL.encode())
        size = len(MINIMAL.encode())
        assert ncts.load(path, max_bytes=size).id == "demo"
        with pytest.raises(ncts.NctsError, match="limit") as info:
            ncts.load(path, max_bytes=size - 1)
        assert f"{size} bytes" in str(info.value)
        assert ncts.loads(MINIMAL, max_bytes=size).id == "demo"
        with pytest.raises(ncts.NctsError, match="limit"):
            ncts.loads(MINIMAL, max_bytes=size - 1)

    @pytest.mark.parametrize(
        ("code", "name"),
        [(errno.EIO, "[Ii]nput/output"), (errno.EACCES, "[Pp]ermission")],
    )
    def test_any_os_error_on_read_is_a_file_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, name: str
    ) -> None:
        """An OSError while reading (not only a missing file) becomes a FileError."""
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        target = str(path)

        def failing(real: Any) -> Any:
            def call(file: Any, *args: Any, **kwargs: Any) -> Any:
                if os.fspath(file) == target:
                    raise OSError(code, os.strerror(code), target)
                return real(file, *args, **kwargs)

            return call

        # Whichever way the file is opened, opening it fails.
        monkeypatch.setattr(builtins, "open", failing(builtins.open))
        monkeypatch.setattr(io, "open", failing(io.open))
        monkeypatch.setattr(os, "open", failing(os.open))
        for method in ("open", "read_bytes", "read_text"):
            real = getattr(Path, method)
            monkeypatch.setattr(
                Path, method, lambda self, *a, _r=real, **k: failing(_r)(self, *a, **k)
            )
        with pytest.raises(ncts.FileError, match=name) as info:
            ncts.load(path)
        assert isinstance(info.value, OSError)
        assert "s.yaml" in str(info.value)

    def test_bytes_bom_and_crlf(self) -> None:
        """UTF-8 bytes, a byte order mark and Windows line endings all load."""
        expected = ncts.loads(MINIMAL)
        assert ncts.loads(MINIMAL.encode()) == expected
        assert ncts.loads(b"\xef\xbb\xbf" + MINIMAL.encode()) == expected
        assert ncts.loads(MINIMAL.replace("\n", "\r\n")) == expected
        assert ncts.loads(MINIMAL.replace("\n", "\r\n").encode()) == expected

    def test_invalid_utf8(self) -> None:
        """Bytes that are not UTF-8 give a ParseError with line and column."""
        with pytest.raises(ncts.ParseError, match="UTF-8") as info:
            ncts.loads(MINIMAL.encode() + b"note: \xff\n")
        assert (info.value.line, info.value.column) == (8, 7)

    def test_not_text(self) -> None:
        """Something that is not text or bytes is a TypeError naming the argument."""
        with pytest.raises(TypeError, match="text must be str or bytes, not int"):
            ncts.loads(42)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="strategy must be Strategy or Overlay"):
            ncts.dumps({"id": "x"})  # type: ignore[arg-type]


class TestDump:
    @pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
    def test_new_file_gets_the_default_mode(self, tmp_path: Path, mask: int) -> None:
        """A new file is created as open() would: mode 0o666 less the umask."""
        old = os.umask(mask)
        try:
            path = tmp_path / "new.yaml"
            ncts.dump(ncts.loads(MINIMAL), path)
        finally:
            os.umask(old)
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
        assert ncts.load(path).id == "demo"

    def test_atomic_failure_keeps_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write that fails half-way leaves the old file whole and no stray files."""
        path = tmp_path / "s.yaml"
        path.write_text("old content\n")

        def fail(*args: Any) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", fail)
        with pytest.raises(ncts.FileError, match="No space left"):
            ncts.dump(ncts.load(), path)
        assert path.read_text() == "old content\n"
        assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]

    def test_interrupted_write_keeps_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Even an interrupt (not an OSError) during the write leaves the old file."""
        path = tmp_path / "s.yaml"
        path.write_text("old content\n")

        def interrupt(*args: Any) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", interrupt)
        with pytest.raises(KeyboardInterrupt):
            ncts.dump(ncts.load(), path)
        assert path.read_text() == "old content\n"
        assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]

    def test_keeps_permissions(self, tmp_path: Path) -> None:
        """The new file has the permissions of the one it replaces."""
        path = tmp_path / "s.yaml"
        path.write_text("old\n")
        path.chmod(0o640)
        ncts.dump(ncts.load(), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640

    def test_missing_folder(self, tmp_path: Path) -> None:
        """Writing into a folder that does not exist is a FileError."""
        with pytest.raises(ncts.FileError, match="cannot write"):
            ncts.dump(ncts.load(), tmp_path / "nope" / "s.yaml")


class TestParseErrors:
    @pytest.mark.parametrize(
        ("text", "line", "fragment"),
        [
            ("id: [\n", 2, "malformed YAML"),
            ("id: x\nid: y\n", 2, "duplicate key 'id'"),
            ("a: &x 1\nb: *x\n", 1, "aliases"),  # the line of the anchor
            ("id: !!python/object/apply:os.system ['echo hi']\n", 1, "not allowed"),
            ("id: x\n---\nid: y\n", 2, "malformed YAML"),
            ("id: x\n\tbad: tab\n", 2, "malformed YAML"),
            ("a: 1\nb: 2\na: 3\n", 3, r"duplicate key 'a' \(first used on line 1\)"),
            (
                "id: x\ntitle: \x07\n",
                2,
                r"the character '\\x07' is not allowed in YAML",
            ),
            ("id: x\nn: " + "1_" * 2200 + "1\n", 2, r"YAML 1\.1 reads it as 1111"),
        ],
    )
    def test_yaml(self, text: str, line: int, fragment: str) -> None:
        """Malformed or refused YAML is a ParseError with file, line and column."""
        with pytest.raises(ncts.ParseError, match=fragment) as info:
            ncts.loads(text, file="s.yaml")
        assert info.value.line == line
        assert info.value.column is not None
        assert str(info.value).startswith(f"s.yaml:{line}:")

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ('{"id": "x",}', "malformed JSON"),
            ('{"id": "x", "id": "y"}', "duplicate key 'id'"),
            ('{"id": "x", "title": {}, "title": {}}', "duplicate key 'title'"),
            ('{"id": NaN}', "NaN"),
            ("", "malformed JSON"),
        ],
    )
    def test_json(self, text: str, fragment: str) -> None:
        """Malformed JSON, duplicate keys and NaN are ParseErrors."""
        with pytest.raises(ncts.ParseError, match=fragment):
            ncts.loads(text, "json", file="s.json")

    def test_empty_yaml(self) -> None:
        """An empty YAML file says so."""
        with pytest.raises(ncts.ValidationError, match="the file is empty"):
            ncts.loads("")

    def test_document_not_a_mapping(self) -> None:
        """A document that is a list or a scalar says what it should be."""
        with pytest.raises(ncts.ValidationError, match="not a mapping"):
            ncts.loads("- a\n- b\n")


def _document(s: ncts.Strategy) -> dict[str, Any]:
    data = unstructure(s)
    assert isinstance(data, dict)
    return data


def _at(doc: Any, path: str) -> Any:
    from ncts._errors import parse_path

    for part in parse_path(path):
        doc = doc[part]
    return doc


def _record_paths(s: ncts.Strategy) -> list[str]:
    return [s.path_of(i) for i in s.ids() if s.path_of(i)]


class TestLinesOfProblems:
    """Each problem of a YAML document is on the line a reader would look at."""

    def test_a_missing_key_is_at_the_mapping_that_lacks_it(self) -> None:
        text = MINIMAL + "areas:\n- id: A\n  name: {nl: A}\n  speerpunten: []\n"
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        assert _problems(info.value) == [("areas[0].description", 9)]

    def test_a_missing_top_level_key_is_where_the_document_starts(self) -> None:
        text = "# A comment first\n\n" + MINIMAL.replace("data_version: '1'\n", "")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        assert _problems(info.value) == [("data_version", 3)]

    def test_an_item_of_a_top_level_list(self) -> None:
        """A path that is a list item and nothing more (no dot in it)."""
        text = MINIMAL + "introduction:\n- nl: Een\n- 5\n- nl: Drie\n"
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        assert _problems(info.value) == [("introduction[1]", 10)]

    @given(
        brk=st.sampled_from(["\u2028", "\u2029", "\x85"]),
        where=st.sampled_from(["quoted", "plain", "comment"]),
        before=st.integers(0, 3),
    )
    def test_a_raw_yaml_only_line_break_is_refused_where_it_is(
        self, brk: str, where: str, before: int
    ) -> None:
        """YAML reads NEL, LS and PS as line breaks, editors and grep do not: in a
        quoted text a NEL became a space, elsewhere the document broke oddly and
        the lines after one were off by one. A raw one is refused at its place as
        an editor counts it; written as an escape, it is kept."""
        value = {
            "quoted": f'nl: "De{brk}mo"',
            "plain": f"nl: De{brk}mo",
            "comment": f"nl: Demo  # De{brk}mo",
        }[where]
        text = "#\r\n" * before + MINIMAL.replace("nl: Demo", value)
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(text)
        line = before + 3  # title: is the second line of MINIMAL
        column = value.index(brk) + 3  # the value is indented by two
        assert (info.value.line, info.value.column) == (line, column)
        assert f"raw U+{ord(brk):04X}" in str(info.value)
        assert f'"\\u{ord(brk):04x}"' in str(info.value)
        escaped = MINIMAL.replace("nl: Demo", f'nl: "De\\u{ord(brk):04x}mo"')
        assert ncts.loads(escaped).title.nl == f"De{brk}mo"
        assert ncts.loads(ncts.dumps(ncts.loads(escaped))) == ncts.loads(escaped)

    @pytest.mark.parametrize("value", ["null", "~", "no", "2024-01-01", "1.5"])
    def test_a_plain_value_that_is_not_text_gets_a_note(self, value: str) -> None:
        """Where text was expected, an unquoted value YAML reads otherwise is named."""
        kind = {"null": "null", "~": "null", "no": "a boolean", "2024-01-01": "a date"}
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(MINIMAL.replace("nl: Demo", f"nl: {value}"))
        [problem] = info.value.problems
        assert problem.message.endswith(
            f"(the file has the unquoted value {value!r}, which YAML reads as "
            f"{kind.get(value, 'a number')})"
        )

    @pytest.mark.parametrize("value", ["=", "'null'", '"no"'])
    def test_text_that_yaml_1_1_might_misread(self, value: str) -> None:
        """A plain '=' (YAML 1.1's "value" key) and quoted values are text."""
        s = ncts.loads(MINIMAL.replace("nl: Demo", f"nl: {value}"))
        assert s.title.nl == value.strip("'\"")


class TestValidationErrors:
    @given(strategies(), st.data())
    def test_missing_key(self, s: ncts.Strategy, data: st.DataObject) -> None:
        """A missing required key is reported at its path."""
        paths = _record_paths(s)
        path = data.draw(st.sampled_from(["", *paths]))
        doc = _document(s)
        key = "title" if path == "" or path.startswith("sources") else "id"
        del _at(doc, path)[key]
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(ncts._yaml.dump_yaml(doc))
        target = f"{path}.{key}" if path else key
        assert [(p.path, p.message) for p in info.value.problems] == [
            (target, "required key is missing")
        ]

    @given(strategies(), st.data())
    def test_wrong_type(self, s: ncts.Strategy, data: st.DataObject) -> None:
        """A value of the wrong type is reported at its path, saying what was found."""
        path = data.draw(st.sampled_from(["", *_record_paths(s)]))
        value = data.draw(st.sampled_from([5, True, None, ["x"], {"a": "b"}]))
        doc = _document(s)
        _at(doc, path)["id"] = value
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(ncts._yaml.dump_yaml(doc))
        target = f"{path}.id" if path else "id"
        [problem] = info.value.problems
        assert problem.path == target
        assert problem.message.startswith("expected text, got")

    @given(strategies(), st.data())
    def test_unknown_key(self, s: ncts.Strategy, data: st.DataObject) -> None:
        """An unknown key is reported at its own path (it would otherwise be lost)."""
        path = data.draw(st.sampled_from(["", *_record_paths(s)]))
        doc = _document(s)
        _at(doc, path)["zzz_unknown"] = "x"
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(json.dumps(doc), "json")
        target = f"{path}.zzz_unknown" if path else "zzz_unknown"
        assert [p.path for p in info.value.problems] == [target]

    @given(strategies(), st.data(), st.booleans())
    def test_duplicate_id(
        self, s: ncts.Strategy, data: st.DataObject, other_case: bool
    ) -> None:
        """Reusing an ID, or one differing only in case, is reported at the later place."""
        paths = ["", *_record_paths(s)]
        assume(len(paths) > 1)
        first, second = sorted(
            data.draw(
                st.lists(
                    st.integers(0, len(paths) - 1), min_size=2, max_size=2, unique=True
                )
            )
        )
        doc = _document(s)
        reused = _at(doc, paths[first])["id"]
        if other_case:
            assume(reused.swapcase() != reused)
            reused = reused.swapcase()
        _at(doc, paths[second])["id"] = reused
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(json.dumps(doc), "json")
        where = f"{paths[second]}.id" if paths[second] else "id"
        [message] = [p.message for p in info.value.problems if p.path == where]
        expected = "differs only in case" if other_case else "duplicate ID"
        assert expected in message

    def test_dangling_reference(self) -> None:
        """A link to a missing ID names it, suggests the closest, and gives its line."""
        text = ncts.dumps(ncts.load()).replace("target: FT1", "target: FT4")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text, file="s.yaml")
        [problem] = info.value.problems
        assert problem.path.startswith("links[")
        assert problem.path.endswith("].target")
        assert "'FT4'" in problem.message
        assert "'FT1'" in problem.message
        assert problem.line == text.splitlines().index("  target: FT4") + 1

    def test_every_problem_with_its_line(self) -> None:
        """Several problems are all reported, each with the line it is on."""
        text = (
            ncts.dumps(ncts.load())
            .replace("nl: Online aanpak", "nl: ''", 1)
            .replace("- id: G2", "- id: G2\n  colour: red", 1)
            .replace("start: 2022", "start: '2022'", 1)
        )
        lines = text.splitlines()
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text, file="s.yaml")
        found = {p.path: p.line for p in info.value.problems}
        assert found == {
            "period.start": lines.index("  start: '2022'") + 1,
            "goals[1].colour": lines.index("  colour: red") + 1,
            "areas[1].speerpunten[6].text.nl": lines.index("      nl: ''") + 1,
        }
        assert "s.yaml:" in str(info.value)

    @pytest.mark.parametrize(
        ("value", "words"),
        [
            ("no", ["'no'", "boolean", "quotes"]),
            ("on", ["'on'", "boolean", "quotes"]),
            ("2022-05-20", ["date", "quotes"]),
            ("12", ["number", "quotes"]),
            ("1.0", ["number", "quotes"]),
            ("~", ["null"]),
        ],
    )
    def test_yaml_11_traps(self, value: str, words: list[str]) -> None:
        """Unquoted values that YAML reads as non-text get a message to quote them."""
        text = MINIMAL.replace("nl: Demo", f"nl: {value}")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        [problem] = info.value.problems
        assert problem.path == "title.nl"
        assert problem.line == 3
        for word in words:
            assert word in problem.message

    def test_bad_enum_value_suggests(self) -> None:
        """A misspelt kind or basis lists the choices and suggests the closest."""
        text = ncts.dumps(ncts.load()).replace("- innovation", "- inovation", 1)
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        [problem] = info.value.problems
        assert problem.path.endswith(".kinds")
        assert "'innovation'" in problem.message

    def test_list_expected(self) -> None:
        """A text where a list belongs is not split into characters."""
        text = MINIMAL + "goals: G1\n"
        with pytest.raises(ncts.ValidationError, match="expected a list"):
            ncts.loads(text)

    def test_yaml_trap_notes_only_where_text_was_expected(self) -> None:
        """An unquoted 1.0 where text belongs gets a note; a wrong year gets none."""
        text = MINIMAL.replace("data_version: '1'", "data_version: 1.0")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        [problem] = info.value.problems
        assert (problem.path, problem.line) == ("data_version", 7)
        assert "unquoted value '1.0'" in problem.message
        text = MINIMAL.replace("start: 2024", "start: yes")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        [problem] = info.value.problems
        assert (problem.path, problem.line) == ("period.start", 5)
        assert "unquoted" not in problem.message

    def test_repeated_kinds_are_refused(self) -> None:
        """A speerpunt lists each kind at most once (as the JSON Schema says)."""
        doc = yaml.safe_load(MINIMAL)
        doc["areas"] = [
            {
                "id": "A",
                "name": {"nl": "Gebied"},
                "description": {"nl": "Omschrijving"},
                "speerpunten": [
                    {
                        "id": "A1",
                        "text": {"nl": "Punt"},
                        "kinds": ["innovation", "development", "innovation"],
                    }
                ],
            }
        ]
        with pytest.raises(ncts.ValidationError, match="repeat") as info:
            ncts.loads(json.dumps(doc), "json")
        assert [p.path for p in info.value.problems] == [
            "areas[0].speerpunten[0].kinds"
        ]
        doc["areas"][0]["speerpunten"][0]["kinds"] = ["innovation", "development"]
        [sp] = ncts.loads(json.dumps(doc), "json").speerpunten
        assert sp.kinds == {ncts.Kind.INNOVATION, ncts.Kind.DEVELOPMENT}

    def test_json_problems_have_lines_too(self) -> None:
        """JSON input also gets the line of each problem."""
        text = ncts.dumps(ncts.load(), "json").replace('"VK6"', '"VK 6"', 1)
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text, "json")
        [problem] = info.value.problems
        assert problem.line == text.splitlines().index('          "id": "VK 6",') + 1


# A message that names a Python exception class is a defect in ncts shown as a
# data problem (reviews/code.md H1), not a report on the input.
_BARE = re.compile(r"^[A-Z]\w*(Error|Exception)\b")


def _no_bare_names(error: ncts.NctsError) -> None:
    if isinstance(error, ncts.ValidationError):
        assert error.problems
        for problem in error.problems:
            assert not _BARE.match(problem.message), problem


def _classes() -> dict[type, dict[str, Any]]:
    """The model's classes, each with its init fields' resolved types."""
    import ncts._model as model

    found: dict[type, dict[str, Any]] = {}
    for value in vars(model).values():
        if isinstance(value, type) and attrs.has(value):
            hints = typing.get_type_hints(value, vars(model))
            found[value] = {
                a.name: hints[a.name] for a in attrs.fields(value) if a.init
            }
    return found


_CLASSES = _classes()
_KEYS = sorted({name for fields in _CLASSES.values() for name in fields})
_JUNK = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
    | st.sampled_from(_KEYS)
)


def _near(t: Any, depth: int) -> st.SearchStrategy[Any]:
    """Values shaped like type *t*, now and then of another shape or missing keys."""
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_near(a, depth) for a in args if a is not type(None)])
    if origin in (tuple, frozenset) and depth > 0:
        return st.lists(_near(args[0], depth - 1), max_size=3)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return st.sampled_from([m.value for m in t])
    if t in _CLASSES and depth > 0:
        fields = _CLASSES[t]
        return st.fixed_dictionaries(
            {},
            optional={
                name: _near(ft, depth - 1) | _JUNK for name, ft in fields.items()
            },
        ).flatmap(
            lambda d: st.dictionaries(st.sampled_from(_KEYS), _JUNK, max_size=1).map(
                lambda extra: {**extra, **d}
            )
        )
    if t is int:
        return st.integers(1990, 2040)
    if t is str:
        return ncts.testing.ids() | ncts.testing.text_values()
    return _JUNK


class TestNeverABareException:
    @given(st.text(max_size=200) | st.binary(max_size=200))
    def test_any_text_as_yaml(self, text: str | bytes) -> None:
        """Arbitrary input gives a strategy or an ncts error that names no Python class."""
        try:
            ncts.loads(text, "yaml")
        except ncts.NctsError as exc:
            _no_bare_names(exc)

    @given(st.text(max_size=200))
    def test_any_text_as_json(self, text: str) -> None:
        """Arbitrary JSON input gives a strategy or an ncts error, nothing else."""
        try:
            ncts.loads(text, "json")
        except ncts.NctsError as exc:
            _no_bare_names(exc)

    @given(_near(ncts.Strategy, 5))
    def test_any_document_shape(self, doc: Any) -> None:
        """A document near the schema gives a strategy or ncts problems, nothing else.

        Keys come from the fields of the real classes and values from their types,
        now and then of another shape. Measured with ``event()`` and
        ``--hypothesis-show-statistics`` (ci profile, 150 examples): about 60 % of
        the examples give a problem two or more levels deep (inside an area, a
        speerpunt, a link, an erratum), the rest a problem near the top. (Before,
        with six fixed key names, none got past the top level.) Valid documents are
        the round-trip tests' job; ``target()`` pushes towards deeper problems.
        """
        try:
            s = ncts.loads(json.dumps(doc), "json")
        except ncts.NctsError as exc:
            _no_bare_names(exc)
            if not isinstance(exc, ncts.ValidationError):
                raise  # JSON text from json.dumps is never a parse error
            depth = max(p.path.count(".") + p.path.count("[") for p in exc.problems)
            target(float(depth))
            event("deep problem" if depth >= 2 else "problem near the top")
        else:
            event("loaded")
            assert ncts.loads(ncts.dumps(s)) == s


def _big_document(speerpunten: int) -> str:
    """A valid JSON strategy large enough to take the loader's large-document path."""
    areas = [
        {
            "id": f"A{a}",
            "name": {"nl": f"Gebied {a}"},
            "description": {"nl": "Een gebied " * 20},
            "speerpunten": [
                {"id": f"A{a}-{i}", "text": {"nl": f"Speerpunt {i} " * 10}}
                for i in range(100)
            ],
        }
        for a in range(speerpunten // 100)
    ]
    doc = {
        "id": "big",
        "title": {"nl": "Groot"},
        "period": {"start": 2020, "end": 2030},
        "data_version": "1",
        "areas": areas,
    }
    return json.dumps(doc)


class TestLoaderLeavesNoTrace:
    """Loading skips work it has already done, without changing anything else."""

    def test_checks_still_run_after_a_load(self) -> None:
        """Field checks are skipped only for the values the loader checked itself."""
        ncts.load()
        with pytest.raises(ncts.ValidationError, match="must not be empty"):
            ncts.Text(nl=" ")
        with pytest.raises(ncts.ValidationError):
            ncts.loads('{"id": "x y"}', "json")
        with pytest.raises(ncts.ValidationError, match="not a valid ID"):
            ncts.Speerpunt("x y", ncts.Text(nl="tekst"))

    def test_checks_run_in_another_thread_during_a_load(self) -> None:
        """A load in one thread does not switch off the checks of another."""

        text = _big_document(2_000)
        stop = threading.Event()
        loads = 0

        def load_repeatedly() -> None:
            nonlocal loads
            while not stop.is_set():
                ncts.loads(text, "json")
                loads += 1

        failure: list[BaseException] = []

        def guarded() -> None:
            try:
                load_repeatedly()
            except BaseException as exc:  # re-raised below, after join()
                failure.append(exc)

        worker = threading.Thread(target=guarded)
        worker.start()
        deadline = time.monotonic() + 60  # a failure, not a hang
        try:
            refused = 0
            while loads < 3 and not failure and time.monotonic() < deadline:
                with pytest.raises(ncts.ValidationError):
                    ncts.Text(nl="")
                refused += 1
        finally:
            stop.set()
            worker.join()
        if failure:
            raise failure[0]
        assert loads >= 3, "the loading thread did not finish three loads in 60 s"
        assert refused > 0

    @pytest.mark.parametrize("valid", [True, False])
    def test_garbage_collector_is_left_as_it_was(self, valid: bool) -> None:
        """A large document pauses the collector; it is back on afterwards."""
        import gc

        text = _big_document(2_000)
        assert len(text) > 256 * 1024  # large enough to pause the collector
        if not valid:
            text = text.replace('"Groot"', '""')
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            try:
                if valid:
                    ncts.loads(text, "json")
                else:
                    with pytest.raises(ncts.ValidationError, match="must not be empty"):
                        ncts.loads(text, "json")
                assert gc.isenabled() is enabled
            finally:
                gc.enable()


class TestWhatTheLoaderSays:
    """Positions, wording and order of what a failed load reports."""

    DEEP = MINIMAL + "aim: " + "[" * 12 + "]" * 12 + "\n"

    @pytest.mark.parametrize(
        ("limit", "shown", "levels"),
        [
            (1, "aim", "1 level"),
            (8, "aim" + "[0]" * 7, "8 levels"),
            (9, "aim" + "[0]" * 7 + "...", "9 levels"),
        ],
    )
    def test_too_deep_names_the_limit_and_the_place(
        self, limit: int, shown: str, levels: str
    ) -> None:
        """The message says how deep, where (a long path cut after 8 parts), and
        the line; one level is "level"."""
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(self.DEEP, max_depth=limit)
        assert str(info.value) == (
            f"<string>:8: the document is nested more than {levels} deep (at "
            f"{shown}): no valid strategy document is nested more than 7 levels; "
            "pass max_depth= to read deeper documents"
        )

    def test_lines_in_json(self) -> None:
        """In a JSON document too, a problem and a depth refusal have their line,
        also after a text holding characters that YAML takes for line breaks."""
        data = json.loads(ncts.dumps(ncts.loads(MINIMAL), "json"))
        data["title"]["nl"] = "De\u2028mo\x85"

        def dumped(data: dict[str, Any]) -> str:
            return json.dumps(data, indent=2, ensure_ascii=False)

        text = dumped({**data, "aim": {"text": True}})
        line = text.split("\n").index('    "text": true') + 1
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text, "json")
        assert _problems(info.value) == [("aim.text", line)]
        deep = dumped({**data, "aim": [[[[1]]]]})
        with pytest.raises(ncts.ParseError) as parse:
            ncts.loads(deep, "json", max_depth=3)
        assert parse.value.line == deep.split("\n").index("      [") + 1  # aim[0][0]

    def test_a_deep_list_is_refused_as_too_deep(self) -> None:
        """A document that is a list, not a mapping, is measured too: nested too
        deep, it is refused for its depth."""
        with pytest.raises(ncts.ParseError, match="nested more than 2 levels"):
            ncts.loads("[[[[1]]]]", max_depth=2)

    def test_problems_in_the_order_of_their_lines(self) -> None:
        """Unknown keys are reported in document order, not sorted by name."""
        text = MINIMAL.replace("title:", "zz: 1\ntitle:") + "aa: 2\n"
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text)
        assert _problems(info.value) == [("zz", 2), ("aa", 9)]

    def test_a_yaml_trap_gets_a_note_only_in_yaml(self) -> None:
        """An unquoted yes read as a boolean is explained in YAML; JSON's true is
        not a trap, and its message has no note."""
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(MINIMAL + "aim: {text: {nl: yes}}\n")
        assert info.value.problems[0].message.endswith(
            "(the file has the unquoted value 'yes', which YAML reads as a boolean)"
        )
        data = json.loads(ncts.dumps(ncts.loads(MINIMAL), "json"))
        text = json.dumps({**data, "aim": {"text": {"nl": True}}})
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads(text, "json")
        assert info.value.problems[0].message == (
            "expected text, got the boolean true: YAML reads unquoted yes, no, on, "
            "off, true and false as booleans; put the value in quotes"
        )

    def test_positions_of_bad_bytes_and_lone_surrogates(self) -> None:
        """A byte that is not UTF-8, and a lone surrogate, are shown at their line
        and column."""
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(MINIMAL.encode() + b"aim: \xff\n")
        assert (info.value.line, info.value.column) == (8, 6)
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(MINIMAL + "aim:\n  x\ud800\n")
        assert (info.value.line, info.value.column) == (9, 4)
        assert ncts.loads(b"\xef\xbb\xbf" + MINIMAL.encode()).id == "demo"
        # A line break as the very first character counts too.
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads(b"\nid: \xff")
        assert (info.value.line, info.value.column) == (2, 5)
        with pytest.raises(ncts.ParseError) as info:
            ncts.loads("\n\ud800")
        assert (info.value.line, info.value.column) == (2, 1)

    def test_a_file_of_exactly_the_limit_is_read_whole(self, tmp_path: Path) -> None:
        """The last byte of a file of exactly max_bytes is read too."""
        text = MINIMAL.rstrip("\n")  # ends with a closing quote
        path = tmp_path / "s.yaml"
        path.write_text(text, encoding="utf-8")
        assert ncts.load(path, max_bytes=len(text)) == ncts.loads(text)


class TestReleasesAndExamples:
    def test_a_path_and_a_version_together_are_refused(self, tmp_path: Path) -> None:
        """load() takes a file or a release of the bundled data, not both."""
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        with pytest.raises(ValueError, match="give a path or a version"):
            ncts.load(path, version="1.0.0")

    def test_the_releases(self) -> None:
        """The latest release is the bundled strategy itself; an older one is
        another; a version that is not text is a TypeError naming its type."""
        assert ncts.load(version="1.1.0") is ncts.load()
        assert ncts.load(version="1.0.0").data_version == "1.0.0"
        with pytest.raises(TypeError, match="version must be str, not float"):
            ncts.load(version=1.0)  # type: ignore[arg-type]

    def test_an_unknown_example_names_the_examples(self) -> None:
        """example_path() of a name it does not ship lists the ones it does."""
        with pytest.raises(ncts.FileError) as info:
            ncts.example_path("nope.yaml")
        assert str(info.value) == (
            "no example 'nope.yaml': the examples are 'overlay.yaml', "
            "'fictiestad-2025-2028.yaml', 'template.yaml'"
        )

    def test_a_missing_data_file_asks_for_a_reinstall(self) -> None:
        """A data file missing from the installed package is a FileError."""
        from ncts._io import bundled_path

        with pytest.raises(ncts.FileError, match=r"no file data/nope\.yaml: reinstall"):
            bundled_path("nope.yaml")


class TestWhatChangesWhileReading:
    """read_text looks at a file, opens it, and looks again: a file that changes
    in between is still refused, never read blocking or beyond the limit."""

    def test_a_fifo_swapped_in_after_the_look_does_not_block(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        fifo = tmp_path / "s.yaml"
        os.mkfifo(fifo)
        regular = tmp_path / "r.yaml"
        regular.write_text(MINIMAL, encoding="utf-8")
        real_stat = os.stat

        def stat_before_the_swap(path: Any, *args: Any, **kwargs: Any) -> Any:
            if os.fspath(path) == str(fifo):
                return real_stat(regular)
            return real_stat(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", stat_before_the_swap)
        outcome: list[BaseException | str] = []

        def read() -> None:
            try:
                outcome.append(ncts._io.read_text(fifo))
            except BaseException as exc:  # handed to the test
                outcome.append(exc)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(10)
        blocked = reader.is_alive()
        if blocked:  # waiting in open() for a writer: let one release it
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(5)
        assert not blocked
        assert len(outcome) == 1
        assert isinstance(outcome[0], ncts.FileError)
        assert str(outcome[0]) == (
            f"cannot read {str(fifo)!r}: it is a named pipe (FIFO), not a regular file"
        )

    @pytest.mark.parametrize("seen", [0, 10, 49, 50])
    def test_a_file_that_grew_after_the_look_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seen: int
    ) -> None:
        """Whatever size the look saw (up to the limit of 50), a file that is
        bigger when read is refused: reading goes on one byte past the limit."""
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        _fstat_says(monkeypatch, seen)
        _refused_for_its_size(path, 50, 51)

    def test_a_size_over_the_limit_is_refused_before_a_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The size the look finds is refused as it is: the file is not read (a
        read would have found its real size)."""
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        _fstat_says(monkeypatch, 1000)
        _refused_for_its_size(path, 50, "1,000")

    def test_a_file_bigger_than_the_limit_is_refused_with_its_size(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        _refused_for_its_size(path, 10, len(MINIMAL.encode()))


def _fstat_says(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Make os.fstat report *size* bytes for every file: what it saw before a change."""
    real_fstat = os.fstat

    def fstat(fd: int) -> Any:
        return types.SimpleNamespace(st_mode=real_fstat(fd).st_mode, st_size=size)

    monkeypatch.setattr(os, "fstat", fstat)


def _refused_for_its_size(path: Path, limit: int, size: int | str) -> None:
    """Both ways of reading a file refuse it, naming its real size and the limit."""
    for read in (ncts.load, ncts._io.read_text):
        with pytest.raises(ncts.ParseError) as info:
            read(path, max_bytes=limit)
        assert str(info.value) == (
            f"{path}: the document is {size} bytes, more than the limit of {limit}: "
            "pass max_bytes= to read bigger documents"
        )


class TestReadDocumentInspect:
    """read_document's inspect hook sees the parsed data before it is structured,
    and what it raises stops the read there."""

    def test_the_hook_sees_the_parsed_data(self) -> None:
        seen: list[Any] = []
        s, text = ncts._io.read_document(
            MINIMAL, "yaml", ncts.Strategy, file=None, inspect=seen.append
        )
        assert s.id == "demo"
        assert text == MINIMAL
        assert seen == [yaml.safe_load(MINIMAL)]

    def test_what_the_hook_raises_stops_the_read(self) -> None:
        class Stop(Exception):
            pass

        def stop(data: Any) -> None:
            raise Stop(data["id"])

        # Even a document that would not structure stops at the hook first.
        with pytest.raises(Stop, match="demo"):
            ncts._io.read_document(
                MINIMAL + "unknown: 1\n", "yaml", ncts.Strategy, file=None, inspect=stop
            )


class TestPathsAndNames:
    """What a path may be, and the messages that name it."""

    def test_the_path_is_checked_also_when_the_format_is_given(self) -> None:
        for call in (
            lambda: ncts._io.format_of(5, "yaml"),  # type: ignore[arg-type]
            lambda: ncts.dump(ncts.load(), 5, format="yaml"),  # type: ignore[arg-type]
        ):
            with pytest.raises(TypeError) as info:
                call()
            assert str(info.value) == "path must be a str or os.PathLike, not int"

    def test_a_nul_in_a_name_is_refused_with_the_verb(self, tmp_path: Path) -> None:
        name = str(tmp_path / "a\0b.yaml")
        with pytest.raises(ncts.FileError) as read:
            ncts.load(name)
        assert str(read.value) == (
            f"cannot read {name!r}: a file name cannot hold a NUL character"
        )
        with pytest.raises(ncts.FileError) as write:
            ncts.dump(ncts.load(), name)
        assert str(write.value) == (
            f"cannot write {name!r}: a file name cannot hold a NUL character"
        )

    @pytest.mark.parametrize("limit", [2**31, 2**32 + 1, 2**63 - 1, 2**63, 10**30])
    def test_any_limit_above_the_size_reads_the_file(
        self, tmp_path: Path, limit: int
    ) -> None:
        """A limit far beyond memory (or an index) still reads a small file: the
        limit is never asked of a read at once (it was an OverflowError from 2**63)."""
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        assert ncts.load(path, max_bytes=limit) == ncts.loads(MINIMAL)
        overlay = ncts.example_path("overlay.yaml")
        assert ncts.load_overlay(overlay, max_bytes=limit) == ncts.load_overlay(overlay)

    def test_the_default_size_limit_is_64_mib(self, tmp_path: Path) -> None:
        """As docs/hardening.md says; the size is read before any byte is."""
        path = tmp_path / "big.yaml"
        with open(path, "wb") as handle:
            handle.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used
        with pytest.raises(ncts.ParseError) as info:
            ncts.load(path)
        assert str(info.value) == (
            f"{path}: the document is 67,108,865 bytes, more than the limit of "
            "67,108,864: pass max_bytes= to read bigger documents"
        )


class TestWhatIsNotARegularFile:
    """Only regular files are read or replaced; the rest is refused by name."""

    def test_the_kinds_of_file(self) -> None:
        from ncts._io import _not_regular

        assert _not_regular(stat.S_IFREG | 0o644) is None
        assert _not_regular(stat.S_IFDIR | 0o755) == "it is a folder"
        # A kind os.stat never gives for an existing path (it follows links).
        assert _not_regular(stat.S_IFLNK | 0o777) == "it is not a regular file"

    def test_refused_before_it_is_opened(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Opening a device can do something (rewind a tape, take a terminal): a
        path that is not a regular file is refused after a look, unopened."""
        fifo = tmp_path / "s.yaml"
        os.mkfifo(fifo)
        opened: list[str] = []
        real_open = os.open

        def spy(path: Any, *args: Any, **kwargs: Any) -> int:
            opened.append(os.fspath(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", spy)
        for path, what in (
            (fifo, "it is a named pipe (FIFO), not a regular file"),
            (tmp_path, "it is a folder"),
        ):
            with pytest.raises(ncts.FileError) as info:
                ncts._io.read_text(path)
            assert str(info.value) == f"cannot read {str(path)!r}: {what}"
        assert opened == []

    def test_a_folder_swapped_in_before_the_open(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where opening a folder fails (IsADirectoryError), it is still named so."""
        path = tmp_path / "s.yaml"
        path.write_text(MINIMAL, encoding="utf-8")

        def open_a_folder(*args: Any, **kwargs: Any) -> int:
            raise IsADirectoryError(errno.EISDIR, "Is a directory")

        monkeypatch.setattr(os, "open", open_a_folder)
        with pytest.raises(ncts.FileError) as info:
            ncts.load(path)
        assert str(info.value) == f"cannot read {str(path)!r}: it is a folder"

    @pytest.mark.parametrize(
        ("make", "what"),
        [
            (os.mkdir, "it is a folder"),
            (os.mkfifo, "it is a named pipe (FIFO), not a regular file"),
        ],
    )
    def test_not_replaced(self, tmp_path: Path, make: Any, what: str) -> None:
        path = tmp_path / "s.yaml"
        make(path)
        with pytest.raises(ncts.FileError) as info:
            ncts.dump(ncts.load(), path)
        assert str(info.value) == f"cannot write {str(path)!r}: {what}"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


class TestWhereAWriteGoes:
    """atomic_write follows links to the file itself, within limits."""

    def _chain(self, folder: Path, links: int) -> Path:
        """A chain of *links* symbolic links, the last to s.yaml; return the first."""
        for i in range(links):
            end = f"link{i + 1}.yaml" if i + 1 < links else "s.yaml"
            (folder / f"link{i}.yaml").symlink_to(end)
        return folder / "link0.yaml"

    def test_as_many_links_as_the_system_follows(self, tmp_path: Path) -> None:
        first = self._chain(tmp_path, 40)
        ncts.dump(ncts.loads(MINIMAL), first)
        assert (tmp_path / "s.yaml").is_file()
        assert ncts.load(first).id == "demo"  # the system follows them too

    def test_one_more_is_refused_as_the_system_refuses_it(self, tmp_path: Path) -> None:
        first = self._chain(tmp_path, 41)
        with pytest.raises(
            OSError, match="Too many levels of symbolic links"
        ) as system:
            os.open(first, os.O_RDONLY | os.O_CREAT, 0o666)
        assert system.value.errno == errno.ELOOP
        with pytest.raises(ncts.FileError) as info:
            ncts.dump(ncts.loads(MINIMAL), first)
        assert str(info.value) == (
            f"cannot write {str(first)!r}: it leads through more than 40 symbolic "
            "links (is there a loop?)"
        )
        assert not (tmp_path / "s.yaml").exists()

    def test_a_loop(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").symlink_to("b.yaml")
        (tmp_path / "b.yaml").symlink_to("a.yaml")
        with pytest.raises(ncts.FileError, match="more than 40 symbolic links"):
            ncts.dump(ncts.loads(MINIMAL), tmp_path / "a.yaml")

    def test_a_folder_that_links_into_proc(self, tmp_path: Path) -> None:
        """A file named through a folder link into /proc is refused, not created.

        /proc, not /dev: with the check broken (a mutant), no file can be created in
        /proc, where one could be in /dev."""
        (tmp_path / "d").symlink_to("/proc")
        path = tmp_path / "d" / "ncts-test.yaml"
        with pytest.raises(ncts.FileError) as info:
            ncts.dump(ncts.loads(MINIMAL), path)
        assert str(info.value) == (
            f"cannot write {str(path)!r}: ncts writes regular files, never in /dev, "
            "/proc, /sys (write to standard output instead)"
        )
        assert not os.path.lexists("/proc/ncts-test.yaml")

    @pytest.mark.parametrize("exists", [False, True])
    def test_a_name_that_ends_in_a_slash_names_a_folder(
        self, tmp_path: Path, exists: bool
    ) -> None:
        """dump(s, 'z.yaml/') wrote a file z.yaml: a trailing slash means a folder
        (as the system reads it), so it is refused, and nothing is written."""
        path = tmp_path / "z.yaml"
        if exists:
            path.write_text("old\n")
        name = str(path) + "/"
        writes: list[typing.Callable[[], None]] = [
            lambda: ncts.dump(ncts.loads(MINIMAL), name),
            lambda: ncts._io.atomic_write(name, "new\n"),
        ]
        for write in writes:
            with pytest.raises(ncts.FileError) as info:
                write()
            assert str(info.value) == (
                f"cannot write {name!r}: a name that ends in '/' names a folder: name "
                "the file (drop the final '/')"
            )
        assert sorted(p.name for p in tmp_path.iterdir()) == (
            ["z.yaml"] if exists else []
        )
        if exists:
            assert path.read_text() == "old\n"

    def test_a_missing_folder_is_named(self, tmp_path: Path) -> None:
        path = tmp_path / "nope" / "s.yaml"
        with pytest.raises(ncts.FileError) as info:
            ncts.dump(ncts.loads(MINIMAL), path)
        assert str(info.value) == (
            f"cannot write {str(path)!r}: No such file or directory "
            f"(in {str(tmp_path / 'nope')!r})"
        )

    def test_a_file_where_a_folder_should_be(self, tmp_path: Path) -> None:
        (tmp_path / "f").write_text("a file\n")
        path = tmp_path / "f" / "s.yaml"
        with pytest.raises(ncts.FileError) as info:
            ncts.dump(ncts.loads(MINIMAL), path)
        assert str(info.value) == f"cannot write {str(path)!r}: Not a directory"

    def test_no_free_temporary_name(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If every temporary name tried is taken, the write stops and says so."""
        (tmp_path / f".s.yaml.{'00' * 6}.tmp").write_text("taken\n")
        monkeypatch.setattr(os, "urandom", lambda n: bytes(n))
        path = tmp_path / "s.yaml"
        with pytest.raises(ncts.FileError) as info:
            ncts.dump(ncts.loads(MINIMAL), path)
        assert str(info.value) == (
            f"cannot write {str(path)!r}: no free temporary name in {str(tmp_path)!r}"
        )
        assert not path.exists()


class TestWhereTheBundledDataComesFrom:
    def test_a_wheel_s_files_then_a_checkout_s(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An installed package's own data folder first; in an editable install
        of a checkout, the checkout's data/ and docs/examples/."""
        from ncts._io import bundled_path

        package = tmp_path / "src" / "ncts"
        for folder in (package / "data" / "examples", tmp_path / "data"):
            folder.mkdir(parents=True)
        (tmp_path / "docs" / "examples").mkdir(parents=True)
        for path in (
            package / "data" / "both.yaml",
            tmp_path / "data" / "both.yaml",
            tmp_path / "data" / "checkout.yaml",
            package / "data" / "examples" / "e.yaml",
            tmp_path / "docs" / "examples" / "f.yaml",
        ):
            path.write_text("x\n")
        monkeypatch.setattr(ncts._io, "__file__", str(package / "_io.py"))
        assert bundled_path("both.yaml") == package / "data" / "both.yaml"
        assert bundled_path("checkout.yaml") == tmp_path / "data" / "checkout.yaml"
        assert bundled_path("e.yaml", "data/examples") == (
            package / "data" / "examples" / "e.yaml"
        )
        assert bundled_path("f.yaml", "data/examples") == (
            tmp_path / "docs" / "examples" / "f.yaml"
        )

    def test_the_prebuilt_strategy_is_used_and_parsing_is_the_fallback(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ncts.load() builds the bundled strategy without parsing; when the
        prebuilt code does not match the data file, it parses the file, to the
        same strategy."""
        import ncts._prebuilt
        from ncts._io import _bundled

        expected = ncts.loads(Path(DATA_FILE).read_text(encoding="utf-8"))
        with monkeypatch.context() as patch:

            def no_parse(*args: Any, **kwargs: Any) -> Any:
                raise AssertionError("the bundled strategy was parsed")

            patch.setattr(ncts._io, "loads", no_parse)
            assert _bundled.__wrapped__() == expected
        monkeypatch.setattr(ncts._prebuilt, "prebuilt", lambda text: None)
        assert _bundled.__wrapped__() == expected


class TestGarbageCollectorPause:
    """Documents of 256 KiB and more are read with the cyclic collector paused
    (it would otherwise run many times over the new objects); smaller ones not."""

    @pytest.mark.parametrize(
        ("size", "paused"), [(256 * 1024, True), (256 * 1024 - 1, False)]
    )
    def test_from_256_kib(self, size: int, paused: bool) -> None:
        import gc

        text = MINIMAL + "#" * (size - len(MINIMAL) - 1) + "\n"
        assert len(text) == size
        assert gc.isenabled()
        seen: list[bool] = []
        s, _ = ncts._io.read_document(
            text,
            "yaml",
            ncts.Strategy,
            file=None,
            inspect=lambda data: seen.append(gc.isenabled()),
        )
        assert s.id == "demo"
        assert seen == [not paused]
        assert gc.isenabled()


class TestOverlayNumbersInJson:
    def test_fractions_are_written_as_without_orjson(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """orjson writes 1e-07 as 1e-7: an overlay's numbers are written by the
        standard library's rules whether orjson is installed or not."""
        from ncts import _json

        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        record = overlay.records[1]
        indicator = attrs.evolve(record.indicators[0], value=1e-07, target=1e22)
        records = list(overlay.records)
        records[1] = attrs.evolve(record, indicators=(indicator,))
        overlay = attrs.evolve(overlay, records=tuple(records))
        text = ncts.dumps(overlay, "json")
        monkeypatch.setattr(_json, "_orjson", lambda: None)
        assert ncts.dumps(overlay, "json") == text
        assert '"value": 1e-07' in text
        assert '"target": 1e+22' in text
        assert ncts.loads_overlay(text, "json") == overlay


def _fictional() -> dict[str, Any]:
    data: dict[str, Any] = unstructure(
        ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
    )
    return data


def _reported(doc: dict[str, Any]) -> dict[str, str]:
    """The problems loads() reports for *doc*, path -> message."""
    from ncts._yaml import dump_yaml

    with pytest.raises(ncts.ValidationError) as info:
        ncts.loads(dump_yaml(doc))
    return {p.path: p.message for p in info.value.problems}


class TestReferencesBesideABrokenPart:
    """With one part broken (a goal's text), the duplicate IDs and dangling link
    ends elsewhere are still reported, with the messages the model gives them
    once the broken part is fixed."""

    BROKEN = "goals[0].text"

    def _both(self, change: Any) -> tuple[dict[str, str], dict[str, str]]:
        """(the problems with the goal's text broken, the model's without)."""
        doc = _fictional()
        change(doc)
        alone = _reported(doc)
        doc["goals"][0]["text"] = 5
        return _reported(doc), alone

    def test_a_source_id_used_twice(self) -> None:
        def twice(doc: dict[str, Any]) -> None:
            doc["sources"].append(dict(doc["sources"][0]))

        broken, alone = self._both(twice)
        assert set(alone) == {"sources[1].id"}
        assert broken == {self.BROKEN: broken[self.BROKEN], **alone}

    def test_a_link_to_a_source_is_to_an_unknown_id(self) -> None:
        def to_source(doc: dict[str, Any]) -> None:
            doc["links"][0]["target"] = doc["sources"][0]["id"]

        broken, alone = self._both(to_source)
        assert set(alone) == {"links[0].target"}
        assert alone["links[0].target"].startswith("unknown ID 'fictief'")
        assert broken == {self.BROKEN: broken[self.BROKEN], **alone}

    def test_a_link_to_the_strategy_itself_is_not_to_an_unknown_id(self) -> None:
        """The model knows the strategy's ID (it refuses such a link for its
        type, which only a whole strategy can tell)."""

        def to_strategy(doc: dict[str, Any]) -> None:
            doc["links"][0]["target"] = doc["id"]

        broken, alone = self._both(to_strategy)
        assert "cannot point to a strategy" in alone["links[0].target"]
        assert set(broken) == {self.BROKEN}

    def test_a_link_that_is_not_a_mapping(self) -> None:
        doc = _fictional()
        doc["links"].insert(0, "ZIEN underpins DOEN")
        doc["links"][1]["target"] = "NOPE"
        doc["goals"][0]["text"] = 5
        reported = _reported(doc)
        assert set(reported) == {self.BROKEN, "links[0]", "links[1].target"}
        assert reported["links[1].target"] == "unknown ID 'NOPE'"

    def test_no_end_is_judged_while_an_id_is_broken(self) -> None:
        """With the strategy's own ID unreadable, no end can be called dangling."""
        doc = _fictional()
        doc["links"][0]["target"] = "NOPE"
        doc["id"] = "not an id"
        assert set(_reported(doc)) == {"id"}
        doc["id"] = 5
        assert set(_reported(doc)) == {"id"}

    def test_the_strategy_s_id_clashes_with_an_element_s(self) -> None:
        def clash(doc: dict[str, Any]) -> None:
            doc["goals"].append({**doc["goals"][1], "id": doc["id"].lower()})

        broken, alone = self._both(clash)
        assert set(alone) == {f"goals[{len(_fictional()['goals'])}].id"}
        assert broken == {self.BROKEN: broken[self.BROKEN], **alone}

"""The command line behaves one way in every verb (issue 12, point 3).

Each class is a convention, tested over its whole class of inputs: every verb that
reads a strategy with every spelling of the option (and standard input), every
export format with every suffix, every element for ``get``, every width for
``show``. Each fails on commit a95ac99 (the newcomer review's commit), where the
option, the behaviour or the message did not exist.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import ncts
from ncts._cli import _VERBS, CLI_DEPRECATIONS, build_parser, main, wrap_line
from ncts._docs import cli_reference
from ncts._export import EXPORT_FORMATS

FICTIONAL = str(ncts.example_path("fictiestad-2025-2028.yaml"))
OVERLAY = str(ncts.example_path("overlay.yaml"))
ROOT = Path(__file__).resolve().parent.parent


def run(
    *argv: str,
    stdin: bytes | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    """Run the command line in-process; give its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


#: Each verb that reads one strategy, with its other arguments; {s} is the option.
STRATEGY_VERBS = {
    "get": ["get", "zien1"],
    "search": ["search", "wijkteam"],
    "export": ["export", "--format", "mermaid"],
    "show": ["show"],
    "diff": ["diff", FICTIONAL],
}
OLD_SPELLINGS = {"get", "search", "export"}


class TestOneStrategyOption:
    @given(
        verb=st.sampled_from(sorted(STRATEGY_VERBS)),
        spelling=st.sampled_from(["--strategy", "-s", "--file", "-f"]),
        stdin=st.booleans(),
    )
    def test_every_verb_every_spelling(
        self, verb: str, spelling: str, stdin: bool
    ) -> None:
        """--strategy and -s name the strategy everywhere, a file or - alike; the old
        --file/-f work where they did, with one line naming the new option."""
        if spelling in ("--file", "-f") and verb not in OLD_SPELLINGS:
            return
        argv = STRATEGY_VERBS[verb]
        with pytest.MonkeyPatch.context() as monkeypatch:
            expected = run(*argv, "--strategy", FICTIONAL)
            data = Path(FICTIONAL).read_bytes() if stdin else None
            name = "-" if stdin else FICTIONAL
            got = run(*argv, spelling, name, stdin=data, monkeypatch=monkeypatch)
        assert expected[0] == 0, expected
        assert "ZIEN1" in expected[1] or verb == "diff"
        assert got[:2] == expected[:2]
        if spelling in ("--file", "-f"):
            [line] = got[2].splitlines()
            assert line.startswith(f"ncts: warning: ncts {verb} {spelling} ")
            assert f"use ncts {verb} --strategy instead" in line
            assert "removed in ncts 1.0.0" in line
        else:
            assert got[2] == ""

    def test_old_and_new_at_once_is_a_usage_error(self) -> None:
        code, out, err = run("get", "VK6", "-s", FICTIONAL, "-f", FICTIONAL)
        assert code == 2
        assert out == ""
        assert err.splitlines()[-1].startswith("ncts: error: name the strategy once")

    def test_every_verb_that_reads_a_strategy_has_the_option(self) -> None:
        parser = build_parser()
        for name in _VERBS:
            if name == "schema":  # reads no file
                continue
            sub = _subparser(parser, name)
            flags = {o for a in sub._actions for o in a.option_strings}
            assert {"--strategy", "-s"} <= flags, name

    def test_the_old_spellings_are_registered(self) -> None:
        for verb in OLD_SPELLINGS:
            for old in ("--file", "-f"):
                entry = CLI_DEPRECATIONS[f"ncts {verb} {old}"]
                assert entry.new == f"ncts {verb} --strategy"


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            sub: argparse.ArgumentParser = action.choices[name]
            return sub
    raise AssertionError(name)


#: Formats written as text (xlsx and datapackage are files of their own).
TEXT_FORMATS = sorted(set(EXPORT_FORMATS) - {"xlsx", "datapackage"})


class TestExportFormatFromSuffix:
    @given(fmt=st.sampled_from(TEXT_FORMATS))
    def test_the_suffix_gives_the_format(self, fmt: str) -> None:
        """-o x.graphml writes what --format graphml writes."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            for suffix in EXPORT_FORMATS[fmt]:
                target = Path(folder) / f"out{suffix}"
                code, out, err = run("export", "-o", str(target))
                assert (code, out, err) == (0, "", "")
                _, expected, _ = run("export", "--format", fmt)
                assert target.read_text(encoding="utf-8") == expected

    @given(
        fmt=st.sampled_from(sorted(EXPORT_FORMATS)),
        other=st.sampled_from(sorted(EXPORT_FORMATS)),
    )
    def test_a_contradicting_suffix_is_a_usage_error(
        self, fmt: str, other: str
    ) -> None:
        """--format F -o x.<suffix of G>: exit 2, one line, nothing written."""
        suffix = EXPORT_FORMATS[other][0]
        json_based = suffix == ".json" and fmt in ("cytoscape", "jsonld")
        if other == fmt or fmt == "datapackage" or json_based or other == "datapackage":
            return
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"out{suffix}"
            code, out, err = run("export", "--format", fmt, "-o", str(target))
            assert code == 2
            assert out == ""
            [line] = err.splitlines()
            assert line.startswith(f"ncts: error: --format {fmt} writes {fmt}")
            assert other in line
            assert not target.exists()

    @pytest.mark.parametrize("output", [[], ["-o", "-"], ["-o", "out.txt"]])
    def test_no_format_names_the_formats(self, output: list[str]) -> None:
        code, out, err = run("export", *output)
        assert code == 2
        assert out == ""
        [line] = err.splitlines()
        assert all(name in line for name in EXPORT_FORMATS)


class TestOverlaysWhereStrategiesAre:
    def test_show_an_overlay(self) -> None:
        """show overlay.yaml lists every record under each element it addresses."""
        code, out, err = run("show", OVERLAY)
        assert (code, err) == (0, "")
        overlay = ncts.load_overlay(OVERLAY)
        lines = out.splitlines()
        assert lines[0].split()[0] == overlay.id
        for record in overlay.records:
            for target in record.addresses:
                at = [line.split()[0] for line in lines].index(target)
                below = []
                for line in lines[at + 1 :]:
                    if not line.startswith("      "):
                        break
                    below.append(line.split()[0])
                assert record.id in below, (record.id, target)

    def test_show_an_overlay_as_its_document(self) -> None:
        code, out, _ = run("show", OVERLAY, "--format", "yaml")
        assert code == 0
        assert ncts.loads_overlay(out) == ncts.load_overlay(OVERLAY)

    def test_get_with_overlays(self) -> None:
        """get ID --overlay F adds a line for each record that addresses ID."""
        overlay = ncts.load_overlay(OVERLAY)
        for record in overlay.records:
            for target in record.addresses:
                code, out, _ = run("get", target.lower(), "--overlay", OVERLAY)
                assert code == 0
                lines = [
                    line for line in out.splitlines() if line.startswith("  record: ")
                ]
                assert any(line.split()[1] == record.id for line in lines)
        code, out, _ = run("get", "VK6", "--overlay", OVERLAY, "--format", "json")
        assert code == 0
        assert "wijkradar" in out

    @pytest.mark.parametrize(
        "argv",
        [
            ["diff", OVERLAY],
            ["diff", FICTIONAL, OVERLAY],
            ["get", "VK6", "--strategy", OVERLAY],
            ["search", "x", "-s", OVERLAY],
            ["show", "-s", OVERLAY],
        ],
    )
    def test_an_overlay_as_a_strategy_names_the_right_verb(
        self, argv: list[str]
    ) -> None:
        code, out, err = run(*argv)
        assert code == 2
        assert out == ""
        [line] = err.splitlines()
        assert line.startswith("ncts: error: ")
        assert "is an overlay" in line
        assert "'ncts show " in line


class TestGetListsParts:
    def test_an_area_lists_its_speerpunten(self, strategy: ncts.Strategy) -> None:
        for area in strategy.areas:
            code, out, _ = run("get", area.id)
            assert code == 0
            has = [line.split()[1] for line in out.splitlines() if "  has: " in line]
            assert has == [sp.id for sp in area.speerpunten]

    def test_the_strategy_lists_its_parts(self, strategy: ncts.Strategy) -> None:
        code, out, _ = run("get", strategy.id, "--format", "json")
        assert code == 0
        import json

        children = [c["id"] for c in json.loads(out)["children"]]
        ids = [g.id for g in strategy.goals] + [t.id for t in strategy.focus_themes]
        ids += [a.id for a in strategy.areas] + [s.id for s in strategy.sources]
        assert children == ids
        _, text, _ = run("get", strategy.id)
        has = [line.split()[1] for line in text.splitlines() if "  has: " in line]
        assert has == children

    @given(
        title=st.text(
            st.sampled_from(["a", "b", " ", "\t", "é"]), min_size=1, max_size=12
        ).filter(lambda t: t.strip()),
        note=st.text(st.sampled_from(["x", " ", "\t"]), max_size=6).filter(
            lambda t: t.strip()
        ),
    )
    def test_no_line_ends_in_white_space(self, title: str, note: str) -> None:
        """Every element, a source with a padded title and note included."""
        import json

        doc = {
            "id": "s",
            "title": {"nl": "Strategie "},
            "period": {"start": 2024, "end": 2025},
            "data_version": "1",
            "sources": [{"id": "bron", "title": title, "note": note}],
            "areas": [
                {
                    "id": "A",
                    "name": {"nl": "Gebied  "},
                    "description": {"nl": "Uitleg "},
                    "speerpunten": [{"id": "A1", "text": {"nl": "Iets "}}],
                }
            ],
        }
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "s.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            for id in ("s", "bron", "A", "A1"):
                code, out, err = run("get", id, "-s", str(path))
                assert code == 0, err
                for line in out.splitlines():
                    assert line == line.rstrip(), (id, line)
            _, out, _ = run("get", "bron", "-s", str(path))
            assert out.splitlines()[0] == f"bron  source  {' '.join(title.split())}"


class TestExitCodesAndMessages:
    @pytest.mark.parametrize("fmt", ["markdown", "json"])
    def test_diff_exit_code(self, fmt: str) -> None:
        """diff --exit-code: 1 with differences, 0 without; plain diff: 0 either way."""
        bundled = str(ROOT / "data" / "ncts-2022-2026.yaml")
        assert run("diff", FICTIONAL, "--format", fmt, "--exit-code")[0] == 1
        assert run("diff", FICTIONAL, "--format", fmt)[0] == 0
        assert run("diff", bundled, "--format", fmt, "--exit-code")[0] == 0
        assert run("diff", "--release", "1.0.0", "--exit-code")[0] == 1

    @pytest.mark.parametrize("fmt", ["text", "json"])
    def test_no_hits_say_so(self, fmt: str) -> None:
        code, out, err = run("search", "xyzzyqq", "--format", fmt)
        assert code == 1
        assert out == ("[]\n" if fmt == "json" else "")
        assert err == "ncts: no hits for 'xyzzyqq'\n"

    @given(st.text(st.characters(codec="utf-8", exclude_characters="\0"), max_size=8))
    def test_no_hits_name_the_query_escaped_once(self, junk: str) -> None:
        """The query in the message reads back, as a Python literal, as the query
        typed: escaped once (it was escaped twice: 'zzq\\\\x1b')."""
        import ast

        query = "xyzzyqq" + junk
        code, _, err = run("search", query)
        assume(code == 1)  # a hit would need the word; the junk alone never finds one
        head = "ncts: no hits for "
        assert err.startswith(head)
        assert err.endswith("\n")
        assert ast.literal_eval(err[len(head) : -1]) == query


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestShowWraps:
    @given(
        width=st.integers(min_value=40, max_value=160),
        lang=st.sampled_from(["nl", "en"]),
    )
    def test_on_a_terminal(self, width: int, lang: str) -> None:
        """No line is wider than COLUMNS unless one word is; IDs stay first;
        continuation lines are indented; unwrapped, the words are the same."""
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setenv("COLUMNS", str(width))
            monkeypatch.setenv("NO_COLOR", "1")
            terminal = _Terminal()
            assert main(["show", "--lang", lang], out=terminal) == 0
            plain = io.StringIO()
            assert main(["show", "--lang", lang], out=plain) == 0
        wrapped, lines = terminal.getvalue().splitlines(), plain.getvalue().splitlines()
        for line in wrapped:
            assert len(line) <= width or " " not in line.strip(), line
        # Each original line is its wrapped lines, joined; the first keeps the ID.
        rest = iter(wrapped)
        for line in lines:
            first = next(rest)
            assert line.startswith(first.rstrip())
            words = first.split()
            while len(words) < len(line.split()):
                more = next(rest)
                indent = len(first) - len(first.lstrip())
                assert more.startswith(" " * (indent + 2)), more  # indented
                words += more.split()
            assert words == line.split()

    def test_not_on_a_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Piped, nothing wraps, whatever COLUMNS says (as git)."""
        monkeypatch.setenv("COLUMNS", "40")
        _, out, _ = run("show")
        assert max(map(len, out.splitlines())) > 100

    def test_a_long_id_hangs_by_four(self) -> None:
        lines = wrap_line("  " + "X" * 30 + "  words " * 10, 40)
        assert all(line.startswith("      ") for line in lines[1:])


class TestHelp:
    def test_every_argument_has_help_that_gives_its_default(self) -> None:
        """Every argument of every verb: help text; every optional one: its default."""
        parser = build_parser()
        for name in _VERBS:
            for action in _subparser(parser, name)._actions:
                if isinstance(action, argparse._HelpAction):
                    continue
                if action.help == argparse.SUPPRESS:  # a deprecated spelling
                    assert action.option_strings in (["--file", "-f"],)
                    continue
                assert action.help, (name, action.dest)
                optional = action.option_strings or action.nargs in ("?", "*")
                if optional and not action.required:
                    assert "default" in action.help, (name, action.dest)

    @pytest.mark.parametrize("verb", sorted(_VERBS))
    def test_verb_help_shows_the_defaults(
        self, verb: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit):
            build_parser().parse_args([verb, "--help"])
        # argparse wraps at hyphens too: compare without white space.
        text = "".join(capsys.readouterr().out.split())
        for action in _subparser(build_parser(), verb)._actions:
            if action.help and action.help != argparse.SUPPRESS:
                assert "".join(action.help.split()) in text

    def test_the_page_is_the_parser_and_has_no_empty_cell(self) -> None:
        page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
        assert page == cli_reference()
        for line in page.splitlines():
            if line.startswith("|"):
                cells = line.strip("|").split(" | ")
                assert all(cell.strip() for cell in cells), line


class TestOnlyTheChosenVerbIsBuilt:
    @pytest.mark.parametrize(
        "argv",
        [
            ["get", "VK6", "-s", "x.yaml", "--overlay", "o.yaml"],
            ["search", "a", "b", "--limit", "3"],
            ["export", "-o", "x.graphml"],
            ["diff", "a.yaml", "--exit-code"],
            ["validate", "a.yaml", "b.csv", "--all"],
            ["schema", "overlay"],
        ],
    )
    def test_same_arguments_as_the_whole_parser(self, argv: list[str]) -> None:
        whole = build_parser().parse_args(argv)
        one = build_parser(argv[0]).parse_args(argv)
        assert vars(whole) == vars(one)

    def test_fewer_arguments_are_built(self) -> None:
        def count(parser: argparse.ArgumentParser) -> int:
            total = 0
            for action in parser._actions:
                if isinstance(action, argparse._SubParsersAction):
                    total += sum(len(sub._actions) for sub in action.choices.values())
            return total

        assert count(build_parser("get")) * 4 < count(build_parser())


#: Mistakes of structure, each with the path it is reported at.
STRUCTURAL = {
    "period.start": lambda d: d["period"].__setitem__("start", "x"),
    "areas[0].bogus": lambda d: d["areas"][0].__setitem__("bogus", 1),
    "goals[0].text": lambda d: d["goals"][0].__setitem__("text", 5),
    "links[1].type": lambda d: d["links"][1].__setitem__("type", "unknown"),
}
#: Mistakes the model finds only once every part is built (no ID is taken away:
#: an element is added, or a link's end changed).
REFERENCES = {
    "areas[1].speerpunten[1].id": lambda d: d["areas"][1]["speerpunten"].append(
        dict(d["areas"][0]["speerpunten"][0])
    ),
    "goals[2].id": lambda d: d["goals"].append(
        {**d["goals"][0], "id": d["goals"][0]["id"].lower()}
    ),
    "links[0].target": lambda d: d["links"][0].__setitem__("target", "NOPE"),
    "links[0].source": lambda d: d["links"][0].__setitem__("source", "zien"),
}


@functools.cache
def _fictional_data() -> dict[str, Any]:
    from ncts._convert import unstructure

    data: dict[str, Any] = unstructure(ncts.load(FICTIONAL))
    return data


def _reported_in_one_run(
    doc: dict[str, Any], fmt: str, load: Any, expected: set[str]
) -> None:
    """Write *doc* as *fmt*; *load* and ``ncts validate`` each report exactly the
    problems at the *expected* paths, in one run, in the order of their lines."""
    import json
    import tempfile

    from ncts._yaml import dump_yaml

    text = json.dumps(doc, indent=2) if fmt == "json" else dump_yaml(doc)
    with pytest.raises(ncts.ValidationError) as caught:
        load(text, fmt)
    problems = caught.value.problems
    assert {p.path for p in problems} == expected
    lines = [p.line for p in problems]
    assert None not in lines
    assert lines == sorted(lines)  # type: ignore[type-var]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"doc.{fmt}"
        target.write_text(text, encoding="utf-8")
        code, out, _ = run("validate", str(target))
    assert code == 1
    shown = [int(line.split(":")[1]) for line in out.splitlines()]
    assert shown == sorted(shown)
    assert len(shown) == len(expected)


class TestEveryProblemInOneRun:
    @given(
        structural=st.sets(st.sampled_from(sorted(STRUCTURAL)), min_size=1),
        references=st.sets(st.sampled_from(sorted(REFERENCES)), min_size=1),
        fmt=st.sampled_from(["yaml", "json"]),
    )
    def test_structure_and_references_together(
        self, structural: set[str], references: set[str], fmt: str
    ) -> None:
        """Finding 17: duplicates and dangling ends show with the structural
        problems, in one run, sorted by line; in the API and the CLI alike."""
        import copy

        doc = copy.deepcopy(_fictional_data())
        for path in references:  # first: an added element copies a correct one
            REFERENCES[path](doc)
        for path in structural:
            STRUCTURAL[path](doc)
        _reported_in_one_run(doc, fmt, ncts.loads, structural | references)

    def test_a_valid_document_is_still_valid(self) -> None:
        from ncts._convert import unstructure
        from ncts._io import reference_problems

        assert reference_problems(unstructure(ncts.load())) == []


#: The same for an overlay: mistakes of structure...
OVERLAY_STRUCTURAL = {
    "records[0].status": lambda d: d["records"][0].__setitem__("status", "nope"),
    "records[2].title": lambda d: d["records"][2].__setitem__("title", 5),
    "records[3].bogus": lambda d: d["records"][3].__setitem__("bogus", 1),
    "records[4].progress": lambda d: d["records"][4].__setitem__("progress", "half"),
}
#: ... and what Overlay and resolve find once it is built: a repeated record ID
#: (a copy of a correct record, added at the end) and addresses that name nothing.
OVERLAY_REFERENCES = {
    "records[6].id": lambda d: d["records"].append(
        {**d["records"][5], "id": d["records"][5]["id"].upper()}
    ),
    "records[1].addresses[0]": lambda d: d["records"][1].__setitem__(
        "addresses", ["VK66"]
    ),
    "records[5].addresses[0]": lambda d: d["records"][5].__setitem__(
        "addresses", ["ft9", "FT1"]
    ),
}


@functools.cache
def _overlay_data() -> dict[str, Any]:
    from ncts._convert import unstructure

    data: dict[str, Any] = unstructure(
        ncts.load_overlay(ncts.example_path("overlay.yaml"))
    )
    return data


class TestEveryProblemOfAnOverlayInOneRun:
    @given(
        structural=st.sets(st.sampled_from(sorted(OVERLAY_STRUCTURAL)), min_size=1),
        references=st.sets(st.sampled_from(sorted(OVERLAY_REFERENCES)), min_size=1),
        fmt=st.sampled_from(["yaml", "json"]),
    )
    def test_structure_and_references_together(
        self, structural: set[str], references: set[str], fmt: str
    ) -> None:
        """A broken overlay also reports its repeated record IDs and its unknown
        addresses (they showed only once the structure was fixed), sorted by
        line, through the API and validate alike."""
        import copy

        doc = copy.deepcopy(_overlay_data())
        # The copy first, while the record it copies is still correct.
        for path in sorted(references, key=lambda path: path != "records[6].id"):
            OVERLAY_REFERENCES[path](doc)
        for path in structural:
            OVERLAY_STRUCTURAL[path](doc)
        _reported_in_one_run(doc, fmt, ncts.loads_overlay, structural | references)

    def test_unknown_addresses_wait_when_they_only_warn(self) -> None:
        """With unresolved='warn' an unknown address is dropped with a warning
        once the overlay is built, so it is not an error beside a broken field."""
        doc = _overlay_data()
        broken = {
            **doc,
            "records": [{**doc["records"][0], "addresses": ["VK66"], "status": "x"}],
        }
        from ncts._yaml import dump_yaml

        with pytest.raises(ncts.ValidationError) as caught:
            ncts.loads_overlay(dump_yaml(broken), unresolved="warn")
        assert [p.path for p in caught.value.problems] == ["records[0].status"]

    def test_another_strategys_overlay_is_not_checked_against_this_one(self) -> None:
        """Addresses are checked only against the strategy the overlay is for."""
        doc = _overlay_data()
        other = {
            **doc,
            "strategy": "OTHER",
            "records": [{**doc["records"][0], "addresses": ["VK66"], "status": "x"}],
        }
        from ncts._yaml import dump_yaml

        with pytest.raises(ncts.ValidationError) as caught:
            ncts.loads_overlay(dump_yaml(other))
        assert [p.path for p in caught.value.problems] == ["records[0].status"]


class _Failing(io.StringIO):
    """An output stream whose write (or flush) fails with *error*."""

    def __init__(self, error: BaseException, *, on: str = "write") -> None:
        super().__init__()
        self.error, self.on = error, on

    def write(self, text: str) -> int:
        if self.on == "write":
            raise self.error
        return super().write(text)

    def flush(self) -> None:
        if self.on == "flush":
            raise self.error


class _Narrow(io.StringIO):
    """A stream that holds only the characters of *encoding* (None: ASCII)."""

    def __init__(self, encoding: str | None) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str | None:  # type: ignore[override]
        return self._encoding

    def write(self, text: str) -> int:
        text.encode(self._encoding or "ascii")  # UnicodeEncodeError, as a terminal
        return super().write(text)


class TestEveryWayAnOutputFails:
    """Exit codes and the one line that says why (EXIT_CODES), in-process."""

    def test_a_full_disk_is_exit_74_with_the_reason(self) -> None:
        err = io.StringIO()
        out = _Failing(OSError(28, "No space left on device"))
        assert main(["show"], out=out, err=err) == 74
        assert err.getvalue() == (
            "ncts: error: cannot write to standard output: No space left on device\n"
        )

    def test_a_failing_flush_is_exit_74(self) -> None:
        err = io.StringIO()
        out = _Failing(OSError(5, "Input/output error"), on="flush")
        assert main(["show"], out=out, err=err) == 74
        assert err.getvalue().endswith("standard output: Input/output error\n")

    def test_a_closed_stream_is_exit_74(self) -> None:
        err, out = io.StringIO(), io.StringIO()
        out.close()
        assert main(["show"], out=out, err=err) == 74
        assert err.getvalue() == (
            "ncts: error: cannot write to standard output: "
            "I/O operation on closed file\n"
        )

    def test_no_standard_output_at_all_is_exit_74(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "stdout", None)
        err = io.StringIO()
        assert main(["show"], err=err) == 74
        assert err.getvalue() == "ncts: error: standard output is closed\n"

    def test_a_reader_that_went_away_is_not_an_error(self) -> None:
        err = io.StringIO()
        assert main(["show"], out=_Failing(BrokenPipeError()), err=err) == 0
        assert err.getvalue() == ""

    def test_an_interrupt_is_exit_130(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr("ncts._cli.render_tree", interrupted)
        code, out, err = run("show")
        assert (code, out, err) == (130, "", "ncts: interrupted\n")

    def test_a_bug_is_exit_70(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def broken(*args: object, **kwargs: object) -> None:
            raise ZeroDivisionError("bug")

        monkeypatch.delenv("NCTS_DEBUG", raising=False)
        monkeypatch.setattr("ncts._cli.render_tree", broken)
        code, out, err = run("show")
        assert (code, out) == (70, "")
        assert err.startswith("ncts: internal error: ")
        assert err.endswith(" (NCTS_DEBUG=1 shows the traceback)\n")
        monkeypatch.setenv("NCTS_DEBUG", "0")
        assert run("show")[2] == err
        monkeypatch.setenv("NCTS_DEBUG", "1")
        code, _, err = run("show")
        assert code == 70
        assert "NCTS_DEBUG=1 shows" not in err
        assert "  ZeroDivisionError: bug" in err.splitlines()

    @pytest.mark.parametrize("encoding", [None, "latin-1"])
    def test_what_the_stream_cannot_hold_is_escaped(
        self, encoding: str | None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A character outside the stream's encoding (ASCII when it has none)
        becomes an escape; the rest is written as it is."""
        text = _fictional_yaml().replace(
            "Fictiestad Security Strategy", "Caf\u00e9 \u2013 Security Strategy"
        )
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        out = _Narrow(encoding)
        assert main(["show", "-", "--lang", "en"], out=out) == 0
        first = out.getvalue().splitlines()[0]
        cafe = "Caf\\xe9" if encoding is None else "Caf\u00e9"
        assert f"{cafe} \\u2013 Security Strategy" in first


@functools.cache
def _fictional_yaml() -> str:
    return Path(FICTIONAL).read_text(encoding="utf-8")


class TestStandardInputEdges:
    def _validate(self, stdin: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
        monkeypatch.setattr(sys, "stdin", stdin)
        return run("validate", "-")

    def test_a_closed_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # validate reports what it could not read on standard output, as a result.
        code, out, _ = self._validate(None, monkeypatch)
        assert (code, out) == (1, "cannot read standard input: it is closed\n")

    def test_standard_input_that_fails(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Broken(io.StringIO):
            def read(self, size: int | None = -1) -> str:
                raise OSError(5, "Input/output error")

        code, out, _ = self._validate(Broken(), monkeypatch)
        assert (code, out) == (1, "cannot read standard input: Input/output error\n")

    def test_a_text_stream_in_place_of_standard_input(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        code, out, _ = self._validate(io.StringIO(_fictional_yaml()), monkeypatch)
        assert code == 0
        assert "<stdin>" in out

    def test_json_on_standard_input_is_read_as_json(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A document starting with { is JSON: its problem has a JSON line."""
        text = '{\n"id": "S",\n"title": 5}'
        code, out, _ = self._validate(io.StringIO(text), monkeypatch)
        assert code == 1
        assert "<stdin>:3" in out
        good = ncts.dumps(ncts.load(FICTIONAL), "json")
        assert self._validate(io.StringIO(good), monkeypatch)[0] == 0

    @pytest.mark.parametrize("size", [60, 61])
    def test_the_size_limit(self, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """At the limit is read; one byte more is refused (a smaller limit here)."""
        monkeypatch.setattr("ncts._cli.MAX_BYTES", 60)
        for stdin in (
            io.StringIO("#" * size),
            io.TextIOWrapper(io.BytesIO(b"#" * size)),
        ):
            code, out, _ = self._validate(stdin, monkeypatch)
            assert code == 1
            assert ("more than the limit of 60 bytes" in out) is (size > 60)


class TestOverlaysAndStrategiesAreToldApart:
    def test_diff_of_an_overlay_is_a_usage_error(self) -> None:
        code, _, err = run("diff", OVERLAY)
        assert code == 2
        assert "is an overlay: ncts diff compares strategies" in err
        code, _, err = run("get", "VK6", "--strategy", OVERLAY)
        assert code == 2
        assert "is an overlay, not a strategy" in err

    def test_an_overlay_without_records_is_still_an_overlay(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "o.yaml"
        path.write_text(
            "id: o\ntitle: O\nstrategy: NCTS-2022-2026\ndata_version: 1.1.0\n",
            encoding="utf-8",
        )
        code, out, _ = run("validate", str(path))
        assert code == 0
        assert "overlay" in out
        code, _, err = run("diff", str(path))
        assert (code, "is an overlay" in err) == (2, True)

    def test_a_strategy_with_a_strategy_key_is_a_strategy(self, tmp_path: Path) -> None:
        """'strategy' with a period is a strategy document (that key is wrong)."""
        path = tmp_path / "s.yaml"
        path.write_text(_fictional_yaml() + "strategy: X\n", encoding="utf-8")
        code, out, _ = run("validate", str(path))
        assert code == 1
        assert ": strategy: unknown key: the keys are id, title, period" in out

    def test_text_that_is_no_document_is_not_an_overlay(self, tmp_path: Path) -> None:
        path = tmp_path / "s.yaml"
        path.write_text("records: [\n", encoding="utf-8")
        code, out, _ = run("validate", str(path))
        assert code == 1
        assert "overlay" not in out


class TestTheTreeInEitherLanguage:
    def test_headings_and_kinds_follow_the_language(self) -> None:
        from ncts._cli import render_tree

        strategy = ncts.load(FICTIONAL)
        words = {
            "en": ("Data", "source", "Goals", "Focus themes", "Areas of intervention"),
            "nl": (
                "Gegevens",
                "bron",
                "Doelen",
                "Extra aandacht",
                "Interventiegebieden",
            ),
        }
        for lang, (data, source, goals, themes, areas) in words.items():
            lines = list(render_tree(strategy, lang=lang))
            assert lines[1].startswith(f"  {data} {strategy.data_version}, {source}: ")
            for heading in (goals, themes, areas):
                assert f"  {heading}" in lines
            for sp in strategy.speerpunten:
                [line] = [x for x in lines if x.startswith(f"      {sp.id}  ")]
                shown = [
                    k.value if lang == "en" else k.dutch
                    for k in ncts.Kind
                    if k in sp.kinds
                ]
                tag = f"[{', '.join(shown)}] " if shown else ""
                assert line.startswith(f"      {sp.id}  {tag}")
                if not shown:
                    assert not line[len(f"      {sp.id}  ") :].startswith("[")


class _NoTerminal(io.StringIO):
    """A stream that cannot say whether it is a terminal (as a closed one)."""

    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


class TestSpreadsheetsAndTerminals:
    def test_a_stream_that_cannot_answer_isatty_is_no_terminal(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Nothing wraps, nothing is coloured: as for a pipe."""
        monkeypatch.setenv("COLUMNS", "40")
        monkeypatch.delenv("NO_COLOR", raising=False)
        out = _NoTerminal()
        assert main(["show"], out=out) == 0
        assert max(map(len, out.getvalue().splitlines())) > 100
        assert "\033[" not in out.getvalue()

    @pytest.mark.parametrize("verb", [["show"], ["get", "VK6", "--overlay"]])
    def test_a_workbook_without_openpyxl_is_a_usage_error(
        self, verb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        path = tmp_path / "o.xlsx"
        path.write_bytes(b"PK")
        code, out, err = run(*verb, str(path))
        assert (code, out) == (2, "")
        assert err.startswith("ncts: error: reading and writing .xlsx needs openpyxl")

    def test_a_csv_overlay_is_read_by_get(self, tmp_path: Path) -> None:
        path = tmp_path / "o.csv"
        path.write_text("id,title,addresses\nw1,Work,VK6;G1\n", encoding="utf-8")
        code, out, _ = run("get", "VK6", "--overlay", str(path))
        assert code == 0
        assert "w1" in out
        code, out, _ = run("get", "VK1", "--overlay", str(path))
        assert code == 0
        assert "w1" not in out


class TestGetInDetail:
    """What ``get`` shows of each kind of element, as text and as JSON."""

    def _json(self, *argv: str) -> Any:
        import json

        code, out, _ = run("get", *argv, "--format", "json")
        assert code == 0
        return json.loads(out)

    def test_the_json_of_an_element(self) -> None:
        strategy, overlay = ncts.load(), ncts.load_overlay(OVERLAY)
        data = self._json("VK", "--overlay", OVERLAY)
        assert set(data) == {
            "type",
            "path",
            "element",
            "children",
            "links_from",
            "links_to",
            "records",
        }
        assert (data["type"], data["path"]) == ("area", strategy.path_of("VK"))
        assert strategy.areas[1].id == "VK"
        assert data["element"]["id"] == "VK"
        assert "speerpunten" not in data["element"]
        assert data["children"] == [
            {"id": sp.id, "type": "speerpunt"} for sp in strategy.areas[1].speerpunten
        ]
        assert [(x["source"], x["target"]) for x in data["links_to"]] == [
            (link.source, link.target) for link in strategy.links_to("VK")
        ]
        data = self._json("VK6", "--overlay", OVERLAY)
        assert [r["id"] for r in data["records"]] == [
            r.id for r in overlay.addressing("VK6")
        ]
        assert {r["overlay"] for r in data["records"]} == {overlay.id}

    def test_the_json_of_the_strategy_leaves_its_parts_out(self) -> None:
        strategy = ncts.load()
        data = self._json(strategy.id)
        assert data["type"] == "strategy"
        for key in ("goals", "areas", "focus_themes", "links", "sources"):
            assert key not in data["element"]
        assert data["element"]["data_version"] == strategy.data_version
        assert len(data["children"]) == len(strategy.goals) + len(
            strategy.focus_themes
        ) + len(strategy.areas) + len(strategy.sources)

    def test_the_json_of_a_link(self) -> None:
        link = next(link for link in ncts.load().links if link.id)
        data = self._json(link.id or "")
        assert data["type"] == "link"
        assert (data["element"]["source"], data["element"]["target"]) == (
            link.source,
            link.target,
        )

    def test_the_text_of_an_element_and_of_the_strategy(self) -> None:
        strategy = ncts.load()
        lines = run("get", "VK6")[1].splitlines()
        assert lines[1] == f"  path: {strategy.path_of('VK6')}"
        lines = run("get", strategy.id)[1].splitlines()
        assert lines[1] == "  path: (the document)"
        keys = [line.split(":")[0].strip() for line in lines]
        assert "adopted" in keys
        assert "aim" in keys
        adopted = next(line for line in lines if line.startswith("  adopted: "))
        assert adopted.endswith(")")  # its citation, in brackets
        assert f"({strategy.adopted.citation.document} > " in adopted  # type: ignore[union-attr]

    def test_translators_notes_and_a_sources_note(self) -> None:
        strategy = ncts.load()
        with_note = next(
            e
            for e in strategy.values()
            if isinstance(getattr(e, "description", None), ncts.Text)
            and e.description.note  # type: ignore[union-attr]
        )
        lines = run("get", with_note.id, "--lang", "en")[1].splitlines()
        assert any(x.startswith("  translator's note (description): ") for x in lines)
        lines = run("get", with_note.id, "--lang", "nl")[1].splitlines()
        assert not any(x.startswith("  translator's note") for x in lines)
        fictional = ncts.load(FICTIONAL)
        source = fictional.sources[0]
        lines = run("get", source.id, "--strategy", FICTIONAL)[1].splitlines()
        assert f"  note: {source.note}" in lines

    def test_a_records_status_is_shown_when_it_has_one(self, tmp_path: Path) -> None:
        path = tmp_path / "o.yaml"
        path.write_text(
            "id: o\ntitle: O\nstrategy: NCTS-2022-2026\ndata_version: 1.1.0\n"
            "records:\n- {id: a, title: A, addresses: [VK6], status: paused}\n"
            "- {id: b, title: B, addresses: [VK6]}\n",
            encoding="utf-8",
        )
        lines = run("get", "VK6", "--overlay", str(path))[1].splitlines()
        assert "  record: a  [paused] A (overlay o)" in lines
        assert "  record: b  B (overlay o)" in lines


class TestShowAnOverlay:
    def test_records_under_what_they_address(self) -> None:
        from ncts._cli import render_overlay

        strategy, overlay = ncts.load(), ncts.load_overlay(OVERLAY)
        lines = list(render_overlay(overlay, strategy))
        assert lines == list(render_overlay(overlay, strategy, lang="nl"))
        assert lines != list(render_overlay(overlay, strategy, lang="en"))
        assert lines[2] == "  " + " ".join((overlay.description or "").split())
        shown = [x.split()[0] for x in lines if x.startswith("    ") and x[4] != " "]
        addressed = [e.id for e in strategy.values() if overlay.addressing(e.id)]
        assert shown == addressed
        for record in overlay.records:
            tags = [record.kind.value]
            tags += [record.status.value] if record.status else []
            tags += [f"{record.progress}%"] if record.progress is not None else []
            line = next(x for x in lines if x.startswith(f"      {record.id}  "))
            assert line.startswith(f"      {record.id}  [{', '.join(tags)}] ")

    def test_an_overlay_without_a_description_has_no_such_line(self) -> None:
        from ncts._cli import render_overlay

        overlay = ncts.Overlay(
            "o",
            "O",
            "NCTS-2022-2026",
            "1.1.0",
            records=(ncts.Record("r", "R", ("G1",)),),
        )
        lines = list(render_overlay(overlay, ncts.load()))
        assert lines[2].startswith("    G1  ")

    def test_the_strategy_is_named_once(self, tmp_path: Path) -> None:
        bundled = str(ROOT / "data" / "ncts-2022-2026.yaml")
        code, _, err = run("show", FICTIONAL, "--strategy", bundled)
        assert code == 2
        assert "name the strategy to show once" in err
        assert run("show", OVERLAY, "--strategy", bundled)[0] == 0
        csv = tmp_path / "o.csv"
        csv.write_text("id,title,addresses\nw1,Work,VK6\n", encoding="utf-8")
        code, out, _ = run("show", str(csv), "--strategy", bundled)
        assert code == 0
        assert "      w1  [initiative] Work" in out.splitlines()
        missing = str(tmp_path / "missing.yaml")
        assert run("show", missing, "--strategy", bundled)[0] in (1, 2)

    def test_a_csv_overlay_is_shown_and_validated(self, tmp_path: Path) -> None:
        csv = tmp_path / "o.csv"
        csv.write_text("id,title,addresses\nw1,Work,VK6\n", encoding="utf-8")
        code, out, _ = run("show", str(csv))
        assert code == 0
        assert "      w1  [initiative] Work" in out.splitlines()
        code, out, _ = run("validate", str(csv))
        assert (code, out.endswith("ok (overlay)\n")) == (0, True)


class TestWrapping:
    def test_a_line_as_wide_as_the_width_stays(self) -> None:
        line = "    VK6  " + "a" * 31
        assert wrap_line(line, 40) == [line]
        assert len(wrap_line(line + "a b", 40)) == 2

    def test_a_line_without_an_id_continues_two_in(self) -> None:
        lines = wrap_line("  " + "word " * 20, 40)
        assert all(x.startswith("    w") for x in lines[1:])

    def test_the_text_hangs_where_it_starts_up_to_half_the_width(self) -> None:
        at_half = wrap_line("  " + "X" * 16 + "  " + "words " * 10, 40)
        assert all(x.startswith(" " * 20 + "w") for x in at_half[1:])
        past = wrap_line("  " + "X" * 17 + "  " + "words " * 10, 40)
        assert all(x.startswith(" " * 6 + "w") for x in past[1:])

    def test_a_long_id_hangs_by_exactly_four(self) -> None:
        lines = wrap_line("  " + "X" * 30 + "  words " * 10, 40)
        assert all(x.startswith(" " * 6 + "w") for x in lines[1:])

    def test_words_are_not_broken_at_hyphens(self) -> None:
        lines = wrap_line("    VK6  " + "aaaa-bbbb-cccc-dddd " * 4, 30)
        assert all(w.count("-") == 3 for x in lines for w in x.split()[1:] if "-" in w)

    @pytest.mark.parametrize(("columns", "wraps"), [("0", False), ("1", True)])
    def test_columns_below_one_is_no_width(
        self, columns: str, wraps: bool, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """COLUMNS=0 says nothing (the terminal's own width is asked, and a
        stream without one is not wrapped); COLUMNS=1 is the least width, 40."""
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setenv("NO_COLOR", "1")
        out = _Terminal()
        assert main(["show"], out=out) == 0
        widest = max(map(len, out.getvalue().splitlines()))
        assert (widest <= 40) is wraps

    def test_only_an_elements_id_is_bold(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COLUMNS", "60")
        monkeypatch.delenv("NO_COLOR", raising=False)
        out = _Terminal()
        assert main(["show", "--lang", "en"], out=out) == 0
        lines = out.getvalue().splitlines()
        assert "  Goals" in lines
        assert "  Areas of intervention" in lines
        assert any(x.startswith("    \033[1mG1\033[0m  ") for x in lines)


class TestTheOtherVerbsAtTheirEdges:
    def test_get_a_link_shows_its_rationale_and_citation(self) -> None:
        link = next(x for x in ncts.load().links if x.id and x.citation)
        lines = run("get", link.id or "")[1].splitlines()
        assert lines[1] == f"  rationale: {link.rationale}"
        assert lines[2].startswith("  cites: ")
        assert link.citation is not None
        assert link.citation.section in lines[2]

    def test_search_as_json_names_its_fields(self) -> None:
        import json

        code, out, _ = run("search", "wijkteam", "--format", "json", "-s", FICTIONAL)
        assert code == 0
        [hit] = json.loads(out)[:1]
        assert set(hit) == {"id", "field", "lang", "score", "snippet"}
        assert hit["id"] == "ZIEN1"

    def test_search_limit_one_is_one_hit(self) -> None:
        code, out, _ = run("search", "signalen", "--limit", "1", "-s", FICTIONAL)
        assert (code, len(out.splitlines())) == (0, 1)
        assert len(run("search", "signalen", "--limit", "2", "-s", FICTIONAL)[1]) > len(
            out
        )

    def test_validate_fails_for_each_kind_of_failure(self, tmp_path: Path) -> None:
        """A file with problems and a file that cannot be read: exit 1 together."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: S\n", encoding="utf-8")
        missing = str(tmp_path / "missing.yaml")
        assert run("validate", str(bad), missing)[0] == 1
        assert run("validate", missing, str(bad))[0] == 1
        assert run("validate", FICTIONAL, missing)[0] == 1
        assert run("validate", FICTIONAL, OVERLAY)[0] == 0

    def test_convert_to_standard_output_writes_the_other_format(
        self, tmp_path: Path
    ) -> None:
        import json

        code, out, _ = run("convert", FICTIONAL, "-")
        assert code == 0
        assert json.loads(out)["id"] == ncts.load(FICTIONAL).id
        as_json = tmp_path / "s.json"
        as_json.write_text(out, encoding="utf-8")
        code, out, _ = run("convert", str(as_json), "-")
        assert code == 0
        assert out.startswith("id: ")
        csv = tmp_path / "o.csv"
        csv.write_text("id,title,addresses\nw1,Work,VK6\n", encoding="utf-8")
        code, out, _ = run("convert", str(csv), "-")
        assert code == 0
        assert out.startswith("id: ")

    def test_convert_to_a_spreadsheet(self, tmp_path: Path) -> None:
        code, _, err = run("convert", FICTIONAL, str(tmp_path / "s.csv"))
        assert code == 2
        assert "a strategy has several tables" in err
        assert not (tmp_path / "s.csv").exists()
        assert run("convert", FICTIONAL, str(tmp_path / "s.xlsx"))[0] == 0
        assert (tmp_path / "s.xlsx").stat().st_size > 0
        assert run("convert", OVERLAY, str(tmp_path / "o.csv"))[0] == 0
        again = ncts.load_overlay(tmp_path / "o.csv")
        assert again == ncts.load_overlay(OVERLAY)

    def test_template_writes_a_sheet(self, tmp_path: Path) -> None:
        path = tmp_path / "t.csv"
        assert run("template", str(path)) == (0, "", "")
        text = path.read_text(encoding="utf-8")
        assert "\nid,title,addresses," in text
        assert "# strategy: NCTS-2022-2026\n" in text

    def test_export_names_why_it_has_no_format(self, tmp_path: Path) -> None:
        code, _, err = run("export", "-o", "-")
        assert code == 2
        assert "there is no output file to tell it from" in err
        code, _, err = run("export", "-o", str(tmp_path / "x.txt"))
        assert code == 2
        assert "the suffix of " in err
        assert "names none" in err

    @pytest.mark.parametrize("fmt", ["cytoscape", "jsonld"])
    def test_a_json_based_format_may_be_written_to_json(
        self, fmt: str, tmp_path: Path
    ) -> None:
        path = tmp_path / "g.json"
        assert run("export", "--format", fmt, "-o", str(path))[0] == 0
        assert path.read_text(encoding="utf-8").startswith(("{", "["))

    def test_another_format_to_json_is_a_usage_error(self, tmp_path: Path) -> None:
        code, _, err = run(
            "export", "--format", "graphml", "-o", str(tmp_path / "g.json")
        )
        assert code == 2
        assert "the suffix of" in err

    def test_a_data_package_is_a_folder_of_any_name(self, tmp_path: Path) -> None:
        folder = tmp_path / "out.json"
        assert run("export", "--format", "datapackage", "-o", str(folder))[0] == 0
        assert (folder / "datapackage.json").is_file()

    @pytest.mark.parametrize(
        ("fmt", "what"), [("xlsx", "a file"), ("datapackage", "a folder")]
    )
    def test_a_file_format_needs_a_name(self, fmt: str, what: str) -> None:
        for output in ([], ["-o", "-"]):
            code, out, err = run("export", "--format", fmt, *output)
            assert (code, out) == (2, "")
            assert f"--format {fmt} writes {what}, not standard output" in err

    def test_an_xlsx_export_is_written(self, tmp_path: Path) -> None:
        path = tmp_path / "s.xlsx"
        assert run("export", "--format", "xlsx", "-o", str(path)) == (0, "", "")
        assert path.stat().st_size > 0

    def test_diff_refuses_an_overlay_in_every_place(self, tmp_path: Path) -> None:
        for argv in (
            ["diff", "--release", "1.0.0", OVERLAY],
            ["diff", OVERLAY, FICTIONAL],
            ["diff", FICTIONAL, OVERLAY],
        ):
            code, _, err = run(*argv)
            assert code == 2, argv
            assert "is an overlay: ncts diff compares strategies" in err, argv
        code, _, err = run("diff", FICTIONAL, FICTIONAL, "--strategy", FICTIONAL)
        assert code == 2
        assert "with two files, leave out --strategy" in err

    def test_schema_and_help_exit_0(self) -> None:
        assert run("schema")[0] == 0
        assert run("--help")[0] == 0
        assert run("show", "--help")[0] == 0

    def test_the_version_of_a_broken_installation(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def broken(*args: object, **kwargs: object) -> None:
            raise ncts.ParseError("broken")

        monkeypatch.setattr("ncts._cli.load", broken)
        assert main(["--version"]) == 0
        assert capsys.readouterr().out.endswith(" (data unavailable)\n")

    def test_an_input_with_an_unknown_suffix(self) -> None:
        """A strategy is no spreadsheet, and an input is read, not written."""
        code, _, err = run("get", "VK6", "--strategy", "s.csv")
        assert code == 2
        assert (
            "cannot tell the format of 's.csv' from its suffix: use .yaml, .yml, "
            ".json, or '-' for standard input" in err
        )


class _PipeToNowhere(io.StringIO):
    """Standard output on a real file descriptor, whose reader went away."""

    def __init__(self, fd: int, error: BaseException) -> None:
        super().__init__()
        self.fd, self.error = fd, error

    def fileno(self) -> int:
        return self.fd

    def write(self, text: str) -> int:
        raise self.error


class TestTheProcessItself:
    @pytest.mark.parametrize(
        ("error", "code"), [(BrokenPipeError(), 0), (OSError(28, "disk full"), 74)]
    )
    def test_standard_output_is_pointed_at_the_null_device(
        self,
        error: BaseException,
        code: int,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """After a failed write to the real standard output, its descriptor goes to
        the null device, so that the interpreter's last flush cannot fail."""
        import os

        with open(tmp_path / "out", "w", encoding="utf-8") as file:
            monkeypatch.setattr(sys, "stdout", _PipeToNowhere(file.fileno(), error))
            err = io.StringIO()
            assert main(["show"], err=err) == code
            now, null = os.fstat(file.fileno()), os.stat(os.devnull)
            assert (now.st_dev, now.st_ino) == (null.st_dev, null.st_ino)
        assert ("disk full" in err.getvalue()) is (code == 74)

    def test_the_arguments_of_the_process(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "argv", ["ncts", "get", "VK6", "--format", "json"])
        out = io.StringIO()
        assert main(out=out) == 0
        assert out.getvalue().startswith("{")

    def test_run_as_a_module(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        import runpy

        monkeypatch.setattr(sys, "argv", ["ncts", "schema"])
        with warnings.catch_warnings():
            # runpy's warning that ncts._cli is imported already (by this test)
            warnings.filterwarnings("ignore", "'ncts._cli' found", RuntimeWarning)
            with pytest.raises(SystemExit) as exit:
                runpy.run_module("ncts._cli", run_name="__main__")
        assert exit.value.code == 0
        assert capsys.readouterr().out.startswith("{")

    def test_an_unknown_command(self) -> None:
        code, out, err = run("bogus")
        assert (code, out) == (2, "")
        assert "invalid choice: 'bogus'" in err

    def test_the_options_in_the_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["--help"]) == 0
        assert "COMMAND" in capsys.readouterr().out
        assert main(["get", "--help"]) == 0
        assert "--strategy FILE" in capsys.readouterr().out
        code, _, err = run("show", "-f", FICTIONAL)
        assert code == 2
        assert "unrecognized arguments: -f" in err

    def test_search_takes_english_and_shows_twenty(self) -> None:
        assert run("search", "the", "--lang", "en")[0] == 0
        hits = run("search", "de")[1].splitlines()
        assert len(hits) == 20
        assert len(run("search", "de", "--limit", "21")[1].splitlines()) == 21

    def test_convert_writes_any_output_and_says_so(self) -> None:
        code, _, err = run("convert", FICTIONAL, "x.txt")
        assert code == 2
        assert ".json, .xlsx, .csv, or '-' for standard output" in err

    def test_standard_input_is_read_as_bytes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Bytes that are not UTF-8 are reported with their line and column."""
        stdin = io.TextIOWrapper(io.BytesIO(b"id: caf\xe9\n"))
        monkeypatch.setattr(sys, "stdin", stdin)
        code, out, _ = run("validate", "-")
        assert (code, out) == (
            1,
            "<stdin>:1:8: the file is not valid UTF-8 (byte 0xe9): save it as UTF-8\n",
        )


class TestTheParserAtItsEdges:
    """What the mutation run of the parser's half of _cli found unpinned."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["show", "-", "--strategy", "-"],
            ["get", "VK", "--strategy", "-", "--overlay", "-"],
            ["get", "VK", "-f", "-", "--overlay", "-"],
            ["export", "--format", "node-link", "--overlay", "-", "--overlay", "-"],
        ],
    )
    def test_standard_input_is_read_once_whichever_options_name_it(
        self, argv: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
        code, out, err = run(*argv)
        assert (code, out) == (2, "")
        assert (
            f"ncts: error: standard input ('-') can be read only once (see 'ncts {argv[0]} --help')"
            in err
        )

    def test_an_unknown_command_lists_the_commands(self) -> None:
        code, _, err = run("shwo")
        assert code == 2
        assert "invalid choice: 'shwo'" in err
        for verb in ("show", "get", "search", "export", "diff", "validate"):
            assert f"'{verb}'" in err

    def test_the_usage_names_the_command_and_the_file(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run("--help")[0] == 0  # argparse prints help to sys.stdout
        assert "usage: ncts [-h] [--version] COMMAND ..." in capsys.readouterr().out
        assert run("get", "--help")[0] == 0
        assert "--strategy FILE, -s FILE" in capsys.readouterr().out

    def test_a_template_offers_the_ids_in_200_rows(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "t.xlsx"
        assert run("template", str(path))[0] == 0
        sheet = openpyxl.load_workbook(path)["records"]
        ranges = {str(v.sqref) for v in sheet.data_validations.dataValidation}
        assert ranges
        assert all(r.endswith("201") for r in ranges)  # rows 2 to 201

    def test_a_bug_is_reported_as_one_of_ncts(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(*args: object, **kwargs: object) -> None:
            raise ZeroDivisionError("bug")

        monkeypatch.delenv("NCTS_DEBUG", raising=False)
        monkeypatch.setattr("ncts._cli.render_tree", broken)
        _, _, err = run("show")
        assert err == (
            "ncts: internal error: a bug in ncts, while running the command: "
            "ZeroDivisionError: bug. Your "
            "input may well be fine: please report this, with the traceback "
            "(NCTS_DEBUG=1 shows the traceback)\n"
        )


#: Ways to name a file that already has a name: the output is the same file.
_OTHER_NAMES: dict[str, Callable[[Path], str]] = {
    "the same name": lambda path: str(path),
    "relative, with ./": lambda path: os.path.relpath(path),
    "through its folder's ..": lambda path: str(
        path.parent / ".." / path.parent.name / path.name
    ),
    "a symbolic link": lambda path: _link(path, symbolic=True),
    "a hard link": lambda path: _link(path, symbolic=False),
}


def _link(path: Path, *, symbolic: bool) -> str:
    other = path.with_name("other" + path.suffix)
    (os.symlink if symbolic else os.link)(path.name if symbolic else path, other)
    return str(other)


#: Each verb that writes a file, with the input named again (as its suffix and
#: text: a strategy as JSON, so that the output's suffix names an export format).
_WRITERS: dict[str, tuple[list[str], tuple[str, Callable[[], str]]]] = {
    "export, the strategy": (
        ["export", "-s", "{input}", "-o", "{output}"],
        (".json", lambda: ncts.dumps(ncts.load(FICTIONAL), "json")),
    ),
    "export, an overlay": (
        ["export", "--overlay", "{input}", "--format", "mermaid", "-o", "{output}"],
        (".yaml", lambda: Path(OVERLAY).read_text(encoding="utf-8")),
    ),
    "convert, the input": (
        ["convert", "{input}", "{output}"],
        (".yaml", lambda: Path(OVERLAY).read_text(encoding="utf-8")),
    ),
    "convert, the strategy": (
        ["convert", OVERLAY, "-s", "{input}", "{output}"],
        (".yaml", lambda: Path(FICTIONAL).read_text(encoding="utf-8")),
    ),
}


class TestNoVerbReplacesItsInput:
    @pytest.mark.parametrize("writer", sorted(_WRITERS))
    @pytest.mark.parametrize("naming", sorted(_OTHER_NAMES))
    def test_an_output_that_is_an_input_is_refused(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        writer: str,
        naming: str,
    ) -> None:
        """export -s my.json -o my.json replaced the strategy with a graph, exit 0:
        an output that is an input, by any name, is a usage error, and the file is
        left as it was."""
        monkeypatch.chdir(tmp_path)
        argv, (suffix, text) = _WRITERS[writer]
        path = tmp_path / ("input" + suffix)
        path.write_text(text(), encoding="utf-8")
        before = path.read_bytes()
        output = _OTHER_NAMES[naming](path)
        code, out, err = run(*(a.format(input=str(path), output=output) for a in argv))
        assert (code, out) == (2, "")
        assert err == (
            f"ncts: error: the output {output!r} is the input {str(path)!r}: write to "
            "another file (ncts never replaces a file it reads)\n"
        )
        assert path.read_bytes() == before

    def test_a_new_output_beside_the_input_is_written(self, tmp_path: Path) -> None:
        code, _, err = run("convert", OVERLAY, str(tmp_path / "copy.json"))
        assert (code, err) == (0, "")
        assert ncts.load_overlay(tmp_path / "copy.json") == ncts.load_overlay(OVERLAY)

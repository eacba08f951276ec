"""The command line against hostile files, hostile terminals and hostile arguments.

Classes of defect from the attack review (F6-F9, F11-F13, F17), each with tests
that generate members of the class:

- nothing from a file reaches a terminal raw (every verb, every text, ID, key and
  file name; strategies and overlays);
- a changelog (Diff.to_markdown) and the HTML tables cannot be forged;
- the CLI never shows a traceback (closed or full output, a C locale, Ctrl-C);
- only regular files are read, writes keep links, modes and owners, ``-`` is
  standard input or output;
- usage errors exit 2 with one line;
- a fuzzer over documents and arguments.

``NCTS_FUZZ_EXAMPLES=20000`` runs the fuzzer (and the other properties) long.
"""

import contextlib
import copy
import io
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts._cli import main
from ncts._convert import unstructure
from ncts._diff import Change, Diff, FieldChange
from ncts._export import EXPORT_FORMATS
from ncts._yaml import dump_yaml
from ncts.testing import strategies

from .test_fuzz import _SETTINGS, _mutated, _written

# The fuzz tests' settings: their profile, or NCTS_FUZZ_EXAMPLES examples each.
_LONG = _SETTINGS

SCRIPT = Path(sys.executable).parent / "ncts"
CORPUS = Path(__file__).resolve().parent / "corpus"
TEMPLATE = ncts.example_path("template.yaml")
OVERLAY = ncts.example_path("overlay.yaml")

# Characters that act on a terminal or hide there, written out by hand (not taken
# from ncts): ANSI sequences, C0 and C1 controls, bidirectional controls,
# zero-width and other format characters, line and paragraph separators.
_HOSTILE = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b[8m",
    "\x9b31m",
    "\x07",
    "\x08",
    "\x00",
    "\x7f",
    "\x85",
    "\r",
    "\n",
    "\n\n## Removed\n\n- goal `VK6`: x",
    "\t",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\u3164",
    "\U000e0001",
]
_MARKUP = ["<img src=x onerror=alert(1)>", "`", "``", "*", "_", "[a](b)", "#", "&lt;"]
_MARKUP += ["|", "~~", "$x$", "\\", "!", "</td>", "<script>", "-", "1."]


def _hostile_text() -> st.SearchStrategy[str]:
    """A text that starts with a letter and holds hostile characters and markup."""
    part = st.sampled_from(_HOSTILE + _MARKUP + ["a", "é", "  ", "\U0001f600"])
    return st.lists(part, min_size=1, max_size=4).map(lambda p: "x" + "".join(p))


def _raw(text: str, allowed: str = "\n") -> list[str]:
    """The characters of *text* that must never reach a terminal raw."""
    return [
        c
        for c in text
        if c not in allowed
        and (
            unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
            or c in "\u3164\u115f\u1160\uffa0"
        )
    ]


def _assert_safe(out: str, err: str, allowed: str = "\n") -> None:
    assert "Traceback" not in out + err
    assert not _raw(out, allowed), _raw(out, allowed)
    assert not _raw(err), _raw(err)
    for line in err.splitlines():  # every message line is ncts's own
        assert line.startswith(
            ("ncts: error: ", "ncts: warning: ", "ncts: no hits for ", "  ")
        ), line


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


_TEXT_KEYS = {"nl", "en", "rationale", "publisher", "note", "url", "section"}
_TEXT_KEYS |= {"quote", "data_version", "owner", "description"}


def _slots(node: Any, key: str, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every place in a document that holds a text: (container, key or index)."""
    if isinstance(node, dict):
        node.pop("errata", None)  # errata must quote the text they correct
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return out
    for k, v in list(items):
        name = k if isinstance(k, str) else key
        if isinstance(v, str) and name in _TEXT_KEYS | {"title"}:
            out.append((node, k))
        else:
            _slots(v, name, out)
    return out


def _hostile_doc(doc: Any) -> st.SearchStrategy[Any]:
    """Replace every text of a document with a hostile one; maybe add a bad key."""
    n = len(_slots(copy.deepcopy(doc), "", []))

    def fill(drawn: tuple[list[str], str | None]) -> Any:
        texts, key = drawn
        new = copy.deepcopy(doc)
        for (node, k), text in zip(_slots(new, "", []), texts, strict=True):
            node[k] = text
        if key is not None:
            new[key] = key
        return new

    texts = st.lists(_hostile_text(), min_size=n, max_size=n)
    return st.tuples(texts, st.none() | _hostile_text()).map(fill)


def _strategy_doc() -> st.SearchStrategy[Any]:
    small = strategies(max_areas=2, max_speerpunten=2, max_goals=2, max_links=4)
    return small.map(unstructure).flatmap(_hostile_doc)


_BASES = [
    unstructure(ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))),
    unstructure(ncts.load(TEMPLATE)),
]


def _example_doc() -> st.SearchStrategy[Any]:
    """The example strategies with every text hostile (cheaper than strategies())."""
    return st.sampled_from(_BASES).flatmap(_hostile_doc)


def _overlay_doc() -> st.SearchStrategy[Any]:
    return st.just(unstructure(ncts.load_overlay(OVERLAY))).flatmap(_hostile_doc)


@contextlib.contextmanager
def _files(**docs: Any) -> Iterator[Path]:
    """Write documents (YAML for *.yaml names, else JSON) into a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        for name, doc in docs.items():
            text = dump_yaml(doc) if name.endswith("yaml") else json.dumps(doc)
            (Path(folder) / name.replace("__", ".")).write_text(text, encoding="utf-8")
        yield Path(folder)


def _ids(doc: Any) -> list[str]:
    ids = [doc["id"]]
    for key in ("goals", "focus_themes", "areas", "sources"):
        ids += [item["id"] for item in doc.get(key, [])]
    return ids


# The verbs, with the arguments after the file: each must escape what it shows.
_VERBS: list[tuple[str, ...]] = [
    ("show", "{f}"),
    ("show", "{f}", "--format", "yaml"),
    ("show", "{f}", "--format", "json"),
    ("show", "{f}", "--lang", "en"),
    ("get", "{id}", "-s", "{f}"),
    ("get", "{id}", "-s", "{f}", "--format", "json"),
    ("search", "x", "-s", "{f}"),
    ("search", "x", "-s", "{f}", "--format", "json"),
    ("validate", "{f}"),
    ("convert", "{f}", "-"),
    ("diff", "{f}"),
    ("diff", "{f}", "{f}"),
    ("diff", "{f}", "--format", "json"),
    # xlsx and datapackage write files only (-o), never to the terminal.
    *(
        ("export", "--format", fmt, "-s", "{f}")
        for fmt in sorted(EXPORT_FORMATS)
        if fmt not in ("xlsx", "datapackage")
    ),
]


class TestNothingRawReachesTheTerminal:
    """F6: every verb, every field and key, strategies and overlays, file names."""

    @staticmethod
    def _run_verb(verb: tuple[str, ...], path: Path, doc: Any, id: str) -> None:
        argv = [a.format(f=path, id=id) for a in verb]
        code, out, err = run(*argv)
        assert code in (0, 1), (argv, code, err)
        _assert_safe(out, err, allowed="\n\t" if verb[0] == "search" else "\n")

    @_LONG
    @given(
        doc=_example_doc(),
        data=st.data(),
        fmt=st.sampled_from(["yaml", "json"]),
        verbs=st.lists(st.sampled_from(_VERBS), min_size=1, max_size=2),
    )
    def test_every_verb(
        self, doc: Any, data: st.DataObject, fmt: str, verbs: list[tuple[str, ...]]
    ) -> None:
        """Hostile texts, keys and file names come out escaped, on stdout and stderr."""
        name = data.draw(_hostile_text().map(lambda t: re.sub("[/\0]", "", t)))
        with _files(**{f"{name}__{fmt}": doc}) as folder:
            for verb in verbs:
                id = data.draw(st.sampled_from(_ids(doc)), "id")
                self._run_verb(verb, folder / f"{name}.{fmt}", doc, id)

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_every_verb_once(self, fmt: str) -> None:
        """Each verb on one example with every text hostile (the property above
        draws a few verbs per example)."""
        doc = unstructure(ncts.load(ncts.example_path("fictiestad-2025-2028.yaml")))
        for node, key in _slots(doc, "", []):
            node[key] = f"x{node[key]}\x1b[2J\u202e\n\n## forged\u2066 <b>"
        doc["bad\x1b]0;x\x07key\u202e"] = 1
        name = "n\x1b[2J\u202e\nx"
        with _files(**{f"{name}__{fmt}": doc}) as folder:
            for verb in _VERBS:
                for id in _ids(doc):
                    self._run_verb(verb, folder / f"{name}.{fmt}", doc, id)
                    if "{id}" not in verb:
                        break

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    @_LONG
    @given(doc=_overlay_doc(), strategy=_example_doc(), verb=st.integers(0, 2))
    def test_overlays(self, fmt: str, doc: Any, strategy: Any, verb: int) -> None:
        """Overlays with hostile texts and keys, alone and against a strategy."""
        with _files(**{f"o__{fmt}": doc, "s__yaml": strategy}) as folder:
            overlay = str(folder / f"o.{fmt}")
            argv = [
                ("validate", overlay),
                ("validate", overlay, "--strategy", str(folder / "s.yaml")),
                ("convert", overlay, "-"),
            ][verb]
            code, out, err = run(*argv)
            assert code in (0, 1), (argv, err)
            _assert_safe(out, err)

    @_LONG
    @given(doc=_example_doc(), out_fmt=st.sampled_from(["yaml", "json"]))
    def test_documents_on_stdout_stay_the_same_data(
        self, doc: Any, out_fmt: str
    ) -> None:
        """YAML and JSON on standard output use their own escapes: lossless."""
        doc.pop(next((k for k in doc if k not in _BASES[0]), ""), None)
        with _files(s__json=doc) as folder:
            path = folder / "s.json"
            try:
                expected = ncts.load(path)
            except ncts.NctsError:
                return
            code, out, _ = run("show", str(path), "--format", out_fmt)
        assert code == 0
        assert not _raw(out)
        assert ncts.loads(out, out_fmt) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "name", sorted(p.name for p in CORPUS.glob("cli-*")), ids=str
    )
    def test_corpus_files(self, name: str) -> None:
        """The review's cases kept in tests/corpus (cli-*), through every verb."""
        for verb in _VERBS:
            code, out, err = run(*(a.format(f=CORPUS / name, id="S1") for a in verb))
            assert code in (0, 1), (verb, err)
            _assert_safe(out, err, allowed="\n\t" if verb[0] == "search" else "\n")

    def test_review_reproduction(self, tmp_path: Path) -> None:
        """The review's own files: ANSI in a title, ESC and U+202E in a key."""
        ansi = tmp_path / "ansi.yaml"
        ansi.write_text(
            'id: S1\ntitle: {nl: "T \\e]0;pwned\\a\\e[2J"}\nperiod: {start: 2024, '
            'end: 2026}\ndata_version: "1"\n"bad\\e[2Jkey\\u202e": 1\n'
        )
        code, out, err = run("validate", str(ansi))
        assert code == 1
        assert "bad\\x1b[2Jkey\\u202e" in out
        _assert_safe(out, err)
        ansi.write_text(ansi.read_text().replace('"bad\\e[2Jkey\\u202e": 1\n', ""))
        code, out, _ = run("show", str(ansi))
        assert out.splitlines() == ["S1  T \\x1b]0;pwned\\x07\\x1b[2J (2024-2026)"]

    def test_a_newline_in_a_text_forges_no_line(self, tmp_path: Path) -> None:
        """A text with line breaks stays on its own line in show, get and search."""
        s = ncts.load(TEMPLATE)
        forged = "a\nG9  forged line\r\nmore"
        doc = unstructure(s)
        doc["title"]["nl"] = forged
        path = tmp_path / "s.yaml"
        path.write_text(dump_yaml(doc))
        _, out, _ = run("show", str(path))
        assert len(out.splitlines()) == len(run("show", str(TEMPLATE))[1].splitlines())
        assert "G9  forged line" not in out.splitlines()


def _html_parts(html: str) -> tuple[list[str], str]:
    tags: list[str] = []
    texts: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
            tags.append(tag)
            for name, _ in attrs:
                assert name in ("class", "style"), name

        def handle_data(self, data: str) -> None:
            texts.append(data)

    Parser(convert_charrefs=True).feed(html)
    return tags, "".join(texts)


_HTML_TAGS = {"style", "table", "caption", "thead", "tbody", "tr", "th", "td"}
_HTML_TAGS |= {"b", "code", "br", "span"}


class TestHtmlIsEscaped:
    """The notebook tables: hostile texts add no tag, no attribute, no row."""

    @_LONG
    @given(doc=_example_doc(), overlay=_overlay_doc())
    def test_strategy_element_overlay_diff(self, doc: Any, overlay: Any) -> None:
        from ncts._overlay import Overlay

        with _files(s__json=doc, o__json=overlay) as folder, warnings.catch_warnings():
            warnings.simplefilter("ignore", ncts.EditionWarning)
            try:
                s = ncts.load(folder / "s.json")
                o: Overlay | None = ncts.load_overlay(folder / "o.json")
            except ncts.NctsError:
                return
        clean = ncts.load(TEMPLATE)
        for obj, rows in (
            (s, len(s.goals) + len(s.focus_themes) + len(s.areas) + len(s.speerpunten)),
            (o, len(o.records) if o else 0),
            (ncts.diff(clean, s), None),
            *((e, None) for e in s.elements() if e.element_type != "source"),
        ):
            html = obj._repr_html_()  # type: ignore[union-attr]
            tags, text = _html_parts(html)
            assert set(tags) <= _HTML_TAGS
            assert not _raw(text)
            if rows is not None:
                assert tags.count("tr") == 1 + rows


# F7: the Markdown changelog.


def _markdown_shape(markdown: str) -> list[str]:
    """The structure of a Markdown changelog, one word per line."""
    shape = []
    for line in markdown.split("\n"):
        if not line:
            shape.append("blank")
        elif line.startswith("# "):
            shape.append("h1")
        elif line.startswith("## "):
            shape.append("h2 " + line)  # the heading's own text is ncts's
        elif line.startswith("- "):
            shape.append("item")
        elif line.startswith("  - "):
            shape.append("field")
        else:
            shape.append("text " + line)
    return shape


def _check_inline(line: str) -> None:
    """No markup outside code spans except what a backslash escapes."""
    i = 0
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            fence = re.match("`+", line[i:]).group()  # type: ignore[union-attr]
            close = re.compile(f"(?<!`){fence}(?!`)")
            end = close.search(line, i + len(fence))
            assert end, f"unclosed code span in {line!r}"
            i = end.end()
            continue
        if c == "_" and line[i - 1 : i].isalnum() and line[i + 1 : i + 2].isalnum():
            i += 1  # inside a word: never emphasis
            continue
        assert c not in "*_[]<>&#|~!$", f"unescaped {c!r} in {line!r}"
        i += 1


def _check_markdown(markdown: str) -> None:
    assert not _raw(markdown)
    for line in markdown.split("\n"):
        _check_inline(re.sub(r"^(#+ |- |  - )", "", line))


_VALUE = st.none() | _hostile_text() | st.integers() | st.lists(_hostile_text())


@st.composite
def _diffs(draw: st.DrawFn, hostile: bool) -> Diff:
    text = _hostile_text() if hostile else st.just("x")
    changes = []
    kinds: list[Literal["added", "removed", "changed"]] = draw(
        st.lists(st.sampled_from(["added", "removed", "changed"]))
    )
    for kind in kinds:
        fields = tuple(
            FieldChange(draw(text), draw(_VALUE), draw(_VALUE))
            for _ in range(draw(st.integers(0, 3)))
        )
        type = draw(st.sampled_from(["goal", "link", "speerpunt"]) | text)
        changes.append(Change(kind, draw(text), type, fields))
    return Diff(draw(text), draw(text), tuple(changes))


def _twin(d: Diff) -> Diff:
    """The same diff with every text replaced by 'x' (values keep their None)."""

    def x(value: Any) -> Any:
        return None if value is None else "x"

    return Diff(
        "x",
        "x",
        tuple(
            Change(
                c.kind,
                "x",
                c.type if c.type in ("goal", "link", "speerpunt") else "x",
                tuple(FieldChange("x", x(f.old), x(f.new)) for f in c.fields),
            )
            for c in d.changes
        ),
    )


class TestChangelogCannotBeForged:
    @_LONG
    @given(_diffs(hostile=True))
    def test_structure_depends_only_on_the_diff(self, d: Diff) -> None:
        """Headings and list items are those of the same diff with plain texts."""
        markdown = d.to_markdown()
        assert _markdown_shape(markdown) == _markdown_shape(_twin(d).to_markdown())
        _check_markdown(markdown)

    @_LONG
    @given(old=_example_doc(), new=_example_doc())
    def test_real_diffs_of_hostile_strategies(self, old: Any, new: Any) -> None:
        """diff() of two hostile strategies: one item per change, nothing forged."""
        with _files(a__json=old, b__json=new) as folder:
            try:
                a, b = ncts.load(folder / "a.json"), ncts.load(folder / "b.json")
            except ncts.NctsError:
                return
        d = ncts.diff(a, b)
        markdown = d.to_markdown()
        shape = _markdown_shape(markdown)
        assert shape.count("item") == len(d.changes)
        assert shape.count("field") == sum(len(c.fields) for c in d.of("changed"))
        assert sum(s.startswith("h") for s in shape) == 1 + len(
            {c.kind for c in d.changes}
        )
        assert not [s for s in shape if s.startswith("text")] or not d.changes
        _check_markdown(markdown)

    def test_review_reproduction(self) -> None:
        """A new goal's text cannot add a '## Removed' section or raw HTML."""
        s = ncts.load(TEMPLATE)
        text = "x\n\n## Removed\n\n- goal `VK6`: <img src=x onerror=alert(1)>"
        new = attrs.evolve(s, goals=(ncts.Goal("G9", ncts.Text(text)),))
        markdown = ncts.diff(s, new).to_markdown()
        assert [line for line in markdown.splitlines() if line.startswith("#")] == [
            f"# Changes from {s.id} {s.data_version} to {s.id} {s.data_version}",
            "## Added",
        ]
        assert "<img" not in markdown.replace("\\<img", "")

    def test_id_reference_and_render_tree(self) -> None:
        """The docs generator and the text tree escape what they show as well."""
        from ncts._cli import render_tree
        from ncts._docs import id_reference

        s = ncts.load(TEMPLATE)
        hostile = "x\n# forged | <b>\x1b[2J\u202e"
        s = attrs.evolve(s, title=ncts.Text(hostile))
        page = id_reference(s)
        assert not _raw(page.replace("\n", ""))
        assert [line for line in page.splitlines() if line.startswith("#")] == [
            page.splitlines()[0]
        ]
        assert page.splitlines()[0].count("|") == 0 or "\\|" in page.splitlines()[0]
        tree = list(render_tree(s))
        assert len(tree) == len(list(render_tree(ncts.load(TEMPLATE))))
        assert not any(_raw(line) for line in tree)


# F8, F17: the CLI never shows a traceback; real processes.


def _process(
    argv: list[str], *, shell_redirect: str = "", **kwargs: Any
) -> subprocess.CompletedProcess[bytes]:
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", str(SCRIPT), *argv]
    else:
        command = [str(SCRIPT), *argv]
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(command, stderr=subprocess.PIPE, timeout=60, **kwargs)


_WRITERS = [
    ["show"],
    ["get", "VK6"],
    ["search", "terrorisme"],
    ["validate", str(TEMPLATE)],
    ["schema"],
    ["export", "--format", "dot"],
    ["diff", str(TEMPLATE)],
    ["convert", str(TEMPLATE), "-"],
]


class TestNoTraceback:
    @pytest.mark.parametrize("argv", _WRITERS, ids=" ".join)
    def test_closed_stdout(self, argv: list[str]) -> None:
        """>&-: one line on stderr, exit 74."""
        done = _process(argv, shell_redirect=">&-", stdout=None)
        assert done.returncode == 74, done.stderr
        assert done.stderr == b"ncts: error: standard output is closed\n"

    @pytest.mark.parametrize("argv", _WRITERS, ids=" ".join)
    def test_full_disk(self, argv: list[str]) -> None:
        """>/dev/full: one line naming the reason, exit 74."""
        with open("/dev/full", "w") as full:
            done = _process(argv, stdout=full)
        assert done.returncode == 74, done.stderr
        assert done.stderr.decode().splitlines() == [
            "ncts: error: cannot write to standard output: No space left on device"
        ]

    @pytest.mark.parametrize(
        "argv",
        [
            ["show"],
            ["search", "financiele"],
            ["diff", "{f}"],
            ["get", "G9", "-s", "{f}"],
        ],
        ids=" ".join,
    )
    def test_c_locale_escapes(self, argv: list[str], tmp_path: Path) -> None:
        """LC_ALL=C without UTF-8 mode: ASCII output with escapes, not a crash."""
        path = tmp_path / "ë.yaml"
        s = ncts.load(TEMPLATE)
        goal = ncts.Goal("G9", ncts.Text("één \u202e\x1b[2J doel"))
        ncts.dump(attrs.evolve(s, goals=(goal,)), path)
        env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
        env["PYTHONCOERCECLOCALE"] = "0"
        done = _process([a.format(f=path) for a in argv], env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.isascii()
        assert done.stderr.isascii()
        assert b"Traceback" not in done.stderr
        assert b"\\x" in done.stdout or b"\\u" in done.stdout

    def test_closed_pipe_is_quiet(self) -> None:
        """A reader that stops early: exit 0, nothing on stderr."""
        process = subprocess.Popen(
            [str(SCRIPT), "show", "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.close()
        _, err = process.communicate(timeout=60)
        assert (process.returncode, err) == (0, b"")

    @pytest.mark.parametrize(
        "module", ["ncts", "yaml", "cattrs", "ncts._io", "ncts._cli"]
    )
    def test_interrupt_while_modules_import(self, module: str) -> None:
        """SIGINT exactly while a module of the start-up imports: exit 130, one line.

        The command reads a file, so that the loaders and their libraries import
        (the bundled strategy alone needs neither cattrs nor PyYAML); a module
        that no longer imports ends the run with 0, and the test fails."""
        code = f"""
import importlib.abc, os, signal, sys
class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["ncts", "show", "--strategy", {str(TEMPLATE)!r}]
import _ncts_entry
_ncts_entry.run()
"""
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            timeout=60,
            preexec_fn=_interruptible,
        )
        assert done.returncode == 130, done.stderr
        assert done.stderr == b"ncts: interrupted\n"

    def test_interrupt_at_any_moment(self) -> None:
        """SIGINT to the real command at moments from 0.02 s on: never a traceback
        through ncts. (Before ncts's entry point runs, Python itself is starting and
        handles the signal; its own traceback there names no ncts file.)"""
        outcomes: list[int] = []
        # Later moments only while no interrupt has landed in ncts yet (a loaded
        # machine starts Python slowly) and the command has not ended before it.
        later = (0.75, 1.0, 1.5, 2.0, 3.0)
        for delay in (0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, *later):
            if delay in later and (130 in outcomes or outcomes[-1] == 0):
                break
            process = subprocess.Popen(
                [str(SCRIPT), "diff", str(TEMPLATE)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                preexec_fn=_interruptible,
            )
            time.sleep(delay)
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
            text = err.decode()
            # A frame in one of ncts's files: the package or its entry module.
            # (The script's own line, "from _ncts_entry import run", is not one.)
            ours = "Traceback" in text and re.search(
                r'File "[^"]*[/\\](?:ncts[/\\]\w+|_ncts_entry)\.py"', text
            )
            assert not ours, (delay, text)
            outcomes.append(process.returncode)
            assert process.returncode in (0, 130, -signal.SIGINT, 1), (delay, text)
        assert 130 in outcomes  # most moments fall inside ncts's own start-up


def _interruptible() -> None:
    """In the child, before it runs: SIGINT's default action, as at a terminal.

    A test run started in the background by a script (``cmd &``) ignores SIGINT,
    and a child inherits that: Python then installs no handler, and no interrupt
    lands. The tests are about ncts's handling, not the parent's.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# F9, F11: regular files only; writes keep links, modes and owners; '-'.


def _fifo(folder: Path) -> Path:
    path = folder / "f.yaml"
    os.mkfifo(path)
    return path


def _device(folder: Path) -> Path:
    path = folder / "d.yaml"
    path.symlink_to("/dev/null")
    return path


def _socket(folder: Path) -> Path:
    path = folder / "s.yaml"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))  # the socket file stays after the socket is closed
    return path


def _folder(folder: Path) -> Path:
    path = folder / "dir.yaml"
    path.mkdir()
    return path


class TestOnlyRegularFiles:
    @pytest.mark.parametrize("make", [_fifo, _device, _socket, _folder])
    @pytest.mark.parametrize(
        "how",
        [
            "ncts.load(p)",
            "ncts.load_overlay(p)",
            "sys.exit(main(['validate', p]))",
            "sys.exit(main(['show', p]))",
            "sys.exit(main(['convert', p, p + '.json']))",
        ],
    )
    def test_refused_before_anything_blocks(
        self, make: Any, how: str, tmp_path: Path
    ) -> None:
        """A FIFO without a writer, a device, a socket, a folder: FileError at once
        (in a process with a timeout, so that a regression cannot hang the suite)."""
        path = make(tmp_path)
        code = f"""
import sys, ncts
from ncts._cli import main
p = {str(path)!r}
try:
    {how}
except ncts.FileError as exc:
    print("FileError", exc)
"""
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=30
        )
        said = done.stdout + done.stderr
        assert "not a regular file" in said or "it is a folder" in said, said
        assert "Traceback" not in said
        assert done.returncode in (0, 1)

    @pytest.mark.parametrize(
        "call",
        [
            lambda p: ncts.load(p),
            lambda p: ncts.load_overlay(p),
            lambda p: ncts.dump(ncts.load(TEMPLATE), p),
            lambda p: ncts.export(ncts.load(TEMPLATE), p, "dot"),
        ],
    )
    @given(name=st.text(max_size=5))
    def test_nul_in_a_path(self, call: Any, name: str) -> None:
        """A file name with a NUL character is a FileError, for reads and writes."""
        with pytest.raises(ncts.FileError, match="NUL"):
            call(f"{name}\0x.yaml")
        assert run("show", f"x{name}\0.yaml")[0] == 1

    def test_symlink_is_kept_and_its_target_replaced(self, tmp_path: Path) -> None:
        real = tmp_path / "data" / "real.yaml"
        real.parent.mkdir()
        real.write_text("OLD\n")
        real.chmod(0o640)
        link = tmp_path / "link.yaml"
        link.symlink_to(Path("data") / "real.yaml")
        ncts.dump(ncts.load(TEMPLATE), link)
        assert link.is_symlink()
        assert ncts.load(real) == ncts.load(TEMPLATE)
        assert stat.S_IMODE(real.stat().st_mode) == 0o640
        assert sorted(p.name for p in real.parent.iterdir()) == ["real.yaml"]

    def test_dangling_symlink_gets_its_target(self, tmp_path: Path) -> None:
        link = tmp_path / "link.json"
        link.symlink_to(tmp_path / "new.json")
        ncts.dump(ncts.load(TEMPLATE), link)
        assert link.is_symlink()
        assert ncts.load(tmp_path / "new.json") == ncts.load(TEMPLATE)

    def test_new_file_mode_follows_the_umask(self, tmp_path: Path) -> None:
        old = os.umask(0o027)
        try:
            ncts.dump(ncts.load(TEMPLATE), tmp_path / "n.yaml")
        finally:
            os.umask(old)
        assert stat.S_IMODE((tmp_path / "n.yaml").stat().st_mode) == 0o640

    def test_owner_is_kept_where_allowed(self, tmp_path: Path) -> None:
        path = tmp_path / "s.yaml"
        path.write_text("old\n")
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(path, 65534, 65534)
        path.chmod(0o4640)
        ncts.dump(ncts.load(TEMPLATE), path)
        info = path.stat()
        assert (info.st_uid, info.st_gid) == (65534, 65534)
        assert stat.S_IMODE(info.st_mode) == 0o4640

    def test_hard_link_is_broken(self, tmp_path: Path) -> None:
        """Documented: the other name of a hard link keeps the old text."""
        path = tmp_path / "s.yaml"
        path.write_text("old\n")
        os.link(path, tmp_path / "other.yaml")
        ncts.dump(ncts.load(TEMPLATE), path)
        assert (tmp_path / "other.yaml").read_text() == "old\n"

    @pytest.mark.parametrize(
        "target", ["/dev/stdout", "/dev/ncts-test.yaml", "/proc/x.json"]
    )
    def test_never_writes_in_dev(
        self, target: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Refused before any file is made; guarded, so that a regression (run as
        root) fails here instead of replacing /dev/stdout."""
        touched: list[str] = []

        def guard(real: Any) -> Any:
            def call(path: Any, *args: Any, **kwargs: Any) -> Any:
                if str(path).startswith(("/dev", "/proc", "/sys")) or any(
                    str(a).startswith(("/dev", "/proc", "/sys")) for a in args[:1]
                ):
                    touched.append(str(path))
                    raise PermissionError(1, "guarded by the test", str(path))
                return real(path, *args, **kwargs)

            return call

        for name in ("open", "replace", "rename", "unlink"):
            monkeypatch.setattr(os, name, guard(getattr(os, name)))
        with pytest.raises(ncts.FileError, match="never in"):
            ncts.export(ncts.load(TEMPLATE), target, "dot")
        fmt = "node-link" if target.endswith(".json") else "dot"  # as the suffix says
        code, _, err = run("export", "--format", fmt, "-o", target)
        assert code == 1
        assert "ncts: error: cannot write" in err

    @pytest.mark.parametrize(
        "argv",
        [
            ["show", "-"],
            ["show", "-", "--format", "json"],
            ["validate", "-"],
            ["get", "my-strategy", "-s", "-"],
            ["search", "strategie", "-s", "-"],
            ["export", "--format", "mermaid", "-s", "-", "-o", "-"],
            ["diff", "-"],
            ["diff", str(TEMPLATE), "-"],
            ["convert", "-", "-"],
        ],
        ids=" ".join,
    )
    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_standard_input(self, argv: list[str], fmt: str) -> None:
        """'-' reads standard input (YAML or JSON) for every verb that takes a file."""
        data = ncts.dumps(ncts.load(TEMPLATE), fmt).encode()  # type: ignore[arg-type]
        done = _process(argv, input=data)
        assert done.returncode == 0, done.stderr
        assert done.stderr == b""
        assert done.stdout

    def test_convert_to_stdout_writes_the_other_format(self, tmp_path: Path) -> None:
        code, out, _ = run("convert", str(TEMPLATE), "-")
        assert code == 0
        assert ncts.loads(out, "json") == ncts.load(TEMPLATE)


# F12, F13: usage errors exit 2 with one line.


def _usage(*argv: str) -> None:
    code, _out, err = run(*argv)
    assert code == 2, (argv, code, err)
    assert len(err.splitlines()) == 1, err
    assert err.startswith("ncts: error: "), err
    assert not _raw(err)


_BAD_SUFFIX = st.text(st.characters(exclude_characters="\0/"), max_size=6).filter(
    lambda s: Path("x" + s).suffix.lower() not in (".yaml", ".yml", ".json")
)


class TestUsageErrors:
    @given(
        st.integers(max_value=0).map(str)
        | st.text(max_size=5).filter(
            lambda s: not s.strip().lstrip("+").isdecimal() or int(s) < 1
        )
    )
    def test_limit_below_one_or_not_a_number(self, limit: str) -> None:
        _usage("search", "terrorisme", f"--limit={limit}")

    @given(
        suffix=_BAD_SUFFIX,
        verb=st.sampled_from(
            [
                ("show", "{f}"),
                ("get", "VK6", "-s", "{f}"),
                ("search", "x", "-s", "{f}"),
                ("validate", "{f}"),
                ("convert", "{f}", "o.json"),
                ("convert", str(TEMPLATE), "{f}"),
                ("export", "--format", "dot", "-s", "{f}"),
                ("diff", "{f}"),
                ("diff", str(TEMPLATE), "{f}"),
                ("validate", str(TEMPLATE), "--strategy", "{f}"),
            ]
        ),
    )
    def test_unknown_suffix(self, suffix: str, verb: tuple[str, ...]) -> None:
        """A file name without .yaml, .yml or .json, in any file argument: exit 2."""
        _usage(*(a.format(f="x" + suffix) for a in verb))

    @given(st.text(max_size=8).filter(lambda s: s not in EXPORT_FORMATS))
    def test_unknown_format(self, fmt: str) -> None:
        _usage("export", f"--format={fmt}")
        _usage("show", f"--format={fmt}")

    @pytest.mark.parametrize(
        "argv",
        [
            ["diff", "-", "-"],
            ["validate", "-", "-"],
            ["validate", "-", "--strategy", "-"],
            ["convert", "-", "o.json", "--strategy", "-"],
        ],
        ids=" ".join,
    )
    def test_standard_input_twice(self, argv: list[str]) -> None:
        _usage(*argv)

    @given(st.lists(st.text(max_size=6), max_size=4))
    def test_junk_after_a_command_is_one_escaped_line(self, junk: list[str]) -> None:
        code, _out, err = run("schema", "strategy", "--", *junk, "extra")
        assert code == 2
        assert len(err.splitlines()) == 1
        assert not _raw(err)


# Item 12: the CLI fuzzer.

_OPTIONS = st.sampled_from(
    [
        [],
        ["--lang", "en"],
        ["--format", "json"],
        ["--format", "yaml"],
        ["--limit", "1"],
        ["--format", "markdown"],
        ["-o", "-"],
        ["--format", "dot"],
        ["--format", "mermaid"],
    ]
)
_VERB_NAMES = [
    "show",
    "get",
    "search",
    "validate",
    "convert",
    "export",
    "diff",
    "schema",
]


@st.composite
def _fuzz_document(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["example", "valid", "overlay", "mutated"]))
    if kind == "example":
        return draw(_example_doc())
    if kind == "overlay":
        return draw(_overlay_doc())
    doc = unstructure(draw(strategies(max_areas=2, max_speerpunten=2, max_links=3)))
    return draw(_mutated(doc)) if kind == "mutated" else doc


class TestFuzz:
    @_LONG
    @given(
        doc=_fuzz_document(),
        fmt=st.sampled_from(["yaml", "json"]),
        verb=st.sampled_from(_VERB_NAMES),
        words=st.lists(
            st.sampled_from(["VK6", "x", "G1", "-", "--", "terror"])
            | st.text(max_size=4),
            max_size=2,
        ),
        options=_OPTIONS,
    )
    def test_any_document_any_arguments(
        self, doc: Any, fmt: str, verb: str, words: list[str], options: list[str]
    ) -> None:
        """Exit 0, 1 or 2; never a traceback; no raw control character anywhere."""
        with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
            warnings.simplefilter("error")
            path = Path(folder) / f"d.{fmt}"
            try:
                path.write_text(_written(doc, fmt), encoding="utf-8")
            except UnicodeEncodeError:
                return
            file_args = {
                "show": [str(path)],
                "get": [*words[:1], "-s", str(path)],
                "search": [*(words or ["x"]), "-f", str(path)],
                "validate": [str(path)],
                "convert": [str(path), str(Path(folder) / "o.json")],
                "export": ["--format", "dot", "-f", str(path)],
                "diff": [str(path)],
                "schema": words[:1],
            }[verb]
            code, out, err = run(verb, *file_args, *options)
        assert code in (0, 1, 2), (code, err)
        _assert_safe(out, err, allowed="\n\t")

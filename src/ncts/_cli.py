"""The ``ncts`` command line.

Exit codes are in :data:`EXIT_CODES`. No mistake, and no failure of the output,
prints a traceback: every ncts error becomes a clear message on stderr. Nothing
from a file reaches the terminal raw: every text, ID, key and file name goes
through :func:`ncts._escape.printable`, so control characters, bidirectional
controls and line breaks from a file show as escapes. Output is plain text that
pipes well; colour only on a terminal, and never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from ._deprecate import Deprecation, make_registry
from ._errors import (
    FileError,
    FormatError,
    InternalError,
    NctsError,
    ParseError,
    ValidationError,
    counted,
)
from ._escape import Style, printable
from ._io import (
    _SEPARATORS,  # the ends of a folder's name, as atomic_write reads them
    DATA_RELEASES,
    MAX_BYTES,
    Format,
    atomic_write,
    decode,
    dumps,
    format_of,
    load,
    read_document,
)
from ._io import read_text as _read_file
from ._model import (
    Citation,
    Goal,
    GoalStatus,
    Kind,
    Link,
    Source,
    SourceRole,
    Strategy,
    Text,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._export import ExportFormat
    from ._overlay import Overlay

__all__ = [
    "EXIT_CODES",
    "build_parser",
    "main",
    "render_overlay",
    "render_tree",
    "wrap_line",
]

#: Every exit code of the command line, with what it means.
EXIT_CODES: dict[int, str] = {
    0: "success; also when the reader of the output stops early, as `head` does",
    1: "invalid data, nothing found, or a file that cannot be read or written",
    2: "a usage mistake: an unknown command or option, a bad value, a file name "
    "without a known suffix, standard input named twice",
    70: "an internal error: a bug in ncts, not a problem of the input; one line "
    "asks for a report, and with NCTS_DEBUG=1 the traceback follows",
    74: "the output could not be written: standard output closed, disk full, "
    "an I/O error",
    130: "interrupted (Ctrl-C), at any moment, start-up included",
}
_INVALID, _USAGE, _NO_OUTPUT, _INTERRUPTED = 1, 2, 74, 130
_INTERNAL = 70  # EX_SOFTWARE in BSD's sysexits.h

#: The name that stands for standard input (as a file to read) or output (-o).
STDIO = "-"

#: How the command line reads and writes files (for docs/cli.md).
FILES = (
    "`-` as an input file reads standard input, for every command that takes a "
    "file (`ncts validate -`, `ncts show -`, `--strategy -`, `--overlay -`); standard "
    "input is read as JSON when it starts with `{` or `[`, otherwise as YAML. It "
    "can be named only once in a command.",
    "`-o -` (export) and `-` as the output of convert write to standard output; "
    "convert then writes the other format (JSON for a YAML input, YAML for a JSON "
    "input).",
    "Only regular files are read: a folder, a named pipe (FIFO), a device or a "
    "socket is refused at once (exit 1), so `<(...)` and `/dev/stdin` do not work; "
    "use `-`.",
    "A file name must end in `.yaml`, `.yml` or `.json` (any name for `export -o`); "
    "another suffix is a usage error (exit 2).",
    "Files are written atomically (a temporary file beside the target, then a "
    "rename). A symbolic link stays a link and its target is replaced; the new "
    "file keeps the old one's permissions and, where allowed, its owner; a hard "
    "link is broken (the other names keep the old text). Nothing is written in "
    "`/dev`, `/proc` or `/sys`: use `-o -` rather than `-o /dev/stdout`.",
    "Nothing from a file reaches the terminal raw: control characters, "
    "bidirectional controls, zero-width characters and line breaks in texts, IDs, "
    "keys and file names are shown as escapes (`\\x1b`, `\\u202e`, `\\n`). "
    "YAML and JSON on standard output use the format's own escapes, so they still "
    "load as the same data.",
)

#: How the verbs agree with each other, and the answers to the newcomer review's
#: findings on the command line that are not changes (for docs/cli.md).
CONVENTIONS = (
    "`--strategy FILE` (`-s FILE`) names the strategy file in every verb that reads "
    "one, and the default is always the bundled strategy; `--overlay FILE` names an "
    "overlay in every verb that shows overlays' records (`get`, `export`), and may "
    "be given more than once. Positional arguments are the files a verb works on: "
    "`show FILE`, `validate FILE...`, `convert IN OUT`, `diff OLD NEW`.",
    "`show`, `get` and `diff` know overlay files: `show overlay.yaml` lists the "
    "overlay's records under each element they address; `get ID --overlay F` adds "
    "the records that address the element; `diff` compares strategies only, and "
    "an overlay given to it (or given as a strategy anywhere) is a usage error "
    "(exit 2) that names the verb or option to use.",
    "`export` takes its format from the suffix of `-o` when `--format` is not given "
    "(`-o ncts.graphml`); a suffix of another format than `--format`'s, or no "
    "format at all, is a usage error (exit 2). A `.json` file may hold `node-link` "
    "(the default for `.json`), `cytoscape` or `jsonld`.",
    "`get` lists an element's parts (`has:` lines: an area's speerpunten; the "
    "strategy's goals, focus themes, areas and sources), and no line of its output "
    "ends in white space.",
    "`search` with no hits says so on standard error (`ncts: no hits for ...`) and "
    "exits 1; `diff --exit-code` exits 1 when there are differences, as `git diff "
    "--exit-code` does (0 without it).",
    "`show` wraps its lines on a terminal only, as `git` does: piped or "
    "redirected it does not wrap, so that `grep` sees each element on one line, "
    "whatever `COLUMNS` says. On a terminal the width is `COLUMNS` when that is "
    "set (as `ls` reads it), else the terminal's (at least 40 columns). "
    "An ID stays on the first line of its element; continuation lines are "
    "indented to where the text starts.",
    "Every problem of a file is reported in one run, sorted by line: the "
    "structure, and the duplicate IDs and dangling references among the parts "
    "that could be read.",
    "Messages speak of options, never of Python's keyword arguments: a file name "
    "without a known suffix says which suffixes (or `-`) to use (review finding "
    "13).",
    "Element types are the data's own words, the same in both languages, as IDs "
    "are: `speerpunt` is the strategy's term (docs/glossary.md), and `get --lang "
    "en` translates the texts, not the types, so that scripts can match them "
    "(finding 29).",
    "`ncts.by_kind(strategy)` with no kinds gives the speerpunten the source does "
    "not group, not all of them: with the one-kind calls that splits the "
    "speerpunten without a gap; the command line has no verb for it (finding 24).",
)

#: How hidden characters are escaped in each export format written to standard
#: output, so that the document stays valid (Graphviz reads XML character
#: references in labels; Mermaid has its own entity codes).
_EXPORT_STYLE: dict[str, Style] = {
    "graphml": "xml",
    "gexf": "xml",
    "html": "xml",
    "dot": "xml",
    "mermaid": "mermaid",
    "node-link": "json",
    "cytoscape": "json",
    "jsonld": "json",
}


class _UsageError(Exception):
    """A mistake in the command's arguments: exit 2 with one line."""


class _NothingFound(Exception):
    """Nothing matched (search): exit 1, and say so on standard error."""


class _OutputError(Exception):
    """Standard output (or standard error) could not be written."""


class _Stream:
    """A text stream that the command line writes to; ``None`` is a closed one.

    A character that the stream's encoding cannot hold (a terminal in the C
    locale) is written as an escape; a failed write raises :class:`_OutputError`.
    A reader that went away still raises :class:`BrokenPipeError`.
    """

    def __init__(self, stream: TextIO | None, what: str) -> None:
        self.stream = stream
        self.what = what

    def _call(self, action: Callable[[TextIO], object]) -> None:
        if self.stream is None:
            raise _OutputError(f"{self.what} is closed")
        try:
            action(self.stream)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise _OutputError(f"cannot write to {self.what}: {reason}") from exc

    def write(self, text: str) -> None:
        def write(stream: TextIO) -> None:
            try:
                stream.write(text)
            except UnicodeEncodeError:
                encoding = getattr(stream, "encoding", None) or "ascii"
                stream.write(text.encode(encoding, "backslashreplace").decode(encoding))

        self._call(write)

    def flush(self) -> None:
        self._call(lambda stream: stream.flush())

    def isatty(self) -> bool:
        try:
            return self.stream is not None and bool(self.stream.isatty())
        except (AttributeError, OSError, ValueError):
            return False


def _colour(out: _Stream, text: str, code: str) -> str:
    """Wrap *text* in an ANSI colour when *out* is a terminal and NO_COLOR is unset."""
    if os.environ.get("NO_COLOR") or not out.isatty():
        return text
    return f"\033[{code}m{text}\033[0m"


def _label(text: Text, lang: str) -> str:
    return printable(" ".join(text.get(lang).split()))


def render_tree(strategy: Strategy, *, lang: str = "nl") -> Iterator[str]:
    """Yield the lines of an indented tree of a strategy, with every element's ID.

    Every text and ID is passed through :func:`~ncts._escape.printable`: a line
    holds no control character, and a text cannot break onto a line of its own.

    Examples
    --------
    >>> import ncts
    >>> lines = list(render_tree(ncts.load(), lang="en"))
    >>> print("\\n".join(lines[:6]))
    NCTS-2022-2026  National Counterterrorism Strategy 2022-2026 (2022-2026)
      Data 1.1.0, transcribed from: Samenvatting Nationale Contraterrorisme Strategie (NCTS) 2022-2026
      Translation: Every English text in this dataset is our own translation from the Dutch, made for ncts
      Goals
        G1  [quoted] Gaining timely insight into (potential) terrorist threats through information and intelligence.
        G2  [modelled] To prevent terrorism, the measures focus on preventing growth, disrupting threats and foiling attacks.
    >>> [line for line in lines if "VK6" in line]
    ['      VK6  [development, innovation] Approach to potentially violent extremist lone actors.']
    """
    yield f"{printable(strategy.id)}  {_label(strategy.title, lang)} ({strategy.period})"
    yield from _provenance(strategy, lang)
    sections = (
        ("Goals" if lang == "en" else "Doelen", strategy.goals),
        ("Focus themes" if lang == "en" else "Extra aandacht", strategy.focus_themes),
    )
    for heading, items in sections:
        if items:
            yield f"  {heading}"
            for item in items:
                status = getattr(item, "status", None)
                tag = f"[{_STATUS_WORDS[lang][status]}] " if status else ""
                yield f"    {printable(item.id)}  {tag}{_label(item.text, lang)}"
    if strategy.areas:
        yield "  Areas of intervention" if lang == "en" else "  Interventiegebieden"
    for area in strategy.areas:
        yield f"    {printable(area.id)}  {_label(area.name, lang)}"
        for sp in area.speerpunten:
            words = [
                k.value if lang == "en" else k.dutch for k in Kind if k in sp.kinds
            ]
            kinds = f"[{', '.join(words)}] " if words else ""
            yield f"      {printable(sp.id)}  {kinds}{_label(sp.text, lang)}"


#: How a goal's status is shown, by language.
_STATUS_WORDS = {
    "en": {GoalStatus.QUOTED: "quoted", GoalStatus.MODELLED: "modelled"},
    "nl": {GoalStatus.QUOTED: "geciteerd", GoalStatus.MODELLED: "gemodelleerd"},
}


def _provenance(strategy: Strategy, lang: str) -> Iterator[str]:
    """Yield the lines under a tree's title: where the data comes from, who translated it."""
    main = next(
        (s for s in strategy.sources if s.role is SourceRole.TRANSCRIBED),
        strategy.source,
    )
    data = "Data" if lang == "en" else "Gegevens"
    if main is not None and main.role is SourceRole.TRANSCRIBED:
        how = "transcribed from" if lang == "en" else "getranscribeerd uit"
        yield f"  {data} {printable(strategy.data_version)}, {how}: {printable(main.title)}"
    elif main is not None:
        source = "source" if lang == "en" else "bron"
        yield f"  {data} {printable(strategy.data_version)}, {source}: {printable(main.title)}"
    if lang == "en" and strategy.translation:
        first = strategy.translation.split(";")[0].split(". ")[0].rstrip(".")
        yield f"  Translation: {_label(Text(first), lang)}"


# Reading: a file with a known suffix, or standard input.


def _read_stdin() -> bytes:
    stream = sys.stdin
    try:
        if stream is None:
            raise ValueError("it is closed")
        raw = getattr(stream, "buffer", None)
        if raw is not None:
            data: bytes = raw.read(MAX_BYTES + 1)
        else:  # a text stream put in place of sys.stdin
            data = stream.read(MAX_BYTES + 1).encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise FileError(f"cannot read standard input: {reason}", STDIO) from None
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"standard input holds more than the limit of {MAX_BYTES:,} bytes",
            file="<stdin>",
        )
    return data


def _read(path: str) -> tuple[str, Format, str]:
    """Read an input; return its text, its format and the name to report it by.

    Standard input (``-``) is JSON when it starts with ``{`` or ``[``, else YAML.
    """
    if path != STDIO:
        return _read_file(path), format_of(path), path
    data = _read_stdin()
    if data.startswith(b"PK\x03\x04"):  # a zip archive, as an .xlsx workbook is
        raise ParseError(
            "standard input holds a zip archive (an .xlsx workbook?): ncts reads "
            "a workbook by its file name: name the file instead of -",
            file="<stdin>",
        )
    text = decode(data, file="<stdin>")
    return text, "json" if text.lstrip().startswith(("{", "[")) else "yaml", "<stdin>"


def _load(path: str | None, diffed: bool = False) -> Strategy:
    """Load the strategy in a file or on standard input; the bundled one for None.

    An overlay where a strategy belongs is a usage error that names the verb or
    option that takes it (*diffed*: the file is one of diff's).
    """
    if path is None:
        return load()
    text, fmt, name = _read(path)
    strategy = _strategy_or_none(text, fmt, name)
    if strategy is None:
        shown = printable(name)
        if diffed:
            raise _UsageError(
                f"{shown} is an overlay: ncts diff compares strategies, and ncts has "
                f"no diff of overlays; show an overlay's records with 'ncts show "
                f"{shown}'"
            )
        raise _UsageError(
            f"{shown} is an overlay, not a strategy: pass it with --overlay (get, "
            f"export), or show it with 'ncts show {shown}'"
        )
    return strategy


class _OverlayFound(Exception):
    """Raised while a strategy is read: the document is an overlay's."""


def _refuse_overlay(data: Any) -> None:
    if _overlay_shaped(data):
        raise _OverlayFound


def _strategy_or_none(text: str, fmt: Format, name: str) -> Strategy | None:
    """Read a strategy, or return None if the document is an overlay's.

    The text is parsed once: the parsed data is looked at before it is structured.
    """
    try:
        return read_document(text, fmt, Strategy, file=name, inspect=_refuse_overlay)[0]
    except _OverlayFound:
        return None


def _overlay_shaped(data: Any) -> bool:
    """Whether parsed data is an overlay's: records, or a strategy's ID and no period."""
    return (isinstance(data, dict) and "records" in data) or (
        isinstance(data, dict) and "strategy" in data and "period" not in data
    )


def _is_overlay(text: str, fmt: Format) -> bool:
    from ._io import parse_text

    try:
        data = parse_text(text, fmt, None)
    except ParseError:
        return False
    return _overlay_shaped(data)


def _is_sheet(path: str) -> bool:
    """Whether a file name names a spreadsheet (an overlay as XLSX or CSV)."""
    from ._sheets import SHEET_SUFFIXES

    return os.path.splitext(path)[1].lower() in SHEET_SUFFIXES


@contextlib.contextmanager
def _sheets_extra() -> Iterator[None]:
    """Turn the missing openpyxl (for .xlsx) into a message, not a traceback."""
    try:
        yield
    except ImportError as exc:
        if exc.name != "openpyxl":
            raise
        raise _UsageError(str(exc)) from exc


def _load_overlay(path: str, strategy: Strategy) -> Overlay:
    """Load an overlay from YAML, JSON, XLSX or CSV, checked against *strategy*."""
    from ._overlay import loads_overlay
    from ._sheets import read_overlay

    if path != STDIO and _is_sheet(path):
        with _sheets_extra():
            return read_overlay(path, strategy)
    text, fmt, name = _read(path)
    return loads_overlay(text, fmt, strategy, file=name)


def _load_any(
    path: str, strategy: str | None, *, checked: bool = False
) -> tuple[Strategy | Overlay, Format, Strategy | None]:
    """Load a strategy or an overlay (checked against *strategy*); give its format.

    An overlay is checked against the strategy of *strategy* when that is given,
    or always with *checked* (against the bundled one for None); that strategy is
    returned too (None when not loaded). A spreadsheet is always an overlay; its
    format is given as YAML's.
    """
    from ._overlay import loads_overlay

    if path != STDIO and _is_sheet(path):
        sheet_against = _load(strategy)
        return _load_overlay(path, sheet_against), "yaml", sheet_against
    text, fmt, name = _read(path)
    read = _strategy_or_none(text, fmt, name)
    if read is None:
        against = _load(strategy) if strategy or checked else None
        return loads_overlay(text, fmt, against, file=name), fmt, against
    return read, fmt, None


# Writing: documents to standard output stay valid, with nothing hidden in them.


def _document(obj: Strategy | Overlay, fmt: Format) -> str:
    """Write a strategy or overlay as YAML or JSON for standard output.

    Hidden characters become escapes of the format (in YAML, the whole document
    is then written in ASCII): the same data, safe to show.
    """
    from ._convert import unstructure
    from ._yaml import dump_yaml

    text = dumps(obj, fmt)
    if fmt == "json":
        return printable(text, keep="\n", style="json")
    if printable(text, keep="\n") != text:
        return dump_yaml(unstructure(obj), ascii=True)
    return text


def _json(data: Any) -> str:
    from ._json import dump_json

    return printable(dump_json(data), keep="\n", style="json")


# The commands.


def _width(out: _Stream) -> int | None:
    """Return the width to wrap ``show``'s lines to, or None for no wrapping.

    Only a terminal gets wrapped lines, as with ``git``: piped or redirected, each
    element stays on one line for grep, whatever ``COLUMNS`` says. The width is
    ``COLUMNS`` when set to a whole number (as ``ls`` and
    :func:`shutil.get_terminal_size` read it), else the terminal's.
    """
    if not out.isatty():
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), _MIN_WIDTH)
    try:
        width = os.get_terminal_size(out.stream.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return None
    return max(width, _MIN_WIDTH) if width > 0 else None


#: Narrower than this, ``show`` wraps to this width all the same.
_MIN_WIDTH = 40


def wrap_line(line: str, width: int | None) -> list[str]:
    """Wrap one line of a tree to *width* columns; IDs stay on the first line.

    A line is its indentation, an ID (or a heading) and, after two spaces, its
    text; continuation lines are indented to where the text starts (four columns
    in from the ID when the ID is long, two for a line without an ID). A word longer than the width is
    not broken. With *width* None, the line is returned as it is.

    Examples
    --------
    >>> for part in wrap_line("    VK6  Aanpak potentieel gewelddadige eenlingen.", 30):
    ...     print(part)
        VK6  Aanpak potentieel
             gewelddadige
             eenlingen.
    """
    if width is None or len(line) <= width:
        return [line]
    import textwrap

    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    head, sep, text = body.partition("  ")
    if not sep:  # no ID: continuation lines two columns in
        head, text = "", body
    start = len(indent) + len(head) + len(sep) if sep else len(indent) + 2
    hanging = start if start <= width // 2 else len(indent) + 4
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent + head + sep,
        subsequent_indent=" " * hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [line]


def _show(args: argparse.Namespace, out: _Stream) -> int:
    against: Strategy | None = None
    if args.file is None:
        obj: Strategy | Overlay = _load(args.strategy)
    elif args.strategy is not None and not _names_overlay(args.file):
        raise _UsageError(
            "name the strategy to show once: as FILE or with --strategy (see "
            "'ncts show --help')"
        )
    else:
        obj, _, against = _load_any(args.file, args.strategy, checked=True)
    if args.format != "text":
        out.write(_document(obj, args.format))
        return 0
    if isinstance(obj, Strategy):
        lines = render_tree(obj, lang=args.lang)
    else:
        assert against is not None  # an overlay was checked against it
        lines = render_overlay(obj, against, lang=args.lang)
    width = _width(out)
    for line in lines:
        for i, part in enumerate(wrap_line(line, width)):
            body = part.lstrip()
            id, sep, rest = body.partition("  ")
            if sep and i == 0:  # an element's line: its ID in bold
                part = (
                    f"{part[: len(part) - len(body)]}{_colour(out, id, '1')}{sep}{rest}"
                )
            out.write(part + "\n")
    return 0


def _names_overlay(path: str) -> bool:
    """Whether a file (not standard input) holds an overlay, as far as it can tell."""
    if path == STDIO:
        return False
    if _is_sheet(path):
        return True
    try:
        text, fmt, _ = _read(path)
    except NctsError:
        return False
    return _is_overlay(text, fmt)


def render_overlay(
    overlay: Overlay, strategy: Strategy, *, lang: str = "nl"
) -> Iterator[str]:
    """Yield the lines of an overlay: its records under each element they address.

    The elements come in the strategy's document order; a record that addresses
    several elements is listed under each. Every text and ID is escaped.

    Examples
    --------
    >>> import ncts
    >>> overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> lines = list(render_overlay(overlay, ncts.load(), lang="en"))
    >>> [line for line in lines if "wijkradar" in line]  # doctest: +ELLIPSIS
    ['      wijkradar  [initiative, active, 40%] ...']
    """
    from ._model import label

    records = len(overlay.records)
    yield f"{printable(overlay.id)}  {printable(overlay.title)}"
    yield (
        f"  on {printable(overlay.strategy)}, data {printable(overlay.data_version)}: "
        f"{counted(records, 'record')}"
    )
    if overlay.description:
        yield f"  {printable(' '.join(overlay.description.split()))}"
    for element in [strategy, *strategy.values()]:
        addressing = overlay.addressing(element.id)
        if not addressing or isinstance(element, Source):
            continue
        yield f"    {printable(element.id)}  {_label(label(element), lang)}"
        for record in addressing:
            tags = [record.kind.value]
            if record.status is not None:
                tags.append(record.status.value)
            if record.progress is not None:
                tags.append(f"{record.progress}%")
            yield (
                f"      {printable(record.id)}  [{', '.join(tags)}] "
                f"{printable(' '.join(record.title.split()))}"
            )


def _children(element: Any) -> list[tuple[str, Any]]:
    """List the parts of an element that ``get`` shows: (field, part), in order."""
    fields: tuple[str, ...] = ("speerpunten",)
    if isinstance(element, Strategy):
        fields = ("goals", "focus_themes", "areas", "sources")
    return [(name, part) for name in fields for part in getattr(element, name, ())]


def _get(args: argparse.Namespace, out: _Stream) -> int:
    strategy = _load(args.strategy)
    overlays = [_load_overlay(name, strategy) for name in args.overlay]
    main = strategy.source.id if strategy.source else None
    wanted = args.id.lower()  # IDs are looked up case ignored, link IDs too
    if args.id not in strategy and any(
        link.id is not None and link.id.lower() == wanted for link in strategy.links
    ):
        return _get_link(strategy.link(args.id), main, args, out)
    element = strategy[args.id]
    outgoing = [] if element.element_type == "source" else strategy.links_from(args.id)
    incoming = [] if element.element_type == "source" else strategy.links_to(args.id)
    parts: list[tuple[str, str]] = []
    if element.element_type == "speerpunt":
        parts.append(("part_of", strategy.area_of(args.id).id))
    children = _children(element)
    records = [(o, r) for o in overlays for r in o.addressing(element.id)]
    if args.format == "json":
        from ._convert import unstructure  # here: text output needs no cattrs

        data: dict[str, Any] = {
            "type": element.element_type,
            "path": strategy.path_of(args.id),
            "element": {"id": element.id, **unstructure(element)},
            "children": [
                {"id": part.id, "type": part.element_type} for _, part in children
            ],
            "links_from": [unstructure(link) for link in outgoing],
            "links_to": [unstructure(link) for link in incoming],
            "records": [
                {"overlay": overlay.id, **unstructure(record)}
                for overlay, record in records
            ],
        }
        data["element"].pop("speerpunten", None)
        for key in ("goals", "areas", "focus_themes", "links", "sources"):
            if element.element_type == "strategy":
                data["element"].pop(key, None)
        out.write(_json(data))
        return 0
    id = _colour(out, printable(element.id), "1")
    lines = [f"{id}  {element.element_type}  {_name(element, args.lang)}"]
    lines.append(f"  path: {printable(strategy.path_of(args.id)) or '(the document)'}")
    lines += [f"  {kind}: {printable(whole)}" for kind, whole in parts]
    lines += [
        f"  {key}: {printable(value)}"
        for key, value in _details(element, args.lang, main)
    ]
    lines += [
        f"  has: {printable(part.id)}  {part.element_type}  {_name(part, args.lang)}"
        for _, part in children
    ]
    for arrow, other, link in [("->", link.target, link) for link in outgoing] + [
        ("<-", link.source, link) for link in incoming
    ]:
        named = f", {printable(link.id)}" if link.id else ""
        lines.append(
            f"  {arrow} {printable(other)}  {link.type.value} ({link.basis.value}"
            f"{named}): {printable(link.rationale)}"
        )
    for overlay, record in records:
        status = f"[{record.status.value}] " if record.status is not None else ""
        lines.append(
            f"  record: {printable(record.id)}  {status}"
            f"{printable(' '.join(record.title.split()))} (overlay "
            f"{printable(overlay.id)})"
        )
    # No line ends in white space, whatever the texts in the file end with.
    out.write("".join(line.rstrip() + "\n" for line in lines))
    return 0


def _name(element: Any, lang: str) -> str:
    """Name an element on one line: a source by its title, another by its label."""
    from ._model import label

    if isinstance(element, Source):
        return printable(" ".join(element.title.split()))
    return _label(label(element), lang)


def _cited(citation: Citation, main: str | None = None) -> str:
    """Write a citation on one line: the document (*main* if none), the section."""
    document = citation.document or main
    where = f"{document} > " if document else ""
    quote = f' "{citation.quote}"' if citation.quote else ""
    return f"{where}{citation.section}{quote}"


def _details(element: Any, lang: str, main: str | None) -> Iterator[tuple[str, str]]:
    """Yield the fields of an element worth a line of their own in ``ncts get``."""
    if isinstance(element, Strategy):
        for key in ("data_version", "scope", "translation"):
            value = getattr(element, key)
            if value:
                yield key, value
        if element.adopted is not None:
            adopted = f"{element.adopted.date} by {element.adopted.by}"
            if element.adopted.citation is not None:
                adopted += f" ({_cited(element.adopted.citation, main)})"
            yield "adopted", adopted
        if element.aim is not None:
            yield "aim", " ".join(element.aim.text.get(lang).split())
    if isinstance(element, Source):
        for key in ("publisher", "role", "url", "published", "accessed", "sha256"):
            value = getattr(element, key)
            if value is not None:
                yield key, str(value.value if isinstance(value, enum.Enum) else value)
    if isinstance(element, Goal) and element.status is not None:
        yield "status", element.status.value
    citation = getattr(element, "citation", None)
    if citation is not None:
        yield "cites", _cited(citation, main)
    for name in ("text", "name", "description"):
        text = getattr(element, name, None)
        if isinstance(text, Text) and text.note and lang == "en":
            yield f"translator's note ({name})", text.note
    for erratum in getattr(element, "errata", ()):
        kind = f" ({erratum.kind.value})" if erratum.kind else ""
        if erratum.corrected is None:
            change = f"{erratum.original!r}, kept as the source has it"
        else:
            change = f"{erratum.original!r} -> {erratum.corrected!r}"
        yield f"erratum{kind}", f"{erratum.field}: {change}"
    note = getattr(element, "note", None)
    if note:
        yield "note", note


def _get_link(
    link: Link, main: str | None, args: argparse.Namespace, out: _Stream
) -> int:
    """Show a link named by its ID."""
    if args.format == "json":
        from ._convert import unstructure  # here: text output needs no cattrs

        out.write(_json({"type": "link", "element": unstructure(link)}))
        return 0
    id = _colour(out, printable(link.id or ""), "1")
    out.write(
        f"{id}  link  {printable(link.source)} -> {printable(link.target)}  "
        f"{link.type.value} ({link.basis.value})\n"
    )
    out.write(f"  rationale: {printable(link.rationale)}\n")
    if link.citation is not None:
        out.write(f"  cites: {printable(_cited(link.citation, main))}\n")
    for citation in link.evidence:
        out.write(f"  evidence: {printable(_cited(citation, main))}\n")
    return 0


def _search(args: argparse.Namespace, out: _Stream) -> int:
    from ._search import search

    strategy = _load(args.strategy)
    query = " ".join(args.text)
    hits = search(strategy, query, lang=args.lang)[: args.limit]
    if args.format == "json":
        rows = [
            {
                "id": h.element.id,
                "field": h.field,
                "lang": h.lang,
                "score": h.score,
                "snippet": h.snippet,
            }
            for h in hits
        ]
        out.write(_json(rows))
    else:
        for h in hits:
            id = _colour(out, printable(h.element.id), "1")
            out.write(f"{id}\t{printable(h.field)}\t{printable(h.snippet)}\n")
    if not hits:
        raise _NothingFound(f"no hits for {printable(repr(query))}")
    return 0


def _validate(args: argparse.Namespace, out: _Stream) -> int:
    failed = 0
    for name in args.files:
        shown = printable("<stdin>" if name == STDIO else name)
        try:
            obj, _, _ = _load_any(name, args.strategy)
            what = "strategy" if isinstance(obj, Strategy) else "overlay"
            out.write(f"{shown}: {_colour(out, 'ok', '32')} ({what})\n")
        except ValidationError as exc:
            failed += 1
            limit = None if args.all else ValidationError.SHOWN
            for p in exc.problems[:limit]:
                where = f"{shown}:{p.line}" if p.line else shown
                path = f" {printable(p.path)}:" if p.path else ""
                out.write(
                    f"{where}:{path} {_colour(out, printable(p.message), '31')}\n"
                )
            rest = len(exc.problems) - len(exc.problems[:limit])
            if rest:
                out.write(
                    f"{shown}: ...and {counted(rest, 'more problem')} "
                    "(--all shows every one)\n"
                )
        except NctsError as exc:
            failed += 1
            out.write(f"{_colour(out, printable(str(exc)), '31')}\n")
    return _INVALID if failed else 0


def _not_an_input(output: str | None, *inputs: str | None) -> None:
    """Refuse an output that is one of the command's input files: it would be lost.

    Checked before anything is read or written. An output that does not exist yet,
    standard output and an input that cannot be looked at are left to what follows.
    """
    if output in (None, STDIO):
        return
    for name in inputs:
        if name in (None, STDIO):
            continue
        try:
            same = os.path.samefile(output, name)
        except (OSError, ValueError):  # not there (yet), or a name no file can have
            continue
        if same:
            raise _UsageError(
                f"the output {printable(repr(output))} is the input "
                f"{printable(repr(name))}: write to another file (ncts never "
                "replaces a file it reads)"
            )


def _convert(args: argparse.Namespace, out: _Stream) -> int:
    from ._sheets import write_overlay, write_strategy_workbook

    _not_an_input(args.output, args.input, args.strategy)
    obj, fmt_in, _ = _load_any(args.input, args.strategy)
    if args.output == STDIO:  # the other format: YAML becomes JSON, JSON YAML
        other: Format = "yaml" if fmt_in == "json" or _is_sheet(args.input) else "json"
        out.write(_document(obj, other))
    elif _is_sheet(args.output):
        if isinstance(obj, Strategy):
            if not args.output.lower().endswith(".xlsx"):
                raise _UsageError(
                    "a strategy has several tables: write it as .xlsx, or as CSV "
                    "tables with 'ncts export --format datapackage -o FOLDER'"
                )
            with _sheets_extra():
                write_strategy_workbook(obj, args.output)
        else:
            with _sheets_extra():
                write_overlay(obj, args.output, _load(args.strategy))
    else:
        atomic_write(args.output, dumps(obj, format_of(args.output)))
    return 0


def _template(args: argparse.Namespace, out: _Stream) -> int:
    from ._sheets import write_template

    if not args.force and os.path.isfile(args.output):
        raise FileError(
            f"cannot write {args.output!r}: the file exists, and a template would "
            "replace what is in it: name a new file, or add --force to replace it",
            args.output,
        )
    with _sheets_extra():
        write_template(args.output, _load(args.strategy), rows=args.rows)
    return 0


def _export_format(args: argparse.Namespace) -> ExportFormat:
    """Return the export format: --format, or the one the output's suffix names.

    A suffix of another format than --format's is a usage error, and so is no
    format at all (no --format, and no output file with a known suffix).
    """
    from ._export import EXPORT_FORMATS

    named = None
    if args.output not in (None, STDIO):
        name = os.path.basename(str(args.output)).lower()
        suffix = os.path.splitext(name)[1]
        named = next(
            (
                fmt
                for fmt, suffixes in EXPORT_FORMATS.items()
                if suffix in suffixes or name in suffixes
            ),
            None,
        )
    if args.format is None:
        if named is None:
            where = (
                f"the suffix of {args.output!r} names none"
                if args.output not in (None, STDIO)
                else "there is no output file to tell it from"
            )
            raise _UsageError(
                f"name the format with --format ({', '.join(sorted(EXPORT_FORMATS))}) "
                f"or with the output's suffix ({_suffixes()}): {where}"
            )
        return cast("ExportFormat", named)
    if (
        named is not None
        and named != args.format
        and args.format != "datapackage"  # a folder, of any name
        and not _also_json(args)
    ):
        raise _UsageError(
            f"--format {args.format} writes {args.format}, but the suffix of "
            f"{args.output!r} says {named}: drop --format, or change the suffix"
        )
    return cast("ExportFormat", args.format)


def _also_json(args: argparse.Namespace) -> bool:
    """Whether a JSON-based format is written to a file named ``.json``."""
    return str(args.output).lower().endswith(".json") and args.format in (
        "cytoscape",
        "jsonld",
    )


def _export(args: argparse.Namespace, out: _Stream) -> int:
    from ._export import export, export_text

    fmt = _export_format(args)
    _not_an_input(args.output, args.strategy, *args.overlay)
    strategy = _load(args.strategy)
    overlays = [_load_overlay(name, strategy) for name in args.overlay]
    if fmt in ("xlsx", "datapackage"):
        if args.output in (None, STDIO):
            where = "a folder" if fmt == "datapackage" else "a file"
            raise _UsageError(
                f"--format {fmt} writes {where}, not standard output: name it with -o"
            )
        with _sheets_extra():
            export(strategy, args.output, fmt, lang=args.lang, overlays=overlays)
        return 0
    text = export_text(strategy, fmt, lang=args.lang, overlays=overlays)
    if args.output in (None, STDIO):
        out.write(printable(text, keep="\n", style=_EXPORT_STYLE[fmt]))
    else:
        atomic_write(args.output, text)
    return 0


def _diff(args: argparse.Namespace, out: _Stream) -> int:
    from ._diff import diff

    if args.release is not None:
        if args.new is not None or args.strategy is not None:
            raise _UsageError(
                "with --release, name at most one file: the new strategy (see "
                "'ncts diff --help')"
            )
        old, new = load(version=args.release), _load(args.old, diffed=True)
    elif args.old is None:
        raise _UsageError(
            "name a strategy file to compare with the bundled one (or with "
            "--strategy), or two files, or --release VERSION (see 'ncts diff --help')"
        )
    elif args.new is None:
        old, new = _load(args.strategy), _load(args.old, diffed=True)
    elif args.strategy is not None:
        raise _UsageError(
            "with two files, leave out --strategy: it names the strategy one file is "
            "compared with (see 'ncts diff --help')"
        )
    else:
        old, new = _load(args.old, diffed=True), _load(args.new, diffed=True)
    result = diff(old, new)
    out.write(
        _json(result.to_dict()) if args.format == "json" else result.to_markdown()
    )
    return _INVALID if args.exit_code and result else 0


def _schema(args: argparse.Namespace, out: _Stream) -> int:
    from ._schema import json_schema

    out.write(_json(json_schema(args.kind)))
    return 0


# The parser.


def _version() -> str:
    try:
        data = load().data_version
    except NctsError:  # a broken installation
        data = "unavailable"
    return f"ncts {__version__} (data {printable(data)})"


class _VersionAction(argparse.Action):
    """``--version``, which reads the bundled data only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="print the code and the data version, and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> NoReturn:
        parser.exit(message=_version() + "\n", status=0)


#: The old spellings of options: each still works, and says once on standard
#: error which option replaces it and in which release it goes.
CLI_DEPRECATIONS: dict[str, Deprecation] = make_registry(
    [
        Deprecation(
            f"ncts {verb} {old}",
            f"ncts {verb} --strategy",
            since="0.1.0",
            remove_in="1.0.0",
            example=f"ncts {verb} {old} FILE",
            replacement=f"ncts {verb} --strategy FILE",
        )
        for verb in ("get", "search", "export")
        for old in ("--file", "-f")
    ]
)


class _OldStrategyOption(argparse.Action):
    """``--file``/``-f``, the old name of ``--strategy``: works, and warns."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        CLI_DEPRECATIONS[f"{parser.prog} {option_string}"].warn(stacklevel=1)
        setattr(namespace, self.dest, values)


def help_columns() -> int:
    """Return the columns to wrap help to: ``shutil.get_terminal_size().columns``.

    The same rule (``COLUMNS`` when it is a positive whole number, else the
    terminal of ``sys.__stdout__``, else 80), without importing :mod:`shutil`,
    which imports the compression modules: a tenth of the command's start-up.

    >>> import os, unittest.mock
    >>> with unittest.mock.patch.dict(os.environ, {"COLUMNS": "100"}):
    ...     help_columns()
    100
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, with the width found by :func:`help_columns`."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        # argparse passes no width: it leaves two columns of the terminal's.
        super().__init__(prog, **{**kwargs, "width": help_columns() - 2})


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line (and exit 2), not usage text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)  # verbs' parsers too
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:  # only --version prints through here
            self._print_message(message, sys.stdout)
        raise SystemExit(status)


def _file_type(*, output: bool = False, sheets: bool = False) -> Callable[[str], str]:
    """Make an argument type: ``-`` or a file name with a YAML or JSON suffix.

    With *sheets*, a spreadsheet's suffix (``.xlsx``, ``.csv``) is taken too.
    """
    stdio = "standard output" if output else "standard input"
    also = ", .xlsx, .csv" if sheets else ""

    def check(value: str) -> str:
        if value != STDIO and not (sheets and _is_sheet(value)):
            try:
                format_of(value)
            except FormatError:
                raise argparse.ArgumentTypeError(
                    f"cannot tell the format of {value!r} from its suffix: use .yaml, "
                    f".yml, .json{also}, or '-' for {stdio}"
                ) from None
        return value

    check.__name__ = "file name"
    return check


def _positive(value: str) -> int:
    """Read an argument that must be a whole number of 1 or more."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1, got {value!r}"
        )
    return number


#: The arguments that name an input file (any of them may be ``-``). The old
#: ``--file`` of get, search and export is not among them: _one_strategy has
#: moved its value to ``strategy`` by the time they are looked at.
_INPUTS = (
    "file",
    "files",
    "strategy",
    "input",
    "old",
    "new",
    "overlay",
)


def _stdin_once(args: argparse.Namespace) -> None:
    names: list[Any] = []
    for dest in _INPUTS:
        value = getattr(args, dest, None)
        names += value if isinstance(value, list) else [value]
    if names.count(STDIO) > 1:
        raise _UsageError(
            f"standard input ({STDIO!r}) can be read only once (see 'ncts "
            f"{args.command} --help')"
        )


def _one_strategy(args: argparse.Namespace) -> None:
    """Take the old spelling's value as --strategy's; both at once is a mistake."""
    old = getattr(args, "old_strategy", None)
    if old is None:
        return
    if args.strategy is not None:
        raise _UsageError(
            f"name the strategy once, with --strategy (see 'ncts {args.command} "
            "--help')"
        )
    args.strategy, args.old_strategy = old, None


#: The strategy option's help, for the verbs that read one strategy.
_STRATEGY_HELP = (
    "the strategy file (.yaml, .yml, .json, or - for standard input); default: "
    "the bundled one"
)

_INPUT = _file_type()
_SHEET_INPUT = _file_type(sheets=True)


def _strategy_option(
    sub: argparse.ArgumentParser, help: str = _STRATEGY_HELP, *, old: bool = False
) -> None:
    """Add ``--strategy``/``-s`` (and, with *old*, the deprecated ``--file``/``-f``)."""
    sub.add_argument("--strategy", "-s", metavar="FILE", type=_INPUT, help=help)
    if old:
        sub.add_argument(
            "--file",
            "-f",
            dest="old_strategy",
            metavar="FILE",
            type=_INPUT,
            action=_OldStrategyOption,
            help=argparse.SUPPRESS,
        )


def _overlay_option(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        type=_SHEET_INPUT,
        help=f"an overlay file (.yaml, .yml, .json, .xlsx, .csv, or - for standard "
        f"input) {what}; may be given more than once; default: none",
    )


def _lang_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--lang",
        choices=("nl", "en"),
        default="nl",
        help="the language of the labels (nl or en); default: nl",
    )


def _format_option(
    sub: argparse.ArgumentParser, choices: tuple[str, ...], help: str
) -> None:
    sub.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"{help} ({', '.join(choices)}); default: {choices[0]}",
    )


def _add_show(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        type=_SHEET_INPUT,
        help="a strategy or an overlay file (an overlay also as .xlsx or .csv), or "
        "- for standard input; default: the strategy of --strategy",
    )
    _strategy_option(
        sub,
        "the strategy to show, or the one an overlay FILE maps onto (.yaml, .yml, "
        ".json, or - for standard input); default: the bundled one",
    )
    _lang_option(sub)
    _format_option(sub, ("text", "yaml", "json"), "the output: a tree, or the document")


def _add_get(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "id",
        help="the ID of an element, a source or a link, for example VK6 "
        "(case is ignored)",
    )
    _strategy_option(sub, old=True)
    _overlay_option(sub, "whose records that address the element are shown")
    _lang_option(sub)
    _format_option(sub, ("text", "json"), "the output")


def _add_search(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("text", nargs="+", help="the words to look for")
    _strategy_option(sub, old=True)
    sub.add_argument(
        "--lang",
        choices=("nl", "en"),
        help="search one language only (nl or en); default: both",
    )
    sub.add_argument(
        "--limit",
        type=_positive,
        default=20,
        help="show at most this many hits (1 or more); default: 20",
    )
    _format_option(sub, ("text", "json"), "the output")


def _add_validate(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        type=_SHEET_INPUT,
        help="strategy and overlay files (overlays also as .xlsx or .csv); - for "
        "standard input",
    )
    _strategy_option(
        sub,
        "check overlays against this strategy file (.yaml, .yml, .json, or - for "
        "standard input); default: the bundled one",
    )
    sub.add_argument(
        "--all",
        action="store_true",
        help=f"show every problem of each file; default: the first "
        f"{ValidationError.SHOWN}, and how many more there are",
    )


def _add_convert(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "input",
        metavar="IN",
        type=_SHEET_INPUT,
        help="the strategy or overlay file to read (its suffix gives the format: "
        ".yaml, .yml, .json; an overlay also .xlsx, .csv), or - for standard input",
    )
    sub.add_argument(
        "output",
        metavar="OUT",
        type=_file_type(output=True, sheets=True),
        help="the file to write (its suffix gives the format), or - for standard "
        "output (in the other format: JSON for YAML, YAML for JSON or a spreadsheet)",
    )
    _strategy_option(
        sub,
        "the strategy an overlay maps onto (.yaml, .yml, .json, or - for standard "
        "input); default: the bundled one",
    )


def _add_export(sub: argparse.ArgumentParser) -> None:
    from ._export import EXPORT_FORMATS

    sub.add_argument(
        "--format",
        choices=sorted(EXPORT_FORMATS),
        help="the format to write; default: the one the suffix of --output names "
        f"({_suffixes()})",
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (a folder for datapackage), or - for standard "
        "output; default: standard output",
    )
    _overlay_option(sub, "to show with the strategy (html, xlsx and datapackage)")
    _strategy_option(sub, old=True)
    _lang_option(sub)


def _add_diff(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "old",
        nargs="?",
        metavar="OLD",
        type=_INPUT,
        help="the old strategy file; alone, the new one, compared with --strategy; "
        "default: none (name a file or --release)",
    )
    sub.add_argument(
        "new",
        nargs="?",
        metavar="NEW",
        type=_INPUT,
        help="the new strategy file; default: none (OLD alone is the new one)",
    )
    _strategy_option(
        sub,
        "the strategy to compare one file with (.yaml, .yml, .json, or - for "
        "standard input); default: the bundled one",
    )
    sub.add_argument(
        "--release",
        choices=DATA_RELEASES,
        help="compare this release of the bundled data with the current bundled "
        f"data, or with the one file named ({', '.join(DATA_RELEASES)}); default: none",
    )
    _format_option(sub, ("markdown", "json"), "the output")
    sub.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when there are differences, as git diff --exit-code does; "
        "default: exit 0 either way",
    )


def _sheet_output(value: str) -> str:
    """Read template's OUT: the name of a file ending in .xlsx or .csv."""
    if value.endswith(_SEPARATORS):
        raise argparse.ArgumentTypeError(
            f"{value!r} names a folder (it ends in {value[-1]!r}): name a file, "
            "ending in .xlsx or .csv"
        )
    if not _is_sheet(value):
        raise argparse.ArgumentTypeError(
            f"cannot tell the spreadsheet format of {value!r} from its suffix: use "
            ".xlsx or .csv"
        )
    return value


def _template_rows(value: str) -> int:
    """Read template's --rows: a whole number of rows that a sheet can hold."""
    from ._sheets import SHEET_ROWS

    most = SHEET_ROWS - 1  # and the header
    digits = value.strip()
    # No more digits than the most has: int() never reads a huge number.
    if (
        digits.isdecimal()
        and len(digits) <= len(str(most))
        and 1 <= int(digits) <= most
    ):
        return int(digits)
    raise argparse.ArgumentTypeError(
        f"must be a whole number from 1 to {most:,} (a sheet holds "
        f"{SHEET_ROWS:,} rows, the header among them), got {value[:30]!r}"
    )


def _add_template(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "output",
        metavar="OUT",
        type=_sheet_output,
        help="the file to write: .xlsx (with drop-down lists) or .csv (the header); "
        "an existing file only with --force",
    )
    _strategy_option(
        sub,
        "the strategy the overlay maps onto (.yaml, .yml, .json, or - for standard "
        "input); default: the bundled one",
    )
    sub.add_argument(
        "--rows",
        type=_template_rows,
        default=200,
        help="how many rows get the drop-down lists (at most 1,048,575); default: 200",
    )
    sub.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it exists; default: refuse, so that no filled-in "
        "sheet is lost",
    )


def _add_schema(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "kind",
        nargs="?",
        choices=("strategy", "overlay"),
        default="strategy",
        help="the schema of strategy files or of overlay files; default: strategy",
    )


def _suffixes() -> str:
    from ._export import EXPORT_FORMATS

    return ", ".join(
        f"{s} {name}" for name, suffixes in EXPORT_FORMATS.items() for s in suffixes
    )


#: Every verb: its help, the function that runs it, and the one that adds its
#: arguments to its parser.
_VERBS: dict[
    str,
    tuple[str, Callable[..., int], Callable[[argparse.ArgumentParser], None]],
] = {
    "show": (
        "show a strategy as a tree with IDs, or an overlay's records by element",
        _show,
        _add_show,
    ),
    "get": (
        "show one element with its parts, its links both ways, and the records of "
        "overlays that address it",
        _get,
        _add_get,
    ),
    "search": ("search every text in Dutch and English", _search, _add_search),
    "validate": (
        "check strategy and overlay files; exit 1 if any is invalid",
        _validate,
        _add_validate,
    ),
    "convert": (
        "convert a strategy or overlay between YAML, JSON and spreadsheets (an "
        "overlay as .xlsx or .csv, a strategy as .xlsx)",
        _convert,
        _add_convert,
    ),
    "export": (
        "export the strategy: a graph format, a web page, a workbook or a data package",
        _export,
        _add_export,
    ),
    "diff": (
        "compare two strategy files, a file with the bundled strategy, or a release "
        "of the bundled data with the current one",
        _diff,
        _add_diff,
    ),
    "template": (
        "write a spreadsheet to fill in as an overlay, with drop-down lists of the "
        "strategy's IDs and of the statuses",
        _template,
        _add_template,
    ),
    "schema": (
        "print the JSON Schema of strategy or overlay files",
        _schema,
        _add_schema,
    ),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the command line's parser (docs/cli.md is generated from it).

    With *only* (a verb), only that verb's arguments are added: the parser then
    reads a command line of that verb as the whole one does, at a fraction of the
    cost of building every verb (the command line's start-up).

    Examples
    --------
    >>> parser = build_parser()
    >>> parser.parse_args(["get", "vk6", "-s", "mine.yaml"]).strategy
    'mine.yaml'
    """
    parser = _Parser(
        prog="ncts",
        description="The Dutch National Counterterrorism Strategy 2022-2026 as data. "
        "Exit codes: 0 ok, 1 invalid data or nothing found, 2 usage error, "
        "70 internal error, 74 output failed, 130 interrupted.",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help, run, add) in _VERBS.items():
        if only is not None and name != only:
            continue
        sub = commands.add_parser(
            name, help=help, description=help[0].upper() + help[1:] + "."
        )
        sub.set_defaults(run=run)
        add(sub)
    return parser


# Running.


def _say(err: _Stream, line: str) -> None:
    """Write a line to standard error; if even that fails, say nothing."""
    with contextlib.suppress(_OutputError, BrokenPipeError):
        err.write(line + "\n")


def _run(argv: Sequence[str] | None, out: _Stream, err: _Stream) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    # Only the chosen verb's arguments are built: most of the start-up's cost.
    parser = build_parser(words[0] if words and words[0] in _VERBS else None)

    def show(message: Warning | str, *args: Any, **kwargs: Any) -> None:
        _say(err, f"ncts: warning: {printable(str(message))}")

    # Each warning is said when it comes, in order with the other messages.
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        return _parse_and_run(parser, words, out, err)


def _parse_and_run(
    parser: argparse.ArgumentParser, words: list[str], out: _Stream, err: _Stream
) -> int:
    try:
        args = parser.parse_args(words)
        _one_strategy(args)
        _stdin_once(args)
    except _UsageError as exc:
        _say(err, f"ncts: error: {printable(str(exc))}")
        return _USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else _USAGE
    run: Callable[[argparse.Namespace, _Stream], int] | None = getattr(
        args, "run", None
    )
    if run is None:
        out.write(parser.format_help())
        return _USAGE
    try:
        return run(args, out)
    except _UsageError as exc:  # a combination of arguments argparse cannot see
        _say(err, f"ncts: error: {printable(str(exc))}")
        return _USAGE
    except _NothingFound as exc:
        _say(err, f"ncts: {printable(str(exc))}")
        return _INVALID
    except NctsError as exc:
        lines = str(exc).split("\n")
        for i, line in enumerate(lines):
            _say(err, ("ncts: error: " if i == 0 else "") + printable(line))
        return _INVALID


def _discard(stream: TextIO | None) -> None:
    """Point a standard stream at the null device.

    Then the interpreter's last flush, at exit, has nowhere to fail.
    """
    try:
        fd = stream.fileno() if stream is not None else -1
    except (AttributeError, OSError, ValueError):
        return
    if fd >= 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the command line with *argv*; return the exit code (see EXIT_CODES).

    Output goes to *out* and messages to *err* (standard output and standard
    error by default).

    Examples
    --------
    >>> main(["show", "--lang", "en"])  # doctest: +ELLIPSIS
    NCTS-2022-2026  National Counterterrorism Strategy 2022-2026 (2022-2026)
    ...
    0
    >>> main(["get", "VK6"])  # doctest: +ELLIPSIS
    VK6  speerpunt  Aanpak potentieel gewelddadige extremistische eenlingen.
      path: areas[1].speerpunten[5]
      part_of: VK
      cites: nctv-samenvatting > Speerpunten > Voorkomen > Speerpunten > Doorontwikkeling en innovatie van
      -> FT1  addresses (derived, L10): ...
    0
    """
    stdout = _Stream(sys.stdout if out is None else out, "standard output")
    stderr = _Stream(sys.stderr if err is None else err, "standard error")
    try:
        code = _run(argv, stdout, stderr)
        stdout.flush()  # a full disk shows here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        # The reader went away (``ncts show | head``): not an error.
        if out is None:
            _discard(sys.stdout)
        return 0
    except _OutputError as exc:
        _say(stderr, f"ncts: error: {exc}")
        if out is None:
            _discard(sys.stdout)
        return _NO_OUTPUT
    except KeyboardInterrupt:
        _say(stderr, "ncts: interrupted")
        return _INTERRUPTED
    except Exception as exc:  # not an ncts error: a bug, told apart from bad input
        _internal_error(stderr, exc)
        return _INTERNAL


def _internal_error(err: _Stream, exc: Exception) -> None:
    """Say, in one line, that ncts has a bug; with NCTS_DEBUG=1, show the traceback."""
    import traceback

    if not isinstance(exc, InternalError):
        exc = InternalError("running the command")
        exc.__cause__ = sys.exc_info()[1]
    debug = os.environ.get("NCTS_DEBUG", "") not in ("", "0")
    hint = "" if debug else " (NCTS_DEBUG=1 shows the traceback)"
    _say(err, f"ncts: internal error: {printable(str(exc))}{hint}")
    if debug:
        for chunk in traceback.format_exception(exc):
            for line in chunk.rstrip("\n").split("\n"):
                _say(err, "  " + printable(line))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

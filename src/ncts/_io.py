"""Loading and saving strategies: ``load``/``dump`` for files, ``loads``/``dumps`` for text."""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias, TypeVar

from ._checks import check_type, check_whole_number, lone_surrogate
from ._errors import (
    FileError,
    FormatError,
    ParseError,
    Problem,
    QueryError,
    ValidationError,
    format_path,
)
from ._fields import article
from ._gc import gc_paused
from ._model import Strategy, id_problems

if TYPE_CHECKING:
    from ._overlay import Overlay

__all__ = [
    "BUNDLED_FILE",
    "Format",
    "atomic_write",
    "bundled_path",
    "bundled_text",
    "decode",
    "dump",
    "dumps",
    "example_path",
    "format_of",
    "from_data",
    "load",
    "loads",
    "locate",
    "read_bytes",
    "read_document",
    "read_text",
]

_T = TypeVar("_T")

Format: TypeAlias = Literal["yaml", "json"]
_FORMATS: tuple[Format, ...] = ("json", "yaml")
_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

#: The name of the bundled dataset inside the package's ``data`` folder.
BUNDLED_FILE = "ncts-2022-2026.yaml"

StrPath: TypeAlias = str | os.PathLike[str]


def _check_format(format: object) -> Format:
    if format not in _FORMATS:
        raise FormatError(
            f"unknown format {format!r}: use one of {', '.join(map(repr, _FORMATS))}"
        )
    return format


def format_of(path: StrPath, format: str | None = None) -> Format:
    """Return the format given, or the one the file's suffix names.

    >>> format_of("strategy.yml")
    'yaml'
    >>> format_of("strategy.txt")
    Traceback (most recent call last):
    ...
    ncts.FormatError: cannot tell the format of 'strategy.txt' from its suffix: use .yaml, .yml or .json, or pass format=
    """
    _check_path(path)  # also when the format is given: the file is named next
    if format is not None:
        return _check_format(format)
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise FormatError(
            f"cannot tell the format of {os.fspath(path)!r} from its suffix: use "
            ".yaml, .yml or .json, or pass format="
        )
    return _SUFFIXES[suffix]


#: The largest document read by default, in bytes. Pass ``max_bytes=`` to read
#: bigger ones: the limit keeps an untrusted file from using all memory.
MAX_BYTES = 64 * 1024 * 1024


#: The deepest nesting of mappings and lists read by default. No valid strategy or
#: overlay is nested more than seven levels (see :func:`~ncts._convert.depth_of`), so
#: the limit only decides how a deeper document is refused. Pass ``max_depth=`` to
#: change it, up to :data:`PARSER_DEPTH`.
MAX_DEPTH = 64

#: The deepest nesting the parsers can read: libyaml stops at 1,000 levels, and
#: Python's JSON parser at the interpreter's recursion limit (1,000 by default).
PARSER_DEPTH = 1000


def check_limits(max_bytes: object, max_depth: object) -> tuple[int, int]:
    """Check the two limits every loader takes, in the same way: FormatError."""
    return check_whole_number(max_bytes, "max_bytes"), check_whole_number(
        max_depth,
        "max_depth",
        high=PARSER_DEPTH,
        why=" (the most the YAML and JSON parsers read)",
    )


def _check_path(path: object) -> StrPath:
    return check_type(path, (str, os.PathLike), "path", what="a str or os.PathLike")  # type: ignore[return-value]


def _deeper_than(data: Any, limit: int) -> tuple[str | int, ...] | None:
    """Return the path of a mapping or list nested deeper than *limit*, or None."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) >= limit:
            return path
        items = node.items() if type(node) is dict else enumerate(node)
        for key, child in items:
            if type(child) is dict or type(child) is list:
                stack.append((child, (*path, key)))
    return None


def _check_depth(
    data: Any,
    max_depth: int,
    text: str,
    file: str | None,
    cls: type,
    what: str,
    *,
    format: Format,
) -> None:
    """Refuse *data* with ParseError if it is nested deeper than *max_depth*."""
    if type(data) is not dict and type(data) is not list:
        return
    from ._convert import depth_of
    from ._yaml import find_lines

    path = _deeper_than(data, max_depth)
    if path is None:
        return
    where = format_path(path)
    line, _ = find_lines(text, [where], json=format == "json")[where]
    shown = format_path(path[:8]) + ("..." if len(path) > 8 else "")
    levels = "level" if max_depth == 1 else "levels"
    raise ParseError(
        f"the document is nested more than {max_depth} {levels} deep (at {shown}): "
        f"no valid {what} document is nested more than {depth_of(cls)} levels; pass "
        "max_depth= to read deeper documents",
        file=file,
        line=line,
    )


def _too_big(size: int, max_bytes: int, file: str | None) -> ParseError:
    return ParseError(
        f"the document is {size:,} bytes, more than the limit of {max_bytes:,}: "
        "pass max_bytes= to read bigger documents",
        file=file,
    )


def _checked_name(path: StrPath, verb: str) -> str:
    """Return the path as a string; a NUL character in it is a FileError."""
    name = os.fspath(path)
    if "\0" in str(name):
        raise FileError(
            f"cannot {verb} {name!r}: a file name cannot hold a NUL character", name
        )
    return name


def _not_regular(mode: int) -> str | None:
    """Say what a file is when it is not a regular file (a FIFO, a device...)."""
    for test, what in (
        (stat.S_ISDIR, "it is a folder"),
        (stat.S_ISFIFO, "it is a named pipe (FIFO), not a regular file"),
        (stat.S_ISCHR, "it is a character device, not a regular file"),
        (stat.S_ISBLK, "it is a block device, not a regular file"),
        (stat.S_ISSOCK, "it is a socket, not a regular file"),
    ):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "it is not a regular file"


def read_text(path: StrPath, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as UTF-8 text (a byte order mark is dropped), or raise an ncts error.

    Only regular files are read: a folder, a named pipe (FIFO), a device or a
    socket is refused with :class:`~ncts.FileError` before anything could block.
    A file bigger than *max_bytes* is refused before it is read.

    >>> read_text("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    ncts.FileError: cannot read 'no/such/file.yaml': no such file
    >>> read_text("/dev/null")
    Traceback (most recent call last):
    ...
    ncts.FileError: cannot read '/dev/null': it is a character device, not a regular file
    """
    data = read_bytes(path, max_bytes=max_bytes)  # which checks the name
    return decode(data, file=os.fspath(path))


def read_bytes(path: StrPath, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a regular file's bytes, as :func:`read_text` reads them, or raise an ncts error.

    >>> read_bytes("/dev/zero")
    Traceback (most recent call last):
    ...
    ncts.FileError: cannot read '/dev/zero': it is a character device, not a regular file
    """
    name = _checked_name(path, "read")
    try:
        # Look before opening (a FIFO would block in open() until a writer came),
        # open without blocking, then check again what was opened.
        problem = _not_regular(os.stat(path).st_mode)
        if problem:
            raise FileError(f"cannot read {name!r}: {problem}", name)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with open(os.open(path, flags | getattr(os, "O_CLOEXEC", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            problem = _not_regular(info.st_mode)
            if problem:
                raise FileError(f"cannot read {name!r}: {problem}", name)
            if info.st_size > max_bytes:
                raise _too_big(info.st_size, max_bytes, name)
            data = _read_at_most(handle, info.st_size, max_bytes)
        if len(data) > max_bytes:  # it grew while we looked
            raise _too_big(len(data), max_bytes, name)
    except FileNotFoundError:
        raise FileError(f"cannot read {name!r}: no such file", name) from None
    except IsADirectoryError:
        raise FileError(f"cannot read {name!r}: it is a folder", name) from None
    except OSError as exc:
        if isinstance(exc, FileError):
            raise
        raise FileError(f"cannot read {name!r}: {exc.strerror or exc}", name) from None
    return data


def _read_at_most(handle: BinaryIO, size: int, max_bytes: int) -> bytes:
    """Read a file of *size* bytes, or up to one byte past *max_bytes* if it grew.

    The reads ask for what the file holds, never for *max_bytes* at once: a read
    allocates what it asks for, and a limit may be far bigger than memory.
    """
    data = handle.read(size)  # the whole file, unless it grew
    while len(data) <= max_bytes:  # up to one byte past the limit, to tell
        more = handle.read(min(max_bytes + 1 - len(data), _CHUNK))
        if not more:
            break
        data += more
    return data


#: How much more is read at a time from a file that grew while it was read.
_CHUNK = 2**20


def decode(data: bytes, *, file: str | None = None) -> str:
    """Decode UTF-8 bytes, dropping a byte order mark; bad bytes raise ParseError.

    >>> decode(b"\\xef\\xbb\\xbfid: X")
    'id: X'
    >>> decode(b"id: \\xff")
    Traceback (most recent call last):
    ...
    ncts.ParseError: <string>:1:5: the file is not valid UTF-8 (byte 0xff): save it as UTF-8
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise ParseError(
            f"the file is not valid UTF-8 (byte 0x{data[start]:02x}): save it as UTF-8",
            file=file,
            line=line,
            column=column,
        ) from None


def parse_text(text: str, format: Format, file: str | None) -> Any:
    """Parse YAML or JSON text into plain data, or raise ParseError."""
    from ._json import load_json
    from ._yaml import load_yaml

    return (
        load_yaml(text, file=file) if format == "yaml" else load_json(text, file=file)
    )


def from_data(
    data: Any,
    cls: type[_T],
    *,
    text: str,
    file: str | None,
    what: str,
    format: Format,
    references: References | None,
) -> _T:
    """Structure parsed data into *cls*; on failure, add lines to each problem.

    When structuring fails, *references*, unless None, adds what the model checks
    last, on the parts that could be read, so that one run reports every problem.
    """
    if type(data) is not dict:
        how = "the file is empty" if data is None else "it is not a mapping"
        problem = Problem(
            "", f"{article(what)} document is a mapping of keys, but {how}"
        )
        raise ValidationError([problem], file=file)
    from ._convert import structure

    try:
        return structure(data, cls)
    except ValidationError as exc:
        if references is not None:  # what the model checks last, on what was read
            exc = _with_references(exc, data, references)
        raise locate(exc, text, file, format=format) from None


#: Finds the problems the model checks last (duplicate IDs, dangling references)
#: in a parsed document, leaving out the paths given (they have problems of their
#: own).
References: TypeAlias = Callable[[dict[str, Any], Collection[str]], list[Problem]]


def _with_references(
    exc: ValidationError, data: dict[str, Any], references: References
) -> ValidationError:
    """Add the duplicate IDs and dangling references that the model did not reach."""
    seen = {p.path for p in exc.problems}
    more = [p for p in references(data, seen) if p.path not in seen]
    return ValidationError([*exc.problems, *more], file=exc.file) if more else exc


#: The lists of a strategy document that hold elements, in document order.
_ELEMENT_LISTS = ("sources", "focus_themes", "goals")


def _raw_elements(data: dict[str, Any]) -> Iterator[tuple[str, Any, bool]]:
    """Yield (path, ID, is a source) for every element of a parsed document.

    In the order the model lists them (the strategy, sources, focus themes, goals,
    each area and its speerpunten); an ID is whatever the document holds there.
    """
    yield "", data.get("id"), False
    for name in _ELEMENT_LISTS:
        items = data.get(name)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            yield f"{name}[{i}]", _id_of(item), name == "sources"
    areas = data.get("areas")
    for i, area in enumerate(areas if isinstance(areas, list) else ()):
        yield f"areas[{i}]", _id_of(area), False
        speerpunten = area.get("speerpunten") if isinstance(area, dict) else None
        for j, sp in enumerate(speerpunten if isinstance(speerpunten, list) else ()):
            yield f"areas[{i}].speerpunten[{j}]", _id_of(sp), False


def _id_of(item: object) -> object:
    return item.get("id") if isinstance(item, dict) else None


def reference_problems(
    data: dict[str, Any], broken: Collection[str] = ()
) -> list[Problem]:
    """Find duplicate IDs and dangling link ends in a document that did not structure.

    The model checks these only once every part is built; when a part is wrong,
    this check runs on the parts that can be read, so that one run reports every
    problem. An ID at a path in *broken* (which has a problem of its own) is not
    counted; a link's ends are checked only when every element has a text ID that
    is not broken (else an end cannot be told dangling). The messages are the
    model's.

    >>> doc = {"id": "s", "goals": [{"id": "G1"}, {"id": "g1"}],
    ...        "links": [{"source": "G1", "target": "G9"}]}
    >>> for p in reference_problems(doc):
    ...     print(p.path, p.message)
    goals[1].id ID 'g1' differs only in case from 'G1' at goals[0].id: IDs must differ in more than case
    links[0].target unknown ID 'G9' (did you mean 'G1', 'g1'?)
    """
    from ._errors import closest, suggestion_text

    elements = list(_raw_elements(data))
    named = [
        (id, path)
        for path, id, _ in elements
        if isinstance(id, str) and id and (f"{path}.id" if path else "id") not in broken
    ]
    problems = id_problems(named)
    if len(named) != len(elements):
        return problems
    targets = [str(id) for _, id, source in elements if not source]
    known = set(targets)
    links = data.get("links")
    for i, link in enumerate(links if isinstance(links, list) else ()):
        if not isinstance(link, dict):
            continue
        for end in ("source", "target"):
            named_end = link.get(end)
            if isinstance(named_end, str) and named_end and named_end not in known:
                hint = suggestion_text(closest(named_end, targets))
                problems.append(
                    Problem(f"links[{i}].{end}", f"unknown ID {named_end!r}{hint}")
                )
    return problems


#: Documents at least this long are read with the cyclic garbage collector paused.
_PAUSE_GC_FROM = 256 * 1024


def read_document(
    text: str | bytes,
    format: Format,
    cls: type[_T],
    *,
    file: str | None,
    what: str = "strategy",
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    references: References | None = reference_problems,
    inspect: Callable[[Any], None] | None = None,
) -> tuple[_T, str]:
    """Parse and structure a document; return the object and the decoded text.

    *references* is as in :func:`from_data`: by default a strategy's
    (:func:`reference_problems`); an overlay's loader passes its own. *inspect*,
    if given, is called with the parsed data before it is structured, and may
    raise to stop there (the command line tells an overlay from a strategy so,
    parsing a file once).

    The depth limit costs nothing on the way to a successful load: a document that
    structures is at most as deep as the schema, so the nesting is measured only
    when a document fails, or when *max_depth* is below the schema's depth.
    """
    check_type(text, (str, bytes), "text")
    check_type(file, (str, type(None)), "file")
    format = _check_format(format)
    max_bytes, max_depth = check_limits(max_bytes, max_depth)
    if len(text) > max_bytes:
        raise _too_big(len(text), max_bytes, file)
    if isinstance(text, bytes):
        text = decode(text, file=file)  # strict UTF-8: no surrogates get through
    else:
        _refuse_surrogates(text, file)
    with gc_paused(len(text) >= _PAUSE_GC_FROM):
        data = parse_text(text, format, file)
        if inspect is not None:
            inspect(data)
        try:
            result = from_data(
                data,
                cls,
                text=text,
                file=file,
                what=what,
                format=format,
                references=references,
            )
        except ValidationError:
            _check_depth(data, max_depth, text, file, cls, what, format=format)
            raise
        from ._convert import depth_of

        if max_depth < depth_of(cls):
            _check_depth(data, max_depth, text, file, cls, what, format=format)
        return result, text


def _refuse_surrogates(text: str, file: str | None) -> None:
    """Refuse text that holds a lone surrogate: no UTF-8 file can hold one."""
    at = lone_surrogate(text)
    if at is None:
        return
    raise ParseError(
        f"the text holds a lone surrogate {text[at]!r}, half of a character "
        "that no UTF-8 file can hold: decode files as UTF-8, or fix the text",
        file=file,
        line=text.count("\n", 0, at) + 1,
        column=at - text.rfind("\n", 0, at),
    )


def locate(
    exc: ValidationError, text: str, file: str | None, *, format: Format
) -> ValidationError:
    """Fill in the line of each problem (and notes on YAML's plain-value traps).

    The problems come back in the order of their lines in the document.

    Every problem is looked up in one pass over the text (see
    :func:`~ncts._yaml.find_lines`), so reporting costs about what reading did.
    """
    # Notes on YAML's traps help where text was expected and something else found.
    noted = {
        p.path
        for p in exc.problems
        if format == "yaml" and "expected text" in p.message
    }
    from ._yaml import find_lines

    found = find_lines(
        text, (p.path for p in exc.problems), notes=noted, json=format == "json"
    )
    problems = []
    for problem in exc.problems:
        line, note = found[problem.path]
        message = problem.message
        if note:
            message = f"{message} ({note})"
        problems.append(Problem(problem.path, message, line))
    # In document order, so that the first problems shown are the first in the file
    # (the converter lists a mapping's unknown keys sorted by name).
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return ValidationError(problems, file=file)


def loads(
    text: str | bytes,
    format: Format = "yaml",
    *,
    file: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Strategy:
    """Read a strategy from YAML or JSON text.

    Only plain data is read: see the file format's rules (docs/file-format.md).

    Parameters
    ----------
    text : str or bytes
        The document. Bytes must be UTF-8.
    format : {"yaml", "json"}
        The format of the text.
    file : str, optional
        A name for the text, used in error messages.
    max_bytes : int
        Refuse longer texts (64 MiB by default); a whole number, at least 1.
    max_depth : int
        Refuse documents nested deeper than this (64 levels by default, at most
        1,000). No valid strategy is nested more than seven.

    Returns
    -------
    Strategy

    Raises
    ------
    ParseError
        If the text is not well-formed; if it uses a tag (any tag, the standard
        ones such as ``!!str`` and ``!!int`` too), an alias, a merge key (``<<``) or
        a key twice; if it writes a number in another form than JSON's (YAML 1.1's
        ``0x7E8``, ``2_024``, ``+2024``, ``1:20``) or with more than 4,300 digits; or if
        it holds a lone surrogate (a JSON escape such as ``\\ud800`` alone, or
        such a character in *text*). The error gives the line and column.
    ValidationError
        If the document breaks the schema; every problem is in its ``problems``,
        with its path and line, and the first 20 in its message.
    FormatError
        If *format*, *max_bytes* or *max_depth* is not one that ncts takes.
    TypeError
        If *text* is not a str or bytes, or *file* not a str.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.loads('''
    ... id: demo
    ... title: {nl: Demostrategie}
    ... period: {start: 2024, end: 2025}
    ... data_version: "1"
    ... ''')
    >>> s.id, str(s.period)
    ('demo', '2024-2025')
    """
    return read_document(
        text, format, Strategy, file=file, max_bytes=max_bytes, max_depth=max_depth
    )[0]


def load(
    path: StrPath | None = None,
    *,
    format: Format | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    version: str | None = None,
) -> Strategy:
    """Load a strategy: the bundled NCTS 2022-2026, or a YAML or JSON file.

    The bundled strategy is parsed once and then shared; it is immutable, so
    sharing is safe. Earlier releases of the bundled data ship with the package
    too (:data:`DATA_RELEASES`), so that they can be compared with ``ncts.diff``.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A strategy file. Without it, the bundled strategy.
    version : str, optional
        A release of the bundled data, such as ``"1.0.0"``; without it, the
        latest. Not together with *path*.
    format : {"yaml", "json"}, optional
        The file's format; by default taken from its suffix (``.yaml``, ``.yml``,
        ``.json``).
    max_bytes : int
        Refuse bigger files, before reading them (64 MiB by default); a whole
        number, at least 1.
    max_depth : int
        Refuse documents nested deeper than this (64 levels by default, at most
        1,000). No valid strategy is nested more than seven.

    Raises
    ------
    FileError, FormatError, ParseError, ValidationError
        As :func:`loads` says, and :class:`~ncts.FileError` if the file cannot
        be read.
    QueryError
        If *version* is not a release of the bundled data, or comes with *path*.
    TypeError
        If *path* is not a str or an ``os.PathLike``, or *version* not a str.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> s is ncts.load()
    True
    >>> s["VK6"].text.nl
    'Aanpak potentieel gewelddadige extremistische eenlingen.'
    >>> old = ncts.load(version="1.0.0")
    >>> old.data_version, old["G1"].text.nl
    ('1.0.0', 'Informatie en inlichtingen voeden dreigingsanalyses en duidingen.')
    >>> ncts.load(version="0.9")
    Traceback (most recent call last):
    ...
    ncts.QueryError: no release '0.9' of the bundled data: the releases are '1.0.0', '1.1.0'
    """
    # The arguments are checked also where the bundled data makes no use of them.
    check_limits(max_bytes, max_depth)
    if format is not None:
        _check_format(format)
    if version is not None:
        if path is not None:
            raise QueryError("give a path or a version of the bundled data, not both")
        return _release(version)
    if path is None:
        return _bundled()
    fmt = format_of(_check_path(path), format)
    name = os.fspath(path)
    return loads(
        read_text(path, max_bytes=max_bytes),
        fmt,
        file=name,
        max_bytes=max_bytes,
        max_depth=max_depth,
    )


#: Where each bundled folder lives in a source checkout (an editable install).
_CHECKOUT = {"data": "data", "data/examples": "docs/examples"}


def bundled_path(name: str, folder: str = "data") -> Path:
    """Return the path of a file shipped in the package's *folder*.

    A built wheel holds the files in ``ncts/data`` (the examples in
    ``ncts/data/examples``). An editable install of a source checkout does not:
    there the files are in the checkout's ``data/`` and ``docs/examples/``.
    """
    # The package folder itself, as importlib.resources would give it for an
    # installed package; importing importlib.resources would cost more start-up
    # time (it imports tempfile, shutil and the compression modules).
    package = Path(__file__).resolve().parent
    resource = package.joinpath(*folder.split("/"), name)
    if resource.is_file():
        return resource
    checkout = package.parents[1] / _CHECKOUT[folder] / name
    if checkout.is_file():
        return checkout
    raise FileError(f"the package has no file {folder}/{name}: reinstall ncts", name)


def bundled_text(name: str = BUNDLED_FILE) -> str:
    """Return the text of a bundled data file."""
    return bundled_path(name).read_text(encoding="utf-8")


def example_path(name: str) -> Path:
    """Return the path of an example file shipped with ncts, to try things with.

    The examples are clearly fictional: ``overlay.yaml`` maps made-up initiatives
    onto the NCTS; ``fictiestad-2025-2028.yaml`` is a small made-up strategy in the
    same schema; ``template.yaml`` is the smallest strategy file to start from.

    Examples
    --------
    >>> import ncts
    >>> ncts.example_path("overlay.yaml").name
    'overlay.yaml'
    >>> ncts.load(ncts.example_path("fictiestad-2025-2028.yaml")).id
    'FICTIESTAD-2025-2028'
    """
    if name not in EXAMPLES:
        raise FileError(
            f"no example {name!r}: the examples are {', '.join(map(repr, EXAMPLES))}",
            name,
        )
    return bundled_path(name, "data/examples")


#: The example files shipped with the package.
EXAMPLES = ("overlay.yaml", "fictiestad-2025-2028.yaml", "template.yaml")


@functools.cache
def _bundled() -> Strategy:
    from ._prebuilt import prebuilt

    text = bundled_text()
    # The same strategy, built without parsing or code generation (ncts._prebuilt).
    built = prebuilt(text)
    if built is not None:
        return built
    return loads(text, "yaml", file=f"<ncts>/data/{BUNDLED_FILE}")


#: Every release of the bundled data that ships with the package, oldest first;
#: the last is the current one, in the bundled file itself.
DATA_RELEASES = ("1.0.0", "1.1.0")


def _release(version: object) -> Strategy:
    if check_type(version, str, "version") not in DATA_RELEASES:
        choices = ", ".join(map(repr, DATA_RELEASES))
        raise QueryError(
            f"no release {version!r} of the bundled data: the releases are {choices}"
        )
    if version == DATA_RELEASES[-1]:
        return _bundled()
    return _old_release(version)


@functools.cache
def _old_release(version: str) -> Strategy:
    name = BUNDLED_FILE.replace(".yaml", f"-{version}.yaml")
    return loads(bundled_text(name), "yaml", file=f"<ncts>/data/{name}")


def dumps(strategy: Strategy | Overlay, format: Format = "yaml") -> str:
    """Write a strategy (or an overlay) as YAML or JSON text, in canonical form.

    Keys keep the model's field order, fields at their defaults are left out, and
    the text is UTF-8 with a final newline: the same strategy always gives the same
    text, and ``loads(dumps(s)) == s``.

    Examples
    --------
    >>> import ncts
    >>> text = ncts.dumps(ncts.load())
    >>> text.splitlines()[0]
    'id: NCTS-2022-2026'
    >>> ncts.loads(text) == ncts.load()
    True
    >>> ncts.loads(ncts.dumps(ncts.load(), "json"), "json") == ncts.load()
    True
    """
    from ._overlay import Overlay

    check_type(strategy, (Strategy, Overlay), "strategy")
    format = _check_format(format)
    from ._convert import unstructure
    from ._json import dump_json
    from ._yaml import dump_yaml

    data = unstructure(strategy)
    if format == "yaml":
        return dump_yaml(data)
    # A strategy's data holds no float (an overlay's may): see dump_json.
    return dump_json(data, floats=not isinstance(strategy, Strategy))


def dump(
    strategy: Strategy | Overlay, path: StrPath, *, format: Format | None = None
) -> None:
    """Write a strategy (or an overlay) to a file, atomically.

    The text goes to a temporary file beside the target, which then replaces it:
    readers see the old file or the new one, never half of one, and the old file
    survives any failure. A symbolic link stays a link (its target is replaced);
    the mode and, where allowed, the owner are kept; a hard link is broken. See
    :func:`atomic_write` and docs/hardening.md.

    Examples
    --------
    >>> import ncts, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ncts.dump(ncts.load(), folder / "copy.json")
    >>> ncts.load(folder / "copy.json") == ncts.load()
    True
    """
    text = dumps(strategy, format_of(path, format))
    atomic_write(path, text)


#: Pseudo file systems: ncts never creates a file in them.
_SPECIAL_FOLDERS = ("/dev", "/proc", "/sys")


def _in_special_folder(path: str) -> bool:
    return any(path == f or path.startswith(f + os.sep) for f in _SPECIAL_FOLDERS)


def _final_target(name: str) -> str:
    """Follow a path through every symbolic link to the file itself.

    A path that is in, or links through, ``/dev``, ``/proc`` or ``/sys`` (such as
    ``/dev/stdout``) is refused: there is no file there to replace. So is a chain
    of more than :data:`_MAX_LINKS` links (a loop, say), which the system would
    not follow either.
    """
    path = os.path.abspath(name)
    for _ in range(_MAX_LINKS + 1):  # each link, then the file at the end
        if _in_special_folder(path):
            break
        try:
            link = os.readlink(path)
        except OSError:  # not a link, or not there
            real = os.path.realpath(path)  # links among the folders, too
            if _in_special_folder(real):
                break
            return real
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    else:
        raise FileError(
            f"cannot write {name!r}: it leads through more than {_MAX_LINKS} "
            "symbolic links (is there a loop?)",
            name,
        )
    raise FileError(
        f"cannot write {name!r}: ncts writes regular files, never in "
        f"{', '.join(_SPECIAL_FOLDERS)} (write to standard output instead)",
        name,
    )


#: The characters that end a folder's name (on Windows, both slashes).
_SEPARATORS = tuple(filter(None, (os.sep, os.altsep)))

#: The most symbolic links followed to the file written: Linux's own limit
#: (MAXSYMLINKS), beyond which opening the path fails with ELOOP.
_MAX_LINKS = 40


def _create_beside(target: str, name: str) -> tuple[int, str]:
    """Create a new, empty temporary file in the target's folder; return fd and path.

    It is created with mode 0o666, which the umask then narrows, as any new file.
    """
    folder = os.path.dirname(target)
    base = os.path.basename(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{base}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise FileError(
                f"cannot write {name!r}: {exc.strerror or exc} (in {folder!r})", name
            ) from None
    raise FileError(
        f"cannot write {name!r}: no free temporary name in {folder!r}", name
    )


def atomic_write(path: StrPath, text: str | bytes) -> None:
    """Write *text* to *path* as UTF-8 (or bytes as they are) via a temporary file.

    The text goes to a temporary file beside the target, which then replaces it:
    a reader sees the old file or the new one, never half of one.

    - A symbolic link stays a link: its final target is replaced (a dangling
      link's target is created).
    - The new file keeps the permission bits of the file it replaces and, where
      the process may (as root, or as the owner for the group), its owner and
      group. A new file gets ``0o666`` less the umask, like any new file.
    - A hard link is broken: the other names keep the old text.
    - Only regular files are written; a folder, device or FIFO is refused, and no
      file is ever created in ``/dev``, ``/proc`` or ``/sys``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write(target, "hello\\n")
    >>> target.read_text()
    'hello\\n'
    """
    name = _checked_name(path, "write")
    if name.endswith(_SEPARATORS):
        raise FileError(
            f"cannot write {name!r}: a name that ends in {name[-1]!r} names a folder: "
            f"name the file (drop the final {name[-1]!r})",
            name,
        )
    data = text.encode("utf-8") if isinstance(text, str) else text
    target = _final_target(name)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise FileError(f"cannot write {name!r}: {exc.strerror or exc}", name) from None
    if old is not None:
        problem = _not_regular(old.st_mode)
        if problem:
            raise FileError(f"cannot write {name!r}: {problem}", name)
    fd, tmp = _create_beside(target, name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if old is not None:
                _keep_owner(handle.fileno(), old)
            os.fsync(handle.fileno())
        if old is not None:  # after chown, which clears the set-user-ID bit
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise FileError(
                f"cannot write {name!r}: {exc.strerror or exc}", name
            ) from None
        raise


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """Give a new file the owner and group of the old one, where that is allowed."""
    if not hasattr(os, "fchown"):  # pragma: no cover - Windows
        return
    if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        # Only root may give a file away; an owner may pick one of its groups.
        with contextlib.suppress(PermissionError):
            os.fchown(fd, old.st_uid, old.st_gid)

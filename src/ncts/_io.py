"""Loading and saving strategies: ``load``/``dump`` for files, ``loads``/``dumps`` for text."""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar

from ._checks import check_type, check_whole_number, lone_surrogate
from ._convert import depth_of, format_path, structure, unstructure
from ._errors import FileError, FormatError, ParseError, Problem, ValidationError
from ._gc import gc_paused
from ._json import dump_json, load_json
from ._model import Strategy
from ._yaml import dump_yaml, find_lines, load_yaml

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
    ncts._errors.FormatError: cannot tell the format of 'strategy.txt' from its suffix: use .yaml, .yml or .json, or pass format=
    """
    if format is not None:
        return _check_format(format)
    suffix = Path(_check_path(path)).suffix.lower()
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


def _check_limits(max_bytes: object, max_depth: object) -> tuple[int, int]:
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
    path = _deeper_than(data, max_depth)
    if path is None:
        return
    where = format_path(path)
    line, _ = find_lines(text, [where], json=format == "json")[where]
    shown = format_path(path if len(path) <= 8 else path[:8]) + (
        "" if len(path) <= 8 else "..."
    )
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


def read_text(path: StrPath, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as UTF-8 text (a byte order mark is dropped), or raise an ncts error.

    A file bigger than *max_bytes* is refused before it is read.

    >>> read_text("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    ncts._errors.FileError: cannot read 'no/such/file.yaml': no such file
    """
    name = os.fspath(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise _too_big(size, max_bytes, name)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:  # it grew while we looked
            raise _too_big(len(data), max_bytes, name)
    except FileNotFoundError:
        raise FileError(f"cannot read {name!r}: no such file", name) from None
    except IsADirectoryError:
        raise FileError(f"cannot read {name!r}: it is a folder", name) from None
    except OSError as exc:
        raise FileError(f"cannot read {name!r}: {exc.strerror or exc}", name) from None
    return decode(data, file=name)


def decode(data: bytes, *, file: str | None = None) -> str:
    """Decode UTF-8 bytes, dropping a byte order mark; bad bytes raise ParseError.

    >>> decode(b"\\xef\\xbb\\xbfid: X")
    'id: X'
    >>> decode(b"id: \\xff")
    Traceback (most recent call last):
    ...
    ncts._errors.ParseError: <string>:1:5: the file is not valid UTF-8 (byte 0xff): save it as UTF-8
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


def _parse(text: str, format: Format, file: str | None) -> Any:
    return (
        load_yaml(text, file=file) if format == "yaml" else load_json(text, file=file)
    )


def from_data(
    data: Any,
    cls: type[_T],
    *,
    text: str,
    file: str | None,
    what: str = "strategy",
    format: Format = "yaml",
) -> _T:
    """Structure parsed data into *cls*; on failure, add lines to each problem."""
    if type(data) is not dict:
        how = "the file is empty" if data is None else "it is not a mapping"
        problem = Problem("", f"a {what} document is a mapping of keys, but {how}")
        raise ValidationError([problem], file=file)
    try:
        return structure(data, cls)
    except ValidationError as exc:
        raise locate(exc, text, file, format=format) from None


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
) -> tuple[_T, str]:
    """Parse and structure a document; return the object and the decoded text.

    The depth limit costs nothing on the way to a successful load: a document that
    structures is at most as deep as the schema, so the nesting is measured only
    when a document fails, or when *max_depth* is below the schema's depth.
    """
    check_type(text, (str, bytes), "text")
    check_type(file, (str, type(None)), "file")
    format = _check_format(format)
    max_bytes, max_depth = _check_limits(max_bytes, max_depth)
    if len(text) > max_bytes:
        raise _too_big(len(text), max_bytes, file)
    if isinstance(text, bytes):
        text = decode(text, file=file)  # strict UTF-8: no surrogates get through
    else:
        _refuse_surrogates(text, file)
    with gc_paused(len(text) >= _PAUSE_GC_FROM):
        data = _parse(text, format, file)
        try:
            result = from_data(
                data, cls, text=text, file=file, what=what, format=format
            )
        except ValidationError:
            _check_depth(data, max_depth, text, file, cls, what, format=format)
            raise
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
    exc: ValidationError, text: str, file: str | None, *, format: Format = "yaml"
) -> ValidationError:
    """Fill in the line of each problem (and notes on YAML's plain-value traps).

    Every problem is looked up in one pass over the text (see
    :func:`~ncts._yaml.find_lines`), so reporting costs about what reading did.
    """
    # Notes on YAML's traps help where text was expected and something else found.
    noted = {
        p.path
        for p in exc.problems
        if format == "yaml" and "expected text" in p.message
    }
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
) -> Strategy:
    """Load a strategy: the bundled NCTS 2022-2026, or a YAML or JSON file.

    The bundled strategy is parsed once and then shared; it is immutable, so
    sharing is safe.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A strategy file. Without it, the bundled strategy.
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
    TypeError
        If *path* is not a str or an ``os.PathLike``.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> s is ncts.load()
    True
    >>> s["VK6"].text.nl
    'Aanpak potentieel gewelddadige extremistische eenlingen.'
    """
    if path is None:
        return _bundled()
    fmt = format_of(_check_path(path), format)
    _check_limits(max_bytes, max_depth)
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
    return loads(bundled_text(), "yaml", file=f"<ncts>/data/{BUNDLED_FILE}")


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
    data = unstructure(strategy)
    return dump_yaml(data) if format == "yaml" else dump_json(data)


def dump(
    strategy: Strategy | Overlay, path: StrPath, *, format: Format | None = None
) -> None:
    """Write a strategy (or an overlay) to a file, atomically.

    The text goes to a temporary file in the same folder, which then replaces the
    target: readers see the old file or the new one, never half of one, and the
    old file survives any failure.

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


def atomic_write(path: StrPath, text: str) -> None:
    """Write *text* to *path* as UTF-8 via a temporary file and a replace.

    The new file keeps the permissions of the file it replaces.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write(target, "hello\\n")
    >>> target.read_text()
    'hello\\n'
    """
    target = Path(path)
    name = os.fspath(path)
    data = text.encode("utf-8")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise FileError(f"cannot write {name!r}: {exc.strerror or exc}", name) from None
    folder = target.parent
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileError(
            f"cannot write {name!r}: {exc.strerror or exc} (in {os.fspath(folder)!r})",
            name,
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise FileError(
                f"cannot write {name!r}: {exc.strerror or exc}", name
            ) from None
        raise

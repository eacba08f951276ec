"""Reading and writing JSON, refusing what would silently lose data or not round-trip.

Refused: duplicate keys, ``NaN`` and ``Infinity``, integers with more digits than
Python turns back into text, and ``\\ud800``-style escapes of half a character (a
lone surrogate, which no UTF-8 file can hold). Each is reported at its line and
column (a duplicate key also with the line of its first use), found again in the
text only after the parser has refused it, so reading a valid document costs
nothing more.
"""

import functools
import re
from typing import Any

from ._checks import too_many_digits
from ._errors import ParseError

__all__ = ["dump_json", "load_json"]


class _DuplicateKey(Exception):
    """A key that appears twice in one object: ``args[0]`` (caught in load_json)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


class _Constant(ValueError):
    """NaN or Infinity, which Python's json reads but JSON does not have."""


def _constant(name: str) -> Any:
    raise _Constant(f"{name} is not valid JSON", name)


class _TooLong(Exception):
    """A whole number too long to read: ``args[0]``, its digits (caught in load_json)."""


def _int(digits: str) -> int:
    if len(digits) > _FEW_DIGITS and too_many_digits(digits):
        raise _TooLong(digits)
    return int(digits)


# Python reads at least this many digits, whatever the process's limit.
_FEW_DIGITS = 640


# A \\u escape of a surrogate, with the backslashes before it: an even number of
# them is an escaped backslash followed by the letter u, not an escape.
_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")


def _lone_surrogate_escape(text: str) -> int | None:
    """Return where the first escape of half a surrogate pair starts, or None."""
    paired_at = None  # where the second half of the last pair starts
    for match in _SURROGATE_ESCAPE.finditer(text):
        if len(match.group(1)) % 2 == 0:
            continue
        start = match.end(1) - 1
        if int(match.group(2), 16) < 0xDC00:  # a first half: its pair must follow
            after = text[match.end() : match.end() + 6]
            if (
                len(after) == 6
                and after[:2] == "\\u"
                and after[2] in "dD"
                and after[3] in "cdefCDEF"
            ):
                paired_at = match.end()
                continue
            return start
        if start != paired_at:
            return start
    return None


def _position(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


# The JSON tokens that digits can stand in: a string, or a number.
_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?', re.S
)


def _number_at(text: str, digits: str) -> int:
    """Return where the whole number *digits* stands first, as a number, in *text*.

    The same digits may stand earlier in a string, or start a longer number.

    >>> _number_at('{"a": "12", "b": 123, "c": 12}', "12")
    27
    """
    return next(m.start() for m in _TOKEN.finditer(text) if m.group() == digits)


# A JSON token, for finding a refused one again once the parser has refused it: a
# string, a name (true, NaN, -Infinity...), a number, or a punctuation mark.
_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"|-?[A-Za-z]+|[-+0-9.eE]+|[{}\[\]:,]', re.S)


def _duplicate_at(text: str, key: str) -> tuple[int, int] | None:
    """Return where the repeated key the parser reported stands, and its first use.

    None if it is not found.

    The parser checks an object's keys when the object ends, so the object it
    reports is the first to end that repeats a key, and the key is the first one
    repeated in it: look for the same. Keys are compared as the parser reads
    them, escapes decoded.

    >>> _duplicate_at('{"a": 1, "b": {"c": 2, "\\u0063": 3}, "a": 4}', "c")
    (23, 15)
    """
    import json

    objects: list[dict[str, int] | None] = []  # each open object's keys; None: array
    repeated: list[tuple[str, int, int] | None] = []  # each one's first repeat
    previous: str | None = None
    for match in _SCAN.finditer(text):
        token = match.group()
        # A key comes first in an object, and after a comma in one.
        is_key = previous == "{" or (
            previous == "," and bool(objects) and objects[-1] is not None
        )
        previous = token
        if token in ("{", "["):
            objects.append({} if token == "{" else None)
            repeated.append(None)
        elif token in ("}", "]"):
            if not objects:
                return None
            objects.pop()
            found = repeated.pop()
            if found is not None:
                name, at, first = found
                return (at, first) if name == key else None
        elif is_key and token.startswith('"'):
            keys = objects[-1]
            assert keys is not None
            name = json.loads(token) if "\\" in token else token[1:-1]
            if name not in keys:
                keys[name] = match.start()
            elif repeated[-1] is None:
                repeated[-1] = (name, match.start(), keys[name])
    return None


def _constant_at(text: str, name: str) -> int | None:
    """Return where the first ``NaN``, ``Infinity`` or ``-Infinity`` stands.

    >>> _constant_at('{"NaN": "Infinity", "x": [1, -Infinity]}', "-Infinity")
    29
    """
    for match in _SCAN.finditer(text):
        if match.group() in ("NaN", "Infinity", "-Infinity"):
            return match.start() if match.group() == name else None
    return None


def load_json(text: str, *, file: str | None = None) -> Any:
    """Parse JSON text into plain data, or raise :class:`~ncts.ParseError`.

    Duplicate keys and the non-standard constants ``NaN`` and ``Infinity`` are
    refused.

    >>> load_json('{"a": [1, "b"]}')
    {'a': [1, 'b']}
    >>> load_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    ncts.ParseError: <string>:1:10: duplicate key 'a' (first used on line 1): a key may appear only once in an object
    >>> load_json('{"a": "x\\\\ud800"}')
    Traceback (most recent call last):
    ...
    ncts.ParseError: <string>:1:9: the escape '\\ud800' is half of a character (a lone surrogate), which no UTF-8 file can hold: write the character itself, or both halves of its pair
    """
    import json  # here, not at the top: ``import ncts`` need not load it

    try:
        data = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_int
        )
    except _TooLong as exc:
        digits: str = exc.args[0]
        line, column = _position(text, _number_at(text, digits))
        raise ParseError(
            too_many_digits(digits) or "",
            file=file,
            line=line,
            column=column,
        ) from None
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"malformed JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from None
    except _DuplicateKey as exc:
        key = exc.args[0]
        where = _duplicate_at(text, key)  # found: the parser and the scan agree
        place = _position(text, where[0]) if where else (None, None)
        first = (
            [f"(first used on line {_position(text, where[1])[0]})"] if where else []
        )
        raise ParseError(
            f"{' '.join([f'duplicate key {key!r}', *first])}: a key may appear "
            "only once in an object",
            file=file,
            line=place[0],
            column=place[1],
        ) from None
    except _Constant as exc:
        name = exc.args[1]
        at = _constant_at(text, name)
        place = _position(text, at) if at is not None else (None, None)
        raise ParseError(
            f"malformed JSON: {name} is not valid JSON: write a number, or null",
            file=file,
            line=place[0],
            column=place[1],
        ) from None
    except RecursionError:
        raise ParseError(
            "the document is nested too deeply: the JSON parser reads at most about "
            "1,000 levels of nesting",
            file=file,
        ) from None
    # An escape is rare in most documents, and looking for one costs little.
    at = _lone_surrogate_escape(text) if "\\u" in text else None
    if at is not None:
        line, column = _position(text, at)
        raise ParseError(
            f"the escape '{text[at : at + 6]}' is half of a character (a lone "
            "surrogate), which no UTF-8 file can hold: write the character itself, "
            "or both halves of its pair",
            file=file,
            line=line,
            column=column,
        )
    return data


def dump_json(data: Any, *, floats: bool = True) -> str:
    """Write plain data as canonical JSON: two-space indent, UTF-8, final newline.

    With the optional ``orjson`` installed (``pip install 'ncts[speed]'``), the
    text is written by it, several times faster than the standard library's
    indenting encoder (which is pure Python), and checked to be the same text:
    where the two could differ (a number with a fraction or an exponent, which
    they format differently; ``null``, which orjson also writes for NaN; anything
    orjson refuses), the standard library writes it. A caller that knows *data*
    holds no float (a strategy's data: the model has none) says so with
    ``floats=False``, which spares the look for them.

    >>> print(dump_json({"id": "VK7"}), end="")
    {
      "id": "VK7"
    }
    """
    fast = _orjson()
    if fast is not None:
        try:
            text: str = fast.dumps(data, option=_ORJSON_OPTIONS).decode()
        except TypeError:  # orjson.JSONEncodeError: left to the standard library
            pass
        else:
            if not floats or ("null" not in text and not _FLOAT.search(text)):
                return text + "\n"
    return _dump_json_stdlib(data)


def _dump_json_stdlib(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# A number with a fraction or an exponent, as a value on a line of indented JSON.
_FLOAT = re.compile(r'^ *(?:"(?:[^"\\]|\\.)*": )?-?[0-9]+[.eE]', re.MULTILINE)


@functools.cache
def _orjson() -> Any:
    """Return the orjson module, or None when it is not installed."""
    global _ORJSON_OPTIONS
    try:
        import orjson
    except ImportError:
        return None
    # Dates, dataclasses and subclasses are refused, as the standard library does.
    _ORJSON_OPTIONS = (
        orjson.OPT_INDENT_2
        | orjson.OPT_PASSTHROUGH_DATETIME
        | orjson.OPT_PASSTHROUGH_DATACLASS
    )
    return orjson


_ORJSON_OPTIONS = 0

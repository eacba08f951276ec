"""Checks shared by the public functions: argument types, languages, limits, numbers.

One function per rule, so that every public function states a rule the same way:

- :func:`check_type`: an argument of the wrong type is a :class:`TypeError` whose
  message names the argument, as Python's own functions do;
- :func:`check_lang`: a language is ``"nl"`` or ``"en"``;
- :func:`check_whole_number`: a limit such as ``max_bytes`` is a whole number in a
  range (``bool`` is not a number here);
- :func:`int_too_long` and :func:`shown`: an integer with more digits than Python
  prints by default cannot be written into a file that can be read back, so it is
  refused where it enters, and is never ``repr``-ed in a message.

This module imports nothing else of ncts but the errors, so every module can use it.
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar

from ._errors import FormatError, QueryError

__all__ = [
    "LANGS",
    "MAX_INT_DIGITS",
    "check_choice",
    "check_items",
    "check_lang",
    "check_type",
    "check_whole_number",
    "int_too_long",
    "lone_surrogate",
    "shown",
    "too_many_digits",
]

_T = TypeVar("_T")

#: The languages of a strategy's texts.
LANGS = ("nl", "en")

#: The most digits an integer may have: Python's default limit for turning an int
#: into text and back (``sys.int_info.default_max_str_digits``). It does not follow
#: ``sys.set_int_max_str_digits``, so that a file ncts writes can always be read.
MAX_INT_DIGITS: int = getattr(sys.int_info, "default_max_str_digits", 4300)
_INT_BOUND = 10**MAX_INT_DIGITS


def _type_names(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    names = ["None" if t is type(None) else t.__name__ for t in types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def check_type(
    value: _T, expected: type | tuple[type, ...], argument: str, *, what: str = ""
) -> _T:
    """Return *value*, or raise TypeError naming *argument* if it is of another type.

    ``bool`` is not accepted where ``int`` is expected. *what* describes the expected
    value when the type's name alone would not (``"a path"``).

    >>> check_type("x", str, "query")
    'x'
    >>> check_type(b"x", str, "query")
    Traceback (most recent call last):
    ...
    TypeError: query must be str, not bytes
    >>> check_type(5, (str, type(None)), "file")
    Traceback (most recent call last):
    ...
    TypeError: file must be str or None, not int
    """
    if isinstance(value, expected) and not (
        type(value) is bool and bool not in _as_tuple(expected)
    ):
        return value
    wanted = what or _type_names(expected)
    raise TypeError(f"{argument} must be {wanted}, not {type(value).__name__}")


def _as_tuple(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def check_items(
    values: object, expected: type, argument: str, *, what: str
) -> tuple[Any, ...]:
    """Return the items of an iterable argument as a tuple, each of type *expected*.

    Text, bytes and a mapping are not taken for a collection, and neither is a
    single item of the expected type: each is a TypeError naming the argument.

    >>> check_items([1, 2], int, "numbers", what="numbers")
    (1, 2)
    >>> check_items("ab", str, "tags", what="texts")
    Traceback (most recent call last):
    ...
    TypeError: tags must be an iterable of texts, not str
    """
    if isinstance(values, (str, bytes, dict, expected)) or not hasattr(
        values, "__iter__"
    ):
        raise TypeError(
            f"{argument} must be an iterable of {what}, not {type(values).__name__}"
        )
    items = tuple(values)
    for item in items:
        if not isinstance(item, expected):
            raise TypeError(
                f"{argument} must hold only {what}, not {type(item).__name__}"
            )
    return items


def check_choice(
    value: object, choices: tuple[str, ...], argument: str, *, optional: bool = False
) -> Any:
    """Return *value* if it is one of *choices* (or None, if *optional*).

    A value of another type is a TypeError; another text is a
    :class:`~ncts.QueryError` (a ValueError). Both name the argument and the choices.

    >>> check_choice("warn", ("error", "warn"), "unresolved")
    'warn'
    >>> check_choice("fail", ("error", "warn"), "unresolved")
    Traceback (most recent call last):
    ...
    ncts.QueryError: unresolved must be 'error' or 'warn', got 'fail'
    """
    if type(value) is str and value in choices:
        return value
    if value is None and optional:
        return None
    names = [repr(c) for c in choices] + (["None"] if optional else [])
    wanted = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be {wanted}, not {type(value).__name__}")
    raise QueryError(f"{argument} must be {wanted}, got {shown(value)}")


def check_lang(lang: object, *, argument: str = "lang", optional: bool = False) -> Any:
    """Return *lang* if it is ``"nl"`` or ``"en"`` (or None, if *optional*).

    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ncts.QueryError: lang must be 'nl' or 'en', got 'fr'
    """
    if lang is None and optional:
        return None
    if type(lang) is str and (lang == "nl" or lang == "en"):  # the usual case, fast
        return lang
    return check_choice(lang, LANGS, argument, optional=optional)


def check_whole_number(
    value: object,
    argument: str,
    *,
    low: int = 1,
    high: int | None = None,
    why: str = "",
) -> int:
    """Return *value* if it is a whole number from *low* to *high*, else FormatError.

    This is how ncts checks its limits, ``max_bytes`` and ``max_depth``: a value of
    the wrong type and a value out of range get the same error, which says what is
    allowed. ``True`` is not a number here.

    >>> check_whole_number(64, "max_depth", high=1000)
    64
    >>> check_whole_number(1.5, "max_bytes")
    Traceback (most recent call last):
    ...
    ncts.FormatError: max_bytes must be a whole number of at least 1, got 1.5
    """
    if type(value) is int and value >= low and (high is None or value <= high):
        return value
    allowed = (
        f"from {low:,} to {high:,}" if high is not None else f"of at least {low:,}"
    )
    raise FormatError(
        f"{argument} must be a whole number {allowed}{why}, got {shown(value)}"
    )


def _digits_read() -> int:
    """Return the most digits a number in a file may have.

    That is MAX_INT_DIGITS, or fewer if the process has lowered Python's limit
    (``sys.set_int_max_str_digits``).
    """
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return min(limit, MAX_INT_DIGITS) if limit else MAX_INT_DIGITS


def too_many_digits(digits: str) -> str | None:
    """Say what is wrong with the digits of a whole number in a file, or None.

    >>> too_many_digits("-" + "9" * 5000)
    'the number has 5,000 digits, more than the 4,300 that a number may have'
    """
    count = len(digits.lstrip("-+"))
    limit = _digits_read()
    if count <= limit:
        return None
    return f"the number has {count:,} digits, more than the {limit:,} that a number may have"


def int_too_long(value: int) -> bool:
    """Whether an integer has more digits than Python turns into text by default.

    >>> int_too_long(10**4299), int_too_long(10**4300)
    (False, True)
    """
    return not -_INT_BOUND < value < _INT_BOUND


def shown(value: object, limit: int = 60) -> str:
    """Render a value for a message: its repr, shortened, never failing.

    An integer too long to print is described by its size instead.

    >>> shown(10**5000)
    'a number with more than 4,300 digits'
    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'..."
    """
    if isinstance(value, int) and int_too_long(value):
        return f"a number with more than {MAX_INT_DIGITS:,} digits"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[: limit - 3]) + "..."
    try:
        text = repr(value)
    except ValueError:  # an int longer than this process prints
        return f"a number with more than {_digits_read():,} digits"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def lone_surrogate(text: str) -> int | None:
    """Return where the first lone surrogate in *text* is, or None if it has none.

    Surrogates come in pairs in UTF-16 only; in a Python string each one alone is
    half a character, which no UTF-8 file can hold: encoding it fails, and that
    is how it is found (the encoder is faster than a search).

    >>> lone_surrogate("a\\ud800b")
    1
    >>> lone_surrogate("\N{GRINNING FACE}") is None
    True
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None

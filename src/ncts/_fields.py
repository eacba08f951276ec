"""The fields of the model and the overlay: how a field is declared and checked.

The model (``_model``) and the overlay (``_overlay``) declare their attrs fields
with :func:`field` and its short forms. A field's description feeds the JSON Schema
and the docs; its ``check`` (a function that says what is wrong with a value, or
returns None) runs when an object is built, and the loader runs the same check
while it structures a document, so that every bad value is reported at once. While
the loader builds objects from values it has checked (:data:`PRECHECKED`), the
validators have nothing left to do.

The rules for IDs and texts, which every module that reads or writes them shares,
are here too: :func:`id_problem` and :func:`text_problem`.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import attrs

from ._checks import lone_surrogate, shown
from ._errors import Problem, ValidationError

__all__ = [
    "ID_PATTERN",
    "INVISIBLE_ASCII",
    "MAX_ID_LENGTH",
    "PRECHECKED",
    "fail",
    "field",
    "id_clashes",
    "id_field",
    "id_problem",
    "text_field",
    "text_problem",
    "tuple_field",
]

#: The syntax of every ID: ASCII letters and digits, starting with a letter, with
#: single ``-``, ``_`` or ``.`` between them. At most 64 characters. (Anchored with
#: ``^`` and ``$`` for the JSON Schema; Python matches the whole text, so that an ID
#: cannot end in a line break.)
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$"
MAX_ID_LENGTH = 64
_ID_RE = re.compile(ID_PATTERN)


def fail(path: str, message: str) -> ValidationError:
    """Return the ValidationError of one problem at one field.

    >>> print(fail("end", "ends before it starts"))
    document: 1 problem
      end: ends before it starts
    """
    return ValidationError([Problem(path, message)])


def id_problem(value: object) -> str | None:
    """Say what is wrong with an ID, or return None if it is valid.

    The whole text must match: ``"G1\\n"`` is not an ID.

    >>> id_problem("VK6") is None
    True
    >>> id_problem("VK 6")
    "'VK 6' is not a valid ID: use ASCII letters and digits, start with a letter, join parts with single '-', '_' or '.', at most 64 characters (for example 'VK6' or 'my-area.1')"
    >>> id_problem("G1\\n") is None
    False
    """
    if not isinstance(value, str):
        return f"must be text, got {type(value).__name__}"
    if len(value) > MAX_ID_LENGTH or not _ID_RE.fullmatch(value):
        return (
            f"{shown(value)} is not a valid ID: use ASCII letters and digits, start "
            "with a letter, join parts with single '-', '_' or '.', at most "
            f"{MAX_ID_LENGTH} characters (for example 'VK6' or 'my-area.1')"
        )
    return None


_W = TypeVar("_W")


def id_clashes(entries: Iterable[tuple[str, _W]]) -> Iterator[tuple[str, _W, str, _W]]:
    """Yield each ID that an earlier one already uses, also when case is ignored.

    IDs must differ in more than case. *entries* are pairs of an ID and where it
    is, in document order; each clash comes as the ID, where it is, and the first
    ID it clashes with and where that is (the same ID, or one that differs only in
    case). The one rule for the strategy's IDs, link IDs and overlay records.

    >>> entries = [("VK6", "a"), ("VK7", "b"), ("vk6", "c"), ("VK6", "d")]
    >>> list(id_clashes(entries))
    [('vk6', 'c', 'VK6', 'a'), ('VK6', 'd', 'VK6', 'a')]
    """
    first: dict[str, tuple[str, _W]] = {}
    for id, where in entries:
        key = id.casefold()
        earlier = first.get(key)
        if earlier is None:
            first[key] = (id, where)
        else:
            yield id, where, *earlier


#: The ASCII characters that show nothing: spaces and control characters. An ASCII
#: text shows something if it is more than these.
INVISIBLE_ASCII = "".join(map(chr, range(33))) + "\x7f"
# Default-ignorable characters (Unicode's DerivedCoreProperties) that are neither
# whitespace nor control or format characters: fillers, variation selectors.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u3164"
    "\ufe00-\ufe0f\uffa0\ufff0-\ufff8\U000e0000-\U000e0fff]"
)


def text_problem(value: object) -> str | None:
    """Say what is wrong with a text, or return None if it is valid.

    A text must show something: one made only of spaces, line breaks, control,
    zero-width and other format characters is empty. It must not hold a lone
    surrogate (half of a UTF-16 pair), which no UTF-8 file can hold.

    >>> text_problem("Verwerven") is None
    True
    >>> text_problem("  ")
    'must not be empty'
    >>> text_problem("\\u200b\\u2060 ")
    'must not be empty: it holds only invisible characters (such as zero-width spaces)'
    >>> text_problem("a\\ud800")
    "holds a lone surrogate '\\\\ud800' (at character 1), half of a character that no UTF-8 file can hold: write the character itself (in JSON, a \\\\ud83d\\\\ude00-style escape needs both halves)"
    """
    if not isinstance(value, str):
        return f"must be text, got {type(value).__name__}"
    if value.isascii():
        return None if value.strip(INVISIBLE_ASCII) else "must not be empty"
    at = lone_surrogate(value)
    if at is not None:
        return (
            f"holds a lone surrogate {value[at]!r} (at character {at:,}), "
            "half of a character that no UTF-8 file can hold: write the character "
            "itself (in JSON, a \\ud83d\\ude00-style escape needs both halves)"
        )
    if not "!" <= value[:1] <= "~" and _blank(value):  # most texts start visibly
        if not value.strip():
            return "must not be empty"
        return (
            "must not be empty: it holds only invisible characters (such as "
            "zero-width spaces)"
        )
    return None


def _blank(value: str) -> bool:
    """Whether a text shows nothing: every character is invisible."""
    import unicodedata

    for char in value:
        if not (
            char.isspace()
            or unicodedata.category(char) in ("Cc", "Cf")
            or _IGNORABLE.match(char)
        ):
            return False
    return True


#: True while the loader builds objects from values it has already checked field by
#: field (see ``_convert``): the field validators then have nothing left to do. A
#: context variable, so another thread building objects at the same time is still
#: checked.
PRECHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ncts_prechecked", default=False
)


def _validator(check: Callable[[object], str | None]) -> Callable[..., None]:
    def validate(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if PRECHECKED.get() or (value is None and attribute.default is None):
            return
        problem = check(value)
        if problem is not None:
            raise fail(attribute.name, problem)

    return validate


def field(description: str, **kwargs: Any) -> Any:
    """Declare an attrs field whose description feeds the JSON Schema and the docs.

    A ``check`` (a function returning a problem or None) becomes the field's
    validator, and is kept in the metadata so that the loader can run it while it
    structures the document, reporting every bad value at once. A ``schema`` adds
    JSON Schema keywords to the field's schema (a range, say).
    """
    metadata: dict[str, Any] = {"description": description}
    schema = kwargs.pop("schema", None)
    if schema is not None:
        metadata["schema"] = schema
    check = kwargs.pop("check", None)
    if check is not None:
        metadata["check"] = check
        kwargs["validator"] = _validator(check)
    return attrs.field(metadata=metadata, **kwargs)


def text_field(description: str, *, optional: bool = False) -> Any:
    """Declare a text field (None when *optional* and left out)."""
    if optional:
        return field(description, default=None, check=text_problem)
    return field(description, check=text_problem)


def id_field(description: str) -> Any:
    """Declare an ID field."""
    return field(description, check=id_problem)


def tuple_field(description: str) -> Any:
    """Declare a field that holds a tuple (empty when left out)."""
    return field(description, default=(), converter=_as_tuple)


def _as_tuple(value: Any) -> Any:
    return value if type(value) is tuple else tuple(value)

"""The fields of the model and the overlay: how a field is declared and checked.

The model (``_model``) and the overlay (``_overlay``) declare their attrs fields
with :func:`field` and its short forms. A field's description feeds the JSON Schema
and the docs. What it ``holds`` (:class:`Holds`: a text, a date, a tuple of Goal)
is checked when an object is built: a value of another type is Python's
``TypeError``, naming the class, the field, what was given and what is expected.
Its ``check`` (a function that says what is wrong with a value of the right type,
or returns None) is a ``ValidationError``; the loader runs the same check while it
structures a document, so that every bad value is reported at once. While the
loader builds objects from values it has checked (:data:`PRECHECKED`), the
checks have nothing left to do. A value that is not of the field's type but can
be made one is made one (a list a tuple, an enum's value its member); anything
else is refused (never ``tuple("VK")``).

The rules for IDs and texts, which every module that reads or writes them shares,
are here too: :func:`id_problem` and :func:`text_problem`.
"""

from __future__ import annotations

import contextvars
import datetime
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

import attrs

from ._checks import lone_surrogate, shown
from ._errors import Problem, ValidationError

__all__ = [
    "BOOL",
    "DATE",
    "ID_PATTERN",
    "INT",
    "INVISIBLE_ASCII",
    "MAX_ID_LENGTH",
    "NUMBER",
    "PRECHECKED",
    "STR",
    "Checked",
    "Holds",
    "HoldsItems",
    "HoldsMember",
    "check_fields",
    "date_field",
    "date_problem",
    "enum_field",
    "exactly",
    "fail",
    "field",
    "frozenset_of",
    "id_clashes",
    "id_field",
    "id_problem",
    "instance_of",
    "text_field",
    "text_problem",
    "tuple_field",
    "tuple_of",
    "wrong_type",
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
#: field (see ``_convert``): the field checks then have nothing left to do. A
#: context variable, so another thread building objects at the same time is still
#: checked.
PRECHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ncts_prechecked", default=False
)


class Holds:
    """The type of value a field holds: how to test it, and how a TypeError names it.

    A value of another type is Python's TypeError, naming the class, the field,
    what it holds and what it was given. A value of the right type that breaks a
    rule is the field's ``check``, a ValidationError.

    The test is made of parts that :func:`check_fields` runs without a call of
    its own, for speed: the *exact* type (with a C function that tests each item,
    for a container) or the *classes* of :func:`isinstance`; else the function
    *test*.

    >>> import attrs
    >>> @attrs.frozen
    ... class Box(Checked):
    ...     size: int = field("A size.", holds=INT)
    >>> Box(True)
    Traceback (most recent call last):
    ...
    TypeError: Box.size must be an int, not bool: True
    """

    __slots__ = ("classes", "exact", "items", "name", "test")

    def __init__(
        self,
        name: str,
        *,
        exact: type | None = None,
        items: Callable[[Any], bool] | None = None,
        classes: tuple[type, ...] | None = None,
        test: Callable[[Any], bool] | None = None,
    ) -> None:
        self.name = name
        self.exact = exact
        self.items = items
        self.classes = classes
        self.test = test

    def accepts(self, value: object) -> bool:
        """Whether *value* is of this type (the test :func:`check_fields` runs).

        >>> INT.accepts(1), INT.accepts(True), tuple_of(STR).accepts(("a", 1))
        (True, False, False)
        """
        if self.exact is not None:
            return type(value) is self.exact and (
                self.items is None or all(map(self.items, value))  # type: ignore[call-overload]
            )
        if self.classes is not None:
            return isinstance(value, self.classes)
        return self.test(value)  # type: ignore[misc]

    def fix(self, owner: object, name: str, value: object, path: str = "") -> Any:
        """Return what the field holds for a *value* it does not accept, or raise.

        Here: always TypeError. A tuple field makes a list a tuple, and an enum
        field makes a member's value the member (see the subclasses). *path* is
        where a ValidationError puts its problem (*name*, if empty).
        """
        raise wrong_type(owner, name, self.name, value)


class HoldsMember(Holds):
    """A member of an enum; its value as text is made the member.

    A text that is no member's value is a ValidationError that lists the
    choices; any other type is a TypeError.

    >>> import enum
    >>> class Colour(str, enum.Enum):
    ...     RED = "red"
    >>> HoldsMember(Colour).fix(Colour, "colour", "red")
    <Colour.RED: 'red'>
    >>> HoldsMember(Colour).fix(Colour, "colour", "blue")
    Traceback (most recent call last):
    ...
    ncts.ValidationError: document: 1 problem
      colour: 'blue' is not one of 'red'
    """

    __slots__ = ("enum_type",)

    def __init__(self, enum_type: type[enum.Enum]) -> None:
        name = f"{article(enum_type.__name__)} (or its value as text)"
        super().__init__(name, classes=(enum_type,))
        self.enum_type = enum_type

    def fix(self, owner: object, name: str, value: object, path: str = "") -> Any:
        """Return the member whose value *value* is; raise if there is none."""
        if not isinstance(value, str):
            raise wrong_type(owner, name, self.name, value)
        try:
            return self.enum_type(value)
        except ValueError:
            choices = ", ".join(repr(member.value) for member in self.enum_type)
            message = f"{shown(value)} is not one of {choices}"
            raise fail(path or name, message) from None


class HoldsItems(Holds):
    """A tuple (or a frozenset) whose items are each of one type.

    Any other iterable is made one, but for text, bytes and a mapping: a str
    is not a tuple of its characters. Each item is tested, and fixed, as its own
    type says (a kind's value made the kind).

    >>> tuple_of(STR).fix(Holds, "tags", ["a", "b"])
    ('a', 'b')
    >>> tuple_of(STR).fix(Holds, "tags", "ab")
    Traceback (most recent call last):
    ...
    TypeError: Holds.tags must be a tuple (or list) of str, not str: 'ab'
    """

    __slots__ = ("item",)

    def __init__(self, container: type, item: Holds, given: str) -> None:
        super().__init__(
            f"a {container.__name__} ({given}) of {_bare(item.name)}",
            exact=container,
            items=_item_test(item),
        )
        self.item = item

    def fix(self, owner: object, name: str, value: object, path: str = "") -> Any:
        """Return *value* as the container, its items fixed; raise if it cannot be."""
        if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(
            value, Iterable
        ):
            raise wrong_type(owner, name, self.name, value)
        as_tuple = self.exact is tuple
        items = []
        for i, item in enumerate(value):
            if not self.item.accepts(item):
                where = f"{name}[{i}]" if as_tuple else f"{name} item"
                item = self.item.fix(
                    owner,
                    where,
                    item,
                    f"{path or name}[{i}]" if as_tuple else path or name,
                )
            items.append(item)
        return self.exact(items)  # type: ignore[misc]


def _item_test(item: Holds) -> Callable[[Any], bool]:
    """Return a test of one item, a C function where it can be."""
    if item.classes is not None and len(item.classes) == 1:
        return item.classes[0].__instancecheck__
    return item.accepts


def _bare(name: str) -> str:
    """Drop the article from the name of a type: "a Text" gives "Text"."""
    return name.split(" ", 1)[1] if name.startswith(("a ", "an ")) else name


def a_type(element_type: object) -> str:
    """Name an element type with its article, as words: "a focus theme".

    >>> a_type("focus_theme"), a_type("area")
    ('a focus theme', 'an area')
    """
    return article(str(element_type).replace("_", " "))


def article(words: str) -> str:
    """Put "a" or "an" before *words*, by their first letter (quotes skipped).

    >>> article("area"), article("speerpunt"), article(repr("underpins"))
    ('an area', 'a speerpunt', "an 'underpins'")
    """
    return f"an {words}" if words.lstrip("'\"")[:1] in "AEIOUaeiou" else f"a {words}"


def wrong_type(owner: object, name: str, expected: str, value: object) -> TypeError:
    """Return the TypeError of a field given a value of the wrong type.

    >>> print(wrong_type(Holds, "addresses", "a tuple of str", "VK"))
    Holds.addresses must be a tuple of str, not str: 'VK'
    """
    cls = owner if isinstance(owner, type) else type(owner)
    given = "None" if value is None else f"{type(value).__name__}: {shown(value)}"
    dot = "" if name.startswith("[") else "."  # an item of a mapping: Gaps['goal']
    return TypeError(f"{cls.__name__}{dot}{name} must be {expected}, not {given}")


def instance_of(*classes: type) -> Holds:
    """Hold an instance of one of *classes* (a subclass too).

    >>> instance_of(int).accepts(True), instance_of(int).name
    (True, 'an int')
    >>> instance_of(int, str).name
    'an int or a str'
    """
    name = " or ".join(article(cls.__name__) for cls in classes)
    return Holds(name, classes=classes)


def exactly(cls: type, name: str = "") -> Holds:
    """Hold a *cls* and nothing else: no subclass (bool is not an int).

    >>> exactly(int).accepts(True), exactly(int).accepts(1)
    (False, True)
    """
    return Holds(name or article(cls.__name__), exact=cls)


def tuple_of(item: Holds) -> HoldsItems:
    """Hold a tuple of *item*; a list or another iterable is made one.

    >>> tuple_of(STR).name
    'a tuple (or list) of str'
    """
    return HoldsItems(tuple, item, "or list")


def frozenset_of(item: Holds) -> HoldsItems:
    """Hold a frozenset of *item*; a set or a list is made one.

    >>> frozenset_of(STR).fix(Holds, "tags", ["a"])
    frozenset({'a'})
    """
    return HoldsItems(frozenset, item, "or set, or list")


#: The field holds text (an ID is text too): a str, not a subclass of it (a str
#: enum, numpy's str_), which the YAML writer would not know.
STR = exactly(str)
#: The field holds a whole number; bool is not one.
INT = exactly(int)
#: The field holds a number, whole or not; bool is not one.
NUMBER = Holds(
    "an int or a float", test=lambda value: type(value) is int or type(value) is float
)
#: The field holds a day; a datetime (a date with a time) is not one.
DATE = exactly(datetime.date, "a datetime.date")


def date_problem(value: datetime.date) -> str | None:
    """Say what is wrong with a date, or return None if it is valid.

    A date is from the year 1000, as a file writes it (``YYYY-MM-DD``).

    >>> date_problem(datetime.date(999, 12, 31))
    'must be from the year 1000, got 0999-12-31'
    """
    if value.year < 1000:
        return f"must be from the year 1000, got {value.isoformat()}"
    return None


def date_field(description: str, *, optional: bool = False) -> Any:
    """Declare a date field (None when *optional* and left out)."""
    if optional:
        return field(description, default=None, holds=DATE, check=date_problem)
    return field(description, holds=DATE, check=date_problem)


#: The field holds a truth value.
BOOL = exactly(bool)


class Checked:
    """A base of the classes whose fields are declared with :func:`field`.

    Its ``__attrs_post_init__`` checks every field once the object is built
    (:func:`check_fields`): one call per object, which returns at once while the
    loader builds objects from values it has checked (:data:`PRECHECKED`), so
    that loading does not pay for checks it has made. A class with a post-init
    of its own calls :func:`check_fields` first.
    """

    __slots__ = ()

    if TYPE_CHECKING:

        def __attrs_post_init__(self) -> None: ...

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy an object as the call that builds it: its fields only.

        What an object works out for itself (a strategy's indexes and caches)
        is left behind and worked out again on use, and the copy is checked as
        the original was.
        """
        cls = type(self)
        declared = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
        fields = {a.alias: getattr(self, a.name) for a in declared if a.init}
        return (_rebuild, (cls, fields))


def _rebuild(cls: type[Checked], fields: dict[str, Any]) -> Checked:
    """Build *cls* from its fields (the other half of ``Checked.__reduce__``)."""
    return cls(**fields)


_Step: TypeAlias = tuple[
    str,  # the field's name
    "type | None",  # Holds.exact
    "Callable[[Any], bool] | None",  # Holds.items
    "tuple[type, ...] | None",  # Holds.classes
    "Callable[[Any], bool] | None",  # Holds.test
    Holds,
    "Callable[[object], str | None] | None",  # the field's check
    bool,  # whether None is allowed (the field's default)
]
#: The checks of each class, in field order. Made on first use.
_PLANS: dict[type, tuple[_Step, ...]] = {}


def _plan(cls: type) -> tuple[_Step, ...]:
    plan = []
    for a in attrs.fields(cls):
        holds: Holds | None = a.metadata.get("holds")
        if holds is not None:
            plan.append(
                (
                    a.name,
                    holds.exact,
                    holds.items,
                    holds.classes,
                    holds.test,
                    holds,
                    a.metadata.get("check"),
                    a.default is None,
                )
            )
    return tuple(plan)


def check_fields(obj: object) -> None:
    """Check each field of *obj*: its type (TypeError), then its rule.

    A value the field does not hold may be made one (a list a tuple, an enum's
    value its member: see :meth:`Holds.fix`), else it is a TypeError. A field's
    rule (its ``check``) says what is wrong with a value of the right type, a
    ValidationError. Nothing is checked while the loader builds objects from
    values it has checked (:data:`PRECHECKED`).
    """
    if PRECHECKED.get():
        return
    cls = type(obj)
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _plan(cls)
    for name, exact, items, classes, test, holds, check, optional in plan:
        value = getattr(obj, name)
        if value is None and optional:
            continue
        if exact is not None:
            ok = type(value) is exact and (
                items is None or all(map(items, value))  # type: ignore[call-overload]
            )
        elif classes is not None:
            ok = isinstance(value, classes)
        else:
            ok = test(value)  # type: ignore[misc]
        if not ok:
            value = holds.fix(obj, name, value)
            object.__setattr__(obj, name, value)
        if check is not None:
            problem = check(value)
            if problem is not None:
                raise fail(name, problem)


def field(
    description: str,
    *,
    holds: Holds | None = None,
    check: Callable[[Any], str | None] | None = None,
    schema: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """Declare an attrs field whose description feeds the JSON Schema and the docs.

    *holds* is the type of value the field holds: another type is a TypeError
    (None too, unless None is the field's default). A *check* (a function
    returning a problem or None) says what is wrong with a value of that type, as
    a ValidationError; the loader runs it too while it structures the document,
    reporting every bad value at once. A *schema* adds JSON Schema keywords to the
    field's schema (a range, say). The class checks its fields when an object is
    built: it derives from :class:`Checked`.
    """
    metadata: dict[str, Any] = {"description": description}
    if schema is not None:
        metadata["schema"] = schema
    if holds is not None:
        metadata["holds"] = holds
    if check is not None:
        metadata["check"] = check
    return attrs.field(metadata=metadata, **kwargs)


def text_field(description: str, *, optional: bool = False) -> Any:
    """Declare a text field (None when *optional* and left out)."""
    if optional:
        return field(description, default=None, holds=STR, check=text_problem)
    return field(description, holds=STR, check=text_problem)


def id_field(description: str, *, optional: bool = False) -> Any:
    """Declare an ID field (None when *optional* and left out)."""
    if optional:
        return field(description, default=None, holds=STR, check=id_problem)
    return field(description, holds=STR, check=id_problem)


def tuple_field(description: str, item: Holds) -> Any:
    """Declare a field that holds a tuple of *item* (empty when left out)."""
    return field(description, default=(), holds=tuple_of(item))


def enum_field(
    description: str, enum_type: type[enum.Enum], *, default: Any = attrs.NOTHING
) -> Any:
    """Declare a field that holds a member of *enum_type*, or its value as text."""
    return field(description, default=default, holds=HoldsMember(enum_type))


Checked.__attrs_post_init__ = check_fields  # type: ignore[method-assign,assignment]

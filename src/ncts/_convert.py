"""Structuring plain data into model objects and back, with cattrs.

One private converter, built once, strict about types: cattrs would otherwise turn
``False`` into ``"False"`` or a string into a tuple of characters. Every failure the
input causes is turned into :class:`~ncts.ValidationError` with one
:class:`~ncts.Problem` per thing wrong, each with its path in the document.

Only those failures: a wrong type or value (:class:`WrongType`, :class:`Invalid`, or a
:class:`~ncts.ValidationError` from a class's own checks), an unknown key, a missing
key. Anything else raised while structuring is a bug in ncts, and is raised as
:class:`~ncts.InternalError`, chained to it, never reported as a problem of the data.
"""

import datetime
import enum
import functools
import math
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._checks import shown
from ._errors import (
    DocumentPath,
    InternalError,
    Problem,
    ValidationError,
    closest,
    format_path,
    parse_path,
    suggestion_text,
)
from ._fields import INVISIBLE_ASCII, PRECHECKED, id_problem, text_problem
from ._model import Kind, Strategy

__all__ = [
    "depth_of",
    "describe_value",
    "resolved_fields",
    "structure",
    "unstructure",
    "unstructure_hook",
]

_T = TypeVar("_T")


class WrongType(Exception):
    """A value of the wrong type; turned into a Problem by :func:`_problems`."""

    def __init__(self, expected: str, value: object) -> None:
        super().__init__(expected, value)
        self.expected = expected
        self.value = value

    def message(self) -> str:
        return (
            f"expected {self.expected}, got {describe_value(self.value)}{_hint(self)}"
        )


def describe_value(value: object) -> str:
    """Name a value for a message: its YAML or JSON type and a short rendering.

    >>> describe_value(True)
    'the boolean true'
    >>> describe_value([1, 2])
    'a list'
    """
    if isinstance(value, _Shown):
        return str(value)
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {shown(value)}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {text!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _hint(error: WrongType) -> str:
    if error.expected != "text":
        return ""
    value = error.value
    if isinstance(value, bool):
        return (
            ": YAML reads unquoted yes, no, on, off, true and false as booleans; "
            "put the value in quotes"
        )
    if isinstance(value, datetime.date):
        return ": YAML reads a bare date as a date; put the value in quotes"
    if isinstance(value, (int, float)):
        return ": put the value in quotes to keep it as text"
    return ""


def _structure_str(value: object, _: type) -> str:
    if type(value) is str:
        return value
    raise WrongType("text", value)


def _structure_int(value: object, _: type) -> int:
    if type(value) is int:
        return value
    raise WrongType("a whole number", value)


def _structure_number(value: object, _: type) -> float:
    # An int is a number whatever its size (math.isfinite would fail on a huge one);
    # the field's own check decides how long it may be.
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return value
    raise WrongType("a number", value)


#: A date as ncts writes it, and the only form it reads: Python 3.11's
#: fromisoformat also takes '20220520' and '2022-W20-5', which would be written
#: back in another form (a lossy round trip).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: object, _: type) -> datetime.date:
    if type(value) is datetime.date and value.year >= 1000:
        return value
    if type(value) is str and _DATE.fullmatch(value) and value >= "1000":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise WrongType("a date written YYYY-MM-DD, from the year 1000", value)


def _unstructure_date(value: datetime.date) -> str:
    return value.isoformat()


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except (ValueError, TypeError):
        choices = [m.value for m in cls]
        if isinstance(value, str):
            hint = suggestion_text(closest(value, choices))
            raise WrongType(
                f"one of {', '.join(map(repr, choices))}", _Shown(f"{value!r}{hint}")
            ) from None
        raise WrongType(f"one of {', '.join(map(repr, choices))}", value) from None


class _Shown(str):
    """A value already rendered for a message."""


def _tuple_hook(t: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    (element_type, *_) = get_args(t)
    handler = converter.get_structure_hook(element_type)

    def structure(value: object, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise WrongType("a list", value)
        out = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                out.append(handler(item, element_type))
            except _DATA_ERRORS as exc:
                note = IterableValidationNote(f"@ index {i}", i, element_type)
                # Set directly, as cattrs does: add_note() is new in Python 3.11.
                setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010
                errors.append(exc)
        if errors:
            raise IterableValidationError("While structuring a list", errors, t)
        return tuple(out)

    return structure


def _structure_kinds(value: object, _: Any) -> frozenset[Kind]:
    if type(value) is not list:
        raise WrongType("a list of kinds", value)
    kinds = [_structure_enum(v, Kind) for v in value]
    if len(set(kinds)) != len(kinds):
        raise WrongType("a list of kinds without repeats", _Shown(repr(value)))
    return frozenset(kinds)  # type: ignore[arg-type]


class Invalid(Exception):
    """A value of the right type that breaks a rule; its message says which."""


#: What a hook raises for bad data: ncts's own errors, and cattrs' groups of them.
#: (A missing or unknown key is raised inside cattrs' group for the class.)
_DATA_ERRORS = (BaseValidationError, WrongType, Invalid, ValidationError)


def _checked(
    check: Callable[[object], str | None], hook: Callable[[Any, Any], Any]
) -> Callable[..., Any]:
    def structure(value: object, t: Any) -> Any:
        result = hook(value, t)
        if result is not None:
            problem = check(result)
            if problem is not None:
                raise Invalid(problem)
        return result

    return structure


def _text(value: object, _: Any) -> str:
    """Structure and check a text field in one step (the commonest field)."""
    if type(value) is str:
        if value.isascii() and value.strip(INVISIBLE_ASCII):  # most texts: done
            return value
        problem = text_problem(value)
        if problem is None:
            return value
        raise Invalid(problem)
    raise WrongType("text", value)


def _optional_text(value: object, t: Any) -> str | None:
    return None if value is None else _text(value, t)


def _id(value: object, _: Any) -> str:
    """Structure and check an ID field in one step."""
    if type(value) is str:
        problem = id_problem(value)
        if problem is None:
            return value
        raise Invalid(problem)
    raise WrongType("text", value)


def _optional_id(value: object, t: Any) -> str | None:
    return None if value is None else _id(value, t)


#: Hooks that structure and check at once, for the checks most fields use.
_FUSED: dict[tuple[Callable[[object], str | None], object], Callable[..., Any]] = {
    (text_problem, str): _text,
    (text_problem, str | None): _optional_text,
    (id_problem, str): _id,
    (id_problem, str | None): _optional_id,
}


def _field_hook(a: "attrs.Attribute[Any]", converter: cattrs.Converter) -> Any:
    check = a.metadata["check"]
    fused = _FUSED.get((check, a.type))
    if fused is not None:
        return fused
    return _checked(check, converter.get_structure_hook(a.type))


def _class_hook(cls: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    overrides: dict[str, Any] = {
        a.name: override(struct_hook=_field_hook(a, converter))
        for a in attrs.fields(cls)
        if "check" in a.metadata
    }
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **overrides,
    )
    fields = ", ".join(a.name for a in attrs.fields(cls) if a.init)

    def structure(value: object, _: Any) -> Any:
        if type(value) is not dict:
            raise WrongType(f"a mapping with the keys {fields}", value)
        return inner(value, cls)

    return structure


def resolved_fields(cls: type) -> "tuple[attrs.Attribute[Any], ...]":
    """Return a class's attrs fields, their string annotations turned into types.

    The one place where ncts resolves annotations: the converter, the schema and
    the graph read a field's type through it. Each class is resolved on first use
    (with its own module's names), so ``import ncts`` does not pay for it.

    >>> from ncts._model import Text
    >>> [a.type for a in resolved_fields(Text)]
    [<class 'str'>, str | None, str | None]
    """
    return tuple(attrs.fields(attrs.resolve_types(cls)))


def _prepare(cls: type, converter: "_Converter") -> type:
    """Resolve a class's string annotations and register the enums it uses.

    Done per class as its hooks are made, so that loading a strategy does not
    import the overlay module for the sake of the overlay's enums. Each enum is
    registered once: a registration clears cattrs' caches of hooks.
    """
    for a in resolved_fields(cls):
        for t in (a.type, *get_args(a.type)):
            _register_enum(t, converter)
    return cls


def _register_enum(t: Any, converter: "_Converter") -> None:
    """Register the hooks of an enum (once; anything else is left alone).

    The enums are also str, and cattrs would otherwise dispatch them as plain
    strings.
    """
    enums = converter.enums
    if isinstance(t, type) and issubclass(t, enum.Enum) and t not in enums:
        enums.add(t)
        converter.register_structure_hook(t, _structure_enum)
        converter.register_unstructure_hook(t, _unstructure_enum)


class _Converter(cattrs.Converter):
    """cattrs' converter, and the enums registered with it."""

    __slots__ = ("enums",)

    def __init__(self) -> None:
        super().__init__(omit_if_default=True, forbid_extra_keys=True)
        self.enums: set[type] = set()


def _cached(
    factory: Callable[[Any], Callable[..., Any]],
) -> Callable[[Any], Callable[..., Any]]:
    """Make each class's hook once, and keep it.

    cattrs empties its own caches of hooks whenever a hook is registered (as an
    enum is, on first use), and would then generate and compile every class's
    code again. The hooks kept here are handed back instead.
    """
    made: dict[Any, Callable[..., Any]] = {}

    def hook(cls: Any) -> Callable[..., Any]:
        found = made.get(cls)
        if found is None:
            found = made[cls] = factory(cls)
        return found

    return hook


def _identity(value: object) -> object:
    return value


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def _unstructure_kinds(kinds: frozenset[Kind]) -> list[str]:
    return [k.value for k in Kind if k in kinds]


@functools.cache
def _converter() -> _Converter:
    # The overlay module is not imported here: loading a strategy need not pay for
    # its classes. Each class's annotations are resolved when its hook is made.
    converter = _Converter()
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_number)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_unstructure_hook(datetime.date, _unstructure_date)
    # The enums are registered class by class (see _prepare) as each attrs class
    # using them gets its hooks: they are also str, and cattrs would otherwise
    # dispatch them as plain strings.
    converter.register_structure_hook_func(
        lambda t: t == frozenset[Kind], _structure_kinds
    )
    converter.register_unstructure_hook_func(
        lambda t: t == frozenset[Kind], _unstructure_kinds
    )
    # Optional plain values are themselves plain: cattrs would otherwise look at
    # each value's class to decide how to unstructure it.
    plain_optionals = {str | None, int | None, float | None}
    converter.register_unstructure_hook_func(lambda t: t in plain_optionals, _identity)
    converter.register_structure_hook_factory(
        lambda t: getattr(t, "__origin__", None) is tuple,
        lambda t: _tuple_hook(t, converter),
    )
    converter.register_structure_hook_factory(
        attrs.has,
        _cached(lambda cls: _class_hook(_prepare(cls, converter), converter)),
    )
    converter.register_unstructure_hook_factory(
        attrs.has,
        _cached(
            lambda cls: make_dict_unstructure_fn(
                _prepare(cls, converter), converter, _cattrs_omit_if_default=True
            )
        ),
    )
    return converter


def structure(data: object, cls: type[_T] = Strategy) -> _T:  # type: ignore[assignment]
    """Build a model object from plain data, or raise ValidationError.

    >>> from ncts._model import Text
    >>> structure({"nl": "Verwerven", "en": "Procure"}, Text)
    Text(nl='Verwerven', en='Procure', note=None)
    >>> structure({"nl": "", "fr": "x"}, Text)
    Traceback (most recent call last):
    ...
    ncts.ValidationError: document: 2 problems
      nl: must not be empty
      fr: unknown key: the keys are nl, en, note
    """
    converter = _converter()
    # Every field with a check is checked while it is structured (so that all
    # problems are reported at once); the validators need not check it again.
    token = PRECHECKED.set(True)
    try:
        return converter.structure(data, cls)
    except _DATA_ERRORS as exc:
        # A bug met on the way is raised from _problems, as an InternalError.
        raise ValidationError(list(_problems(exc, ()))) from None
    finally:
        PRECHECKED.reset(token)


def unstructure_hook(t: Any) -> Callable[[Any], Any]:
    """Return the function that unstructures values of type *t*.

    >>> from ncts._model import Text
    >>> unstructure_hook(Text)(Text(nl="Verwerven"))
    {'nl': 'Verwerven'}
    """
    converter = _converter()
    for member in (t, *get_args(t)):
        # Registered class by class as the classes get their hooks (see
        # _prepare); an enum asked for on its own must not wait for that.
        _register_enum(member, converter)
    return converter.get_unstructure_hook(t)


def unstructure(obj: object) -> Any:
    """Turn a model object into plain dicts, lists and strings (defaults left out).

    >>> from ncts._model import Text
    >>> unstructure(Text(nl="Verwerven"))
    {'nl': 'Verwerven'}
    """
    return _converter().unstructure(obj)


def depth_of(t: Any) -> int:
    """Return how deeply a document of type *t* can nest mappings and lists.

    >>> depth_of(Strategy)  # strategy, areas, area, speerpunten, speerpunt, errata, erratum
    7
    >>> from ncts._model import Text
    >>> depth_of(Text), depth_of(str)
    (1, 0)
    """
    return _depth_of(t)


@functools.cache
def _depth_of(t: Any) -> int:
    if attrs.has(t):
        types: list[Any] = [a.type for a in resolved_fields(t) if a.init]
        return 1 + max(map(_depth_of, types), default=0)
    args = get_args(t)
    if getattr(t, "__origin__", None) in (tuple, frozenset):
        return 1 + _depth_of(args[0])
    return max(map(_depth_of, args), default=0)  # a union, or a plain value


def _problems(exc: BaseException, path: DocumentPath) -> Iterator[Problem]:
    """Walk cattrs' grouped exceptions and yield one Problem per leaf.

    A leaf that the data cannot have caused is a bug: it is raised as an
    InternalError, chained to the leaf (whose traceback is kept).
    """
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, AttributeValidationNote):
                    sub_path = (*path, note.name)
                elif isinstance(note, IterableValidationNote):
                    sub_path = (*path, note.index)
            yield from _problems(sub, sub_path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl) if a.init]
        for key in sorted(map(str, exc.extra_fields)):
            hint = suggestion_text(closest(key, known))
            yield Problem(
                format_path((*path, key)),
                f"unknown key{hint or ': the keys are ' + ', '.join(known)}",
            )
    elif isinstance(exc, KeyError) and _missing_key(exc, path):
        yield Problem(format_path(path), "required key is missing")
    elif isinstance(exc, WrongType):
        yield Problem(format_path(path), exc.message())
    elif isinstance(exc, Invalid):
        yield Problem(format_path(path), str(exc))
    elif isinstance(exc, ValidationError):
        for p in exc.problems:
            yield Problem(format_path((*path, *parse_path(p.path))), p.message)
    else:
        where = format_path(path) or "the top of the document"
        raise InternalError(f"structuring {where}") from exc


def _missing_key(exc: KeyError, path: DocumentPath) -> bool:
    """Whether a KeyError is cattrs' own lookup of a key the mapping lacks.

    cattrs looks each key up in the mapping, in the function that structures the
    class, and notes the field's name on the error: that KeyError names the field
    and was raised in that function itself (its traceback has one frame). One
    raised further down, in a hook, is a bug.
    """
    tb = exc.__traceback__
    return (
        bool(path) and exc.args == (path[-1],) and tb is not None and tb.tb_next is None
    )

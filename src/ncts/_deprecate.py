"""Deprecations: old names that keep working for a while, and warn.

Every deprecated name is listed once, in :data:`DEPRECATIONS`, with the name that
replaces it, the release that deprecated it, the release that will remove it, and
an example of its use that the tests run. Three helpers make an old name work and
warn (``docs/versioning.md`` says which to use when):

- :func:`deprecated` wraps an old function or method: calling it warns, then runs;
- :func:`renamed_member` is a class attribute under the old name of a method,
  property or attribute: reading it warns and gives the new one;
- :func:`renamed` serves a module's ``__getattr__``: reading an old module-level
  name warns and gives the new object.

The warning is a :class:`DeprecationWarning` whose message names the new name and
the release of removal, raised at the line that used the old name (its file is the
caller's, not ncts's).
"""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = [
    "DEPRECATIONS",
    "Deprecation",
    "deprecated",
    "make_registry",
    "renamed",
    "renamed_member",
    "resolve",
]

_F = TypeVar("_F", bound=Callable[..., Any])


@attrs.frozen
class Deprecation:
    """One deprecated name: what replaces it, and when it goes.

    *example* is an expression that uses the old name and *replacement* the same
    with the new one; the tests run both (with ``ncts`` imported) and check that
    the first warns and that both give the same result.

    >>> d = Deprecation("ncts.old", "ncts.new", since="0.2.0", remove_in="1.0.0",
    ...                 example="ncts.old", replacement="ncts.new")
    >>> d.message
    'ncts.old is deprecated since ncts 0.2.0 and will be removed in ncts 1.0.0: use ncts.new instead'
    """

    old: str
    new: str
    since: str
    remove_in: str
    example: str
    replacement: str

    @property
    def message(self) -> str:
        """The warning's text: the old name, the new one, and the release of removal."""
        return (
            f"{self.old} is deprecated since ncts {self.since} and will be removed "
            f"in ncts {self.remove_in}: use {self.new} instead"
        )

    def warn(self, stacklevel: int) -> None:
        """Warn about this name, *stacklevel* frames up from the caller of warn."""
        warnings.warn(self.message, DeprecationWarning, stacklevel=stacklevel + 1)


def make_registry(deprecations: list[Deprecation]) -> dict[str, Deprecation]:
    """Index *deprecations* by their old names; an old name may appear once."""
    index: dict[str, Deprecation] = {}
    for deprecation in deprecations:
        if deprecation.old in index:
            raise ValueError(f"{deprecation.old} is deprecated twice")
        index[deprecation.old] = deprecation
    return index


#: Every deprecated name, by its full old name ("ncts.Strategy.old_method"). The
#: one place to deprecate something: add it here, then use the old name with one
#: of the helpers below (a module-level name needs nothing more: ncts.__getattr__
#: serves it). See docs/versioning.md.
DEPRECATIONS: dict[str, Deprecation] = make_registry(
    [
        # Issue 12: analysis is module functions, as in networkx; a method that
        # did the same as a function goes.
        Deprecation(
            "ncts.Strategy.search",
            "ncts.search",
            since="0.1.0",
            remove_in="1.0.0",
            example='ncts.load().search("reintegratie", lang="nl")',
            replacement='ncts.search(ncts.load(), "reintegratie", lang="nl")',
        ),
        # Issue 12: one way to make a table, ncts.to_dataframe(anything); a strategy
        # is one row per element. (.to_dict(): the check compares results with ==.)
        *(
            Deprecation(
                f"ncts.{result}.to_dataframe",
                "ncts.to_dataframe",
                since="0.1.0",
                remove_in="1.0.0",
                example=f"{call}.to_dataframe().to_dict()",
                replacement=f"ncts.to_dataframe({call}).to_dict()",
            )
            for result, call in (
                ("Coverage", "ncts.coverage(ncts.load())"),
                ("Gaps", "ncts.gaps(ncts.load(), stated_only=True)"),
                (
                    "Work",
                    'ncts.work(ncts.load(), [ncts.load_overlay(ncts.example_path("overlay.yaml"))])',
                ),
                ("Counts", "ncts.counts(ncts.load())"),
                ("Ranking", "ncts.centrality(ncts.load())"),
            )
        ),
        *(
            Deprecation(
                f"ncts.to_dataframe(of={of!r})",
                f"ncts.to_dataframe({new})",
                since="0.1.0",
                remove_in="1.0.0",
                example=f"ncts.to_dataframe(ncts.load(), {of!r}).to_dict()",
                replacement=f"ncts.to_dataframe({call}).to_dict()",
            )
            for of, new, call in (
                ("elements", "strategy", "ncts.load()"),
                ("links", "strategy.links", "ncts.load().links"),
                (
                    "speerpunten",
                    "strategy.speerpunten, strategy=strategy",
                    "ncts.load().speerpunten, strategy=ncts.load()",
                ),
            )
        ),
    ]
)


def _entry(old: str, registry: dict[str, Deprecation] | None) -> Deprecation:
    try:
        return (DEPRECATIONS if registry is None else registry)[old]
    except KeyError:
        raise LookupError(
            f"{old} is not in the registry of deprecations (ncts._deprecate)"
        ) from None


def resolve(name: str) -> Any:
    """Return the object a full dotted name stands for ("ncts.Strategy.ids").

    >>> resolve("ncts.Strategy.ids").__name__
    'ids'
    """
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(f"no module in {name!r}")


def deprecated(
    old: str, registry: dict[str, Deprecation] | None = None
) -> Callable[[_F], _F]:
    """Decorate an old function or method: calling it warns, then runs it.

    Use this when the old callable still does its own work (say, a method kept
    beside the function that replaces it). The warning points at the call.

    >>> import warnings
    >>> demo = make_registry([Deprecation("demo.twice", "demo.double", since="0.2.0",
    ...                            remove_in="1.0.0", example="", replacement="")])
    >>> @deprecated("demo.twice", demo)
    ... def twice(x):
    ...     return 2 * x
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     twice(4), str(caught[0].message)
    (8, 'demo.twice is deprecated since ncts 0.2.0 and will be removed in ncts 1.0.0: use demo.double instead')
    """
    deprecation = _entry(old, registry)

    def decorate(func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            deprecation.warn(stacklevel=2)
            return func(*args, **kwargs)

        wrapper.__deprecated__ = deprecation.message  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


class _RenamedMember:
    """A class attribute under an old name: reading it warns and gives the new."""

    def __init__(self, deprecation: Deprecation) -> None:
        self.deprecation = deprecation
        self.new = deprecation.new.rpartition(".")[2]

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        self.deprecation.warn(stacklevel=2)
        return getattr(owner if obj is None else obj, self.new)


def renamed_member(old: str, registry: dict[str, Deprecation] | None = None) -> Any:
    """Return a class attribute that stands for a renamed method or attribute.

    Put it in the class body under the old name; reading ``obj.old`` (or
    ``Class.old``) warns and gives ``obj.new``. It works on frozen and slotted
    attrs classes, as it is not a field.

    >>> import attrs, warnings
    >>> demo = make_registry([Deprecation("demo.Point.abscissa", "demo.Point.x",
    ...     since="0.2.0", remove_in="1.0.0", example="", replacement="")])
    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    ...     abscissa = renamed_member("demo.Point.abscissa", demo)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     Point(3).abscissa, caught[0].category.__name__
    (3, 'DeprecationWarning')
    """
    return _RenamedMember(_entry(old, registry))


def renamed(
    module: str, name: str, registry: dict[str, Deprecation] | None = None
) -> Any:
    """Serve a module's ``__getattr__``: the new object for an old name, with a warning.

    Raises :class:`AttributeError`, as a module does, for a name that is not a
    deprecated one. Call it straight from the module's ``__getattr__``, so that the
    warning points at the line that read the old name.

    >>> renamed("ncts", "no_such_name")
    Traceback (most recent call last):
    ...
    AttributeError: module 'ncts' has no attribute 'no_such_name'
    """
    deprecation = (DEPRECATIONS if registry is None else registry).get(
        f"{module}.{name}"
    )
    if deprecation is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    # Frames up from here: this function, the module's __getattr__, the reader.
    deprecation.warn(stacklevel=3)
    return resolve(deprecation.new)

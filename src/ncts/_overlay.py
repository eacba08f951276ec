"""Overlays: your own records (initiatives, measures, indicators) mapped onto a strategy.

An overlay file names the strategy and the data version it was written against,
and holds records that each address one or more element IDs. The strategy data is
never touched. Loading checks every reference against the strategy.
"""

from __future__ import annotations

import datetime
import enum
import math
import os
import sys
import types
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeVar, overload

import attrs

from ._checks import (
    MAX_INT_DIGITS,
    check_choice,
    check_items,
    check_type,
    int_too_long,
    shown,
)
from ._display import overlay_html
from ._errors import Problem, ValidationError, closest, counted, suggestion_text
from ._fields import (
    INT,
    NUMBER,
    STR,
    Checked,
    check_fields,
    date_field,
    enum_field,
    field,
    id_clashes,
    id_field,
    id_problem,
    instance_of,
    text_field,
    text_problem,
    tuple_field,
    tuple_of,
)
from ._io import (
    MAX_BYTES,
    MAX_DEPTH,
    Format,
    check_limits,
    format_of,
    locate,
    read_document,
    read_text,
)
from ._model import Strategy

__all__ = [
    "Document",
    "EditionWarning",
    "Indicator",
    "Overlay",
    "Record",
    "RecordKind",
    "Status",
    "combine",
    "load_overlay",
    "loads_overlay",
    "resolve",
]


class EditionWarning(UserWarning):
    """An overlay written against another data version of the strategy.

    The warning points at the line of your code that called ncts, whichever
    public function noticed it.

    Examples
    --------
    >>> import ncts, warnings
    >>> old = ncts.Overlay("o", "O", "NCTS-2022-2026", "0.9.0")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     checked = ncts.resolve(old, ncts.load())
    >>> caught[0].category.__name__, "data version '0.9.0'" in str(caught[0].message)
    ('EditionWarning', True)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error", ncts.EditionWarning)
    ...     ncts.resolve(old, ncts.load())
    Traceback (most recent call last):
    ...
    ncts.EditionWarning: overlay 'o' was written against data version '0.9.0' ...
    """


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _outside() -> int:
    """Return the ``stacklevel`` of the first frame outside ncts, for warnings.warn.

    Level 1 is the function that calls this one (the one that warns).
    """
    level = 2  # the caller of the function that warns
    frame: types.FrameType | None = sys._getframe(2)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE
    ):
        level += 1
        frame = frame.f_back
    return level


class RecordKind(str, enum.Enum):
    """What an overlay record is.

    Examples
    --------
    >>> import ncts
    >>> ncts.Record("r", "R", addresses=("VK6",)).kind  # a record is work by default
    <RecordKind.INITIATIVE: 'initiative'>
    >>> ncts.RecordKind("plan")
    Traceback (most recent call last):
    ...
    ValueError: 'plan' is not a valid RecordKind
    """

    #: A programme, project or other piece of work.
    INITIATIVE = "initiative"
    #: A measure taken (a rule, a power used, a policy).
    MEASURE = "measure"
    #: Something measured to follow progress.
    INDICATOR = "indicator"
    #: A remark or assessment, not work.
    NOTE = "note"


class Status(str, enum.Enum):
    """Where a piece of work stands.

    Examples
    --------
    >>> [s.value for s in Status]
    ['planned', 'active', 'done', 'paused', 'stopped']
    """

    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    PAUSED = "paused"
    STOPPED = "stopped"


def _progress_problem(value: object) -> str | None:
    if type(value) is not int or not 0 <= value <= 100:
        return f"must be a whole percentage, 0 to 100, got {shown(value)}"
    return None


def _number_problem(value: object) -> str | None:
    if type(value) is int:
        if int_too_long(value):
            return (
                f"must be a number of at most {MAX_INT_DIGITS:,} digits, got "
                f"{shown(value)}"
            )
        return None
    if type(value) is not float or not math.isfinite(value):
        return f"must be a finite number, got {shown(value)}"
    return None


@attrs.frozen
class Document(Checked):
    """A document a record refers to: a title and, optionally, where to find it.

    Examples
    --------
    >>> Document("Jaarverslag 2025", url="https://example.org/jaarverslag.pdf").title
    'Jaarverslag 2025'
    """

    title: str = text_field("The document's title.")
    url: str | None = text_field("Where it can be found.", optional=True)


@attrs.frozen
class Indicator(Checked):
    """Something measured: where it started, where it should go, where it is.

    Examples
    --------
    >>> Indicator("Trained officers", unit="people", baseline=0, target=200, value=120)
    Indicator(name='Trained officers', unit='people', baseline=0, target=200, value=120)
    """

    name: str = text_field("What is measured.")
    unit: str | None = text_field("The unit of the numbers.", optional=True)
    baseline: float | None = field(
        "The value at the start.", default=None, holds=NUMBER, check=_number_problem
    )
    target: float | None = field(
        "The value aimed for.", default=None, holds=NUMBER, check=_number_problem
    )
    value: float | None = field(
        "The latest value.", default=None, holds=NUMBER, check=_number_problem
    )


@attrs.frozen
class Record(Checked):
    """One record of an overlay, addressing one or more elements of the strategy.

    Examples
    --------
    >>> r = Record("ini-1", "Buurtteams", addresses=("VK1",), status=Status.ACTIVE)
    >>> r.addresses, r.kind.value, r.status.value
    (('VK1',), 'initiative', 'active')
    """

    id: str = id_field("The record's ID, unique in the overlay.")
    title: str = text_field("What the record is, in a few words.")
    addresses: tuple[str, ...] = field(
        "The IDs of the strategy elements it addresses (at least one).",
        holds=tuple_of(STR),
    )
    kind: RecordKind = enum_field(
        "What the record is.", RecordKind, default=RecordKind.INITIATIVE
    )
    status: Status | None = enum_field("Where the work stands.", Status, default=None)
    progress: int | None = field(
        "How far along, in percent.",
        default=None,
        holds=INT,
        check=_progress_problem,
    )
    owner: str | None = text_field("Who is responsible.", optional=True)
    start: datetime.date | None = date_field(
        "When it starts or started.", optional=True
    )
    end: datetime.date | None = date_field("When it ends or ended.", optional=True)
    tags: tuple[str, ...] = tuple_field("Free tags, for filtering.", STR)
    notes: str | None = text_field("Anything else worth knowing.", optional=True)
    documents: tuple[Document, ...] = tuple_field(
        "Documents about it.", instance_of(Document)
    )
    indicators: tuple[Indicator, ...] = tuple_field(
        "What is measured to follow it.", instance_of(Indicator)
    )

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if not self.addresses:
            problems.append(Problem("addresses", "name at least one element ID"))
        seen: set[str] = set()
        for i, target in enumerate(self.addresses):
            problem = id_problem(target)
            if problem:
                problems.append(Problem(f"addresses[{i}]", problem))
            elif target in seen:
                problems.append(
                    Problem(f"addresses[{i}]", f"{target!r} is listed twice")
                )
            seen.add(target)
        for i, tag in enumerate(self.tags):
            problem = text_problem(tag)
            if problem:
                problems.append(Problem(f"tags[{i}]", problem))
        if (
            not problems
            and self.start is not None
            and self.end is not None
            and self.start > self.end
        ):
            problems.append(
                Problem(
                    "end",
                    f"the record ends ({self.end}) before it starts ({self.start})",
                )
            )
        if problems:
            raise ValidationError(problems)


_T = TypeVar("_T")


@attrs.frozen(cache_hash=True, repr=False)
class Overlay(Checked, Mapping[str, Record]):
    """A set of records mapped onto a strategy, kept apart from the strategy itself.

    An overlay is a read-only mapping (:class:`collections.abc.Mapping`) from record
    ID to :class:`Record`, in document order, with a strategy's rules: lookups
    ignore case (no two record IDs differ only in case), an unknown ID is an
    :class:`~ncts.UnknownIdError` (a :class:`KeyError`) that suggests the closest
    IDs, and an ID that is not a ``str`` given to a method is a :class:`TypeError`.

    Examples
    --------
    >>> o = Overlay(
    ...     id="demo",
    ...     title="Demo",
    ...     strategy="NCTS-2022-2026",
    ...     data_version="1.0.0",
    ...     records=(Record("r1", "Werk", addresses=("VK6",)),),
    ... )
    >>> o["r1"].title
    'Werk'
    >>> o["R1"] is o["r1"], "r1" in o, len(o), list(o)
    (True, True, 1, ['r1'])
    >>> o.get("r9") is None
    True
    """

    id: str = id_field("The overlay's ID.")
    title: str = text_field("What the overlay is about.")
    strategy: str = id_field("The ID of the strategy it maps onto.")
    data_version: str = text_field(
        "The strategy's data version it was written against."
    )
    description: str | None = text_field("More about the overlay.", optional=True)
    records: tuple[Record, ...] = tuple_field("The records.", instance_of(Record))

    _index: dict[str, Record] = attrs.field(
        init=False, repr=False, eq=False, hash=False, alias="_index"
    )
    _folded: dict[str, Record] = attrs.field(
        init=False, repr=False, eq=False, hash=False, alias="_folded"
    )

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = _duplicate_records((r.id, i) for i, r in enumerate(self.records))
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "_index", {r.id: r for r in self.records})
        object.__setattr__(self, "_folded", {r.id.lower(): r for r in self.records})

    def __repr__(self) -> str:
        return (
            f"<Overlay {self.id!r} on {self.strategy!r} {self.data_version}: "
            f"{counted(len(self.records), 'record')}>"
        )

    _repr_html_ = overlay_html

    def _find(self, id: object) -> Record | None:
        """Return the record with this ID, case ignored, or None."""
        if not isinstance(id, str):
            return None
        record = self._index.get(id)
        if record is None and id.isascii():  # IDs are ASCII
            record = self._folded.get(id.lower())
        return record

    def __getitem__(self, id: str) -> Record:
        record = self._find(id)
        if record is None:
            from ._errors import UnknownIdError

            text = id if isinstance(id, str) else repr(id)
            raise UnknownIdError(
                text, closest(text, self._index), where=f"overlay {self.id!r}"
            )
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, id: object) -> bool:
        return self._find(id) is not None

    @overload
    def get(self, id: str) -> Record | None: ...
    @overload
    def get(self, id: str, default: _T) -> Record | _T: ...
    def get(self, id: str, default: object = None) -> object:
        """Return the record with this ID (case ignored), or *default* if there is none.

        >>> import ncts
        >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        >>> o.get("WIJKRADAR").id
        'wijkradar'
        >>> o.get("nothing", "none")
        'none'
        """
        record = self._find(id)
        return default if record is None else record

    def addressing(self, id: str) -> tuple[Record, ...]:
        """Return the records that address the element with this ID directly.

        >>> import ncts
        >>> o = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        >>> [r.id for r in o.addressing("VK6")]
        ['wijkradar']
        >>> o.addressing("vk6") == o.addressing("VK6")
        True
        """
        check_type(id, str, "id")
        if not id.isascii():  # IDs are ASCII: no record can address this one
            return ()
        key = id.lower()
        return tuple(
            r for r in self.records if any(a.lower() == key for a in r.addresses)
        )


def resolve(
    overlay: Overlay,
    strategy: Strategy,
    *,
    unresolved: Literal["error", "warn"] = "error",
) -> Overlay:
    """Check an overlay's references against a strategy.

    An overlay for another strategy (by ID) is refused. One written against
    another data version of the same strategy gives an :class:`EditionWarning`.
    A reference to an element the strategy does not have is an error that names
    it and suggests the closest IDs, unless *unresolved* is ``"warn"``: then the
    reference is dropped with a warning (and a record left with no references is
    dropped too).

    Examples
    --------
    >>> import ncts
    >>> o = ncts.Overlay("o", "O", "NCTS-2022-2026", "1.1.0",
    ...                  records=(ncts.Record("r", "R", addresses=("VK9",)),))
    >>> ncts.resolve(o, ncts.load())
    Traceback (most recent call last):
    ...
    ncts.ValidationError: document: 1 problem
      records[0].addresses[0]: unknown ID 'VK9' in strategy 'NCTS-2022-2026' (did you mean 'VK1', 'VK2', 'VK3'?)
    """
    check_type(overlay, Overlay, "overlay")
    check_type(strategy, Strategy, "strategy")
    check_choice(unresolved, ("error", "warn"), "unresolved")
    if overlay.strategy != strategy.id:
        raise ValidationError(
            [
                Problem(
                    "strategy",
                    f"the overlay is for strategy {overlay.strategy!r}, not "
                    f"{strategy.id!r}: load it with that strategy",
                )
            ]
        )
    if overlay.data_version != strategy.data_version:
        warnings.warn(
            f"overlay {overlay.id!r} was written against data version "
            f"{overlay.data_version!r} of {strategy.id!r}; this is "
            f"{strategy.data_version!r}: check what changed with ncts.diff",
            EditionWarning,
            stacklevel=_outside(),
        )
    problems = _unknown_addresses(
        ((i, r.addresses) for i, r in enumerate(overlay.records)), strategy
    )
    if not problems:
        return overlay
    if unresolved == "error":
        raise ValidationError(problems)
    for problem in problems:
        warnings.warn(
            f"{problem.path}: {problem.message}; dropped",
            EditionWarning,
            stacklevel=_outside(),
        )
    known_set = set(_addressable(strategy))
    kept = []
    for record in overlay.records:
        targets = tuple(t for t in record.addresses if t in known_set)
        if targets:
            kept.append(attrs.evolve(record, addresses=targets))
    return attrs.evolve(overlay, records=tuple(kept))


def _duplicate_records(entries: Iterable[tuple[str, int]]) -> list[Problem]:
    """Say which records repeat an earlier record's ID, given (ID, index) pairs."""
    return [
        Problem(
            f"records[{i}].id",
            f"duplicate record ID {id!r}, already used at records[{first}].id "
            "(IDs must differ in more than case)",
        )
        for id, i, _, first in id_clashes(entries)
    ]


def _addressable(strategy: Strategy) -> list[str]:
    """Return the IDs a record may address, in document order: all but sources."""
    return [e.id for e in strategy.elements() if e.element_type != "source"]


def _unknown_addresses(
    records: Iterable[tuple[int, Sequence[object]]], strategy: Strategy
) -> list[Problem]:
    """Say which addresses (text ones) name no element, given (index, addresses)."""
    known = _addressable(strategy)
    known_set = set(known)
    problems = []
    for i, addresses in records:
        for j, target in enumerate(addresses):
            if isinstance(target, str) and target not in known_set:
                problems.append(
                    Problem(
                        f"records[{i}].addresses[{j}]",
                        f"unknown ID {target!r} in strategy {strategy.id!r}"
                        f"{suggestion_text(closest(target, known))}",
                    )
                )
    return problems


def _references(
    strategy: Strategy, unresolved: str
) -> Callable[[dict[str, Any], Collection[str]], list[Problem]]:
    """Return a finder of what Overlay and resolve check last, for a broken document.

    Duplicate record IDs, and (when unknown addresses are errors and the document
    is for this strategy) addresses that name no element; a path with a problem of
    its own is left out. See :func:`ncts._io.from_data`.
    """

    def find(data: dict[str, Any], broken: Collection[str]) -> list[Problem]:
        items = data.get("records")
        records = [
            (i, r)
            for i, r in enumerate(items if isinstance(items, list) else ())
            if isinstance(r, dict)
        ]
        problems = _duplicate_records(
            (r["id"], i)
            for i, r in records
            if isinstance(r.get("id"), str) and f"records[{i}].id" not in broken
        )
        if unresolved == "error" and data.get("strategy") == strategy.id:
            problems += _unknown_addresses(
                (
                    (i, r["addresses"])
                    for i, r in records
                    if isinstance(r.get("addresses"), list)
                ),
                strategy,
            )
        return [p for p in problems if p.path not in broken]

    return find


def loads_overlay(
    text: str | bytes,
    format: Format = "yaml",
    strategy: Strategy | None = None,
    *,
    file: str | None = None,
    unresolved: Literal["error", "warn"] = "error",
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Overlay:
    """Read an overlay from YAML or JSON text and check it against a strategy.

    The strategy is the bundled one unless given. Problems are reported with
    their path and line, like :func:`~ncts.loads`.

    Examples
    --------
    >>> import ncts
    >>> o = ncts.loads_overlay('''
    ... id: mine
    ... title: My work
    ... strategy: NCTS-2022-2026
    ... data_version: 1.1.0
    ... records:
    ... - id: w1
    ...   title: Training for youth workers
    ...   addresses: [VK1, VK2]
    ... ''')
    >>> o["w1"].addresses
    ('VK1', 'VK2')
    """
    from ._io import load

    check_type(strategy, (Strategy, type(None)), "strategy")
    check_choice(unresolved, ("error", "warn"), "unresolved")
    target = strategy or load()
    overlay, decoded = read_document(
        text,
        format,
        Overlay,
        file=file,
        what="overlay",
        max_bytes=max_bytes,
        max_depth=max_depth,
        references=_references(target, unresolved),
    )
    try:
        return resolve(overlay, target, unresolved=unresolved)
    except ValidationError as exc:
        raise locate(exc, decoded, file, format=format) from None


def load_overlay(
    path: str | os.PathLike[str],
    strategy: Strategy | None = None,
    *,
    format: Format | None = None,
    unresolved: Literal["error", "warn"] = "error",
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Overlay:
    """Load an overlay file (``.yaml``, ``.yml`` or ``.json``) against a strategy.

    A spreadsheet (``.xlsx`` or ``.csv``, one row per record: see
    docs/spreadsheets.md) is read as one too; ``.xlsx`` needs openpyxl
    (``pip install 'ncts[sheets]'``). The strategy is the bundled one unless
    given. See :func:`resolve` for what happens when the overlay was written
    against another edition.

    Examples
    --------
    >>> import ncts
    >>> overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> overlay.strategy, len(overlay.records)
    ('NCTS-2022-2026', 6)
    """
    if (
        format is None
        and isinstance(path, (str, os.PathLike))
        and os.path.splitext(path)[1].lower() in (".xlsx", ".csv")
    ):
        from ._sheets import read_overlay

        return read_overlay(path, strategy, unresolved=unresolved)
    fmt = format_of(path, format)
    check_type(strategy, (Strategy, type(None)), "strategy")
    check_limits(max_bytes, max_depth)
    name = os.fspath(path)
    return loads_overlay(
        read_text(path, max_bytes=max_bytes),
        fmt,
        strategy,
        file=name,
        unresolved=unresolved,
        max_bytes=max_bytes,
        max_depth=max_depth,
    )


def combine(
    overlays: Iterable[Overlay],
    *,
    id: str = "combined",
    title: str = "Combined overlays",
) -> Overlay:
    """Combine several overlays for the same strategy into one.

    Record IDs must be unique across them; the data version is the first one's.

    Examples
    --------
    >>> import ncts
    >>> a = ncts.Overlay("a", "A", "S", "1", records=(ncts.Record("r1", "R", ("G1",)),))
    >>> b = ncts.Overlay("b", "B", "S", "1", records=(ncts.Record("r2", "R", ("G2",)),))
    >>> [r.id for r in ncts.combine([a, b]).records]
    ['r1', 'r2']
    """
    items: Sequence[Overlay] = check_items(
        overlays, Overlay, "overlays", what="overlays"
    )
    if not items:
        raise ValidationError([Problem("", "combine needs at least one overlay")])
    strategies = sorted({o.strategy for o in items})
    if len(strategies) > 1:
        raise ValidationError(
            [
                Problem(
                    "strategy",
                    f"the overlays are for different strategies: {strategies}",
                )
            ]
        )
    entries = (
        (record.id, (overlay.id, i))
        for overlay in items
        for i, record in enumerate(overlay.records)
    )
    problems = [
        Problem(
            f"{overlay_id}.records[{i}].id",
            f"record ID {id!r} is also used in overlay {first_overlay!r}: rename one",
        )
        for id, (overlay_id, i), _, (first_overlay, _) in id_clashes(entries)
    ]
    if problems:
        raise ValidationError(problems)
    return Overlay(
        id=id,
        title=title,
        strategy=items[0].strategy,
        data_version=items[0].data_version,
        records=tuple(r for o in items for r in o.records),
    )

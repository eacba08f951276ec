"""The typed model of a strategy: frozen, slotted attrs classes.

Every class here is immutable and hashable; equal data gives equal objects.
Construction validates, so an object that exists is a valid one. The loaders run
the same field checks while they structure a document (so that every problem is
reported at once), then build objects through the same ``__init__``, whose field
validators skip the values already checked (see ``ncts._fields.PRECHECKED``); the checks
that join fields, and the strategy's own checks, run in ``__init__`` either way.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias, TypeVar, overload

import attrs

from ._checks import check_lang, check_type, shown
from ._deprecate import deprecated
from ._errors import (
    Problem,
    UnknownIdError,
    ValidationError,
    closest,
    counted,
    suggestion_text,
)
from ._fields import (
    ID_PATTERN,
    INT,
    STR,
    Checked,
    HoldsMember,
    a_type,
    article,
    check_fields,
    date_field,
    enum_field,
    fail,
    frozenset_of,
    id_clashes,
    id_field,
    instance_of,
    text_field,
    tuple_field,
)

# The alias: Erratum has a field called "field". The rules of IDs and texts are
# exported again for ncts.testing and the tests, which read them with the model.
from ._fields import MAX_ID_LENGTH as MAX_ID_LENGTH
from ._fields import field as _field
from ._fields import id_problem as id_problem
from ._fields import text_problem as text_problem

if TYPE_CHECKING:
    from ._search import SearchHit

__all__ = [
    "ID_PATTERN",
    "Adoption",
    "Aim",
    "Area",
    "Basis",
    "Citation",
    "Element",
    "Erratum",
    "ErratumKind",
    "FocusTheme",
    "Goal",
    "GoalStatus",
    "Kind",
    "Link",
    "LinkType",
    "Period",
    "Source",
    "SourceRole",
    "Speerpunt",
    "Strategy",
    "Text",
]

#: The years a period may hold: four digits, so that a period reads as ``2022-2026``.
MIN_YEAR, MAX_YEAR = 1000, 9999
_YEARS = {"minimum": MIN_YEAR, "maximum": MAX_YEAR}

_T = TypeVar("_T")


def year_problem(value: int) -> str | None:
    """Say what is wrong with a year, or return None if it is valid.

    A year is a whole number (the field's type says so) from 1000 to 9999.

    >>> year_problem(2024) is None
    True
    >>> year_problem(20240)
    'must be a year from 1000 to 9999, got 20240'
    """
    if not MIN_YEAR <= value <= MAX_YEAR:
        return f"must be a year from {MIN_YEAR} to {MAX_YEAR}, got {shown(value)}"
    return None


_SHA256_RE = re.compile(r"[0-9a-f]{64}")


def sha256_problem(value: str) -> str | None:
    """Say what is wrong with a SHA-256 digest, or return None if it is valid.

    >>> sha256_problem("0" * 64) is None
    True
    >>> sha256_problem("abc")
    "'abc' is not a SHA-256 digest: write 64 lower-case hexadecimal digits"
    """
    if not _SHA256_RE.fullmatch(value):
        return (
            f"{shown(value)} is not a SHA-256 digest: write 64 lower-case hexadecimal "
            "digits"
        )
    return None


class _Html:
    """A class that Jupyter shows as an HTML table.

    ``ncts._display`` makes the tables, and gives each such class its
    ``_repr_html_`` when ncts is imported: the model itself knows nothing of HTML.
    """

    __slots__ = ()

    if TYPE_CHECKING:

        def _repr_html_(self) -> str: ...


class Kind(str, enum.Enum):
    """How the source groups a speerpunt: the kind of effort it is.

    The source groups speerpunten under headings such as "Consolidatie en
    optimalisatie van:" and "Doorontwikkeling en innovatie van:", or starts a
    speerpunt with its kind word ("Optimalisatie van ..."). A speerpunt has a set of
    kinds; the empty set means the source does not group it.

    Examples
    --------
    >>> Kind("innovation")
    <Kind.INNOVATION: 'innovation'>
    >>> Kind.CONSOLIDATION.dutch
    'consolidatie'
    """

    #: Consolidatie: continuing and securing existing work.
    CONSOLIDATION = "consolidation"
    #: Optimalisatie: improving existing work.
    OPTIMISATION = "optimisation"
    #: Doorontwikkeling: further development.
    DEVELOPMENT = "development"
    #: Innovatie: new approaches.
    INNOVATION = "innovation"

    @property
    def dutch(self) -> str:
        """The Dutch word the source uses for this kind.

        >>> Kind.DEVELOPMENT.dutch
        'doorontwikkeling'
        """
        return _KIND_DUTCH[self]


_KIND_DUTCH = {
    Kind.CONSOLIDATION: "consolidatie",
    Kind.OPTIMISATION: "optimalisatie",
    Kind.DEVELOPMENT: "doorontwikkeling",
    Kind.INNOVATION: "innovatie",
}


class Basis(str, enum.Enum):
    """Whether the source states a link, or the maintainers derived it.

    Examples
    --------
    >>> Basis("derived") is Basis.DERIVED
    True
    """

    #: The source says so, in words or by its layout.
    STATED = "stated"
    #: Our reading of the source; the link's rationale says why.
    DERIVED = "derived"


class LinkType(str, enum.Enum):
    """What a link between two elements means.

    Containment (a speerpunt in its area) is not a link: it is the structure of
    the document itself.

    Examples
    --------
    >>> LinkType.CONTRIBUTES_TO.value
    'contributes_to'
    """

    #: One element is the basis for another (Verwerven underpins the other areas).
    UNDERPINS = "underpins"
    #: An area, speerpunt or focus theme works towards a goal.
    CONTRIBUTES_TO = "contributes_to"
    #: An area or speerpunt takes up a focus theme.
    ADDRESSES = "addresses"
    #: Any other relation; say which in the rationale.
    RELATES_TO = "relates_to"


class GoalStatus(str, enum.Enum):
    """Where a goal's wording comes from: quoted from a source, or modelled by us.

    Examples
    --------
    >>> import ncts
    >>> [g.status.value for g in ncts.load().goals]
    ['quoted', 'modelled', 'modelled', 'modelled']
    """

    #: A cited source states this text as a goal; the goal quotes it verbatim.
    QUOTED = "quoted"
    #: No source we could read states the goal; we chose its text by the rule in
    #: its note (the Dutch text is still verbatim from the cited passage).
    MODELLED = "modelled"


class ErratumKind(str, enum.Enum):
    """What kind of irregularity an erratum records, and whether it is corrected.

    Examples
    --------
    >>> ErratumKind("noted").corrects
    False
    >>> ErratumKind.TYPO.corrects
    True
    """

    #: An author's typo in the source, corrected in the data.
    TYPO = "typo"
    #: An artefact of extracting the text from its PDF (not the author's),
    #: corrected in the data.
    EXTRACTION = "extraction"
    #: An irregularity of the source (grammar, spelling) kept verbatim in the
    #: data and only noted: the record's text is the source's.
    NOTED = "noted"

    @property
    def corrects(self) -> bool:
        """Whether an erratum of this kind changes the source's text.

        >>> ErratumKind.EXTRACTION.corrects
        True
        """
        return self is not ErratumKind.NOTED


class SourceRole(str, enum.Enum):
    """What the data takes from a source.

    Examples
    --------
    >>> import ncts
    >>> ncts.load().source.role
    <SourceRole.TRANSCRIBED: 'transcribed'>
    """

    #: The data's Dutch texts are transcribed from it.
    TRANSCRIBED = "transcribed"
    #: Records cite it and quote it, but the data is not a transcription of it.
    CITED = "cited"
    #: Listed for reference only: nothing in the data is taken from it.
    RELATED = "related"


@attrs.frozen
class Text(Checked):
    """A text in Dutch, with an optional English translation.

    Dutch is the language of the source and is required; English is ours.

    Examples
    --------
    >>> t = Text(nl="Online aanpak", en="Online approach")
    >>> str(t)
    'Online aanpak'
    >>> t.get("en")
    'Online approach'
    >>> Text(nl="Verwerven").get("en")  # falls back to Dutch
    'Verwerven'
    """

    nl: str = text_field("The Dutch text, verbatim from the source.")
    en: str | None = text_field("An English translation.", optional=True)
    note: str | None = text_field(
        "A translator's note on the English: a choice the reader should know about.",
        optional=True,
    )

    def get(self, lang: str | None = None) -> str:
        """Return the text in *lang* (``"nl"`` or ``"en"``), falling back to Dutch.

        >>> Text(nl="Vervolgen", en="Prosecute").get("nl")
        'Vervolgen'
        """
        if check_lang(lang, optional=True) == "en" and self.en is not None:
            return self.en
        return self.nl

    def __str__(self) -> str:
        return self.nl


_TEXT = instance_of(Text)


@attrs.frozen
class Period(Checked):
    """The years a strategy covers, first and last included.

    Examples
    --------
    >>> Period(2022, 2026)
    Period(start=2022, end=2026)
    >>> str(Period(2022, 2026))
    '2022-2026'
    >>> 2024 in Period(2022, 2026)
    True
    """

    start: int = _field("The first year.", holds=INT, check=year_problem, schema=_YEARS)
    end: int = _field(
        "The last year; not before the first.",
        holds=INT,
        check=year_problem,
        schema=_YEARS,
    )

    def __attrs_post_init__(self) -> None:
        check_fields(self)  # first: both years are whole numbers after it
        if self.start > self.end:
            raise fail(
                "end", f"the period ends ({self.end}) before it starts ({self.start})"
            )

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.start <= year <= self.end

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


@attrs.frozen
class Citation(Checked):
    """Where in a source document a record comes from.

    Examples
    --------
    >>> c = Citation(section="Speerpunten > Vervolgen", quote="Inzet op veilige re-integratie")
    >>> c.document is None  # the strategy's first source
    True
    """

    section: str = text_field(
        "The place in the source, as headings from the top, joined by ' > '."
    )
    quote: str | None = text_field(
        "The passage the record rests on, verbatim; omitted when the record's Dutch "
        "text is itself the passage.",
        optional=True,
    )
    document: str | None = id_field(
        "The ID of the source document; omitted for the strategy's first source.",
        optional=True,
    )


_CITATION = instance_of(Citation)


@attrs.frozen
class Erratum(Checked):
    """An irregularity of the source's text, recorded instead of handled silently.

    A correction (``kind`` typo or extraction, or no kind) holds the corrected text
    in the record, and ``original`` is what the source says. A noted irregularity
    (``kind`` noted) has no ``corrected``: the record keeps the source's text, and
    the erratum says what is irregular about it.

    Examples
    --------
    >>> e = Erratum(field="name.nl", original="Vorbereiden", corrected="Voorbereiden",
    ...             kind=ErratumKind.TYPO)
    >>> e.apply("Vorbereiden")
    'Voorbereiden'
    >>> e.revert("Voorbereiden")
    'Vorbereiden'
    >>> kept = Erratum(field="text.nl", original="Robuuster en flexibeler",
    ...                kind=ErratumKind.NOTED)
    >>> kept.revert("Robuuster en flexibeler beveiliging")
    'Robuuster en flexibeler beveiliging'
    >>> Erratum(field="text.nl", original="a", kind=ErratumKind.TYPO)
    Traceback (most recent call last):
    ...
    ncts.ValidationError: document: 1 problem
      corrected: a typo erratum corrects the text: give the corrected text, or make it kind 'noted'
    """

    field: str = text_field("The field of the record, as a path such as 'text.nl'.")
    original: str = text_field("The text as the source has it.")
    corrected: str | None = text_field(
        "The text as the record has it; omitted for a noted irregularity.",
        optional=True,
    )
    note: str | None = text_field(
        "Why the correction was made, or what is irregular.", optional=True
    )
    kind: ErratumKind | None = enum_field(
        "typo (the author's, corrected), extraction (an artefact of extracting the "
        "text, corrected) or noted (kept verbatim); omitted: a correction.",
        ErratumKind,
        default=None,
    )

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        corrects = self.kind is None or self.kind.corrects
        if corrects and self.corrected is None:
            what = "erratum" if self.kind is None else f"{self.kind.value} erratum"
            what = article(what)
            raise fail(
                "corrected",
                f"{what} corrects the text: give the corrected text, or make it kind "
                "'noted'",
            )
        if not corrects and self.corrected is not None:
            raise fail(
                "corrected",
                "a noted erratum keeps the source's text: drop 'corrected', or give "
                "the kind of correction",
            )
        if self.corrected == self.original:
            raise fail("corrected", "is the same as the original: drop the erratum")

    def apply(self, text: str) -> str:
        """Return *text* with the original replaced by the correction, if any.

        >>> Erratum("text.nl", "versturende", "verstorende").apply("Inzet versturende")
        'Inzet verstorende'
        """
        check_type(text, str, "text")
        if self.corrected is None:
            return text
        return text.replace(self.original, self.corrected)

    def revert(self, text: str) -> str:
        """Return *text* as the source has it, undoing the correction, if any.

        >>> Erratum("text.nl", "versturende", "verstorende").revert("Inzet verstorende")
        'Inzet versturende'
        """
        check_type(text, str, "text")
        if self.corrected is None:
            return text
        return text.replace(self.corrected, self.original)


_ERRATUM = instance_of(Erratum)


@attrs.frozen
class Source(Checked):
    """A document the data comes from.

    Examples
    --------
    >>> import datetime
    >>> src = Source(id="nctv-summary", title="Samenvatting NCTS 2022-2026",
    ...              publisher="NCTV", role=SourceRole.TRANSCRIBED,
    ...              published=datetime.date(2022, 5, 20))
    >>> src.role.value, str(src.published)
    ('transcribed', '2022-05-20')
    """

    element_type: ClassVar[str] = "source"

    id: str = id_field("The ID of the source.")
    title: str = text_field("The title of the document, as its publisher gives it.")
    publisher: str | None = text_field("Who published it.", optional=True)
    note: str | None = text_field("What it is, and what it contributes.", optional=True)
    url: str | None = text_field("Where it can be found.", optional=True)
    role: SourceRole | None = enum_field(
        "What the data takes from it: transcribed, cited or related (nothing).",
        SourceRole,
        default=None,
    )
    published: datetime.date | None = date_field(
        "When it was published.", optional=True
    )
    accessed: datetime.date | None = date_field(
        "When we read it at its address.", optional=True
    )
    sha256: str | None = _field(
        "The SHA-256 of the text we transcribed from it, as kept with the data "
        "(for the summary: tests/data/ncts-2022-2026-samenvatting.txt).",
        default=None,
        holds=STR,
        check=sha256_problem,
    )


@attrs.frozen
class FocusTheme(Checked, _Html):
    """A theme that the strategy gives extra attention ("Extra aandacht is nodig voor").

    Examples
    --------
    >>> import ncts
    >>> ncts.load()["FT1"].text.en
    'The threat posed by potentially violent extremist lone actors.'
    """

    element_type: ClassVar[str] = "focus_theme"

    id: str = id_field("The ID of the focus theme.")
    text: Text = _field("The theme, as the source words it.", holds=_TEXT)
    citation: Citation | None = _field(
        "Where the source says it.", default=None, holds=_CITATION
    )
    errata: tuple[Erratum, ...] = tuple_field(
        "Corrections of the source's text.", _ERRATUM
    )


@attrs.frozen
class Goal(Checked, _Html):
    """A counterterrorism goal (contraterrorisme doel).

    Examples
    --------
    >>> import ncts
    >>> g1 = ncts.load()["G1"]
    >>> g1.status.value, g1.citation.document
    ('quoted', 'nctv-onderwerp')
    """

    element_type: ClassVar[str] = "goal"

    id: str = id_field("The ID of the goal.")
    text: Text = _field("The goal, in the source's words.", holds=_TEXT)
    citation: Citation | None = _field(
        "Where the source says it.", default=None, holds=_CITATION
    )
    note: str | None = text_field(
        "How the goal was modelled, where the source does not state it as one.",
        optional=True,
    )
    errata: tuple[Erratum, ...] = tuple_field(
        "Corrections of the source's text.", _ERRATUM
    )
    status: GoalStatus | None = enum_field(
        "quoted (a cited source states it as a goal) or modelled (chosen by the "
        "rule in the note).",
        GoalStatus,
        default=None,
    )


@attrs.frozen
class Speerpunt(Checked, _Html):
    """A priority (speerpunt, literally spearhead) within an area of intervention.

    Examples
    --------
    >>> import ncts
    >>> sp = ncts.load()["VK7"]
    >>> sp.text.nl, sorted(k.value for k in sp.kinds)
    ('Online aanpak', ['development', 'innovation'])
    """

    element_type: ClassVar[str] = "speerpunt"

    id: str = id_field("The ID of the speerpunt.")
    text: Text = _field("The speerpunt, verbatim.", holds=_TEXT)
    kinds: frozenset[Kind] = _field(
        "The kinds the source gives it (empty: not grouped).",
        default=frozenset(),
        holds=frozenset_of(HoldsMember(Kind)),
        repr=lambda kinds: _kinds_repr(kinds),
    )
    citation: Citation | None = _field(
        "Where the source says it.", default=None, holds=_CITATION
    )
    errata: tuple[Erratum, ...] = tuple_field(
        "Corrections of the source's text.", _ERRATUM
    )


def _kinds_repr(kinds: frozenset[Kind]) -> str:
    """Print a set of kinds as frozenset does, in Kind's order whatever the hash seed.

    >>> _kinds_repr(frozenset({Kind.INNOVATION, Kind.DEVELOPMENT}))
    "frozenset({<Kind.DEVELOPMENT: 'development'>, <Kind.INNOVATION: 'innovation'>})"
    >>> _kinds_repr(frozenset())
    'frozenset()'
    """
    if not kinds:
        return "frozenset()"
    return "frozenset({" + ", ".join(repr(k) for k in Kind if k in kinds) + "})"


_SPEERPUNT = instance_of(Speerpunt)


@attrs.frozen(repr=False)
class Area(Checked, _Html):
    """An area of intervention (interventiegebied) and its speerpunten.

    Examples
    --------
    >>> import ncts
    >>> area = ncts.load()["VB"]
    >>> area.name.nl, area.name.en, len(area.speerpunten)
    ('Voorbereiden', 'Prepare', 4)
    >>> area
    <Area 'VB' 'Voorbereiden': speerpunten VB1, VB2, VB3, VB4>
    """

    element_type: ClassVar[str] = "area"

    id: str = id_field("The ID of the area.")
    name: Text = _field("The name of the area.", holds=_TEXT)
    description: Text = _field("What the area is about, verbatim.", holds=_TEXT)
    citation: Citation | None = _field(
        "Where the source says it.", default=None, holds=_CITATION
    )
    errata: tuple[Erratum, ...] = tuple_field(
        "Corrections of the source's text.", _ERRATUM
    )
    speerpunten: tuple[Speerpunt, ...] = tuple_field(
        "The area's speerpunten, in order.", _SPEERPUNT
    )

    def __repr__(self) -> str:
        ids = ", ".join(sp.id for sp in self.speerpunten)
        return f"<Area {self.id!r} {self.name.nl!r}: speerpunten {ids}>"


@attrs.frozen
class Link(Checked):
    """A typed link from one element to another, stated by the source or derived.

    Examples
    --------
    >>> link = Link("VW", "VK", LinkType.UNDERPINS, Basis.STATED, "Verwerven is de basis.",
    ...             id="L1")
    >>> link.key
    ('VW', 'VK', 'underpins')
    """

    source: str = id_field("The ID the link starts from.")
    target: str = id_field("The ID the link points to.")
    type: LinkType = enum_field("What the link means.", LinkType)
    basis: Basis = enum_field(
        "Whether the source states the link, or we derived it.", Basis
    )
    rationale: str = text_field("Why the link holds: the words it rests on.")
    citation: Citation | None = _field(
        "For a stated link, the sentence that states it.",
        default=None,
        holds=_CITATION,
    )
    id: str | None = id_field(
        "The link's own ID, unique in the strategy, so that it can be named.",
        optional=True,
    )
    evidence: tuple[Citation, ...] = tuple_field(
        "For a derived link, the passages the derivation rests on.", _CITATION
    )

    @property
    def key(self) -> tuple[str, str, str]:
        """The link's identity: source, target and type. Unique in a strategy."""
        return (self.source, self.target, self.type.value)


@attrs.frozen
class Aim(Checked):
    """The strategy's overall aim, as its source words it.

    Examples
    --------
    >>> import ncts
    >>> ncts.load().aim.text.en
    'to protect national security and the democratic legal order'
    """

    text: Text = _field("The aim, verbatim from the source.", holds=_TEXT)
    citation: Citation | None = _field(
        "Where the source says it.", default=None, holds=_CITATION
    )


@attrs.frozen
class Adoption(Checked):
    """When and by whom the strategy was adopted, with the source that says so.

    Examples
    --------
    >>> import ncts
    >>> adopted = ncts.load().adopted
    >>> str(adopted.date), adopted.citation.document
    ('2022-05-20', 'aivd-vastgesteld')
    """

    date: datetime.date = date_field("The day the strategy was adopted.")
    by: str = text_field("Who adopted it.")
    citation: Citation | None = _field(
        "The source that says so.", default=None, holds=_CITATION
    )


#: Which element types a link of each type may join, source to target.
LINK_ENDPOINTS: dict[LinkType, tuple[frozenset[str], frozenset[str]]] = {
    LinkType.UNDERPINS: (
        frozenset({"area", "speerpunt"}),
        frozenset({"area", "speerpunt"}),
    ),
    LinkType.CONTRIBUTES_TO: (
        frozenset({"area", "speerpunt", "focus_theme"}),
        frozenset({"goal"}),
    ),
    LinkType.ADDRESSES: (frozenset({"area", "speerpunt"}), frozenset({"focus_theme"})),
    LinkType.RELATES_TO: (
        frozenset({"goal", "area", "speerpunt", "focus_theme"}),
        frozenset({"goal", "area", "speerpunt", "focus_theme"}),
    ),
}

#: The edge type of containment: a speerpunt is part of its area, and the goals,
#: focus themes and areas are part of the strategy.
CONTAINMENT = "part_of"


def _worked_out() -> Any:
    """Declare a field that the object works out itself.

    It is not an argument of ``__init__``, and no part of equality or the hash
    (the class's own ``__repr__`` shows none of them).
    """
    return attrs.field(init=False, eq=False, hash=False)


@attrs.frozen(cache_hash=True, repr=False)
class Strategy(Checked, _Html, Mapping[str, "Element"]):
    """A whole strategy: its goals, areas, speerpunten, focus themes and links.

    A strategy is a read-only mapping (:class:`collections.abc.Mapping`) from ID
    to element, as a ``dict`` is: ``strategy[id]``, ``strategy.get(id)``, ``id in
    strategy``, ``len(strategy)``, ``keys()``, ``values()`` and ``items()``. Its
    elements are the strategy itself, its sources, focus themes and goals, and each
    area followed by its speerpunten; iteration gives their IDs in that order,
    the order in which they stand in the document. Links are not elements (they
    join them): look a link up by its ID with :meth:`link`.

    Lookups ignore case: IDs are ASCII, and no two IDs of a strategy differ only in
    case (construction refuses them), so ``strategy["vk6"]`` is ``strategy["VK6"]``;
    the element keeps its ID as written. Every method that takes an ID follows the
    same rule, and an unknown ID is an :class:`~ncts.UnknownIdError` (a
    :class:`KeyError`) that suggests the closest IDs. An ID that is not a ``str``
    is a :class:`TypeError` naming the argument (``strategy.area_of(5)``); the
    mapping's own operations behave as a dict's do (``5 in strategy`` is False,
    ``strategy[5]`` a KeyError, ``strategy.get(5)`` None). A reference inside a document
    (a link's source, an overlay's record) must still be written as the ID is.

    ``==`` compares two strategies field by field (their data); a strategy is
    never equal to a dict of its elements. Construction checks that IDs are unique
    across the whole strategy and that every link and citation resolves, and lists
    every problem at once.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> s.title.nl, str(s.period)
    ('Nationale Contraterrorisme Strategie 2022-2026', '2022-2026')
    >>> [a.id for a in s.areas]
    ['VW', 'VK', 'VB', 'VV']
    >>> len(s.speerpunten), len(s.focus_themes), len(s.goals)
    (18, 3, 4)
    >>> s["VV4"].text.en
    'Efforts towards safe reintegration after detention. These efforts towards safe reintegration already start during detention'
    >>> s.get("nothing") is None
    True
    >>> len(s), list(s)[:4], "vk6" in s, s["vk6"].id
    (36, ['NCTS-2022-2026', 'nctv-samenvatting', 'nctv-onderwerp', 'aivd-vastgesteld'], True, 'VK6')
    >>> s
    <Strategy 'NCTS-2022-2026' (2022-2026, data 1.1.0): 4 goals, 3 focus themes, 4 areas, 18 speerpunten, 15 links>
    """

    element_type: ClassVar[str] = "strategy"

    id: str = id_field("The ID of the strategy.")
    title: Text = _field("The title.", holds=_TEXT)
    period: Period = _field("The years the strategy covers.", holds=instance_of(Period))
    data_version: str = text_field(
        "The version of this data, bumped for every change to it."
    )
    scope: str | None = text_field(
        "What the data covers of the strategy, and what it leaves out.", optional=True
    )
    translation: str | None = text_field(
        "Who made the English texts, and on what basis.", optional=True
    )
    adopted: Adoption | None = _field(
        "When and by whom the strategy was adopted.",
        default=None,
        holds=instance_of(Adoption),
    )
    sources: tuple[Source, ...] = tuple_field(
        "The documents the data comes from or refers to; the first is the main source.",
        instance_of(Source),
    )
    introduction: tuple[Text, ...] = tuple_field(
        "The introduction, paragraph by paragraph.", _TEXT
    )
    aim: Aim | None = _field(
        "The strategy's overall aim.", default=None, holds=instance_of(Aim)
    )
    focus_themes: tuple[FocusTheme, ...] = tuple_field(
        "Themes that get extra attention.", instance_of(FocusTheme)
    )
    goals: tuple[Goal, ...] = tuple_field(
        "The counterterrorism goals.", instance_of(Goal)
    )
    areas: tuple[Area, ...] = tuple_field(
        "The areas of intervention, in order.", instance_of(Area)
    )
    links: tuple[Link, ...] = tuple_field(
        "Links between elements, other than containment.", instance_of(Link)
    )
    errata: tuple[Erratum, ...] = tuple_field(
        "Corrections of the source's text in the title and introduction.", _ERRATUM
    )

    #: Every element but the strategy itself, by ID, in document order. It, and
    #: what the other fields hold, the strategy works out itself: none of it is
    #: given, shown, compared or hashed (see _worked_out).
    _index: dict[str, Element] = _worked_out()
    _paths: dict[str, str] | None = _worked_out()
    _speerpunten: tuple[Speerpunt, ...] = _worked_out()
    _area_of: dict[str, Area] = _worked_out()
    #: Indexes that queries and search build on first use, kept with the strategy
    #: so that they go when it goes. (A WeakKeyDictionary would compare strategies
    #: with ``==`` on every look-up.)
    _derived: dict[str, Any] = _worked_out()

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        elements: list[Element] = [self, *self.sources, *self.focus_themes]
        elements += self.goals
        speerpunten: list[Speerpunt] = []
        area_of: dict[str, Area] = {}
        for area in self.areas:
            elements.append(area)
            elements += area.speerpunten
            speerpunten += area.speerpunten
            for sp in area.speerpunten:
                area_of[sp.id] = area
        index = {element.id: element for element in elements}
        problems = [] if _unique(index, elements) else _id_problems(self)
        problems += _check_references(self, index)
        if problems:
            raise ValidationError(problems)
        # The strategy itself is left out of its index, and found by its ID apart:
        # a strategy that held itself would be a reference cycle, freed only by the
        # cyclic garbage collector, never when the last reference to it goes.
        del index[self.id]
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_paths", None)
        object.__setattr__(self, "_speerpunten", tuple(speerpunten))
        object.__setattr__(self, "_area_of", area_of)
        object.__setattr__(self, "_derived", {})

    def __repr__(self) -> str:
        return (
            f"<Strategy {self.id!r} ({self.period}, data {self.data_version}): "
            f"{counted(len(self.goals), 'goal')}, "
            f"{counted(len(self.focus_themes), 'focus theme')}, "
            f"{counted(len(self.areas), 'area')}, "
            f"{counted(len(self.speerpunten), 'speerpunt', 'speerpunten')}, "
            f"{counted(len(self.links), 'link')}>"
        )

    @property
    def speerpunten(self) -> tuple[Speerpunt, ...]:
        """Every speerpunt of every area, in document order.

        >>> import ncts
        >>> [sp.id for sp in ncts.load().speerpunten][:4]
        ['VW1', 'VW2', 'VW3', 'VK1']
        """
        return self._speerpunten

    @property
    def source(self) -> Source | None:
        """The main source document (the first of :attr:`sources`), if any.

        >>> import ncts
        >>> ncts.load().source.publisher
        'Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)'
        """
        return self.sources[0] if self.sources else None

    def _find(self, id: object) -> Element | None:
        """Return the element with this ID, case ignored, or None."""
        if not isinstance(id, str):
            return None
        if id == self.id or (id.isascii() and id.lower() == self.id.lower()):
            return self
        element = self._index.get(id)
        if element is None and id.isascii():
            # IDs are ASCII: a key that is not cannot name one in another case.
            folded: dict[str, Element] | None = self._derived.get("folded")
            if folded is None:
                folded = {key.lower(): value for key, value in self._index.items()}
                self._derived["folded"] = folded
            element = folded.get(id.lower())
        return element

    def __getitem__(self, id: str) -> Element:
        try:  # the ID as written: the common case, as fast as a dict
            return self._index[id]
        except (KeyError, TypeError):
            element = self._find(id)
        if element is None:
            raise self._unknown(id) from None
        return element

    def __iter__(self) -> Iterator[str]:
        yield self.id
        yield from self._index

    def __len__(self) -> int:
        return len(self._index) + 1

    @overload
    def get(self, id: str) -> Element | None: ...
    @overload
    def get(self, id: str, default: _T) -> Element | _T: ...
    def get(self, id: str, default: object = None) -> object:
        """Return the element with this ID (case ignored), or *default* if there is none.

        >>> import ncts
        >>> ncts.load().get("g1").id
        'G1'
        >>> ncts.load().get("G9", "none")
        'none'
        """
        element = self._find(id)
        return default if element is None else element

    def __contains__(self, id: object) -> bool:
        return (isinstance(id, str) and id in self._index) or self._find(id) is not None

    def _unknown(self, id: object) -> UnknownIdError:
        text = id if isinstance(id, str) else repr(id)
        return UnknownIdError(
            text, closest(text, self.ids()), where=f"strategy {self.id!r}"
        )

    def ids(self) -> tuple[str, ...]:
        """Every ID in the strategy, in document order: ``tuple(strategy)``.

        >>> import ncts
        >>> ncts.load().ids()[:3]
        ('NCTS-2022-2026', 'nctv-samenvatting', 'nctv-onderwerp')
        """
        return (self.id, *self._index)

    def elements(self) -> Iterator[Element]:
        """Iterate over every element, in document order: ``iter(strategy.values())``.

        >>> import ncts
        >>> sum(1 for e in ncts.load().elements() if e.element_type == "speerpunt")
        18
        """
        yield self
        yield from self._index.values()

    def path_of(self, id: str) -> str:
        """Return the path in the document of the element with this ID (case ignored).

        >>> import ncts
        >>> ncts.load().path_of("vb2")
        'areas[2].speerpunten[1]'
        """
        element = self[check_type(id, str, "id")]
        paths = self._paths
        if paths is None:  # worked out on first use: loading need not pay for it
            paths = {element.id: path for path, element in _records(self)}
            object.__setattr__(self, "_paths", paths)
        return paths[element.id]

    def area_of(self, speerpunt: str | Speerpunt) -> Area:
        """Return the area that holds a speerpunt (given as ID, case ignored, or object).

        >>> import ncts
        >>> ncts.load().area_of("VK6").name.en
        'Prevent'
        >>> ncts.load().area_of("vk6").id
        'VK'
        """
        check_type(speerpunt, (str, Speerpunt), "speerpunt", what="str or Speerpunt")
        key = speerpunt.id if isinstance(speerpunt, Speerpunt) else speerpunt
        element = self._find(key)
        if isinstance(element, Speerpunt):
            return self._area_of[element.id]
        raise UnknownIdError(
            key, closest(key, self._area_of), where=f"the speerpunten of {self.id!r}"
        )

    @deprecated("ncts.Strategy.search")
    def search(
        self, query: str, lang: Literal["nl", "en"] | None = None
    ) -> tuple[SearchHit, ...]:
        """Search every text in Dutch and English: use :func:`ncts.search` instead.

        .. deprecated:: 0.1.0
           ``strategy.search(query)`` is ``ncts.search(strategy, query)``: analyses
           are module functions, as in networkx. Removed in 1.0.0.
        """
        from ._search import search

        return search(self, query, lang=lang)

    def link(self, id: str) -> Link:
        """Return the link with this ID, case ignored (links have IDs of their own).

        >>> import ncts
        >>> link = ncts.load().link("l1")
        >>> link.id, link.source, link.target, link.type.value, link.basis.value
        ('L1', 'VW', 'VK', 'underpins', 'stated')
        """
        check_type(id, str, "id")
        links: dict[str, Link] | None = self._derived.get("links")
        if links is None:
            # Link IDs are ASCII and unique whatever their case, as element IDs are.
            links = {link.id.lower(): link for link in self.links if link.id}
            self._derived["links"] = links
        if id.isascii() and id.lower() in links:
            return links[id.lower()]
        raise UnknownIdError(
            id,
            closest(id, [link.id for link in links.values() if link.id]),
            where=f"the links of {self.id!r}",
        )

    def links_from(self, id: str) -> tuple[Link, ...]:
        """Return the links that start at the element with this ID (case ignored).

        >>> import ncts
        >>> [link.target for link in ncts.load().links_from("VW")]
        ['VK', 'VB', 'VV', 'G1']
        """
        source = self[check_type(id, str, "id")].id
        return tuple(link for link in self.links if link.source == source)

    def links_to(self, id: str) -> tuple[Link, ...]:
        """Return the links that point to the element with this ID (case ignored).

        >>> import ncts
        >>> [link.source for link in ncts.load().links_to("ft1")]
        ['VK6']
        """
        target = self[check_type(id, str, "id")].id
        return tuple(link for link in self.links if link.target == target)


def label(element: Strategy | Goal | FocusTheme | Area | Speerpunt) -> Text:
    """Return the text that names an element: a title, a name, or its text.

    >>> import ncts
    >>> label(ncts.load()["VK"]).en
    'Prevent'
    """
    if isinstance(element, Strategy):
        return element.title
    if isinstance(element, Area):
        return element.name
    return element.text


def containment(kind: str, part: str, whole: str) -> dict[str, Any]:
    """Return the attributes of the edge that puts a part in its whole.

    >>> containment("speerpunt", "VK6", "VK")["rationale"]
    'The source lists the speerpunt under its area of intervention (VK6 in VK).'
    """
    what = {
        "speerpunt": "lists the speerpunt under its area of intervention",
        "goal": "states the goal as one of the strategy's",
        "focus_theme": "names the theme as one that needs extra attention",
        "area": "describes the area as one of the strategy's areas of intervention",
    }[kind]
    return {
        "type": CONTAINMENT,
        "basis": "stated",
        "rationale": f"The source {what} ({part} in {whole}).",
    }


@overload
def _records(
    strategy: Strategy, *, cited_only: Literal[True]
) -> Iterator[tuple[str, _Record]]: ...
@overload
def _records(
    strategy: Strategy, *, cited_only: Literal[False] = False
) -> Iterator[tuple[str, Element]]: ...
def _records(
    strategy: Strategy, *, cited_only: bool = False
) -> Iterator[tuple[str, Element]]:
    """Every element with its path in the document, in document order.

    With *cited_only*, only records with a citation or errata, and no sources: the
    ones whose references need checking. Most speerpunten of a large user-made
    strategy have neither, and their paths are then not even written out.
    """
    if not cited_only or strategy.errata:
        yield "", strategy
    if not cited_only:
        for i, source in enumerate(strategy.sources):
            yield f"sources[{i}]", source
    for name in ("focus_themes", "goals"):
        for i, element in enumerate(getattr(strategy, name)):
            if not cited_only or element.citation is not None or element.errata:
                yield f"{name}[{i}]", element
    for i, area in enumerate(strategy.areas):
        if not cited_only or area.citation is not None or area.errata:
            yield f"areas[{i}]", area
        for j, sp in enumerate(area.speerpunten):
            if not cited_only or sp.citation is not None or sp.errata:
                yield f"areas[{i}].speerpunten[{j}]", sp


def _join(path: str, field: str) -> str:
    return f"{path}.{field}" if path else field


def _unique(index: dict[str, Element], elements: list[Element]) -> bool:
    """Whether the IDs are unique, also when case is ignored."""
    return len(index) == len(elements) and len({id.casefold() for id in index}) == len(
        index
    )


def _id_problems(strategy: Strategy) -> list[Problem]:
    """Say which IDs are used twice, or differ only in case, and where."""
    return id_problems((element.id, path) for path, element in _records(strategy))


def id_problems(entries: Iterable[tuple[str, str]]) -> list[Problem]:
    """Say which IDs are used twice, or differ only in case, given (ID, path) pairs.

    The path is the element's (``""`` for the strategy itself); the loader uses
    this too, on the parts of a document that could be read.

    >>> for p in id_problems([("G1", "goals[0]"), ("g1", "goals[1]")]):
    ...     print(p)
    goals[1].id: ID 'g1' differs only in case from 'G1' at goals[0].id: IDs must differ in more than case
    """
    problems: list[Problem] = []
    for id, path, first, first_path in id_clashes(entries):
        used = _join(first_path, "id")
        if id == first:
            message = f"duplicate ID {id!r}, already used at {used}"
        else:
            message = (
                f"ID {id!r} differs only in case from {first!r} at {used}: IDs must "
                "differ in more than case"
            )
        problems.append(Problem(_join(path, "id"), message))
    return problems


def _check_references(strategy: Strategy, index: dict[str, Element]) -> list[Problem]:
    problems: list[Problem] = []
    source_ids = [s.id for s in strategy.sources]

    def unknown(path: str, id: str, candidates: list[str], what: str = "ID") -> None:
        problems.append(
            Problem(
                path, f"unknown {what} {id!r}{suggestion_text(closest(id, candidates))}"
            )
        )

    def check_citation(path: str, citation: Citation | None) -> None:
        if citation is None:
            return
        if citation.document is None:
            if not source_ids:
                problems.append(
                    Problem(
                        _join(path, "citation"),
                        "cites the main source, but the strategy lists no sources: "
                        "add one under 'sources'",
                    )
                )
        elif citation.document not in source_ids:
            unknown(
                _join(path, "citation.document"),
                citation.document,
                source_ids,
                "source",
            )

    element_ids = [i for i, e in index.items() if e.element_type != "source"]
    for path, element in _records(strategy, cited_only=True):
        check_citation(path, getattr(element, "citation", None))
        _check_errata(path, element, problems)
    if strategy.aim is not None:
        check_citation("aim", strategy.aim.citation)
    if strategy.adopted is not None:
        check_citation("adopted", strategy.adopted.citation)

    seen: dict[tuple[str, str, str], int] = {}
    for i, link in enumerate(strategy.links):
        path = f"links[{i}]"
        ends: list[str | None] = []
        for end in ("source", "target"):
            id = getattr(link, end)
            target = index.get(id)
            if target is None or target.element_type == "source":
                unknown(f"{path}.{end}", id, element_ids)
                ends.append(None)
            else:
                ends.append(target.element_type)
        allowed_from, allowed_to = LINK_ENDPOINTS[link.type]
        src_type, dst_type = ends
        if src_type is not None and src_type not in allowed_from:
            problems.append(
                Problem(
                    f"{path}.source",
                    f"{article(repr(link.type.value))} link cannot start at {a_type(src_type)} "
                    f"({link.source!r}): it starts at {_either(allowed_from)}",
                )
            )
        if dst_type is not None and dst_type not in allowed_to:
            problems.append(
                Problem(
                    f"{path}.target",
                    f"{article(repr(link.type.value))} link cannot point to {a_type(dst_type)} "
                    f"({link.target!r}): it points to {_either(allowed_to)}",
                )
            )
        if link.source == link.target:
            problems.append(Problem(path, f"links {link.source!r} to itself"))
        if link.key in seen:
            problems.append(
                Problem(path, f"the same link as links[{seen[link.key]}]: remove one")
            )
        else:
            seen[link.key] = i
        check_citation(path, link.citation)
        for j, citation in enumerate(link.evidence):
            check_citation(f"{path}.evidence[{j}]", citation)
    problems += _link_id_problems(strategy)
    return problems


def _link_id_problems(strategy: Strategy) -> list[Problem]:
    """Say which link IDs are used twice, or name an element too (case ignored)."""
    if all(link.id is None for link in strategy.links):
        return []
    # Each entry says where its ID is, and whether that is a link's (clashes
    # between elements are _id_problems' to report).
    entries: list[tuple[str, tuple[bool, str]]] = [
        (element.id, (False, _join(path, "id"))) for path, element in _records(strategy)
    ]
    entries += [
        (link.id, (True, f"links[{i}].id"))
        for i, link in enumerate(strategy.links)
        if link.id is not None
    ]
    return [
        Problem(
            path,
            f"link ID {id!r} is already used at {used} (IDs are unique in a "
            "strategy, whatever their case): choose another",
        )
        for id, (is_link, path), _, (_, used) in id_clashes(entries)
        if is_link
    ]


def _either(types: frozenset[str]) -> str:
    """Name element types as alternatives: "an area or a speerpunt"."""
    return " or ".join(a_type(name) for name in sorted(types))


def _check_errata(path: str, record: _Record, problems: list[Problem]) -> None:
    for i, erratum in enumerate(record.errata):
        where = _join(path, f"errata[{i}].field")
        value = _resolve_field(record, erratum.field)
        if not isinstance(value, str):
            problems.append(
                Problem(
                    where,
                    f"{erratum.field!r} names no text field of this record "
                    "(write a path such as 'text.nl' or 'introduction[1].nl')",
                )
            )
        elif erratum.corrected is None:
            if erratum.original not in value:
                problems.append(
                    Problem(
                        _join(path, f"errata[{i}].original"),
                        f"{erratum.original!r} does not occur in {erratum.field}: a "
                        "noted erratum quotes the text the record keeps",
                    )
                )
        elif erratum.corrected not in value:
            problems.append(
                Problem(
                    _join(path, f"errata[{i}].corrected"),
                    f"{erratum.corrected!r} does not occur in {erratum.field}",
                )
            )


# ASCII digits only: \d would also take other scripts' digits, which int() reads.
_FIELD_PART = re.compile(r"([A-Za-z_]+)((?:\[[0-9]+\])*)")


def _resolve_field(record: object, field_path: str) -> object:
    """Follow a path such as ``introduction[1].nl`` from *record*; None if absent."""
    value: object = record
    for part in field_path.split("."):
        match = _FIELD_PART.fullmatch(part)
        if match is None or not attrs.has(type(value)):
            return None
        name, indexes = match.groups()
        if name not in attrs.fields_dict(type(value)):  # type: ignore[arg-type]
            return None
        value = getattr(value, name)
        for index in re.findall(r"[0-9]+", indexes):
            if not isinstance(value, tuple) or int(index) >= len(value):
                return None
            value = value[int(index)]
    return value


#: Any element of a strategy that has an ID.
Element: TypeAlias = Strategy | Goal | Area | Speerpunt | FocusTheme | Source
_Record: TypeAlias = Strategy | Goal | Area | Speerpunt | FocusTheme

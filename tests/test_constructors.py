"""Objects cannot be built invalid (issue 16, point 3; the code review's H2).

Every public class checks the types of its fields when it is built in Python,
inside tuples and sets too: a wrong type is a TypeError that names the class and
the field, a right type with a wrong value a ValidationError. So an object that
builds can be dumped, loaded back equal, graphed and displayed.

The property test builds each public class from valid arguments with one field
given a value of another type (text for a tuple, a list of the wrong items, a
number for a text, a bool for a number, text for an enum, a datetime for a date,
None for a required field, objects of the other classes...), and checks that the
call either raises one of those two errors, or builds an object that survives
``dumps``/``loads`` in YAML and JSON, ``to_graph`` and the text display.
"""

import datetime
import math
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import ncts
from ncts import (
    Adoption,
    Aim,
    Area,
    Basis,
    Citation,
    Counts,
    Coverage,
    Document,
    Erratum,
    ErratumKind,
    FocusTheme,
    Gaps,
    Goal,
    GoalStatus,
    Indicator,
    Kind,
    Link,
    LinkType,
    Overlay,
    Period,
    Ranking,
    Record,
    RecordKind,
    Source,
    SourceRole,
    Speerpunt,
    Status,
    Strategy,
    Text,
    ValidationError,
    Work,
)

from .test_model import _strategy  # a small valid strategy, with fields to replace

DAY = datetime.date(2022, 5, 20)


def _overlay(**fields: Any) -> Overlay:
    base: dict[str, Any] = {
        "id": "o",
        "title": "Overlay",
        "strategy": "S",
        "data_version": "1",
        "records": (Record("r1", "Werk", addresses=("A1",)),),
    }
    return Overlay(**{**base, **fields})


def _area(speerpunt: Speerpunt) -> Area:
    return Area("A", Text("Gebied"), Text("Omschrijving"), speerpunten=(speerpunt,))


def _with_erratum(erratum: Erratum) -> Strategy:
    # The title holds the text the erratum says the record has.
    kept = erratum.corrected if erratum.corrected is not None else erratum.original
    return _strategy(title=Text(kept), errata=(erratum,))


#: Each model and overlay class: valid arguments (every field given), and how an
#: object of it goes into a strategy and, for the overlay's classes, an overlay.
Embed = Callable[[Any], tuple[Strategy, Overlay | None]]
CASES: list[tuple[type, dict[str, Any], Embed]] = [
    (
        Text,
        {"nl": "Titel", "en": "Title", "note": "Een keuze."},
        lambda t: (_strategy(title=t), None),
    ),
    (Period, {"start": 2022, "end": 2026}, lambda p: (_strategy(period=p), None)),
    (
        Citation,
        {"section": "Kop", "quote": "Zin.", "document": "src"},
        lambda c: (_strategy(goals=(Goal("G1", Text("Doel"), citation=c),)), None),
    ),
    (
        Erratum,
        {
            "field": "title.nl",
            "original": "Titl",
            "corrected": "Titel",
            "note": "Typo.",
            "kind": ErratumKind.TYPO,
        },
        lambda e: (_with_erratum(e), None),
    ),
    (
        Source,
        {
            "id": "src",
            "title": "Bron",
            "publisher": "NCTV",
            "note": "Wat.",
            "url": "https://example.org",
            "role": SourceRole.TRANSCRIBED,
            "published": DAY,
            "accessed": DAY,
            "sha256": "0" * 64,
        },
        lambda s: (_strategy(sources=(s,)), None),
    ),
    (
        FocusTheme,
        {
            "id": "FT1",
            "text": Text("Thema"),
            "citation": Citation("Kop"),
            "errata": (Erratum("text.nl", "Tema", "Thema"),),
        },
        lambda f: (_strategy(focus_themes=(f,)), None),
    ),
    (
        Goal,
        {
            "id": "G1",
            "text": Text("Doel"),
            "citation": Citation("Kop"),
            "note": "Hoe.",
            "errata": (),
            "status": GoalStatus.MODELLED,
        },
        lambda g: (_strategy(goals=(g,)), None),
    ),
    (
        Speerpunt,
        {
            "id": "A1",
            "text": Text("Punt"),
            "kinds": frozenset({Kind.INNOVATION}),
            "citation": Citation("Kop"),
            "errata": (),
        },
        lambda sp: (_strategy(areas=(_area(sp),)), None),
    ),
    (
        Area,
        {
            "id": "A",
            "name": Text("Gebied"),
            "description": Text("Omschrijving"),
            "citation": Citation("Kop"),
            "errata": (),
            "speerpunten": (Speerpunt("A1", Text("Punt")),),
        },
        lambda a: (_strategy(areas=(a,)), None),
    ),
    (
        Link,
        {
            "source": "A",
            "target": "G1",
            "type": LinkType.CONTRIBUTES_TO,
            "basis": Basis.DERIVED,
            "rationale": "Omdat.",
            "citation": Citation("Kop"),
            "id": "L1",
            "evidence": (Citation("Kop", quote="Zin."),),
        },
        lambda link: (_strategy(links=(link,)), None),
    ),
    (
        Aim,
        {"text": Text("Doel"), "citation": Citation("Kop")},
        lambda aim: (_strategy(aim=aim), None),
    ),
    (
        Adoption,
        {"date": DAY, "by": "Kabinet", "citation": Citation("Kop")},
        lambda a: (_strategy(adopted=a), None),
    ),
    (
        Strategy,
        {
            "id": "S",
            "title": Text("Titel"),
            "period": Period(2022, 2026),
            "data_version": "1",
            "scope": "Alles.",
            "translation": "Wij.",
            "adopted": Adoption(DAY, "Kabinet"),
            "sources": (Source("src", "Bron"),),
            "introduction": (Text("Inleiding"),),
            "aim": Aim(Text("Doel")),
            "focus_themes": (FocusTheme("FT1", Text("Thema")),),
            "goals": (Goal("G1", Text("Doel")),),
            "areas": (_area(Speerpunt("A1", Text("Punt"))),),
            "links": (
                Link("A", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "Omdat."),
            ),
            "errata": (),
        },
        lambda s: (s, None),
    ),
    (
        Document,
        {"title": "Verslag", "url": "https://example.org"},
        lambda d: (
            _strategy(),
            _overlay(records=(Record("r1", "Werk", ("A1",), documents=(d,)),)),
        ),
    ),
    (
        Indicator,
        {
            "name": "Getraind",
            "unit": "mensen",
            "baseline": 0,
            "target": 10.5,
            "value": 2,
        },
        lambda i: (
            _strategy(),
            _overlay(records=(Record("r1", "Werk", ("A1",), indicators=(i,)),)),
        ),
    ),
    (
        Record,
        {
            "id": "r1",
            "title": "Werk",
            "addresses": ("A1", "G1"),
            "kind": RecordKind.MEASURE,
            "status": Status.ACTIVE,
            "progress": 50,
            "owner": "Team",
            "start": DAY,
            "end": DAY,
            "tags": ("wijk",),
            "notes": "Meer.",
            "documents": (Document("Verslag"),),
            "indicators": (Indicator("Getraind"),),
        },
        lambda r: (_strategy(), _overlay(records=(r,))),
    ),
    (
        Overlay,
        {
            "id": "o",
            "title": "Overlay",
            "strategy": "S",
            "data_version": "1",
            "description": "Wat.",
            "records": (Record("r1", "Werk", addresses=("A1",)),),
        },
        # The strategy the overlay names, in the version it names.
        lambda o: (_strategy(id=o.strategy, data_version=o.data_version), o),
    ),
]

#: Values of the wrong type for most fields, and some of the right type: text
#: for a tuple, lists of wrong items, numbers for text, bools for numbers, text
#: for an enum (a member's value, and not), datetimes and text for dates, None,
#: objects of the other classes, a str subclass.
_FIXED = [
    None,
    "VK",
    "x",
    "",
    "underpins",
    "typo",
    "innovation",
    "nonsense",
    "2022-05-20",
    5,
    0,
    -1,
    2024,
    10**5000,
    True,
    False,
    1.5,
    float("nan"),
    math.inf,
    b"VK",
    ["VK6"],
    [5],
    ["x", 5],
    [None],
    [],
    (),
    ("x",),
    (5,),
    ([],),
    {"A1": 1},
    {"innovation"},
    frozenset({"innovation", Kind.DEVELOPMENT}),
    [Kind.INNOVATION, "development"],
    [["x"]],
    [[1, 2]],
    datetime.datetime(2022, 5, 20, 12, 30),
    datetime.date(2022, 5, 20),
    datetime.date(999, 12, 31),
    Text("x"),
    [Text("x")],
    Period(2020, 2021),
    Citation("Kop"),
    [Citation("Kop")],
    Goal("G2", Text("Doel")),
    [Goal("G2", Text("Doel"))],
    Speerpunt("A2", Text("Punt")),
    Kind.INNOVATION,
    LinkType.ADDRESSES,
    [Erratum("title.nl", "a", "b")],
    Record("r9", "Werk", ("A1",)),
    [Document("d")],
    object(),
]
WRONG = st.one_of(
    st.sampled_from(_FIXED),
    st.text(max_size=6),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.lists(st.one_of(st.text(max_size=4), st.integers(), st.none()), max_size=3),
    st.tuples(st.one_of(st.text(max_size=4), st.integers())),
    st.frozensets(st.sampled_from(["innovation", "x", "VK6"]), max_size=2),
)


#: Valid objects of each class that a field may hold.
_OBJECTS: dict[type, list[Any]] = {
    Text: [Text("Titel"), Text("x", "y")],
    Period: [Period(2022, 2026)],
    Citation: [
        Citation("Kop"),
        Citation("Kop", document="src"),
        Citation("K", document="x"),
    ],
    Erratum: [Erratum("title.nl", "Titl", "Titel"), Erratum("text.nl", "a", "b")],
    Source: [Source("src", "Bron"), Source("s2", "Bron")],
    FocusTheme: [FocusTheme("FT1", Text("Thema"))],
    Goal: [Goal("G1", Text("Doel")), Goal("G2", Text("Doel"))],
    Speerpunt: [Speerpunt("A1", Text("Punt")), Speerpunt("A2", Text("Punt"))],
    Area: [_area(Speerpunt("A1", Text("Punt")))],
    Link: [Link("A", "G1", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "Omdat.")],
    Aim: [Aim(Text("Doel"))],
    Adoption: [Adoption(DAY, "Kabinet")],
    Document: [Document("Verslag")],
    Indicator: [Indicator("Getraind", value=1)],
    Record: [Record("r1", "Werk", ("A1",)), Record("r2", "Werk", ("G9",))],
}


def _near(holds: Any) -> st.SearchStrategy[Any]:
    """Values of the type a field holds, or that are made it; valid or not."""
    from ncts._fields import DATE, INT, NUMBER, STR, HoldsItems, HoldsMember

    if holds is STR:
        return st.sampled_from(["VK6", "G1", "A1", "src", "title.nl", "x y", "1"])
    if holds is DATE:
        return st.dates()
    if holds is INT:
        return st.integers(-5, 10_100)
    if holds is NUMBER:
        return st.one_of(st.integers(), st.floats())
    if isinstance(holds, HoldsMember):
        members = list(holds.enum_type)
        return st.sampled_from(members + [m.value for m in members] + ["nee"])
    if isinstance(holds, HoldsItems):
        return st.lists(_near(holds.item), max_size=2)
    return st.sampled_from(_OBJECTS[holds.classes[0]])


def _check_refusal(exc: Exception, cls: type, name: str) -> None:
    """A refusal is ncts's: a TypeError naming the class and field, or a ValidationError."""
    if isinstance(exc, ValidationError):
        assert exc.problems
        return
    message = str(exc)
    assert message.startswith(f"{cls.__name__}.{name}"), message
    assert " must be " in message, message
    assert ", not " in message, message


def _displays(*objects: object) -> None:
    for obj in objects:
        assert repr(obj)
        assert str(obj)
        html = getattr(obj, "_repr_html_", None)
        if html is not None:
            assert "<table" in html()


def _round_trips(obj: Any, embed: Embed) -> str:
    """The object, in a strategy (and an overlay), survives every way out and back.

    Return what happened, for Hypothesis's statistics.
    """
    try:
        strategy, overlay = embed(obj)
        if overlay is not None:
            ncts.resolve(overlay, strategy)
    except ValidationError:  # it does not fit this strategy (a reference, say)
        return "built; its strategy refused it"
    for fmt in ("yaml", "json"):
        assert ncts.loads(ncts.dumps(strategy, fmt), fmt) == strategy
        if overlay is not None:
            text = ncts.dumps(overlay, fmt)
            assert ncts.loads_overlay(text, fmt, strategy) == overlay
    graph = ncts.to_graph(strategy, [overlay] if overlay is not None else [])
    assert ncts.from_graph(ncts.to_graph(strategy)) == strategy
    assert strategy.id in graph
    assert all(sp.id in graph for sp in strategy.speerpunten)
    _displays(obj, strategy, *([overlay] if overlay is not None else []))
    assert hash(obj) == hash(attrs.evolve(obj))
    assert obj == attrs.evolve(obj)
    return "built, and round-tripped"


@given(st.sampled_from(CASES), st.data())
def test_a_wrong_field_is_refused_or_round_trips(
    case: tuple[type, dict[str, Any], Embed], data: st.DataObject
) -> None:
    """A field of another type raises TypeError or ValidationError, or round-trips.

    Half the values are of the field's type (or made it: a list for a tuple),
    valid or not, the other half of any type. With the "dev" and "ci" profiles
    about half the examples are refused, a third build and round-trip, and the
    rest build but their strategy refuses them (an unknown reference, say).
    """
    cls, kwargs, embed = case
    name = data.draw(st.sampled_from(sorted(kwargs)), label="field")
    holds = attrs.fields_dict(cls)[name].metadata["holds"]
    near = data.draw(st.booleans(), label="of the field's type")
    value = data.draw(_near(holds) if near else WRONG, label="value")
    try:
        obj = cls(**{**kwargs, name: value})
    except (TypeError, ValidationError) as exc:
        event("refused")
        _check_refusal(exc, cls, name)
        return
    event(_round_trips(obj, embed))


@pytest.mark.parametrize(("cls", "kwargs", "embed"), CASES, ids=lambda c: "")
def test_the_valid_arguments_round_trip(
    cls: type, kwargs: dict[str, Any], embed: Embed
) -> None:
    """The property's starting point is valid and reaches every check of the round trip."""
    obj = cls(**kwargs)
    embed(obj)  # valid: a ValidationError here fails the test
    assert _round_trips(obj, embed) == "built, and round-tripped"


#: For each kind of field, a wrong type, and the words its TypeError uses.
_WRONG_TYPES: list[tuple[str, object, str]] = [
    ("text", 5, "must be a str, not int: 5"),
    ("text", Kind.INNOVATION, "must be a str, not Kind"),
    ("text", None, "must be a str, not None"),
    ("tuple", "VK", "must be a tuple (or list) of"),
    ("tuple", [5], "[0] must be "),
    ("enum", 5, "(or its value as text), not int: 5"),
    (
        "date",
        datetime.datetime(2022, 5, 20, 12),
        "must be a datetime.date, not datetime",
    ),
    ("date", "2022-05-20", "must be a datetime.date, not str"),
    ("int", True, "must be an int, not bool: True"),
    ("int", "50", "must be an int, not str"),
    ("number", True, "must be an int or a float, not bool"),
    ("object", "x", ", not str: 'x'"),
]


def _kind_of(holds: Any) -> str:
    from ncts._fields import DATE, INT, NUMBER, STR, HoldsItems, HoldsMember

    if holds is STR:
        return "text"
    if isinstance(holds, HoldsItems):
        return "tuple" if holds.exact is tuple else "set"
    if isinstance(holds, HoldsMember):
        return "enum"
    return {id(DATE): "date", id(INT): "int", id(NUMBER): "number"}.get(
        id(holds), "object"
    )


def test_every_field_of_every_class_names_itself_in_its_type_error() -> None:
    """Each field of each public class refuses each wrong type it can be given."""
    tried = 0
    for cls, kwargs, _ in CASES:
        for field in attrs.fields(cls):
            if not field.init:
                continue
            kind = _kind_of(field.metadata["holds"])
            for of_kind, value, words in _WRONG_TYPES:
                if of_kind != kind or (value is None and field.default is None):
                    continue
                with pytest.raises(TypeError) as info:
                    cls(**{**kwargs, field.name: value})
                message = str(info.value)
                assert message.startswith(f"{cls.__name__}.{field.name}"), message
                assert words in message, message
                tried += 1
    assert tried > 150  # every class and field, not a few


class TestTheReviewsProbes:
    """The probes of the code review's H2: each failed before (see the report)."""

    def test_a_str_is_not_a_tuple_of_its_characters(self) -> None:
        """Record("r", "R", addresses="VK") was ('V', 'K'), silently."""
        with pytest.raises(TypeError, match=r"^Record\.addresses must be a tuple"):
            Record("r", "R", addresses="VK")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Record\.tags must be .* not str: 'ab'"):
            Record("r", "R", addresses=("VK6",), tags="ab")  # type: ignore[arg-type]
        assert Record("r", "R", addresses=["VK6"], tags=["ab"]).tags == ("ab",)  # type: ignore[arg-type]

    def test_a_strategy_of_texts_is_refused(self) -> None:
        """introduction="abc" built, then dumps raised a bare AttributeError."""
        with pytest.raises(TypeError, match=r"^Strategy\.introduction must be"):
            _strategy(introduction="abc")
        with pytest.raises(TypeError, match=r"^Strategy\.goals\[0\] must be a Goal"):
            _strategy(goals=("x",))

    def test_a_link_takes_its_type_and_basis_as_text(self) -> None:
        """Link(..., "contributes_to", "derived", ...).key was a bare AttributeError."""
        link = Link("A", "G1", "contributes_to", "derived", "r")  # type: ignore[arg-type]
        assert link.type is LinkType.CONTRIBUTES_TO
        assert link.basis is Basis.DERIVED
        assert link.key == ("A", "G1", "contributes_to")
        with pytest.raises(ValidationError, match="'contributes' is not one of"):
            Link("A", "G1", "contributes", "derived", "r")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Link\.basis must be a Basis"):
            Link("A", "G1", "contributes_to", 1, "r")  # type: ignore[arg-type]

    def test_area_of_a_number(self, strategy: Strategy) -> None:
        """strategy.area_of(5) was a bare AttributeError: now the rule for a wrong
        argument type, a TypeError naming the argument."""
        with pytest.raises(
            TypeError, match=r"^speerpunt must be str or Speerpunt, not int$"
        ):
            strategy.area_of(5)  # type: ignore[arg-type]

    def test_a_date_is_a_date_from_the_year_1000(self) -> None:
        """A datetime, a text and a year before 1000 are refused: none loads back."""
        with pytest.raises(TypeError, match=r"^Source\.published must be a datetime"):
            Source("s", "S", published=datetime.datetime(2022, 5, 20, 12))
        with pytest.raises(TypeError, match=r"^Adoption\.date must be a datetime"):
            Adoption("2022-05-20", "Kabinet")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="from the year 1000"):
            Record("r", "R", ("A1",), start=datetime.date(999, 12, 31))


class TestResults:
    """The results of the analysis check their fields too."""

    def test_coverage(self) -> None:
        m = Coverage("area", "goal", ("A",), ("G1", "G2"), [[1, 0]])
        assert m.matrix == ((1, 0),)
        assert m.cells == {"A": {"G1": 1, "G2": 0}}
        with pytest.raises(TypeError, match=r"^Coverage\.rows must be a tuple"):
            Coverage("area", "goal", "AB", ("G1",), [[1], [0]])  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=r"^Coverage\.matrix\[0\]\[1\] must be an int"
        ):
            Coverage("area", "goal", ("A",), ("G1", "G2"), [[1, True]])
        with pytest.raises(TypeError, match=r"^Coverage\.stated_only must be a bool"):
            Coverage("area", "goal", ("A",), (), [()], 1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must have 1 rows of 2 counts"):
            Coverage("area", "goal", ("A",), ("G1", "G2"), [[1]])

    def test_ranking(self) -> None:
        r = Ranking("degree", [["A", 0.5], ("B", 0)])  # type: ignore[list-item]
        assert r.pairs == (("A", 0.5), ("B", 0))
        with pytest.raises(
            TypeError, match=r"^Ranking\.pairs\[0\] must be an \(id, score\)"
        ):
            Ranking("degree", ["AB"])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'x' is not a measure"):
            Ranking("x", ())

    def test_mappings(self) -> None:
        assert Gaps({"goal": ["G1"]})["goal"] == ("G1",)  # type: ignore[arg-type]
        assert Work([("G1", ("r",))]) == {"G1": ("r",)}
        assert Counts({"kinds": {"innovation": 2}})["kinds"] == {"innovation": 2}
        with pytest.raises(
            TypeError, match=r"^Gaps\['goal'\] must be a tuple .* not str"
        ):
            Gaps({"goal": "G1"})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Work keys must be str, not int"):
            Work({5: ()})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^Gaps takes a mapping or \(key, value\)"):
            Gaps("goal")  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=r"^Counts\['kinds'\]\['x'\] must be an int"
        ):
            Counts({"kinds": {"x": True}})
        with pytest.raises(TypeError, match=r"^Counts\['kinds'\] must be a Mapping"):
            Counts({"kinds": 5})  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="given twice"):
            Gaps([("goal", ()), ("goal", ())])


class TestLoadingPaysOnce:
    """Loading builds objects through the same classes, and does not pay twice."""

    def test_the_loader_skips_the_checks_it_made(self) -> None:
        """While the loader builds objects, no field's rule runs a second time."""
        from ncts import _fields

        strategy = _strategy()  # every class of it has its plan of checks now
        text = ncts.dumps(strategy)
        plans = dict(_fields._PLANS)
        ran: list[object] = []
        for cls, plan in plans.items():
            _fields._PLANS[cls] = tuple(
                (*step[:6], _counting(step[6], ran), step[7]) for step in plan
            )
        try:
            assert ncts.loads(text) == strategy
            assert ran == []  # the loader checked each value itself
            Text("Titel")
            assert ran == ["Titel"]  # outside the loader, the rules run
        finally:
            _fields._PLANS.clear()
            _fields._PLANS.update(plans)

    def test_a_second_load_makes_no_new_hooks(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The converter's hooks are made once: a later load reuses them all.

        (Registering an enum's hook on every load emptied the converter's cache,
        so that each load of a small document made every hook again.)
        """
        from cattrs.gen import make_dict_structure_fn as real

        from ncts import _convert

        strategy, overlay = _strategy(), _overlay()
        text, overlay_text = ncts.dumps(strategy), ncts.dumps(overlay)
        ncts.loads_overlay(overlay_text, strategy=ncts.loads(text))
        made: list[type] = []

        def counting(cls: type, *args: Any, **kwargs: Any) -> Any:
            made.append(cls)
            return real(cls, *args, **kwargs)

        monkeypatch.setattr(_convert, "make_dict_structure_fn", counting)
        for _ in range(2):
            assert (
                ncts.loads_overlay(overlay_text, strategy=ncts.loads(text)) == overlay
            )
        assert made == []


def _counting(
    check: Callable[[object], str | None] | None, calls: list[object]
) -> Callable[[object], str | None] | None:
    if check is None:
        return None

    def count(value: object) -> str | None:
        calls.append(value)
        return check(value)

    return count

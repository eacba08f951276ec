"""Hypothesis strategies that build arbitrary valid strategies, for your own tests.

Needs Hypothesis (``pip install ncts[testing]``). Every object these strategies
build is valid: it constructs without error, and it survives ``dumps``/``loads``
unchanged.

Examples
--------
>>> import ncts
>>> from hypothesis import given, settings
>>> from ncts.testing import strategies
>>> @settings(max_examples=20, database=None)
... @given(strategies())
... def round_trips(strategy):
...     assert ncts.loads(ncts.dumps(strategy)) == strategy
>>> round_trips()
"""

from __future__ import annotations

import datetime
import functools
import string
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ncts.testing needs Hypothesis: pip install 'ncts[testing]'"
    ) from exc

from ._model import (
    LINK_ENDPOINTS,
    MAX_ID_LENGTH,
    Adoption,
    Aim,
    Area,
    Basis,
    Citation,
    Erratum,
    ErratumKind,
    FocusTheme,
    Goal,
    GoalStatus,
    Kind,
    Link,
    LinkType,
    Period,
    Source,
    SourceRole,
    Speerpunt,
    Strategy,
    Text,
    text_problem,
)

__all__ = ["ids", "strategies", "text_values", "texts"]

_ALNUM = string.ascii_letters + string.digits


def _ids(head: int, part: int, parts: int) -> st.SearchStrategy[str]:
    first = st.builds(
        str.__add__,
        st.sampled_from(string.ascii_letters),
        st.text(_ALNUM, max_size=head),
    )
    rest = st.lists(
        st.tuples(st.sampled_from("-_."), st.text(_ALNUM, min_size=1, max_size=part)),
        max_size=parts,
    )
    return st.builds(
        lambda head, tail: (head + "".join(sep + part for sep, part in tail))[
            :MAX_ID_LENGTH
        ],
        first,
        rest,
    ).filter(lambda value: value[-1] not in "-_.")


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Generate valid IDs: ASCII letters and digits in parts joined by ``-``, ``_`` or ``.``.

    Mostly short IDs, and now and then long ones, up to the limit of 64
    characters (longer drafts are cut there).

    >>> from hypothesis import given, settings
    >>> from ncts._model import MAX_ID_LENGTH, id_problem
    >>> seen = set()
    >>> @settings(max_examples=200, database=None, derandomize=True)
    ... @given(ids())
    ... def valid(value):
    ...     assert id_problem(value) is None
    ...     seen.add(len(value))
    >>> valid()
    >>> max(seen) == MAX_ID_LENGTH, min(seen)
    (True, 1)
    """
    return _ids(5, 4, 2) | _ids(40, 20, 4)


@functools.cache
def text_values() -> st.SearchStrategy[str]:
    """Any text the schema accepts: Unicode with at least one visible character.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=50, database=None)
    ... @given(text_values())
    ... def not_blank(value):
    ...     assert value.strip()
    >>> not_blank()
    """
    alphabet = st.characters(exclude_categories=["Cs"])
    return st.text(alphabet, min_size=1, max_size=40).filter(_valid_text)


def _valid_text(value: str) -> bool:
    return text_problem(value) is None


@functools.cache
def texts() -> st.SearchStrategy[Text]:
    """Bilingual texts: Dutch always, English sometimes.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(texts())
    ... def has_dutch(text):
    ...     assert text.nl.strip()
    >>> has_dutch()
    """
    return st.builds(
        Text,
        nl=text_values(),
        en=st.none() | text_values(),
        note=st.none() | st.none() | text_values(),
    )


@functools.cache
def _maybe_text() -> st.SearchStrategy[str | None]:
    return st.none() | text_values()


@st.composite
def _citation(draw: st.DrawFn, sources: list[str]) -> Citation | None:
    if not sources or draw(st.booleans()):
        return None
    document = draw(st.none() | st.sampled_from(sources))
    quote = draw(_maybe_text())
    return Citation(section=draw(text_values()), quote=quote, document=document)


@st.composite
def _errata(draw: st.DrawFn, field: str, value: str) -> tuple[Erratum, ...]:
    if not draw(st.booleans()):
        return ()
    start = draw(st.integers(0, len(value) - 1))
    end = draw(st.integers(start + 1, len(value)))
    part = value[start:end]
    if not _valid_text(part):
        return ()
    note = draw(_maybe_text())
    if draw(st.integers(0, 3)) == 0:
        # A noted irregularity: the record keeps the text the erratum quotes.
        return (Erratum(field, part, note=note, kind=ErratumKind.NOTED),)
    original = draw(text_values())
    if original == part:
        return ()
    kind = draw(st.sampled_from([None, ErratumKind.TYPO, ErratumKind.EXTRACTION]))
    return (Erratum(field, original, corrected=part, note=note, kind=kind),)


@functools.cache
def _dates() -> st.SearchStrategy[datetime.date]:
    return st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))


@st.composite
def strategies(
    draw: st.DrawFn,
    *,
    max_areas: int = 4,
    max_speerpunten: int = 4,
    max_goals: int = 4,
    max_focus_themes: int = 3,
    max_links: int = 8,
) -> Strategy:
    """Arbitrary valid strategies, with every kind of element, link and erratum.

    IDs are unique across the strategy (ignoring case), links join elements of
    the types their link type allows, and errata correct text that is there.

    Use it to test your own code on strategies the real data may not contain yet:

    >>> import ncts
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(strategies(max_areas=2))
    ... def survives_yaml(strategy):
    ...     assert ncts.loads(ncts.dumps(strategy)) == strategy
    >>> survives_yaml()
    """
    n_sources = draw(st.integers(0, 2))
    n_themes = draw(st.integers(0, max_focus_themes))
    n_goals = draw(st.integers(0, max_goals))
    per_area = draw(
        st.lists(st.integers(0, max_speerpunten), min_size=0, max_size=max_areas)
    )
    total = 1 + n_sources + n_themes + n_goals + len(per_area) + sum(per_area)
    total += max_links  # links may have IDs of their own, unique among all
    pool = iter(
        draw(st.lists(ids(), min_size=total, max_size=total, unique_by=str.casefold))
    )

    strategy_id = next(pool)
    sources = [
        Source(
            id=next(pool),
            title=draw(text_values()),
            publisher=draw(_maybe_text()),
            note=draw(_maybe_text()),
            url=draw(_maybe_text()),
            role=draw(st.none() | st.sampled_from(SourceRole)),
            published=draw(st.none() | _dates()),
            accessed=draw(st.none() | _dates()),
            sha256=draw(
                st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)
            ),
        )
        for _ in range(n_sources)
    ]
    source_ids = [s.id for s in sources]

    def errata_of(field: str, text: Text) -> tuple[Erratum, ...]:
        # An erratum may correct the Dutch or the English of a text.
        if text.en is not None and draw(st.booleans()):
            return draw(_errata(f"{field}.en", text.en))
        return draw(_errata(f"{field}.nl", text.nl))

    def record_text() -> tuple[Text, Citation | None, tuple[Erratum, ...]]:
        text = draw(texts())
        return text, draw(_citation(source_ids)), errata_of("text", text)

    themes = []
    for _ in range(n_themes):
        text, citation, errata = record_text()
        themes.append(FocusTheme(next(pool), text, citation, errata))
    goals = []
    for _ in range(n_goals):
        text, citation, errata = record_text()
        note = draw(_maybe_text())
        status = draw(st.none() | st.sampled_from(GoalStatus))
        goals.append(Goal(next(pool), text, citation, note, errata, status))
    areas = []
    for count in per_area:
        area_id = next(pool)
        speerpunten = []
        for _ in range(count):
            text, citation, errata = record_text()
            kinds = draw(st.frozensets(st.sampled_from(Kind)))
            speerpunten.append(Speerpunt(next(pool), text, kinds, citation, errata))
        name, description = draw(texts()), draw(texts())
        field, text = draw(
            st.sampled_from([("name", name), ("description", description)])
        )
        areas.append(
            Area(
                id=area_id,
                name=name,
                description=description,
                citation=draw(_citation(source_ids)),
                errata=errata_of(field, text),
                speerpunten=tuple(speerpunten),
            )
        )

    by_type: dict[str, list[str]] = {
        "goal": [g.id for g in goals],
        "focus_theme": [t.id for t in themes],
        "area": [a.id for a in areas],
        "speerpunt": [sp.id for a in areas for sp in a.speerpunten],
    }
    links: dict[tuple[str, str, str], Link] = {}
    for _ in range(draw(st.integers(0, max_links))):
        link_type = draw(st.sampled_from(LinkType))
        allowed_from, allowed_to = LINK_ENDPOINTS[link_type]
        starts = [i for t in sorted(allowed_from) for i in by_type[t]]
        ends = [i for t in sorted(allowed_to) for i in by_type[t]]
        if not starts or not ends:
            continue
        source, target = draw(st.sampled_from(starts)), draw(st.sampled_from(ends))
        if source == target:
            continue
        evidence = draw(st.lists(_citation(source_ids), max_size=2))
        link = Link(
            source=source,
            target=target,
            type=link_type,
            basis=draw(st.sampled_from(Basis)),
            rationale=draw(text_values()),
            citation=draw(_citation(source_ids)),
            id=next(pool) if draw(st.booleans()) else None,
            evidence=tuple(c for c in evidence if c is not None),
        )
        links.setdefault(link.key, link)

    introduction = draw(st.lists(texts(), max_size=2))
    title = draw(texts())
    # The strategy's own errata: on its title or on any paragraph of the introduction.
    texts_of = [("title", title)] + [
        (f"introduction[{i}]", paragraph) for i, paragraph in enumerate(introduction)
    ]
    field, text = draw(st.sampled_from(texts_of))
    start = draw(st.integers(1900, 2100))
    kwargs: dict[str, Any] = {
        "id": strategy_id,
        "title": title,
        "period": Period(start, draw(st.integers(start, 2100))),
        "data_version": draw(text_values()),
        "scope": draw(_maybe_text()),
        "translation": draw(_maybe_text()),
        "adopted": draw(
            st.none()
            | st.builds(
                Adoption, _dates(), text_values(), st.just(draw(_citation(source_ids)))
            )
        ),
        "aim": draw(
            st.none() | st.builds(Aim, texts(), st.just(draw(_citation(source_ids))))
        ),
        "sources": tuple(sources),
        "introduction": tuple(introduction),
        "focus_themes": tuple(themes),
        "goals": tuple(goals),
        "areas": tuple(areas),
        "links": tuple(links.values()),
        "errata": errata_of(field, text),
    }
    return Strategy(**kwargs)

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
    Area,
    Basis,
    Citation,
    Erratum,
    FocusTheme,
    Goal,
    Kind,
    Link,
    LinkType,
    Period,
    Source,
    Speerpunt,
    Strategy,
    Text,
    text_problem,
)

__all__ = ["ids", "strategies", "text_values", "texts"]

_ALNUM = string.ascii_letters + string.digits


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Generate valid IDs: ASCII letters and digits in parts joined by ``-``, ``_`` or ``.``.

    >>> from hypothesis import given, settings
    >>> from ncts._model import id_problem
    >>> @settings(max_examples=50, database=None)
    ... @given(ids())
    ... def valid(value):
    ...     assert id_problem(value) is None
    >>> valid()
    """
    first = st.builds(
        str.__add__,
        st.sampled_from(string.ascii_letters),
        st.text(_ALNUM, max_size=5),
    )
    rest = st.lists(
        st.tuples(st.sampled_from("-_."), st.text(_ALNUM, min_size=1, max_size=4)),
        max_size=2,
    )
    return st.builds(
        lambda head, tail: (head + "".join(sep + part for sep, part in tail))[
            :MAX_ID_LENGTH
        ],
        first,
        rest,
    ).filter(lambda value: value[-1] not in "-_.")


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
    return st.builds(Text, nl=text_values(), en=st.none() | text_values())


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
    corrected = value[start:end]
    if not _valid_text(corrected):
        return ()
    original = draw(text_values())
    if original == corrected:
        return ()
    note = draw(_maybe_text())
    return (Erratum(field=field, original=original, corrected=corrected, note=note),)


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

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(strategies(max_areas=2))
    ... def small(strategy):
    ...     assert len(strategy.areas) <= 2
    >>> small()
    """
    n_sources = draw(st.integers(0, 2))
    n_themes = draw(st.integers(0, max_focus_themes))
    n_goals = draw(st.integers(0, max_goals))
    per_area = draw(
        st.lists(st.integers(0, max_speerpunten), min_size=0, max_size=max_areas)
    )
    total = 1 + n_sources + n_themes + n_goals + len(per_area) + sum(per_area)
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
        )
        for _ in range(n_sources)
    ]
    source_ids = [s.id for s in sources]

    def record_text() -> tuple[Text, Citation | None, tuple[Erratum, ...]]:
        text = draw(texts())
        return text, draw(_citation(source_ids)), draw(_errata("text.nl", text.nl))

    themes = []
    for _ in range(n_themes):
        text, citation, errata = record_text()
        themes.append(FocusTheme(next(pool), text, citation, errata))
    goals = []
    for _ in range(n_goals):
        text, citation, errata = record_text()
        note = draw(_maybe_text())
        goals.append(Goal(next(pool), text, citation, note, errata))
    areas = []
    for count in per_area:
        area_id = next(pool)
        speerpunten = []
        for _ in range(count):
            text, citation, errata = record_text()
            kinds = draw(st.frozensets(st.sampled_from(Kind)))
            speerpunten.append(Speerpunt(next(pool), text, kinds, citation, errata))
        name = draw(texts())
        areas.append(
            Area(
                id=area_id,
                name=name,
                description=draw(texts()),
                citation=draw(_citation(source_ids)),
                errata=draw(_errata("name.nl", name.nl)),
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
        link = Link(
            source=source,
            target=target,
            type=link_type,
            basis=draw(st.sampled_from(Basis)),
            rationale=draw(text_values()),
            citation=draw(_citation(source_ids)),
        )
        links.setdefault(link.key, link)

    introduction = draw(st.lists(texts(), max_size=2))
    intro_errata: tuple[Erratum, ...] = ()
    if introduction:
        intro_errata = draw(_errata("introduction[0].nl", introduction[0].nl))
    start = draw(st.integers(1900, 2100))
    kwargs: dict[str, Any] = {
        "id": strategy_id,
        "title": draw(texts()),
        "period": Period(start, draw(st.integers(start, 2100))),
        "data_version": draw(text_values()),
        "sources": tuple(sources),
        "introduction": tuple(introduction),
        "focus_themes": tuple(themes),
        "goals": tuple(goals),
        "areas": tuple(areas),
        "links": tuple(links.values()),
        "errata": intro_errata,
    }
    return Strategy(**kwargs)

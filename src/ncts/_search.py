"""Searching every text of a strategy, in Dutch and English.

Matching ignores case and accents ("financiele" finds "financiële"), ignores
hyphens and apostrophes ("reintegratie" finds "re-integratie"), and strips common
Dutch and English word endings, so that "re-integreren", "reintegratie" and
"reintegration" meet.

What a query may cost is bounded: at most :data:`MAX_QUERY_LENGTH` characters
(checked before anything else is done with it, so normalising cannot blow it up:
a character grows to at most 18 when accents are split off), at most
:data:`MAX_QUERY_WORDS` different words, and a word repeated counts once.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

import attrs

from ._checks import check_type
from ._gc import LARGE_STRATEGY, gc_paused
from ._model import Element, Strategy, Text

__all__ = ["MAX_QUERY_LENGTH", "MAX_QUERY_WORDS", "SearchHit", "search"]

#: The longest query, in characters. A query is a few words, not a document.
MAX_QUERY_LENGTH = 1000
#: The most different words a query may have (a word repeated counts once). Every
#: word must match, so a longer query finds nothing anyway.
MAX_QUERY_WORDS = 50

# Longest first. A suffix is stripped only if at least four letters remain.
_SUFFIXES = (
    "aties", "atie", "ations", "ation", "eringen", "ering", "erend", "eren",
    "ingen", "ing", "heden", "heid", "ities", "ity", "ties", "tie", "ions", "ion",
    "ies", "en", "es", "e", "s",
)  # fmt: skip
_DROP = frozenset("-'’‐‑")
_WEIGHTS = {"text": 1.0, "name": 1.0, "title": 1.0, "description": 0.8}


@attrs.frozen
class SearchHit:
    """One match: the element, the field and language it is in, and a snippet.

    Examples
    --------
    >>> import ncts
    >>> hit = ncts.search(ncts.load(), "reintegratie")[1]
    >>> hit.element.id, hit.field, hit.lang
    ('VV4', 'text.nl', 'nl')
    """

    element: Element
    field: str
    lang: str
    snippet: str
    score: float


def _normalise(text: str) -> tuple[str, list[int]]:
    """Casefold, drop accents, hyphens and apostrophes; map each char back."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char in _DROP:
            continue
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if unicodedata.combining(part):
                continue
            out.append(part if part.isalnum() else " ")
            where.append(i)
    return "".join(out), where


_DROP_TABLE = dict.fromkeys(map(ord, _DROP))
_NOT_ALNUM = re.compile(r"[\W_]")


def _normal(text: str) -> str:
    """Return what :func:`_normalise` returns, without the map: fast, for indexing."""
    folded = text.translate(_DROP_TABLE).casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", folded)


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """:func:`stem`, remembered: a strategy repeats its words many times."""
    return stem(word)


def stem(word: str) -> str:
    """Strip a common Dutch or English ending from a normalised word.

    >>> [stem(w) for w in ("reintegratie", "reintegreren", "reintegration")]
    ['reintegr', 'reintegr', 'reintegr']
    >>> stem("financiele")
    'financiel'
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@attrs.frozen
class _Field:
    element: Element
    field: str
    lang: str
    text: str
    normal: str
    tokens: tuple[tuple[str, str], ...] = attrs.field(eq=False, hash=False)
    weight: float


_WORD = re.compile(r"\S+")


def _tokens(normal: str) -> tuple[tuple[str, str], ...]:
    """Return the words of a normalised text, each with its stem."""
    return tuple([(word, _stem(word)) for word in normal.split()])


def _position(normal: str, token: int) -> int:
    """Return where the word numbered *token* (from 0) starts in *normal*."""
    match = next(itertools.islice(_WORD.finditer(normal), token, None), None)
    return match.start() if match else 0


def _texts(element: Element) -> Iterator[tuple[str, Text | str]]:
    for name in ("title", "name", "text", "description"):
        value = getattr(element, name, None)
        if isinstance(value, Text):
            yield name, value
    for i, paragraph in enumerate(getattr(element, "introduction", ())):
        yield f"introduction[{i}]", paragraph
    note = getattr(element, "note", None)
    if isinstance(note, str) and element.element_type != "source":
        yield "note", note


@attrs.frozen
class _Index:
    """The searchable fields of a strategy, and which fields hold each word.

    ``words`` and ``stems`` map each word (and each stem) to the positions in
    ``fields`` of the fields that hold it; their sorted keys find every word that
    starts with a query word by bisection, so a query looks at the fields that can
    match instead of every field.
    """

    fields: list[_Field]
    words: dict[str, set[int]]
    stems: dict[str, set[int]]
    sorted_words: list[str]
    sorted_stems: list[str]

    def candidates(self, word: str, word_stem: str) -> set[int]:
        """Return the fields with a word starting with *word* or a stem with *word_stem*."""
        found: set[int] = set()
        for keys, table, prefix in (
            (self.sorted_words, self.words, word),
            (self.sorted_stems, self.stems, word_stem),
        ):
            start = bisect.bisect_left(keys, prefix)
            for key in itertools.islice(keys, start, None):
                if not key.startswith(prefix):
                    break
                found |= table[key]
        return found


def _index(strategy: Strategy) -> _Index:
    index: _Index | None = strategy._derived.get("search")
    if index is None:
        with gc_paused(len(strategy.speerpunten) >= LARGE_STRATEGY):
            index = _build_index(strategy)
        strategy._derived["search"] = index
    return index


def _build_index(strategy: Strategy) -> _Index:
    """Index every text of the strategy but its sources' titles."""
    fields = []
    for element in strategy.elements():
        if element.element_type == "source":
            continue
        for name, value in _texts(element):
            weight = _WEIGHTS.get(name.split("[")[0], 0.5)
            versions = (
                [("nl", value.nl), ("en", value.en)]
                if isinstance(value, Text)
                else [("en", value)]
            )
            for lang, text in versions:
                if text is None:
                    continue
                normal = _normal(text)
                path = f"{name}.{lang}" if isinstance(value, Text) else name
                fields.append(
                    _Field(
                        element,
                        path,
                        lang,
                        text,
                        normal,
                        _tokens(normal),
                        weight,
                    )
                )
    words: dict[str, set[int]] = {}
    stems: dict[str, set[int]] = {}
    for i, field in enumerate(fields):
        for word, word_stem in set(field.tokens):
            words.setdefault(word, set()).add(i)
            stems.setdefault(word_stem, set()).add(i)
    return _Index(fields, words, stems, sorted(words), sorted(stems))


def _snippet(field: _Field, position: int, width: int = 40) -> str:
    if field.text.isascii() and not _DROP.intersection(field.text):
        at = position  # normalising kept every character in its place
    else:
        normal, where = _normalise(field.text)  # the map back, for this hit only
        at = where[position] if normal == field.normal and position < len(where) else 0
    start, end = max(0, at - width), min(len(field.text), at + width)
    while start > 0 and not field.text[start - 1].isspace():
        start -= 1
    while end < len(field.text) and not field.text[end].isspace():
        end += 1
    text = " ".join(field.text[start:end].split())
    return ("…" if start > 0 else "") + text + ("…" if end < len(field.text) else "")


def _score(
    field: _Field, words: tuple[tuple[str, str], ...]
) -> tuple[float, int] | None:
    """Score a field against the query's words, and say which word matched first.

    Every word must match a word of the field: the same word scores 3, the same
    stem 2, a word or stem that starts with it 1. None if a word does not match.
    """
    score = 0.0
    first: int | None = None
    for word, word_stem in words:
        best, at = 0.0, None
        for position, (token, token_stem) in enumerate(field.tokens):
            if token == word:
                value = 3.0
            elif token_stem == word_stem:
                value = 2.0
            elif token_stem.startswith(word_stem) or token.startswith(word):
                value = 1.0
            else:
                continue
            if value > best:
                best, at = value, position
        if at is None:
            return None
        score += best
        first = at if first is None else min(first, at)
    assert first is not None
    return score, first


def _query_words(query: str) -> tuple[tuple[str, str], ...]:
    """Normalise a query into its different words, each with its stem, in order.

    The length is checked before the query is normalised, and the words after.
    """
    from ._query import QueryError

    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(query):,} characters long, more than the "
            f"{MAX_QUERY_LENGTH:,} a query may have: search for a few words"
        )
    words = tuple(dict.fromkeys(_tokens(_normal(query))))
    if len(words) > MAX_QUERY_WORDS:
        raise QueryError(
            f"the query has {len(words):,} different words, more than the "
            f"{MAX_QUERY_WORDS} a query may have: every word must match, so search "
            "for fewer"
        )
    return words


def search(
    strategy: Strategy, query: str, *, lang: Literal["nl", "en"] | None = None
) -> tuple[SearchHit, ...]:
    """Search every text of a strategy, in Dutch and English; best matches first.

    Case, accents, hyphens and apostrophes do not matter, and common Dutch and
    English word endings are stripped, so "reintegratie", "re-integreren" and
    "reintegration" all find the reintegration speerpunt. Every word of the query
    must match a word of the text, as the same word, the same stem, or the start of
    a word; a word repeated counts once. A query may have at most 1,000 characters
    and 50 different words: a longer one is a :class:`~ncts.QueryError`.

    Parameters
    ----------
    strategy : Strategy
        The strategy to search.
    query : str
        One or more words.
    lang : {"nl", "en"}, optional
        Search one language only; both when omitted.

    Returns
    -------
    tuple of SearchHit
        Each with the element, the field (``text.nl``), the language, a snippet
        around the match and a score, best first. :func:`~ncts.to_dataframe`
        makes a table of them.

    Examples
    --------
    >>> import ncts
    >>> hits = ncts.search(ncts.load(), "reintegratie")
    >>> [(h.element.id, h.field) for h in hits][:3]
    [('FT3', 'text.nl'), ('VV4', 'text.nl'), ('VV', 'description.nl')]
    >>> ncts.search(ncts.load(), "financiele stromen")[0].snippet
    'Reisbewegingen en financiële stromen detecteren en verstoren'
    >>> [h.element.id for h in ncts.search(ncts.load(), "re-integreren", lang="nl")][:2]
    ['FT3', 'VV4']
    """
    check_type(strategy, Strategy, "strategy")
    check_type(query, str, "query")
    if lang not in (None, "nl", "en"):
        from ._query import QueryError

        raise QueryError(f"unknown language {lang!r}: use 'nl', 'en' or None for both")
    words = _query_words(query)
    if not words:
        return ()
    index = _index(strategy)
    candidates: set[int] | None = None
    for word, word_stem in words:
        found = index.candidates(word, word_stem)
        candidates = found if candidates is None else candidates & found
        if not candidates:
            return ()
    assert candidates is not None
    hits = []
    for order in sorted(candidates):
        field = index.fields[order]
        if lang is not None and field.lang != lang:
            continue
        matched = _score(field, words)
        if matched is not None:
            score, first = matched
            hits.append((-score * field.weight, order, field, first))
    hits.sort(key=lambda h: (h[0], h[1]))
    return tuple(
        SearchHit(
            f.element,
            f.field,
            f.lang,
            _snippet(f, _position(f.normal, first)),
            -negative,
        )
        for negative, _, f, first in hits
    )

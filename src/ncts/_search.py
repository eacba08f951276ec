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

import array
import bisect
import collections
import functools
import itertools
import operator
import re
import sys
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, cast

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
    """One searchable text, with its words: what :func:`_score` scores.

    The index keeps no such objects (they took ten times the memory of the
    strategy): :attr:`_Index.fields` makes them on demand.
    """

    element: Element
    field: str
    lang: str
    text: str
    normal: str
    tokens: tuple[tuple[str, str], ...]
    weight: float


_WORD = re.compile(r"\S+")


def _tokens(normal: str) -> tuple[tuple[str, str], ...]:
    """Return the words of a normalised text, each with its stem."""
    return tuple([(word, _stem(word)) for word in normal.split()])


def _position(normal: str, token: int) -> int:
    """Return where the word numbered *token* (from 0) starts in *normal*."""
    return next(itertools.islice(_WORD.finditer(normal), token, None)).start()


def _texts(element: Element) -> Iterator[tuple[str, Text | str]]:
    for name in ("title", "name", "text", "description"):
        value = getattr(element, name, None)
        if isinstance(value, Text):
            yield name, value
    for i, paragraph in enumerate(getattr(element, "introduction", ())):
        yield f"introduction[{i}]", paragraph
    note = getattr(element, "note", None)
    if isinstance(note, str):
        yield "note", note


@attrs.frozen
class _Index:
    """The searchable texts of a strategy, and which texts hold each word.

    The texts are kept column by column (parallel lists, numbered in document
    order): the element (None for the strategy itself, which the strategy's own
    index must not hold: that would be a reference cycle), the field's path, its
    language, its text, its normalised text and its weight. ``words`` and
    ``stems`` map each word (and each stem) to the numbers of the texts that hold
    it; their sorted keys find every word that starts with a query word by
    bisection, so a query looks at the texts that can match instead of every
    text.
    """

    elements: list[Element | None]
    paths: list[str]
    langs: list[str]
    texts: list[str]
    #: The normalised texts, each with a space before and after it.
    padded: list[str]
    #: 1 for a plain text: one whose normalised form keeps every character in
    #: its place, and whose only spaces are single spaces between words.
    plain: bytearray
    weights: list[float]
    #: For each word, the numbers of the texts that hold it: ascending, four
    #: bytes each.
    words: dict[str, array.array[int]]
    stems: dict[str, array.array[int]]
    sorted_words: list[str]
    sorted_stems: list[str]
    owner: weakref.ref[Strategy]

    def postings(self, word: str, word_stem: str) -> list[array.array[int]]:
        """Return the postings of the words and stems a query word can match.

        Every word starting with *word*, and every stem starting with
        *word_stem*: together, the texts that can match.
        """
        found = []
        for keys, table, prefix in (
            (self.sorted_words, self.words, word),
            (self.sorted_stems, self.stems, word_stem),
        ):
            # By index: islice would step through every key before the first.
            for at in range(bisect.bisect_left(keys, prefix), len(keys)):
                key = keys[at]
                if not key.startswith(prefix):
                    break
                found.append(table[key])
        return found

    def matching(self, words: tuple[tuple[str, str], ...]) -> set[int]:
        """Return the texts that every query word can match.

        The word with the fewest postings goes first; a word with many more
        postings than there are texts left is looked up in them by bisection,
        rather than made into a set: a query of a rare word and a common one
        costs what the rare one does.
        """
        lists = [self.postings(word, word_stem) for word, word_stem in words]
        lists.sort(key=lambda arrays: sum(map(len, arrays)))
        found: set[int] = set()
        for first in lists[0]:
            found.update(first)
        for arrays in lists[1:]:
            if not found:
                break
            if sum(map(len, arrays)) > 8 * len(found):
                found = {n for n in found if any(_holds(a, n) for a in arrays)}
            else:
                every: set[int] = set()
                for array_ in arrays:
                    every.update(array_)
                found &= every
        return found

    @property
    def fields(self) -> list[_Field]:
        """Every text as a :class:`_Field`, with its words (made on demand)."""
        strategy = self.owner()
        return [
            _Field(
                strategy if element is None else element,  # type: ignore[arg-type]
                path,
                lang,
                text,
                normal[1:-1],
                _tokens(normal),
                weight,
            )
            for element, path, lang, text, normal, weight in zip(
                self.elements,
                self.paths,
                self.langs,
                self.texts,
                self.padded,
                self.weights,
                strict=True,
            )
        ]


def _members(postings: array.array[int] | None, numbers: list[int]) -> set[int]:
    """Return the *numbers* (ascending) that *postings* hold."""
    if postings is None:
        return set()
    if len(postings) > 8 * len(numbers):  # a few texts: look each up
        return {n for n in numbers if _holds(postings, n)}
    return set(postings).intersection(numbers)


def _holds(postings: array.array[int], number: int) -> bool:
    """Whether ascending *postings* hold *number*."""
    at = bisect.bisect_left(postings, number)
    return at < len(postings) and postings[at] == number


def _index(strategy: Strategy) -> _Index:
    index: _Index | None = strategy._derived.get("search")
    if index is None:
        with gc_paused(len(strategy.speerpunten) >= LARGE_STRATEGY):
            index = _build_index(strategy)
        strategy._derived["search"] = index
    return index


def _build_index(strategy: Strategy) -> _Index:
    """Index every text of the strategy but its sources' titles."""
    elements: list[Element | None] = []
    paths: list[str] = []
    langs: list[str] = []
    texts: list[str] = []
    padded: list[str] = []
    plain = bytearray()
    weights: list[float] = []
    words: dict[str, list[int]] = {}
    stems: dict[str, list[int]] = {}
    intern = sys.intern
    for element in strategy.elements():
        if element.element_type == "source":
            continue
        held = None if element is strategy else element
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
                number = len(texts)
                normal = _normal(text)
                elements.append(held)
                paths.append(
                    intern(f"{name}.{lang}" if isinstance(value, Text) else name)
                )
                langs.append(lang)
                texts.append(text)
                padded.append(f" {normal} ")
                plain.append(_is_plain(text))
                weights.append(weight)
                tokens = set(normal.split())
                for word in tokens:
                    words.setdefault(word, []).append(number)
                for word_stem in {_stem(word) for word in tokens}:
                    stems.setdefault(word_stem, []).append(number)
    word_postings = {word: array.array("I", found) for word, found in words.items()}
    stem_postings: dict[str, array.array[int]] = {}
    for word_stem, found in stems.items():
        same = words.get(word_stem)
        # Most words are their own stems, held by the same texts: share the array.
        stem_postings[word_stem] = (
            word_postings[word_stem] if same == found else array.array("I", found)
        )
    return _Index(
        elements,
        paths,
        langs,
        texts,
        padded,
        plain,
        weights,
        word_postings,
        stem_postings,
        sorted(words),
        sorted(stems),
        weakref.ref(strategy),
    )


# The same spaces as str.isspace(): both are Unicode's White_Space.
_UP_TO_LAST_SPACE = re.compile(r"(?s:.*)\s")
_NOT_SPACES = re.compile(r"\S*")


def _is_plain(text: str) -> bool:
    """Whether a text is plain: see :attr:`_Index.plain`."""
    # Printable: no space but " " (no tab, line break, no-break space...). The
    # characters that normalising drops, and all but ASCII's, move the others.
    return (
        text.isascii()
        and text.isprintable()
        and "-" not in text
        and "'" not in text
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    )


def _plain_snippet(text: str, at: int, width: int = 40) -> str:
    """Return what :func:`_snippet` returns, for a plain text (see _Index.plain).

    *at* is more than *width* (:func:`_hits` cuts a snippet nearer the start
    itself), so the snippet starts after the last space before ``at - width``.
    """
    start = text.rfind(" ", 0, at - width) + 1
    end = text.find(" ", at + width)  # -1 also when at + width is past the end
    if end == -1:
        end = len(text)
    return (
        ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
    )


def _snippet(text: str, at: int, width: int = 40) -> str:
    """Return the text around *at* (a place in its normalised form), cut at spaces."""
    if not text.isascii() or "-" in text or "'" in text:
        # Normalising moved characters (the other dropped ones are not ASCII):
        # the map back, for this hit only. The map is of the same normal text
        # the index holds (_normal and _normalise agree: a property test).
        at = _normalise(text)[1][at]
    start, end = max(0, at - width), min(len(text), at + width)
    if start > 0:  # back to the start of the word there: after a space, or 0
        before = _UP_TO_LAST_SPACE.match(text, 0, start)
        start = before.end() if before else 0
    end = _NOT_SPACES.match(text, end).end()  # type: ignore[union-attr]  # on to the end of the word there
    snippet = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


def _score(
    field: _Field, words: tuple[tuple[str, str], ...]
) -> tuple[float, int] | None:
    """Score a field against the query's words, and say which word matched first.

    Every word must match a word of the field: the same word scores 3, the same
    stem 2, a word or stem that starts with it 1. None if a word does not match.
    This walks every word of the field: it is the rule, which :func:`search`
    follows with the index's help.
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
            elif _matches(token, token_stem, word, word_stem):
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


def _matches(token: str, token_stem: str, word: str, word_stem: str) -> bool:
    """Whether a word of a text scores at least 1 for a query word (see _score)."""
    return token_stem.startswith(word_stem) or token.startswith(word)


def _first_match(padded: str, word: str, word_stem: str, best: int) -> int:
    """Return where the first word of a text that scores *best* (2 or 1) starts.

    The text is padded with a space either side; the place is counted in the
    unpadded text. Every word that matches at all starts with the query word's stem (a stem is
    the start of its word), so only those are looked at. (A text that holds the
    word itself, scoring 3, is looked up by :func:`_hits` directly.)
    """
    needle = " " + word_stem
    at = padded.find(needle)
    while at >= 0:
        token = padded[at + 1 : padded.find(" ", at + 1)]
        token_stem = _stem(token)
        if (
            token_stem == word_stem
            if best == 2
            else _matches(token, token_stem, word, word_stem)
        ):
            return at
        at = padded.find(needle, at + 1)
    return 0  # pragma: no cover - the index said the text holds such a word


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
    candidates = index.matching(words)
    if not candidates:
        return ()
    numbers = sorted(candidates)
    if lang is not None:
        numbers = [n for n in numbers if index.langs[n] == lang]
    return _hits(strategy, index, words, numbers)


def _setter(name: str) -> Callable[[SearchHit, object], None]:
    setter: Callable[[SearchHit, object], None] = SearchHit.__dict__[name].__set__
    return setter


_SET_HIT = tuple(map(_setter, ("element", "field", "lang", "snippet", "score")))


def _new_hits(
    count: int,
    elements: Iterable[Element],
    fields: Iterable[str],
    langs: Iterable[str],
    snippets: Iterable[str],
    scores: Iterable[float],
) -> list[SearchHit]:
    """Return ``[SearchHit(element, field, lang, snippet, score), ...]``, made faster.

    A query that every text matches makes a hit per text, and attrs' ``__init__``
    of a frozen class was a third of the time. SearchHit has no checks of its
    own (its values come from the index), so its slots are filled directly, a
    field at a time for all hits (``map`` over the slots' C setters: no Python
    call per hit).
    """
    hits = list(map(object.__new__, itertools.repeat(SearchHit, count)))
    columns = (elements, fields, langs, snippets, scores)
    for set_field, column in zip(_SET_HIT, columns, strict=True):
        # A deque of length 0 runs the map to its end, keeping nothing.
        collections.deque(map(set_field, hits, column), maxlen=0)
    return hits


def _hits(
    strategy: Strategy,
    index: _Index,
    words: tuple[tuple[str, str], ...],
    numbers: list[int],
) -> tuple[SearchHit, ...]:
    """Score the texts with these numbers (in document order), best first.

    A query that many texts match makes as many hits, so the work per hit is
    done a column at a time, mostly in C (``map`` over methods), rather than hit
    by hit in Python.
    """
    padded = list(map(index.padded.__getitem__, numbers))
    scores: list[int] | None = None  # None: every text scores `common` so far
    common = 0
    first: list[int] | None = None  # where the first match starts, per text
    for word, word_stem in words:
        # Each word scores 3 in a text that holds the word itself, 2 in one that
        # holds a word of the same stem, 1 otherwise (a word that starts with it:
        # every candidate holds one).
        whole_word = f" {word} "
        postings = index.words.get(word)
        if postings is not None and set(postings).issuperset(numbers):
            # A common case: a word that all texts hold. The scores all grow
            # alike, and the word is found in every text.
            common += 3
            at = list(map(str.find, padded, itertools.repeat(whole_word)))
        else:
            holds_word = _members(postings, numbers)
            holds_stem = _members(index.stems.get(word_stem), numbers)
            best = [
                3 if n in holds_word else 2 if n in holds_stem else 1 for n in numbers
            ]
            scores = best if scores is None else list(map(operator.add, scores, best))
            at = [
                p.find(whole_word) if b == 3 else _first_match(p, word, word_stem, b)
                for p, b in zip(padded, best, strict=True)
            ]
        if first is None:
            first = at
        else:
            first = [a if a < b else b for a, b in zip(first, at, strict=True)]
    if first is None:  # no words (search() gives none; for completeness)
        first = list(map(len, padded))
    if scores is None:
        scores = [common] * len(numbers)
    elif common:
        scores = [score + common for score in scores]
    weighted = list(map(operator.mul, scores, map(index.weights.__getitem__, numbers)))
    texts = list(map(index.texts.__getitem__, numbers))
    # Where each snippet ends: at the first space 40 characters on (-1: none).
    ends = list(map(str.find, texts, itertools.repeat(" "), [at + 40 for at in first]))
    snippets = [
        # A plain text whose match is near its start: from the start (most hits).
        (text if end == -1 else text[:end] + "…")
        if plain and at <= 40
        else _plain_snippet(text, at)
        if plain
        else _snippet(text, at)
        for text, at, plain, end in zip(
            texts,
            first,
            map(index.plain.__getitem__, numbers),
            ends,
            strict=True,
        )
    ]
    elements = list(map(index.elements.__getitem__, numbers))
    # The strategy's own texts come first (None: see _Index).
    for i, element in enumerate(elements):
        if element is not None:
            break
        elements[i] = strategy
    hits = _new_hits(
        len(numbers),
        cast("list[Element]", elements),  # no None left
        map(index.paths.__getitem__, numbers),
        map(index.langs.__getitem__, numbers),
        snippets,
        weighted,
    )
    # Best first; a stable sort keeps ties in document order.
    order = sorted(range(len(hits)), key=[-w for w in weighted].__getitem__)
    return tuple(map(hits.__getitem__, order))

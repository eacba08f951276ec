"""search: word endings, field weights, snippets, query limits and the work a query does.

The strategies are built here, small and fictional, so that every expected score and
snippet is worked out by hand from the rules in ``ncts.search``'s documentation.
"""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import Goal, Period, Strategy, Text


def _strategy(**kwargs: Any) -> Strategy:
    return Strategy("S", Text("Titel"), Period(2020, 2021), "1", **kwargs)


def _goals(*texts: str) -> Strategy:
    return _strategy(
        goals=tuple(Goal(f"G{i}", Text(t)) for i, t in enumerate(texts, 1))
    )


# The endings the search strips, written out from its documentation and in its order
# (longest first): a word with one of them has the stem of the word without it.
ENDINGS = (
    "aties", "atie", "ations", "ation", "eringen", "ering", "erend", "eren",
    "ingen", "ing", "heden", "heid", "ities", "ity", "ties", "tie", "ions", "ion",
    "ies", "en", "es", "e", "s",
)  # fmt: skip


class TestWordForms:
    @pytest.mark.parametrize("ending", ENDINGS)
    def test_each_ending_gives_the_same_stem(self, ending: str) -> None:
        """'wxyz' + an ending has the stem 'wxyz': the same stem scores 2, where a
        word that merely starts with the query would score 1."""
        [hit] = ncts.search(_goals("wxyz" + ending), "wxyz")
        assert (hit.element.id, hit.score) == ("G1", 2.0)

    def test_an_ending_is_stripped_only_if_four_letters_remain(self) -> None:
        """'abcs' keeps its 's' (three letters would remain), so 'abc' only starts it."""
        [hit] = ncts.search(_goals("abcs"), "abc")
        assert hit.score == 1.0
        [hit] = ncts.search(_goals("abcds"), "abcd")
        assert hit.score == 2.0

    def test_a_word_start_or_a_stem_start_matches(self) -> None:
        """A query word matches a word it starts, and a word whose stem its stem starts."""
        # 'organisati' starts 'organisaties' (whose stem, 'organis', it does not start).
        s = _goals("organisaties", "wxyzabcdations")
        assert [(h.element.id, h.score) for h in ncts.search(s, "organisati")] == [
            ("G1", 1.0)
        ]
        # 'wxyzabe' has the stem 'wxyzab', which starts 'wxyzabcd', the stem of
        # 'wxyzabcdations'; the word itself does not start with 'wxyzabe'.
        assert [(h.element.id, h.score) for h in ncts.search(s, "wxyzabe")] == [
            ("G2", 1.0)
        ]

    def test_same_stem_different_word(self) -> None:
        """Two forms of one word meet through their stem, scoring 2."""
        s = _goals("reintegreren")
        assert [(h.element.id, h.score) for h in ncts.search(s, "reintegratie")] == [
            ("G1", 2.0)
        ]


class TestFields:
    def test_weights_and_paths(self) -> None:
        """A title, name or text weighs 1, a description 0.8, an introduction or a
        note 0.5; ties come in document order; a note is English."""
        s = Strategy(
            "S",
            Text("kompas"),
            Period(2020, 2021),
            "1",
            introduction=(Text("inleiding"), Text("kompas")),
            goals=(Goal("G1", Text("kompas"), note="kompas"),),
            areas=(ncts.Area("A", Text("kompas"), Text("kompas")),),
        )
        hits = [
            (h.element.id, h.field, h.lang, h.score) for h in ncts.search(s, "kompas")
        ]
        assert hits == [
            ("S", "title.nl", "nl", 3.0),
            ("G1", "text.nl", "nl", 3.0),
            ("A", "name.nl", "nl", 3.0),
            ("A", "description.nl", "nl", pytest.approx(2.4)),
            ("S", "introduction[1].nl", "nl", 1.5),
            ("G1", "note", "en", 1.5),
        ]

    def test_english_texts_are_english(self) -> None:
        """The English version of a text is found as lang 'en', at its path."""
        s = _strategy(goals=(Goal("G1", Text("het doel", "the compass")),))
        hits = [(h.element.id, h.field, h.lang) for h in ncts.search(s, "compass")]
        assert hits == [("G1", "text.en", "en")]
        assert ncts.search(s, "compass", lang="nl") == ()
        assert len(ncts.search(s, "compass", lang="en")) == 1

    def test_sources_are_not_searched(self) -> None:
        """A source's title and note are not texts of the strategy."""
        s = _strategy(
            sources=(ncts.Source("bron", "kompas", note="kompas"),),
            goals=(Goal("G1", Text("doel")),),
        )
        assert ncts.search(s, "kompas") == ()
        assert [h.element.id for h in ncts.search(s, "doel")] == ["G1"]


# Ten-letter words and a space: word i starts at character 11 * i.
_WORDS = [f"woord{i:05d}" for i in range(30)]


class TestSnippets:
    """A snippet is the text 40 characters either side of the first matching word,
    widened to whole words, with '…' where the text goes on."""

    def _snippet(self, text: str, query: str) -> str:
        [hit] = ncts.search(_goals(text), query)
        return hit.snippet

    def test_a_short_text_is_whole(self) -> None:
        """A text within reach on both sides is the snippet, with no '…'."""
        assert self._snippet("de aanpak van nu", "aanpak") == "de aanpak van nu"
        # A leading space is not text left out before the snippet.
        assert self._snippet(" de aanpak", "aanpak") == "de aanpak"

    def test_cut_on_both_sides_at_whole_words(self) -> None:
        """woord00010 starts at 110: from 70 (inside woord00006, which starts at 66)
        to 150 (inside woord00013, which ends at 153)."""
        text = " ".join(_WORDS)
        expected = "…" + " ".join(_WORDS[6:14]) + "…"
        assert self._snippet(text, "woord00010") == expected

    def test_a_window_on_a_word_start_takes_no_more(self) -> None:
        """With five-letter words, 40 before the match falls on a word start."""
        words = [f"w{i:03d}" for i in range(40)]  # word i starts at 5 * i
        # w0020 starts at 100: from 60 (w012's start) to 140 (w028's start).
        expected = "…" + " ".join(words[12:29]) + "…"
        assert self._snippet(" ".join(words), "w020") == expected

    def test_a_long_first_word(self) -> None:
        """Widening to a whole word can reach the start of the text: no '…' then."""
        # 'kompas' starts at 46; 86 is the start of the fourth word after it.
        text = "a" * 45 + " kompas " + " ".join(_WORDS)
        expected = "a" * 45 + " kompas " + " ".join(_WORDS[:4]) + "…"
        assert self._snippet(text, "kompas") == expected
        # With a space first, the widened snippet starts at character 1: the text's
        # first character (the space) is left out, so '…' is shown.
        text = " " + "a" * 45 + " kompas"
        assert self._snippet(text, "kompas") == "…" + "a" * 45 + " kompas"
        # From character 5 back to 0, one character at a time (and no further).
        text = "a" * 44 + " kompas"
        assert self._snippet(text, "kompas") == text

    def test_the_first_best_match_is_shown(self) -> None:
        """The word that matches best and comes first is the one the snippet shows."""
        text = " ".join(["kompas", *_WORDS[:20], "kompassen", *_WORDS[20:]])
        assert self._snippet(text, "kompas").startswith("kompas woord00000")
        # The same word twice: the first one, at 110 (from 66 to 160).
        text = " ".join(
            [*_WORDS[:10], "kompas", *_WORDS[10:20], "kompas", *_WORDS[20:]]
        )
        assert self._snippet(text, "kompas") == (
            "…" + " ".join([*_WORDS[6:10], "kompas", *_WORDS[10:14]]) + "…"
        )

    @pytest.mark.parametrize(
        ("before", "shown"),
        [
            # Hyphens are dropped by normalising: 'reintegratie' is 11 characters of
            # the 12 of 're-integratie', so the match moves in the text.
            ("re-integratie " * 8, "re-integratie " * 3),
            # 'ß' becomes 'ss': the normal text is longer than the text.
            ("Straße " * 12, "Straße " * 6),
            ("Straße re-integratie " * 5, "Straße re-integratie " * 2),
        ],
    )
    def test_the_match_is_found_in_the_text_itself(
        self, before: str, shown: str
    ) -> None:
        """Where normalising changes the length of a text, the snippet is still cut
        around the matching word in the text as written."""
        text = before + "kompas" + " eind" * 20
        # 40 characters after 'kompas' starts: 'kompas' and seven times ' eind'.
        assert (
            self._snippet(text, "kompas") == "…" + shown + "kompas" + " eind" * 7 + "…"
        )


class TestQueries:
    def test_length_limit(self) -> None:
        """A query may have 1,000 characters, not 1,001."""
        s = _goals("doel")
        assert ncts.search(s, "a" * 1000) == ()
        with pytest.raises(
            ncts.QueryError, match=r"1,001 characters long, more than the 1,000"
        ):
            ncts.search(s, "a" * 1001)

    def test_word_limit(self) -> None:
        """A query may have 50 different words (a word repeated counts once), not 51."""
        s = _goals(" ".join(f"w{i}" for i in range(60)))
        words = [f"w{i}" for i in range(50)]
        assert [h.element.id for h in ncts.search(s, " ".join(words + words))] == ["G1"]
        with pytest.raises(
            ncts.QueryError, match="51 different words, more than the 50"
        ):
            ncts.search(s, " ".join([*words, "w50"]))

    def test_wrong_argument_types(self) -> None:
        """A strategy and a str, or a TypeError naming the argument."""
        from ncts._search import search

        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            search("S", "doel")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^query must be str, not int$"):
            search(_goals("doel"), 42)  # type: ignore[arg-type]


class TestWork:
    """What a query costs, counted: fields scored and indexes built."""

    def test_only_fields_that_can_match_are_scored(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from ncts import _search

        scored: list[int] = []
        hits = _search._hits

        def counting(strategy: Any, index: Any, words: Any, numbers: Any) -> Any:
            scored.extend(numbers)
            return hits(strategy, index, words, numbers)

        monkeypatch.setattr(_search, "_hits", counting)
        s = _goals("aanpak", *(f"doel nummer{i}" for i in range(30)))
        assert [h.element.id for h in ncts.search(s, "aanpak")] == ["G1"]
        assert len(scored) == 1  # only the one text with the word is scored
        scored.clear()
        # No field has both words: nothing is scored.
        assert ncts.search(s, "aanpak doel") == ()
        assert scored == []

    def test_the_index_is_built_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from ncts import _search

        built: list[str] = []
        build = _search._build_index

        def counting(strategy: Strategy) -> Any:
            built.append(strategy.id)
            return build(strategy)

        monkeypatch.setattr(_search, "_build_index", counting)
        s = _goals("aanpak")
        assert ncts.search(s, "aanpak")
        assert ncts.search(s, "aanpak")
        assert built == ["S"]


_MIXED = st.text(st.sampled_from("aZ 9-'’‐‑éßﬁİΣ̈\u0301_.,"), max_size=30) | st.text()


@given(_MIXED)
def test_fast_and_mapped_normalisation_agree(text: str) -> None:
    """The fast normaliser that indexes and the mapped one that cuts snippets give the
    same text, and the map has a place in the text for each of its characters."""
    from ncts._search import _normal, _normalise

    normal, where = _normalise(text)
    assert _normal(text) == normal
    assert len(where) == len(normal)
    assert all(0 <= i < len(text) for i in where)
    assert where == sorted(where)


class TestWhichWordTheSnippetShows:
    """The snippet is cut around the first word that scores best, past 40
    characters (nearer the start it starts at the start, so it would not show)."""

    def _snippet(self, text: str, query: str) -> str:
        [hit] = ncts.search(_goals(text), query)
        return hit.snippet

    def test_a_word_of_the_same_stem_after_one_that_only_starts_alike(self) -> None:
        """'wxyzing' has the stem 'wxyz': 'wxyzen' scores 2, 'wxyzabc' (first) 1."""
        text = "wxyzabc " + " ".join(_WORDS[:6]) + " wxyzen " + " ".join(_WORDS[6:20])
        # 'wxyzen' starts at 74: from 34 (inside woord00002, which starts at 30)
        # to 114 (the start of woord00009, taken whole).
        assert self._snippet(text, "wxyzing") == (
            "…" + " ".join(_WORDS[2:6]) + " wxyzen " + " ".join(_WORDS[6:10]) + "…"
        )

    def test_the_word_itself_after_one_that_only_starts_alike(self) -> None:
        """With another text that does not hold the word itself (each text is
        then scored on its own, not all at once as 3)."""
        text = "kompasxyz " + " ".join(_WORDS[:6]) + " kompas " + " ".join(_WORDS[6:20])
        [hit, other] = ncts.search(_goals(text, "kompasxyz"), "kompas")
        assert (hit.element.id, hit.score, other.score) == ("G1", 3.0, 1.0)
        # 'kompas' starts at 76: from 36 (inside woord00002, which starts at 32)
        # to 116 (the start of woord00009, taken whole).
        assert hit.snippet == (
            "…" + " ".join(_WORDS[2:6]) + " kompas " + " ".join(_WORDS[6:10]) + "…"
        )

    def test_a_word_whose_stem_starts_with_the_query_stem(self) -> None:
        """'wxyzabe' (stem 'wxyzab') only starts the stem of 'wxyzabcdations'."""
        text = " ".join(_WORDS[:6]) + " wxyzabcdations " + " ".join(_WORDS[6:20])
        # 'wxyzabcdations' starts at 66: from 26 (inside woord00002, at 22) to
        # 106 (inside woord00008).
        assert self._snippet(text, "wxyzabe") == (
            "…"
            + " ".join(_WORDS[2:6])
            + " wxyzabcdations "
            + " ".join(_WORDS[6:9])
            + "…"
        )

    def test_a_space_40_characters_on_ends_the_snippet(self) -> None:
        """A match at the start: the snippet ends at the first space from 40 on."""
        text = "kompas " + "a" * 33 + " " + " ".join(_WORDS[:5])
        assert text[40] == " "
        assert self._snippet(text, "kompas") == "kompas " + "a" * 33 + "…"


def test_a_rare_word_in_a_later_text_than_every_common_one() -> None:
    """Looking the rare word's texts up among many postings, past their end."""
    s = _goals(*(["aanpak"] * 20), "zeldzaam", "zeldzaam aanpak")
    assert [h.element.id for h in ncts.search(s, "aanpak zeldzaam")] == ["G22"]
    assert ncts.search(_goals(*(["aanpak"] * 20), "zeldzaam"), "zeldzaam aanpak") == ()


@pytest.mark.parametrize(
    ("text", "snippet"),
    [
        # Runs of spaces and spaces at the ends are not shown.
        ("de  aanpak", "de aanpak"),
        ("de aanpak ", "de aanpak"),
        # An apostrophe is dropped when normalising: the match is found in the
        # text as written all the same ('aanpak' starts at 49 there, at 48 in
        # the normal text): from 9 (in woord00000, at 5) to 89 (woord00007's start).
        ("it's " + " ".join(_WORDS[:4]) + " aanpak " + " ".join(_WORDS[4:12]),
         "…" + " ".join(_WORDS[0:4]) + " aanpak " + " ".join(_WORDS[4:8]) + "…"),
    ],
)  # fmt: skip
def test_snippets_of_texts_that_normalising_changes(text: str, snippet: str) -> None:
    [hit] = ncts.search(_goals(text), "aanpak")
    assert hit.snippet == snippet


class TestSnippetEndsNearTheStart:
    """A match near the start: the snippet runs to the first space 40 characters
    after the match starts, or to the end (mutation of _hits' fast path)."""

    def test_a_space_exactly_40_on_ends_it(self) -> None:
        text = "aanpak " + "x" * 33 + " en verder nog veel meer woorden"
        assert text[40] == " "  # 40 characters after 'aanpak' starts at 0
        [hit] = ncts.search(_goals(text), "aanpak")
        assert hit.snippet == text[:40] + "…"

    def test_no_space_after_it_keeps_the_whole_text(self) -> None:
        text = "aanpak " + "x" * 60
        [hit] = ncts.search(_goals(text), "aanpak")
        assert hit.snippet == text

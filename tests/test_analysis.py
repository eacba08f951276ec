"""coverage, work, gaps, counts and centrality on a strategy small enough to work
every expected value out by hand.

The strategy ``_mini()``::

    S ── goals G1, G2; focus themes F1, F2
      ├─ area A: speerpunten A1 (development), A2 (innovation, development)
      ├─ area B: speerpunt B1
      └─ area C: no speerpunten
    links: A contributes_to G1 (stated), B1 contributes_to G2 (derived),
           A1 addresses F1 (derived), A underpins B (stated)

Its graph has 11 nodes (so a degree centrality is a degree divided by 10) and 14
edges: 10 part_of edges (goals, focus themes and areas to S, speerpunten to their
area) and the 4 links.
"""

from typing import Any

import attrs
import pytest

import ncts
from ncts import (
    Area,
    Basis,
    FocusTheme,
    Goal,
    Kind,
    Link,
    LinkType,
    Overlay,
    Period,
    Record,
    Speerpunt,
    Strategy,
    Text,
)


def _mini() -> Strategy:
    return Strategy(
        "S",
        Text("Mini", "Mini en"),
        Period(2020, 2021),
        "1",
        sources=(ncts.Source("bron", "Een bron"),),
        focus_themes=(
            FocusTheme("F1", Text("f een")),
            FocusTheme("F2", Text("f twee")),
        ),
        goals=(Goal("G1", Text("doel een")), Goal("G2", Text("doel twee", "goal two"))),
        areas=(
            Area(
                "A",
                Text("Aa", "Aa en"),
                Text("a"),
                speerpunten=(
                    Speerpunt("A1", Text("a een"), kinds=frozenset({Kind.DEVELOPMENT})),
                    Speerpunt(
                        "A2",
                        Text("a twee", "a two"),
                        kinds=frozenset({Kind.INNOVATION, Kind.DEVELOPMENT}),
                    ),
                ),
            ),
            Area("B", Text("Bb"), Text("b"), speerpunten=(Speerpunt("B1", Text("b")),)),
            Area("C", Text("Cc"), Text("c")),
        ),
        links=(
            Link("A", "G1", LinkType.CONTRIBUTES_TO, Basis.STATED, "A werkt aan G1"),
            Link("B1", "G2", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "B1 aan G2"),
            Link("A1", "F1", LinkType.ADDRESSES, Basis.DERIVED, "A1 en F1"),
            Link("A", "B", LinkType.UNDERPINS, Basis.STATED, "A onder B"),
        ),
    )


def _overlay(**kwargs: Any) -> Overlay:
    records = (
        Record("r1", "Een", ("A1",)),
        Record("r2", "Twee", ("B",)),
        Record("r3", "Drie", ("G2", "F2")),
    )
    return Overlay("o", "O", "S", "1", records=kwargs.pop("records", records), **kwargs)


def _top(ranking: ncts.Ranking, n: int) -> list[tuple[str, float]]:
    """The first *n* pairs, the scores rounded (7 / 10 is 0.7000000000000001)."""
    return [(id, round(score, 9)) for id, score in ranking[:n]]


@pytest.fixture
def mini() -> Strategy:
    return _mini()


class TestCoverage:
    def test_area_by_goal(self, mini: Strategy) -> None:
        """An area covers the goals it contributes to: A covers G1, nothing covers G2.
        Areas by goals is what coverage gives by default."""
        m = ncts.coverage(mini)
        assert m == ncts.coverage(mini, "area", "goal", stated_only=False)
        assert (m.row_type, m.column_type) == ("area", "goal")
        assert (m.rows, m.columns) == (("A", "B", "C"), ("G1", "G2"))
        assert m.matrix == ((1, 0), (0, 0), (0, 0))
        assert m.uncovered_rows() == ("B", "C")
        assert m.uncovered_columns() == ("G2",)
        assert m.cells == {
            "A": {"G1": 1, "G2": 0},
            "B": {"G1": 0, "G2": 0},
            "C": {"G1": 0, "G2": 0},
        }

    def test_speerpunt_by_goal_counts_routes_through_the_area(
        self, mini: Strategy
    ) -> None:
        """A1 and A2 serve G1 through A; B1 serves G2 directly; only A's link is stated."""
        m = ncts.coverage(mini, "speerpunt", "goal")
        assert m.matrix == ((1, 0), (1, 0), (0, 1))
        assert (m.uncovered_rows(), m.uncovered_columns()) == ((), ())
        stated = ncts.coverage(mini, "speerpunt", "goal", stated_only=True)
        assert stated.matrix == ((1, 0), (1, 0), (0, 0))
        assert stated.stated_only
        assert stated.uncovered_rows() == ("B1",)
        assert stated != m

    def test_same_level_both_ways(self, mini: Strategy) -> None:
        """A underpins B: between areas a link counts both ways."""
        m = ncts.coverage(mini, "area", "area")
        assert m.matrix == ((0, 1, 0), (1, 0, 0), (0, 0, 0))

    def test_by_record(self, mini: Strategy) -> None:
        """A record covers what its work reaches: r1 (A1) reaches G1 through A."""
        m = ncts.coverage(mini, "goal", "record", overlays=[_overlay()])
        assert (m.row_type, m.column_type) == ("goal", "record")
        assert m.columns == ("o:r1", "o:r2", "o:r3")
        assert m.matrix == ((1, 0, 0), (0, 0, 1))
        assert m.uncovered_columns() == ("o:r2",)
        areas = ncts.coverage(mini, "area", "record", overlays=[_overlay()])
        assert areas.matrix == ((1, 0, 0), (0, 1, 0), (0, 0, 0))
        # Stated links only: r1 still reaches G1 (A's link is stated), F1 no more.
        themes = ncts.coverage(
            mini, "focus_theme", "record", overlays=[_overlay()], stated_only=True
        )
        assert themes.stated_only
        assert themes.matrix == ((0, 0, 0), (0, 0, 1))

    def test_bad_types(self, mini: Strategy) -> None:
        """Rows and columns must be element types; records are columns only."""
        with pytest.raises(ncts.QueryError):
            ncts.coverage(mini, "record", "goal")  # type: ignore[arg-type]
        with pytest.raises(ncts.QueryError):
            ncts.coverage(mini, "area", "link")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            ncts.coverage("S", "area", "goal")  # type: ignore[arg-type]

    def test_built_by_hand(self) -> None:
        """A matrix built by hand counts all links unless it says otherwise."""
        m = ncts.Coverage("area", "goal", ("A", "B"), ("G1",), [[2], [0]])
        assert m.stated_only is False
        assert m.matrix == ((2,), (0,))
        assert m.to_dict() == {"A": {"G1": 2}, "B": {"G1": 0}}
        assert m.uncovered_rows() == ("B",)

    def test_the_matrix_must_fit_rows_and_columns(self, mini: Strategy) -> None:
        m = ncts.coverage(mini, "area", "goal")
        with pytest.raises(ValueError, match="3 rows of 2 counts"):
            attrs.evolve(m, matrix=((1, 0), (0, 0)))
        with pytest.raises(ValueError, match="3 rows of 2 counts"):
            attrs.evolve(m, matrix=((1, 0), (0, 0), (0, 0, 0)))


class TestWorkAndGaps:
    def test_work(self, mini: Strategy) -> None:
        """A record reaches what it addresses; from a speerpunt also its area, and the
        goals and focus themes it and its area connect to; in document order."""
        w = ncts.work(mini, [_overlay()])
        assert w == {
            "F1": ("o:r1",),
            "F2": ("o:r3",),
            "G1": ("o:r1",),
            "G2": ("o:r3",),
            "A": ("o:r1",),
            "A1": ("o:r1",),
            "B": ("o:r2",),
        }
        assert list(w) == ["F1", "F2", "G1", "G2", "A", "A1", "B"]
        stated = ncts.work(mini, [_overlay()], stated_only=True)
        assert "F1" not in stated
        assert stated["G1"] == ("o:r1",)

    def test_work_names_every_record_once(self, mini: Strategy) -> None:
        """Two records reaching one element are both named, each once."""
        records = (Record("a", "A", ("A1", "A2")), Record("b", "B", ("A",)))
        w = ncts.work(mini, [_overlay(records=records)])
        assert w["A"] == ("o:a", "o:b")
        assert w["G1"] == ("o:a", "o:b")
        assert w["A2"] == ("o:a",)

    def test_gaps(self, mini: Strategy) -> None:
        """What nothing connects where something should."""
        assert ncts.gaps(mini) == {
            "goal": (),
            "focus_theme": ("F2",),
            "area": ("B", "C"),
            "speerpunt": (),
        }
        assert ncts.gaps(mini, stated_only=True) == {
            "goal": ("G2",),
            "focus_theme": ("F1", "F2"),
            "area": ("B", "C"),
            "speerpunt": ("B1",),
        }

    def test_gaps_in_the_work(self, mini: Strategy) -> None:
        """With overlays: what no record reaches."""
        assert ncts.gaps(mini, overlays=[_overlay()]) == {
            "goal": (),
            "focus_theme": (),
            "area": ("C",),
            "speerpunt": ("A2", "B1"),
        }
        assert ncts.gaps(mini, overlays=[_overlay()], stated_only=True)[
            "focus_theme"
        ] == ("F1",)
        assert ncts.gaps(mini, overlays=[])["goal"] == ("G1", "G2")

    def test_overlays_are_checked(self, mini: Strategy) -> None:
        """An overlay for another strategy, or not an overlay at all, is refused."""
        other = Overlay("x", "X", "T", "1", records=(Record("r", "R", ("A",)),))
        with pytest.raises(ncts.ValidationError, match="strategy 'T'"):
            ncts.work(mini, [other])
        with pytest.raises(
            TypeError, match=r"^overlays must hold only overlays, not str$"
        ):
            ncts.work(mini, ["o"])  # type: ignore[list-item]
        with pytest.raises(
            TypeError, match=r"^overlays must be an iterable of overlays"
        ):
            ncts.coverage(mini, "goal", "record", overlays=5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            ncts.work("S", [_overlay()])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            ncts.work("S", [])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            ncts.gaps("S")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            ncts.counts("S")  # type: ignore[arg-type]


class TestCounts:
    def test_counts(self, mini: Strategy) -> None:
        c = ncts.counts(mini)
        assert c == {
            "elements": {"goal": 2, "focus_theme": 2, "area": 3, "speerpunt": 3},
            "links": {"contributes_to": 2, "addresses": 1, "underpins": 1},
            "basis": {"stated": 2, "derived": 2},
            "kinds": {
                "consolidation": 0,
                "optimisation": 0,
                "development": 2,
                "innovation": 1,
            },
            "speerpunten_per_area": {"A": 2, "B": 1, "C": 0},
        }
        assert repr(c).startswith("Counts({'elements': {'goal': 2,")
        with pytest.raises(KeyError):
            c["element"]

    def test_an_empty_strategy(self) -> None:
        c = ncts.counts(Strategy("S", Text("Leeg"), Period(2020, 2021), "1"))
        assert c["elements"] == {"goal": 0, "focus_theme": 0, "area": 0, "speerpunt": 0}
        assert c["links"] == {}
        assert c["basis"] == {"stated": 0, "derived": 0}


class TestCentrality:
    def test_degrees(self, mini: Strategy) -> None:
        """Degree over 10 (the other nodes), ties broken by ID."""
        assert _top(ncts.centrality(mini, "in_degree"), 6) == [
            ("S", 0.7),  # the goals, focus themes and areas are part of it
            ("A", 0.2),  # A1, A2
            ("B", 0.2),  # B1, and A underpins it
            ("F1", 0.1),
            ("G1", 0.1),
            ("G2", 0.1),
        ]
        assert _top(ncts.centrality(mini, "out_degree"), 4) == [
            ("A", 0.3),  # to S, G1 and B
            ("A1", 0.2),
            ("B1", 0.2),
            ("A2", 0.1),
        ]
        degree = ncts.centrality(mini)
        assert degree.measure == "degree"
        assert _top(degree, 3) == [("S", 0.7), ("A", 0.5), ("B", 0.3)]

    def test_betweenness_and_closeness(self, mini: Strategy) -> None:
        """On the graph with directions ignored: a leaf lies on no shortest path, but
        is close to the others; S lies on the most, and is closest to all."""
        between = dict(ncts.centrality(mini, "betweenness"))
        close = dict(ncts.centrality(mini, "closeness"))
        # C, F2 and A2 hang on one edge; G1's two neighbours (S, A) are neighbours.
        assert {id for id, score in between.items() if score == 0} == {
            "C",
            "F2",
            "A2",
            "G1",
        }
        assert max(between, key=between.__getitem__) == "S"
        assert min(close.values()) > 0
        assert max(close, key=close.__getitem__) == "S"

    def test_stated_only(self, mini: Strategy) -> None:
        """Only stated links: B1 no longer points at G2, nor A1 at F1."""
        ranking = ncts.centrality(mini, "in_degree", stated_only=True)
        assert ranking.stated_only
        scores = dict(ranking)
        assert (scores["G2"], scores["F1"], scores["G1"]) == (0.0, 0.0, 0.1)
        assert ranking != ncts.centrality(mini, "in_degree")

    def test_unknown_measure(self, mini: Strategy) -> None:
        with pytest.raises(
            ncts.QueryError,
            match="'degree', 'in_degree', 'out_degree', 'betweenness', 'closeness'",
        ):
            ncts.centrality(mini, "fame")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not str$"):
            ncts.centrality("S")  # type: ignore[arg-type]


class TestResults:
    def test_a_ranking_built_by_hand(self) -> None:
        """A ranking counts all links unless it says otherwise."""
        r = ncts.Ranking("degree", [("A", 1.0)])
        assert r.stated_only is False
        assert r.pairs == (("A", 1.0),)

    def test_a_ranking_is_a_sequence_of_pairs(self, mini: Strategy) -> None:
        r = ncts.centrality(mini, "in_degree")
        assert len(r) == 11
        assert r[0][0] == "S"
        assert r[0][1] == pytest.approx(0.7)
        assert r[-1][1] == 0.0
        assert r == tuple(r)
        assert r != list(r)
        assert (r == 42) is False  # not NotImplemented's stand-in, None
        assert r != ncts.Ranking("in_degree", r.pairs, stated_only=True)
        assert r != ncts.Ranking("degree", r.pairs)
        assert r == ncts.Ranking("in_degree", list(r.pairs))
        assert hash(r) == hash(ncts.Ranking("in_degree", r.pairs))

    def test_mappings_of_different_kinds_differ(self) -> None:
        """A Gaps and a Work with the same items are not equal; each equals its dict."""
        gaps, work = ncts.Gaps({"G1": ("x",)}), ncts.Work({"G1": ("x",)})
        assert gaps != work
        assert (gaps == work) is False
        assert gaps == {"G1": ("x",)} == work
        assert len(gaps) == 1
        assert hash(gaps) != hash(work)
        assert gaps == ncts.Gaps([("G1", ("x",))])
        assert repr(work) == "Work({'G1': ('x',)})"
        with pytest.raises(AttributeError, match="Gaps is immutable"):
            gaps.x = 1
        with pytest.raises(KeyError):
            work["G2"]


class TestDeprecatedTables:
    def test_each_result_still_gives_its_table(self, mini: Strategy) -> None:
        """A result's own to_dataframe warns, naming itself, and gives the table that
        ncts.to_dataframe gives."""
        results: list[Any] = [
            ncts.coverage(mini),
            ncts.gaps(mini),
            ncts.work(mini, [_overlay()]),
            ncts.counts(mini),
            ncts.centrality(mini),
        ]
        for result in results:
            name = type(result).__name__
            with pytest.warns(
                DeprecationWarning, match=rf"^ncts\.{name}\.to_dataframe is deprecated"
            ):
                frame = result.to_dataframe()
            assert frame.equals(ncts.to_dataframe(result))


class TestResultsRefuseWhatTheyCannotHold:
    """Each result type checks what it is built from, and says what is wrong where
    (issue 16, _analysis mutants)."""

    def test_a_mapping_result_takes_a_mapping_or_pairs(self) -> None:
        for given, kind in (("goal", "str"), (5, "int"), (b"x", "bytes")):
            with pytest.raises(
                TypeError,
                match=rf"^Gaps takes a mapping or \(key, value\) pairs, not {kind}: ",
            ):
                ncts.Gaps(given)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("pair", "kind"),
        [(("goal",), "tuple"), (("goal", (), ()), "tuple"), (5, "int"), ("go", "str")],
    )
    def test_each_item_is_a_pair(self, pair: object, kind: str) -> None:
        with pytest.raises(
            TypeError, match=rf"^Work takes \(key, value\) pairs, not {kind}: "
        ):
            ncts.Work([pair])  # type: ignore[list-item]

    def test_keys_are_texts_given_once(self) -> None:
        with pytest.raises(TypeError, match=r"^Gaps keys must be str, not int: 1$"):
            ncts.Gaps([(1, ())])  # type: ignore[list-item]
        with pytest.raises(ncts.ValidationError, match="given twice") as info:
            ncts.Gaps([("goal", ()), ("area", ()), ("goal", ("G1",))])
        assert [p.path for p in info.value.problems] == ["goal"]
        assert ncts.Gaps([("goal", ()), ("area", ["B"])]) == {  # type: ignore[list-item]
            "goal": (),
            "area": ("B",),
        }

    def test_counts_are_whole_numbers_named_by_group_and_key(self) -> None:
        with pytest.raises(TypeError, match=r"^Counts\['basis'\]\['stated'\] must be"):
            ncts.Counts({"basis": {"stated": "2"}})  # type: ignore[dict-item]
        with pytest.raises(TypeError, match=r"^Counts\['basis'\] must be a Mapping"):
            ncts.Counts({"basis": [("stated", 1)]})  # type: ignore[dict-item]

    def test_results_pickle_and_copy_as_they_are(self) -> None:
        import copy
        import pickle

        results: list[Any] = [
            ncts.Gaps({"goal": ("G1",), "area": ()}),
            ncts.Work({"G1": ("o:r1", "o:r2")}),
            ncts.Counts({"basis": {"stated": 2, "derived": 1}}),
        ]
        for result in results:
            for again in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
                assert type(again) is type(result)
                assert again == result
                assert list(again.items()) == list(result.items())
                assert hash(again) == hash(result)

    def test_a_ranking_takes_pairs_of_an_id_and_a_number(self) -> None:
        r = ncts.Ranking("degree", [["A", 1], ("B", 0.5)])  # type: ignore[list-item]
        assert r.pairs == (("A", 1), ("B", 0.5))
        assert type(r.pairs[0]) is tuple
        pair = r"^Ranking\.pairs\[0\] must be an \(id, score\) pair of a str and a num"
        bad_pairs: list[Any] = [
            ("A", "1"),
            (1, 1.0),
            ("A", True),
            ("A", 1.0, 2.0),
            ("A",),
            ["A", "1"],
            ["A", 1.0, 2.0],
            "A1",
        ]
        for bad in bad_pairs:
            with pytest.raises(TypeError, match=pair):
                ncts.Ranking("degree", [bad])

    def test_a_ranking_names_a_known_measure(self) -> None:
        with pytest.raises(ncts.ValidationError, match="is not a measure") as info:
            ncts.Ranking("fame", [("A", 1.0)])
        assert [p.path for p in info.value.problems] == ["measure"]
        assert "degree, in_degree, out_degree, betweenness, closeness" in str(
            info.value
        )

    def test_a_matrix_that_does_not_fit_names_its_field(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            ncts.Coverage("area", "goal", ("A",), ("G1",), [[1, 2]])
        assert [p.path for p in info.value.problems] == ["matrix"]


class TestArgumentsOfTheQueries:
    """coverage, work and gaps check their keyword arguments, naming them."""

    def test_stated_only_is_a_bool(self, mini: Strategy) -> None:
        empty = Strategy("S", Text("Leeg"), Period(2020, 2021), "1")
        calls = (
            lambda: ncts.coverage(mini, stated_only="yes"),  # type: ignore[arg-type]
            lambda: ncts.work(mini, [_overlay()], stated_only="yes"),  # type: ignore[arg-type]
            lambda: ncts.gaps(mini, stated_only="yes"),  # type: ignore[arg-type]
            lambda: ncts.gaps(mini, stated_only=1),  # type: ignore[arg-type]
            # Where no route is followed, so nothing else would look at it:
            lambda: ncts.coverage(mini, "goal", "record", stated_only="yes"),  # type: ignore[arg-type]
            lambda: ncts.gaps(empty, stated_only="yes"),  # type: ignore[arg-type]
        )
        for call in calls:
            with pytest.raises(TypeError, match=r"^stated_only must be bool, not "):
                call()

    def test_overlays_only_with_record_columns(self, mini: Strategy) -> None:
        with pytest.raises(ncts.QueryError, match="columns='record'"):
            ncts.coverage(mini, "area", "goal", overlays=[_overlay()])
        with pytest.raises(
            TypeError, match=r"^overlays must be an iterable of overlays, not int$"
        ):
            ncts.coverage(mini, "area", "goal", overlays=5)  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=r"^overlays must hold only overlays, not str$"
        ):
            ncts.coverage(mini, "area", "goal", overlays=["o"])  # type: ignore[list-item]
        assert ncts.coverage(mini, "area", "goal", overlays=()) == ncts.coverage(
            mini, "area", "goal"
        )

"""Tables for analysts: to_dataframe gives typed columns, one row per thing it is given.

Issue 12, point 5 (newcomer finding 10): a strategy is one row per element; any
iterable of elements, links, search hits, connections or overlay records, and every
typed result, makes a table; list-valued fields are lists; anything else is a
TypeError that says what was passed and what is accepted.
"""

import subprocess
import sys
import warnings
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import Kind, Speerpunt, Strategy
from ncts.testing import strategies

ELEMENT_TYPES = ["strategy", "source", "focus_theme", "goal", "area", "speerpunt"]
_SMALL = {"max_areas": 3, "max_speerpunten": 3, "max_goals": 2, "max_links": 4}


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in frame.dtypes.items()}


@pytest.fixture(scope="module")
def overlay() -> ncts.Overlay:
    return ncts.load_overlay(ncts.example_path("overlay.yaml"))


class TestElements:
    @given(strategies(**_SMALL))
    def test_a_strategy_is_one_row_per_element(self, strategy: Strategy) -> None:
        frame = ncts.to_dataframe(strategy)
        assert frame.index.tolist() == list(strategy)
        assert frame.index.name == "id"
        assert frame["type"].tolist() == [e.element_type for e in strategy.values()]
        for sp in strategy.speerpunten:
            row = frame.loc[sp.id]
            assert row["area"] == strategy.area_of(sp).id
            assert row["kinds"] == [k.value for k in Kind if k in sp.kinds]
            assert row["label_nl"] == sp.text.nl
        others = frame[frame["type"] != "speerpunt"]
        assert others["area"].isna().all()
        assert all(kinds == [] for kinds in others["kinds"])
        # The same table from the elements, told the strategy they come from.
        assert ncts.to_dataframe(strategy.values(), strategy=strategy).equals(frame)

    def test_typed_columns(self, strategy: Strategy) -> None:
        frame = ncts.to_dataframe(strategy)
        assert _dtypes(frame) == {
            "type": "category",
            "label_nl": "string",
            "label_en": "string",
            "area": "string",
            "kinds": "object",
        }
        assert str(frame.index.dtype) == "string"
        assert frame["type"].cat.categories.tolist() == ELEMENT_TYPES
        assert frame.loc["VB", "label_en"] == "Prepare"
        assert frame.loc["VB", "type"] == "area"
        assert frame.loc["nctv-samenvatting", "label_en"] is pd.NA

    def test_kinds_are_lists_not_joined_text(self, strategy: Strategy) -> None:
        frame = ncts.to_dataframe(strategy)
        assert frame.loc["VK7", "kinds"] == ["development", "innovation"]
        assert frame.loc["VV1", "kinds"] == []
        innovation = frame[frame["kinds"].map(lambda kinds: "innovation" in kinds)]
        assert innovation.index.tolist() == [
            sp.id for sp in ncts.by_kind(strategy, "innovation")
        ]
        exploded = frame["kinds"].explode().dropna()
        assert set(exploded) <= {k.value for k in Kind}

    def test_any_iterable_of_elements(self, strategy: Strategy) -> None:
        innovative = ncts.by_kind(strategy, "innovation")
        frame = ncts.to_dataframe(innovative)
        assert frame.index.tolist() == [sp.id for sp in innovative]
        assert frame["area"].isna().all()  # a loose speerpunt does not know its area
        told = ncts.to_dataframe(iter(innovative), strategy=strategy)
        assert told["area"].tolist() == [strategy.area_of(sp).id for sp in innovative]
        mixed = ncts.to_dataframe([strategy["G1"], strategy, strategy["VK"]])
        assert mixed["type"].tolist() == ["goal", "strategy", "area"]

    def test_strategy_must_hold_the_speerpunten(self, strategy: Strategy) -> None:
        stranger = Speerpunt("XX1", ncts.Text("Vreemd"))
        with pytest.raises(ncts.UnknownIdError, match="XX1"):
            ncts.to_dataframe([stranger], strategy=strategy)

    def test_one_element_among_others_is_still_an_element(
        self, strategy: Strategy
    ) -> None:
        """A strategy inside a list is an element: its own row, not its table."""
        frame = ncts.to_dataframe([strategy])
        assert frame.index.tolist() == [strategy.id]


class TestOtherRows:
    def test_links(self, strategy: Strategy) -> None:
        frame = ncts.to_dataframe(strategy.links)
        assert len(frame) == len(strategy.links)
        assert _dtypes(frame) == {
            "id": "string",
            "source": "string",
            "target": "string",
            "type": "category",
            "basis": "category",
            "rationale": "string",
        }
        assert frame["type"].cat.categories.tolist() == [t.value for t in ncts.LinkType]
        assert frame["source"].tolist() == [link.source for link in strategy.links]
        assert frame["basis"].tolist() == [link.basis.value for link in strategy.links]

    def test_search_hits(self, strategy: Strategy) -> None:
        hits = ncts.search(strategy, "reintegratie")
        frame = ncts.to_dataframe(hits)
        assert frame["id"].tolist() == [h.element.id for h in hits]
        assert frame["score"].tolist() == [h.score for h in hits]
        assert _dtypes(frame) == {
            "id": "string",
            "type": "category",
            "field": "string",
            "lang": "category",
            "snippet": "string",
            "score": "float64",
        }
        with_area = frame.join(ncts.to_dataframe(strategy)["area"], on="id")
        assert set(with_area.loc[frame["id"] == "VV4", "area"]) == {"VV"}
        assert with_area.loc[frame["type"] != "speerpunt", "area"].isna().all()

    def test_connections(self, strategy: Strategy) -> None:
        found = ncts.connected(strategy, "G2", "speerpunt")
        frame = ncts.to_dataframe(found)
        assert frame["id"].tolist() == [c.id for c in found]
        assert frame["routes"].tolist() == [len(c.routes) for c in found]
        assert str(frame["routes"].dtype) == "Int64"
        assert frame["basis"].tolist() == [c.basis.value for c in found]

    def test_overlay_records(self, overlay: ncts.Overlay) -> None:
        frame = ncts.to_dataframe(overlay)
        assert frame.index.tolist() == [r.id for r in overlay.records]
        assert frame.loc["wijkradar", "addresses"] == ["VK6", "FT1"]
        assert _dtypes(frame)["progress"] == "Int64"
        assert _dtypes(frame)["kind"] == "category"
        assert str(frame["start"].dtype).startswith("datetime64")
        assert frame.equals(ncts.to_dataframe(overlay.records))
        for record in overlay.records:
            row = frame.loc[record.id]
            assert row["tags"] == list(record.tags)
            if record.progress is None:
                assert row["progress"] is pd.NA
            else:
                assert row["progress"] == record.progress


class TestResults:
    def test_coverage(self, strategy: Strategy) -> None:
        coverage = ncts.coverage(strategy, "speerpunt", "focus_theme")
        frame = ncts.to_dataframe(coverage)
        assert frame.shape == (18, 3)
        assert frame.loc["VK6", "FT1"] == 1
        assert (frame.index.name, frame.columns.name) == ("speerpunt", "focus_theme")
        assert set(_dtypes(frame).values()) == {"Int64"}
        assert frame.to_numpy().tolist() == [list(row) for row in coverage.matrix]

    def test_results_go_by_type_not_shape(
        self, strategy: Strategy, overlay: ncts.Overlay
    ) -> None:
        """work() and gaps() have the same shape but each gets its own columns."""
        work = ncts.work(strategy, [overlay])
        frame = ncts.to_dataframe(work)
        assert list(frame.columns) == ["id", "record"]
        assert set(frame["id"]) == set(work)
        gaps = ncts.gaps(strategy, stated_only=True)
        frame = ncts.to_dataframe(gaps)
        assert list(frame.columns) == ["type", "id"]
        assert len(frame) == sum(len(ids) for ids in gaps.values())
        assert frame["type"].cat.categories.tolist() == ELEMENT_TYPES
        counts = ncts.to_dataframe(ncts.counts(strategy))
        assert _dtypes(counts) == {
            "group": "category",
            "key": "string",
            "count": "Int64",
        }
        ranking = ncts.centrality(strategy)
        frame = ncts.to_dataframe(ranking)
        assert _dtypes(frame) == {"id": "string", "score": "float64"}
        assert list(zip(frame["id"], frame["score"], strict=True)) == list(ranking)


_ACCEPTED = "to_dataframe takes a Strategy, an Overlay, a result of coverage"


class TestErrors:
    @pytest.mark.parametrize(
        ("data", "named"),
        [
            (42, "got int"),
            ("VK6", "got str"),
            (b"VK6", "got bytes"),
            ({}, "got dict"),
            ({"goal": ("G1",)}, "got dict"),
            ((("VK", 1.0),), "got a tuple whose item 0 is a tuple"),
            (["VK6"], "item 0 is a str: IDs are not elements"),
            ([1], "got a list whose item 0 is an int"),
            (None, "got NoneType"),
        ],
    )
    def test_says_what_was_passed_and_what_is_accepted(
        self, data: Any, named: str
    ) -> None:
        with pytest.raises(TypeError) as info:
            ncts.to_dataframe(data)
        assert str(info.value).startswith(_ACCEPTED)
        assert named in str(info.value)

    @given(st.data())
    def test_one_kind_of_row_at_a_time(self, data: st.DataObject) -> None:
        s = ncts.load()
        kinds: dict[str, list[Any]] = {
            "element": [s["VK6"], s["G1"], s],
            "link": list(s.links),
            "hit": list(ncts.search(s, "terrorisme")),
            "connection": list(ncts.connected(s, "G2", "speerpunt")),
        }
        first, second = data.draw(
            st.lists(
                st.sampled_from(sorted(kinds)), min_size=2, max_size=2, unique=True
            )
        )
        items = [data.draw(st.sampled_from(kinds[first]))]
        items += [data.draw(st.sampled_from(kinds[second]))]
        with pytest.raises(TypeError, match="of one kind at a time") as info:
            ncts.to_dataframe(items)
        message = str(info.value)
        assert type(items[0]).__name__ in message
        assert type(items[1]).__name__ in message

    def test_strategy_must_be_a_strategy_and_for_elements(
        self, strategy: Strategy
    ) -> None:
        with pytest.raises(TypeError, match="strategy must be Strategy, not str"):
            ncts.to_dataframe(strategy.speerpunten, strategy="NCTS")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="not for a result"):
            ncts.to_dataframe(ncts.counts(strategy), strategy=strategy)
        with pytest.raises(TypeError, match="not for links"):
            ncts.to_dataframe(strategy.links, strategy=strategy)

    def test_empty_is_an_empty_table(self) -> None:
        frame = ncts.to_dataframe(())
        assert frame.empty
        assert list(frame.columns) == []

    def test_pandas_missing_says_how_to_install(self) -> None:
        code = (
            "import sys; sys.modules['pandas'] = None\n"
            "import ncts\n"
            "try:\n"
            "    ncts.to_dataframe(ncts.load())\n"
            "except ImportError as exc:\n"
            "    print(exc)\n"
        )
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert run.stdout.strip() == (
            "to_dataframe needs pandas: pip install 'ncts[pandas]'"
        )


class TestDeprecated:
    """The old ways still work, warn, and give the new tables."""

    @pytest.mark.parametrize(
        ("of", "new"),
        [
            ("elements", lambda s: ncts.to_dataframe(s)),
            ("links", lambda s: ncts.to_dataframe(s.links)),
            ("speerpunten", lambda s: ncts.to_dataframe(s.speerpunten, strategy=s)),
        ],
    )
    def test_of(self, strategy: Strategy, of: Any, new: Any) -> None:
        with pytest.warns(DeprecationWarning, match=r"to_dataframe\(of=") as caught:
            old = ncts.to_dataframe(strategy, of)
        assert caught[0].filename == __file__
        assert old.equals(new(strategy))

    def test_unknown_of_is_still_refused(self, strategy: Strategy) -> None:
        with pytest.raises(ncts.QueryError, match="of='goals'"):
            ncts.to_dataframe(strategy, "goals")  # type: ignore[arg-type]

    def test_result_methods(self, strategy: Strategy) -> None:
        results: list[Any] = [
            ncts.coverage(strategy),
            ncts.gaps(strategy),
            ncts.counts(strategy),
            ncts.centrality(strategy),
        ]
        for result in results:
            with pytest.warns(DeprecationWarning, match=r"use ncts\.to_dataframe"):
                old = result.to_dataframe()
            assert old.equals(ncts.to_dataframe(result))

    def test_nothing_in_ncts_uses_them(self, strategy: Strategy) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ncts.to_dataframe(strategy)
            ncts.to_dataframe(ncts.coverage(strategy))


def test_speerpunt_rows_match_the_model(strategy: Strategy) -> None:
    """Every value in a speerpunt's row is the model's own, in its own order."""
    frame = ncts.to_dataframe(strategy)
    for sp in strategy.speerpunten:
        assert isinstance(sp, Speerpunt)
        row = frame.loc[sp.id]
        assert (row["label_nl"], row["label_en"]) == (sp.text.nl, sp.text.en)

"""Overlays: loading and checking against a strategy, combining, graph and coverage."""

import datetime
import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import Overlay, Record, Status

EXAMPLE = ncts.example_path("overlay.yaml")


def overlay_text(records: str, data_version: str = "1.1.0") -> str:
    return (
        "id: test\ntitle: Test\nstrategy: NCTS-2022-2026\n"
        f"data_version: {data_version}\nrecords:\n{records}"
    )


@st.composite
def overlays(draw: st.DrawFn) -> Overlay:
    """Valid overlays on the bundled strategy."""
    ids = [e.id for e in ncts.load().elements() if e.element_type != "source"]
    record_ids = draw(st.lists(ncts.testing.ids(), max_size=5, unique_by=str.casefold))
    records = []
    for rid in record_ids:
        start = draw(
            st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 1, 1))
        )
        end = (
            None
            if start is None
            else draw(st.none() | st.dates(start, datetime.date(2050, 1, 1)))
        )
        records.append(
            Record(
                id=rid,
                title=draw(ncts.testing.text_values()),
                addresses=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(ids), min_size=1, max_size=3, unique=True
                        )
                    )
                ),
                kind=draw(st.sampled_from(ncts.RecordKind)),
                status=draw(st.none() | st.sampled_from(Status)),
                progress=draw(st.none() | st.integers(0, 100)),
                owner=draw(st.none() | ncts.testing.text_values()),
                start=start,
                end=end,
                tags=tuple(draw(st.lists(ncts.testing.text_values(), max_size=2))),
                notes=draw(st.none() | ncts.testing.text_values()),
                documents=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                ncts.Document,
                                title=ncts.testing.text_values(),
                                url=st.none() | ncts.testing.text_values(),
                            ),
                            max_size=2,
                        )
                    )
                ),
                indicators=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                ncts.Indicator,
                                name=ncts.testing.text_values(),
                                unit=st.none() | ncts.testing.text_values(),
                                baseline=_numbers,
                                target=_numbers,
                                value=_numbers,
                            ),
                            max_size=2,
                        )
                    )
                ),
            )
        )
    return Overlay(
        "o",
        "Overlay",
        "NCTS-2022-2026",
        "1.1.0",
        description=draw(st.none() | ncts.testing.text_values()),
        records=tuple(records),
    )


# Every finite number an indicator may hold (NaN and infinity are refused).
_numbers = (
    st.none()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
)


import ncts.testing  # noqa: E402  (used in the composite above)


class TestLoading:
    def test_example_loads_and_is_canonical(self) -> None:
        """The shipped example overlay loads and is in canonical form."""
        overlay = ncts.load_overlay(EXAMPLE)
        assert len(overlay.records) == 6
        assert ncts.dumps(overlay) == EXAMPLE.read_text(encoding="utf-8")
        assert overlay["nazorg-detentie"].status is Status.ACTIVE
        assert overlay["oefening-2025"].start == datetime.date(2025, 10, 14)

    @given(overlays())
    def test_round_trip(self, overlay: Overlay) -> None:
        """Any overlay survives YAML and JSON unchanged."""
        for fmt in ("yaml", "json"):
            text = ncts.dumps(overlay, fmt)
            assert ncts.loads_overlay(text, fmt) == overlay

    def test_typo_in_an_id(self) -> None:
        """An unknown ID is reported with the closest IDs, the path and the line."""
        text = overlay_text("- id: a\n  title: A\n  addresses: [VK6, VK66]\n")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads_overlay(text, file="mine.yaml")
        [problem] = info.value.problems
        assert problem.path == "records[0].addresses[1]"
        assert "'VK66'" in problem.message
        assert "'VK6'" in problem.message
        assert problem.line == 8
        assert "mine.yaml:8:" in str(info.value)

    def test_structure_errors_have_lines(self) -> None:
        """Wrong types and unknown keys are reported like the strategy loader does."""
        text = overlay_text(
            "- id: a\n  title: A\n  addresses: [VK6]\n  progress: 150\n  colour: red\n"
            "  start: '2024-13-01'\n"
        )
        with pytest.raises(ncts.ValidationError) as info:
            ncts.loads_overlay(text)
        found = {p.path: p.line for p in info.value.problems}
        assert found == {
            "records[0].progress": 9,
            "records[0].colour": 10,
            "records[0].start": 11,
        }
        with pytest.raises(ncts.ParseError, match="not a valid date") as parse:
            ncts.loads_overlay(text.replace("'2024-13-01'", "2024-13-01"))
        assert parse.value.line == 11

    def test_record_rules(self) -> None:
        """Records need a reference, dates in order, a percentage, unique IDs."""
        with pytest.raises(ncts.ValidationError, match="at least one"):
            Record("a", "A", ())
        with pytest.raises(ncts.ValidationError, match="before it starts"):
            Record(
                "a",
                "A",
                ("VK6",),
                start=datetime.date(2025, 1, 2),
                end=datetime.date(2025, 1, 1),
            )
        with pytest.raises(ncts.ValidationError, match="percentage"):
            Record("a", "A", ("VK6",), progress=101)
        with pytest.raises(ncts.ValidationError, match="listed twice"):
            Record("a", "A", ("VK6", "VK6"))
        with pytest.raises(ncts.ValidationError, match="duplicate record ID"):
            Overlay(
                "o",
                "O",
                "S",
                "1",
                records=(Record("a", "A", ("G1",)), Record("A", "B", ("G1",))),
            )

    def test_other_strategy_is_refused(self) -> None:
        """An overlay for another strategy is refused, naming both."""
        text = overlay_text(
            "- id: a\n  title: A\n  addresses: [VK6]\n", data_version="1.0.0"
        ).replace("strategy: NCTS-2022-2026", "strategy: FICTIESTAD-2025-2028")
        with pytest.raises(ncts.ValidationError, match="FICTIESTAD-2025-2028"):
            ncts.loads_overlay(text)
        fictional = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        text = text.replace("[VK6]", "[ZIEN2]")
        assert ncts.loads_overlay(text, strategy=fictional)["a"].addresses == ("ZIEN2",)

    def test_other_edition_warns_or_rejects(self) -> None:
        """Another data version warns; what no longer resolves is rejected or dropped."""
        text = overlay_text(
            "- id: a\n  title: A\n  addresses: [VK6, VK9]\n- id: b\n  title: B\n  addresses: [VK9]\n",
            data_version="0.9.0",
        )
        with (
            pytest.warns(ncts.EditionWarning, match="0.9.0"),
            pytest.raises(ncts.ValidationError),
        ):
            ncts.loads_overlay(text)
        with pytest.warns(ncts.EditionWarning) as caught:
            overlay = ncts.loads_overlay(text, unresolved="warn")
        assert [r.id for r in overlay.records] == ["a"]
        assert overlay["a"].addresses == ("VK6",)
        assert len(caught) == 3  # the edition, and two dropped references

    @pytest.mark.parametrize("field", ["value", "baseline", "target"])
    @pytest.mark.parametrize("number", [".nan", ".inf", "-.inf", ".NaN", "-.Inf"])
    def test_indicators_refuse_nan_and_infinity(self, field: str, number: str) -> None:
        """An indicator number must be finite, in a file and in code."""
        text = overlay_text(
            f"- id: a\n  title: A\n  addresses: [VK6]\n"
            f"  indicators:\n  - name: N\n    {field}: {number}\n"
        )
        with pytest.raises(ncts.ValidationError, match=r"(?i)nan|inf") as info:
            ncts.loads_overlay(text)
        assert [p.path for p in info.value.problems] == [
            f"records[0].indicators[0].{field}"
        ]
        assert info.value.problems[0].line in (11, 12)  # the indicator or its number
        value = float(number.lower().replace(".", ""))
        with pytest.raises(ncts.ValidationError, match=r"(?i)finite|nan|inf") as info:
            ncts.Indicator("N", **{field: value})  # type: ignore[arg-type]
        assert [p.path for p in info.value.problems] == [field]

    def test_same_edition_is_quiet(self) -> None:
        """An overlay for the loaded edition gives no warning."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ncts.load_overlay(EXAMPLE)

    def test_schema(self) -> None:
        """The overlay JSON Schema accepts the example and refuses a bad status."""
        import jsonschema
        import yaml

        schema = ncts.json_schema("overlay")
        jsonschema.Draft202012Validator.check_schema(schema)
        data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        data["records"][0]["status"] = "finished"
        assert not jsonschema.Draft202012Validator(schema).is_valid(data)


class TestCombineGraphCoverage:
    def test_combine(self) -> None:
        """Overlays combine; clashing record IDs or strategies are refused."""
        example = ncts.load_overlay(EXAMPLE)
        mine = Overlay(
            "mine",
            "Mine",
            "NCTS-2022-2026",
            "1.1.0",
            records=(Record("x", "X", ("G1",)),),
        )
        both = ncts.combine([example, mine])
        assert len(both.records) == 7
        with pytest.raises(ncts.ValidationError, match="also used"):
            ncts.combine([example, example])
        with pytest.raises(ncts.ValidationError, match="different strategies"):
            ncts.combine([mine, attrs.evolve(mine, strategy="other")])

    def test_combine_refuses_record_ids_differing_only_in_case(self) -> None:
        """Record IDs must differ in more than case across the combined overlays."""
        lower = Overlay("o1", "O", "S", "1", records=(Record("a", "A", ("G1",)),))
        upper = Overlay("o2", "O", "S", "1", records=(Record("A", "A", ("G2",)),))
        with pytest.raises(ncts.ValidationError, match="'A' is also used") as info:
            ncts.combine([lower, upper])
        assert len(info.value.problems) == 1
        other = Overlay("o2", "O", "S", "1", records=(Record("b", "B", ("G2",)),))
        assert [r.id for r in ncts.combine([lower, other]).records] == ["a", "b"]

    def test_record_id_clashes_name_the_first_use(self) -> None:
        """Within an overlay and across combined ones, each clash names the first use."""
        records = tuple(Record(id, "R", ("G1",)) for id in ("a", "A", "a"))
        with pytest.raises(ncts.ValidationError) as info:
            Overlay("o1", "O", "S", "1", records=records)
        note = "(IDs must differ in more than case)"
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "records[1].id",
                f"duplicate record ID 'A', already used at records[0].id {note}",
            ),
            (
                "records[2].id",
                f"duplicate record ID 'a', already used at records[0].id {note}",
            ),
        ]
        overlays = [
            Overlay(f"o{i}", "O", "S", "1", records=(Record(id, "R", ("G1",)),))
            for i, id in enumerate(("a", "A", "a"))
        ]
        with pytest.raises(ncts.ValidationError) as info:
            ncts.combine(overlays)
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "o1.records[0].id",
                "record ID 'A' is also used in overlay 'o0': rename one",
            ),
            (
                "o2.records[0].id",
                "record ID 'a' is also used in overlay 'o0': rename one",
            ),
        ]

    def test_graph_with_overlays(self) -> None:
        """Records become nodes with edges to what they address; from_graph ignores them."""
        s = ncts.load()
        overlay = ncts.load_overlay(EXAMPLE)
        g = ncts.to_graph(s, overlays=[overlay])
        records = [n for n, d in g.nodes(data=True) if d["type"] == "record"]
        assert len(records) == 6
        assert sorted(g.successors("fictiestad-werk:nazorg-detentie")) == ["FT3", "VV4"]
        assert (
            g.edges["fictiestad-werk:nazorg-detentie", "VV4", "tracks"]["basis"]
            == "overlay"
        )
        assert ncts.from_graph(g) == s

    def test_uncovered(self) -> None:
        """gaps(overlays=) lists what no record reaches; work() says which records do."""
        s = ncts.load()
        overlay = ncts.load_overlay(EXAMPLE)
        reached = ncts.work(s, [overlay])
        addressed = {t for r in overlay.records for t in r.addresses}
        assert addressed <= set(reached)
        uncovered = ncts.gaps(s, overlays=[overlay])
        assert (
            set(uncovered["speerpunt"]) == {sp.id for sp in s.speerpunten} - addressed
        )
        assert uncovered["goal"] == ()
        assert uncovered["focus_theme"] == ()
        empty = Overlay("e", "E", s.id, s.data_version)
        assert ncts.gaps(s, overlays=[empty])["speerpunt"] == tuple(
            sp.id for sp in s.speerpunten
        )

    def test_coverage_by_record_and_dataframe(self) -> None:
        """A record reaches what it addresses, the area, and the goals and themes.

        Pinned for one record of the example overlay: nazorg-detentie addresses
        VV4 and FT3; VV4 lies in area VV, VV4 contributes to goal G2 and its area
        VV to goal G4.
        """
        s = ncts.load()
        overlay = ncts.load_overlay(EXAMPLE)
        name = "fictiestad-werk:nazorg-detentie"
        for rows in ("speerpunt", "area", "goal", "focus_theme"):
            m = ncts.coverage(s, rows, "record", overlays=[overlay])
            assert name in m.columns
            reached = {r for r in m.rows if m.cells[r][name]}
            assert reached == {"VV4", "VV", "FT3", "G2", "G4"} & set(m.rows), rows
        wijkradar = "fictiestad-werk:wijkradar"
        m = ncts.coverage(s, "speerpunt", "record", overlays=[overlay])
        assert {r for r in m.rows if m.cells[r][wijkradar]} == {"VK6"}
        frame = ncts.to_dataframe(overlay)
        assert frame.loc["wijkradar", "addresses"] == ["VK6", "FT1"]


class TestDumpOverlay:
    def test_dump_and_load(self, tmp_path: Path) -> None:
        """dump writes an overlay atomically; load_overlay reads it back."""
        overlay = ncts.load_overlay(EXAMPLE)
        ncts.dump(overlay, tmp_path / "o.json")
        assert json.loads((tmp_path / "o.json").read_text())["id"] == "fictiestad-werk"
        assert ncts.load_overlay(tmp_path / "o.json") == overlay


def test_coverage_checks_each_overlay_once() -> None:
    """coverage() by record resolves the overlays once: one warning for another edition."""
    old = attrs.evolve(ncts.load_overlay(EXAMPLE), data_version="0.9.0")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ncts.coverage(ncts.load(), "goal", "record", overlays=[old])
    assert len(caught) == 1


def _old(text: str) -> str:
    return re.sub(r"(?m)^data_version: .*$", "data_version: 0.0.1-old", text, count=1)


_OLD_TEXT = _old(EXAMPLE.read_text(encoding="utf-8"))
_ENTRY_POINTS: dict[str, Callable[[ncts.Strategy, Path], object]] = {
    "loads_overlay": lambda s, path: ncts.loads_overlay(_OLD_TEXT),
    "load_overlay": lambda s, path: ncts.load_overlay(path),
    "to_graph": lambda s, path: ncts.to_graph(s, overlays=[_old_overlay()]),
    "work": lambda s, path: ncts.work(s, [_old_overlay()]),
    "coverage": lambda s, path: ncts.coverage(
        s, "goal", "record", overlays=[_old_overlay()]
    ),
    "gaps": lambda s, path: ncts.gaps(s, overlays=[_old_overlay()]),
    "resolve": lambda s, path: ncts.resolve(_old_overlay(), s),
    "resolve, dropping": lambda s, path: ncts.resolve(
        attrs.evolve(_old_overlay(), data_version=s.data_version, records=_bad()),
        s,
        unresolved="warn",
    ),
}


def _old_overlay() -> Overlay:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ncts.loads_overlay(_OLD_TEXT, strategy=None, unresolved="warn")


def _bad() -> tuple[Record, ...]:
    return (Record("r", "R", ("VK6", "VK99")),)


@pytest.mark.parametrize("entry", list(_ENTRY_POINTS))
def test_edition_warning_points_at_the_caller(entry: str, tmp_path: Path) -> None:
    """Whichever public function notices it, the warning names this file and line."""
    s = ncts.load()
    assert s.data_version != "0.0.1-old"
    path = tmp_path / "old.yaml"
    path.write_text(_OLD_TEXT, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _ENTRY_POINTS[entry](s, path)
    assert caught, entry
    assert {w.category for w in caught} == {ncts.EditionWarning}
    assert [w.filename for w in caught] == [__file__] * len(caught)
    # The line is the lambda's own, in this file.
    code = _ENTRY_POINTS[entry].__code__
    assert {w.lineno for w in caught} <= set(
        range(code.co_firstlineno, code.co_firstlineno + 6)
    )

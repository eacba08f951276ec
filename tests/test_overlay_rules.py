"""Overlay records, resolve, load_overlay and combine, rule by rule at their edges.

Plain examples for documented behaviour (issue 16, _overlay mutants): each rule is
tried just inside and just outside its limit, and a refusal must name its path.
"""

import datetime
import io
import warnings
from pathlib import Path

import pytest

import ncts
from ncts import Indicator, Overlay, Record
from ncts._cli import main

S = ncts.load()


def _paths(info: pytest.ExceptionInfo[ncts.ValidationError]) -> list[str]:
    return [p.path for p in info.value.problems]


def _overlay(*records: Record, data_version: str | None = None) -> Overlay:
    return Overlay(
        "o", "O", S.id, data_version or S.data_version, records=tuple(records)
    )


class TestRecord:
    @pytest.mark.parametrize("progress", [0, 1, 99, 100, None])
    def test_progress_in_range(self, progress: int | None) -> None:
        assert Record("r", "R", ("VK6",), progress=progress).progress == progress

    @pytest.mark.parametrize("progress", [-1, 101, -100, 200])
    def test_progress_out_of_range(self, progress: int) -> None:
        with pytest.raises(ncts.ValidationError, match="whole percentage") as info:
            Record("r", "R", ("VK6",), progress=progress)
        assert _paths(info) == ["progress"]

    @pytest.mark.parametrize("progress", [True, 50.0, "50"])
    def test_progress_not_whole(self, progress: object) -> None:
        with pytest.raises(TypeError, match="progress must be an int"):
            Record("r", "R", ("VK6",), progress=progress)  # type: ignore[arg-type]

    @pytest.mark.parametrize("number", [0, -3, 2.5, 10**20, -0.0])
    def test_indicator_numbers(self, number: float) -> None:
        assert Indicator("N", baseline=number).baseline == number

    def test_indicator_refuses_a_huge_number(self) -> None:
        with pytest.raises(ncts.ValidationError, match="at most 4,300 digits") as info:
            Indicator("N", target=10**5000)
        assert _paths(info) == ["target"]
        assert Indicator("N", target=10**4299).target == 10**4299

    def test_indicator_refuses_a_bool(self) -> None:
        with pytest.raises(TypeError, match="target must be an int or a float"):
            Indicator("N", target=True)

    def test_the_same_day_is_in_order(self) -> None:
        day = datetime.date(2025, 1, 1)
        record = Record("r", "R", ("VK6",), start=day, end=day)
        assert (record.start, record.end) == (day, day)
        assert Record("r", "R", ("VK6",), end=day).end == day
        assert Record("r", "R", ("VK6",), start=day).start == day

    def test_every_address_problem_has_its_path(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            Record("r", "R", ("VK6", "", "VK6", "G1", "G1"))
        assert [(p.path, "twice" in p.message) for p in info.value.problems] == [
            ("addresses[1]", False),
            ("addresses[2]", True),
            ("addresses[4]", True),
        ]

    def test_a_blank_tag(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            Record("r", "R", ("VK6",), tags=("ok", " "))
        assert _paths(info) == ["tags[1]"]

    def test_dates_are_not_compared_when_something_else_is_wrong(self) -> None:
        """Only the first problems are reported, not a date order on top of them."""
        with pytest.raises(ncts.ValidationError) as info:
            Record(
                "r",
                "R",
                ("VK6", "VK6"),
                start=datetime.date(2025, 1, 2),
                end=datetime.date(2025, 1, 1),
            )
        assert _paths(info) == ["addresses[1]"]

    def test_the_end_before_the_start_is_reported_at_end(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            Record(
                "r",
                "R",
                ("VK6",),
                start=datetime.date(2025, 1, 2),
                end=datetime.date(2025, 1, 1),
            )
        assert _paths(info) == ["end"]
        assert "2025-01-01" in str(info.value)


class TestOverlay:
    def test_duplicate_record_ids_name_the_first(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            _overlay(
                Record("a", "A", ("G1",)),
                Record("b", "B", ("G1",)),
                Record("A", "C", ("G1",)),
            )
        [problem] = info.value.problems
        assert problem.path == "records[2].id"
        assert "records[0].id" in problem.message

    def test_repr(self) -> None:
        o = _overlay(Record("a", "A", ("G1",)), Record("b", "B", ("G2",)))
        assert repr(o) == f"<Overlay 'o' on {S.id!r} {S.data_version}: 2 records>"
        one = _overlay(Record("a", "A", ("G1",)))
        assert repr(one) == f"<Overlay 'o' on {S.id!r} {S.data_version}: 1 record>"


class TestResolve:
    def test_a_source_is_not_an_element_to_address(self) -> None:
        source = S.sources[0].id
        with pytest.raises(ncts.ValidationError) as info:
            ncts.resolve(_overlay(Record("r", "R", ("G1", source))), S)
        assert _paths(info) == ["records[0].addresses[1]"]

    def test_every_kind_of_element_can_be_addressed(self) -> None:
        ids = (S.id, S.goals[0].id, S.focus_themes[0].id, "VK", "VK6")
        o = _overlay(Record("r", "R", ids))
        assert ncts.resolve(o, S) is o

    def test_every_unknown_reference_is_reported(self) -> None:
        o = _overlay(Record("r", "R", ("G1", "G9")), Record("s", "S", ("VK9",)))
        with pytest.raises(ncts.ValidationError) as info:
            ncts.resolve(o, S)
        assert _paths(info) == ["records[0].addresses[1]", "records[1].addresses[0]"]
        assert "did you mean" in info.value.problems[1].message

    def test_warn_drops_references_then_empty_records(self) -> None:
        o = _overlay(
            Record("r", "R", ("G9", "G1", "G8")),
            Record("s", "S", ("VK99",)),
            Record("t", "T", ("G2",)),
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kept = ncts.resolve(o, S, unresolved="warn")
        assert [(r.id, r.addresses) for r in kept.records] == [
            ("r", ("G1",)),
            ("t", ("G2",)),
        ]
        assert [str(w.message).split(":")[0] for w in caught] == [
            "records[0].addresses[0]",
            "records[0].addresses[2]",
            "records[1].addresses[0]",
        ]
        assert all(str(w.message).endswith("; dropped") for w in caught)
        assert all(w.category is ncts.EditionWarning for w in caught)

    def test_wrong_arguments(self) -> None:
        o = _overlay(Record("r", "R", ("G1",)))
        with pytest.raises(TypeError, match="overlay"):
            ncts.resolve(S, S)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="strategy"):
            ncts.resolve(o, o)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="unresolved"):
            ncts.resolve(o, S, unresolved="ignore")  # type: ignore[arg-type]


_TEXT = f"""\
id: o
title: O
strategy: {S.id}
data_version: {S.data_version}
records:
- id: r
  title: R
  addresses: [G1, G9]
"""


class TestLoading:
    def test_an_unknown_reference_has_its_file_and_line(self, tmp_path: Path) -> None:
        path = tmp_path / "o.yaml"
        path.write_text(_TEXT, encoding="utf-8")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.load_overlay(path)
        [problem] = info.value.problems
        assert (problem.path, problem.line) == ("records[0].addresses[1]", 8)
        assert str(path) in str(info.value)

    def test_loads_overlay_checks_its_arguments(self) -> None:
        with pytest.raises(TypeError, match="strategy"):
            ncts.loads_overlay(_TEXT, strategy="S")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="unresolved"):
            ncts.loads_overlay(_TEXT, unresolved="no")  # type: ignore[arg-type]
        with pytest.warns(ncts.EditionWarning):
            o = ncts.loads_overlay(_TEXT, unresolved="warn")
        assert o["r"].addresses == ("G1",)

    def test_load_overlay_checks_its_arguments(self, tmp_path: Path) -> None:
        path = tmp_path / "o.yaml"
        path.write_text(_TEXT.replace(", G9", ""), encoding="utf-8")
        with pytest.raises(TypeError, match="strategy"):
            ncts.load_overlay(path, strategy="S")  # type: ignore[arg-type]
        assert ncts.load_overlay(path, strategy=S)["r"].addresses == ("G1",)

    def test_a_csv_suffix_in_any_case_is_a_spreadsheet(self, tmp_path: Path) -> None:
        path = tmp_path / "o.CSV"
        path.write_text(_TEXT, encoding="utf-8")
        # Read as a spreadsheet, not as YAML: its refusal is about the table.
        with pytest.raises((ncts.ValidationError, ncts.ParseError)) as info:
            ncts.load_overlay(path)
        assert "addresses[1]" not in str(info.value)

    def test_a_format_given_is_not_a_spreadsheet(self, tmp_path: Path) -> None:
        path = tmp_path / "o.csv"
        path.write_text(_TEXT.replace(", G9", ""), encoding="utf-8")
        assert ncts.load_overlay(path, format="yaml")["r"].addresses == ("G1",)


class TestCombine:
    def test_id_title_and_the_first_data_version(self) -> None:
        a = Overlay("a", "A", "S", "1", records=(Record("r1", "R", ("G1",)),))
        b = Overlay("b", "B", "S", "2", records=(Record("r2", "R", ("G2",)),))
        both = ncts.combine([a, b], id="ab", title="A and B")
        assert (both.id, both.title, both.strategy, both.data_version) == (
            "ab",
            "A and B",
            "S",
            "1",
        )
        assert [r.id for r in both.records] == ["r1", "r2"]
        default = ncts.combine(iter([b]))
        assert (default.id, default.title, default.data_version) == (
            "combined",
            "Combined overlays",
            "2",
        )

    def test_nothing_to_combine(self) -> None:
        with pytest.raises(ncts.ValidationError, match="at least one overlay"):
            ncts.combine([])

    def test_different_strategies_are_named(self) -> None:
        a = Overlay("a", "A", "S", "1")
        b = Overlay("b", "B", "T", "1")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.combine([a, b, a])
        [problem] = info.value.problems
        assert problem.path == "strategy"
        assert "['S', 'T']" in problem.message

    def test_a_clash_names_both_overlays(self) -> None:
        a = Overlay("a", "A", "S", "1", records=(Record("r1", "R", ("G1",)),))
        b = Overlay(
            "b",
            "B",
            "S",
            "1",
            records=(Record("x", "X", ("G1",)), Record("R1", "R", ("G2",))),
        )
        with pytest.raises(ncts.ValidationError) as info:
            ncts.combine([a, b])
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "b.records[1].id",
                "record ID 'R1' is also used in overlay 'a': rename one",
            )
        ]


class TestValuesAndMessages:
    @pytest.mark.parametrize("kind", ["initiative", "measure", "indicator", "note"])
    @pytest.mark.parametrize(
        "status", ["planned", "active", "done", "paused", "stopped"]
    )
    def test_every_kind_and_status_as_written_in_a_file(
        self, kind: str, status: str
    ) -> None:
        text = _TEXT.replace(", G9]", f"]\n  kind: {kind}\n  status: {status}")
        record = ncts.loads_overlay(text)["r"]
        assert (record.kind.value, record.status) == (kind, ncts.Status(status))

    def test_blank_texts_are_refused_where_they_are(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            Record("r", " ", ("G1",))
        assert _paths(info) == ["title"]
        with pytest.raises(ncts.ValidationError) as info:
            Overlay("o", "", S.id, S.data_version)
        assert _paths(info) == ["title"]

    def test_equal_overlays_hash_alike(self) -> None:
        a = _overlay(Record("r", "R", ("G1",)))
        b = _overlay(Record("r", "R", ("G1",)))
        assert a == b
        assert hash(a) == hash(b)
        assert len({a, b}) == 1

    def test_argument_errors_name_the_argument(self, tmp_path: Path) -> None:
        o = _overlay(Record("r", "R", ("G1",)))
        with pytest.raises(TypeError, match=r"^overlay must be Overlay, not Strategy"):
            ncts.resolve(S, S)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy, not Overlay"):
            ncts.resolve(o, o)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"^unresolved must be 'error' or 'warn'"):
            ncts.resolve(o, S, unresolved="ignore")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^strategy must be Strategy or None"):
            ncts.loads_overlay(_TEXT, strategy="S")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"^unresolved must be 'error' or 'warn'"):
            ncts.loads_overlay(_TEXT, unresolved="no")  # type: ignore[arg-type]
        path = tmp_path / "o.yaml"
        path.write_text(_TEXT, encoding="utf-8")
        with pytest.raises(TypeError, match=r"^strategy must be Strategy or None"):
            ncts.load_overlay(path, strategy="S")  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=r"^overlays must hold only overlays, not int"
        ):
            ncts.combine([o, 1])  # type: ignore[list-item]
        with pytest.raises(
            TypeError, match=r"^overlays must be an iterable of overlays, not int"
        ):
            ncts.combine(1)  # type: ignore[arg-type]

    def test_limits_are_checked_before_the_file_is_read(self) -> None:
        with pytest.raises(ncts.FormatError, match=r"^max_depth must be"):
            ncts.load_overlay("/nonexistent/o.yaml", max_depth=5000)

    def test_a_document_that_is_not_a_mapping(self) -> None:
        with pytest.raises(
            ncts.ValidationError, match="an overlay document is a mapping of keys"
        ):
            ncts.loads_overlay("[1, 2]")

    def test_another_strategy_is_refused_at_strategy(self) -> None:
        o = Overlay("o", "O", "OTHER", S.data_version)
        with pytest.raises(ncts.ValidationError) as info:
            ncts.resolve(o, S)
        assert _paths(info) == ["strategy"]

    def test_json_by_default_is_not_assumed(self) -> None:
        """The default format of loads_overlay is YAML: YAML-only text loads."""
        assert ncts.loads_overlay(_TEXT.replace(", G9", ""))["r"].title == "R"


class TestArgumentOrder:
    def test_an_empty_addresses_is_reported_at_addresses(self) -> None:
        with pytest.raises(ncts.ValidationError) as info:
            Record("r", "R", ())
        assert _paths(info) == ["addresses"]

    def test_loads_overlay_checks_unresolved_before_reading(self) -> None:
        with pytest.raises(ValueError, match=r"^unresolved must be"):
            ncts.loads_overlay("[1, 2]", unresolved="no")  # type: ignore[arg-type]

    def test_load_overlay_checks_the_strategy_before_reading(self) -> None:
        with pytest.raises(TypeError, match=r"^strategy must be Strategy or None"):
            ncts.load_overlay("/nonexistent/o.yaml", strategy="S")  # type: ignore[arg-type]


class TestOverlayAsAMapping:
    """An overlay is a read-only mapping from record ID to record, case ignored."""

    def _overlay(self) -> Overlay:
        return _overlay(
            Record("k1", "K", ("VK6", "G1")),
            Record("R2", "R", ("vk6",)),
        )

    def test_lookups_ignore_case(self) -> None:
        o = self._overlay()
        assert o["K1"].title == "K"
        assert o["r2"].title == "R"
        assert "K1" in o
        assert "r2" in o
        assert o.get("K1") is o["k1"]
        assert o.get("r2", "none") is o["R2"]

    def test_what_is_not_there(self) -> None:
        o = self._overlay()
        kelvin = "\u212a1"  # KELVIN SIGN + "1": lower() gives "k1", but it is no ID
        assert kelvin.lower() == "k1"
        assert kelvin not in o
        assert o.get(kelvin) is None
        assert o.get("x9", "none") == "none"
        assert "x9" not in o
        assert 5 not in o  # type: ignore[comparison-overlap]
        with pytest.raises(ncts.UnknownIdError, match="k1"):
            o["K2"]
        with pytest.raises(ncts.UnknownIdError):
            o[kelvin]

    def test_keys_and_length(self) -> None:
        o = self._overlay()
        assert list(o) == ["k1", "R2"]
        assert len(o) == 2
        assert len(_overlay()) == 0

    def test_addressing_ignores_case(self) -> None:
        o = self._overlay()
        assert [r.id for r in o.addressing("VK6")] == ["k1", "R2"]
        assert [r.id for r in o.addressing("g1")] == ["k1"]
        assert o.addressing("VK7") == ()
        assert o.addressing("\u212a1") == ()
        with pytest.raises(TypeError, match=r"^id must be str, not int"):
            o.addressing(5)  # type: ignore[arg-type]


def _one_run(text: str, **kwargs: object) -> list[tuple[str, int | None]]:
    """The (path, line) of every problem loads_overlay reports for *text*."""
    with pytest.raises(ncts.ValidationError) as info:
        ncts.loads_overlay(text, **kwargs)  # type: ignore[arg-type]
    return [(p.path, p.line) for p in info.value.problems]


def _records(*records: str, strategy: str = S.id) -> str:
    """An overlay document with these records (each a YAML flow mapping)."""
    lines = "".join(f"- {r}\n" for r in records)
    head = f"id: o\ntitle: O\nstrategy: {strategy}\ndata_version: '{S.data_version}'\n"
    return f"{head}records:\n{lines}"


class TestEveryProblemOfAnOverlayInOneRun:
    """A broken overlay reports its repeated record IDs and its unknown addresses
    with its broken fields, in one run, each at its line; a path that is broken
    itself is not reported twice (load_overlay, loads_overlay and validate)."""

    def test_repeats_and_unknown_addresses_beside_a_broken_field(self) -> None:
        text = _records(
            "{id: a, title: A, addresses: [G1], status: nope}",  # line 6
            "{id: b, title: B, addresses: [G1, VK66]}",
            "{id: A, title: C, addresses: [G2]}",
        )
        assert _one_run(text) == [
            ("records[0].status", 6),
            ("records[1].addresses[1]", 7),
            ("records[2].id", 8),
        ]

    def test_through_load_overlay_and_validate(self, tmp_path: Path) -> None:
        text = _records(
            "{id: a, title: A, addresses: [G9], progress: half}",
            "{id: A, title: C, addresses: [G2]}",
        )
        path = tmp_path / "o.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ncts.ValidationError) as info:
            ncts.load_overlay(path)
        # Sorted by line; the order within a line is not promised.
        assert sorted((p.path, p.line) for p in info.value.problems) == [
            ("records[0].addresses[0]", 6),
            ("records[0].progress", 6),
            ("records[1].id", 7),
        ]
        assert info.value.file == str(path)
        out = io.StringIO()
        assert main(["validate", str(path)], out=out, err=out) == 1
        shown = out.getvalue()
        for where in (
            "records[0].addresses[0]",
            "records[0].progress",
            "records[1].id",
        ):
            assert where in shown

    def test_unknown_addresses_only_warn_when_told_to(self) -> None:
        text = _records(
            "{id: a, title: A, addresses: [G1, VK66], status: nope}",
            "{id: b, title: B, addresses: [G1]}",
            "{id: B, title: C, addresses: [G2]}",
        )
        assert _one_run(text, unresolved="warn") == [
            ("records[0].status", 6),
            ("records[2].id", 8),
        ]

    def test_another_strategys_addresses_are_not_checked(self) -> None:
        text = _records(
            "{id: a, title: A, addresses: [VK66], status: nope}",
            "{id: A, title: C, addresses: [G2]}",
            strategy="OTHER",
        )
        assert _one_run(text) == [("records[0].status", 6), ("records[1].id", 7)]

    def test_a_broken_id_is_left_out_of_the_repeats(self) -> None:
        """An ID with a problem of its own clashes with nothing: the KELVIN SIGN
        casefolds to 'k', but 'K1' written with it is no ID at all."""
        text = _records(
            "{id: \u212a1, title: A, addresses: [G1]}",
            "{id: k1, title: B, addresses: [G2]}",
            "{id: 5, title: C, addresses: [G2]}",
            "{id: K1, title: D, addresses: [G3]}",
        )
        assert _one_run(text) == [
            ("records[0].id", 6),
            ("records[2].id", 8),
            ("records[3].id", 9),
        ]

    def test_a_broken_address_is_reported_once(self) -> None:
        text = _records("{id: a, title: A, addresses: [G1, 'VK 6', 7, VK66]}")
        assert sorted(_one_run(text)) == [
            ("records[0].addresses[1]", 6),
            ("records[0].addresses[2]", 6),
            ("records[0].addresses[3]", 6),
        ]

    def test_records_that_are_not_mappings_keep_the_numbering(self) -> None:
        text = _records("5", "{id: a, title: A, addresses: [G9]}", "{id: A}")
        assert sorted(_one_run(text)) == [
            ("records[0]", 6),
            ("records[1].addresses[0]", 7),
            ("records[2].addresses", 8),
            ("records[2].id", 8),
            ("records[2].title", 8),
        ]
        head = _records().replace("records:\n", "")
        for records in ("records: 5\n", "records: {a: 1}\n"):
            assert _one_run(head + records) == [("records", 5)]
        records = "records: [[1], {id: a, title: A, addresses: [G1]}, {id: A}]\n"
        assert sorted(path for path, _ in _one_run(head + records)) == [
            "records[0]",
            "records[2].addresses",
            "records[2].id",
            "records[2].title",
        ]

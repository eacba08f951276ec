"""Overlays to and from spreadsheets (XLSX and CSV), and the strategy as a workbook.

What must hold: YAML to a spreadsheet and back gives an equal overlay, hostile
texts included (formula starters, control and bidirectional characters, quotes,
separators); no text is ever written so that a spreadsheet runs it; a formula
read is an error; every problem of a sheet is reported at once, each with the
file, sheet, row and column header; a missing openpyxl says how to get it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts._cli import main
from ncts._sheets import (
    RECORD_COLUMNS,
    escape_formula,
    join_list,
    read_overlay,
    split_list,
    unescape_formula,
    write_overlay,
    write_strategy_workbook,
    write_template,
)
from ncts.testing import text_values

STRATEGY = ncts.load()
TARGETS = [e.id for e in STRATEGY.elements() if e.element_type != "source"]
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "'", "'=", "''", " =", "\n="]
HOSTILE = [
    '=HYPERLINK("http://127.0.0.1:9/","x")',
    "+31 70 123 4567",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "'s-Hertogenbosch",
    "a; b",
    'say "hi"',
    " padded ",
    "\u202eevil\u2066",
    "\x1b[2J",
    "\x07bell",
    "tab\there",
    "line\nbreak",
    "cr\r\nlf",
    "<script>alert(1)</script>",
    "1e3",
    "0012",
    "2025-01-31",
    "TRUE",
    # A header with the other separator, in a comment line of the CSV.
    "a, id;title;addresses;",
    '"id;title;addresses"',
    "id,title,addresses",
]


def sheet_texts() -> st.SearchStrategy[str]:
    """Texts the schema accepts, many of them built to trip a spreadsheet."""
    tricky = st.builds(
        lambda a, b: a + b, st.sampled_from(TRIGGERS), st.sampled_from(HOSTILE)
    )
    return (text_values() | st.sampled_from(HOSTILE) | tricky).filter(_valid)


def records_workbook(*rows: list[Any]) -> Any:
    """A workbook whose first sheet, ``records``, holds *rows*."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "records"
    for row in rows:
        sheet.append(row)
    return book


def _valid(text: str) -> bool:
    from ncts._fields import text_problem

    return text_problem(text) is None


def _numbers() -> st.SearchStrategy[float | int | None]:
    return (
        st.none()
        | st.integers(-(10**15), 10**15)
        | st.floats(allow_nan=False, allow_infinity=False)
    )


@st.composite
def sheet_overlays(draw: st.DrawFn) -> ncts.Overlay:
    """Overlays on the bundled strategy, with hostile texts in every text field."""
    text = sheet_texts()
    records = []
    ids = draw(st.lists(ncts.testing.ids(), max_size=4, unique_by=str.casefold))
    for rid in ids:
        start = draw(
            st.none() | st.dates(datetime.date(1000, 1, 1), datetime.date(2100, 1, 1))
        )
        records.append(
            ncts.Record(
                id=rid,
                title=draw(text),
                addresses=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(TARGETS),
                            min_size=1,
                            max_size=3,
                            unique=True,
                        )
                    )
                ),
                kind=draw(st.sampled_from(ncts.RecordKind)),
                status=draw(st.none() | st.sampled_from(ncts.Status)),
                progress=draw(st.none() | st.integers(0, 100)),
                owner=draw(st.none() | text),
                start=start,
                end=None if start is None else draw(st.none() | st.dates(start)),
                tags=tuple(draw(st.lists(text, max_size=3, unique=True))),
                notes=draw(st.none() | text),
                documents=tuple(
                    ncts.Document(draw(text), url=draw(st.none() | text))
                    for _ in range(draw(st.integers(0, 2)))
                ),
                indicators=tuple(
                    ncts.Indicator(
                        draw(text),
                        unit=draw(st.none() | text),
                        baseline=draw(_numbers()),
                        target=draw(_numbers()),
                        value=draw(_numbers()),
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ),
            )
        )
    return ncts.Overlay(
        id=draw(ncts.testing.ids()),
        title=draw(text),
        strategy=STRATEGY.id,
        data_version=STRATEGY.data_version,
        description=draw(st.none() | text),
        records=tuple(records),
    )


def _texts(data: Any) -> Any:
    """Every text of a model object."""
    if isinstance(data, str):
        yield data
    elif attrs.has(type(data)):
        for field in attrs.fields(type(data)):
            yield from _texts(getattr(data, field.name))
    elif isinstance(data, tuple):
        for value in data:
            yield from _texts(value)


def _xlsx_can_hold(overlay: ncts.Overlay) -> bool:
    """Whether every text is one a workbook holds unchanged (XML 1.0 characters)."""
    from ncts._export import _not_xml

    return not any(_not_xml().search(text) for text in _texts(overlay))


def _cells(path: Path) -> list[tuple[str, Any]]:
    """Every cell of a workbook with a value: its coordinate and the cell."""
    book = openpyxl.load_workbook(path)
    return [
        (f"{sheet.title}!{cell.coordinate}", cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _written(overlay: ncts.Overlay, path: Path) -> Path:
    write_overlay(overlay, path, STRATEGY)
    return path


def _check_no_formulas(path: Path) -> None:
    """No cell of a written spreadsheet is, or would be taken for, a formula."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name)
                    assert b"<f " not in archive.read(name)
        return
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "id")
    numeric = {
        i
        for i, name in enumerate(rows[header])
        if name == "progress"
        or re.fullmatch(r"indicator \d+ (baseline|target|value)", name)
    }
    for row in rows[header + 1 :]:
        for i, cell in enumerate(row):
            if i in numeric:  # a number, never a text: -3 is minus three
                assert cell == "" or re.fullmatch(r"-?[0-9][0-9.e+-]*", cell), cell
            else:
                assert not cell.startswith(FORMULA), cell


class TestRoundTrip:
    @given(sheet_overlays(), st.sampled_from([".xlsx", ".csv"]))
    def test_yaml_to_sheet_to_yaml(self, overlay: ncts.Overlay, suffix: str) -> None:
        """YAML to XLSX or CSV and back gives an equal overlay (through CSV, the
        same YAML), and no text in the file is a formula."""
        import tempfile

        yaml_text = ncts.dumps(overlay, "yaml")
        loaded = ncts.loads_overlay(yaml_text, strategy=STRATEGY)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"o{suffix}"
            if (suffix == ".xlsx" and not _xlsx_can_hold(overlay)) or (
                suffix == ".csv" and any("\0" in t for t in _texts(overlay))
            ):
                # A workbook holds no control character but tab and line end (XML
                # 1.0), CSV readers no NUL: refused, naming the field, not changed.
                with pytest.raises(ncts.FormatError, match="U\\+"):
                    write_overlay(loaded, path)
                assert not path.exists()
                return
            write_overlay(loaded, path)  # (the IDs' sheet: see TestTemplate)
            _check_no_formulas(path)
            back = ncts.load_overlay(path, strategy=STRATEGY)
        assert back == overlay
        if suffix == ".csv":
            assert ncts.dumps(back, "yaml") == yaml_text
        # A workbook has one kind of number: 3.0 comes back as 3, an equal value.

    def test_example_through_the_command_line(self, tmp_path: Path) -> None:
        """ncts convert overlay.yaml overlay.xlsx, then .csv, then back to YAML."""
        source = ncts.example_path("overlay.yaml")
        for a, b in [
            (source, tmp_path / "o.xlsx"),
            (tmp_path / "o.xlsx", tmp_path / "o.csv"),
            (tmp_path / "o.csv", tmp_path / "o.yaml"),
        ]:
            assert main(["convert", str(a), str(b)]) == 0
        assert (tmp_path / "o.yaml").read_text(encoding="utf-8") == Path(
            source
        ).read_text(encoding="utf-8")

    def test_dates_are_date_cells(self, tmp_path: Path) -> None:
        """Start and end dates are written as date cells, shown as YYYY-MM-DD."""
        path = tmp_path / "o.xlsx"
        write_overlay(ncts.load_overlay(ncts.example_path("overlay.yaml")), path)
        sheet = openpyxl.load_workbook(path)["records"]
        header = [c.value for c in sheet[1]]
        start = sheet.cell(2, header.index("start") + 1)
        assert start.is_date  # type: ignore[union-attr]
        assert start.value == datetime.datetime(2023, 3, 1)
        assert start.number_format == "yyyy-mm-dd"


class TestFormulas:
    def test_texts_that_start_like_formulas(self, tmp_path: Path) -> None:
        """In a workbook every text is a text cell, marked as text (Excel's
        apostrophe) when it starts like a formula; in CSV it gets an apostrophe."""
        from ncts._export import _not_xml

        texts = [
            t + h
            for t in TRIGGERS
            for h in HOSTILE
            if _valid(t + h) and not _not_xml().search(t + h)
        ]
        records = tuple(
            ncts.Record(f"r{i}", text, ("VK1",), owner=text, tags=(text,), notes=text)
            for i, text in enumerate(texts)
        )
        overlay = ncts.Overlay(
            "o", "=T", STRATEGY.id, STRATEGY.data_version, records=records
        )
        _check_no_formulas(_written(overlay, tmp_path / "o.csv"))
        path = _written(overlay, tmp_path / "o.xlsx")
        _check_no_formulas(path)
        marked = 0
        for where, cell in _cells(path):
            assert cell.data_type in ("s", "n", "d"), where
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA):
                assert cell.quotePrefix, where
                marked += 1
        assert marked > len(texts)
        assert read_overlay(path) == read_overlay(tmp_path / "o.csv") == overlay

    def test_a_formula_is_an_error(self, tmp_path: Path) -> None:
        """A formula cell is never evaluated: reading it is an error at its cell."""
        path = tmp_path / "m.xlsx"
        book = records_workbook(
            ["id", "title", "addresses", "progress"], ["m1", "=1+1", "VK1", "=50+50"]
        )
        book.save(path)
        with pytest.raises(ncts.ValidationError) as caught:
            read_overlay(path)
        problems = [str(p) for p in caught.value.problems]
        assert len(problems) == 2
        assert "sheet 'records', row 2, column 'title' (B)" in problems[0]
        assert "formula" in problems[0]
        assert "row 2, column 'progress' (D)" in problems[1]

    @given(st.text(max_size=20))
    def test_escape_is_undone(self, text: str) -> None:
        """The CSV mark is taken off again, whatever the text."""
        marked = escape_formula(text)
        assert unescape_formula(marked) == text
        assert not marked.startswith(("=", "+", "-", "@", "\t", "\r"))


class TestLists:
    @given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), min_size=1)))
    def test_join_and_split(self, values: list[str]) -> None:
        """Several values in one cell read back as they were written."""
        assert split_list(join_list(values)) == values


def _workbook(
    tmp_path: Path, rows: list[list[Any]], meta: list[list[Any]] | None = None
) -> Path:
    path = tmp_path / "measures.xlsx"
    book = records_workbook(*rows)
    if meta is not None:
        other = book.create_sheet("overlay")
        for row in meta:
            other.append(row)
    book.save(path)
    return path


class TestErrors:
    def test_every_problem_at_once_with_its_place(self, tmp_path: Path) -> None:
        """Each problem names the file, the sheet, the row and the column header."""
        path = _workbook(
            tmp_path,
            [
                ["id", "title", "addresses", "status", "progress", "start", "colour"],
                [
                    "m1",
                    "Buurtteams",
                    "VK1",
                    "busy",
                    50,
                    datetime.date(2024, 1, 1),
                    None,
                ],
                ["m2", None, "VK99", "active", "half", "31-01-2024", "red"],
                ["m3", "Too far", "VK2", None, 101, None, None],
            ],
        )
        with pytest.raises(ncts.ValidationError) as caught:
            ncts.load_overlay(path, strategy=STRATEGY)
        text = str(caught.value)
        assert str(path) in text
        places = [p.path for p in caught.value.problems]
        expected = [
            "sheet 'records', row 1, column 'colour' (G)",
            "sheet 'records', row 2, column 'status' (D)",
            "sheet 'records', row 3, column 'title' (B)",
            "sheet 'records', row 3, column 'addresses' (C)",
            "sheet 'records', row 3, column 'progress' (E)",
            "sheet 'records', row 3, column 'start' (F)",
            "sheet 'records', row 4, column 'progress' (E)",
        ]
        for place in expected:
            assert place in places, (place, places)
        messages = " ".join(p.message for p in caught.value.problems)
        assert "unknown ID 'VK99'" in messages
        assert "no header" not in messages  # the unknown column is reported once

    def test_a_duplicate_id_names_both_rows(self, tmp_path: Path) -> None:
        """A record ID used twice is reported at the second, naming the first."""
        path = _workbook(
            tmp_path,
            [["id", "title", "addresses"], ["m1", "A", "VK1"], ["M1", "B", "VK2"]],
        )
        with pytest.raises(ncts.ValidationError) as caught:
            read_overlay(path)
        [problem] = caught.value.problems
        assert problem.path == "sheet 'records', row 3, column 'id' (A)"
        assert "row 2, column 'id'" in problem.message

    def test_csv_names_row_and_column(self, tmp_path: Path) -> None:
        """A CSV file has no sheet: its problems name the row and the column."""
        path = tmp_path / "m.csv"
        path.write_text(
            "id,title,addresses,status\nm1,T,VK1,unknown\n", encoding="utf-8"
        )
        with pytest.raises(ncts.ValidationError) as caught:
            read_overlay(path)
        [problem] = caught.value.problems
        assert problem.path == "row 2, column 'status' (D)"
        assert "planned" in problem.message

    @given(
        st.sampled_from(list(RECORD_COLUMNS)),
        st.integers(2, 6),
        st.sampled_from(["x y", -1, 1.5, datetime.datetime(2024, 1, 1, 12, 30), True]),
    )
    def test_a_bad_cell_anywhere(self, column: str, row: int, value: Any) -> None:
        """A wrong value in any column and row is reported at that row and column."""
        import tempfile

        header = list(RECORD_COLUMNS)
        good = ["r", "T", "VK1", "measure", "active", 5, "me", datetime.date(2024, 1, 1),
                datetime.date(2024, 2, 1), "a", "n"]  # fmt: skip
        rows = [header] + [[f"r{i}", *good[1:]] for i in range(2, 7)]
        rows[row - 1][header.index(column)] = value
        with tempfile.TemporaryDirectory() as folder:
            path = _workbook(Path(folder), rows)
            try:
                overlay: ncts.Overlay | None = read_overlay(path, STRATEGY)
                places: set[str] = set()
            except ncts.ValidationError as exc:
                overlay, places = None, {p.path for p in exc.problems}
        letter = "ABCDEFGHIJK"[header.index(column)]
        if overlay is None:
            assert places == {
                f"sheet 'records', row {row}, column '{column}' ({letter})"
            }
        else:  # only a text column takes it, as the text it shows
            assert column in ("id", "title", "owner", "notes", "tags")
            assert str(value) in ncts.dumps(overlay, "json")

    def test_another_strategy(self, tmp_path: Path) -> None:
        """An overlay sheet for another strategy is refused, at its field."""
        path = _workbook(
            tmp_path,
            [["id", "title", "addresses"], ["m1", "T", "VK1"]],
            [["field", "value"], ["strategy", "OTHER"]],
        )
        with pytest.raises(ncts.ValidationError) as caught:
            read_overlay(path, STRATEGY)
        [problem] = caught.value.problems
        assert problem.path.startswith("sheet 'overlay', row 2")
        assert "OTHER" in problem.message

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        """A file that is not a workbook is a ParseError naming it."""
        path = tmp_path / "m.xlsx"
        path.write_bytes(b"PK\x03\x04 not really")
        with pytest.raises(ncts.ParseError, match=r"m\.xlsx"):
            read_overlay(path)

    def test_validate_on_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """ncts validate reports a sheet's problems with their places."""
        path = _workbook(tmp_path, [["id", "title", "addresses"], ["m1", "T", "VK99"]])
        assert main(["validate", str(path)]) == 1
        out = capsys.readouterr().out
        assert "sheet 'records', row 2, column 'addresses' (C)" in out


class TestTemplate:
    def test_drop_down_lists(self, tmp_path: Path) -> None:
        """The template offers the strategy's IDs, the kinds and the statuses."""
        path = tmp_path / "t.xlsx"
        assert main(["template", str(path), "--rows", "50"]) == 0
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["records", "overlay", "ids"]
        ids = [row[0] for row in book["ids"].iter_rows(min_row=2, values_only=True)]
        assert ids == TARGETS
        sheet = book["records"]
        header = [c.value for c in sheet[1]]
        rules = {
            str(rule.sqref): rule.formula1
            for rule in sheet.data_validations.dataValidation
        }
        status = "ABCDEFGHIJK"[header.index("status")]
        assert rules[f"{status}2:{status}51"] == '"planned,active,done,paused,stopped"'
        addresses = "ABCDEFGHIJK"[header.index("addresses")]
        assert rules[f"{addresses}2:{addresses}51"] == f"ids!$A$2:$A${len(ids) + 1}"
        assert len(read_overlay(path).records) == 0

    def test_filled_in_template_loads(self, tmp_path: Path) -> None:
        """Rows typed into the template load as records."""
        path = tmp_path / "t.xlsx"
        write_template(path, STRATEGY)
        book = openpyxl.load_workbook(path)
        book["records"].append(["m1", "Buurtteams", "VK1; VK2", None, "active", 30])
        book.save(path)
        overlay = read_overlay(path, STRATEGY)
        assert overlay.records[0].addresses == ("VK1", "VK2")
        assert overlay.records[0].progress == 30


class TestStrategyWorkbook:
    def test_sheets(self, tmp_path: Path) -> None:
        """The strategy exports to a workbook: elements, links, errata, sources."""
        path = tmp_path / "s.xlsx"
        assert main(["export", "--format", "xlsx", "-o", str(path)]) == 0
        book = openpyxl.load_workbook(path)
        for name in ("elements", "links", "errata", "sources"):
            assert name in book.sheetnames
        ids = [
            str(r[0]) for r in book["elements"].iter_rows(min_row=2, values_only=True)
        ]
        assert sorted(ids) == sorted(
            e.id for e in STRATEGY.elements() if e.element_type != "source"
        )
        assert book["links"].max_row == len(STRATEGY.links) + 1
        assert book["sources"].max_row == len(STRATEGY.sources) + 1

    def test_hostile_texts_stay_text(self, tmp_path: Path) -> None:
        """A strategy text that starts like a formula is a text cell, marked."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        goal = attrs.evolve(s.goals[0], text=ncts.Text("=1+1", "@SUM(A1)"))
        s = attrs.evolve(s, goals=(goal, *s.goals[1:]))
        path = tmp_path / "s.xlsx"
        write_strategy_workbook(s, path)
        marked = [c for _, c in _cells(path) if c.value in ("=1+1", "@SUM(A1)")]
        assert len(marked) == 2
        assert all(c.data_type == "s" and c.quotePrefix for c in marked)


class TestWithoutOpenpyxl:
    def test_clear_error(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Without openpyxl, .xlsx says how to install it; CSV still works."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        with pytest.raises(ImportError, match=r"pip install 'ncts\[sheets\]'"):
            write_overlay(overlay, tmp_path / "o.xlsx")
        assert (
            main(
                [
                    "convert",
                    str(ncts.example_path("overlay.yaml")),
                    str(tmp_path / "o.xlsx"),
                ]
            )
            == 2
        )
        assert "ncts[sheets]" in capsys.readouterr().err
        write_overlay(overlay, tmp_path / "o.csv")
        assert read_overlay(tmp_path / "o.csv") == overlay

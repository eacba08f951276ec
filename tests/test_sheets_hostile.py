"""Spreadsheets that try to lose data, hang ncts or crash it.

What must hold: a sheet with more records or columns than ncts reads is refused
with an error naming the limit, never read in part; a spreadsheet that is not a
regular file (a named pipe, a device, a folder, a socket) is refused before it is
opened, in the words used for YAML and JSON; the template never replaces a file
unasked; every problem names its cell, the right one; no number, time or
duration in a cell ends in an internal error; a CSV file ncts writes, ncts reads.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime
import io
import os
import re
import socket
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import _sheets
from ncts._cli import main
from ncts._sheets import read_overlay

from .test_sheets import records_workbook

STRATEGY = ncts.load()


def _write_rows(path: Path, rows: list[list[Any]], comments: list[str]) -> None:
    """Write rows as a CSV file (with # lines first) or as a workbook's records."""
    if path.suffix == ".csv":
        lines = [*comments, *(",".join(str(c) for c in row) for row in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    book = records_workbook(*rows)
    meta = book.create_sheet("overlay")
    meta.append(["field", "value"])
    for line in comments:
        field, _, value = line[2:].partition(": ")
        meta.append([field, value])
    book.save(path)


@contextlib.contextmanager
def _limits(
    rows: int | None = None, columns: int | None = None, cells: int | None = None
) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for name, value in (("ROWS", rows), ("COLUMNS", columns), ("CELLS", cells)):
            if value is not None:
                stack.enter_context(mock.patch.object(_sheets, f"MAX_{name}", value))
        yield


class TestNeverCutShort:
    """F1: more records than MAX_ROWS is an error naming the limit, never a cut."""

    @given(
        st.sampled_from([".csv", ".xlsx"]),
        st.integers(0, 7),
        st.lists(st.sampled_from(["# title: T", "# description: d"]), max_size=3),
        st.lists(st.tuples(st.integers(0, 8), st.sampled_from([[], ["", ""]]))),
    )
    def test_records_over_the_limit(
        self,
        suffix: str,
        count: int,
        comments: list[str],
        blanks: list[tuple[int, list[str]]],
    ) -> None:
        """However many # lines, blank rows and records there are, up to the limit
        every record is read; one more, and the file is refused at that row."""
        limit = 3
        comments = list(dict.fromkeys(comments))  # each field once
        rows: list[list[Any]] = [[f"r{i}", "T", "VK1"] for i in range(count)]
        for at, blank in sorted(blanks, reverse=True):
            rows.insert(min(at, len(rows)), blank)
        rows.insert(0, ["id", "title", "addresses"])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"o{suffix}"
            _write_rows(path, rows, comments)
            with _limits(rows=limit):
                if count <= limit:
                    overlay = read_overlay(path, STRATEGY)
                    assert [r.id for r in overlay.records] == [
                        f"r{i}" for i in range(count)
                    ]
                    return
                with pytest.raises(ncts.ParseError) as caught:
                    read_overlay(path, STRATEGY)
        message = str(caught.value)
        assert f"more than {limit} rows after the header" in message
        assert f"at most {limit} records" in message
        assert "split" in message
        # The first record over the limit is named, at its row (in a CSV file the
        # # lines come first).
        over = next(i for i, row in enumerate(rows, 1) if row[:1] == [f"r{limit}"])
        offset = len(comments) if suffix == ".csv" else 0
        assert f"row {over + offset}:" in message
        assert path.name in message

    def test_the_limit_itself_is_read(self, tmp_path: Path) -> None:
        """Exactly MAX_ROWS records, after # lines, load whole (the # lines and the
        header do not count)."""
        rows = [
            ["id", "title", "addresses"],
            *([f"r{i}", "T", "VK1"] for i in range(4)),
        ]
        for suffix in (".csv", ".xlsx"):
            path = tmp_path / f"o{suffix}"
            _write_rows(path, rows, ["# title: T", "# description: d"])
            with _limits(rows=4):
                assert len(read_overlay(path, STRATEGY).records) == 4
            with _limits(rows=3), pytest.raises(ncts.ParseError, match="at most 3"):
                read_overlay(path, STRATEGY)

    def test_rows_far_below_are_read(self, tmp_path: Path) -> None:
        """A record far below the others (empty rows between) is read, at its row."""
        path = tmp_path / "o.xlsx"
        book = records_workbook(["id", "title", "addresses"], ["r1", "T", "VK1"])
        sheet = book["records"]
        sheet.cell(5000, 1, "r2")
        sheet.cell(5000, 2, "T")
        sheet.cell(5000, 3, "VK99")
        book.save(path)
        with _limits(rows=3), pytest.raises(ncts.ValidationError) as caught:
            read_overlay(path, STRATEGY)
        [problem] = caught.value.problems
        assert problem.path == "sheet 'records', row 5000, column 'addresses' (C)"

    def test_a_wrong_dimension_loses_nothing(self, tmp_path: Path) -> None:
        """A workbook that states a smaller size than it has is read whole."""
        path = tmp_path / "o.xlsx"
        rows = [
            ["id", "title", "addresses"],
            *([f"r{i}", "T", "VK1"] for i in range(3)),
        ]
        _write_rows(path, rows, [])
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        assert b'<dimension ref="A1:C4" />' in sheet
        parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"A1:C4", b"A1:A1")
        with zipfile.ZipFile(path, "w") as archive:
            for part, data in parts.items():
                archive.writestr(part, data)
        assert [r.id for r in read_overlay(path, STRATEGY).records] == [
            "r0",
            "r1",
            "r2",
        ]

    def test_too_many_cells(self, tmp_path: Path) -> None:
        """Empty formatted cells far to the right count: past MAX_CELLS, an error
        (not a long wait), at the row where the count is passed."""
        path = tmp_path / "o.xlsx"
        book = records_workbook(
            ["id", "title", "addresses"], *([f"r{i}", "T", "VK1"] for i in range(4))
        )
        book.save(path)
        with _limits(cells=15):
            assert len(read_overlay(path, STRATEGY).records) == 4
        book["records"].cell(
            3, 8
        ).number_format = "0"  # row 3 is 8 cells long: 20 in all
        book.save(path)
        with _limits(cells=15), pytest.raises(ncts.ParseError) as caught:
            read_overlay(path, STRATEGY)
        assert "sheet 'records', row 4: more than 15 cells" in str(caught.value)
        with _limits(cells=20):
            assert len(read_overlay(path, STRATEGY).records) == 4

    @pytest.mark.parametrize("column", [6, 7, 30])
    def test_a_value_beyond_the_last_column(self, tmp_path: Path, column: int) -> None:
        """A value beyond MAX_COLUMNS is an error naming its cell, not dropped; an
        empty (formatted) cell there is no value, and no error."""
        path = tmp_path / "o.xlsx"
        book = records_workbook(["id", "title", "addresses"], ["r1", "T", "VK1"])
        sheet = book["records"]
        sheet.cell(2, 5, "inside")  # column E: the last one read
        sheet.cell(3, column).number_format = "yyyy-mm-dd"  # formatted, empty
        sheet.append(["r2", "T", "VK2"])
        book.save(path)
        with _limits(columns=5), pytest.raises(ncts.ValidationError):
            read_overlay(path, STRATEGY)  # column E has no header: read, reported
        sheet.cell(2, 5).value = None
        book.save(path)
        with _limits(columns=5):
            assert len(read_overlay(path, STRATEGY).records) == 2
        sheet.cell(4, column, "lost?")
        book.save(path)
        letter = _sheets._letter(column)
        with _limits(columns=5), pytest.raises(ncts.ParseError) as caught:
            read_overlay(path, STRATEGY)
        assert f"sheet 'records', row 4, column {letter}: a value beyond column E" in (
            str(caught.value)
        )
        assert "at most 5 columns" in str(caught.value)


def _not_regular(kind: str, folder: Path, name: str) -> Path:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to(os.devnull)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    return path


_WORDS = {
    "fifo": "it is a named pipe (FIFO), not a regular file",
    "device": "it is a character device, not a regular file",
    "zero": "it is a character device, not a regular file",
    "folder": "it is a folder",
    "socket": "it is a socket, not a regular file",
}


@pytest.fixture
def unopened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file opened; refuse to open anything but a regular file."""
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def check(path: object) -> None:
        if isinstance(path, (str, os.PathLike)):
            name = os.fspath(path)
            opened.append(str(name))
            with contextlib.suppress(OSError):
                if not Path(name).is_file() and Path(name).exists():
                    raise AssertionError(f"opened a non-regular file: {name}")

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        check(file)
        return real_open(file, *args, **kwargs)

    def guarded_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        check(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)  # zipfile's
    monkeypatch.setattr(os, "open", guarded_os_open)
    return opened


class TestNotRegular:
    """F2: a spreadsheet that is not a regular file is refused before it is opened."""

    @pytest.mark.parametrize("kind", sorted(_WORDS))
    @pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
    def test_refused_unopened(
        self, tmp_path: Path, kind: str, suffix: str, unopened: list[str]
    ) -> None:
        """read_overlay and ncts.load_overlay refuse it with read_text's words."""
        path = _not_regular(kind, tmp_path, f"o{suffix}")
        expected = f"cannot read {str(path)!r}: {_WORDS[kind]}"
        for read in (read_overlay, ncts.load_overlay):
            with pytest.raises(ncts.FileError) as caught:
                read(path, STRATEGY)
            assert str(caught.value) == expected
            with pytest.raises(ncts.FileError) as caught:
                read(str(path), STRATEGY)
            assert str(caught.value) == expected
        assert str(path) not in unopened

    @pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
    def test_on_the_command_line(
        self,
        tmp_path: Path,
        kind: str,
        unopened: list[str],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """ncts validate and convert say so and exit 1; nothing hangs."""
        path = _not_regular(kind, tmp_path, "o.xlsx")
        assert main(["validate", str(path)]) == 1
        assert main(["convert", str(path), str(tmp_path / "o.yaml")]) == 1
        err = capsys.readouterr()
        assert (err.out + err.err).count(_WORDS[kind]) == 2
        assert not (tmp_path / "o.yaml").exists()

    def test_too_big_is_refused_before_it_is_read(self, tmp_path: Path) -> None:
        """A workbook over max_bytes is refused before openpyxl sees it."""
        path = tmp_path / "o.xlsx"
        _sheets.write_overlay(
            ncts.load_overlay(ncts.example_path("overlay.yaml")), path
        )
        size = path.stat().st_size
        with mock.patch.object(openpyxl, "load_workbook") as loaded:
            with pytest.raises(
                ncts.ParseError, match=f"more than the limit of {size - 1:,}"
            ):
                ncts.load_overlay(path, max_bytes=size - 1)
            assert loaded.call_count == 0
        assert len(ncts.load_overlay(path, max_bytes=size).records) == 6


@contextlib.contextmanager
def _chdir(folder: str) -> Iterator[None]:
    """Work in *folder* for a while (contextlib.chdir, which Python 3.10 lacks)."""
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


class TestTemplateArguments:
    """F3 and F6: the template replaces no file unasked, and its arguments are
    checked as convert's are (exit 2, naming the argument)."""

    @pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
    def test_an_existing_file_is_kept(
        self, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A filled-in sheet is not replaced by a blank one without --force; a link
        to one neither."""
        path = tmp_path / f"t{suffix}"
        assert main(["template", str(path)]) == 0
        filled = path.read_bytes() + b"filled in"
        path.write_bytes(filled)
        link = tmp_path / f"link{suffix}"
        link.symlink_to(path)
        for name in (path, link):
            assert main(["template", str(name)]) == 1
            err = capsys.readouterr().err
            assert f"cannot write {str(name)!r}: the file exists" in err
            assert "--force" in err
            assert path.read_bytes() == filled
        assert main(["template", str(link), "--force"]) == 0
        assert link.is_symlink()
        assert path.read_bytes() != filled
        assert len(read_overlay(path, STRATEGY).records) == 0

    @given(
        st.builds(
            str.__add__,
            st.sampled_from(["t", "a.dir", "/dev/null", ".", "adir"]),
            st.sampled_from(
                ["", "/", ".yaml", ".json", ".xls", ".xlsx/", ".csv/", ".txt"]
            ),
        )
        | st.just("-")
    )
    def test_a_bad_out_is_a_usage_error(self, name: str) -> None:
        """OUT without .xlsx or .csv, or naming a folder, is refused as convert
        refuses a bad OUT: exit 2, 'argument OUT: ...'; nothing is written."""
        with tempfile.TemporaryDirectory() as folder, _chdir(folder):
            Path("adir.xlsx").mkdir()
            out, err = io.StringIO(), io.StringIO()
            assert main(["template", name], out=out, err=err) == 2
            message = err.getvalue()
            assert message.startswith("ncts: error: argument OUT: "), message
            assert (
                "folder" in message
                if name.endswith("/")
                else ".xlsx or .csv" in message
            )
            assert sorted(os.listdir()) == ["adir.xlsx"]
            if name == "-" or name.endswith((".yaml", ".json")):
                return  # convert writes these
            convert = ["convert", str(ncts.example_path("overlay.yaml")), name]
            err = io.StringIO()
            assert main(convert, out=io.StringIO(), err=err) == 2
            assert err.getvalue().startswith("ncts: error: argument OUT: ")
            assert sorted(os.listdir()) == ["adir.xlsx"]

    def test_a_folder_named_like_a_sheet(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder named t.xlsx is not written over, with --force neither."""
        (tmp_path / "t.xlsx").mkdir()
        for force in ([], ["--force"]):
            assert main(["template", str(tmp_path / "t.xlsx"), *force]) == 1
            assert "it is a folder" in capsys.readouterr().err
        assert sorted(os.listdir(tmp_path / "t.xlsx")) == []

    @given(
        st.integers(1_048_576, 10**30).map(str)
        | st.sampled_from(["0", "-1", "1e3", "", "x", "9" * 5000, "\u00b2"])
    )
    def test_too_many_rows_is_a_usage_error(self, rows: str) -> None:
        """--rows beyond what a sheet holds is a usage error naming the most."""
        with tempfile.TemporaryDirectory() as folder:
            err = io.StringIO()
            path = str(Path(folder) / "t.xlsx")
            assert main(["template", "--rows", rows, path], err=err) == 2
            assert "argument --rows: must be a whole number from 1 to 1,048,575" in (
                err.getvalue()
            )
            assert "1,048,576 rows" in err.getvalue()
            assert not Path(path).exists()

    @pytest.mark.parametrize("rows", ["0", "-1", "", " ", "1.5", "x", "\u00b2"])
    def test_fewer_than_one_row_is_a_usage_error(
        self, tmp_path: Path, rows: str
    ) -> None:
        err = io.StringIO()
        path = tmp_path / "t.xlsx"
        assert main(["template", "--rows", rows, str(path)], err=err) == 2
        assert "argument --rows: must be a whole number from 1 to" in err.getvalue()
        assert not path.exists()

    def test_one_row(self, tmp_path: Path) -> None:
        path = tmp_path / "t.xlsx"
        assert main(["template", "--rows", "1", str(path)]) == 0
        sheet = openpyxl.load_workbook(path)["records"]
        ranges = {str(rule.sqref) for rule in sheet.data_validations.dataValidation}
        assert "E2" in ranges

    def test_the_most_rows(self, tmp_path: Path) -> None:
        """The last row of a sheet can have the drop-down lists; one more cannot
        (in Python: a FormatError naming the argument)."""
        path = tmp_path / "t.xlsx"
        assert main(["template", "--rows", "1048575", str(path)]) == 0
        sheet = openpyxl.load_workbook(path)["records"]
        ranges = {str(rule.sqref) for rule in sheet.data_validations.dataValidation}
        assert "E2:E1048576" in ranges
        assert sheet.column_dimensions["H"].number_format == "yyyy-mm-dd"
        for rows in (0, 1_048_576, 10**40, True):
            with pytest.raises(ncts.FormatError, match="rows must be a whole number"):
                _sheets.write_template(tmp_path / "u.xlsx", STRATEGY, rows=rows)
        assert not (tmp_path / "u.xlsx").exists()


class TestTheRightCell:
    """F4: an empty required cell is reported at its own column, wherever it is
    (trailing empty cells are not in the row that is read)."""

    @given(
        st.permutations(
            ["id", "title", "addresses", "owner", "document 1 title", "document 1 url"]
        ),
        st.sampled_from(["title", "addresses", "document 1 title"]),
        st.sampled_from([".csv", ".xlsx"]),
    )
    def test_an_empty_required_cell(
        self, header: list[str], empty: str, suffix: str
    ) -> None:
        values = {
            "id": "m1",
            "title": "T",
            "addresses": "VK1",
            "owner": "me",
            "document 1 title": "Plan",
            "document 1 url": "https://example.org",
        }
        values[empty] = ""
        row = [values[name] for name in header]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"o{suffix}"
            _write_rows(path, [header, row], [])
            with pytest.raises(ncts.ValidationError) as caught:
                read_overlay(path, STRATEGY)
        [problem] = caught.value.problems
        letter = _sheets._letter(header.index(empty) + 1)
        sheet = "sheet 'records', " if suffix == ".xlsx" else ""
        assert problem.path == f"{sheet}row 2, column {empty!r} ({letter})"
        owner = "document" if empty.startswith("document") else "record"
        assert problem.message == f"is empty: every {owner} needs one"


class TestLongNumbers:
    """F5: a number too long for a float, or with more digits than a number may
    have, is no internal error: written as text, or reported at its cell."""

    @given(
        st.integers(4301, 4500),
        st.sampled_from(["progress", "indicator 1 baseline", "indicator 1 value"]),
        st.booleans(),
    )
    def test_too_many_digits_in_a_cell(
        self, digits: int, column: str, negative: bool
    ) -> None:
        """A CSV cell with more digits than the JSON loader reads is reported at its
        cell, in the JSON loader's words."""
        header = ["id", "title", "addresses", "indicator 1 name", column]
        number = "-" * negative + "7" * digits
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "o.csv"
            _write_rows(path, [header, ["m1", "T", "VK1", "n", number]], [])
            with pytest.raises(ncts.ValidationError) as caught:
                read_overlay(path, STRATEGY)
        [problem] = caught.value.problems
        assert problem.path == f"row 2, column {column!r} (E)"
        assert problem.message == (
            f"the number has {digits:,} digits, more than the 4,300 that a number "
            "may have: give fewer digits"
        )

    @given(
        st.integers(309, 4300).flatmap(
            lambda n: st.integers(10 ** (n - 1), 10**n - 1) | st.just(-(10**n) + 1)
        ),
        st.sampled_from(["baseline", "target", "value"]),
    )
    def test_beyond_a_float_round_trips(self, number: int, field: str) -> None:
        """An indicator's whole number beyond the largest float goes to a workbook
        (as text, every digit) and comes back equal."""
        changes: dict[str, Any] = {field: number}
        indicator = attrs.evolve(ncts.Indicator("n"), **changes)
        overlay = _one_indicator(indicator)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "o.xlsx"
            _sheets.write_overlay(overlay, path)
            assert read_overlay(path, STRATEGY) == overlay

    def test_through_the_command_line(self, tmp_path: Path) -> None:
        """ncts convert big.yaml big.xlsx (an internal error before), and back."""
        overlay = _one_indicator(ncts.Indicator("n", value=10**400, target=-(10**4299)))
        source = tmp_path / "big.yaml"
        source.write_text(ncts.dumps(overlay, "yaml"), encoding="utf-8")
        path, back = tmp_path / "big.xlsx", tmp_path / "back.yaml"
        assert main(["convert", str(source), str(path)]) == 0
        assert main(["convert", str(path), str(back)]) == 0
        assert back.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def _one_indicator(indicator: ncts.Indicator) -> ncts.Overlay:
    return ncts.Overlay(
        "o",
        "T",
        STRATEGY.id,
        STRATEGY.data_version,
        records=(ncts.Record("m1", "T", ("VK1",), indicators=(indicator,)),),
    )


class TestWhatACellHolds:
    """F8: a time of day, a duration or an error value is named as such (not as a
    formula), with what to type instead for the column."""

    @given(
        st.sampled_from(
            [
                (datetime.time(12, 30), "a time of day (12:30:00)"),
                (datetime.timedelta(hours=30), "a duration (1 day, 6:00:00)"),
                ("=1/0", "a formula (=1/0), which ncts never evaluates"),
            ]
        ),
        st.sampled_from(
            [
                ("title", "the text itself"),
                ("progress", "a whole number"),
                ("start", "a date (a date cell, or the text YYYY-MM-DD)"),
                ("indicator 1 value", "a number"),
            ]
        ),
    )
    def test_named_with_what_to_type(
        self, held: tuple[Any, str], column: tuple[str, str]
    ) -> None:
        (value, what), (name, instead) = held, column
        header = ["id", "title", "addresses", "indicator 1 name"]
        if name not in header:
            header.append(name)
        row: list[Any] = ["m1", "T", "VK1", "n", None][: len(header)]
        row[header.index(name)] = value
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "o.xlsx"
            _write_rows(path, [header, row], [])
            with pytest.raises(ncts.ValidationError) as caught:
                read_overlay(path, STRATEGY)
        [problem] = caught.value.problems
        letter = _sheets._letter(header.index(name) + 1)
        assert problem.path == f"sheet 'records', row 2, column {name!r} ({letter})"
        assert problem.message == f"holds {what}: type {instead} instead"

    def test_an_error_value(self, tmp_path: Path) -> None:
        """A cell of Excel's error type (#DIV/0!) is an error value, not a formula."""
        path = tmp_path / "o.xlsx"
        _write_rows(path, [["id", "title", "addresses"], ["m1", "T", "VK1"]], [])
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        cell = b'<c r="B2" t="e"><v>#DIV/0!</v></c>'
        parts["xl/worksheets/sheet1.xml"] = re.sub(
            rb'<c r="B2"[^>]*>.*?</c>', cell, sheet, count=1
        )
        assert cell in parts["xl/worksheets/sheet1.xml"]
        with zipfile.ZipFile(path, "w") as archive:
            for part, data in parts.items():
                archive.writestr(part, data)
        with pytest.raises(ncts.ValidationError) as caught:
            read_overlay(path, STRATEGY)
        [problem] = caught.value.problems
        assert problem.path == "sheet 'records', row 2, column 'title' (B)"
        assert problem.message == (
            "holds an error value (#DIV/0!): type the text itself instead"
        )


class TestTheHeaderOfACsv:
    @pytest.mark.parametrize("field", ["title", "description"])
    @pytest.mark.parametrize(
        "text",
        [
            "a, id;title;addresses;",
            '"id;title;addresses;"',
            "x; id,title,addresses",
            'say "id;title;addresses"',
        ],
    )
    def test_a_comment_that_looks_like_a_header(
        self, tmp_path: Path, field: str, text: str
    ) -> None:
        """A CSV that ncts wrote could not be read back: a quoted '# description'
        line holding the other separator's header was taken for the header."""
        changes: dict[str, Any] = {field: text}
        overlay = attrs.evolve(
            ncts.load_overlay(ncts.example_path("overlay.yaml")), **changes
        )
        path = tmp_path / "o.csv"
        _sheets.write_overlay(overlay, path)
        assert ncts.load_overlay(path) == overlay


class TestAStrategyWorkbook:
    def test_is_named_as_such(self, tmp_path: Path) -> None:
        """A workbook of a strategy read as an overlay gave 20 'unknown column'
        problems; it is one error that says what the file is."""
        path = tmp_path / "s.xlsx"
        _sheets.write_strategy_workbook(ncts.load(), path)
        with pytest.raises(ncts.ParseError) as info:
            ncts.load_overlay(path)
        assert str(info.value) == (
            f"{path}: the workbook holds a strategy, as ncts writes one (its sheets "
            "'strategy', 'elements', ...): ncts reads only overlays from "
            "spreadsheets; read the strategy from its YAML or JSON file"
        )

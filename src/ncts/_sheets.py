"""Overlays as spreadsheets (XLSX and CSV), both ways, and the strategy as a workbook.

One row per record; the columns are in :data:`RECORD_COLUMNS` (documented in
docs/file-format.md). A workbook (XLSX) has a sheet ``records`` and a sheet
``overlay`` of ``field``/``value`` rows; a CSV file has the overlay's fields as
``# field: value`` lines before its header. Several values in one cell (the
addresses, the tags) are separated by ``;``; a tag that holds ``;`` or ``"``, or
starts or ends with a space, is written in double quotes, with ``""`` for a quote.

Formulas are never evaluated. A workbook cell that holds a formula is an error.
A text is written so that no spreadsheet takes it for a formula: in a workbook as
a text cell marked as text (Excel's leading apostrophe); in CSV, which has no cell
types, a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets an apostrophe before it, which reading takes off again (so does a text
that starts with an apostrophe followed by one of those, or by another apostrophe).

Every problem is reported at once, each with the file, the sheet, the row and the
column's header, like the YAML loader's problems with their line.

XLSX needs openpyxl (``pip install 'ncts[sheets]'``); CSV needs nothing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._checks import (
    check_choice,
    check_type,
    check_whole_number,
    too_many_digits,
)
from ._convert import describe_value, structure
from ._errors import (
    FormatError,
    ParseError,
    Problem,
    ValidationError,
    closest,
    format_path,
    parse_path,
    suggestion_text,
)
from ._escape import printable
from ._io import MAX_BYTES, atomic_write, read_bytes, read_text
from ._model import Source, Strategy

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ._overlay import Overlay

__all__ = [
    "LIST_SEPARATOR",
    "RECORD_COLUMNS",
    "SHEET_SUFFIXES",
    "join_list",
    "read_overlay",
    "split_list",
    "unescape_formula",
    "write_overlay",
    "write_strategy_workbook",
    "write_template",
]

#: The file suffixes of the spreadsheets ncts reads and writes.
SHEET_SUFFIXES = (".xlsx", ".csv")

#: What separates several values in one cell.
LIST_SEPARATOR = ";"

# What each column holds: text, an ID list, a text list, a choice, a whole
# number, a number, a date.
_Kind = Literal["text", "ids", "list", "choice", "int", "number", "date"]

#: The columns of the records sheet, in order, with what each holds. Documents
#: and indicators take numbered columns, as many as needed: ``document 1 title``,
#: ``document 1 url``, ``indicator 1 name``, ... ``indicator 1 value``.
RECORD_COLUMNS: dict[str, tuple[_Kind, str]] = {
    "id": ("text", "the record's ID, unique in the overlay (required)"),
    "title": ("text", "what the record is, in a few words (required)"),
    "addresses": ("ids", "the IDs of the elements it addresses, separated by ;"),
    "kind": ("choice", "initiative (when empty), measure, indicator or note"),
    "status": ("choice", "planned, active, done, paused or stopped"),
    "progress": ("int", "how far along, a whole percentage from 0 to 100"),
    "owner": ("text", "who is responsible"),
    "start": ("date", "when it starts or started: a date cell, or YYYY-MM-DD"),
    "end": ("date", "when it ends or ended: a date cell, or YYYY-MM-DD"),
    "tags": ("list", "free tags, separated by ;"),
    "notes": ("text", "anything else worth knowing"),
}
_DOCUMENT = {"title": "text", "url": "text"}
_INDICATOR = {
    "name": "text",
    "unit": "text",
    "baseline": "number",
    "target": "number",
    "value": "number",
}
_GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "document": ("documents", _DOCUMENT),
    "indicator": ("indicators", _INDICATOR),
}
#: The overlay's own fields, on the sheet ``overlay`` (or ``#`` lines in CSV).
OVERLAY_FIELDS = ("id", "title", "strategy", "data_version", "description")
_REQUIRED = ("id", "title", "addresses")
_NUMBERED = re.compile(r"(document|indicator) ([1-9][0-9]{0,3}) ([a-z_]+)")

#: The most records and columns read from a sheet; more is an error, not a wait
#: (and never a sheet read in part).
MAX_ROWS, MAX_COLUMNS = 100_000, 500
#: The most cells of a workbook's sheet looked at, counting each row up to its last
#: cell, empty formatted cells too (a cell in column XFD makes a row 16,384 long).
MAX_CELLS = 20_000_000
#: The most a workbook may unpack to (its parts are compressed XML).
MAX_UNPACKED = 256 * 1024 * 1024
#: The longest text a workbook cell can hold (Excel's limit).
MAX_CELL = 32_767
#: The most rows a workbook's sheet holds (Excel's limit).
SHEET_ROWS = 1_048_576


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        if exc.name != "openpyxl":
            raise  # openpyxl is there, but something it needs is broken
        raise ImportError(
            "reading and writing .xlsx needs openpyxl: pip install 'ncts[sheets]' "
            "(CSV needs nothing)",
            name="openpyxl",
        ) from exc
    return openpyxl


# Formulas: a text is written so that no spreadsheet runs it.

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _needs_mark(text: str) -> bool:
    return text.startswith(_TRIGGERS) or (
        text.startswith("'") and (text[1:2] in _TRIGGERS or text[1:2] == "'")
    )


def escape_formula(text: str) -> str:
    """Return a text for a CSV cell that no spreadsheet takes for a formula.

    >>> escape_formula("=HYPERLINK(1)"), escape_formula("'s-Hertogenbosch")
    ("'=HYPERLINK(1)", "'s-Hertogenbosch")
    >>> unescape_formula(escape_formula("'=x")) == "'=x"
    True
    """
    return "'" + text if _needs_mark(text) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`.

    >>> unescape_formula("'+31 70 123"), unescape_formula("'t Hooft")
    ('+31 70 123', "'t Hooft")
    """
    return text[1:] if text.startswith("'") and _needs_mark(text[1:]) else text


# Several values in one cell.

_LIST_ITEM = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^;"]*?))\s*(;|$)')


def join_list(values: Sequence[str]) -> str:
    """Write several texts into one cell, separated by ``;``.

    A text that holds ``;`` or ``"``, or starts or ends with white space, is put in
    double quotes, with ``""`` for each quote in it.

    >>> join_list(["prevention", "local"])
    'prevention; local'
    >>> print(join_list(["a; b", 'say "hi" twice']))
    "a; b"; "say ""hi"" twice"
    """
    items = []
    for value in values:
        if (
            not value
            or ";" in value
            or '"' in value
            or value != value.strip()
            or "\n" in value
        ):
            items.append('"' + value.replace('"', '""') + '"')
        else:
            items.append(value)
    return "; ".join(items)


def split_list(cell: str) -> list[str] | None:
    """Read the texts of one cell, as :func:`join_list` writes them; None if malformed.

    >>> split_list('prevention; "a; b" ;local')
    ['prevention', 'a; b', 'local']
    >>> split_list('"unclosed') is None
    True
    """
    items: list[str] = []
    at = 0
    while True:
        match = _LIST_ITEM.match(cell, at)
        if match is None:
            return None
        quoted, plain, end = match.groups()
        if quoted is not None:
            items.append(quoted.replace('""', '"'))
        elif plain:
            items.append(plain)
        at = match.end()
        if end == "":
            if at < len(cell):
                return None
            return items


_ID_SPLIT = re.compile(r"[;,\s]+")


# Reading.


@attrs.frozen
class _Place:
    """Where a value is: the sheet, the row, the column (for CSV, no sheet)."""

    sheet: str | None
    row: int
    column: int
    header: str

    def __str__(self) -> str:
        sheet = f"sheet {self.sheet!r}, " if self.sheet else ""
        return f"{sheet}row {self.row}, column {self.header!r} ({_letter(self.column)})"

    def key(self) -> tuple[int, int]:
        return (self.row, self.column)


def _letter(column: int) -> str:
    """Name a column as spreadsheets do, from 1: A, B, ... Z, AA."""
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


class _Marked:
    """A workbook cell whose value ncts does not read.

    A formula (never evaluated), an error value (``#DIV/0!``), a time of day, a
    duration.
    """

    def __init__(self, value: object, *, formula: bool) -> None:
        self.value = value
        self.formula = formula

    def what(self) -> str:
        """Say what the cell holds, for a message."""
        value = self.value
        if self.formula:
            return (
                f"a formula ({printable(str(value)[:60])}), which ncts never evaluates"
            )
        if isinstance(value, datetime.time):
            return f"a time of day ({value.isoformat()})"
        if isinstance(value, datetime.timedelta):
            return f"a duration ({value})"
        if isinstance(value, str):  # the cell's type is an error
            return f"an error value ({printable(value[:60])})"
        return f"a value ncts does not read ({type(value).__name__})"


#: What to type instead of a value ncts does not read, by the kind of column.
_INSTEAD = {
    "text": "the text itself",
    "choice": "the text itself",
    "ids": "the IDs themselves, separated by ;",
    "list": "the texts themselves, separated by ;",
    "int": "a whole number",
    "number": "a number",
    "date": "a date (a date cell, or the text YYYY-MM-DD)",
}


class _Reader:
    """Turns rows of cells into an overlay document, collecting every problem."""

    def __init__(self, name: str, sheet: str | None, csv: bool) -> None:
        self.name = name
        self.sheet = sheet
        self.csv = csv
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.places: dict[str, _Place] = {}
        self.bad: set[tuple[str | None, int, int]] = set()
        self.named: set[int] = set()

    def problem(self, place: _Place | str, message: str, order: int = 0) -> None:
        if isinstance(place, _Place):
            key = (order, place.row, place.column)
            self.bad.add((place.sheet, place.row, place.column))
        else:
            key = (order, 0, 0)
        self.problems.append((key, Problem(str(place), message)))

    def value(self, raw: object, kind: str, place: _Place) -> object:
        """Return a cell's value as the model reads it; None for an empty cell."""
        if raw is None or raw == "":
            return None
        if isinstance(raw, _Marked):
            self.problem(place, f"holds {raw.what()}: type {_INSTEAD[kind]} instead")
            return None
        if isinstance(raw, str) and self.csv:
            raw = unescape_formula(raw)
        if kind in ("text", "choice", "ids", "list"):
            if type(raw) is int:  # a number typed where text goes: its digits
                raw = str(raw)
            if not isinstance(raw, str):
                return self.wrong(place, "text", raw)
            if kind == "ids":
                return [part for part in _ID_SPLIT.split(raw) if part]
            if kind == "list":
                items = split_list(raw)
                if items is None:
                    self.problem(
                        place,
                        f"cannot read the list {printable(raw)!r}: separate values "
                        'with ;, and close every " that opens a value',
                    )
                return items
            return raw
        if kind == "date":
            if type(raw) is datetime.datetime:
                if raw.time() != datetime.time(0):
                    self.problem(
                        place, f"holds a time of day ({raw}): give a date only"
                    )
                    return None
                return raw.date()
            if type(raw) is datetime.date or isinstance(raw, str):
                return raw  # the model checks the text: YYYY-MM-DD
            return self.wrong(place, "a date (a date cell, or text YYYY-MM-DD)", raw)
        if isinstance(raw, str) and (problem := _too_long(raw)):
            self.problem(place, f"{problem}: give fewer digits")
            return None
        number = _number(raw) if isinstance(raw, str) else raw
        if kind == "int":
            if type(number) is float and number.is_integer():
                number = int(number)
            if type(number) is not int:
                return self.wrong(place, "a whole number", raw)
            return number
        if type(number) is int or (type(number) is float and math.isfinite(number)):
            return number
        return self.wrong(place, "a number", raw)

    def wrong(self, place: _Place, expected: str, raw: object) -> object:
        """Report a value of the wrong type; return None, the cell's value then."""
        shown = (
            f"the text {printable(raw)!r}"
            if isinstance(raw, str)
            else describe_value(raw)
        )
        self.problem(place, f"expected {expected}, got {shown}")
        return None

    def header(
        self, cells: Sequence[object], row: int
    ) -> dict[int, tuple[str, str, str | None, int]]:
        """Read the header row: for each column, its field (and group, and number)."""
        columns: dict[int, tuple[str, str, str | None, int]] = {}
        seen: dict[str, int] = {}
        known = [*RECORD_COLUMNS, "document 1 title", "indicator 1 name"]
        for i, raw in enumerate(cells, 1):
            if raw is None or raw == "":
                continue
            text = raw if isinstance(raw, str) else str(raw)
            name = " ".join(text.split()).lower()
            place = _Place(self.sheet, row, i, printable(text))
            if name in seen:
                self.problem(
                    place,
                    f"the column {printable(name)!r} comes twice (also column "
                    f"{_letter(seen[name])}): keep one",
                )
                continue
            seen[name] = i
            self.named.add(i)  # its cells are not reported again as unnamed
            numbered = _NUMBERED.fullmatch(name)
            if name in RECORD_COLUMNS:
                columns[i] = (name, RECORD_COLUMNS[name][0], None, 0)
            elif numbered and numbered.group(3) in _GROUPS[numbered.group(1)][1]:
                group, number, field = numbered.groups()
                kind = _GROUPS[group][1][field]
                columns[i] = (field, kind, group, int(number))
            else:
                hint = suggestion_text(closest(name, known))
                self.problem(
                    place,
                    f"unknown column {printable(text)!r}{hint or ''}: the columns are "
                    f"{', '.join(RECORD_COLUMNS)}, and document N title/url, "
                    "indicator N name/unit/baseline/target/value",
                )
        for name in _REQUIRED:
            if name not in seen:
                self.problem(
                    f"{self._where()}row {row}",
                    f"the header has no column {name!r}: the records need one",
                    order=-1,
                )
        return columns

    def _where(self) -> str:
        return f"sheet {self.sheet!r}, " if self.sheet else ""

    def records(
        self, rows: Iterator[tuple[int, Sequence[object]]]
    ) -> list[dict[str, Any]]:
        """Read the header and the rows that follow into record documents."""
        try:
            row, cells = next(rows)
        except StopIteration:
            self.problem(
                f"{self._where()}row 1",
                "no header row: the first row names the columns",
            )
            return []
        columns = self.header(cells, row)
        records: list[dict[str, Any]] = []
        for row, cells in rows:
            if all(c is None or c == "" for c in cells):
                continue
            index = len(records)
            record: dict[str, Any] = {}
            groups: dict[tuple[str, int], dict[str, Any]] = {}
            for i, raw in enumerate(cells, 1):
                if i not in columns:
                    if raw is not None and raw != "" and i not in self.named:
                        self.problem(
                            _Place(self.sheet, row, i, ""),
                            "a value in a column with no header: name the column, or "
                            "clear the cell",
                        )
                    continue
                field, kind, group, number = columns[i]
                header = field if group is None else f"{group} {number} {field}"
                place = _Place(self.sheet, row, i, header)
                value = self.value(raw, kind, place)
                if group is None:
                    self.places[f"records[{index}].{field}"] = place
                    if value is not None:
                        record[field] = value
                else:
                    groups.setdefault((group, number), {})
                    self.places[f"records[{index}].{group}.{number}.{field}"] = place
                    if value is not None:
                        groups[(group, number)][field] = value
            for i in columns:  # the empty cells after the row's last value
                if i > len(cells):
                    field, _, group, number = columns[i]
                    if group is None:
                        place = _Place(self.sheet, row, i, field)
                        self.places[f"records[{index}].{field}"] = place
                    else:
                        place = _Place(self.sheet, row, i, f"{group} {number} {field}")
                        key = f"records[{index}].{group}.{number}.{field}"
                        self.places[key] = place
            for group, (plural, _) in _GROUPS.items():
                numbers = sorted(n for g, n in groups if g == group and groups[(g, n)])
                items = []
                for position, number in enumerate(numbers):
                    items.append(groups[(group, number)])
                    for field in _GROUPS[group][1]:
                        found = self.places.get(
                            f"records[{index}].{group}.{number}.{field}"
                        )
                        if found is not None:
                            self.places[
                                f"records[{index}].{plural}[{position}].{field}"
                            ] = found
                    self.places[f"records[{index}].{plural}[{position}]"] = (
                        self.places.get(
                            f"records[{index}].{plural}[{position}].{next(iter(_GROUPS[group][1]))}",
                            _Place(self.sheet, row, 1, plural),
                        )
                    )
                if items:
                    record[plural] = items
            self.places[f"records[{index}]"] = _Place(self.sheet, row, 1, "id")
            records.append(record)
        return records

    def place_of(self, path: str) -> _Place | str:
        """Return the cell a document path comes from, as near as it can be told."""
        parts = parse_path(path)
        while parts:
            key = _format(parts)
            if key in self.places:
                return self.places[key]
            parts = parts[:-1]
        return path or "the overlay"


# A place in the overlay document that a message names ("records[0].id").
_DOCUMENT_PATH = re.compile(r"\brecords\[\d+\](?:\.\w+|\[\d+\])*")


def _cell_name(place: _Place | str) -> str:
    """Name a cell for a message: its row and column (a path, if not a cell)."""
    if isinstance(place, str):
        return place
    return f"row {place.row}, column {place.header!r}"


def _format(parts: tuple[str | int, ...]) -> str:
    return format_path(parts)


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _too_long(text: str) -> str | None:
    """Say what is wrong with a whole number of more digits than a number may have."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None or match.group(1) is not None or match.group(2) is not None:
        return None
    return too_many_digits(text.strip())


def _number(text: str) -> object:
    """Read a number written as in JSON; the text itself if it is not one."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return text
    if match.group(1) is None and match.group(2) is None:
        return int(text)
    return float(text)


def _unpacked_size(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(
            f"not a workbook (.xlsx is a zip file): {exc}", file=name
        ) from None
    if size > MAX_UNPACKED:
        raise ParseError(
            f"the workbook unpacks to {size:,} bytes, more than the limit of "
            f"{MAX_UNPACKED:,}",
            file=name,
        )


def _too_many_rows(where: str, row: int, name: str) -> ParseError:
    """Make the error for a sheet with more records than ncts reads (never cut)."""
    return ParseError(
        f"{where}row {row}: more than {MAX_ROWS:,} rows after the header; ncts reads "
        f"at most {MAX_ROWS:,} records from one spreadsheet: split it into several "
        "files (or delete the rows below the last record)",
        file=name,
    )


_CELL_TYPES = (str, int, float, datetime.datetime, datetime.date, type(None))


def _xlsx_rows(data: bytes, name: str) -> dict[str, list[tuple[int, list[object]]]]:
    """Read the sheets ``records`` and ``overlay`` (or else the first) of a workbook.

    Each is a list of its rows that hold a value, with their numbers; formulas are
    marked, never run. A value beyond :data:`MAX_COLUMNS` columns, more than
    :data:`MAX_ROWS` rows after the first or more than :data:`MAX_CELLS` cells is
    a ParseError: nothing is cut off.
    """
    openpyxl = _openpyxl()
    _unpacked_size(data, name)
    sheets: dict[str, list[tuple[int, list[object]]]] = {}
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        try:
            names = [n for n in ("records", "overlay") if n in book.sheetnames]
            if not names and {"strategy", "elements"} <= set(book.sheetnames):
                raise ParseError(
                    "the workbook holds a strategy, as ncts writes one (its sheets "
                    "'strategy', 'elements', ...): ncts reads only overlays from "
                    "spreadsheets; read the strategy from its YAML or JSON file",
                    file=name,
                )
            for sheet in [book[n] for n in names] or book.worksheets[:1]:
                sheets[sheet.title] = _sheet_rows(sheet, name)
        finally:
            book.close()
    except (OSError, MemoryError, ParseError):
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on a bad file
        raise ParseError(
            f"cannot read the workbook: {type(exc).__name__}: {exc}", file=name
        ) from None
    return sheets


def _sheet_rows(sheet: Any, name: str) -> list[tuple[int, list[object]]]:
    """Read the rows of a read-only worksheet that hold a value (see _xlsx_rows)."""
    where = f"sheet {sheet.title!r}, "
    # Not the dimensions the file states (they may be wrong, or huge): the rows
    # and cells that are there. A row is as long as its last cell; rows missing
    # in the file come as one empty list, again and again.
    sheet.reset_dimensions()
    rows: list[tuple[int, list[object]]] = []
    cells = 0
    for number, row in enumerate(sheet.iter_rows(), 1):
        if not row:
            continue
        cells += len(row)
        if cells > MAX_CELLS:
            raise ParseError(
                f"{where}row {number}: more than {MAX_CELLS:,} cells up to here, "
                "empty formatted ones included; ncts reads at most that many from "
                "a sheet: clear the formatting of the rows and columns beyond the "
                "records, or split the file",
                file=name,
            )
        if len(row) > MAX_COLUMNS:
            _check_width(row, number, where, name)
        values: list[object] = []
        for cell in row[:MAX_COLUMNS]:
            value = cell.value
            if cell.data_type in ("f", "e") or not isinstance(value, _CELL_TYPES):
                value = _Marked(value, formula=cell.data_type == "f")
            values.append(value)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if not values:
            continue
        if len(rows) > MAX_ROWS:  # the header and MAX_ROWS records are read
            raise _too_many_rows(where, number, name)
        rows.append((number, values))
    return rows


def _check_width(row: Sequence[Any], number: int, where: str, name: str) -> None:
    """Refuse a row with a value beyond MAX_COLUMNS (not read: never dropped)."""
    for column, cell in enumerate(row[MAX_COLUMNS:], MAX_COLUMNS + 1):
        if cell.value is not None and cell.value != "":
            raise ParseError(
                f"{where}row {number}, column {_letter(column)}: a value beyond "
                f"column {_letter(MAX_COLUMNS)}; ncts reads at most {MAX_COLUMNS:,} "
                "columns: move it, or clear the cell",
                file=name,
            )


def _csv_rows(
    text: str, name: str
) -> tuple[list[tuple[int, list[object]]], list[tuple[int, str]]]:
    """Read a CSV text: its ``#`` lines, then its rows that hold a value.

    Commas or semicolons. More than :data:`MAX_ROWS` rows after the header is a
    ParseError: nothing is cut off.
    """
    delimiter = _delimiter(text)
    rows: list[tuple[int, list[object]]] = []
    comments: list[tuple[int, str]] = []
    try:
        for number, row in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
        ):
            if not rows and row and row[0].startswith("#"):
                if any(cell for cell in row[1:]):
                    comments.append((number, delimiter.join(row)))
                else:
                    comments.append((number, row[0]))
                continue
            cells: list[object] = list(row)
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            if len(rows) > MAX_ROWS:  # the header and MAX_ROWS records are read
                raise _too_many_rows("", number, name)
            rows.append((number, cells))
    except csv.Error as exc:
        raise ParseError(f"malformed CSV: {exc}", file=name) from None
    return rows, comments


def _delimiter(text: str) -> str:
    """Tell a comma-separated file from a semicolon-separated one by its header.

    The header is the first row, read as CSV, that is not a ``#`` line: a comment
    line in quotes (as ncts writes one whose text holds a quote or a separator) is
    never taken for it. The delimiter that splits it into more of the required
    columns wins; commas on a tie.
    """
    found = dict.fromkeys((",", ";"), 0)
    for delimiter in found:
        with contextlib.suppress(csv.Error):  # the reading proper says what is wrong
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                if (row and row[0].startswith("#")) or not any(c.strip() for c in row):
                    continue
                names = {" ".join(c.split()).lower() for c in row}
                found[delimiter] = len(names.intersection(_REQUIRED))
                break
    return ";" if found[";"] > found[","] else ","


def _metadata(
    reader: _Reader,
    pairs: Iterable[tuple[_Place, object, object]],
) -> dict[str, Any]:
    """Read the overlay's own fields from (place, field, value) triples."""
    doc: dict[str, Any] = {}
    for place, raw_field, raw in pairs:
        if raw_field is None or raw_field == "":
            continue
        field = " ".join(str(raw_field).split()).lower().replace(" ", "_")
        if field in ("field",):  # the header of the overlay sheet
            continue
        if field not in OVERLAY_FIELDS:
            hint = suggestion_text(closest(field, OVERLAY_FIELDS))
            reader.problem(
                place,
                f"unknown overlay field {printable(str(raw_field))!r}{hint or ''}: the "
                f"fields are {', '.join(OVERLAY_FIELDS)}",
            )
            continue
        if field in doc:
            reader.problem(place, f"the field {field!r} comes twice: keep one")
            continue
        reader.places[field] = place
        value = reader.value(raw, "text", place)
        if value is not None:
            doc[field] = value
    return doc


def _defaults(doc: dict[str, Any], path: str, strategy: Strategy) -> None:
    """Fill in the overlay fields a hand-made spreadsheet may leave out."""
    from ._fields import id_problem

    stem = Path(path).stem
    doc.setdefault("id", stem if id_problem(stem) is None else "overlay")
    doc.setdefault("title", Path(path).name)
    doc.setdefault("strategy", strategy.id)
    doc.setdefault("data_version", strategy.data_version)


def read_overlay(
    path: str | os.PathLike[str],
    strategy: Strategy | None = None,
    *,
    unresolved: Literal["error", "warn"] = "error",
    max_bytes: int = MAX_BYTES,
) -> Overlay:
    """Read an overlay from a workbook (``.xlsx``) or a CSV file, against a strategy.

    Every problem is reported at once in one :class:`~ncts.ValidationError`, each
    naming the sheet, the row and the column's header. A cell that holds a formula
    is one of them: formulas are never evaluated. The overlay's own fields may be
    left out (a hand-made sheet of records): its ID is then the file's name, its
    strategy and data version the strategy's.

    Only a regular file is read (a folder, a named pipe or a device is refused
    before it is opened), of at most *max_bytes* bytes, with at most
    :data:`MAX_ROWS` records and :data:`MAX_COLUMNS` columns: a bigger file is an
    error, never read in part.

    Examples
    --------
    >>> import ncts, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "measures.csv"
    >>> _ = path.write_text("id,title,addresses,status\\nm1,Buurtteams,VK1; VK2,active\\n")
    >>> overlay = read_overlay(path)
    >>> overlay.id, overlay["m1"].addresses, overlay["m1"].status.value
    ('measures', ('VK1', 'VK2'), 'active')
    """
    from ._io import load
    from ._overlay import Overlay, resolve

    check_type(path, (str, os.PathLike), "path", what="a str or os.PathLike")
    check_type(strategy, (Strategy, type(None)), "strategy")
    check_choice(unresolved, ("error", "warn"), "unresolved")
    check_whole_number(max_bytes, "max_bytes")
    strategy = strategy or load()
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        sheets = _xlsx_rows(read_bytes(path, max_bytes=max_bytes), name)
        if not sheets:
            raise ParseError("the workbook has no sheet", file=name)
        records_sheet = "records" if "records" in sheets else next(iter(sheets))
        reader = _Reader(name, records_sheet, csv=False)
        doc: dict[str, Any] = {}
        if "overlay" in sheets and records_sheet != "overlay":
            meta = _Reader(name, "overlay", csv=False)
            meta.problems = reader.problems
            meta.places = reader.places
            doc = _metadata(
                meta,
                (
                    (
                        _Place("overlay", row, 2, str(cells[0]) if cells else ""),
                        cells[0] if cells else None,
                        cells[1] if len(cells) > 1 else None,
                    )
                    for row, cells in sheets["overlay"]
                ),
            )
        rows = iter(sheets[records_sheet])
    elif suffix == ".csv":
        text = read_text(path, max_bytes=max_bytes)
        reader = _Reader(name, None, csv=True)
        table, comments = _csv_rows(text, name)
        pairs = []
        for row, line in comments:
            field, sep, value = line[1:].partition(":")
            place = _Place(None, row, 1, f"# {field.strip()}")
            if not sep:
                reader.problem(
                    place,
                    "a # line before the header is a field: write '# field: value'",
                )
                continue
            pairs.append(
                (place, field.strip(), value[1:] if value.startswith(" ") else value)
            )
        doc = _metadata(reader, pairs)
        rows = iter(table)
    else:
        raise FormatError(
            f"cannot tell the spreadsheet format of {name!r} from its suffix: use "
            ".xlsx or .csv"
        )
    doc["records"] = reader.records(rows)
    _defaults(doc, name, strategy)
    overlay: Overlay | None = None
    try:
        overlay = structure(doc, Overlay)
    except ValidationError as exc:
        for p in exc.problems:
            where = reader.place_of(p.path)
            if (
                isinstance(where, _Place)
                and (where.sheet, where.row, where.column) in reader.bad
            ):
                continue  # already reported for the cell
            if isinstance(where, _Place) and p.message == "required key is missing":
                owner = (
                    "document"
                    if ".documents[" in p.path
                    else "indicator"
                    if ".indicators[" in p.path
                    else "record"
                )
                message = f"is empty: every {owner} needs one"
            else:
                message = _DOCUMENT_PATH.sub(
                    lambda m: _cell_name(reader.place_of(m.group())), p.message
                )
            reader.problem(where, message)
    if doc.get("strategy") != strategy.id:
        reader.problem(
            reader.places.get("strategy", "strategy"),
            f"the overlay is for strategy {printable(str(doc.get('strategy')))!r}, not "
            f"{strategy.id!r}: load it with that strategy",
        )
    elif unresolved == "error":
        known = [e.id for e in strategy.elements() if e.element_type != "source"]
        known_set = set(known)
        for index, record in enumerate(doc["records"]):
            for target in record.get("addresses", []):
                if isinstance(target, str) and target not in known_set:
                    reader.problem(
                        reader.places[f"records[{index}].addresses"],
                        f"unknown ID {printable(target)!r} in strategy {strategy.id!r}"
                        f"{suggestion_text(closest(target, known))}",
                    )
    if reader.problems:
        reader.problems.sort(key=lambda item: item[0])
        raise ValidationError([p for _, p in reader.problems], file=name)
    assert overlay is not None
    return resolve(overlay, strategy, unresolved=unresolved)


# Writing.


def _check_text(text: str, where: str, fmt: str) -> str:
    from ._export import _not_xml

    if fmt == "xlsx":
        match = _not_xml().search(text)
        if match:
            raise FormatError(
                f"cannot write xlsx: {where} holds the character "
                f"U+{ord(match.group()):04X}, which a workbook cannot hold unchanged; "
                "use CSV, YAML or JSON, or remove the character"
            )
        if len(text) > MAX_CELL:
            raise FormatError(
                f"cannot write xlsx: {where} is {len(text):,} characters long, more "
                f"than a workbook cell holds ({MAX_CELL:,}); use CSV, YAML or JSON"
            )
    elif "\0" in text:
        raise FormatError(
            f"cannot write csv: {where} holds the character U+0000, which CSV "
            "readers cannot read; use XLSX, YAML or JSON, or remove the character"
        )
    return text


def _number_cell(value: float) -> tuple[float | str, bool]:
    """Return a number as a workbook writes it, or as text if it would be rounded."""
    try:
        written = f"{value:.16g}"
    except OverflowError:  # an int beyond the largest float: text, all its digits
        return str(value), False
    if _number(written) == value:
        return value, True
    return repr(value) if isinstance(value, float) else str(value), False


def _record_rows(overlay: Overlay) -> tuple[list[str], list[list[tuple[str, object]]]]:
    """Return the header and rows of an overlay's records: (kind, value) cells."""
    documents = max((len(r.documents) for r in overlay.records), default=0)
    indicators = max((len(r.indicators) for r in overlay.records), default=0)
    header = list(RECORD_COLUMNS)
    for n in range(1, documents + 1):
        header += [f"document {n} {field}" for field in _DOCUMENT]
    for n in range(1, indicators + 1):
        header += [f"indicator {n} {field}" for field in _INDICATOR]
    rows = []
    for i, record in enumerate(overlay.records):
        path = f"records[{i}]"
        cells: list[tuple[str, object]] = [
            ("text", record.id),
            ("text", record.title),
            ("text", "; ".join(record.addresses)),
            ("text", record.kind.value),
            ("text", record.status.value if record.status else None),
            ("number", record.progress),
            ("text", record.owner),
            ("date", record.start),
            ("date", record.end),
            ("text", join_list(record.tags) if record.tags else None),
            ("text", record.notes),
        ]
        for j in range(documents):
            doc = record.documents[j] if j < len(record.documents) else None
            cells += [
                ("text", doc.title if doc else None),
                ("text", doc.url if doc else None),
            ]
        for j in range(indicators):
            ind = record.indicators[j] if j < len(record.indicators) else None
            cells += [
                ("text", ind.name if ind else None),
                ("text", ind.unit if ind else None),
                ("number", ind.baseline if ind else None),
                ("number", ind.target if ind else None),
                ("number", ind.value if ind else None),
            ]
        del path
        rows.append(cells)
    return header, rows


def _meta_rows(overlay: Overlay) -> list[tuple[str, str | None]]:
    return [
        ("id", overlay.id),
        ("title", overlay.title),
        ("strategy", overlay.strategy),
        ("data_version", overlay.data_version),
        ("description", overlay.description),
    ]


def _csv_text(overlay: Overlay) -> str:
    header, rows = _record_rows(overlay)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for field, value in _meta_rows(overlay):
        if value is not None:
            _check_text(value, field, "csv")
            writer.writerow([f"# {field}: {escape_formula(value)}"])
    writer.writerow(header)
    for cells in rows:
        line = []
        for column, (kind, cell) in zip(header, cells, strict=True):
            if cell is None:
                line.append("")
            elif isinstance(cell, datetime.date):
                line.append(cell.isoformat())
            elif kind == "number":
                line.append(repr(cell) if isinstance(cell, float) else str(cell))
            else:
                line.append(escape_formula(_check_text(str(cell), column, "csv")))
        writer.writerow(line)
    return "\ufeff" + out.getvalue()  # Excel reads UTF-8 only with the mark


def _text_cell(cell: Any, text: str, where: str) -> None:
    """Put a text in a workbook cell as text, never as a formula."""
    cell.value = _check_text(text, where, "xlsx")
    cell.data_type = "s"
    if _needs_mark(text) or text.startswith("'"):
        cell.quotePrefix = True


def _style_header(sheet: Worksheet, widths: Sequence[int]) -> None:
    openpyxl = _openpyxl()
    bold = openpyxl.styles.Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[_letter(i)].width = width
    sheet.freeze_panes = "A2"


def _value_cell(cell: Any, value: Any, kind: str, where: str) -> None:
    """Write a value as a date, a number (text if Excel cannot hold it) or text."""
    if kind == "date":
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif kind == "number":
        number, as_number = _number_cell(value)
        if as_number:
            cell.value = number
        else:
            _text_cell(cell, str(number), where)
    else:
        _text_cell(cell, str(value), where)


def _records_sheet(
    book: Workbook, overlay: Overlay, strategy: Strategy | None, rows: int
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "records"
    header, records = _record_rows(overlay)
    for i, name in enumerate(header, 1):
        _text_cell(sheet.cell(1, i), name, "header")
    for r, cells in enumerate(records, 2):
        for c, (_kind, value) in enumerate(cells, 1):
            cell = sheet.cell(r, c)
            where = f"records[{r - 2}] ({header[c - 1]})"
            if value is None:
                continue
            kind = (
                "date"
                if isinstance(value, datetime.date)
                else "number"
                if isinstance(value, (int, float))
                else "text"
            )
            _value_cell(cell, value, kind, where)
    _style_header(
        sheet, [18, 40, 16, 12, 11, 10, 28, 12, 12, 20, 40] + [20] * (len(header) - 11)
    )
    last = max(len(records), rows, 1) + 1
    choices = {
        "kind": ["initiative", "measure", "indicator", "note"],
        "status": ["planned", "active", "done", "paused", "stopped"],
    }
    for column, values in choices.items():
        letter = _letter(header.index(column) + 1)
        rule = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Not a {column}",
            error=f"Choose one of: {', '.join(values)}",
        )
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)
    progress = _letter(header.index("progress") + 1)
    rule = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100",
        allow_blank=True, showErrorMessage=True, error="A whole percentage, 0 to 100",
    )  # fmt: skip
    rule.add(f"{progress}2:{progress}{last}")
    sheet.add_data_validation(rule)
    for column in ("start", "end"):
        letter = _letter(header.index(column) + 1)
        rule = DataValidation(
            type="date", operator="greaterThan", formula1="1",
            allow_blank=True, showErrorMessage=True, error="A date, such as 2025-01-31",
        )  # fmt: skip
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)
        # The column's own format, not one per cell: as quick for a million rows
        # as for one, and a date typed anywhere in the column shows as a date.
        sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    if strategy is not None:
        ids = book.create_sheet("ids")
        elements = [e for e in strategy.elements() if not isinstance(e, Source)]
        for i, name in enumerate(("id", "type", "nl", "en"), 1):
            _text_cell(ids.cell(1, i), name, "header")
        for r, element in enumerate(elements, 2):
            from ._model import label

            text = label(element)
            _text_cell(ids.cell(r, 1), element.id, "ids")
            _text_cell(ids.cell(r, 2), element.element_type, "ids")
            _text_cell(ids.cell(r, 3), " ".join(text.nl.split()), f"{element.id}")
            if text.en:
                _text_cell(ids.cell(r, 4), " ".join(text.en.split()), f"{element.id}")
        _style_header(ids, [18, 12, 60, 60])
        letter = _letter(header.index("addresses") + 1)
        rule = DataValidation(
            type="list",
            formula1=f"ids!$A$2:$A${len(elements) + 1}",
            allow_blank=True,
            # Several IDs may go in one cell: the list helps, it does not forbid.
            showErrorMessage=False,
            promptTitle="Addresses",
            prompt="Pick an ID, or type several separated by ;",
            showInputMessage=True,
        )
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)


def _overlay_sheet(book: Workbook, overlay: Overlay) -> None:
    sheet = book.create_sheet("overlay")
    _text_cell(sheet.cell(1, 1), "field", "header")
    _text_cell(sheet.cell(1, 2), "value", "header")
    for r, (field, value) in enumerate(_meta_rows(overlay), 2):
        _text_cell(sheet.cell(r, 1), field, "overlay")
        if value is not None:
            _text_cell(sheet.cell(r, 2), value, field)
    _style_header(sheet, [16, 60])


def _save(book: Workbook, path: str | os.PathLike[str]) -> None:
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, buffer.getvalue())


def _overlay_workbook(
    overlay: Overlay, strategy: Strategy | None, rows: int
) -> Workbook:
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    _records_sheet(book, overlay, strategy, rows)
    _overlay_sheet(book, overlay)
    if "ids" in book.sheetnames:  # records, overlay, ids
        book.move_sheet("ids", offset=1)
    return book  # type: ignore[no-any-return]


def write_overlay(
    overlay: Overlay,
    path: str | os.PathLike[str],
    strategy: Strategy | None = None,
) -> None:
    """Write an overlay as a workbook (``.xlsx``) or a CSV file, atomically.

    A workbook gets drop-down lists: the kinds and statuses, and, when the
    *strategy* is given, its IDs (on a sheet ``ids``, with their texts).

    Examples
    --------
    >>> import ncts, tempfile, pathlib
    >>> overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "overlay.csv"
    >>> write_overlay(overlay, path)
    >>> read_overlay(path) == overlay
    True
    """
    from ._overlay import Overlay

    check_type(overlay, Overlay, "overlay")
    check_type(path, (str, os.PathLike), "path", what="a str or os.PathLike")
    check_type(strategy, (Strategy, type(None)), "strategy")
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        atomic_write(path, _csv_text(overlay))
    elif suffix == ".xlsx":
        _save(_overlay_workbook(overlay, strategy, 0), path)
    else:
        raise FormatError(
            f"cannot tell the spreadsheet format of {os.fspath(path)!r} from its "
            "suffix: use .xlsx or .csv"
        )


def write_template(
    path: str | os.PathLike[str],
    strategy: Strategy | None = None,
    *,
    rows: int = 200,
) -> None:
    """Write an empty overlay to fill in: a workbook with drop-down lists, or a CSV header.

    The workbook's first *rows* rows offer the strategy's IDs (in the column
    ``addresses``), the kinds and the statuses as drop-down lists; its sheet
    ``overlay`` names the strategy and its data version. The ID and title of the
    overlay are placeholders to change. Loaded untouched, it is an overlay with no
    records.

    Examples
    --------
    >>> import ncts, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "template.csv"
    >>> write_template(path)
    >>> print(path.read_text(encoding="utf-8-sig").splitlines()[-1])
    id,title,addresses,kind,status,progress,owner,start,end,tags,notes,document 1 title,document 1 url,indicator 1 name,indicator 1 unit,indicator 1 baseline,indicator 1 target,indicator 1 value
    >>> len(read_overlay(path).records)
    0
    """
    from ._io import load
    from ._overlay import Document, Indicator, Overlay, Record

    check_type(path, (str, os.PathLike), "path", what="a str or os.PathLike")
    check_type(strategy, (Strategy, type(None)), "strategy")
    check_whole_number(
        rows,
        "rows",
        high=SHEET_ROWS - 1,
        why=f" (a sheet holds {SHEET_ROWS:,} rows, the header among them)",
    )
    strategy = strategy or load()
    overlay = Overlay(
        id="my-overlay",
        title="My overlay (change this title)",
        strategy=strategy.id,
        data_version=strategy.data_version,
    )
    # One record gives the numbered columns; it is left out of what is written.
    sample = Record(
        "x", "x", ("x",), documents=(Document("x"),), indicators=(Indicator("x"),)
    )
    header, _ = _record_rows(attrs.evolve(overlay, records=(sample,)))
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        text = _csv_text(overlay)
        lines = text.split("\r\n")
        lines[-2] = ",".join(header)  # the header with the numbered columns
        atomic_write(path, "\r\n".join(lines))
    elif suffix == ".xlsx":
        book = _overlay_workbook(overlay, strategy, rows)
        sheet = book["records"]
        for i, name in enumerate(header, 1):
            _text_cell(sheet.cell(1, i), name, "header")
        _save(book, path)
    else:
        raise FormatError(
            f"cannot tell the spreadsheet format of {os.fspath(path)!r} from its "
            "suffix: use .xlsx or .csv"
        )


def write_strategy_workbook(
    strategy: Strategy,
    path: str | os.PathLike[str],
    *,
    overlays: Iterable[Overlay] = (),
) -> None:
    """Write a strategy as a workbook: a sheet for each table of the data package.

    The sheets are the tables of :func:`~ncts._tables.strategy_tables`: the
    strategy, its elements, links, evidence, errata, sources and introduction, and
    with overlays their records. Every text is a text cell, never a formula.

    Examples
    --------
    >>> import ncts, tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ncts.xlsx"
    >>> write_strategy_workbook(ncts.load(), path)
    >>> openpyxl.load_workbook(path).sheetnames[:5]
    ['strategy', 'elements', 'links', 'evidence', 'errata']
    """
    from ._tables import strategy_tables

    check_type(strategy, Strategy, "strategy")
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in strategy_tables(strategy, overlays):
        sheet = book.create_sheet(table.name)
        for c, field in enumerate(table.fields, 1):
            _text_cell(sheet.cell(1, c), field.name, table.name)
        for r, row in enumerate(table.rows, 2):
            for c, (field, value) in enumerate(zip(table.fields, row, strict=True), 1):
                if value is None:
                    continue
                cell = sheet.cell(r, c)
                where = f"{table.name} row {r} ({field.name})"
                kind = (
                    "date"
                    if field.type == "date"
                    else "number"
                    if field.type in ("integer", "number")
                    else "text"
                )
                _value_cell(cell, value, kind, where)
        _style_header(sheet, [max(10, min(50, len(f.name) + 4)) for f in table.fields])
    _save(book, path)

"""The strategy as an open-data package: CSV tables and a Frictionless ``datapackage.json``.

The tables are those of :mod:`ncts._tables`, each with a table schema: typed
fields, a primary key and foreign keys between the tables. The package names the
data's licences and its sources. The CSV files are UTF-8 with a header row; a
text that a spreadsheet would take for a formula is written with an apostrophe
before it, as in every CSV file ncts writes (see :mod:`ncts._sheets`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._checks import check_type
from ._errors import FileError, FormatError, ParseError
from ._io import atomic_write, read_text
from ._json import dump_json
from ._model import Strategy
from ._tables import Table, strategy_tables
from ._version import __version__

if TYPE_CHECKING:
    from ._overlay import Overlay

__all__ = ["datapackage", "write_datapackage"]

#: The licences of the bundled data (data/LICENSE says which part is which).
LICENSES = [
    {
        "name": "CC0-1.0",
        "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        "title": "CC0 1.0 Universal: the English texts, IDs, links, rationales, "
        "notes and structure, by the ncts developers",
    },
    {
        "name": "Auteurswet-15b",
        "path": "https://wetten.overheid.nl/BWBR0001886/#HoofdstukI_Paragraaf6_Artikel15b",
        "title": "The Dutch texts quoted from the Dutch government's publication, "
        "reproduced as article 15b of the Dutch Copyright Act allows, with the "
        "source named",
    },
]


def _cell(value: Any) -> str:
    from ._sheets import escape_formula

    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return escape_formula(str(value))


def _csv(table: Table) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # lines end in CRLF, so a lone CR in a text is quoted
    writer.writerow([field.name for field in table.fields])
    for number, row in enumerate(table.rows, 2):
        for field, value in zip(table.fields, row, strict=True):
            if isinstance(value, str) and "\0" in value:
                raise FormatError(
                    f"cannot write the data package: {table.name}.csv, row {number}, "
                    f"column {field.name!r} holds the character U+0000, which CSV "
                    "readers cannot read; remove it, or use YAML or JSON"
                )
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _schema(table: Table) -> dict[str, Any]:
    fields = []
    for field in table.fields:
        item: dict[str, Any] = {
            "name": field.name,
            "type": field.type,
            "description": field.description,
        }
        constraints: dict[str, Any] = {}
        if field.required:
            constraints["required"] = True
        if field.values:
            constraints["enum"] = list(field.values)
        if constraints:
            item["constraints"] = constraints
        if field.type == "date":
            item["format"] = "default"
        fields.append(item)
    schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(mine),
                "reference": {"resource": other, "fields": list(theirs)},
            }
            for mine, other, theirs in table.foreign_keys
        ]
    return schema


def _name(text: str) -> str:
    """Make a package name: lower-case letters, digits and -._ only."""
    name = "".join(
        c if c.isascii() and (c.isalnum() or c in "-._") else "-" for c in text.lower()
    )
    return name.strip("-._") or "strategy"


def datapackage(
    strategy: Strategy, overlays: Iterable[Overlay] = ()
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return a strategy's data package: the descriptor, and each CSV file's text.

    Examples
    --------
    >>> import ncts
    >>> descriptor, files = datapackage(ncts.load())
    >>> descriptor["name"], sorted(files)[:3]
    ('ncts-2022-2026', ['elements.csv', 'errata.csv', 'evidence.csv'])
    >>> descriptor["resources"][1]["schema"]["primaryKey"]
    ['id']
    """
    check_type(strategy, Strategy, "strategy")
    tables = strategy_tables(strategy, overlays)
    resources = []
    files = {}
    for table in tables:
        path = f"{table.name}.csv"
        files[path] = _csv(table)
        resources.append(
            {
                "name": table.name,
                "path": path,
                "title": table.title,
                "description": table.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(table),
            }
        )
    sources = [
        {"title": s.title, **({"path": s.url} if s.url else {})}
        for s in strategy.sources
    ]
    descriptor = {
        "profile": "tabular-data-package",
        "name": _name(strategy.id),
        "title": strategy.title.get("en"),
        "description": (
            f"{strategy.title.nl} ({strategy.period}) as tables, data version "
            f"{strategy.data_version}, written by ncts {__version__}. "
            + (f"Scope: {strategy.scope} " if strategy.scope else "")
            + "In the CSV files, a text that a spreadsheet would take for a formula "
            "(one that starts with =, +, -, @, a tab or a carriage return) has an "
            "apostrophe before it."
        ),
        "version": strategy.data_version,
        "licenses": LICENSES,
        "sources": sources,
        "resources": resources,
    }
    return descriptor, files


def write_datapackage(
    strategy: Strategy,
    folder: str | os.PathLike[str],
    *,
    overlays: Iterable[Overlay] = (),
) -> None:
    """Write a strategy's data package into a folder (made if missing).

    A package whose ``datapackage.json`` is there is whole: every file it names
    is there, from the same write. A rewrite (of a folder that already holds a
    package) leaves exactly the files the new descriptor names, and any other
    file that ncts did not write (a README, say):

    1. the new tables are written beside their places, under temporary names
       (``.elements.csv.ncts-new``); until then the old package is untouched;
    2. the old descriptor's table names go into ``.datapackage.json.old`` and the
       old descriptor is removed; the tables it named that the new package does
       not (``records.csv`` of an overlay no longer given, say) are removed;
    3. the new tables take their places, and ``datapackage.json`` is written last;
       ``.datapackage.json.old`` is removed.

    Interrupted at any step, the folder holds the old package whole, the new one
    whole, or no ``datapackage.json``; a later write finishes the clean-up, using
    ``.datapackage.json.old``. Only files named ``<table>.csv`` after a table
    ncts writes (:data:`TABLE_NAMES`) are ever removed, and only when the old
    descriptor names them. A table whose file is a symbolic link is written
    through the link; the new file keeps the old one's permission bits.

    Examples
    --------
    >>> import ncts, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "ncts"
    >>> overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    >>> write_datapackage(ncts.load(), folder, overlays=[overlay])
    >>> "records.csv" in {p.name for p in folder.iterdir()}
    True
    >>> write_datapackage(ncts.load(), folder)
    >>> sorted(p.name for p in folder.iterdir())[:3]
    ['datapackage.json', 'elements.csv', 'errata.csv']
    >>> "records.csv" in {p.name for p in folder.iterdir()}
    False
    """
    check_type(folder, (str, os.PathLike), "folder", what="a str or os.PathLike")
    descriptor, files = datapackage(strategy, overlays)
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileError(
            f"cannot make the folder {os.fspath(folder)!r}: {exc.strerror or exc}",
            os.fspath(folder),
        ) from None
    _replace_package(target, files, dump_json(descriptor))


#: The name of every table a data package of ncts can hold, with overlays or
#: without. A rewrite removes ``<name>.csv`` only for these names.
TABLE_NAMES = frozenset(
    {
        "strategy",
        "elements",
        "links",
        "evidence",
        "errata",
        "sources",
        "introduction",
        "overlays",
        "records",
        "addresses",
        "indicators",
        "documents",
    }
)

_DESCRIPTOR = "datapackage.json"
#: The old package's tables while a rewrite runs (see write_datapackage).
_OLD = ".datapackage.json.old"
#: The end of a new table's temporary name while a rewrite runs.
_STAGED = ".ncts-new"
#: The largest descriptor read back; ncts's own are well under 100 kB.
_MAX_DESCRIPTOR = 4 * 1024 * 1024


def _tables_named(text: str) -> set[str]:
    """Return the CSV files of ncts's tables that a descriptor's resources name.

    >>> sorted(_tables_named('{"resources": [{"path": "links.csv"},'
    ...                      ' {"path": "README.md"}, {"path": "../links.csv"}]}'))
    ['links.csv']
    >>> _tables_named("not JSON")
    set()
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return set()  # not a descriptor that ncts wrote: nothing of ours to remove
    resources = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(resources, list):
        return set()
    ours = {f"{name}.csv" for name in TABLE_NAMES}
    return {
        r["path"]
        for r in resources
        if isinstance(r, dict) and isinstance(r.get("path"), str) and r["path"] in ours
    }


def _named_before(folder: Path) -> set[str]:
    """Return the tables that an earlier write of the package named and may have left.

    They are named by the old descriptor, and by the record of a rewrite that was
    interrupted. A descriptor that is not a regular file is refused here, before
    anything is written; one that is too big or not JSON names nothing of ours.
    """
    named: set[str] = set()
    for base in (_DESCRIPTOR, _OLD):
        path = folder / base
        if not path.exists():  # a dangling link is no descriptor either
            continue
        try:
            text = read_text(path, max_bytes=_MAX_DESCRIPTOR)
        except ParseError:  # too big, or not UTF-8: not ncts's
            continue
        named |= _tables_named(text)
    return named


def _staged_name(place: str) -> str:
    return os.path.join(os.path.dirname(place), f".{os.path.basename(place)}{_STAGED}")


def _replace_package(folder: Path, files: dict[str, str], descriptor: str) -> None:
    """Replace the package in *folder* by *files* and *descriptor*.

    The steps are in the order that write_datapackage describes.
    """
    before = _named_before(folder)
    staged: list[tuple[str, str]] = []  # (temporary name, place)
    try:
        for name, text in files.items():
            place = os.path.realpath(folder / name)  # through a link to the file
            stage = _staged_name(place)
            _remove(stage)  # a leftover of a killed write, even a link, goes
            atomic_write(stage, text)
            staged.append((stage, place))
        if before:
            record = {"resources": [{"path": path} for path in sorted(before)]}
            atomic_write(folder / _OLD, dump_json(record))
        _remove(folder / _DESCRIPTOR)
        for path in sorted(before - set(files)):
            _remove(folder / path)
        while staged:
            stage, place = staged[0]
            with contextlib.suppress(FileNotFoundError):
                os.chmod(stage, stat.S_IMODE(os.stat(place).st_mode))
            os.replace(stage, place)
            staged.pop(0)
        atomic_write(folder / _DESCRIPTOR, descriptor)
        _remove(folder / _OLD)
        for name in TABLE_NAMES:  # leftovers of a killed write
            _remove(_staged_name(os.fspath(folder / f"{name}.csv")))
    except BaseException as exc:
        for stage, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(stage)
        if isinstance(exc, OSError) and not isinstance(exc, FileError):
            name = os.fspath(folder)
            raise FileError(
                f"cannot write the data package in {name!r}: {exc.strerror or exc}",
                name,
            ) from None
        raise


def _remove(path: str | os.PathLike[str]) -> None:
    """Remove a file or a link, if it is there; never a folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)

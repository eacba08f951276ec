"""The strategy as an open-data package: CSV tables and a Frictionless ``datapackage.json``.

The tables are those of :mod:`ncts._tables`, each with a table schema: typed
fields, a primary key and foreign keys between the tables. The package names the
data's licences and its sources. The CSV files are UTF-8 with a header row; a
text that a spreadsheet would take for a formula is written with an apostrophe
before it, as in every CSV file ncts writes (see :mod:`ncts._sheets`).
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._checks import check_type
from ._errors import FileError
from ._io import atomic_write
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
    for row in table.rows:
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
    """Write a strategy's data package into a folder (made if missing), file by file.

    Each file is written atomically; ``datapackage.json`` comes last, so that a
    package whose descriptor is there is whole.

    Examples
    --------
    >>> import ncts, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "ncts"
    >>> write_datapackage(ncts.load(), folder)
    >>> sorted(p.name for p in folder.iterdir())[:3]
    ['datapackage.json', 'elements.csv', 'errata.csv']
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
    for name, text in files.items():
        atomic_write(target / name, text)
    atomic_write(target / "datapackage.json", dump_json(descriptor))

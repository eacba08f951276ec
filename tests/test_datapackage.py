"""The open-data package: CSV tables and a Frictionless ``datapackage.json``.

What must hold: the ``frictionless`` library finds the package valid (types,
primary and foreign keys); breaking a key makes it invalid; the tables hold
exactly the strategy's values, for any strategy, with no text that a spreadsheet
would run; the package names its licences and sources.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts._cli import main
from ncts._datapackage import (
    TABLE_NAMES,
    _replace_package,
    datapackage,
    write_datapackage,
)
from ncts._model import label
from ncts._sheets import unescape_formula
from ncts.testing import strategies

frictionless = pytest.importorskip("frictionless", reason="pip install -e '.[test]'")


def _validate(folder: Path) -> list[str]:
    """Frictionless's errors for a package, as 'resource: type: note' lines."""
    report = frictionless.validate(str(folder / "datapackage.json"))
    return [
        f"{task.name}: {error.type}: {error.note}"
        for task in report.tasks
        for error in task.errors
    ] + [f"package: {error.type}: {error.note}" for error in report.errors]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pkg") / "ncts"
    overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    code = main(
        ["export", "--format", "datapackage", "-o", str(folder),
         "--overlay", str(ncts.example_path("overlay.yaml"))]
    )  # fmt: skip
    assert code == 0
    assert overlay.records
    return folder


class TestValid:
    def test_frictionless_finds_it_valid(self, package: Path) -> None:
        """The bundled strategy with the example overlay is a valid package."""
        assert _validate(package) == []
        descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
        names = [r["name"] for r in descriptor["resources"]]
        for name in ("elements", "links", "errata", "sources", "records", "addresses"):
            assert name in names
        links = next(r for r in descriptor["resources"] if r["name"] == "links")
        targets = {fk["reference"]["resource"] for fk in links["schema"]["foreignKeys"]}
        assert targets == {"elements", "sources"}

    def test_a_broken_key_is_found(self, package: Path, tmp_path: Path) -> None:
        """A link to an element that is not there, or a repeated ID, is an error."""
        broken = tmp_path / "broken"
        broken.mkdir()
        for path in package.iterdir():
            (broken / path.name).write_bytes(path.read_bytes())
        links = (broken / "links.csv").read_text("utf-8").splitlines()
        links[1] = links[1].replace(links[1].split(",")[1], "NOPE", 1)
        (broken / "links.csv").write_text("\n".join(links) + "\n", encoding="utf-8")
        elements = (broken / "elements.csv").read_text("utf-8").splitlines()
        elements.append(elements[-1])
        (broken / "elements.csv").write_text("\n".join(elements) + "\n", "utf-8")
        errors = _validate(broken)
        assert any(e.startswith("links: foreign-key") for e in errors), errors
        assert any(e.startswith("elements: primary-key") for e in errors), errors

    def test_licences_and_sources(self) -> None:
        """The package names its licences and the strategy's sources."""
        s = ncts.load()
        descriptor, _ = datapackage(s)
        assert {lic["name"] for lic in descriptor["licenses"]} >= {"CC0-1.0"}
        assert [src["title"] for src in descriptor["sources"]] == [
            src.title for src in s.sources
        ]
        assert descriptor["version"] == s.data_version


class TestTables:
    @given(strategies())
    def test_tables_hold_the_strategy(self, s: ncts.Strategy) -> None:
        """For any strategy the element and link tables give back its IDs and
        texts; no text cell starts like a formula. A NUL, which CSV readers
        cannot read, is refused with the table, row and column."""
        if "\\u0000" in ncts.dumps(s, "json"):
            with pytest.raises(ncts.FormatError, match=r"\.csv, row \d+, column '"):
                datapackage(s)
            return
        _, files = datapackage(s)
        elements = _rows(files["elements.csv"])
        expected: list[
            ncts.Strategy | ncts.Goal | ncts.FocusTheme | ncts.Area | ncts.Speerpunt
        ] = [s, *s.goals, *s.focus_themes]
        for area in s.areas:
            expected += [area, *area.speerpunten]
        assert [r["id"] for r in elements] == [e.id for e in expected]
        for row, element in zip(elements, expected, strict=True):
            text = label(element)
            assert unescape_formula(row["text_nl"]) == text.nl
            assert (unescape_formula(row["text_en"]) or None) == text.en
        links = _rows(files["links.csv"])
        assert [(r["source"], r["target"], r["type"]) for r in links] == [
            (link.source, link.target, link.type.value) for link in s.links
        ]
        assert [unescape_formula(r["rationale"]) for r in links] == [
            link.rationale for link in s.links
        ]
        for table in files.values():
            for cells in csv.reader(io.StringIO(table, newline="")):
                for cell in cells:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                    assert not cell.startswith("-") or cell[1:2].isdigit(), cell

    def test_hostile_strategy_is_valid(self, tmp_path: Path) -> None:
        """Formula starters, quotes and line breaks in texts still make a valid
        package, with every text kept."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        hostile = ['=HYPERLINK("x")', "@SUM(1)", "+1", "-1", 'a "b",\nc']
        goals = tuple(
            attrs.evolve(g, text=ncts.Text(hostile[i % len(hostile)], "\u202e en"))
            for i, g in enumerate(s.goals)
        )
        s = attrs.evolve(s, goals=goals)
        write_datapackage(s, tmp_path)
        assert _validate(tmp_path) == []
        rows = _rows((tmp_path / "elements.csv").read_text("utf-8"))
        texts = {unescape_formula(r["text_nl"]) for r in rows}
        assert set(hostile[: len(goals)]) <= texts


# A rewrite of a package folder: stale tables go, the user's files stay, and an
# interruption at any step leaves a package that is whole or no descriptor.

_OLD_TABLES = ("elements", "links", "records", "addresses", "documents")
_NEW_TABLES = ("elements", "links", "sources")
#: Files the user put in the folder: none is named by a descriptor ncts wrote
#: (strategy.csv has a table's name, but the old package did not hold it).
_USER_FILES = {"README.md": "my notes\n", "strategy.csv": "mine\n", "x.csv": "x\n"}
#: A temporary file of atomic_write's, which a killed process cannot remove.
_ATOMIC_TMP = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")


def _package(tables: tuple[str, ...], tag: str) -> tuple[dict[str, str], str]:
    """A package's files (each text names the package) and its descriptor."""
    files = {f"{name}.csv": f"id\n{tag} {name}\n" for name in tables}
    resources = [{"name": p[:-4], "path": p, "tag": tag} for p in files]
    return files, json.dumps({"name": tag, "resources": resources})


def _state(folder: Path) -> str:
    """Say which package the folder holds, checking that it is whole.

    'old' or 'new' when datapackage.json is there (then every file it names is
    there, from the same package), 'none' when it is not. The user's files are
    always there, unchanged.
    """
    for name, text in _USER_FILES.items():
        assert (folder / name).read_text("utf-8") == text, name
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        return "none"
    tag = json.loads(descriptor.read_text("utf-8"))["name"]
    files, text = _package(_OLD_TABLES if tag == "old" else _NEW_TABLES, tag)
    assert descriptor.read_text("utf-8") == text
    for name, body in files.items():
        assert (folder / name).read_text("utf-8") == body, (tag, name)
    return str(tag)


def _listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not _ATOMIC_TMP.fullmatch(p.name)}


class _Interrupted(KeyboardInterrupt):
    """Raised by the file operation that the test interrupts."""


class TestRewrite:
    def test_a_rewrite_without_the_overlay_drops_its_tables(
        self, tmp_path: Path
    ) -> None:
        """The attack's case: export with an overlay, then without, into one folder.
        The overlay's tables (maybe private) are gone; the user's README stays."""
        folder = tmp_path / "dp"
        example = str(ncts.example_path("overlay.yaml"))
        export = ["export", "--format", "datapackage", "-o", str(folder)]
        assert main([*export, "--overlay", example]) == 0
        (folder / "README.md").write_text("mine\n", "utf-8")
        overlay_tables = {"overlays", "records", "addresses", "indicators", "documents"}
        assert {f"{t}.csv" for t in overlay_tables} <= {
            p.name for p in folder.iterdir()
        }
        assert main(export) == 0
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
        named = {r["path"] for r in descriptor["resources"]}
        assert not {f"{t}.csv" for t in overlay_tables} & named
        assert {p.name for p in folder.iterdir()} == named | {
            "datapackage.json",
            "README.md",
        }
        assert (folder / "README.md").read_text("utf-8") == "mine\n"
        assert _validate(folder) == []

    def test_every_table_ncts_writes_is_one_it_may_remove(self) -> None:
        """TABLE_NAMES, the tables a rewrite may remove, holds every table that a
        package can have, with an overlay or without."""
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        descriptor, _ = datapackage(ncts.load(), [overlay])
        names = {r["name"] for r in descriptor["resources"]}
        assert names == TABLE_NAMES
        assert all(r["path"] == f"{r['name']}.csv" for r in descriptor["resources"])

    def test_an_interruption_at_any_step_leaves_a_whole_package(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Interrupt the rewrite at each file operation in turn. What a process
        killed there leaves (a copy of the folder at that moment), and what the
        interrupted one leaves after its clean-up, is the old package whole, the
        new one whole, or no descriptor; the user's files are untouched. A later
        complete write then leaves exactly the new package and the user's files."""
        old_files, old_descriptor = _package(_OLD_TABLES, "old")
        new_files, new_descriptor = _package(_NEW_TABLES, "new")
        expected = set(new_files) | {"datapackage.json"} | set(_USER_FILES)
        calls = {"n": 0, "stop": -1}
        snapshot: list[Path] = []

        def hooked(real: Any) -> Any:
            def operation(*args: Any, **kwargs: Any) -> Any:
                if calls["n"] == calls["stop"]:
                    calls["stop"] = -1  # the snapshot's own file operations run
                    copy = tmp_path / f"killed-{calls['n']}"
                    shutil.copytree(folder, copy, symlinks=True)
                    snapshot.append(copy)
                    raise _Interrupted
                calls["n"] += 1
                return real(*args, **kwargs)

            return operation

        for name in ("open", "replace", "unlink", "chmod", "fsync", "rename"):
            monkeypatch.setattr(os, name, hooked(getattr(os, name)))

        seen: set[tuple[str, str]] = set()
        step = 0
        while True:
            folder = tmp_path / f"dp-{step}"
            folder.mkdir()
            for name, text in {**old_files, **_USER_FILES}.items():
                (folder / name).write_text(text, "utf-8")
            (folder / "datapackage.json").write_text(old_descriptor, "utf-8")
            calls.update(n=0, stop=step)
            snapshot.clear()
            with contextlib.suppress(_Interrupted):
                _replace_package(folder, new_files, new_descriptor)
            calls["stop"] = -1
            if not snapshot:  # it ran to the end: every step has been tried
                assert _state(folder) == "new"
                break
            killed = snapshot[0]
            seen.add((_state(killed), _state(folder)))
            assert not {p.name for p in folder.iterdir()} - (
                expected | set(old_files) | {".datapackage.json.old"}
            )  # the interrupted process removed its temporary files
            for where in (folder, killed):
                _replace_package(where, new_files, new_descriptor)
                assert _state(where) == "new"
                assert _listing(where) == expected, step
            step += 1
        assert step > 20  # every table written and moved, each a step of its own
        assert {state for state, _ in seen} == {"old", "none", "new"}

    def test_only_tables_the_old_descriptor_names_are_removed(
        self, tmp_path: Path
    ) -> None:
        """A stale `.csv` named by the old descriptor is removed only if ncts
        writes a table of that name; names outside the folder, other files and
        folders are kept."""
        folder = tmp_path / "dp"
        (folder / "sub").mkdir(parents=True)
        keep = ["README.md", "notes.csv", "sub/records.csv", "Records.csv"]
        for name in [*keep, "records.csv", "addresses.csv"]:
            (folder / name).write_text("x\n", "utf-8")
        (tmp_path / "records.csv").write_text("outside\n", "utf-8")
        (folder / "documents.csv").mkdir()  # a folder is never removed
        paths = [*keep, "../records.csv", str(tmp_path / "records.csv")]
        paths += ["records.csv", "addresses.csv", "documents.csv"]
        resources = [{"path": p} for p in paths] + [1, {"path": 2}, {"name": "x"}]
        (folder / "datapackage.json").write_text(
            json.dumps({"resources": resources}), "utf-8"
        )
        write_datapackage(
            ncts.load(ncts.example_path("fictiestad-2025-2028.yaml")), folder
        )
        names = {str(p.relative_to(folder)) for p in folder.rglob("*")}
        assert "records.csv" not in names
        assert "addresses.csv" not in names
        assert {*keep, "documents.csv", "sub"} <= names
        assert (tmp_path / "records.csv").read_text("utf-8") == "outside\n"
        assert not (folder / ".datapackage.json.old").exists()

    @given(
        st.one_of(
            st.text(max_size=40),
            st.builds(
                lambda paths: json.dumps({"resources": [{"path": p} for p in paths]}),
                st.lists(
                    st.one_of(
                        st.sampled_from(["README.md", "records.csv", "../records.csv",
                                         "records.csv/", "./records.csv", "RECORDS.csv",
                                         "records.csv\0", "records"]),
                        st.text(max_size=12),
                    ),
                    max_size=6,
                ),
            ),
        )
    )  # fmt: skip
    def test_any_old_descriptor_removes_nothing_but_its_tables(self, old: str) -> None:
        """Whatever the old descriptor holds (not JSON, hostile paths), the rewrite
        removes at most the tables it names exactly by their file name."""
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "dp"
            folder.mkdir()
            (folder / "datapackage.json").write_text(old, "utf-8")
            others = ["README.md", "RECORDS.csv", "records", "notes.csv", ".x.csv"]
            for name in ["records.csv", *others]:
                (folder / name).write_text("x\n", "utf-8")
            new_files, new_descriptor = _package(_NEW_TABLES, "new")
            _replace_package(folder, new_files, new_descriptor)
            try:
                named = {r["path"] for r in json.loads(old)["resources"]}
            except (ValueError, TypeError, KeyError):
                named = set()
            gone = {"records.csv"} & named
            assert {p.name for p in folder.iterdir()} == (
                {"records.csv", *others} - gone
            ) | set(new_files) | {"datapackage.json"}

    def test_a_descriptor_that_is_not_a_file_is_refused_first(
        self, tmp_path: Path
    ) -> None:
        """A folder named datapackage.json is refused before any table is written."""
        (tmp_path / "datapackage.json").mkdir()
        with pytest.raises(ncts.FileError, match=r"datapackage\.json.*it is a folder"):
            write_datapackage(ncts.load(), tmp_path)
        assert [p.name for p in tmp_path.iterdir()] == ["datapackage.json"]

    def test_a_linked_table_is_written_through_its_link(self, tmp_path: Path) -> None:
        """A table whose file is a symbolic link stays a link, to the new text; its
        permission bits are kept."""
        folder = tmp_path / "dp"
        folder.mkdir()
        elsewhere = tmp_path / "elements-kept-here.csv"
        elsewhere.write_text("old\n", "utf-8")
        elsewhere.chmod(0o640)
        (folder / "elements.csv").symlink_to(elsewhere)
        write_datapackage(ncts.load(), folder)
        assert (folder / "elements.csv").is_symlink()
        assert elsewhere.read_text("utf-8").startswith("id,")
        assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o640
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

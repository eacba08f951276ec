"""The open-data package: CSV tables and a Frictionless ``datapackage.json``.

What must hold: the ``frictionless`` library finds the package valid (types,
primary and foreign keys); breaking a key makes it invalid; the tables hold
exactly the strategy's values, for any strategy, with no text that a spreadsheet
would run; the package names its licences and sources.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import ncts
from ncts._cli import main
from ncts._datapackage import datapackage, write_datapackage
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
        texts; no text cell starts like a formula."""
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

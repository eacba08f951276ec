"""How objects look in a notebook and at the prompt."""

import ast
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given

import ncts
from ncts.testing import strategies


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.codes: list[str] = []
        self.in_code = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in ("br",):
            self.open.append(tag)
        self.in_code = tag == "code"

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag
        self.in_code = False

    def handle_data(self, data: str) -> None:
        if self.in_code:
            self.codes.append(data)


def _parse(html: str) -> _Cells:
    cells = _Cells()
    cells.feed(html)
    assert cells.open == []
    return cells


class TestHtml:
    @given(strategies())
    def test_strategy_table_lists_every_element(self, s: ncts.Strategy) -> None:
        """The strategy's HTML is well-formed and shows every goal, theme, area and speerpunt."""
        cells = _parse(s._repr_html_())
        expected = [g.id for g in s.goals] + [t.id for t in s.focus_themes]
        for area in s.areas:
            expected += [area.id, *(sp.id for sp in area.speerpunten)]
        assert cells.codes[1:] == expected  # the first <code> is the strategy's ID

    def test_elements_overlay_and_diff(self) -> None:
        """Elements, overlays and diffs have HTML too, escaped and well-formed."""
        s = ncts.load()
        for id in ("VK4", "VB", "G1", "FT2"):
            _parse(s[id]._repr_html_())  # type: ignore[union-attr]
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        codes = _parse(overlay._repr_html_()).codes
        records = [r.id for r in overlay.records]
        assert [c for c in codes if c in records] == records
        edited = ncts.loads(
            ncts.dumps(s).replace("nl: Online aanpak", "nl: <b>Online</b>")
        )
        html = ncts.diff(s, edited)._repr_html_()
        assert "&lt;b&gt;Online&lt;/b&gt;" in html
        _parse(html)

    def test_one_table_per_kind_of_object(self) -> None:
        """Every element shares one implementation; the model does not import it."""
        from ncts import _display

        for cls in (ncts.Goal, ncts.FocusTheme, ncts.Area, ncts.Speerpunt):
            assert cls._repr_html_ is _display.element_html
        assert ncts.Strategy._repr_html_ is _display.strategy_html
        assert ncts.Overlay._repr_html_ is _display.overlay_html
        assert ncts.Diff._repr_html_ is _display.diff_html
        model = ast.parse((Path(ncts.__file__).parent / "_model.py").read_bytes())
        imported = {
            node.module
            for node in ast.walk(model)
            if isinstance(node, ast.ImportFrom) and node.level
        }
        # Below everything but search (Strategy.search, deprecated, is a thin alias
        # of it) and the registry of deprecations, which imports nothing of ncts.
        assert imported == {"_checks", "_deprecate", "_errors", "_fields", "_search"}

    def test_html_in_a_fresh_interpreter(self) -> None:
        """``import ncts`` is enough for the tables: nothing else needs importing."""
        code = "import ncts; print(ncts.load()['VK6']._repr_html_()[:7])"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "<style>"


class TestRepr:
    def test_readable_reprs(self) -> None:
        """Big objects have short reprs that say what they hold."""
        s = ncts.load()
        assert len(repr(s)) < 200
        assert "18 speerpunten" in repr(s)
        assert repr(s["VK"]).startswith("<Area 'VK' 'Voorkomen'")
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        assert (
            repr(overlay)
            == "<Overlay 'fictiestad-werk' on 'NCTS-2022-2026' 1.1.0: 6 records>"
        )


_COUNTED = re.compile(
    r"([\d,]+) (goals?|focus themes?|areas?|speerpunt(?:en)?|links?)\b"
)
#: The singular of each counted word; the plural is any other form.
_SINGULAR = {"goal", "focus theme", "area", "speerpunt", "link"}


class TestCounts:
    @given(strategies())
    def test_one_is_singular_everything_else_plural(self, s: ncts.Strategy) -> None:
        """The repr and the notebook caption count in words: '1 link', '2 links',
        '1 speerpunt', '0 speerpunten' (they said '1 links', '1 goals')."""
        sizes = {
            "goal": len(s.goals),
            "focus theme": len(s.focus_themes),
            "area": len(s.areas),
            "speerpunt": len(s.speerpunten),
            "link": len(s.links),
        }
        found = _COUNTED.findall(repr(s)) + _COUNTED.findall(s._repr_html_())
        assert len(found) == 6  # five in the repr, the links in the caption
        for number, word in found:
            singular = word if word in _SINGULAR else _singular_of(word)
            assert int(number.replace(",", "")) == sizes[singular]
            assert (word == singular) == (sizes[singular] == 1), (number, word)


def _singular_of(plural: str) -> str:
    return "speerpunt" if plural == "speerpunten" else plural[:-1]

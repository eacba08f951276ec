"""The web page export, read as HTML (the browser tests are in test_browser.py).

What must hold for any strategy and overlays: the page is one file that asks for
nothing, every text of the data is in it as text and never as markup (hostile
texts in every field, generated), its embedded data is safe inside ``<script>``,
its headings are in order, its controls labelled, its colours pass WCAG AA.
"""

import base64
import datetime
import hashlib
import html
import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts._cli import main
from ncts._escape import printable
from ncts._fields import text_problem
from ncts._html import _SCAN, asset, html_page, script_json
from ncts.testing import text_values

OVERLAY = ncts.example_path("overlay.yaml")

# Texts that try to become markup, end the script or the style, fake a
# placeholder of the template, or hide: written out by hand.
HOSTILE = [
    '<img src=x onerror="window.pwned=1">',
    "</script><script>window.pwned=1</script>",
    "</style><style>body{display:none}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    '" onmouseover="window.pwned=1',
    "' onfocus='window.pwned=1",
    "&lt;b&gt;",
    "&amp;",
    "{{body}}",
    "{{js}}",
    "{{csp}}",
    "javascript:window.pwned=1",
    "http://127.0.0.1:9/x",
    "<a href=http://127.0.0.1:9/>x</a>",
    "<meta http-equiv=refresh content=0;url=http://127.0.0.1:9/>",
    "<base href=http://127.0.0.1:9/>",
    "\u2028\u2029",
    "\u202e\u2066",
    "\x1b[2J",
    "\x00\x07\x7f\x85",
    "\r\n",
    "\ufeff",
    "`${x}`",
]


def _valid(text: str) -> bool:
    return text_problem(text) is None


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """A text the schema accepts that holds one or two hostile pieces."""
    parts = draw(st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=2))
    filler = draw(st.sampled_from(["", "x", "Zoek "]) | text_values())
    text = filler.join(parts) + draw(st.sampled_from(["", ".", " y"]))
    return text if _valid(text) else "x" + text


def _pool(draw: st.DrawFn) -> Callable[[], str]:
    """Give a few hostile texts, one after another, to fill every field.

    Drawing each field's text anew makes a test slow; a pool of three to five,
    dealt in a drawn order, still puts every piece in every kind of field.
    """
    pool = draw(st.lists(hostile_texts(), min_size=3, max_size=5))
    order = itertools.cycle(draw(st.permutations(range(len(pool)))))
    return lambda: pool[next(order)]


def _texts(draw: st.DrawFn, text: Callable[[], str]) -> ncts.Text:
    nl, en, note = text(), text(), text()
    shape = draw(st.sampled_from(["nl", "en", "note"]))
    if shape == "nl":
        return ncts.Text(nl)
    return ncts.Text(nl, en, note if shape == "note" else None)


@st.composite
def hostile_strategies(draw: st.DrawFn) -> ncts.Strategy:
    """A strategy with a hostile text in every text field there is."""
    text = _pool(draw)
    # IDs are plain ASCII by the schema's rule: hostile texts go in the texts.
    pool = iter(["src", "FT1", "G1", "SP1", "A1", "L1", "L2", "S1"])
    source = ncts.Source(
        id=next(pool),
        title=text(),
        publisher=text(),
        note=text(),
        url=text(),
        role=ncts.SourceRole.TRANSCRIBED,
        published=datetime.date(2022, 5, 20),
        accessed=datetime.date(2026, 1, 1),
    )

    def citation() -> ncts.Citation:
        return ncts.Citation(section=text(), quote=text(), document=source.id)

    def errata(value: str, field: str) -> tuple[ncts.Erratum, ...]:
        original = text()
        corrected = (
            ncts.Erratum(field, original, value, note=text())
            if original != value
            else None
        )
        noted = ncts.Erratum(field, value, note=text(), kind=ncts.ErratumKind.NOTED)
        return tuple(e for e in (corrected, noted) if e is not None)

    theme_text = _texts(draw, text)
    theme = ncts.FocusTheme(
        next(pool), theme_text, citation(), errata(theme_text.nl, "text.nl")
    )
    goal_text = _texts(draw, text)
    goal = ncts.Goal(
        next(pool),
        goal_text,
        citation(),
        note=text(),
        errata=errata(goal_text.nl, "text.nl"),
        status=ncts.GoalStatus.MODELLED,
    )
    sp_text = _texts(draw, text)
    sp = ncts.Speerpunt(
        next(pool),
        sp_text,
        frozenset(ncts.Kind),
        citation(),
        errata(sp_text.nl, "text.nl"),
    )
    name = _texts(draw, text)
    area = ncts.Area(
        next(pool),
        name,
        _texts(draw, text),
        citation(),
        errata(name.nl, "name.nl"),
        (sp,),
    )
    links = (
        ncts.Link(
            sp.id,
            goal.id,
            ncts.LinkType.CONTRIBUTES_TO,
            ncts.Basis.STATED,
            text(),
            citation(),
            id=next(pool),
        ),
        ncts.Link(
            area.id,
            theme.id,
            ncts.LinkType.ADDRESSES,
            ncts.Basis.DERIVED,
            text(),
            id=next(pool),
            evidence=(citation(), citation()),
        ),
    )
    title = _texts(draw, text)
    intro = _texts(draw, text)
    return ncts.Strategy(
        id=next(pool),
        title=title,
        period=ncts.Period(2022, 2026),
        data_version=text(),
        scope=text(),
        translation=text(),
        adopted=ncts.Adoption(datetime.date(2022, 5, 20), text(), citation()),
        sources=(source,),
        introduction=(intro,),
        aim=ncts.Aim(_texts(draw, text), citation()),
        focus_themes=(theme,),
        goals=(goal,),
        areas=(area,),
        links=links,
        errata=errata(title.nl, "title.nl"),
    )


@st.composite
def hostile_overlays(draw: st.DrawFn, strategy: ncts.Strategy) -> ncts.Overlay:
    """An overlay on *strategy* with a hostile text in every text field."""
    text = _pool(draw)
    targets = [e.id for e in strategy.elements() if e.element_type != "source"]
    shift = draw(st.integers(0, len(ncts.Status)))
    records = tuple(
        ncts.Record(
            id=f"r{i}",
            title=text(),
            addresses=tuple(targets[i % len(targets) :][: 1 + i % 3]),
            status=(None, *ncts.Status)[(i + shift) % (len(ncts.Status) + 1)],
            progress=None if i == 1 else 17 * i % 101,
            owner=draw(st.none() | st.just(text())),
            start=datetime.date(2024, 1, 1),
            tags=(text(), text()),
            notes=text(),
            documents=(ncts.Document(text(), url=text()),),
            indicators=(ncts.Indicator(text(), unit=text(), target=3, value=1.5),),
        )
        for i in range(draw(st.integers(1, 3)))
    )
    return ncts.Overlay(
        id="hostile",
        title=text(),
        strategy=strategy.id,
        data_version=strategy.data_version,
        description=text(),
        records=records,
    )


class _Page(HTMLParser):
    """Everything a browser would build from a page: tags, attributes, text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data
        else:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


# The tags and attributes ncts writes; anything else came from the data.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "span", "header", "h1",
    "h2", "h3", "h4", "p", "code", "div", "label", "input", "select", "option",
    "button", "main", "section", "article", "blockquote", "ul", "li", "q",
    "progress", "table", "thead", "tbody", "tr", "th", "td", "footer", "script",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "data-lang", "charset", "http-equiv", "content", "name", "class",
    "href", "rel", "id", "data-id", "for", "type", "maxlength", "autocomplete",
    "aria-describedby", "value", "data-nl", "data-en", "role", "aria-labelledby",
    "aria-pressed", "aria-live", "data-status", "data-owner", "max", "scope",
}  # fmt: skip


# Closed vocabularies: shown as words of the page, in both languages.
_ENUMS = {"type", "basis", "kind", "kinds", "status", "role"}


def _strings(data: Any) -> Iterator[str]:
    """Every free text of a model object (not the values of closed vocabularies)."""
    if isinstance(data, str):
        yield data
    elif attrs.has(type(data)):
        for field in attrs.fields(type(data)):
            if field.init and field.name not in _ENUMS:
                yield from _strings(getattr(data, field.name))
    elif isinstance(data, (tuple, list, frozenset)):
        for value in data:
            yield from _strings(value)


def _check_page(
    page: str, strategy: ncts.Strategy, overlays: list[ncts.Overlay]
) -> _Page:
    """What any page must be, whatever the data: see the module's docstring."""
    parsed = _Page(page)
    assert {t for t, _ in parsed.tags} <= TAGS
    for _, found in parsed.tags:
        assert set(found) <= ATTRIBUTES
        href = found.get("href")
        if href is not None:
            assert href.startswith("#") or re.fullmatch(r"https?://\S+", href), href
    # One style sheet and one script, ncts's own, and the data block.
    assert parsed.raw["style"] == [asset("page.css")]
    scripts = parsed.all("script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert parsed.raw["script"][1] == asset("page.js")
    data = json.loads(parsed.raw["script"][0])
    assert not re.search("[<>&\u2028\u2029]", parsed.raw["script"][0])
    assert set(data["fields"]) <= {e.id for e in strategy.elements()}
    # Every text of the data is there, as text.
    text = "".join(parsed.text)
    for value in _strings(strategy):
        assert (
            printable(value, keep="\n\t").replace("\n", "↵") in text.replace("\n", "↵")
            or printable(value, keep="\n\t") in text
        ), value
    for overlay in overlays:
        for value in _strings(overlay):
            assert printable(value, keep="\n\t") in text, value
    # Nothing hidden anywhere: no control, bidirectional or zero-width character.
    assert printable(page, keep="\n\t") == page
    return parsed


def _csp(parsed: _Page) -> str:
    [meta] = [m for m in parsed.all("meta") if m.get("http-equiv")]
    assert meta["http-equiv"] == "Content-Security-Policy"
    return meta["content"] or ""


def _sha(text: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        + "'"
    )


@pytest.fixture(scope="module")
def overlay() -> ncts.Overlay:
    return ncts.load_overlay(OVERLAY)


@pytest.fixture(scope="module")
def page(overlay: ncts.Overlay) -> str:
    return html_page(ncts.load(), [overlay])


class TestHtmlPage:
    def test_bundled_page_is_small(self, page: str) -> None:
        """The bundled strategy with the example overlay is under 250 KB."""
        assert len(page.encode("utf-8")) < 250_000

    def test_everything_is_there(self, page: str, overlay: ncts.Overlay) -> None:
        """The bundled page holds every text, ID, link and record, and no markup of them."""
        parsed = _check_page(page, ncts.load(), [overlay])
        anchors = {a.get("id") for _, a in parsed.tags}
        s = ncts.load()
        for element in s.elements():
            assert element.id in anchors
        for link in s.links:
            assert link.id in anchors
        for record in overlay.records:
            assert f"{overlay.id}:{record.id}" in anchors

    def test_csp_forbids_everything_but_its_own(self, page: str) -> None:
        """The policy allows no source at all but the inline style and script, by hash."""
        parsed = _Page(page)
        rules = {part.split()[0]: part.split()[1:] for part in _csp(parsed).split("; ")}
        assert rules["default-src"] == ["'none'"]
        assert rules["style-src"] == [_sha(parsed.raw["style"][0])]
        assert rules["script-src"] == [_sha(parsed.raw["script"][1])]
        assert rules["base-uri"] == ["'none'"]
        assert rules["form-action"] == ["'none'"]
        assert not [a for _, a in parsed.tags if "src" in a]
        # The policy comes before anything it governs.
        assert page.index("Content-Security-Policy") < page.index("<style>")

    def test_stated_and_derived_look_different(self, page: str) -> None:
        """Each link is shown with its basis as a class and in words."""
        parsed = _Page(page)
        s = ncts.load()
        for link in s.links:
            [item] = [a for t, a in parsed.tags if t == "li" and a.get("id") == link.id]
            assert f"link {link.basis.value}" == item["class"]
        css = asset("page.css")
        assert ".link.stated {" in css
        assert ".link.derived {" in css

    def test_headings_in_order(self, page: str) -> None:
        """One h1, and no heading more than one level below the one before."""
        levels = [int(t[1]) for t, _ in _Page(page).tags if re.fullmatch("h[1-6]", t)]
        assert levels[0] == 1
        assert levels.count(1) == 1
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1

    def test_languages_are_marked(self, page: str) -> None:
        """The page has a language; every Dutch or English span says which it is."""
        parsed = _Page(page)
        assert parsed.all("html")[0]["lang"] == "nl"
        for _, found in parsed.tags:
            classes = (found.get("class") or "").split()
            for lang in ("nl", "en"):
                if lang in classes:
                    assert found.get("lang") == lang
        english = html_page(ncts.load(), lang="en")
        assert _Page(english).all("html")[0]["lang"] == "en"

    def test_every_control_is_labelled(self, page: str) -> None:
        """Each input and select has a label; each button has text."""
        parsed = _Page(page)
        labelled = {a["for"] for a in parsed.all("label")}
        for tag in ("input", "select"):
            for found in parsed.all(tag):
                assert found["id"] in labelled
        assert len(parsed.all("button")) == 2
        assert "aria-pressed" in parsed.all("button")[0]

    @given(st.data())
    def test_status_counts(self, data: st.DataObject) -> None:
        """Each element and each overlay counts its records per status, in words."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        overlay = data.draw(hostile_overlays(s))
        page = html_page(s, [overlay], lang="en")
        summary = re.search(
            r'id="overlay-hostile">.*?<p>(.*?)</p>(?:<div class="scroll">|</article>)',
            page,
            re.DOTALL,
        )
        assert summary is not None
        shown = {
            status: int(n)
            for n, status in re.findall(
                r'<span class="count">(\d+) <span class="nl" lang="nl">[^<]*</span>'
                r'<span class="en" lang="en">([^<]*)</span>',
                summary.group(1),
            )
        }
        words = {"no status": None, **{s_.value: s_ for s_ in ncts.Status}}
        expected = {
            name: sum(1 for r in overlay.records if r.status == status)
            for name, status in words.items()
        }
        assert shown == {k: v for k, v in expected.items() if v}
        assert f"Records</span>: {len(overlay.records)}" in summary.group(1)

    def test_no_overlay_no_filter(self) -> None:
        """Without overlays there are no filters and no overlay section."""
        parsed = _Page(html_page(ncts.load()))
        assert not parsed.all("select")

    def test_template_values_are_substituted_once(self) -> None:
        """A text that looks like a placeholder of the template stays as it is."""
        s = ncts.load(ncts.example_path("template.yaml"))
        s = attrs.evolve(s, title=ncts.Text("{{js}} {{body}}"))
        page = html_page(s)
        assert page.count(asset("page.js")) == 1
        assert "{{js}} {{body}}" in page


class TestHostileTexts:
    @given(st.data())
    def test_every_field_of_strategy_and_overlay(self, data: st.DataObject) -> None:
        """Hostile texts in every field stay text: no tag, attribute or link of theirs."""
        strategy = data.draw(hostile_strategies())
        overlay = data.draw(hostile_overlays(strategy))
        lang = data.draw(st.sampled_from(["nl", "en"]))
        _check_page(html_page(strategy, [overlay], lang=lang), strategy, [overlay])

    @given(st.lists(st.text() | st.sampled_from(HOSTILE)))
    def test_script_json(self, values: list[str]) -> None:
        """Embedded data reads back the same and cannot end its script element."""
        text = script_json({"values": values})
        assert json.loads(text) == {"values": values}
        assert not re.search("[<>&\u2028\u2029]", text)

    def test_only_web_addresses_become_links(self) -> None:
        """A javascript: or data: address is shown as text, never as a link."""
        s = ncts.load(ncts.example_path("template.yaml"))
        for url in (
            "javascript:alert(1)",
            "data:text/html,x",
            "https://ok.example/a b",
        ):
            source = ncts.Source("src", "S", url=url)
            page = html_page(attrs.evolve(s, sources=(source,)))
            assert html.escape(url) in page
            hrefs = [a.get("href") or "#" for _, a in _Page(page).tags]
            assert [h for h in hrefs if not h.startswith("#")] == []


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours written #rrggbb."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class TestContrast:
    def test_contrast_formula(self) -> None:
        """Black on white is 21:1, and a colour on itself 1:1."""
        assert round(contrast("#000000", "#ffffff"), 2) == 21.0
        assert contrast("#767676", "#767676") == 1.0

    # Text colour, background, the least ratio (4.5 for text, 3 for outlines).
    PAIRS: ClassVar[list[tuple[str, str, float]]] = [
        ("text", "page", 4.5),
        ("text", "panel", 4.5),
        ("page", "text", 4.5),
        ("muted", "page", 4.5),
        ("muted", "panel", 4.5),
        ("link", "page", 4.5),
        ("link", "panel", 4.5),
        ("stated-text", "stated-back", 4.5),
        ("derived-text", "derived-back", 4.5),
        ("badge-text", "badge-back", 4.5),
        ("planned-text", "planned-back", 4.5),
        ("active-text", "active-back", 4.5),
        ("paused-text", "paused-back", 4.5),
        ("stopped-text", "stopped-back", 4.5),
        ("line", "page", 3),
        ("focus", "page", 3),
        ("focus", "panel", 3),
        ("stated-text", "page", 3),
        ("derived-text", "page", 3),
    ]

    @pytest.mark.parametrize(("fore", "back", "least"), PAIRS)
    def test_palette_passes_aa(self, fore: str, back: str, least: float) -> None:
        """Every colour pair of the style sheet passes WCAG 2 AA."""
        palette = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", asset("page.css")))
        assert contrast(palette[fore], palette[back]) >= least

    def test_every_colour_is_in_the_palette(self) -> None:
        """The style sheet uses no colour outside the checked palette (print aside)."""
        css = asset("page.css")
        screen = css.split("@media print")[0]
        rules = screen.split("}", 1)[1]  # after :root's palette
        assert re.findall(r"#[0-9a-fA-F]{3,6}\b", rules) == []


class TestSearchRules:
    def test_scan_covers_unicode(self) -> None:
        """No code point past the scanned range has a combining class or a special fold."""
        for code in range(_SCAN, 0x110000):
            char = chr(code)
            assert not unicodedata.combining(char)
            assert char.casefold() == char.lower()


class TestExportHtml:
    def test_export_and_cli(self, tmp_path: Path, overlay: ncts.Overlay) -> None:
        """ncts.export and 'ncts export --format html --overlay' write the same page."""
        ncts.export(ncts.load(), tmp_path / "a.html", overlays=[overlay], lang="en")
        code = main(
            ["export", "--format", "html", "-o", str(tmp_path / "b.html"),
             "--overlay", str(OVERLAY), "--lang", "en"]
        )  # fmt: skip
        assert code == 0
        a = (tmp_path / "a.html").read_text(encoding="utf-8")
        assert a == (tmp_path / "b.html").read_text(encoding="utf-8")
        assert a == html_page(ncts.load(), [overlay], lang="en")

    def test_overlays_only_where_shown(
        self, tmp_path: Path, overlay: ncts.Overlay
    ) -> None:
        """A format that cannot show overlays refuses them, saying which can."""
        with pytest.raises(ncts.FormatError, match="html"):
            ncts.export(ncts.load(), tmp_path / "x.dot", overlays=[overlay])

    def test_overlay_for_another_strategy(
        self, tmp_path: Path, overlay: ncts.Overlay
    ) -> None:
        """An overlay is checked against the strategy before it is shown."""
        other = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        with pytest.raises(ncts.ValidationError, match="strategy"):
            ncts.export(other, tmp_path / "x.html", overlays=[overlay])

"""The web page in a real browser: Debian's Chromium, driven by Selenium.

One browser serves every test of a session (of each xdist worker), and each test
opens a page anew. What must hold: no console error and no request leaves the
page (its Content-Security-Policy refuses them, and the test proves it does);
search follows the library's rules (generated queries give the library's hits);
the language switch, the permanent links, the overlay filters and the print
layout work; hostile texts show as text and run nothing; every control is
reached by the keyboard.

Without Chromium, its driver or Selenium, the tests skip, saying what is missing;
on CI (``CI=true``) they fail instead, since .ci/run installs the browser.

``python tests/test_browser.py docs/images`` takes the screenshots of the docs.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts._escape import printable
from ncts._fields import text_problem
from ncts._html import html_page

from .test_html import HOSTILE

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM = ("chromium", "chromium-browser")
DRIVER = "chromedriver"
WIDTH, HEIGHT = 1280, 900


def _missing() -> str | None:
    """Say what the browser tests need and do not have; None if all is there."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not any(shutil.which(name) for name in CHROMIUM):
        return "Chromium is not installed (apt-get install chromium chromium-driver)"
    if not shutil.which(DRIVER):
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


def start_browser() -> WebDriver:
    """Start headless Chromium with its console and network logs on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = next(
        path for path in map(shutil.which, CHROMIUM) if path is not None
    )
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WIDTH},{HEIGHT}",
        "--lang=nl",
    ):
        options.add_argument(argument)
    options.set_capability(
        "goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"}
    )
    service = Service(shutil.which(DRIVER))
    driver: WebDriver = webdriver.Chrome(service=service, options=options)
    # The window's inner size, whatever the browser's own bars take.
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * WIDTH - inner[0], 2 * HEIGHT - inner[1])
    return driver


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests cannot run on CI: {reason}")
        pytest.skip(f"no browser to test the web page in: {reason}")
    driver = start_browser()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def overlay() -> ncts.Overlay:
    return ncts.load_overlay(ncts.example_path("overlay.yaml"))


@pytest.fixture(scope="session")
def page_file(tmp_path_factory: pytest.TempPathFactory, overlay: ncts.Overlay) -> Path:
    """The bundled strategy with the example overlay, in Dutch."""
    path = tmp_path_factory.mktemp("html") / "ncts.html"
    ncts.export(ncts.load(), path, overlays=[overlay])
    return path


class Page:
    """A page open in the browser, with what it logged since it was opened."""

    def __init__(self, driver: WebDriver, path: Path, fragment: str = "") -> None:
        self.driver = driver
        self.url = path.as_uri()
        for kind in ("browser", "performance"):
            self.log(kind)  # drop what earlier pages logged
        driver.get("about:blank")
        driver.get(self.url + fragment)

    def log(self, kind: str) -> list[dict[str, Any]]:
        """Take what the browser logged of a kind since it was last asked."""
        entries: list[dict[str, Any]] = self.driver.get_log(kind)  # type: ignore[no-untyped-call]
        return entries

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def console(self) -> list[str]:
        """The console's warnings and errors (CSP refusals among them)."""
        return [
            entry["message"]
            for entry in self.log("browser")
            if entry["level"] in ("WARNING", "SEVERE")
        ]

    def requests(self) -> dict[str, str | None]:
        """Every address the page asked for, but itself, with why it was blocked.

        None: not blocked (it went out); ``"csp"``: the policy refused it.
        """
        asked: dict[str, str] = {}
        blocked: dict[str, str] = {}
        for entry in self.log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message["params"]
            if message["method"] == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if url.split("#")[0] != self.url:
                    asked[params["requestId"]] = url
            elif message["method"] == "Network.loadingFailed":
                blocked[params["requestId"]] = params.get("blockedReason")
        return {url: blocked.get(key) for key, url in asked.items()}

    def matching(self) -> set[str]:
        """The IDs of the elements that match and show."""
        return set(
            self.js(
                "return Array.from(document.querySelectorAll('[data-match=\"1\"]'))"
                ".filter(e => e.offsetParent !== null || e.getClientRects().length)"
                ".map(e => e.dataset.id)"
            )
        )

    def shown(self, selector: str) -> bool:
        return bool(
            self.js(
                "const e = document.querySelector(arguments[0]);"
                "return e !== null && e.getClientRects().length > 0",
                selector,
            )
        )

    def search(self, query: str) -> None:
        self.js(
            "const q = document.getElementById('q'); q.value = arguments[0];"
            "q.dispatchEvent(new Event('input'))",
            query,
        )

    def choose(self, select: str, value: str) -> None:
        self.js(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1];"
            "s.dispatchEvent(new Event('change'))",
            select,
            value,
        )

    def text_of(self, selector: str) -> str:
        return str(
            self.js("return document.querySelector(arguments[0]).innerText", selector)
        )


def _words(text: str) -> str:
    return " ".join(printable(text).split())


class TestNothingLeavesThePage:
    def test_no_console_error_no_request(
        self, browser: WebDriver, page_file: Path
    ) -> None:
        """The bundled page with an overlay loads with no warning and no request."""
        page = Page(browser, page_file)
        assert page.js("return document.readyState") == "complete"
        assert page.js("return typeof window.nctsSearch") == "object"  # it ran
        assert page.console() == []
        assert page.requests() == {}

    def test_the_policy_refuses_requests(
        self, browser: WebDriver, page_file: Path
    ) -> None:
        """A picture, a fetch or a script asked for from the page is refused."""
        page = Page(browser, page_file)
        page.js(
            "const i = new Image(); i.src = 'http://127.0.0.1:9/x.png';"
            "document.body.appendChild(i);"
            "fetch('http://127.0.0.1:9/y').catch(() => {});"
            "const s = document.createElement('script'); s.src = 'http://127.0.0.1:9/z.js';"
            "document.body.appendChild(s);"
        )
        page.js("return new Promise(r => setTimeout(r, 200))")
        refused = page.console()
        assert len(refused) >= 3
        assert all("Content Security Policy" in message for message in refused)
        # Chromium notes each request it is asked for, and blocks it before it goes.
        requests = page.requests()
        assert set(requests) <= {
            "http://127.0.0.1:9/x.png",
            "http://127.0.0.1:9/y",
            "http://127.0.0.1:9/z.js",
        }
        assert set(requests.values()) <= {"csp"}


class TestSearch:
    def test_reintegratie(self, browser: WebDriver, page_file: Path) -> None:
        """'reintegratie' finds VV4 and FT3 (and VV, whose description has the
        word, as the library finds it) and hides every other element."""
        page = Page(browser, page_file)
        page.search("reintegratie")
        s = ncts.load()
        found = page.matching()
        assert {"VV4", "FT3"} <= found
        assert found == {hit.element.id for hit in ncts.search(s, "reintegratie")}
        elements: list[ncts.Goal | ncts.FocusTheme | ncts.Speerpunt] = [
            *s.goals,
            *s.focus_themes,
            *s.speerpunten,
        ]
        for element in elements:
            assert page.shown(f"#{element.id}") == (element.id in {"VV4", "FT3"})
        assert [a.id for a in s.areas if page.shown(f"#{a.id}")] == ["VV"]
        assert str(len(found)) in page.text_of("#q-status")
        page.search("")
        assert all(page.shown(f"#{e.id}") for e in s.speerpunten)

    def test_nothing_found(self, browser: WebDriver, page_file: Path) -> None:
        """A query nothing matches hides everything and says so."""
        page = Page(browser, page_file)
        page.search("qqqzzz")
        assert page.matching() == set()
        assert page.text_of("#q-status") in ("Niets gevonden.", "Nothing found.")

    @given(st.data())
    def test_the_library_s_rules(
        self, browser: WebDriver, page_file: Path, data: st.DataObject
    ) -> None:
        """For a query made from the strategy's words, changed in case, accents,
        hyphens and length, the page finds what Strategy.search finds."""
        page = _search_page(browser, page_file)
        query = data.draw(queries())
        expected = {hit.element.id for hit in ncts.search(ncts.load(), query)}
        page.search(query)
        assert page.matching() == expected, query

    @given(st.text(max_size=30))
    def test_normalising_as_the_library_does(
        self, browser: WebDriver, page_file: Path, text: str
    ) -> None:
        """The page's script normalises and stems any text as ncts._search does."""
        from ncts._search import _normal, stem

        page = _search_page(browser, page_file)
        normal, stems = page.js(
            "const n = window.nctsSearch.normal(arguments[0]);"
            "return [n, n.split(' ').filter(w => w).map(window.nctsSearch.stem)]",
            text,
        )
        assert normal == _normal(text)
        assert stems == [stem(w) for w in _normal(text).split()]


_OPEN: dict[int, Page] = {}


def _search_page(browser: WebDriver, path: Path) -> Page:
    """The page, opened once for the generated queries (each sets the search)."""
    if id(browser) not in _OPEN or browser.current_url != _OPEN[id(browser)].url:
        _OPEN[id(browser)] = Page(browser, path)
    return _OPEN[id(browser)]


def _all_words() -> list[str]:
    from ncts._search import _index

    words = {w for f in _index(ncts.load()).fields for w in f.text.split()}
    return sorted(w.strip(".,:;()'\"") for w in words if len(w) > 2)


_ACCENTS = {"e": "ë", "i": "ï", "a": "á", "o": "ö", "u": "ü"}


@st.composite
def queries(draw: st.DrawFn) -> str:
    """One to three words of the strategy, each perhaps cut short or disguised."""
    words = []
    for word in draw(st.lists(st.sampled_from(_all_words()), min_size=1, max_size=3)):
        if draw(st.booleans()):
            word = word[: draw(st.integers(1, len(word)))]
        change = draw(st.sampled_from(["", "upper", "accent", "hyphen", "nfd"]))
        if change == "upper":
            word = word.upper()
        elif change == "accent":
            word = "".join(_ACCENTS.get(c, c) for c in word)
        elif change == "hyphen" and len(word) > 2:
            word = word[:2] + "-" + word[2:]
        elif change == "nfd":
            word = unicodedata.normalize("NFD", word)
        words.append(word)
    return " ".join(words)


class TestLanguage:
    def test_switch_shows_english(self, browser: WebDriver, page_file: Path) -> None:
        """The English button shows the English texts and hides the Dutch ones."""
        s = ncts.load()
        page = Page(browser, page_file)
        [vk6] = [sp for sp in s.speerpunten if sp.id == "VK6"]
        assert page.js("return document.documentElement.lang") == "nl"
        assert _words(vk6.text.nl) in _words(page.text_of("#VK6 h4"))
        browser.find_element("css selector", "button[data-lang='en']").click()
        assert page.js("return document.documentElement.lang") == "en"
        assert vk6.text.en is not None
        heading = _words(page.text_of("#VK6 h4"))
        assert _words(vk6.text.en) in heading
        assert _words(vk6.text.nl) not in heading
        assert page.js("return document.title") == s.title.en
        assert page.text_of("label[for='q']") == "Search"
        assert (
            page.js("return document.getElementById('f-status').options[0].text")
            == "all"
        )
        browser.find_element("css selector", "button[data-lang='nl']").click()
        assert _words(vk6.text.nl) in _words(page.text_of("#VK6 h4"))

    def test_opens_in_english(self, browser: WebDriver, tmp_path: Path) -> None:
        """A page written with lang='en' opens in English."""
        path = tmp_path / "en.html"
        path.write_text(html_page(ncts.load(), lang="en"), encoding="utf-8")
        page = Page(browser, path)
        assert page.js("return document.documentElement.lang") == "en"
        assert page.shown("#VK6 h4 .en")
        assert not page.shown("#VK6 h4 .nl")


class TestPermalinks:
    def _in_view(self, page: Page, id: str) -> bool:
        return bool(
            page.js(
                "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                "const bar = document.getElementById('toolbar').getBoundingClientRect();"
                "return r.top >= bar.bottom - 1 && r.top < window.innerHeight",
                id,
            )
        )

    def test_fragment_brings_the_element_into_view(
        self, browser: WebDriver, page_file: Path
    ) -> None:
        """#VK6 scrolls VK6 into view, below the sticky tool bar."""
        page = Page(browser, page_file, "#VK6")
        assert page.js("return window.scrollY") > 0
        assert self._in_view(page, "VK6")

    def test_fragment_shows_what_search_hid(
        self, browser: WebDriver, page_file: Path
    ) -> None:
        """Following a link to an element that the search hides clears the search."""
        page = Page(browser, page_file)
        page.search("reintegratie")
        assert not page.shown("#VK6")
        page.js("location.hash = '#VK6'")
        assert page.shown("#VK6")
        assert self._in_view(page, "VK6")
        assert page.js("return document.getElementById('q').value") == ""


class TestOverlayFilter:
    def _records(self, page: Page) -> list[tuple[str, str, bool]]:
        return [
            tuple(r)
            for r in page.js(
                "return Array.from(document.querySelectorAll('.rec')).map(r => "
                "[r.dataset.status, r.dataset.owner, r.getClientRects().length > 0])"
            )
        ]

    def test_status(
        self, browser: WebDriver, page_file: Path, overlay: ncts.Overlay
    ) -> None:
        """Choosing a status shows its records, and the elements that hold them."""
        page = Page(browser, page_file)
        page.choose("f-status", "planned")
        records = self._records(page)
        assert records
        assert all(shown == (status == "planned") for status, _, shown in records)
        planned = {
            target
            for r in overlay.records
            if r.status is not None and r.status.value == "planned"
            for target in r.addresses
        }
        assert page.matching() == planned
        page.choose("f-status", "")
        assert all(shown for _, _, shown in self._records(page))

    def test_owner_and_status_together(
        self, browser: WebDriver, page_file: Path, overlay: ncts.Overlay
    ) -> None:
        """Both filters apply at once, and with a search."""
        page = Page(browser, page_file)
        owners = sorted({r.owner for r in overlay.records if r.owner})
        owner = overlay["wijkradar"].owner
        assert owner is not None
        page.choose("f-owner", str(owners.index(owner)))
        page.choose("f-status", "active")
        wanted = {
            t
            for r in overlay.records
            if r.owner == owner and r.status is not None and r.status.value == "active"
            for t in r.addresses
        }
        assert page.matching() == wanted
        page.search("eenling")
        assert page.matching() == wanted & {
            h.element.id for h in ncts.load().search("eenling")
        }
        page.choose("f-status", "done")
        assert page.matching() == set()


class TestHostileTexts:
    def test_shown_as_text(self, browser: WebDriver, tmp_path: Path) -> None:
        """Texts that try to be markup or script show as text, run nothing, and ask
        for nothing."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        hostile = [h for h in HOSTILE if text_problem(h) is None]
        title = ncts.Text(hostile[0] + " " + hostile[1], hostile[2])
        goals = tuple(
            attrs.evolve(g, text=ncts.Text(hostile[i % len(hostile)]))
            for i, g in enumerate(s.goals)
        )
        sources = tuple(
            attrs.evolve(src, title=hostile[3], url="javascript:window.pwned=1")
            for src in s.sources
        )
        s = attrs.evolve(s, title=title, goals=goals, sources=sources)
        record = ncts.Record(
            "r1",
            hostile[16],
            (s.goals[0].id,),
            owner=hostile[6],
            status=ncts.Status.ACTIVE,
            documents=(ncts.Document(hostile[5], url=hostile[14]),),
        )
        overlay = ncts.Overlay(
            "o", hostile[10], s.id, s.data_version, records=(record,)
        )
        path = tmp_path / "hostile.html"
        ncts.export(s, path, overlays=[overlay])
        page = Page(browser, path)
        assert page.js("return window.pwned") is None
        assert _words(page.text_of("h1")) == _words(title.nl)
        assert (
            page.js(
                "return document.querySelectorAll('img, iframe, base, meta[http-equiv=refresh]').length"
            )
            == 0
        )
        assert page.js("return document.scripts.length") == 2
        assert page.console() == []
        assert page.requests() == {}
        page.choose("f-owner", "0")
        page.search(hostile[0])
        assert page.js("return window.pwned") is None


class TestKeyboard:
    def test_every_control_is_reached(
        self, browser: WebDriver, page_file: Path
    ) -> None:
        """Tab goes to the skip link, then the search, the filters and the language
        buttons; Enter on a language button switches the language."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        page = Page(browser, page_file)
        reached = []
        for _ in range(6):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            reached.append(
                page.js(
                    "const e = document.activeElement;"
                    "return e.id || e.getAttribute('data-lang') || e.className"
                )
            )
        assert reached == ["skip", "q", "f-status", "f-owner", "nl", "en"]
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        assert page.js("return document.documentElement.lang") == "en"
        # The focused control shows a visible outline.
        style = page.js("return getComputedStyle(document.activeElement).outlineStyle")
        assert style == "solid"


class TestPrint:
    def test_print_layout(self, browser: WebDriver, page_file: Path) -> None:
        """On paper: no tool bar, every element, and web addresses written out."""
        page = Page(browser, page_file)
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            assert not page.shown("#toolbar")
            assert all(page.shown(f"#{e.id}") for e in ncts.load().speerpunten)
            assert not page.shown(".perma")
        finally:
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        pdf = browser.print_page()
        assert len(pdf) > 10_000


def screenshots(folder: Path) -> list[Path]:
    """Take the docs' screenshots of the page into *folder*; return their paths."""
    overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    work = Path(os.environ.get("TMPDIR", "/tmp")) / "ncts-screenshots"
    work.mkdir(exist_ok=True)
    driver = start_browser()
    taken = []
    try:
        for lang in ("nl", "en"):
            path = work / f"ncts-{lang}.html"
            ncts.export(ncts.load(), path, lang=lang, overlays=[overlay])
            page = Page(driver, path)
            taken.append(folder / f"html-{lang}.png")
            driver.save_screenshot(str(taken[-1]))
        page = Page(driver, work / "ncts-en.html", "#VK6")
        page.choose("f-status", "active")
        page.js("location.hash = ''; location.hash = '#VK6'")
        taken.append(folder / "html-overlay.png")
        driver.save_screenshot(str(taken[-1]))
        page = Page(driver, work / "ncts-nl.html")
        page.search("reintegratie")
        page.js("window.scrollTo(0, 0)")
        taken.append(folder / "html-search.png")
        driver.save_screenshot(str(taken[-1]))
    finally:
        driver.quit()
    return taken


if __name__ == "__main__":
    for shot in screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(shot)

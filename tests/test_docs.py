"""The documentation is complete and fits its pages.

Every public name is in the API reference, every picture is on a page, no code
line is wider than a page shows, and the rendered reference has no stray
characters: the reference page is built with Sphinx, as .ci/run builds the site.
"""

import io
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import ncts

from .conftest import ROOT

DOCS = ROOT / "docs"
#: The widest code line that furo shows without scrolling, in characters: at a
#: window 1280 pixels wide a code block holds 92; the code's own limit is 88.
WIDTH = 88
# A directive of the API reference that documents a public name.
_DIRECTIVE = re.compile(r"^\.\. (?:auto\w+|py:\w+):: ncts\.(\w+)\s*$", re.MULTILINE)


def _pages() -> list[Path]:
    """The Markdown pages that Sphinx builds (docs/conf.py leaves none out here)."""
    return sorted(DOCS.glob("*.md"))


def _code_blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """Each fenced block of a Markdown page: its language, first line, and lines."""
    blocks: list[tuple[str, int, list[str]]] = []
    fence, language, start = "", "", 0
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not fence:
            match = re.match(r"(`{3,}|~{3,})\s*(\{[\w-]+\}|[\w-]*)", stripped)
            if match:
                fence, language, start, lines = (
                    match.group(1),
                    match.group(2),
                    number,
                    [],
                )
        elif stripped == fence:
            blocks.append((language, start, lines))
            fence = ""
        else:
            lines.append(line)
    return blocks


class TestApiReference:
    def test_every_public_name_is_documented(self) -> None:
        """docs/api.md documents exactly the names in ncts.__all__."""
        documented = _DIRECTIVE.findall((DOCS / "api.md").read_text(encoding="utf-8"))
        assert len(documented) == len(set(documented))
        assert set(documented) == set(ncts.__all__)


@pytest.fixture(scope="module")
def api_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    """docs/api.md as Sphinx renders it, with the site's configuration."""
    from sphinx.application import Sphinx

    source = tmp_path_factory.mktemp("docs")
    shutil.copy(DOCS / "conf.py", source)
    shutil.copytree(DOCS / "_static", source / "_static")
    shutil.copy(DOCS / "api.md", source)
    (source / "index.md").write_text("# ncts\n\n```{toctree}\napi\n```\n")
    messages = io.StringIO()
    app = Sphinx(
        str(source),
        str(source),
        str(source / "_build"),
        str(source / "_doctrees"),
        "html",
        status=None,
        warning=messages,
        freshenv=True,
    )
    with warnings.catch_warnings():  # Sphinx's own deprecations are not ours
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        app.build()
    # Only links to the pages left out of this build may fail.
    problems = [
        line
        for line in messages.getvalue().splitlines()
        if line.strip() and "unknown document" not in line
    ]
    assert problems == []
    return (source / "_build" / "api.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    import html as markup

    return " ".join(markup.unescape(re.sub(r"<[^>]+>", "", html)).split())


class TestRenderedReference:
    def test_every_public_name_is_on_the_page(self, api_html: str) -> None:
        """Each name in ncts.__all__ has its entry (an anchor) in the rendered page."""
        missing = [n for n in ncts.__all__ if f'id="ncts.{n}"' not in api_html]
        assert missing == []

    def test_no_field_without_its_text(self, api_html: str) -> None:
        """No Raises, Returns or Parameters entry ends in a dash with nothing after it."""
        items = re.findall(r"<li><p>(.*?)</p></li>", api_html, re.DOTALL)
        items += re.findall(r'<dd class="field-\w+"><p>(.*?)</p>', api_html, re.DOTALL)
        assert items
        dangling = [_text(i) for i in items if re.search(r"[–—-]\s*$", _text(i))]
        assert dangling == []

    def test_signatures_have_no_stray_characters(self, api_html: str) -> None:
        """Signatures name public things only, and write defaults as Python does."""
        signatures = [
            _text(s)
            for s in re.findall(
                r'<dt class="sig sig-object py"[^>]*>(.*?)</dt>', api_html, re.DOTALL
            )
        ]
        assert len(signatures) > len(ncts.__all__)
        stray = re.compile(
            r"ncts\._[a-z]|\bat 0x|frozenset\(\{\}\)|NoneType|<|>(?!\s)|\\"
        )
        assert [s for s in signatures if stray.search(s.replace(" → ", " "))] == []


class TestPages:
    def test_every_picture_is_shown(self) -> None:
        """Each file in docs/images is shown on a page that Sphinx builds."""
        shown = "\n".join(p.read_text(encoding="utf-8") for p in _pages())
        pictures = sorted(p.name for p in (DOCS / "images").iterdir())
        assert pictures
        assert [p for p in pictures if f"](images/{p})" not in shown] == []

    def test_code_lines_fit_the_page(self) -> None:
        """No line of a code block is wider than WIDTH characters.

        Left out: the reST directives that Sphinx reads (not shown), and Mermaid
        source, which GitHub draws and Sphinx wraps (docs/_static/ncts.css).
        """
        wide: list[Any] = []
        for page in _pages():
            for language, start, lines in _code_blocks(
                page.read_text(encoding="utf-8")
            ):
                if language in ("{eval-rst}", "mermaid"):
                    continue
                wide += [
                    (page.name, start + i + 1, len(line))
                    for i, line in enumerate(lines)
                    if len(line) > WIDTH
                ]
        assert wide == []

    def test_mermaid_wraps(self) -> None:
        """The site's style sheet wraps Mermaid source, and the site loads it."""
        css = (DOCS / "_static" / "ncts.css").read_text(encoding="utf-8")
        assert re.search(r"\.highlight-mermaid pre \{[^}]*white-space: pre-wrap", css)
        conf = (DOCS / "conf.py").read_text(encoding="utf-8")
        assert 'html_css_files = ["ncts.css"]' in conf

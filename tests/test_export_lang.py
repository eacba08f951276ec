"""``lang`` takes only the languages a strategy's texts have: Dutch and English.

Every public function or method with a ``lang`` parameter refuses any other value
with an ncts.QueryError (a ValueError) that names the languages it takes; none
falls back to Dutch.
"""

import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import pytest

import ncts
from ncts._cli import main
from ncts._export import export_text

matplotlib.use("Agg")

_S = ncts.load()
_TEXT = _S.speerpunten[0].text


def _plot(lang: str) -> None:
    import matplotlib.pyplot as plt

    try:
        ncts.plot(_S, lang=lang)
    finally:
        plt.close("all")


#: How to call each public callable that takes ``lang``, with the language given.


def _deprecated_search(lang: str) -> object:
    """Strategy.search still takes lang (deprecated, it warns; the warning is not tested here)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _S.search("terrorisme", lang=lang)  # type: ignore[arg-type]


CALLS: dict[str, Callable[[str, Path], object]] = {
    "Text.get": lambda lang, _: _TEXT.get(lang),
    "search": lambda lang, _: ncts.search(_S, "terrorisme", lang=lang),  # type: ignore[arg-type]
    "Strategy.search": lambda lang, _: _deprecated_search(lang),
    "export": lambda lang, folder: ncts.export(_S, folder / "s.dot", lang=lang),
    "plot": lambda lang, _: _plot(lang),
}
#: Records whose ``lang`` is a field that ncts fills in, not an option.
RECORDS = {"SearchHit.__init__"}


def _public_callables_with_lang() -> set[str]:
    found = set()
    for name in ncts.__all__:
        obj: Any = getattr(ncts, name)
        members = [(name, obj)]
        if inspect.isclass(obj):
            members = [
                (f"{name}.{m}", getattr(obj, m))
                for m in dir(obj)
                if not m.startswith("_") or m == "__init__"
            ]
        for label, member in members:
            try:
                parameters = inspect.signature(member).parameters
            except (TypeError, ValueError):
                continue
            if "lang" in parameters:
                found.add(label)
    return found


def test_every_callable_with_lang_is_checked_here() -> None:
    """The table above covers every public callable with a lang parameter."""
    assert _public_callables_with_lang() == set(CALLS) | RECORDS


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("lang", ["de", "NL", "", "nl-NL"])
def test_other_languages_are_refused(name: str, lang: str, tmp_path: Path) -> None:
    """A language the data does not have is an ncts.QueryError (a ValueError)
    naming 'nl' and 'en'."""
    with pytest.raises(ncts.QueryError, match="lang") as info:
        CALLS[name](lang, tmp_path)
    assert "'nl'" in str(info.value)
    assert "'en'" in str(info.value)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_two_languages_are_taken(name: str, tmp_path: Path) -> None:
    """'nl' and 'en' work everywhere."""
    for lang in ("nl", "en"):
        CALLS[name](lang, tmp_path)


def test_english_is_english() -> None:
    """With lang='en' the English text comes back, not the Dutch one."""
    text = _TEXT
    assert text.get("en") == text.en != text.get("nl") == text.nl


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_export_text_refuses_too(fmt: str) -> None:
    """export_text, used by the CLI and the docs, checks lang as export does."""
    with pytest.raises(ncts.QueryError, match="'nl' or 'en'"):
        export_text(_S, fmt, lang="de")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "verb", [["show"], ["get", "VK6"], ["export", "--format", "dot"]]
)
def test_cli_refuses_other_languages(verb: list[str]) -> None:
    """The command line's --lang takes nl and en only: a usage error (exit 2)."""
    err = io.StringIO()
    assert main([*verb, "--lang", "de"], out=io.StringIO(), err=err) == 2
    assert "'de'" in err.getvalue()
    assert "'nl'" in err.getvalue()

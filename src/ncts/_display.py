"""How strategies, elements, overlays and diffs look in Jupyter: compact HTML tables.

Importing this module (``import ncts`` does) gives the model's classes their
``_repr_html_``; the overlay and the diff take theirs from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._errors import counted
from ._escape import printable
from ._model import Area, FocusTheme, Goal, Kind, Speerpunt, Strategy, Text

if TYPE_CHECKING:
    from ._diff import Diff
    from ._overlay import Overlay

__all__ = ["diff_html", "element_html", "overlay_html", "strategy_html"]

_STYLE = (
    "<style>.ncts td,.ncts th{text-align:left;vertical-align:top;padding:2px 8px}"
    ".ncts code{font-weight:bold}.ncts .en{color:#666}</style>"
)


def escape(text: str) -> str:
    """Escape a text from a file for HTML; hidden characters become visible escapes.

    >>> escape("<b>x</b>\\u202e")
    '&lt;b&gt;x&lt;/b&gt;\\\\u202e'
    """
    from html import escape as html_escape  # here: ``import ncts`` need not load it

    return html_escape(printable(text))


def _text(text: Text | None) -> str:
    if text is None:
        return ""
    english = f"<br><span class='en'>{escape(text.en)}</span>" if text.en else ""
    if text.note:
        english += f"<br><span class='en'><i>Note: {escape(text.note)}</i></span>"
    return f"{escape(text.nl)}{english}"


def _kinds(kinds: frozenset[Kind]) -> str:
    return ", ".join(k.value for k in Kind if k in kinds)


def _table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f"{_STYLE}<table class='ncts'><caption style='text-align:left'>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def strategy_html(s: Strategy) -> str:
    """Return a strategy as an HTML table: goals, focus themes, areas and speerpunten.

    >>> import ncts
    >>> html = strategy_html(ncts.load())
    >>> "<code>VK6</code>" in html and "lone actors" in html
    True
    >>> "goal (modelled)" in html
    True
    """
    rows: list[list[str]] = []
    for goal in s.goals:
        kind = "goal" if goal.status is None else f"goal ({goal.status.value})"
        rows.append([f"<code>{escape(goal.id)}</code>", kind, "", _text(goal.text)])
    for theme in s.focus_themes:
        rows.append(
            [f"<code>{escape(theme.id)}</code>", "focus theme", "", _text(theme.text)]
        )
    for area in s.areas:
        rows.append(
            [
                f"<code>{escape(area.id)}</code>",
                "area",
                "",
                f"<b>{_text(area.name)}</b>",
            ]
        )
        for sp in area.speerpunten:
            rows.append(
                [
                    f"<code>{escape(sp.id)}</code>",
                    "speerpunt",
                    _kinds(sp.kinds),
                    _text(sp.text),
                ]
            )
    caption = (
        f"<b>{escape(s.title.nl)}</b> ({s.period}), <code>{escape(s.id)}</code>, "
        f"data {escape(s.data_version)}: {counted(len(s.links), 'link')}"
    )
    if s.scope:
        caption += f"<br><span class='en'>{escape(s.scope)}</span>"
    return _table(caption, ["ID", "type", "kinds", "text"], rows)


def element_html(element: Any) -> str:
    """Return one element as a small HTML table of its fields.

    >>> import ncts
    >>> "verstorende" in element_html(ncts.load()["VK4"])
    True
    """
    rows: list[list[str]] = []
    for name in ("name", "text", "description"):
        value = getattr(element, name, None)
        if isinstance(value, Text):
            rows.append([name, _text(value)])
    if getattr(element, "kinds", None):
        rows.append(["kinds", _kinds(element.kinds)])
    if isinstance(element, Area):
        rows.append(
            [
                "speerpunten",
                ", ".join(
                    f"<code>{escape(sp.id)}</code>" for sp in element.speerpunten
                ),
            ]
        )
    citation = getattr(element, "citation", None)
    if citation is not None:
        rows.append(["source", escape(citation.section)])
    for erratum in getattr(element, "errata", ()):
        kind = "" if erratum.kind is None else f" ({escape(erratum.kind.value)})"
        if erratum.corrected is None:
            rows.append(["erratum", f"{escape(erratum.original)}, kept{kind}"])
        else:
            rows.append(
                [
                    "erratum",
                    f"{escape(erratum.original)} → {escape(erratum.corrected)}{kind}",
                ]
            )
    status = getattr(element, "status", None)
    if status is not None:
        rows.append(["status", escape(status.value)])
    note = getattr(element, "note", None)
    if note:
        rows.append(["note", escape(note)])
    caption = f"<code>{escape(element.id)}</code> {element.element_type}"
    return _table(caption, ["field", "value"], rows)


def overlay_html(overlay: Overlay) -> str:
    """Return an overlay's records as an HTML table.

    >>> import ncts
    >>> "wijkradar" in overlay_html(ncts.load_overlay(ncts.example_path("overlay.yaml")))
    True
    """
    rows = [
        [
            f"<code>{escape(r.id)}</code>",
            escape(r.title),
            ", ".join(f"<code>{escape(a)}</code>" for a in r.addresses),
            r.status.value if r.status else "",
            "" if r.progress is None else f"{r.progress}%",
            escape(r.owner or ""),
        ]
        for r in overlay.records
    ]
    caption = (
        f"<b>{escape(overlay.title)}</b>, overlay <code>{escape(overlay.id)}</code> on "
        f"<code>{escape(overlay.strategy)}</code> {escape(overlay.data_version)}"
    )
    return _table(
        caption, ["record", "title", "addresses", "status", "progress", "owner"], rows
    )


def diff_html(diff: Diff) -> str:
    """Return a diff as an HTML table, one row per changed field.

    >>> import ncts
    >>> "No changes" in diff_html(ncts.diff(ncts.load(), ncts.load()))
    True
    """
    rows: list[list[str]] = []
    for change in diff:
        fields = change.fields if change.kind == "changed" else ()
        rows.append(
            [
                escape(change.kind),
                escape(change.type),
                f"<code>{escape(change.id)}</code>",
                "",
                "",
                "",
            ]
        )
        for f in fields:
            rows.append(
                ["", "", "", escape(f.field), escape(repr(f.old)), escape(repr(f.new))]
            )
    caption = f"Changes from {escape(diff.old)} to {escape(diff.new)}"
    if not rows:
        caption += ": No changes"
    return _table(caption, ["change", "type", "id", "field", "old", "new"], rows)


#: The table of each model class that Jupyter shows as HTML.
_MODEL_TABLES: dict[Any, Callable[[Any], str]] = {
    Strategy: strategy_html,
    Goal: element_html,
    FocusTheme: element_html,
    Area: element_html,
    Speerpunt: element_html,
}
for _cls, _table_of in _MODEL_TABLES.items():
    _cls._repr_html_ = _table_of

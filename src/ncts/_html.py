"""A web page of a strategy and its overlays: one self-contained file, no network.

The page is written in full by Python: every text is escaped here, and the page
reads well with its script off and on paper. The script (``assets/page.js``) adds
the Dutch/English switch, search and the overlay filter; the style sheet
(``assets/page.css``) holds the screen and print layouts. Both are package data,
put inline into the page, and allowed by their SHA-256 in a Content-Security-Policy
that forbids everything else: no request leaves the page, not even for a picture.

Search follows the library's rules without a second implementation of them: the
page carries, for every element, the normalised words and stems of the library's
own search index, and the rules for normalising a query (the characters dropped,
the case folds that differ from lower case, the combining marks, the word endings),
taken from :mod:`ncts._search` and :mod:`unicodedata` when the page is written.
"""

from __future__ import annotations

import base64
import collections
import functools
import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._checks import check_items, check_lang, check_type
from ._escape import printable
from ._model import (
    Area,
    Citation,
    Erratum,
    FocusTheme,
    Goal,
    Kind,
    Link,
    Source,
    Speerpunt,
    Strategy,
    Text,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._overlay import Overlay, Record

__all__ = ["CSP", "asset", "html_page", "script_json"]


@functools.cache
def asset(name: str) -> str:
    """Return the text of a file in the package's ``assets`` folder.

    >>> "<!DOCTYPE html>" in asset("page.html")
    True
    """
    return (resources.files("ncts") / "assets" / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: The page's Content-Security-Policy, with the hashes of its one style sheet and
#: its one script filled in: nothing may be fetched, framed, posted or run but
#: those two.
CSP = (
    "default-src 'none'; style-src {style}; script-src {script}; "
    "base-uri 'none'; form-action 'none'"
)


def _escape(text: str) -> str:
    """Escape a text for HTML; hidden characters become visible escapes.

    Line breaks and tabs stay: in HTML they are only white space.

    >>> _escape('<b title="x">\\u202e</b>')
    '&lt;b title=&quot;x&quot;&gt;\\\\u202e&lt;/b&gt;'
    """
    return html.escape(printable(text, keep="\n\t"), quote=True)


def script_json(data: Any) -> str:
    """Return *data* as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so that no ``</script>`` or
    ``<!--`` can appear; so are U+2028 and U+2029, which old JavaScript parsers
    took for line ends.

    >>> script_json({"a": "</script><!--\\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# A web address made only of visible ASCII, and none of the characters that could
# end an attribute or a tag; anything else is shown as text, not linked.
_SAFE_URL = re.compile(r"https?://[!#-&(-;=?-\[\]-_a-z{-~]+")


def _inline(text: str) -> str:
    """Escape a quoted fragment; its line breaks show as ↵ (an erratum's may matter)."""
    return _escape(text).replace("\n", "↵")


def _url(url: str, label: str | None = None) -> str:
    """Link a web address; any other text (``javascript:``...) stays text."""
    shown = _escape(label if label is not None else url)
    if _SAFE_URL.fullmatch(url):
        return f'<a href="{html.escape(url, quote=True)}" rel="noreferrer">{shown}</a>'
    return shown


# The words of the page itself, in Dutch and English.
_UI: dict[str, tuple[str, str]] = {
    "skip": ("Naar de inhoud", "Skip to the content"),
    "lang": ("Taal", "Language"),
    "search": ("Zoeken", "Search"),
    "search_hint": (
        "hoofdletters, accenten en koppeltekens tellen niet mee",
        "case, accents and hyphens do not matter",
    ),
    "status": ("Status", "Status"),
    "owner": ("Eigenaar", "Owner"),
    "all": ("alle", "all"),
    "about": ("Over deze gegevens", "About this data"),
    "period": ("Periode", "Period"),
    "data_version": ("Gegevensversie", "Data version"),
    "adopted": ("Vastgesteld", "Adopted"),
    "aim": ("Doel van de strategie", "Aim of the strategy"),
    "scope": ("Reikwijdte", "Scope"),
    "translation": ("Vertaling", "Translation"),
    "introduction": ("Inleiding", "Introduction"),
    "goals": ("Doelen", "Goals"),
    "focus_themes": ("Extra aandacht", "Focus themes"),
    "areas": ("Interventiegebieden", "Areas of intervention"),
    "sources": ("Bronnen", "Sources"),
    "overlays": ("Eigen gegevens", "Overlays"),
    "links": ("Verbanden", "Links"),
    "errata": ("Errata", "Errata"),
    "records": ("Registraties", "Records"),
    "source": ("Bron", "Source"),
    "quote": ("Citaat", "Quote"),
    "note": ("Toelichting", "Note"),
    "translator_note": ("Noot van de vertaler", "Translator's note"),
    "stated": ("door de bron gesteld", "stated by the source"),
    "derived": ("door ons afgeleid", "derived by us"),
    "evidence": ("Onderbouwing", "Evidence"),
    "from": ("van", "from"),
    "quoted": ("geciteerd", "quoted"),
    "modelled": ("gemodelleerd", "modelled"),
    "typo": ("tikfout, verbeterd", "typo, corrected"),
    "extraction": ("extractiefout, verbeterd", "extraction error, corrected"),
    "noted": ("opgemerkt, behouden", "noted, kept as in the source"),
    "correction": ("verbeterd", "corrected"),
    "publisher": ("Uitgever", "Publisher"),
    "role": ("Rol", "Role"),
    "published": ("Gepubliceerd", "Published"),
    "accessed": ("Geraadpleegd", "Accessed"),
    "transcribed": ("getranscribeerd", "transcribed"),
    "cited": ("geciteerd", "cited"),
    "related": ("verwant", "related"),
    "permalink": ("Vaste link naar", "Permanent link to"),
    "no_results": ("Niets gevonden.", "Nothing found."),
    "results": ("gevonden", "found"),
    "kind": ("Soort", "Kind"),
    "progress": ("Voortgang", "Progress"),
    "start": ("Begin", "Start"),
    "end": ("Einde", "End"),
    "tags": ("Labels", "Tags"),
    "notes": ("Opmerkingen", "Notes"),
    "documents": ("Documenten", "Documents"),
    "indicators": ("Indicatoren", "Indicators"),
    "addresses": ("Betreft", "Addresses"),
    "baseline": ("nulmeting", "baseline"),
    "target": ("doel", "target"),
    "value": ("stand", "value"),
    "on": ("op", "on"),
    "record": ("Registratie", "Record"),
    "title": ("Titel", "Title"),
    "generated": ("Gemaakt met ncts", "Made with ncts"),
    "underpins": ("ondersteunt", "underpins"),
    "contributes_to": ("draagt bij aan", "contributes to"),
    "addresses_link": ("pakt aan", "addresses"),
    "relates_to": ("hangt samen met", "relates to"),
    "planned": ("gepland", "planned"),
    "active": ("lopend", "active"),
    "done": ("afgerond", "done"),
    "paused": ("gepauzeerd", "paused"),
    "stopped": ("gestopt", "stopped"),
    "no_status": ("geen status", "no status"),
    "initiative": ("initiatief", "initiative"),
    "measure": ("maatregel", "measure"),
    "indicator": ("indicator", "indicator"),
    "note_kind": ("notitie", "note"),
}


def _ui(key: str) -> str:
    """Both languages of a word of the page; CSS shows the chosen one."""
    nl, en = _UI[key]
    if nl == en:
        return html.escape(nl)
    return (
        f'<span class="nl" lang="nl">{html.escape(nl)}</span>'
        f'<span class="en" lang="en">{html.escape(en)}</span>'
    )


def _text(text: Text) -> str:
    """Show a text in both languages (Dutch alone when it has no English)."""
    nl = f'<span class="nl" lang="nl">{_escape(text.nl)}</span>'
    if text.en is None:
        return f'<span lang="nl">{_escape(text.nl)}</span>'
    en = f'<span class="en" lang="en">{_escape(text.en)}</span>'
    return nl + en


def _option(value: str, key: str, lang: str) -> str:
    """Write an option of a drop-down list, whose text the script switches."""
    nl, en = _UI[key]
    return (
        f'<option value="{value}" data-nl="{html.escape(nl)}" '
        f'data-en="{html.escape(en)}">{html.escape(en if lang == "en" else nl)}</option>'
    )


def _translator_note(text: Text) -> str:
    if text.note is None:
        return ""
    return (
        f'<p class="en tnote" lang="en"><span class="label">{_UI["translator_note"][1]}:'
        f"</span> {_escape(text.note)}</p>"
    )


def _english(text: str) -> str:
    """Show a text the maintainers wrote in English (notes, rationales, scope)."""
    return f'<span lang="en">{_escape(text)}</span>'


def _permalink(id: str) -> str:
    return (
        f'<a class="perma" href="#{_escape(id)}">#<span class="vh">'
        f"{_ui('permalink')} {_escape(id)}</span></a>"
    )


class _Page:
    """Writes the body of the page; knows the strategy's sources and overlays."""

    def __init__(
        self, strategy: Strategy, overlays: Sequence[Overlay], lang: str
    ) -> None:
        self.strategy = strategy
        self.lang = lang
        self.overlays = overlays
        self.sources = {s.id: s for s in strategy.sources}
        self.records: dict[str, list[tuple[Overlay, Record]]] = {}
        for overlay in overlays:
            for record in overlay.records:
                for target in record.addresses:
                    self.records.setdefault(target, []).append((overlay, record))
        owners = sorted(
            {r.owner for o in overlays for r in o.records if r.owner is not None}
        )
        self.owners = {owner: i for i, owner in enumerate(owners)}

    # Pieces shared by every element.

    def citation(self, citation: Citation | None) -> str:
        if citation is None:
            return ""
        document = citation.document or (
            self.strategy.source.id if self.strategy.source else None
        )
        source = self.sources.get(document) if document else None
        where = _escape(citation.section)
        if source is not None:
            where = (
                f'<a href="#{_escape(source.id)}">{_escape(source.id)}</a> › {where}'
            )
        quote = (
            f'<blockquote lang="nl">{_escape(citation.quote)}</blockquote>'
            if citation.quote
            else ""
        )
        return f'<div class="cite"><span class="label">{_ui("source")}:</span> {where}{quote}</div>'

    def errata(self, errata: Iterable[Erratum]) -> str:
        items = []
        for erratum in errata:
            kind = erratum.kind.value if erratum.kind is not None else "correction"
            field = f"<code>{_escape(erratum.field)}</code>"
            if erratum.corrected is None:
                change = f'<q lang="nl">{_inline(erratum.original)}</q>'
            else:
                change = (
                    f'<q lang="nl">{_inline(erratum.original)}</q> → '
                    f'<q lang="nl">{_inline(erratum.corrected)}</q>'
                )
            note = f" {_english(erratum.note)}" if erratum.note else ""
            items.append(
                f'<li class="erratum {kind}">{field}: {change} '
                f'<span class="badge">{_ui(kind)}</span>{note}</li>'
            )
        if not items:
            return ""
        return (
            f'<div class="errata"><span class="label">{_ui("errata")}:</span>'
            f"<ul>{''.join(items)}</ul></div>"
        )

    def links(self, id: str) -> str:
        items = []
        for link in self.strategy.links:
            if link.source == id:
                items.append(self.link(link, outgoing=True))
            elif link.target == id:
                items.append(self.link(link, outgoing=False))
        if not items:
            return ""
        return (
            f'<div class="links"><span class="label">{_ui("links")}:</span>'
            f"<ul>{''.join(items)}</ul></div>"
        )

    def link(self, link: Link, *, outgoing: bool) -> str:
        key = "addresses_link" if link.type.value == "addresses" else link.type.value
        other = link.target if outgoing else link.source
        basis = link.basis.value
        ref = f'<a href="#{_escape(other)}">{_escape(other)}</a>'
        head = f"→ {_ui(key)} {ref}" if outgoing else f"← {ref} {_ui(key)}"
        anchor = f' id="{_escape(link.id)}"' if link.id is not None and outgoing else ""
        link_id = (
            f' <a class="lid" href="#{_escape(link.id)}">{_escape(link.id)}</a>'
            if link.id is not None
            else ""
        )
        evidence = "".join(self.citation(c) for c in link.evidence)
        if evidence:
            evidence = f'<div class="evidence"><span class="label">{_ui("evidence")}:</span>{evidence}</div>'
        return (
            f'<li class="link {basis}"{anchor}><span class="lhead">{head}</span> '
            f'<span class="badge {basis}">{_ui(basis)}</span>{link_id}'
            f'<p class="why">{_english(link.rationale)}</p>'
            f"{self.citation(link.citation)}{evidence}</li>"
        )

    def record(self, overlay: Overlay, record: Record) -> str:
        status = record.status.value if record.status is not None else ""
        owner = self.owners.get(record.owner, -1) if record.owner else -1
        parts = []
        kind = "note_kind" if record.kind.value == "note" else record.kind.value
        facts = [f'<span class="badge">{_ui(kind)}</span>']
        if record.status is not None:
            facts.append(f'<span class="badge st-{status}">{_ui(status)}</span>')
        if record.progress is not None:
            facts.append(
                f'<progress max="100" value="{record.progress}">{record.progress}%</progress>'
                f" {record.progress}%"
            )
        if record.owner:
            facts.append(f"{_ui('owner')}: {_escape(record.owner)}")
        if record.start or record.end:
            start = record.start.isoformat() if record.start else "…"
            end = record.end.isoformat() if record.end else "…"
            facts.append(f"{start} – {end}")
        parts.append(f'<p class="facts">{" · ".join(facts)}</p>')
        if record.tags:
            tags = "".join(f"<li>{_escape(tag)}</li>" for tag in record.tags)
            parts.append(
                f'<div class="tags"><span class="label">{_ui("tags")}:</span><ul>{tags}</ul></div>'
            )
        if record.notes:
            parts.append(f'<p class="pre">{_escape(record.notes)}</p>')
        if record.documents:
            docs = "".join(
                f"<li>{_escape(d.title)}"
                + (f' <span class="url">{_url(d.url)}</span>' if d.url else "")
                + "</li>"
                for d in record.documents
            )
            parts.append(
                f'<div><span class="label">{_ui("documents")}:</span><ul>{docs}</ul></div>'
            )
        if record.indicators:
            rows = []
            for ind in record.indicators:
                numbers = [
                    f"{_ui(name)} {_escape(_number(getattr(ind, name)))}"
                    for name in ("baseline", "value", "target")
                    if getattr(ind, name) is not None
                ]
                unit = f" ({_escape(ind.unit)})" if ind.unit else ""
                rows.append(f"<li>{_escape(ind.name)}{unit}: {', '.join(numbers)}</li>")
            parts.append(
                f'<div><span class="label">{_ui("indicators")}:</span><ul>{"".join(rows)}</ul></div>'
            )
        key = f"{overlay.id}:{record.id}"
        return (
            f'<li class="rec" data-status="{status}" data-owner="{owner}">'
            f'<p class="rtitle"><a href="#{_escape(key)}">{_escape(record.title)}</a> '
            f"<code>{_escape(record.id)}</code></p>{''.join(parts)}</li>"
        )

    def records_of(self, id: str) -> str:
        found = self.records.get(id, [])
        if not found:
            return ""
        counts = collections.Counter(
            r.status.value if r.status is not None else "no_status" for _, r in found
        )
        summary = ", ".join(
            f'<span class="count">{counts[s]} {_ui(s)}</span>'
            for s in ("planned", "active", "done", "paused", "stopped", "no_status")
            if counts[s]
        )
        items = "".join(self.record(o, r) for o, r in found)
        return (
            f'<div class="records"><p class="label">{_ui("records")} ({len(found)}): '
            f"{summary}</p><ul>{items}</ul></div>"
        )

    def element(
        self,
        element: Goal | FocusTheme | Speerpunt | Area,
        level: int,
        *,
        body: str = "",
        extra: str = "",
    ) -> str:
        """One element: its heading with ID, text, notes, citation, errata, links."""
        if isinstance(element, Area):
            heading = _text(element.name)
            body = (
                f'<p class="text">{_text(element.description)}</p>'
                f"{_translator_note(element.name)}{_translator_note(element.description)}"
                + body
            )
        else:
            heading = _text(element.text)
            body = _translator_note(element.text) + body
        badges = ""
        if isinstance(element, Goal) and element.status is not None:
            badges = f'<span class="badge {element.status.value}">{_ui(element.status.value)}</span>'
        if isinstance(element, Speerpunt) and element.kinds:
            badges = " ".join(
                f'<span class="badge kind"><span class="nl" lang="nl">{k.dutch}</span>'
                f'<span class="en" lang="en">{k.value}</span></span>'
                for k in Kind
                if k in element.kinds
            )
        note = ""
        if isinstance(element, Goal) and element.note:
            note = f'<p class="note"><span class="label">{_ui("note")}:</span> {_english(element.note)}</p>'
        kind = element.element_type
        return (
            f'<article class="el {kind}" id="{_escape(element.id)}" '
            f'data-id="{_escape(element.id)}">'
            f'<h{level}><span class="id">{_escape(element.id)}</span> {heading}'
            f" {_permalink(element.id)}</h{level}>"
            f"{f'<p>{badges}</p>' if badges else ''}{body}{note}"
            f"{self.citation(element.citation)}{self.errata(element.errata)}"
            f"{self.links(element.id)}{self.records_of(element.id)}{extra}</article>"
        )

    # The sections.

    def about(self) -> str:
        s = self.strategy
        parts = []
        if s.aim is not None:
            parts.append(
                f'<p><span class="label">{_ui("aim")}:</span> {_text(s.aim.text)}</p>'
                f"{_translator_note(s.aim.text)}{self.citation(s.aim.citation)}"
            )
        if s.adopted is not None:
            parts.append(
                f'<p><span class="label">{_ui("adopted")}:</span> '
                f"{s.adopted.date.isoformat()}, {_escape(s.adopted.by)}</p>"
                f"{self.citation(s.adopted.citation)}"
            )
        if s.scope:
            parts.append(
                f'<p><span class="label">{_ui("scope")}:</span> {_english(s.scope)}</p>'
            )
        if s.translation:
            parts.append(
                f'<p><span class="label">{_ui("translation")}:</span> '
                f"{_english(s.translation)}</p>"
            )
        intro = "".join(
            f'<p class="text">{_text(p)}</p>{_translator_note(p)}'
            for p in s.introduction
        )
        if intro:
            intro = f'<p class="label">{_ui("introduction")}:</p>{intro}'
        return (
            f'<section id="{_escape(s.id)}" class="el strategy" data-id="{_escape(s.id)}" '
            f'aria-labelledby="h-about"><h2 id="h-about">{_ui("about")} '
            f"{_permalink(s.id)}</h2>{''.join(parts)}{intro}"
            f"{self.errata(s.errata)}{self.records_of(s.id)}</section>"
        )

    def section(self, key: str, items: Sequence[str]) -> str:
        if not items:
            return ""
        return (
            f'<section class="part" aria-labelledby="h-{key}">'
            f'<h2 id="h-{key}">{_ui(key)}</h2>{"".join(items)}</section>'
        )

    def areas(self) -> str:
        items = []
        for area in self.strategy.areas:
            speerpunten = "".join(self.element(sp, 4) for sp in area.speerpunten)
            items.append(
                self.element(
                    area,
                    3,
                    extra=f'<div class="sps">{speerpunten}</div>'
                    if speerpunten
                    else "",
                )
            )
        return self.section("areas", items)

    def source(self, source: Source) -> str:
        facts = []
        if source.publisher:
            facts.append(f"{_ui('publisher')}: {_escape(source.publisher)}")
        if source.role is not None:
            facts.append(f"{_ui('role')}: {_ui(source.role.value)}")
        if source.published:
            facts.append(f"{_ui('published')}: {source.published.isoformat()}")
        if source.accessed:
            facts.append(f"{_ui('accessed')}: {source.accessed.isoformat()}")
        url = f'<p class="url">{_url(source.url)}</p>' if source.url else ""
        note = f"<p>{_english(source.note)}</p>" if source.note else ""
        sha = (
            f'<p class="sha">SHA-256 <code>{_escape(source.sha256)}</code></p>'
            if source.sha256
            else ""
        )
        return (
            f'<article class="source" id="{_escape(source.id)}">'
            f'<h3><span class="id">{_escape(source.id)}</span> {_escape(source.title)} '
            f"{_permalink(source.id)}</h3><p>{' · '.join(facts)}</p>{url}{note}{sha}</article>"
        )

    def overlay(self, overlay: Overlay) -> str:
        counts = collections.Counter(
            r.status.value if r.status is not None else "no_status"
            for r in overlay.records
        )
        summary = ", ".join(
            f'<span class="count">{counts[s]} {_ui(s)}</span>'
            for s in ("planned", "active", "done", "paused", "stopped", "no_status")
            if counts[s]
        )
        rows = []
        for r in overlay.records:
            key = f"{overlay.id}:{r.id}"
            status = r.status.value if r.status is not None else ""
            owner = self.owners.get(r.owner, -1) if r.owner else -1
            addresses = ", ".join(
                f'<a href="#{_escape(a)}">{_escape(a)}</a>' for a in r.addresses
            )
            rows.append(
                f'<tr class="rec" id="{_escape(key)}" data-status="{status}" '
                f'data-owner="{owner}"><td><code>{_escape(r.id)}</code></td>'
                f"<td>{_escape(r.title)}</td><td>{addresses}</td>"
                f"<td>{_ui(status) if status else ''}</td>"
                f"<td>{'' if r.progress is None else f'{r.progress}%'}</td>"
                f"<td>{_escape(r.owner) if r.owner else ''}</td></tr>"
            )
        head = "".join(
            f'<th scope="col">{_ui(k)}</th>'
            for k in ("record", "title", "addresses", "status", "progress", "owner")
        )
        description = (
            f'<p class="pre">{_escape(overlay.description)}</p>'
            if overlay.description
            else ""
        )
        table = (
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            if rows
            else ""
        )
        return (
            f'<article class="overlay" id="overlay-{_escape(overlay.id)}">'
            f"<h3>{_escape(overlay.title)} <code>{_escape(overlay.id)}</code></h3>"
            f"{description}<p>{_ui('on')} <code>{_escape(overlay.strategy)}</code> "
            f"{_escape(overlay.data_version)} · {_ui('records')}: "
            f"{len(overlay.records)}{': ' if summary else ''}{summary}</p>"
            f"{table}</article>"
        )

    def controls(self) -> str:
        filters = ""
        if self.overlays:
            statuses = "".join(
                _option(s, s, self.lang)
                for s in ("planned", "active", "done", "paused", "stopped")
            )
            owners = "".join(
                f'<option value="{i}">{_escape(owner)}</option>'
                for owner, i in self.owners.items()
            )
            filters = (
                f'<div class="ctl"><label for="f-status">{_ui("status")}</label>'
                f'<select id="f-status">{_option("", "all", self.lang)}'
                f"{statuses}</select></div>"
                f'<div class="ctl"><label for="f-owner">{_ui("owner")}</label>'
                f'<select id="f-owner">{_option("", "all", self.lang)}'
                f"{owners}</select></div>"
            )
        return (
            '<div class="toolbar" id="toolbar">'
            f'<div class="ctl grow"><label for="q">{_ui("search")}</label>'
            '<input type="search" id="q" maxlength="1000" autocomplete="off" '
            'aria-describedby="q-hint q-status">'
            f'<span id="q-hint" class="hint">{_ui("search_hint")}</span></div>'
            f"{filters}"
            f'<div class="ctl" role="group" aria-labelledby="lang-label">'
            f'<span id="lang-label" class="lbl">{_ui("lang")}</span>'
            '<span class="switch"><button type="button" data-lang="nl" lang="nl" '
            'aria-pressed="false">Nederlands</button><button type="button" '
            'data-lang="en" lang="en" aria-pressed="false">English</button></span></div>'
            '<p id="q-status" class="status" role="status" aria-live="polite"></p>'
            "</div>"
        )

    def body(self) -> str:
        s = self.strategy
        facts = [f"{_ui('period')}: {s.period}"]
        facts.append(f"{_ui('data_version')}: {_escape(s.data_version)}")
        if s.adopted is not None:
            facts.append(
                f"{_ui('adopted')}: {s.adopted.date.isoformat()}, {_escape(s.adopted.by)}"
            )
        header = (
            f'<header class="top"><h1>{_text(s.title)}</h1>{_translator_note(s.title)}'
            f'<p class="facts"><code>{_escape(s.id)}</code> · {" · ".join(facts)}</p>'
            f"</header>"
        )
        parts = [
            self.about(),
            self.section("goals", [self.element(g, 3) for g in s.goals]),
            self.section("focus_themes", [self.element(t, 3) for t in s.focus_themes]),
            self.areas(),
            self.section("sources", [self.source(src) for src in s.sources]),
            self.section("overlays", [self.overlay(o) for o in self.overlays]),
        ]
        footer = (
            f"<footer><p>{_ui('generated')} {html.escape(__version__)} · "
            f"<code>{_escape(s.id)}</code> {_escape(s.data_version)}</p></footer>"
        )
        return (
            f'<a class="skip" href="#main">{_ui("skip")}</a>{header}'
            f'{self.controls()}<main id="main">{"".join(parts)}</main>{footer}'
        )


def _number(value: float) -> str:
    return str(value)


_SCAN = 0x20000  # no code point above has a combining class or a special case fold


@functools.cache
def _query_rules() -> dict[str, Any]:
    """Return the rules that normalise a query, as the page's script applies them."""
    from ._search import _DROP, _SUFFIXES

    combining: list[list[int]] = []
    folds: dict[str, str] = {}
    for code in range(_SCAN):
        char = chr(code)
        if unicodedata.combining(char):
            if combining and combining[-1][1] == code - 1:
                combining[-1][1] = code
            else:
                combining.append([code, code])
        if char.casefold() != char.lower():
            folds[char] = char.casefold()
    return {
        "drop": "".join(sorted(_DROP)),
        "suffixes": list(_SUFFIXES),
        "combining": combining,
        "folds": folds,
        # The browser may know a newer Unicode than Python: a character Python
        # does not know is no letter to the library, so it is none to the page.
        "assigned": _ranges(lambda c: unicodedata.category(c) != "Cn"),
        "word": _ranges(str.isalnum),
    }


def _ranges(test: Callable[[str], bool]) -> list[list[int]]:
    """Return the code points for which *test* holds, as [first, last] ranges."""
    ranges: list[list[int]] = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF or not test(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _search_data(strategy: Strategy) -> dict[str, list[list[str]]]:
    """Every element's searchable fields, from the library's own search index."""
    from ._search import _index

    fields: dict[str, list[list[str]]] = {}
    for field in _index(strategy).fields:
        words = " ".join(word for word, _ in field.tokens)
        stems = " ".join(stem for _, stem in field.tokens)
        fields.setdefault(field.element.id, []).append([words, stems])
    return fields


def html_page(
    strategy: Strategy,
    overlays: Iterable[Overlay] = (),
    *,
    lang: str = "nl",
) -> str:
    """Return the strategy, and any overlays, as one self-contained web page.

    The page needs nothing else: its style sheet and script are inline, and its
    Content-Security-Policy lets it fetch nothing at all. It opens in Dutch or
    English (*lang*) and switches between them. Each overlay is checked against
    the strategy first (:func:`~ncts.resolve`).

    Examples
    --------
    >>> import ncts
    >>> page = html_page(ncts.load(), lang="en")
    >>> page.startswith("<!DOCTYPE html>"), 'id="VK6"' in page
    (True, True)
    >>> "default-src &#x27;none&#x27;" in page  # the policy, in its attribute
    True
    """
    from ._overlay import Overlay, resolve

    check_type(strategy, Strategy, "strategy")
    items = check_items(overlays, Overlay, "overlays", what="overlays")
    lang = check_lang(lang)
    page = _Page(strategy, [resolve(o, strategy) for o in items], lang)
    data = {
        "title": {
            "nl": printable(strategy.title.nl),
            "en": printable(strategy.title.get("en")),
        },
        "rules": _query_rules(),
        "fields": _search_data(strategy),
        "maxLength": _max_query()[0],
        "maxWords": _max_query()[1],
    }
    css, js = asset("page.css"), asset("page.js")
    values = {
        "lang": lang,
        "title": _escape(strategy.title.get(lang)),
        "csp": html.escape(CSP.format(style=_hash(css), script=_hash(js)), quote=True),
        "version": html.escape(__version__),
        "css": css,
        "body": page.body(),
        "data": script_json(data),
        "js": js,
    }
    # One pass over the template: a value can never be taken for a placeholder.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], asset("page.html"))


def _max_query() -> tuple[int, int]:
    from ._search import MAX_QUERY_LENGTH, MAX_QUERY_WORDS

    return MAX_QUERY_LENGTH, MAX_QUERY_WORDS

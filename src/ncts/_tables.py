"""A strategy (and its overlays) as tables: the data package's, and the workbook's.

Each table has typed fields, a primary key and foreign keys, as a Frictionless
table schema describes them; :mod:`ncts._datapackage` writes them as CSV files
with a ``datapackage.json``, :func:`ncts._sheets.write_strategy_workbook` as the
sheets of a workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._checks import check_items, check_type
from ._model import Citation, Kind, Strategy, Text

if TYPE_CHECKING:
    from ._overlay import Overlay

__all__ = ["Field", "Table", "strategy_tables"]


@attrs.frozen
class Field:
    """A column of a table: its name, Frictionless type and what it holds.

    >>> Field("id", "string", "The element's ID.", required=True).required
    True
    """

    name: str
    type: str
    description: str
    required: bool = False
    values: tuple[str, ...] = ()


@attrs.frozen
class Table:
    """A table: its fields, rows, primary key and foreign keys.

    A foreign key is ``(fields, table, fields)``; the table ``""`` is this one.

    >>> t = Table("t", "T", "A table.", (Field("id", "string", "ID"),), [("a",)], ("id",))
    >>> t.rows
    [('a',)]
    """

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: list[tuple[Any, ...]]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()


def _citation_fields(prefix: str, what: str) -> tuple[Field, ...]:
    return (
        Field(
            f"{prefix}document",
            "string",
            f"The ID of the source {what} cites (empty: the first source).",
        ),
        Field(f"{prefix}section", "string", f"Where in that source {what} comes from."),
        Field(f"{prefix}quote", "string", "The passage, verbatim."),
    )


def _cited(citation: Citation | None, main: str | None) -> tuple[Any, ...]:
    if citation is None:
        return (None, None, None)
    return (citation.document or main, citation.section, citation.quote)


def _text(text: Text | None) -> tuple[str | None, str | None, str | None]:
    if text is None:
        return (None, None, None)
    return (text.nl, text.en, text.note)


_ELEMENT_KEY = (("element",), "elements", ("id",))


def strategy_tables(
    strategy: Strategy, overlays: Iterable[Overlay] = ()
) -> list[Table]:
    """Return the tables of a strategy and its overlays.

    Examples
    --------
    >>> import ncts
    >>> [t.name for t in strategy_tables(ncts.load())]
    ['strategy', 'elements', 'links', 'evidence', 'errata', 'sources', 'introduction']
    >>> elements = strategy_tables(ncts.load())[1]
    >>> [row[0] for row in elements.rows if row[1] == "area"]
    ['VW', 'VK', 'VB', 'VV']
    """
    from ._overlay import Overlay, resolve

    check_type(strategy, Strategy, "strategy")
    items = [
        resolve(o, strategy)
        for o in check_items(overlays, Overlay, "overlays", what="overlays")
    ]
    main = strategy.source.id if strategy.source else None
    tables = [
        _strategy_table(strategy, main),
        _elements(strategy, main),
        _links(strategy, main),
        _evidence(strategy, main),
        _errata(strategy),
        _sources(strategy),
        Table(
            "introduction",
            "Introduction",
            "The strategy's introduction, paragraph by paragraph.",
            (
                Field("position", "integer", "The paragraph's place, from 1.", True),
                Field("nl", "string", "The Dutch text, verbatim.", True),
                Field("en", "string", "Our English translation."),
                Field("note", "string", "A translator's note on the English."),
            ),
            [(i, *_text(p)) for i, p in enumerate(strategy.introduction, 1)],
            ("position",),
        ),
    ]
    if items:
        tables += _overlay_tables(items)
    return tables


def _strategy_table(s: Strategy, main: str | None) -> Table:
    adopted = s.adopted
    aim = s.aim
    row = (
        s.id,
        *_text(s.title)[:2],
        s.period.start,
        s.period.end,
        s.data_version,
        s.scope,
        s.translation,
        adopted.date if adopted else None,
        adopted.by if adopted else None,
        *(_cited(adopted.citation, main) if adopted else (None, None, None)),
        *_text(aim.text if aim else None)[:2],
        *(_cited(aim.citation, main) if aim else (None, None, None)),
    )
    return Table(
        "strategy",
        "Strategy",
        "The strategy itself: one row.",
        (
            Field("id", "string", "The strategy's ID.", True),
            Field("title_nl", "string", "The title, in Dutch.", True),
            Field("title_en", "string", "The title, in English."),
            Field("period_start", "integer", "The first year it covers.", True),
            Field("period_end", "integer", "The last year it covers.", True),
            Field("data_version", "string", "The version of this data.", True),
            Field("scope", "string", "What the data covers, and what it leaves out."),
            Field("translation", "string", "Who made the English texts, and how."),
            Field("adopted_date", "date", "The day the strategy was adopted."),
            Field("adopted_by", "string", "Who adopted it."),
            *_citation_fields("adopted_", "the adoption"),
            Field("aim_nl", "string", "The overall aim, in Dutch, verbatim."),
            Field("aim_en", "string", "The overall aim, in English."),
            *_citation_fields("aim_", "the aim"),
        ),
        [row],
        ("id",),
        (
            (("adopted_document",), "sources", ("id",)),
            (("aim_document",), "sources", ("id",)),
        ),
    )


def _element_rows(s: Strategy, main: str | None) -> Iterator[tuple[Any, ...]]:
    yield (
        s.id,
        "strategy",
        None,
        1,
        *_text(s.title),
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    )
    for i, goal in enumerate(s.goals, 1):
        status = goal.status.value if goal.status else None
        yield (
            goal.id, "goal", None, i, *_text(goal.text), None, None, None, None,
            status, goal.note, *_cited(goal.citation, main),
        )  # fmt: skip
    for i, theme in enumerate(s.focus_themes, 1):
        yield (
            theme.id, "focus_theme", None, i, *_text(theme.text), None, None, None,
            None, None, None, *_cited(theme.citation, main),
        )  # fmt: skip
    for i, area in enumerate(s.areas, 1):
        yield (
            area.id,
            "area",
            None,
            i,
            *_text(area.name),
            *_text(area.description),
            None,
            None,
            None,
            *_cited(area.citation, main),
        )
        for j, sp in enumerate(area.speerpunten, 1):
            kinds = ";".join(k.value for k in Kind if k in sp.kinds) or None
            yield (
                sp.id,
                "speerpunt",
                area.id,
                j,
                *_text(sp.text),
                None,
                None,
                None,
                kinds,
                None,
                None,
                *_cited(sp.citation, main),
            )


def _elements(s: Strategy, main: str | None) -> Table:
    return Table(
        "elements",
        "Elements",
        "The strategy, its goals, focus themes, areas and speerpunten, in document "
        "order.",
        (
            Field("id", "string", "The element's ID.", True),
            Field(
                "type",
                "string",
                "strategy, goal, focus_theme, area or speerpunt.",
                True,
                ("strategy", "goal", "focus_theme", "area", "speerpunt"),
            ),
            Field("area", "string", "For a speerpunt: the ID of its area."),
            Field(
                "position", "integer", "Its place among its kind (in its area).", True
            ),
            Field(
                "text_nl", "string", "Its text (an area's name), Dutch, verbatim.", True
            ),
            Field("text_en", "string", "Its text (an area's name), in English."),
            Field("text_note", "string", "A translator's note on the English."),
            Field("description_nl", "string", "An area's description, in Dutch."),
            Field("description_en", "string", "An area's description, in English."),
            Field("description_note", "string", "A translator's note on it."),
            Field("kinds", "string", "A speerpunt's kinds, separated by ;."),
            Field(
                "status", "string", "A goal's status.", False, ("quoted", "modelled")
            ),
            Field("note", "string", "A goal's note: how it was modelled."),
            *_citation_fields("citation_", "the element"),
        ),
        list(_element_rows(s, main)),
        ("id",),
        ((("area",), "", ("id",)), (("citation_document",), "sources", ("id",))),
    )


_LINK_KEY = ("source", "target", "type")


def _links(s: Strategy, main: str | None) -> Table:
    return Table(
        "links",
        "Links",
        "Typed links between elements, stated by the source or derived by us.",
        (
            Field("source", "string", "The ID the link starts from.", True),
            Field("target", "string", "The ID the link points to.", True),
            Field(
                "type",
                "string",
                "What the link means.",
                True,
                ("underpins", "contributes_to", "addresses", "relates_to"),
            ),
            Field("id", "string", "The link's own ID."),
            Field("basis", "string", "stated or derived.", True, ("stated", "derived")),
            Field("rationale", "string", "Why the link holds.", True),
            *_citation_fields("citation_", "a stated link"),
        ),
        [
            (
                link.source,
                link.target,
                link.type.value,
                link.id,
                link.basis.value,
                link.rationale,
                *_cited(link.citation, main),
            )
            for link in s.links
        ],
        _LINK_KEY,
        (
            (("source",), "elements", ("id",)),
            (("target",), "elements", ("id",)),
            (("citation_document",), "sources", ("id",)),
        ),
    )


def _evidence(s: Strategy, main: str | None) -> Table:
    return Table(
        "evidence",
        "Evidence",
        "The passages a derived link rests on.",
        (
            Field("source", "string", "The link's source.", True),
            Field("target", "string", "The link's target.", True),
            Field("type", "string", "The link's type.", True),
            Field("position", "integer", "The passage's place, from 1.", True),
            *_citation_fields("", "the passage"),
        ),
        [
            (link.source, link.target, link.type.value, i, *_cited(c, main))
            for link in s.links
            for i, c in enumerate(link.evidence, 1)
        ],
        (*_LINK_KEY, "position"),
        ((_LINK_KEY, "links", _LINK_KEY), (("document",), "sources", ("id",))),
    )


def _errata(s: Strategy) -> Table:
    rows = []
    for element in s.elements():
        for i, e in enumerate(getattr(element, "errata", ()), 1):
            kind = e.kind.value if e.kind else None
            rows.append((element.id, i, e.field, kind, e.original, e.corrected, e.note))
    return Table(
        "errata",
        "Errata",
        "Irregularities of the source's text: corrected (typo, extraction) or noted "
        "and kept.",
        (
            Field("element", "string", "The ID of the element.", True),
            Field("position", "integer", "The erratum's place, from 1.", True),
            Field("field", "string", "The field, as a path such as text.nl.", True),
            Field(
                "kind",
                "string",
                "typo, extraction or noted.",
                False,
                ("typo", "extraction", "noted"),
            ),
            Field("original", "string", "The text as the source has it.", True),
            Field(
                "corrected", "string", "The text as the data has it (not for noted)."
            ),
            Field("note", "string", "Why, or what is irregular."),
        ),
        rows,
        ("element", "position"),
        (_ELEMENT_KEY,),
    )


def _sources(s: Strategy) -> Table:
    return Table(
        "sources",
        "Sources",
        "The documents the data comes from or refers to; the first is the main one.",
        (
            Field("id", "string", "The source's ID.", True),
            Field("title", "string", "Its title, as its publisher gives it.", True),
            Field("publisher", "string", "Who published it."),
            Field(
                "role",
                "string",
                "What the data takes from it.",
                False,
                ("transcribed", "cited", "related"),
            ),
            Field("url", "string", "Where it can be found."),
            Field("published", "date", "When it was published."),
            Field("accessed", "date", "When we read it at its address."),
            Field("sha256", "string", "The SHA-256 of the text we transcribed."),
            Field("note", "string", "What it is, and what it contributes."),
        ),
        [
            (
                src.id,
                src.title,
                src.publisher,
                src.role.value if src.role else None,
                src.url,
                src.published,
                src.accessed,
                src.sha256,
                src.note,
            )
            for src in s.sources
        ],
        ("id",),
    )


def _overlay_tables(overlays: list[Overlay]) -> list[Table]:
    record_key = (("overlay", "record"), "records", ("overlay", "id"))
    return [
        Table(
            "overlays",
            "Overlays",
            "The overlays shown with the strategy: records of their own.",
            (
                Field("id", "string", "The overlay's ID.", True),
                Field("title", "string", "What it is about.", True),
                Field(
                    "data_version",
                    "string",
                    "The data version it was written against.",
                    True,
                ),
                Field("description", "string", "More about it."),
            ),
            [(o.id, o.title, o.data_version, o.description) for o in overlays],
            ("id",),
        ),
        Table(
            "records",
            "Records",
            "The overlays' records.",
            (
                Field("overlay", "string", "The overlay's ID.", True),
                Field("id", "string", "The record's ID.", True),
                Field("title", "string", "What the record is.", True),
                Field(
                    "kind", "string", "initiative, measure, indicator or note.", True
                ),
                Field("status", "string", "planned, active, done, paused or stopped."),
                Field("progress", "integer", "How far along, in percent."),
                Field("owner", "string", "Who is responsible."),
                Field("start", "date", "When it starts or started."),
                Field("end", "date", "When it ends or ended."),
                Field(
                    "tags",
                    "string",
                    "Free tags, as ncts writes several values in a cell.",
                ),
                Field("notes", "string", "Anything else."),
            ),
            [
                (
                    o.id,
                    r.id,
                    r.title,
                    r.kind.value,
                    r.status.value if r.status else None,
                    r.progress,
                    r.owner,
                    r.start,
                    r.end,
                    _tags(r.tags),
                    r.notes,
                )
                for o in overlays
                for r in o.records
            ],
            ("overlay", "id"),
            ((("overlay",), "overlays", ("id",)),),
        ),
        Table(
            "addresses",
            "Addresses",
            "Which elements each record addresses.",
            (
                Field("overlay", "string", "The overlay's ID.", True),
                Field("record", "string", "The record's ID.", True),
                Field("element", "string", "The ID of an element it addresses.", True),
            ),
            [(o.id, r.id, a) for o in overlays for r in o.records for a in r.addresses],
            ("overlay", "record", "element"),
            (record_key, _ELEMENT_KEY),
        ),
        Table(
            "indicators",
            "Indicators",
            "What is measured to follow each record.",
            (
                Field("overlay", "string", "The overlay's ID.", True),
                Field("record", "string", "The record's ID.", True),
                Field("position", "integer", "The indicator's place, from 1.", True),
                Field("name", "string", "What is measured.", True),
                Field("unit", "string", "The unit of the numbers."),
                Field("baseline", "number", "The value at the start."),
                Field("target", "number", "The value aimed for."),
                Field("value", "number", "The latest value."),
            ),
            [
                (o.id, r.id, i, ind.name, ind.unit, ind.baseline, ind.target, ind.value)
                for o in overlays
                for r in o.records
                for i, ind in enumerate(r.indicators, 1)
            ],
            ("overlay", "record", "position"),
            (record_key,),
        ),
        Table(
            "documents",
            "Documents",
            "Documents about each record.",
            (
                Field("overlay", "string", "The overlay's ID.", True),
                Field("record", "string", "The record's ID.", True),
                Field("position", "integer", "The document's place, from 1.", True),
                Field("title", "string", "The document's title.", True),
                Field("url", "string", "Where it can be found."),
            ),
            [
                (o.id, r.id, i, d.title, d.url)
                for o in overlays
                for r in o.records
                for i, d in enumerate(r.documents, 1)
            ],
            ("overlay", "record", "position"),
            (record_key,),
        ),
    ]


def _tags(tags: tuple[str, ...]) -> str | None:
    from ._sheets import join_list

    return join_list(tags) if tags else None

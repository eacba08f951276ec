"""Comparing two strategies: what was added, removed and changed, field by field."""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import attrs

from ._checks import check_type
from ._convert import resolved_fields, unstructure_hook
from ._display import diff_html
from ._errors import QueryError
from ._escape import markdown_code, markdown_text
from ._gc import LARGE_STRATEGY, gc_paused
from ._json import dump_json
from ._model import Link, Strategy

__all__ = ["Change", "Diff", "FieldChange", "diff"]

_CHILDREN = frozenset(
    {"goals", "focus_themes", "areas", "speerpunten", "links", "sources"}
)


#: The kinds of change (Change.kind).
_KINDS = ("added", "removed", "changed")


@attrs.frozen
class FieldChange:
    """One field whose value differs; ``None`` stands for a field that is absent.

    Examples
    --------
    >>> FieldChange("text.nl", "oud", "nieuw")
    FieldChange(field='text.nl', old='oud', new='nieuw')
    """

    field: str
    old: Any
    new: Any


@attrs.frozen
class Change:
    """An element or link added, removed or changed.

    ``id`` is the element's ID, or for a link ``source -> target (type)``.
    ``type`` is the element type (``speerpunt``, ...), ``link`` or ``strategy``.
    For a change, ``fields`` lists every field that differs; for an addition or a
    removal, every field of the element.

    Examples
    --------
    >>> import ncts, attrs
    >>> s = ncts.load()
    >>> goal = ncts.Goal("G5", ncts.Text("Een nieuw doel"))
    >>> [change] = ncts.diff(s, attrs.evolve(s, goals=(*s.goals, goal)))
    >>> change.kind, change.id, change.type, [f.field for f in change.fields]
    ('added', 'G5', 'goal', ['text.nl'])
    """

    kind: Literal["added", "removed", "changed"]
    id: str
    type: str
    fields: tuple[FieldChange, ...]


@attrs.frozen
class Diff:
    """The differences between two strategies, as data; empty (and falsy) when equal.

    Examples
    --------
    >>> import ncts
    >>> s = ncts.load()
    >>> bool(ncts.diff(s, s)), len(ncts.diff(s, s))
    (False, 0)
    """

    old: str
    new: str
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    _repr_html_ = diff_html

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of(self, kind: Literal["added", "removed", "changed"]) -> tuple[Change, ...]:
        """Return the changes of one kind: ``added``, ``removed`` or ``changed``.

        >>> import ncts, attrs
        >>> s = ncts.load()
        >>> links = tuple(link for link in s.links if link.target != "G4")
        >>> d = ncts.diff(s, attrs.evolve(s, goals=s.goals[:3], links=links))
        >>> [c.id for c in d.of("removed")][:2]
        ['G4', 'VV -> G4 (contributes_to)']
        """
        if check_type(kind, str, "kind") not in _KINDS:
            raise QueryError(
                f"unknown kind of change {kind!r}: use one of "
                f"{', '.join(map(repr, _KINDS))}"
            )
        return tuple(c for c in self.changes if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """Return the diff as plain data, ready for JSON.

        >>> import ncts
        >>> ncts.diff(ncts.load(), ncts.load()).to_dict()["changes"]
        []
        """
        return {
            "old": self.old,
            "new": self.new,
            "changes": [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "type": c.type,
                    "fields": [
                        {"field": f.field, "old": f.old, "new": f.new} for f in c.fields
                    ],
                }
                for c in self.changes
            ],
        }

    def to_json(self) -> str:
        """Return the diff as JSON text.

        >>> import ncts, attrs, json
        >>> s = ncts.load()
        >>> d = ncts.diff(s, attrs.evolve(s, data_version="1.0.1"))
        >>> data = json.loads(d.to_json())
        >>> data["old"] == f"{s.id} {s.data_version}", data["new"].endswith(" 1.0.1")
        (True, True)
        >>> [(c["kind"], c["id"]) for c in data["changes"]] == [("changed", s.id)]
        True
        """
        return dump_json(self.to_dict())

    def to_markdown(self) -> str:
        """Return the diff as a Markdown changelog.

        Every text from the strategies (IDs, values, data versions) is escaped:
        it shows as written, always on its own line item, and can add no
        heading, list item, link, HTML or control character.

        >>> import ncts, attrs
        >>> s = ncts.load()
        >>> edited = attrs.evolve(s, data_version="1.1.1")
        >>> print(ncts.diff(s, edited).to_markdown())
        # Changes from NCTS-2022-2026 1.1.0 to NCTS-2022-2026 1.1.1
        <BLANKLINE>
        ## Changed
        <BLANKLINE>
        - strategy `NCTS-2022-2026`
          - `data_version`: "1.1.0" → "1.1.1"
        <BLANKLINE>
        """
        lines = [
            f"# Changes from {markdown_text(self.old)} to {markdown_text(self.new)}",
            "",
        ]
        if not self.changes:
            return "\n".join([*lines, "No changes.", ""])
        for kind, heading in (
            ("added", "Added"),
            ("removed", "Removed"),
            ("changed", "Changed"),
        ):
            changes = self.of(kind)  # type: ignore[arg-type]
            if not changes:
                continue
            lines += [f"## {heading}", ""]
            for change in changes:
                element = f"- {_word(change.type)} {markdown_code(change.id)}"
                if kind == "changed":
                    lines.append(element)
                    for f in change.fields:
                        lines.append(
                            f"  - {markdown_code(f.field)}: "
                            f"{_show(f.old)} → {_show(f.new)}"
                        )
                else:
                    lines.append(f"{element}{_summary(change)}")
            lines.append("")
        return "\n".join(lines)


#: The types a change of ncts's own diff has; shown as they are.
_TYPES = frozenset(
    {"strategy", "source", "goal", "focus_theme", "area", "speerpunt", "link"}
)


def _word(word: str) -> str:
    """Show an element type: ncts's own words as they are, anything else escaped.

    >>> print(_word("focus_theme"), _word("x_"))
    focus_theme x\\_
    """
    return word if word in _TYPES else markdown_text(word)


def _show(value: Any) -> str:
    """Show a field's value in Markdown: as JSON, escaped, on one line."""
    if value is None:
        return "(none)"
    return markdown_text(json.dumps(value, ensure_ascii=False))


def _summary(change: Change) -> str:
    """Show the text of an added or removed element: escaped, on one line."""
    for f in change.fields:
        if f.field in ("text.nl", "name.nl", "title", "rationale"):
            value = f.new if change.kind == "added" else f.old
            return f": {markdown_text(str(value))}"
    return ""


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not prefix and key in _CHILDREN:
                continue
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}[{i}]", out)
    else:
        out[prefix] = value


_PLAIN = frozenset({str, int, str | None, int | None})


@functools.cache
def _own_fields(cls: Any) -> tuple[tuple[str, Callable[[Any], Any] | None, Any], ...]:
    """Name, unstructure hook (None: a plain value) and default of each own field.

    The children (an area's speerpunten, the strategy's areas) are left out: they
    are records of their own, and unstructuring them only to drop them cost most
    of a diff.
    """
    return tuple(
        (a.name, None if a.type in _PLAIN else unstructure_hook(a.type), a.default)
        for a in resolved_fields(cls)
        if a.init and a.name not in _CHILDREN
    )


def _own_data(obj: object) -> dict[str, Any]:
    """Unstructure a record's own fields, as :func:`~ncts._convert.unstructure` does."""
    out: dict[str, Any] = {}
    cls: Any = type(obj)  # a class is hashable, whatever mypy makes of type[object]
    for name, hook, default in _own_fields(cls):
        value = getattr(obj, name)
        if default is not attrs.NOTHING and value == default:
            continue
        out[name] = value if hook is None else hook(value)
    return out


@functools.cache
def _own_values(cls: Any) -> Callable[[Any], Any]:
    """Return a function that gives a record's own field values, to compare."""
    return operator.attrgetter(*(name for name, _, _ in _own_fields(cls)))


def _same(old: object, new: object) -> bool:
    """Whether two records have the same own fields (their children aside)."""
    if old is new:
        return True
    cls: Any = type(old)
    values = _own_values(cls)
    return type(new) is cls and bool(values(old) == values(new))


def _fields(obj: object, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _flatten(_own_data(obj), "", out)
    if not isinstance(obj, Link):  # an element is matched by its ID; a link is not
        out.pop("id", None)
    out.update(extra)
    return out


#: A record of an element: its kind, the element, and what else is compared
#: (``area`` for a speerpunt; ``position`` for an element in both versions).
_Record = tuple[str, Any, dict[str, Any]]


def _records(strategy: Strategy, common: set[str]) -> dict[str, _Record]:
    """Every element; ``position`` counts only elements in both versions."""
    records: dict[str, _Record] = {}
    lists: list[tuple[str, Sequence[Any], dict[str, Any]]] = [
        ("source", strategy.sources, {}),
        ("focus_theme", strategy.focus_themes, {}),
        ("goal", strategy.goals, {}),
        ("area", strategy.areas, {}),
    ]
    lists += [("speerpunt", a.speerpunten, {"area": a.id}) for a in strategy.areas]
    for kind, items, extra in lists:
        for element in items:
            records[element.id] = (kind, element, dict(extra))
        for rank, id in enumerate(e.id for e in items if e.id in common):
            records[id][2]["position"] = rank
    return records


def _record_fields(record: _Record | None) -> dict[str, Any] | None:
    return None if record is None else _fields(record[1], **record[2])


_Pair = tuple[int, Link]


def _pair_links(
    old: Sequence[Link], new: Sequence[Link], both: set[tuple[str, str, str]]
) -> dict[tuple[str, str, str], tuple[_Pair | None, _Pair | None]]:
    """Match links by key; positions count only links that are in both versions."""

    def ranked(links: Sequence[Link]) -> dict[tuple[str, str, str], _Pair]:
        out: dict[tuple[str, str, str], _Pair] = {}
        rank = 0
        for link in links:
            out[link.key] = (rank, link)
            rank += link.key in both
        return out

    a, b = ranked(old), ranked(new)
    return {k: (a.get(k), b.get(k)) for k in list(a) + [k for k in b if k not in a]}


def _link_id(link: Link) -> str:
    return f"{link.source} -> {link.target} ({link.type.value})"


def _compare(
    kind: str, id: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> Change | None:
    if old is None and new is not None:
        return Change(
            "added", id, kind, tuple(FieldChange(k, None, v) for k, v in new.items())
        )
    if new is None and old is not None:
        return Change(
            "removed", id, kind, tuple(FieldChange(k, v, None) for k, v in old.items())
        )
    assert old is not None
    assert new is not None
    keys = list(old) + [k for k in new if k not in old]
    fields = tuple(
        FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)
    )
    return Change("changed", id, kind, fields) if fields else None


def diff(old: Strategy, new: Strategy) -> Diff:
    """Compare two strategies: elements and links added, removed and changed.

    Elements are matched by ID, links by source, target and type; the strategy
    itself is matched whatever its ID. A change lists each field that differs,
    with paths such as ``text.nl`` or ``citation.quote``; ``position`` (the place in
    its list) and, for speerpunten, ``area`` are compared too, so moves show.

    Examples
    --------
    >>> import ncts, attrs
    >>> s = ncts.load()
    >>> vk = s["VK"]
    >>> edited_vk = attrs.evolve(vk, speerpunten=vk.speerpunten[:-1])
    >>> edited = attrs.evolve(s, areas=(s.areas[0], edited_vk, *s.areas[2:]),
    ...                       links=tuple(l for l in s.links if "VK7" not in l.key))
    >>> d = ncts.diff(s, edited)
    >>> [(c.kind, c.type, c.id) for c in d]
    [('removed', 'speerpunt', 'VK7'), ('removed', 'link', 'VK7 -> FT2 (addresses)')]
    """
    check_type(old, Strategy, "old")
    check_type(new, Strategy, "new")
    # Comparing builds a flat record of every element; see gc_paused.
    with gc_paused(len(old.speerpunten) + len(new.speerpunten) >= 2 * LARGE_STRATEGY):
        return _diff(old, new)


def _diff(old: Strategy, new: Strategy) -> Diff:
    changes: list[Change] = []
    # Matched whatever its ID, so a new ID is one of its changed fields.
    top = _compare("strategy", new.id, _fields(old, id=old.id), _fields(new, id=new.id))
    if top:
        changes.append(top)
    common = set(old.ids()) & set(new.ids())
    before, after = _records(old, common), _records(new, common)
    for id in list(before) + [i for i in after if i not in before]:
        was, now = before.get(id), after.get(id)
        if was and now and was[2] == now[2] and _same(was[1], now[1]):
            continue  # most elements: nothing to flatten
        kind = (now or was)[0]  # type: ignore[index]
        change = _compare(kind, id, _record_fields(was), _record_fields(now))
        if change:
            changes.append(change)
    both = {link.key for link in old.links} & {link.key for link in new.links}
    for key, (a, b) in _pair_links(old.links, new.links, both).items():
        if a and b and a[0] == b[0] and a[1] == b[1]:
            continue
        link = (b or a)[1]  # type: ignore[index]
        change = _compare(
            "link",
            _link_id(link),
            a and _fields(a[1], **({"position": a[0]} if key in both else {})),
            b and _fields(b[1], **({"position": b[0]} if key in both else {})),
        )
        if change:
            changes.append(change)
    return Diff(
        f"{old.id} {old.data_version}", f"{new.id} {new.data_version}", tuple(changes)
    )

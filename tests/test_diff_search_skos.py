"""diff and search, on the bundled and on any strategy (SKOS: tests/test_skos.py)."""

import json
from typing import Any, Literal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import ncts
from ncts import Strategy
from ncts._convert import unstructure
from ncts._diff import Change, Diff, FieldChange
from ncts._errors import parse_path
from ncts.testing import strategies, text_values

FICTIONAL = ncts.example_path("fictiestad-2025-2028.yaml")


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every text leaf of a document (where a new text keeps it valid)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))]
    if isinstance(value, str) and path[-1] in (
        "nl",
        "en",
        "rationale",
        "note",
        "title",
        "section",
        "quote",
        "publisher",
        "url",
        "data_version",
    ):
        return [path]
    return []


class TestDiff:
    @given(strategies())
    def test_same_is_empty(self, s: Strategy) -> None:
        """diff(s, s) is empty and falsy for any strategy."""
        d = ncts.diff(s, s)
        assert not d
        assert len(d) == 0
        assert "No changes." in d.to_markdown()

    def test_a_new_strategy_id_is_a_change(self, strategy: Strategy) -> None:
        """Found by Hypothesis: two strategies that differ only in ID gave no change."""
        renamed = attrs.evolve(strategy, id="renamed")
        (change,) = ncts.diff(strategy, renamed)
        assert (change.kind, change.type, change.id) == (
            "changed",
            "strategy",
            "renamed",
        )
        assert [(f.field, f.old, f.new) for f in change.fields] == [
            ("id", strategy.id, "renamed")
        ]

    @given(strategies(), strategies())
    def test_empty_exactly_when_equal(self, a: Strategy, b: Strategy) -> None:
        """Two strategies differ exactly when their diff is not empty."""
        assert bool(ncts.diff(a, b)) == (a != b)

    @given(strategies(), st.data())
    def test_every_text_edit_is_reported_at_its_path(
        self, s: Strategy, data: st.DataObject
    ) -> None:
        """Changing any one text gives exactly one change, naming the field."""
        doc = unstructure(s)
        leaves = _leaves(doc)
        path = data.draw(st.sampled_from(leaves))
        target = doc
        for part in path[:-1]:
            target = target[part]
        new = data.draw(text_values().filter(lambda v: v != target[path[-1]]))
        target[path[-1]] = new
        try:
            edited = ncts.loads(json.dumps(doc), "json")
        except ncts.ValidationError:
            edited = None  # e.g. an erratum whose correction is no longer in its field
        assume(edited is not None)
        assert edited is not None
        d = ncts.diff(s, edited)
        assert len(d) == 1
        [change] = d
        assert change.kind == "changed"
        assert [f.new for f in change.fields] == [new]
        # The change names the element, and the field as a path inside it.
        element, field = _split(s, path)
        assert change.id == element
        assert [f.field for f in change.fields] == [field]

    @given(strategies(), st.data())
    def test_every_removal_is_reported(self, s: Strategy, data: st.DataObject) -> None:
        """Removing any goal, theme, area or speerpunt (and the links at it) is
        reported as exactly those removals."""
        choices = [
            e for e in s.elements() if e.element_type not in ("strategy", "source")
        ]
        assume(choices)
        gone = data.draw(st.sampled_from(choices))
        removed = {gone.id}
        if isinstance(gone, ncts.Area):
            removed |= {sp.id for sp in gone.speerpunten}
        links = tuple(
            link for link in s.links if not {link.source, link.target} & removed
        )
        fewer = attrs.evolve(
            s,
            goals=tuple(g for g in s.goals if g.id not in removed),
            focus_themes=tuple(t for t in s.focus_themes if t.id not in removed),
            areas=tuple(
                attrs.evolve(
                    a,
                    speerpunten=tuple(p for p in a.speerpunten if p.id not in removed),
                )
                for a in s.areas
                if a.id not in removed
            ),
            links=links,
        )
        changes = ncts.diff(s, fewer)
        assert {(c.kind, c.id) for c in changes if c.kind == "removed"} == {
            ("removed", id) for id in removed
        } | {("removed", _link_id(link)) for link in s.links if link not in links}
        # Whatever else changed is only a position, in the same collection.
        for c in changes:
            if c.kind == "changed":
                assert {f.field for f in c.fields} == {"position"}, c

    @given(strategies())
    def test_swapping_two_goals_is_reported(self, s: Strategy) -> None:
        """Swapping the first two goals changes the position of those two only."""
        assume(len(s.goals) >= 2)
        swapped = attrs.evolve(s, goals=(s.goals[1], s.goals[0], *s.goals[2:]))
        changes = ncts.diff(s, swapped)
        assert {c.id for c in changes} == {s.goals[0].id, s.goals[1].id}
        assert all(c.kind == "changed" for c in changes)

    def test_a_removed_link_does_not_move_the_others(self) -> None:
        """Positions of links count only links in both versions (so one removal is
        one change, not a move of every later link)."""
        s = ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))
        assert len(s.links) >= 3
        fewer = attrs.evolve(s, links=s.links[1:])
        [change] = ncts.diff(s, fewer)
        assert (change.kind, change.id) == ("removed", _link_id(s.links[0]))
        assert [c.id for c in ncts.diff(fewer, s)] == [_link_id(s.links[0])]

    def test_changelog_for_an_edited_copy(self) -> None:
        """An edited copy of the dataset gives a readable Markdown changelog and JSON."""
        text = ncts.dumps(ncts.load())
        text = text.replace("nl: Online aanpak", "nl: Online aanpak en moderatie", 1)
        text = text.replace("data_version: 1.1.0", "data_version: 1.2.0", 1)
        edited = ncts.loads(text)
        d = ncts.diff(ncts.load(), edited)
        md = d.to_markdown()
        assert md.startswith(
            "# Changes from NCTS-2022-2026 1.1.0 to NCTS-2022-2026 1.2.0"
        )
        assert (
            '- speerpunt `VK7`\n  - `text.nl`: "Online aanpak" → "Online aanpak en moderatie"'
            in md
        )
        data = json.loads(d.to_json())
        assert [c["id"] for c in data["changes"]] == ["NCTS-2022-2026", "VK7"]

    def test_additions_and_moves(self) -> None:
        """A speerpunt moved to another area shows as a change of its area."""
        s = ncts.load()
        vk, vb = s["VK"], s["VB"]
        assert isinstance(vk, ncts.Area)
        assert isinstance(vb, ncts.Area)
        moved = attrs.evolve(
            s,
            areas=(
                s.areas[0],
                attrs.evolve(vk, speerpunten=vk.speerpunten[:-1]),
                attrs.evolve(vb, speerpunten=(*vb.speerpunten, vk.speerpunten[-1])),
                s.areas[3],
            ),
        )
        [change] = ncts.diff(s, moved)
        assert change.id == "VK7"
        assert {f.field: (f.old, f.new) for f in change.fields}["area"] == ("VK", "VB")
        back = ncts.diff(moved, s)
        assert [c.id for c in back] == ["VK7"]


# Two versions of a small made-up strategy, with one edit of each kind that diff
# tells apart; the expected changelog below is worked out by hand from them.
_OLD = """\
id: OUD
title: {nl: Oude strategie}
period: {start: 2025, end: 2028}
data_version: 1.0.0
sources:
- {id: bron, title: Een bron}
focus_themes:
- {id: T1, text: {nl: Thema een}}
goals:
- {id: D1, text: {nl: Doel één}}
- {id: D2, text: {nl: Doel twee}, note: oude noot}
areas:
- id: A
  name: {nl: Gebied A}
  description: {nl: Over A}
  speerpunten:
  - {id: A1, text: {nl: Punt A1}}
  - {id: A2, text: {nl: Punt A2}}
- id: B
  name: {nl: Gebied B}
  description: {nl: Over B}
  speerpunten:
  - {id: B1, text: {nl: Punt B1}}
links:
- {source: A1, target: D1, type: contributes_to, basis: derived, rationale: A1 helpt D1}
- {source: A2, target: D2, type: contributes_to, basis: derived, rationale: A2 helpt D2}
- {source: B1, target: T1, type: addresses, basis: derived, rationale: B1 raakt T1}
"""
_NEW = """\
id: OUD
title: {nl: Nieuwe strategie}
period: {start: 2025, end: 2028}
data_version: 1.1.0
sources:
- {id: bron, title: Een bron}
- {id: nieuw, title: Een nieuwe bron}
focus_themes:
- {id: T1, text: {nl: Thema één}}
goals:
- {id: D2, text: {nl: Doel twéé}}
- {id: D3, text: {nl: Doel drie}}
areas:
- id: A
  name: {nl: Gebied A}
  description: {nl: Over A}
  speerpunten:
  - {id: A1, text: {nl: Punt A1}}
- id: B
  name: {nl: Gebied B}
  description: {nl: Over B}
  speerpunten:
  - {id: B1, text: {nl: Punt B1}}
  - {id: A2, text: {nl: Punt A2}}
- id: C
  name: {nl: Gebied C}
  description: {nl: Over C}
links:
- {source: A2, target: D2, type: contributes_to, basis: derived, rationale: A2 helpt D2 echt}
- {source: A1, target: D3, type: contributes_to, basis: derived, rationale: A1 helpt D3}
"""


class TestDiffOfEveryKind:
    """One edit of every kind, and the changelog, JSON and changes it gives."""

    def test_markdown(self) -> None:
        """Added and removed elements show their text (a link its rationale); a
        changed one each field that differs, old and new, non-ASCII as it is, a
        field that is gone as (none); the strategy's own lists are not fields."""
        d = ncts.diff(ncts.loads(_OLD), ncts.loads(_NEW))
        assert d.to_markdown() == (
            "# Changes from OUD 1.0.0 to OUD 1.1.0\n"
            "\n"
            "## Added\n"
            "\n"
            "- source `nieuw`: Een nieuwe bron\n"
            "- goal `D3`: Doel drie\n"
            "- area `C`: Gebied C\n"
            "- link `A1 -> D3 (contributes_to)`: A1 helpt D3\n"
            "\n"
            "## Removed\n"
            "\n"
            "- goal `D1`: Doel één\n"
            "- link `A1 -> D1 (contributes_to)`: A1 helpt D1\n"
            "- link `B1 -> T1 (addresses)`: B1 raakt T1\n"
            "\n"
            "## Changed\n"
            "\n"
            "- strategy `OUD`\n"
            '  - `title.nl`: "Oude strategie" → "Nieuwe strategie"\n'
            '  - `data_version`: "1.0.0" → "1.1.0"\n'
            "- focus_theme `T1`\n"
            '  - `text.nl`: "Thema een" → "Thema één"\n'
            "- goal `D2`\n"
            '  - `text.nl`: "Doel twee" → "Doel twéé"\n'
            '  - `note`: "oude noot" → (none)\n'
            "- speerpunt `A2`\n"
            '  - `area`: "A" → "B"\n'
            "- link `A2 -> D2 (contributes_to)`\n"
            '  - `rationale`: "A2 helpt D2" → "A2 helpt D2 echt"\n'
        )

    def test_only_the_kinds_that_occur_have_a_heading(self) -> None:
        old = ncts.loads(_OLD)
        grown = ncts.diff(
            old,
            attrs.evolve(old, goals=(*old.goals, ncts.Goal("D9", ncts.Text("Negen")))),
        )
        assert grown.to_markdown() == (
            "# Changes from OUD 1.0.0 to OUD 1.0.0\n\n## Added\n\n- goal `D9`: Negen\n"
        )

    def test_json_and_kinds(self) -> None:
        d = ncts.diff(ncts.loads(_OLD), ncts.loads(_NEW))
        data = d.to_dict()
        assert json.loads(d.to_json()) == data
        assert (data["old"], data["new"]) == ("OUD 1.0.0", "OUD 1.1.0")
        by_id = {c["id"]: c for c in data["changes"]}
        assert by_id["D2"] == {
            "kind": "changed",
            "id": "D2",
            "type": "goal",
            "fields": [
                {"field": "text.nl", "old": "Doel twee", "new": "Doel twéé"},
                {"field": "note", "old": "oude noot", "new": None},
            ],
        }
        assert [c.id for c in d.of("added")] == [
            "nieuw",
            "D3",
            "C",
            "A1 -> D3 (contributes_to)",
        ]
        assert [c.id for c in d.of("removed")] == [
            "D1",
            "A1 -> D1 (contributes_to)",
            "B1 -> T1 (addresses)",
        ]
        assert [c.id for c in d.of("changed")] == [
            "OUD",
            "T1",
            "D2",
            "A2",
            "A2 -> D2 (contributes_to)",
        ]
        # An added element lists every field it has, as new values only.
        [area] = [c for c in d if c.id == "C"]
        assert [(f.field, f.old, f.new) for f in area.fields] == [
            ("name.nl", None, "Gebied C"),
            ("description.nl", None, "Over C"),
        ]
        # A removed link lists every field it had, as old values only.
        [link] = [c for c in d if c.id == "B1 -> T1 (addresses)"]
        assert {f.field: (f.old, f.new) for f in link.fields} == {
            "source": ("B1", None),
            "target": ("T1", None),
            "type": ("addresses", None),
            "basis": ("derived", None),
            "rationale": ("B1 raakt T1", None),
        }

    def test_a_link_moved_shows_its_old_and_new_place(self) -> None:
        """Positions count from 0, among the links in both versions."""
        old = ncts.loads(_OLD)
        first, second, third = old.links
        moved = ncts.diff(old, attrs.evolve(old, links=(second, third, first)))
        assert [
            (c.kind, c.id, [(f.field, f.old, f.new) for f in c.fields]) for c in moved
        ] == [
            ("changed", "A1 -> D1 (contributes_to)", [("position", 0, 2)]),
            ("changed", "A2 -> D2 (contributes_to)", [("position", 1, 0)]),
            ("changed", "B1 -> T1 (addresses)", [("position", 2, 1)]),
        ]

    def test_a_diff_built_by_hand(self) -> None:
        """An added element without a text shows its type and ID only; a type
        that is not one of ncts's own words is escaped."""
        d = Diff(
            "a",
            "b",
            (
                Change("added", "X1", "goal", ()),
                Change(
                    "removed", "X2", "my_type", (FieldChange("text.nl", "t", None),)
                ),
            ),
        )
        assert d.to_markdown() == (
            "# Changes from a to b\n"
            "\n"
            "## Added\n"
            "\n"
            "- goal `X1`\n"
            "\n"
            "## Removed\n"
            "\n"
            "- my\\_type `X2`: t\n"
        )

    @pytest.mark.parametrize("which", ["old", "new"])
    def test_only_strategies_are_compared(self, which: str) -> None:
        s = ncts.loads(_OLD)
        pair = ({}, s) if which == "old" else (s, {})
        with pytest.raises(TypeError, match=f"^{which} must be Strategy, not dict"):
            ncts.diff(*pair)  # type: ignore[arg-type]


class TestSearch:
    @pytest.mark.parametrize(
        "query",
        [
            "re-integratie",
            "reintegratie",
            "re-integreren",
            "Reïntegratie",
            "reintegration",
        ],
    )
    def test_reintegration_speerpunt(self, strategy: Strategy, query: str) -> None:
        """Every spelling and word form of reintegration finds VV4."""
        ids = [h.element.id for h in ncts.search(strategy, query)]
        assert "VV4" in ids[:3]

    def test_accents_and_case(self, strategy: Strategy) -> None:
        """financiele finds financiële; case does not matter."""
        [hit, *_] = ncts.search(strategy, "FINANCIELE")
        assert hit.element.id == "VK3"
        assert "financiële" in hit.snippet

    def test_language_filter(self, strategy: Strategy) -> None:
        """lang= restricts the fields searched."""
        assert {h.lang for h in ncts.search(strategy, "aanpak", lang="nl")} == {"nl"}
        assert ncts.search(strategy, "aanpak", lang="en") == ()
        # An English word of VK6's own text (whatever the translation says) finds it.
        english = strategy["VK6"].text.en  # type: ignore[union-attr]
        assert english
        word = max(english.split(), key=len).strip(".,;:()'\"")
        assert "VK6" in {h.element.id for h in ncts.search(strategy, word, lang="en")}
        assert {h.lang for h in ncts.search(strategy, word, lang="en")} == {"en"}
        with pytest.raises(ncts.QueryError):
            ncts.search(strategy, "x", lang="de")  # type: ignore[arg-type]

    def test_scores(self) -> None:
        """Golden ranking: the same word 3, a word it starts 1, times the field's
        weight (text 1.0, description 0.8, other fields 0.5); ties in document order."""
        s = ncts.Strategy(
            "S",
            ncts.Text("Titel"),
            ncts.Period(2020, 2021),
            "1",
            goals=(
                ncts.Goal("G1", ncts.Text("aanpak")),
                ncts.Goal("G2", ncts.Text("iets"), note="aanpak"),
                ncts.Goal("G3", ncts.Text("aanpakxyzq")),
                ncts.Goal("G4", ncts.Text("de aanpakken")),
            ),
            areas=(ncts.Area("A", ncts.Text("Gebied"), ncts.Text("aanpak")),),
        )
        hits = [(h.element.id, h.field, h.score) for h in ncts.search(s, "aanpak")]
        assert hits == [
            ("G1", "text.nl", 3.0),
            ("A", "description.nl", pytest.approx(2.4)),
            ("G2", "note", 1.5),
            ("G3", "text.nl", 1.0),
            ("G4", "text.nl", 1.0),
        ]
        [hit] = ncts.search(s, "aanpakken")
        assert (hit.element.id, hit.score) == ("G4", 3.0)
        # All words must be in one field: G2's text and note hold one each.
        assert ncts.search(s, "aanpak iets") == ()

    def test_all_words_must_match(self, strategy: Strategy) -> None:
        """A query of several words finds only texts with all of them."""
        assert ncts.search(strategy, "online aanpak")
        for hit in ncts.search(strategy, "online aanpak"):
            text = hit.snippet.lower()
            assert "online" in text
            assert "aanpak" in text
        assert ncts.search(strategy, "online zwemmen") == ()
        assert ncts.search(strategy, "   ") == ()

    def test_ranked_and_traceable(self, strategy: Strategy) -> None:
        """Hits are ranked by score; each names a real field of its element."""
        hits = ncts.search(strategy, "terroristisch geweld")
        assert hits
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        for hit in hits:
            value: Any = hit.element
            for part in parse_path(hit.field):
                value = value[part] if isinstance(part, int) else getattr(value, part)
            assert isinstance(value, str)

    @given(strategies(), st.data())
    def test_every_text_finds_itself(self, s: Strategy, data: st.DataObject) -> None:
        """Any Dutch text, searched for, finds its own element."""
        texts = [
            (e.id, e.text.nl)
            for e in s.elements()
            if isinstance(e, (ncts.Goal, ncts.FocusTheme, ncts.Speerpunt))
        ]
        assume(texts)
        id, text = data.draw(st.sampled_from(texts))
        assume(any(ch.isalnum() for ch in text))
        hits = ncts.search(s, text)
        assert id in [h.element.id for h in hits]

    @given(strategies(), st.data())
    def test_index_finds_what_scoring_every_field_finds(
        self, s: Strategy, data: st.DataObject
    ) -> None:
        """The word index narrows the fields to score without losing a match.

        Queries are words and word starts taken from the strategy's own texts,
        and arbitrary text; each field is also scored on its own, and the hits
        must be exactly the fields that score.
        """
        from ncts._search import _index, _normalise, _score, _tokens

        index = _index(s)
        words = [t[0] for f in index.fields for t in f.tokens]
        pieces = (
            st.sampled_from(words).flatmap(
                lambda w: st.integers(1, len(w)).map(lambda n: w[:n])
            )
            if words
            else st.nothing()
        )
        query = data.draw(
            st.lists(pieces | text_values(), min_size=1, max_size=3).map(" ".join)
        )
        langs: list[Literal["nl", "en"] | None] = [None, "nl", "en"]
        lang = data.draw(st.sampled_from(langs))
        tokens = _tokens(_normalise(query)[0])
        expected = [
            (f.element.id, f.field)
            for f in index.fields
            if tokens and (lang is None or f.lang == lang) and _score(f, tokens)
        ]
        hits = ncts.search(s, query, lang=lang)
        assert sorted((h.element.id, h.field) for h in hits) == sorted(expected)


class TestYourOwnStrategy:
    def test_fictional_strategy_everywhere(self, tmp_path: Any) -> None:
        """The fictional example loads, graphs, diffs, searches and exports like the bundled one."""
        s = ncts.load(FICTIONAL)
        assert [sp.id for sp in s.speerpunten] == ["ZIEN1", "ZIEN2", "DOEN1"]
        assert ncts.from_graph(ncts.to_graph(s)) == s
        assert [c.id for c in ncts.connected(s, "D1", "speerpunt")] == [
            "ZIEN1",
            "ZIEN2",
        ]
        assert ncts.gaps(s)["speerpunt"] == ()
        assert ncts.diff(s, s).changes == ()
        assert len(ncts.diff(ncts.load(), s)) > 0
        assert ncts.search(s, "jongeren")[0].element.id == "T1"
        for fmt, suffixes in ncts._export.EXPORT_FORMATS.items():
            path = tmp_path / f"f{suffixes[0]}"
            ncts.export(s, path)
            assert path.stat().st_size > 0, fmt

    def test_template(self) -> None:
        """The template is the smallest valid strategy file."""
        s = ncts.load(ncts.example_path("template.yaml"))
        assert (s.id, s.goals, s.areas) == ("my-strategy", (), ())


class TestNormalisation:
    @given(st.text())
    def test_fast_and_mapped_normalisation_agree(self, text: str) -> None:
        """The fast normaliser used for indexing gives what the mapped one gives."""
        from ncts._search import _normal, _normalise

        assert _normal(text) == _normalise(text)[0]


def _link_id(link: ncts.Link) -> str:
    """How diff names a link (written out here, not taken from ncts._diff)."""
    return f"{link.source} -> {link.target} ({link.type.value})"


def _split(s: Strategy, path: tuple[Any, ...]) -> tuple[str, str]:
    """The element a document path is in, and the path of the field inside it."""
    doc = unstructure(s)
    element, start = s.id, 0
    node: Any = doc
    for i, part in enumerate(path):
        node = node[part]
        if isinstance(part, int) and path[i - 1] == "links":
            element = f"{node['source']} -> {node['target']} ({node['type']})"
            start = i + 1
        elif isinstance(part, int) and isinstance(node, dict) and "id" in node:
            element, start = node["id"], i + 1  # a record in a list of records
    field = ""
    for part in path[start:]:
        field += (
            f"[{part}]" if isinstance(part, int) else (f".{part}" if field else part)
        )
    return element, field

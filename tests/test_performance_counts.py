"""The speed paths, checked by counting and by comparison, never by timing.

- cattrs generates (and compiles) a structuring and an unstructuring function per
  class. That must happen once per class in a process, not on every ``diff``, nor
  again for a ``loads`` or ``dumps`` that follows one.
- A strategy holds no reference cycle: it is freed when its last reference goes,
  with the cyclic garbage collector off.
- Each fast path gives exactly what the plain way gives: search's index against
  scoring every text, and so on.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime
import functools
import gc
import json
import subprocess
import sys
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import _json, _yaml
from ncts._io import DATA_RELEASES
from ncts.testing import strategies


@contextlib.contextmanager
def counting_compiles() -> Iterator[list[str]]:
    """Count the calls to ``compile`` (each code generation makes one)."""
    calls: list[str] = []
    real = builtins.compile

    def counted(source: Any, filename: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(filename))
        return real(source, filename, *args, **kwargs)

    builtins.compile = counted
    try:
        yield calls
    finally:
        builtins.compile = real


def _edited(s: ncts.Strategy) -> ncts.Strategy:
    return attrs.evolve(s, data_version=s.data_version + ".1")


def _every_path(s: ncts.Strategy) -> list[Callable[[], object]]:
    """Every operation that unstructures or structures: diff, dumps, loads."""
    edited = _edited(s)
    yaml_text, json_text = ncts.dumps(s), ncts.dumps(s, "json")
    return [
        lambda: ncts.diff(s, edited),
        lambda: ncts.dumps(s),
        lambda: ncts.dumps(s, "json"),
        lambda: ncts.loads(yaml_text),
        lambda: ncts.loads(json_text, "json"),
        lambda: ncts.to_graph(s),
    ]


def _fictiestad() -> ncts.Strategy:
    return ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))


@functools.cache
def _warm_up() -> None:
    """Use every class once: the example has no aim or adoption, the bundled data has."""
    for s in (_fictiestad(), ncts.load()):
        for operation in _every_path(s):
            operation()


class TestNoCodeGenerationAfterTheFirstUse:
    def test_the_counter_counts(self) -> None:
        with counting_compiles() as calls:
            compile("1", "<counted>", "eval")
        assert calls == ["<counted>"]

    @pytest.mark.parametrize("first", range(6))
    def test_diff_loads_and_dumps_in_any_order_compile_nothing(
        self, first: int
    ) -> None:
        s = _fictiestad()
        operations = _every_path(s)
        for operation in operations:  # every class's hooks are made here
            operation()
        # Then any of them first, and all of them after it, twice over.
        order = [operations[first], *operations, *operations]
        with counting_compiles() as calls:
            for operation in order:
                operation()
        assert calls == []

    def test_repeated_diff_compiles_nothing(self) -> None:
        s = ncts.load()
        edited = _edited(s)
        ncts.diff(s, edited)
        with counting_compiles() as calls:
            for _ in range(3):
                assert len(ncts.diff(s, edited)) == 1
        assert calls == []

    def test_an_overlay_does_not_undo_the_strategy_hooks(self) -> None:
        # The overlay's enums are registered when an overlay is first read; a
        # registration empties cattrs' caches, which must not cost a recompile.
        s = _fictiestad()
        operations = _every_path(s)
        for operation in operations:
            operation()
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        ncts.dumps(overlay)
        with counting_compiles() as calls:
            for operation in operations:
                operation()
        assert calls == []

    @given(strategies())
    def test_any_strategy_after_warm_up(self, s: ncts.Strategy) -> None:
        _warm_up()
        operations = _every_path(s)
        with counting_compiles() as calls:
            for operation in operations:
                operation()
        assert calls == []


@contextlib.contextmanager
def gc_off() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _use_every_index(s: ncts.Strategy) -> None:
    """Fill every index a strategy keeps of itself: search, queries, paths, links."""
    ncts.search(s, "veilig")
    ncts.search(s, s.id)
    s.path_of(s.ids()[-1])
    for link in s.links:
        if link.id is not None:
            s.link(link.id)
    for element in s.elements():
        if element.element_type in ("goal", "focus_theme", "area", "speerpunt"):
            ncts.connected(s, element.id, "goal")
    assert s[s.id] is s
    ncts.coverage(s, "area", "goal")


class TestNoReferenceCycle:
    """A strategy is freed when its last reference goes, without the collector."""

    def test_a_loaded_strategy_is_freed_after_del(self) -> None:
        text = ncts.example_path("fictiestad-2025-2028.yaml").read_text("utf-8")
        with gc_off():
            s = ncts.loads(text)
            _use_every_index(s)
            ref = weakref.ref(s)
            del s
            assert ref() is None

    def test_the_search_index_does_not_hold_its_strategy(self) -> None:
        text = ncts.example_path("fictiestad-2025-2028.yaml").read_text("utf-8")
        with gc_off():
            s = ncts.loads(text, "yaml")
            hits = ncts.search(s, s.title.nl)
            assert hits[0].element is s  # the strategy's own text is found
            ref = weakref.ref(s)
            del s, hits
            assert ref() is None

    @given(strategies())
    def test_any_strategy_is_freed(self, s: ncts.Strategy) -> None:
        with gc_off():
            copy = ncts.loads(ncts.dumps(s, "json"), "json")
            _use_every_index(copy)
            ref = weakref.ref(copy)
            del copy
            assert ref() is None


# The rule the index follows, written out: every text is scored on its own, word
# by word (ncts._search._score walks every word of a text), and the snippet is cut
# character by character, as ncts did before it had the index's fast paths.
_DROPPED = frozenset("-'’‐‑")


def _reference_snippet(text: str, normal: str, position: int, width: int = 40) -> str:
    from ncts._search import _normalise

    if text.isascii() and not _DROPPED.intersection(text):
        at = position
    else:
        renormal, where = _normalise(text)
        at = where[position] if renormal == normal and position < len(where) else 0
    start, end = max(0, at - width), min(len(text), at + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    snippet = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


def _reference_search(
    s: ncts.Strategy, query: str, lang: str | None
) -> list[ncts.SearchHit]:
    from ncts._search import _index, _normal, _position, _score, _tokens

    words = tuple(dict.fromkeys(_tokens(_normal(query))))
    if not words:
        return []
    found = []
    for order, f in enumerate(_index(s).fields):
        if lang is not None and f.lang != lang:
            continue
        matched = _score(f, words)
        if matched is not None:
            score, first = matched
            found.append((-score * f.weight, order, f, first))
    found.sort(key=lambda h: (h[0], h[1]))
    return [
        ncts.SearchHit(
            f.element,
            f.field,
            f.lang,
            _reference_snippet(f.text, f.normal, _position(f.normal, first)),
            -negative,
        )
        for negative, _, f, first in found
    ]


_AWKWARD_TEXTS = st.lists(
    st.sampled_from(
        ["aanpak", "aanpakken", "Aanpakxyz", "re-integratie", "reïntegratie", "l'été",
         "financiële", "stromen", "  ", "\t", "\n", "\xa0", "-", "’", "a", "veilige",
         "veilig", "veiligheid", "x" * 45]
    ),
    min_size=1,
    max_size=12,
).map(" ".join).filter(lambda t: t.strip() == t and t.strip())  # fmt: skip


class TestSearchFollowsTheRule:
    """The index's fast paths give exactly what scoring every text gives."""

    @given(strategies(), st.data())
    def test_hits_scores_order_and_snippets(
        self, s: ncts.Strategy, data: st.DataObject
    ) -> None:
        from ncts._search import _index

        words = [t[0] for f in _index(s).fields for t in f.tokens]
        pieces = st.sampled_from(words or ["x"]).flatmap(
            lambda w: st.integers(1, len(w)).map(lambda n: w[:n])
        )
        query = data.draw(
            st.lists(pieces | _AWKWARD_TEXTS, min_size=1, max_size=3).map(" ".join)
        )
        langs: list[Literal["nl", "en"] | None] = [None, "nl", "en"]
        lang = data.draw(st.sampled_from(langs))
        assert list(ncts.search(s, query, lang=lang)) == _reference_search(
            s, query, lang
        )

    @given(st.lists(_AWKWARD_TEXTS, min_size=1, max_size=6), st.data())
    def test_awkward_texts(self, texts: list[str], data: st.DataObject) -> None:
        """Tabs, runs of spaces, accents, hyphens, long words: every snippet path."""
        goals = tuple(
            ncts.Goal(f"G{i}", ncts.Text(text, text.upper()))
            for i, text in enumerate(texts)
        )
        s = ncts.Strategy(
            "S", ncts.Text("Titel"), ncts.Period(2020, 2021), "1", goals=goals
        )
        query = data.draw(_AWKWARD_TEXTS)
        assert list(ncts.search(s, query)) == _reference_search(s, query, None)

    def test_the_strategy_is_its_own_hits_element(self) -> None:
        s = _fictiestad()
        [hit, *_] = ncts.search(s, "Veiligheidsstrategie Fictiestad")
        assert hit.element is s
        assert hit.field == "title.nl"


def _yaml_documents() -> list[tuple[str, Any]]:
    """The bundled data (every release) and every example, as plain data."""
    from ncts._convert import unstructure

    documents = [
        (f"bundled {version}", unstructure(ncts.load(version=version)))
        for version in DATA_RELEASES
    ]
    for path in sorted(ROOT.joinpath("docs", "examples").glob("*.yaml")):
        documents.append((path.name, yaml.safe_load(path.read_text("utf-8"))))
    return documents


ROOT = Path(__file__).resolve().parent.parent

# Characters and pieces where libyaml's emitter and the pure-Python one part ways:
# escapes, line breaks next to spaces, characters beyond the Basic Multilingual
# Plane, NEL and the line and paragraph separators, long runs that get folded.
_EMITTER_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\n\n", " \n", "\n ", "\t", "\r", "\x85", "\u2028", "\u2029",
     "\ufeff", "\U0001f600", "\U000f0000", "\x7f", "\x01", "é", "’", "-", ": ", "# ",
     "'", '"', "\\", "x" * 90, "woord " * 20, "? ", "- ", "{", "&a", "*a", "!", "|",
     ">", "0", "yes", "null", "~", "2024-01-01", "\ue000", "\ufffd"]
)  # fmt: skip
_EMITTER_TEXTS = st.lists(
    _EMITTER_PIECES | st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    max_size=20,
).map("".join)


class TestYamlEmitters:
    """libyaml's emitter is used only where it writes the pure emitter's bytes."""

    def test_libyaml_is_there(self) -> None:
        # PyYAML's wheels (6.0.4, the floor) bring libyaml: the fast path is tested.
        assert yaml.__with_libyaml__
        assert _yaml.C_DUMPER is not None

    @pytest.mark.parametrize("ascii", [False, True])
    def test_the_bundled_data_and_the_examples(self, ascii: bool) -> None:
        assert _yaml.C_DUMPER is not None
        for name, data in _yaml_documents():
            pure = _yaml.dump_with(data, _yaml._Dumper, ascii=ascii)
            assert _yaml.dump_yaml(data, ascii=ascii) == pure, name
            if not ascii:  # the fast path is taken on real data
                assert _yaml._c_writes_it(data, ascii), name
            if _yaml._c_writes_it(data, ascii):
                assert _yaml.dump_with(data, _yaml.C_DUMPER, ascii=ascii) == pure, name

    @given(strategies())
    def test_generated_strategies(self, s: ncts.Strategy) -> None:
        from ncts._convert import unstructure

        assert _yaml.C_DUMPER is not None
        data = unstructure(s)
        pure = _yaml.dump_with(data, _yaml._Dumper)
        assert ncts.dumps(s) == pure
        if _yaml._c_writes_it(data, False):
            assert _yaml.dump_with(data, _yaml.C_DUMPER) == pure

    @given(
        st.dictionaries(
            st.sampled_from(["id", "nl", "en", "note"]),
            _EMITTER_TEXTS | st.lists(_EMITTER_TEXTS, max_size=3),
            max_size=4,
        ),
        st.booleans(),
    )
    def test_where_the_emitters_differ(self, data: dict[str, Any], ascii: bool) -> None:
        """Whatever the text, the output is the pure emitter's."""
        assert _yaml.C_DUMPER is not None
        pure = _yaml.dump_with(data, _yaml._Dumper, ascii=ascii)
        assert _yaml.dump_yaml(data, ascii=ascii) == pure
        if _yaml._c_writes_it(data, ascii):
            assert _yaml.dump_with(data, _yaml.C_DUMPER, ascii=ascii) == pure

    def test_without_libyaml(self, monkeypatch: pytest.MonkeyPatch) -> None:
        s = _fictiestad()
        fast = ncts.dumps(s)
        monkeypatch.setattr(_yaml, "C_DUMPER", None)
        assert ncts.dumps(s) == fast
        assert ncts.loads(fast) == s


_JSON_SCALARS = (
    st.text(st.characters(exclude_categories=["Cs"]))
    | st.sampled_from(
        ["\x00", "\x1f", "\x7f", "\u2028", "\ufeff", "\U0001f600", "null"]
    )
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**64 + 2)
    | st.floats()
    | st.booleans()
    | st.none()
)
_JSON_DATA = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


class TestJsonWriters:
    """orjson, where installed, writes exactly what the standard library writes."""

    def test_orjson_is_there(self) -> None:
        # The test extra installs it, so that both paths are tested.
        assert _json._orjson() is not None

    @given(_JSON_DATA)
    def test_any_data_is_written_as_the_standard_library_writes_it(
        self, data: Any
    ) -> None:
        assert _json.dump_json(data) == _json._dump_json_stdlib(data)

    @given(strategies())
    def test_strategies_take_the_fast_path(self, s: ncts.Strategy) -> None:
        expected = _json._dump_json_stdlib(json.loads(ncts.dumps(s, "json")))
        calls: list[object] = []
        real = _json._dump_json_stdlib

        def spy(data: Any) -> str:
            calls.append(data)
            return real(data)

        setattr(_json, "_dump_json_stdlib", spy)  # noqa: B010
        try:
            assert ncts.dumps(s, "json") == expected
        finally:
            setattr(_json, "_dump_json_stdlib", real)  # noqa: B010
        assert calls == []

    def test_the_same_errors(self) -> None:
        for bad in ({"a": datetime.date(2024, 1, 1)}, {"a": {1, 2}}, {(1, 2): 3}):
            with pytest.raises(TypeError) as fast:
                _json.dump_json(bad)
            with pytest.raises(TypeError) as plain:
                _json._dump_json_stdlib(bad)
            assert str(fast.value) == str(plain.value)

    def test_without_orjson(self, monkeypatch: pytest.MonkeyPatch) -> None:
        s = _fictiestad()
        fast = ncts.dumps(s, "json")
        monkeypatch.setattr(_json, "_orjson", lambda: None)
        assert ncts.dumps(s, "json") == fast
        assert ncts.loads(fast, "json") == s


def _reference_diff(old: ncts.Strategy, new: ncts.Strategy) -> list[ncts.Change]:
    """The plain way: flatten every record of both (all of it unstructured), then
    compare each pair, as ncts's diff did before it skipped equal records."""
    from ncts._convert import unstructure
    from ncts._diff import _compare, _flatten, _link_id, _pair_links

    def fields(obj: object, **extra: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        data = unstructure(obj)
        for child in ("goals", "focus_themes", "areas", "speerpunten", "links"):
            data.pop(child, None)  # records of their own
        data.pop("sources", None)
        _flatten(data, "", out)
        if not isinstance(obj, ncts.Link):
            out.pop("id", None)
        out.update(extra)
        return out

    def records(s: ncts.Strategy, common: set[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        lists: list[tuple[str, Any, dict[str, Any]]] = [
            ("source", s.sources, {}),
            ("focus_theme", s.focus_themes, {}),
            ("goal", s.goals, {}),
            ("area", s.areas, {}),
        ]
        lists += [("speerpunt", a.speerpunten, {"area": a.id}) for a in s.areas]
        for kind, items, extra in lists:
            for element in items:
                found[element.id] = (kind, fields(element, **extra))
            for rank, id in enumerate(e.id for e in items if e.id in common):
                found[id][1]["position"] = rank
        return found

    changes = []
    top = _compare("strategy", new.id, fields(old, id=old.id), fields(new, id=new.id))
    if top:
        changes.append(top)
    common = set(old.ids()) & set(new.ids())
    before, after = records(old, common), records(new, common)
    for id in list(before) + [i for i in after if i not in before]:
        was, now = before.get(id), after.get(id)
        kind = (now or was)[0]  # type: ignore[index]
        old_fields, new_fields = was and was[1], now and now[1]
        if was and now and was[0] != now[0]:  # the same ID, another kind
            old_fields = {**was[1], "type": was[0]}
            new_fields = {**now[1], "type": now[0]}
        change = _compare(kind, id, old_fields, new_fields)
        if change:
            changes.append(change)
    both = {link.key for link in old.links} & {link.key for link in new.links}
    for key, (a, b) in _pair_links(old.links, new.links, both).items():
        link = (b or a)[1]  # type: ignore[index]
        change = _compare(
            "link",
            _link_id(link),
            a and fields(a[1], **({"position": a[0]} if key in both else {})),
            b and fields(b[1], **({"position": b[0]} if key in both else {})),
        )
        if change:
            changes.append(change)
    return changes


def _edit_texts(s: ncts.Strategy, data: st.DataObject) -> ncts.Strategy:
    """Edit some speerpunten's texts and drop some, through the JSON form."""
    doc = json.loads(ncts.dumps(s, "json"))
    for area in doc.get("areas", []):
        kept = []
        for sp in area.get("speerpunten", []):
            choice = data.draw(st.sampled_from(["keep", "edit", "drop"]))
            if choice == "edit":
                sp["text"]["nl"] += " (bewerkt)"
            if choice != "drop" or any(
                sp["id"] in (link["source"], link["target"])
                for link in doc.get("links", [])
            ):
                kept.append(sp)
        area["speerpunten"] = kept
    return ncts.loads(json.dumps(doc), "json")


class TestDiffFollowsThePlainWay:
    @given(strategies(), strategies())
    def test_any_two_strategies(self, old: ncts.Strategy, new: ncts.Strategy) -> None:
        assert list(ncts.diff(old, new)) == _reference_diff(old, new)

    @given(strategies(), st.data())
    def test_a_strategy_and_its_edit(
        self, s: ncts.Strategy, data: st.DataObject
    ) -> None:
        edited = _edit_texts(s, data)
        assert list(ncts.diff(s, edited)) == _reference_diff(s, edited)
        assert list(ncts.diff(edited, s)) == _reference_diff(edited, s)

    @given(strategies())
    def test_an_equal_copy(self, s: ncts.Strategy) -> None:
        copy = ncts.loads(ncts.dumps(s, "json"), "json")
        assert list(ncts.diff(s, copy)) == _reference_diff(s, copy) == []


class TestPrebuiltBundledStrategy:
    """ncts/_bundled.py holds the bundled strategy as constructor calls."""

    def test_it_is_current(self) -> None:
        from ncts import _prebuilt
        from ncts._io import bundled_text

        text = bundled_text()
        written = _prebuilt.source(text, ncts.loads(text))
        assert _prebuilt._MODULE.read_text("utf-8") == written, (
            "ncts/_bundled.py is out of date: run python -m ncts._prebuilt"
        )

    def test_it_is_what_the_yaml_loads(self) -> None:
        from ncts._io import bundled_text
        from ncts._prebuilt import prebuilt

        text = bundled_text()
        built = prebuilt(text)
        assert built is not None
        assert built == ncts.loads(text)
        assert ncts.dumps(built) == ncts.dumps(ncts.loads(text))

    @given(st.text(max_size=50))
    def test_any_other_text_is_read_as_yaml(self, extra: str) -> None:
        from ncts._io import bundled_text
        from ncts._prebuilt import prebuilt

        text = bundled_text()
        changed = text + extra if extra else text[:-1]
        assert prebuilt(changed) is None

    def test_every_value_is_written_as_source(self) -> None:
        from ncts._prebuilt import expression

        s = ncts.load()
        namespace: dict[str, Any] = {"datetime": datetime}
        exec("from ncts._model import *", namespace)
        assert eval(expression(s), namespace) == s
        with pytest.raises(TypeError, match="cannot write float"):
            expression(1.5)

    def test_a_fresh_load_generates_no_code(self) -> None:
        # Code that attrs, cattrs and typing generate is compiled from "<...>".
        code = (
            "import builtins, ncts\n"
            "real = builtins.compile\n"
            "seen = []\n"
            "def counted(source, filename, *args, **kwargs):\n"
            "    if str(filename).startswith('<'):\n"
            "        seen.append(str(filename))\n"
            "    return real(source, filename, *args, **kwargs)\n"
            "builtins.compile = counted\n"
            "s = ncts.load()\n"
            "assert s.id == 'NCTS-2022-2026'\n"
            "print(len(seen))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "0"


def _reference_attributes(record: object) -> dict[str, Any]:
    """A record's own fields as graph attributes, the plain way: unstructure it
    whole, drop the children, flatten what is left."""
    from ncts._convert import unstructure

    children = {"goals", "focus_themes", "areas", "speerpunten", "links"}
    out: dict[str, Any] = {}

    def flatten(key: str, value: Any) -> None:
        if isinstance(value, dict):
            for sub, item in value.items():
                flatten(f"{key}.{sub}", item)
        elif isinstance(value, list):
            out[key] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            out[key] = value

    for key, value in unstructure(record).items():
        if key in children or (key == "id" and not isinstance(record, ncts.Link)):
            continue
        if key == "kinds":
            out[key] = ",".join(value)
        else:
            flatten(key, value)
    return out


class TestGraphFollowsThePlainWay:
    @given(strategies())
    def test_node_and_edge_attributes(self, s: ncts.Strategy) -> None:
        g = ncts.to_graph(s)
        convenience = {"type", "label_nl", "label_en", "order", "area"}
        for element in s.elements():
            if element.element_type == "source":
                continue
            attributes = g.nodes[element.id]
            own = {k: v for k, v in attributes.items() if k not in convenience}
            assert own == _reference_attributes(element)
            assert list(own) == list(_reference_attributes(element))
        for link in s.links:
            attributes = dict(g.edges[link.source, link.target, link.type.value])
            expected = _reference_attributes(link)
            if "id" in expected:
                expected["link_id"] = expected.pop("id")
            del expected["source"], expected["target"]
            attributes.pop("order")
            assert attributes == expected


class TestCommandStartUp:
    """What a command's process imports beyond attrs, cattrs and PyYAML (issue 13)."""

    def _modules(self, code: str) -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
            capture_output=True,
            text=True,
            check=False,
        )
        return set(done.stdout.split())

    def test_ncts_get_imports_no_shutil_nor_compression(self) -> None:
        # argparse's help formatter imports shutil for the terminal's width, and
        # shutil the compression modules: ncts's formatter reads the width itself.
        code = (
            "import sys, _ncts_entry\nsys.argv = ['ncts', 'get', 'VV4']\n"
            "try:\n    _ncts_entry.run()\nexcept SystemExit:\n    pass"
        )
        modules = self._modules(code)
        assert "ncts._cli" in modules  # the command ran
        # (zlib is imported, for the CRC-32 that checks the bundled YAML.)
        assert not modules & {"shutil", "bz2", "lzma", "tempfile"}

    @pytest.mark.parametrize(
        "code",
        [
            "import ncts",
            "import ncts; ncts.load()",
            "import sys, _ncts_entry\nsys.argv = ['ncts', 'get', 'VV4']\n"
            "try:\n    _ncts_entry.run()\nexcept SystemExit:\n    pass",
        ],
    )
    def test_the_bundled_strategy_needs_neither_cattrs_nor_pyyaml(
        self, code: str
    ) -> None:
        # The bundled strategy is pre-built, and shown as text: the loaders and
        # their libraries are imported when a file is read or written.
        modules = self._modules(code)
        assert "ncts._model" in modules
        assert not {m.split(".")[0] for m in modules} & {"cattrs", "yaml"}
        assert not modules & {"ncts._convert", "ncts._yaml", "ncts._json"}

    def test_reading_a_file_still_loads_them(self) -> None:
        path = ncts.example_path("fictiestad-2025-2028.yaml")
        modules = self._modules(f"import ncts; ncts.load({str(path)!r})")
        assert {"cattrs", "yaml", "ncts._convert", "ncts._yaml"} <= modules


class TestCommandsParseAFileOnce:
    """A command parses a strategy file once (it parsed it twice: once to see
    whether it was an overlay); an overlay is still told apart (issue 13)."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["show", "{f}"],
            ["show", "--strategy", "{f}"],
            ["get", "G1", "--strategy", "{f}"],
            ["validate", "{f}"],
            ["search", "veilig", "--strategy", "{f}"],
            ["export", "--format", "mermaid", "--strategy", "{f}"],
            ["diff", "{f}", "{f}"],
        ],
    )
    def test_each_strategy_file_is_parsed_once(
        self, argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import io

        from ncts import _cli, _io

        path = tmp_path / "s.yaml"
        ncts.dump(ncts.load(), path)
        parsed: list[str] = []
        real = _io.parse_text

        def counted(text: str, format: Any, file: str | None) -> Any:
            parsed.append(str(file))
            return real(text, format, file)

        monkeypatch.setattr(_io, "parse_text", counted)
        words = [w.format(f=path) for w in argv]
        code = _cli.main(words, out=io.StringIO(), err=io.StringIO())
        assert code == 0
        assert parsed == [str(path)] * words.count(str(path))

    def test_an_overlay_is_still_told_from_a_strategy(self, tmp_path: Path) -> None:
        import io

        from ncts import _cli

        overlay = str(ncts.example_path("overlay.yaml"))
        err = io.StringIO()
        code = _cli.main(
            ["get", "G1", "--strategy", overlay], out=io.StringIO(), err=err
        )
        assert code == 2
        assert "is an overlay, not a strategy: pass it with --overlay" in err.getvalue()

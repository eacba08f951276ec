"""Benchmarks for ncts, against what a user would otherwise write. Not part of the tests.

Run from the repository root, after ``pip install -e '.[bench]'``:

    python benchmarks/run.py            # 1,000, 10,000 and 100,000 speerpunten
    python benchmarks/run.py --quick    # 1,000 and 10,000, fewer runs: under two minutes
    python benchmarks/run.py --sizes 200 --quick --out -   # what the test runs

The table goes to benchmarks/last-run.md (``--out``). Synthetic strategies are made
in memory (areas of 100 speerpunten, ten goals, five themes, a link per area and one
per ten speerpunten). How each ratio is made like for like:

- ncts and its baseline run in turns (ours, baseline, ours, ...), and every size
  of a measure in the same rounds, so a busy moment of the machine falls on both
  sides and on every size; the scaling rows come from those same rounds.
- The cyclic garbage collector is off for both sides while they are timed (ncts
  pauses it itself for large documents; the baselines get the same), and
  ``gc.collect()`` runs before each call.
- Start-up rows are pairs of fresh processes, A and B alternating (which goes
  first alternates too), after two warm-up pairs, with ncts byte-compiled first
  (as pip does on install).
- Each row gives the minimum and the median of each side, and both ratios.
"""

import argparse
import builtins
import compileall
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import networkx as nx
import yaml

import ncts

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["inzet", "op", "veilige", "aanpak", "preventie", "signalering", "detectie"]
WORDS += ["verstoren", "online", "dreiging"]


def synthetic(n: int) -> ncts.Strategy:
    """Build a strategy with *n* speerpunten in areas of 100, ten goals, five themes."""
    from ncts import (
        Area,
        Basis,
        FocusTheme,
        Goal,
        Link,
        LinkType,
        Period,
        Speerpunt,
        Strategy,
        Text,
    )

    def text(i: int) -> Text:
        words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(12))
        return Text(f"{words} {i}", f"English {i} {words}")

    per_area = min(n, 100)
    areas = []
    for a in range(max(1, n // per_area)):
        areas.append(
            Area(
                f"A{a}",
                text(a),
                text(a + 1),
                speerpunten=tuple(
                    Speerpunt(f"A{a}-{j}", text(a * 100 + j)) for j in range(per_area)
                ),
            )
        )
    goals = tuple(Goal(f"G{g}", text(g)) for g in range(10))
    themes = tuple(FocusTheme(f"T{t}", text(t)) for t in range(5))
    links = [
        Link(a.id, f"G{i % 10}", LinkType.CONTRIBUTES_TO, Basis.DERIVED, "synthetic")
        for i, a in enumerate(areas)
    ]
    links += [
        Link(sp.id, f"T{i % 5}", LinkType.ADDRESSES, Basis.STATED, "synthetic")
        for i, sp in enumerate(s for a in areas for s in a.speerpunten)
        if i % 10 == 0
    ]
    return Strategy(
        "SYNTH", Text("Synthetisch"), Period(2020, 2030), "1", goals=goals,
        focus_themes=themes, areas=tuple(areas), links=tuple(links),
    )  # fmt: skip


# --- The baselines ------------------------------------------------------------


def msgspec_model() -> tuple[Any, Callable[[Any], None]]:
    """Return an equivalent msgspec model of the file format, and its whole checks.

    Frozen Structs that refuse unknown keys, with the ID pattern and "not blank"
    on every text; after decoding, the checks ncts makes of a whole strategy:
    IDs unique (also ignoring case), links that resolve to an element of a type
    the link type allows, no link twice.
    """
    from typing import Annotated, Literal

    import msgspec

    from ncts._fields import ID_PATTERN

    Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN, max_length=64)]
    Str = Annotated[str, msgspec.Meta(pattern=r"\S")]
    options: dict[str, Any] = {
        "frozen": True,
        "forbid_unknown_fields": True,
        "omit_defaults": True,
    }

    class TextS(msgspec.Struct, **options):
        nl: Str
        en: Str | None = None
        note: Str | None = None

    class CitationS(msgspec.Struct, **options):
        section: Str
        quote: Str | None = None
        document: Id | None = None

    class ErratumS(msgspec.Struct, **options):
        field: Str
        original: Str
        corrected: Str | None = None
        note: Str | None = None
        kind: Literal["typo", "extraction", "noted"] | None = None

    class PeriodS(msgspec.Struct, **options):
        start: Annotated[int, msgspec.Meta(ge=1000, le=9999)]
        end: Annotated[int, msgspec.Meta(ge=1000, le=9999)]

    kind = Literal["consolidation", "optimisation", "development", "innovation"]

    class SpeerpuntS(msgspec.Struct, **options):
        id: Id
        text: TextS
        kinds: tuple[kind, ...] = ()
        citation: CitationS | None = None
        errata: tuple[ErratumS, ...] = ()

    class AreaS(msgspec.Struct, **options):
        id: Id
        name: TextS
        description: TextS
        citation: CitationS | None = None
        errata: tuple[ErratumS, ...] = ()
        speerpunten: tuple[SpeerpuntS, ...] = ()

    class GoalS(msgspec.Struct, **options):
        id: Id
        text: TextS
        citation: CitationS | None = None
        note: Str | None = None
        errata: tuple[ErratumS, ...] = ()
        status: Literal["quoted", "modelled"] | None = None

    class ThemeS(msgspec.Struct, **options):
        id: Id
        text: TextS
        citation: CitationS | None = None
        errata: tuple[ErratumS, ...] = ()

    class LinkS(msgspec.Struct, **options):
        source: Id
        target: Id
        type: Literal["underpins", "contributes_to", "addresses", "relates_to"]
        basis: Literal["stated", "derived"]
        rationale: Str
        citation: CitationS | None = None
        id: Id | None = None
        evidence: tuple[CitationS, ...] = ()

    class SourceS(msgspec.Struct, **options):
        id: Id
        title: Str
        publisher: Str | None = None
        note: Str | None = None
        url: Str | None = None

    class StrategyS(msgspec.Struct, **options):
        id: Id
        title: TextS
        period: PeriodS
        data_version: Str
        scope: Str | None = None
        translation: Str | None = None
        sources: tuple[SourceS, ...] = ()
        introduction: tuple[TextS, ...] = ()
        focus_themes: tuple[ThemeS, ...] = ()
        goals: tuple[GoalS, ...] = ()
        areas: tuple[AreaS, ...] = ()
        links: tuple[LinkS, ...] = ()
        errata: tuple[ErratumS, ...] = ()

    from ncts._model import LINK_ENDPOINTS, LinkType

    endpoints = {t.value: ends for t, ends in LINK_ENDPOINTS.items()}
    assert set(endpoints) == {t.value for t in LinkType}

    def check(s: Any) -> None:
        types = {s.id: "strategy"}
        for name, kind_name in (("focus_themes", "focus_theme"), ("goals", "goal")):
            for element in getattr(s, name):
                types[element.id] = kind_name
        count = 1 + len(s.focus_themes) + len(s.goals)
        for area in s.areas:
            types[area.id] = "area"
            count += 1 + len(area.speerpunten)
            for sp in area.speerpunten:
                types[sp.id] = "speerpunt"
        sources = {source.id for source in s.sources}
        if len(types) + len(sources) != count + len(s.sources):
            raise ValueError("duplicate ID")
        if len({i.casefold() for i in (*types, *sources)}) != len(types) + len(sources):
            raise ValueError("IDs differ only in case")
        if s.period.start > s.period.end:
            raise ValueError("period")
        seen = set()
        for link in s.links:
            allowed_from, allowed_to = endpoints[link.type]
            if types.get(link.source) not in allowed_from:
                raise ValueError("link source")
            if types.get(link.target) not in allowed_to:
                raise ValueError("link target")
            if (
                link.source == link.target
                or (key := (link.source, link.target, link.type)) in seen
            ):
                raise ValueError("link")
            seen.add(key)

    return StrategyS, check


def flat_diff(a: Any, b: Any) -> list[tuple[str, Any, Any]]:
    """Diff two documents the plain way: flatten each to paths, compare the paths."""

    def flatten(value: Any, path: str, out: dict[str, Any]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                flatten(item, f"{path}.{key}" if path else key, out)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                flatten(item, f"{path}[{i}]", out)
        else:
            out[path] = value

    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    flatten(a, "", old)
    flatten(b, "", new)
    return [
        (path, old.get(path), new.get(path))
        for path in old.keys() | new.keys()
        if old.get(path) != new.get(path)
    ]


def searchable(s: ncts.Strategy) -> list[tuple[Any, str, str]]:
    """Every text ncts searches, as (element, field, text): made before timing."""
    from ncts._search import _texts

    out = []
    for element in s.elements():
        if element.element_type == "source":
            continue
        for name, value in _texts(element):
            if isinstance(value, str):
                out.append((element, name, value))
            else:
                out.append((element, f"{name}.nl", value.nl))
                if value.en is not None:
                    out.append((element, f"{name}.en", value.en))
    return out


def naive_search(fields: list[tuple[Any, str, str]], words: list[str]) -> list[Any]:
    """Search the plain way: casefold every text, look for every word in it."""
    return [
        (element, name)
        for element, name, text in fields
        if all(word in text.casefold() for word in words)
    ]


# --- Timing --------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table."""

    measure: str
    size: str
    ours: list[float]
    base: list[float] = field(default_factory=list)
    target: str = ""
    limit: float | None = None  # the ratio the target allows
    strict: bool = False  # the ratio must be below the limit, not at it
    unit: str = "ms"
    note: str = ""

    def ratios(self) -> tuple[float, float] | None:
        """Return the ratios of the minimums and of the medians (None: no baseline)."""
        if not self.base:
            return None
        return min(self.ours) / min(self.base), statistics.median(
            self.ours
        ) / statistics.median(self.base)

    def verdict(self) -> str:
        """Met or missed (and by how much), by both ratios."""
        ratios = self.ratios()
        if self.limit is None or ratios is None:
            return ""
        meets = [r < self.limit if self.strict else r <= self.limit for r in ratios]
        if all(meets):
            return "met"
        if any(meets):
            return "met by the minimum only" if meets[0] else "met by the median only"
        return f"missed by {max(ratios) / self.limit:.2f}×"


def timed(fn: Callable[[], Any]) -> float:
    """Time one call with the collector off (collected just before)."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started
    finally:
        gc.enable()


def in_turns(
    pairs: dict[int, tuple[Callable[[], Any], Callable[[], Any] | None]],
    repeat: dict[int, int],
) -> dict[int, tuple[list[float], list[float]]]:
    """Time each size's (ours, baseline) in turns, all sizes in the same rounds."""
    times: dict[int, tuple[list[float], list[float]]] = {n: ([], []) for n in pairs}
    for round in range(max(repeat[n] for n in pairs)):
        for n, (ours, base) in pairs.items():
            if round >= repeat[n]:
                continue
            times[n][0].append(timed(ours))
            if base is not None:
                times[n][1].append(timed(base))
    return times


def python_process(code: str, *, output: bool = False) -> tuple[float, str]:
    """Run *code* in a fresh interpreter; return its wall time and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    return time.perf_counter() - started, done.stdout if output else ""


def process_pairs(
    a: Callable[[], float], b: Callable[[], float], pairs: int, warm: int = 2
) -> tuple[list[float], list[float]]:
    """Alternate A and B in fresh processes; return their times (warm-ups left out)."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(warm + pairs):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        x, y = first(), second()
        ta, tb = (x, y) if i % 2 == 0 else (y, x)
        if i >= warm:
            times[0].append(ta)
            times[1].append(tb)
    return times


def compiles_in(fn: Callable[[], Any]) -> int:
    """Count the calls to ``compile`` (code generation) while *fn* runs."""
    real = builtins.compile
    count = 0

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        return real(*args, **kwargs)

    builtins.compile = counted
    try:
        fn()
    finally:
        builtins.compile = real
    return count


# --- The measures --------------------------------------------------------------


@dataclass
class Data:
    """A synthetic strategy of one size, in every form the measures need."""

    n: int
    s: ncts.Strategy
    yaml_text: str
    json_text: str
    dicts: Any
    edited: ncts.Strategy
    edited_dicts: Any
    fields: list[tuple[Any, str, str]]


def make_data(n: int) -> Data:
    """Make a strategy of *n* speerpunten and every form of it the measures use."""
    s = synthetic(n)
    y, j = ncts.dumps(s, "yaml"), ncts.dumps(s, "json")
    edited_json = j.replace('"synthetic"', '"edited"', 1)
    print(
        f"{n:,} speerpunten: YAML {len(y) / 1e6:.1f} MB, JSON {len(j) / 1e6:.1f} MB",
        flush=True,
    )
    return Data(
        n,
        s,
        y,
        j,
        json.loads(j),
        ncts.loads(edited_json, "json", max_bytes=len(j) + 10),
        json.loads(edited_json),
        searchable(s),
    )


def run(sizes: list[int], quick: bool, pairs: int | None = None) -> list[Row]:
    """Measure every size, in turns; then memory, start-up and whole processes."""
    import msgspec
    import orjson

    rows: list[Row] = []
    data = {n: make_data(n) for n in sizes}
    repeat = {
        n: (3 if quick else 9) if n <= 1000 else (2 if quick else 5) for n in sizes
    }
    repeat |= {n: 2 if quick else 3 for n in sizes if n >= 100_000}
    c_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    c_dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    model, check = msgspec_model()
    decoder = msgspec.json.Decoder(model)
    structs = {n: decoder.decode(d.json_text) for n, d in data.items()}
    for d in data.values():  # the models agree on what they read
        check(structs[d.n])
        assert (
            msgspec.json.format(msgspec.json.encode(structs[d.n]), indent=2).decode()
            + "\n"
            == d.json_text
        )
        assert (
            orjson.dumps(d.dicts, option=orjson.OPT_INDENT_2).decode() + "\n"
            == d.json_text
        )
        assert yaml.dump(d.dicts, Dumper=c_dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=88, indent=2) == d.yaml_text  # fmt: skip
        ncts.diff(d.s, d.edited)  # the hooks are made before anything is timed
        ncts.to_graph(d.s)

    def msgspec_load(text: str) -> Any:
        s = decoder.decode(text)
        check(s)
        return s

    def graph_parts(s: ncts.Strategy) -> Callable[[], None]:
        graph = ncts.to_graph(s)
        nodes = cast(list[tuple[str, dict[str, Any]]], list(graph.nodes(data=True)))
        edges = cast(
            list[tuple[str, str, str, dict[str, Any]]],
            list(graph.edges(keys=True, data=True)),
        )

        def bare() -> None:
            g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
            for node, attributes in nodes:
                g.add_node(node, **attributes)
            for u, v, k, attributes in edges:
                g.add_edge(u, v, key=k, **attributes)

        return bare

    def cold_search(s: ncts.Strategy) -> Callable[[], Any]:
        def first() -> Any:
            from ncts import _search

            s._derived.clear()
            _search._stem.cache_clear()
            return ncts.search(s, f"english {len(s.speerpunten) // 2}")

        return first

    def bind(make: Callable[[Data], Callable[[], Any]]) -> dict[int, Callable[[], Any]]:
        return {n: make(d) for n, d in data.items()}

    measures: list[tuple[str, Any, Any, str, float | None, str]] = [
        (
            "YAML load vs the C loader's parse",
            lambda d: lambda: ncts.loads(d.yaml_text, max_bytes=len(d.yaml_text)),
            lambda d: lambda: yaml.load(d.yaml_text, Loader=c_loader),
            "≤ 1.2×", 1.2, "",
        ),
        (
            "JSON load vs msgspec Structs + the same checks",
            lambda d: lambda: ncts.loads(d.json_text, "json", max_bytes=len(d.json_text)),
            lambda d: lambda: msgspec_load(d.json_text),
            "≤ 1.5×", 1.5, "",
        ),
        (
            "JSON load vs json.loads (dicts, no checks)",
            lambda d: lambda: ncts.loads(d.json_text, "json", max_bytes=len(d.json_text)),
            lambda d: lambda: json.loads(d.json_text),
            "", None, "shows what parsing alone costs",
        ),
        (
            "dumps JSON vs orjson writing the same bytes from the dicts",
            lambda d: lambda: ncts.dumps(d.s, "json"),
            lambda d: lambda: orjson.dumps(d.dicts, option=orjson.OPT_INDENT_2).decode() + "\n",
            "≤ 1.5×", 1.5, "",
        ),
        (
            "dumps JSON vs msgspec encoding its Structs (the same bytes)",
            lambda d: lambda: ncts.dumps(d.s, "json"),
            lambda d: lambda: msgspec.json.format(msgspec.json.encode(structs[d.n]), indent=2),
            "", None, "",
        ),
        (
            "dumps YAML vs libyaml's emitter writing the dicts",
            lambda d: lambda: ncts.dumps(d.s),
            lambda d: lambda: yaml.dump(d.dicts, Dumper=c_dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=88, indent=2),
            "≤ 1.2×", 1.2, "",
        ),
        (
            "to_graph vs the bare networkx loop",
            lambda d: lambda: ncts.to_graph(d.s),
            lambda d: graph_parts(d.s),
            "≤ 1.3×", 1.3, "the loop adds nodes and edges whose attributes are made beforehand",
        ),
        (
            "diff (one rationale edited) vs a plain diff of the json.loads dicts",
            lambda d: lambda: ncts.diff(d.s, d.edited),
            lambda d: lambda: flat_diff(d.dicts, d.edited_dicts),
            "≤ 1×", 1.0, "",
        ),
        (
            "search, every text matches, vs a casefold-and-substring scan",
            lambda d: lambda: ncts.search(d.s, "veilige preventie"),
            lambda d: lambda: naive_search(d.fields, ["veilige", "preventie"]),
            "≤ 3×", 3.0, "ncts also ranks each hit and cuts a snippet",
        ),
        (
            "search, first (builds the index), a few texts match",
            lambda d: cold_search(d.s),
            None,
            "", None, "",
        ),
        (
            "search, later, a few texts match",
            lambda d: lambda: ncts.search(d.s, f"english {d.n // 2}"),
            None,
            "", None, "",
        ),
    ]  # fmt: skip
    scaling: list[Row] = []
    for name, ours, base, target, limit, note in measures:
        print(f"  {name}", flush=True)
        both = {
            n: (fn, None if base is None else bind(base)[n])
            for n, fn in bind(ours).items()
        }
        for n, (ours_t, base_t) in in_turns(both, repeat).items():
            rows.append(Row(name, f"{n:,}", ours_t, base_t, target, limit, note=note))
        big = [n for n in sizes if n >= 10_000]
        if len(big) >= 2:
            small_n, big_n = big[-2], big[-1]
            by_n = {int(r.size.replace(",", "")): r for r in rows if r.measure == name}
            for side, label in ((0, "ncts"), (1, "baseline")):
                a = (by_n[small_n].ours, by_n[small_n].base)[side]
                b = (by_n[big_n].ours, by_n[big_n].base)[side]
                if not a:
                    continue
                grew = [y / x for x, y in zip(a, b, strict=False)]
                scaling.append(
                    Row(
                        f"scaling {small_n:,} → {big_n:,}: {name} ({label})",
                        "",
                        grew,
                        [],
                        "≤ 12 (linear: 10)" if side == 0 else "",
                        None,
                        unit="×",
                    )
                )
    rows += extra_rows(data[max(sizes)], quick)
    rows += process_rows(data[max(sizes)], quick, pairs)
    return rows + scaling


def extra_rows(d: Data, quick: bool) -> list[Row]:
    """Memory, code generation and reference cycles, at the largest size."""
    rows = []
    size = f"{d.n:,}"
    gc.collect()
    tracemalloc.start()
    plain = json.loads(d.json_text)
    dicts = tracemalloc.get_traced_memory()[0]
    del plain
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    loaded = ncts.loads(d.json_text, "json", max_bytes=len(d.json_text))
    objects = tracemalloc.get_traced_memory()[0] - before
    ncts.search(loaded, "veilige")  # builds the index
    index = tracemalloc.get_traced_memory()[0] - before - objects
    tracemalloc.stop()
    rows.append(
        Row("memory: the loaded strategy vs the json.loads dicts", size, [objects / 1e6], [dicts / 1e6], "≤ 1×", 1.0, unit="MB")
    )  # fmt: skip
    rows.append(
        Row("memory: the search index vs the strategy itself", size, [index / 1e6], [objects / 1e6], "≤ 2×", 2.0, unit="MB")
    )  # fmt: skip
    gc.disable()
    try:
        ref = weakref.ref(loaded)
        del loaded
        freed = ref() is None
    finally:
        gc.enable()
    rows.append(
        Row("a loaded strategy (searched) freed by `del`, GC off", size, [float(freed)], [], "freed", None, unit="yes/no")
    )  # fmt: skip
    s = ncts.load()
    edited = ncts.loads(
        ncts.dumps(s).replace("data_version: 1.1.0", "data_version: 1.1.1")
    )
    text = ncts.dumps(s, "json")

    def every() -> None:
        for _ in range(3):
            ncts.diff(s, edited)
            ncts.loads(text, "json")
            ncts.dumps(s)
            ncts.dumps(s, "json")

    every()
    rows.append(
        Row("compile calls: 3 × (diff, loads, dumps YAML and JSON) after the first", "bundled", [float(compiles_in(every))], [], "0", None, unit="calls")
    )  # fmt: skip
    return rows


def process_rows(d: Data, quick: bool, pairs: int | None = None) -> list[Row]:
    """Start-up and whole-process rows: fresh interpreters, A and B alternating."""
    # pip byte-compiles an installed package; an editable install run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile ncts from source in every
    # fresh process, while attrs, cattrs and yaml come byte-compiled.
    compileall.compile_dir(str(Path(ncts.__file__).parent), quiet=1)
    pairs = pairs or (7 if quick else 25)
    rows = []

    def wall(code: str) -> Callable[[], float]:
        return lambda: python_process(code)[0]

    def load_inside() -> float:
        code = (
            "import time, ncts; t = time.perf_counter(); ncts.load(); "
            "print(time.perf_counter() - t)"
        )
        return float(python_process(code, output=True)[1])

    script = Path(sys.executable).with_name("ncts")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ncts"]

    def get() -> float:
        started = time.perf_counter()
        subprocess.run([*command, "get", "VV4"], check=True, capture_output=True)
        return time.perf_counter() - started

    for name, a, b, target, limit, strict in (
        ("fresh `import ncts` vs `import attrs, cattrs, yaml`", wall("import ncts"), wall("import attrs, cattrs, yaml"), "≤ 1.2×", 1.2, False),
        ("first `ncts.load()` in a fresh process (timed inside) vs a bare interpreter start (`python -c pass`)", load_inside, wall("pass"), "< 1×", 1.0, True),
        ("`ncts get VV4`, whole process, vs `python -c \"import attrs, cattrs, yaml\"`", get, wall("import attrs, cattrs, yaml"), "≤ 1.3×", 1.3, False),
    ):  # fmt: skip
        ours, base = process_pairs(a, b, pairs, warm=0 if pairs < 3 else 2)
        rows.append(Row(name, "-", ours, base, target, limit, strict))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.json"
        path.write_text(d.json_text, encoding="utf-8")
        # The high-water mark of the process's own memory, in KiB: ru_maxrss would
        # also count the benchmark's, which the child is forked from.
        rss = (
            "print(next(line.split()[1] for line in open('/proc/self/status') "
            "if line.startswith('VmHWM')))"
        )

        def peak(code: str) -> Callable[[], float]:
            return lambda: (
                float(python_process(f"{code}; {rss}", output=True)[1]) / 1024
            )

        ours, base = process_pairs(
            peak(
                f"import ncts; ncts.load({str(path)!r}, max_bytes={2 * len(d.json_text)})"
            ),
            peak(f"import json; json.load(open({str(path)!r}, encoding='utf-8'))"),
            1 if quick else 3,
            warm=0,
        )
    rows.append(
        Row("peak RSS of a process that loads the JSON file vs one that json.loads it", f"{d.n:,}", ours, base, "", None, unit="MiB")
    )  # fmt: skip
    return rows


# --- The table -----------------------------------------------------------------


def _shown(values: list[float], unit: str) -> str:
    if not values:
        return ""
    low, mid = min(values), statistics.median(values)
    if unit == "ms":
        return f"{low * 1e3:,.1f} / {mid * 1e3:,.1f} ms"
    if unit == "yes/no":
        return "yes" if low else "no"
    if unit in ("calls", "MB"):
        return f"{mid:,.0f} {unit}" if unit == "calls" else f"{mid:,.1f} MB"
    return f"{low:,.1f} / {mid:,.1f} {unit}"


def report(rows: list[Row]) -> str:
    """Render the rows as a Markdown table: min / median of each side, both ratios."""
    lines = [
        "| Measure | N | ncts (min / median) | Baseline (min / median) | Ratio (min / median) | Target | Verdict |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        ratios = row.ratios()
        ratio = "" if ratios is None else f"{ratios[0]:.2f} / {ratios[1]:.2f}"
        verdict = row.verdict()
        if row.unit == "yes/no":
            verdict = "met" if row.ours[0] else "missed"
        elif row.unit == "calls":
            verdict = "met" if row.ours[0] == 0 else "missed"
        elif row.measure.startswith("scaling") and row.target:
            verdict = "met" if statistics.median(row.ours) <= 12 else "missed"
        name = row.measure + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {name} | {row.size} | {_shown(row.ours, row.unit)} | "
            f"{_shown(row.base, row.unit)} | {ratio} | {row.target} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def load_average() -> str:
    """Return the machine's load average, to note with each run."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on every system
        return "load average unknown"
    return (
        f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} (on {os.cpu_count()} cores)"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks and write the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="1,000 and 10,000, fewer runs"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="the numbers of speerpunten to measure"
    )
    parser.add_argument(
        "--pairs", type=int, help="pairs of fresh processes per start-up row"
    )
    parser.add_argument(
        "--out",
        default=str(ROOT / "benchmarks" / "last-run.md"),
        help="where to write the table ('-': only print it)",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
    started, load_before = time.perf_counter(), load_average()
    print(f"before: {load_before}", flush=True)
    table = report(run(sorted(sizes), args.quick, args.pairs))
    header = (
        f"<!-- written by benchmarks/run.py{' --quick' if args.quick else ''} on "
        f"Python {sys.version.split()[0]}, ncts {ncts.__version__}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, {time.perf_counter() - started:.0f} s; "
        f"before: {load_before}; after: {load_average()} -->\n"
    )
    if args.out != "-":
        Path(args.out).write_text(header + table, encoding="utf-8")
    print(header + table)


if __name__ == "__main__":
    main()

"""Benchmarks for ncts, against what a user would otherwise write. Not part of the tests.

Run from the repository root, after ``pip install -e '.[bench]'``:

    python benchmarks/run.py            # prints the table, and keeps it in benchmarks/last-run.md
    python benchmarks/run.py --quick    # 1,000 and 10,000 speerpunten only

Synthetic strategies with 1,000, 10,000 and 100,000 speerpunten are generated in a
temporary folder; every measure is the median of several runs, taken in the same
run, and reported with its ratio to the baseline and to the target.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
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

    areas = []
    for a in range(max(1, n // 100)):
        areas.append(
            Area(
                f"A{a}",
                text(a),
                text(a + 1),
                speerpunten=tuple(
                    Speerpunt(f"A{a}-{j}", text(a * 100 + j)) for j in range(100)
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


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    """Return the median time of *repeat* calls of *fn*, in seconds."""
    return paired(fn, None, repeat)[0]


def paired(
    ours: Callable[[], Any], base: Callable[[], Any] | None, repeat: int
) -> tuple[float, float]:
    """Return the median times of *ours* and *base*, run in turns.

    Taking turns spreads a busy moment of the machine over both, so the ratio
    suffers less from it than the times do.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((ours, times[0]), (base, times[1])):
            if fn is None:
                continue
            gc.collect()
            started = time.perf_counter()
            fn()
            out.append(time.perf_counter() - started)
    return statistics.median(times[0]), (
        statistics.median(times[1]) if times[1] else float("nan")
    )


def without_gc(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Wrap *fn* so that it runs with the cyclic garbage collector paused."""

    def run() -> Any:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


def cold(strategy: ncts.Strategy, fn: Callable[[], Any]) -> Any:
    """Run *fn* with the strategy's search and query indexes emptied."""
    from ncts import _search

    strategy._derived.clear()
    _search._stem.cache_clear()
    return fn()


def pydantic_model() -> Any:
    """Build an equivalent pydantic v2 model of the strategy file format."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict

    class M(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    class TextM(M):
        nl: str
        en: str | None = None

    class CitationM(M):
        section: str
        quote: str | None = None
        document: str | None = None

    class ErratumM(M):
        field: str
        original: str
        corrected: str
        note: str | None = None

    class PeriodM(M):
        start: int
        end: int

    class SpeerpuntM(M):
        id: str
        text: TextM
        kinds: tuple[
            Literal["consolidation", "optimisation", "development", "innovation"], ...
        ] = ()
        citation: CitationM | None = None
        errata: tuple[ErratumM, ...] = ()

    class AreaM(M):
        id: str
        name: TextM
        description: TextM
        citation: CitationM | None = None
        errata: tuple[ErratumM, ...] = ()
        speerpunten: tuple[SpeerpuntM, ...] = ()

    class GoalM(M):
        id: str
        text: TextM
        citation: CitationM | None = None
        note: str | None = None
        errata: tuple[ErratumM, ...] = ()

    class ThemeM(M):
        id: str
        text: TextM
        citation: CitationM | None = None
        errata: tuple[ErratumM, ...] = ()

    class LinkM(M):
        source: str
        target: str
        type: Literal["underpins", "contributes_to", "addresses", "relates_to"]
        basis: Literal["stated", "derived"]
        rationale: str
        citation: CitationM | None = None

    class SourceM(M):
        id: str
        title: str
        publisher: str | None = None
        note: str | None = None
        url: str | None = None

    class StrategyM(M):
        id: str
        title: TextM
        period: PeriodM
        data_version: str
        sources: tuple[SourceM, ...] = ()
        introduction: tuple[TextM, ...] = ()
        focus_themes: tuple[ThemeM, ...] = ()
        goals: tuple[GoalM, ...] = ()
        areas: tuple[AreaM, ...] = ()
        links: tuple[LinkM, ...] = ()
        errata: tuple[ErratumM, ...] = ()

    return StrategyM


def fresh(code: str, repeat: int = 21) -> float:
    """Median wall time of a fresh interpreter running *code*."""
    return median_time(
        lambda: subprocess.run([sys.executable, "-c", code], check=True), repeat
    )


def fresh_load(repeat: int = 21) -> float:
    """Median time of ``ncts.load()`` itself, timed inside fresh interpreters."""
    code = (
        "import time, ncts; t = time.perf_counter(); ncts.load(); "
        "print(time.perf_counter() - t)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return statistics.median(times)


Row = tuple[str, str, float, float, str]

#: The target column of rows that explain another row rather than meet a target.
_NO_TARGET = "none: shows the GC's share"


def measure(
    n: int,
    model: Any,
    rows: list[Row],
    per_size: dict[str, dict[int, float]],
    last: bool,
) -> None:
    """Measure everything for a strategy of *n* speerpunten."""

    def record(name: str, ours: float, base: float, target: str) -> None:
        rows.append((name, f"{n:,}", ours, base, target))
        if target != _NO_TARGET:
            per_size.setdefault(name, {})[n] = ours
            per_size.setdefault(f"{name} (baseline)", {})[n] = base

    repeat = 9 if n <= 10_000 else 3
    s = synthetic(n)
    y, j = ncts.dumps(s, "yaml"), ncts.dumps(s, "json")
    print(
        f"{n:,} speerpunten: YAML {len(y) / 1e6:.1f} MB, JSON {len(j) / 1e6:.1f} MB",
        flush=True,
    )
    c_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    ours_yaml, raw_yaml = paired(
        lambda: ncts.loads(y, max_bytes=len(y)),
        lambda: yaml.load(y, Loader=c_loader),
        repeat,
    )
    record("YAML load vs C-loader parse", ours_yaml, raw_yaml, "≤ 1.2×")
    ours_json, raw_json = paired(
        lambda: ncts.loads(j, "json", max_bytes=len(j)), lambda: json.loads(j), repeat
    )
    record("JSON load vs json.loads", ours_json, raw_json, "≤ 2×")
    # ncts pauses the garbage collector while it reads a large document; these
    # rows pause it for the baseline too, to show what is left of the difference.
    record(
        "YAML load vs C-loader parse, both without GC",
        *paired(
            lambda: ncts.loads(y, max_bytes=len(y)),
            without_gc(lambda: yaml.load(y, Loader=c_loader)),
            repeat,
        ),
        _NO_TARGET,
    )
    record(
        "JSON load vs json.loads, both without GC",
        *paired(
            lambda: ncts.loads(j, "json", max_bytes=len(j)),
            without_gc(lambda: json.loads(j)),
            repeat,
        ),
        _NO_TARGET,
    )
    record(
        "JSON load vs pydantic v2",
        *paired(
            lambda: ncts.loads(j, "json", max_bytes=len(j)),
            lambda: model.model_validate_json(j),
            repeat,
        ),
        "< 1×",
    )

    graph = ncts.to_graph(s)
    nodes = cast(list[tuple[str, dict[str, Any]]], list(graph.nodes(data=True)))
    edges = cast(
        list[tuple[str, str, str, dict[str, Any]]],
        list(graph.edges(keys=True, data=True)),
    )

    def bare() -> None:
        g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for node, data in nodes:
            g.add_node(node, **data)
        for u, v, k, data in edges:
            g.add_edge(u, v, key=k, **data)

    record(
        "to_graph vs bare networkx loop",
        *paired(lambda: ncts.to_graph(s), bare, repeat),
        "≤ 1.3×",
    )
    edited = ncts.loads(
        j.replace('"synthetic"', '"edited"', 1), "json", max_bytes=len(j)
    )
    for name, fn in (
        ("dumps (YAML)", lambda: ncts.dumps(s)),
        ("dumps (JSON)", lambda: ncts.dumps(s, "json")),
        ("diff", lambda: ncts.diff(s, edited)),
        (
            "search, first (builds the index)",
            lambda: cold(s, lambda: ncts.search(s, "veilige")),
        ),
        (
            "search, later (every text matches)",
            lambda: ncts.search(s, "veilige preventie"),
        ),
        (
            "search, later (a few texts match)",
            lambda: ncts.search(s, f"english {n // 2}"),
        ),
        (
            "coverage area × goal, first",
            lambda: cold(s, lambda: ncts.coverage(s, "area", "goal")),
        ),
        ("coverage area × goal, later", lambda: ncts.coverage(s, "area", "goal")),
    ):
        runs = repeat if n <= 10_000 else 2
        record(name, median_time(fn, runs), float("nan"), "linear")
    if last:
        gc.collect()
        tracemalloc.start()
        plain = json.loads(j)
        dicts = tracemalloc.get_traced_memory()[0]
        del plain
        gc.collect()
        tracemalloc.stop()
        tracemalloc.start()
        loaded = ncts.loads(j, "json", max_bytes=len(j))
        objects = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del loaded
        name = "memory of the loaded strategy vs the json.loads dicts"
        rows.append((name, f"{n:,}", objects / 1e6, dicts / 1e6, "≤ 1×"))


def run(sizes: list[int]) -> list[Row]:
    """Measure every size, then import and start-up costs, then the scaling."""
    rows: list[Row] = []
    per_size: dict[str, dict[int, float]] = {}
    model = pydantic_model()
    for n in sizes:
        measure(n, model, rows, per_size, last=n == max(sizes))
    # pip byte-compiles an installed package; an editable install run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile ncts from source in every
    # fresh process, while attrs, cattrs and yaml come byte-compiled.
    compileall.compile_dir(str(Path(ncts.__file__).parent), quiet=1)
    startup = fresh("pass")
    deps = fresh("import attrs, cattrs, yaml")
    name = "fresh `import ncts` vs `import attrs, cattrs, yaml`"
    rows.append((name, "-", fresh("import ncts"), deps, "≤ 1.2×"))
    load_bundled = fresh_load()
    name = "`ncts.load()` of the bundled strategy vs interpreter start-up"
    rows.append((name, "-", load_bundled, startup, "< 1×"))
    big = max(sizes)
    small = big // 10
    for name, by_n in per_size.items():
        if name.endswith("(baseline)") or small not in by_n or big not in by_n:
            continue
        base = per_size[f"{name} (baseline)"]
        label = f"scaling {small:,} → {big:,}: {name}"
        rows.append(
            (
                label,
                "",
                by_n[big] / by_n[small],
                base[big] / base[small],  # NaN where there is no baseline
                "≤ 12 (linear)",
            )
        )
    return rows


def report(rows: list[tuple[str, str, float, float, str]]) -> str:
    """Render the measures as a Markdown table with ratios."""
    lines = [
        "| Measure | Speerpunten | ncts | Baseline | Ratio | Target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, n, ours, base, target in rows:
        if name.startswith("scaling"):
            # ncts's own growth, and the baseline's growth over the same step.
            grew = "" if base != base else f"{base:.1f}"
            lines.append(f"| {name} | | {ours:.1f} | {grew} | | {target} |")
        elif base != base:  # NaN: no baseline
            lines.append(f"| {name} | {n} | {ours * 1e3:,.1f} ms | | | {target} |")
        elif "memory" in name:
            lines.append(
                f"| {name} | {n} | {ours:,.0f} MB | {base:,.0f} MB | {ours / base:.2f} | {target} |"
            )
        else:
            lines.append(
                f"| {name} | {n} | {ours * 1e3:,.1f} ms | {base * 1e3:,.1f} ms | {ours / base:.2f} | {target} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the benchmarks and write the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 only")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "last-run.md"))
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    table = report(run(sizes))
    header = (
        f"<!-- written by benchmarks/run.py on Python {sys.version.split()[0]}, "
        f"ncts {ncts.__version__} -->\n"
    )
    Path(args.out).write_text(header + table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()

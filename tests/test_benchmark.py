"""The benchmark runs, and its harness compares like with like.

No timing is asserted: the benchmark is run at its smallest size so that it cannot
rot, and its helpers are checked for what makes a ratio fair (turns, the collector
off on both sides, processes alternating).
"""

import gc
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ncts_bench", ROOT / "benchmarks" / "run.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ncts_bench"] = module
    spec.loader.exec_module(module)
    return module


_TARGET_ROWS = [
    "YAML load vs the C loader's parse",
    "JSON load vs msgspec Structs + the same checks",
    "dumps JSON vs orjson writing the same bytes from the dicts",
    "dumps YAML vs libyaml's emitter writing the dicts",
    "to_graph vs the bare networkx loop",
    "diff (one rationale edited) vs a plain diff of the json.loads dicts",
    "search, every text matches, vs a casefold-and-substring scan",
    "memory: the search index vs the strategy itself",
    "memory: the loaded strategy vs the json.loads dicts",
    "a loaded strategy (searched) freed by `del`, GC off",
    "compile calls: 3 × (diff, loads, dumps YAML and JSON) after the first",
    "fresh `import ncts` vs `import attrs, cattrs, yaml`",
    "first `ncts.load()` in a fresh process",
    "`ncts get VV4`, whole process",
]
_OTHER_ROWS = [
    "search, first (builds the index), a few texts match",
    "search, later, a few texts match",
    "peak RSS of a process that loads the JSON file",
    "dumps JSON vs msgspec encoding its Structs",
]


def test_the_quick_run_at_the_smallest_size(tmp_path: Path) -> None:
    """The script as a user runs it. In a process of its own: the benchmark
    collects garbage before each call, which in a test process holding every
    earlier test's objects took ten times as long as the run itself."""
    out = tmp_path / "table.md"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--sizes",
            "100",
            "--pairs",
            "1",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    text = out.read_text("utf-8")
    assert text.startswith("<!-- written by benchmarks/run.py --quick")
    assert "load average" in text
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    for name in _TARGET_ROWS:
        [line] = [line for line in lines if line.startswith(f"| {name}")]
        verdict = line.rstrip(" |").rsplit("|", 1)[-1].strip()
        assert verdict.startswith(("met", "missed")), line
    for name in _OTHER_ROWS:
        assert any(line.startswith(f"| {name}") for line in lines), name
    # The machinery rows hold at any size: nothing generated again, no cycle.
    for name in _TARGET_ROWS[-5:-3]:
        [line] = [line for line in lines if line.startswith(f"| {name}")]
        assert line.endswith("| met |"), line


def test_turns_alternate_and_cover_every_size(bench: ModuleType) -> None:
    calls: list[str] = []

    def fn(name: str) -> object:
        return lambda: calls.append(name)

    times = bench.in_turns(
        {1: (fn("ours 1"), fn("base 1")), 2: (fn("ours 2"), fn("base 2"))},
        {1: 3, 2: 2},
    )
    assert calls == ["ours 1", "base 1", "ours 2", "base 2"] * 2 + ["ours 1", "base 1"]
    assert [len(times[1][0]), len(times[1][1]), len(times[2][0])] == [3, 3, 2]


def test_both_sides_run_with_the_collector_off(bench: ModuleType) -> None:
    seen: list[bool] = []
    bench.timed(lambda: seen.append(gc.isenabled()))
    assert seen == [False]
    assert gc.isenabled()


def test_processes_alternate_which_goes_first(bench: ModuleType) -> None:
    order: list[str] = []

    def a() -> float:
        order.append("a")
        return 1.0

    def b() -> float:
        order.append("b")
        return 2.0

    ours, base = bench.process_pairs(a, b, 3, warm=1)
    assert order == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert (ours, base) == ([1.0] * 3, [2.0] * 3)


def test_verdicts(bench: ModuleType) -> None:
    row = bench.Row("m", "1", [1.0, 1.2], [1.0, 1.0], "≤ 1.2×", 1.2)
    assert row.verdict() == "met"
    assert bench.Row("m", "1", [1.3, 1.3], [1.0, 1.0], "", 1.2).verdict() == (
        "missed by 1.08×"
    )
    strict = bench.Row("m", "1", [1.0], [1.0], "< 1×", 1.0, strict=True)
    assert strict.verdict() == "missed by 1.00×"


def test_the_plain_baselines_agree_with_ncts(bench: ModuleType) -> None:
    import ncts

    s = bench.synthetic(100)
    d = bench.make_data(100)
    assert [path for path, _, _ in bench.flat_diff(d.dicts, d.edited_dicts)] == [
        "links[0].rationale"
    ]
    hits = ncts.search(s, "veilige preventie")
    found = bench.naive_search(bench.searchable(s), ["veilige", "preventie"])
    assert sorted((h.element.id, h.field) for h in hits) == sorted(
        (e.id, f) for e, f in found
    )
    model, check = bench.msgspec_model()
    import msgspec

    check(msgspec.json.decode(ncts.dumps(s, "json"), type=model))

"""Compare the load and construction costs of two source trees of ncts.

Run from the repository root, for example before and after a change to the model:

    mkdir -p /tmp/before && git archive main src | tar -x -C /tmp/before
    python benchmarks/compare.py /tmp/before/src src
    python benchmarks/compare.py /tmp/before/src src --instructions

The measures: loading the bundled strategy (YAML), and a generated strategy of
10,000 speerpunten (benchmarks/run.py's ``synthetic``) as YAML and JSON; and
building that strategy from its classes (``synthetic`` itself), which runs every
constructor's checks.

Time (the default): each round starts one fresh interpreter per tree, the trees in
turns (ABAB...), so that a busy moment of the machine falls on both. In each
interpreter, every input is loaded once to build the converter's hooks, then timed;
the report gives the median over the rounds of each tree's best time, and the
ratio after/before. On a machine that others share, times swing by a factor of
two; use ``--instructions`` there.

Instructions (``--instructions``, needs valgrind): the number of machine
instructions each measure takes, counted by valgrind's callgrind, which does not
depend on what else the machine does. Each tree runs each measure once with the
set-up only and once with the measure repeated; the difference, divided by the
repeats, is the count of one run. Counts are smaller inputs (1,000 speerpunten,
as callgrind is some 50 times slower than Python) and vary by a percent or two
from run to run (memory layout); ratios of more than that are real.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import gc, json, sys, time
sys.path.insert(0, sys.argv[1])
import ncts
sys.path.insert(0, sys.argv[2])
from run import synthetic

spec = json.loads(sys.argv[3])
only, times, size = spec["only"], spec["times"], spec["size"]
work = {}
for name, fmt, repeat in spec["inputs"]:
    text = open(name, encoding="utf-8").read()
    load = lambda text=text, fmt=fmt: ncts.loads(text, fmt, max_bytes=len(text) * 4 + 1)
    load()  # the converter's hooks are built
    work[name] = (load, repeat)
work["construct"] = (lambda: synthetic(size), 3)
synthetic(size)

def best(fn, repeat):
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)

if only is None:
    print(json.dumps({name: best(fn, repeat) for name, (fn, repeat) in work.items()}))
else:
    for _ in range(times):
        work[only][0]()
"""


def _inputs(folder: Path, size: int) -> list[tuple[str, str, str, int]]:
    """Write the inputs; return (label, file, format, repeats) for each."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import synthetic

    import ncts

    big = synthetic(size)
    bundled = folder / "bundled.yaml"
    bundled.write_text(
        (ROOT / "data" / "ncts-2022-2026.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    big_yaml, big_json = folder / "big.yaml", folder / "big.json"
    big_yaml.write_text(ncts.dumps(big, "yaml"), encoding="utf-8")
    big_json.write_text(ncts.dumps(big, "json"), encoding="utf-8")
    return [
        ("bundled strategy, YAML", str(bundled), "yaml", 30),
        (f"{size:,} speerpunten, YAML", str(big_yaml), "yaml", 3),
        (f"{size:,} speerpunten, JSON", str(big_json), "json", 5),
    ]


def _child(
    tree: str,
    inputs: list[tuple[str, str, str, int]],
    size: int,
    only: str | None = None,
    times: int = 0,
    wrap: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    spec = {
        "inputs": [(file, fmt, repeat) for _, file, fmt, repeat in inputs],
        "only": only,
        "times": times,
        "size": size,
    }
    command = [sys.executable, "-c", _CHILD, tree, str(ROOT / "benchmarks")]
    return subprocess.run(
        [*(wrap or []), *command, json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": "", "PYTHONHASHSEED": "0"},
    )


def _times(
    trees: dict[str, str], inputs: list[tuple[str, str, str, int]], rounds: int
) -> dict[str, dict[str, float]]:
    """Return the median over the rounds of each tree's best time, per measure."""
    results: dict[str, list[dict[str, float]]] = {which: [] for which in trees}
    for i in range(rounds):
        order = list(trees) if i % 2 == 0 else list(reversed(trees))
        for which in order:
            done = _child(trees[which], inputs, 10_000)
            results[which].append(json.loads(done.stdout))
    keys = [file for _, file, _, _ in inputs] + ["construct"]
    return {
        which: {key: statistics.median(r[key] for r in results[which]) for key in keys}
        for which in trees
    }


def _instructions(
    trees: dict[str, str], inputs: list[tuple[str, str, str, int]], times: int
) -> dict[str, dict[str, float]]:
    """Return the instructions one run of each measure takes, per tree."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("--instructions needs valgrind")
    wrap = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    setarch = shutil.which("setarch")
    if setarch is not None:  # no address randomisation: steadier counts
        wrap = [setarch, os.uname().machine, "-R", *wrap]

    def count(tree: str, only: str, n: int) -> int:
        done = _child(tree, inputs, 1_000, only, n, wrap)
        found = re.search(r"Collected : ([0-9,]+)", done.stderr)
        if found is None:
            sys.exit(f"no count from callgrind:\n{done.stderr}")
        return int(found.group(1).replace(",", ""))

    keys = [file for _, file, _, _ in inputs] + ["construct"]
    out: dict[str, dict[str, float]] = {which: {} for which in trees}
    for which, tree in trees.items():
        _child(tree, inputs, 1_000)  # compiles the tree's .pyc files first
        for key in keys:
            base = count(tree, key, 0)
            out[which][key] = (count(tree, key, times) - base) / times
    return out


def main() -> None:
    """Run the comparison and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="the src folder of the tree before")
    parser.add_argument("after", help="the src folder of the tree after")
    parser.add_argument("--rounds", type=int, default=9, help="rounds of timing")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind instead of timing",
    )
    parser.add_argument(
        "--times", type=int, default=3, help="repeats of each measure, counted"
    )
    args = parser.parse_args()
    trees = {
        "before": os.path.abspath(args.before),
        "after": os.path.abspath(args.after),
    }
    size = 1_000 if args.instructions else 10_000
    with tempfile.TemporaryDirectory() as folder:
        inputs = _inputs(Path(folder), size)
        if args.instructions:
            results = _instructions(trees, inputs, args.times)
        else:
            results = _times(trees, inputs, args.rounds)
    rows = [(label, file) for label, file, _, _ in inputs]
    rows.append((f"building {size:,} speerpunten from the classes", "construct"))
    unit = "instructions" if args.instructions else "time"
    print(f"| measure | {unit} before | {unit} after | after/before |")
    print("|---|---:|---:|---:|")
    for label, key in rows:
        before, after = results["before"][key], results["after"][key]
        if args.instructions:
            shown = f"{before / 1e6:,.1f} M | {after / 1e6:,.1f} M"
        else:
            shown = f"{before * 1000:.1f} ms | {after * 1000:.1f} ms"
        print(f"| {label} | {shown} | {after / before:.3f} |")


if __name__ == "__main__":
    main()

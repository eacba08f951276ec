"""What hostile documents and queries cost: the figures in docs/hardening.md.

Run from the repository root: ``python benchmarks/hostile.py [errors|search|all]``.
Not part of the tests (those bound work by counting); this measures CPU time.

- ``errors``: the time to report N unknown keys (a ValidationError) against the
  time to parse the same text, for 1,000 to 100,000 keys at the top of a strategy,
  in a speerpunt and in an overlay record, in YAML and JSON.
- ``search``: the time (worst of 5) and peak memory (tracemalloc) of hostile
  queries on the bundled strategy, its index built.
- ``load --base OTHER/src``: valid loads (the bundled strategy, a generated one of
  10,000 speerpunten in YAML and JSON) with this ncts and another checkout's,
  alternately in one process, so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import string
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import ncts
from ncts._json import load_json
from ncts._yaml import dump_yaml, load_yaml

PLACES = ("strategy, top level", "strategy, in a speerpunt", "overlay record")


def document(place: str, keys: int) -> dict[str, Any]:
    """Return a small strategy or overlay with *keys* unknown keys in one mapping."""
    doc: dict[str, Any]
    if place == "overlay record":
        doc = {
            "id": "o",
            "title": "O",
            "strategy": ncts.load().id,
            "data_version": ncts.load().data_version,
            "records": [{"id": "r1", "title": "W", "addresses": ["VK6"]}],
        }
        target = doc["records"][0]
    else:
        speerpunt = {"id": "A1", "text": {"nl": "x"}}
        area = {"id": "A", "name": {"nl": "A"}, "description": {"nl": "A"}}
        doc = {
            "id": "S1",
            "title": {"nl": "T"},
            "period": {"start": 2024, "end": 2026},
            "data_version": "1",
            "areas": [{**area, "speerpunten": [speerpunt]}],
        }
        target = doc if place == "strategy, top level" else speerpunt
    for i in range(keys):
        target[f"k{i}"] = 1
    return doc


def cpu(call: Callable[[], Any], repeat: int) -> float:
    """Return the best CPU time of *repeat* calls, ncts errors included."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        with contextlib.suppress(ncts.NctsError):
            call()
        best = min(best, time.process_time() - started)
    return best


def errors(sizes: tuple[int, ...] = (1000, 10_000, 100_000)) -> None:
    """Print the time to report unknown keys against the time to parse them."""
    print("| where | format | keys | parse s | report s | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for place in PLACES:
        for fmt in ("yaml", "json"):
            for keys in sizes:
                doc = document(place, keys)
                text = dump_yaml(doc) if fmt == "yaml" else json.dumps(doc, indent=2)
                parse = load_yaml if fmt == "yaml" else load_json
                load = ncts.loads_overlay if place == "overlay record" else ncts.loads
                repeat = 5 if keys <= 1000 else 3 if keys <= 10_000 else 1
                parsed = cpu(lambda: parse(text), repeat)  # noqa: B023
                reported = cpu(lambda: load(text, fmt), repeat)  # noqa: B023
                print(
                    f"| {place} | {fmt} | {keys:,} | {parsed:.3f} | {reported:.3f} "
                    f"| {reported / parsed:.1f} |",
                    flush=True,
                )


def search() -> None:
    """Print the time and memory of hostile queries on the bundled strategy."""
    s = ncts.load()
    words = sorted({w for sp in s.speerpunten for w in sp.text.nl.split()})
    queries = {
        "1,000 x U+FDFA (NFKD: 18 characters each)": "\ufdfa" * 1000,
        "1,000 x ß (casefold doubles it)": "ß" * 1000,
        "'a' + 999 combining accents": "a" + "\u0301" * 999,
        "one word of 1,000 letters": "e" * 1000,
        "'e ' x 500 (one word, repeated)": "e " * 500,
        "50 one-letter words": " ".join((string.ascii_lowercase * 2)[:50]),
        "50 words of the strategy": " ".join(words[:50]),
        "1,000,000 x U+FDFA (refused)": "\ufdfa" * 1_000_000,
        "100,000 x 'e ' (refused)": "e " * 100_000,
        "51 different words (refused)": " ".join(f"w{i}" for i in range(51)),
    }
    ncts.search(s, "warm")  # the index is built once per strategy
    print("| query | time (worst of 5) | peak memory | result |")
    print("| --- | ---: | ---: | --- |")
    for name, query in queries.items():
        worst, result = 0.0, ""
        for _ in range(5):
            started = time.perf_counter()
            try:
                result = f"{len(ncts.search(s, query))} hits"
            except ncts.QueryError:
                result = "QueryError"
            worst = max(worst, time.perf_counter() - started)
        tracemalloc.start()
        with contextlib.suppress(ncts.QueryError):
            ncts.search(s, query)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"| {name} | {worst * 1000:.1f} ms | {peak / 2**20:.2f} MB | {result} |")


def load(base: str) -> None:
    """Print the time of valid loads with another checkout's ncts and with this one."""
    from run import synthetic  # benchmarks/run.py

    folder = tempfile.mkdtemp()
    os.symlink(os.path.abspath(os.path.join(base, "ncts")), f"{folder}/ncts_base")
    sys.path.insert(0, folder)
    other: Any = importlib.import_module("ncts_base")
    big = synthetic(10_000)
    texts = {
        "bundled strategy (YAML)": (ncts._io.bundled_text(), "yaml", 400),
        "10,000 speerpunten, YAML": (ncts.dumps(big), "yaml", 12),
        "10,000 speerpunten, JSON": (ncts.dumps(big, "json"), "json", 40),
    }
    print("| document | other: best | this: best | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, (text, fmt, repeat) in texts.items():
        best = {"other": float("inf"), "this": float("inf")}
        for i in range(repeat):
            turns = [("other", other.loads), ("this", ncts.loads)]
            for who, loads in turns if i % 2 else turns[::-1]:
                gc.collect()
                started = time.process_time()
                loads(text, fmt)
                best[who] = min(best[who], time.process_time() - started)
        print(
            f"| {name} | {best['other'] * 1000:.2f} ms | {best['this'] * 1000:.2f} ms "
            f"| {best['this'] / best['other']:.3f} |"
        )


def main() -> None:
    """Run the measures asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "what", nargs="?", default="all", choices=("errors", "search", "load", "all")
    )
    parser.add_argument("--base", help="for load: another checkout's src folder")
    args = parser.parse_args()
    if args.what in ("errors", "all"):
        errors()
    if args.what in ("search", "all"):
        search()
    if args.what == "load" or (args.what == "all" and args.base):
        if not args.base:
            parser.error("load needs --base OTHER/src")
        load(args.base)


if __name__ == "__main__":
    main()

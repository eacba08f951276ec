"""Crash-safe writes: a write killed half-way never leaves a damaged or partial target.

A child process writes a large strategy over and over with ``ncts.dump``,
``ncts.export`` and the CLI, and is killed (SIGKILL) at random moments. After each
kill the target holds either the old text or the complete new text. (A killed
process cannot remove its temporary file, ``.<name>.<random>.tmp`` beside the
target; the target itself is never touched until the new text is complete.)
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ncts

_BIG = """
import sys, time, ncts, ncts._cli
from ncts import Area, Period, Speerpunt, Strategy, Text
areas = tuple(
    Area(f"A{i}", Text(f"Gebied {i}"), Text("Omschrijving " * 20),
         speerpunten=tuple(Speerpunt(f"A{i}-{j}", Text("Tekst " * 30)) for j in range(400)))
    for i in range(10)
)
big = Strategy("BIG", Text("Groot"), Period(2020, 2030), "1", areas=areas)
target, how, source = sys.argv[1], sys.argv[2], sys.argv[3]
if how == "cli":
    ncts.dump(big, source)  # the CLI exports this big strategy, not the bundled one
print("ready", flush=True)
while True:
    started = time.perf_counter()
    if how == "dump":
        ncts.dump(big, target)
    elif how == "export":
        ncts.export(big, target, "graphml")
    else:
        ncts._cli.main(["export", "--strategy", source, "--format", "node-link", "-o", target])
    print("wrote", time.perf_counter() - started, flush=True)
"""


def _writer(target: Path, how: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _BIG, str(target), how, str(target.parent / "big.yaml")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("how", ["dump", "export", "cli"])
def test_killed_writer_never_damages_the_target(tmp_path: Path, how: str) -> None:
    """Kill the writer at random moments: the target is always old or complete.

    The child prints a line after each finished write. The kill times are spread
    over about three writes (timed on the first), so some kills land mid-write and
    some after a finished one; the test requires at least one of each kind of
    outcome it can see: a kill after a finished write (the target then holds the
    complete text).
    """
    suffix = {"dump": ".yaml", "export": ".graphml", "cli": ".json"}[how]
    target = tmp_path / f"target{suffix}"
    old = "the old file, which must survive\n"
    # How long one write takes on this machine (the first write of a child).
    child = _writer(target, how)
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("wrote "), line
    write = float(line.split()[1])
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    rng = random.Random(1)
    complete: set[str] = set()
    after_a_write = 0
    for _ in range(5):
        target.write_text(old)
        child = _writer(target, how)
        assert child.stdout is not None
        time.sleep(rng.uniform(0.5, 3.0) * write)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        writes = child.stdout.read().count("wrote")
        child.stdout.close()
        text = target.read_text()
        if writes:
            after_a_write += 1
            assert text != old  # a finished write replaced the old text
        if text != old:
            complete.add(text)
    assert after_a_write >= 1, "no kill came after a finished write"
    for text in complete:
        if how == "dump":
            assert ncts.loads(text).id == "BIG"
        elif how == "export":
            assert text.rstrip().endswith("</graphml>")
            assert "A9-399" in text
        else:
            nodes = {node["id"] for node in json.loads(text)["nodes"]}
            assert {"BIG", "A9-399"} <= nodes  # the big strategy, whole
    assert len(complete) == 1  # every finished write wrote the same complete text


def test_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Writing something that is not a strategy is refused and leaves the file alone."""
    target = tmp_path / "s.yaml"
    target.write_text("old\n")
    with pytest.raises(TypeError, match="strategy must be Strategy or Overlay"):
        ncts.dump({"id": "not a strategy"}, target)  # type: ignore[arg-type]
    with pytest.raises(ncts.FormatError):
        ncts.export(ncts.load(), target.with_suffix(".png"))
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]

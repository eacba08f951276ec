"""Crash-safe writes: a write killed half-way never leaves a damaged or partial target.

A child process writes a large strategy over and over with ``ncts.dump``,
``ncts.export`` and the CLI, and is killed (SIGKILL) at random moments. After each
kill the target holds either the old text or the complete new text. (A killed
process cannot remove its temporary file, ``.<name>.<random>.tmp`` beside the
target; the target itself is never touched until the new text is complete.)
"""

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
import sys, ncts, ncts._cli
from ncts import Area, Period, Speerpunt, Strategy, Text
areas = tuple(
    Area(f"A{i}", Text(f"Gebied {i}"), Text("Omschrijving " * 20),
         speerpunten=tuple(Speerpunt(f"A{i}-{j}", Text("Tekst " * 30)) for j in range(400)))
    for i in range(10)
)
big = Strategy("BIG", Text("Groot"), Period(2020, 2030), "1", areas=areas)
target, how = sys.argv[1], sys.argv[2]
print("ready", flush=True)
while True:
    if how == "dump":
        ncts.dump(big, target)
    elif how == "export":
        ncts.export(big, target, "graphml")
    else:
        ncts._cli.main(["export", "--format", "node-link", "-o", target])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("how", ["dump", "export", "cli"])
def test_killed_writer_never_damages_the_target(tmp_path: Path, how: str) -> None:
    """Kill the writer at random moments: the target is always old or complete."""
    suffix = {"dump": ".yaml", "export": ".graphml", "cli": ".json"}[how]
    target = tmp_path / f"target{suffix}"
    old = "the old file, which must survive\n"
    target.write_text(old)
    rng = random.Random(1)
    complete: set[str] = set()
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", _BIG, str(target), how],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.01, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        text = target.read_text()
        if text != old:
            complete.add(text)
    for text in complete:
        if how == "dump":
            assert ncts.loads(text).id == "BIG"
        elif how == "export":
            assert text.rstrip().endswith("</graphml>")
        else:
            assert text.rstrip().endswith("}")
    assert len(complete) <= 1  # every finished write wrote the same complete text


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

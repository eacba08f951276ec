"""Hostile and broken input: every file of tests/corpus, and more made on the fly.

Each input either loads (where it is valid after all) or raises the ncts error the
manifest names, with a message that contains the expected words, within 2 seconds
and without the process growing past 200 MB. The strategy loader, the overlay
loader and the CLI's validate command are all tried.
"""

import io
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import ncts
from ncts._cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST: dict[str, dict[str, str]] = json.loads((CORPUS / "expected.json").read_text())


def _load(path: Path, kind: str) -> Any:
    if kind == "overlay":
        return ncts.load_overlay(path)
    return ncts.load(path)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file(name: str) -> None:
    """Each corpus file loads or raises the expected ncts error, quickly."""
    entry = MANIFEST[name]
    started = time.perf_counter()
    if entry["expect"] == "ok":
        _load(CORPUS / name, entry["kind"])
    else:
        error = getattr(ncts, entry["expect"])
        with pytest.raises(error) as info:
            _load(CORPUS / name, entry["kind"])
        assert entry["fragment"] in str(info.value)
        assert name in str(info.value)  # the message names the file
    assert time.perf_counter() - started < 2.0


def test_whole_corpus_in_a_fresh_process_stays_small() -> None:
    """Loading every corpus file in one fresh process stays under 200 MB and 2 s each."""
    code = f"""
import json, resource, sys, time
from pathlib import Path
import ncts
corpus = Path({str(CORPUS)!r})
worst = 0.0
for name, entry in json.loads((corpus / "expected.json").read_text()).items():
    started = time.perf_counter()
    try:
        (ncts.load_overlay if entry["kind"] == "overlay" else ncts.load)(corpus / name)
    except ncts.NctsError:
        pass
    worst = max(worst, time.perf_counter() - started)
def peak_megabytes():
    # VmHWM is this process's own peak; ru_maxrss on Linux also counts the memory
    # of the parent it was forked from, before exec.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(peak_megabytes(), worst)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    megabytes, worst = out.stdout.split()
    assert int(megabytes) < 200
    assert float(worst) < 2.0


def test_validate_command_on_the_corpus() -> None:
    """The CLI's validate reports every bad corpus file, exits 1, and never crashes."""
    bad = [n for n, e in MANIFEST.items() if e["expect"] != "ok"]
    good = [
        n
        for n, e in MANIFEST.items()
        if e["expect"] == "ok" and e["kind"] == "strategy"
    ]
    out = io.StringIO()
    assert main(["validate", *(str(CORPUS / n) for n in bad)], out=out) == 1
    text = out.getvalue()
    for name in bad:
        assert name in text
    assert main(["validate", *(str(CORPUS / n) for n in good)], out=io.StringIO()) == 0


class TestLimits:
    def test_very_large_file_is_refused_before_reading(self, tmp_path: Path) -> None:
        """A file over the size limit is refused at once; a caller can raise the limit."""
        path = tmp_path / "big.yaml"
        padding = "# " + "x" * 1022 + "\n"
        path.write_text(padding * 70_000 + "id: demo\n")  # about 70 MB
        started = time.perf_counter()
        with pytest.raises(ncts.ParseError, match="limit"):
            ncts.load(path)
        assert time.perf_counter() - started < 0.5
        with pytest.raises(ncts.ParseError, match="limit"):
            ncts.load_overlay(path, max_bytes=1000)

    def test_limit_can_be_raised(self, tmp_path: Path) -> None:
        """With a higher max_bytes, a big valid document loads."""
        text = ncts.dumps(ncts.load())
        with pytest.raises(ncts.ParseError, match="limit"):
            ncts.loads(text, max_bytes=1000)
        assert ncts.loads(text, max_bytes=len(text)) == ncts.load()

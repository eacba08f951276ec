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

from .conftest import nesting_depth

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text())


def _load(path: Path, kind: str) -> Any:
    if kind == "overlay":
        return ncts.load_overlay(path)
    return ncts.load(path)


def _summary(loaded: Any) -> dict[str, Any]:
    """What a corpus file that loads must hold (its manifest's "loads" entry)."""
    if isinstance(loaded, ncts.Overlay):
        return {
            "id": loaded.id,
            "strategy": loaded.strategy,
            "records": {r.id: list(r.addresses) for r in loaded.records},
        }
    return {
        "id": loaded.id,
        "title": loaded.title.nl,
        "period": [loaded.period.start, loaded.period.end],
        "speerpunten": len(loaded.speerpunten),
    }


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file(name: str) -> None:
    """Each corpus file loads or raises the expected ncts error, quickly."""
    entry = MANIFEST[name]
    started = time.perf_counter()
    if entry["expect"] == "ok":
        assert _summary(_load(CORPUS / name, entry["kind"])) == entry["loads"]
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


def _nested(levels: int) -> str:
    """A strategy document whose 'areas' holds lists nested *levels* deep in all."""
    return json.dumps(
        {"id": "deep", "areas": json.loads("[" * (levels - 1) + "]" * (levels - 1))}
    )


class TestDepthLimit:
    """Nesting is limited to max_depth (64 by default); a caller can change it."""

    def test_deep_document_is_refused_at_the_limit(self) -> None:
        with pytest.raises(ncts.ParseError, match="nested more than 64 levels") as info:
            ncts.loads(_nested(100), "json", file="deep.json")
        assert "deep.json" in str(info.value)
        assert "pass max_depth=" in str(info.value)

    def test_limit_can_be_raised(self) -> None:
        """Above a raised limit, the same document gets the schema's own problems."""
        with pytest.raises(ncts.ValidationError, match="areas"):
            ncts.loads(_nested(100), "json", max_depth=200)
        with pytest.raises(ncts.ParseError, match="nested more than 99 levels"):
            ncts.loads(_nested(100), "json", max_depth=99)

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_limit_can_be_lowered_below_a_valid_document(self, fmt: str) -> None:
        """Lowered below the document's depth, the limit refuses even a valid one."""
        s = ncts.load()
        text = ncts.dumps(s, fmt)  # type: ignore[arg-type]
        depth = nesting_depth(json.loads(ncts.dumps(s, "json")))
        assert ncts.loads(text, fmt, max_depth=depth) == s  # type: ignore[arg-type]
        with pytest.raises(
            ncts.ParseError, match=f"more than {depth - 1} levels"
        ) as info:
            ncts.loads(text, fmt, max_depth=depth - 1)  # type: ignore[arg-type]
        assert info.value.line is not None

    def test_yaml_as_deep_as_its_parser_reads(self) -> None:
        """Under a raised limit, YAML nested 900 levels gets the schema's own
        problems (building it takes no recursion); libyaml stops at 1,000."""
        deep = "{id: deep, areas: " + "[" * 899 + "]" * 899 + "}"
        with pytest.raises(ncts.ValidationError, match="areas"):
            ncts.loads(deep, max_depth=1000)
        with pytest.raises(ncts.ParseError, match="YAML parser reads at most 1,000"):
            ncts.loads("[" * 1001 + "]" * 1001, max_depth=1000)

    def test_yaml_too_deep_for_the_parser_without_libyaml(self) -> None:
        """PyYAML's pure-Python parser (where libyaml is missing) recurses: a
        document too deep for it is a ParseError too, not a RecursionError."""
        code = (
            "import yaml\n"
            "del yaml.CSafeLoader\n"
            "import ncts\n"
            "try:\n"
            "    ncts.loads('[' * 1001 + ']' * 1001, file='d.yaml', max_depth=1000)\n"
            "except ncts.ParseError as exc:\n"
            "    print(exc)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert (done.stdout, done.stderr) == (
            "d.yaml: the document is nested too deeply: the YAML parser reads at "
            "most 1,000 levels of nesting\n",
            "",
        )

    def test_overlay_loaders_take_the_limit(self, tmp_path: Path) -> None:
        path = tmp_path / "deep.json"
        path.write_text(_nested(80))
        with pytest.raises(ncts.ParseError, match="no valid overlay document"):
            ncts.load_overlay(path)
        with pytest.raises(ncts.ValidationError):
            ncts.load_overlay(path, max_depth=100)

    @pytest.mark.parametrize("bad", [0, -1, 1001, 2.5, True, "64", None])
    def test_nonsense_limits_are_refused(self, bad: Any, tmp_path: Path) -> None:
        path = tmp_path / "s.yaml"
        ncts.dump(ncts.load(), path)
        for call in (
            lambda: ncts.loads("id: x", max_depth=bad),
            lambda: ncts.load(path, max_depth=bad),
            lambda: ncts.loads_overlay("id: x", max_depth=bad),
            lambda: ncts.load_overlay(path, max_depth=bad),
        ):
            with pytest.raises(ncts.FormatError, match="max_depth must be"):
                call()

    def test_no_valid_document_is_deeper_than_the_schema(self) -> None:
        """The bundled data and the examples stay within the schema's depth."""
        from ncts._convert import depth_of
        from ncts._overlay import Overlay

        assert nesting_depth(json.loads(ncts.dumps(ncts.load(), "json"))) <= depth_of(
            ncts.Strategy
        )
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        assert nesting_depth(json.loads(ncts.dumps(overlay, "json"))) <= depth_of(
            Overlay
        )

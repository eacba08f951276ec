"""Output does not depend on the hash seed: sets (a speerpunt's kinds) have one order.

Python salts the hash of every string with PYTHONHASHSEED, so a frozenset of
string enums iterates in another order in each process. Everything ncts prints or
writes must not show that: the same input gives the same bytes in every process.
The test runs the same work in two processes with different seeds and compares.
"""

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

# Runs in a child process; prints a JSON object from the name of each output to
# its text. The CLI runs in-process (ncts._cli.main), one verb and format at a time.
_SCRIPT = r"""
import contextlib, io, json, sys, tempfile, pathlib
import ncts
from ncts._cli import main
from ncts._export import EXPORT_FORMATS

out = {}
folder = pathlib.Path(tempfile.mkdtemp())
files = {"bundled": None, "fictional": str(ncts.example_path("fictiestad-2025-2028.yaml"))}

def cli(name, argv):
    buffer, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(errors):
        code = main(argv, out=buffer)
    out[name] = f"{code}\n{buffer.getvalue()}{errors.getvalue()}"

for label, path in files.items():
    file = [] if path is None else ["--strategy", path]
    strategy = ncts.load(path) if path else ncts.load()
    show = [] if path is None else [path]
    for lang in ("nl", "en"):
        cli(f"{label} show {lang}", ["show", *show, "--lang", lang])
    for fmt in ("yaml", "json"):
        cli(f"{label} show {fmt}", ["show", *show, "--format", fmt])
    for element in strategy.elements():
        cli(f"{label} get {element.id} text", ["get", element.id, *file])
        if len(getattr(element, "kinds", ())) > 1:
            cli(f"{label} get {element.id} json", ["get", element.id, *file, "--format", "json"])
        out[f"{label} repr {element.id}"] = repr(element)
        html = getattr(element, "_repr_html_", None)
        if html is not None:
            out[f"{label} html {element.id}"] = html()
    def written(target):
        # A data package is a folder; a workbook is a zip whose entries carry the
        # time of writing: compare what the files hold.
        if target.is_dir():
            files = sorted(p for p in target.rglob("*") if p.is_file())
            return "".join(p.name + ":" + written(p) for p in files)
        if target.suffix == ".xlsx":
            import zipfile
            with zipfile.ZipFile(target) as z:
                return "".join(
                    n + ":" + z.read(n).hex() for n in sorted(z.namelist())
                    if n != "docProps/core.xml"
                )
        return target.read_bytes().hex()

    for fmt, suffixes in EXPORT_FORMATS.items():
        for lang in ("nl", "en"):
            target = folder / f"{label}-{lang}{suffixes[0]}"
            cli(f"{label} export {fmt} {lang}", ["export", "--format", fmt, "-o", str(target), *file, "--lang", lang])
            out[f"{label} export {fmt} {lang} file"] = written(target)
    out[f"{label} html"] = strategy._repr_html_()
    out[f"{label} repr"] = repr(strategy)
    out[f"{label} dumps yaml"] = ncts.dumps(strategy, "yaml")
    out[f"{label} dumps json"] = ncts.dumps(strategy, "json")

overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
out["overlay html"] = overlay._repr_html_()
out["overlay repr"] = repr(overlay)
diff = ncts.diff(ncts.load(), ncts.load(files["fictional"]))
out["diff html"] = diff._repr_html_()
out["diff markdown"] = diff.to_markdown()
out["diff json"] = diff.to_json()
json.dump(out, sys.stdout)
"""


def _start(seed: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def two_seeds() -> tuple[dict[str, str], dict[str, str]]:
    """What the two processes printed; they run at the same time."""
    processes = [_start("1"), _start("2")]
    done = [process.communicate(timeout=300) for process in processes]
    for process, (_, stderr) in zip(processes, done, strict=True):
        assert process.returncode == 0, stderr
    first: dict[str, str] = json.loads(done[0][0])
    second: dict[str, str] = json.loads(done[1][0])
    return first, second


class TestSameBytesUnderEveryHashSeed:
    def test_the_work_was_done(
        self, two_seeds: tuple[dict[str, str], dict[str, str]]
    ) -> None:
        """Every CLI run succeeded, and the speerpunten with two kinds were shown."""
        first, _ = two_seeds
        codes = {name: text.partition("\n")[0] for name, text in first.items()}
        cli_runs = [name for name in codes if " show " in name or " get " in name]
        assert len(cli_runs) > 40
        for name in cli_runs:
            assert codes[name] == "0", (name, first[name])
        # VK6 has two kinds: a set whose order would follow the hash seed.
        assert "development" in first["bundled repr VK6"]
        assert "innovation" in first["bundled repr VK6"]

    def test_same_bytes(self, two_seeds: tuple[dict[str, str], dict[str, str]]) -> None:
        """The CLI, the notebook's HTML, reprs and every export are byte-identical."""
        first, second = two_seeds
        assert first.keys() == second.keys()
        differ = [name for name in first if first[name] != second[name]]
        assert differ == [], {name: (first[name], second[name]) for name in differ[:2]}

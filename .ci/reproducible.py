"""Build the sdist and the wheel twice and check that the two builds are identical.

Usage (from the repository root)::

    python .ci/reproducible.py DIST_FOLDER

Each build starts from a fresh clone of the last commit (what is committed, nothing
else), in its own folder, at its own time, under its own umask, with the build
backend pinned by ``.ci/build-constraints.txt`` and ``SOURCE_DATE_EPOCH`` set to the
time of the last commit (hatchling then writes that time into every archive entry,
sorts the entries and normalises their permissions). The SHA-256 of every file of
the two builds must agree. The first build's files go to DIST_FOLDER, with
``SHA256SUMS`` and ``requirements-hashes.txt``: the wheel and its runtime
dependencies with their hashes, for ``pip install --require-hashes`` (README.md).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / ".ci" / "build-constraints.txt"


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git(*args: str, cwd: Path = ROOT) -> str:
    """Run git; return what it printed."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def build(work: Path, name: str, umask: int, epoch: str) -> dict[str, str]:
    """Clone the last commit into *work*/*name*, build it; return name -> SHA-256."""
    source, out = work / name / "ncts", work / name / "dist"
    git("clone", "-q", "--no-hardlinks", str(ROOT), str(source))
    git("checkout", "-q", git("rev-parse", "HEAD"), cwd=source)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "PIP_CONSTRAINT": str(CONSTRAINTS),
    }
    old_umask = os.umask(umask)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
            raise SystemExit(f"the build in {source} failed")
    finally:
        os.umask(old_umask)
    return {p.name: sha256(p) for p in sorted(out.iterdir())}


def requirements(wheel: Path, work: Path) -> str:
    """Write the wheel and its runtime dependencies with their SHA-256, for pip."""
    wheelhouse = work / "wheelhouse"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:"),
            *("-d", str(wheelhouse), str(wheel)),
        ],
        check=True,
    )
    lines = [f"./{wheel.name} --hash=sha256:{sha256(wheel)}"]
    for path in sorted(wheelhouse.glob("*.whl")):
        if path.name == wheel.name:
            continue
        project, version = path.name.split("-")[:2]
        lines.append(f"{project}=={version} --hash=sha256:{sha256(path)}")
    return "\n".join(lines) + "\n"


def main(dist: Path) -> int:
    """Build twice, compare, keep the first build in *dist*; 1 if they differ."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.monotonic()
        first = build(work, "first", 0o022, epoch)
        time.sleep(max(0.0, 1.5 - (time.monotonic() - started)))  # another second
        second = build(work, "second-build-elsewhere", 0o077, epoch)
        for name in sorted(set(first) | set(second)):
            a, b = first.get(name, "missing"), second.get(name, "missing")
            print(f"{'same' if a == b else 'DIFFERENT'}  {a}  {b}  {name}")
        if first != second or len(first) != 2:
            print("error: the two builds differ (or lack a file)", file=sys.stderr)
            return 1
        if dist.exists():
            shutil.rmtree(dist)
        shutil.copytree(work / "first" / "dist", dist)
        (dist / "SHA256SUMS").write_text(
            "".join(f"{digest}  {name}\n" for name, digest in first.items()),
            encoding="utf-8",
        )
        [wheel] = dist.glob("*.whl")
        (dist / "requirements-hashes.txt").write_text(
            requirements(wheel, work), encoding="utf-8"
        )
    print(f"reproducible: {len(first)} files, identical SHA-256 (epoch {epoch})")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

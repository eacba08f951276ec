"""The README works as written: its set-up is what CI runs, and its shell examples run.

The README's Python examples run as doctests (``--doctest-glob=*.md``); this file
runs its ``sh`` blocks, as a newcomer would after the README's set-up.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def sh_blocks(text: str) -> list[str]:
    """Return the fenced ``sh`` blocks of a Markdown text, in order.

    >>> sh_blocks("a\\n```sh\\nls\\n```\\n```python\\nx\\n```\\n```sh\\npwd\\n```\\n")
    ['ls\\n', 'pwd\\n']
    """
    return [m.group(1) for m in _BLOCK.finditer(text)]


def _set_up_blocks() -> list[str]:
    return [b for b in sh_blocks(README.read_text("utf-8")) if "python3 -m venv" in b]


def _example_blocks() -> list[str]:
    return [
        b for b in sh_blocks(README.read_text("utf-8")) if "python3 -m venv" not in b
    ]


def test_the_readme_has_two_set_up_commands() -> None:
    """One shows the bundled strategy, one runs the test suite: one line each."""
    blocks = [b.strip() for b in _set_up_blocks()]
    assert len(blocks) == 2
    assert all("\n" not in b for b in blocks)
    assert blocks[0].endswith("ncts show")
    assert "pytest" in blocks[1]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert _set_up_blocks()[1].strip() in ci


@pytest.mark.skipif(os.name == "nt", reason="the README's shell examples are POSIX sh")
@pytest.mark.parametrize("block", _example_blocks())
def test_shell_examples_run(block: str, tmp_path: Path) -> None:
    """Each block runs in bash with ``set -e`` where a clone would be, after set-up.

    The clone is stood in for by a folder with the README's example files, and a
    ``.venv/bin/activate`` that puts this Python's ``ncts`` first on the PATH.
    """
    bindir = Path(sys.executable).parent
    if not (bindir / "ncts").exists():  # pragma: no cover - an install without scripts
        pytest.fail(f"no 'ncts' command next to {sys.executable}: install ncts first")
    activate = tmp_path / ".venv" / "bin" / "activate"
    activate.parent.mkdir(parents=True)
    activate.write_text(f"PATH={shlex.quote(str(bindir))}:$PATH\n", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "examples").symlink_to(ROOT / "docs" / "examples")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/bin:/bin"
    result = subprocess.run(
        ["bash", "-e", "-c", block],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert result.stdout.strip(), f"the examples printed nothing: {lines}"

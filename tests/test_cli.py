"""The command line, through main(argv) and through a real process."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ncts
from ncts._cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


class TestShow:
    def test_tree_has_every_id(self) -> None:
        """The tree lists every goal, focus theme, area and speerpunt by ID, indented."""
        code, out = run("show")
        assert code == 0
        strategy = ncts.load()
        lines = out.splitlines()
        for element in strategy.elements():
            if element.element_type == "source":
                continue
            assert [line.split()[0] for line in lines].count(element.id) == 1
        indent = {line.split()[0]: len(line) - len(line.lstrip()) for line in lines}
        assert indent["NCTS-2022-2026"] < indent["VK"] < indent["VK6"]
        assert indent["G1"] == indent["FT1"] == indent["VK"]

    def test_languages(self) -> None:
        """--lang picks the language of the labels."""
        _, dutch = run("show")
        _, english = run("show", "--lang", "en")
        assert "Voorkomen" in dutch
        assert "Prevent" in english
        assert "Prevent" not in dutch

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_formats(self, fmt: str) -> None:
        """--format yaml and json print the canonical document."""
        code, out = run("show", "--format", fmt)
        assert code == 0
        assert out == ncts.dumps(ncts.load(), fmt)  # type: ignore[arg-type]

    def test_file(self, tmp_path: Path) -> None:
        """show FILE shows a strategy from a file."""
        path = tmp_path / "mine.json"
        path.write_text(
            '{"id": "mine", "title": {"nl": "Mijn strategie"}, '
            '"period": {"start": 2024, "end": 2025}, "data_version": "1"}'
        )
        code, out = run("show", str(path))
        assert code == 0
        assert out.splitlines() == ["mine  Mijn strategie (2024-2025)"]

    def test_invalid_file_exits_1_without_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Invalid data exits 1 with a message that names the file and line."""
        path = tmp_path / "bad.yaml"
        path.write_text("id: x\nid: y\n")
        code, _ = run("show", str(path))
        assert code == 1
        err = capsys.readouterr().err
        assert f"{path}:2:" in err
        assert "Traceback" not in err

    def test_usage_errors_exit_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Unknown commands and options exit 2; no command prints help and exits 2."""
        assert run("frobnicate")[0] == 2
        assert run("show", "--lang", "fr")[0] == 2
        code, out = run()
        assert code == 2
        assert "show" in out

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version gives the code and the data version."""
        assert run("--version")[0] == 0
        out = capsys.readouterr().out
        assert ncts.__version__ in out
        assert ncts.load().data_version in out


class TestProcess:
    def test_entry_point_and_module(self, tmp_path: Path) -> None:
        """`ncts show` and `python -m ncts show` work from any folder."""
        script = Path(sys.executable).parent / "ncts"
        for argv in ([str(script), "show"], [sys.executable, "-m", "ncts", "show"]):
            done = subprocess.run(
                argv, cwd=tmp_path, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, done.stderr
            assert "VK6" in done.stdout

    def test_missing_file_in_a_process(self, tmp_path: Path) -> None:
        """A missing file exits 1 with one line on stderr and no traceback."""
        done = subprocess.run(
            [sys.executable, "-m", "ncts", "show", "missing.yaml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
        assert done.returncode == 1
        assert done.stderr == "ncts: error: cannot read 'missing.yaml': no such file\n"

    def test_closed_pipe(self, tmp_path: Path) -> None:
        """A reader that stops reading early (``| head``) is not an error."""
        process = subprocess.Popen(
            [sys.executable, "-m", "ncts", "show", "--format", "json"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.close()  # before the interpreter has even started writing
        _, err = process.communicate(timeout=60)
        assert err.decode() == ""
        assert process.returncode == 0

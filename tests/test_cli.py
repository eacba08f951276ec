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


EXAMPLES = Path(ncts.example_path("overlay.yaml")).parent


class TestGetAndSearch:
    def test_get_shows_links_both_ways(self) -> None:
        """get ID lists the element, its area and its links in both directions."""
        code, out = run("get", "VV4")
        assert code == 0
        assert out.splitlines()[0].startswith("VV4  speerpunt  Inzet op veilige")
        assert "  part_of: VV" in out
        assert "  -> G2  contributes_to (derived, L9):" in out
        assert "  -> FT3  addresses (derived, L11):" in out
        code, out = run("get", "FT2", "--lang", "en")
        assert "  <- VK7  addresses (derived, L15):" in out

    def test_get_json(self) -> None:
        """get --format json gives the element and its links as data."""
        import json

        _code, out = run("get", "VW", "--format", "json")
        data = json.loads(out)
        assert data["type"] == "area"
        assert "speerpunten" not in data["element"]
        assert [link["target"] for link in data["links_from"]] == [
            "VK",
            "VB",
            "VV",
            "G1",
        ]

    def test_get_unknown_id(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown ID exits 1 with suggestions on stderr."""
        assert run("get", "VK9")[0] == 1
        assert "did you mean 'VK1'" in capsys.readouterr().err

    def test_search(self) -> None:
        """search prints ID, field and snippet per hit, tab-separated; exit 1 if none."""
        code, out = run("search", "reintegratie", "--lang", "nl")
        assert code == 0
        assert [line.split("\t")[0] for line in out.splitlines()][:2] == ["FT3", "VV4"]
        assert run("search", "zwembad")[0] == 1


class TestValidateConvert:
    def test_validate_good_files(self) -> None:
        """validate says ok per file, strategy or overlay, and exits 0."""
        code, out = run(
            "validate",
            str(EXAMPLES / "overlay.yaml"),
            str(EXAMPLES / "fictiestad-2025-2028.yaml"),
        )
        assert code == 0
        assert out.splitlines() == [
            f"{EXAMPLES / 'overlay.yaml'}: ok (overlay)",
            f"{EXAMPLES / 'fictiestad-2025-2028.yaml'}: ok (strategy)",
        ]

    def test_validate_bad_files(self, tmp_path: Path) -> None:
        """Every problem of every file is listed with file, line and path; exit 1."""
        bad = tmp_path / "bad.yaml"
        bad.write_text(ncts.dumps(ncts.load()).replace("id: VK6", "id: VK 6"))
        overlay = tmp_path / "o.yaml"
        overlay.write_text(
            (EXAMPLES / "overlay.yaml").read_text().replace("- VK6\n", "- VK66\n", 1)
        )
        broken = tmp_path / "broken.json"
        broken.write_text("{")
        code, out = run("validate", str(bad), str(overlay), str(broken))
        assert code == 1
        lines = out.splitlines()
        assert any(
            line.startswith(f"{bad}:") and "areas[1].speerpunten[5].id" in line
            for line in lines
        )
        assert any(
            line.startswith(f"{overlay}:") and "'VK66'" in line for line in lines
        )
        assert any(line.startswith(f"{broken}:1:2:") for line in lines)

    def test_convert_both_ways(self, tmp_path: Path) -> None:
        """convert turns YAML into JSON and back, for strategies and overlays."""
        for name in ("fictiestad-2025-2028.yaml", "overlay.yaml"):
            json_path = tmp_path / (name + ".json")
            yaml_path = tmp_path / name
            assert run("convert", str(EXAMPLES / name), str(json_path))[0] == 0
            assert run("convert", str(json_path), str(yaml_path))[0] == 0
            assert yaml_path.read_text() == (EXAMPLES / name).read_text()


class TestExportDiffSchema:
    @pytest.mark.parametrize(
        "fmt", ["graphml", "gexf", "node-link", "cytoscape", "dot", "mermaid", "jsonld"]
    )
    def test_export_to_stdout_and_file(self, fmt: str, tmp_path: Path) -> None:
        """export writes each format to stdout, or to -o PATH."""
        from ncts._export import export_text

        code, out = run("export", "--format", fmt)
        assert code == 0
        assert out == export_text(ncts.load(), fmt)  # type: ignore[arg-type]
        target = tmp_path / "out"
        assert run("export", "--format", fmt, "-o", str(target))[0] == 0
        assert target.read_text() == out

    def test_diff(self, tmp_path: Path) -> None:
        """diff NEW compares with the bundled strategy; diff OLD NEW compares files."""
        edited = tmp_path / "edited.yaml"
        edited.write_text(
            ncts.dumps(ncts.load()).replace("nl: Online aanpak", "nl: Online")
        )
        code, out = run("diff", str(edited))
        assert code == 0
        assert '`text.nl`: "Online aanpak" → "Online"' in out
        code, out = run("diff", str(edited), str(edited), "--format", "json")
        assert '"changes": []' in out

    def test_schema(self) -> None:
        """schema prints the JSON Schemas."""
        import json

        assert json.loads(run("schema")[1]) == ncts.json_schema()
        assert json.loads(run("schema", "overlay")[1]) == ncts.json_schema("overlay")


class TestColour:
    def test_no_colour_when_piped(self) -> None:
        """Output to a non-terminal has no escape codes."""
        assert "\033[" not in run("show")[1]

    def test_colour_on_a_terminal_unless_no_color(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal the IDs are bold, unless NO_COLOR is set."""

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        monkeypatch.delenv("NO_COLOR", raising=False)
        terminal = Terminal()
        main(["show"], out=terminal)
        assert "\033[1mVK6\033[0m" in terminal.getvalue()
        monkeypatch.setenv("NO_COLOR", "1")
        terminal = Terminal()
        main(["show"], out=terminal)
        assert "\033[" not in terminal.getvalue()


class TestValidateInAProcess:
    def test_exit_codes(self, tmp_path: Path) -> None:
        """A real process: 0 for valid files, 1 for invalid ones, 2 for usage; no traceback."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: [\n")
        for argv, expected in (
            (["validate", str(EXAMPLES / "template.yaml")], 0),
            (["validate", str(bad)], 1),
            (["validate"], 2),
            (["export", "--format", "png"], 2),
        ):
            done = subprocess.run(
                [sys.executable, "-m", "ncts", *argv],
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == expected, (argv, done.stderr)
            assert "Traceback" not in done.stderr


def run_err(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class TestProvenance:
    """What the data is, and where each part comes from, shows on the command line."""

    def test_show_says_what_is_transcribed(self) -> None:
        """The tree's header names the transcribed summary and, in English, the translator."""
        summary = ncts.load().source
        assert summary is not None
        _, dutch = run("show")
        _, english = run("show", "--lang", "en")
        assert f"getranscribeerd uit: {summary.title}" in dutch.splitlines()[1]
        assert f"transcribed from: {summary.title}" in english.splitlines()[1]
        assert "our own translation" in english.splitlines()[2]
        assert "translation" not in dutch.lower()

    def test_show_gives_each_goals_status(self) -> None:
        """Each goal's line says whether its wording is quoted or modelled."""
        _, english = run("show", "--lang", "en")
        goals = {line.split()[0]: line for line in english.splitlines()[4:8]}
        assert goals["G1"].split()[1] == "[quoted]"
        assert {goals[g].split()[1] for g in ("G2", "G3", "G4")} == {"[modelled]"}
        _, dutch = run("show")
        assert "G1  [geciteerd]" in dutch
        assert "G2  [gemodelleerd]" in dutch

    def test_get_goal(self) -> None:
        """get G1 shows the NCTV's goal, its status, what it cites and the rule."""
        code, out = run("get", "G1", "--lang", "en")
        assert code == 0
        lines = out.splitlines()
        assert lines[0].startswith("G1  goal  Gaining timely insight")
        assert "  status: quoted" in lines
        assert any(
            line.startswith("  cites: nctv-onderwerp > ")
            and "Verwerven: Tijdig" in line
            for line in lines
        )
        assert any("The rule for all four goals" in line for line in lines)
        assert "  <- VW  contributes_to (stated, L4): " in out
        _, g2 = run("get", "G2")
        assert "  status: modelled" in g2.splitlines()
        assert "  cites: nctv-samenvatting > Speerpunten > Voorkomen" in g2.splitlines()

    def test_get_source(self) -> None:
        """get of a source shows its title, address, role and dates."""
        code, out = run("get", "aivd-vastgesteld")
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == (
            "aivd-vastgesteld  source  Nieuwe Contraterrorisme Strategie is vastgesteld"
        )
        assert "  role: cited" in lines
        assert "  published: 2022-05-23" in lines
        assert any(line.startswith("  url: https://www.aivd.nl/") for line in lines)

    def test_get_link_by_id(self) -> None:
        """A link's ID names it: get L10 shows its ends, basis and evidence."""
        code, out = run("get", "L10")
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == "L10  link  VK6 -> FT1  addresses (derived)"
        assert len([line for line in lines if line.startswith("  evidence: ")]) == 2
        code, out = run("get", "L10", "--format", "json")
        assert code == 0
        assert '"target": "FT1"' in out

    def test_get_errata_and_notes(self) -> None:
        """Errata show their kind; a noted one says the text is kept; notes show in English."""
        _, out = run("get", "VB2")
        assert (
            "  erratum (noted): text.nl: 'Robuuster en flexibeler', kept as the "
            "source has it" in out.splitlines()
        )
        _, out = run("get", "VK4")
        assert "  erratum (typo): text.nl: 'versturende' -> 'verstorende'" in out
        _, english = run("get", "VW1", "--lang", "en")
        assert "  translator's note (text): 'Collection' renders verwerving" in english
        _, dutch = run("get", "VW1")
        assert "translator's note" not in dutch

    def test_diff_between_releases(self) -> None:
        """diff --release compares a shipped release with the bundled data or a file."""
        code, out = run("diff", "--release", "1.0.0")
        assert code == 0
        assert out.startswith(
            "# Changes from NCTS-2022-2026 1.0.0 to NCTS-2022-2026 1.1.0\n"
        )
        assert "- link `VB4 -> FT2 (addresses)`" in out
        code, out = run("diff", "--release", "1.1.0")
        assert (code, "## " in out) == (0, False)

    @pytest.mark.parametrize(
        "argv",
        [
            ["diff"],
            ["diff", "--release", "1.0.0", "a.yaml", "b.yaml"],
            ["diff", "--release", "0.9"],
        ],
    )
    def test_diff_usage(self, argv: list[str]) -> None:
        """A diff with nothing to compare, or too much, is a usage error: exit 2."""
        code, out, err = run_err(*argv)
        assert code == 2
        assert out == ""
        assert len(err.splitlines()) == 1
        assert err.startswith("ncts: error: ")


class TestValidateManyProblems:
    def _wide(self, tmp_path: Path, keys: int) -> Path:
        lines = ["id: S1", "title: {nl: T}", "period: {start: 2024, end: 2026}"]
        lines += ["data_version: '1'", *(f"k{i}: 1" for i in range(keys))]
        path = tmp_path / "wide.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def test_first_problems_then_how_many_more(self, tmp_path: Path) -> None:
        """validate shows the first 20 problems, in file order, and counts the rest."""
        path = self._wide(tmp_path, 250)
        code, out, _ = run_err("validate", str(path))
        lines = out.splitlines()
        assert code == 1
        assert len(lines) == 21
        assert [line.split(": ")[1] for line in lines[:20]] == [
            f"k{i}" for i in range(20)
        ]
        assert [int(line.split(":")[1]) for line in lines[:20]] == list(range(5, 25))
        assert lines[20] == f"{path}: ...and 230 more problems (--all shows every one)"

    def test_all(self, tmp_path: Path) -> None:
        """--all shows every problem, and no count."""
        path = self._wide(tmp_path, 25)
        code, out, _ = run_err("validate", "--all", str(path))
        assert code == 1
        assert len(out.splitlines()) == 25
        assert "more problem" not in out

"""The sdist and the wheel are byte-reproducible.

.ci/reproducible.py builds both twice from fresh clones, the way a release does, and
compares their SHA-256 (in .ci/run). These tests build in-process with the same
backend, from two copies of the tree that differ in everything a build must not
depend on: folder, file times, permissions (not the executable bit, which git
keeps), umask and the time of the build. They also check the mechanism: every
archive entry carries SOURCE_DATE_EPOCH and normal permissions.
The second copy's files are written in reverse order, so that a build that lists a
folder in the order the file system gives would not pass.
"""

from __future__ import annotations

import ast
import datetime
import gzip
import hashlib
import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hatchling.builders.sdist import SdistBuilder
from hatchling.builders.wheel import WheelBuilder
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    return [name for name in out.decode().split("\0") if name]


@pytest.fixture(scope="module")
def files() -> list[str]:
    return tracked_files()


def copy_tree(
    files: list[str], target: Path, *, mode: int, mtime: float, reverse: bool = False
) -> Path:
    """Copy the tracked files; give each *mode* (plus x if git has it) and *mtime*."""
    for name in sorted(files, reverse=reverse):
        source = ROOT / name
        if not source.is_file():  # deleted in the work tree
            continue
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        executable = source.stat().st_mode & stat.S_IXUSR
        dest.chmod(mode | (0o111 & (mode >> 2) if executable else 0))
        os.utime(dest, (mtime, mtime))
    for folder in sorted({p for p in target.rglob("*") if p.is_dir()}, reverse=True):
        folder.chmod(mode | 0o100)
    return target


def build(source: Path, out: Path, epoch: int | None = EPOCH) -> dict[str, bytes]:
    """Build the sdist and the wheel from *source*; return name -> bytes."""
    env = dict(os.environ)
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        paths = [
            *SdistBuilder(str(source)).build(directory=str(out), versions=["standard"]),
            *WheelBuilder(str(source)).build(directory=str(out), versions=["standard"]),
        ]
    finally:
        os.environ.clear()
        os.environ.update(env)
    return {Path(p).name: Path(p).read_bytes() for p in paths}


@pytest.fixture(scope="module")
def builds(
    files: list[str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    first_tree = copy_tree(
        files, tmp_path_factory.mktemp("a") / "ncts", mode=0o644, mtime=time.time()
    )
    first = build(first_tree, tmp_path_factory.mktemp("out-a"))
    old_umask = os.umask(0o077)
    try:
        second_tree = copy_tree(
            files,
            tmp_path_factory.mktemp("b") / "elsewhere" / "ncts-copy",
            mode=0o600,
            mtime=time.time() + 86_400 * 400,
            reverse=True,
        )
        time.sleep(1.1)  # another second on the clock
        second = build(second_tree, tmp_path_factory.mktemp("out-b"))
    finally:
        os.umask(old_umask)
    return first, second


def digests(built: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in built.items()}


def test_two_builds_give_byte_identical_files(
    builds: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    first, second = builds
    assert sorted(name.rsplit(".", 1)[1] for name in first) == ["gz", "whl"]
    assert digests(first) == digests(second)


def test_the_epoch_is_what_the_archives_say_about_time(
    builds: tuple[dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """The file times of the tree do not reach the archives; the epoch does."""
    first, _ = builds
    wheel = next(data for name, data in first.items() if name.endswith(".whl"))
    sdist = next(data for name, data in first.items() if name.endswith(".tar.gz"))
    stamp = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc)
    (tmp_path / "w.whl").write_bytes(wheel)
    with zipfile.ZipFile(tmp_path / "w.whl") as archive:
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {stamp.timetuple()[:6]}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} <= {0o644, 0o755}

    (tmp_path / "s.tar.gz").write_bytes(sdist)
    with gzip.open(tmp_path / "s.tar.gz") as raw:
        raw.read(1)
        assert raw.mtime in (0, EPOCH)
    with tarfile.open(tmp_path / "s.tar.gz") as archive:
        members = archive.getmembers()
    assert {m.mtime for m in members} == {EPOCH}
    assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
    assert {m.mode & 0o777 for m in members} <= {0o644, 0o755}


def test_another_epoch_gives_other_bytes(
    builds: tuple[dict[str, bytes], dict[str, bytes]],
    files: list[str],
    tmp_path: Path,
) -> None:
    """The control: time does reach the bytes, so CI fixes it to the last commit's."""
    first, _ = builds
    tree = copy_tree(files, tmp_path / "ncts", mode=0o644, mtime=time.time())
    later = build(tree, tmp_path / "out", epoch=EPOCH + 86_400)
    assert digests(later) != digests(first)
    assert set(later) == set(first)


def test_the_build_backend_is_pinned_within_what_pyproject_asks() -> None:
    """CI and the release build with .ci/build-constraints.txt: a pinned hatchling."""
    pins = {}
    for line in (
        (ROOT / ".ci" / "build-constraints.txt").read_text("utf-8").splitlines()
    ):
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name] = version
    # tomllib is 3.11's; the build-system table's requires is one line of strings.
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    match = re.search(r"^requires = (\[.*\])$", pyproject, re.MULTILINE)
    assert match is not None
    requires = ast.literal_eval(match.group(1))
    for text in requires:
        requirement = Requirement(text)
        assert requirement.name in pins, f"{requirement.name} is not pinned"
        assert requirement.specifier.contains(pins[requirement.name])


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "reproducible", ROOT / ".ci" / "reproducible.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["reproducible"] = module
    spec.loader.exec_module(module)
    return module


def test_the_ci_comparison_fails_when_the_builds_differ(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = _load_script()
    results = iter(
        [
            {"ncts-0.1.0.tar.gz": "aa", "ncts-0.1.0-py3-none-any.whl": "bb"},
            {"ncts-0.1.0.tar.gz": "aa", "ncts-0.1.0-py3-none-any.whl": "cc"},
        ]
    )
    monkeypatch.setattr(script, "build", lambda *args: next(results))
    monkeypatch.setattr(script.time, "sleep", lambda seconds: None)
    assert script.main(tmp_path / "dist") == 1
    out, err = capsys.readouterr()
    assert "DIFFERENT  bb  cc  ncts-0.1.0-py3-none-any.whl" in out
    assert "the two builds differ" in err
    assert not (tmp_path / "dist").exists()


# The release workflow publishes what one build made, with the least permissions.


def workflow(name: str) -> dict[Any, Any]:
    text = (ROOT / ".github" / "workflows" / name).read_text("utf-8")
    loaded: dict[Any, Any] = yaml.safe_load(text)
    return loaded


def test_the_release_uses_no_stored_secret_and_grants_per_job() -> None:
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8")
    assert "secrets." not in text
    release = workflow("release.yml")
    assert release["permissions"] == {}
    writers = {
        name: job["permissions"]
        for name, job in release["jobs"].items()
        if any(v == "write" for v in job["permissions"].values())
    }
    assert writers == {
        "attest": {"attestations": "write", "contents": "read", "id-token": "write"},
        "publish": {"id-token": "write"},
        "forge-release": {"contents": "write"},
    }
    assert workflow("ci.yml")["permissions"] == {"contents": "read"}


def test_the_release_builds_once_and_publishes_that_build() -> None:
    jobs = workflow("release.yml")["jobs"]
    runs = {
        name: " ".join(step.get("run", "") for step in job["steps"])
        for name, job in jobs.items()
    }
    assert [n for n, run in runs.items() if ".ci/reproducible.py" in run] == ["build"]
    assert not any("-m build" in run for run in runs.values())
    publish = jobs["publish"]
    assert publish["needs"] == ["build", "attest"]
    assert publish["environment"]["name"] == "pypi"
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert uses[0].startswith("actions/download-artifact@")
    assert uses[1].startswith("pypa/gh-action-pypi-publish@")
    assert jobs["build"]["needs"] == "check"
    # Triggered by a version tag only.
    assert list(workflow("release.yml")[True]) == ["push"]  # YAML 1.1 reads on: as True


def test_ci_installs_the_wheel_as_the_readme_says() -> None:
    """The README's --require-hashes command is the one .ci/run runs on its build."""
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = "pip install --require-hashes -r requirements-hashes.txt"
    assert f"$ python3 -m {command}" in readme
    assert command.replace("install", "install -q") in ci
    assert ".ci/reproducible.py dist" in readme
    assert ".ci/reproducible.py dist" in ci


def test_the_wheel_holds_every_file_the_package_reads(
    builds: tuple[dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """.ci/check_dist.py passes the build, and fails it without a web-page asset,
    a data release or the pre-built strategy (each read at run time)."""
    import zipfile

    check = [sys.executable, str(ROOT / ".ci" / "check_dist.py")]
    first, _ = builds
    for name, data in first.items():
        (tmp_path / name).write_bytes(data)
    assert subprocess.run([*check, str(tmp_path)], capture_output=True).returncode == 0
    [wheel] = tmp_path.glob("*.whl")
    for left_out in (
        "ncts/assets/page.js",
        "ncts/data/ncts-2022-2026-1.0.0.yaml",
        "ncts/_bundled.py",
    ):
        folder = tmp_path / left_out.replace("/", "_")
        folder.mkdir()
        for other in tmp_path.glob("*.tar.gz"):
            (folder / other.name).write_bytes(other.read_bytes())
        with (
            zipfile.ZipFile(wheel) as source,
            zipfile.ZipFile(folder / wheel.name, "w") as copy,
        ):
            for item in source.infolist():
                if item.filename != left_out:
                    copy.writestr(item, source.read(item))
        run = subprocess.run([*check, str(folder)], capture_output=True, text=True)
        assert run.returncode == 1, left_out
        assert f"{left_out} is missing" in run.stdout + run.stderr

"""Check what the built wheel and sdist hold: what must be there, and nothing else.

Usage: python .ci/check_dist.py DIST_FOLDER
"""

import sys
import tarfile
import zipfile
from pathlib import Path


def main(folder: Path) -> int:
    """Print what is missing from or stray in the wheel and sdist; 1 if anything."""
    [wheel] = folder.glob("*.whl")
    [sdist] = folder.glob("*.tar.gz")
    problems = []

    names = zipfile.ZipFile(wheel).namelist()
    # Every file the package reads at run time, from where the checkout keeps it:
    # the data and its releases, the examples, the web page's assets.
    root = Path(__file__).resolve().parent.parent
    package_data = [
        *(f"ncts/data/{p.name}" for p in sorted((root / "data").iterdir())),
        *(
            f"ncts/data/examples/{p.name}"
            for p in sorted((root / "docs/examples").glob("*.yaml"))
        ),
        *(
            f"ncts/assets/{p.name}"
            for p in sorted((root / "src/ncts/assets").iterdir())
        ),
    ]
    for required in (
        "ncts/__init__.py",
        "ncts/_bundled.py",
        "ncts/py.typed",
        "_ncts_entry.py",
        *package_data,
    ):
        if required not in names:
            problems.append(f"{wheel.name}: {required} is missing")
    for name in names:
        top = name.split("/")[0]
        if not (top in ("ncts", "_ncts_entry.py") or top.endswith(".dist-info")):
            problems.append(f"{wheel.name}: {name} should not be in the wheel")
        if "__pycache__" in name or name.endswith((".pyc", ".orig", ".rej")):
            problems.append(f"{wheel.name}: {name} is a stray file")

    with tarfile.open(sdist) as archive:
        members = [m.split("/", 1)[-1] for m in archive.getnames()]
    for required in (
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "data/ncts-2022-2026.yaml",
        "data/LICENSE",
        "src/ncts/py.typed",
        "tests/data/ncts-2022-2026-samenvatting.txt",
    ):
        if required not in members:
            problems.append(f"{sdist.name}: {required} is missing")
    for name in members:
        if name.startswith((".venv", ".git/", "dist/")) or "__pycache__" in name:
            problems.append(f"{sdist.name}: {name} should not be in the sdist")

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(
            f"{wheel.name}: {len(names)} files; {sdist.name}: {len(members)} files; ok"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

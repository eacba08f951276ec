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
    for required in (
        "ncts/__init__.py",
        "ncts/py.typed",
        "_ncts_entry.py",
        "ncts/data/ncts-2022-2026.yaml",
        "ncts/data/skos-context.jsonld",
        "ncts/data/examples/overlay.yaml",
        "ncts/data/examples/fictiestad-2025-2028.yaml",
        "ncts/data/examples/template.yaml",
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

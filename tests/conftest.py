"""Shared test set-up: Hypothesis profiles and fixtures."""

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

import ncts

# "dev" is quick for local runs; "ci" is what .ci/run uses; pick with
# HYPOTHESIS_PROFILE=... (CI=true selects "ci"). The CI run must stay under eight
# minutes on two cores, so "ci" runs 75 examples per property (the long runs of the
# fuzz tests are made apart, see docs/hardening.md); "smoke" is for the second
# Python version in CI, which checks that everything runs there, not more cases.
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=75,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# "mutation" is what benchmarks/mutate.py uses: "dev", reproducible, no database,
# and no shrinking (a mutant only needs a failing example, not the smallest one:
# shrinking a generated strategy took minutes per mutant).
settings.register_profile(
    "mutation",
    parent=settings.get_profile("dev"),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.register_profile(
    "smoke",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_default = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "ncts-2022-2026.yaml"
SEED_FILE = Path(__file__).resolve().parent / "data" / "ncts-2022-2026-samenvatting.txt"


@pytest.fixture(scope="session")
def strategy() -> ncts.Strategy:
    return ncts.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


def nesting_depth(doc: Any) -> int:
    """How deeply *doc* nests mappings and lists (a plain value is 0)."""
    if isinstance(doc, dict):
        return 1 + max(map(nesting_depth, doc.values()), default=0)
    if isinstance(doc, list):
        return 1 + max(map(nesting_depth, doc), default=0)
    return 0

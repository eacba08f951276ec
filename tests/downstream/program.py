"""A small downstream program, type-checked with mypy --strict against the installed wheel.

CI installs only the built wheel (and mypy) in a fresh environment, copies this file
to an unrelated folder and runs ``mypy --strict`` on it, then runs it.
"""

from collections.abc import Mapping

import ncts


def speerpunten_serving(goal: str) -> list[tuple[str, str]]:
    strategy: ncts.Strategy = ncts.load()
    found: tuple[ncts.Connection, ...] = ncts.connected(strategy, goal, "speerpunt")
    return [(c.id, c.basis.value) for c in found]


def main() -> int:
    strategy = ncts.load()
    element = strategy["VK6"]
    assert isinstance(element, ncts.Speerpunt)
    kinds: frozenset[ncts.Kind] = element.kinds
    text: str = ncts.dumps(strategy, "json")
    again: ncts.Strategy = ncts.loads(text, "json")
    diff: ncts.Diff = ncts.diff(strategy, again)
    hits: tuple[ncts.SearchHit, ...] = ncts.search(strategy, "reintegratie")
    overlay: ncts.Overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    gaps: ncts.Gaps = ncts.gaps(strategy, overlays=[overlay])
    as_mapping: Mapping[str, tuple[str, ...]] = gaps  # read as the dict it was
    ranking: ncts.Ranking = ncts.centrality(strategy)
    best: tuple[str, float] = ranking[0]
    try:
        strategy["VK9"]
    except ncts.UnknownIdError as exc:
        suggestions: tuple[str, ...] = exc.suggestions
        print(suggestions)
    print(len(kinds), bool(diff), hits[0].element.id, len(as_mapping["speerpunt"]))
    print(best[0])
    print(speerpunten_serving("G2"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

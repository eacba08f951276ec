"""A small downstream program, type-checked with mypy --strict against the installed wheel.

CI installs only the built wheel (and mypy) in a fresh environment, copies this file
to an unrelated folder and runs ``mypy --strict`` on it, then runs it.
"""

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
    hits: tuple[ncts.SearchHit, ...] = strategy.search("reintegratie")
    overlay: ncts.Overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
    gaps: dict[str, tuple[str, ...]] = ncts.gaps(strategy, overlays=[overlay])
    try:
        strategy["VK9"]
    except ncts.UnknownIdError as exc:
        suggestions: tuple[str, ...] = exc.suggestions
        print(suggestions)
    print(len(kinds), bool(diff), hits[0].element.id, len(gaps["speerpunt"]))
    print(speerpunten_serving("G2"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

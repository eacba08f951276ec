"""Objects and errors survive pickle, copy and deepcopy: what multiprocessing,
joblib and notebook caches do with them.

A strategy pickles as the call that builds it (its fields), never with the
indexes and caches it works out for itself: a searched strategy pickled to an
error before (a weak reference in its search index), and the results Gaps,
Counts and Work, ValidationError and FileError could not be pickled or copied
at all.
"""

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ncts
from ncts.testing import strategies


def _round_trips(value: object) -> list[tuple[str, object]]:
    return [
        ("pickle", pickle.loads(pickle.dumps(value))),
        ("pickle 2", pickle.loads(pickle.dumps(value, protocol=2))),
        ("copy", copy.copy(value)),
        ("deepcopy", copy.deepcopy(value)),
    ]


def _use_every_cache(strategy: ncts.Strategy) -> None:
    """Fill the caches a strategy works out on use."""
    ncts.search(strategy, "a")
    ncts.to_graph(strategy)
    for speerpunt in strategy.speerpunten:
        strategy.area_of(speerpunt.id.lower())
        strategy.path_of(speerpunt.id)
    for link in strategy.links:
        if link.id:
            strategy.link(link.id)


class TestStrategies:
    @settings(max_examples=15)
    @given(strategy=strategies())
    def test_any_strategy_after_use(self, strategy: ncts.Strategy) -> None:
        """Equal after each round trip, and as usable: lookups and search work on
        the copy, which is checked as the original was."""
        _use_every_cache(strategy)
        for how, again in _round_trips(strategy):
            assert type(again) is ncts.Strategy, how
            assert again == strategy, how
            assert list(again) == list(strategy), how
            assert ncts.search(again, "a") == ncts.search(strategy, "a"), how
            assert ncts.dumps(again) == ncts.dumps(strategy), how

    def test_caches_are_not_pickled(self) -> None:
        """A used strategy pickles to the same bytes as a fresh one."""
        fresh = ncts.loads(ncts.dumps(ncts.load()))
        used = ncts.loads(ncts.dumps(ncts.load()))
        _use_every_cache(used)
        assert pickle.dumps(used) == pickle.dumps(fresh)

    def test_elements_and_overlay(self) -> None:
        strategy = ncts.load()
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        values: list[object] = [
            *strategy.values(),
            *strategy.links,
            *strategy.sources,
            strategy.period,
            overlay,
            *overlay.values(),
        ]
        for value in values:
            for how, again in _round_trips(value):
                assert type(again) is type(value), (how, value)
                assert again == value, (how, value)


#: Every kind of result, on the bundled strategy and the example overlay.
_RESULTS: dict[str, Callable[[ncts.Strategy, ncts.Overlay], object]] = {
    "coverage": lambda s, o: ncts.coverage(s),
    "gaps": lambda s, o: ncts.gaps(s),
    "counts": lambda s, o: ncts.counts(s),
    "work": lambda s, o: ncts.work(s, [o]),
    "centrality": lambda s, o: ncts.centrality(s),
    "search": lambda s, o: ncts.search(s, "online"),
    "connected": lambda s, o: ncts.connected(s, "G2", "speerpunt"),
    "paths": lambda s, o: ncts.paths(s, "VK6", "G2"),
    "diff": lambda s, o: ncts.diff(
        ncts.load(), ncts.load(ncts.example_path("template.yaml"))
    ),
}


@pytest.mark.parametrize("name", sorted(_RESULTS))
def test_results(name: str) -> None:
    """Each result type, with its data: equal after each round trip."""
    value = _RESULTS[name](
        ncts.load(), ncts.load_overlay(ncts.example_path("overlay.yaml"))
    )
    assert value  # something to compare
    for how, again in _round_trips(value):
        assert type(again) is type(value), how
        assert again == value, how
        assert repr(again) == repr(value), how


def _raised(action: Callable[[], object]) -> BaseException:
    with pytest.raises(ncts.NctsError) as info:
        action()
    return info.value


#: Each error type, raised by a real misuse.
_ERRORS: dict[str, Callable[[], object]] = {
    "UnknownIdError": lambda: ncts.load()["VK66"],
    "ParseError": lambda: ncts.loads("id: [", format="yaml"),
    "ValidationError": lambda: ncts.loads("id: x\n", format="yaml"),
    "FileError": lambda: ncts.load("no-such-file.yaml"),
    "FormatError": lambda: ncts.dumps(ncts.load(), format="toml"),  # type: ignore[arg-type]
    "QueryError": lambda: ncts.connected(ncts.load(), "VK6", "nope"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", sorted(_ERRORS))
def test_errors(name: str) -> None:
    """An error raised in a worker process reaches the parent whole: same type,
    message and attributes (a ValidationError's problems, a FileError's path)."""
    error = _raised(_ERRORS[name])
    assert type(error).__name__ == name
    for how, again in _round_trips(error):
        assert type(again) is type(error), how
        assert str(again) == str(error), how
        assert again.args == error.args, how
        assert vars(again) == vars(error), how


@given(
    problems=st.lists(
        st.builds(
            ncts.Problem,
            path=st.text(max_size=10),
            message=st.text(min_size=1, max_size=20),
            line=st.none() | st.integers(1, 10**6),
        ),
        min_size=1,
        max_size=30,
    ),
    file=st.none() | st.text(max_size=10),
)
def test_any_validation_error(problems: list[Any], file: str | None) -> None:
    error = ncts.ValidationError(problems, file=file)
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    assert again.file == error.file
    assert str(again) == str(error)

"""Work bounded by counting, never by timing: code generation and reference cycles.

cattrs generates (and compiles) a structuring and an unstructuring function per
class. That must happen once per class in a process, not on every ``diff``, nor
again for a ``loads`` or ``dumps`` that follows one.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given

import ncts
from ncts.testing import strategies


@contextlib.contextmanager
def counting_compiles() -> Iterator[list[str]]:
    """Count the calls to ``compile`` (each code generation makes one)."""
    calls: list[str] = []
    real = builtins.compile

    def counted(source: Any, filename: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(filename))
        return real(source, filename, *args, **kwargs)

    builtins.compile = counted
    try:
        yield calls
    finally:
        builtins.compile = real


def _edited(s: ncts.Strategy) -> ncts.Strategy:
    return attrs.evolve(s, data_version=s.data_version + ".1")


def _every_path(s: ncts.Strategy) -> list[Callable[[], object]]:
    """Every operation that unstructures or structures: diff, dumps, loads."""
    edited = _edited(s)
    yaml_text, json_text = ncts.dumps(s), ncts.dumps(s, "json")
    return [
        lambda: ncts.diff(s, edited),
        lambda: ncts.dumps(s),
        lambda: ncts.dumps(s, "json"),
        lambda: ncts.loads(yaml_text),
        lambda: ncts.loads(json_text, "json"),
        lambda: ncts.to_graph(s),
    ]


def _fictiestad() -> ncts.Strategy:
    return ncts.load(ncts.example_path("fictiestad-2025-2028.yaml"))


@functools.cache
def _warm_up() -> None:
    for operation in _every_path(_fictiestad()):
        operation()


class TestNoCodeGenerationAfterTheFirstUse:
    def test_the_counter_counts(self) -> None:
        with counting_compiles() as calls:
            compile("1", "<counted>", "eval")
        assert calls == ["<counted>"]

    @pytest.mark.parametrize("first", range(6))
    def test_diff_loads_and_dumps_in_any_order_compile_nothing(
        self, first: int
    ) -> None:
        s = _fictiestad()
        operations = _every_path(s)
        for operation in operations:  # every class's hooks are made here
            operation()
        # Then any of them first, and all of them after it, twice over.
        order = [operations[first], *operations, *operations]
        with counting_compiles() as calls:
            for operation in order:
                operation()
        assert calls == []

    def test_repeated_diff_compiles_nothing(self) -> None:
        s = ncts.load()
        edited = _edited(s)
        ncts.diff(s, edited)
        with counting_compiles() as calls:
            for _ in range(3):
                assert len(ncts.diff(s, edited)) == 1
        assert calls == []

    def test_an_overlay_does_not_undo_the_strategy_hooks(self) -> None:
        # The overlay's enums are registered when an overlay is first read; a
        # registration empties cattrs' caches, which must not cost a recompile.
        s = _fictiestad()
        operations = _every_path(s)
        for operation in operations:
            operation()
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        ncts.dumps(overlay)
        with counting_compiles() as calls:
            for operation in operations:
                operation()
        assert calls == []

    @given(strategies())
    def test_any_strategy_after_warm_up(self, s: ncts.Strategy) -> None:
        _warm_up()
        operations = _every_path(s)
        with counting_compiles() as calls:
            for operation in operations:
                operation()
        assert calls == []

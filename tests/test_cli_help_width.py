"""The command line's help is wrapped as argparse's own formatter wraps it.

``ncts._cli`` finds the terminal's width without importing :mod:`shutil`
(docs/performance.md: a tenth of a command's start-up). The oracle is the standard
library: ``shutil.get_terminal_size`` and argparse's ``HelpFormatter``.
"""

import argparse
import os
import shutil
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ncts import _cli

_COLUMNS = (
    st.none()
    | st.integers(-5, 300).map(str)
    | st.sampled_from(["", " 90 ", "+70", "8_0", "abc", "1e2", "٨٠", "0x50", "\t60\n"])
    | st.text(max_size=4)
)


def _env(columns: str | None) -> Any:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    return mock.patch.dict(os.environ, env, clear=True)


@given(_COLUMNS)
@example("0")  # not a width: the terminal's
@example("1")
@example("-1")
def test_the_width_is_shutils(columns: str | None) -> None:
    if columns is not None and "\0" in columns:
        return  # not a value an environment can hold
    # A terminal of 123 columns, for both: shutil asks os.get_terminal_size too.
    terminal = mock.patch.object(
        os, "get_terminal_size", return_value=os.terminal_size((123, 45))
    )
    with _env(columns), terminal:
        assert _cli.help_columns() == shutil.get_terminal_size().columns


def test_the_help_never_asks_shutil(monkeypatch: pytest.MonkeyPatch) -> None:
    def asked(*args: object) -> os.terminal_size:
        raise AssertionError("shutil.get_terminal_size was called")

    monkeypatch.setattr(shutil, "get_terminal_size", asked)
    for parser in _parsers():
        assert parser.format_help()


def _parsers() -> list[argparse.ArgumentParser]:
    parser = _cli.build_parser()
    subparsers = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    )
    return [parser, *subparsers.choices.values()]


@pytest.mark.parametrize("columns", [None, "40", "79", "120", "x"])
def test_every_help_is_wrapped_as_argparse_wraps_it(columns: str | None) -> None:
    with _env(columns):
        for parser in _parsers():
            ours = parser.format_help()
            parser.formatter_class = argparse.HelpFormatter
            assert ours == parser.format_help(), parser.prog

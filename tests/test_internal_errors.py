"""A bug inside ncts is never reported as bad input (review H1).

Each test breaks ncts on purpose, by putting a broken structure hook, check,
constructor or command in place, and checks that the bug comes out as an
``ncts.InternalError`` (or the original exception) with its traceback, never as a
``ValidationError`` about the data; that the command line shows it as one line
asking for a report, with exit code 70; and that the tests meant to notice such a
bug (the no-bare-exception tests, the fuzzers) fail when there is one.
"""

import builtins
import contextlib
import io
import json
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import _cli, _convert
from ncts._cli import main
from ncts._model import text_problem

from . import test_cli_hostile, test_io
from .test_fuzz import _check_quietly

OVERLAY = ncts.example_path("overlay.yaml")
TEMPLATE = ncts.example_path("fictiestad-2025-2028.yaml")


class _Bug:
    """A broken function: each call raises a new exception like *error*, kept in
    ``raised`` (a bug raises a new exception each time, with its own traceback)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.raised: list[BaseException] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.broken()

    def broken(self) -> None:
        exc = type(self.error)(*self.error.args)
        self.raised.append(exc)
        raise exc


def _bug(error: BaseException) -> _Bug:
    return _Bug(error)


@contextlib.contextmanager
def _hook(cls: type, error: BaseException) -> Iterator[_Bug]:
    """Structure *cls* with a hook that raises *error*, in a converter of its own."""
    _convert._converter.cache_clear()
    bug = _bug(error)
    _convert._converter().register_structure_hook(cls, bug)
    try:
        yield bug
    finally:
        _convert._converter.cache_clear()


@contextlib.contextmanager
def _text_check(error: BaseException) -> Iterator[_Bug]:
    """Check every required text with a function that raises *error*."""
    _convert._converter.cache_clear()
    fused = _convert._FUSED[(text_problem, str)]
    bug = _bug(error)
    _convert._FUSED[(text_problem, str)] = bug
    try:
        yield bug
    finally:
        _convert._FUSED[(text_problem, str)] = fused
        _convert._converter.cache_clear()


def _frames(exc: BaseException) -> list[str]:
    return [frame.name for frame in traceback.extract_tb(exc.__traceback__)]


_STRATEGY = TEMPLATE.read_text(encoding="utf-8")


class TestTheLoaderTellsABugFromBadData:
    @pytest.mark.parametrize(
        ("cls", "where"),
        [
            (ncts.Text, "title"),  # a field that holds an object
            (ncts.Period, "period"),
            (ncts.Area, "areas"),  # an item of a list
            (ncts.Speerpunt, "areas"),  # deeper: the area's hook reports it
        ],
    )
    def test_a_broken_hook_is_an_internal_error(self, cls: type, where: str) -> None:
        """The bug is chained, with its traceback, and named as ncts's own."""
        with (
            _hook(cls, TypeError("internal bug")) as bug,
            pytest.raises(ncts.InternalError) as info,
        ):
            ncts.loads(_STRATEGY)
        assert not isinstance(info.value, ncts.NctsError)
        assert info.value.__cause__ is bug.raised[0]  # the first one met
        assert "broken" in _frames(bug.raised[0])  # the traceback reaches the bug
        message = str(info.value)
        assert message.startswith(f"a bug in ncts, while structuring {where}")
        assert "TypeError: internal bug" in message
        assert "please report" in message

    def test_a_broken_check_is_an_internal_error(self) -> None:
        """A check that fails (rather than finding a problem) is a bug, not a problem."""
        with (
            _text_check(AttributeError("internal bug")) as bug,
            pytest.raises(ncts.InternalError) as info,
        ):
            ncts.loads(_STRATEGY, "yaml")
        assert info.value.__cause__ is bug.raised[0]

    def test_a_key_error_from_a_hook_is_not_a_missing_key(self) -> None:
        """Only cattrs' own look-up of a key is a missing key; a KeyError further
        down, even one named like the field, is a bug."""
        with (
            _hook(ncts.Text, KeyError("title")) as bug,
            pytest.raises(ncts.InternalError) as info,
        ):
            ncts.loads(_STRATEGY)
        assert info.value.__cause__ is bug.raised[0]
        # A key that is really missing is still the data's problem.
        with pytest.raises(ncts.ValidationError) as missing:
            ncts.loads('{"id": "S", "period": {"start": 2020, "end": 2021}}', "json")
        assert {(p.path, p.message) for p in missing.value.problems} == {
            ("title", "required key is missing"),
            ("data_version", "required key is missing"),
        }

    def test_a_broken_constructor_is_an_internal_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug in a class's own __init__ is told apart from its ValidationError."""
        bug = _bug(ZeroDivisionError("internal bug"))
        monkeypatch.setattr(ncts.Period, "__init__", bug)
        with pytest.raises(ncts.InternalError) as info:
            ncts.loads(_STRATEGY)
        assert info.value.__cause__ is bug.raised[0]

    def test_a_broken_overlay_hook_is_an_internal_error(self) -> None:
        """Overlays are structured the same way."""
        with (
            _hook(ncts.Record, TypeError("internal bug")) as bug,
            pytest.raises(ncts.InternalError) as info,
        ):
            ncts.load_overlay(OVERLAY)
        assert info.value.__cause__ is bug.raised[0]

    def test_without_a_bug_the_same_documents_load(self) -> None:
        """The broken hooks are gone after each test: the documents are valid."""
        assert ncts.loads(_STRATEGY).id
        assert ncts.load_overlay(OVERLAY).records


class TestTheCommandLine:
    def _run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    def test_internal_error_is_one_line_and_exit_70(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No traceback, a request for a report, and exit code 70 (EX_SOFTWARE)."""
        monkeypatch.delenv("NCTS_DEBUG", raising=False)
        with _hook(ncts.Text, TypeError("internal bug")):
            code, out, err = self._run("validate", str(TEMPLATE))
        assert code == 70
        assert 70 in _cli.EXIT_CODES
        assert out == ""
        assert err.count("\n") == 1
        assert err.startswith("ncts: internal error: a bug in ncts")
        assert "TypeError: internal bug" in err
        assert "please report" in err
        assert "NCTS_DEBUG=1" in err
        assert "Traceback" not in err

    def test_a_bug_in_a_command_is_an_internal_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug outside the loader (in the command itself) is reported the same way."""
        monkeypatch.delenv("NCTS_DEBUG", raising=False)
        monkeypatch.setattr(_cli, "render_tree", _bug(AttributeError("\x1b[2Jbug")))
        code, _, err = self._run("show")
        assert code == 70
        assert err.count("\n") == 1
        assert "AttributeError: \\x1b[2Jbug" in err  # escaped, like everything shown

    def test_ncts_debug_shows_the_traceback(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With NCTS_DEBUG=1 the traceback follows, down to the broken hook."""
        monkeypatch.setenv("NCTS_DEBUG", "1")
        with _hook(ncts.Text, TypeError("internal bug")):
            code, _, err = self._run("validate", str(TEMPLATE))
        assert code == 70
        lines = err.splitlines()
        assert lines[0].startswith("ncts: internal error: a bug in ncts")
        assert "  Traceback (most recent call last):" in lines
        assert any(", in broken" in line for line in lines)
        assert "  TypeError: internal bug" in lines

    def test_bad_data_still_exits_1(self) -> None:
        """The line between the two: invalid data is exit 1, not an internal error."""
        bad = json.dumps({"id": "S", "period": {"start": 2020, "end": 2021}})
        with _stdin(bad):
            code, out, _ = self._run("validate", "-")
        assert code == 1
        assert "required key is missing" in out

    def test_unreadable_bundled_data_is_shown_in_the_version(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken installation still answers --version, and says so."""
        monkeypatch.setattr(_cli, "load", _bug(ncts.ParseError("broken")))
        assert main(["--version"]) == 0
        assert capsys.readouterr().out.endswith(" (data unavailable)\n")


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    import sys

    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin = old


class TestTheTestsNoticeABug:
    """The tests meant to catch a bug disguised as bad input fail when there is one."""

    def test_the_no_bare_exception_test_fails(self) -> None:
        doc = json.loads(json.dumps(_convert.unstructure(ncts.loads(_STRATEGY))))
        inner = test_io.TestNeverABareException.test_any_document_shape.hypothesis.inner_test  # type: ignore[attr-defined]

        @given(st.just(doc))  # one example, inside Hypothesis (the test records events)
        def check(document: Any) -> None:
            inner(test_io.TestNeverABareException(), document)

        check()  # no bug: passes
        with (
            _hook(ncts.Text, TypeError("internal bug")),
            pytest.raises(ncts.InternalError),
        ):
            check()

    def test_the_fuzz_check_fails(self) -> None:
        _check_quietly(_STRATEGY, "yaml", overlay=False)  # no bug: passes
        with (
            _hook(ncts.Text, TypeError("internal bug")),
            pytest.raises(ncts.InternalError),
        ):
            _check_quietly(_STRATEGY, "yaml", overlay=False)

    def test_the_command_line_fuzzer_fails(self) -> None:
        check = test_cli_hostile.TestFuzz.test_any_document_any_arguments.hypothesis.inner_test  # type: ignore[attr-defined]
        doc = json.loads(json.dumps(_convert.unstructure(ncts.loads(_STRATEGY))))
        args = {"doc": doc, "fmt": "json", "verb": "validate", "words": []}
        check(test_cli_hostile.TestFuzz(), **args, options=[])  # no bug: passes
        with (
            _hook(ncts.Text, TypeError("internal bug")),
            pytest.raises(AssertionError, match="70"),
        ):
            check(test_cli_hostile.TestFuzz(), **args, options=[])


class TestOptionalDependencies:
    """A missing optional library is named with the command that installs it; a
    broken one (a library it needs fails to import) is not disguised as missing."""

    @pytest.fixture
    def strategy(self) -> ncts.Strategy:
        return ncts.loads(_STRATEGY)

    @staticmethod
    def _imports(
        monkeypatch: pytest.MonkeyPatch, module: str, error: ImportError
    ) -> None:
        real = builtins.__import__

        def fake(name: str, *args: Any, **kwargs: Any) -> Any:
            if name == module:
                raise error
            return real(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", fake)

    def test_missing_matplotlib(
        self, monkeypatch: pytest.MonkeyPatch, strategy: ncts.Strategy
    ) -> None:
        missing = ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")
        self._imports(monkeypatch, "matplotlib.pyplot", missing)
        with pytest.raises(ImportError, match=r"pip install 'ncts\[plot\]'") as info:
            ncts.plot(strategy)
        assert info.value.__cause__ is missing

    def test_broken_matplotlib(
        self, monkeypatch: pytest.MonkeyPatch, strategy: ncts.Strategy
    ) -> None:
        broken = ImportError("numpy is broken", name="numpy")
        self._imports(monkeypatch, "matplotlib.pyplot", broken)
        with pytest.raises(ImportError) as info:
            ncts.plot(strategy)
        assert info.value is broken

    def test_missing_pandas(
        self, monkeypatch: pytest.MonkeyPatch, strategy: ncts.Strategy
    ) -> None:
        missing = ModuleNotFoundError("No module named 'pandas'", name="pandas")
        self._imports(monkeypatch, "pandas", missing)
        with pytest.raises(ImportError, match=r"pip install 'ncts\[pandas\]'") as info:
            ncts.to_dataframe(strategy)
        assert info.value.__cause__ is missing

    def test_broken_pandas(
        self, monkeypatch: pytest.MonkeyPatch, strategy: ncts.Strategy
    ) -> None:
        broken = ImportError("numpy is broken", name="numpy")
        self._imports(monkeypatch, "pandas", broken)
        with pytest.raises(ImportError) as info:
            ncts.to_dataframe(strategy)
        assert info.value is broken

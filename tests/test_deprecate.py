"""Deprecated names keep working, warn, and point the warning at the caller.

Every entry of the registry (ncts._deprecate.DEPRECATIONS) is run through one check:
its example, written in a caller module of its own, gives what its replacement
gives, and warns once, with a DeprecationWarning that names the new name and the
release of removal, at the caller's file and line. A throwaway package exercises
each helper through the same check, so that the check itself is tested while the
registry is empty.
"""

import importlib.util
import itertools
import sys
import textwrap
import warnings
from pathlib import Path
from types import ModuleType

import pytest

import ncts
from ncts._deprecate import DEPRECATIONS, Deprecation, make_registry, renamed

_counter = itertools.count()


def _caller(folder: Path, imports: str, deprecation: Deprecation) -> ModuleType:
    """Write and import a module whose old() uses the old name, new() the new one."""
    name = f"caller_{next(_counter)}"
    path = folder / f"{name}.py"
    path.write_text(
        f"import {imports}\n\n\n"
        f"def old():\n    return {deprecation.example}\n\n\n"
        f"def new():\n    return {deprecation.replacement}\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_deprecation(folder: Path, imports: str, deprecation: Deprecation) -> None:
    """The old name works like the new one, and warns at the caller's line."""
    caller = _caller(folder, imports, deprecation)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        new = caller.new()
    assert [w for w in caught if w.category is DeprecationWarning] == []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = caller.old()
    assert old == new, deprecation.old
    [warning] = caught
    assert warning.category is DeprecationWarning
    assert warning.filename == caller.__file__
    assert warning.lineno == 5  # the line of `return <example>` in old()
    message = str(warning.message)
    assert deprecation.old in message
    assert f"use {deprecation.new} instead" in message
    assert f"removed in ncts {deprecation.remove_in}" in message


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


class TestRegistry:
    def test_every_deprecated_name_works_and_warns(self, tmp_path: Path) -> None:
        """The registry may be empty (no renames yet): TestHelpers runs the check."""
        for deprecation in DEPRECATIONS.values():
            check_deprecation(tmp_path, "ncts", deprecation)

    def test_entries_are_well_formed_and_not_overdue(self) -> None:
        """Removal waits for a major release after the deprecation, not yet here.

        docs/versioning.md: a deprecated name warns for at least one minor
        release and goes in the next major release. A name whose release of removal
        has come must be removed (and its entry with it).
        """
        for old, d in DEPRECATIONS.items():
            assert old == d.old
            assert old.split(".")[0] == "ncts"
            assert d.new.split(".")[0] == "ncts"
            since, remove_in = _version(d.since), _version(d.remove_in)
            assert remove_in[1:] == (0, 0), old
            assert remove_in[0] > since[0], old
            assert _version(ncts.__version__) < remove_in, f"{old} is overdue"
            if old.count(".") == 1:  # a module-level name (a method's may be reused)
                assert old.rpartition(".")[2] not in ncts.__all__

    def test_a_name_is_registered_once(self) -> None:
        d = Deprecation(
            "x.a", "x.b", since="1.1.0", remove_in="2.0.0", example="", replacement=""
        )
        with pytest.raises(ValueError, match=r"x\.a is deprecated twice"):
            make_registry([d, d])

    def test_unknown_module_name_is_an_attribute_error(self) -> None:
        """Names that were never deprecated stay errors, with Python's message."""
        with pytest.raises(
            AttributeError, match="module 'ncts' has no attribute 'nope'"
        ):
            ncts.nope  # noqa: B018
        assert not hasattr(ncts, "load_overlays")


# A throwaway package that uses every helper against its own registry.
DEMO = """
import attrs

from ncts._deprecate import Deprecation, deprecated, make_registry, renamed, renamed_member

def _entry(old, new, example, replacement):
    return Deprecation(old, new, since="0.2.0", remove_in="1.0.0",
                       example=example, replacement=replacement)

REGISTRY = make_registry([
    _entry("demo_pkg.old_name", "demo_pkg.new_name",
           "demo_pkg.old_name(2)", "demo_pkg.new_name(2)"),
    _entry("demo_pkg.twice", "demo_pkg.double",
           "demo_pkg.twice(4)", "demo_pkg.double(4)"),
    _entry("demo_pkg.Box.old_size", "demo_pkg.Box.size",
           "demo_pkg.Box(3).old_size()", "demo_pkg.Box(3).size()"),
    _entry("demo_pkg.Box.old_width", "demo_pkg.Box.width",
           "demo_pkg.Box(3).old_width", "demo_pkg.Box(3).width"),
    _entry("demo_pkg.Box.make", "demo_pkg.Box.build",
           "demo_pkg.Box.make(5)", "demo_pkg.Box.build(5)"),
])


def new_name(x):
    return x + 1


def double(x):
    return 2 * x


@deprecated("demo_pkg.twice", REGISTRY)
def twice(x):
    return double(x)


@attrs.frozen
class Box:
    width: int

    def size(self):
        return self.width * self.width

    @classmethod
    def build(cls, width):
        return cls(width)

    old_size = renamed_member("demo_pkg.Box.old_size", REGISTRY)
    old_width = renamed_member("demo_pkg.Box.old_width", REGISTRY)
    make = renamed_member("demo_pkg.Box.make", REGISTRY)


def __getattr__(name):
    return renamed(__name__, name, REGISTRY)
"""


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    package = tmp_path / "demo_pkg"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(DEMO), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "demo_pkg", raising=False)
    import demo_pkg  # type: ignore[import-not-found]

    module: ModuleType = demo_pkg
    return module


class TestHelpers:
    @pytest.mark.parametrize(
        "old",
        [
            "demo_pkg.old_name",  # a module-level name (module __getattr__)
            "demo_pkg.twice",  # a function kept, decorated with deprecated()
            "demo_pkg.Box.old_size",  # a renamed method
            "demo_pkg.Box.old_width",  # a renamed attrs field
            "demo_pkg.Box.make",  # a renamed classmethod, read from the class
        ],
    )
    def test_each_helper_works_and_warns_at_the_caller(
        self, demo: ModuleType, tmp_path: Path, old: str
    ) -> None:
        check_deprecation(tmp_path, "demo_pkg", demo.REGISTRY[old])

    def test_the_check_fails_when_the_warning_points_elsewhere(
        self, demo: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A wrong stack level puts the warning in another file: caught."""
        entry = demo.REGISTRY["demo_pkg.old_name"]
        original = Deprecation.warn
        monkeypatch.setattr(
            Deprecation, "warn", lambda self, stacklevel: original(self, stacklevel - 1)
        )
        with pytest.raises(AssertionError):
            check_deprecation(tmp_path, "demo_pkg", entry)

    def test_the_check_fails_when_the_old_name_does_not_warn(
        self, demo: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        entry = demo.REGISTRY["demo_pkg.twice"]
        monkeypatch.setattr(Deprecation, "warn", lambda self, stacklevel: None)
        with pytest.raises(ValueError, match="not enough values to unpack"):
            check_deprecation(tmp_path, "demo_pkg", entry)

    def test_unregistered_names_are_refused(self) -> None:
        from ncts._deprecate import deprecated, renamed_member

        with pytest.raises(LookupError, match=r"ncts\.x is not in the registry"):
            deprecated("ncts.x")
        with pytest.raises(LookupError, match=r"ncts\.y is not in the registry"):
            renamed_member("ncts.y")

    def test_renamed_gives_the_new_object(self, demo: ModuleType) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert renamed("demo_pkg", "old_name", demo.REGISTRY) is demo.new_name
        assert len(caught) == 1

    def test_the_decorated_function_keeps_its_name_and_says_it_is_deprecated(
        self, demo: ModuleType
    ) -> None:
        assert demo.twice.__name__ == "twice"
        assert demo.twice.__deprecated__ == demo.REGISTRY["demo_pkg.twice"].message

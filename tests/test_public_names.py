"""Every public class and function is shown as ncts.<name>: tracebacks, reprs, docs.

Issue 12, point 2: ``ncts.UnknownIdError``, not ``ncts._errors.UnknownIdError``.
Changing ``__module__`` must not break what reads it: type hints (attrs, cattrs,
Hypothesis), pickles, and doctest, which finds a class's examples only in the module
that ``__module__`` names (so each public object is listed in the ``__test__`` of the
module that defines it, and the examples run there, once).
"""

import doctest
import inspect
import pickle
import subprocess
import sys
import typing
from collections import Counter
from pathlib import Path

import pytest

import ncts

# Every public name that is a class or a function (not __version__, not the Element
# type alias). Reading them through ncts loads the lazily imported modules.
PUBLIC = sorted(
    name
    for name in ncts.__all__
    if isinstance(getattr(ncts, name), type) or callable(getattr(ncts, name))
    if name != "Element"
)


def test_the_list_is_not_empty_and_holds_both_kinds() -> None:
    assert {"Strategy", "UnknownIdError", "load", "EditionWarning"} <= set(PUBLIC)
    assert len(PUBLIC) == len(ncts.__all__) - 2  # __version__ and Element


@pytest.mark.parametrize("name", PUBLIC)
def test_module_and_qualname_are_the_public_ones(name: str) -> None:
    obj = getattr(ncts, name)
    assert obj.__module__ == "ncts", name
    assert obj.__qualname__ == name
    assert getattr(sys.modules[obj.__module__], obj.__qualname__) is obj
    # Where it is defined stays known (the API check reads annotations there).
    home = sys.modules[ncts._HOMES[obj]]
    assert vars(home)[name] is obj
    if inspect.isfunction(obj):
        assert obj.__globals__ is vars(home)


CLASSES = [name for name in PUBLIC if isinstance(getattr(ncts, name), type)]


@pytest.mark.parametrize("name", CLASSES)
def test_classes_print_and_pickle_by_their_public_name(name: str) -> None:
    cls = getattr(ncts, name)
    assert repr(cls) in (f"<class 'ncts.{name}'>", f"<enum {name!r}>")
    assert pickle.loads(pickle.dumps(cls)) is cls


@pytest.mark.parametrize("name", CLASSES)
def test_type_hints_of_classes_still_resolve(name: str) -> None:
    """get_type_hints reads a class's names in the module __module__ names.

    (A function's are read in its globals, which do not change; some of them name
    types imported for type checkers only, and so never resolved at run time.)
    """
    hints = typing.get_type_hints(getattr(ncts, name))
    assert not any(isinstance(h, str | typing.ForwardRef) for h in hints.values())
    if name == "Strategy":
        assert hints["goals"] == tuple[ncts.Goal, ...]


def test_exception_types_in_tracebacks_are_public() -> None:
    """An uncaught error ends with ncts.UnknownIdError: ..., also for a lazy name."""
    code = (
        "import ncts, warnings\n"
        "warnings.simplefilter('error', ncts.EditionWarning)\n"
        "ncts.load()['VK8']\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1].startswith("ncts.UnknownIdError: no element")
    assert "ncts._" not in run.stderr.splitlines()[-1]
    warning = (
        "import ncts, warnings\n"
        "warnings.simplefilter('error')\n"
        "ncts.resolve(ncts.Overlay('o', 'O', 'NCTS-2022-2026', '0.9.0'), ncts.load())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", warning], capture_output=True, text=True, check=False
    )
    assert run.stderr.splitlines()[-1].startswith("ncts.EditionWarning: overlay 'o'")


def test_an_error_shows_its_public_name_in_a_repr_of_its_type() -> None:
    with pytest.raises(ncts.UnknownIdError) as info:
        ncts.load()["VK8"]
    assert info.type.__module__ == "ncts"
    assert info.exconly().startswith("ncts.UnknownIdError: ")


def _collected_examples() -> Counter[str]:
    """The doctests of every module of ncts, by the name of the object they document."""
    import pkgutil

    found: Counter[str] = Counter()
    finder = doctest.DocTestFinder()
    for info in pkgutil.iter_modules(ncts.__path__, "ncts."):
        module = __import__(info.name, fromlist=["_"])
        for test in finder.find(module):
            if test.examples:
                found[test.name.rpartition(".")[2]] += 1
    return found


def test_each_public_example_is_collected_once() -> None:
    """Examples are found where the object is defined (its __test__), not lost.

    pytest leaves src/ncts/__init__.py out (pyproject.toml), so the package does not
    run them a second time; here each public object's examples are found once.
    """
    found = _collected_examples()
    for name in PUBLIC:
        obj = getattr(ncts, name)
        if ">>>" not in (inspect.getdoc(obj) or ""):
            continue
        homes = [
            module
            for module_name, module in sys.modules.items()
            if module_name.startswith("ncts.")
            and getattr(module, "__test__", {}).get(name) is obj
        ]
        assert len(homes) == 1, name
        assert found[name] >= 1, name
    # A method's examples are found with its class, in the class's home module.
    assert found["area_of"] == 1
    assert found["uncovered_rows"] == 1
    # The package module itself, where they would be found again, is not collected.
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    assert '"--ignore=src/ncts/__init__.py",' in pyproject.read_text(encoding="utf-8")


class TestOneWayToDoEachThing:
    """Analysis is module functions, as in networkx: ncts.search(strategy, ...)."""

    def test_search_is_a_function(self) -> None:
        strategy = ncts.load()
        assert "search" in ncts.__all__
        hits = ncts.search(strategy, "reintegratie", lang="nl")
        assert [h.element.id for h in hits][:2] == ["FT3", "VV4"]

    def test_a_method_that_a_function_does_is_deprecated(self) -> None:
        """A public method named as a public function is only a deprecated alias."""
        from ncts._deprecate import DEPRECATIONS

        twins = [
            f"ncts.{name}.{member}"
            for name in CLASSES
            for member in dir(getattr(ncts, name))
            if member in ncts.__all__ and callable(getattr(ncts, member))
        ]
        assert "ncts.Strategy.search" in twins
        for twin in twins:
            assert twin in DEPRECATIONS, twin
            assert DEPRECATIONS[twin].new == f"ncts.{twin.rpartition('.')[2]}"

    def test_the_old_method_warns_and_still_works(self) -> None:
        strategy = ncts.load()
        with pytest.warns(DeprecationWarning, match=r"use ncts\.search instead") as w:
            old = strategy.search("reintegratie")
        assert old == ncts.search(strategy, "reintegratie")
        assert w[0].filename == __file__

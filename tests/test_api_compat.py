"""The API check (.ci/api_compat.py) catches what breaks the public API.

Three layers: the real tree matches the committed snapshot (.ci/api.json); each kind
of change, made to real code (small modules written here, argparse parsers, and
ncts itself with a monkeypatched name), is classified as breaking or compatible;
and generated mutations of the real snapshot (any name, any parameter, any field,
any type, any command-line option) are classified as the kind of change they are.
The examples cover every kind of breakage that griffe's checker reports (its
BreakageKind), and what griffe does not look at: parameter types, attrs fields and
the command line.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.util
import itertools
import json
import pydoc
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_FILE = ROOT / ".ci" / "api.json"


def _load_checker() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        "api_compat", ROOT / ".ci" / "api_compat.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_compat"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


api = _load_checker()
STORED: dict[str, Any] = json.loads(SNAPSHOT_FILE.read_text(encoding="utf-8"))
_modules = itertools.count()


def breaking(differences: list[Any]) -> list[str]:
    return [f"{d.path}: {d.what}" for d in differences if d.breaking]


def compatible(differences: list[Any]) -> list[str]:
    return [f"{d.path}: {d.what}" for d in differences if not d.breaking]


# The real tree.


def test_the_code_matches_the_committed_snapshot() -> None:
    """If this fails: say what changed in CHANGELOG.md, run the --update it names."""
    differences, problems = api.check(STORED, api.snapshot())
    assert [str(d) for d in differences] == []
    assert problems == []


def test_the_snapshot_file_is_in_its_written_form() -> None:
    assert api.dumps(STORED) == SNAPSHOT_FILE.read_text(encoding="utf-8")


def test_the_snapshot_holds_every_public_name_and_command() -> None:
    import ncts.testing

    names = {f"ncts.{n}" for n in ncts.__all__ if n != "__version__"}
    names |= {f"ncts.testing.{n}" for n in ncts.testing.__all__}
    assert set(STORED["python"]) == names
    assert {"show", "validate", "diff"} <= set(STORED["cli"])
    assert STORED["version"] == ncts.__version__


# Changes made to real code: two versions of a small module, compared.


def module(source: str) -> types.ModuleType:
    """Import *source* as a fresh module (named uniquely, kept in sys.modules)."""
    name = f"api_compat_demo_{next(_modules)}"
    mod = types.ModuleType(name)
    sys.modules[name] = mod
    exec(
        "from __future__ import annotations\n"
        "import attrs\nfrom typing import Literal\n" + textwrap.dedent(source),
        vars(mod),
    )
    return mod


def changes(old_source: str, new_source: str) -> list[Any]:
    """Compare two versions of a module's public API (its __all__, under one name)."""
    old, new = module(old_source), module(new_source)
    rename = {f"{new.__name__}.": f"{old.__name__}."}

    def api_of(mod: types.ModuleType) -> dict[str, Any]:
        public = [
            name
            for name, value in vars(mod).items()
            if not name.startswith("_")
            and (
                getattr(value, "__module__", None) == mod.__name__
                or isinstance(value, (int, str))
            )
        ]
        records = api.module_api(mod, public)
        text = json.dumps(records)
        for a, b in rename.items():
            text = text.replace(a, b)
        return {"version": "1.0.0", "python": json.loads(text), "cli": {}}

    result: list[Any] = api.compare(api_of(old), api_of(new))
    return result


# Every kind of breakage that griffe reports, and those it does not look at.
BREAKING = {
    "parameter moved": ("def f(a, b): ...", "def f(b, a): ..."),
    "parameter removed": ("def f(a, b=1): ...", "def f(a): ..."),
    "parameter kind changed": ("def f(a): ...", "def f(*, a): ..."),
    "parameter default changed": ("def f(a=1): ...", "def f(a=2): ..."),
    "parameter became required": ("def f(a=1): ...", "def f(a): ..."),
    "required parameter added": ("def f(a): ...", "def f(a, b): ..."),
    "return type changed": ("def f() -> int: ...", "def f() -> str: ..."),
    "return type widened": ("def f() -> str: ...", "def f() -> str | None: ..."),
    "object removed": ("def f(): ...\ndef g(): ...", "def f(): ..."),
    "object changed kind": ("class C: ...", "def C(): ..."),
    "attribute type changed": ("X = 1", "X = '1'"),
    "attribute value changed": ("X = 1", "X = 2"),
    "class base removed": (
        "class Base: ...\nclass C(Base): ...",
        "class Base: ...\nclass C: ...",
    ),
    # What griffe's checker does not report:
    "parameter type narrowed": ("def f(a: str | None): ...", "def f(a: str): ..."),
    "literal parameter narrowed": (
        "def f(a: Literal['x', 'y']): ...",
        "def f(a: Literal['x']): ...",
    ),
    "field renamed": (
        "@attrs.frozen\nclass C:\n    quote: str\n    page: int",
        "@attrs.frozen\nclass C:\n    text: str\n    page: int",
    ),
    "field removed": (
        "@attrs.frozen\nclass C:\n    quote: str\n    page: int = 0",
        "@attrs.frozen\nclass C:\n    quote: str",
    ),
    "field type narrowed": (
        "@attrs.frozen\nclass C:\n    quote: str | None",
        "@attrs.frozen\nclass C:\n    quote: str",
    ),
    "field type widened": (
        "@attrs.frozen\nclass C:\n    quote: str",
        "@attrs.frozen\nclass C:\n    quote: str | None",
    ),
    "method removed": (
        "class C:\n    def m(self): ...\n    def n(self): ...",
        "class C:\n    def n(self): ...",
    ),
    "method parameter removed": (
        "class C:\n    def m(self, a: int = 0): ...",
        "class C:\n    def m(self): ...",
    ),
    "property type changed": (
        "class C:\n    @property\n    def p(self) -> int: ...",
        "class C:\n    @property\n    def p(self) -> str: ...",
    ),
    "enum member removed": (
        "import enum\nclass C(enum.Enum):\n    A = 'a'\n    B = 'b'",
        "import enum\nclass C(enum.Enum):\n    A = 'a'",
    ),
    "no longer hashable": (
        "@attrs.frozen\nclass C:\n    a: int",
        "@attrs.define\nclass C:\n    a: int",
    ),
}

COMPATIBLE = {
    "optional parameter added": ("def f(a): ...", "def f(a, b=1): ..."),
    "parameter type widened": ("def f(a: str): ...", "def f(a: str | None): ..."),
    "parameter became optional": ("def f(a): ...", "def f(a=1): ..."),
    "keyword-only became positional too": ("def f(*, a): ...", "def f(a): ..."),
    "return type narrowed": ("def f() -> str | None: ...", "def f() -> str: ..."),
    "subclass accepted": ("def f(a: bool): ...", "def f(a: int): ..."),
    "object added": ("def f(): ...", "def f(): ...\ndef g(): ..."),
    "optional field added": (
        "@attrs.frozen\nclass C:\n    a: int",
        "@attrs.frozen\nclass C:\n    a: int\n    b: int = 0",
    ),
    "method added": ("class C: ...", "class C:\n    def m(self): ..."),
    "enum member added": (
        "import enum\nclass C(enum.Enum):\n    A = 'a'",
        "import enum\nclass C(enum.Enum):\n    A = 'a'\n    B = 'b'",
    ),
    "same API, other spelling": (
        "from typing import Optional\ndef f(a: Optional[str]) -> None: ...",
        "def f(a: None | str) -> None: ...",
    ),
}


@pytest.mark.parametrize("kind", sorted(BREAKING))
def test_each_kind_of_breaking_change_is_caught(kind: str) -> None:
    old, new = BREAKING[kind]
    differences = changes(old, new)
    assert breaking(differences), f"{kind}: {[str(d) for d in differences]}"


@pytest.mark.parametrize("kind", sorted(COMPATIBLE))
def test_compatible_changes_are_not_called_breaking(kind: str) -> None:
    old, new = COMPATIBLE[kind]
    assert breaking(changes(old, new)) == []


def test_the_differences_say_what_broke() -> None:
    """The three cases the issue names, with the words a reader sees."""
    [removed] = breaking(changes(*BREAKING["parameter removed"]))
    assert removed.endswith(".f: parameter b removed")
    [renamed] = breaking(changes(*BREAKING["field renamed"]))
    assert renamed.endswith(".C.quote: field renamed to text")
    [narrowed] = breaking(changes(*BREAKING["parameter type narrowed"]))
    assert narrowed.endswith(".f(a): type narrowed from str | None to str")
    [field] = breaking(changes(*BREAKING["field type narrowed"]))
    assert field.endswith(".C.quote: type narrowed from str | None to str")


# The command line.


def parser(*, drop: str = "", choices: tuple[str, ...] = ("json", "markdown")) -> Any:
    main = argparse.ArgumentParser(prog="ncts")
    main.add_argument("--version", action="store_true")
    verbs = main.add_subparsers(dest="verb")
    diff = verbs.add_parser("diff")
    diff.add_argument("old", nargs="?")
    diff.add_argument("--format", choices=choices, default="markdown")
    if drop != "--all":
        diff.add_argument("--all", action="store_true")
    if drop != "show":
        show = verbs.add_parser("show")
        show.add_argument("--lang", default="nl")
    return main


def cli_changes(new: Any) -> list[Any]:
    def snap(p: Any) -> dict[str, Any]:
        return {"version": "1.0.0", "python": {}, "cli": api.cli_api(p)}

    result: list[Any] = api.compare(snap(parser()), snap(new))
    return result


def test_a_removed_option_is_breaking() -> None:
    assert breaking(cli_changes(parser(drop="--all"))) == [
        "ncts diff --all: option removed"
    ]


def test_a_removed_command_is_breaking() -> None:
    assert breaking(cli_changes(parser(drop="show"))) == ["ncts show: command removed"]


def test_a_removed_choice_is_breaking_an_added_one_is_not() -> None:
    assert breaking(cli_changes(parser(choices=("json",)))) == [
        "ncts diff --format: choice 'markdown' removed"
    ]
    differences = cli_changes(parser(choices=("json", "markdown", "html")))
    assert breaking(differences) == []
    assert compatible(differences) == ["ncts diff --format: choice 'html' added"]


# ncts itself, deliberately broken: the check fails and says where.


def run_check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code: int = api.main([])
    out, err = capsys.readouterr()
    return code, out + err


def test_the_check_passes_on_the_real_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_check(capsys)
    assert "api: the code matches .ci/api.json" in output
    assert "BREAKING" not in output
    # The history part may fail only on a commit that breaks the rules (not here).
    assert code == 0, output


def test_a_parameter_removed_from_ncts_load_fails_the_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ncts.load

    def load(path: Any = None, *, format: Any = None) -> ncts.Strategy:
        return real(path, format=format)

    monkeypatch.setattr(ncts, "load", load)
    code, output = run_check(capsys)
    assert code == 1
    assert "BREAKING: ncts.load: parameter max_bytes removed" in output
    assert "need a new major version" in output


def test_a_name_removed_from_all_fails_the_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ncts, "__all__", [n for n in ncts.__all__ if n != "diff"])
    code, output = run_check(capsys)
    assert code == 1
    assert "BREAKING: ncts.diff: function removed" in output


def test_a_renamed_field_of_a_model_class_fails_the_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = {
        ("text" if a.name == "quote" else a.name): attrs.field(
            type=a.type, default=a.default
        )
        for a in attrs.fields(ncts.Citation)
    }
    renamed = attrs.make_class("Citation", fields, frozen=True)
    renamed.__module__ = ncts.Citation.__module__
    monkeypatch.setattr(ncts, "Citation", renamed)
    code, output = run_check(capsys)
    assert code == 1
    assert "BREAKING: ncts.Citation.quote: field renamed to text" in output


def test_a_compatible_addition_still_needs_the_snapshot_updated(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def brand_new() -> int:
        """Return 1."""
        return 1

    monkeypatch.setattr(ncts, "brand_new", brand_new, raising=False)
    monkeypatch.setattr(ncts, "__all__", [*ncts.__all__, "brand_new"])
    code, output = run_check(capsys)
    assert code == 1
    assert "compatible: ncts.brand_new: function added" in output
    assert "BREAKING" not in output
    assert "differs from .ci/api.json" in output


# Generated mutations of the real snapshot: every name, parameter, field, option.


def _functions(snap: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], list[Any]]]:
    """Every parameter list: (path of keys to it, the list)."""
    for name, record in snap["python"].items():
        if record["kind"] == "function":
            yield ("python", name, "parameters"), record["parameters"]
        if "constructor" in record:
            yield ("python", name, "constructor"), record["constructor"]
        for method, signature in record.get("methods", {}).items():
            yield (
                ("python", name, "methods", method, "parameters"),
                signature["parameters"],
            )


def _get(snap: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        snap = snap[key]
    return snap


PARAMETERS = [
    (keys, i)
    for keys, params in _functions(STORED)
    for i, p in enumerate(params)
    if p["name"] not in ("self", "cls")
]
FIELDS = [
    (name, i)
    for name, record in STORED["python"].items()
    for i in range(len(record.get("fields", ())))
]
OPTIONS = [
    (verb, option)
    for verb, record in STORED["cli"].items()
    for option in record["options"]
]


def _mutated(change: Callable[[dict[str, Any]], None]) -> list[Any]:
    new = copy.deepcopy(STORED)
    change(new)
    result: list[Any] = api.compare(STORED, new)
    return result


@given(st.sampled_from(sorted(STORED["python"])))
def test_removing_any_public_name_is_breaking(name: str) -> None:
    differences = _mutated(lambda s: s["python"].pop(name))
    assert breaking(differences) == [
        f"{name}: {STORED['python'][name]['kind']} removed"
    ]


@given(st.sampled_from(sorted(STORED["python"])))
def test_a_deprecated_name_is_not_a_removal(name: str) -> None:
    """A name that moved and is served with a warning (ncts._deprecate) is not."""

    def deprecate(s: dict[str, Any]) -> None:
        s["python"].pop(name)
        # Added to the names already deprecated, which stay as they are.
        s.setdefault("deprecated", {})[name] = {
            "new": "ncts.other",
            "since": "1.1",
            "remove_in": "2.0.0",
        }

    differences = _mutated(deprecate)
    assert breaking(differences) == []
    assert compatible(differences) == [
        f"{name}: deprecated: use ncts.other (removed in 2.0.0)"
    ]


@given(st.sampled_from(PARAMETERS))
def test_removing_any_parameter_is_breaking(
    target: tuple[tuple[str, ...], int],
) -> None:
    keys, i = target
    name = _get(STORED, keys)[i]["name"]
    differences = _mutated(lambda s: _get(s, keys).pop(i))
    assert any(
        d.breaking and d.what == f"parameter {name} removed" for d in differences
    ), [str(d) for d in differences]


@given(st.sampled_from(PARAMETERS))
def test_renaming_any_parameter_is_breaking(
    target: tuple[tuple[str, ...], int],
) -> None:
    keys, i = target
    name = _get(STORED, keys)[i]["name"]
    differences = _mutated(lambda s: _get(s, keys)[i].update(name=name + "_renamed"))
    assert any(
        d.breaking and d.what == f"parameter {name} renamed to {name}_renamed"
        for d in differences
    ), [str(d) for d in differences]


@given(st.sampled_from(FIELDS))
def test_renaming_any_field_is_breaking(target: tuple[str, int]) -> None:
    cls, i = target
    name = STORED["python"][cls]["fields"][i]["name"]
    differences = _mutated(
        lambda s: s["python"][cls]["fields"][i].update(name=name + "_renamed")
    )
    assert f"{cls}.{name}: field renamed to {name}_renamed" in breaking(differences)


@given(st.sampled_from(FIELDS))
def test_removing_any_field_is_breaking(target: tuple[str, int]) -> None:
    cls, i = target
    name = STORED["python"][cls]["fields"][i]["name"]
    differences = _mutated(lambda s: s["python"][cls]["fields"].pop(i))
    assert f"{cls}.{name}: field removed" in breaking(differences)


@given(st.sampled_from(OPTIONS))
def test_removing_any_option_is_breaking(target: tuple[str, str]) -> None:
    verb, option = target
    differences = _mutated(lambda s: s["cli"][verb]["options"].pop(option))
    command = f"ncts {verb}".rstrip()
    assert breaking(differences) == [f"{command} {option}: option removed"]


@given(st.sampled_from(sorted(STORED["cli"])))
def test_adding_an_optional_option_to_any_command_is_compatible(verb: str) -> None:
    option = {"values": [1, 1], "default": "None", "flags": ["--brand-new"]}
    differences = _mutated(
        lambda s: s["cli"][verb]["options"].update({"--brand-new": option})
    )
    assert breaking(differences) == []
    assert len(compatible(differences)) == 1


# Narrowed and widened types, generated from the real annotations.


def narrower(text: str, data: st.DataObject) -> str | None:
    """A type strictly narrower than *text*, or None if this test cannot make one."""
    node = ast.parse(text, mode="eval").body
    members = api._union_members(node)
    if len(members) > 1:
        texts = [ast.unparse(m) for m in members]
        member = data.draw(st.sampled_from(_droppable(texts)), label="dropped")
        return " | ".join(m for m in texts if m != member)
    if isinstance(node, ast.Subscript):
        base = ast.unparse(node.value)
        items = api._elements(node.slice)
        if base == "Literal":
            if len(items) < 2:
                return None
            drop = data.draw(st.integers(0, len(items) - 1), label="value dropped")
            return (
                "Literal["
                + ", ".join(ast.unparse(e) for j, e in enumerate(items) if j != drop)
                + "]"
            )
        if base in ("tuple", "frozenset") and ast.unparse(items[0]) != "...":
            inner = narrower(ast.unparse(items[0]), data)
            if inner is None:
                return None
            rest = "".join(", " + ast.unparse(e) for e in items[1:])
            return f"{base}[{inner}{rest}]"
        return None
    return {"str": "Literal['x']", "int": "bool", "float": "int"}.get(text)


def _droppable(members: list[str]) -> list[str]:
    """The union members whose values no other member takes (ncts.Kind is a str)."""

    def subsumed(member: str, other: str) -> bool:
        if member.startswith("Literal[") and other == "str":
            return True
        cls, by = pydoc.locate(member), pydoc.locate(other)
        return isinstance(cls, type) and isinstance(by, type) and issubclass(cls, by)

    return [m for m in members if not any(subsumed(m, o) for o in members if o != m)]


def _narrowable(text: str) -> bool:
    node = ast.parse(text, mode="eval").body
    if len(api._union_members(node)) > 1:
        return bool(_droppable([ast.unparse(m) for m in api._union_members(node)]))
    if isinstance(node, ast.Subscript):
        items = api._elements(node.slice)
        if ast.unparse(node.value) == "Literal":
            return len(items) > 1
        return ast.unparse(node.value) in ("tuple", "frozenset") and _narrowable(
            ast.unparse(items[0])
        )
    return text in ("str", "int", "float")


ANNOTATED_PARAMETERS = [
    (keys, i)
    for keys, i in PARAMETERS
    if _narrowable(_get(STORED, keys)[i].get("annotation", "Any"))
]
TYPED_FIELDS = [
    (cls, i)
    for cls, i in FIELDS
    if _narrowable(STORED["python"][cls]["fields"][i].get("type", "Any"))
]


def test_there_are_types_to_narrow() -> None:
    assert len(ANNOTATED_PARAMETERS) > 20
    assert len(TYPED_FIELDS) > 40


@given(st.sampled_from(ANNOTATED_PARAMETERS), st.data())
def test_narrowing_any_parameter_type_is_breaking_widening_is_not(
    target: tuple[tuple[str, ...], int], data: st.DataObject
) -> None:
    keys, i = target
    old = _get(STORED, keys)[i]["annotation"]
    new = narrower(old, data)
    assert new is not None
    differences = _mutated(lambda s: _get(s, keys)[i].update(annotation=new))
    assert [d.what for d in differences if d.breaking] == [
        f"type narrowed from {old} to {new}"
    ]
    wider = f"{old} | memoryview"
    differences = _mutated(lambda s: _get(s, keys)[i].update(annotation=wider))
    assert breaking(differences) == []
    assert [d.what for d in differences] == [f"type widened from {old} to {wider}"]


@given(st.sampled_from(TYPED_FIELDS), st.data())
def test_narrowing_or_widening_any_field_type_is_breaking(
    target: tuple[str, int], data: st.DataObject
) -> None:
    """A field is read (a result) and given (an argument): any change breaks."""
    cls, i = target
    field = STORED["python"][cls]["fields"][i]
    old, new = field["type"], narrower(field["type"], data)
    assert new is not None
    where = f"{cls}.{field['name']}"
    differences = _mutated(lambda s: s["python"][cls]["fields"][i].update(type=new))
    assert breaking(differences) == [f"{where}: type narrowed from {old} to {new}"]
    differences = _mutated(
        lambda s: s["python"][cls]["fields"][i].update(type=f"{old} | memoryview")
    )
    assert breaking(differences) == [
        f"{where}: type widened from {old} to {old} | memoryview"
    ]


# The verdict: which changes need which version.


def _versions(old: str, new: str, breaks: bool) -> list[str]:
    differences = [api.Difference("ncts.x", "removed", breaks)]
    result: list[str] = api.verdict({"version": old}, {"version": new}, differences)
    return result


@pytest.mark.parametrize(
    ("old", "new", "ok"),
    [
        ("1.2.3", "1.3.0", False),
        ("1.2.3", "1.2.4", False),
        ("1.2.3", "2.0.0", True),
        ("0.1.0", "0.1.1", False),
        ("0.1.0", "0.2.0", True),  # before 1.0.0 the minor number is the major one
        ("0.9.0", "1.0.0", True),
    ],
)
def test_a_breaking_change_needs_a_new_major_version(
    old: str, new: str, ok: bool
) -> None:
    assert (_versions(old, new, breaks=True) == []) is ok
    assert _versions(old, new, breaks=False) == []


def test_the_version_cannot_go_down() -> None:
    assert _versions("1.2.0", "1.1.9", breaks=False) != []


def test_any_difference_fails_until_the_snapshot_is_updated() -> None:
    new = copy.deepcopy(STORED)
    new["python"]["ncts.brand_new"] = {"kind": "function", "parameters": []}
    differences, problems = api.check(STORED, new)
    assert breaking(differences) == []
    assert len(problems) == 1
    assert "run python .ci/api_compat.py --update" in problems[0]
    assert api.check(STORED, STORED) == ([], [])


# The history: the snapshot and the changelog change in the same commit.


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".ci").mkdir()
    snap = copy.deepcopy(STORED)
    snap["version"] = "1.0.0"
    (tmp_path / ".ci" / "api.json").write_text(api.dumps(snap), encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## Unreleased\n\n- Nothing yet.\n\n## 1.0.0\n\n- First.\n",
        encoding="utf-8",
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def history(
    folder: Path, *, version: str, remove: str = "", add: str = "", note: str = ""
) -> list[str]:
    path = folder / ".ci" / "api.json"
    snap = json.loads(path.read_text(encoding="utf-8"))
    snap["version"] = version
    if remove:
        snap["python"].pop(remove)
    if add:
        snap["python"][add] = {"kind": "function", "parameters": []}
    path.write_text(api.dumps(snap), encoding="utf-8")
    if note:
        changelog = folder / "CHANGELOG.md"
        text = changelog.read_text(encoding="utf-8")
        changelog.write_text(
            text.replace("## Unreleased\n\n", f"## Unreleased\n\n{note}\n"),
            encoding="utf-8",
        )
    git(folder, "commit", "-q", "-am", "change")
    problems, _ = api.history_problems(folder, path, folder / "CHANGELOG.md")
    result: list[str] = problems
    return result


def test_a_snapshot_change_without_a_changelog_entry_fails(repo: Path) -> None:
    [problem] = history(repo, version="1.1.0", add="ncts.brand_new")
    assert "the Unreleased section of CHANGELOG.md did not" in problem


def test_a_snapshot_change_with_a_changelog_entry_passes(repo: Path) -> None:
    assert history(repo, version="1.1.0", add="ncts.brand_new", note="- New.") == []


def test_a_committed_breaking_change_without_a_major_version_fails(repo: Path) -> None:
    [problem] = history(repo, version="1.1.0", remove="ncts.load", note="- Gone.")
    assert "1 breaking change(s) need a new major version" in problem
    assert history(repo, version="2.0.0", note="- Version 2.") == []


def test_the_uncommitted_snapshot_is_compared_with_head(repo: Path) -> None:
    path = repo / ".ci" / "api.json"
    snap = json.loads(path.read_text(encoding="utf-8"))
    snap["python"].pop("ncts.load")
    path.write_text(api.dumps(snap), encoding="utf-8")
    problems, note = api.history_problems(repo, path, repo / "CHANGELOG.md")
    assert "since HEAD" in note
    assert any("breaking" in p for p in problems)

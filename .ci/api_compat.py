"""The public API of ncts as a snapshot, and what changed since it.

Usage (from the repository root)::

    python .ci/api_compat.py            # compare the code with .ci/api.json
    python .ci/api_compat.py --update   # rewrite .ci/api.json from the code

The snapshot holds every name in ``ncts.__all__`` and ``ncts.testing.__all__``:
each function's parameters (kind, annotation, default) and return annotation; each
class's bases, constructor, attrs fields (type, default, keyword-only), methods,
properties, class attributes, instance attributes and container protocols; the
enums' members; and the command line's verbs, options and positionals (choices,
defaults, how many values), read from the argparse parser in ``ncts._cli``. It
also holds ``ncts.__version__`` and the deprecated names of ``ncts._deprecate``.

Each difference between two snapshots is classified as breaking or compatible
(see :func:`compare`). The check fails when the code differs from the snapshot at
all (update it, and CHANGELOG.md, in the same commit), when a breaking change comes
without a new major version, and, looking at git, when the last commit changed the
snapshot without changing CHANGELOG.md's "Unreleased" section, or broke the API
without a new major version.

Annotations are written in one canonical form (a valid Python expression: unions
sorted, ``Optional`` as ``| None``, classes by their shortest public dotted name),
so that two spellings of one type are one text, and so that the comparison can
parse them back to tell a narrowed type from a widened one.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import contextlib
import enum
import functools
import importlib
import importlib.util
import inspect
import json
import math
import subprocess
import sys
import textwrap
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / ".ci" / "api.json"
CHANGELOG = ROOT / "CHANGELOG.md"
UPDATE = "python .ci/api_compat.py --update"

#: Special methods that are part of a class's API when the package defines them.
PROTOCOLS = (
    "__bool__",
    "__call__",
    "__contains__",
    "__enter__",
    "__exit__",
    "__getitem__",
    "__iter__",
    "__len__",
)

Record = dict[str, Any]


# Annotations in one canonical form.


@functools.cache
def _type_checking_imports(module_name: str) -> dict[str, tuple[str, str | None]]:
    """Map the names a module imports under ``if TYPE_CHECKING:`` to their source.

    String annotations (``from __future__ import annotations``) may name them; the
    module itself does not hold them at run time.
    """
    module = sys.modules[module_name]
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return {}
    names: dict[str, tuple[str, str | None]] = {}
    for node in tree.body:
        if not (
            isinstance(node, ast.If)
            and ast.unparse(node.test).endswith("TYPE_CHECKING")
        ):
            continue
        for statement in node.body:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    top = alias.name if alias.asname else alias.name.split(".")[0]
                    names[alias.asname or top] = (top, None)
            elif isinstance(statement, ast.ImportFrom):
                source = importlib.util.resolve_name(
                    "." * statement.level + (statement.module or ""),
                    module.__package__ or module_name,
                )
                for alias in statement.names:
                    names[alias.asname or alias.name] = (source, alias.name)
    return names


class _Names(Mapping[str, Any]):
    """A module's names, and those it imports only for type checking."""

    def __init__(self, module_name: str) -> None:
        self.globals = vars(sys.modules[module_name])
        self.checking = _type_checking_imports(module_name)

    def __getitem__(self, name: str) -> Any:
        if name in self.globals:
            return self.globals[name]
        if name in self.checking:
            source, attribute = self.checking[name]
            module = importlib.import_module(source)
            return module if attribute is None else getattr(module, attribute)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.globals)

    def __len__(self) -> int:
        return len(self.globals)


def type_text(annotation: Any, module: str) -> str:
    """Write an annotation in canonical form; *module* is where it was written."""
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, {"__builtins__": builtins}, _Names(module))
        except Exception:  # say, nx.Graph[Any]: networkx's classes take no [...]
            return _canonical_node(ast.parse(annotation, mode="eval").body, module)
    return _canonical(annotation, module)


def _canonical_node(node: ast.expr, module: str) -> str:
    """Write an annotation that cannot be evaluated whole, part by part."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union(_canonical_node(m, module) for m in _union_members(node))
    if isinstance(node, ast.Subscript):
        base = _canonical_node(node.value, module)
        if base == "Literal":
            return _canonical(
                eval(ast.unparse(node), {"Literal": typing.Literal}), module
            )
        args = ", ".join(_canonical_node(e, module) for e in _elements(node.slice))
        return f"{base}[{args}]"
    if isinstance(node, ast.List):
        return "[" + ", ".join(_canonical_node(e, module) for e in node.elts) + "]"
    try:
        value = eval(ast.unparse(node), {"__builtins__": builtins}, _Names(module))
    except Exception:
        return ast.unparse(node)
    return _canonical(value, module)


def _canonical(t: Any, module: str) -> str:
    if t is None or t is type(None):
        return "None"
    if t is typing.Any:
        return "Any"
    if t is Ellipsis:
        return "..."
    if isinstance(t, str):
        return type_text(t, module)
    if isinstance(t, typing.ForwardRef):
        return type_text(t.__forward_arg__, module)
    if isinstance(t, list):  # the parameters of a Callable
        return "[" + ", ".join(_canonical(a, module) for a in t) + "]"
    if isinstance(t, typing.TypeVar):
        return t.__name__
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        return _union([_canonical(a, module) for a in args])
    if origin is typing.Literal:
        return "Literal[" + ", ".join(sorted(map(_value_text, args))) + "]"
    if origin is typing.Annotated:
        return _canonical(args[0], module)
    if origin is not None:
        base = (
            _class_name(origin)
            if isinstance(origin, type)
            else _canonical(origin, module)
        )
        if not args:
            return base
        return f"{base}[{', '.join(_canonical(a, module) for a in args)}]"
    if isinstance(t, type):
        return _class_name(t)
    return repr(t).removeprefix("typing.")


def _union(members: Iterable[str]) -> str:
    """Join union members: flat, literals merged, sorted, None last."""
    flat: set[str] = set()
    literals: set[str] = set()
    for member in members:
        for part in _union_members(ast.parse(member, mode="eval").body):
            text = ast.unparse(part)
            if isinstance(part, ast.Subscript) and ast.unparse(part.value) == "Literal":
                literals.update(ast.unparse(e) for e in _elements(part.slice))
            else:
                flat.add(text)
    if literals:
        flat.add("Literal[" + ", ".join(sorted(literals)) + "]")
    return " | ".join(sorted(flat, key=lambda m: (m == "None", m)))


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    return [node]


def _elements(node: ast.expr) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.Tuple) else [node]


def _class_name(cls: type) -> str:
    """Return the shortest public dotted name of a class (``networkx.MultiDiGraph``)."""
    if cls.__module__ == "builtins":
        return cls.__qualname__
    parts = cls.__module__.split(".")
    for end in range(1, len(parts) + 1):
        prefix = ".".join(parts[:end])
        if any(part.startswith("_") for part in parts[1:end]):
            break
        module = sys.modules.get(prefix)
        if module is not None and _attribute(module, cls.__qualname__) is cls:
            return f"{prefix}.{cls.__qualname__}"
    return f"{cls.__module__}.{cls.__qualname__}"


def _attribute(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
    return obj


def _value_text(value: Any) -> str:
    """Write a default or a constant; stable across runs (sets sorted)."""
    if isinstance(value, enum.Enum):
        return f"{_class_name(type(value))}.{value.name}"
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(map(_value_text, value))
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(map(_value_text, value)) + "]"
    if isinstance(value, (set, frozenset)):
        name = type(value).__name__
        return (
            f"{name}({{{', '.join(sorted(map(_value_text, value)))}}})"
            if value
            else f"{name}()"
        )
    if isinstance(value, dict):
        items = sorted(f"{_value_text(k)}: {_value_text(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, type):
        return _class_name(value)
    return f"<{_class_name(type(value))} object>"


# Snapshots of Python objects.


def _signature(func: Any, module: str) -> Record:
    sig = inspect.signature(func)
    parameters = []
    for p in sig.parameters.values():
        entry: Record = {"name": p.name, "kind": p.kind.name.lower()}
        if p.annotation is not p.empty:
            entry["annotation"] = type_text(p.annotation, module)
        if p.default is not p.empty:
            entry["default"] = _value_text(p.default)
        parameters.append(entry)
    record: Record = {"parameters": parameters}
    if sig.return_annotation is not sig.empty:
        record["returns"] = type_text(sig.return_annotation, module)
    return record


def _function(func: Any) -> Record:
    return {"kind": "function", **_signature(func, _module_of(func))}


def _module_of(obj: Any) -> str:
    """Return the module whose names *obj*'s string annotations use.

    That is the module that defines it. ncts shows its public classes and functions
    as ``ncts.<name>`` (their ``__module__``), and keeps where each is defined in
    ``ncts._HOMES``.
    """
    try:
        name = getattr(sys.modules.get("ncts"), "_HOMES", {}).get(obj)
    except TypeError:  # unhashable
        name = None
    name = name or getattr(obj, "__module__", None)
    return name if isinstance(name, str) and name in sys.modules else "builtins"


def _field_default(a: attrs.Attribute) -> str | None:  # type: ignore[type-arg]
    if a.default is attrs.NOTHING:
        return None
    if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
        factory = a.default.factory  # type: ignore[union-attr]
        name = getattr(factory, "__name__", "")
        if isinstance(factory, type):
            return f"{_class_name(factory)}()"
        return f"{name}()" if name and name != "<lambda>" else "<factory>"
    return _value_text(a.default)


def _fields(cls: type) -> list[Record]:
    fields = []
    for a in attrs.fields(cls):
        if a.name.startswith("_"):
            continue
        entry: Record = {"name": a.name}
        if a.type is not None:
            entry["type"] = type_text(a.type, _module_of(cls))
        default = _field_default(a)
        if default is not None:
            entry["default"] = default
        if a.kw_only:
            entry["kw_only"] = True
        if not a.init:
            entry["init"] = False
        fields.append(entry)
    return fields


def _instance_attributes(cls: type, root: str) -> list[str]:
    """Public attributes that the package's ``__init__`` methods set on ``self``."""
    names: set[str] = set()
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is None or not _module_of(klass).startswith(root):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
        except (OSError, TypeError):
            continue
        for node in ast.walk(tree):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                    and not target.attr.startswith("_")
                ):
                    names.add(target.attr)
    return sorted(names)


def _class(cls: type, deprecated: Mapping[str, Any]) -> Record:
    root = cls.__module__.split(".")[0]
    kind = (
        "enum"
        if issubclass(cls, enum.Enum)
        else "exception"
        if issubclass(cls, BaseException)
        else "class"
    )
    record: Record = {
        "kind": kind,
        "bases": [
            _class_name(b)
            for b in cls.__mro__[1:]
            if b is not object and not b.__name__.startswith("_")
        ],
    }
    fields = {a.name for a in attrs.fields(cls)} if attrs.has(cls) else set()
    if attrs.has(cls):
        record["fields"] = _fields(cls)
    elif kind != "enum":
        # A builtin constructor has no signature.
        with contextlib.suppress(TypeError, ValueError):
            record["constructor"] = _signature(cls, _module_of(cls))["parameters"]
    if kind == "enum":
        record["members"] = {
            name: _value_text(member.value)
            for name, member in cls.__members__.items()  # type: ignore[attr-defined]
        }
    record["hashable"] = cls.__hash__ is not None
    methods: dict[str, Record] = {}
    properties: dict[str, str] = {}
    attributes: dict[str, str] = {}
    names = sorted(set().union(*(vars(k) for k in cls.__mro__)))
    for name in names:
        if name.startswith("_") and name not in PROTOCOLS:
            continue
        owner = next(k for k in cls.__mro__ if name in vars(k))
        if not _module_of(owner).startswith(root) or name in fields:
            continue
        if kind == "enum" and name in cls.__members__:  # type: ignore[attr-defined]
            continue
        value = vars(owner)[name]
        module = _module_of(owner)
        if f"{_class_name(cls)}.{name}" in deprecated:
            continue  # a renamed member: listed with the deprecations
        if isinstance(value, (staticmethod, classmethod)) or inspect.isfunction(value):
            methods[name] = _signature(getattr(cls, name), module)
        elif isinstance(value, (property, functools.cached_property)):
            getter = value.fget if isinstance(value, property) else value.func
            returns = (
                inspect.Signature.empty
                if getter is None
                else inspect.signature(getter).return_annotation
            )
            properties[name] = (
                "Any"
                if returns is inspect.Signature.empty
                else type_text(returns, module)
            )
        elif not isinstance(value, types.MemberDescriptorType):
            attributes[name] = _value_text(value)
    for key, value in (
        ("methods", methods),
        ("properties", properties),
        ("attributes", attributes),
    ):
        if value:
            record[key] = value
    if kind in ("class", "exception") and not attrs.has(cls):
        instance = [n for n in _instance_attributes(cls, root) if n not in names]
        if instance:
            record["instance_attributes"] = instance
    return record


def describe(obj: Any, deprecated: Mapping[str, Any] = {}) -> Record:
    """Describe one public object (class, function, or constant)."""
    if isinstance(obj, type):
        return _class(obj, deprecated)
    if isinstance(obj, types.UnionType) or typing.get_origin(obj) is not None:
        return {"kind": "alias", "type": _canonical(obj, "builtins")}
    if callable(obj):
        return _function(obj)
    return {"kind": "data", "type": _canonical(type(obj), "builtins")}


def module_api(
    module: types.ModuleType,
    names: Iterable[str] | None = None,
    deprecated: Mapping[str, Any] = {},
) -> dict[str, Record]:
    """Describe the public names of a module (its ``__all__`` unless given)."""
    names = module.__all__ if names is None else names
    api: dict[str, Record] = {}
    for name in names:
        obj = getattr(module, name)
        record = describe(obj, deprecated)
        if record["kind"] == "data" and not name.startswith("__"):
            record["value"] = _value_text(obj)
        api[f"{module.__name__}.{name}"] = record
    return api


# Snapshots of the command line.


def _counts(nargs: Any) -> list[float]:
    """How many values an argument takes, as [least, most]."""
    if nargs is None:
        return [1, 1]
    if isinstance(nargs, int):
        return [nargs, nargs]
    counts: dict[str, list[float]] = {"?": [0, 1], "+": [1, math.inf]}
    return counts.get(nargs, [0, math.inf])  # "*", and REMAINDER


def _argument(action: argparse.Action) -> Record:
    least, most = _counts(action.nargs)
    entry: Record = {"values": [least, "many" if most == math.inf else most]}
    if action.choices is not None:
        entry["choices"] = sorted(map(str, action.choices))
    if action.default is not argparse.SUPPRESS and (
        action.option_strings or least == 0
    ):
        entry["default"] = _value_text(action.default)
    if action.option_strings:
        entry["flags"] = sorted(action.option_strings)
        if action.required:
            entry["required"] = True
    return entry


def _command(parser: argparse.ArgumentParser) -> Record:
    options: Record = {}
    positionals: list[Record] = []
    # argparse has no public list of a parser's arguments; _actions is the list.
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.option_strings:
            options[max(action.option_strings, key=len)] = _argument(action)
        else:
            positionals.append({"name": action.dest, **_argument(action)})
    return {"options": options, "positionals": positionals}


def cli_api(parser: argparse.ArgumentParser) -> dict[str, Record]:
    """Describe a command line: the program's own options and each verb's."""
    verbs: dict[str, Record] = {"": _command(parser)}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                verbs[name] = _command(sub)
    return verbs


# The snapshot of ncts.


def _cli_parser(module: types.ModuleType) -> argparse.ArgumentParser:
    """Return the command line's parser (ncts._cli names its builder build_parser)."""
    for name in ("build_parser", "_parser"):
        builder = getattr(module, name, None)
        if callable(builder):
            parser = builder()
            if isinstance(parser, argparse.ArgumentParser):
                return parser
    raise SystemExit(f"api: {module.__name__} has no build_parser(): update {__file__}")


def snapshot() -> Record:
    """Describe the public API of ncts as it is now."""
    import ncts
    import ncts._cli
    import ncts._deprecate
    import ncts.testing

    deprecated = {
        old: {"new": d.new, "since": d.since, "remove_in": d.remove_in}
        for old, d in sorted(ncts._deprecate.DEPRECATIONS.items())
    }
    names = [n for n in ncts.__all__ if n != "__version__"]
    python = {
        **module_api(ncts, names, deprecated),
        **module_api(ncts.testing, None, deprecated),
    }
    return {
        "about": "The public API of ncts; regenerate with: " + UPDATE,
        "version": ncts.__version__,
        "python": dict(sorted(python.items())),
        "cli": cli_api(_cli_parser(ncts._cli)),
        "deprecated": deprecated,
    }


def dumps(snap: Record) -> str:
    """Write the snapshot as the committed file's text: small records on one line."""
    return _dump(snap, "") + "\n"


def _children(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, list) else []


def _dump(value: Any, indent: str) -> str:
    # A record nested at most two deep is one line: a parameter, a field, an option.
    grandchildren = [g for child in _children(value) for g in _children(child)]
    if not any(isinstance(g, (dict, list)) for g in grandchildren):
        return json.dumps(value, ensure_ascii=False)
    inner = indent + " "
    if isinstance(value, list):
        items = [inner + _dump(v, inner) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    items = [
        f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump(v, inner)}"
        for k, v in value.items()
    ]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


# Comparing two snapshots.


@dataclass(frozen=True, order=True)
class Difference:
    """One difference between two snapshots, breaking or not."""

    path: str
    what: str
    breaking: bool

    def __str__(self) -> str:
        return (
            f"{'BREAKING' if self.breaking else 'compatible'}: {self.path}: {self.what}"
        )


class _Type:
    """A canonical annotation, parsed back, to tell narrowing from widening."""

    def __init__(self, node: ast.expr) -> None:
        self.text = ast.unparse(node)
        self.members = _union_members(node)
        self.base: str | None = None
        self.args: list[_Type] = []
        self.literals: set[str] | None = None
        self.items: list[_Type] | None = None
        if len(self.members) > 1:
            return
        if isinstance(node, ast.Subscript):
            self.base = ast.unparse(node.value)
            if self.base == "Literal":
                self.literals = {ast.unparse(e) for e in _elements(node.slice)}
            else:
                self.args = [_Type(e) for e in _elements(node.slice)]
        elif isinstance(node, ast.List):
            self.items = [_Type(e) for e in node.elts]
        else:
            self.base = self.text

    @classmethod
    def parse(cls, text: str) -> _Type:
        return cls(ast.parse(text, mode="eval").body)


_NUMBERS = {"int": 0, "float": 1, "complex": 2}


def _resolve(dotted: str) -> Any:
    if "." not in dotted:
        return getattr(builtins, dotted, None)
    parts = dotted.split(".")
    for end in range(len(parts) - 1, 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        return _attribute(module, ".".join(parts[end:]))
    return None


def _is_subclass(old: str, new: str) -> bool:
    if old == new or new in ("Any", "object"):
        return True
    if old in _NUMBERS and new in _NUMBERS:  # the numeric tower of PEP 484
        return _NUMBERS[old] <= _NUMBERS[new]
    old_cls, new_cls = _resolve(old), _resolve(new)
    return (
        isinstance(old_cls, type)
        and isinstance(new_cls, type)
        and issubclass(old_cls, new_cls)
    )


def _literal_type(value: str) -> str:
    try:
        return type(ast.literal_eval(value)).__name__
    except ValueError:  # an enum member, ncts.Basis.STATED
        return value.rpartition(".")[0]


def covers(new: str, old: str) -> bool:
    """Whether type *new* accepts every value of type *old* (generics covariant)."""
    return _covers(_Type.parse(new), _Type.parse(old))


def _covers(new: _Type, old: _Type) -> bool:
    if new.text == old.text or new.text in ("Any", "object"):
        return True
    if len(old.members) > 1:
        return all(_covers(new, _Type(m)) for m in old.members)
    if old.literals is not None:
        return all(
            any(_covers_literal(_Type(m), value) for m in new.members)
            for value in old.literals
        )
    if len(new.members) > 1:
        return any(_covers(_Type(m), old) for m in new.members)
    if old.items is not None or new.items is not None:
        return (
            old.items is not None
            and new.items is not None
            and len(old.items) == len(new.items)
            and all(_covers(n, o) for n, o in zip(new.items, old.items, strict=True))
        )
    if new.base is None or old.base is None or not _is_subclass(old.base, new.base):
        return False
    if not new.args:  # Sequence accepts any Sequence[str]
        return True
    return len(new.args) == len(old.args) and all(
        _covers(n, o) for n, o in zip(new.args, old.args, strict=True)
    )


def _covers_literal(new: _Type, value: str) -> bool:
    if new.literals is not None:
        return value in new.literals
    return new.base is not None and _is_subclass(_literal_type(value), new.base)


def _type_change(path: str, old: str, new: str, position: str) -> Difference:
    """Classify a changed annotation by where it is read or written.

    An argument may be widened; a result (return value, property, constant) may be
    narrowed; a field is both an argument of the constructor and a result when it
    is read, so any change to its type is breaking.
    """
    if position == "argument":
        ok = covers(new, old)
    elif position == "result":
        ok = covers(old, new)
    else:
        ok = False
    change = (
        "widened" if covers(new, old) else "narrowed" if covers(old, new) else "changed"
    )
    return Difference(path, f"type {change} from {old} to {new}", not ok)


_POSITIONAL = ("positional_only", "positional_or_keyword")
_FREER_KIND = {
    ("positional_only", "positional_or_keyword"),
    ("keyword_only", "positional_or_keyword"),
}


def _compare_parameters(
    path: str, old: Sequence[Record], new: Sequence[Record]
) -> Iterator[Difference]:
    new_index = {p["name"]: (i, p) for i, p in enumerate(new)}
    old_names = {p["name"] for p in old}
    added = [p for p in new if p["name"] not in old_names]
    for i, p in enumerate(old):
        name = p["name"]
        if name not in new_index:
            twin = next(
                (q for q in added if new.index(q) == i and q["kind"] == p["kind"]),
                None,
            )
            if twin is not None:
                added.remove(twin)
                yield Difference(
                    path, f"parameter {name} renamed to {twin['name']}", True
                )
            else:
                yield Difference(path, f"parameter {name} removed", True)
            continue
        j, q = new_index[name]
        where = f"{path}({name})"
        if "default" in p and "default" not in q:
            yield Difference(where, "became required (its default was removed)", True)
        elif "default" in p and p["default"] != q["default"]:
            yield Difference(
                where, f"default changed from {p['default']} to {q['default']}", True
            )
        elif "default" not in p and "default" in q:
            yield Difference(where, f"became optional (default {q['default']})", False)
        if p["kind"] != q["kind"]:
            freer = (p["kind"], q["kind"]) in _FREER_KIND
            yield Difference(
                where, f"kind changed from {p['kind']} to {q['kind']}", not freer
            )
        elif p["kind"] in _POSITIONAL and i != j:
            yield Difference(where, f"moved from position {i} to {j}", True)
        old_type, new_type = p.get("annotation", "Any"), q.get("annotation", "Any")
        if old_type != new_type:
            yield _type_change(where, old_type, new_type, "argument")
    for q in added:
        required = "default" not in q and q["kind"] not in (
            "var_positional",
            "var_keyword",
        )
        what = f"{'required' if required else 'optional'} {q['kind']} parameter {q['name']} added"
        yield Difference(path, what, required)


def _compare_function(path: str, old: Record, new: Record) -> Iterator[Difference]:
    yield from _compare_parameters(path, old["parameters"], new["parameters"])
    old_type, new_type = old.get("returns", "Any"), new.get("returns", "Any")
    if old_type != new_type:
        yield _type_change(f"{path} return", old_type, new_type, "result")


def _compare_fields(
    path: str, old: Sequence[Record], new: Sequence[Record]
) -> Iterator[Difference]:
    def positional(fields: Sequence[Record]) -> list[str]:
        return [
            f["name"] for f in fields if not f.get("kw_only") and f.get("init", True)
        ]

    new_by_name = {f["name"]: f for f in new}
    old_names = {f["name"] for f in old}
    added = [f for f in new if f["name"] not in old_names]
    old_order, new_order = positional(old), positional(new)
    for i, f in enumerate(old):
        name = f["name"]
        where = f"{path}.{name}"
        if name not in new_by_name:
            twin = next(
                (
                    g
                    for g in added
                    if new.index(g) == i and g.get("type") == f.get("type")
                ),
                None,
            )
            if twin is not None:
                added.remove(twin)
                yield Difference(where, f"field renamed to {twin['name']}", True)
            else:
                yield Difference(where, "field removed", True)
            continue
        g = new_by_name[name]
        if f.get("type") != g.get("type"):
            yield _type_change(
                where, f.get("type", "Any"), g.get("type", "Any"), "field"
            )
        if "default" in f and "default" not in g:
            yield Difference(where, "became required (its default was removed)", True)
        elif "default" in f and f["default"] != g["default"]:
            yield Difference(
                where, f"default changed from {f['default']} to {g['default']}", True
            )
        elif "default" not in f and "default" in g:
            yield Difference(where, f"became optional (default {g['default']})", False)
        if f.get("kw_only", False) != g.get("kw_only", False):
            yield Difference(
                where,
                "became keyword-only" if g.get("kw_only") else "became positional",
                bool(g.get("kw_only")),
            )
        if f.get("init", True) != g.get("init", True):
            yield Difference(
                where,
                "left the constructor"
                if f.get("init", True)
                else "joined the constructor",
                f.get("init", True),
            )
        if (
            name in old_order
            and name in new_order
            and old_order.index(name) != new_order.index(name)
        ):
            yield Difference(
                where,
                f"moved from position {old_order.index(name)} to {new_order.index(name)}",
                True,
            )
    for g in added:
        required = "default" not in g and g.get("init", True)
        yield Difference(
            f"{path}.{g['name']}",
            f"{'required' if required else 'optional'} field added",
            required,
        )


def _compare_mapping(
    path: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    noun: str,
    compare: Any,
    deprecated: Mapping[str, Any] = {},
) -> Iterator[Difference]:
    for name, value in old.items():
        where = f"{path}.{name}"
        if name not in new:
            if where in deprecated:
                d = deprecated[where]
                yield Difference(
                    where,
                    f"deprecated: use {d['new']} (removed in {d['remove_in']})",
                    False,
                )
            else:
                yield Difference(where, f"{noun} removed", True)
        else:
            yield from compare(where, value, new[name])
    for name in new:
        if name not in old:
            yield Difference(f"{path}.{name}", f"{noun} added", False)


def _compare_values(noun: str) -> Any:
    def compare(path: str, old: str, new: str) -> Iterator[Difference]:
        if old != new:
            yield Difference(path, f"{noun} changed from {old} to {new}", True)

    return compare


def _compare_results(path: str, old: str, new: str) -> Iterator[Difference]:
    if old != new:
        yield _type_change(path, old, new, "result")


def _compare_class(
    path: str, old: Record, new: Record, deprecated: Mapping[str, Any]
) -> Iterator[Difference]:
    for base in old["bases"]:
        if base not in new["bases"]:
            yield Difference(path, f"is no longer a subclass of {base}", True)
    for base in new["bases"]:
        if base not in old["bases"]:
            yield Difference(path, f"is now also a subclass of {base}", False)
    if "fields" in old or "fields" in new:
        yield from _compare_fields(path, old.get("fields", []), new.get("fields", []))
    if "constructor" in old and "constructor" in new:
        yield from _compare_parameters(path, old["constructor"], new["constructor"])
    yield from _compare_mapping(
        path,
        old.get("members", {}),
        new.get("members", {}),
        "member",
        _compare_values("value"),
    )
    if old["hashable"] and not new["hashable"]:
        yield Difference(path, "is no longer hashable", True)
    elif new["hashable"] and not old["hashable"]:
        yield Difference(path, "became hashable", False)
    yield from _compare_mapping(
        path,
        old.get("methods", {}),
        new.get("methods", {}),
        "method",
        _compare_function,
        deprecated,
    )
    yield from _compare_mapping(
        path,
        old.get("properties", {}),
        new.get("properties", {}),
        "property",
        _compare_results,
        deprecated,
    )
    yield from _compare_mapping(
        path,
        old.get("attributes", {}),
        new.get("attributes", {}),
        "attribute",
        _compare_values("value"),
        deprecated,
    )
    old_instance, new_instance = (
        set(old.get("instance_attributes", ())),
        set(new.get("instance_attributes", ())),
    )
    for name in sorted(old_instance - new_instance):
        yield Difference(f"{path}.{name}", "instance attribute removed", True)
    for name in sorted(new_instance - old_instance):
        yield Difference(f"{path}.{name}", "instance attribute added", False)


def _compare_object(
    path: str, old: Record, new: Record, deprecated: Mapping[str, Any]
) -> Iterator[Difference]:
    if old["kind"] != new["kind"]:
        yield Difference(path, f"was a {old['kind']}, is a {new['kind']}", True)
    elif old["kind"] == "function":
        yield from _compare_function(path, old, new)
    elif old["kind"] == "alias":
        if old["type"] != new["type"]:
            yield _type_change(path, old["type"], new["type"], "field")
    elif old["kind"] == "data":
        if old["type"] != new["type"]:
            yield _type_change(path, old["type"], new["type"], "result")
        if old.get("value") != new.get("value"):
            yield Difference(
                path,
                f"value changed from {old.get('value')} to {new.get('value')}",
                True,
            )
    else:
        yield from _compare_class(path, old, new, deprecated)


def _compare_argument(where: str, old: Record, new: Record) -> Iterator[Difference]:
    old_least, old_most = old["values"]
    new_least, new_most = new["values"]
    if (old_least, old_most) != (new_least, new_most):
        wider = new_least <= old_least and (
            new_most == "many" or (old_most != "many" and new_most >= old_most)
        )
        yield Difference(
            where,
            f"takes {new_least} to {new_most} values, was {old_least} to {old_most}",
            not wider,
        )
    if "choices" in old or "choices" in new:
        old_choices, new_choices = (
            set(old.get("choices", ())),
            set(new.get("choices", ())),
        )
        if "choices" not in new:
            yield Difference(
                where, "takes any value, not only the listed choices", False
            )
        elif "choices" not in old:
            yield Difference(where, "takes only the listed choices now", True)
        else:
            for choice in sorted(old_choices - new_choices):
                yield Difference(where, f"choice {choice!r} removed", True)
            for choice in sorted(new_choices - old_choices):
                yield Difference(where, f"choice {choice!r} added", False)
    if old.get("default") != new.get("default"):
        yield Difference(
            where,
            f"default changed from {old.get('default')} to {new.get('default')}",
            True,
        )
    for flag in sorted(set(old.get("flags", ())) - set(new.get("flags", ()))):
        yield Difference(where, f"spelling {flag} removed", True)
    for flag in sorted(set(new.get("flags", ())) - set(old.get("flags", ()))):
        yield Difference(where, f"spelling {flag} added", False)
    if new.get("required") and not old.get("required"):
        yield Difference(where, "became required", True)
    elif old.get("required") and not new.get("required"):
        yield Difference(where, "became optional", False)


def _compare_verb(verb: str, old: Record, new: Record) -> Iterator[Difference]:
    command = f"ncts {verb}".rstrip()
    for name, option in old["options"].items():
        if name not in new["options"]:
            yield Difference(f"{command} {name}", "option removed", True)
        else:
            yield from _compare_argument(
                f"{command} {name}", option, new["options"][name]
            )
    for name, option in new["options"].items():
        if name not in old["options"]:
            yield Difference(
                f"{command} {name}",
                f"{'required' if option.get('required') else 'optional'} option added",
                bool(option.get("required")),
            )
    for i, argument in enumerate(old["positionals"]):
        where = f"{command} <{argument['name']}>"
        if i >= len(new["positionals"]):
            yield Difference(where, "positional argument removed", True)
            continue
        other = new["positionals"][i]
        if other["name"] != argument["name"]:
            yield Difference(
                where, f"positional argument renamed to {other['name']}", False
            )
        yield from _compare_argument(
            where,
            {k: v for k, v in argument.items() if k != "name"},
            {k: v for k, v in other.items() if k != "name"},
        )
    for argument in new["positionals"][len(old["positionals"]) :]:
        required = argument["values"][0] > 0
        yield Difference(
            f"{command} <{argument['name']}>",
            f"{'required' if required else 'optional'} positional argument added",
            required,
        )


def compare(old: Record, new: Record) -> list[Difference]:
    """Every difference between two snapshots, each classified, in order of path."""
    differences: list[Difference] = []
    deprecated = new.get("deprecated", {})
    old_python, new_python = old.get("python", {}), new.get("python", {})
    for path, record in old_python.items():
        if path in new_python:
            differences += _compare_object(path, record, new_python[path], deprecated)
        elif path in deprecated:
            d = deprecated[path]
            differences.append(
                Difference(
                    path,
                    f"deprecated: use {d['new']} (removed in {d['remove_in']})",
                    False,
                )
            )
        else:
            differences.append(Difference(path, f"{record['kind']} removed", True))
    for path, record in new_python.items():
        if path not in old_python:
            differences.append(Difference(path, f"{record['kind']} added", False))
    for path in old.get("deprecated", {}):
        if path not in deprecated and path not in new_python:
            differences.append(Difference(path, "deprecated name removed", True))
    old_cli, new_cli = old.get("cli", {}), new.get("cli", {})
    for verb, record in old_cli.items():
        if verb not in new_cli:
            differences.append(Difference(f"ncts {verb}", "command removed", True))
        else:
            differences += _compare_verb(verb, record, new_cli[verb])
    for verb in new_cli:
        if verb not in old_cli:
            differences.append(Difference(f"ncts {verb}", "command added", False))
    return sorted(differences)


# The check.


def major(version: str) -> tuple[int, int]:
    """Return the part of a version that a breaking change must raise.

    That is the major number; before 1.0.0 it is the minor one, as in Cargo's
    reading of semantic versioning (docs/versioning.md): "1.2.3" gives (1, 0),
    "0.2.1" gives (0, 2).
    """
    parts = [int(p) if p.isdigit() else 0 for p in version.split("+")[0].split(".")]
    first, second = [*parts, 0, 0][:2]
    return (first, 0) if first else (0, second)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(
        int(part) for part in version.split("+")[0].split(".")[:3] if part.isdigit()
    )


def verdict(old: Record, new: Record, differences: Sequence[Difference]) -> list[str]:
    """List what is wrong with going from snapshot *old* to snapshot *new*."""
    problems = []
    breaking = [d for d in differences if d.breaking]
    if _version_key(new["version"]) < _version_key(old["version"]):
        problems.append(
            f"the version went down, from {old['version']} to {new['version']}"
        )
    if breaking and major(new["version"]) <= major(old["version"]):
        problems.append(
            f"{len(breaking)} breaking change(s) need a new major version: "
            f"{old['version']} -> {new['version']} keeps the major version "
            "(before 1.0.0: the minor one; docs/versioning.md)"
        )
    return problems


def unreleased(changelog: str) -> str:
    """Return the "Unreleased" section of a changelog, heading included."""
    lines = changelog.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip() == "## Unreleased"), None
    )
    if start is None:
        return ""
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
        len(lines),
    )
    return "\n".join(lines[start:end]).strip()


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


def history_problems(
    root: Path = ROOT, snapshot_path: Path = SNAPSHOT, changelog_path: Path = CHANGELOG
) -> tuple[list[str], str]:
    """Check the last change to the snapshot against git: its changelog, its version.

    The change is the working tree's, when the snapshot has uncommitted changes;
    otherwise the last commit's (for a merge: against its first parent). Returns the
    problems and a note on what was compared.
    """
    snapshot_name = snapshot_path.relative_to(root).as_posix()
    changelog_name = changelog_path.relative_to(root).as_posix()
    if _git(root, "rev-parse", "--verify", "-q", "HEAD") is None:
        return [], "no git history: the snapshot's history is not checked"
    modified = _git(root, "status", "--porcelain", "--", snapshot_name)
    base = "HEAD" if modified else "HEAD~1"
    if _git(root, "rev-parse", "--verify", "-q", base) is None:
        return [], f"no commit {base}: the snapshot's history is not checked"
    old_text = _git(root, "show", f"{base}:{snapshot_name}")
    if old_text is None:
        return [], f"{snapshot_name} is new since {base}"
    old, new = (
        json.loads(old_text),
        json.loads(snapshot_path.read_text(encoding="utf-8")),
    )
    differences = compare(old, new)
    if not differences and old["version"] == new["version"]:
        return [], f"the snapshot is as in {base}"
    problems = verdict(old, new, differences)
    old_changelog = _git(root, "show", f"{base}:{changelog_name}") or ""
    if unreleased(old_changelog) == unreleased(
        changelog_path.read_text(encoding="utf-8")
    ):
        problems.append(
            f"{snapshot_name} changed since {base} but the Unreleased section of "
            f"{changelog_name} did not: say what changed there, in the same commit"
        )
    return (
        problems,
        f"the snapshot changed since {base}: {len(differences)} difference(s)",
    )


def check(stored: Record, current: Record) -> tuple[list[Difference], list[str]]:
    """Compare the code with the committed snapshot: the differences and problems."""
    differences = compare(stored, current)
    problems = verdict(stored, current, differences)
    if differences or stored["version"] != current["version"]:
        problems.append(
            "the public API or the version differs from .ci/api.json: write the "
            f"change in CHANGELOG.md's Unreleased section, then run {UPDATE}, and "
            "commit both"
        )
    return differences, problems


def main(argv: Sequence[str] | None = None) -> int:
    """Check the API against the snapshot, or (``--update``) rewrite the snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot")
    args = parser.parse_args(argv)
    current = snapshot()
    stored = (
        json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else None
    )
    if args.update:
        if stored is not None:
            for difference in compare(stored, current):
                print(difference)
        SNAPSHOT.write_text(dumps(current), encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)} (ncts {current['version']})")
        return 0
    if stored is None:
        print(f"no {SNAPSHOT.relative_to(ROOT)}: run {UPDATE}", file=sys.stderr)
        return 1
    differences, problems = check(stored, current)
    for difference in differences:
        print(difference)
    history, note = history_problems()
    problems += history
    print(
        f"api: {len(current['python'])} names, {len(current['cli']) - 1} commands; {note}"
    )
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print("api: the code matches .ci/api.json")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Reading and writing YAML, safely and in one canonical form.

Reading uses PyYAML's safe loader (the C one when libyaml is there) with two more
rules: a key may not appear twice in a mapping (PyYAML would keep the last one and
lose data), and aliases are refused (they are never needed in strategy data, and
they are how "billion laughs" documents blow up).

Lines are looked up only when something is wrong, so a valid file loads at the
speed of the C parser.
"""

from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._errors import ParseError

__all__ = ["WIDTH", "dump_yaml", "line_finder", "load_yaml"]

#: Long texts are folded onto continuation lines at this width.
WIDTH = 88

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, refusing duplicate keys and aliases."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise ConstructorError(
                None,
                None,
                "aliases are not allowed: the value anchored here (&name) is used "
                "again through an alias (*name); write the value out in full",
                node.start_mark,
            )
        return super().construct_object(node, deep)

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise ConstructorError(
                None,
                None,
                f"{node.value!r} is not a valid date: fix it, or quote it if it is text",
                node.start_mark,
            ) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> Any:
        seen: dict[tuple[str, str], Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key {key_node.value!r} (first used on line {first}): "
                        "a key may appear only once in a mapping",
                        key_node.start_mark,
                    )
                seen[key] = key_node
        return super().construct_mapping(node, deep)


_StrictLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp
)


def load_yaml(text: str, *, file: str | None = None) -> Any:
    """Parse YAML text into plain data, or raise :class:`~ncts.ParseError`.

    >>> load_yaml("a: 1")
    {'a': 1}
    >>> load_yaml("a: 1\\na: 2")
    Traceback (most recent call last):
    ...
    ncts._errors.ParseError: <string>:2:1: duplicate key 'a' (first used on line 1): a key may appear only once in a mapping
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a safe loader, see _StrictLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "malformed YAML"
        if "could not determine a constructor" in message:
            message = (
                f"the tag {message.split('tag ', 1)[-1]} is not allowed: "
                "strategy files hold plain data only"
            )
        elif "maximum nesting depth" in message:
            message = (
                "the document is nested too deeply: the YAML parser reads at most "
                "1,000 levels of nesting"
            )
        elif not isinstance(exc, ConstructorError):
            message = f"malformed YAML: {message}"
        raise ParseError(
            message,
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"malformed YAML: {exc}", file=file) from None
    except RecursionError:
        raise ParseError(
            "the document is nested too deeply: the YAML parser reads at most "
            "1,000 levels of nesting",
            file=file,
        ) from None
    except (
        ValueError,
        TypeError,
        OverflowError,
    ) as exc:  # pragma: no cover - defensive
        raise ParseError(f"could not read the YAML: {exc}", file=file) from None


_PLAIN_TRAPS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null",
}


def line_finder(text: str) -> Callable[[str], tuple[int | None, str | None]]:
    """Return a function from a document path to its line and a note on the value.

    Used only when a document has problems. The note explains a plain scalar that
    YAML 1.1 reads as something other than text (``no`` as a boolean, say).

    >>> find = line_finder("a:\\n  b: no\\n")
    >>> find("a.b")
    (2, "the file has the unquoted value 'no', which YAML reads as a boolean")
    """
    from ._convert import parse_path

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        root = None

    def find(path: str) -> tuple[int | None, str | None]:
        node: Node | None = root
        line = node.start_mark.line + 1 if node is not None else None
        for part in parse_path(path):
            child: Node | None = None
            if isinstance(node, MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and key_node.value == part:
                        line = key_node.start_mark.line + 1
                        child = value_node
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                return line, None
            node = child
        note = None
        if (
            isinstance(node, ScalarNode)
            and not node.style  # '' from the C composer, None from the Python one
            and node.tag in _PLAIN_TRAPS
        ):
            note = (
                f"the file has the unquoted value {node.value!r}, "
                f"which YAML reads as {_PLAIN_TRAPS[node.tag]}"
            )
        return line, note

    return find


class _Dumper(yaml.SafeDumper):
    """The canonical writer: no aliases, text with line breaks as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# Characters that YAML reads as line breaks (or drops) unless they are escaped; only
# the double-quoted style escapes them, so PyYAML must not pick another style.
_ESCAPE_ONLY = frozenset("\r\x85\u2028\u2029\ufeff")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if not _ESCAPE_ONLY.isdisjoint(value):
        style = '"'
    elif "\n" in value and value == value.strip():
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any, *, ascii: bool = False) -> str:
    """Write plain data as canonical YAML: fixed key order, UTF-8, fixed width.

    The pure-Python emitter is used on purpose: its output is the same on every
    machine, with or without libyaml. With *ascii*, every character outside
    printable ASCII is written as an escape in a double-quoted string: the same
    data, safe to show on any terminal.

    >>> print(dump_yaml({"id": "VK7", "kinds": ["development", "innovation"]}), end="")
    id: VK7
    kinds:
    - development
    - innovation
    """
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=not ascii,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        indent=2,
    )

"""Reading and writing YAML, safely and in one canonical form.

Reading uses PyYAML's safe loader (the C one when libyaml is there), and refuses
what plain data never needs:

- tags, every one of them (``!!python/object``, but also ``!!int``, ``!!binary``,
  ``!!timestamp``, ``!custom``, verbatim ``!<...>`` and ``%TAG`` handles): a value
  is what it looks like;
- merge keys (``<<``), refused before PyYAML would expand them: they override
  keys silently, and nested ones grow a small file into gigabytes in old PyYAML
  releases;
- a key that appears twice in a mapping (PyYAML would keep the last one and lose
  data);
- aliases (they are never needed in strategy data, and they are how "billion
  laughs" documents blow up);
- numbers that YAML 1.1 reads in surprising ways (``1:20`` is 80, ``0x7E8``,
  ``03750``, ``2_024`` and ``+2024`` are all 2024): numbers are written as in JSON;
- integers too long to turn back into text (more digits than Python prints).

Lines are looked up only when something is wrong, so a valid file loads at the
speed of the C parser; then every problem is looked up in one pass over the text.
"""

import functools
import re
from collections.abc import Container, Iterable, Iterator
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._checks import shown, too_many_digits
from ._errors import ParseError, parse_path

__all__ = ["WIDTH", "dump_yaml", "find_lines", "load_yaml"]

#: Long texts are folded onto continuation lines at this width.
WIDTH = 88

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE = "tag:yaml.org,2002:merge"
# Numbers as JSON writes them. YAML 1.1 also reads 0x.., 0o.., 0b.., 0.. (octal),
# 1_000, +1 and 1:20 (base 60) as numbers, which a reader of the file would not.
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(
    r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _error(message: str, node: Node) -> ConstructorError:
    return ConstructorError(None, None, message, node.start_mark)


def _not_plain(node: ScalarNode, value: object, example: str) -> ConstructorError:
    return _error(
        f"the number {shown(node.value)} is not written in plain digits (YAML 1.1 "
        f"reads it as {shown(value)}): write numbers as in JSON, such as {example}, "
        "or put the value in quotes if it is text",
        node,
    )


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, refusing merge keys, duplicate keys, odd numbers.

    Aliases are refused by :class:`_StrictLoader`, for text that can hold one.
    """

    # PyYAML's constructor's state (for mypy: the base class is Any to it).
    state_generators: list[Iterator[Any]]
    constructed_objects: dict[Node, Any]
    recursive_objects: dict[Node, None]

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _error(
                f"{node.value!r} is not a valid date: fix it, or quote it if it is text",
                node,
            ) from None

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        text = node.value
        too_long = too_many_digits(text.replace("_", "").replace(":", ""))
        if _PLAIN_INT.fullmatch(text) is None:
            # What YAML 1.1 reads, unless it is too long to work out.
            value = "a number" if too_long else super().construct_yaml_int(node)
            raise _not_plain(node, value, "2024")
        if too_long:
            raise _error(too_long, node)
        return int(text)

    def construct_yaml_float(self, node: ScalarNode) -> Any:
        if _PLAIN_FLOAT.fullmatch(node.value) is None:
            raise _not_plain(node, super().construct_yaml_float(node), "2.5")
        return super().construct_yaml_float(node)

    def flatten_mapping(self, node: MappingNode) -> None:
        # In place of PyYAML's, which would expand merge keys: they are refused
        # here, so there is nothing to flatten. (It also gives a "=" key the
        # tag of text, which the constructor for that tag does too.)
        seen: dict[tuple[str, str], Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.tag == _MERGE:
                    raise _error(
                        "merge keys (<<) are not allowed: they override and copy "
                        "keys silently; write the keys out in full",
                        key_node,
                    )
                key = (key_node.tag, key_node.value)
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    raise _error(
                        f"duplicate key {key_node.value!r} (first used on line {first}): "
                        "a key may appear only once in a mapping",
                        key_node,
                    )
                seen[key] = key_node

    def construct_document(self, node: Node) -> Any:
        """Build a document: its text, mappings and lists directly, the rest as PyYAML.

        PyYAML builds every node through ``construct_object`` and a generator per
        mapping and list, about half the time of a load; a strategy is mostly text
        in mappings and lists, which are built here in one call per node. What is
        not plain text, a mapping of text keys or a list (numbers, dates, booleans,
        other keys), and whatever is nested deeper than ``_FAST_DEPTH``, is built
        by PyYAML's own code, so it reads as it did and fails as it did.
        ``tests/test_yaml_fast.py`` checks that both give the same data and errors.
        Only for text without aliases: an alias makes one node appear twice, and
        :class:`_StrictLoader` (PyYAML's way) refuses it.
        """
        data = self._build(node, 0)
        generators: list[Iterator[Any]] = self.state_generators
        while generators:  # as PyYAML: the mappings and lists it began
            self.state_generators = []
            for generator in generators:
                for _ in generator:
                    pass
            generators = self.state_generators
        self.constructed_objects = {}
        self.recursive_objects = {}
        self.deep_construct = False
        return data

    def _build(self, node: Node, depth: int) -> Any:
        tag = node.tag
        if tag == _STR and type(node) is ScalarNode:
            return node.value
        if depth < _FAST_DEPTH:
            if tag == _MAP and type(node) is MappingNode:
                pairs = node.value
                if all(k.tag == _STR and type(k) is ScalarNode for k, _ in pairs):
                    self.flatten_mapping(node)  # the checks: duplicate and merge keys
                    depth += 1
                    return {k.value: self._build(v, depth) for k, v in pairs}
            elif tag == _SEQ and type(node) is SequenceNode:
                depth += 1
                return [self._build(item, depth) for item in node.value]
        return self.construct_object(node)


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))
#: Nested deeper than this, a document is built by PyYAML's own generators, which
#: read the 1,000 levels libyaml allows without Python's recursion limit.
_FAST_DEPTH = 100

_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
# A plain "=" (YAML 1.1's "value" key) is just text.
_Loader.add_constructor("tag:yaml.org,2002:value", _Loader.construct_yaml_str)


class _StrictLoader(_Loader):
    """:class:`_Loader`, refusing aliases too."""

    # PyYAML's own way, every node through construct_object: an alias is a node
    # that comes there twice.
    construct_document = _BaseLoader.construct_document

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _error(
                "aliases are not allowed: the value anchored here (&name) is used "
                "again through an alias (*name); write the value out in full",
                node,
            )
        return super().construct_object(node, deep)


# The characters YAML does not allow in a file (the reader's own rule).
_NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

# A tag starts with "!" at the start of a node: never right after a letter or digit.
_MAYBE_TAG = re.compile(r"(?:\A|\W)!")
_YAML_TAGS = "tag:yaml.org,2002:"


def _refuse_tags(text: str, file: str | None) -> None:
    """Raise ParseError at the first explicit tag in *text*, if there is one."""
    events: Iterable[Any] = yaml.parse(text, Loader=_BaseLoader)
    try:
        for event in events:
            tag = getattr(event, "tag", None)
            if tag is not None:
                if tag.startswith(_YAML_TAGS):
                    tag = "!!" + tag[len(_YAML_TAGS) :]
                mark = event.start_mark
                raise ParseError(
                    f"the tag {tag!r} is not allowed: strategy and overlay files hold "
                    "plain data only; remove the tag (and put the value in quotes if "
                    "it is text)",
                    file=file,
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
    except yaml.YAMLError:
        return  # malformed: the load itself says where


def load_yaml(text: str, *, file: str | None = None) -> Any:
    """Parse YAML text into plain data, or raise :class:`~ncts.ParseError`.

    >>> load_yaml("a: 1")
    {'a': 1}
    >>> load_yaml("a: 1\\na: 2")
    Traceback (most recent call last):
    ...
    ncts.ParseError: <string>:2:1: duplicate key 'a' (first used on line 1): a key may appear only once in a mapping
    >>> load_yaml("a: !!int 1")
    Traceback (most recent call last):
    ...
    ncts.ParseError: <string>:1:4: the tag '!!int' is not allowed: strategy and overlay files hold plain data only; remove the tag (and put the value in quotes if it is text)
    """
    if "!" in text and _MAYBE_TAG.search(text):
        _refuse_tags(text, file)
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        _refuse_hidden_breaks(text, file)
    try:
        # A safe loader, see _Loader. An alias is written *name: text without a
        # "*" has none, and is spared the look for one at every node.
        loader = _StrictLoader if "*" in text else _Loader
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "malformed YAML"
        if "maximum nesting depth" in message:
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
    except yaml.reader.ReaderError:  # PyYAML's one error without a line
        found = _NOT_PRINTABLE.search(text)
        assert found is not None, "the reader refuses only these characters"
        at = found.start()
        line, column = _place(text, at)
        raise ParseError(
            f"the character {text[at]!r} is not allowed in YAML: remove it, or "
            f'write it as an escape in a double-quoted string ("\\u{ord(text[at]):04x}")',
            file=file,
            line=line,
            column=column,
        ) from None
    except RecursionError:
        raise ParseError(
            "the document is nested too deeply: the YAML parser reads at most "
            "1,000 levels of nesting",
            file=file,
        ) from None


#: Characters that YAML reads as line breaks, though editors, ``grep -n`` and JSON
#: do not: NEL, and the Unicode line and paragraph separators.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]")
_NAMES = {
    "\x85": "NEXT LINE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def _refuse_hidden_breaks(text: str, file: str | None) -> None:
    """Refuse a raw NEL, U+2028 or U+2029: YAML would read it as a line break.

    In a double-quoted value YAML turns a NEL into a space (the text would change
    without a word), elsewhere the document breaks in odd places, and the lines
    counted after one differ from the editor's.
    """
    found = _HIDDEN_BREAKS.search(text)
    assert found is not None, "called for text that holds one"
    at = found.start()
    char = text[at]
    line, column = _place(text, at)
    raise ParseError(
        f"the text holds a raw U+{ord(char):04X} ({_NAMES[char]}), which YAML reads "
        f"as a line break: write it as an escape in a double-quoted string "
        f'("\\u{ord(char):04x}"), or remove it',
        file=file,
        line=line,
        column=column,
    )


_BREAK = re.compile("\r\n|\r|\n")


def _place(text: str, at: int) -> tuple[int, int]:
    """Give the line and column of *text[at]* as editors count them (CR LF, CR or LF).

    >>> _place("a\r\nb\rc\nd", 8), _place("ab", 1)
    ((4, 1), (1, 2))
    """
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, at):
        line, start = line + 1, match.end()
    return line, at - start + 1


_PLAIN_TRAPS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null",
}


class _Wanted:
    """A place asked about, and what was found there: a node of a tree of paths."""

    __slots__ = ("children", "line", "parent", "scalar")

    def __init__(self, parent: "_Wanted | None" = None) -> None:
        self.parent = parent
        self.children: dict[str | int, _Wanted] = {}
        self.line: int | None = None
        self.scalar: ScalarEvent | None = None  # the value, when it is a scalar


class _Frame:
    """An open mapping or list, while the events are read."""

    __slots__ = ("index", "is_mapping", "next_is_key", "value", "wanted")

    def __init__(self, wanted: _Wanted, is_mapping: bool) -> None:
        self.wanted = wanted
        self.is_mapping = is_mapping
        self.next_is_key = True
        self.value: _Wanted | None = None  # what the key just read leads to
        self.index = 0


_RESOLVER = yaml.resolver.Resolver()


def _note(event: ScalarEvent) -> str | None:
    """Explain a plain scalar that YAML 1.1 reads as something other than text."""
    if event.style or not event.implicit[0]:  # quoted: '' or None means plain
        return None
    tag = _RESOLVER.resolve(ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
    if tag not in _PLAIN_TRAPS:
        return None
    return (
        f"the file has the unquoted value {event.value!r}, "
        f"which YAML reads as {_PLAIN_TRAPS[tag]}"
    )


# What YAML cannot read, or reads as a line break, though JSON holds it as text.
@functools.cache
def _not_yaml() -> re.Pattern[str]:
    # Compiled on first use: a class of Unicode ranges takes milliseconds to
    # compile, which ``import ncts`` need not pay.
    return re.compile(
        "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    )


def find_lines(
    text: str, paths: Iterable[str], *, notes: Container[str] = (), json: bool
) -> dict[str, tuple[int | None, str | None]]:
    """Find the line of each document path, and for those in *notes* a note.

    One pass over the text's parse events answers every path, however many: the
    paths are first made into a tree, and each mapping key or list item read is
    looked up in it once. A path that goes further than the document gets the line
    of the deepest place that exists. A note explains a plain scalar that YAML 1.1
    reads as something other than text (``no`` as a boolean, say). JSON text
    (*json*) is read as YAML, which it is once the characters that YAML cannot
    read or takes for line breaks are replaced, one for one.

    >>> text = "a:\\n  b: no\\nc: [x,\\n  y]\\n"
    >>> find_lines(text, ["a.b", "c[1]", "c[7]", "d"], notes=["a.b"], json=False)
    {'a.b': (2, "the file has the unquoted value 'no', which YAML reads as a boolean"), 'c[1]': (4, None), 'c[7]': (3, None), 'd': (1, None)}
    """
    root = _Wanted()
    ends: dict[str, _Wanted] = {}
    for path in paths:
        node = root
        parts = parse_path(path) if "." in path or "[" in path else (path,) * bool(path)
        for part in parts:
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Wanted(node)
            node = child
        ends[path] = node
    if json:
        text = _not_yaml().sub("?", text)
    _read_events(text, root)
    found: dict[str, tuple[int | None, str | None]] = {}
    for path, node in ends.items():
        place: _Wanted | None = node
        while place is not None and place.line is None:
            place = place.parent
        note = None
        if place is node and node.scalar is not None and path in notes:
            note = _note(node.scalar)
        found[path] = (place.line if place is not None else None, note)
    return found


def _read_events(text: str, root: _Wanted) -> None:
    """Fill in the line (and the scalar) of every wanted place, in one pass."""
    # A frame for each open mapping or list that holds a wanted place; None for
    # the others, whose contents need no attention.
    stack: list[_Frame | None] = []
    frame: _Frame | None = None
    events: Iterable[Any] = yaml.parse(text, Loader=_BaseLoader)
    try:
        for event in events:
            kind = type(event)
            if kind not in _NODE_EVENTS:
                if kind in _END_EVENTS:
                    stack.pop()
                    frame = stack[-1] if stack else None
                continue
            wanted: _Wanted | None = None
            if frame is not None:
                if not frame.is_mapping:
                    wanted = frame.wanted.children.get(frame.index)
                    frame.index += 1
                    if wanted is not None:
                        wanted.line = event.start_mark.line + 1
                elif frame.next_is_key:  # a key: not a place, but where one starts
                    frame.next_is_key = False
                    value = None
                    if kind is ScalarEvent:
                        value = frame.wanted.children.get(event.value)
                        if value is not None:
                            value.line = event.start_mark.line + 1
                    frame.value = value
                else:
                    frame.next_is_key = True
                    wanted = frame.value
            elif not stack:  # the document (the loader refuses a second one)
                wanted = root
                wanted.line = event.start_mark.line + 1
            if kind is ScalarEvent:
                if wanted is not None:
                    wanted.scalar = event
            elif kind is not AliasEvent:  # a mapping or a list starts
                frame = (
                    _Frame(wanted, kind is MappingStartEvent)
                    if wanted is not None and wanted.children
                    else None
                )
                stack.append(frame)
    except yaml.YAMLError:
        return  # the lines found before the text stopped making sense stand


_END_EVENTS = frozenset({MappingEndEvent, SequenceEndEvent})
_NODE_EVENTS = frozenset(
    {ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent}
)


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

_CBaseDumper: Any = getattr(yaml, "CSafeDumper", None)


class _CDumper(_CBaseDumper or yaml.SafeDumper):  # type: ignore[misc]
    """The canonical writer with libyaml's emitter, four to six times faster.

    It writes the same text for the data that :func:`_c_writes_it` lets through.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


_CDumper.add_representer(str, _represent_str)
#: The writer with libyaml's emitter, or None without libyaml.
C_DUMPER: type | None = _CDumper if _CBaseDumper is not None else None


# What libyaml's emitter writes as the pure-Python one does: strings of the
# characters both print as they are (not NEL, the line and paragraph separators,
# the byte order mark, or characters beyond the Basic Multilingual Plane, which
# libyaml escapes and the pure emitter does not), whose only escape in JSON is a
# quote, a backslash or a line break not next to a space. A string outside these is
# (or may be) written in double quotes, which the two fold at different places.
# Looked for in the data written as JSON (by the C encoder, in one pass).
@functools.cache
def _not_for_c() -> re.Pattern[str]:
    return re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


_ESCAPE = re.compile(r"\\(.)")


def _c_writes_it(data: Any, ascii: bool) -> bool:
    """Whether libyaml's emitter writes *data* as the pure-Python one does."""
    import json  # here, not at the top: ``import ncts`` need not load it

    try:
        text = json.dumps(data, ensure_ascii=ascii)
    except (TypeError, ValueError):  # not plain JSON data: leave it to the pure one
        return False
    if _not_for_c().search(text):
        return False
    if "\\" in text:  # each escape, in order (an escaped backslash is one)
        for escape in _ESCAPE.finditer(text):
            char = escape.group(1)
            if char == "n":  # a line break next to a space
                if text[escape.start() - 1] == " " or text[escape.end()] == " ":
                    return False
            elif char not in '"\\':
                return False
    return True


def dump_with(data: Any, dumper: type, *, ascii: bool = False) -> str:
    """Write *data* as canonical YAML with the given dumper class."""
    return yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=not ascii,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        indent=2,
    )


def dump_yaml(data: Any, *, ascii: bool = False) -> str:
    """Write plain data as canonical YAML: fixed key order, UTF-8, fixed width.

    The text is the pure-Python emitter's, the same on every machine. libyaml's
    emitter, when PyYAML has it, writes it four to six times faster; it is used
    only for data it writes byte for byte as the pure one does (the tests compare
    the two on the bundled data, the examples and generated strategies). With
    *ascii*, every character outside printable ASCII is written as an escape in a
    double-quoted string: the same data, safe to show on any terminal.

    >>> print(dump_yaml({"id": "VK7", "kinds": ["development", "innovation"]}), end="")
    id: VK7
    kinds:
    - development
    - innovation
    """
    fast = C_DUMPER is not None and _c_writes_it(data, ascii)
    return dump_with(data, C_DUMPER if fast else _Dumper, ascii=ascii)  # type: ignore[arg-type]

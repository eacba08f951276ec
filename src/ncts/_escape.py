"""Making text from a file safe to show: on a terminal, and in Markdown.

A file may hold anything: ANSI escape sequences that clear a terminal or set its
title, bidirectional controls that reorder what a reader sees (Trojan Source),
zero-width characters, line breaks that start a forged line. :func:`printable` is
the one place that turns such characters into visible escapes; every message,
every line of the command line's output and every Markdown text goes through it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal, TypeAlias

__all__ = ["Style", "markdown_code", "markdown_text", "printable"]

#: How an escaped character is spelled: as in Python and ncts's messages
#: (``\x1b``, ``\u202e``), as in JSON strings, as an XML character reference
#: (also read by Graphviz), or as a Mermaid entity code.
Style: TypeAlias = Literal["python", "json", "xml", "mermaid"]

# Control characters, format characters (the bidirectional controls U+202A-U+202E,
# U+2066-U+2069, U+200E, U+200F, U+061C among them, and the zero-width ones), lone
# surrogates, line and paragraph separators, and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Cn"})
# Letters that show as nothing at all: the Hangul fillers.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
# Only these can be hidden; printable ASCII never is.
_CANDIDATE = re.compile(r"[^\x20-\x7e]")


_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _python(code: int) -> str:
    if code in _SHORT:
        return _SHORT[code]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json(code: int) -> str:
    if code in _SHORT:
        return _SHORT[code]
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_SPELLING: dict[str, Callable[[int], str]] = {
    "python": _python,
    "json": _json,
    "xml": lambda code: f"&#x{code:x};",
    "mermaid": lambda code: f"#{code};",
}


def hidden(char: str) -> bool:
    """Whether a character would act on a terminal or be invisible there.

    >>> hidden("\\x1b"), hidden("\\u202e"), hidden("\\n"), hidden("ë"), hidden(" ")
    (True, True, True, False, False)
    """
    return unicodedata.category(char) in _HIDDEN_CATEGORIES or char in _BLANK_LETTERS


def printable(text: str, *, keep: str = "", style: Style = "python") -> str:
    """Return *text* with every hidden character written as a visible escape.

    Hidden are the C0 and C1 control characters (tab and line feed included),
    the bidirectional controls, zero-width and other format characters, the line
    and paragraph separators, lone surrogates, unassigned code points and the
    Hangul fillers. *keep* names characters to leave as they are (the command line
    keeps the line feeds of a YAML or JSON document it prints, never those of a
    text). *style* picks how an escape is spelled, so that a document stays valid:
    ``python`` (``\\x1b``), ``json`` (``\\u001b``), ``xml`` (``&#x1b;``) or
    ``mermaid`` (``#27;``). A backslash is not escaped, so escaping twice changes
    nothing.

    Examples
    --------
    >>> printable("T \\x1b]0;pwned\\x07 \\u202eabc")
    'T \\\\x1b]0;pwned\\\\x07 \\\\u202eabc'
    >>> print(printable("two\\nlines, één tab\\t"))
    two\\nlines, één tab\\t
    >>> printable('{"a": "\\u2066"}\\n', keep="\\n", style="json")
    '{"a": "\\\\u2066"}\\n'
    """
    if text.isascii() and text.isprintable():
        return text
    spell = _SPELLING[style]

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return spell(ord(char)) if char not in keep and hidden(char) else char

    return _CANDIDATE.sub(escape, text)


# What Markdown (CommonMark and GitHub's) may read as markup in the middle of a
# line: escapes, code spans, emphasis, links and images, HTML and entities,
# heading closers, table cells, strikethrough and maths.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>&#|~!$])")


def markdown_text(text: str) -> str:
    """Return *text* as Markdown that shows exactly the text, never markup.

    Hidden characters (line breaks included) become visible escapes first, so a
    text stays on its line and cannot start a heading or a list item; then every
    character that Markdown could read as markup gets a backslash.

    Examples
    --------
    >>> print(markdown_text("x\\n\\n## Removed <img src=x> `code` *b*"))
    x\\\\n\\\\n\\#\\# Removed \\<img src=x\\> \\`code\\` \\*b\\*
    """
    return _MARKDOWN.sub(r"\\\1", printable(text))


def markdown_code(text: str) -> str:
    """Return *text* as a Markdown code span that no backtick in it can close.

    Examples
    --------
    >>> print(markdown_code("VK6"))
    `VK6`
    >>> print(markdown_code("a`b"))
    ``a`b``
    """
    text = printable(text)
    fence = "`" * (1 + max((len(run) for run in re.findall("`+", text)), default=0))
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"

"""Every error that ncts raises, under one base class, :class:`NctsError`.

Errors carry structured attributes (the file, the line, the path in the document,
the suggestions) as well as a message, so that programs can act on them and people
can read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

import attrs

from ._escape import printable

__all__ = [
    "DocumentPath",
    "FileError",
    "FormatError",
    "InternalError",
    "NctsError",
    "ParseError",
    "Problem",
    "QueryError",
    "UnknownIdError",
    "ValidationError",
    "closest",
    "format_path",
    "parse_path",
]


class NctsError(Exception):
    """Base class of every error raised by ncts.

    Catch this to handle any problem that ncts reports; the subclasses say more.

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     ncts.loads("id: [", format="yaml")
    ... except ncts.NctsError as exc:
    ...     print(type(exc).__name__)
    ParseError

    Its message never holds a character that would act on a terminal: control,
    bidirectional and other hidden characters from a file are shown as escapes
    (see :func:`ncts._escape.printable`).
    """

    def __str__(self) -> str:
        return printable(super().__str__())


class InternalError(RuntimeError):
    """A defect in ncts itself, not a problem with what it was given.

    ncts reports what is wrong with its input (a file, a document, an argument) as
    an :class:`NctsError`, or as a :class:`TypeError` for an argument of the wrong
    type. Anything else that fails while it works is a bug in ncts. Where ncts
    catches such a failure (inside the loader, which gathers the problems of a
    document), it raises an InternalError instead, chained to the original
    exception: ``__cause__`` holds it, with its traceback. Please report it.

    It is not an :class:`NctsError`, so that ``except ncts.NctsError``, written to
    handle bad input, does not hide a bug. The command line shows it in one line and
    exits with code 70; ``NCTS_DEBUG=1`` shows the traceback as well.

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     try:
    ...         {}["nl"]
    ...     except KeyError as bug:
    ...         raise ncts.InternalError("structuring title.nl") from bug
    ... except ncts.NctsError:
    ...     print("reported as bad input")
    ... except ncts.InternalError as exc:
    ...     print(exc)
    ...     print(repr(exc.__cause__))
    a bug in ncts, while structuring title.nl: KeyError: 'nl'. Your input may well be fine: please report this, with the traceback
    KeyError('nl')
    """

    def __init__(self, doing: str) -> None:
        super().__init__(doing)
        self.doing = doing

    def __str__(self) -> str:
        cause = self.__cause__
        what = "" if cause is None else f": {type(cause).__name__}: {cause}"
        return printable(
            f"a bug in ncts, while {self.doing}{what}. Your input may well be fine: "
            "please report this, with the traceback"
        )


def counted(n: int, word: str, plural: str | None = None) -> str:
    """Say how many, with the word in the singular for one: "1 goal", "2 goals".

    >>> counted(1, "goal"), counted(0, "goal"), counted(2, "speerpunt", "speerpunten")
    ('1 goal', '0 goals', '2 speerpunten')
    >>> counted(1_000, "record")
    '1,000 records'
    """
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def closest(word: str, candidates: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Return up to *n* of *candidates* that look most like *word*, best first.

    Likeness is the number of single-character edits (insert, delete, replace, swap
    two neighbours) between the two, ignoring case; ties go to candidates of the
    same length, then to those that share a longer start with the word, then to
    the earlier candidate. Candidates more than a third of
    the word's length away (at least one edit) are not suggested.

    Examples
    --------
    >>> closest("VK8", ["VK", "VK1", "VK6", "VB4", "G1"])
    ('VK1', 'VK6', 'VK')
    >>> closest("vk6", ["VK6", "VW1", "G1"])
    ('VK6',)
    >>> closest("something else", ["VK6"])
    ()
    """
    folded = word.casefold()
    letters = set(folded)
    limit = max(1, len(word) // 3)
    scored = []
    for order, candidate in enumerate(candidates):
        if abs(len(candidate) - len(word)) > limit:
            continue
        other = candidate.casefold()
        # Each edit leaves at most one more character unmatched, so too few shared
        # characters rule a candidate out before the distance is worked out.
        if letters.isdisjoint(other) or (
            max(len(folded), len(other)) - sum(map(letters.__contains__, other)) > limit
        ):
            continue
        distance = _edit_distance(folded, other, limit)
        if distance <= limit:
            prefix = _shared_start(folded, other)
            gap = abs(len(candidate) - len(word))
            scored.append((distance, gap, -prefix, order, candidate))
    scored.sort()
    return tuple(candidate for *_, candidate in scored[:n])


def _shared_start(a: str, b: str) -> int:
    """Count the characters two strings share at their start."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (returning limit + 1) early."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _suggestion_text(suggestions: Sequence[str]) -> str:
    if not suggestions:
        return ""
    return " (did you mean " + ", ".join(repr(s) for s in suggestions) + "?)"


class UnknownIdError(NctsError, KeyError):
    """An ID that names no element of the strategy.

    It is also a :class:`KeyError`, so ``strategy[id]`` behaves like a mapping.

    Attributes
    ----------
    id : str
        The ID that was asked for.
    suggestions : tuple of str
        The closest existing IDs, best first (may be empty).

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     ncts.load()["VK8"]
    ... except ncts.UnknownIdError as exc:
    ...     print(exc)
    ...     print(exc.suggestions)
    no element with ID 'VK8' in strategy 'NCTS-2022-2026' (did you mean 'VK1', 'VK2', 'VK3'?)
    ('VK1', 'VK2', 'VK3')
    """

    def __init__(
        self, id: str, suggestions: Sequence[str] = (), where: str = ""
    ) -> None:
        self.id = id
        self.suggestions = tuple(suggestions)
        self.where = where
        super().__init__(id)

    def __str__(self) -> str:
        where = f" in {self.where}" if self.where else ""
        return printable(
            f"no element with ID {self.id!r}{where}{_suggestion_text(self.suggestions)}"
        )


class FormatError(NctsError, ValueError):
    """A file format that ncts does not know, or cannot tell from a file name.

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     ncts.dumps(ncts.load(), format="toml")
    ... except ncts.FormatError as exc:
    ...     print(exc)
    unknown format 'toml': use one of 'json', 'yaml'
    """


class FileError(NctsError, OSError):
    """A file that cannot be read or written (missing, a folder, no permission).

    It is also an :class:`OSError`. The message names the file and the reason.

    Attributes
    ----------
    path : str
        The file in question.

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     ncts.load("no-such-file.yaml")
    ... except ncts.FileError as exc:
    ...     print(exc)
    cannot read 'no-such-file.yaml': no such file
    """

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (by multiprocessing, for one) as the call that builds it.
        return (type(self), (self.args[0], self.path), self.__dict__)

    def __str__(self) -> str:
        return printable(str(self.args[0]))


class ParseError(NctsError, ValueError):
    """Text that is not well-formed YAML or JSON, or uses a construct ncts refuses.

    Attributes
    ----------
    message : str
        What is wrong, and how to fix it.
    file : str or None
        The file, when the text came from one.
    line, column : int or None
        Where, counting from 1.

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     ncts.loads('{"id": "X",}', format="json")
    ... except ncts.ParseError as exc:
    ...     print(exc.line, exc.column)
    ...     print(exc)
    1 12
    <string>:1:12: malformed JSON: Expecting property name enclosed in double quotes
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.file or "<string>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return printable(f"{where}: {self.message}")


#: A place in a document, as keys and indexes: ``("areas", 2, "id")``.
DocumentPath: TypeAlias = tuple[str | int, ...]


def format_path(path: DocumentPath) -> str:
    """Render a path as ``areas[2].speerpunten[1].text.nl``: the syntax of Problem.path.

    >>> format_path(("areas", 2, "speerpunten", 1, "text", "nl"))
    'areas[2].speerpunten[1].text.nl'
    >>> format_path(())
    ''
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def parse_path(path: str) -> DocumentPath:
    """Split a rendered path back into keys and indexes.

    A key that itself holds ``.`` or ``[`` (an unknown key in a broken file, say)
    cannot be told apart; the path is then cut where it stops making sense.

    >>> parse_path("areas[2].speerpunten[1].text.nl")
    ('areas', 2, 'speerpunten', 1, 'text', 'nl')
    >>> parse_path("a[:b")
    ('a',)
    """
    parts: list[str | int] = []
    for piece in path.split(".") if path else []:
        name, _, rest = piece.partition("[")
        if name:
            parts.append(name)
        if rest:
            for index in rest.rstrip("]").split("]["):
                if not (index.isascii() and index.isdigit()):
                    return tuple(parts)
                parts.append(int(index))
    return tuple(parts)


@attrs.frozen
class Problem:
    """One thing wrong with a document: where it is, and what to do about it.

    Attributes
    ----------
    path : str
        The place in the document, as keys and indexes, for example
        ``areas[2].speerpunten[1].text.nl``. Empty for the document as a whole.
    message : str
        What is wrong and how to fix it.
    line : int or None
        The line in the file (from 1), when the document was YAML or JSON text.

    Examples
    --------
    >>> p = Problem("areas[0].id", "must not be empty", line=12)
    >>> str(p)
    'line 12: areas[0].id: must not be empty'
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        path = f"{self.path}: " if self.path else ""
        return printable(f"{where}{path}{self.message}")


class ValidationError(NctsError, ValueError):
    """A document or object that breaks the rules of the strategy schema.

    It lists every problem found, not just the first: all of them in
    :attr:`problems`, the first 20 in its message, which says how many more there are.

    Attributes
    ----------
    problems : tuple of Problem
        Each problem, with its path in the document and, for text input, its line.
    file : str or None
        The file the document came from, if any.

    Examples
    --------
    >>> import ncts
    >>> text = ncts.dumps(ncts.load()).replace("id: VK6", "id: VK5")
    >>> try:
    ...     ncts.loads(text)
    ... except ncts.ValidationError as exc:
    ...     for problem in exc.problems:
    ...         print(problem)
    line 314: areas[1].speerpunten[5].id: duplicate ID 'VK5', already used at areas[1].speerpunten[4].id
    line 570: links[9].source: unknown ID 'VK6' (did you mean 'VK1', 'VK2', 'VK3'?)
    """

    def __init__(self, problems: Sequence[Problem], *, file: str | None = None) -> None:
        self.problems = tuple(problems)
        self.file = file
        super().__init__(self._render())

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (by multiprocessing, for one) as the call that builds it.
        return (type(self), (self.problems,), self.__dict__)

    #: How many problems the message lists; :attr:`problems` holds all of them.
    SHOWN = 20

    def _render(self) -> str:
        # One line per problem: the line breaks are ncts's own, never a file's.
        where = self.file or "document"
        count = len(self.problems)
        head = f"{where}: {counted(count, 'problem')}"
        lines = []
        for p in self.problems[: self.SHOWN]:
            prefix = (
                f"{self.file}:{p.line}: "
                if self.file and p.line
                else (f"line {p.line}: " if p.line else "")
            )
            path = f"{p.path}: " if p.path else ""
            lines.append(f"  {prefix}{path}{p.message}")
        if count > self.SHOWN:
            rest = count - self.SHOWN
            lines.append(
                f"  ...and {counted(rest, 'more problem')} "
                "(every one is in the error's problems)"
            )
        return "\n".join(printable(line) for line in [head, *lines])

    def __str__(self) -> str:
        return self._render()

    def with_context(
        self, *, file: str | None = None, lines: dict[str, int] | None = None
    ) -> ValidationError:
        """Return a copy with a file name and the line of each path filled in.

        Examples
        --------
        >>> err = ValidationError([Problem("id", "bad")])
        >>> print(err.with_context(file="s.yaml", lines={"id": 3}))
        s.yaml: 1 problem
          s.yaml:3: id: bad
        """
        lines = lines or {}
        problems = [
            attrs.evolve(p, line=lines.get(p.path, p.line)) for p in self.problems
        ]
        return ValidationError(problems, file=file or self.file)


def suggestion_text(suggestions: Sequence[str]) -> str:
    """Render suggestions as `` (did you mean 'A', 'B'?)``, or nothing.

    Examples
    --------
    >>> suggestion_text(["VK1"])
    " (did you mean 'VK1'?)"
    >>> suggestion_text([])
    ''
    """
    return _suggestion_text(suggestions)


class QueryError(NctsError, ValueError):
    """A question that cannot be asked, such as an unknown element type.

    Examples
    --------
    >>> import ncts
    >>> try:
    ...     ncts.connected(ncts.load(), "G1", "speerpunten")
    ... except ncts.QueryError as exc:
    ...     print(exc)
    unknown element type 'speerpunten': use one of 'goal', 'focus_theme', 'area', 'speerpunt'
    """

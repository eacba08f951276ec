"""The ``ncts`` command line.

Exit codes: 0 on success, 1 when data is invalid, 2 for a usage mistake. No user
mistake prints a traceback: every ncts error becomes one clear message on stderr.
"""

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from ._errors import NctsError
from ._io import dumps, load
from ._model import Kind, Strategy, Text
from ._version import __version__

__all__ = ["main", "render_tree"]


def _label(text: Text, lang: str) -> str:
    return " ".join(text.get(lang).split())


def render_tree(strategy: Strategy, *, lang: str = "nl") -> Iterator[str]:
    """Yield the lines of an indented tree of a strategy, with every element's ID.

    Examples
    --------
    >>> import ncts
    >>> lines = list(render_tree(ncts.load(), lang="en"))
    >>> print("\\n".join(lines[:3]))
    NCTS-2022-2026  National Counterterrorism Strategy 2022-2026 (2022-2026)
      Goals
        G1  Information and intelligence feed threat analyses and assessments.
    >>> [line for line in lines if "VK6" in line]
    ['      VK6  [development, innovation] Approach to potentially violent extremist lone actors.']
    """
    yield f"{strategy.id}  {_label(strategy.title, lang)} ({strategy.period})"
    sections = (
        ("Goals" if lang == "en" else "Doelen", strategy.goals),
        ("Focus themes" if lang == "en" else "Extra aandacht", strategy.focus_themes),
    )
    for heading, items in sections:
        if items:
            yield f"  {heading}"
            for item in items:
                yield f"    {item.id}  {_label(item.text, lang)}"
    if strategy.areas:
        yield "  Areas of intervention" if lang == "en" else "  Interventiegebieden"
    for area in strategy.areas:
        yield f"    {area.id}  {_label(area.name, lang)}"
        for sp in area.speerpunten:
            words = [
                k.value if lang == "en" else k.dutch for k in Kind if k in sp.kinds
            ]
            kinds = f"[{', '.join(words)}] " if words else ""
            yield f"      {sp.id}  {kinds}{_label(sp.text, lang)}"


def _show(args: argparse.Namespace, out: TextIO) -> int:
    strategy = load(args.file) if args.file else load()
    if args.format == "text":
        for line in render_tree(strategy, lang=args.lang):
            out.write(line + "\n")
    else:
        out.write(dumps(strategy, args.format))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ncts",
        description="The Dutch National Counterterrorism Strategy 2022-2026 as data.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ncts {__version__} (data {load().data_version})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    show = commands.add_parser(
        "show",
        help="show a strategy as a tree with IDs (the bundled one by default)",
        description="Show a strategy: its goals, focus themes, areas and speerpunten.",
    )
    show.add_argument("file", nargs="?", help="a strategy file (.yaml, .yml, .json)")
    show.add_argument("--lang", choices=("nl", "en"), default="nl", help="language")
    show.add_argument(
        "--format",
        choices=("text", "yaml", "json"),
        default="text",
        help="output format",
    )
    show.set_defaults(run=_show)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with *argv*; return the exit code.

    Examples
    --------
    >>> main(["show", "--lang", "en"])  # doctest: +ELLIPSIS
    NCTS-2022-2026  National Counterterrorism Strategy 2022-2026 (2022-2026)
    ...
    0
    """
    out = out or sys.stdout
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    run: Callable[[argparse.Namespace, TextIO], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(out)
        return 2
    try:
        return run(args, out)
    except NctsError as exc:
        print(f"ncts: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``ncts show | head``): not an error. Point stdout at
        # devnull so that the interpreter's final flush does not complain.
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

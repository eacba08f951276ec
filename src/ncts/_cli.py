"""The ``ncts`` command line.

Exit codes: 0 on success, 1 when data is invalid, 2 for a usage mistake. No user
mistake prints a traceback: every ncts error becomes a clear message on stderr.
Output is plain text that pipes well; colour only on a terminal, and never when
``NO_COLOR`` is set.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from ._errors import NctsError, ParseError, ValidationError
from ._io import atomic_write, dumps, format_of, load, read_text
from ._json import dump_json
from ._model import Kind, Strategy, Text
from ._version import __version__

__all__ = ["main", "render_tree"]


def _colour(out: TextIO, text: str, code: str) -> str:
    """Wrap *text* in an ANSI colour when *out* is a terminal and NO_COLOR is unset."""
    if os.environ.get("NO_COLOR") or not getattr(out, "isatty", lambda: False)():
        return text
    return f"\033[{code}m{text}\033[0m"


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
        G1  Gaining timely insight into (potential) terrorist threats through information and intelligence.
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


def _strategy(args: argparse.Namespace) -> Strategy:
    path = getattr(args, "file", None)
    return load(path) if path else load()


def _show(args: argparse.Namespace, out: TextIO) -> int:
    strategy = _strategy(args)
    if args.format == "text":
        for line in render_tree(strategy, lang=args.lang):
            body = line.lstrip()
            id, sep, rest = body.partition("  ")
            if sep:  # an element's line: its ID in bold; headings have no ID
                line = (
                    f"{line[: len(line) - len(body)]}{_colour(out, id, '1')}{sep}{rest}"
                )
            out.write(line + "\n")
    else:
        out.write(dumps(strategy, args.format))
    return 0


def _get(args: argparse.Namespace, out: TextIO) -> int:
    from ._convert import unstructure
    from ._graph import label

    strategy = _strategy(args)
    element = strategy[args.id]
    outgoing = [] if element.element_type == "source" else strategy.links_from(args.id)
    incoming = [] if element.element_type == "source" else strategy.links_to(args.id)
    parts: list[tuple[str, str]] = []
    if element.element_type == "speerpunt":
        parts.append(("part_of", strategy.area_of(args.id).id))
    if args.format == "json":
        data: dict[str, Any] = {
            "type": element.element_type,
            "path": strategy.path_of(args.id),
            "element": {"id": element.id, **unstructure(element)},
            "links_from": [unstructure(link) for link in outgoing],
            "links_to": [unstructure(link) for link in incoming],
        }
        data["element"].pop("speerpunten", None)
        for key in ("goals", "areas", "focus_themes", "links", "sources"):
            if element.element_type == "strategy":
                data["element"].pop(key, None)
        out.write(dump_json(data))
        return 0
    name = "" if element.element_type == "source" else _label(label(element), args.lang)  # type: ignore[arg-type]
    out.write(f"{_colour(out, element.id, '1')}  {element.element_type}  {name}\n")
    out.write(f"  path: {strategy.path_of(args.id) or '(the document)'}\n")
    for kind, whole in parts:
        out.write(f"  {kind}: {whole}\n")
    for link in outgoing:
        out.write(
            f"  -> {link.target}  {link.type.value} ({link.basis.value}): {link.rationale}\n"
        )
    for link in incoming:
        out.write(
            f"  <- {link.source}  {link.type.value} ({link.basis.value}): {link.rationale}\n"
        )
    return 0


def _search(args: argparse.Namespace, out: TextIO) -> int:
    strategy = _strategy(args)
    hits = strategy.search(" ".join(args.text), lang=args.lang)[: args.limit]
    if args.format == "json":
        rows = [
            {
                "id": h.element.id,
                "field": h.field,
                "lang": h.lang,
                "score": h.score,
                "snippet": h.snippet,
            }
            for h in hits
        ]
        out.write(dump_json(rows))
    else:
        for h in hits:
            out.write(f"{_colour(out, h.element.id, '1')}\t{h.field}\t{h.snippet}\n")
    return 0 if hits else 1


def _is_overlay(text: str, fmt: str) -> bool:
    from ._io import _parse

    try:
        data = _parse(text, fmt, None)  # type: ignore[arg-type]
    except ParseError:
        return False
    return (isinstance(data, dict) and "records" in data) or (
        isinstance(data, dict) and "strategy" in data and "period" not in data
    )


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from ._overlay import loads_overlay

    strategy = load(args.strategy) if args.strategy else None
    failed = 0
    for name in args.files:
        try:
            fmt = format_of(name)
            text = read_text(name)
            if _is_overlay(text, fmt):
                loads_overlay(text, fmt, strategy, file=name)
                what = "overlay"
            else:
                from ._io import loads

                loads(text, fmt, file=name)
                what = "strategy"
            out.write(f"{name}: {_colour(out, 'ok', '32')} ({what})\n")
        except ValidationError as exc:
            failed += 1
            for p in exc.problems:
                where = f"{name}:{p.line}" if p.line else name
                path = f" {p.path}:" if p.path else ""
                out.write(f"{where}:{path} {_colour(out, p.message, '31')}\n")
        except NctsError as exc:
            failed += 1
            out.write(f"{_colour(out, str(exc), '31')}\n")
    return 1 if failed else 0


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    from ._overlay import loads_overlay

    fmt_in = format_of(args.input)
    fmt_out = format_of(args.output)
    text = read_text(args.input)
    obj: Any
    if _is_overlay(text, fmt_in):
        strategy = load(args.strategy) if args.strategy else None
        obj = loads_overlay(text, fmt_in, strategy, file=args.input)
    else:
        from ._io import loads

        obj = loads(text, fmt_in, file=args.input)
    atomic_write(args.output, dumps(obj, fmt_out))
    return 0


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from ._export import export_text

    text = export_text(_strategy(args), args.format, lang=args.lang)
    if args.output in (None, "-"):
        out.write(text)
    else:
        atomic_write(args.output, text)
    return 0


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    from ._diff import diff

    if args.new is None:
        old, new = load(), load(args.old)
    else:
        old, new = load(args.old), load(args.new)
    result = diff(old, new)
    out.write(result.to_json() if args.format == "json" else result.to_markdown())
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from ._schema import json_schema

    out.write(dump_json(json_schema(args.kind)))
    return 0


def _version() -> str:
    try:
        data = load().data_version
    except NctsError:  # pragma: no cover - a broken installation
        data = "unavailable"
    return f"ncts {__version__} (data {data})"


def _parser() -> argparse.ArgumentParser:
    from ._export import EXPORT_FORMATS

    parser = argparse.ArgumentParser(
        prog="ncts",
        description="The Dutch National Counterterrorism Strategy 2022-2026 as data. "
        "Exit codes: 0 ok, 1 invalid data or nothing found, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, help: str, run: Callable[..., int]
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help, description=help[0].upper() + help[1:] + "."
        )
        sub.set_defaults(run=run)
        return sub

    def file_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--file",
            "-f",
            help="a strategy file (.yaml, .yml, .json); default: the bundled one",
        )

    def lang_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--lang",
            choices=("nl", "en"),
            default="nl",
            help="the language of the labels",
        )

    show = command("show", "show a strategy as a tree with IDs", _show)
    show.add_argument(
        "file", nargs="?", help="a strategy file; default: the bundled one"
    )
    lang_option(show)
    show.add_argument("--format", choices=("text", "yaml", "json"), default="text")

    get = command("get", "show one element with its links, both ways", _get)
    get.add_argument("id", help="the element's ID, for example VK6")
    file_option(get)
    lang_option(get)
    get.add_argument("--format", choices=("text", "json"), default="text")

    search = command("search", "search every text in Dutch and English", _search)
    search.add_argument("text", nargs="+", help="the words to look for")
    file_option(search)
    search.add_argument("--lang", choices=("nl", "en"), help="search one language only")
    search.add_argument("--limit", type=int, default=20, help="at most this many hits")
    search.add_argument("--format", choices=("text", "json"), default="text")

    validate = command(
        "validate",
        "check strategy and overlay files; exit 1 if any is invalid",
        _validate,
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument(
        "--strategy",
        help="check overlays against this strategy file (default: bundled)",
    )

    convert = command(
        "convert", "convert a strategy or overlay between YAML and JSON", _convert
    )
    convert.add_argument("input", metavar="IN")
    convert.add_argument("output", metavar="OUT")
    convert.add_argument(
        "--strategy", help="the strategy an overlay maps onto (default: bundled)"
    )

    export = command("export", "export the strategy graph", _export)
    export.add_argument("--format", required=True, choices=sorted(EXPORT_FORMATS))
    export.add_argument(
        "-o", "--output", help="a file to write (default: standard output)"
    )
    file_option(export)
    lang_option(export)

    diff = command(
        "diff", "compare two strategy files (or the bundled one with a file)", _diff
    )
    diff.add_argument(
        "old",
        help="the old strategy file (or the new one, to compare with the bundled)",
    )
    diff.add_argument("new", nargs="?", help="the new strategy file")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown")

    schema = command(
        "schema", "print the JSON Schema of strategy or overlay files", _schema
    )
    schema.add_argument(
        "kind", nargs="?", choices=("strategy", "overlay"), default="strategy"
    )
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with *argv*; return the exit code.

    Examples
    --------
    >>> main(["show", "--lang", "en"])  # doctest: +ELLIPSIS
    NCTS-2022-2026  National Counterterrorism Strategy 2022-2026 (2022-2026)
    ...
    0
    >>> main(["get", "VK6"])  # doctest: +ELLIPSIS
    VK6  speerpunt  Aanpak potentieel gewelddadige extremistische eenlingen.
      path: areas[1].speerpunten[5]
      part_of: VK
      -> FT1  addresses (derived): ...
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
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

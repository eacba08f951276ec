"""Documentation generated from the data, so that it cannot drift from it."""

from ._escape import markdown_code, markdown_text
from ._model import Strategy, Text

__all__ = ["cli_reference", "id_reference"]


def _cell(text: str | None) -> str:
    """Put a text in a table cell: on one line, shown as written, never markup."""
    return markdown_text(" ".join((text or "").split()))


def id_reference(strategy: Strategy, *, intro: str = "") -> str:
    """Return a Markdown page listing every ID of a strategy and what it stands for.

    *intro* is Markdown put above the table, for example to explain the ID scheme.

    Examples
    --------
    >>> import ncts
    >>> page = id_reference(ncts.load())
    >>> "| `VK6` | speerpunt | Voorkomen |" in page
    True
    >>> "| `G1` | goal (quoted) |" in page, "| `L4` | `VW` | contributes_to | `G1` | stated |" in page
    (True, True)
    """
    lines = [
        f"# ID reference: {markdown_text(strategy.title.nl)}",
        "",
        "Generated from the bundled data by `python docs/generate.py`; do not edit by "
        "hand. IDs are stable: once released, an ID is never reused for something else.",
        "",
        *([intro.rstrip("\n"), ""] if intro else []),
        "| ID | Type | Area | Dutch | English |",
        "| --- | --- | --- | --- | --- |",
    ]

    def row(id: str, kind: str, area: str, text: Text | str, en: str | None) -> None:
        nl = text.nl if isinstance(text, Text) else text
        lines.append(
            f"| {markdown_code(id)} | {kind} | {_cell(area)} | {_cell(nl)} | {_cell(en)} |"
        )

    row(strategy.id, "strategy", "", strategy.title, strategy.title.en)
    for source in strategy.sources:
        kind = "source" if source.role is None else f"source ({source.role.value})"
        row(source.id, kind, "", source.title, None)
    for goal in strategy.goals:
        kind = "goal" if goal.status is None else f"goal ({goal.status.value})"
        row(goal.id, kind, "", goal.text, goal.text.en)
    for theme in strategy.focus_themes:
        row(theme.id, "focus theme", "", theme.text, theme.text.en)
    for area in strategy.areas:
        row(area.id, "area", area.name.nl, area.name, area.name.en)
        for sp in area.speerpunten:
            row(sp.id, "speerpunt", area.name.nl, sp.text, sp.text.en)
    named = [link for link in strategy.links if link.id is not None]
    if named:
        lines += [
            "",
            "Links:",
            "",
            "| ID | From | Type | To | Basis |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| `{link.id}` | `{link.source}` | {link.type.value} | `{link.target}` "
            f"| {link.basis.value} |"
            for link in named
        ]
    return "\n".join(lines) + "\n"


def cli_reference() -> str:
    """Return the Markdown reference of the command line, made from its parser.

    The page is built from the parser's arguments rather than argparse's help
    text, which differs between Python versions.

    Examples
    --------
    >>> "## ncts validate" in cli_reference()
    True
    """
    import argparse

    from ._cli import CLI_DEPRECATIONS, CONVENTIONS, EXIT_CODES, FILES, build_parser

    parser = build_parser()
    lines = [
        "# Command line",
        "",
        "Generated from the command's parser by `python docs/generate.py`; "
        "`ncts COMMAND --help` says the same.",
        "",
        f"{parser.description}",
        "",
        "Colour only on a terminal, never with `NO_COLOR` set. `ncts --version` prints "
        "the code and the data version.",
        "",
        "## Exit codes",
        "",
        "| Code | Meaning |",
        "| --- | --- |",
        *(f"| {code} | {meaning} |" for code, meaning in EXIT_CODES.items()),
        "",
        "## Files, standard input and output",
        "",
        *(f"- {item}" for item in FILES),
        "",
        "## Conventions",
        "",
        *(f"- {item}" for item in CONVENTIONS),
        "",
        "## Old spellings",
        "",
        "These still work, and say on standard error which option replaces them "
        "and in which release they go:",
        "",
        "| Old | New | Removed in |",
        "| --- | --- | --- |",
        *(
            f"| `{d.old}` | `{d.new}` | ncts {d.remove_in} |"
            for d in CLI_DEPRECATIONS.values()
        ),
    ]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            lines += ["", f"## ncts {name}", "", sub.description or "", ""]
            lines += ["| Argument | Meaning |", "| --- | --- |"]
            for arg in sub._actions:
                if (
                    isinstance(arg, argparse._HelpAction)
                    or arg.help == argparse.SUPPRESS
                ):
                    continue
                if arg.option_strings:
                    flag = ", ".join(f"`{o}`" for o in arg.option_strings)
                    if arg.nargs != 0:
                        flag += f" `{arg.metavar or arg.dest.upper()}`"
                else:
                    shown = arg.metavar or arg.dest
                    flag = f"`{shown}`" + (" ..." if arg.nargs in ("+", "*") else "")
                    flag += " (optional)" if arg.nargs == "?" else ""
                # The help names the choices and the default, as --help shows it.
                meaning = _cell(arg.help)
                if arg.required and arg.option_strings:
                    meaning += "; required"
                lines.append(f"| {flag} | {meaning} |")
    return "\n".join(lines) + "\n"

"""Documentation generated from the data, so that it cannot drift from it."""

from ._model import Strategy, Text

__all__ = ["id_reference"]


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def id_reference(strategy: Strategy, *, intro: str = "") -> str:
    """Return a Markdown page listing every ID of a strategy and what it stands for.

    *intro* is Markdown put above the table, for example to explain the ID scheme.

    Examples
    --------
    >>> import ncts
    >>> page = id_reference(ncts.load())
    >>> "| `VK6` | speerpunt | Voorkomen |" in page
    True
    """
    lines = [
        f"# ID reference: {strategy.title.nl}",
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
        lines.append(f"| `{id}` | {kind} | {area} | {_cell(nl)} | {_cell(en)} |")

    row(strategy.id, "strategy", "", strategy.title, strategy.title.en)
    for source in strategy.sources:
        row(source.id, "source", "", source.title, None)
    for goal in strategy.goals:
        row(goal.id, "goal", "", goal.text, goal.text.en)
    for theme in strategy.focus_themes:
        row(theme.id, "focus theme", "", theme.text, theme.text.en)
    for area in strategy.areas:
        row(area.id, "area", area.name.nl, area.name, area.name.en)
        for sp in area.speerpunten:
            row(sp.id, "speerpunt", area.name.nl, sp.text, sp.text.en)
    return "\n".join(lines) + "\n"

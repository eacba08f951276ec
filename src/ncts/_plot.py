"""A picture of a strategy with matplotlib (the optional extra ``ncts[plot]``).

Areas are columns with their speerpunten under them, goals a row above, focus
themes a row below. Links are arrows: solid where the source states them, dashed
where we derived them. With overlays, speerpunten are coloured by the status of
the work mapped to them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._checks import check_lang, check_type
from ._export import TYPE_FILL
from ._model import Basis, GoalStatus, Strategy, Text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._overlay import Overlay

__all__ = ["plot"]

_EDGE_COLOUR = {
    "underpins": "#2b6cb0",
    "contributes_to": "#c05621",
    "addresses": "#6b46c1",
    "relates_to": "#4a5568",
}
# The further along, the higher: a speerpunt shows the most advanced work on it.
_STATUS = {
    "done": ("#68d391", 5),
    "active": ("#9ae6b4", 4),
    "planned": ("#fefcbf", 3),
    "paused": ("#fbd38d", 2),
    "stopped": ("#feb2b2", 1),
}
_NO_WORK = "#e2e8f0"
_W, _H, _COLUMN, _ROW = 3.5, 1.0, 4.0, 1.3
#: The line style of what is ours: derived links and modelled goals.
_DASHED = (0, (4, 3))


def _wrap(text: Text, lang: str, width: int = 34, lines: int = 3) -> str:
    words = textwrap.wrap(
        " ".join(text.get(lang).split()), width, break_on_hyphens=False
    )
    if len(words) > lines:
        rest = textwrap.shorten(" ".join(words[lines - 1 :]), width, placeholder=" …")
        words = [*words[: lines - 1], rest]
    return "\n".join(words)


def _status_colours(strategy: Strategy, overlays: Iterable[Overlay]) -> dict[str, str]:
    from ._overlay import resolve

    best: dict[str, tuple[int, str]] = {}
    for overlay in overlays:
        for record in resolve(overlay, strategy).records:
            colour, rank = _STATUS.get(
                record.status.value if record.status else "", ("#c6f6d5", 0)
            )
            for target in record.addresses:
                if rank >= best.get(target, (-1, ""))[0]:
                    best[target] = (rank, colour)
    return {sp.id: best.get(sp.id, (0, _NO_WORK))[1] for sp in strategy.speerpunten}


def _anchors(
    a: tuple[float, float], b: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Where an arrow from box *a* to box *b* leaves and arrives, and how it bends."""
    (x1, y1), (x2, y2) = a, b
    if abs(y1 - y2) < 1e-9:  # the same row: an arc over the top
        return (x1, y1 + _H / 2), (x2, y2 + _H / 2), -0.25 if x2 > x1 else 0.25
    if abs(x1 - x2) < 1e-9:  # the same column: an arc along the right-hand side
        return (x1 + _W / 2, y1), (x2 + _W / 2, y2), -0.35 if y2 > y1 else 0.35
    if y2 > y1:
        return (x1, y1 + _H / 2), (x2, y2 - _H / 2), 0.1
    return (x1, y1 - _H / 2), (x2, y2 + _H / 2), 0.1


def plot(
    strategy: Strategy,
    *,
    ax: Axes | None = None,
    lang: str = "nl",
    overlays: Iterable[Overlay] | None = None,
    links: bool = True,
) -> Axes:
    """Draw a strategy: areas as columns, goals above, focus themes below, links as arrows.

    Needs the optional extra ``ncts[plot]`` (matplotlib). With *overlays*,
    speerpunten are coloured by the most advanced status of the work mapped to
    them, and grey where there is none.

    Parameters
    ----------
    strategy : Strategy
        What to draw.
    ax : matplotlib Axes, optional
        Where to draw; a new figure of a fitting size by default.
    lang : {"nl", "en"}
        The language of the labels.
    overlays : iterable of Overlay, optional
        Work to colour the speerpunten by.
    links : bool
        Draw the links (containment is shown by the layout).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import ncts
    >>> ax = ncts.plot(ncts.load(), lang="en")
    >>> ids = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    >>> len(ids), ids[:3]
    (29, ['G1', 'G2', 'G3'])
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.axes import Axes
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] != "matplotlib":  # something broken
            raise
        raise ImportError(
            "ncts.plot needs matplotlib: pip install 'ncts[plot]'"
        ) from exc

    check_type(strategy, Strategy, "strategy")
    check_type(ax, (Axes, type(None)), "ax", what="a matplotlib Axes or None")
    check_lang(lang)
    columns = max(1, len(strategy.areas))
    depth = max([len(a.speerpunten) for a in strategy.areas] + [0])
    if ax is None:
        _, ax = plt.subplots(figsize=(columns * 4.2 + 1, (depth + 4) * 1.25 + 1.5))
    status = _status_colours(strategy, overlays) if overlays is not None else {}

    where: dict[str, tuple[float, float]] = {}
    for i, area in enumerate(strategy.areas):
        where[area.id] = (i * _COLUMN, 0.0)
        for j, sp in enumerate(area.speerpunten):
            where[sp.id] = (i * _COLUMN, -(j + 1) * _ROW)

    def spread(ids: list[str], y: float) -> None:
        """Put boxes in a row, one column apart, centred on the areas."""
        centre = (columns - 1) * _COLUMN / 2
        for k, id in enumerate(ids):
            where[id] = (centre + (k - (len(ids) - 1) / 2) * _COLUMN, y)

    # Goals go above the area that serves them, when there is one free.
    free = [g.id for g in strategy.goals]
    taken: set[float] = set()
    for link in strategy.links:
        if (
            link.target in free
            and link.source in where
            and link.source in {a.id for a in strategy.areas}
        ):
            x = where[link.source][0]
            if x not in taken:
                where[link.target] = (x, 2 * _ROW)
                taken.add(x)
                free.remove(link.target)
    spread(free, 3.2 * _ROW)
    spread([t.id for t in strategy.focus_themes], -(depth + 1.8) * _ROW)

    def box(id: str, kind: str, text: Text, fill: str, tag: str | None = None) -> None:
        x, y = where[id]
        ax.add_patch(
            FancyBboxPatch(
                (x - _W / 2, y - _H / 2),
                _W,
                _H,
                boxstyle="round,pad=0.02,rounding_size=0.15",
                facecolor=fill,
                edgecolor="#2d3748",
                linewidth=1.4 if kind == "area" else 0.8,
                linestyle=_DASHED if tag == GoalStatus.MODELLED.value else "-",
                zorder=2,
            )
        )
        if tag is not None:  # a goal's status, in the box's top right corner
            ax.text(x + _W / 2 - 0.1, y + _H * 0.3, tag, ha="right", va="center",
                    fontsize=5.5, fontstyle="italic", color="#4a5568", zorder=3)  # fmt: skip
        ax.text(
            x,
            y + _H * 0.3,
            id,
            ha="center",
            va="center",
            fontsize=7,
            fontweight="bold",
            zorder=3,
        )
        ax.text(x, y - _H * 0.1, _wrap(text, lang), ha="center", va="center",
                fontsize=6.3, zorder=3, linespacing=1.1)  # fmt: skip

    for goal in strategy.goals:
        tag = None if goal.status is None else goal.status.value
        box(goal.id, "goal", goal.text, TYPE_FILL["goal"], tag)
    for theme in strategy.focus_themes:
        box(theme.id, "focus_theme", theme.text, TYPE_FILL["focus_theme"])
    for area in strategy.areas:
        box(area.id, "area", area.name, TYPE_FILL["area"])
        for sp in area.speerpunten:
            box(sp.id, "speerpunt", sp.text, status.get(sp.id, TYPE_FILL["speerpunt"]))

    if links:
        for link in strategy.links:
            start, end, rad = _anchors(where[link.source], where[link.target])
            arrow = FancyArrowPatch(
                start,
                end,
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle="-|>",
                mutation_scale=9,
                linewidth=1.0,
                linestyle="-" if link.basis is Basis.STATED else _DASHED,
                color=_EDGE_COLOUR.get(link.type.value, "#4a5568"),
                alpha=0.8,
                zorder=1,
                shrinkA=1,
                shrinkB=1,
            )
            ax.add_patch(arrow)

    handles: list[Any] = [
        Patch(facecolor=TYPE_FILL["goal"], edgecolor="#2d3748", label="goal"),
        *(
            [
                Patch(
                    facecolor=TYPE_FILL["goal"],
                    edgecolor="#2d3748",
                    linestyle=_DASHED,
                    label="goal, wording modelled",
                )
            ]
            if any(g.status is GoalStatus.MODELLED for g in strategy.goals)
            else []
        ),
        Patch(facecolor=TYPE_FILL["area"], edgecolor="#2d3748", label="area"),
        Patch(facecolor=TYPE_FILL["speerpunt"], edgecolor="#2d3748", label="speerpunt"),
        Patch(
            facecolor=TYPE_FILL["focus_theme"], edgecolor="#2d3748", label="focus theme"
        ),
    ]
    if links:
        used = sorted({link.type.value for link in strategy.links})
        handles += [
            Line2D([], [], color=_EDGE_COLOUR[t], label=t.replace("_", " "))
            for t in used
        ]
        handles += [
            Line2D([], [], color="#4a5568", label="stated by the source"),
            Line2D([], [], color="#4a5568", linestyle=_DASHED, label="derived by us"),
        ]
    if overlays is not None:
        handles += [
            Patch(facecolor=c, edgecolor="#2d3748", label=f"work {s}")
            for s, (c, _) in _STATUS.items()
        ]
        handles.append(
            Patch(facecolor=_NO_WORK, edgecolor="#2d3748", label="no work mapped")
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        frameon=False,
    )

    xs = [x for x, _ in where.values()] or [0.0]
    ys = [y for _, y in where.values()] or [0.0]
    ax.set_xlim(min(xs) - _W / 2 - 0.4, max(xs) + _W / 2 + 0.9)
    ax.set_ylim(min(ys) - _H, max(ys) + _H)
    ax.set_aspect("equal")
    ax.axis("off")
    title = strategy.title.get(lang)
    ax.set_title(f"{title} ({strategy.id})", fontsize=10, loc="left")
    return ax

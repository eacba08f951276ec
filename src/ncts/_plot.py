"""A picture of a strategy with matplotlib (the optional extra ``ncts[plot]``).

Areas are columns with their speerpunten under them, goals a row above, focus
themes a row below. Links are arrows: solid where the source states them, dashed
where we derived them. With overlays, speerpunten are coloured by the status of
the work mapped to them.

The picture is made in four steps, one function each:

- :func:`_layout` puts every box in a row and, for areas and speerpunten, a column;
- :func:`_routes` draws each link as an orthogonal line that runs only in the free
  bands between rows (channels) and between columns (corridors), each in a lane of
  its own, so that no line passes behind a box it does not belong to;
- :func:`_fit` sizes the text to the axes it is drawn on: the whole text where it
  can be read, only the IDs where the boxes are too small for more, and sets the
  limits so that the boxes, the legend and the title fit without overlapping;
- the boxes, arrows and legend are drawn in :func:`plot`.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ._checks import check_items, check_lang, check_type
from ._export import TYPE_FILL
from ._model import Area, Basis, FocusTheme, Goal, GoalStatus, Speerpunt, Strategy

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text as MplText

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
_BORDER = "#2d3748"
#: The line style of what is ours: derived links and modelled goals.
_DASHED = (0, (4, 3))

# The geometry, in data units: a box, the distance between columns (the gap is a
# corridor for lines), between speerpunt rows, and the channel between the rows of
# goals, areas, the last speerpunten and the focus themes.
_W, _H = 3.6, 1.2
_COLUMN = 4.6
_ROW = _H + 0.55
_CHANNEL = 2.0
_OUTSIDE = 1.0  # the corridor left and right of the columns, the channel above
_PAD = 0.15  # between the boxes and the edge of the drawing
_NUDGE = 0.06  # how far a line moves aside where it would run on another

# Text sizes in points: at most this large, and the whole text only if it can be
# read; otherwise a box shows its ID alone.
_ID_MAX, _BODY_MAX, _BODY_MIN, _LEGEND_MAX, _LEGEND_MIN = 9.0, 7.5, 5.0, 8.0, 4.5
_WRAP, _LINES = 40, 4
#: Inches per data unit of a figure that plot makes itself.
_INCH_PER_UNIT = 0.62

#: The words of the picture, in each language.
_WORDS = {
    "nl": {
        "goal": "doel",
        "goal_quoted": "doel, geciteerd",
        "goal_modelled": "doel, formulering gemodelleerd",
        "area": "interventiegebied",
        "speerpunt": "speerpunt",
        "focus_theme": "focusthema",
        "underpins": "ligt ten grondslag aan",
        "contributes_to": "draagt bij aan",
        "addresses": "pakt aan",
        "relates_to": "hangt samen met",
        "stated": "gesteld door de bron",
        "derived": "afgeleid door ons",
        "done": "werk afgerond",
        "active": "werk loopt",
        "planned": "werk gepland",
        "paused": "werk gepauzeerd",
        "stopped": "werk gestopt",
        "no_work": "geen werk gekoppeld",
    },
    "en": {
        "goal": "goal",
        "goal_quoted": "goal, quoted",
        "goal_modelled": "goal, wording modelled",
        "area": "area",
        "speerpunt": "speerpunt",
        "focus_theme": "focus theme",
        "underpins": "underpins",
        "contributes_to": "contributes to",
        "addresses": "addresses",
        "relates_to": "relates to",
        "stated": "stated by the source",
        "derived": "derived by us",
        "done": "work done",
        "active": "work active",
        "planned": "work planned",
        "paused": "work paused",
        "stopped": "work stopped",
        "no_work": "no work mapped",
    },
}

_Element = Goal | FocusTheme | Area | Speerpunt


class _Box(NamedTuple):
    element: _Element
    x: float  # the centre
    y: float


class _Route(NamedTuple):
    """A link's line: its points, from the source's border to the target's."""

    source: str
    target: str
    points: list[tuple[float, float]]


def _wrap(text: str, width: int = _WRAP, lines: int = _LINES) -> str:
    words = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)
    if len(words) > lines:
        rest = textwrap.shorten(" ".join(words[lines - 1 :]), width, placeholder=" …")
        words = [*words[: lines - 1], rest]
    return "\n".join(words)


def _status_colours(strategy: Strategy, overlays: Iterable[Overlay]) -> dict[str, str]:
    from ._overlay import Overlay, resolve

    best: dict[str, tuple[int, str]] = {}
    for overlay in check_items(overlays, Overlay, "overlays", what="overlays"):
        for record in resolve(overlay, strategy).records:
            colour, rank = _STATUS.get(
                record.status.value if record.status else "", ("#c6f6d5", 0)
            )
            for target in record.addresses:
                if rank >= best.get(target, (-1, ""))[0]:
                    best[target] = (rank, colour)
    return {sp.id: best.get(sp.id, (0, _NO_WORK))[1] for sp in strategy.speerpunten}


def _layout(strategy: Strategy) -> dict[str, _Box]:
    """Place every box: areas in columns, goals above, focus themes below."""
    boxes: dict[str, _Box] = {}
    columns = max(1, len(strategy.areas))
    depth = max([len(a.speerpunten) for a in strategy.areas] + [0])
    for i, area in enumerate(strategy.areas):
        boxes[area.id] = _Box(area, i * _COLUMN, 0.0)
        for j, sp in enumerate(area.speerpunten):
            boxes[sp.id] = _Box(sp, i * _COLUMN, -(j + 1) * _ROW)

    def spread(elements: list[_Element], y: float) -> None:
        """Put boxes in a row, one column apart, centred on the areas."""
        centre = (columns - 1) * _COLUMN / 2
        for k, element in enumerate(elements):
            boxes[element.id] = _Box(
                element, centre + (k - (len(elements) - 1) / 2) * _COLUMN, y
            )

    # A goal goes above the first area that serves it, when that place is free.
    goal_row = _H + _CHANNEL
    goals = {g.id: g for g in strategy.goals}
    areas = {a.id for a in strategy.areas}
    taken: set[float] = set()
    for link in strategy.links:
        if link.target in goals and link.source in areas:
            x = boxes[link.source].x
            if x not in taken:
                boxes[link.target] = _Box(goals.pop(link.target), x, goal_row)
                taken.add(x)
    spread(list(goals.values()), goal_row + (_ROW if taken else 0.0))
    spread(list(strategy.focus_themes), -depth * _ROW - _H - _CHANNEL)
    return boxes


def _bands(boxes: dict[str, _Box]) -> tuple[list[tuple[float, float]], list[float]]:
    """Return the free horizontal bands (channels), top first, and the row heights.

    Every box lies in a row, so the band between two rows is free from side to
    side; one more band lies above the top row.
    """
    rows = sorted({b.y for b in boxes.values()}, reverse=True)
    channels = [(rows[0] + _H / 2, rows[0] + _H / 2 + _OUTSIDE)]
    channels += [
        (low + _H / 2, high - _H / 2) for high, low in itertools.pairwise(rows)
    ]
    return channels, rows


def _corridors(columns: int) -> list[tuple[float, float]]:
    """Return the free vertical bands beside and between the columns, left first.

    Areas, speerpunten and the goals placed above an area all stand in a column,
    so between the goal row and the last speerpunten these bands are free.
    """
    edges = [-_W / 2 - _OUTSIDE]
    for i in range(columns):
        edges += [i * _COLUMN - _W / 2, i * _COLUMN + _W / 2]
    edges.append((columns - 1) * _COLUMN + _W / 2 + _OUTSIDE)
    return list(zip(edges[::2], edges[1::2], strict=True))


def _spread(
    low: float, high: float, count: int, margin: float, at: float = 0.5
) -> list[float]:
    """Return *count* positions evenly spread inside (low, high), clear of its ends.

    Each is at the fraction *at* of its share: lanes of corridors are off the
    middle, where a box's single line would meet them.
    """
    inner = (high - low) * margin
    step = (high - low - 2 * inner) / count
    return [low + inner + (k + at) * step for k in range(count)]


def _routes(strategy: Strategy, boxes: dict[str, _Box]) -> list[_Route]:
    """Route every link from its source's border to its target's, through free bands.

    A line leaves its source through the top (towards a box above or in the same
    row) or the bottom, runs in the channel there, along a corridor if the target
    is in another channel, and in the target's channel to the target's border.
    """
    if not strategy.links:
        return []
    channels, rows = _bands(boxes)
    corridors = _corridors(max(1, len(strategy.areas)))
    above = {y: i for i, y in enumerate(rows)}  # a row's channel above: same index

    plans = []
    for link in strategy.links:
        s, t = boxes[link.source], boxes[link.target]
        if t.y > s.y:
            s_side, t_side = "top", "bottom"
            s_channel, t_channel = above[s.y], above[t.y] + 1
        elif t.y < s.y:
            s_side, t_side = "bottom", "top"
            s_channel, t_channel = above[s.y] + 1, above[t.y]
        else:
            s_side = t_side = "top"
            s_channel = t_channel = above[s.y]
        corridor = None
        if s_channel != t_channel:
            middles = [(lo + hi) / 2 for lo, hi in corridors]
            corridor = min(
                range(len(corridors)),
                key=lambda k: (
                    abs(middles[k] - s.x) + abs(middles[k] - t.x),
                    abs(middles[k] - s.x),
                    -middles[k],
                ),
            )
        plans.append((link, s_side, t_side, s_channel, t_channel, corridor))

    # Where each line meets a box: spread along the side, in the order of where
    # the line goes next, so that lines at one box neither meet nor cross there.
    def towards(plan: Any, end: str) -> float:
        link, *_, corridor = plan
        if corridor is not None:
            return float(sum(corridors[corridor]) / 2)
        return boxes[link.target if end == "source" else link.source].x

    sides: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
    for n, plan in enumerate(plans):
        link, s_side, t_side = plan[:3]
        sides.setdefault((link.source, s_side), []).append(
            (towards(plan, "source"), n, "s")
        )
        sides.setdefault((link.target, t_side), []).append(
            (towards(plan, "target"), n, "t")
        )
    anchor: dict[tuple[int, str], float] = {}
    for (id, _), users in sides.items():
        box = boxes[id]
        xs = _spread(box.x - _W / 2, box.x + _W / 2, len(users), 0.12)
        for x, (_, n, end) in zip(xs, sorted(users), strict=True):
            anchor[n, end] = x

    # A line between boxes above each other, alone on one of their sides, runs
    # straight: its end on that side moves to meet the other end.
    for n, (link, s_side, t_side, _, _, corridor) in enumerate(plans):
        if corridor is not None:
            continue
        for end, other, id, side in (
            ("s", "t", link.source, s_side),
            ("t", "s", link.target, t_side),
        ):
            box = boxes[id]
            alone = len(sides[id, side]) == 1
            if alone and abs(anchor[n, other] - box.x) < _W / 2 - 0.2:
                anchor[n, end] = anchor[n, other]
                break

    # A lane of its own in each channel and corridor a line runs in. In a channel,
    # lines that come from the row above keep to its upper part, lines from the
    # row below to its lower part, so that their short ends never share a stretch.
    channel_users: dict[int, list[tuple[int, float, int, str]]] = {}
    corridor_users: dict[int, list[tuple[float, int]]] = {}
    for n, (_, s_side, t_side, s_channel, t_channel, corridor) in enumerate(plans):
        from_above = s_side == "bottom"
        if corridor is None:
            to_above = t_side == "bottom"
            place = (
                0
                if from_above and to_above
                else (2 if not (from_above or to_above) else 1)
            )
            run = abs(anchor[n, "s"] - anchor[n, "t"])
            channel_users.setdefault(s_channel, []).append(
                (place, run if place == 0 else -run, n, "s")
            )
            continue
        channel_users.setdefault(s_channel, []).append(
            (0 if from_above else 2, 0.0, n, "s")
        )
        channel_users.setdefault(t_channel, []).append(
            (0 if t_side == "bottom" else 2, 0.0, n, "t")
        )
        corridor_users.setdefault(corridor, []).append((anchor[n, "s"], n))
    lane_y: dict[tuple[int, str], float] = {}
    for channel, in_channel in channel_users.items():
        low, high = channels[channel]
        ordered = sorted(in_channel, key=lambda u: (u[0], u[1], u[2]))
        for y, (*_, n, end) in zip(
            reversed(_spread(low, high, len(ordered), 0.18)), ordered, strict=True
        ):
            lane_y[n, end] = y
    lane_x: dict[int, float] = {}
    for corridor, in_corridor in corridor_users.items():
        low, high = corridors[corridor]
        lanes = _spread(low, high, len(in_corridor), 0.15, 0.37)
        for x, (_, n) in zip(lanes, sorted(in_corridor), strict=True):
            lane_x[n] = x

    routes = []
    for n, (link, s_side, t_side, _, _, corridor) in enumerate(plans):
        s, t = boxes[link.source], boxes[link.target]
        sy = s.y + _H / 2 if s_side == "top" else s.y - _H / 2
        ty = t.y + _H / 2 if t_side == "top" else t.y - _H / 2
        sx, tx = anchor[n, "s"], anchor[n, "t"]
        first = lane_y[n, "s"]
        if corridor is None:
            points = [(sx, sy), (sx, first), (tx, first), (tx, ty)]
        else:
            x, last = lane_x[n], lane_y[n, "t"]
            points = [
                (sx, sy),
                (sx, first),
                (x, first),
                (x, last),
                (tx, last),
                (tx, ty),
            ]
        routes.append(_Route(link.source, link.target, points))
    _separate(routes)
    return routes


def _separate(routes: list[_Route]) -> None:
    """Move a line's vertical piece aside where it would run on another line.

    Lanes keep lines apart along channels and corridors; the short pieces that
    meet the boxes may still fall on one x from either side of a channel (boxes in
    rows that are not in columns). Each such piece moves a little to the right.
    """
    for _ in range(4 * len(routes)):
        pieces = sorted(
            (x, min(y0, y1), max(y0, y1), r, i)
            for r, route in enumerate(routes)
            for i, ((x, y0), (x1, y1)) in enumerate(itertools.pairwise(route.points))
            if x == x1 and y0 != y1
        )
        clash = next(
            (
                b
                for a, b in itertools.combinations(pieces, 2)
                if a[0] == b[0] and a[3] != b[3] and b[1] < a[2] and a[1] < b[2]
            ),
            None,
        )
        if clash is None:
            return
        _, _, _, r, i = clash
        points = routes[r].points
        for k in (i, i + 1):
            points[k] = (points[k][0] + _NUDGE, points[k][1])


class _Sizes(NamedTuple):
    """The text sizes in points, and whether the boxes show their whole text."""

    id: float
    body: float
    legend: float
    title: float
    full: bool


def _extent(text: MplText, renderer: RendererBase) -> tuple[float, float]:
    box = text.get_window_extent(renderer)
    return box.width, box.height


def _fit(
    ax: Axes,
    renderer: RendererBase,
    drawing: tuple[float, float, float, float],
    texts: dict[str, tuple[MplText, MplText]],
    legend: Any,
    title: MplText,
) -> _Sizes:
    """Size the text to the axes, and set the limits so that everything fits.

    The drawing (the boxes and lines) is scaled to fill the axes beside (or
    under) the legend, whichever leaves it larger; the text is sized to the boxes
    at that scale. Sizes are measured at 10 points and scaled: text scales with
    its size.
    """
    x0, y0, x1, y1 = drawing
    axes = ax.get_window_extent(renderer)
    dpi = ax.figure.dpi
    points = 72 / dpi  # points per pixel

    ids = [t[0] for t in texts.values()]
    bodies = [t[1] for t in texts.values()]
    for text in ids + bodies:
        text.set_fontsize(10)
    id_w = max([_extent(t, renderer)[0] for t in ids] + [1.0]) * points / 10
    id_h = max([_extent(t, renderer)[1] for t in ids] + [1.0]) * points / 10
    body_w = max([_extent(t, renderer)[0] for t in bodies] + [1.0]) * points / 10
    body_h = max([_extent(t, renderer)[1] for t in bodies] + [1.0]) * points / 10

    gap = 6 / points

    def placements(legend_size: float) -> tuple[float, float]:
        """Return the scales (pixels per data unit) with the legend beside or under."""
        for text in legend.get_texts():
            text.set_fontsize(legend_size)
        frame = legend.get_window_extent(renderer)
        beside = min(
            (axes.width - frame.width - gap) / (x1 - x0), axes.height / (y1 - y0)
        )
        under = min(
            axes.width / (x1 - x0), (axes.height - frame.height - gap) / (y1 - y0)
        )
        return beside, under

    def text_sizes(scale: float) -> tuple[float, float, bool]:
        """Return the sizes of the IDs and texts, and whether the whole text fits."""
        box_w, box_h = _W * scale * points, _H * scale * points  # in points
        # The whole text: the ID and up to _LINES lines under it, with a margin.
        body = min(_BODY_MAX, (box_w - 8) / body_w, (box_h * 0.6 - 2) / body_h) * 0.95
        fit_w = (box_w - 6) / id_w * 0.95  # 5% to spare: sizes scale nearly linearly
        if body >= _BODY_MIN:
            return min(_ID_MAX, body * 1.15, fit_w, box_h * 0.26 / id_h), body, True
        return min(_ID_MAX, fit_w, (box_h - 3) / id_h * 0.95), body, False

    legend_size = _LEGEND_MAX
    for _ in range(3):  # the legend's size and the scale depend on each other
        id_size, body, full = text_sizes(max(*placements(legend_size), 1e-6))
        legend_size = max(
            _LEGEND_MIN, min(_LEGEND_MAX, body if full else id_size * 0.7)
        )
    beside, under = placements(legend_size)
    while max(beside, under) <= 0 and legend_size > 2:  # a tiny axes
        legend_size *= 0.8
        beside, under = placements(legend_size)
    scale = max(beside, under, 1e-6)  # pixels per data unit
    id_size, body, full = text_sizes(scale)
    sizes = _Sizes(max(id_size, 0.5), body, legend_size, 10.0, full)

    # Place the drawing at the top left, the legend beside it or under it.
    width, height = axes.width / scale, axes.height / scale
    if beside >= under:
        ax.set_xlim(x0, x0 + width)
        ax.set_ylim(y1 - height, y1)
        anchor = ((x1 - x0) * scale + gap) / axes.width, 1.0
        legend.set_loc("upper left")
    else:
        ax.set_xlim(x0, x0 + width)
        ax.set_ylim(y1 - height, y1)
        anchor = 0.0, 1 - ((y1 - y0) * scale + gap) / axes.height
        legend.set_loc("upper left")
    legend.set_bbox_to_anchor(anchor, transform=ax.transAxes)

    # The title: as wide as the axes at most.
    title.set_fontsize(10)
    title_w = _extent(title, renderer)[0]
    title_size = min(10.0, 10 * axes.width / max(title_w, 1.0) * 0.98)
    title.set_fontsize(title_size)
    return sizes._replace(title=title_size)


def _shrink(text: MplText, renderer: RendererBase, width: float, height: float) -> None:
    """Make a text smaller until it fits *width* by *height* pixels.

    Sizes are set from measurements at 10 points; at a few points, where glyphs
    snap to whole pixels, a text can come out a little wider than that predicts.
    """
    for _ in range(5):
        extent = text.get_window_extent(renderer)
        ratio = min(width / max(extent.width, 1e-9), height / max(extent.height, 1e-9))
        if ratio >= 1:
            return
        text.set_fontsize(float(text.get_fontsize()) * ratio * 0.97)


def _size_figure(
    ax: Axes,
    renderer: RendererBase,
    drawing: tuple[float, float, float, float],
    legend: Any,
) -> None:
    """Make the figure as large as the drawing at its own scale, the legend and title."""
    figure = cast("Figure", ax.figure)
    frame = legend.get_window_extent(renderer)
    legend_w, legend_h = frame.width / figure.dpi, frame.height / figure.dpi
    width = (drawing[2] - drawing[0]) * _INCH_PER_UNIT
    height = (drawing[3] - drawing[1]) * _INCH_PER_UNIT
    margin, gap, title = 0.08, 0.12, 0.32
    axes_w, axes_h = width + gap + legend_w, max(height, legend_h)
    size = (margin + axes_w + margin, margin + axes_h + title + margin)
    figure.set_size_inches(size)
    ax.set_position(
        (margin / size[0], margin / size[1], axes_w / size[0], axes_h / size[1])
    )


def _draw_boxes(
    ax: Axes,
    strategy: Strategy,
    boxes: dict[str, _Box],
    status: dict[str, str],
    lang: str,
) -> dict[str, tuple[MplText, MplText]]:
    """Draw each element's box with its ID and text; return the texts by ID."""
    from matplotlib.patches import FancyBboxPatch

    texts: dict[str, tuple[MplText, MplText]] = {}
    for item in strategy.elements():  # in document order
        if item.id not in boxes:
            continue
        id, box = item.id, boxes[item.id]
        element = box.element
        kind = element.element_type
        modelled = isinstance(element, Goal) and element.status is GoalStatus.MODELLED
        patch = FancyBboxPatch(
            (box.x - _W / 2, box.y - _H / 2),
            _W,
            _H,
            boxstyle="round,pad=0,rounding_size=0.15",
            facecolor=status.get(id, TYPE_FILL[kind]),
            edgecolor=_BORDER,
            linewidth=1.4 if kind == "area" else 0.8,
            linestyle=_DASHED if modelled else "-",
            zorder=2,
        )
        patch.set_gid(id)
        ax.add_patch(patch)
        name = element.name if isinstance(element, Area) else element.text
        # The texts are data: a "$" is a dollar sign, not the start of a formula.
        label = ax.text(box.x, box.y, id, ha="center", va="center",
                        fontweight="bold", zorder=3, parse_math=False)  # fmt: skip
        body = ax.text(box.x, box.y, _wrap(name.get(lang)), ha="center",
                       va="center", zorder=3, linespacing=1.15,
                       parse_math=False)  # fmt: skip
        texts[id] = (label, body)
    return texts


def _draw_arrows(
    ax: Axes, strategy: Strategy, routes: list[_Route]
) -> list[FancyArrowPatch]:
    """Draw each link along its route: solid if stated, dashed if derived."""
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    arrows = []
    for link, route in zip(strategy.links if routes else (), routes, strict=True):
        arrow = FancyArrowPatch(
            path=Path(route.points),
            arrowstyle="-|>",
            linewidth=1.0,
            linestyle="-" if link.basis is Basis.STATED else _DASHED,
            color=_EDGE_COLOUR.get(link.type.value, "#4a5568"),
            zorder=1,
        )
        arrow.set_gid(f"{link.source}->{link.target}")
        ax.add_patch(arrow)
        arrows.append(arrow)
    return arrows


def _legend_handles(
    strategy: Strategy, words: dict[str, str], links: bool, overlays: bool
) -> list[Any]:
    """Return the legend entries: element types, link types and bases, statuses."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    # Goals: solid if quoted (or of no stated status), dashed if modelled.
    statuses = {g.status for g in strategy.goals}
    handles: list[Any] = []
    if statuses - {GoalStatus.MODELLED} or not strategy.goals:
        key = "goal_quoted" if statuses == {GoalStatus.QUOTED} else "goal"
        handles.append(
            Patch(facecolor=TYPE_FILL["goal"], edgecolor=_BORDER, label=words[key])
        )
    if GoalStatus.MODELLED in statuses:
        handles.append(
            Patch(facecolor=TYPE_FILL["goal"], edgecolor=_BORDER, linestyle=_DASHED,
                  label=words["goal_modelled"])
        )  # fmt: skip
    handles += [
        Patch(facecolor=TYPE_FILL[kind], edgecolor=_BORDER, label=words[kind])
        for kind in ("area", "speerpunt", "focus_theme")
    ]
    if links and strategy.links:
        used = sorted({link.type.value for link in strategy.links})
        handles += [Line2D([], [], color=_EDGE_COLOUR[t], label=words[t]) for t in used]
        handles += [
            Line2D([], [], color="#4a5568", label=words["stated"]),
            Line2D([], [], color="#4a5568", linestyle=_DASHED, label=words["derived"]),
        ]
    if overlays:
        handles += [
            Patch(facecolor=c, edgecolor=_BORDER, label=words[s])
            for s, (c, _) in _STATUS.items()
        ]
        handles.append(
            Patch(facecolor=_NO_WORK, edgecolor=_BORDER, label=words["no_work"])
        )
    return handles


def _set_sizes(
    ax: Axes,
    renderer: RendererBase,
    sizes: _Sizes,
    boxes: dict[str, _Box],
    texts: dict[str, tuple[MplText, MplText]],
    arrows: list[FancyArrowPatch],
) -> None:
    """Give the texts their sizes and places, and the arrows theirs."""
    scale = ax.get_window_extent(renderer).width / (ax.get_xlim()[1] - ax.get_xlim()[0])
    box_points = _H * scale * 72 / ax.figure.dpi
    width = _W * scale - 6  # pixels, with a margin
    for id, (label, body) in texts.items():
        box = boxes[id]
        label.set_fontsize(sizes.id)
        body.set_fontsize(sizes.body)
        body.set_visible(sizes.full)
        if sizes.full:  # the ID in the top part of the box, the text under it
            label.set_position((box.x, box.y + _H * 0.32))
            body.set_position((box.x, box.y - _H * 0.14))
            _shrink(label, renderer, width, _H * 0.26 * scale)
            _shrink(body, renderer, width, _H * 0.6 * scale)
        else:
            label.set_position((box.x, box.y))
            _shrink(label, renderer, width, _H * scale - 4)
    for arrow in arrows:  # heads and lines in proportion to the boxes
        arrow.set_mutation_scale(min(9.0, max(3.0, box_points * 0.18)))
        arrow.set_linewidth(min(1.0, max(0.4, box_points * 0.015)))


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

    The text is sized to the axes: on a large one every box shows its ID and text,
    on a small one (an ordinary 6 by 4 inch figure) only its ID; nothing overlaps.
    Lines run between the boxes, never behind one. Without *ax*, the figure is
    made to fit the drawing, so a plain ``savefig`` has no wide margins. Size the
    figure before calling plot: the text is fitted to the axes as they are.

    Parameters
    ----------
    strategy : Strategy
        What to draw.
    ax : matplotlib Axes, optional
        Where to draw; a new figure of a fitting size by default.
    lang : {"nl", "en"}
        The language of the labels and the legend.
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
    >>> len(ids), ids[:4]
    (29, ['FT1', 'FT2', 'FT3', 'G1'])
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:3]
    ['goal', 'goal, wording modelled', 'area']
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.axes import Axes
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] != "matplotlib":  # something broken
            raise
        raise ImportError(
            "ncts.plot needs matplotlib: pip install 'ncts[plot]'"
        ) from exc

    check_type(strategy, Strategy, "strategy")
    check_type(ax, (Axes, type(None)), "ax", what="a matplotlib Axes or None")
    check_lang(lang)
    check_type(links, bool, "links")
    words = _WORDS[lang]
    status = _status_colours(strategy, overlays) if overlays is not None else {}
    boxes = _layout(strategy)
    routes = _routes(strategy, boxes) if links else []

    # What the drawing covers: the boxes and the lines, which may run beside them.
    xs = [x for b in boxes.values() for x in (b.x - _W / 2, b.x + _W / 2)]
    ys = [y for b in boxes.values() for y in (b.y - _H / 2, b.y + _H / 2)]
    xs += [x for route in routes for x, _ in route.points]
    ys += [y for route in routes for _, y in route.points]
    drawing = (
        min(xs, default=0.0) - _PAD,
        min(ys, default=0.0) - _PAD,
        max(xs, default=_W) + _PAD,
        max(ys, default=_H) + _PAD,
    )
    own = ax is None
    if ax is None:
        ax = plt.figure().add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_aspect("auto")
    ax.axis("off")

    texts = _draw_boxes(ax, strategy, boxes, status, lang)
    arrows = _draw_arrows(ax, strategy, routes)
    handles = _legend_handles(strategy, words, links, overlays is not None)
    legend = ax.legend(handles=handles, loc="upper left", frameon=False,
                       borderaxespad=0.0, borderpad=0.0, handlelength=2.2)  # fmt: skip
    heading = " ".join(strategy.title.get(lang).split())
    title = ax.set_title(f"{heading} ({strategy.id})", loc="left", parse_math=False)

    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    sizes = _fit(ax, renderer, drawing, texts, legend, title)
    if own:  # size the figure to the drawing, the legend beside it, and the title
        _size_figure(ax, renderer, drawing, legend)
        sizes = _fit(ax, renderer, drawing, texts, legend, title)
    _set_sizes(ax, renderer, sizes, boxes, texts, arrows)
    return ax

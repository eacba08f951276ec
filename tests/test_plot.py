"""ncts.plot: a picture that reads at any size.

Measured with matplotlib's renderer: no text overlaps another text or a box it is
not in, nothing leaves the figure, every line runs from its source's border to its
target's without passing behind another box, and no two lines share a stretch.
"""

import io
import itertools
from collections.abc import Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.image
import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.transforms import Bbox

import ncts
from ncts.testing import strategies

from .conftest import ROOT

Box = tuple[float, float, float, float]
# Two sizes: plot's own figure, and an ordinary 6 by 4 inch figure's axes.
SIZES = [None, (6.0, 4.0)]


def _draw(s: ncts.Strategy, size: tuple[float, float] | None, **options: Any) -> Any:
    if size is None:
        return ncts.plot(s, **options)
    _, ax = plt.subplots(figsize=size)
    return ncts.plot(s, ax=ax, **options)


def _boxes(ax: Any) -> dict[str, Box]:
    """Each element's box in data units, by the element's ID (the patch's gid)."""
    return {
        str(p.get_gid()): (
            p.get_x(),
            p.get_y(),
            p.get_x() + p.get_width(),
            p.get_y() + p.get_height(),
        )
        for p in ax.patches
        if isinstance(p, FancyBboxPatch)
    }


def _overlap(a: Box, b: Box, slack: float = 0.0) -> bool:
    return (
        a[0] + slack < b[2]
        and b[0] + slack < a[2]
        and a[1] + slack < b[3]
        and b[1] + slack < a[3]
    )


def _texts(ax: Any) -> list[Any]:
    """Every text the picture shows: in the boxes, the title, the legend."""
    titles = [ax.title, ax._left_title, ax._right_title]
    legend = ax.get_legend()
    found = [*ax.texts, *titles, *(legend.get_texts() if legend else [])]
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def _segments(path: Any) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight pieces of a path (its lines, and the outline of an arrow head)."""
    start = previous = None
    for vertex, code in zip(
        path.vertices, path.codes if path.codes is not None else [], strict=False
    ):
        point = (float(vertex[0]), float(vertex[1]))
        if code == Path.MOVETO:
            start = previous = point
            continue
        if code == Path.CLOSEPOLY:
            point = start  # type: ignore[assignment]
        if previous is not None and point is not None:
            yield previous, point
        previous = point


def _crosses(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Whether the segment from a to b passes through the inside of *box*.

    Liang and Barsky's clipping: written out here, not taken from matplotlib.
    """
    eps = 1e-6
    x0, y0, x1, y1 = box[0] + eps, box[1] + eps, box[2] - eps, box[3] - eps
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return high - low > 1e-9


def _on_border(point: tuple[float, float], box: Box, eps: float = 1e-6) -> bool:
    x, y = point
    inside_x = box[0] - eps <= x <= box[2] + eps
    inside_y = box[1] - eps <= y <= box[3] + eps
    on_x = abs(x - box[0]) < eps or abs(x - box[2]) < eps
    on_y = abs(y - box[1]) < eps or abs(y - box[3]) < eps
    return (inside_x and on_y) or (inside_y and on_x)


def _check_lines(s: ncts.Strategy, ax: Any) -> None:
    """Each line starts on its source's border and passes behind no other box."""
    boxes = _boxes(ax)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert sorted(str(a.get_gid()) for a in arrows) == sorted(
        f"{link.source}->{link.target}" for link in s.links
    )
    stretches = []
    for arrow in arrows:
        source, target = str(arrow.get_gid()).split("->")
        path: Any = arrow.get_path()
        first = tuple(path.vertices[0])
        assert _on_border(first, boxes[source]), (arrow.get_gid(), first)
        # The head's tip stops short of the border by a hair (half its line).
        near = 0.05 * (boxes[target][3] - boxes[target][1])
        assert any(_on_border(tuple(v), boxes[target], near) for v in path.vertices)
        for a, b in _segments(path):
            for id, box in boxes.items():
                if id not in (source, target):
                    assert not _crosses(a, b, box), (arrow.get_gid(), id, a, b)
            if a[0] == b[0] or a[1] == b[1]:
                stretches.append((arrow.get_gid(), a, b))
    for (g1, a1, b1), (g2, a2, b2) in itertools.combinations(stretches, 2):
        if g1 == g2:
            continue
        for axis in (0, 1):  # two lines on one line, along a common stretch
            other = 1 - axis
            if a1[axis] == b1[axis] == a2[axis] == b2[axis]:
                lo = max(min(a1[other], b1[other]), min(a2[other], b2[other]))
                hi = min(max(a1[other], b1[other]), max(a2[other], b2[other]))
                assert hi - lo < 1e-6, (g1, g2, a1, b1)


def _check_text(ax: Any) -> None:
    """No text overlaps another or a box it is not in; all is inside the figure."""
    figure = ax.figure
    figure.canvas.draw()  # lays out the legend
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    texts = _texts(ax)
    assert texts
    extents = [t.get_window_extent(renderer) for t in texts]
    for text, box in zip(texts, extents, strict=True):
        assert box.x0 >= page.x0 - 0.5, text.get_text()
        assert box.x1 <= page.x1 + 0.5, text.get_text()
        assert box.y0 >= page.y0 - 0.5, text.get_text()
        assert box.y1 <= page.y1 + 0.5, text.get_text()
    for (t1, b1), (t2, b2) in itertools.combinations(
        zip(texts, extents, strict=True), 2
    ):
        assert not Bbox.intersection(b1.shrunk(0.99, 0.99), b2.shrunk(0.99, 0.99)), (
            t1.get_text(),
            t2.get_text(),
        )
    patches = {
        p.get_gid(): p.get_window_extent(renderer)
        for p in ax.patches
        if isinstance(p, FancyBboxPatch)
    }
    inside = {}
    for text, extent in zip(texts, extents, strict=True):
        holders = [gid for gid, box in patches.items() if box.overlaps(extent)]
        for gid in holders:  # a text that touches a box lies wholly inside it
            box = patches[gid]
            assert box.x0 <= extent.x0, (text.get_text(), gid)
            assert extent.x1 <= box.x1, (text.get_text(), gid)
            assert box.y0 <= extent.y0, (text.get_text(), gid)
            assert extent.y1 <= box.y1, (text.get_text(), gid)
        inside[text] = holders
    ids = {t.get_text() for t in texts if t.get_fontweight() == "bold"}
    assert ids == set(patches)
    for text, holders in inside.items():
        if text.get_fontweight() == "bold":
            assert holders == [text.get_text()]  # each ID in its own box


class TestPlot:
    # Generated texts hold characters that no font on the machine has.
    @pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
    @settings(max_examples=15)
    @given(strategies(), st.sampled_from(SIZES))
    def test_any_strategy_reads(self, s: ncts.Strategy, size: Any) -> None:
        """Any strategy, at either size: each element once, no overlaps, clean lines."""
        ax = _draw(s, size)
        try:
            boxes = _boxes(ax)
            expected = [g.id for g in s.goals] + [t.id for t in s.focus_themes]
            for area in s.areas:
                expected += [area.id, *(sp.id for sp in area.speerpunten)]
            assert sorted(boxes) == sorted(expected)
            for a, b in itertools.combinations(boxes.values(), 2):
                assert not _overlap(a, b)
            _check_lines(s, ax)
            _check_text(ax)
        finally:
            plt.close(ax.figure)

    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_bundled_reads(self, strategy: ncts.Strategy, size: Any, lang: str) -> None:
        """The bundled strategy, in both languages, at plot's size and at 6 by 4 inches."""
        ax = _draw(strategy, size, lang=lang)
        try:
            _check_lines(strategy, ax)
            _check_text(ax)
            full = [
                t for t in ax.texts if t.get_visible() and t.get_fontweight() != "bold"
            ]
            if size is None:  # there is room for the whole text, in a readable size
                assert len(full) >= 29
                assert min(t.get_fontsize() for t in full) >= 5
            ids = [t for t in ax.texts if t.get_fontweight() == "bold"]
            assert min(t.get_fontsize() for t in ids) >= 5
        finally:
            plt.close(ax.figure)

    def test_the_reviews_arrows(self, strategy: ncts.Strategy) -> None:
        """VK6 -> FT1 leaves VK6 and passes behind no box (the review saw it behind VK7)."""
        ax: Any = ncts.plot(strategy, lang="en")
        try:
            [arrow] = [
                p
                for p in ax.patches
                if isinstance(p, FancyArrowPatch) and p.get_gid() == "VK6->FT1"
            ]
            boxes = _boxes(ax)
            path: Any = arrow.get_path()
            assert _on_border(tuple(path.vertices[0]), boxes["VK6"])
            for a, b in _segments(path):
                assert not _crosses(a, b, boxes["VK7"])
        finally:
            plt.close(ax.figure)

    @pytest.mark.parametrize(
        ("lang", "words", "not_words"),
        [
            (
                "nl",
                ["doel", "interventiegebied", "gesteld door de bron"],
                ["goal", "area"],
            ),
            (
                "en",
                ["goal", "area", "stated by the source"],
                ["doel", "interventiegebied"],
            ),
        ],
    )
    def test_legend_follows_lang(
        self, strategy: ncts.Strategy, lang: str, words: list[str], not_words: list[str]
    ) -> None:
        """The legend is in the language of the labels."""
        ax: Any = ncts.plot(strategy, lang=lang)
        try:
            labels = [t.get_text() for t in ax.get_legend().get_texts()]
            for word in words:
                assert word in labels
            for word in not_words:
                assert word not in labels
        finally:
            plt.close(ax.figure)

    def test_no_wide_margins(self, strategy: ncts.Strategy) -> None:
        """A plain savefig of plot's own figure has no wide white margins."""
        ax: Any = ncts.plot(strategy, lang="en")
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png")  # as the reader would
        dpi = ax.figure.dpi
        plt.close(ax.figure)
        buffer.seek(0)
        image: Any = matplotlib.image.imread(buffer, format="png")
        ink: Any = (image[:, :, :3] < 0.95).any(axis=2)
        rows, columns = ink.any(axis=1).nonzero()[0], ink.any(axis=0).nonzero()[0]
        height, width = ink.shape
        margins = (rows[0], height - 1 - rows[-1], columns[0], width - 1 - columns[-1])
        assert max(margins) <= 0.25 * dpi, margins  # a quarter inch at most

    def test_legend_and_links(self) -> None:
        """The legend names element types, link types and both bases; links are drawn."""
        ax: Any = ncts.plot(ncts.load(), lang="en")
        legend = ax.get_legend()
        assert legend is not None
        labels = [t.get_text() for t in legend.get_texts()]
        for label in (
            "goal",
            "area",
            "speerpunt",
            "focus theme",
            "underpins",
            "stated by the source",
            "derived by us",
        ):
            assert label in labels
        arrows = [p for p in ax.patches if not isinstance(p, FancyBboxPatch)]
        assert len(arrows) == len(ncts.load().links)
        plt.close(ax.figure)

    def test_no_links(self) -> None:
        """links=False draws boxes only, and the legend leaves the link types out."""
        ax: Any = ncts.plot(ncts.load(), lang="en", links=False)
        assert not [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "underpins" not in labels
        _check_text(ax)
        plt.close(ax.figure)

    def test_overlay_colours_by_status(self) -> None:
        """With an overlay, speerpunten with work are coloured by status, others grey."""
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        ax: Any = ncts.plot(ncts.load(), overlays=[overlay], lang="en")
        colours = {
            p.get_gid(): matplotlib.colors.to_hex(p.get_facecolor())
            for p in ax.patches
            if isinstance(p, FancyBboxPatch)
        }
        assert colours["VB3"] == "#68d391"  # done
        assert colours["VK7"] == "#fefcbf"  # planned
        assert colours["VW1"] == "#e2e8f0"  # no work
        legend = ax.get_legend()
        assert legend is not None
        assert "no work mapped" in [t.get_text() for t in legend.get_texts()]
        _check_text(ax)
        plt.close(ax.figure)

    def test_draws_on_given_axes(self) -> None:
        """plot draws on the Axes it is given."""
        fig, ax = plt.subplots()
        assert ncts.plot(ncts.load(), ax=ax) is ax
        plt.close(fig)

    def test_pictures_in_the_docs(self) -> None:
        """docs/images has the plot at both sizes in both languages, as PNG images."""
        for name in (
            "plot-default-nl.png",
            "plot-default-en.png",
            "plot-6x4-nl.png",
            "plot-6x4-en.png",
        ):
            data = (ROOT / "docs" / "images" / name).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"

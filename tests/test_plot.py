"""ncts.plot: a readable picture: every element once, no overlapping boxes, a legend."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from hypothesis import given, settings
from matplotlib.patches import FancyBboxPatch

import ncts
from ncts.testing import strategies


def _boxes(ax: matplotlib.axes.Axes) -> list[tuple[float, float, float, float]]:
    return [
        (p.get_x(), p.get_y(), p.get_x() + p.get_width(), p.get_y() + p.get_height())
        for p in ax.patches
        if isinstance(p, FancyBboxPatch)
    ]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class TestPlot:
    @settings(max_examples=15)
    @given(strategies())
    def test_every_element_once_and_no_overlap(self, s: ncts.Strategy) -> None:
        """Each element gets one box with its ID in bold, and no two boxes overlap."""
        ax = ncts.plot(s)
        try:
            ids = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
            expected = [g.id for g in s.goals] + [t.id for t in s.focus_themes]
            for area in s.areas:
                expected += [area.id, *(sp.id for sp in area.speerpunten)]
            assert sorted(ids) == sorted(expected)
            boxes = _boxes(ax)
            assert len(boxes) == len(expected)
            for a, b in itertools.combinations(boxes, 2):
                assert not _overlap(a, b)
        finally:
            plt.close(ax.figure)  # type: ignore[arg-type]

    def test_legend_and_links(self) -> None:
        """The legend names element types, link types and both bases; links are drawn."""
        ax = ncts.plot(ncts.load(), lang="en")
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
        plt.close(ax.figure)  # type: ignore[arg-type]

    def test_overlay_colours_by_status(self) -> None:
        """With an overlay, speerpunten with work are coloured by status, others grey."""
        overlay = ncts.load_overlay(ncts.example_path("overlay.yaml"))
        ax = ncts.plot(ncts.load(), overlays=[overlay])
        by_id = {}
        for text in ax.texts:
            if text.get_fontweight() == "bold":
                x, y = text.get_position()
                [box] = [
                    p
                    for p in ax.patches
                    if isinstance(p, FancyBboxPatch)
                    and p.contains_point(tuple(ax.transData.transform((x, y))))
                ]
                by_id[text.get_text()] = matplotlib.colors.to_hex(box.get_facecolor())
        assert by_id["VB3"] == "#68d391"  # done
        assert by_id["VK7"] == "#fefcbf"  # planned
        assert by_id["VW1"] == "#e2e8f0"  # no work
        legend = ax.get_legend()
        assert legend is not None
        assert "no work mapped" in [t.get_text() for t in legend.get_texts()]
        plt.close(ax.figure)  # type: ignore[arg-type]

    def test_draws_on_given_axes(self) -> None:
        """plot draws on the Axes it is given."""
        fig, ax = plt.subplots()
        assert ncts.plot(ncts.load(), ax=ax) is ax
        plt.close(fig)

    def test_pictures_in_the_docs(self) -> None:
        """The pictures in docs/images are PNG images of a readable size."""
        import struct

        from .conftest import ROOT

        for name in ("ncts-en.png", "ncts-overlay.png"):
            data = (ROOT / "docs" / "images" / name).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
            assert width >= 800
            assert height >= 400

"""diff at its edges: an ID that changes kind, lists of texts, moves, arguments.

Plain examples, worked out by hand (issue 16, _diff mutants).
"""

import attrs
import pytest

import ncts
from ncts import Goal, Period, Strategy, Text


def _strategy(**kwargs: object) -> Strategy:
    return Strategy("S", Text("Titel"), Period(2020, 2021), "1", **kwargs)  # type: ignore[arg-type]


def _fields(change: ncts.Change) -> list[tuple[str, object, object]]:
    return [(f.field, f.old, f.new) for f in change.fields]


class TestKinds:
    def test_an_id_that_becomes_another_kind_of_element(self) -> None:
        """A goal that becomes a focus theme, text and place unchanged, is a change
        of its type (it used to be reported as nothing at all)."""
        old = _strategy(goals=(Goal("X1", Text("Hetzelfde")),))
        new = _strategy(focus_themes=(ncts.FocusTheme("X1", Text("Hetzelfde")),))
        [change] = ncts.diff(old, new)
        assert (change.kind, change.id, change.type) == ("changed", "X1", "focus_theme")
        assert _fields(change) == [("type", "goal", "focus_theme")]
        [back] = ncts.diff(new, old)
        assert _fields(back) == [("type", "focus_theme", "goal")]

    def test_another_kind_and_another_text(self) -> None:
        old = _strategy(goals=(Goal("X1", Text("Oud")),))
        new = _strategy(focus_themes=(ncts.FocusTheme("X1", Text("Nieuw")),))
        [change] = ncts.diff(old, new)
        assert _fields(change) == [
            ("text.nl", "Oud", "Nieuw"),
            ("type", "goal", "focus_theme"),
        ]


class TestFields:
    def test_a_list_of_texts_is_compared_item_by_item(self) -> None:
        old = _strategy(introduction=(Text("een"), Text("twee")))
        new = _strategy(introduction=(Text("een"), Text("drie", "three")))
        [change] = ncts.diff(old, new)
        assert (change.type, change.id) == ("strategy", "S")
        assert _fields(change) == [
            ("introduction[1].nl", "twee", "drie"),
            ("introduction[1].en", None, "three"),
        ]

    def test_a_move_is_a_change_of_position(self) -> None:
        goals = (Goal("G1", Text("een")), Goal("G2", Text("twee")))
        old = _strategy(goals=goals)
        new = _strategy(goals=goals[::-1])
        assert [(c.id, _fields(c)) for c in ncts.diff(old, new)] == [
            ("G1", [("position", 0, 1)]),
            ("G2", [("position", 1, 0)]),
        ]

    def test_an_unchanged_copy_is_no_change(self) -> None:
        """Equal elements that are different objects are not reported."""
        old = _strategy(goals=(Goal("G1", Text("een")),))
        new = attrs.evolve(old, goals=(Goal("G1", Text("een")),))
        assert old.goals[0] is not new.goals[0]
        assert not ncts.diff(old, new)


class TestOf:
    def test_the_kind_is_checked(self) -> None:
        d = ncts.diff(_strategy(), _strategy(goals=(Goal("G1", Text("een")),)))
        assert [c.id for c in d.of("added")] == ["G1"]
        assert d.of("removed") == ()
        with pytest.raises(TypeError, match=r"^kind must be str, not int"):
            d.of(1)  # type: ignore[arg-type]
        with pytest.raises(ncts.QueryError, match="unknown kind of change 'gone'"):
            d.of("gone")  # type: ignore[arg-type]

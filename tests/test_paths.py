"""paths() leaves out routes through the strategy itself unless asked (via_root=True).

Every goal, focus theme and area is part of the strategy, so through the root any
two of them are two steps apart; such a route says nothing about how they relate.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import Strategy
from ncts.testing import strategies


def _touches(path: tuple[ncts.Edge, ...], node: str) -> bool:
    return any(node in (e.source, e.target) for e in path)


class TestViaRoot:
    def test_the_reviews_example(self, strategy: Strategy) -> None:
        """VK6 to G2: no route runs through NCTS-2022-2026 by default."""
        found = ncts.paths(strategy, "VK6", "G2")
        assert found
        assert not [p for p in found if _touches(p, strategy.id)]
        through = ncts.paths(strategy, "VK6", "G2", via_root=True)
        assert [p for p in through if _touches(p, strategy.id)]

    def test_two_goals_are_not_joined_by_the_root(self, strategy: Strategy) -> None:
        """G1 and G4 share only the strategy: no path by default, one with via_root."""
        assert ncts.paths(strategy, "G1", "G4", cutoff=2) == ()
        [path] = ncts.paths(strategy, "G1", "G4", cutoff=2, via_root=True)
        assert [(e.source, e.target) for e in path] == [
            ("G1", strategy.id),
            ("G4", strategy.id),
        ]

    def test_the_root_as_an_end(self, strategy: Strategy) -> None:
        """A path to the strategy itself is still found: it ends there."""
        found = ncts.paths(strategy, "VK6", strategy.id, cutoff=2)
        assert [[(e.source, e.target) for e in p] for p in found] == [
            [("VK6", "FT1"), ("FT1", strategy.id)],
            [("VK6", "VK"), ("VK", strategy.id)],
        ]

    @given(strategies(), st.data())
    def test_default_is_via_root_less_the_routes_through_it(
        self, s: Strategy, data: st.DataObject
    ) -> None:
        """paths() equals paths(via_root=True) without the routes that pass the root."""
        ids = [e.id for e in s.elements() if e.element_type != "source"]
        source = data.draw(st.sampled_from(ids))
        target = data.draw(st.sampled_from(ids))
        cutoff = data.draw(st.integers(1, 4))
        through = ncts.paths(s, source, target, cutoff=cutoff, via_root=True)
        expected = tuple(
            p for p in through if s.id in (source, target) or not _touches(p, s.id)
        )
        assert ncts.paths(s, source, target, cutoff=cutoff) == expected

    def test_via_root_is_a_bool(self, strategy: Strategy) -> None:
        """via_root takes True or False, not a truthy text."""
        with pytest.raises(TypeError, match="via_root must be bool"):
            ncts.paths(strategy, "VK6", "G2", via_root="yes")  # type: ignore[arg-type]

"""A strategy is a read-only mapping from ID to element, and lookups ignore case.

Issue 12, point 2: ``len``, ``iter`` (IDs in document order), ``in``, ``keys``,
``values``, ``items`` and ``get`` behave as on a dict; every method that takes an
ID finds it whatever its case and returns the element with its ID as written;
``==`` and ``hash`` stay those of the attrs class (the whole strategy's data).
"""

import json
from collections.abc import Callable, Iterator, KeysView, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import Goal, Strategy, Text, UnknownIdError
from ncts.testing import strategies

# Small strategies keep each property well under two seconds: the rules under
# test do not depend on the size.
_SMALL = {"max_areas": 2, "max_speerpunten": 2, "max_goals": 2, "max_links": 3}
_TINY = {"max_areas": 1, "max_speerpunten": 2, "max_goals": 1, "max_links": 2}


def _document_ids(node: object, under_links: bool = False) -> Iterator[str]:
    """The element IDs of a dumped document, in the order the document has them."""
    if isinstance(node, dict):
        if "id" in node and not under_links:
            yield node["id"]
        for key, value in node.items():
            yield from _document_ids(value, under_links or key == "links")
    elif isinstance(node, list):
        for item in node:
            yield from _document_ids(item, under_links)


def _case_variant(id: str, flips: list[bool]) -> str:
    """*id* with the case of each letter flipped where *flips* says so."""
    return "".join(
        c.swapcase() if flip else c
        for c, flip in zip(id, flips + [False] * len(id), strict=False)
    )


@st.composite
def _strategy_and_id(draw: st.DrawFn) -> tuple[Strategy, str, str]:
    """A strategy, one of its IDs, and that ID in some mixture of cases."""
    strategy = draw(strategies(**_SMALL))
    id = draw(st.sampled_from(list(strategy)))
    flips = draw(st.lists(st.booleans(), min_size=len(id), max_size=len(id)))
    return strategy, id, _case_variant(id, flips)


class TestMappingProtocol:
    def test_is_a_collections_abc_mapping(self, strategy: Strategy) -> None:
        assert isinstance(strategy, Mapping)
        assert isinstance(strategy.keys(), KeysView)

    @given(strategies(**_SMALL))
    def test_len_iter_keys_values_items_agree_in_document_order(
        self, strategy: Strategy
    ) -> None:
        """The IDs come in the order in which the saved document has them.

        That is: the strategy, its sources, focus themes, goals, then each area
        followed by its speerpunten. Link IDs are not element IDs.
        """
        ids = list(strategy)
        document = json.loads(ncts.dumps(strategy, "json"))
        assert ids == list(_document_ids(document))
        assert ids[0] == strategy.id
        assert len(strategy) == len(ids) == len(set(ids))
        assert list(strategy.keys()) == ids
        assert [e.id for e in strategy.values()] == ids
        assert [(k, v.id) for k, v in strategy.items()] == [(i, i) for i in ids]
        assert dict(strategy) == {i: strategy[i] for i in ids}
        assert not {link.id for link in strategy.links} & set(strategy)

    def test_the_order_is_the_documented_one(self, strategy: Strategy) -> None:
        ids = list(strategy)
        expected = [strategy.id, *(s.id for s in strategy.sources)]
        expected += [t.id for t in strategy.focus_themes]
        expected += [g.id for g in strategy.goals]
        for area in strategy.areas:
            expected += [area.id, *(sp.id for sp in area.speerpunten)]
        assert ids == expected
        assert ids == list(strategy.ids()) == [e.id for e in strategy.elements()]

    def test_items_view_checks_values(self, strategy: Strategy) -> None:
        assert ("VK6", strategy["VK6"]) in strategy.items()
        assert ("VK6", strategy["VK7"]) not in strategy.items()
        assert strategy.keys() >= {"VK6", "G1"}

    def test_get_returns_the_default_for_unknown_ids(self, strategy: Strategy) -> None:
        assert strategy.get("VK99") is None
        assert strategy.get("VK99", "none") == "none"
        assert strategy.get(5) is None  # type: ignore[call-overload]

    @pytest.mark.parametrize("key", [5, None, ("VK6",), b"VK6", 6.0])
    def test_other_keys_are_unknown_ids(self, strategy: Strategy, key: object) -> None:
        """A key that is not text names nothing, as in a dict: a KeyError."""
        assert key not in strategy
        with pytest.raises(UnknownIdError):
            strategy[key]  # type: ignore[index]

    def test_unhashable_key_is_a_key_error_not_a_type_error(
        self, strategy: Strategy
    ) -> None:
        with pytest.raises(UnknownIdError):
            strategy[["VK6"]]  # type: ignore[index]
        assert ["VK6"] not in strategy  # type: ignore[comparison-overlap]

    def test_is_read_only(self, strategy: Strategy) -> None:
        with pytest.raises(TypeError):
            strategy["VK6"] = strategy["VK7"]  # type: ignore[index]
        with pytest.raises(TypeError):
            del strategy["VK6"]  # type: ignore[attr-defined]


class TestEqualityStaysTheStrategys:
    """Mapping's __eq__ (same items) and its __hash__ = None must not take over."""

    def test_equal_data_is_equal_and_hashes_alike(self, strategy: Strategy) -> None:
        again = ncts.loads(ncts.dumps(strategy))
        assert again == strategy
        assert hash(again) == hash(strategy)
        assert len({strategy, again}) == 1

    def test_a_change_outside_the_elements_makes_it_different(
        self, strategy: Strategy
    ) -> None:
        """Two strategies with the same elements but other links are not equal."""
        [_, *rest] = strategy.links
        other = attrs.evolve(strategy, links=tuple(rest))
        assert other != strategy
        assert set(other) == set(strategy)

    def test_never_equal_to_a_dict_of_its_elements(self, strategy: Strategy) -> None:
        assert strategy != dict(strategy)
        assert dict(strategy) != strategy
        assert not strategy == dict(strategy.items())  # noqa: SIM201

    @given(strategies(**_TINY), st.booleans(), st.data())
    def test_equality_is_the_data(
        self, a: Strategy, copy: bool, data: st.DataObject
    ) -> None:
        """Equal exactly when the saved documents are: half the cases are copies."""
        b = ncts.loads(ncts.dumps(a)) if copy else data.draw(strategies(**_TINY))
        same = ncts.dumps(a) == ncts.dumps(b)
        assert same or not copy
        assert (a == b) is same
        assert (a != b) is not same
        if same:
            assert hash(a) == hash(b)


class TestCaseIgnored:
    @given(_strategy_and_id(), st.data())
    def test_every_lookup_finds_any_case(
        self, case: tuple[Strategy, str, str], data: st.DataObject
    ) -> None:
        strategy, id, variant = case
        element = strategy[id]
        assert strategy[variant] is element
        assert strategy.get(variant) is element
        assert variant in strategy
        assert variant in strategy.keys()  # noqa: SIM118 (the keys view too)
        assert (variant, element) in strategy.items()
        assert strategy[variant].id == id  # the ID as written
        assert strategy.path_of(variant) == strategy.path_of(id)
        assert strategy.links_from(variant) == strategy.links_from(id)
        assert strategy.links_to(variant) == strategy.links_to(id)
        if element.element_type == "speerpunt":
            assert strategy.area_of(variant) is strategy.area_of(id)
        if element.element_type in ("goal", "focus_theme", "area", "speerpunt"):
            for type in ("goal", "focus_theme", "area", "speerpunt"):
                assert ncts.connected(strategy, variant, type) == ncts.connected(
                    strategy, id, type
                )
        for link in strategy.links:  # links have IDs of their own
            if link.id is not None:
                flips = data.draw(st.lists(st.booleans(), min_size=len(link.id)))
                assert strategy.link(_case_variant(link.id, flips)) is link
        # The Kelvin sign lowers to "k", the long s folds to "s": neither makes an
        # ID. IDs are ASCII, and case is ignored by ASCII's rules only.
        for letter, look_alike in (("k", "\u212a"), ("K", "\u212a"), ("s", "\u017f")):
            if letter in variant:
                key = variant.replace(letter, look_alike)
                assert key not in strategy
                assert strategy.get(key) is None
                with pytest.raises(UnknownIdError):
                    strategy[key]

    def test_paths_take_any_case(self, strategy: Strategy) -> None:
        assert ncts.paths(strategy, "vk6", "ft1") == ncts.paths(strategy, "VK6", "FT1")
        assert ncts.paths(strategy, "vk6", "ft1")[0][0].source == "VK6"

    def test_ids_that_differ_only_in_case_are_refused(self, strategy: Strategy) -> None:
        """The rule that makes lookups unambiguous, checked at construction."""
        [goal, *_] = strategy.goals
        twin = Goal(goal.id.swapcase(), Text("Tweeling"))
        with pytest.raises(ncts.ValidationError, match="differs only in case"):
            attrs.evolve(strategy, goals=(*strategy.goals, twin))


_LOOKUPS: dict[str, Callable[[Strategy, Any], object]] = {
    "__getitem__": lambda s, id: s[id],
    "path_of": lambda s, id: s.path_of(id),
    "area_of": lambda s, id: s.area_of(id),
    "links_from": lambda s, id: s.links_from(id),
    "links_to": lambda s, id: s.links_to(id),
    "connected": lambda s, id: ncts.connected(s, id, "goal"),
    "paths": lambda s, id: ncts.paths(s, id, "G1"),
}


class TestUnknownIds:
    """Every lookup method refuses an unknown ID alike, and suggests the closest."""

    @pytest.mark.parametrize("method", sorted(_LOOKUPS))
    @pytest.mark.parametrize("key", ["vkk6", "VK66"])
    def test_unknown_id_error_with_suggestions(
        self, strategy: Strategy, method: str, key: str
    ) -> None:
        with pytest.raises(UnknownIdError) as info:
            _LOOKUPS[method](strategy, key)
        assert isinstance(info.value, KeyError)
        assert info.value.suggestions[0] == "VK6"
        assert "did you mean 'VK6'" in str(info.value)

    @pytest.mark.parametrize("method", sorted(_LOOKUPS))
    @pytest.mark.parametrize("key", [5, None, ["VK6"]])
    def test_an_id_that_is_not_a_str(
        self, strategy: Strategy, method: str, key: object
    ) -> None:
        """A dict's rule for the mapping (a KeyError), a TypeError for a method."""
        expected: type[Exception] = (
            UnknownIdError if method == "__getitem__" else TypeError
        )
        with pytest.raises(expected) as info:
            _LOOKUPS[method](strategy, key)
        if expected is TypeError:
            assert (
                f"must be str{'' if method != 'area_of' else ' or Speerpunt'}, not {type(key).__name__}"
                in str(info.value)
            )

    def test_link_lookup_suggests_link_ids_as_written(self, strategy: Strategy) -> None:
        with pytest.raises(UnknownIdError) as info:
            strategy.link("l99")
        assert info.value.suggestions
        assert all(s.startswith("L") for s in info.value.suggestions)

    def test_area_of_a_non_speerpunt_is_unknown(self, strategy: Strategy) -> None:
        with pytest.raises(UnknownIdError, match="the speerpunten of"):
            strategy.area_of("vk")


class TestCommandLine:
    """ncts get follows the same rule: any case finds the element or link."""

    @pytest.mark.parametrize(("asked", "shown"), [("vk6", "VK6"), ("l10", "L10")])
    def test_get_ignores_case(self, asked: str, shown: str) -> None:
        import io

        from ncts._cli import main

        out = io.StringIO()
        assert main(["get", asked], out=out) == 0
        again = io.StringIO()
        assert main(["get", shown], out=again) == 0
        assert out.getvalue() == again.getvalue()
        assert out.getvalue().startswith(f"{shown}  ")

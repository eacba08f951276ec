"""``by_kind``: every spelling of a kind, and a partition of the speerpunten."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts import Kind, QueryError, Strategy
from ncts.testing import strategies

_KINDS = list(Kind)


def _spellings(kind: Kind) -> st.SearchStrategy[Kind | str]:
    """The kind itself, its value or its Dutch word, in any mix of cases."""
    words = st.sampled_from([kind.value, kind.dutch]).flatmap(
        lambda word: st.lists(
            st.booleans(), min_size=len(word), max_size=len(word)
        ).map(
            lambda upper: "".join(
                c.upper() if u else c for c, u in zip(word, upper, strict=True)
            )
        )
    )
    return st.one_of(st.just(kind), words)


@given(s=strategies(), data=st.data())
def test_every_spelling_of_a_kind_asks_the_same(
    s: Strategy, data: st.DataObject
) -> None:
    kinds = data.draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=2))
    spelled = [data.draw(_spellings(k)) for k in kinds]
    expected = tuple(sp for sp in s.speerpunten if set(kinds) <= sp.kinds)
    assert ncts.by_kind(s, *spelled) == expected


@given(s=strategies())
def test_no_kinds_gives_the_ungrouped_speerpunten(s: Strategy) -> None:
    """With no kinds: exactly the speerpunten with the empty set of kinds."""
    ungrouped = ncts.by_kind(s)
    assert ungrouped == tuple(sp for sp in s.speerpunten if not sp.kinds)
    grouped = {sp.id for k in Kind for sp in ncts.by_kind(s, k)}
    assert {sp.id for sp in ungrouped} | grouped == {sp.id for sp in s.speerpunten}
    assert not {sp.id for sp in ungrouped} & grouped


def test_the_bundled_strategy_in_dutch() -> None:
    s = ncts.load()
    assert [sp.id for sp in ncts.by_kind(s, "doorontwikkeling", "INNOVATIE")] == [
        "VK6",
        "VK7",
        "VB4",
    ]


@pytest.mark.parametrize("kind", ["novelty", "", "innovatio", "innovation "])
def test_unknown_kind_names_every_spelling(kind: str) -> None:
    with pytest.raises(QueryError) as info:
        ncts.by_kind(ncts.load(), kind)
    message = str(info.value)
    assert f"unknown kind {kind!r}" in message
    assert all(k.value in message and k.dutch in message for k in Kind)


@pytest.mark.parametrize("kind", [1, None, b"innovation", ("innovation",)])
def test_a_kind_of_the_wrong_type_is_a_type_error(kind: object) -> None:
    with pytest.raises(TypeError, match="kind must be"):
        ncts.by_kind(ncts.load(), kind)  # type: ignore[arg-type]

"""Fuzzing the loaders: mutated valid documents give a strategy or an ncts error.

Hypothesis builds valid strategy and overlay documents and mutates them: in their
structure (keys removed, added, values of other types, lists and mappings swapped),
in their text (random Unicode) and in their serialised bytes (characters cut,
inserted or repeated). Nothing but an ncts error may escape, and whatever loads
must survive dumps/loads unchanged.

It runs briefly with the test suite. For a long run:

    NCTS_FUZZ_EXAMPLES=100000 python -m pytest tests/test_fuzz.py -p no:cacheprovider
"""

import json
import os
import warnings
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ncts
from ncts._convert import depth_of, unstructure
from ncts._io import Format, decode
from ncts.testing import strategies

from .conftest import nesting_depth

_EXAMPLES = int(os.environ.get("NCTS_FUZZ_EXAMPLES", "0")) or None
_SETTINGS = (
    settings(
        max_examples=_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    if _EXAMPLES
    else settings()
)

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(
        ["no", "on", "2024-01-01", "VK6", "", " ", "stated", "innovation"]
    )
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(doc: Any, out: list[Any]) -> list[Any]:
    out.append(doc)
    children = (
        doc.values() if isinstance(doc, dict) else doc if isinstance(doc, list) else []
    )
    for child in children:
        if isinstance(child, (dict, list)):
            _containers(child, out)
    return out


@st.composite
def _mutated(draw: st.DrawFn, doc: Any) -> Any:
    """Apply one to three structural mutations to a document, in place."""
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(_containers(doc, [])))
        op = draw(st.sampled_from(["delete", "replace", "insert", "swap", "repeat"]))
        if isinstance(target, dict):
            keys = list(target)
            if op == "insert" or not keys:
                target[
                    draw(
                        st.text(max_size=8)
                        | st.sampled_from(["id", "nl", "en", "links"])
                    )
                ] = draw(_VALUES)
            elif op == "delete":
                del target[draw(st.sampled_from(keys))]
            elif op == "swap":
                key = draw(st.sampled_from(keys))
                value = target[key]
                target[key] = (
                    list(value.values()) if isinstance(value, dict) else {"x": value}
                )
            else:
                target[draw(st.sampled_from(keys))] = draw(_VALUES)
        elif isinstance(target, list):
            if op == "insert" or not target:
                target.insert(draw(st.integers(0, len(target))), draw(_VALUES))
            elif op == "delete":
                del target[draw(st.integers(0, len(target) - 1))]
            elif op == "repeat":
                target.append(target[draw(st.integers(0, len(target) - 1))])
            else:
                target[draw(st.integers(0, len(target) - 1))] = draw(_VALUES)
    return doc


def _check(text: str | bytes, fmt: str, overlay: bool) -> None:
    with warnings.catch_warnings():
        # A mutated data version is another edition: a warning, rightly, not an error.
        warnings.simplefilter("ignore", ncts.EditionWarning)
        _check_quietly(text, fmt, overlay)


def _check_quietly(text: str | bytes, fmt: str, overlay: bool) -> None:
    try:
        if overlay:
            loaded: Any = ncts.loads_overlay(text, fmt)  # type: ignore[arg-type]
        else:
            loaded = ncts.loads(text, fmt)  # type: ignore[arg-type]
    except ncts.NctsError as exc:
        message = str(exc)  # every ncts error says something
        if not message:
            raise AssertionError(f"{type(exc).__name__} with an empty message") from exc
        return
    # The depth limit is checked only on failure: whatever loads is never nested
    # deeper than its schema allows.
    if isinstance(text, bytes):
        text = decode(text)
    plain = ncts._yaml.load_yaml(text) if fmt == "yaml" else ncts._json.load_json(text)
    assert nesting_depth(plain) <= depth_of(type(loaded))
    again = ncts.dumps(loaded, fmt)  # type: ignore[arg-type]
    reloaded = ncts.loads_overlay(again, fmt) if overlay else ncts.loads(again, fmt)  # type: ignore[arg-type]
    assert reloaded == loaded


_OVERLAY = unstructure(ncts.load_overlay(ncts.example_path("overlay.yaml")))


def _written(doc: Any, fmt: str) -> str:
    """Write a (mutated) document as YAML or JSON text, whatever it holds."""
    if fmt == "yaml":
        return ncts._yaml.dump_yaml(doc)
    return json.dumps(doc, ensure_ascii=False)


class TestFuzz:
    @_SETTINGS
    @given(strategies(), st.data(), st.sampled_from(["yaml", "json"]))
    def test_structural_mutations(
        self, s: ncts.Strategy, data: st.DataObject, fmt: str
    ) -> None:
        """Strategy documents with changed structure and types give only ncts errors."""
        doc = data.draw(_mutated(unstructure(s)))
        _check(_written(doc, fmt), fmt, overlay=False)

    @_SETTINGS
    @given(st.data(), st.sampled_from(["yaml", "json"]))
    def test_overlay_mutations(self, data: st.DataObject, fmt: str) -> None:
        """Overlay documents with changed structure and types give only ncts errors."""
        doc = data.draw(_mutated(json.loads(json.dumps(_OVERLAY))))
        _check(_written(doc, fmt), fmt, overlay=True)

    @_SETTINGS
    @given(
        strategies(max_areas=2, max_speerpunten=2),
        st.sampled_from(["yaml", "json"]),
        st.booleans(),
        st.data(),
    )
    def test_byte_mutations(
        self, s: ncts.Strategy, fmt: Format, overlay: bool, data: st.DataObject
    ) -> None:
        """Cutting, inserting and repeating bytes of a document gives only ncts errors."""
        source = ncts.load_overlay(ncts.example_path("overlay.yaml")) if overlay else s
        text = ncts.dumps(source, fmt).encode()
        for _ in range(data.draw(st.integers(1, 4))):
            at = data.draw(st.integers(0, len(text)))
            op = data.draw(st.sampled_from(["cut", "insert", "repeat"]))
            if op == "cut":
                text = text[:at] + text[at + data.draw(st.integers(1, 20)) :]
            elif op == "insert":
                text = (
                    text[:at]
                    + data.draw(
                        st.binary(min_size=1, max_size=8)
                        | st.text(max_size=4).map(str.encode)
                    )
                    + text[at:]
                )
            else:
                end = min(len(text), at + data.draw(st.integers(1, 40)))
                text = text[:end] + text[at:end] + text[end:]
        _check(text, fmt, overlay)

"""Every argument of every public function is checked: a value of the wrong type is
Python's TypeError naming the argument (or an ncts error that says what is
wrong), never another exception from deep inside, and never silently taken.

Found by probing every parameter with values of other types: ``stated_only="no"``
was taken as true by connected, paths, coverage, work and gaps; ``cutoff="3"``
failed inside networkx; ``coverage(s, overlays=[o])`` ignored the overlays (they
are the columns of ``columns="record"`` only); ``plot(overlays=5)`` and
``export(format=[...])`` ended in bare errors; ``load(format=5, max_bytes="x")``
was accepted whenever the bundled strategy was loaded.
"""

import inspect
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ncts

STRATEGY = ncts.load()
OVERLAY = ncts.load_overlay(ncts.example_path("overlay.yaml"))
STRATEGY_TEXT = ncts.dumps(STRATEGY)
OVERLAY_TEXT = ncts.dumps(OVERLAY)


def _good(tmp: Path) -> dict[str, dict[str, Any]]:
    """For each public function, arguments it accepts (required ones, and some more)."""
    s, o, text = STRATEGY, OVERLAY, STRATEGY_TEXT
    return {
        "centrality": {"strategy": s, "measure": "degree", "stated_only": False},
        "combine": {"overlays": [o], "id": "c", "title": "C"},
        "connected": {"strategy": s, "id": "VK6", "type": "goal", "stated_only": False},
        "counts": {"strategy": s},
        "coverage": {
            "strategy": s,
            "rows": "area",
            "columns": "record",
            "stated_only": False,
            "overlays": [o],
        },
        "diff": {"old": s, "new": s},
        "dump": {"strategy": s, "path": str(tmp / "out.yaml"), "format": "yaml"},
        "dumps": {"strategy": s, "format": "yaml"},
        "example_path": {"name": "overlay.yaml"},
        "export": {
            "strategy": s,
            "path": str(tmp / "out.graphml"),
            "format": "graphml",
            "lang": "nl",
            "overlays": [],
        },
        "gaps": {"strategy": s, "stated_only": False, "overlays": [o]},
        "json_schema": {"kind": "strategy"},
        "load": {"format": "yaml", "max_bytes": 10**6, "max_depth": 64},
        "load_overlay": {
            "path": str(ncts.example_path("overlay.yaml")),
            "strategy": s,
            "format": "yaml",
            "unresolved": "error",
            "max_bytes": 10**6,
            "max_depth": 64,
        },
        "loads": {"text": text, "format": "yaml", "max_bytes": 10**6, "max_depth": 64},
        "loads_overlay": {
            "text": OVERLAY_TEXT,
            "format": "yaml",
            "strategy": s,
            "unresolved": "error",
            "max_bytes": 10**6,
            "max_depth": 64,
        },
        "paths": {
            "strategy": s,
            "source": "VK6",
            "target": "G2",
            "stated_only": False,
            "cutoff": 3,
            "via_root": False,
        },
        "plot": {"strategy": s, "lang": "nl", "overlays": [o], "links": True},
        "resolve": {"overlay": o, "strategy": s, "unresolved": "error"},
        "search": {"strategy": s, "query": "online", "lang": "nl"},
        "to_graph": {"strategy": s, "overlays": [o]},
        "work": {"strategy": s, "overlays": [o], "stated_only": False},
    }


#: What a value of the wrong type looks like, by the parameter's declared type.
_WRONG: dict[str, st.SearchStrategy[Any]] = {
    "bool": st.one_of(
        st.integers(), st.text(max_size=3), st.none(), st.floats(allow_nan=False)
    ),
    "int": st.one_of(
        st.text(max_size=3), st.none(), st.floats(allow_nan=False), st.booleans()
    ),
    "str": st.one_of(
        st.integers(), st.binary(max_size=3), st.lists(st.just("VK6"), max_size=2)
    ),
    "object": st.one_of(
        st.integers(),
        st.text(max_size=3),
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    ),
    "overlays": st.one_of(
        st.integers(),
        st.just(OVERLAY),  # one overlay, not an iterable of them
        st.lists(st.integers(), min_size=1, max_size=2),
        st.text(min_size=1, max_size=3),
    ),
}


def _kind(annotation: str) -> str:
    if "Iterable[Overlay]" in annotation:
        return "overlays"
    if annotation == "bool":
        return "bool"
    if annotation == "int":
        return "int"
    if annotation in ("Strategy", "Overlay", "Strategy | Overlay", "Strategy | None"):
        return "object"
    return "str"  # texts, paths, formats, languages, literals


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for name, arguments in _good(Path("/nonexistent")).items():
        parameters = inspect.signature(getattr(ncts, name)).parameters
        for parameter in arguments:
            annotation = parameters[parameter].annotation
            if not isinstance(annotation, str):
                annotation = typing.get_type_hints(getattr(ncts, name)).get(parameter)
            cases.append((name, parameter, _kind(str(annotation))))
    return cases


def test_every_public_function_is_covered() -> None:
    """The table above names every public function (but by_kind, whose kinds are
    variadic: tests/test_query.py, to_dataframe, whose data is anything:
    tests/test_dataframe.py, from_graph, stated_view: tests/test_graph.py)."""
    functions = {
        name
        for name in ncts.__all__
        if callable(getattr(ncts, name)) and not isinstance(getattr(ncts, name), type)
    }
    left = {"by_kind", "to_dataframe", "from_graph", "stated_view"}
    assert set(_good(Path("/nonexistent"))) == functions - left


@pytest.mark.parametrize(("name", "parameter", "kind"), _cases())
@settings(max_examples=8)
@given(data=st.data())
def test_a_wrong_type_is_refused_by_name(
    name: str,
    parameter: str,
    kind: str,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    tmp = tmp_path_factory.mktemp("arguments")
    arguments = _good(tmp)[name]
    wrong = data.draw(_WRONG[kind], label=parameter)
    if kind == "str" and parameter in ("path", "name") and isinstance(wrong, list):
        wrong = 5  # a list of texts is refused too, but the message names os.PathLike
    # None is the default of these: not a wrong value.
    assume(not (wrong is None and parameter in ("format", "lang", "strategy")))
    call: Callable[..., object] = getattr(ncts, name)
    with pytest.raises((TypeError, ncts.NctsError)) as info:
        call(**{**arguments, parameter: wrong})
    if info.type is TypeError:  # Python's own error names the argument
        assert parameter in str(info.value), (name, parameter, wrong)


def test_the_arguments_above_are_good(tmp_path: Path) -> None:
    """The table's arguments work: each failure above is the wrong value's doing."""
    for name, arguments in _good(tmp_path).items():
        getattr(ncts, name)(**arguments)


class TestValues:
    """Values of the right type that are not allowed: an ncts error that says why."""

    def test_cutoff_from_one(self) -> None:
        with pytest.raises(ncts.QueryError, match="cutoff must be at least 1"):
            ncts.paths(STRATEGY, "VK6", "G2", cutoff=0)

    def test_overlays_only_as_columns_of_records(self) -> None:
        with pytest.raises(ncts.QueryError, match="columns='record'"):
            ncts.coverage(STRATEGY, "area", "goal", overlays=[OVERLAY])
        assert ncts.coverage(STRATEGY, "area", "goal", overlays=[]) == ncts.coverage(
            STRATEGY, "area", "goal"
        )

    def test_release(self) -> None:
        with pytest.raises(ncts.QueryError, match=r"no release '0\.9'"):
            ncts.load(version="0.9")
        with pytest.raises(ncts.QueryError, match="not both"):
            ncts.load(ncts.example_path("template.yaml"), version="1.0.0")
        assert isinstance(ncts.QueryError("x"), ValueError)  # as before: a ValueError

    def test_base_only_for_jsonld(self, tmp_path: Path) -> None:
        with pytest.raises(ncts.FormatError, match="jsonld format only"):
            ncts.export(STRATEGY, tmp_path / "x.graphml", base="https://example.org/")


#: Methods of public objects that take arguments (the mapping's own get, keys,
#: items and values take any key, as a dict's do: tests/test_model.py).
_METHODS: dict[str, tuple[Callable[..., object], str, str]] = {
    "Strategy.area_of": (STRATEGY.area_of, "speerpunt", "str"),
    "Strategy.path_of": (STRATEGY.path_of, "id", "str"),
    "Strategy.link": (STRATEGY.link, "id", "str"),
    "Strategy.links_from": (STRATEGY.links_from, "id", "str"),
    "Strategy.links_to": (STRATEGY.links_to, "id", "str"),
    "Overlay.addressing": (OVERLAY.addressing, "id", "str"),
    "Text.get": (STRATEGY.speerpunten[0].text.get, "lang", "str"),
    "Erratum.apply": (ncts.Erratum("text.nl", "a", "b").apply, "text", "str"),
    "Erratum.revert": (ncts.Erratum("text.nl", "a", "b").revert, "text", "str"),
    "Diff.of": (ncts.diff(STRATEGY, STRATEGY).of, "kind", "str"),
}


@pytest.mark.parametrize("method", sorted(_METHODS))
@settings(max_examples=8)
@given(data=st.data())
def test_a_method_refuses_a_wrong_type_by_name(
    method: str, data: st.DataObject
) -> None:
    call, parameter, kind = _METHODS[method]
    wrong = data.draw(_WRONG[kind].filter(lambda v: v is not None), label=parameter)
    with pytest.raises((TypeError, ncts.NctsError)) as info:
        call(**{parameter: wrong})
    if info.type is TypeError:
        assert parameter in str(info.value), (method, wrong)


def test_diff_of_an_unknown_kind() -> None:
    """Diff.of("add") gave () as if nothing had been added."""
    with pytest.raises(ncts.QueryError, match="unknown kind of change 'add'"):
        ncts.diff(STRATEGY, STRATEGY).of("add")  # type: ignore[arg-type]

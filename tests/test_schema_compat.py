"""The schema check (.ci/schema_compat.py) catches a narrowed JSON Schema.

A file valid under the last released schema must stay valid, or the data's major
version must be bumped (docs/versioning.md). The tests show that the real tree
passes (the committed snapshot matches docs/schema; the released data, the bundled
data, the examples and generated documents are valid under both), that every kind
of narrowing, made anywhere in the real schemas, is called breaking and fails
without a new data major version, and that widening is not.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ncts
from ncts.testing import strategies

ROOT = Path(__file__).resolve().parent.parent


def _load_checker() -> Any:
    sys.path.insert(0, str(ROOT / ".ci"))
    spec = importlib.util.spec_from_file_location(
        "schema_compat", ROOT / ".ci" / "schema_compat.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["schema_compat"] = module
    spec.loader.exec_module(module)
    return module


sc = _load_checker()
STORED: dict[str, Any] = json.loads((ROOT / ".ci" / "schema.json").read_text("utf-8"))
SCHEMAS: dict[str, Any] = STORED["schemas"]
DOCUMENTS: dict[str, Any] = sc.released_documents()
NOW: dict[str, Any] = sc.current()["schemas"]


def breaking(differences: list[Any]) -> list[str]:
    return [f"{d.path}: {d.what}" for d in differences if d.breaking]


# The real tree.


def test_the_schemas_match_the_committed_snapshot() -> None:
    differences, problems = sc.check(STORED, sc.current(), DOCUMENTS)
    assert [str(d) for d in differences] == []
    assert problems == []


def test_the_check_passes_on_the_real_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert sc.main([]) == 0, capsys.readouterr()
    assert "docs/schema matches .ci/schema.json" in capsys.readouterr().out


def test_the_released_documents_are_checked() -> None:
    """The shipped releases and the examples: each valid under a stored schema."""
    assert {
        "data/ncts-2022-2026-1.0.0.yaml",
        "data/ncts-2022-2026.yaml",
        "docs/examples/overlay.yaml",
        "docs/examples/fictiestad-2025-2028.yaml",
    } <= set(DOCUMENTS)
    validators = [jsonschema.Draft202012Validator(s) for s in SCHEMAS.values()]
    for path, doc in DOCUMENTS.items():
        assert any(v.is_valid(doc) for v in validators), path


def test_the_snapshot_is_taken_at_the_bundled_data_major_version() -> None:
    major = ncts.load().data_version.split(".")[0]
    assert STORED["data_version"].split(".")[0] == major
    assert set(SCHEMAS) == {"strategy.schema.json", "overlay.schema.json"}


#: Generated strategies, smaller than the default: the schemas, not the data, vary.
SMALL = strategies(
    max_areas=1, max_speerpunten=2, max_goals=1, max_focus_themes=1, max_links=3
)
#: A narrowing that every strategy meets: no ID matches this pattern.
NO_IDS = "^$"


STRATEGY = "strategy.schema.json"
STRATEGY_VALIDATOR = jsonschema.Draft202012Validator(SCHEMAS[STRATEGY])


@given(SMALL)
def test_generated_documents_stay_valid_and_a_narrowed_schema_rejects_them(
    s: ncts.Strategy,
) -> None:
    doc = json.loads(ncts.dumps(s, "json"))
    assert STRATEGY_VALIDATOR.is_valid(doc)
    old = {STRATEGY: SCHEMAS[STRATEGY]}
    assert sc.rejected(old, {STRATEGY: NOW[STRATEGY]}, {"generated": doc}) == []
    narrowed = copy.deepcopy(old)
    narrowed[STRATEGY]["$defs"]["ID"]["pattern"] = NO_IDS
    [found] = sc.rejected(old, narrowed, {"generated": doc})
    assert found.breaking
    assert found.path == "strategy.schema.json on generated"


# Where a change can be made: every subschema of the real schemas.


def subschemas(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if not isinstance(schema, dict):
        return
    yield path
    for name, sub in schema.get("$defs", {}).items():
        yield from subschemas(sub, (*path, "$defs", name))
    for name, sub in schema.get("properties", {}).items():
        yield from subschemas(sub, (*path, "properties", name))
    for key in ("items", "additionalProperties"):
        yield from subschemas(schema.get(key), (*path, key))


def get(schema: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        schema = schema[part]
    return schema


PLACES = [
    (name, path) for name, schema in SCHEMAS.items() for path in subschemas(schema)
]


def places(test: Callable[[dict[str, Any]], bool]) -> list[tuple[str, tuple[str, ...]]]:
    found = [(n, p) for n, p in PLACES if test(get(SCHEMAS[n], p))]
    assert found, "no place in the real schemas for this change"
    return found


OPTIONAL = places(
    lambda s: bool(set(s.get("properties", ())) - set(s.get("required", ())))
)
ENUMS = places(lambda s: len(s.get("enum", ())) > 1)
STRINGS = places(lambda s: s.get("type") == "string")
CLOSED = places(
    lambda s: bool(s.get("properties")) and s.get("additionalProperties") is False
)
BOUNDED = places(lambda s: "maximum" in s or "maxLength" in s)
TYPED = places(lambda s: isinstance(s.get("type"), str))
REQUIRED = places(lambda s: bool(s.get("required")))
PATTERNS = places(lambda s: "pattern" in s)


def mutated(
    name: str, path: tuple[str, ...], change: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    new = copy.deepcopy(SCHEMAS)
    change(get(new[name], path))
    return new


def where(name: str, path: tuple[str, ...]) -> str:
    return name + "#" + "".join("/" + p for p in path)


def assert_fails(new: dict[str, Any], expected: str) -> None:
    """The change is breaking, and fails unless the data major version is bumped."""
    differences = sc.compare(SCHEMAS, new)
    assert expected in breaking(differences), [str(d) for d in differences]
    now = {"data_version": STORED["data_version"], "schemas": new}
    assert sc.verdict(STORED, now, differences) != []
    major = int(STORED["data_version"].split(".")[0]) + 1
    bumped = {"data_version": f"{major}.0.0", "schemas": new}
    assert sc.verdict(STORED, bumped, differences) == []
    _, problems = sc.check(STORED, bumped, {})
    assert len(problems) == 1  # the snapshot must still be updated
    assert "run python .ci/schema_compat.py --update" in problems[0]


# Narrowing, anywhere: breaking.


@given(st.sampled_from(OPTIONAL), st.data())
def test_a_new_required_property_is_breaking(
    place: tuple[str, tuple[str, ...]], data: st.DataObject
) -> None:
    name, path = place
    schema = get(SCHEMAS[name], path)
    prop = data.draw(
        st.sampled_from(
            sorted(set(schema["properties"]) - set(schema.get("required", ())))
        )
    )
    new = mutated(
        name, path, lambda s: s.update(required=[*s.get("required", ()), prop])
    )
    assert_fails(new, f"{where(name, path)}: property {prop} became required")


@given(st.sampled_from(ENUMS), st.data())
def test_a_removed_enum_value_is_breaking(
    place: tuple[str, tuple[str, ...]], data: st.DataObject
) -> None:
    name, path = place
    values = get(SCHEMAS[name], path)["enum"]
    value = data.draw(st.sampled_from(values))
    new = mutated(
        name, path, lambda s: s.update(enum=[v for v in values if v != value])
    )
    assert_fails(
        new, f"{where(name, path)}: value {json.dumps(value)} no longer accepted"
    )


@given(st.sampled_from(STRINGS), st.integers(1, 100))
def test_a_new_or_lower_length_limit_is_breaking(
    place: tuple[str, tuple[str, ...]], limit: int
) -> None:
    name, path = place
    old = get(SCHEMAS[name], path).get("maxLength")
    limit = min(limit, old - 1) if old else limit
    new = mutated(name, path, lambda s: s.update(maxLength=limit))
    what = (
        f"maxLength changed from {old} to {limit}"
        if old
        else f"maxLength {limit} added"
    )
    assert_fails(new, f"{where(name, path)}: {what}")


@given(st.sampled_from(STRINGS))
def test_a_new_or_changed_pattern_is_breaking(
    place: tuple[str, tuple[str, ...]],
) -> None:
    name, path = place
    new = mutated(name, path, lambda s: s.update(pattern="^[a-z]+$"))
    old = get(SCHEMAS[name], path).get("pattern")
    what = "'^[a-z]+$' " + ("added" if old is None else f"(was {old!r})")
    assert_fails(new, f"{where(name, path)}: pattern {what}")


@given(st.sampled_from(CLOSED), st.data())
def test_a_removed_property_of_a_closed_object_is_breaking(
    place: tuple[str, tuple[str, ...]], data: st.DataObject
) -> None:
    name, path = place
    prop = data.draw(st.sampled_from(sorted(get(SCHEMAS[name], path)["properties"])))
    new = mutated(name, path, lambda s: s["properties"].pop(prop))
    assert_fails(
        new,
        f"{where(name, (*path, 'properties', prop))}: property removed (no longer allowed)",
    )


@given(
    st.sampled_from(TYPED),
    st.sampled_from(["string", "integer", "boolean", "array", "object", "null"]),
)
def test_a_changed_type_is_breaking(
    place: tuple[str, tuple[str, ...]], other: str
) -> None:
    name, path = place
    old = get(SCHEMAS[name], path)["type"]
    if other == old or (old == "number" and other == "integer"):
        other = "null"
    new = mutated(name, path, lambda s: s.update(type=other))
    assert_fails(new, f"{where(name, path)}: type {old} no longer accepted")


@given(st.sampled_from(BOUNDED))
def test_a_lower_maximum_is_breaking(place: tuple[str, tuple[str, ...]]) -> None:
    name, path = place
    key = "maximum" if "maximum" in get(SCHEMAS[name], path) else "maxLength"
    old = get(SCHEMAS[name], path)[key]
    new = mutated(name, path, lambda s: s.update({key: old - 1}))
    assert_fails(new, f"{where(name, path)}: {key} changed from {old} to {old - 1}")


def test_closing_an_open_object_is_breaking() -> None:
    name, path = "overlay.schema.json", ()
    schema = copy.deepcopy(SCHEMAS)
    get(schema[name], path).pop("additionalProperties")  # an open object
    closed = copy.deepcopy(schema)
    get(closed[name], path)["additionalProperties"] = False
    differences = sc.compare(schema, closed)
    assert breaking(differences) == [
        f"{name}#/additionalProperties: accepts nothing now"
    ]
    assert breaking(sc.compare(closed, schema)) == []


def test_a_removed_schema_is_breaking() -> None:
    new = {k: v for k, v in SCHEMAS.items() if k != "overlay.schema.json"}
    assert_fails(new, "overlay.schema.json: schema removed")


def test_an_unknown_keyword_that_changes_is_called_breaking() -> None:
    new = mutated("strategy.schema.json", (), lambda s: s.update(minProperties=3))
    assert_fails(new, "strategy.schema.json#: minProperties 3 added")
    new = mutated("strategy.schema.json", (), lambda s: s.update(oneOf=[{}]))
    assert any("keyword oneOf changed" in b for b in breaking(sc.compare(SCHEMAS, new)))


# Widening, anywhere: not breaking.


@given(st.sampled_from(REQUIRED), st.data())
def test_an_optional_property_is_not_breaking(
    place: tuple[str, tuple[str, ...]], data: st.DataObject
) -> None:
    name, path = place
    required = get(SCHEMAS[name], path)["required"]
    prop = data.draw(st.sampled_from(required))
    new = mutated(
        name, path, lambda s: s.update(required=[r for r in required if r != prop])
    )
    differences = sc.compare(SCHEMAS, new)
    assert breaking(differences) == []
    assert [d.what for d in differences] == [f"property {prop} became optional"]


@given(st.sampled_from(ENUMS))
def test_an_added_enum_value_is_not_breaking(
    place: tuple[str, tuple[str, ...]],
) -> None:
    name, path = place
    new = mutated(name, path, lambda s: s.update(enum=[*s["enum"], "brand-new"]))
    assert breaking(sc.compare(SCHEMAS, new)) == []


@given(st.sampled_from(PATTERNS))
def test_a_removed_pattern_is_not_breaking(place: tuple[str, tuple[str, ...]]) -> None:
    name, path = place
    new = mutated(name, path, lambda s: s.pop("pattern"))
    differences = sc.compare(SCHEMAS, new)
    assert breaking(differences) == []
    assert len(differences) == 1


@given(st.sampled_from(CLOSED))
def test_an_added_optional_property_is_not_breaking(
    place: tuple[str, tuple[str, ...]],
) -> None:
    name, path = place
    new = mutated(
        name, path, lambda s: s["properties"].update(brand_new={"type": "string"})
    )
    assert breaking(sc.compare(SCHEMAS, new)) == []


# The released documents catch a narrowing that they meet.


def test_a_narrowed_enum_rejects_the_released_data() -> None:
    """Links with basis 'stated' are in every release: dropping it rejects them."""
    path = ("$defs", "Link", "properties", "basis")
    new = mutated("strategy.schema.json", path, lambda s: s.update(enum=["derived"]))
    found = sc.rejected(SCHEMAS, new, DOCUMENTS)
    rejected_paths = {d.path for d in found}
    assert "strategy.schema.json on data/ncts-2022-2026-1.0.0.yaml" in rejected_paths
    assert "strategy.schema.json on data/ncts-2022-2026.yaml" in rejected_paths
    assert all(d.breaking for d in found)


def test_the_check_fails_on_a_narrowed_tree(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sc.current

    def narrowed(root: Path = ROOT) -> dict[str, Any]:
        now: dict[str, Any] = real(root)
        text = now["schemas"]["strategy.schema.json"]["$defs"]["Text"]
        text["required"] = ["nl", "en"]
        return now

    monkeypatch.setattr(sc, "current", narrowed)
    assert sc.main([]) == 1
    out, err = capsys.readouterr()
    assert (
        "BREAKING: strategy.schema.json#/$defs/Text: property en became required" in out
    )
    assert "need a new data major version" in err


# The history: the snapshot and the changelog change in the same commit.


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_the_snapshot_changes_with_the_changelog_and_the_data_major(
    tmp_path: Path,
) -> None:
    snapshot, changelog = tmp_path / ".ci" / "schema.json", tmp_path / "CHANGELOG.md"
    snapshot.parent.mkdir()
    snapshot.write_text(json.dumps(STORED), encoding="utf-8")
    changelog.write_text("# Changelog\n\n## Unreleased\n\n## 1.0.0\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")

    def commit(snap: dict[str, Any], note: str) -> list[str]:
        snapshot.write_text(json.dumps(snap), encoding="utf-8")
        if note:
            text = changelog.read_text(encoding="utf-8")
            changelog.write_text(
                text.replace("## 1.0.0", f"- {note}\n\n## 1.0.0"), encoding="utf-8"
            )
        git(tmp_path, "commit", "-q", "-am", "change")
        problems, _ = sc.history_problems(tmp_path, snapshot, changelog)
        result: list[str] = problems
        return result

    narrowed = copy.deepcopy(STORED)
    narrowed["schemas"]["strategy.schema.json"]["$defs"]["Text"]["required"] = [
        "nl",
        "en",
    ]
    problems = commit(narrowed, note="")
    assert len(problems) == 2
    assert "need a new data major version" in problems[0]
    assert "the Unreleased section of CHANGELOG.md did not" in problems[1]
    assert commit(STORED, note="English is optional again.") == []  # widening
    [problem] = commit(narrowed, note="English is required.")
    assert "need a new data major version" in problem
    assert commit(STORED, note="English is optional again.") == []
    bumped = {**narrowed, "data_version": "2.0.0"}
    assert commit(bumped, note="Data 2.0.0: English is required.") == []

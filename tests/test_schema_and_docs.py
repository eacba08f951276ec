"""The JSON Schema, the generated docs, the ID registry and the public API surface."""

import importlib
import inspect
import json
import subprocess
import sys
import types
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given

import ncts
from ncts._convert import unstructure
from ncts.testing import strategies

from .conftest import DATA_FILE, ROOT


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = ncts.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


class TestJsonSchema:
    def test_bundled_file_validates(self, validator: Any) -> None:
        """The bundled data file is valid against the schema."""
        validator.validate(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))

    @given(strategies())
    def test_every_valid_strategy_validates(self, s: ncts.Strategy) -> None:
        """Anything ncts can write, the schema accepts."""
        schema = ncts.json_schema()
        jsonschema.Draft202012Validator(schema).validate(
            json.loads(ncts.dumps(s, "json"))
        )

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("colour",), "red"),
            (("id",), "not an id"),
            (("period", "start"), "2022"),
            (("areas", 0, "speerpunten", 0, "kinds"), ["inovation"]),
            (("areas", 0, "name", "nl"), "   "),
            (("links", 0, "basis"), "assumed"),
        ],
    )
    def test_schema_rejects_what_the_loader_rejects(
        self, validator: Any, path: tuple[Any, ...], value: Any
    ) -> None:
        """The schema and the loader agree on these invalid documents."""
        doc = unstructure(ncts.load())
        target = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        assert not validator.is_valid(doc)
        with pytest.raises(ncts.ValidationError):
            ncts.loads(json.dumps(doc), "json")

    def test_fresh_copy(self) -> None:
        """Changing the returned schema does not change the next one."""
        schema = ncts.json_schema()
        schema["title"] = "changed"
        assert ncts.json_schema()["title"] != "changed"


class TestGeneratedDocs:
    def test_generated_pages_are_current(self) -> None:
        """The ID reference, the schema file and the graph picture are current."""
        sys.path.insert(0, str(ROOT / "docs"))
        try:
            import generate  # type: ignore[import-not-found]
        finally:
            sys.path.pop(0)
        pages = generate.pages()
        assert len(pages) == 5
        for path, text in pages.items():
            assert path.read_text(encoding="utf-8") == text, (
                f"{path.name} is out of date: run python docs/generate.py"
            )

    def test_every_id_is_listed(self) -> None:
        """Every ID of the bundled strategy has a row in the ID reference."""
        page = (ROOT / "docs" / "ids.md").read_text(encoding="utf-8")
        for id in ncts.load().ids():
            assert f"| `{id}` |" in page


# What each released ID means is checked in tests/test_dataset.py.


def _public_objects() -> list[tuple[str, object]]:
    return [
        (name, getattr(ncts, name)) for name in ncts.__all__ if name != "__version__"
    ]


class TestPublicApi:
    def test_all_is_sorted_and_complete(self) -> None:
        """__all__ is sorted and is exactly the package's public names.

        The public names are those the module really holds (not dir(), which
        ncts defines as __all__), minus submodules, plus the lazily imported ones.
        """
        assert ncts.__all__ == sorted(ncts.__all__)
        held = {
            name
            for name, value in vars(ncts).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
        }
        lazy = set(ncts._LAZY)
        assert held | lazy == set(ncts.__all__) - {"__version__"}
        for name in lazy:
            module = importlib.import_module(f"ncts.{ncts._LAZY[name]}")
            assert getattr(ncts, name) is getattr(module, name)

    @pytest.mark.parametrize(("name", "obj"), _public_objects())
    def test_docstring_with_example(self, name: str, obj: object) -> None:
        """Every public function and class has a docstring with a runnable example."""
        if name == "Element":  # a type alias; documented in the model docs
            return
        doc = inspect.getdoc(obj) or ""
        assert ">>>" in doc, name

    def test_version_in_one_place(self) -> None:
        """The package version is the installed distribution's version."""
        assert ncts.__version__ == metadata.version("ncts")

    def test_import_is_light(self) -> None:
        """import ncts and load() leave networkx and hypothesis unimported."""
        code = (
            "import sys, ncts; ncts.load(); "
            "print(sorted(m for m in ('networkx', 'hypothesis', 'jsonschema') "
            "if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "[]"

    def test_py_typed(self) -> None:
        """The package says it is typed."""
        assert (Path(ncts.__file__).parent / "py.typed").is_file()

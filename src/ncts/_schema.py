"""The JSON Schema of the strategy file format, generated from the model.

The schema is built from the attrs classes themselves (their fields, types,
defaults and descriptions), so it cannot drift from what the loader accepts.
"""

import copy
import datetime
import enum
import functools
import types
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from ._convert import resolved_fields
from ._errors import FormatError
from ._model import ID_PATTERN, MAX_ID_LENGTH, Strategy

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_FIELDS = {"id", "source", "target", "document"}


def _type_schema(t: Any, defs: dict[str, Any], *, field: str = "") -> dict[str, Any]:
    origin = get_origin(t)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in get_args(t) if a is not type(None)]
        return _type_schema(inner, defs, field=field)
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(t)[0], defs)}
    if origin is frozenset:
        items = _type_schema(get_args(t)[0], defs)
        return {"type": "array", "items": items, "uniqueItems": True}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"enum": [m.value for m in t]}
    if t is str:
        if field in _ID_FIELDS:
            return {"$ref": "#/$defs/ID"}
        return {"type": "string", "pattern": r"\S"}
    if t is int:
        return {"type": "integer"}
    if t is float:
        return {"type": "number"}
    if t is datetime.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if attrs.has(t):
        name = t.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _class_schema(t, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {t!r}")  # pragma: no cover - a defect


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for a in resolved_fields(cls):
        if not a.init:
            continue
        schema = _type_schema(a.type, defs, field=a.name)
        schema = {**schema, **a.metadata.get("schema", {})}  # a range, say
        description = a.metadata.get("description")
        if description:
            schema = {**schema, "description": description}
        properties[a.name] = schema
        if a.default is attrs.NOTHING:
            required.append(a.name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {
        "type": "object",
        "description": doc,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


@functools.cache
def _schema(kind: str) -> dict[str, Any]:
    from ._overlay import Overlay

    defs: dict[str, Any] = {
        "ID": {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": MAX_ID_LENGTH,
            "description": "A stable ID: ASCII letters and digits, starting with a "
            "letter, parts joined by single '-', '_' or '.'.",
        }
    }
    root = _class_schema(Strategy if kind == "strategy" else Overlay, defs)
    return {
        "$schema": _DIALECT,
        "$id": f"urn:ncts:schema:{kind}",
        "title": f"ncts {kind}",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def json_schema(kind: Literal["strategy", "overlay"] = "strategy") -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a strategy or an overlay file.

    The schema checks structure and types; rules that span the document (unique
    IDs, links and references that resolve) are checked by the loader. A fresh
    copy is returned each time, so changing it is safe.

    Examples
    --------
    >>> import ncts
    >>> schema = ncts.json_schema()
    >>> schema["required"]
    ['id', 'title', 'period', 'data_version']
    >>> sorted(schema["$defs"])[:4]
    ['Adoption', 'Aim', 'Area', 'Citation']
    >>> ncts.json_schema("overlay")["required"]
    ['id', 'title', 'strategy', 'data_version']
    """
    if kind not in ("strategy", "overlay"):
        raise FormatError(f"no schema for {kind!r}: use 'strategy' or 'overlay'")
    return copy.deepcopy(_schema(kind))

"""The bundled strategy, pre-built: Python code that constructs it, checked against the YAML.

``ncts.load()`` of the bundled file would otherwise parse 18 KB of YAML and have
cattrs generate (and compile) its structuring code for every class, which took
longer than starting the interpreter. ``ncts/_bundled.py`` holds the same strategy
as constructor calls, written by :func:`write` from the YAML. Its objects are
made through the classes' own ``__init__`` (every field and the strategy's own
checks run), and it is used only when the bundled YAML is the text it was
written from (its length and CRC-32); otherwise the YAML is read, as before. The
tests check that it is current and equal to what the YAML loads.

Regenerate it after changing the bundled data or the model::

    python -m ncts._prebuilt
"""

from __future__ import annotations

import datetime
import enum
import zlib
from pathlib import Path
from typing import Any

import attrs

from ._model import Strategy

__all__ = ["expression", "prebuilt", "source", "write"]

_MODULE = Path(__file__).with_name("_bundled.py")


def _checksum(text: str) -> tuple[int, int]:
    data = text.encode("utf-8")
    return len(data), zlib.crc32(data)


def prebuilt(text: str) -> Strategy | None:
    """Return the pre-built bundled strategy if *text* is what it was built from.

    >>> from ncts._io import bundled_text
    >>> prebuilt(bundled_text()).id
    'NCTS-2022-2026'
    >>> prebuilt("id: other") is None
    True
    """
    try:
        from . import _bundled
    except ImportError:  # pragma: no cover - a broken install: read the YAML
        return None
    if getattr(_bundled, "SOURCE", None) != _checksum(text):
        return None
    try:
        strategy: Strategy = _bundled.strategy()
    except (TypeError, ValueError):  # the model changed since: read the YAML
        return None
    return strategy


def expression(value: Any) -> str:
    """Return Python source that constructs *value* (a model object or plain value).

    >>> from ncts._model import Text
    >>> expression(Text(nl="Verwerven", en="Procure"))
    "Text(nl='Verwerven', en='Procure')"
    """
    if attrs.has(type(value)):
        parts = []
        for a in attrs.fields(type(value)):
            if not a.init:
                continue
            item = getattr(value, a.name)
            if a.default is not attrs.NOTHING and item == a.default:
                continue
            parts.append(f"{a.alias}={expression(item)}")
        return f"{type(value).__name__}({', '.join(parts)})"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}({value.value!r})"
    if isinstance(value, tuple):
        return "(" + "".join(f"{expression(item)}, " for item in value) + ")"
    if isinstance(value, frozenset):
        members = sorted(map(expression, value))
        return f"frozenset({{{', '.join(members)}}})" if members else "frozenset()"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    if value is None or isinstance(value, (str, int)):
        return repr(value)
    raise TypeError(f"cannot write {type(value).__name__} as Python source")


def source(text: str, strategy: Strategy) -> str:
    """Return the module that constructs *strategy*, loaded from *text*."""
    names = sorted(
        {
            type(value).__name__
            for value in _walk(strategy)
            if attrs.has(type(value)) or isinstance(value, enum.Enum)
        }
    )
    return (
        '"""The bundled strategy as constructor calls: written by ncts._prebuilt '
        'from data/ncts-2022-2026.yaml. Do not edit."""\n\n'
        "# fmt: off\n"
        "# ruff: noqa\n"
        "import datetime\n\n"
        f"from ._model import {', '.join(names)}\n\n"
        f"#: The length in bytes and the CRC-32 of the YAML it was written from.\n"
        f"SOURCE = {_checksum(text)!r}\n\n\n"
        "def strategy() -> Strategy:\n"
        f"    return {expression(strategy)}\n"
    )


def _walk(value: Any) -> Any:
    yield value
    if attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            if a.init:
                yield from _walk(getattr(value, a.name))
    elif isinstance(value, (tuple, frozenset)):
        for item in value:
            yield from _walk(item)


def write() -> Path:
    """Write ``ncts/_bundled.py`` from the bundled YAML; return its path."""
    from ._io import BUNDLED_FILE, bundled_text, loads

    text = bundled_text()
    strategy = loads(text, "yaml", file=f"<ncts>/data/{BUNDLED_FILE}")
    _MODULE.write_text(source(text, strategy), encoding="utf-8")
    return _MODULE


if __name__ == "__main__":  # pragma: no cover - run by hand
    print(f"wrote {write()}")

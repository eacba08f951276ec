"""Reading and writing JSON, refusing what would silently lose data."""

from typing import Any

from ._errors import ParseError

__all__ = ["dump_json", "load_json"]


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def load_json(text: str, *, file: str | None = None) -> Any:
    """Parse JSON text into plain data, or raise :class:`~ncts.ParseError`.

    Duplicate keys and the non-standard constants ``NaN`` and ``Infinity`` are
    refused.

    >>> load_json('{"a": [1, "b"]}')
    {'a': [1, 'b']}
    >>> load_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    ncts._errors.ParseError: <string>: duplicate key 'a': a key may appear only once in an object
    """
    import json  # here, not at the top: ``import ncts`` need not load it

    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"malformed JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from None
    except _DuplicateKey as exc:
        raise ParseError(
            f"duplicate key {exc.key!r}: a key may appear only once in an object",
            file=file,
        ) from None
    except ValueError as exc:
        raise ParseError(f"malformed JSON: {exc}", file=file) from None
    except RecursionError:
        raise ParseError(
            "the document is nested too deeply: the JSON parser reads at most about "
            "1,000 levels of nesting",
            file=file,
        ) from None


def dump_json(data: Any) -> str:
    """Write plain data as canonical JSON: two-space indent, UTF-8, final newline.

    >>> print(dump_json({"id": "VK7"}), end="")
    {
      "id": "VK7"
    }
    """
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

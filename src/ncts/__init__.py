"""ncts: the Dutch National Counterterrorism Strategy 2022-2026 as typed data.

>>> import ncts
>>> strategy = ncts.load()
>>> strategy["VK6"].text.en
'Approach to potentially violent extremist lone actors.'
"""

from ._errors import (
    FileError,
    FormatError,
    NctsError,
    ParseError,
    Problem,
    UnknownIdError,
    ValidationError,
)
from ._io import dump, dumps, load, loads
from ._model import (
    Area,
    Basis,
    Citation,
    Element,
    Erratum,
    FocusTheme,
    Goal,
    Kind,
    Link,
    LinkType,
    Period,
    Source,
    Speerpunt,
    Strategy,
    Text,
)
from ._schema import json_schema
from ._version import __version__

__all__ = [
    "Area",
    "Basis",
    "Citation",
    "Element",
    "Erratum",
    "FileError",
    "FocusTheme",
    "FormatError",
    "Goal",
    "Kind",
    "Link",
    "LinkType",
    "NctsError",
    "ParseError",
    "Period",
    "Problem",
    "Source",
    "Speerpunt",
    "Strategy",
    "Text",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
]

"""Area faces whose names are imported on first use (PEP 562), so that a light command importing one module
of an area does not pay for the whole area.

Each area's ``__init__`` lists its public names twice: in an ``if TYPE_CHECKING:`` block of plain imports,
which mypy and a reader see, and in the map given to ``face()``, which the running program uses.
tests/test_architecture.py checks that the two lists agree.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def face(package: str, exports: Mapping[str, tuple[str, ...]]
         ) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """(__getattr__, __dir__, __all__) for `package`, whose module `m` provides the names `exports[m]`."""
    where = {name: f"{package}.{module}" for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next look-up is a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted(set(where) | set(vars(sys.modules[package])))

    return __getattr__, __dir__, sorted(where)

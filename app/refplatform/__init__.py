"""A reference provincial platform that runs (docs/spec/packages.md sections 4 and 5; docs/platform-openapi.yaml).

`gongkai platform serve` starts it: it receives offices' packages, keeps an inbox per office (online
applications, the official calendar, templates), takes acknowledgements and shows a page of what it
holds. The tests and the window's 数据交换 screen run against it on 127.0.0.1.

This __init__ is the part's face (imported on first use, app/faces.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.faces import face

if TYPE_CHECKING:
    from app.refplatform.server import Platform
    from app.refplatform.state import PlatformState

__getattr__, __dir__, __all__ = face(__name__, {
    "server": ("Platform",),
    "state": ("PlatformState",),
})

"""Build metadata: the installer's build script writes build-info.json into the bundle."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _read() -> dict:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        path = Path(bundle) / "build-info.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return {}


_INFO = _read()
BUILD_DATE: str = _INFO.get("build_date", "开发版")
BUILD_COMMIT: str = _INFO.get("commit", "")

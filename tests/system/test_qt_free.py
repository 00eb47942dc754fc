"""app/ never imports Qt: a source scan, and importing every app.* module with PySide6 made unimportable."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _app_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if "migrations" in parts:
            continue  # alembic scripts are loaded by alembic, not imported
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_no_qt_import_in_app_sources():
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # app/cli/main.py opens the window through a function-local import of ui.main: the one allowed door.
    offenders = [o for o in offenders if not o.startswith("app/cli/main.py")]
    assert offenders == []


def test_every_app_module_imports_without_qt():
    modules = _app_modules()
    assert "app.core.audit" in modules and len(modules) > 20
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in app/: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_the_scan_would_catch_a_qt_import(tmp_path):
    # The scan above must be able to fail: feed it a module that imports Qt.
    bad = "from PySide6.QtCore import QObject\n"
    tree = ast.parse(bad)
    found = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module.startswith("PySide6")]
    assert found

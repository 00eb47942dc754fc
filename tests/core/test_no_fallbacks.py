"""No silent fallbacks: a missing piece of the program is an error, never a zero, an empty list or a notice.

A source scan of app/ and ui/ for the ways code used to degrade when another area's piece was missing:
  - an ``except`` that catches ImportError or ModuleNotFoundError;
  - a ``try`` around an import (or importlib.import_module) whose handler catches everything;
  - ``contextlib.suppress`` of the same around an import; ``importlib.util.find_spec`` probes;
  - ``getattr(module, "name", default)`` or ``hasattr(module, "name")`` on an imported module.
What remains is listed in ALLOWED with the reason; a stale entry fails the test too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("app", "ui")

# (path, the offending line's text stripped) -> why it is not a silent fallback.
ALLOWED: dict[tuple[str, str], str] = {
    ("app/core/audit.py", 'make = getattr(json.encoder, "c_make_encoder", None)'):
        "the C speedup of the standard json module, absent on a pure-Python json: the same text, slower",
    ("app/packages/export.py", 'make = getattr(json.encoder, "c_make_encoder", None)'):
        "the C speedup of the standard json module, absent on a pure-Python json: the same text, slower",
    ("app/paths.py", 'bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle'):
        "set only inside the PyInstaller bundle; its absence means running from the source tree",
    ("app/build_info.py", 'bundle = getattr(sys, "_MEIPASS", None)'):
        "set only inside the PyInstaller bundle; its absence means a development build",
    ("app/redaction/ocr.py", "except ImportError as exc:  # the third-party runtime, not our own module"):
        "the OCR runtime (a third-party package) missing is raised again as OcrUnavailable with a Chinese "
        "message: reading a scan fails loudly, never as 'no findings'",
}

IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}
CATCH_ALL = {"Exception", "BaseException", None}  # None: a bare except


def _name(node: ast.AST) -> str | None:
    """`f` of f(…) or of a.b.f(…)."""
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None


def _caught_names(node: ast.AST | None) -> set[str | None]:
    """The exception names of an except clause or a suppress() argument (None: a bare except)."""
    if node is None:
        return {None}
    if isinstance(node, ast.Tuple):
        return set().union(*(_caught_names(e) for e in node.elts))
    return {_name(node)} - {None}


def _caught(handler: ast.ExceptHandler) -> set[str | None]:
    return _caught_names(handler.type)


def _is_module(dotted: str) -> bool:
    """Whether a dotted name of this program or the standard library is a module (not a function or class)."""
    path = ROOT.joinpath(*dotted.split("."))
    if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
        return True
    if dotted.split(".")[0] in ("app", "ui"):
        return False
    import importlib.util

    try:
        return importlib.util.find_spec(dotted) is not None
    except (ImportError, ValueError):  # a name inside a module: `from x import function`
        return False


def _module_names(tree: ast.AST) -> set[str]:
    """Names the file binds to modules only: `import a.b` (a), `import a.b as c` (c), `from a import b` when
    a.b is a module; not a name the file also binds to something else (a variable, a parameter)."""
    bound, other = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if _is_module(f"{node.module}.{alias.name}"):
                    bound.add(alias.asname or alias.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            other.add(node.id)
        elif isinstance(node, ast.arg):
            other.add(node.arg)
    return bound - other


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _imports(node: ast.AST) -> bool:
    """An import statement, importlib.import_module(…) or __import__(…)."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    return isinstance(node, ast.Call) and _name(node.func) in ("import_module", "__import__")


def scan(source: str) -> list[tuple[int, str]]:
    """(line, rule) of every fallback in one module's source."""
    tree = ast.parse(source)
    modules = _module_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            imports = any(_imports(n) for stmt in node.body for n in ast.walk(stmt))
            for handler in node.handlers:
                caught = _caught(handler)
                if caught & IMPORT_ERRORS:
                    found.append((handler.lineno, "except ImportError/ModuleNotFoundError"))
                elif imports and caught & CATCH_ALL:
                    found.append((handler.lineno, "an import inside a catch-all try"))
        elif isinstance(node, ast.With):
            imports = any(_imports(n) for stmt in node.body for n in ast.walk(stmt))
            for item in node.items:
                call = item.context_expr
                if not (isinstance(call, ast.Call) and _name(call.func) == "suppress"):
                    continue
                caught = set().union(*(_caught_names(a) for a in call.args)) if call.args else set()
                if caught & IMPORT_ERRORS or (imports and caught & CATCH_ALL):
                    found.append((node.lineno, "suppress around an import"))
        elif isinstance(node, ast.Call) and _name(node.func) == "find_spec":
            found.append((node.lineno, "find_spec probe"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            probe = (node.func.id == "getattr" and len(node.args) == 3) or node.func.id == "hasattr"
            if probe and _root(node.args[0]) in modules:
                found.append((node.lineno, f"{node.func.id} on a module"))
    return sorted(found)


def _sources():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel:
                continue  # alembic scripts
            yield rel, path.read_text(encoding="utf-8")


def test_no_silent_fallbacks_in_app_and_ui():
    offenders, used = [], set()
    for rel, source in _sources():
        lines = source.splitlines()
        for lineno, rule in scan(source):
            key = (rel, lines[lineno - 1].strip())
            if key in ALLOWED:
                used.add(key)
            else:
                offenders.append(f"{rel}:{lineno}: {rule}: {key[1]}")
    assert offenders == [], "import the piece directly and let its failure propagate:\n" + "\n".join(offenders)
    assert set(ALLOWED) - used == set(), "stale ALLOWED entries"


def test_the_scan_catches_each_kind_of_fallback():
    source = '''
import importlib
import json
from app import ledger


def counts():
    try:
        from app import ledger as l
    except ImportError:
        return {}
    try:
        import app.calendar
    except ModuleNotFoundError as exc:
        raise
    try:
        import app.catalogue
    except (ValueError, ImportError):
        pass
    try:
        module = importlib.import_module("app.reports")
    except Exception:
        module = None
    fn = getattr(ledger, "annual_counts", None)
    if hasattr(ledger, "annual_counts"):
        pass
    with contextlib.suppress(ImportError):
        import app.letters
    with suppress(Exception):
        importlib.import_module("app.packages")
    if importlib.util.find_spec("app.ledger") is None:
        return None
    return fn
'''
    import_error = "except ImportError/ModuleNotFoundError"
    assert [rule for _line, rule in scan(source)] == [
        import_error, import_error, import_error, "an import inside a catch-all try",
        "getattr on a module", "hasattr on a module", "suppress around an import", "suppress around an import",
        "find_spec probe"]


def test_the_scan_leaves_ordinary_code_alone():
    source = '''
import datetime as dt
from app.storage.models.core import Office


def f(row, exc):
    from app import ledger as area

    area = row.result
    getattr(area, "created", 0)
    try:
        return int(row)
    except Exception:
        return 0
    with contextlib.suppress(Exception):
        row.close()
    value = getattr(row, "name", None)
    text = getattr(exc, "orig", exc)
    return hasattr(row, "isoformat") or getattr(Office, "name", None)
'''
    assert scan(source) == []

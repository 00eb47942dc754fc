"""The layout is the architecture: areas depend only downwards, no import circles, no private imports.

docs/architecture.md draws the same graph; change both together.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each part of the program and the parts it may import directly. What a part may use is the closure:
# a part may import everything below the parts it names.
ALLOWED: dict[str, set[str]] = {
    "base": set(),  # app/__init__, errors, paths, logs, build_info, faces
    "domain": {"base"},  # pure rules: dates, working days, deadlines, fees, identifiers
    "storage": {"domain"},  # models, migrations, the database, bulk writes, backups
    "pdf": {"base"},  # GB/T 9704 page geometry and fonts
    "core": {"storage"},  # audit, profile, settings, sequences, jobs, privacy, integrity, security
    "calendar": {"core"},
    "ledger": {"calendar"},
    "excel": {"ledger"},  # the spreadsheet machinery; its sheet kinds name the ledger's vocabularies
    "reports": {"ledger", "pdf"},
    "register": {"reports"},  # the year lock lives in reports
    "catalogue": {"calendar"},
    "negative_list": {"catalogue", "pdf"},
    "redaction": {"negative_list", "pdf"},  # 区分处理 and the privacy scan; orchestrates the catalogue's scan
    "letters": {"register", "negative_list", "redaction"},
    "packages": {"letters"},
    "workbench": {"packages", "excel"},  # dashboard, demo, spreadsheets, recompute: across the areas
    "refplatform": {"packages"},  # the reference provincial platform (gongkai platform serve)
    "ui": {"workbench"},
    "cli": {"ui", "refplatform"},  # `gongkai` with no command opens the window
}
BASE_MODULES = {"app", "app.errors", "app.paths", "app.logs", "app.build_info", "app.faces"}


def part_of(module: str) -> str:
    if module.startswith("ui.") or module == "ui":
        return "ui"
    if module in BASE_MODULES:
        return "base"
    return module.split(".")[1]


def closure(part: str) -> set[str]:
    seen: set[str] = set()
    todo = [part]
    while todo:
        for dep in ALLOWED[todo.pop()]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen | {part}


def modules() -> dict[str, Path]:
    found = {}
    for top in ("app", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join(parts)
            if "migrations" in parts:
                continue  # Alembic scripts are loaded by alembic, not imported
            found[name] = path
    return found


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Lines inside `if TYPE_CHECKING:` blocks: imports there are for annotations and never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[str, str | None, int, bool]]:
    """(module imported, name taken from it or None, line, runs) for every import of app/ui code, at any
    depth; `runs` is False for an import that only serves annotations (under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    typing_only = _type_checking_lines(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, None, node.lineno, node.lineno not in typing_only)
                    for a in node.names if a.name.split(".")[0] in ("app", "ui")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] not in ("app", "ui"):
                continue
            for alias in node.names:
                runs = node.lineno not in typing_only
                if f"{source}.{alias.name}" in known:
                    out.append((f"{source}.{alias.name}", None, node.lineno, runs))
                else:
                    out.append((source, alias.name, node.lineno, runs))
    return out


@functools.lru_cache(maxsize=1)
def graph():
    mods = modules()
    known = set(mods)
    return mods, {name: imports_of(name, path, known) for name, path in mods.items()}


def test_every_part_is_declared():
    mods, _ = graph()
    assert {part_of(m) for m in mods} <= set(ALLOWED), "a new package needs its place in ALLOWED"


def test_parts_depend_only_downwards():
    _, edges = graph()
    wrong = []
    for name, imported in edges.items():
        allowed = closure(part_of(name))
        for target, _, line, _runs in imported:
            if part_of(target) not in allowed:
                wrong.append(f"{name}:{line} imports {target} ({part_of(name)} may not use {part_of(target)})")
    assert not wrong, "\n".join(wrong)


def test_the_allowed_graph_has_no_circle():
    for part in ALLOWED:
        for dep in ALLOWED[part]:
            assert part not in closure(dep), f"{part} and {dep} depend on each other"


def test_no_import_circles_between_modules():
    mods, edges = graph()
    # Imports for annotations only (under TYPE_CHECKING) never run, so they cannot make a circle.
    succ = {m: sorted({t for t, _, _, runs in edges[m] if runs and t in mods and t != m}) for m in mods}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:  # Tarjan's strongly connected components, iteratively
        nonlocal counter
        work = [(v, iter(succ[v]))]
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ[w])))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == node:
                            break
                    if len(group) > 1:
                        circles.append(sorted(group))

    for m in sorted(mods):
        if m not in index:
            visit(m)
    # A package's face importing its own modules is not a circle of design; a module importing its own
    # package's face back is (test below), so faces are left out of the circle search.
    assert not circles, circles


def test_no_private_names_imported_from_other_modules():
    _, edges = graph()
    wrong = [f"{name}:{line} imports {target}.{taken}"
             for name, imported in edges.items() for target, taken, line, _runs in imported
             if taken and taken.startswith("_") and not taken.startswith("__")]
    assert not wrong, "\n".join(wrong)


def test_modules_of_an_area_never_import_their_own_face():
    mods, edges = graph()
    faces = {m for m, p in mods.items() if p.name == "__init__.py"} - {"app", "ui"}  # the roots are no area
    wrong = []
    for name, imported in edges.items():
        if mods[name].name == "__init__.py":
            continue
        for target, taken, line, _runs in imported:
            if target in faces and name.startswith(target + ".") and taken is not None:
                wrong.append(f"{name}:{line} takes {taken} from its own package's face {target}")
    assert not wrong, "\n".join(wrong)


def test_faces_reexport_only_their_own_area():
    mods, edges = graph()
    wrong = defaultdict(list)
    for name, path in mods.items():
        if path.name != "__init__.py" or not name.startswith("app."):
            continue
        for target, taken, _line, _runs in edges[name]:
            if taken is not None and not target.startswith(name + ".") and target != "app.faces":
                wrong[name].append(f"{target}.{taken}")
    assert not wrong, dict(wrong)


def _face_lists(path: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]] | None:
    """(names imported under TYPE_CHECKING, names in the face() map), by module, or None for no face()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    static: dict[str, set[str]] = defaultdict(set)
    lazy: dict[str, set[str]] = {}
    package = ".".join(path.relative_to(ROOT).parent.parts)
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    static[inner.module.removeprefix(package + ".")] |= {a.name for a in inner.names}
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and ast.unparse(node.value.func) == "face":
            exports = ast.literal_eval(node.value.args[1])
            lazy = {module: set(names) for module, names in exports.items()}
    return (dict(static), lazy) if lazy else None


def test_lazy_faces_list_the_same_names_for_mypy_and_at_run_time():
    faces = [p for p in sorted((ROOT / "app").glob("*/__init__.py")) if "face(" in p.read_text(encoding="utf-8")]
    assert len(faces) >= 8
    for path in faces:
        static, lazy = _face_lists(path)
        assert static == lazy, path


def test_every_name_of_a_face_resolves():
    import importlib

    for path in sorted((ROOT / "app").glob("*/__init__.py")):
        lists = _face_lists(path)
        if lists is None:
            continue
        package = importlib.import_module(".".join(path.relative_to(ROOT).parent.parts))
        for names in lists[1].values():
            for name in names:
                assert getattr(package, name) is not None, f"{package.__name__}.{name}"

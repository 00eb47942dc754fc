"""The project carries its own specification (docs/spec/) and cites only that.

(a) Nothing in the code, tests, benchmarks or documents cites the outside reference files the project
was started from; (b) every document path the code and documents mention exists in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("app", "ui", "tests", "bench", "docs", "resources", "scripts", "installer")
TEXT_SUFFIXES = {".py", ".md", ".txt", ".json", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".spec", ".sh", ".qss"}

# Built from parts so that this file does not match itself.
FORBIDDEN = re.compile(
    r"(?<![\w-])(?:" + "contracts" + r"\.md|" + "reference" + r"\.md)|\.\./" + "shared"
)
DOC_PATH = re.compile(r"(?<![\w./-])(" + "docs" + r"/[\w./-]*?\.md)\b")


def _text_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts:
                files.append(path)
    return files


def _lines(path: Path):
    raw = path.read_bytes()
    if b"\0" in raw:
        return
    yield from enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1)


def test_no_citation_of_outside_reference_files():
    found = []
    for path in _text_files():
        rel = path.relative_to(ROOT).as_posix()
        found += [f"{rel}:{n}: {line.strip()}" for n, line in _lines(path) if FORBIDDEN.search(line)]
    assert not found, "cite docs/spec/<file>.md instead:\n" + "\n".join(found)


def test_every_cited_document_exists():
    missing = []
    for path in _text_files():
        rel = path.relative_to(ROOT).as_posix()
        for n, line in _lines(path):
            for cited in DOC_PATH.findall(line):
                if not (ROOT / cited).is_file():
                    missing.append(f"{rel}:{n}: {cited}")
    assert not missing, "documents cited but not in the repository:\n" + "\n".join(missing)


def test_spec_index_lists_every_spec_file():
    index = (ROOT / "docs" / "spec" / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs" / "spec").glob("*.md")):
        if path.name != "README.md":
            assert f"]({path.name})" in index, f"docs/spec/README.md does not link {path.name}"

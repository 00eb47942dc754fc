"""Chinese fonts for PDFs: find the official fonts on the PC, register them in reportlab once, fall back per character."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import UserError
from app.paths import resource_path

ROLES = ("title", "body", "heading", "kai", "number")


@dataclass(frozen=True)
class Candidate:
    """One font file that can serve a role; ``official`` marks the style GB/T 9704 names for the role."""

    label: str
    files: tuple[str, ...]
    index: int = 0
    official: bool = True


# GB/T 9704-2012: title 小标宋, body 仿宋, headings 黑体 (first level) and 楷体 (second level),
# page numbers 宋体. The freely licensed fonts come last: Song (UMing) stands in for 小标宋 and 仿宋,
# Kai (UKai / LXGW WenKai) for 楷体, Hei (WenQuanYi) for 黑体. Noto CJK is CFF and refused by reportlab.
_UMING = Candidate("AR PL UMing CN", ("uming.ttc",), 0, official=False)
_UKAI = Candidate("AR PL UKai CN", ("ukai.ttc",), 0, official=False)
_WENKAI = Candidate("LXGW WenKai", ("LXGWWenKai-Regular.ttf", "lxgwwenkai-regular.ttf"), 0, official=False)
_ZENHEI = Candidate("WenQuanYi Zen Hei", ("wqy-zenhei.ttc",), 0, official=False)
_MICROHEI = Candidate("WenQuanYi Micro Hei", ("wqy-microhei.ttc",), 0, official=False)
_SIMSUN = Candidate("SimSun 宋体", ("simsun.ttc", "simsun.ttf"), 0)

ROLE_CANDIDATES: dict[str, tuple[Candidate, ...]] = {
    "title": (
        Candidate("方正小标宋简体", ("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXiaoBiaoSong-B05S.ttf", "FZXBSK.TTF")),
        Candidate("华文中宋", ("STZHONGS.TTF",)),
        _SIMSUN,
        _UMING,
    ),
    "body": (
        Candidate("仿宋_GB2312", ("FANGSONG_GB2312.TTF", "仿宋_GB2312.ttf", "fsgb2312.ttf", "SIMFANG_GB2312.TTF")),
        Candidate("仿宋 FangSong", ("simfang.ttf",)),
        Candidate("方正仿宋简体", ("FZFSJW.TTF", "方正仿宋简体.ttf")),
        _UMING,
    ),
    "heading": (
        Candidate("黑体 SimHei", ("simhei.ttf",)),
        Candidate("方正黑体简体", ("FZHTJW.TTF", "方正黑体简体.ttf")),
        _ZENHEI,
        _MICROHEI,
    ),
    "kai": (
        Candidate("楷体_GB2312", ("KAITI_GB2312.TTF", "楷体_GB2312.ttf", "kaiti_gb2312.ttf")),
        Candidate("楷体 KaiTi", ("simkai.ttf",)),
        Candidate("方正楷体简体", ("FZKTJW.TTF", "方正楷体简体.ttf")),
        _WENKAI,
        _UKAI,
    ),
    "number": (_SIMSUN, _UMING),
}

# When a role's own fonts lack a character, these roles are tried next, in order.
_FALLBACK_ROLES = {
    "title": ("body", "number", "kai", "heading"),
    "body": ("number", "title", "kai", "heading"),
    "heading": ("body", "number", "title", "kai"),
    "kai": ("body", "number", "title", "heading"),
    "number": ("body", "title", "kai", "heading"),
}

_IGNORED = frozenset(" \t\r\n\u3000")


def _search_dirs() -> list[Path]:
    dirs: list[Path] = []
    extra = os.environ.get("GONGKAI_FONT_DIRS")
    if extra:
        dirs += [Path(p) for p in extra.split(os.pathsep) if p]
    dirs.append(resource_path("fonts"))
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs += [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            Path.home() / ".local" / "share" / "fonts",
            Path.home() / ".fonts",
        ]
    return dirs


@dataclass(frozen=True)
class RegisteredFont:
    """A font registered in reportlab under ``name``."""

    name: str
    label: str
    path: str
    index: int
    official: bool
    glyphs: frozenset[int]

    def describe(self) -> str:
        return f"{self.label} ({Path(self.path).name}#{self.index})"


class FontRegistry:
    """Resolves roles to registered fonts; built once per process (see ``registry()``)."""

    def __init__(self, search_dirs: list[Path] | None = None) -> None:
        self._files = self._index_files(search_dirs if search_dirs is not None else _search_dirs())
        self._by_key: dict[tuple[str, int], RegisteredFont | None] = {}
        self._by_name: dict[str, RegisteredFont] = {}
        self.roles: dict[str, list[RegisteredFont]] = {}
        for role in ROLES:
            self.roles[role] = [f for f in (self._load(c) for c in ROLE_CANDIDATES[role]) if f is not None]
        self._chains: dict[str, list[RegisteredFont]] = {}
        for role in ROLES:
            chain: list[RegisteredFont] = []
            for r in (role, *_FALLBACK_ROLES[role]):
                chain += [f for f in self.roles[r] if f not in chain]
            self._chains[role] = chain

    @staticmethod
    def _index_files(dirs: list[Path]) -> dict[str, str]:
        found: dict[str, str] = {}
        for base in dirs:
            if not base.is_dir():
                continue
            for root, _subdirs, files in os.walk(base):
                for name in files:
                    found.setdefault(name.lower(), os.path.join(root, name))
        return found

    def _load(self, cand: Candidate) -> RegisteredFont | None:
        for file in cand.files:
            path = self._files.get(file.lower())
            if not path:
                continue
            key = (path, cand.index)
            if key not in self._by_key:
                self._by_key[key] = self._register(path, cand)
            if self._by_key[key] is not None:
                return self._by_key[key]
        return None

    def _register(self, path: str, cand: Candidate) -> RegisteredFont | None:
        try:
            font = TTFont(f"gk-{len(self._by_name)}-{Path(path).stem}", path, subfontIndex=cand.index)
        except (TTFError, OSError):
            return None  # CFF outlines, damaged file, no permission: not usable for embedding
        name = "GK-" + font.face.name.decode("latin-1", "replace")
        font.fontName = name
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(font)
        reg = RegisteredFont(name, cand.label, path, cand.index, cand.official, frozenset(font.face.charToGlyph))
        self._by_name[name] = reg
        return reg

    def chain(self, role: str) -> list[RegisteredFont]:
        if role not in ROLES:
            raise ValueError(f"unknown font role {role!r}")
        chain = self._chains[role]
        if not chain:
            raise UserError("本机未找到可用于生成文书的中文 TrueType 字体（如仿宋、宋体），请安装字体后重试。")
        return chain

    def primary(self, role: str) -> RegisteredFont:
        return self.chain(role)[0]

    def font(self, name: str) -> RegisteredFont:
        return self._by_name[name]

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Split ``text`` into (font name, text) runs: each character in the first font of the chain having it."""
        chain = self.chain(role)
        runs: list[tuple[str, str]] = []
        missing: list[str] = []
        for ch in text:
            if ch in _IGNORED:
                name = runs[-1][0] if runs else chain[0].name
            else:
                code = ord(ch)
                for f in chain:
                    if code in f.glyphs:
                        name = f.name
                        break
                else:
                    if ch not in missing:
                        missing.append(ch)
                    continue
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        if missing:
            shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing)
            raise UserError(f"本机没有任何字体包含以下字符，无法生成文书：{shown}。请安装包含这些字符的字体或修改文字。")
        return runs


_lock = threading.Lock()
_registry: FontRegistry | None = None


def registry() -> FontRegistry:
    """The process-wide registry (font files are read and registered once)."""
    global _registry
    with _lock:
        if _registry is None:
            _registry = FontRegistry()
        return _registry


def reset_registry(search_dirs: list[Path] | None = None) -> FontRegistry:
    """Rebuild the registry (tests; after the clerk installed a font)."""
    global _registry
    with _lock:
        _registry = FontRegistry(search_dirs)
        return _registry


def font_for(role: str) -> str:
    """The registered reportlab font name for a role: title (小标宋), body (仿宋), heading (黑体), kai (楷体), number."""
    return registry().primary(role).name


def ensure_text_covered(text: str, role: str) -> None:
    """Raise UserError naming every character that no available font can draw."""
    registry().runs(text, role)


def is_official(role: str) -> bool:
    """Whether the role is served by the font GB/T 9704 names (not a freely licensed stand-in)."""
    return registry().primary(role).official


def describe_fonts(names: set[str] | list[str]) -> list[str]:
    """Human-readable descriptions of registered fonts, e.g. for recording which fonts a letter used."""
    reg = registry()
    return sorted(reg.font(n).describe() for n in names)

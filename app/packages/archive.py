"""The .gkpkg ZIP: deterministic writing, and reading that refuses anything unsafe or inconsistent.

Reading checks, before any content is trusted: the archive opens as a ZIP; member names are plain
relative names of the package layout (no absolute paths, no "..", no backslashes, no drive letters);
no symbolic links, directories, encrypted or duplicate members; at most `max_files` members; declared
sizes within the limits, a sane compression ratio (zip bombs), and while reading, the actual number of
bytes never beyond the declared one.
"""

from __future__ import annotations

import hashlib
import io
import queue
import re
import stat
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.errors import ValidationError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # every member gets the same time: same content, same bytes
# zlib level of every member: half the CPU time of level 6 for about a fifth more bytes (bench/run.py: a
# package of a million catalogue entries, 72 → ~89 MB), and as deterministic as any fixed level.
DEFLATE_LEVEL = 3
CHUNK = 1 << 20
_ALLOWED = re.compile(r"^(manifest\.json|manifest\.sig|data/[a-z0-9_]{1,40}\.jsonl|attachments/[0-9a-f]{64})$")


@dataclass(frozen=True)
class Limits:
    max_package_bytes: int = 4 << 30  # the .gkpkg file itself
    max_files: int = 200_000
    max_file_bytes: int = 4 << 30  # one member, uncompressed
    max_total_bytes: int = 16 << 30  # all members, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for members over 1 MiB
    max_manifest_bytes: int = 64 << 20
    max_line_bytes: int = 16 << 20  # one JSON Lines record


DEFAULT_LIMITS = Limits()


def _refuse(message: str) -> ValidationError:
    return ValidationError(message)


# -- writing ------------------------------------------------------------------------------------------------
class _MemberWriter:
    """A data member written on a second thread: the caller serialises the next block while this one is
    hashed, CRC-checked and deflated (zlib, hashlib and file writes release the GIL). Blocks are taken in
    order by one thread through one compressor, so the bytes are exactly those of writing them inline."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0
        self._queue: queue.Queue = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="gkpkg-deflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            block = self._queue.get()
            if block is None:
                return
            if self._error is None:
                try:
                    self.sha.update(block)
                    self.raw.write(block)
                except BaseException as exc:
                    self._error = exc

    def write(self, data) -> int:
        if self._error is not None:
            raise self._error
        data = bytes(data)
        self.size += len(data)
        self._queue.put(data)
        return len(data)

    def finish(self) -> None:
        """Wait for every block written so far; re-raises a failure of the writing thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error


class PackageWriter:
    """Writes members in the order given, each with fixed metadata, so the bytes depend only on content."""

    def __init__(self, target: str | Path | io.BufferedIOBase) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL)
        self._open: _MemberWriter | None = None

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        # A ZipInfo handed to ZipFile.open/writestr keeps its own level (zlib's default, 6, when unset).
        info._compresslevel = DEFLATE_LEVEL
        info.create_system = 3
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        return info

    def open(self, name: str) -> _MemberWriter:
        """A member to stream into; `close_member` gives its SHA-256 and size (of the uncompressed bytes)."""
        raw = self.zip.open(self._info(name), "w", force_zip64=True)
        self._open = _MemberWriter(raw)
        return self._open

    def close_member(self, writer: _MemberWriter) -> tuple[str, int]:
        writer.finish()
        writer.raw.close()
        self._open = None
        return writer.sha.hexdigest(), writer.size

    def write_bytes(self, name: str, data: bytes) -> tuple[str, int]:
        self.zip.writestr(self._info(name), data)
        return hashlib.sha256(data).hexdigest(), len(data)

    def close(self) -> None:
        self.zip.close()

    def abort(self) -> None:
        """Stop after a failure: the member being written is finished and the file closed (then removed
        by the caller); errors of the abandoned member are not raised over the original one."""
        member, self._open = self._open, None
        if member is not None:
            try:
                member.finish()
            except BaseException:
                pass
            try:
                member.raw.close()
            except Exception:
                pass
        try:
            self.zip.close()
        except Exception:
            pass


# -- reading -------------------------------------------------------------------------------------------------
def _check_name(name: str) -> None:
    shown = name[:80]
    if "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _refuse(f"数据包中有不安全的文件路径“{shown}”（绝对路径或非法字符），已拒绝导入。")
    if any(part in ("..", ".") for part in name.split("/")):
        raise _refuse(f"数据包中有试图跳出数据包目录的文件路径“{shown}”，已拒绝导入。")
    if not _ALLOWED.match(name):
        raise _refuse(f"数据包中有不属于数据包格式的文件“{shown}”，已拒绝导入。")


def read_package_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a package file, read only after its size (stat) and its ZIP structure (the central
    directory: names, count, declared sizes, ratios) passed: a huge or non-ZIP file is refused before
    any of it is read into memory."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(f"无法读取数据包文件“{path}”：{exc.strerror or exc}。") from None
    if not path.is_file():
        raise _refuse(f"“{path}”不是文件，无法作为数据包导入。")
    if size > limits.max_package_bytes:
        raise _refuse(f"数据包文件过大（{size} 字节，上限 {limits.max_package_bytes} 字节），已拒绝导入。")
    try:
        is_zip = zipfile.is_zipfile(path)  # reads the end of the file only
    except OSError as exc:
        raise ValidationError(f"无法读取数据包文件“{path}”：{exc.strerror or exc}。") from None
    if not is_zip:
        raise _refuse("文件不是有效的数据包（不是 ZIP 文件，或结构已损坏、被截断），已拒绝导入。")
    with SafeArchive(path, limits):  # the central directory and every member's declared size
        pass
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取数据包文件“{path}”：{exc.strerror or exc}。") from None


class SafeArchive:
    """A package opened for reading; every member was checked on opening."""

    def __init__(self, source: bytes | str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        if isinstance(source, (bytes, bytearray, memoryview)):
            size = len(source)
            fh = io.BytesIO(bytes(source))
        else:
            path = Path(source)
            try:
                size = path.stat().st_size
                fh = open(path, "rb")  # noqa: SIM115 - closed in close()
            except OSError as exc:
                raise ValidationError(f"无法读取数据包文件“{path}”：{exc.strerror or exc}。") from None
        self._fh = fh
        if size > limits.max_package_bytes:
            self.close()
            raise _refuse(f"数据包文件过大（{size} 字节，上限 {limits.max_package_bytes} 字节），已拒绝导入。")
        try:
            self.zip = zipfile.ZipFile(fh)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, OverflowError,
                UnicodeDecodeError, IndexError, KeyError, NotImplementedError, zlib.error):
            self.close()
            raise _refuse("文件不是有效的数据包（ZIP 结构已损坏或被截断），已拒绝导入。") from None
        try:
            self.members = self._check(infos)
        except Exception:
            self.close()
            raise

    def _check(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        lim = self.limits
        if len(infos) > lim.max_files:
            raise _refuse(f"数据包中的文件过多（{len(infos)} 个，上限 {lim.max_files} 个），已拒绝导入。")
        members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            _check_name(name)
            mode = info.external_attr >> 16
            if info.is_dir() or (info.create_system == 3 and mode and stat.S_ISLNK(mode)):
                raise _refuse(f"数据包中的“{name[:80]}”是目录或符号链接，已拒绝导入。")
            if info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise _refuse(f"数据包中的“{name[:80]}”不是普通文件，已拒绝导入。")
            if info.flag_bits & 0x1:
                raise _refuse(f"数据包中的“{name[:80]}”被加密，无法校验，已拒绝导入。")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _refuse(f"数据包中的“{name[:80]}”使用了不支持的压缩方式，已拒绝导入。")
            if name in members:
                raise _refuse(f"数据包中有重名文件“{name[:80]}”，已拒绝导入。")
            if info.file_size > lim.max_file_bytes or info.file_size < 0:
                raise _refuse(f"数据包中的“{name[:80]}”过大（{info.file_size} 字节），已拒绝导入。")
            if info.file_size > (1 << 20) and info.file_size > lim.max_ratio * max(info.compress_size, 1):
                raise _refuse(f"数据包中的“{name[:80]}”压缩比异常（疑似“压缩炸弹”），已拒绝导入。")
            total += info.file_size
            if total > lim.max_total_bytes:
                raise _refuse(f"数据包解压后总大小超过上限（{lim.max_total_bytes} 字节），已拒绝导入。")
            members[name] = info
        for required in ("manifest.json", "manifest.sig"):
            if required not in members:
                raise _refuse(f"数据包缺少 {required}，已拒绝导入。")
        if members["manifest.json"].file_size > lim.max_manifest_bytes or members["manifest.sig"].file_size > 1024:
            raise _refuse("数据包清单或签名文件过大，已拒绝导入。")
        return members

    def names(self) -> list[str]:
        return list(self.members)

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes by chunk, never more than its declared size; errors become a clear refusal."""
        info = self.members[name]
        left = info.file_size
        try:
            with self.zip.open(info) as fh:
                while True:
                    block = fh.read(min(CHUNK, left + 1) if left >= 0 else 1)
                    if not block:
                        break
                    left -= len(block)
                    if left < 0:
                        raise _refuse(f"数据包中的“{name[:80]}”实际大小超过声明的大小，已拒绝导入。")
                    yield block
        except ValidationError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, OverflowError, zlib.error,
                NotImplementedError, RuntimeError):
            raise _refuse(f"数据包中的“{name[:80]}”已损坏（无法解压或校验失败），已拒绝导入。") from None
        if left != 0:
            raise _refuse(f"数据包中的“{name[:80]}”实际大小与声明不符，已拒绝导入。")

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def digest(self, name: str) -> tuple[str, int, int]:
        """(sha256 hex, bytes, number of lines) of a member, streamed."""
        sha = hashlib.sha256()
        size = lines = 0
        last = b"\n"
        for block in self.chunks(name):
            sha.update(block)
            size += len(block)
            lines += block.count(b"\n")
            last = block[-1:]
        if size and last != b"\n":
            lines += 1
        return sha.hexdigest(), size, lines

    def lines(self, name: str) -> Iterator[bytes]:
        """The member's lines (JSON Lines), each within the line limit."""
        rest = b""
        for block in self.chunks(name):
            rest += block
            parts = rest.split(b"\n")
            rest = parts.pop()
            if len(rest) > self.limits.max_line_bytes:
                raise _refuse(f"“{name}”中有一行超过 {self.limits.max_line_bytes} 字节，已拒绝导入。")
            yield from parts
        if rest:
            yield rest

    def close(self) -> None:
        zf = getattr(self, "zip", None)
        if zf is not None:
            zf.close()
        self._fh.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

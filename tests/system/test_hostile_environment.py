"""Issue 18 item 8: owner-only files, a read-only data folder, a full disk, a NUL in a search."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from tests.helpers.packages import add_applications

ROOT = Path(__file__).resolve().parent.parent.parent
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _cli_with_umask_022(*args: str) -> subprocess.CompletedProcess:
    """`gongkai ARGS` in a process of its own started with the usual desktop umask (022)."""
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(0o022), timeout=300)


@posix_only
@pytest.mark.sqlite_only  # takes a file backup
def test_files_written_by_the_program_are_owner_only(db, tmp_path, gongkai_home):
    add_applications(db, 2)
    out = tmp_path / "exports" / "register.xlsx"
    out.parent.mkdir()
    done = _cli_with_umask_022("--db", db.target, "excel", "export", "--kind", "register", "--out", str(out))
    assert done.returncode == 0, done.stderr
    done = _cli_with_umask_022("--db", db.target, "backup", "--out", str(tmp_path / "b" / "copy.sqlite3"))
    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b" / "copy.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b").stat().st_mode & 0o777 == 0o700
    log = gongkai_home / "logs" / "gongkai.log"
    assert log.exists() and log.stat().st_mode & 0o777 == 0o600
    assert (gongkai_home / "logs").stat().st_mode & 0o777 == 0o700


def test_a_read_only_data_folder_is_a_clear_message(tmp_path, monkeypatch, capsys):
    home = tmp_path / "readonly" / "home"
    monkeypatch.setenv("GONGKAI_HOME", str(home))
    real_mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        if self == home or home in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)  # root ignores chmod: the refusal the OS would give
    assert main(["check"]) != 0
    err = capsys.readouterr().err
    assert "只读或没有写入权限" in err and "Traceback" not in err and "程序内部错误" not in err, err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that chmod binds")
def test_a_read_only_data_folder_for_real(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("GONGKAI_HOME", str(folder / "home"))
    try:
        assert main(["check"]) != 0
        assert "只读或没有写入权限" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)


# -- a full disk ---------------------------------------------------------------------------------------------
@pytest.mark.sqlite_only  # a SQLite file on a full disk
def test_on_a_full_disk_reads_and_a_backup_elsewhere_work_and_writes_are_refused(db, tmp_path, monkeypatch, capsys):
    add_applications(db, 2)
    path = db.path
    db.dispose()
    for extra in ("-wal", "-shm"):  # a closed database: SQLite would have to create them to read
        Path(str(path) + extra).unlink(missing_ok=True)
    from app.storage import db as db_module

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=0) if Path(p) == path.parent else real(p))
    assert db_module._full_disk_reason(path)
    assert main(["--db", str(path), "backup", "--out", str(tmp_path / "other" / "b.sqlite3")]) == 0
    assert main(["--db", str(path), "--json", "catalogue", "search", "文件"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "init", "--org-name", "某县人民政府办公室", "--org-code", "11330127MB0000001X"]) != 0
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "backup --out" in err, err
    assert not Path(str(path) + "-wal").exists()


@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="mounts a small tmpfs (root on Linux)")
def test_a_really_full_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8M", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("mount not permitted here")
    try:
        env = {**os.environ, "GONGKAI_HOME": str(disk / "home"), "GONGKAI_SECRETS": str(disk / "secrets")}

        def cli(*args):
            return subprocess.run([sys.executable, "-m", "app.cli.main", *args], cwd=ROOT, env=env,
                                  capture_output=True, text=True)

        assert cli("init", "--org-name", "测试县人民政府办公室", "--org-code", "11330127MB0000001X").returncode == 0
        with open(disk / "filler", "wb") as fh:  # fill the disk
            try:
                while True:
                    fh.write(b"\0" * (1 << 16))
                    fh.flush()
            except OSError:
                pass
        backup = cli("backup", "--out", str(tmp_path / "b.sqlite3"))
        assert backup.returncode == 0, backup.stderr
        assert "Traceback" not in backup.stderr
        search = cli("catalogue", "search", "文件")
        assert search.returncode == 0, search.stderr
        write = cli("init", "--org-name", "测试县人民政府办公室", "--org-code", "11330127MB0000001X")
        assert write.returncode != 0 and "磁盘空间已满" in write.stderr and "Traceback" not in write.stderr
    finally:
        subprocess.run(["umount", str(disk)])


def test_a_nul_in_a_search_is_a_clear_message(db, capsys):
    assert main(["--db", db.target, "catalogue", "search", "文\x00件"]) != 0
    err = capsys.readouterr().err
    assert "控制字符" in err and "程序内部错误" not in err, err

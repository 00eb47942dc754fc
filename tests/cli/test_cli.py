"""The command line: init, check, backup/restore, errors as one Chinese line without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain.identifiers import org_code_check_char

ROOT = Path(__file__).resolve().parents[2]
CODE = "11330127MB0000001" + org_code_check_char("11330127MB0000001")


def run_cli(*args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], check=False, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def dbfile(tmp_path):
    return str(tmp_path / "cli.sqlite3")


def test_init_then_check(dbfile, capsys):
    assert main(["--db", dbfile, "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE]) == 0
    assert "已保存本机关信息" in capsys.readouterr().out
    assert main(["--db", dbfile, "--json", "check"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["audit_entries"] == 1


def test_bad_org_code_is_one_chinese_line(dbfile):
    good = "91330106MA2AXXXX0" + org_code_check_char("91330106MA2AXXXX0")
    wrong = good[:17] + ("1" if good[17] != "1" else "2")
    result = run_cli("--db", dbfile, "init", "--org-name", "某机关", "--org-code", wrong)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr == "错误：本机关信息有误：统一社会信用代码校验位不正确，请核对。\n"


def test_unknown_argument_is_chinese(dbfile):
    result = run_cli("--db", dbfile, "check", "--bogus")
    assert result.returncode == 2
    assert "无法识别的参数" in result.stderr and "Traceback" not in result.stderr


def test_check_fails_after_outside_edit(dbfile, capsys):
    import sqlite3

    main(["--db", dbfile, "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE])
    with sqlite3.connect(dbfile) as conn:
        conn.execute("UPDATE office SET name = '篡改'")
    capsys.readouterr()
    assert main(["--db", dbfile, "check"]) == 1
    assert "office" in capsys.readouterr().err


def test_backup_restore_commands(dbfile, tmp_path, capsys):
    main(["--db", dbfile, "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE])
    out = tmp_path / "copy.sqlite3"
    assert main(["--db", dbfile, "backup", "--out", str(out)]) == 0
    main(["--db", dbfile, "init", "--org-name", "改名后的机关", "--org-code", CODE])
    assert main(["--db", dbfile, "restore", str(out)]) == 0
    assert main(["--db", dbfile, "--json", "check"]) == 0
    capsys.readouterr()
    main(["--db", dbfile, "--json", "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE])
    assert json.loads(capsys.readouterr().out)["name"] == "青山县人民政府办公室"


def test_restore_missing_file_is_a_user_error(dbfile):
    result = run_cli("--db", dbfile, "restore", "/nonexistent/backup.sqlite3")
    assert result.returncode == 2 and "不存在" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_database_location_names_the_file(tmp_path):
    target = tmp_path / "ro"
    target.mkdir()
    os.chmod(target, 0o500)
    try:
        if os.geteuid() == 0:
            pytest.skip("root can write anywhere")
        result = run_cli("--db", str(target / "x.sqlite3"), "check")
        assert result.returncode != 0 and str(target) in result.stderr and "Traceback" not in result.stderr
    finally:
        os.chmod(target, 0o700)


def test_version_does_not_import_qt():
    code = ("import sys; from app.cli.main import main; main(['--version']); "
            "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')")
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "数据结构版本" in result.stdout and result.stdout.strip().endswith("NOQT")


def test_commands_map_names_what_each_module_registers():
    import importlib

    from app.cli.main import COMMAND_MODULES, COMMANDS, ChineseArgumentParser

    assert sorted(set(COMMANDS.values())) == sorted(COMMAND_MODULES)
    for module in COMMAND_MODULES:
        sub = ChineseArgumentParser(prog="gongkai").add_subparsers(dest="command")
        importlib.import_module(module).register(sub)
        assert set(sub.choices) == {name for name, m in COMMANDS.items() if m == module}, module


def test_a_command_line_imports_only_its_command_module():
    from app.cli.main import COMMAND_MODULES, command_modules

    assert command_modules(["--db", "x.sqlite3", "--json", "catalogue", "search", "关于"]) == ["app.cli.catalogue"]
    assert command_modules(["--db=x.sqlite3", "--operator", "张三", "keys", "list"]) == ["app.cli.package"]
    assert command_modules(["--version"]) == [] and command_modules([]) == []  # version, the window
    for argv in (["-h"], ["--db", "x", "--help"], ["catalog", "search"], ["--oper", "张三", "check"], None):
        assert command_modules(argv) == COMMAND_MODULES  # help, mistakes, abbreviations: the full parser
    code = ("import sys\nfrom app.cli.main import main\ntry:\n    main(['catalogue', 'search', '-h'])\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.startswith('app.cli.')))")
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert "检索文字" in result.stdout  # the sub-command's help
    assert result.stdout.strip().splitlines()[-1] == "['app.cli.catalogue', 'app.cli.main']", result.stderr


def test_catalogue_search_process_loads_only_the_models_it_uses(dbfile, capsys):
    import app.storage
    from app.cli.main import is_light

    assert is_light(["--db", "x", "--json", "catalogue", "search", "关于"]) and not is_light(["catalogue", "list"])
    assert not is_light(["-h", "catalogue", "search"]) and not is_light(["check"])
    main(["--db", dbfile, "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE])
    assert main(["--db", dbfile, "--json", "catalogue", "search", "关于"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["total"] == 0
    assert app.storage.LIGHT_MODELS is False  # an in-process call never changes how models load
    code = ("import sys\nfrom app.cli.main import main\nsys.argv = ['gongkai', '--db', sys.argv[1], '--json', "
            "'catalogue', 'search', '关于']\ncode = main()\n"
            "print(code, sorted(m for m in sys.modules if m.startswith('app.storage.models.')))")
    result = subprocess.run([sys.executable, "-c", code, dbfile], check=False, cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert '"total": 0' in result.stdout, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "0 ['app.storage.models.catalogue', 'app.storage.models.core']"), result.stderr


def test_unknown_command_lists_every_command():
    result = run_cli("catalog")
    assert result.returncode == 2 and "negative-list" in result.stderr and "catalogue" in result.stderr


def test_demo_is_deterministic(tmp_path, capsys):
    a, b = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    args = ["demo", "--seed", "7", "--requests", "60", "--catalogue", "80", "--ledger", "40", "--today", "2026-11-20"]
    assert main(["--db", a, *args]) == 0
    assert main(["--db", b, *args]) == 0
    capsys.readouterr()
    import sqlite3

    def dump(path):
        with sqlite3.connect(path) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT IN ('audit_log','audit_head') AND name NOT LIKE 'fts_%' ORDER BY name")]
            out = {}
            for t in tables:
                # Everything but the wall-clock times of when the demo ran.
                cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")') if r[2].upper() != "DATETIME"]
                out[t] = conn.execute(f'SELECT {",".join(chr(34)+c+chr(34) for c in cols)} FROM "{t}" ORDER BY 1').fetchall()
            return out

    assert dump(a) == dump(b)
    assert main(["--db", a, "check"]) == 0
    # A second demo into the same database is refused, nothing changed.
    assert main(["--db", a, *args]) != 0
    assert "只能在空数据库" in capsys.readouterr().err


def test_forgotten_lock_password_is_cleared_and_audited(dbfile, capsys):
    from app.core import security
    from app.storage.db import Database
    from app.storage.models.core import AuditEntry

    main(["--db", dbfile, "init", "--org-name", "青山县人民政府办公室", "--org-code", CODE])
    db = Database.open(dbfile)
    with db.session() as s:
        security.set_password(s, "secret-123")
    db.dispose()
    assert main(["--db", dbfile, "security", "clear-password"]) == 0
    assert "已清除" in capsys.readouterr().out
    db = Database.open(dbfile)
    with db.read_session() as s:
        assert not security.has_password(s)
        actions = [e.action for e in s.query(AuditEntry).order_by(AuditEntry.seq)]
    db.dispose()
    assert actions[-1] == "reset_password"
    assert main(["--db", dbfile, "check"]) == 0

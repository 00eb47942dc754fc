"""The settings registry: declared keys only, typed values, declared defaults, renamed keys, pc preferences."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core import audit, settings
from app.core.integrity import run_check
from app.errors import StorageError, UserError
from app.storage.models.core import AuditEntry, Setting

ROOT = Path(__file__).resolve().parent.parent.parent
# The two modules that take a key as a parameter and pass it on.
REGISTRY_MODULES = {ROOT / "app" / "core" / "settings.py", ROOT / "ui" / "preferences.py"}


def test_an_undeclared_key_is_a_programming_error(session):
    for call in (lambda: settings.get_setting(session, "no.such_key"),
                 lambda: settings.set_setting(session, "no.such_key", 1)):
        with pytest.raises(settings.UnknownSettingError) as err:
            call()
        assert not isinstance(err.value, UserError)


def test_a_pc_key_is_not_an_office_setting(session):
    with pytest.raises(settings.UnknownSettingError, match="pc setting"):
        settings.get_setting(session, "window.geometry")


def test_values_are_checked_against_the_declared_type(session):
    for key, bad in (("security.idle_minutes", "15"), ("security.idle_minutes", True),
                     ("register.serial_format", None), ("packages.full_record_destinations", "province")):
        with pytest.raises(TypeError):
            settings.set_setting(session, key, bad)
    with pytest.raises(ValueError):
        settings.set_setting(session, "ledger.case_counting", "both")
    settings.set_setting(session, "security.password", None)  # declared nullable
    assert session.get(Setting, "register.serial_format") is None


def test_an_unset_setting_reads_as_its_declared_default(session):
    assert settings.get_setting(session, "register.serial_format") == "GK-{year}-{number:05d}"
    assert settings.get_setting(session, "catalogue.last_filed_at") is None
    first = settings.get_setting(session, "packages.full_record_destinations")
    first.append("province")  # a caller changing its copy does not change the default
    assert settings.get_setting(session, "packages.full_record_destinations") == []


def test_a_stored_value_of_the_wrong_type_is_reported_in_chinese(db):
    with db.session() as s:
        row = Setting(key="security.idle_minutes", value="十分钟")
        s.add(row)
        audit.record(s, row, "create")
    with db.read_session() as s, pytest.raises(StorageError, match="空闲锁定时间"):
        settings.get_setting(s, "security.idle_minutes")


def test_every_declaration_is_consistent():
    keys = [s.key for s in settings.DECLARED]
    assert len(keys) == len(set(keys))
    for spec in settings.DECLARED:
        area, _, name = spec.key.partition(".")
        assert area and name and name == name.lower() and "." not in name, spec.key
        assert spec.label and spec.scope in ("office", "pc")
    with pytest.raises(ValueError):
        settings.declare(settings.SettingSpec("register.serial_format", str, "", "重复"))
    with pytest.raises(ValueError):  # an old name is taken too
        settings.declare(settings.SettingSpec("sync.url", str, "", "重复"))


# -- keys stored under their old names ----------------------------------------------------------------
def _store_old(db, key: str, value) -> None:
    """A row as an earlier version wrote it (audited, under the old name)."""
    with db.session() as s:
        row = Setting(key=key, value=value)
        s.add(row)
        audit.record(s, row, "create")


@pytest.mark.parametrize(("old", "new", "value", "changed"), [
    ("catalogue_index_pattern", "catalogue.index_pattern", "{org_code}-{year}-{serial:04d}",
     "{org_code}/{serial:06d}"),
    ("catalogue_last_filed_at", "catalogue.last_filed_at", "2026-03-01T08:00:00", "2026-04-01T08:00:00"),
    ("sync.url", "packages.sync_url", "https://old.example", "https://new.example"),
    ("sync.proxy", "packages.sync_proxy", "http://proxy:8080", ""),
])
def test_a_setting_under_its_old_name_is_read_and_moved_on_the_next_write(db, old, new, value, changed):
    _store_old(db, old, value)
    with db.read_session() as s:
        assert settings.get_setting(s, new) == value
    with db.session() as s:
        settings.set_setting(s, new, changed)
    with db.read_session() as s:
        assert settings.get_setting(s, new) == changed
        assert s.get(Setting, old) is None
        assert s.get(Setting, new).value == changed
        notes = s.execute(select(AuditEntry.note).where(AuditEntry.entity == "setting",
                                                        AuditEntry.entity_id == old,
                                                        AuditEntry.action == "delete")).scalars().all()
        assert notes == [f"设置改名为 {new}"]
        report = run_check(s)
    assert report.ok, report.problems


def test_the_new_name_wins_over_an_old_row(db):
    _store_old(db, "sync.url", "https://old.example")
    _store_old(db, "packages.sync_url", "https://new.example")
    with db.read_session() as s:
        assert settings.get_setting(s, "packages.sync_url") == "https://new.example"


def test_old_sync_settings_reach_the_sync_screen(db):
    from app.packages import platform

    _store_old(db, "sync.url", "https://old.example")
    with db.read_session() as s:
        assert platform.get_sync_settings(s).url == "https://old.example"


# -- every key used is declared, every declared key is used ----------------------------------------------
_OFFICE_CALLS = {"get_setting": 1, "set_setting": 1}
_REGISTRY_CALLS = {"default": 0, "spec": 0}  # settings.default(key), settings.spec(key)
_PREFERENCE_CALLS = {"value": 0, "set_value": 0, "remove": 0}  # preferences.value(key) …


def _sources() -> list[Path]:
    return [p for top in ("app", "ui") for p in sorted((ROOT / top).rglob("*.py")) if p not in REGISTRY_MODULES]


def _constants(trees) -> dict[str, set[str]]:
    """Module-level NAME = "text" assignments of all modules (keys are named by such constants)."""
    out: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in tree.body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        out.setdefault(target.id, set()).add(node.value.value)
    return out


def _used_keys() -> tuple[dict[str, set[str]], list[str]]:
    """scope -> keys passed to the settings functions; and the calls whose key could not be read."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in _sources()}
    constants = _constants(trees)
    used: dict[str, set[str]] = {"office": set(), "pc": set(), "any": set()}
    unreadable = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            if name in _OFFICE_CALLS:
                scope, index = "office", _OFFICE_CALLS[name]
            elif owner == "settings" and name in _REGISTRY_CALLS:
                scope, index = "any", _REGISTRY_CALLS[name]
            elif owner == "preferences" and name in _PREFERENCE_CALLS:
                scope, index = "pc", _PREFERENCE_CALLS[name]
            else:
                continue
            arg = node.args[index] if len(node.args) > index else None
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                used[scope].add(arg.value)
            elif isinstance(arg, (ast.Name, ast.Attribute)):
                ident = arg.id if isinstance(arg, ast.Name) else arg.attr
                values = constants.get(ident, set())
                if len(values) != 1:
                    unreadable.append(f"{where}: {ident}")
                used[scope] |= values
            else:
                unreadable.append(where)
    return used, unreadable


def test_every_key_used_in_the_code_is_declared_and_every_declared_key_is_used():
    used, unreadable = _used_keys()
    assert not unreadable, f"a setting key must be a literal or a module constant: {unreadable}"
    office = {s.key for s in settings.DECLARED if s.scope == "office"}
    pc = {s.key for s in settings.DECLARED if s.scope == "pc"}
    assert used["office"] <= office, used["office"] - office
    assert used["pc"] <= pc, used["pc"] - pc
    assert used["any"] <= office | pc, used["any"] - office - pc
    unused = (office - used["office"]) | (pc - used["pc"])
    assert not unused, f"declared but never read or written: {sorted(unused)}"


def test_qsettings_is_built_in_one_place():
    offenders = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "ui").rglob("*.py"))
                 if "QSettings" in p.read_text(encoding="utf-8") and p.name != "preferences.py"]
    assert offenders == []


# -- pc preferences ----------------------------------------------------------------------------------
def test_preferences_round_trip_in_the_installation_folder(qapp, gongkai_home):
    from ui import preferences

    assert preferences.value("window.geometry") is None
    assert preferences.value("operators.recent") == []
    preferences.set_value("window.geometry", b"\x01\x02geometry")
    preferences.set_value("operators.recent", ["王丽"])  # one item: some formats read it back as text
    assert preferences.value("window.geometry") == b"\x01\x02geometry"
    assert preferences.value("operators.recent") == ["王丽"]
    ini = gongkai_home / "config" / preferences.INI_FILE
    assert ini.exists() and "window" in ini.read_text(encoding="utf-8")
    preferences.remove("window.geometry")
    assert preferences.value("window.geometry") is None


def test_preferences_take_only_declared_pc_keys(qapp):
    from ui import preferences

    with pytest.raises(settings.UnknownSettingError):
        preferences.value("register.serial_format")
    with pytest.raises(settings.UnknownSettingError):
        preferences.set_value("window.size", 3)
    with pytest.raises(TypeError):
        preferences.set_value("operators.recent", "王丽")

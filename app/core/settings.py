"""Every setting of the program, declared once (like MusicBrainz Picard's options), and the office settings.

A setting has a key (``area.name``, snake_case), a value type, a default, a Chinese label and a scope:

* ``office``: kept in the database (table ``setting``, JSON values), audited like any other change, and so
  part of backups: it travels with the office's data. Read and written with get_setting / set_setting.
* ``pc``: a preference of this computer (window geometry, recent operators), kept outside the database;
  the UI reads and writes these through ui/preferences.py only.

An undeclared key, a value of the wrong type, or a key of the other scope is a programming error
(UnknownSettingError / TypeError), never a message for the clerk. Callers pass no defaults: an unset
setting reads as its declared default.

Renamed keys: a database written by an earlier version may hold a setting under an old name
(``old_keys``). The rename happens when the setting is read or written, not in an Alembic migration: a
migration cannot write the audit trail (a plain UPDATE of the row would be reported by ``gongkai check``
as a row changed outside the program), whereas set_setting moves the value with audit entries (the new row
created, the old one deleted). Until then get_setting reads the old row.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from app.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.storage.models.core import Setting

# SQLAlchemy, the models and the audit trail are imported inside the functions that read or write the
# database: the window reads its pc preferences through this registry before its first paint, when none of
# them is loaded yet (tests/core/test_startup.py).

Scope = Literal["office", "pc"]


class UnknownSettingError(LookupError):
    """A key that is not declared (or declared for the other scope): a programming error."""


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type  # the type of the value (JSON types for office settings; bytes allowed for pc ones)
    default: object
    label: str  # Chinese, for screens and messages
    scope: Scope = "office"
    nullable: bool = False  # None is a valid value (e.g. "no password")
    choices: tuple[object, ...] = ()  # when given, the only valid values
    old_keys: tuple[str, ...] = ()  # names under which earlier versions stored it

    def check(self, value: object) -> None:
        """TypeError / ValueError when `value` is not a valid value of this setting."""
        if value is None:
            if not self.nullable:
                raise TypeError(f"setting {self.key} may not be None")
            return
        # bool is an int subclass: an int setting refuses True/False.
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise TypeError(f"setting {self.key} expects {self.type.__name__}, got {type(value).__name__}")
        if self.choices and value not in self.choices:
            raise ValueError(f"setting {self.key} must be one of {self.choices!r}, got {value!r}")


# The one table of settings. Domain validation (formats, ranges, URLs) stays with the area that owns the
# setting and raises ValidationError there before set_setting is called.
DECLARED: tuple[SettingSpec, ...] = (
    # -- office (database) ------------------------------------------------------------------------------
    SettingSpec("register.serial_format", str, "GK-{year}-{number:05d}", "登记编号格式"),
    SettingSpec("ledger.case_counting", str, "handled", "行政复议、诉讼案件的统计口径",
                choices=("handled", "filed")),
    SettingSpec("reports.outcome_rows", dict, {}, "办理结果对应年度报告表三的行（与默认不同的部分）"),
    SettingSpec("catalogue.index_pattern", str, "{org_code}/{year}-{serial:05d}", "索引号格式",
                old_keys=("catalogue_index_pattern",)),
    SettingSpec("catalogue.last_filed_at", str, None, "目录最近一次报省备案的时间", nullable=True,
                old_keys=("catalogue_last_filed_at",)),
    SettingSpec("letters.letterhead", bool, False, "文书使用信函格式（红色发文机关标志和双线）"),
    SettingSpec("letters.print_seal", bool, False, "在文书上印出本机关存储的印章图像"),
    SettingSpec("security.password", dict, None, "锁屏密码（只存散列）", nullable=True),
    SettingSpec("security.idle_minutes", int, 10, "空闲锁定时间（分钟）"),
    SettingSpec("packages.sync_url", str, "", "省级平台地址", old_keys=("sync.url",)),
    SettingSpec("packages.sync_proxy", str, "", "代理服务器地址", old_keys=("sync.proxy",)),
    SettingSpec("packages.full_record_destinations", list, [], "接收完整（不脱敏）申请记录的接收方"),
    SettingSpec("excel.value_mappings", dict, {}, "导入表格时本机关指定过的取值对应（按表格类型和字段，下次自动沿用）"),
    SettingSpec("packages.allow_plain_http", bool, False, "允许以明文 HTTP 连接非本机的省级平台地址"),
    SettingSpec("packages.inbox_cursor", str, None, "省级平台收件箱的读取位置", nullable=True),
    SettingSpec("packages.hub_offices", list, [], "由本机代为收取省级平台下发内容的下级机关（无自己的网络连接）"),
    SettingSpec("packages.hub_cursors", dict, {}, "代下级机关收取时各收件箱的读取位置"),
    # -- pc (this computer) -----------------------------------------------------------------------------
    SettingSpec("window.geometry", bytes, None, "主窗口位置和大小", scope="pc", nullable=True),
    SettingSpec("operators.recent", list, [], "最近使用的操作员", scope="pc"),
)

_registry: dict[str, SettingSpec] = {}


def declare(spec: SettingSpec) -> SettingSpec:
    """Add a setting to the registry (the table above at import; tests add their own). A key is declared
    once: a second declaration of it, or of one of its old names, is an error."""
    if spec.key in _registry or any(spec.key in s.old_keys or s.key in spec.old_keys for s in _registry.values()):
        raise ValueError(f"setting {spec.key} is already declared")
    if spec.scope not in ("office", "pc"):
        raise ValueError(f"setting {spec.key}: unknown scope {spec.scope!r}")
    if spec.default is not None or not spec.nullable:
        spec.check(spec.default)
    _registry[spec.key] = spec
    return spec


for _spec in DECLARED:
    declare(_spec)


def spec(key: str, scope: Scope | None = None) -> SettingSpec:
    """The declaration of `key` (UnknownSettingError when undeclared or, with `scope`, of another scope)."""
    found = _registry.get(key)
    if found is None:
        raise UnknownSettingError(f"setting {key!r} is not declared in app.core.settings")
    if scope is not None and found.scope != scope:
        raise UnknownSettingError(f"setting {key!r} is a {found.scope} setting, not a {scope} one")
    return found


def declared(scope: Scope | None = None) -> list[SettingSpec]:
    return [s for s in _registry.values() if scope is None or s.scope == scope]


def default(key: str) -> Any:
    """The declared default (a copy: defaults may be lists or dicts)."""
    return copy.deepcopy(spec(key).default)


def _stored_row(session: Session, declared_spec: SettingSpec) -> Setting | None:
    """The row holding the setting: under its key, else under an old name (a database not yet upgraded)."""
    from app.storage.models.core import Setting

    row = session.get(Setting, declared_spec.key)
    if row is None:
        for old in declared_spec.old_keys:
            row = session.get(Setting, old)
            if row is not None:
                break
    return row


def get_setting(session: Session, key: str) -> Any:
    """The office setting's value, or its declared default when it was never set."""
    declared_spec = spec(key, "office")
    row = _stored_row(session, declared_spec)
    if row is None:
        return default(key)
    try:
        declared_spec.check(row.value)
    except (TypeError, ValueError):
        raise StorageError(f"数据库中的设置“{declared_spec.label}”（{key}）的值无效：{row.value!r}。"
                           "请在设置中重新填写，或联系技术支持。") from None
    return row.value


def set_setting(session: Session, key: str, value: object) -> None:
    """Store an office setting (audited); a value stored under an old name moves to the key."""
    from app.core import audit
    from app.storage.models.core import Setting

    declared_spec = spec(key, "office")
    declared_spec.check(value)
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=value)
        session.add(row)
        audit.record(session, row, "create")
    elif row.value != value:
        row.value = value
        audit.record(session, row, "update")
    for old in declared_spec.old_keys:
        old_row = session.get(Setting, old)
        if old_row is not None:
            audit.record_delete(session, old_row, note=f"设置改名为 {key}")
            session.delete(old_row)
            session.flush()

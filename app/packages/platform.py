"""Sync settings (platform URL, token, proxy, plain HTTP, destinations receiving full records) and `gongkai sync`.

The token is read, in this order, from the caller (the command line's --token-stdin, or --token), the
environment variable GONGKAI_SYNC_TOKEN, and the token file in the config directory; it is never stored
in the database (docs/spec/packages.md section 4)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import paths
from app.core import settings
from app.errors import ValidationError
from app.packages.service import FULL_RECORDS_SETTING, PROVINCE, ensure_own_key, pending_count, queue_package
from app.packages.sync import SyncConfig, SyncReport, check_platform_url, plain_http_warning, send_queued

URL_SETTING = "packages.sync_url"
PROXY_SETTING = "packages.sync_proxy"
PLAIN_HTTP_SETTING = "packages.allow_plain_http"
TOKEN_ENV = "GONGKAI_SYNC_TOKEN"
HUB_OFFICES_SETTING = "packages.hub_offices"  # app/packages/hub.py
TOKEN_FILE = "sync-token"  # kept out of the database (and so out of the audit trail and backups)


class _NothingNew(Exception):
    pass


@dataclass
class SyncSettings:
    url: str
    proxy: str
    has_token: bool
    full_record_destinations: list[str]
    allow_plain_http: bool = False


def _token_path():
    return paths.config_dir() / TOKEN_FILE


def read_token() -> str | None:
    try:
        return _token_path().read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def resolve_token(explicit: str | None = None) -> str | None:
    """The token for this run: given by the caller, else $GONGKAI_SYNC_TOKEN, else the token file."""
    if explicit is not None:
        return explicit.strip() or None
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    return from_env or read_token()


def write_token(token: str | None) -> None:
    path = _token_path()
    if not token:
        path.unlink(missing_ok=True)
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token.strip())


def _check_url(url: str, what: str) -> str:
    url = (url or "").strip()
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError(f"{what}应以 http:// 或 https:// 开头。")
    return url


def _check_platform(url: str, allow_plain_http: bool) -> str:
    url = _check_url(url, "省级平台地址")
    return check_platform_url(url, allow_plain_http=allow_plain_http) if url else url


def get_sync_settings(session: Session) -> SyncSettings:
    return SyncSettings(url=settings.get_setting(session, URL_SETTING),
                        proxy=settings.get_setting(session, PROXY_SETTING),
                        has_token=read_token() is not None,
                        full_record_destinations=settings.get_setting(session, FULL_RECORDS_SETTING),
                        allow_plain_http=settings.get_setting(session, PLAIN_HTTP_SETTING))


def save_sync_settings(session: Session, *, url: str, proxy: str = "", token: str | None = None,
                       full_record_destinations: list[str] | None = None,
                       allow_plain_http: bool | None = None) -> SyncSettings:
    """Save the settings; `token` None keeps the stored token, "" removes it; `allow_plain_http` None keeps
    the stored choice. Allowing plain HTTP is an audited setting (the clerk's explicit decision)."""
    if allow_plain_http is None:
        allow_plain_http = settings.get_setting(session, PLAIN_HTTP_SETTING)
    settings.set_setting(session, PLAIN_HTTP_SETTING, bool(allow_plain_http))
    settings.set_setting(session, URL_SETTING, _check_platform(url, bool(allow_plain_http)))
    settings.set_setting(session, PROXY_SETTING, _check_url(proxy, "代理服务器地址"))
    if full_record_destinations is not None:
        settings.set_setting(session, FULL_RECORDS_SETTING, sorted({d.strip() for d in full_record_destinations
                                                                     if d.strip()}))
    if token is not None:
        write_token(token)
    return get_sync_settings(session)


def sync(db, *, url: str | None = None, token: str | None = None, operator: str | None = None,
         force: bool = False, progress=None, inbox: bool = True) -> SyncReport:
    """`gongkai sync`: queue a new incremental package for the province when none is waiting, send the
    queue, then fetch the inbox (online applications and releases) and acknowledge it. Packages already
    queued keep their id and bytes; nothing is ever re-made under a new id."""
    report = SyncReport()
    with db.session(operator=operator) as s:
        current = get_sync_settings(s)
        cfg = SyncConfig(url=_check_platform(url or current.url, current.allow_plain_http),
                         token=resolve_token(token), proxy=current.proxy or None,
                         allow_plain_http=current.allow_plain_http)
        if not cfg.url:
            raise ValidationError("尚未设置省级平台地址，请在“设置 → 数据交换设置”中填写，或使用 --url。")
        warning = plain_http_warning(cfg.url)
        if warning:
            report.warnings.append(warning)
        ensure_own_key(s)
        waiting = pending_count(s, PROVINCE)
    if waiting == 0:
        try:
            with db.session(operator=operator) as s:
                info = queue_package(s, to=PROVINCE, progress=progress)
                if info.kind == "incremental" and info.records == 0:
                    raise _NothingNew  # rolls the empty package back: no sequence number is used
            report.queued.append(info.package_id)
        except _NothingNew:
            pass
    send_queued(db, cfg, force=force, operator=operator, progress=progress, report=report)
    if inbox:
        from app.packages.inbox import fetch_inbox

        report.inbox = fetch_inbox(db, cfg, operator=operator, progress=progress)
        with db.read_session() as s:
            relaying = bool(settings.get_setting(s, HUB_OFFICES_SETTING))
        if relaying:
            from app.packages.hub import fetch_for_offices

            report.hub = fetch_for_offices(db, cfg, operator=operator)
    return report

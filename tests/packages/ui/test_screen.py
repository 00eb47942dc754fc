"""The 数据交换 screen and the 数据交换设置 tab offscreen: lists, import via a job, conflicts, keys, settings."""

from __future__ import annotations

import pytest

from app import packages
from app.packages import hub
from app.packages import platform as packages_sync
from tests.helpers.packages import add_applications


@pytest.fixture
def ctx(linked):
    from ui.context import UiContext

    county = linked[0]
    c = UiContext(county, "测试员")
    c.errors = []
    c.show_error = lambda exc, tb=None: c.errors.append(str(exc))
    c.jobs._show_error = c.show_error  # the runner keeps the bound method it was given
    return c


def test_screen_imports_lists_and_settles(qtbot, ctx, linked, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.packages.screen import ExchangeScreen

    county, township, c_code, _ = linked
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    add_applications(township, 2)
    with township.session() as s:
        packages.export_package(s, to=c_code, out_path=tmp_path / "p.gkpkg")
    screen = ExchangeScreen(ctx)
    qtbot.addWidget(screen)
    with county.read_session() as s:
        assert packages.own_key_info(s).fingerprint in screen.fingerprint.text()
    assert screen.trusted.rowCount() == 1
    screen.import_package(str(tmp_path / "p.gkpkg"))
    qtbot.waitUntil(lambda: screen.incoming.rowCount() == 1, timeout=10000)
    assert screen.incoming.item(0, 4).text() == "已导入"
    assert "依申请公开 2 条" in screen.incoming.item(0, 5).text()

    (tmp_path / "bad.gkpkg").write_bytes(b"not a zip")
    screen.import_package(str(tmp_path / "bad.gkpkg"))
    qtbot.waitUntil(lambda: screen.incoming.rowCount() == 2, timeout=10000)
    assert screen.incoming.item(0, 4).text() == "已拒绝" and "ZIP" in screen.incoming.item(0, 5).text()
    assert ctx.errors and "不是有效的数据包" in ctx.errors[0]
    screen.grab().save(str(tmp_path / "exchange.png"))


def test_settings_tab_saves(qtbot, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.packages.sync_tab import SyncSettingsTab

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    tab = SyncSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.url.setText("https://gk.example.gov.cn/api")
    tab.token.setText("abc")
    tab.full_province.setChecked(True)
    tab.save()
    assert not ctx.errors
    with ctx.db.read_session() as s:
        got = packages_sync.get_sync_settings(s)
    assert got.url == "https://gk.example.gov.cn/api" and got.has_token
    assert got.full_record_destinations == ["province"]
    tab.url.setText("gk.example.gov.cn")
    tab.save()
    assert ctx.errors and "http" in ctx.errors[-1]
    tab.url.setText("http://gk.example.gov.cn/api")  # plain HTTP to another host: refused unless allowed
    tab.save()
    assert "明文 HTTP" in ctx.errors[-1]
    tab.url.setText("https://gk.example.gov.cn/api")
    tab.hub_offices.setText("11330127MB00009990")
    tab.save()
    assert "下级机关" in ctx.errors[-1]
    with ctx.db.read_session() as s:
        assert hub.hub_offices(s) == []


def test_export_offers_the_province_and_not_the_own_office(qtbot, ctx, linked, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from ui.packages import screen as exchange

    c_code = linked[2]
    offered: list[str] = []

    def exec_(dialog):
        offered.extend(dialog.to.itemData(i) for i in range(dialog.to.count()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(exchange.ExportDialog, "exec", exec_)
    screen = exchange.ExchangeScreen(ctx)
    qtbot.addWidget(screen)
    screen.export_package()
    assert offered[0] == "province" and c_code not in offered


def test_sync_from_the_screen_lists_the_online_applications(qtbot, county_on_platform, ref_platform, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.refplatform import releases
    from ui.context import UiContext
    from ui.packages.screen import ExchangeScreen

    county, code = county_on_platform
    with county.session() as s:
        packages_sync.save_sync_settings(s, url=ref_platform.url, token="platform-token")
    releases.submit_applications(ref_platform.state, code, [
        {"submitted_at": "2026-12-04T19:40:00+08:00", "applicant": {"kind": "natural_person", "name": "陈静"},
         "content": "申请公开某路段改造资金"}])
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    ctx = UiContext(county, "测试员")
    changed = []
    ctx.bus.data_changed.connect(changed.append)
    screen = ExchangeScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.online.rowCount() == 0
    screen.sync_now()
    qtbot.waitUntil(lambda: screen.online.rowCount() == 1, timeout=15000)
    row = [screen.online.item(0, c).text() for c in range(screen.online.columnCount())]
    assert row[0].startswith("ZJYSQ") and row[4] == "2026-12-07" and row[6] == "办理中" and row[7] == "是"
    assert "登记网上申请1件" in shown[-1] and "register" in changed

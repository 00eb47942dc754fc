"""The first run of the window: the set-up wizard derives the review body as the clerk types, refuses a bad
profile, and no database file exists until it is finished."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app.domain.identifiers import org_code_check_char

CODE = "11330127MB0000001" + org_code_check_char("11330127MB0000001")


@pytest.fixture
def wizard(qtbot):
    from ui.main import make_application
    from ui.settings.setup_wizard import SetupWizard

    make_application()
    w = SetupWizard()
    qtbot.addWidget(w)
    w.show()
    return w


def _fill(w, kind="township"):
    w.findChild(type(w.kind_page.group.buttons()[0]), f"kind_{kind}").setChecked(True)
    w.name.setText("青山县白沙镇人民政府")
    w.org_code.setText(CODE)
    w.next()
    w.parent_name.setText("青山县人民政府")
    w.court.setText("青山县人民法院")
    w.doc_prefix.setText("白沙公开")


def test_review_body_follows_kind_and_parent(wizard):
    _fill(wizard)
    assert wizard.review_body.text() == "青山县人民政府"
    assert "第二十四条" in wizard.review_rule.text()
    wizard.parent_name.setText("")
    assert "填写本级人民政府" in wizard.review_body.text()


def test_finished_wizard_gives_the_profile(wizard):
    from app.core.profile import validate

    _fill(wizard)
    data = wizard.profile_data()
    assert data["level"] == "township" and data["review_agency"] == "青山县人民政府"
    assert validate(data)["doc_prefix"] == "白沙公开"
    wizard.own_review.setChecked(True)
    wizard.review_override.setText("临江市税务局")
    assert wizard.profile_data()["review_agency"] == "临江市税务局"


def test_bad_code_keeps_the_wizard_open(wizard):
    _fill(wizard)
    wizard.org_code.setText(CODE[:-1] + ("1" if CODE[-1] != "1" else "2"))
    assert not wizard.currentPage().validatePage()
    assert "校验位" in wizard.error.text()


def test_window_creates_no_database_when_set_up_is_cancelled(tmp_path, monkeypatch):
    import ui.main

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ui.main, "run_setup_wizard", lambda parent=None: None)
    path = tmp_path / "typo.sqlite3"
    assert ui.main.main(db=str(path), operator="测试员") == 0
    assert not path.exists()


def test_window_saves_the_set_up_profile_in_a_new_database(tmp_path, monkeypatch):
    import ui.main
    from app.core.profile import get_own_office
    from app.storage.db import Database

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ui.main, "run_setup_wizard", lambda parent=None: {
        "name": "青山县人民政府办公室", "org_code": CODE, "level": "county", "parent_name": "青山县人民政府",
        "review_agency": "青山县人民政府", "court": "青山县人民法院", "doc_prefix": "青政办公开"})
    shown = []
    monkeypatch.setattr(ui.main, "start_window", lambda db, name: shown.append(db) or (_ for _ in ()).throw(
        SystemExit(0)))
    path = tmp_path / "new.sqlite3"
    with pytest.raises(SystemExit):
        ui.main.main(db=str(path), operator="测试员")
    assert shown and path.exists()
    db = Database.open(str(path))
    try:
        with db.read_session() as s:
            assert get_own_office(s).review_agency == "青山县人民政府"
    finally:
        db.dispose()
        shown[0].dispose()

"""The 本机关信息 tab shows the review body the rule gives and refuses a contradicting one without a reason."""

from __future__ import annotations

from app.core import profile


def _tab(qtbot, db):
    from ui.context import UiContext
    from ui.settings.profile import ProfileSettingsTab

    tab = ProfileSettingsTab(UiContext(db, "测试员"))
    qtbot.addWidget(tab)
    return tab


def test_rule_follows_the_level_and_the_derived_body_is_saved(qtbot, db):
    tab = _tab(qtbot, db)
    form = tab.form
    assert form.edits["review_agency"].text() == ""  # derived: not typed
    assert "测试县人民政府" in form.rule.text() and "第二十四条第一款第（一）项" in form.rule.text()
    form.level.setCurrentIndex(form.level.findData("county-government"))
    form.edits["parent_name"].setText("临江市人民政府")
    assert "临江市人民政府" in form.rule.text() and "第十五条" in form.rule.text()
    assert tab.save()
    with db.read_session() as s:
        assert profile.get_own_office(s).review_agency == "临江市人民政府"


def test_contradicting_body_needs_a_reason(qtbot, db):
    tab = _tab(qtbot, db)
    form = tab.form
    form.edits["review_agency"].setText("临江市人民政府")
    assert "理由" in form.rule.text()
    assert not tab.save() and "理由" in form.error.text()
    form.edits["review_agency_reason"].setText("经市政府法制机构书面确认")
    assert tab.save()
    with db.read_session() as s:
        saved = profile.get_own_office(s)
    assert (saved.review_agency, saved.review_agency_reason) == ("临江市人民政府", "经市政府法制机构书面确认")

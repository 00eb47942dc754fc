"""Activity records: 政策解读 due within 3 working days of the document, late flags, validation."""

from __future__ import annotations

import datetime as dt

import pytest

from app import ledger
from app.errors import ValidationError
from tests.helpers.calendars import WeekdayCalendar

TODAY = dt.date(2025, 10, 20)


def _interpretation(session, published, occurred=None, title="关于进一步优化营商环境的若干措施"):
    return ledger.add_activity(session, {"kind": "政策解读", "document_title": title,
                                         "document_published_on": published, "occurred_on": occurred},
                               today=TODAY)


def test_interpretation_due_on_third_working_day_after_publication(session):
    # Friday 7 March 2025 → Mon 10, Tue 11, Wed 12.
    on_time = _interpretation(session, dt.date(2025, 3, 7), dt.date(2025, 3, 12))
    assert on_time.due_on == dt.date(2025, 3, 12) and not on_time.late
    assert on_time.title == "《关于进一步优化营商环境的若干措施》政策解读"
    late = _interpretation(session, dt.date(2025, 3, 7), dt.date(2025, 3, 13), title="县乡村振兴专项规划")
    assert late.late


def test_interpretation_due_skips_national_day_and_counts_makeup_day(session):
    # 30 Sep 2025; 1–8 Oct off; 9, 10 and Saturday 11 Oct (调休) are working days.
    info = _interpretation(session, dt.date(2025, 9, 30))
    assert info.due_on == dt.date(2025, 10, 11)
    assert not info.due_provisional
    assert info.late  # still unpublished on TODAY (20 Oct)
    assert [a.id for a in ledger.list_activities(session, today=TODAY, late=True)] == [info.id]
    assert [a.id for a in ledger.list_activities(session, today=TODAY, pending=True)] == [info.id]
    published = ledger.publish_interpretation(session, info.id, dt.date(2025, 10, 10), today=TODAY)
    assert not published.late
    assert ledger.list_activities(session, today=TODAY, late=True) == []


def test_weekday_fallback_calendar():
    due, provisional = ledger.interpretation_due(dt.date(2025, 9, 30), WeekdayCalendar())
    assert due == dt.date(2025, 10, 3) and provisional


def test_interpretation_needs_the_document(session):
    with pytest.raises(ValidationError) as err:
        ledger.add_activity(session, {"kind": "interpretation", "occurred_on": TODAY}, today=TODAY)
    assert "文件名称" in str(err.value)
    with pytest.raises(ValidationError):
        _interpretation(session, dt.date(2025, 10, 10), dt.date(2025, 10, 9))  # before the document


def test_interpretation_takes_title_and_date_from_the_catalogue_entry(session):
    from app import catalogue

    entry = catalogue.create_entry(session, {"title": "青山县河道管理办法", "published_on": "2025-03-07"})
    info = ledger.add_activity(session, {"kind": "政策解读", "document_uuid": entry.uuid,
                                         "occurred_on": dt.date(2025, 3, 12)}, today=TODAY)
    assert (info.document_title, info.document_published_on) == ("青山县河道管理办法", dt.date(2025, 3, 7))
    assert info.due_on == dt.date(2025, 3, 12) and not info.late
    with pytest.raises(ValidationError, match="文件名称"):  # an entry this database does not hold
        ledger.add_activity(session, {"kind": "政策解读", "document_uuid": "0" * 36, "occurred_on": TODAY},
                            today=TODAY)


def test_publication_channels_and_validation(session):
    a = ledger.add_activity(session, {"kind": "主动公开", "occurred_on": "2025年3月5日", "title": "3月网站信息",
                                      "channel": "政务微信", "quantity": "12"}, today=TODAY)
    assert (a.channel, a.channel_label, a.quantity, a.occurred_on) == ("wechat", "政务微信", 12, dt.date(2025, 3, 5))
    with pytest.raises(ValidationError) as err:
        ledger.add_activity(session, {"kind": "主动公开", "occurred_on": TODAY, "title": "x", "channel": "抖音"})
    assert "发布渠道" in str(err.value)
    with pytest.raises(ValidationError):
        ledger.add_activity(session, {"kind": "培训", "occurred_on": "2025-02-30", "title": "业务培训"})
    with pytest.raises(ValidationError):
        ledger.add_activity(session, {"kind": "培训", "occurred_on": TODAY, "title": "培训", "participants": -3})
    assert ledger.list_activities(session, today=TODAY) == [a]

"""The workbench's cross-area pieces name each area's function: the dashboard providers and the demo steps."""

from __future__ import annotations

import datetime as dt

import pytest

from app.workbench import dashboard, demo


def test_dashboard_providers_are_the_areas_sections_in_order():
    assert [(f.__module__, f.__name__) for f in dashboard.PROVIDERS] == [
        ("app.register.dashboard", "sections"), ("app.packages.inbox_dashboard", "sections"),
        ("app.ledger.dashboard", "sections"),
        ("app.catalogue.dashboard", "sections"), ("app.negative_list.dashboard", "sections"),
        ("app.redaction.dashboard", "sections")]


def test_dashboard_collects_every_area(session):
    titles = [s.title for s in dashboard.collect(session, dt.date(2025, 6, 1))]
    assert len(titles) >= 4 and len(set(titles)) == len(titles)


def test_a_failing_provider_fails_the_dashboard(session, monkeypatch):
    def broken(_session, _today):
        raise RuntimeError("台账提醒统计失败")

    # Once a provider module that failed to import was skipped and its reminders silently missing.
    monkeypatch.setattr(dashboard, "PROVIDERS", (*dashboard.PROVIDERS[:1], broken, *dashboard.PROVIDERS[2:]))
    with pytest.raises(RuntimeError, match="台账提醒统计失败"):
        dashboard.collect(session, dt.date(2025, 6, 1))


def test_demo_steps_are_each_areas_populate_in_order():
    assert [(f.__module__, f.__name__) for f in demo.DEMO_STEPS] == [
        (f"app.{area}.demo", "populate")
        for area in ("register", "catalogue", "negative_list", "ledger", "letters", "reports", "packages")]

"""Redaction section of the 工作台 dashboard: the catalogue attachments waiting for the privacy review."""

from __future__ import annotations

import datetime as dt

from app.core.dashboard import DashboardItem, DashboardSection


def sections(session, today: dt.date) -> list[DashboardSection]:
    from app.redaction.catalogue_scan import counts

    waiting, unscanned = counts(session)
    return [DashboardSection("公开前隐私检查", [
        DashboardItem("附件待审核", waiting, "soon" if waiting else "normal", "区分处理", "privacy_queue"),
        DashboardItem("附件未扫描", unscanned, "soon" if unscanned else "normal", "区分处理", "privacy_unscanned"),
    ])]

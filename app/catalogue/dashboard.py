"""Catalogue section of the 工作台 dashboard: counts of the catalogue warnings."""

from __future__ import annotations

import datetime as dt

from app.core.dashboard import DashboardItem, DashboardSection


def sections(session, today: dt.date) -> list[DashboardSection]:
    from app.catalogue import alerts as w

    late = w.late_publications(session, today)
    unreviewed = w.unreviewed_normative(session, today)
    idle = w.idle_directory_items(session, today)
    items = [
        DashboardItem("逾期公开", len(late), "overdue" if late else "normal", "公开目录", "late_publication"),
        DashboardItem("规范性文件有效性待审查", len(unreviewed), "soon" if unreviewed else "normal", "公开目录",
                      "unreviewed"),
        DashboardItem("标准目录事项未公开", len(idle), "soon" if idle else "normal", "公开目录", "idle_item"),
    ]
    return [DashboardSection("公开目录", items)]

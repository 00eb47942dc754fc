"""Charts of the annual report drawn with reportlab.graphics: by month, outcome mix, on-time rate, year on year."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from app.reports import labels as L

WIDTH = 440  # fits the 156 mm 版心 (442 pt)
HEIGHT = 190
MONTHS = [f"{m}月" for m in range(1, 13)]
PALETTE = [colors.HexColor(c) for c in ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47")]
OUTCOME_GROUPS = (
    ("予以公开", ("result.granted",)),
    ("部分公开", ("result.partial",)),
    ("不予公开", tuple(k for k in L.RESULT_KEYS if k.startswith("result.denied."))),
    ("无法提供", tuple(k for k in L.RESULT_KEYS if k.startswith("result.unavailable."))),
    ("不予处理", tuple(k for k in L.RESULT_KEYS if k.startswith("result.not_processed."))),
    ("其他处理", tuple(k for k in L.RESULT_KEYS if k.startswith("result.other."))),
)


def _axis_fonts(chart, font: str) -> None:
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8


def _value_max(values: list[float]) -> float:
    top = max(values or [0])
    if top <= 5:
        return 5
    step = 10 ** (len(str(int(top))) - 1)
    return ((int(top) // step) + 1) * step


def monthly_chart(by_month: list[int], font: str) -> Drawing:
    d = Drawing(WIDTH, HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 60, HEIGHT - 50
    chart.data = [list(by_month)]
    chart.categoryAxis.categoryNames = MONTHS
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _value_max(by_month)
    chart.bars[0].fillColor = PALETTE[0]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    _axis_fonts(chart, font)
    d.add(chart)
    return d


def outcome_chart(table, font: str) -> Drawing:
    d = Drawing(WIDTH, HEIGHT)
    values = [sum(table.rows[k][-1] for k in keys) for _, keys in OUTCOME_GROUPS]
    total = sum(values)
    if not total:
        d.add(String(WIDTH / 2, HEIGHT / 2, "本年度无办结的申请", fontName=font, fontSize=10, textAnchor="middle"))
        return d
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 60, 15, 160, 160
    shown = [(label, v) for (label, _), v in zip(OUTCOME_GROUPS, values) if v]
    pie.data = [v for _, v in shown]
    pie.labels = [f"{v / total:.0%}" for _, v in shown]
    pie.slices.fontName = font
    pie.slices.fontSize = 8
    pie.slices.strokeColor = colors.white
    for i in range(len(shown)):
        pie.slices[i].fillColor = PALETTE[[g for g, _ in OUTCOME_GROUPS].index(shown[i][0]) % len(PALETTE)]
    d.add(pie)
    legend = Legend()
    legend.x, legend.y = 270, 150
    legend.fontName = font
    legend.fontSize = 9
    legend.alignment = "right"
    legend.colorNamePairs = [(pie.slices[i].fillColor, f"{label}  {v}件") for i, (label, v) in enumerate(shown)]
    d.add(legend)
    return d


def on_time_chart(figures, font: str) -> Drawing:
    d = Drawing(WIDTH, HEIGHT)
    if not figures.replied_with_due:
        d.add(String(WIDTH / 2, HEIGHT / 2, "本年度无可比对答复期限的办结申请", fontName=font, fontSize=10,
                     textAnchor="middle"))
        return d
    rates = [
        (on / due * 100) if due else None for on, due in zip(figures.on_time_by_month, figures.due_by_month)
    ]
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 60, HEIGHT - 60
    chart.data = [[r if r is not None else 0 for r in rates]]
    chart.categoryAxis.categoryNames = MONTHS
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.lines[0].strokeColor = PALETTE[5]
    chart.lines[0].strokeWidth = 1.5
    _axis_fonts(chart, font)
    d.add(chart)
    rate = figures.on_time_rate or 0
    d.add(String(WIDTH / 2, HEIGHT - 14, f"全年按期答复率 {rate:.1%}（{figures.replied_on_time}/{figures.replied_with_due}）",
                 fontName=font, fontSize=9, textAnchor="middle"))
    return d


def year_on_year_chart(previous, current, font: str) -> Drawing:
    d = Drawing(WIDTH, HEIGHT)
    keys = (("本年新收", ("new",)), ("办结", ("result.total",)), ("予以公开及部分公开", ("result.granted", "result.partial")),
            ("结转下年度", ("carried_out",)))
    data = [[sum(t.rows[k][-1] for k in ks) for _, ks in keys] for t in (previous, current)]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 150, HEIGHT - 50
    chart.data = data
    chart.categoryAxis.categoryNames = [label for label, _ in keys]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _value_max([v for row in data for v in row])
    chart.bars[0].fillColor = PALETTE[2]
    chart.bars[1].fillColor = PALETTE[0]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    _axis_fonts(chart, font)
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 95, HEIGHT - 40
    legend.fontName = font
    legend.fontSize = 9
    legend.colorNamePairs = [(PALETTE[2], f"{previous.year}年"), (PALETTE[0], f"{current.year}年")]
    d.add(legend)
    return d


def chart_flowables(data, font: str) -> list[tuple[str, Drawing]]:
    """(caption, drawing) for the report's appendix."""
    year = data.year
    return [
        (f"图1　{year}年各月新收申请数量", monthly_chart(data.figures.received_by_month, font)),
        (f"图2　{year}年办理结果构成", outcome_chart(data.applications, font)),
        (f"图3　{year}年各月按期答复率", on_time_chart(data.figures, font)),
        (f"图4　{year - 1}年与{year}年对比", year_on_year_chart(data.previous, data.applications, font)),
    ]

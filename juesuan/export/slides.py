"""The meeting view of a report: a list of slides, each one chart and one takeaway.

This is the single source of what the deck, the one-page brief and the presentation page
show; they differ only in how they draw it. Every amount is read by juesuan.metrics, the
same rules the dashboard uses: in 万元 (a report printed in 元 is divided by 10 000), from
the tables first and from the narrative only where the tables do not carry them
(year-on-year changes and initial budgets exist only in the prose).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..metrics import (
    basic_project,
    class_general_outturn,
    class_names,
    first,
    headline,
    side_items,
    stated,
    table_value,
    to_wan,
)
from ..model import PerfProject, Report
from ..vocab import SANGONG_ITEMS, SEVERITIES
from . import takeaways as say

MAX_FINDINGS_LISTED = 8
MAX_PIE_SLICES, MIN_PIE_SHARE = 5, 0.05  # more or thinner slices than this read better as bars


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    """A category chart: 'pie' (one series), 'column' or 'bar' (one or more series)."""

    kind: str
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = "万元"


@dataclass
class Slide:
    key: str  # stable id: 'title', 'kpi', 'income', 'expenditure', …, 'project-1', 'findings'
    title: str
    takeaway: str = ""
    chart: Chart | None = None
    kpis: list[tuple[str, float]] = field(default_factory=list)  # (label, amount in 万元)
    bullets: list[str] = field(default_factory=list)


def _items(report: Report, side: str) -> list[tuple[str, float]]:
    """Non-zero source or class lines of one side of 公开01."""
    return [(i.name, i.amount) for i in side_items(report, "公开01", side) if i.amount]


def finding_field(finding: Any, name: str, default=None):
    """Findings come as juesuan.checks Finding objects or as their dicts."""
    return finding.get(name, default) if isinstance(finding, dict) else getattr(finding, name, default)


# ---------------------------------------------------------------------------
# The slides


def _title(report: Report) -> Slide:
    h = report.header
    year = f"{h.year}年度" if h.year else ""
    title = h.title or f"{year}{h.kind or ''}决算公开"
    return Slide("title", h.unit or "决算公开报告", takeaway=f"{title}　会议材料（金额单位：万元）")


def _amount(report: Report, table_id: str, row_key: str, column: str = "") -> float | None:
    return table_value(report, table_id, row_key, column).amount


def _kpis(report: Report) -> Slide | None:
    h = headline(report)
    pairs = [
        ("收入总计", _amount(report, "公开01", "收入.总计")),
        ("本年收入合计", h.income_total.amount),
        ("本年支出合计", h.expenditure_total.amount),
        ("财政拨款收入", first(table_value(report, "公开04", "收入.本年收入合计"), stated(report, "收入", "财政拨款收入")).amount),
        ("基本支出", h.basic.amount),
        ("项目支出", h.project.amount),
        ("“三公”经费决算", h.sangong_actual.amount),
        ("机关运行经费", h.admin_cost.amount),
    ]
    kpis = [(label, value) for label, value in pairs if value is not None]
    if not kpis:
        return None
    if h.change.known:
        takeaway = say.change("收支总计", h.change.amount, h.change_rate.amount)
    else:
        income, spent = h.income_total.amount, h.expenditure_total.amount
        takeaway = f"本年收入{say.wan(income)}，本年支出{say.wan(spent)}" if income is not None else ""
    return Slide("kpi", "主要指标", takeaway, kpis=kpis)


def _structure(key: str, title: str, items: list[tuple[str, float]]) -> Slide | None:
    """A pie where every slice is big enough to label, else bars from the largest down."""
    if not items:
        return None
    total = sum(v for _, v in items)
    readable = len(items) <= MAX_PIE_SLICES and min(v for _, v in items) >= total * MIN_PIE_SHARE
    if not readable:
        items = sorted(items, key=lambda i: -i[1])
    labels, values = [i[0] for i in items], [i[1] for i in items]
    chart = Chart("pie" if readable else "bar", title, labels, [Series("金额", values)])
    return Slide(key, title, say.largest_share(labels, values), chart=chart)


def _basic_vs_project(report: Report) -> Slide | None:
    basic, project = (v.amount for v in basic_project(report))
    if basic is None or project is None:
        return None
    chart = Chart("pie", "基本支出与项目支出", ["基本支出", "项目支出"], [Series("金额", [basic, project])])
    return Slide("basic-project", "基本支出与项目支出", say.split("基本支出", basic, "项目支出", project), chart=chart)


def _budget_vs_actual(report: Report) -> Slide | None:
    """Initial budget (stated in the prose) against the general-budget outturn, by class.

    Reports that state only the overall budget get the overall pair as the one category.
    """
    classes = class_names(report)
    names = list(dict.fromkeys(f.subject for f in report.figures if f.measure == "年初预算" and f.subject in classes))
    labels, budget, actual = [], [], []
    for name in names:
        b, a = stated(report, name, "年初预算").amount, class_general_outturn(report, name).amount
        if b is not None and a is not None:
            labels.append(name), budget.append(b), actual.append(a)
    total_budget = stated(report, "一般公共预算", "年初预算").amount
    total_actual = first(table_value(report, "公开04", "支出.本年支出合计", "一般公共预算财政拨款"),
                         stated(report, "一般公共预算", "支出")).amount
    has_total = total_budget is not None and total_actual is not None
    if not labels and has_total:
        labels, budget, actual = ["一般公共预算支出"], [total_budget], [total_actual]
    if not labels:
        return None
    parts = [say.completion("一般公共预算支出", total_actual, total_budget)] if has_total else []
    if len(labels) > 1 or not has_total:
        parts.append(say.widest_gap(labels, actual, budget))
    chart = Chart("column", "年初预算与决算对比", labels, [Series("年初预算", budget), Series("决算", actual)])
    return Slide("budget", "预算执行：年初预算与决算", "，".join(p for p in parts if p), chart=chart)


def _year_on_year(report: Report) -> Slide | None:
    labels, last, this = [], [], []
    total = first(table_value(report, "公开01", "收入.总计"), stated(report, "收支总计", "收入总计")).amount
    delta = stated(report, "收支总计", "较上年增减").amount
    if total is not None and delta is not None:
        labels.append("收支总计"), this.append(total), last.append(total - delta)
    classes = class_names(report)
    for fig in report.figures:
        if fig.measure != "较上年增减" or fig.subject not in classes or fig.subject in labels:
            continue
        current = class_general_outturn(report, fig.subject).amount
        if current is not None:
            labels.append(fig.subject), this.append(current), last.append(current - to_wan(report, fig.value))
    if not labels:
        return None
    takeaway = say.change(labels[0], this[0] - last[0], stated(report, labels[0], "较上年增减率", money=False).amount)
    chart = Chart("column", "与上年对比", labels, [Series("上年", [round(v, 2) for v in last]), Series("本年", this)])
    return Slide("yoy", "与上年对比", takeaway, chart=chart)


def _sangong(report: Report) -> Slide | None:
    table = report.table("公开09")
    budget = [_amount(report, "公开09", "预算数", item) for item in SANGONG_ITEMS]
    actual = [_amount(report, "公开09", "决算数", item) for item in SANGONG_ITEMS]
    h = headline(report)
    total, total_budget = h.sangong_actual.amount, h.sangong_budget.amount
    if table is None and total is None:
        return None
    title = "“三公”经费"
    takeaway = say.sangong(total, total_budget)
    if not any(actual) and not any(budget):
        note = table.no_data_note if table is not None and table.no_data_note else "本年度无“三公”经费预算和支出"
        return Slide("sangong", title, takeaway, bullets=[note])
    chart = Chart(
        "column",
        "“三公”经费预算与决算",
        list(SANGONG_ITEMS),
        [Series("预算数", [v or 0.0 for v in budget]), Series("决算数", [v or 0.0 for v in actual])],
    )
    return Slide("sangong", title, takeaway, chart=chart)


def _value(cell) -> Decimal | None:
    return cell.value if cell is not None else None


def _project(index: int, report: Report, p: PerfProject) -> Slide:
    amounts = [("预算金额", p.budget), ("实际到位金额", p.funded), ("实际执行金额", p.spent)]
    amounts = [(label, to_wan(report, _value(c))) for label, c in amounts if _value(c) is not None]
    rate, score = _value(p.execution_rate), _value(p.score)
    bullets = []
    if p.indicators:
        bullets.append(f"绩效指标{len(p.indicators)}个")
    bullets += [f"{ind.name}：目标{ind.target}，完成{ind.actual}" for ind in p.indicators[:4] if ind.target or ind.actual]
    chart = None
    if amounts:
        chart = Chart("column", "项目资金", [a[0] for a in amounts], [Series("金额", [a[1] for a in amounts])])
    return Slide(f"project-{index}", f"绩效自评：{p.name}", say.project(rate, score, p.grade), chart=chart, bullets=bullets)


def _findings(findings: Sequence[Any]) -> Slide:
    counts = Counter(finding_field(f, "severity") for f in findings)
    ordered = {s: counts.get(s, 0) for s in SEVERITIES}
    ranked = sorted(findings, key=lambda f: SEVERITIES.index(finding_field(f, "severity")) if finding_field(f, "severity") in SEVERITIES else 9)
    bullets = [finding_line(f) for f in ranked[:MAX_FINDINGS_LISTED]]
    if len(findings) > MAX_FINDINGS_LISTED:
        bullets.append(f"……另有{len(findings) - MAX_FINDINGS_LISTED}项，见审核明细")
    chart = None
    if findings:
        chart = Chart("bar", "审核发现（按严重程度）", list(ordered), [Series("项数", [float(v) for v in ordered.values()])], unit="项")
    return Slide("findings", "审核发现", say.findings(ordered), chart=chart, bullets=bullets)


def finding_line(finding: Any) -> str:
    """'【错误】message（第3、5页）'."""
    pages = finding_field(finding, "pages") or []
    where = f"（第{'、'.join(str(p) for p in pages)}页）" if pages else ""
    return f"【{finding_field(finding, 'severity', '')}】{finding_field(finding, 'message', '')}{where}"


def build_slides(report: Report, findings: Iterable[Any] | None = None) -> list[Slide]:
    """The slides of the meeting deck, in order; slides without data are left out.

    `findings` are juesuan.checks findings (objects or dicts); None leaves the review
    slide out (the review was not run), an empty list says it found nothing.
    """
    slides = [
        _title(report),
        _kpis(report),
        _structure("income", "收入结构", _items(report, "收入")),
        _structure("expenditure", "支出结构（按功能分类）", _items(report, "支出")),
        _basic_vs_project(report),
        _budget_vs_actual(report),
        _year_on_year(report),
        _sangong(report),
    ]
    slides += [_project(i, report, p) for i, p in enumerate(report.projects, 1)]
    if findings is not None:
        slides.append(_findings(list(findings)))
    return [s for s in slides if s is not None]

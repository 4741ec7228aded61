"""The meeting view of a report: a list of slides, each one chart and one takeaway.

This is the single source of what the deck, the one-page brief and the presentation page
show; they differ only in how they draw it. Every amount is read through juesuan.metrics'
measure table, as the dashboard reads it: in 万元, from the tables first and from the
narrative only where no table carries it (year-on-year changes and initial budgets exist only
in the prose), each KPI and chart saying its basis (全部资金 / 财政拨款 / 一般公共预算).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..metrics import (
    ADMIN,
    APPROPRIATION_INCOME,
    BASIC,
    EXPENDITURE,
    GENERAL_BUDGET_PLAN,
    GENERAL_SPENDING,
    GRAND_INCOME,
    INCOME,
    PROJECT,
    SANGONG,
    SANGONG_BUDGET,
    Facts,
    Value,
    class_names,
    class_outturn,
    completion,
    items,
    read,
    sangong_item,
    stated_measure,
)
from ..model import PerfProject, Report
from ..vocab import ALL_FUNDS, SANGONG_ITEMS, SEVERITIES, chart_number, to_wan
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
class Kpi:
    """A headline number: its measure's name, the value (万元) and the basis it is on."""

    label: str
    value: Value

    @property
    def text(self) -> str:
        """'1,234.56', or 未能识别 where the report prints it unreadably."""
        return f"{self.value.amount:,.2f}" if self.value.known else self.value.missing


@dataclass
class Slide:
    key: str  # stable id: 'title', 'kpi', 'income', 'expenditure', …, 'project-1', 'findings'
    title: str
    takeaway: str = ""
    chart: Chart | None = None
    kpis: list[Kpi] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def _items(facts: Facts, side: str) -> list[tuple[str, float]]:
    """Non-zero source or class lines of one side of 公开01 (all funds)."""
    return [(i.name, i.value.amount) for i in items(facts, side) if i.value.number]


def _titled(title: str, *values: Value) -> str:
    """A chart title with the basis its numbers are on: '基本支出与项目支出（全部资金）'."""
    bases = list(dict.fromkeys(v.basis for v in values if v.basis))
    return f"{title}（{'、'.join(bases)}）" if bases else title


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


KPI_MEASURES = (GRAND_INCOME, INCOME, EXPENDITURE, APPROPRIATION_INCOME, BASIC, PROJECT, SANGONG, ADMIN)


def _kpis(facts: Facts) -> Slide | None:
    """The headline numbers the report states (or prints unreadably); a missing one is left out."""
    kpis = [Kpi(m.name, v) for m in KPI_MEASURES if (v := read(facts, m)).known or v.unreadable]
    if not kpis:
        return None
    change = read(facts, stated_measure("收支总计", "较上年增减", ALL_FUNDS))
    if change.known:
        rate = read(facts, stated_measure("收支总计", "较上年增减率", ALL_FUNDS, money=False))
        takeaway = say.change("收支总计", change.amount, rate.amount)
    else:
        income, spent = read(facts, INCOME), read(facts, EXPENDITURE)
        takeaway = f"本年收入{say.wan(income.amount)}，本年支出{say.wan(spent.amount)}" if income.known else ""
    return Slide("kpi", "主要指标", takeaway, kpis=kpis)


def _structure(key: str, title: str, items: list[tuple[str, float]]) -> Slide | None:
    """A pie where every slice is big enough to label, else bars from the largest down (公开01's
    lines: all funds, as the chart title says)."""
    if not items:
        return None
    total = sum(v for _, v in items)
    readable = len(items) <= MAX_PIE_SLICES and min(v for _, v in items) >= total * MIN_PIE_SHARE
    if not readable:
        items = sorted(items, key=lambda i: -i[1])
    labels, values = [i[0] for i in items], [i[1] for i in items]
    chart = Chart("pie" if readable else "bar", f"{title}（{ALL_FUNDS}）", labels, [Series("金额", values)])
    return Slide(key, title, say.largest_share(labels, values), chart=chart)


def _basic_vs_project(facts: Facts) -> Slide | None:
    basic, project = read(facts, BASIC), read(facts, PROJECT)
    if not basic.known or not project.known:
        return None
    title = _titled("基本支出与项目支出", basic, project)
    chart = Chart("pie", title, ["基本支出", "项目支出"], [Series("金额", [basic.amount, project.amount])])
    return Slide("basic-project", "基本支出与项目支出",
                 say.split("基本支出", basic.amount, "项目支出", project.amount), chart=chart)


def _budget_vs_actual(report: Report, facts: Facts) -> Slide | None:
    """Initial budget (stated in the prose) against the general-budget outturn, by class.

    Reports that state only the overall budget get the overall pair as the one category.
    """
    classes = class_names(report)
    names = list(dict.fromkeys(f.subject for f in report.figures if f.measure == "年初预算" and f.subject in classes))
    labels, budget, actual, rates, shown = [], [], [], [], []
    for name in names:
        b, a = read(facts, stated_measure(name, "年初预算")), read(facts, class_outturn(name))
        if b.known and a.known:
            labels.append(name), budget.append(b.amount), actual.append(a.amount), shown.append(a)
            rates.append(completion(facts, name, a, b).amount)
    total_budget, total_actual = read(facts, GENERAL_BUDGET_PLAN), read(facts, GENERAL_SPENDING)
    total_rate = completion(facts, "一般公共预算", total_actual, total_budget)
    has_total = total_budget.known and total_actual.known
    if not labels and has_total:
        labels, budget, actual, shown = ["一般公共预算支出"], [total_budget.amount], [total_actual.amount], [total_actual]
        rates = [total_rate.amount]
    if not labels:
        return None
    parts = [say.completion("一般公共预算支出", total_rate.amount)] if has_total else []
    if len(labels) > 1 or not has_total:
        parts.append(say.widest_gap(labels, rates))
    chart = Chart("column", _titled("年初预算与决算对比", *shown), labels,
                  [Series("年初预算", budget), Series("决算", actual)])
    return Slide("budget", "预算执行：年初预算与决算", "，".join(p for p in parts if p), chart=chart)


def _year_on_year(report: Report, facts: Facts) -> Slide | None:
    """This year against last year as the prose states the change: 收支总计 (all funds), then
    each class (its general-budget outturn, as 预算执行 shows it)."""
    labels, last, this, shown = [], [], [], []
    rows = [("收支总计", read(facts, GRAND_INCOME))]
    classes = class_names(report)
    rows += [(f.subject, read(facts, class_outturn(f.subject))) for f in report.figures
             if f.measure == "较上年增减" and f.subject in classes]
    for subject, current in rows:
        delta = read(facts, stated_measure(subject, "较上年增减"))
        if current.known and delta.known and subject not in labels:
            labels.append(subject), this.append(current.amount), shown.append(current)
            last.append(chart_number(current.number - delta.number))
    if not labels:
        return None
    rate = read(facts, stated_measure(labels[0], "较上年增减率", money=False))
    takeaway = say.change(labels[0], this[0] - last[0], rate.amount)
    chart = Chart("column", _titled("与上年对比", *shown), labels, [Series("上年", last), Series("本年", this)])
    return Slide("yoy", "与上年对比", takeaway, chart=chart)


def _sangong(report: Report, facts: Facts) -> Slide | None:
    table = report.table("公开09")
    total, total_budget = read(facts, SANGONG), read(facts, SANGONG_BUDGET)
    title = "“三公”经费"
    if total.unreadable:
        return Slide("sangong", title, f"“三公”经费决算{total.missing}")
    if table is None and not total.known:
        return None
    budget = [read(facts, sangong_item(item, "预算数")).amount for item in SANGONG_ITEMS]
    actual = [read(facts, sangong_item(item, "决算数")).amount for item in SANGONG_ITEMS]
    takeaway = say.sangong(total.amount, total_budget.amount)
    if not any(actual) and not any(budget):
        note = table.no_data_note if table is not None and table.no_data_note else "本年度无“三公”经费预算和支出"
        return Slide("sangong", title, takeaway, bullets=[note])
    chart = Chart(
        "column",
        _titled("“三公”经费预算与决算", total),
        list(SANGONG_ITEMS),
        [Series("预算数", [v or 0.0 for v in budget]), Series("决算数", [v or 0.0 for v in actual])],
    )
    return Slide("sangong", title, takeaway, chart=chart)


def _value(cell) -> Decimal | None:
    return cell.value if cell is not None else None


def _project(index: int, report: Report, p: PerfProject) -> Slide:
    amounts = [("预算金额", p.budget), ("实际到位金额", p.funded), ("实际执行金额", p.spent)]
    amounts = [(label, chart_number(to_wan(_value(c), report.header.money_unit)))
               for label, c in amounts if _value(c) is not None]
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
    facts = Facts.of_report(report)
    slides = [
        _title(report),
        _kpis(facts),
        _structure("income", "收入结构", _items(facts, "收入")),
        _structure("expenditure", "支出结构（按功能分类）", _items(facts, "支出")),
        _basic_vs_project(facts),
        _budget_vs_actual(report, facts),
        _year_on_year(report, facts),
        _sangong(report, facts),
    ]
    slides += [_project(i, report, p) for i, p in enumerate(report.projects, 1)]
    if findings is not None:
        slides.append(_findings(list(findings)))
    return [s for s in slides if s is not None]

"""The meeting view of a report: five to eight slides, each titled with its takeaway.

This is the single source of what the deck, the one-page brief and the presentation page
show; they differ only in how they draw it. Every amount is read through juesuan.metrics'
measure table, as the dashboard reads it: in 万元, from the tables first and from the
narrative only where no table carries it, each KPI and chart saying its basis (全部资金 /
财政拨款 / 一般公共预算). A number the review disputes carries juesuan.review's marker, and
its slide says what it disagrees with. Each slide knows the pages its numbers stand on and
carries speaker notes with the detail its title sums up.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import keys
from ..budget_items import budget_items
from ..checks.names import FactNames
from ..describe import incomplete_note
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
    ratio,
    read,
    sangong_item,
    stated_measure,
)
from ..model import Report
from ..review import DISPUTED_MARK, Disputes, as_findings, problem_counts, ranked_problems, where
from ..vocab import ALL_FUNDS, SANGONG_ITEMS, chart_number, to_wan
from . import takeaways as say

MAX_SLIDES = 8
MAX_FINDINGS_LISTED = 5
MAX_PIE_SLICES, MIN_PIE_SHARE = 5, 0.05  # more or thinner slices than this read better as bars
MAX_BARS = 8  # a structure chart's largest categories; the rest are summed as 其他
# Which slides stay when a report has more than MAX_SLIDES: the cover, the headline numbers
# and the review always; then the others in this order.
PRIORITY = ("title", "kpi", "findings", "expenditure", "budget", "basic-project", "yoy", "performance", "sangong",
            "income")


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    """A category chart: 'pie' (one series), 'column' or 'bar' (one or more series); always
    two categories or more (one bar says nothing a number would not)."""

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
    disputed: bool = False

    @property
    def text(self) -> str:
        """'1,234.56' (with the disputed marker where the review disputes it), or 未能识别."""
        if not self.value.known:
            return self.value.missing
        return f"{self.value.amount:,.2f}" + (f" {DISPUTED_MARK}" if self.disputed else "")


@dataclass
class Slide:
    key: str  # stable id: 'title', 'kpi', 'income', 'expenditure', …, 'findings'
    topic: str  # what the slide is about, in a few words: '支出结构'
    title: str  # the takeaway, written from the numbers: '一般公共服务支出占84.06%'
    chart: Chart | None = None
    kpis: list[Kpi] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the speaker's detail
    sources: list[str] = field(default_factory=list)  # '公开01表第5页', where the numbers stand
    flags: list[str] = field(default_factory=list)  # '※ 基本支出与…不一致，见审核发现'; the cover's: the report is incomplete
    problems: list = field(default_factory=list)  # the findings slide's problems (juesuan.checks Finding), ranked


class _Reading:
    """One report's facts and disputes, and what a slide collects while it reads them."""

    def __init__(self, report: Report, findings: list | None):
        self.report = report
        self.facts = Facts.of_report(report)
        self.disputes = Disputes(findings or [], FactNames(report))

    def read(self, measure) -> Value:
        return read(self.facts, measure)

    def label(self, slide: Slide, name: str, value: Value) -> str:
        """`name`, marked when the review disputes the value (the slide says why)."""
        slide.sources += [s for s in _sources(value) if s not in slide.sources]
        dispute = self.disputes.of(value.keys) if value.known else None
        if dispute is None:
            return name
        flag = f"{DISPUTED_MARK} {name}{dispute.note}"
        if flag not in slide.flags:
            slide.flags.append(flag)
        return f"{name}{DISPUTED_MARK}"


def _sources(value: Value) -> list[str]:
    """'公开01表第5页' for each part of the report a value stands in."""
    if not value.keys or keys.head(value.keys[0]) == value.keys[0]:
        return []
    return [keys.part_name(value.keys[0]) + (f"第{value.page}页" if value.page else "")]


def _titled(title: str, *values: Value) -> str:
    """A chart title with the basis its numbers are on: '基本支出与项目支出（全部资金）'."""
    bases = list(dict.fromkeys(v.basis for v in values if v.basis))
    return f"{title}（{'、'.join(bases)}）" if bases else title


def _amount_notes(labels: list[str], values: list[float], unit: str = "万元") -> list[str]:
    total = sum(values)
    return [f"{label}：{v:,.2f}{unit}" + (f"（占{say.pct(say.share(v, total))}）" if total and unit == "万元" else "")
            for label, v in zip(labels, values)]


# ---------------------------------------------------------------------------
# The slides


def _title(r: _Reading) -> Slide:
    h = r.report.header
    year = f"{h.year}年度" if h.year else ""
    kind = h.title or f"{year}{h.kind or ''}决算"
    note = incomplete_note(r.report)  # a report with unread pages says so on its cover, wherever it is shown
    return Slide("title", "封面", h.unit or "决算公开报告", bullets=[f"{kind}　会议材料", "金额单位：万元"],
                 flags=[note] if note else [])


KPI_MEASURES = (GRAND_INCOME, INCOME, EXPENDITURE, APPROPRIATION_INCOME, BASIC, PROJECT, SANGONG, ADMIN)


def _kpis(r: _Reading) -> Slide | None:
    """The headline numbers the report states (or prints unreadably); a missing one is left out."""
    slide = Slide("kpi", "主要指标", "")
    for m in KPI_MEASURES:
        v = r.read(m)
        if v.known or v.unreadable:
            shown = r.label(slide, m.name, v)
            slide.kpis.append(Kpi(m.name, v, disputed=shown != m.name))
            slide.notes.append(f"{m.name}：{Kpi(m.name, v).text}{'万元' if v.known else ''}（{v.basis}）")
    if not slide.kpis:
        return None
    spent = r.read(EXPENDITURE)
    parts = [f"本年支出{say.wan(spent.amount)}"] if spent.known else []
    change = r.read(stated_measure("收支总计", "较上年增减", ALL_FUNDS))
    if change.known:
        rate = r.read(stated_measure("收支总计", "较上年增减率", ALL_FUNDS, money=False))
        parts.append(say.change("收支总计", change.amount, rate.amount))
    budget, actual = r.read(GENERAL_BUDGET_PLAN), r.read(GENERAL_SPENDING)
    rate = completion(r.facts, "一般公共预算", actual, budget)
    if rate.known and budget.amount:
        parts.append(say.completion("一般公共预算支出", rate.amount))
    slide.title = "，".join(parts) or "主要指标"
    return slide


def _structure(r: _Reading, key: str, topic: str, side: str, lead: str) -> Slide | None:
    """A pie where every slice is big enough to label, else bars from the largest down (公开01's
    lines: all funds, as the chart title says)."""
    found = [i for i in items(r.facts, side) if i.value.number]
    if len(found) < 2:
        return None
    slide = Slide(key, topic, "")
    pairs = sorted(((r.label(slide, i.name, i.value), i.value.amount) for i in found), key=lambda p: -p[1])
    labels, values = [p[0] for p in pairs], [p[1] for p in pairs]
    slide.notes = _amount_notes(labels, values)
    if len(labels) > MAX_BARS:
        labels, values = labels[: MAX_BARS - 1] + ["其他"], values[: MAX_BARS - 1] + [sum(values[MAX_BARS - 1:])]
    total = sum(values)
    pie = len(labels) <= MAX_PIE_SLICES and min(values) >= total * MIN_PIE_SHARE
    slide.chart = Chart("pie" if pie else "bar", f"{topic}（{ALL_FUNDS}）", labels, [Series("金额", values)])
    slide.title = f"{lead}{labels[0].rstrip(DISPUTED_MARK)}，占{say.pct(say.share(values[0], total))}"
    return slide


def _basic_vs_project(r: _Reading) -> Slide | None:
    basic, project = r.read(BASIC), r.read(PROJECT)
    if not basic.known or not project.known or not (basic.number or project.number):
        return None
    slide = Slide("basic-project", "基本支出与项目支出", say.split("基本支出", basic.amount, "项目支出", project.amount))
    labels = [r.label(slide, "基本支出", basic), r.label(slide, "项目支出", project)]
    slide.chart = Chart("pie", _titled("基本支出与项目支出", basic, project), labels,
                        [Series("金额", [basic.amount, project.amount])])
    slide.notes = _amount_notes(labels, [basic.amount, project.amount]) + [f"口径：{basic.basis}"]
    return slide


def _budget_vs_actual(r: _Reading) -> Slide | None:
    """Initial budget (stated in the prose) against the general-budget outturn, by class; a
    report that states only the overall budget gets the one pair as two bars."""
    classes = class_names(r.report)
    names = list(dict.fromkeys(f.subject for f in r.report.figures if f.measure == "年初预算" and f.subject in classes))
    slide = Slide("budget", "预算执行", "")
    labels, budget, actual, rates, shown = [], [], [], [], []
    for name in names:
        b, a = r.read(stated_measure(name, "年初预算")), r.read(class_outturn(name))
        if b.known and a.known:
            labels.append(r.label(slide, name, a)), budget.append(b.amount), actual.append(a.amount), shown.append(a)
            rates.append(completion(r.facts, name, a, b).amount)
    if len(labels) < 2:  # budgets given per 项 (the Shanghai layout): the largest items
        items = sorted(budget_items(r.report), key=lambda i: -(i.budget.amount or 0))[:MAX_BARS]
        labels, budget, actual, shown = [], [], [], []
        for item in items:
            labels.append(r.label(slide, item.name, item.outturn)), budget.append(item.budget.amount)
            actual.append(item.outturn.amount), shown.append(item.outturn)
        rates = [ratio(i.outturn, i.budget).amount for i in items]
    total_budget, total_actual = r.read(GENERAL_BUDGET_PLAN), r.read(GENERAL_SPENDING)
    total_rate = completion(r.facts, "一般公共预算", total_actual, total_budget)
    has_total = total_budget.known and total_actual.known and bool(total_budget.number)
    parts = [say.completion("一般公共预算支出", total_rate.amount)] if has_total else []
    if len(labels) >= 2:
        parts.append(say.widest_gap([x.rstrip(DISPUTED_MARK) for x in labels], rates))
        slide.chart = Chart("column", _titled("年初预算与决算对比", *shown), labels,
                            [Series("年初预算", budget), Series("决算", actual)])
        slide.notes = [f"{label}：年初预算{b:,.2f}万元，决算{a:,.2f}万元，完成{say.pct(rate)}"
                       for label, b, a, rate in zip(labels, budget, actual, rates)]
    elif has_total:
        label = r.label(slide, "决算", total_actual)
        slide.chart = Chart("column", _titled("一般公共预算支出：年初预算与决算", total_actual), ["年初预算", label],
                            [Series("一般公共预算支出", [total_budget.amount, total_actual.amount])])
        slide.sources += [s for s in _sources(total_budget) if s not in slide.sources]
    else:
        return None
    slide.title = "，".join(p for p in parts if p)
    return slide


def _year_on_year(r: _Reading) -> Slide | None:
    """This year against last year as the prose states the change: 收支总计 (all funds), then
    each class (its general-budget outturn, as 预算执行 shows it)."""
    slide = Slide("yoy", "与上年对比", "")
    labels, last, this, shown = [], [], [], []
    classes = class_names(r.report)
    rows = [("收支总计", r.read(GRAND_INCOME))] + [(f.subject, r.read(class_outturn(f.subject))) for f in r.report.figures
                                                  if f.measure == "较上年增减" and f.subject in classes]
    for subject, current in rows:
        delta = r.read(stated_measure(subject, "较上年增减"))
        if current.known and delta.known and subject not in labels:
            labels.append(subject), this.append(current.amount), shown.append(current)
            last.append(chart_number(current.number - delta.number))
            r.label(slide, subject, current)
    if not labels:
        return None
    rate = r.read(stated_measure(labels[0], "较上年增减率", money=False))
    slide.title = say.change(labels[0], this[0] - last[0], rate.amount)
    if len(labels) >= 2:
        slide.chart = Chart("column", _titled("与上年对比", *shown), labels, [Series("上年", last), Series("本年", this)])
    else:
        slide.chart = Chart("column", _titled(f"{labels[0]}：上年与本年", *shown), ["上年", "本年"],
                            [Series(labels[0], [last[0], this[0]])])
    slide.notes = [f"{label}：上年{a:,.2f}万元，本年{b:,.2f}万元，增减{b - a:+,.2f}万元"
                   for label, a, b in zip(labels, last, this)]
    return slide


def _sangong(r: _Reading) -> Slide | None:
    """The 三公 items with a budget or an outturn; none when nothing was budgeted or spent
    (the headline numbers say 0)."""
    total, total_budget = r.read(SANGONG), r.read(SANGONG_BUDGET)
    slide = Slide("sangong", "“三公”经费", "")
    if total.unreadable:
        slide.title = f"“三公”经费决算{total.missing}"
        slide.bullets = ["公开09表未能可靠识别，请核对原表"]
        return slide
    pairs = [(item, r.read(sangong_item(item, "预算数")), r.read(sangong_item(item, "决算数"))) for item in SANGONG_ITEMS]
    pairs = [(r.label(slide, item, a), b.amount or 0.0, a.amount or 0.0) for item, b, a in pairs if b.amount or a.amount]
    if not pairs:
        return None
    r.label(slide, "“三公”经费决算", total)
    slide.title = say.sangong(total.amount, total_budget.amount)
    if len(pairs) >= 2:
        slide.chart = Chart("column", _titled("“三公”经费预算与决算", total), [p[0] for p in pairs],
                            [Series("预算数", [p[1] for p in pairs]), Series("决算数", [p[2] for p in pairs])])
    else:
        item, b, a = pairs[0]
        slide.chart = Chart("column", _titled(f"{item}：预算与决算", total), ["预算数", "决算数"], [Series(item, [b, a])])
    slide.notes = [f"{item}：预算{b:,.2f}万元，决算{a:,.2f}万元" for item, b, a in pairs]
    return slide


def _value(cell) -> Decimal | None:
    return cell.value if cell is not None else None


def _performance(r: _Reading) -> Slide | None:
    """Every attached 绩效自评表 on one slide: the scores side by side, a line per project."""
    projects = r.report.projects
    if not projects:
        return None
    unit = r.report.header.money_unit
    slide = Slide("performance", "绩效自评", "")
    lines, scored = [], []
    for p in projects:
        rate, score = _value(p.execution_rate), _value(p.score)
        lines.append(f"{p.name}：{say.project(rate, score, p.grade) or '自评表未填写得分'}")
        if score is not None:
            scored.append((p.name, float(score)))
        spent = _value(p.spent)
        if spent is not None:
            slide.notes.append(f"{p.name}：实际执行{chart_number(to_wan(spent, unit)):,.2f}万元")
        if p.page:
            slide.sources.append(f"绩效自评表第{p.page}页")
    slide.bullets = lines
    slide.notes = lines + slide.notes
    if len(scored) >= 2:
        slide.chart = Chart("bar", "各项目自评得分", [s[0] for s in scored], [Series("自评得分", [s[1] for s in scored])],
                            unit="分")
        low = min(scored, key=lambda s: s[1])
        slide.title = f"{len(projects)}个项目开展绩效自评，最低为{low[0]}{low[1]:g}分"
    else:
        slide.title = lines[0] if len(projects) == 1 else f"{len(projects)}个项目开展绩效自评"
    return slide


def problem_text(finding) -> str:
    """A problem as the deck and brief list it: the review's plain words and its pages."""
    return f"【{finding.severity}】{finding.message}{where(finding)}"


def _findings(findings: list) -> Slide:
    problems = ranked_problems(findings)
    counts = problem_counts(findings)
    slide = Slide("findings", "审核发现", say.findings(counts), problems=problems)
    slide.bullets = [problem_text(f) for f in problems[:MAX_FINDINGS_LISTED]]
    if len(problems) > MAX_FINDINGS_LISTED:
        slide.bullets.append(f"……另有{len(problems) - MAX_FINDINGS_LISTED}个问题，见Excel工作簿“审核发现”表")
    slide.notes = [problem_text(f) for f in problems]
    slide.sources = [f"第{p}页" for p in sorted({p for f in problems[:MAX_FINDINGS_LISTED] for p in f.pages})]
    return slide


def build_slides(report: Report, findings: Iterable[Any] | None = None) -> list[Slide]:
    """The slides of the meeting deck, in order: only those with something to show, at most
    MAX_SLIDES (the less important dropped first, see PRIORITY).

    `findings` are juesuan.checks findings (objects or dicts); None leaves the review
    slide out (the review was not run), an empty list says it found nothing.
    """
    findings = None if findings is None else as_findings(findings)
    r = _Reading(report, findings)
    slides = [
        _title(r),
        _kpis(r),
        _structure(r, "expenditure", "支出结构", "支出", "支出最多的是"),
        _structure(r, "income", "收入结构", "收入", "收入主要来自"),
        _basic_vs_project(r),
        _budget_vs_actual(r),
        _year_on_year(r),
        _sangong(r),
        _performance(r),
        _findings(findings) if findings is not None else None,
    ]
    slides = [s for s in slides if s is not None]
    kept = {s.key for s in sorted(slides, key=lambda s: PRIORITY.index(s.key))[:MAX_SLIDES]}
    return [s for s in slides if s.key in kept]


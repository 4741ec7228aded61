"""The meeting view of a report: a list of slides, each one chart and one takeaway.

This is the single source of what the deck, the one-page brief and the presentation page
show; they differ only in how they draw it. Amounts are converted to 万元 here (a report
printed in 元 is divided by 10 000), so every renderer can label its axes 万元.

Numbers come from the tables first and from the narrative only where the tables do not
carry them (year-on-year changes and initial budgets exist only in the prose).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Sequence

from ..model import PerfProject, Report, Table
from ..parse.normalize import key_part
from . import takeaways as say

SEVERITIES = ("错误", "警告", "提示")
# 公开09's leaf items, in the printed order (the 合计 and 小计 columns are sums of these).
SANGONG_ITEMS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
# Words that mark a total or carry-over line of 公开01/04 rather than one source or class.
_TOTAL_WORDS = ("合计", "总计", "结转", "结余")
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


# ---------------------------------------------------------------------------
# Reading numbers from the model


class _Numbers:
    """Amounts of one report, in 万元, looked up by meaning."""

    def __init__(self, report: Report):
        self.report = report
        self.scale = Decimal(1) / Decimal(10000) if report.header.money_unit == "元" else Decimal(1)

    def money(self, value: Decimal | None) -> float | None:
        return None if value is None else float(value * self.scale)

    def cell(self, table_id: str, row_key: str, column: str = "") -> float | None:
        table = self.report.table(table_id)
        return self.money(table.value(row_key, column)) if table else None

    def stated(self, subject: str, measure: str, money: bool = True) -> float | None:
        fig = self.report.figure(subject, measure)
        if fig is None:
            return None
        return self.money(fig.value) if money else float(fig.value)

    def side_items(self, table_id: str, side: str) -> list[tuple[str, float]]:
        """Non-zero source or class lines of one side of a two-sided table (公开01)."""
        table = self.report.table(table_id)
        if table is None:
            return []
        items = []
        for row in table.rows:
            if not row.key.startswith(side + ".") or any(w in row.key for w in _TOTAL_WORDS):
                continue
            value = self.money(row.value(""))
            if value:
                items.append((row.key.split(".", 1)[1], value))  # the normalised label, without 一、
        return items

    def class_actual(self, name: str) -> float | None:
        """A function class's general-budget outturn: 公开05, else 公开04, else 公开01, else the prose."""
        t05 = self.report.table("公开05")
        if t05:
            row = _row_named(t05, name)
            if row is not None and row.cells:
                return self.money(row.value(_total_column(t05)))
        for table_id, key, column in (("公开04", f"支出.{name}", "一般公共预算财政拨款"), ("公开01", f"支出.{name}", "")):
            value = self.cell(table_id, key, column)
            if value is not None:
                return value
        return self.stated(name, "决算")


def _row_named(table: Table, name: str):
    want = key_part(name)
    for row in table.rows:
        if key_part(row.label) == want:
            return row
    return None


def _total_column(table: Table) -> str:
    """The table's total amount column ('合计', '本年支出合计' …), else its first."""
    for column in table.columns:
        if "合计" in column:
            return column
    return table.columns[0] if table.columns else ""


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


def _kpis(n: _Numbers) -> Slide | None:
    pairs = [
        ("收入总计", n.cell("公开01", "收入.总计")),
        ("本年收入合计", n.cell("公开01", "收入.本年收入合计")),
        ("本年支出合计", n.cell("公开01", "支出.本年支出合计")),
        ("财政拨款收入", n.cell("公开04", "收入.本年收入合计") or n.stated("收入", "财政拨款收入")),
        ("基本支出", _basic_project(n)[0]),
        ("项目支出", _basic_project(n)[1]),
        ("“三公”经费决算", _sangong_total(n)),
        ("机关运行经费", n.stated("机关运行经费", "支出")),
    ]
    kpis = [(label, value) for label, value in pairs if value is not None]
    if not kpis:
        return None
    delta = n.stated("收支总计", "较上年增减")
    if delta is not None:
        takeaway = say.change("收支总计", delta, n.stated("收支总计", "较上年增减率", money=False))
    else:
        income, spent = n.cell("公开01", "收入.本年收入合计"), n.cell("公开01", "支出.本年支出合计")
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


def _basic_project(n: _Numbers) -> tuple[float | None, float | None]:
    t03 = n.report.table("公开03")
    if t03 is not None and t03.row("合计") is not None:
        return n.cell("公开03", "合计", "基本支出"), n.cell("公开03", "合计", "项目支出")
    return n.stated("支出", "基本支出"), n.stated("支出", "项目支出")


def _basic_vs_project(n: _Numbers) -> Slide | None:
    basic, project = _basic_project(n)
    if basic is None or project is None:
        return None
    chart = Chart("pie", "基本支出与项目支出", ["基本支出", "项目支出"], [Series("金额", [basic, project])])
    return Slide("basic-project", "基本支出与项目支出", say.split("基本支出", basic, "项目支出", project), chart=chart)


def _budget_vs_actual(n: _Numbers) -> Slide | None:
    """Initial budget (stated in the prose) against the general-budget outturn, by class.

    Reports that state only the overall budget get the overall pair as the one category.
    """
    classes = _class_names(n)
    names = list(dict.fromkeys(f.subject for f in n.report.figures if f.measure == "年初预算" and f.subject in classes))
    labels, budget, actual = [], [], []
    for name in names:
        b, a = n.stated(name, "年初预算"), n.class_actual(name)
        if b is not None and a is not None:
            labels.append(name), budget.append(b), actual.append(a)
    total_budget = n.stated("一般公共预算", "年初预算")
    total_actual = n.cell("公开04", "支出.本年支出合计", "一般公共预算财政拨款") or n.stated("一般公共预算", "支出")
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


def _year_on_year(n: _Numbers) -> Slide | None:
    labels, last, this = [], [], []
    total = n.cell("公开01", "收入.总计") or n.stated("收支总计", "收入总计")
    delta = n.stated("收支总计", "较上年增减")
    if total is not None and delta is not None:
        labels.append("收支总计"), this.append(total), last.append(total - delta)
    classes = _class_names(n)
    for fig in n.report.figures:
        if fig.measure != "较上年增减" or fig.subject not in classes or fig.subject in labels:
            continue
        current = n.class_actual(fig.subject)
        if current is not None:
            labels.append(fig.subject), this.append(current), last.append(current - n.money(fig.value))
    if not labels:
        return None
    takeaway = say.change(labels[0], this[0] - last[0], _stated_rate(n, labels[0]))
    chart = Chart("column", "与上年对比", labels, [Series("上年", [round(v, 2) for v in last]), Series("本年", this)])
    return Slide("yoy", "与上年对比", takeaway, chart=chart)


def _class_names(n: _Numbers) -> set[str]:
    """Function classes: 公开01's expenditure lines, and prose subjects stated with a 占比 of spending."""
    names = {key_part(label) for label, _ in n.side_items("公开01", "支出")}
    return names | {f.subject for f in n.report.figures if f.measure == "占比"}


def _stated_rate(n: _Numbers, subject: str) -> float | None:
    return n.stated(subject, "较上年增减率", money=False)


def _sangong_total(n: _Numbers) -> float | None:
    value = n.cell("公开09", "决算数", "合计")
    return value if value is not None else n.stated("三公经费", "决算")


def _sangong(n: _Numbers) -> Slide | None:
    table = n.report.table("公开09")
    budget = [n.cell("公开09", "预算数", item) for item in SANGONG_ITEMS]
    actual = [n.cell("公开09", "决算数", item) for item in SANGONG_ITEMS]
    total, total_budget = _sangong_total(n), n.cell("公开09", "预算数", "合计")
    if total_budget is None:
        total_budget = n.stated("三公经费", "预算")
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


def _project(index: int, n: _Numbers, p: PerfProject) -> Slide:
    amounts = [("预算金额", p.budget), ("实际到位金额", p.funded), ("实际执行金额", p.spent)]
    amounts = [(label, n.money(_value(c))) for label, c in amounts if _value(c) is not None]
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
    n = _Numbers(report)
    slides = [
        _title(report),
        _kpis(n),
        _structure("income", "收入结构", n.side_items("公开01", "收入")),
        _structure("expenditure", "支出结构（按功能分类）", n.side_items("公开01", "支出")),
        _basic_vs_project(n),
        _budget_vs_actual(n),
        _year_on_year(n),
        _sangong(n),
    ]
    slides += [_project(i, n, p) for i, p in enumerate(report.projects, 1)]
    if findings is not None:
        slides.append(_findings(list(findings)))
    return [s for s in slides if s is not None]

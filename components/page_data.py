"""Report → the tidy data each page shows. Pure functions over juesuan.model.

Every number carries the fact keys it stands for (shared/spec/facts.md vocabulary), so a
page can find the findings that involve it. Amounts come out in 万元 as floats; a report
kept in 元 is converted.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

# The measure table (where each number comes from, on which basis, 元→万元) lives in
# juesuan.metrics; what the pages need of it is re-exported here, the module they know.
from juesuan import keys
from juesuan.budget_items import budget_items
from juesuan.metrics import (  # noqa: F401
    ADMIN,
    APPROPRIATION_TOTAL,
    GENERAL_SPENDING,
    GRAND_INCOME,
    MISSING,
    PERSONNEL,
    PUBLIC_USE,
    Facts,
    Headline,
    Value,
    class_outturn,
    completion,
    first,
    headline,
    items,
    ratio,
    read,
    sangong_item,
    stated_measure,
    total,
    value_of,
)
from juesuan.model import Report, Table
from juesuan.vocab import (
    ALL_FUNDS,
    GENERAL_BUDGET,
    PERSONNEL_CLASSES,
    SANGONG_ITEMS,
    UNREADABLE,
    chart_number,
    grade_for,  # noqa: F401 — for the pages
    to_wan,
)

# Narrative subjects that are not function classes (facts.md, 说明 subjects).
AGGREGATE_SUBJECTS = {
    "收支总计", "收入", "支出", "财政拨款", "一般公共预算", "基本支出", "三公经费",
    "机关运行经费", "政府采购", "国有资产", "绩效自评",
}
# The tables with rows by function subject, in the order they are preferred for the tree.
FUNCTION_TABLES = ("公开03", "公开05", "公开02")
TABLE_BASIS = {"公开02": ALL_FUNDS, "公开03": ALL_FUNDS, "公开05": GENERAL_BUDGET}


def wan(report: Report, value) -> float | None:
    """A report amount (its own money unit) as the 万元 a chart shows."""
    return None if value is None else chart_number(to_wan(value, report.header.money_unit))


def stated(report: Report, subject: str, measure: str, money: bool = True) -> Value:
    """A figure only the prose states (说明.subject.measure); `money=False` for rates and counts."""
    return value_of(report, stated_measure(subject, measure, money=money))


def admin_cost(report: Report) -> Value:
    return value_of(report, ADMIN)


def _first_column(table: Table) -> str:
    return table.columns[0] if table.columns else ""


# ---------------------------------------------------------------- structure

def _item_frame(found) -> pd.DataFrame:
    records = [{"名称": i.name, "金额": i.value.amount, "key": i.value.keys[0], "页码": i.value.page}
               for i in found if i.value.known]
    return pd.DataFrame(records, columns=["名称", "金额", "key", "页码"])


def income_by_source(report: Report) -> pd.DataFrame:
    """Income items of 公开01 (名称, 金额, key, 页码; all funds); zero items dropped."""
    df = _item_frame(items(Facts.of_report(report), "收入"))
    if df.empty and report.table("公开01") is None:  # no 公开01: the narrative's 收入 figures
        records = [{"名称": f.measure, "金额": wan(report, f.value), "key": f.key, "页码": f.page}
                   for f in report.figures if f.subject == "收入" and f.measure != "本年收入合计" and not f.measure.endswith("占比")]
        df = pd.DataFrame(records, columns=["名称", "金额", "key", "页码"]).drop_duplicates("名称")
    return df[df["金额"] != 0].reset_index(drop=True)


def expenditure_by_class(report: Report) -> pd.DataFrame:
    """Expenditure by function class (名称, 金额, key, 页码; all funds): 公开01, else a function table's 类 rows."""
    df = _item_frame(items(Facts.of_report(report), "支出"))
    if df.empty:
        tree = expenditure_tree(report)
        df = tree[tree["级次"] == "类"][["名称", "金额", "key", "页码"]]
    return df[df["金额"] != 0].reset_index(drop=True)


def function_table(report: Report) -> Table | None:
    """The most detailed table by function subject that has 类→款→项 rows."""
    for table_id in FUNCTION_TABLES:
        table = report.table(table_id)
        if table and table.reliable and not table.no_data and any(r.code for r in table.rows):
            return table
    return None


def expenditure_tree(report: Report) -> pd.DataFrame:
    """类→款→项 rows: 编码, 名称, 级次, 上级, 金额, 基本支出, 项目支出, key, 页码."""
    table = function_table(report)
    columns = ["编码", "名称", "级次", "上级", "金额", "基本支出", "项目支出", "key", "页码"]
    if table is None:
        return pd.DataFrame(columns=columns)
    total_col = _first_column(table)
    codes = {r.code for r in table.rows if r.code}
    records = []
    for row in table.rows:
        if not row.code or row.level is None or row.value(total_col) is None:
            continue
        parent = next((row.code[:n] for n in (5, 3) if n < len(row.code) and row.code[:n] in codes), "")
        records.append({
            "编码": row.code, "名称": row.label or row.code, "级次": row.level, "上级": parent,
            "金额": wan(report, row.value(total_col)),
            "基本支出": wan(report, row.value("基本支出")), "项目支出": wan(report, row.value("项目支出")),
            "key": keys.cell(table.id, row.key, total_col), "页码": row.page,
        })
    return pd.DataFrame(records, columns=columns)


def basic_project_by_class(report: Report) -> pd.DataFrame:
    tree = expenditure_tree(report)
    classes = tree[tree["级次"] == "类"]
    return classes[["名称", "基本支出", "项目支出"]].fillna(0.0).reset_index(drop=True)


def economic_items(report: Report) -> pd.DataFrame:
    """公开06 by economic class: 编码, 名称, 级次 (类/款), 类别 (人员经费/公用经费), 金额, key, 页码."""
    table = report.table("公开06")
    columns = ["编码", "名称", "级次", "类别", "金额", "key", "页码"]
    records = []
    for row in table.rows if table and table.reliable else []:
        if not row.code or row.value() is None:
            continue
        records.append({
            "编码": row.code, "名称": row.label or row.code, "级次": "类" if len(row.code) == 3 else "款",
            "类别": "人员经费" if row.code[:3] in PERSONNEL_CLASSES else "公用经费",
            "金额": wan(report, row.value()), "key": keys.cell("公开06", row.key), "页码": row.page,
        })
    return pd.DataFrame(records, columns=columns)


def personnel_public(report: Report) -> tuple[Value, Value]:
    """人员经费 and 公用经费 (general budget): 公开06's 合计 lines, 公开05's total line, the prose."""
    facts = Facts.of_report(report)
    return read(facts, PERSONNEL), read(facts, PUBLIC_USE)


# ---------------------------------------------------------------- budget execution and year on year

def class_subjects(report: Report) -> list[str]:
    """Function classes the narrative speaks of, in the order it states them."""
    seen: list[str] = []
    for fig in report.figures:
        if fig.subject not in AGGREGATE_SUBJECTS and fig.subject not in seen:
            seen.append(fig.subject)
    return seen


def _difference(a: Value, b: Value) -> float | None:
    return chart_number(a.number - b.number) if a.known and b.known else None


def budget_execution(report: Report) -> pd.DataFrame:
    """Per class the prose gives a 年初预算 for: 名称, 年初预算, 决算 (the class's general-budget
    outturn, tables first), 完成率 (stated, else computed), 差额, 口径 (of 决算), keys, 页码.
    A report that gives its budgets per 项 instead (juesuan.budget_items) gets one line per 项."""
    facts = Facts.of_report(report)
    records = []
    items = budget_items(report)
    named = Counter(i.name for i in items)
    for item in items if not any(f.measure == "年初预算" and f.subject in class_subjects(report) for f in report.figures) else []:
        rate = ratio(item.outturn, item.budget)
        records.append({
            "名称": item.name if named[item.name] == 1 else f"{item.section}·{item.name}",
            "年初预算": item.budget.amount, "决算": item.outturn.amount, "完成率": rate.amount,
            "差额": _difference(item.outturn, item.budget), "口径": item.outturn.basis,
            "keys": item.outturn.keys, "页码": item.budget.page,
        })
    for subject in class_subjects(report):
        budget = read(facts, stated_measure(subject, "年初预算"))
        if not budget.known:
            continue
        actual = read(facts, class_outturn(subject))
        rate = completion(facts, subject, actual, budget)
        records.append({
            "名称": subject, "年初预算": budget.amount, "决算": actual.amount, "完成率": rate.amount,
            "差额": _difference(actual, budget), "口径": actual.basis or actual.missing,
            "keys": budget.keys + actual.keys + rate.keys, "页码": budget.page,
        })
    return pd.DataFrame(records, columns=["名称", "年初预算", "决算", "完成率", "差额", "口径", "keys", "页码"])


def year_on_year(report: Report, previous: Report | None = None) -> pd.DataFrame:
    """Per class: 名称, 本年, 上年, 增减, 增减率, 来源, 口径, keys, 上年报告数 — 本年 the class's
    general-budget outturn (as 预算执行 shows it), last year's report read the same way.

    The narrative's stated changes win; a class it does not speak of is compared with
    the same unit's previous report when there is one.
    """
    facts = Facts.of_report(report)
    last_facts = Facts.of_report(previous) if previous is not None else None
    names = class_subjects(report)
    if previous is not None:
        names += [n for n in expenditure_by_class(report)["名称"] if n not in names]
    records = []
    for subject in names:
        now = read(facts, class_outturn(subject))
        last = read(last_facts, class_outturn(subject)) if last_facts else MISSING
        change = read(facts, stated_measure(subject, "较上年增减"))
        rate = read(facts, stated_measure(subject, "较上年增减率", money=False))
        source = "情况说明"
        if not change.known and last.known and now.known:
            change = Value(now.number - last.number, basis=now.basis)
            rate = ratio(change, last)
            source = "上年报告"
        if not change.known or not now.known:
            continue
        records.append({
            "名称": subject, "本年": now.amount, "上年": _difference(now, change),
            "增减": change.amount, "增减率": rate.amount, "来源": source, "口径": now.basis,
            "keys": now.keys + change.keys + rate.keys,
            # what last year's own report says, beside what this year's prose implies
            "上年报告数": last.amount,
        })
    return pd.DataFrame(records, columns=["名称", "本年", "上年", "增减", "增减率", "来源", "口径", "keys", "上年报告数"])


_TOTALS = (("收支总计", GRAND_INCOME, "收支总计"), ("财政拨款收支总计", APPROPRIATION_TOTAL, "财政拨款"),
           ("一般公共预算财政拨款支出", GENERAL_SPENDING, "一般公共预算"), ("机关运行经费", ADMIN, "机关运行经费"))


def total_changes(report: Report, previous: Report | None = None) -> pd.DataFrame:
    """Changes the report states for its totals: 项目, 本年, 增减, 增减率, 口径, keys, 本年值 (the
    Value of 本年, standing for the change's keys too)."""
    facts = Facts.of_report(report)
    records = []
    for name, measure, subject in _TOTALS:
        now = read(facts, measure)
        change = read(facts, stated_measure(subject, "较上年增减"))
        rate = read(facts, stated_measure(subject, "较上年增减率", money=False))
        if not change.known:
            continue
        records.append({"项目": name, "本年": now.amount, "增减": change.amount, "增减率": rate.amount,
                        "口径": now.basis or measure.basis, "keys": now.keys + change.keys + rate.keys,
                        "本年值": now.also(change, rate)})
    if not records and previous is not None:
        now, last = headline(report).expenditure_total, headline(previous).expenditure_total
        if now.known and last.known:
            change = Value(now.number - last.number)
            records.append({"项目": "本年支出合计", "本年": now.amount, "增减": change.amount,
                            "增减率": ratio(change, last).amount, "口径": now.basis, "keys": now.keys + last.keys,
                            "本年值": now.also(last)})
    return pd.DataFrame(records, columns=["项目", "本年", "增减", "增减率", "口径", "keys", "本年值"])


# ---------------------------------------------------------------- reasons (the report's own words)

_SENTENCE = re.compile(r"[^。！!？?\n]+[。！!？?]?")


def narrative_sentences(report: Report, subject: str, keyword: str, others: list[str] = ()) -> list[str]:
    """The report's own sentences on `subject` that mention `keyword` (e.g. 预算, 上年).

    A sentence naming other subjects of `others` too is a list, not about this one. The
    sentence after a match is kept when it goes on about the same subject: it names no
    subject and mentions the keyword, or starts with the reason (主要原因…) for a match."""
    rivals = [o for o in others if o != subject and subject not in o]
    found: list[str] = []
    for section in report.sections:
        sentences = [x.strip() for x in _SENTENCE.findall(section.text) if x.strip()]
        for i, sentence in enumerate(sentences):
            if subject not in sentence or any(o in sentence for o in rivals):
                continue
            picked = [sentence] if keyword in sentence else []
            after = sentences[i + 1] if i + 1 < len(sentences) else ""
            if after and subject not in after and not any(o in after for o in rivals) \
                    and (keyword in after or (picked and after.startswith(("主要原因", "原因")))):
                picked.append(after)
            found += [p for p in picked if p not in found]
    return found


# ---------------------------------------------------------------- 三公经费 and 公开10

def sangong(report: Report) -> pd.DataFrame:
    """项目, 预算数, 决算数, 口径, keys, 页码: the four items and the total, from 公开09 else the
    narrative; an unreadable one is blank, and `sangong_unreadable` says so."""
    facts = Facts.of_report(report)
    records = []
    for item in SANGONG_ITEMS + ("合计",):
        budget, actual = (read(facts, sangong_item(item, side)) for side in ("预算数", "决算数"))
        records.append({"项目": item, "预算数": budget.amount, "决算数": actual.amount,
                        "口径": actual.basis or budget.basis, "keys": budget.keys + actual.keys,
                        "页码": actual.page or budget.page, UNREADABLE: actual.unreadable or budget.unreadable})
    return pd.DataFrame(records, columns=["项目", "预算数", "决算数", "口径", "keys", "页码", UNREADABLE])


def vehicles(report: Report) -> Value:
    """车辆数: 公开10's 车辆数合计 line, else the sum of its kinds, else the prose."""
    rows = section_rows(report, "公开10", "国有资产")
    kinds = rows[~rows["项目"].str.contains("设备")]
    totals = kinds[kinds["项目"].str.contains("合计")]
    picked = totals if not totals.empty else kinds
    if picked.empty:
        return stated(report, "国有资产", "车辆数", money=False)
    page = picked.iloc[0]["页码"]
    return Value(sum(Decimal(str(v)) for v in picked["数值"]), tuple(picked["key"]), None if pd.isna(page) else int(page))


def sangong_is_zero(df: pd.DataFrame) -> bool:
    """Nothing was spent: every item's outturn is a known 0 or not listed, none unreadable."""
    return not df[UNREADABLE].any() and bool((df["决算数"].fillna(0) == 0).all())


COUNT_SECTIONS = ("国有资产",)  # 公开10 sections that count (vehicles, equipment); the others are money


def section_rows(report: Report, table_id: str, section: str) -> pd.DataFrame:
    """The rows of one section of 公开10 (政府采购 / 机关运行经费 in 万元, 国有资产 counts): 项目,
    数值, key, 页码. An unreliable table gives none."""
    table = report.table(table_id)
    convert = (lambda v: chart_number(v)) if section in COUNT_SECTIONS else (lambda v: wan(report, v))
    records = [
        {"项目": keys.below(row.key, section), "数值": convert(row.value()), "key": keys.cell(table_id, row.key), "页码": row.page}
        for row in (table.rows if table and table.reliable else [])
        if keys.below(row.key, section) and row.value() is not None
    ]
    return pd.DataFrame(records, columns=["项目", "数值", "key", "页码"])


# ---------------------------------------------------------------- performance

@dataclass
class ProjectCard:
    name: str
    budget: Value
    spent: Value
    rate: Value
    score: Value
    grade: str | None
    weights: dict[str, float] = field(default_factory=dict)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    texts: dict[str, str] = field(default_factory=dict)
    page: int | None = None


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DONE_WORDS = {"完成", "已完成", "达成", "已达成", "达到", "已达到", "实现", "已实现", "是"}


def indicator_met(target: str, actual: str) -> str:
    """达成 / 未达成 / '' (not comparable): compares the numbers written in both cells.

    A target written as ≤/≤/以内/以下 is met when the actual is not above it; otherwise
    the actual must reach the target. Text targets count as met when written alike, or
    when the actual just says it was done (完成).
    """
    t, a = _NUMBER.findall(target or ""), _NUMBER.findall(actual or "")
    if not target or not actual:
        return ""
    if actual.strip() in _DONE_WORDS:  # "完成" written instead of a value
        return "达成"
    if not t or not a:
        return "达成" if target.strip() == actual.strip() else ""
    tv, av = float(t[-1]), float(a[-1])
    at_most = any(s in target for s in ("≤", "<", "以内", "以下", "不超过", "不高于"))
    return "达成" if (av <= tv if at_most else av >= tv) else "未达成"


def _cell_value(report: Report, cell, key: str, money: bool = True) -> Value:
    if cell is None or (cell.value is None and not cell.unread):
        return MISSING
    if cell.value is None:
        return Value(keys=(key,), page=cell.page, unreadable=True)
    return Value(to_wan(cell.value, report.header.money_unit) if money else cell.value, (key,), cell.page)


def projects(report: Report) -> list[ProjectCard]:
    cards = []
    for p in report.projects:
        rows = [{
            "一级指标": i.level1, "二级指标": i.level2, "指标": i.name, "年度指标值": i.target,
            "全年完成值": i.actual, "达成": indicator_met(i.target, i.actual), "说明": i.remark,
        } for i in p.indicators]
        budget = _cell_value(report, p.budget, keys.performance(p.name, "预算金额"))
        spent = _cell_value(report, p.spent, keys.performance(p.name, "实际执行金额"))
        rate = _cell_value(report, p.execution_rate, keys.performance(p.name, "预算执行率"), money=False)
        if not rate.known and not rate.unreadable:
            rate = ratio(spent, budget)
        weights = {k: float(v) for k, v in (p.note_weights or p.header_weights).items()}
        cards.append(ProjectCard(
            name=p.name, budget=budget, spent=spent, rate=rate,
            score=_cell_value(report, p.score, keys.performance(p.name, "自评得分"), money=False), grade=p.grade,
            weights=weights,
            indicators=pd.DataFrame(rows, columns=["一级指标", "二级指标", "指标", "年度指标值", "全年完成值", "达成", "说明"]),
            texts={k: v for k, v in (("自评结论", p.conclusion), ("主要经验做法", p.experience),
                                     ("存在问题与整改措施", p.problems)) if v},
            page=p.page,
        ))
    return cards


# ---------------------------------------------------------------- raw tables

def table_frame(table: Table) -> pd.DataFrame:
    """A table as printed: 行 label, code, 行次 and one column per amount column (text as written)."""
    columns = table.columns or [""]
    has_line = any(r.line_no for r in table.rows)
    many_pages = len(table.pages) > 1
    records = []
    for row in table.rows:
        rec = {"页": row.page or ""} if many_pages else {}
        rec["项目"] = row.label or row.key
        if any(r.code for r in table.rows):
            rec["编码"] = row.code or ""
        if has_line:
            rec["行次"] = row.line_no or ""
        for col in columns:
            cell = row.cells.get(col)
            rec[col or "金额"] = "" if cell is None else cell.text
        records.append(rec)
    return pd.DataFrame(records)


def table_keys(table: Table) -> list[list[str]]:
    """The fact key of each amount cell of `table_frame`, row by row, column by column."""
    columns = table.columns or [""]
    return [[keys.cell(table.id, row.key, col) for col in columns] for row in table.rows]

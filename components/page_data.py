"""Report → the tidy data each page shows. Pure functions over juesuan.model.

Every number carries the fact keys it stands for (shared/spec/facts.md vocabulary), so a
page can find the findings that involve it. Amounts come out in 万元 as floats; a report
kept in 元 is converted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

# The shared reading rules (where each key number comes from, 元→万元) live in juesuan.metrics;
# they are re-exported here for the pages, which know this module only.
from juesuan.metrics import (  # noqa: F401
    MISSING,
    Headline,
    Value,
    admin_cost,
    cell_key,
    first,
    function_total,
    headline,
    side_items,
    stated,
    table_value,
    to_wan,
)
from juesuan.model import Report, Table
from juesuan.vocab import SANGONG_ITEMS

# Narrative subjects that are not function classes (facts.md, 说明 subjects).
AGGREGATE_SUBJECTS = {
    "收支总计", "收入", "支出", "财政拨款", "一般公共预算", "基本支出", "三公经费",
    "机关运行经费", "政府采购", "国有资产", "绩效自评",
}
# 公开06: classes of 人员经费 (wages, transfers to households); the rest is 公用经费.
PERSONNEL_CLASSES = ("301", "303")
# The tables with rows by function subject, in the order they are preferred for the tree.
FUNCTION_TABLES = ("公开03", "公开05", "公开02")


def _first_column(table: Table) -> str:
    return table.columns[0] if table.columns else ""


# ---------------------------------------------------------------- structure

def _side_items(report: Report, table_id: str, side: str, column: str = "") -> pd.DataFrame:
    records = [{"名称": i.name, "金额": i.amount, "key": i.key, "页码": i.page}
               for i in side_items(report, table_id, side, column)]
    return pd.DataFrame(records, columns=["名称", "金额", "key", "页码"])


def income_by_source(report: Report) -> pd.DataFrame:
    """Income items of 公开01 (名称, 金额, key, 页码); zero items dropped."""
    df = _side_items(report, "公开01", "收入")
    if df.empty:  # no 公开01: the narrative's 收入 figures
        records = [{"名称": f.measure, "金额": to_wan(report, f.value), "key": f.key, "页码": f.page}
                   for f in report.figures if f.subject == "收入" and f.measure != "本年收入合计" and not f.measure.endswith("占比")]
        df = pd.DataFrame(records, columns=["名称", "金额", "key", "页码"]).drop_duplicates("名称")
    return df[df["金额"] != 0].reset_index(drop=True)


def expenditure_by_class(report: Report) -> pd.DataFrame:
    """Expenditure by function class (名称, 金额, key, 页码): 公开01, else a function table's 类 rows."""
    df = _side_items(report, "公开01", "支出")
    if df.empty:
        tree = expenditure_tree(report)
        df = tree[tree["级次"] == "类"][["名称", "金额", "key", "页码"]]
    return df[df["金额"] != 0].reset_index(drop=True)


def function_table(report: Report) -> Table | None:
    """The most detailed table by function subject that has 类→款→项 rows."""
    for table_id in FUNCTION_TABLES:
        table = report.table(table_id)
        if table and not table.no_data and any(r.code for r in table.rows):
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
            "金额": to_wan(report, row.value(total_col)),
            "基本支出": to_wan(report, row.value("基本支出")), "项目支出": to_wan(report, row.value("项目支出")),
            "key": cell_key(table.id, row.key, total_col), "页码": row.page,
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
    for row in table.rows if table else []:
        if not row.code or row.value() is None:
            continue
        records.append({
            "编码": row.code, "名称": row.label or row.code, "级次": "类" if len(row.code) == 3 else "款",
            "类别": "人员经费" if row.code[:3] in PERSONNEL_CLASSES else "公用经费",
            "金额": to_wan(report, row.value()), "key": cell_key("公开06", row.key), "页码": row.page,
        })
    return pd.DataFrame(records, columns=columns)


def personnel_public(report: Report) -> tuple[Value, Value]:
    """人员经费 and 公用经费 totals: 公开06's 合计 rows, else the narrative."""
    return (
        first(table_value(report, "公开06", "人员经费合计"), stated(report, "基本支出", "人员经费"),
              function_total(report, "公开05", "人员经费")),
        first(table_value(report, "公开06", "公用经费合计"), stated(report, "基本支出", "公用经费"),
              function_total(report, "公开05", "公用经费")),
    )


# ---------------------------------------------------------------- budget execution and year on year

def class_subjects(report: Report) -> list[str]:
    """Function classes the narrative speaks of, in the order it states them."""
    seen: list[str] = []
    for fig in report.figures:
        if fig.subject not in AGGREGATE_SUBJECTS and fig.subject not in seen:
            seen.append(fig.subject)
    return seen


def _class_actual(report: Report, subject: str) -> Value:
    tree = expenditure_tree(report)
    row = tree[(tree["级次"] == "类") & (tree["名称"] == subject)] if not tree.empty else tree
    from_tree = Value(float(row.iloc[0]["金额"]), (row.iloc[0]["key"],), row.iloc[0]["页码"]) if len(row) else MISSING
    return first(stated(report, subject, "决算"), from_tree, table_value(report, "公开01", f"支出.{subject}"))


def budget_execution(report: Report) -> pd.DataFrame:
    """Per class: 名称, 年初预算, 决算, 完成率 (stated, else computed), 差额, keys, 页码."""
    records = []
    for subject in class_subjects(report):
        budget = stated(report, subject, "年初预算")
        if not budget.known:
            continue
        actual = _class_actual(report, subject)
        rate = stated(report, subject, "完成率", money=False)
        if not rate.known and actual.known and budget.amount:
            rate = Value(round(actual.amount / budget.amount * 100, 2))
        records.append({
            "名称": subject, "年初预算": budget.amount, "决算": actual.amount, "完成率": rate.amount,
            "差额": None if actual.amount is None else round(actual.amount - budget.amount, 2),
            "keys": budget.keys + actual.keys + rate.keys, "页码": budget.page,
        })
    return pd.DataFrame(records, columns=["名称", "年初预算", "决算", "完成率", "差额", "keys", "页码"])


def year_on_year(report: Report, previous: Report | None = None) -> pd.DataFrame:
    """Per class: 名称, 本年, 上年, 增减, 增减率, 来源, keys, 上年报告数.

    The narrative's stated changes win; a class it does not speak of is compared with
    the same unit's previous report when there is one.
    """
    records = []
    names = class_subjects(report)
    if previous is not None:
        names += [n for n in expenditure_by_class(report)["名称"] if n not in names]
    prev_classes = expenditure_by_class(previous).set_index("名称")["金额"] if previous is not None else pd.Series(dtype=float)
    for subject in names:
        now = _class_actual(report, subject)
        change = stated(report, subject, "较上年增减")
        rate = stated(report, subject, "较上年增减率", money=False)
        source = "情况说明"
        if not change.known and subject in prev_classes.index and now.known:
            last = float(prev_classes[subject])
            change = Value(round(now.amount - last, 2))
            rate = Value(round(change.amount / last * 100, 2) if last else None)
            source = "上年报告"
        if not change.known or not now.known:
            continue
        records.append({
            "名称": subject, "本年": now.amount, "上年": round(now.amount - change.amount, 2),
            "增减": change.amount, "增减率": rate.amount, "来源": source, "keys": now.keys + change.keys + rate.keys,
            # what last year's own report says, beside what this year's prose implies
            "上年报告数": float(prev_classes[subject]) if subject in prev_classes.index else None,
        })
    return pd.DataFrame(records, columns=["名称", "本年", "上年", "增减", "增减率", "来源", "keys", "上年报告数"])


def total_changes(report: Report, previous: Report | None = None) -> pd.DataFrame:
    """Changes the report states for its totals: 项目, 本年, 增减, 增减率, keys."""
    rows = [
        ("收支总计", stated(report, "收支总计", "收入总计"), "收支总计"),
        ("财政拨款收支总计", stated(report, "财政拨款", "收入总计"), "财政拨款"),
        ("一般公共预算财政拨款支出", stated(report, "一般公共预算", "支出"), "一般公共预算"),
        ("机关运行经费", stated(report, "机关运行经费", "支出"), "机关运行经费"),
    ]
    records = []
    for name, now, subject in rows:
        change = stated(report, subject, "较上年增减")
        rate = stated(report, subject, "较上年增减率", money=False)
        if not change.known:
            continue
        records.append({"项目": name, "本年": now.amount, "增减": change.amount, "增减率": rate.amount,
                        "keys": now.keys + change.keys + rate.keys})
    if not records and previous is not None:
        now = headline(report).expenditure_total
        last = headline(previous).expenditure_total
        if now.known and last.known:
            change = round(now.amount - last.amount, 2)
            records.append({"项目": "本年支出合计", "本年": now.amount, "增减": change,
                            "增减率": round(change / last.amount * 100, 2) if last.amount else None, "keys": now.keys})
    return pd.DataFrame(records, columns=["项目", "本年", "增减", "增减率", "keys"])


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
    """项目, 预算数, 决算数, keys: the four items and the total, from 公开09 else the narrative."""
    records = []
    for item in SANGONG_ITEMS + ("合计",):
        budget = table_value(report, "公开09", "预算数", item)
        actual = first(table_value(report, "公开09", "决算数", item),
                       stated(report, "三公经费", "决算" if item == "合计" else item))
        if item == "合计" and not budget.known:
            budget = stated(report, "三公经费", "预算")
        records.append({"项目": item, "预算数": budget.amount, "决算数": actual.amount, "keys": budget.keys + actual.keys,
                        "页码": actual.page or budget.page})
    return pd.DataFrame(records, columns=["项目", "预算数", "决算数", "keys", "页码"])


def sangong_is_zero(df: pd.DataFrame) -> bool:
    return bool((df["决算数"].fillna(0) == 0).all())


def section_rows(report: Report, table_id: str, section: str) -> pd.DataFrame:
    """The rows of one section of 公开10 (政府采购 / 机关运行经费 / 国有资产): 项目, 数值, key, 页码."""
    table = report.table(table_id)
    records = [
        {"项目": row.key.split(".", 1)[-1], "数值": float(row.value()), "key": cell_key(table_id, row.key), "页码": row.page}
        for row in (table.rows if table else [])
        if row.key.startswith(section + ".") and row.value() is not None
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


def grade_for(score: float | None) -> str | None:
    """Grade band of a self-evaluation score (优 ≥90, 良 80–90, 中 60–80, 差 <60)."""
    if score is None:
        return None
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def _cell_value(report: Report, cell, key: str, money: bool = True) -> Value:
    if cell is None or cell.value is None:
        return MISSING
    return Value(to_wan(report, cell.value) if money else float(cell.value), (key,), cell.page)


def projects(report: Report) -> list[ProjectCard]:
    cards = []
    for p in report.projects:
        base = f"绩效.{p.name}"
        rows = [{
            "一级指标": i.level1, "二级指标": i.level2, "指标": i.name, "年度指标值": i.target,
            "全年完成值": i.actual, "达成": indicator_met(i.target, i.actual), "说明": i.remark,
        } for i in p.indicators]
        budget = _cell_value(report, p.budget, f"{base}.预算金额")
        spent = _cell_value(report, p.spent, f"{base}.实际执行金额")
        rate = _cell_value(report, p.execution_rate, f"{base}.预算执行率", money=False)
        if not rate.known and budget.amount and spent.known:
            rate = Value(round(spent.amount / budget.amount * 100, 2))
        weights = {k: float(v) for k, v in (p.note_weights or p.header_weights).items()}
        cards.append(ProjectCard(
            name=p.name, budget=budget, spent=spent, rate=rate,
            score=_cell_value(report, p.score, f"{base}.自评得分", money=False), grade=p.grade,
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
    return [[cell_key(table.id, row.key, col) for col in columns] for row in table.rows]

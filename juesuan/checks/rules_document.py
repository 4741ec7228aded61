"""The document as a whole: an unfilled template, the tables a report must carry, amounts
that cannot be, 三公 over budget, and subject codes against the national classification."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import keys
from ..classification import NATIONAL_SUBJECTS, SUBJECTS_YEAR
from ..model import TABLE_IDS, TABLE_TITLES
from ..vocab import NOT_AN_ITEM, SANGONG_ITEMS, STANDARD_CLASSES
from .engine import ERROR, WARNING, Context, Finding, NotApplicable, fmt, rule
from .function_classes import norm_name
from .passages import passages

UNFILLED_TEMPLATE = "文档.模板未填写"

# The nine tables every 部门/单位决算公开 carries (公开10 only where the contents list it).
REQUIRED_TABLES = TABLE_IDS[:9]
# The 教育部 template for universities publishes four tables (收支决算总表, 收入决算表, 支出决算表,
# 财政拨款支出决算表), the last outside the national list; a report printing it follows that set.
UNIVERSITY_TABLES = ("公开01", "公开02", "公开03", "财政拨款支出决算表")
_FUNCTION_TABLES = ("公开02", "公开03", "公开05", "公开07", "公开08")


@rule(UNFILLED_TEMPLATE, "文档", "报告已填入本单位的决算数字（不是未填写的模板）")
def check_unfilled_template(ctx: Context) -> Iterator[Finding]:
    tables = [t for t in ctx.report.tables.values() if t.rows or t.no_data]
    if not tables:
        raise NotApplicable("未解析到决算表，无从判断是否为模板")
    ctx.ran()
    filled = any(c.value for t in tables for r in t.rows for c in r.cells.values())
    money = (ctx.names.money, "元", "万元")  # a count ("2个项目") survives in many templates
    if filled or any(f.value for f in ctx.report.figures if ctx.names.unit(f.key) in money):
        return
    pages = sorted({p for t in tables for p in t.pages[:1]})
    yield ctx.finding(ERROR, f"模板未填写：报告中的{len(tables)}张决算表没有填入任何金额，情况说明也没有写明数字。"
                      "请填入本单位的决算数据后再提交审核", [], {"决算表": len(tables), "有金额的表": 0}, pages)


@rule("文档.必备表格", "文档", "部门（单位）决算公开的九张决算表齐全（不论目录是否列出）")
def check_required_tables(ctx: Context) -> Iterator[Finding]:
    if not ctx.report.tables:
        raise NotApplicable("未解析到决算表")
    ctx.ran()
    listed = {e.table_id for e in ctx.report.toc if e.table_id}
    # A table the contents list but the body lacks is 文档.目录's 错误; here, the others.
    required = UNIVERSITY_TABLES if UNIVERSITY_TABLES[-1] in ctx.report.tables else REQUIRED_TABLES
    missing = [t for t in required if t not in ctx.report.tables and t not in listed]
    if missing:
        names = "、".join(f"{TABLE_TITLES[t]}（{t}）" if t in TABLE_TITLES else t for t in missing)
        yield ctx.finding(WARNING, f"报告中没有以下决算表，目录也未列出：{names}。部门（单位）决算公开应包括这些表，"
                          "无数据的表也应公开并注明“本表无数据”", [], {"缺少": names},
                          [p for t in ctx.report.tables.values() for p in t.pages[:1]][:1])


def _may_be_negative(table_id: str, row_key: str) -> bool:
    """Carry-overs and balances can fall below zero; income, spending and counts cannot."""
    return table_id in ("公开01", "公开04", "公开07") and bool(NOT_AN_ITEM.search(row_key)) or "分配" in row_key


@rule("表内.负数", "表内", "收入、支出、车辆数等不应为负数")
def check_negative_amounts(ctx: Context) -> Iterator[Finding]:
    tables = list(ctx.tables(*TABLE_IDS))
    if not tables:
        raise NotApplicable("没有有数据的决算表")
    for t in tables:
        for row in t.rows:
            if _may_be_negative(t.id, row.key):
                continue
            for column in row.cells:
                key = keys.cell(t.id, row.key, column)
                value = ctx.amount(key)
                ctx.ran()
                if value is not None and value < 0:
                    yield ctx.finding(ERROR, f"{ctx.names(key)}为{ctx.with_unit(key, value)}，此项不应为负数。"
                                      "请核对该数字（负号或数字有误）", [key], {"数值": value})


@rule("表内.三公超预算", "表内", "公开09三公经费各项决算数不超过预算数（超出的应说明原因）")
def check_sangong_budget(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开09")
    for item in ("合计", *SANGONG_ITEMS):
        budget, actual = keys.cell("公开09", "预算数", item), keys.cell("公开09", "决算数", item)
        if budget not in ctx.cells or actual not in ctx.cells:
            continue
        b, a = ctx.amount(budget) or Decimal(0), ctx.amount(actual) or Decimal(0)
        ctx.ran()
        if a > b:
            yield ctx.finding(WARNING, f"公开09表{item}的决算数{ctx.with_unit(actual, a)}超过预算数"
                              f"{ctx.with_unit(budget, b)}，决算比预算多{ctx.with_unit(actual, a - b)}。"
                              "请核对数字，并在情况说明中说明超出预算的原因", [actual, budget],
                              {"决算数": a, "预算数": b, "差额": a - b})
    if not ctx.checks:
        ctx.gap("公开09未解析到预算数与决算数")


def _subject_name(code: str) -> str | None:
    return NATIONAL_SUBJECTS.get(code) or (STANDARD_CLASSES.get(code) if len(code) == 3 else None)


@rule("表内.科目编码名称", "表内", f"功能分类科目的编码与名称相符（对照{SUBJECTS_YEAR}年政府收支分类科目）")
def check_subject_codes(ctx: Context) -> Iterator[Finding]:
    by_name: dict[tuple[int, str], str] = {}
    for code, name in NATIONAL_SUBJECTS.items():
        by_name.setdefault((len(code), norm_name(name)), code)
    seen = set()
    for t in ctx.tables(*_FUNCTION_TABLES):
        for row in t.rows:
            if not row.code or not row.label or (row.code, row.label) in seen:
                continue
            seen.add((row.code, row.label))
            label = norm_name(row.label)
            national = _subject_name(row.code)
            ctx.ran()
            if len(row.code) == 3 and national is None and row.code.isdigit():
                yield ctx.finding(ERROR, f"{t.id}表科目编码{row.code}（{row.label}）不是{SUBJECTS_YEAR}年政府收支分类科目中的类级科目，"
                                  "请核对科目编码", [], {"编码": row.code, "名称": row.label}, [row.page])
                continue
            if national is None or label == norm_name(national):
                continue
            other = by_name.get((len(row.code), label))
            if other and other != row.code:
                yield ctx.finding(ERROR, f"{t.id}表科目编码与名称不符：{row.code}印为“{row.label}”，而按{SUBJECTS_YEAR}年政府收支分类科目，"
                                  f"{row.code}是“{national}”，“{row.label}”的编码是{other}。请核对该行的编码或名称",
                                  [], {"编码": row.code, "名称": row.label, "应为": national}, [row.page])




@rule("绩效.执行率上限", "绩效", "绩效自评表的预算执行率不超过100%，执行金额不超过到位资金")
def check_rate_ceiling(ctx: Context) -> Iterator[Finding]:
    if not ctx.report.projects:
        raise NotApplicable("报告未附项目支出绩效自评表")
    for pr in ctx.report.projects:
        rate = pr.execution_rate
        if rate is None or rate.value is None:
            ctx.gap(f"“{pr.name}”缺少预算执行率")
            continue
        ctx.ran()
        if rate.value > 100:
            yield ctx.finding(WARNING, f"绩效自评表“{pr.name}”的预算执行率为{fmt(rate.value)}%，超过100%："
                              "实际执行金额不应超过到位资金，请核对执行金额和执行率", [keys.performance(pr.name, "预算执行率")],
                              {"预算执行率": rate.value}, [rate.page, pr.page])


_NUM = r"\d[\d,]*(?:\.\d+)?"
# "决算数大于预算数" / "决算数与年初预算数基本持平" / "决算数小于预算数"
_VERSUS = re.compile(r"决算(?:数)?(?:与|比|较)?(?:年初|全年)?预算(?:数)?(?:相比)?(基本持平|持平|相等|相同)"
                     r"|决算(?:数)?(大于|小于|等于|高于|低于|超过|多于|少于)(?:年初|全年)?预算(?:数)?")
_BUDGET_AMOUNT = re.compile(rf"(?:年初|全年)?预算(?:数)?(?:为|是)?({_NUM})万?元")
_ACTUAL_AMOUNT = re.compile(rf"(?:支出)?决算(?:数)?(?:为|是)?({_NUM})万?元")
_ABOVE, _BELOW = ("大于", "高于", "超过", "多于"), ("小于", "低于", "少于")
ROUGHLY_EQUAL = Decimal("0.05")  # 基本持平: within 5% of the budget


def _last_amount(pattern: re.Pattern, text: str) -> Decimal | None:
    found = list(pattern.finditer(text))
    return Decimal(found[-1].group(1).replace(",", "")) if found else None


def direction_holds(word: str, actual: Decimal, budget: Decimal) -> bool:
    """Whether 大于/小于/等于/持平/基本持平 describes 决算 against 预算 rightly."""
    if word in _ABOVE:
        return actual > budget
    if word in _BELOW:
        return actual < budget
    if word == "基本持平":
        return abs(actual - budget) <= abs(budget) * ROUGHLY_EQUAL
    return actual == budget  # 等于 / 持平 / 相等 / 相同


@rule("文内.预算对比用词", "文内", "“决算数大于/小于/等于/持平/基本持平预算数”与同一句的两个数相符")
def check_budget_wording(ctx: Context) -> Iterator[Finding]:
    found = False
    for p in passages(ctx.report, ("情况说明",)):
        for m in _VERSUS.finditer(p.text):
            found = True
            start = max(p.text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
            before = p.text[start:m.start()]
            budget, actual = _last_amount(_BUDGET_AMOUNT, before), _last_amount(_ACTUAL_AMOUNT, before)
            if budget is None or actual is None:
                ctx.gap("“决算数与预算数相比”的句子中未同时写明两个数")
                continue
            ctx.ran()
            word = m.group(1) or m.group(2)
            if direction_holds(word, actual, budget):
                continue
            truth = "大于" if actual > budget else "小于" if actual < budget else "等于"
            yield ctx.finding(ERROR, f"情况说明“{p.text[start:m.end()]}”：决算数{fmt(actual)}万元、预算数{fmt(budget)}万元，"
                              f"决算数{truth}预算数，不应写“{word}”。请更正用词或数字（{p.section}）",
                              [], {"原文": m.group(0), "决算数": actual, "预算数": budget}, [p.page])
    if not found:
        raise NotApplicable("情况说明中没有“决算数与预算数相比”的表述")

"""表表: the same quantity in two tables."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import keys
from ..model import Table
from ..vocab import NOT_AN_ITEM, SANGONG_ITEMS
from .engine import ERROR, WARNING, Context, Finding, NotApplicable, fmt, merge_findings, rule
from .function_classes import class_code, code_names

_KINDS = {"一般公共预算": "一般公共预算财政拨款", "政府性基金": "政府性基金预算财政拨款",
          "国有资本": "国有资本经营预算财政拨款"}


def expenditure_classes(t: Table) -> list[str]:
    """Expenditure class names of a two-sided table (公开01 / 公开04)."""
    seen = []
    for row in t.rows:
        name = keys.below(row.key, "支出")
        if name and len(keys.parts(name)) == 1:
            if not NOT_AN_ITEM.search(name) and name not in seen:
                seen.append(name)
    return seen


def _first(ctx: Context, *candidates: str) -> str | None:
    return next((k for k in candidates if k in ctx.cells), None)


def _income(table_id: str, name: str) -> str:
    """The key of an income row of a two-sided table (公开01/04)."""
    return keys.cell(table_id, keys.row("收入", name))


def _spending(table_id: str, name: str, column: str = "") -> str:
    """The key of an expenditure row (and column) of a two-sided table (公开01/04)."""
    return keys.cell(table_id, keys.row("支出", name), column)


def _pair(ctx: Context, what: str, a: str | None, b: str | None, items: int = 1) -> Iterator[Finding]:
    """Compare two fact keys when both are present (a blank cell counts as 0)."""
    if a is None or b is None:
        return
    va, vb = ctx.amount(a), ctx.amount(b)
    if va is None and vb is None:
        return
    yield from ctx.compare(what, a, va or Decimal(0), b, vb or Decimal(0), [a, b], items)


@rule("表表.01-02", "表表", "公开01收入＝公开02合计行（本年收入合计及各来源）")
def check_01_02(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开01")
    ctx.table("公开02")
    total2 = _first(ctx, "公开02.合计.本年收入合计", "公开02.合计.合计")
    yield from _pair(ctx, "公开01本年收入合计应等于公开02合计", "公开01.收入.本年收入合计", total2)
    for source in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
        yield from _pair(ctx, f"公开01与公开02的{source}应一致", _first(ctx, _income("公开01", source)),
                         _first(ctx, keys.cell("公开02", "合计", source)))
    approp = [k for k in (_income("公开01", f"{v}收入") for v in _KINDS.values()) if k in ctx.cells]
    if approp and "公开02.合计.财政拨款收入" in ctx.cells:
        yield from ctx.check_sum("公开02财政拨款收入应等于公开01三类财政拨款收入之和",
                                 "公开02.合计.财政拨款收入", approp)


def _class_pairs(ctx: Context, two_sided: str, coded: str, column_two: str, columns_coded: tuple[str, ...],
                 what: str) -> Iterator[Finding]:
    """Each class of a two-sided table against the class row of a coded table."""
    t = ctx.table(two_sided)
    t_coded = ctx.table(coded)
    names = code_names(ctx.report)
    for name in expenditure_classes(t):
        code = class_code(ctx.report, name, names)
        if code is None:
            ctx.gap(f"无法确定“{name}”的科目编码")
            continue
        a = _spending(two_sided, name, column_two)
        if a not in ctx.cells:
            continue
        b = _first(ctx, *(keys.cell(coded, code, c) for c in columns_coded))
        if b is None:
            if ctx.amount(a):
                ctx.ran()
                yield ctx.finding(ERROR, f"{what}：{ctx.names(a)}为{ctx.with_unit(a, ctx.amount(a))}，而{coded}表没有{code} {name}这一科目。"
                                  f"请核对{coded}表是否漏列该科目",
                                  [a], {"左": ctx.amount(a), "右": "无"}, t_coded.pages)
            continue
        yield from _pair(ctx, what, a, b)


@rule("表表.01-03", "表表", "公开01各类支出及本年支出合计＝公开03")
def check_01_03(ctx: Context) -> Iterator[Finding]:
    yield from _class_pairs(ctx, "公开01", "公开03", "", ("本年支出合计", "合计"), "公开01与公开03的类级支出应一致")
    yield from _pair(ctx, "公开01本年支出合计应等于公开03合计", "公开01.支出.本年支出合计",
                     _first(ctx, "公开03.合计.本年支出合计", "公开03.合计.合计"))


@rule("表表.01-04", "表表", "公开01财政拨款收入＝公开04；公开01各类支出≥公开04合计")
def check_01_04(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开01")
    t4 = ctx.table("公开04")
    for kind in _KINDS.values():
        yield from _pair(ctx, f"公开01与公开04的{kind}收入应一致",
                         _first(ctx, _income("公开01", f"{kind}收入"), _income("公开01", kind)),
                         _first(ctx, _income("公开04", kind), _income("公开04", f"{kind}收入")))
    equal = all_appropriation(ctx)
    for name in expenditure_classes(t4):
        a, b = _spending("公开01", name), _spending("公开04", name, "合计")
        if equal:  # no other money: every class is spent from appropriations alone
            yield from _pair(ctx, f"本单位收支全部为财政拨款，公开01与公开04的{name}应一致", a,
                             b if b in ctx.cells else None)
        else:
            yield from _not_above(ctx, b, a, f"公开04的{name}财政拨款支出", "公开01该类全部支出")


@rule("表表.03-05", "表表", "公开05（一般公共预算财政拨款）各科目支出不超过公开03同一科目的全部支出")
def check_03_05(ctx: Context) -> Iterator[Finding]:
    t3 = ctx.table("公开03")
    ctx.table("公开05")
    for row in t3.rows:
        if not row.code:
            continue
        found = []
        for col3, col5 in (("本年支出合计", "合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")):
            part, whole = keys.cell("公开05", row.code, col5), keys.cell("公开03", row.code, col3)
            if part in ctx.cells:
                found += _not_above(ctx, part, whole, f"公开05 {row.code} {row.label}的{col5}",
                                    f"公开03的{col3}")
        yield from merge_findings(found, f"公开05 {row.code} {row.label}超过公开03同一科目")


def _not_above(ctx: Context, part: str, whole: str, part_name: str, whole_name: str) -> Iterator[Finding]:
    """A subset amount (appropriations) no larger than the whole (all funds), beyond rounding."""
    vp, vw = ctx.amount(part), ctx.amount(whole) or Decimal(0)
    if vp is not None:
        yield from ctx.excess(f"{part_name}为{ctx.with_unit(part, vp)}，超过{whole_name}{ctx.with_unit(whole, vw)}，"
                              f"多{ctx.with_unit(part, vp - vw)}。财政拨款支出不应多于同一科目的全部支出，请核对两表",
                              vp, vw, [part, whole])


def all_appropriation(ctx: Context) -> bool:
    """Whether all the money is appropriation, so that all-funds and appropriation figures coincide."""
    t = ctx.report.tables.get("公开01")
    if t is None:
        share = ctx.report.figure("收入", "财政拨款收入占比")
        return share is not None and share.value == 100
    # Any other income or any carry-over (which may be non-appropriation money) breaks it.
    others = [r.value() for r in t.rows if keys.below(r.key, "收入") and "财政拨款" not in r.key
              and not any(w in r.key for w in ("合计", "总计"))]
    return not any(others)


@rule("表表.04-05", "表表", "公开04一般公共预算财政拨款支出（分类及合计）＝公开05")
def check_04_05(ctx: Context) -> Iterator[Finding]:
    yield from _class_pairs(ctx, "公开04", "公开05", "一般公共预算财政拨款", ("合计", "小计"),
                            "公开04与公开05的一般公共预算财政拨款类级支出应一致")
    yield from _pair(ctx, "公开04一般公共预算财政拨款本年支出合计应等于公开05合计",
                     "公开04.支出.本年支出合计.一般公共预算财政拨款", _first(ctx, "公开05.合计.合计", "公开05.合计.小计"))


@rule("表表.04-07/08", "表表", "公开04政府性基金、国有资本经营预算财政拨款支出＝公开07、公开08")
def check_04_07_08(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开04")
    for kind, tid, columns in (("政府性基金预算财政拨款", "公开07", ("小计", "本年支出", "本年支出合计")),
                               ("国有资本经营预算财政拨款", "公开08", ("合计", "小计"))):
        a = _spending("公开04", "本年支出合计", kind)
        table = ctx.report.tables.get(tid)
        if table is None:
            ctx.gap(f"缺少{tid}表")
            continue
        if table.no_data:
            value = ctx.amount(a)
            ctx.ran()
            if value:
                yield ctx.finding(ERROR, f"{tid}表无数据，但公开04的{kind}本年支出为{fmt(value)}",
                                  [a, keys.no_data(tid)], {"左": value, "右": 0, "差额": value}, table.pages)
            continue
        yield from _pair(ctx, f"公开04的{kind}支出应等于{tid}合计", a,
                         _first(ctx, *(keys.cell(tid, "合计", c) for c in columns)))
        names = code_names(ctx.report)
        for name in expenditure_classes(ctx.report.tables["公开04"]):
            code = class_code(ctx.report, name, names)
            b = _first(ctx, *(keys.cell(tid, code, c) for c in columns)) if code else None
            if b is not None:
                yield from _pair(ctx, f"公开04的{name}（{kind}）应等于{tid}该类支出",
                                 _first(ctx, _spending("公开04", name, kind)), b)


@rule("表表.05-06", "表表", "公开05基本支出（人员经费、公用经费）＝公开06人员经费合计＋公用经费合计")
def check_05_06(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开05")
    ctx.table("公开06")
    p, c = "公开06.人员经费合计", "公开06.公用经费合计"
    if "公开05.合计.基本支出" in ctx.cells and p in ctx.cells and c in ctx.cells:
        yield from ctx.check_sum("公开05基本支出应等于公开06人员经费合计加公用经费合计",
                                 "公开05.合计.基本支出", [p, c])
    yield from _pair(ctx, "公开05人员经费应等于公开06人员经费合计", _first(ctx, "公开05.合计.人员经费"),
                     _first(ctx, p))
    yield from _pair(ctx, "公开05公用经费应等于公开06公用经费合计", _first(ctx, "公开05.合计.公用经费"),
                     _first(ctx, c))


RUNNING_COSTS = keys.cell("公开10", "机关运行经费")  # the key its rows' keys start with


def reported_running_costs(ctx: Context) -> list[str]:
    """公开10 机关运行经费 rows that carry a non-zero amount."""
    return [k for k, cell in ctx.cells.items()
            if k.startswith(RUNNING_COSTS) and cell.value]


def _has_public_institutions(organisation: str) -> bool:
    """Whether 机构设置 names 事业单位 other than 参公 ones (or says nothing either way)."""
    if not organisation:
        return True
    rest = re.sub(r"参照公务员法管理(?:的)?事业单位|参公事业单位", "", organisation)
    return "事业单位" in rest or "下属" in rest


@rule("表表.10-06", "表表", "公开10机关运行经费＝公开06公用经费合计（行政单位、参公单位）")
def check_10_06(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开10")
    ctx.table("公开06")
    running = reported_running_costs(ctx)
    if not running:
        raise NotApplicable("公开10未填报机关运行经费")
    if ctx.report.header.kind == "部门" and _has_public_institutions(ctx.report.organisation):
        # A department with 事业单位 under it: its 公用经费 is wider than 机关运行经费.
        raise NotApplicable("部门决算含所属事业单位，公用经费不要求等于机关运行经费")
    if "公开06.公用经费合计" not in ctx.cells:
        ctx.gap("公开06未解析到公用经费合计")
        return
    yield from ctx.check_sum("公开10机关运行经费应等于公开06公用经费合计",
                             "公开06.公用经费合计", running)


@rule("表表.09-10车辆", "表表", "公开09有公务用车运行维护费时，公开10应有车辆")
def check_09_vehicles(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开09")
    ctx.table("公开10")
    run = "公开09.决算数.公务用车运行维护费"
    cars = "公开10.国有资产.车辆数合计"
    if run not in ctx.cells or cars not in ctx.cells:
        ctx.gap("未解析到公务用车运行维护费或车辆数合计")
        return
    ctx.ran()
    if (ctx.amount(run) or 0) > 0 and not ctx.amount(cars):
        yield ctx.finding(WARNING,
                          f"公开09公务用车运行维护费为{fmt(ctx.amount(run))}，但公开10车辆数合计为0",
                          [run, cars], {"左": ctx.amount(run), "右": ctx.amount(cars) or 0})


@rule("表表.06-09", "表表", "公开06公务接待费、公务用车运行维护费不超过公开09决算数")
def check_06_09(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开06")
    ctx.table("公开09")
    _, _, car_running, reception = SANGONG_ITEMS
    for code, item in (("30217", reception), ("30231", car_running)):
        a, b = keys.cell("公开06", code), keys.cell("公开09", "决算数", item)
        va, vb = ctx.amount(a), ctx.amount(b) or Decimal(0)
        if b in ctx.cells and va is not None:
            yield from ctx.excess(f"公开06的{code} {item}（基本支出）为{ctx.with_unit(a, va)}，"
                                  f"超过公开09三公经费决算数{ctx.with_unit(b, vb)}，请核对两表", va, vb, [a, b])

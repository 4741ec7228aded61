"""表文 and 文内 on stated figures: every amount, share, completion rate and change the
prose states, against the tables and against the prose's own arithmetic."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from .. import keys
from ..model import StatedFigure
from ..vocab import SANGONG_ITEMS
from .engine import ERROR, HUNDRED, NOTE, WARNING, Context, Finding, decimals, fmt, percent, ratio_severity, rule
from .function_classes import class_code, code_names, subject_code_of
from .rules_cross import RUNNING_COSTS, all_appropriation, expenditure_classes

# 三公 as the prose may state it, the two 公务用车 items as one (公开09's 小计).
_CARS = "公务用车购置及运行维护费"
_SANGONG_STATED = (SANGONG_ITEMS[0], _CARS, SANGONG_ITEMS[-1])
# A 三公 item the prose states → its 公开09 row.
_SANGONG_ROWS = {**{item: item for item in SANGONG_ITEMS}, _CARS: "小计"}

# Narrative figure → the table fact(s) it restates, first present wins.
_DIRECT = {
    ("收支总计", "收入总计"): ("公开01.收入.总计",),
    ("收支总计", "支出总计"): ("公开01.支出.总计",),
    ("收入", "本年收入合计"): ("公开01.收入.本年收入合计", "公开02.合计.本年收入合计"),
    ("收入", "财政拨款收入"): ("公开02.合计.财政拨款收入",),
    ("支出", "本年支出合计"): ("公开01.支出.本年支出合计", "公开03.合计.本年支出合计"),
    ("支出", "基本支出"): ("公开03.合计.基本支出",),
    ("支出", "项目支出"): ("公开03.合计.项目支出",),
    ("财政拨款", "收入总计"): ("公开04.收入.总计",),
    ("财政拨款", "支出总计"): ("公开04.支出.总计.合计", "公开04.支出.总计"),
    ("一般公共预算", "支出"): ("公开05.合计.合计", "公开04.支出.本年支出合计.一般公共预算财政拨款"),
    ("基本支出", "合计"): ("公开05.合计.基本支出",),
    ("基本支出", "人员经费"): ("公开06.人员经费合计", "公开05.合计.人员经费"),
    ("基本支出", "公用经费"): ("公开06.公用经费合计", "公开05.合计.公用经费"),
    ("三公经费", "决算"): ("公开09.决算数.合计",),
    ("三公经费", "预算"): ("公开09.预算数.合计",),
    ("政府采购", "总额"): ("公开10.政府采购.合计",),
    ("政府采购", "货物"): ("公开10.政府采购.货物",),
    ("政府采购", "工程"): ("公开10.政府采购.工程",),
    ("政府采购", "服务"): ("公开10.政府采购.服务",),
    ("国有资产", "车辆数"): ("公开10.国有资产.车辆数合计",),
}
_INCOME_SOURCES = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
# Tables a subject is restated from: when that table says 本表无数据 the prose states 0.
_EMPTY_MEANS_ZERO = {"三公经费": "公开09"}


def _is_key(ctx: Context, key: str) -> bool:
    """A real fact key (tables or narrative), not a label such as 上年数（…）."""
    return key in ctx.cells or key in ctx.figure_pages or keys.is_no_data(key)


def _table_keys(ctx: Context, fig: StatedFigure, names) -> tuple[str, ...]:
    s, m = fig.subject, fig.measure
    if (s, m) in _DIRECT:
        return _DIRECT[(s, m)]
    if s == "收入" and m in _INCOME_SOURCES:
        return (keys.cell("公开01", keys.row("收入", m)), keys.cell("公开02", "合计", m))
    if s == "三公经费" and m in _SANGONG_ROWS:
        return (keys.cell("公开09", "决算数", _SANGONG_ROWS[m]),)
    if s == "国有资产" and m == "大型设备数":
        return tuple(k for k in ctx.cells if keys.below(k, keys.cell("公开10", "国有资产")) and "设备" in k)
    if m == "决算":
        code = subject_code_of(ctx.report, s, names)
        if code:
            return (keys.cell("公开05", code, "合计"), keys.cell("公开05", code, "小计"))
    return ()


def table_value_for(ctx: Context, fig: StatedFigure, names) -> tuple[str, Decimal, int] | None:
    """(fact key, value, items added) the tables give for a stated figure, or None."""
    if fig.subject == "机关运行经费" and fig.measure == "支出":
        running = [k for k in ctx.cells if k.startswith(RUNNING_COSTS)]
        if running:
            return keys.summed(running), sum((ctx.amount(k) or Decimal(0) for k in running), Decimal(0)), 1
    if fig.subject == "收入" and fig.measure == "财政拨款收入" and "公开02.合计.财政拨款收入" not in ctx.cells:
        kinds = [k for k in ctx.cells if keys.below(k, keys.cell("公开01", "收入")) and k.endswith("预算财政拨款收入")]
        if kinds:
            return keys.summed(kinds), sum((ctx.amount(k) or Decimal(0) for k in kinds), Decimal(0)), len(kinds)
    if fig.subject == "基本支出" and fig.measure == "合计" and "公开05.合计.基本支出" not in ctx.cells:
        parts = [k for k in ("公开06.人员经费合计", "公开06.公用经费合计") if k in ctx.cells]
        if len(parts) == 2:
            return keys.summed(parts), ctx.amount(parts[0]) + ctx.amount(parts[1]), 2
    for key in _table_keys(ctx, fig, names):
        if key in ctx.cells:
            return key, ctx.amount(key) or Decimal(0), 1
    table_id = _EMPTY_MEANS_ZERO.get(fig.subject)
    table = ctx.report.tables.get(table_id) if table_id else None
    if table is not None and table.no_data:
        return keys.no_data(table_id), Decimal(0), 1
    return None


_AMOUNT_MEASURES = ("收入总计", "支出总计", "本年收入合计", "本年支出合计", "财政拨款收入", "基本支出",
                    "项目支出", "支出", "决算", "合计", "人员经费", "公用经费", "预算", "总额", "货物", "工程",
                    "服务", "车辆数", "大型设备数") + _INCOME_SOURCES + tuple(_SANGONG_ROWS)


@rule("表文.金额", "表文", "情况说明中的金额＝决算表中的对应数")
def check_stated_amounts(ctx: Context) -> Iterator[Finding]:
    ctx.need_figures()
    names = code_names(ctx.report)
    for fig in ctx.report.figures:
        if fig.measure not in _AMOUNT_MEASURES:
            continue
        found = table_value_for(ctx, fig, names)
        if found is None:
            ctx.gap(f"{ctx.names(fig.key)}在已解析的表中没有对应数")
            continue
        key, value, items = found
        yield from ctx.compare(f"情况说明与决算表不一致（{fig.section or fig.subject}）", fig.key,
                               fig.value, key, value, [fig.key] + [k for k in keys.summands(key) if _is_key(ctx, k)],
                               items, [fig.page])


def _figure(ctx: Context, subject: str, *measures: str, near: StatedFigure | None = None) -> StatedFigure | None:
    """The statement of subject.measure, preferring the one in the same section as `near`."""
    for measure in measures:
        found = ctx.figure(subject, measure, near.section if near is not None else None)
        if found is not None:
            return found
    return None


def _share_bases(ctx: Context, fig: StatedFigure, names) -> list[tuple[str, Decimal, str, Decimal]]:
    """(numerator key, value, denominator key, value) a stated share may be computed from:
    the template's base first, then the base some reports use instead."""
    s, m = fig.subject, fig.measure

    def value_of(subject: str, measure: str, table_keys: Iterable[str] = ()) -> tuple[str, Decimal] | None:
        f = _figure(ctx, subject, measure, near=fig)
        if f is not None:
            return f.key, f.value
        for k in table_keys:
            if ctx.amount(k) is not None:
                return k, ctx.amount(k)
        return None

    spent = value_of("支出", "本年支出合计", _DIRECT[("支出", "本年支出合计")])
    gpb = value_of("一般公共预算", "支出", _DIRECT[("一般公共预算", "支出")])
    if s == "收入" and m.endswith("占比"):
        num = value_of("收入", m[:-2], _DIRECT.get(("收入", m[:-2]), (keys.cell("公开01", keys.row("收入", m[:-2])),)))
        dens = [value_of("收入", "本年收入合计", _DIRECT[("收入", "本年收入合计")]),
                value_of("收支总计", "收入总计", _DIRECT[("收支总计", "收入总计")])]
    elif s == "支出" and m in ("基本支出占比", "项目支出占比"):
        num = value_of("支出", m[:-2], _DIRECT[("支出", m[:-2])])
        dens = [spent]
    elif s == "一般公共预算" and m == "占本年支出比":
        num, dens = gpb, [spent]
    elif s == "政府采购" and m == "授予中小企业占比":
        num = value_of("政府采购", "授予中小企业合同金额")
        dens = [value_of("政府采购", "总额", _DIRECT[("政府采购", "总额")])]
    elif m == "占比":
        code = subject_code_of(ctx.report, s, names)
        num = value_of(s, "决算", (keys.cell("公开05", code, "合计"),) if code else ())
        dens = [gpb, spent]
    else:
        return []
    if num is None:
        return []
    return [(num[0], num[1], den[0], den[1]) for den in dens if den is not None]


def _best(candidates: Iterable[Iterable[Finding]]) -> list[Finding]:
    """Of the findings under each acceptable reading, those of the reading that fits best
    (none at all, else rounding only); the first reading's when all disagree."""
    results = [list(c) for c in candidates]
    return min(results, key=lambda fs: (len(fs) > 0, any(f.severity != NOTE for f in fs))) if results else []


def stated_decimals(fig: StatedFigure) -> int:
    """Decimals as printed: '100.00%' has two even where the value reads 100."""
    best = decimals(fig.value)
    for m in re.finditer(r"\d+(?:\.(\d+))?", fig.quote or ""):
        text = m.group(0)
        try:
            if Decimal(text) == abs(fig.value):
                best = max(best, len(m.group(1) or ""))
        except ArithmeticError:
            continue
    return best


def _as_printed(fig: StatedFigure) -> Decimal:
    return fig.value.quantize(Decimal(1).scaleb(-stated_decimals(fig)))


def _ratio_finding(ctx: Context, what: str, fig: StatedFigure, num_key: str, num: Decimal,
                   den_key: str, den: Decimal, extra_facts: Iterable[str] = ()) -> Iterator[Finding]:
    ctx.ran()
    facts = [k for k in (fig.key, num_key, den_key, *extra_facts) if _is_key(ctx, k)]
    if den == 0:
        if fig.value == 0:
            return
        # "增长100%" for a unit new this year is common practice, though a rate over 0 is undefined.
        conventional = abs(fig.value) == HUNDRED and num > 0 and "增减率" in fig.measure
        yield ctx.finding(NOTE if conventional else ERROR,
                          f"{what}：基数为0，百分比无从计算，但{ctx.names(fig.key)}为{fmt(fig.value)}%"
                          + ("（新设单位习惯写作增长100%，建议改为文字说明）" if conventional else ""),
                          facts, {"陈述": fig.value, "基数": den}, [fig.page])
        return
    stated = _as_printed(fig)
    if stated != 0 and (stated < 0) != (num / den < 0):
        severity = ERROR  # the sign (增长/下降) contradicts the amounts
    else:
        severity = ratio_severity(stated, num, den, ctx.quantum)
    if severity is None:
        return
    computed = percent(num, den)
    def short(key: str) -> str:  # the same section need not be named three times
        return ctx.names(key).split("所写的", 1)[-1] if keys.head(key) == keys.NARRATIVE else ctx.names(key)

    msg = (f"{what}：{ctx.names(fig.key)}为{fmt(stated)}%，按{short(num_key)}{ctx.with_unit(num_key, num)}"
           f"÷{short(den_key)}{ctx.with_unit(den_key, den, num_key)}计算为{fmt(computed)}%，"
           f"写的比算得的{'多' if stated > computed else '少'}{fmt(abs(stated - computed))}个百分点")
    msg += "（尾数误差，可不作更正）" if severity == NOTE else "。请按表中数字重新计算并更正"
    yield ctx.finding(severity, msg, facts, {"陈述": stated, "计算": computed, "差额": stated - computed},
                      [fig.page])


@rule("表文.占比", "表文", "情况说明中的占比＝金额÷总额；同一总额的各部分占比合计为100%")
def check_shares(ctx: Context) -> Iterator[Finding]:
    ctx.need_figures()
    names = code_names(ctx.report)
    for fig in ctx.report.figures:
        if "占" not in fig.measure:
            continue
        if fig.value > HUNDRED:
            ctx.ran()
            yield ctx.finding(ERROR, f"占比超过100%：{ctx.names(fig.key)}为{fmt(fig.value)}%，部分不能大于整体，请更正",
                              [fig.key], {"陈述": fig.value, "上限": 100}, [fig.page])
            continue
        bases = _share_bases(ctx, fig, names)
        if not bases:
            ctx.gap(f"{ctx.names(fig.key)}缺少计算所需的金额")
            continue
        yield from _best(_ratio_finding(ctx, "占比计算不符", fig, *base) for base in bases)
    # Parts of one whole: 基本支出占比 + 项目支出占比 = 100%.
    parts = [_figure(ctx, "支出", m) for m in ("基本支出占比", "项目支出占比")]
    if all(parts):
        ctx.ran()
        total = sum(_as_printed(p) for p in parts)
        unit = max(Decimal(1).scaleb(-stated_decimals(p)) for p in parts)
        if abs(total - 100) > unit:
            yield ctx.finding(ERROR,
                              f"基本支出占比与项目支出占比之和为{fmt(total)}%，应为100%",
                              [p.key for p in parts], {"合计": total, "应为": 100, "差额": total - 100},
                              [p.page for p in parts])


_CURRENT = ("决算", "支出", "收入总计", "支出总计", "合计", "总额", "本年收入合计", "本年支出合计")


@rule("文内.完成率", "文内", "完成率＝决算÷年初预算（年初预算为0时不应写完成率）")
def check_completion(ctx: Context) -> Iterator[Finding]:
    ctx.need_figures()
    for fig in ctx.report.figures:
        if fig.measure != "完成率":
            continue
        budget = _figure(ctx, fig.subject, "年初预算", near=fig)
        actual = _figure(ctx, fig.subject, "决算", "支出", near=fig)
        if budget is None or actual is None:
            ctx.gap(f"{ctx.names(fig.key)}缺少年初预算或决算数")
            continue
        yield from _ratio_finding(ctx, "完成率计算不符", fig, actual.key, actual.value,
                                  budget.key, budget.value)


@rule("文内.增减率", "文内", "较上年增减率＝增减额÷上年数（上年数＝本年数−增减额），方向一致")
def check_change_rates(ctx: Context) -> Iterator[Finding]:
    ctx.need_figures()
    for fig in ctx.report.figures:
        if fig.measure != "较上年增减率":
            continue
        change = _figure(ctx, fig.subject, "较上年增减", near=fig)
        current = [f for f in (_figure(ctx, fig.subject, m, near=fig) for m in _CURRENT) if f is not None]
        if change is None or not current:
            ctx.gap(f"{ctx.names(fig.key)}缺少增减额或本年数")
            continue
        if (change.value < 0) != (fig.value < 0) and change.value != 0 and fig.value != 0:
            ctx.ran()
            yield ctx.finding(ERROR,
                              f"增减方向矛盾：{ctx.names(change.key)}为{ctx.with_unit(change.key, change.value)}，"
                              f"而{ctx.names(fig.key)}为{fmt(fig.value)}%，一增一减。请更正其中有误的一个",
                              [fig.key, change.key], {"增减额": change.value, "增减率": fig.value},
                              [fig.page, change.page])
            continue
        # Several current amounts (收入总计 and 支出总计): the change may refer to either.
        results = []
        for cur in current:
            base = cur.value - change.value
            results.append(list(_ratio_finding(ctx, "较上年增减率计算不符", fig, change.key,
                                               change.value, f"上年数（{_phrase(ctx, cur)}减去增减额）", base, [cur.key])))
        yield from _best(results)


# Quantities the prose states in two sections under two keys (facts.md keeps both).
_SAME_QUANTITY = (
    (("支出", "基本支出"), ("基本支出", "合计")),
)


def _stated_twice(ctx: Context) -> Iterator[tuple[StatedFigure, StatedFigure]]:
    by_key: dict[str, StatedFigure] = {}
    for fig in ctx.report.figures:
        first = by_key.setdefault(fig.key, fig)
        if first is not fig:
            yield first, fig
    if not all_appropriation(ctx):
        return  # 支出决算 covers every fund, 基本支出 in section 六 appropriations only
    for a_key, b_key in _SAME_QUANTITY:
        a, b = ctx.figure(*a_key), ctx.figure(*b_key)
        if a is not None and b is not None:
            yield a, b


@rule("文内.前后一致", "文内", "同一数字在情况说明中多次出现时应一致", absent="情况说明中没有重复陈述的数字")
def check_stated_twice(ctx: Context) -> Iterator[Finding]:
    ctx.need_figures()
    for a, b in _stated_twice(ctx):
        ctx.ran()
        if a.value == b.value:
            continue
        # Not an addition: a restated figure has no rounding excuse, but a gap of one cent
        # or two is most likely a figure rounded twice.
        severity = WARNING if ctx.amount_severity(a.value, b.value) == NOTE else ERROR
        yield ctx.finding(severity,
                          f"同一数字前后不一致：{_where(a)}写{_phrase(ctx, a)}为{ctx.with_unit(a.key, a.value)}，"
                          f"{_where(b)}写{_phrase(ctx, b)}为{ctx.with_unit(b.key, b.value)}，前者比后者"
                          f"{'多' if a.value > b.value else '少'}{ctx.with_unit(a.key, abs(a.value - b.value))}。"
                          "请核对并统一为正确的数字",
                          [a.key, b.key], {"前": a.value, "后": b.value, "差额": a.value - b.value},
                          [a.page, b.page])


@rule("文内.分项合计", "文内", "情况说明中分项之和＝总数（三公经费、政府采购、各科目年初预算/决算/增减额）")
def check_stated_sums(ctx: Context) -> Iterator[Finding]:
    ctx.need_figures()
    # (total, its parts, other wording of the parts, whether the parts are the whole list)
    groups = [
        (("三公经费", "决算"), [("三公经费", m) for m in _SANGONG_STATED],
         [("三公经费", m) for m in SANGONG_ITEMS], True),
        (("政府采购", "总额"), [("政府采购", m) for m in ("货物", "工程", "服务")], None, True),
        (("基本支出", "合计"), [("基本支出", "人员经费"), ("基本支出", "公用经费")], None, True),
        # 上缴上级支出, 经营支出 … may be left unstated: only an excess is sure to be wrong.
        (("支出", "本年支出合计"), [("支出", "基本支出"), ("支出", "项目支出")], None, False),
        (("收入", "本年收入合计"), [("收入", m) for m in ("财政拨款收入",) + _INCOME_SOURCES], None, False),
    ]
    for (ts, tm), parts, alt, whole in groups:
        total = ctx.figure(ts, tm)
        figs = [ctx.figure(*p) for p in parts]
        if alt and not all(figs):
            figs = [ctx.figure(*p) for p in alt]
        if not whole:
            figs = [f for f in figs if f is not None]
        if total is None or not figs or not all(figs):
            continue
        s = sum(f.value for f in figs)
        if not whole and s < total.value and ctx.amount_severity(total.value, s, len(figs)) == ERROR:
            ctx.gap(f"{ts}{tm}的分项可能未全部列明")
            continue
        yield from ctx.compare(f"情况说明中{ts}{tm}应等于各分项之和", total.key, total.value,
                               "各分项之和", s, [total.key] + [f.key for f in figs], len(figs),
                               [total.page] + [f.page for f in figs])
    # A part never exceeds its whole: 小微企业 ⊂ 中小企业 ⊂ 政府采购总额.
    for part, whole in ((("政府采购", "授予中小企业合同金额"), ("政府采购", "总额")),
                        (("政府采购", "授予小微企业合同金额"), ("政府采购", "授予中小企业合同金额"))):
        a, b = ctx.figure(*part), ctx.figure(*whole)
        if a is not None and b is not None:
            yield from ctx.excess(f"{part[1]}{fmt(a.value)}超过{whole[1]}{fmt(b.value)}", a.value, b.value,
                                  [a.key, b.key], [a.page, b.page])
    yield from _subject_sums(ctx)


def _subject_sums(ctx: Context) -> Iterator[Finding]:
    """Σ per-subject 较上年增减 / 决算 = the 一般公共预算 total (年初预算: 文内.明细合计), when every listed
    subject sits at the same level of the subject tree (else the sum would double count)."""
    names = code_names(ctx.report)
    for measure, total_measure in (("较上年增减", "较上年增减"), ("决算", "支出")):
        total = ctx.figure("一般公共预算", total_measure)
        if total is None:
            continue
        items: dict[str, StatedFigure] = {}
        for fig in ctx.report.figures:
            if fig.measure == measure and fig.subject not in ("一般公共预算", "收支总计", "财政拨款", "机关运行经费",
                                                              "三公经费", "支出", "收入"):
                items.setdefault(fig.subject, fig)
        if len(items) < 2:
            continue
        codes = [subject_code_of(ctx.report, s, names) for s in items]
        if None in codes or len({len(c) for c in codes}) != 1 or len(set(codes)) != len(codes):
            ctx.gap(f"无法确定各科目{measure}的层级，未核对其合计")
            continue
        expected = _codes_at_level(ctx, len(codes[0]))
        if expected is None or set(codes) != expected:
            ctx.gap(f"情况说明未逐一列出全部科目的{measure}，未核对其合计")
            continue
        s = sum(f.value for f in items.values())
        yield from ctx.compare(f"情况说明中各科目{measure}之和应等于一般公共预算财政拨款{total_measure}",
                               total.key, total.value, f"各科目{measure}之和", s,
                               [total.key] + [f.key for f in items.values()], len(items),
                               [total.page] + [f.page for f in items.values()])


def _codes_at_level(ctx: Context, length: int) -> set[str] | None:
    """The codes of one level that carry 一般公共预算 spending (from 公开05, else 公开04 classes)."""
    t5 = ctx.report.tables.get("公开05")
    if t5 is not None and not t5.no_data:
        return {r.code for r in t5.rows if r.code and len(r.code) == length
                and (r.value("合计") or r.value("小计"))}
    t4 = ctx.report.tables.get("公开04")
    if t4 is None or length != 3:
        return None
    names = code_names(ctx.report)
    codes = set()
    for name in expenditure_classes(t4):
        if ctx.amount(keys.cell("公开04", keys.row("支出", name), "一般公共预算财政拨款")):
            code = class_code(ctx.report, name, names)
            if code is None:
                return None
            codes.add(code)
    return codes


def _phrase(ctx: Context, fig: StatedFigure) -> str:
    """The quantity a statement names, without the section (which _where gives)."""
    return ctx.names(fig.key).split("所写的", 1)[-1]


def _where(fig) -> str:
    """The section (and page) a stated figure stands in."""
    return f"{fig.section or fig.subject}（第{fig.page}页）" if fig.page else (fig.section or fig.subject)

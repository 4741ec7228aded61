"""The per-subject items of 一般公共预算财政拨款支出决算具体情况, and 政府采购 in the prose:
names against the tables, usage against the name, item amounts against the stated total."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import keys
from .engine import ERROR, NOTE, WARNING, Context, Finding, NotApplicable, fmt, ratio_severity, rule
from .function_classes import norm_name
from .passages import Passage, page_at, passages, sections_text

_MARK = re.compile(r"[（(](类|款|项)[)）]")
_CUT = re.compile(r"[，。：:；;、\d.]")
_LEVEL_LEN = {"类": 3, "款": 5, "项": 7}


def named_subjects(text: str) -> Iterator[tuple[str, str, int]]:
    """(name, level, end offset) of every 'NAME（项）' in a passage."""
    prev = 0
    for m in _MARK.finditer(text):
        seg = text[max(prev, m.start() - 40):m.start()]
        name = _CUT.split(seg)[-1]
        prev = m.end()
        if len(name) >= 2:
            yield name, m.group(1), m.end()


def _labels_by_level(ctx: Context) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for tid in ("公开02", "公开03", "公开05", "公开07", "公开08"):
        t = ctx.report.tables.get(tid)
        for row in t.rows if t is not None else ():
            if row.code and row.label:
                out.setdefault(len(row.code), set()).add(norm_name(row.label))
    return out


def _known(name: str, names: set[str]) -> bool:
    """Known as printed, with or without 支出, or as the tail of a longer run of text
    ("主要用于行政运行（项）")."""
    if any(n in names for n in (name, name + "支出", re.sub(r"支出$", "", name))):
        return True
    return any(len(n) >= 4 and name.endswith(n) for n in names)


@rule("表文.科目名称", "表文", "情况说明中“××（类/款/项）”的科目名称在决算表中同级存在",
      absent="情况说明中没有“××（类/款/项）”形式的科目名称")
def check_subject_names(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    labels = _labels_by_level(ctx)
    if not labels:
        ctx.gap("缺少按科目编码列示的决算表（公开02/03/05）")
        return
    seen = set()
    for p in passages(ctx.report, ("情况说明",)):
        for name, level, _ in named_subjects(p.text):
            length = _LEVEL_LEN[level]
            if length not in labels:
                continue
            ctx.ran()
            if _known(name, labels[length]) or (name, level) in seen:
                continue
            seen.add((name, level))
            elsewhere = [lv for lv, n in _LEVEL_LEN.items() if n in labels and _known(name, labels[n])]
            hint = f"（表中“{name}”是{elsewhere[0]}级科目）" if elsewhere else "，表中无此科目"
            yield ctx.finding(WARNING, f"情况说明写“{name}（{level}）”{hint}，科目名称或级次与决算表不符",
                              [], {"原文": f"{name}（{level}）"}, [p.page])


_USE = re.compile(r"[（(]项[)）][。.，,]?主要用于[:：]?([^。；;]+)")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@rule("表文.科目用途", "表文", "“主要用于”的说明与所述科目相符（未照抄上一项）")
def check_subject_usage(ctx: Context) -> Iterator[Finding]:
    items: list[tuple[str, str, Passage]] = []
    for p in passages(ctx.report, ("情况说明",)):
        subjects = list(named_subjects(p.text))
        for m in _USE.finditer(p.text):
            name = next((n for n, lv, end in reversed(subjects) if lv == "项" and end <= m.start() + 3), None)
            if name:
                items.append((name, m.group(1), p))
    if not items:
        ctx.gap("情况说明中未找到“××（项）。主要用于：……”的说明")
        return
    for (prev_name, prev_use, _), (name, use, p) in zip(items, items[1:]):
        ctx.ran()
        if use == prev_use and name != prev_name and not (_bigrams(name) & _bigrams(use)):
            yield ctx.finding(WARNING,
                              f"“{name}（项）”的用途写为“{use}”，与上一项“{prev_name}”相同且与科目名称无关，疑为照抄",
                              [], {"科目": name, "用途": use}, [p.page])


_NUM = r"\d[\d,]*(?:\.\d+)?"
_ITEM_AMOUNT = {"年初预算": re.compile(rf"年初预算(?:数)?(?:为|是)?({_NUM})万元"),
                "支出决算": re.compile(rf"(?:支出决算|决算支出)(?:数)?(?:为|是)?({_NUM})万元")}


@rule("文内.明细合计", "文内", "具体情况中各科目的年初预算、支出决算之和＝总数",
      absent="情况说明中没有逐科目列出的年初预算或支出决算")
def check_item_sums(ctx: Context) -> Iterator[Finding]:
    """The first statement of a section is its total; the items that follow add up to it."""
    ctx.need_prose()
    for section, ps in _sections(ctx).items():
        text = "".join(p.text for p in ps)
        subjects = list(named_subjects(text))
        for measure, pattern in _ITEM_AMOUNT.items():
            found = list(pattern.finditer(text))
            if len(found) < 3:
                continue
            values = [Decimal(m.group(1).replace(",", "")) for m in found]
            total, items = values[0], values[1:]
            s = sum(items, Decimal(0))
            severity = ctx.amount_severity(total, s, len(items))
            ctx.ran()
            if severity == ERROR and not _one_full_level(ctx, subjects, found[1:]):
                # Items at two levels (类 and 项) or only some listed: the sum proves nothing.
                ctx.gap(f"{section}的{measure}明细未按同一级次逐项列全，未核对合计")
                continue
            if severity is not None:
                yield ctx.finding(severity,
                                  f"{section}：{measure}总数{fmt(total)}，各科目{measure}之和{fmt(s)}，相差{fmt(total - s)}"
                                  + ("（尾数误差）" if severity == NOTE else ""),
                                  [], {"总数": total, "明细之和": s, "差额": total - s}, [p.page for p in ps])


def _one_full_level(ctx: Context, subjects: list[tuple[str, str, int]], found: list[re.Match]) -> bool:
    """Whether each item is named at one level (…（项）) and every subject of that level in
    公开05 is listed once."""
    levels = []
    for m in found:
        before = [lv for _, lv, end in subjects if end <= m.start()]
        levels.append(before[-1] if before else None)
    if None in levels or len(set(levels)) != 1:
        return False
    t5 = ctx.report.tables.get("公开05")
    length = _LEVEL_LEN[levels[0]]
    rows = [r for r in t5.rows if r.code and len(r.code) == length and r.value("合计")] if t5 else []
    return len(rows) == len(found)


_SME = re.compile(rf"由中小企业[^，。；;]*?(?:中标|成交)的?[，,]?(?:采购|合同)?金额(?:为)?({_NUM})万元")
_PROCUREMENT_TOTAL = re.compile(rf"政府采购(?:支出)?(?:总额|金额)[^，。；;\d]*?(?:为)?({_NUM})万元")


@rule("文内.中小企业", "文内", "授予中小企业的采购金额合计不超过政府采购总额")
def check_sme(ctx: Context) -> Iterator[Finding]:
    found = False
    for section, ps in _sections(ctx).items():
        text = "".join(p.text for p in ps)
        if "中小企业" not in text:
            continue
        total_m = _PROCUREMENT_TOTAL.search(text)
        fig = ctx.report.figure("政府采购", "总额")
        total = Decimal(total_m.group(1).replace(",", "")) if total_m else (fig.value if fig else None)
        smes = [Decimal(m.group(1).replace(",", "")) for m in _SME.finditer(text)]
        if total is None or not smes:
            continue
        found = True
        s = sum(smes, Decimal(0))
        yield from ctx.excess(f"{section}：由中小企业中标或成交的采购金额合计{fmt(s)}万元"
                              f"（{'＋'.join(map(fmt, smes))}），超过政府采购总额{fmt(total)}万元", s, total,
                              [keys.stated("政府采购", "总额")] if fig else [], [p.page for p in ps])
    if not found:
        ctx.gap("情况说明中未找到政府采购授予中小企业的金额")


def _sections(ctx: Context) -> dict[str, list[Passage]]:
    out: dict[str, list[Passage]] = {}
    for p in passages(ctx.report, ("情况说明",)):
        out.setdefault(p.section, []).append(p)
    return out


_NONE_STATED = re.compile(r"无此项|没有此项|无此类|本年度?无|未发生|没有[^。；]*?(?:收入|支出)|无[^。；，]{0,20}?(?:收入|支出)")
_AMOUNT = re.compile(rf"({_NUM})万元")
_FUND_TABLES = (("公开07", "政府性基金"), ("公开08", "国有资本经营"))


@rule("表文.空表与说明", "表文", "无数据的表，情况说明应写明“本年度无此项收支”；有数据的表不应说无",
      absent="报告没有政府性基金、国有资本经营预算的表或说明")
def check_empty_table_prose(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    sections = _sections(ctx)
    for tid, topic in _FUND_TABLES:
        table = ctx.report.tables.get(tid)
        prose = [(s, ps) for s, ps in sections.items() if topic in s]
        if table is None or not prose:
            continue
        has_data = not table.no_data and any(c.value for r in table.rows for c in r.cells.values())
        for section, ps in prose:
            text = "".join(p.text for p in ps)
            pages = [p.page for p in ps]
            says_none = _NONE_STATED.search(text)
            amounts = [Decimal(m.group(1).replace(",", "")) for m in _AMOUNT.finditer(text)]
            ctx.ran()
            if has_data and says_none and not any(amounts):
                yield ctx.finding(ERROR, f"{section}称“{says_none.group(0)}”，但{tid}有数据",
                                  [], {"说明": says_none.group(0), "表": tid}, pages + table.pages)
            elif not has_data and any(amounts):
                yield ctx.finding(ERROR,
                                  f"{tid}无数据，但{section}写有金额{'、'.join(fmt(a) for a in amounts if a)}万元",
                                  [keys.no_data(tid)] if table.no_data else [], {"表": tid, "说明金额": fmt(max(amounts))},
                                  pages + table.pages)
            elif not has_data and not says_none:
                yield ctx.finding(NOTE, f"{tid}无数据，{section}宜写明“本年度无此项收支”",
                                  [], {"表": tid}, pages)


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_TOP = re.compile(r"^([一二三四五六七八九十]+)、")
_SUB = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")


def cn_number(text: str) -> int:
    """一 … 九十九 → 1 … 99."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


@rule("文档.章节编号", "文档", "情况说明各节编号连续（一、二、三……，（一）（二）……）",
      absent="报告中没有两个以上编号的小节")
def check_section_numbers(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for part in ("概况", "情况说明"):
        top, sub, parent = [], [], ""
        sections = [s for s in ctx.report.sections if s.part == part]
        for s in sections + [None]:
            title = re.sub(r"\s+", "", s.title) if s else ""
            m_top, m_sub = _TOP.match(title), _SUB.match(title)
            if s is None or m_top:
                yield from _numbering_gap(ctx, part, parent, sub)
                sub = []
            if s is None:
                break
            if m_top:
                parent = title
                top.append((cn_number(m_top.group(1)), s))
            elif m_sub:
                sub.append((cn_number(m_sub.group(1)), s))
        yield from _numbering_gap(ctx, part, "", top)


def _numbering_gap(ctx: Context, part: str, parent: str, numbered: list) -> Iterator[Finding]:
    if len(numbered) < 2:
        return
    ctx.ran()
    numbers = [n for n, _ in numbered]
    # Only a number left out is a defect: a list that starts again (the contents read twice,
    # a second list) or starts past 1 (its first item inside the heading) is how it was read.
    skipped = [n for a, b in zip(numbers, numbers[1:]) if b > a + 1 for n in range(a + 1, b)]
    if skipped:
        where = f"“{parent[:16]}”下的小节" if parent else f"{part}各节"
        yield ctx.finding(NOTE, f"{where}编号不连续：{'、'.join(map(str, numbers))}，缺少第"
                          f"{'、'.join(map(str, skipped))}项，请核对是否漏写或编错",
                          [], {"编号": "、".join(map(str, numbers))},
                          [p for _, s in numbered for p in s.pages[:1]])


_YUAN = re.compile(rf"(?<![万亿\d.,])({_NUM})元(?![/每])")


@rule("文档.金额单位", "文档", "以万元编报的报告，正文金额不应写成“元”",
      absent="情况说明中没有以“元”书写的金额")
def check_money_unit_in_prose(ctx: Context) -> Iterator[Finding]:
    """A table or stated amount written with 元 where the report counts in 万元."""
    if ctx.report.header.money_unit != "万元":
        raise NotApplicable("报告不以万元为金额单位")
    ctx.need_prose()
    known = {c.value for k, c in ctx.cells.items() if c.value and not k.startswith(keys.cell("公开10", "国有资产"))}
    known |= {f.value for f in ctx.report.figures if f.value and not any(w in f.measure for w in ("率", "占", "数"))}
    for p in passages(ctx.report, ("情况说明",)):
        ctx.ran()
        for m in _YUAN.finditer(p.text):
            value = Decimal(m.group(1).replace(",", ""))
            if "." in m.group(1) and value in known:  # written like an amount in 万元: "229.43元"
                yield ctx.finding(WARNING,
                                  f"“{p.text[max(0, m.start() - 10):m.end()]}”：报告以万元为单位，此处写作“元”",
                                  [], {"原文": m.group(0)}, [p.page])


_COMPLETION = re.compile(rf"(年初|全年)?预算(?:数)?(?:为|是)?({_NUM})万元[，,]?(?:支出)?决算(?:支出|数)?(?:为|是)?({_NUM})万元"
                         rf"[，,。]?完成(?:年初|全年)?预算(?:数)?的({_NUM})[%％]")


@rule("文内.完成率原文", "文内", "原文“预算X万元，决算Y万元，完成预算的Z%”：Z＝Y÷X",
      absent="情况说明中没有“预算X万元，决算Y万元，完成预算的Z%”的表述")
def check_completion_sentences(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for section, (text, starts) in sections_text(ctx.report).items():
        for m in _COMPLETION.finditer(text):
            budget, actual, rate = (Decimal(m.group(i).replace(",", "")) for i in (2, 3, 4))
            page = page_at(starts, m.start())
            ctx.ran()
            # Zero budgets: 文内.零基数; rates the narrative parser read: 文内.完成率.
            if budget == 0 or ("完成率", rate, page) in ctx.stated:
                continue
            severity = ratio_severity(rate, actual, budget, ctx.quantum)
            if severity is not None:
                computed = (actual / budget * 100).quantize(Decimal("0.01"))
                yield ctx.finding(severity,
                                  f"“{m.group(0)}”：{fmt(actual)}÷{fmt(budget)}＝{fmt(computed)}%（{section}）",
                                  [], {"陈述": rate, "计算": computed, "差额": rate - computed}, [page])

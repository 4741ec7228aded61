"""文内 (on the wording), 文档 and 文字: what a reviewer reads in the prose itself."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import keys
from ..model import TABLE_TITLES
from .engine import ERROR, NOTE, WARNING, Context, Finding, fmt, ratio_severity, rule
from .passages import clauses, levenshtein, page_at, passages, quote, sections_text
from .rules_cross import reported_running_costs

_UP, _DOWN = ("增加", "增长", "上升", "提高"), ("减少", "下降", "降低")
_NUM = r"-?\d[\d,]*(?:\.\d+)?"
_CHANGE_PAIR = re.compile(rf"(增加|减少|增长|下降|上升|降低)({_NUM})万?元[，,]?(增加|减少|增长|下降|上升|降低)(-?{_NUM})[%％]")


@rule("文内.增减方向", "文内", "同一句中增减额与增减率的方向用词一致",
      absent="情况说明中没有同一句的增减额与增减率")
def check_direction_words(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for p in passages(ctx.report):
        for m in _CHANGE_PAIR.finditer(p.text):
            ctx.ran()
            amount_up = m.group(1) in _UP
            rate_up = (m.group(3) in _UP) != m.group(4).startswith("-")
            if amount_up != rate_up:
                yield ctx.finding(ERROR,
                                  f"增减方向用词矛盾：“{m.group(0)}”（{p.section}）",
                                  [], {"原文": m.group(0)}, [p.page])


_FLAT = re.compile(r"持平|与上年相同|同上年一致|与上年一致")
_NONZERO_CHANGE = re.compile(rf"(?:增加|减少|增长|下降)({_NUM})(?:万?元|[%％])")


@rule("文内.持平", "文内", "写“持平/与上年相同”的同一分句不应再写非零增减",
      absent="情况说明中没有“持平/与上年相同”的表述")
def check_flat(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for p in passages(ctx.report):
        parts = clauses(p.text)
        for i, c in enumerate(parts):
            if not _FLAT.search(c):
                continue
            ctx.ran()
            # The clause itself, or the next one when it goes on with a bare change ("持平，增加2万元").
            if i + 1 < len(parts) and re.match(r"(?:增加|减少|增长|下降|上升)", parts[i + 1]):
                c = f"{c}，{parts[i + 1]}"
            for m in _NONZERO_CHANGE.finditer(c):
                if float(m.group(1).replace(",", "")) != 0:
                    yield ctx.finding(ERROR, f"同一分句既写持平又写有增减：“{c}”",
                                      [], {"原文": c}, [p.page])
                    break


# "完成年初预算的95.89%" after "年初预算为0万元": a rate over a zero base.
_ZERO_BUDGET = re.compile(rf"年初预算(?:数)?(?:为|是)?0(?:\.0+)?万?元[^。]*?完成(?:年初)?预算的?({_NUM})[%％]")


@rule("文内.零基数", "文内", "年初预算为0时不应计算完成率",
      absent="情况说明中没有“年初预算为0……完成预算的××%”的表述")
def check_zero_budget(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for p in passages(ctx.report):
        if "年初预算" not in p.text:
            continue
        ctx.ran()
        for m in _ZERO_BUDGET.finditer(p.text):
            rate = Decimal(m.group(1).replace(",", ""))
            # A rate the narrative parser read is checked (with its fact key) by 文内.完成率.
            if rate == 0 or ("完成率", rate) in ctx.stated:
                continue
            yield ctx.finding(ERROR,
                              f"年初预算为0，完成率无从计算，却写“完成年初预算的{m.group(1)}%”；"
                              f"应改写为与全年预算（调整预算）比较或说明年初未安排预算",
                              [], {"原文": quote(p.text, m.start(), m.end(), 0), "基数": 0}, [p.page])


# A percentage context followed by a bare number: "占比76.23。" "增长13.95，".
_NO_PERCENT = re.compile(rf"(占比|占[^，。；%％\d]{{0,14}}的|占|增长|下降|完成[^，。；%％\d]{{0,8}}的|率为)({_NUM})(?=[。，；、）)]|$)")


@rule("文内.百分号", "文内", "百分比数字应带%",
      absent="情况说明中没有占比、增减率等百分比")
def check_percent_sign(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for p in passages(ctx.report, ("情况说明",)):
        ctx.ran()
        for m in _NO_PERCENT.finditer(p.text):
            if "." not in m.group(2):  # "增长2" of a count is not a percentage
                continue
            yield ctx.finding(WARNING, f"百分比缺少%：“{m.group(0)}”",
                              [], {"原文": quote(p.text, m.start(), m.end(), 6)}, [p.page])


_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:[XxＸｘ×]{2,})(?![A-Za-z])|某某|【[^】]{0,20}】|此处(?:填写|填列|说明|写|应|为|列示|请)"
                          r"|[（(]?(?:增加|减少|增长|下降)[）)]?[（(/](?:增加|减少|增长|下降)[）)]")


def _headings(ctx: Context) -> Iterator[tuple[str, int | None, str]]:
    """(text, page, where) of every heading and table line that is not prose: the cover
    title, the contents, section titles, and each table's title, header, columns and rows."""
    report = ctx.report
    yield report.header.title, None, "封面标题"
    for e in report.toc:
        yield e.title, None, "目录"
    for s in report.sections:
        yield s.title, (s.pages or [None])[0], "标题"
    for t in report.tables.values():
        where = f"{t.id}表"
        yield t.title, t.page, f"{where}标题"
        for text in (t.unit_name or "", *t.columns, *t.notes):
            yield text, t.page, f"{where}表头"
        for row in t.rows:
            yield row.label, row.page or t.page, f"{where}行名"
    for pr in report.projects:
        for text in (pr.name, pr.department, pr.implementer, pr.conclusion, pr.experience, pr.problems):
            yield text, pr.page, f"绩效自评表“{pr.name}”"


@rule("文档.占位符", "文档", "模板占位符（XX、××、某某、【】、此处……、增加（减少））不应残留，表头和标题中亦然")
def check_placeholders(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    texts = [(p.text, p.page, p.section) for p in passages(ctx.report)]
    texts += [(re.sub(r"\s+", "", t), page, where) for t, page, where in _headings(ctx) if t]
    seen = set()
    for text, page, where in texts:
        ctx.ran()
        for m in _PLACEHOLDER.finditer(text):
            said = quote(text, m.start(), m.end())
            if (said, page) in seen:
                continue
            seen.add((said, page))
            yield ctx.finding(WARNING, f"模板占位内容未替换：“{m.group(0)}”（{where}：“{said}”），请填入实际内容",
                              [], {"原文": said}, [page])


@rule("文档.目录", "文档", "目录列出的决算表与正文中实际存在的表一致")
def check_toc(ctx: Context) -> Iterator[Finding]:
    listed = {e.table_id: e for e in ctx.report.toc if e.table_id}
    if not listed:
        ctx.gap("未解析到目录中的决算表")
        return
    ctx.ran()
    missing = [t for t in listed if t not in ctx.report.tables]
    if missing:
        names = "、".join(TABLE_TITLES.get(t, t) for t in missing)
        pages = [listed[t].page for t in missing]
        yield ctx.finding(ERROR, f"目录列出但正文中没有的表：{names}",
                          [f"{t}" for t in missing], {"缺少": names}, [p for p in pages if p])
    extra = [t for t in ctx.report.tables if t in TABLE_TITLES and t not in listed]
    if extra:
        names = "、".join(TABLE_TITLES[t] for t in extra)
        yield ctx.finding(WARNING, f"正文中有但目录未列出的表：{names}", extra, {"未列出": names},
                          [ctx.report.tables[t].page for t in extra])


def _norm_unit(name: str) -> str:
    name = re.sub(r"\s+", "", name or "")
    name = re.sub(r"^(?:部门|单位|预算单位|编制单位)(?:名称)?[:：]", "", name)
    return re.sub(r"[（(](?:本级|汇总|合并)[）)]$", "", name)


@rule("文档.单位名称", "文档", "单位名称（及标题中的年度）在表头与正文中处处一致")
def check_unit_name(ctx: Context) -> Iterator[Finding]:
    unit = _norm_unit(ctx.report.header.unit)
    if not unit or re.search(r"\d|决算|公开", unit):
        ctx.gap("未能可靠解析封面单位名称")
        return
    for t in ctx.report.tables.values():
        if not t.unit_name:
            continue
        ctx.ran()
        name = _norm_unit(t.unit_name)
        # A name cut short where the header wraps is a layout matter, not a different unit.
        if name and name != unit and unit not in name and not unit.startswith(name):
            yield ctx.finding(WARNING, f"{t.id}表头单位名称为“{name}”，与封面“{unit}”不一致",
                              [], {"表头": name, "封面": unit}, t.pages)
    if len(unit) < 5:
        return
    seen = set()
    yield from _titled_names(ctx, unit, seen)
    tail = unit[-3:]
    for p in passages(ctx.report):
        ctx.ran()
        for m in re.finditer(re.escape(tail), p.text):
            end = m.end()
            windows = {p.text[max(0, end - n):end] for n in range(len(unit) - 2, len(unit) + 3)}
            dists = {w: levenshtein(w, unit, 2) for w in windows}
            if min(dists.values()) == 0:
                continue
            w, d = min(dists.items(), key=lambda kv: (kv[1], -len(kv[0])))
            if d <= max(1, len(unit) // 6) and w not in seen:
                seen.add(w)
                yield ctx.finding(WARNING, f"正文中单位名称写作“{w}”，与“{unit}”不一致",
                                  [], {"正文": w, "封面": unit}, [p.page])


# "XX局2024年度部门决算表": the name a title gives the unit.
_TITLED = re.compile(r"([^，。：:；;、\s\d]{4,40}?)(\d{4})年度?(?:部门|单位)?决算(表|公开|情况说明|报告)?")


def _titled_names(ctx: Context, unit: str, seen: set[str]) -> Iterator[Finding]:
    texts = [(p.text, p.page) for p in passages(ctx.report)]
    texts += [(re.sub(r"\s+", "", t), None) for t in (ctx.report.organisation, ctx.report.duties) if t]
    texts += [(re.sub(r"\s+", "", e.title), e.page) for e in ctx.report.toc]
    for text, page in texts:
        for m in _TITLED.finditer(text):
            ctx.ran()
            year = ctx.report.header.year
            if m.group(3) and year and int(m.group(2)) != year and m.group(0) not in seen:
                seen.add(m.group(0))
                yield ctx.finding(WARNING, f"标题“{m.group(0)}”的年度与报告年度{year}年不一致",
                                  [], {"标题": m.group(0), "报告年度": year}, [page])
            name = m.group(1)
            if unit in name or not name.endswith(unit[-2:]) or name in seen:
                continue
            seen.add(name)
            yield ctx.finding(WARNING, f"标题中单位名称写作“{name}”，与“{unit}”不一致",
                              [], {"标题": m.group(0), "封面": unit}, [page])


# "2023年度收入总计…" opening a statement of this year's figures (not "比2023年度…").
_STATED_YEAR = re.compile(r"(?<![比较与同至])(\d{4})年度?(?:收入总计|支出总计|收入合计|支出合计|本年收入|本年支出|"
                          r"财政拨款收入|一般公共预算财政拨款支出|“三公”经费|\"三公\"经费|三公经费|机关运行经费支出|"
                          r"政府采购支出总额)")


# "截至2023年12月31日" (a balance date) and a heading's "2023年度": both the report's own year.
_OTHER_YEAR = re.compile(r"截至(\d{4})年(?:12月31日|底|末)|^(?:第[一二三四五六七八九十]+部分)?[^比较与同至上]{0,12}?(\d{4})年度?(?!以前|以来)")


def _year_mentions(ctx: Context) -> Iterator[tuple[str, int | None, str]]:
    """Balance dates in the prose, and headings (titles, contents, table titles) that name a year."""
    for p in passages(ctx.report):
        for m in re.finditer(r"截至\d{4}年(?:12月31日|底|末)", p.text):
            yield m.group(0), p.page, "正文"
    for text, page, where in _headings(ctx):
        if where.endswith("行名") or where.endswith("表头") or where.startswith("绩效"):
            continue
        text = re.sub(r"\s+", "", text or "")
        if re.search(r"\d{4}年", text) and not re.search(r"比\d{4}|较\d{4}|\d{4}年(?:相比|比较)", text):
            yield text, page, where


@rule("文档.年度金额单位", "文档", "各表的年度、金额单位与封面一致；正文陈述本年数时不写成别的年度")
def check_year_and_unit(ctx: Context) -> Iterator[Finding]:
    year, money = ctx.report.header.year, ctx.report.header.money_unit
    for p in passages(ctx.report, ("情况说明",)) if year else ():
        ctx.ran()
        for m in _STATED_YEAR.finditer(p.text):
            if int(m.group(1)) != year:
                yield ctx.finding(WARNING,
                                  f"“{m.group(0)}”：报告为{year}年度，此处写作{m.group(1)}年（疑为沿用往年文字）",
                                  [], {"原文": m.group(0), "报告年度": year}, [p.page])
    for text, page, where in _year_mentions(ctx) if year else ():
        ctx.ran()
        for m in _OTHER_YEAR.finditer(text):
            stated = int(m.group(1) or m.group(2))
            if stated != year:
                yield ctx.finding(WARNING, f"{where}“{quote(text, m.start(), m.end(), 8)}”与报告年度{year}年不符"
                                  f"（写作{stated}年），疑为沿用往年文字，请改为{year}年",
                                  [], {"原文": m.group(0), "报告年度": year}, [page])
    for t in ctx.report.tables.values():
        if year and t.year:
            ctx.ran()
            if t.year != year:
                yield ctx.finding(ERROR, f"{t.id}表头年度为{t.year}年，与报告年度{year}年不一致",
                                  [], {"表头": t.year, "报告": year}, t.pages)
        if money and t.money_unit:
            ctx.ran()
            if re.sub(r"\s", "", t.money_unit) != money:
                yield ctx.finding(ERROR,
                                  f"{t.id}金额单位为“{t.money_unit}”，与报告“{money}”不一致",
                                  [], {"表头": t.money_unit, "报告": money}, t.pages)


@rule("文档.空表说明", "文档", "无数据的表应注明“本表无数据”",
      absent="报告中没有无数据的表")
def check_empty_tables(ctx: Context) -> Iterator[Finding]:
    for t in ctx.report.tables.values():
        if not t.no_data:
            continue
        ctx.ran()
        if not t.no_data_note:
            yield ctx.finding(WARNING,
                              f"{t.id}（{t.title or TABLE_TITLES.get(t.id, '')}）没有数据，但表下未注明“本表无数据”",
                              [keys.no_data(t.id)], {"表": t.id}, t.pages)


@rule("文档.名词解释多余文字", "文档", "名词解释中不应有与解释无关的孤立文字")
def check_stray_text(ctx: Context) -> Iterator[Finding]:
    glossary = list(passages(ctx.report, ("名词解释",)))
    if not glossary:
        ctx.gap("未解析到名词解释")
        return
    ctx.ran()
    for p in glossary:
        if p.text in ("无", "无。", "空", "暂无"):
            yield ctx.finding(NOTE, f"名词解释中有孤立的“{p.text}”，疑为多余文字",
                              [], {"原文": p.text}, [p.page])


# Reduplications that are words, not typos.
_WORDS_DOUBLED = set("常人天年渐明刚各一二三四五六七八九十个")
# 的的确确 and 不了了之 are words; 的的 and 了了 elsewhere are typos.
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,4})\1|(?<!不)([的了在和与及是对])\2(?!确)|([，。；、：])\3")


@rule("文字.重复词", "文字", "正文中不应有重复的词或标点（如“用于用于”“，，”）")
def check_repeated_words(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for p in passages(ctx.report):
        ctx.ran()
        for m in _REPEAT.finditer(p.text):
            word = m.group(1) or m.group(2) or m.group(3)
            if all(ch in _WORDS_DOUBLED for ch in word):
                continue
            yield ctx.finding(WARNING, f"重复用词“{m.group(0)}”（{p.section}）",
                              [], {"原文": quote(p.text, m.start(), m.end())}, [p.page])


_GRADE_WORD = re.compile(r"\d+分(?:[（(]含[)）])?(?:以上|以下|及以上|以下的|-\d+分|～\d+分|至\d+分)?(?:[（(]不?含\d*分?[)）])?为[“\"]?(.)")
_GRADES = set("优良中差合及较不")


@rule("文字.等级用词", "文字", "评分等级用词应为优、良、中、差",
      absent="报告中没有评分等级（××分以上为优……）的表述")
def check_grade_words(ctx: Context) -> Iterator[Finding]:
    texts = [(re.sub(r"\s+", "", pr.scoring_note), pr.page, f"绩效自评表“{pr.name}”评分说明")
             for pr in ctx.report.projects if pr.scoring_note]
    texts += [(p.text, p.page, p.section) for p in passages(ctx.report)]
    for text, page, where in texts:
        for m in _GRADE_WORD.finditer(text):
            ctx.ran()
            if m.group(1) not in _GRADES:
                yield ctx.finding(WARNING,
                                  f"等级用词有误：“{m.group(0)}”（{where}），等级应为优、良、中、差之一",
                                  [], {"原文": m.group(0)}, [page])
    if not texts:
        ctx.gap("未解析到正文或绩效自评表")


_OFFICE_UNITS = ("行政单位", "参照公务员法管理", "参公")


@rule("表文.单位性质", "表文", "机关运行经费只由行政单位、参公事业单位填报，应与概况中的单位性质相符")
def check_unit_type(ctx: Context) -> Iterator[Finding]:
    ctx.table("公开10")
    running = reported_running_costs(ctx)
    unit_type = ctx.report.header.unit_type
    if not running:
        ctx.ran()
        return
    if not unit_type:
        ctx.gap("未解析到概况中的单位性质")
        return
    ctx.ran()
    if ctx.report.header.kind == "部门" or any(w in unit_type for w in _OFFICE_UNITS):
        mismatch = [k for k in running if "参照" in k and "参照" not in unit_type and "参公" not in unit_type
                    and "行政" not in unit_type]
    else:
        mismatch = running
    for k in mismatch:
        yield ctx.finding(WARNING,
                          f"概况称本单位为{unit_type}，但{ctx.names(k)}填报了机关运行经费{ctx.with_unit(k, ctx.amount(k))}；"
                          f"机关运行经费仅适用于行政单位和参照公务员法管理的事业单位",
                          [k], {"单位性质": unit_type, "机关运行经费": ctx.amount(k)})


_LIST = re.compile(r"(人员经费|公用经费)[\d.,]*万?元?[，,]?(?:主要)?(?:包括|用于)(.*?)(?:[；。]|$)")


def _items(listing: str) -> list[str]:
    parts = re.split(r"[、，,]|和|及", listing)
    return [re.sub(r"(?:等|支出|方面)$", "", p) for p in parts if p]


@rule("表文.列举无金额", "表文", "基本支出说明中列举的经费项目在公开06中应有金额")
def check_listed_items(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开06")
    labels: dict[str, list] = {}
    for row in t.rows:
        if row.code and row.label:
            labels.setdefault(re.sub(r"\s", "", row.label), []).append(row)
    found_list = False
    for p in passages(ctx.report, ("情况说明",)):
        if "基本支出" not in p.section:
            continue
        for m in _LIST.finditer(p.text):
            found_list = True
            for item in _items(m.group(2)):
                rows = labels.get(item) or labels.get(item + "费") or labels.get(item + "支出")
                ctx.ran()
                if not rows or any(r.value("") for r in rows):
                    continue
                row = rows[0]
                value = row.value("")
                # Blank: the table has nothing at all; a printed 0.00 is a boilerplate list.
                yield ctx.finding(WARNING if value is None else NOTE,
                                  f"基本支出说明列举了{m.group(1)}项目“{item}”，但公开06中{row.code} {row.label}"
                                  f"{'为空' if value is None else '为0'}",
                                  [keys.cell(t.id, r.key) for r in rows], {"公开06": fmt(value)}, [p.page, row.page])
    if not found_list:
        ctx.gap("基本支出说明中未找到列举的经费项目")


_CHANGE = re.compile(rf"(增加|减少)({_NUM})万元[，,]?(增长|下降)({_NUM})[%％]")
_NO_SUBJECT = re.compile(r"(?:较|比|与)[^，。；]*$")
_ACTUAL = re.compile(rf"(?:决算|支出|总计|合计)(?:数)?(?:为|是)?({_NUM})万元")


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    last = None
    for last in pattern.finditer(text):  # noqa: B007 — the loop keeps the last match
        pass
    return last


def _current_amount(text: str, start: int) -> tuple[Decimal, str, bool] | None:
    """The amount a change at `start` is the change of, where it was read, and whether that is
    certain (not a guess from the sentence before): the subject stated earlier with an amount ("收入支出总计
    9859.38万元 … 收入支出总计增加…", also by its tail: "支出总计"), else the last 决算/支出
    amount of the same or the previous sentence ("机关运行经费支出142.80万元，比2023年度减少…")."""
    clause_start = max(text.rfind(ch, 0, start) for ch in "，,。；;：:") + 1
    subject = re.sub(r"^(?:与\d{4}年度?相比|其中)", "", text[clause_start:start])
    if len(subject) >= 4 and not _NO_SUBJECT.search(subject):
        for cut in range(0, len(subject) - 3):
            tail = subject[cut:]
            m = _last(re.compile(rf"{re.escape(tail)}(?:为|是)?({_NUM})万元"), text[:start])
            if m is not None:
                return Decimal(m.group(1).replace(",", "")), tail, True
    sentence = max(text.rfind(ch, 0, start) for ch in "。；;") + 1
    previous = max(text.rfind(ch, 0, max(sentence - 1, 0)) for ch in "。；;") + 1
    for begin in (sentence, previous):
        window = text[begin:start]
        m = _last(_ACTUAL, window) or _last(re.compile(rf"({_NUM})万元"), window)
        if m is not None:
            return (Decimal(m.group(1).replace(",", "")), window[max(0, m.start() - 12):m.end()],
                    begin == sentence)
    return None


@rule("文内.增减率原文", "文内", "原文“增加/减少X万元，增长/下降Y%”：Y＝X÷（本年数−增减额）",
      absent="情况说明中没有“增加/减少X万元，增长/下降Y%”的表述")
def check_change_sentences(ctx: Context) -> Iterator[Finding]:
    ctx.need_prose()
    for section, ps in sections_text(ctx.report).items():
        text, pages = ps
        for m in _CHANGE.finditer(text):
            page = page_at(pages, m.start())
            if (m.group(1) == "增加") != (m.group(3) == "增长"):
                continue  # 文内.增减方向 reports contradictory words
            rate = Decimal(m.group(4).replace(",", ""))
            change = Decimal(m.group(2).replace(",", "")) * (1 if m.group(1) == "增加" else -1)
            ctx.ran()
            # A rate the narrative parser read is checked, with its fact keys, by 文内.增减率.
            if ("较上年增减率", rate, page) in ctx.stated or ("较上年增减率", -rate, page) in ctx.stated:
                continue
            found = _current_amount(text, m.start())
            if found is None:
                ctx.gap("部分增减率找不到对应的本年数")
                continue
            current, where, certain = found
            base = current - change
            signed = rate if change >= 0 else -rate
            if base <= 0:
                severity = NOTE if rate == 100 and change > 0 else (ERROR if certain else WARNING)
                yield ctx.finding(severity,
                                  f"“{m.group(0)}”：上年数为{fmt(base)}，增减率无从计算（{section}）", [],
                                  {"原文": m.group(0), "本年数": current, "上年数": base}, [page])
                continue
            severity = ratio_severity(signed, change, base, ctx.quantum)
            if severity is not None:
                if severity == ERROR and not certain:
                    severity = WARNING  # the amount it was computed from is our best guess
                computed = (change / base * 100).quantize(Decimal("0.01"))
                yield ctx.finding(severity,
                                  f"“{m.group(0)}”：按本年数{fmt(current)}（“{where}”）计算，"
                                  f"上年数为{fmt(base)}，增减率应为{fmt(computed)}%（{section}）",
                                  [], {"原文": m.group(0), "陈述": signed, "计算": computed,
                                       "差额": signed - computed}, [page])

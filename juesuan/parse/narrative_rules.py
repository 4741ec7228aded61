"""Reading the figures of one prose section: 说明.<subject>.<measure>.

The section's title gives its topic (收入支出决算总体情况说明 → 收支总计, 三公 → 三公经费 …).
Every number with a unit (万元/元, %, 个/辆/台) is a candidate; what it measures is read
from the words just before it in its clause (its *label*: '收入总计减少', '占比',
'完成年初预算的', '公务接待费支出') and, where the clause names no subject of its own,
from the subject named earlier in the section ('卫生健康支出年初预算…。较上年决算减少…').
Stated reasons ('主要原因是…') are masked: the numbers there explain, they do not state.
Values stay as written, in the report's money unit; decreases are negative.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import StatedFigure
from .normalize import key_part
from .titles import UNIT_TYPE, read_title

MONEY, PERCENT, COUNT = "money", "percent", "count"
_UNITS = {"万元": MONEY, "元": MONEY, "%": PERCENT, "个": COUNT, "辆": COUNT, "台": COUNT, "套": COUNT}
# A number (thousands separators allowed; a minus only where it cannot be a range's dash).
_VALUE = re.compile(r"(?<![\d.])((?:(?<![\d\-－—])[-－−])?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))(万元|元|%|个|辆|台|套)?")
_PAIR_SEP = ",，、"
_BOUNDARY = "，,；;。：:！？!?"  # not 、: "收入、支出总计" is one label
_CLAUSE_END = "；;。！？!?"
_SENTENCE_END = "。！？!?"
# A number without its % sign ('增长13.95。') after words that announce a rate.
_RATE_WORDS = re.compile(r"(?:增长|下降|上升|降低|占比?|的)$")
_UP, _DOWN = "增加|增长|上升|提高|增多|增幅", "减少|下降|降低|减小|缩减|降幅|减幅"
# '增减' states a change whose sign the number carries ('较上年增减-5.87万元').
_CHANGE = re.compile(rf"(增减|{_UP}|{_DOWN})")
_REASON = re.compile(r"(?:主要)?原因")
_ASIDE = re.compile(r"[（(][^（）()]*[）)]")

# 政府收支分类科目 功能分类 类 names (2024 and earlier editions); any other '…支出（类）' also counts.
FUNCTION_CLASSES = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "文化体育与传媒支出", "社会保障和就业支出", "社会保险基金支出",
    "卫生健康支出", "医疗卫生与计划生育支出", "节能环保支出", "城乡社区支出", "农林水支出",
    "交通运输支出", "资源勘探工业信息等支出", "资源勘探信息等支出", "商业服务业等支出",
    "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "国土海洋气象等支出",
    "住房保障支出", "粮油物资储备支出", "灾害防治及应急管理支出", "债务付息支出",
    "债务发行费用支出", "抗疫特别国债安排的支出", "其他支出",
)
_CLASS_NAMES = "|".join(sorted(FUNCTION_CLASSES, key=len, reverse=True))
_CLASS_STEMS = "|".join(sorted((c[:-2] for c in FUNCTION_CLASSES if c.endswith("支出")), key=len, reverse=True))
# A class named at the start of a clause: '其中：一般公共服务支出…', '1、卫生健康支出（类）…',
# '一般公共服务（类）支出…'; group 1 is a full name, group 2 a name without its 支出.
_CLASS_AT = re.compile(
    r"(?:^|(?<=[，,；;。：:、]))(?:其中[:：]?)?(?:\d{1,2}[、.．]|[（(][\d一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)?"
    r"(?:\d{4}年度?)?"
    rf"(?:({_CLASS_NAMES}|[\u4e00-\u9fff]{{2,14}}?支出(?=[（(]类[）)]))|({_CLASS_STEMS})(?=[（(]类[）)]))"
)
_SUBITEM = re.compile(r"[（(][款项][）)]")
# A part of an amount named at a clause start ('其中：基本支出…'): its figures have no key here.
_PART_AT = re.compile(r"(?:^|(?<=[，,；;。：:]))(?:其中[:：]?)?(?:基本支出|项目支出|人员经费|公用经费)")
_GPB = "一般公共预算"
_ITEM = "item"  # the subject is a 款/项 line or a part of an amount: its figures have no key here

# What may stand before the topic words of a title: '关于', a year, '部门'/'单位', '本年'
# (a unit-type prefix, '高等学校', is taken off first).
_LEAD = r"^(?:关于)?(?:\d{4}年度?)?(?:部门|单位)?(?:本年)?"
# Topic by section title, first match wins; None = a section whose figures have no key.
_TOPICS: tuple[tuple[str | None, str], ...] = (
    ("三公经费", r"三公"),
    ("机关运行经费", r"机关运行经费"),
    ("政府采购", r"政府采购"),
    ("国有资产", r"国有资产"),
    ("绩效自评", r"绩效"),
    (None, r"政府性基金|国有资本"),
    ("基本支出", r"基本支出"),
    (_GPB, r"一般公共预算"),
    ("财政拨款", r"财政拨款(?:收入支出|收支)"),
    (None, r"财政拨款(?:收入|支出)"),  # one side of the appropriations: its parts have no key
    ("收支总计", rf"{_LEAD}(?:收入支出|收支)"),
    ("收入", rf"{_LEAD}收入"),
    ("支出", rf"{_LEAD}支出"),  # not '一般性支出情况'
)
# A section named after the table it explains ('（一）高等学校收支决算总表说明') states that
# table's quantities: its topic is the table's, whatever prefix the title carries.
_EXPLAINED_TABLE = re.compile(r"^(.*决算(?:总|明细)?表)的?(?:情况)?说明$")
_TABLE_TOPICS: dict[str, str | None] = {
    "公开01": "收支总计", "公开02": "收入", "公开03": "支出", "公开04": "财政拨款", "公开05": _GPB,
    "公开06": "基本支出", "公开07": None, "公开08": None, "公开09": "三公经费",
}
_NO_FIGURE_PARTS = ("概况", "名词解释", "附件", "表")


def topic_of(title: str) -> tuple[bool, str | None]:
    """(matched, subject) for a section title."""
    s = key_part(title)
    explained = _EXPLAINED_TABLE.match(s)
    table = read_title(explained.group(1)) if explained else None
    if table is not None and table.table_id in _TABLE_TOPICS:
        return True, _TABLE_TOPICS[table.table_id]
    if table is not None and "财政拨款" in table.table_id:  # a 财政拨款支出决算表 of its own
        return True, "财政拨款"
    s = UNIT_TYPE.sub("", re.sub(r"^(?:关于)?(?:\d{4}年度?)?", "", s)) or s
    for subject, pattern in _TOPICS:
        if re.search(pattern, s):
            return True, subject
    return False, None


@dataclass
class Mention:
    """One number of the section with the words before it."""

    value: Decimal
    kind: str
    unit: str
    start: int
    end: int
    gap: str  # text since the previous number (reasons masked)
    gap_start: int
    label: str  # the gap's last clause, asides '（…）' removed
    raw_label: str  # the same with its asides
    tail: str  # the words after the number up to the end of its clause part ('个项目自评等级为…')
    pair: int | None = None  # 0 / 1 for the first / second figure of a pair ('各是A,B万元')

    @property
    def new_sentence(self) -> bool:
        return any(c in self.gap for c in _SENTENCE_END)

    @property
    def new_clause(self) -> bool:
        return any(c in self.gap for c in _CLAUSE_END)

    @property
    def sign(self) -> int | None:
        """+1 / -1 when the label states a change (the last change word decides)."""
        found = _CHANGE.findall(self.label)
        if not found:
            return None
        return -1 if re.fullmatch(_DOWN, found[-1]) else 1


@dataclass
class ClauseState:
    """What a section's earlier clauses said, for the clauses that follow."""

    text: str
    subject: str | None = None
    last: str | None = None  # the last measure stated, for a following '占比'
    item: str | None = None  # 三公: the item the current sentence is about
    flag: bool = False  # 绩效: the current clause is about 自评
    named: tuple[str, str] | None = None  # totals: (kind, name) of what was named last
    sides: set[str] = field(default_factory=set)  # totals: the totals the current sentence names
    changed: str | None = None  # totals: the total whose change the current sentence states
    out: list[tuple[str, str, Decimal]] = field(default_factory=list)


# A level stated for last year ('上年决算为…') is context, not this year's figure.
_PRIOR = re.compile(r"上年|上一年|去年|同期")


def _mask_reasons(text: str) -> str:
    """Reasons ('主要原因是…') blanked up to the end of their clause, keeping offsets."""
    chars = list(text)
    for m in _REASON.finditer(text):
        end = m.start()
        while end < len(text) and text[end] not in _CLAUSE_END:
            chars[end] = "※"
            end += 1
    return "".join(chars)


def mentions(masked: str) -> list[Mention]:
    """The section's numbers with a unit, in order. Paired figures ('收、支总计各是4125.49,
    4143.91万元', '各下降23.51%、38.28%') share the unit and the label of the pair."""
    out: list[Mention] = []
    prev = 0
    found = list(_VALUE.finditer(masked))
    for i, m in enumerate(found):
        number, unit = m.group(1), m.group(2)
        gap = masked[prev : m.start()]
        raw_label = re.split(f"[{_BOUNDARY}]", gap)[-1]
        label = _ASIDE.sub("", raw_label)
        pair = None
        nxt = found[i + 1] if i + 1 < len(found) else None
        if "各" in label and not unit and nxt and nxt.start() == m.end() + 1 and masked[m.end()] in _PAIR_SEP and nxt.group(2):
            unit, pair = nxt.group(2), 0
        elif out and out[-1].pair == 0 and out[-1].end + 1 == m.start() and masked[out[-1].end] in _PAIR_SEP:
            raw_label, label, pair = out[-1].raw_label, out[-1].label, 1
        elif out and "各" in out[-1].label and gap in _PAIR_SEP and unit and unit == out[-1].unit:
            raw_label, label, pair = out[-1].raw_label, out[-1].label, 1
            out[-1].pair = 0
        if unit:
            kind = _UNITS[unit]
        elif _RATE_WORDS.search(label) and (m.end() == len(masked) or masked[m.end()] in _BOUNDARY):
            kind = PERCENT
        else:
            continue  # a year, a date, a head count: not a stated figure
        if kind == MONEY and label.endswith("单价"):
            continue  # '单价100万元以上设备' is a threshold
        tail = re.split(f"[{_BOUNDARY}]", masked[m.end() : m.end() + 40])[0]
        value = Decimal(re.sub(r"[,]", "", number).replace("－", "-").replace("−", "-"))
        out.append(Mention(value, kind, unit or "", m.start(), m.end(), gap, prev, label, raw_label, tail, pair))
        prev = m.end()
    return out


def _signed(m: Mention) -> Decimal:
    return -m.value if m.sign == -1 and m.value else m.value


_FUNDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")


def _change(clause: ClauseState, subject: str, m: Mention, of: str = "") -> bool:
    """A '增加X万元/增长Y%' statement: 较上年增减 / 较上年增减率 (of a named quantity when
    `of` is given: 收入总计.较上年增减). True when it was one (a change against the budget,
    '比年初预算减少…', is one but has no key)."""
    if m.sign is None:
        return False
    if m.kind in (MONEY, PERCENT) and "预算" not in _FUNDS.sub("", m.label):
        measure = "较上年增减" if m.kind == MONEY else "较上年增减率"
        clause.out.append((subject, f"{of}.{measure}" if of else measure, _signed(m)))
    return True


_INCOME_SOURCES = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
# What the words before a number name, for the totals and the 收入/支出 sections: a total
# (group 1 both sides: 收支总计, 收入支出总体; 2 收入总计; 3 支出总计; prose calls 本年收入合计
# '收入总计' as well), or a part of one — a source of income, a total's part, a 款/项 line by
# its code ('小学教育（2050202）').
_NAMED_TOTAL = re.compile(r"(收入?[、和及与]?支出?总[计体额]|总体|总计)|(收入总[计额])|(支出总[计额])")
_NAMED_PART = re.compile("|".join(_INCOME_SOURCES) + r"|合计|本年收入|本年支出|结转|结余|基本支出|项目支出|[（(]\d{3}(?:\d{2}){1,2}[）)]")
_TOTAL, _CLASS, _PART = "total", "class", "part"
_SIDES = ("收支", "收入总计", "支出总计")


def _named_last(clause: ClauseState, m: Mention) -> tuple[str, str] | None:
    """(kind, name) of what the words before a number name last: a total and its side, a
    function class, or a part (an income source, a 款/项 line …); None when they name none."""
    found: list[tuple[int, str, str]] = []
    for t in _NAMED_TOTAL.finditer(clause.text, m.gap_start, m.start):
        found.append((t.start(), _TOTAL, _SIDES[t.lastindex - 1]))
    for p in _NAMED_PART.finditer(clause.text, m.gap_start, m.start):
        found.append((p.start(), _PART, p.group()))
    for c in _CLASS_AT.finditer(clause.text, m.gap_start, m.start):
        name = _class_name(clause.text, c)
        found.append((c.start(), _CLASS, name) if name != _ITEM else (c.start(), _PART, name))
    return max(found)[1:] if found else None


def _class_figure(clause: ClauseState, name: str, m: Mention) -> None:
    """A function class's amount, share or change, stated of all funds (收支总计 and 支出 sections)."""
    if _change(clause, name, m):
        return
    if m.kind == PERCENT and "占" in m.label:
        clause.out.append((name, "占比", m.value))
    elif m.kind == MONEY and "预算" not in m.label:
        clause.out.append((name, "决算", m.value))


def _part_change(clause: ClauseState, subject: str, parts: tuple[str, ...], m: Mention) -> None:
    """'其中：财政拨款收入增加14,458.07万元': the change of a part its own words name."""
    part = next((p for p in parts if p in m.label), None)
    if part and not _FUNDS.search(m.label):
        _change(clause, subject, m, of=part)


def _total_change(clause: ClauseState, subject: str, m: Mention, own: str | None, last: str) -> None:
    """The change of a total: of the one its own words name, else the one the sentence's
    previous change was of, else both when the sentence stated both ('收入总计A万元，支出总计
    A万元，比上年增加…'), else the one named last. Each side's change has its key; the
    收支 key holds one change, the first (收入), as for '收、支总计各减少A,B万元'."""
    if own is None and clause.changed is None and {"收入总计", "支出总计"} <= clause.sides:
        own = "收支"
    side = own or clause.changed or last
    clause.changed = side
    if m.pair is not None:
        side = _SIDES[1 + m.pair]
    if side != "支出总计":
        _change(clause, subject, m)
    if side != "收支":
        _change(clause, subject, m, of=side)


def _totals(subject: str) -> Callable[[ClauseState, Mention], None]:
    """收支总计 and 财政拨款: the totals and their change, and what the prose says of their
    parts: the function classes' (收支总计 only) and the income sources' changes."""

    def read(clause: ClauseState, m: Mention) -> None:
        if m.new_sentence:
            clause.sides, clause.changed = set(), None
        clause.sides |= {_SIDES[t.lastindex - 1] for t in _NAMED_TOTAL.finditer(m.gap)}
        named = _named_last(clause, m)
        if named:  # a figure belongs to the quantity last named: a total, a class, a part
            clause.named = named
        kind, name = clause.named or (_TOTAL, "收支")
        if kind == _CLASS:
            if subject == "收支总计":
                _class_figure(clause, name, m)
            return
        if kind == _PART:
            if m.sign is not None and name in _INCOME_SOURCES:
                _part_change(clause, "收入", _INCOME_SOURCES, m)
            return
        if m.sign is not None:
            _total_change(clause, subject, m, name if named else None, name)
            return
        if m.kind != MONEY:
            return
        if re.search(r"收入?[、和及与]?支出?总计", m.label):
            both = [(subject, "收入总计", m.value), (subject, "支出总计", m.value)]
            clause.out += both if m.pair is None else [both[m.pair]]
        elif "收入总计" in m.label:
            clause.out.append((subject, "收入总计", m.value))
        elif "支出总计" in m.label:
            clause.out.append((subject, "支出总计", m.value))

    return read


def _shares(subject: str, total: str, total_words: str, whole_words: str, parts: tuple[str, ...]) -> Callable[[ClauseState, Mention], None]:
    """收入 / 支出: the year's total, its parts and each part's share (and, in 支出, the
    function classes' amounts and shares, stated of all funds). Prose may name the year's
    total as the whole ('收入总计', '各项支出总计': whole_words) where it does not name it
    by its own words ('本年收入合计': total_words)."""

    def read(clause: ClauseState, m: Mention) -> None:
        if subject == "支出":
            named = _named_last(clause, m)
            if named or m.new_sentence:
                clause.subject = named[1] if named and named[0] == _CLASS else None
            if clause.subject:
                _class_figure(clause, clause.subject, m)
                return
        if m.sign is not None:
            _part_change(clause, subject, parts, m)
            return
        if m.kind == PERCENT:
            if "占" in m.label and clause.last:
                clause.out.append((subject, clause.last + "占比", m.value))
            clause.last = None
            return
        if m.kind != MONEY:
            return
        clause.last = None
        part = next((p for p in parts if p in m.label and not _FUNDS.search(m.label)), None)
        if part:
            clause.out.append((subject, part, m.value))
            clause.last = part
        elif re.search(total_words, m.label) or (re.search(whole_words, m.label) and not re.search(total_words, clause.text)):
            clause.out.append((subject, total, m.value))

    return read


_income = _shares("收入", "本年收入合计", r"收入合计|本年收入", r"收入总[计额]", _INCOME_SOURCES)
_spending = _shares("支出", "本年支出合计", r"支出合计|本年支出", r"支出总[计额]", ("基本支出", "项目支出"))


def _class_name(text: str, c: re.Match) -> str:
    """The function class a _CLASS_AT match names, or _ITEM when its sentence goes on to a
    款/项 line ('卫生健康支出（类）公立医院（款）…')."""
    ends = [i for i in (text.find(e, c.end()) for e in _SENTENCE_END) if i >= 0]
    if _SUBITEM.search(text, c.end(), min(ends, default=len(text))):
        return _ITEM
    return key_part(c.group(1) or c.group(2) + "支出")


def _named_subject(clause: ClauseState, m: Mention) -> None:
    """The last subject the gap names: 一般公共预算, a function class, or a 款/项 line."""
    best: tuple[int, str] | None = None
    for g in re.finditer(_GPB, m.gap):
        best = (m.gap_start + g.start(), _GPB)
    for g in _PART_AT.finditer(clause.text, m.gap_start, m.start):
        if best is None or g.start() >= best[0]:
            best = (g.start(), _ITEM)
    for c in _CLASS_AT.finditer(clause.text, m.gap_start, m.start):
        if best is None or c.start() >= best[0]:
            best = (c.start(), _class_name(clause.text, c))
    if best:
        clause.subject = best[1]


def _title_subject(title: str) -> str:
    """The subject a 一般公共预算 section starts with: the class its title names
    ('（一）教育支出（类）'), a 款/项 line, or 一般公共预算 itself."""
    s = key_part(title)
    c = _CLASS_AT.match(s)
    if c is None:
        return _GPB
    return _ITEM if _SUBITEM.search(s, c.end()) else key_part(c.group(1) or c.group(2) + "支出")


def _general_budget(clause: ClauseState, m: Mention) -> None:
    """一般公共预算 and its function classes: amount, share, budget, completion, change."""
    _named_subject(clause, m)
    subject = clause.subject
    if subject in (None, _ITEM) or _change(clause, subject, m):
        return
    label = m.label.replace(_GPB, "")  # its 预算 is not a budget figure
    if m.kind == PERCENT:
        if "完成" in label and "全年" not in label:
            clause.out.append((subject, "完成率", m.value))
        elif "占" in label:
            clause.out.append((subject, "占本年支出比" if subject == _GPB else "占比", m.value))
    elif m.kind == MONEY:
        if "年初预算" in label:
            clause.out.append((subject, "年初预算", m.value))
        elif "预算" in label or re.search(r"人员|公用|基本|项目", label):
            return  # 全年预算 and the parts of an amount have no key here
        elif re.search(r"支出|决算", label):
            clause.out.append((subject, "支出" if subject == _GPB else "决算", m.value))


def _basic(clause: ClauseState, m: Mention) -> None:
    if m.kind != MONEY or m.sign is not None:
        return
    for words, measure in (("人员经费", "人员经费"), ("公用经费", "公用经费"), ("基本支出", "合计")):
        if words in m.label:
            clause.out.append(("基本支出", measure, m.value))
            return


_SANGONG_ITEMS = (
    ("公务用车购置及运行维护费", r"公务用车购置(?:及|和)运行"),
    ("公务用车购置费", r"公务用车购置"),
    ("公务用车运行维护费", r"公务用车运行"),
    ("因公出国（境）费", r"因公出国[（(]境[）)]"),
    ("公务接待费", r"公务接待"),
)
_SANGONG_OTHER = re.compile(r"国内|外事|外宾|国[（(]境[）)]外|境外")


def _sangong(clause: ClauseState, m: Mention) -> None:
    """三公经费: 预算, 决算 and the amount of each item (their shares and changes have no key)."""
    if m.new_sentence:
        clause.item = None
    item = next((name for name, pattern in _SANGONG_ITEMS if re.search(pattern, m.raw_label)), None)
    if item:
        clause.item = item
    if _SANGONG_OTHER.search(m.raw_label) or m.kind != MONEY or m.sign is not None:
        return
    label = m.label
    if clause.item:
        if "预算" not in label or "决算" in label:
            clause.out.append(("三公经费", clause.item, m.value))
    elif "决算" in label or ("支出" in label and "预算" not in label):
        clause.out.append(("三公经费", "决算", m.value))
    elif "预算" in label:
        clause.out.append(("三公经费", "预算", m.value))


def _running_costs(clause: ClauseState, m: Mention) -> None:
    if _change(clause, "机关运行经费", m):
        return
    if m.kind == MONEY and re.search(r"机关运行经费|支出", m.label):
        clause.out.append(("机关运行经费", "支出", m.value))


def _procurement(clause: ClauseState, m: Mention) -> None:
    label = m.label
    if m.sign is not None or re.search(r"预留|供应商|中标|成交", label):
        clause.last = None
        return
    if m.kind == PERCENT:
        if "占" in label and clause.last == "授予中小企业合同金额":
            clause.out.append(("政府采购", "授予中小企业占比", m.value))
        return
    if m.kind != MONEY:
        return
    clause.last = None
    if "授予中小企业" in label:
        clause.last = "授予中小企业合同金额"
    elif "授予小微企业" in label:
        clause.last = "授予小微企业合同金额"
    elif not re.search(r"中小|小微|项目", label):
        clause.last = next((w for w in ("货物", "工程", "服务") if w in label), None)
        if clause.last is None and re.search(r"政府采购.*(?:总额|金额|支出)|采购总额", label):
            clause.last = "总额"
    if clause.last:
        clause.out.append(("政府采购", clause.last, m.value))


def _assets(clause: ClauseState, m: Mention) -> None:
    if m.kind != COUNT:
        return
    if m.unit == "辆" and "车辆" in m.label:
        clause.out.append(("国有资产", "车辆数", m.value))
    elif m.unit in ("台", "套") and "设备" in m.label:
        # 大型设备 are those of 单价100万元 and more; older reports also count 50万元 通用设备
        threshold = re.search(r"单价(\d+)万元", m.gap)
        if threshold is None or threshold.group(1) == "100":
            clause.out.append(("国有资产", "大型设备数", m.value))


def _performance(clause: ClauseState, m: Mention) -> None:
    """绩效自评: the number of projects self-evaluated and the funds they involve."""
    if m.new_clause:
        clause.flag = False
    label = m.label
    if m.kind == COUNT:
        words = label + m.unit + m.tail
        quoted = _quote(clause.text, m.start, m.end)
        if "自评" in quoted and re.search(r"项目|个数", words) and not re.search(r"优|良|中|差|合格|评级|等级|问题|得分|指标|一级项目", words):
            clause.out.append(("绩效自评", "项目个数", m.value))
            clause.flag = True
    elif m.kind == MONEY and clause.flag and re.search(r"涉及|资金|金额", label):
        clause.out.append(("绩效自评", "涉及资金", m.value))


_READERS: dict[str, Callable[[ClauseState, Mention], None]] = {
    "收支总计": _totals("收支总计"),
    "财政拨款": _totals("财政拨款"),
    "收入": _income,
    "支出": _spending,
    _GPB: _general_budget,
    "基本支出": _basic,
    "三公经费": _sangong,
    "机关运行经费": _running_costs,
    "政府采购": _procurement,
    "国有资产": _assets,
    "绩效自评": _performance,
}


def _quote(text: str, start: int, end: int) -> str:
    """The clause (between ；/。) a number stands in."""
    left = max((text.rfind(c, 0, start) for c in _CLAUSE_END), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
    return text[left : min(rights) if rights else len(text)]


def section_figures(title: str, parent: str, part: str, text: str, pages: list[int | None]) -> list[StatedFigure]:
    """Every figure the section states, in order, each with its clause and page."""
    if any(part.endswith(p) for p in _NO_FIGURE_PARTS):
        return []
    matched, topic = topic_of(title)
    if not matched and parent:
        matched, topic = topic_of(parent)
    if topic is None:
        return []
    read = _READERS[topic]
    masked = _mask_reasons(text)
    clause = ClauseState(masked, subject=_title_subject(title) if topic == _GPB else None)
    figures: list[StatedFigure] = []
    for m in mentions(masked):
        if m.pair == 1 and read not in (_READERS["收支总计"], _READERS["财政拨款"]):
            continue  # only totals are stated in pairs (收入, then 支出)
        before = len(clause.out)
        read(clause, m)
        if m.sign is None and _PRIOR.search(m.label):
            del clause.out[before:]
        for subject, measure, value in clause.out[before:]:
            figures.append(
                StatedFigure(
                    subject=subject,
                    measure=measure,
                    value=value,
                    page=pages[m.start] if m.start < len(pages) else None,
                    quote=_quote(text, m.start, m.end),
                    section=title,
                )
            )
    return figures

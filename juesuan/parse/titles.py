"""Which table a printed title names, by meaning: the national title it is, or its own.

A title is matched after taking off what varies between reports and says nothing about the
table: its printed label (公开01表, 表1, 附表1-1), a year, the unit's own name and a unit-type
prefix (高等学校收入决算表 is 收入决算表). The rest must BE one of the ten national titles (in
the variants reports print), so 高等学校财政拨款支出决算表 is not 支出决算表: it is a table outside
the national list and is keyed by its own normalised title (shared/spec/facts.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import key_part

# The national titles and the variants reports print; the whole remaining title must match.
_NATIONAL = (
    ("公开01", r"(?:收入支出|收支)决算总表"),
    ("公开02", r"收入决算表"),
    ("公开03", r"支出决算表"),
    ("公开04", r"财政拨款(?:收入支出|收支)决算总表"),
    ("公开05", r"一般公共预算财政拨款(?:项目)?支出决算(?:明细)?表"),
    ("公开06", r"一般公共预算财政拨款基本支出决算(?:明细)?表"),
    ("公开07", r"政府性基金预算财政拨款(?:收入支出|收支|支出)决算(?:明细)?表"),
    ("公开08", r"国有资本经营预算财政拨款(?:收入支出|收支|支出)决算(?:明细)?表"),
    ("公开09", r"(?:一般公共预算)?财政拨款三公经费(?:支出)?决算(?:统计|明细)?表|三公经费(?:支出)?决算(?:统计)?表"),
    ("公开10", r"(?:部门|单位)?决算(?:公开)?相关信息统计表|相关信息统计表"),
)
_PATTERNS = tuple((table_id, re.compile(pattern)) for table_id, pattern in _NATIONAL)

LABEL = re.compile(r"[（(]?(公开\s*\d{1,2}\s*表|附?表\s*[\d一二三四五六七八九十]{1,3}(?:\s*[-－—]\s*\d{1,2})?)[）)]?\s*[:：]?")
# Words naming the kind of unit a table is for; they precede the national title.
UNIT_TYPE = re.compile(
    r"^(?:(?:中央|地方|省级|市级|县级)?(?:高等学校|普通高校|中小学校?|公立医院|医院|科学事业单位|行政事业单位|"
    r"行政单位|事业单位|参公单位|部门|单位|本级|汇总)[:：]?)+"
)
# A unit's own name in front of the title ends in one of these (西南大学收入决算表).
_ORG_NAME = re.compile(r"^.{2,30}?(?:大学|学院|学校|医院|中心|委员会|局|厅|委|办公室|办|院|所|站|馆|会|社|队|街道办事处)")
_YEAR = re.compile(r"^.*?20\d{2}年度?")
_MAX_LENGTH = 40


@dataclass(frozen=True)
class Title:
    table_id: str  # '公开01' … '公开10', or the normalised title for a table outside the list
    printed: str  # the title as printed, label taken off
    label: str | None  # '公开01表', '表1' or None


def printed_label(text: str) -> str | None:
    """The label a report prints next to a title: '公开01表', '表1', or None."""
    m = LABEL.search(re.sub(r"\s+", "", text))
    return m.group(1) if m else None


# Header fields some layouts print on the title's own line: 单位：万元, 部门名称：…
_FIELDS_AFTER = re.compile(r"(?:(?:金额)?单位[:：]|(?:部门|单位)名称[:：]|编制(?:单位|部门)[:：]).*$")


# A table's title repeated over its continuation: 收入支出决算总表（续）, …（续表）
_CONTINUED = re.compile(r"[（(]续表?[）)]$|续表$")


def _bare(text: str) -> str:
    """The title without label, enumeration, quotes, spaces and trailing header fields."""
    s = LABEL.sub("", re.sub(r"\s+", "", text))
    return _CONTINUED.sub("", _FIELDS_AFTER.sub("", key_part(s)).strip("：:"))


def _variants(s: str) -> list[str]:
    """The title, then without year, unit name and unit type, most specific last."""
    out = [s]
    s = _YEAR.sub("", s) if re.search(r"20\d{2}年", s[:40]) else s
    out.append(s)
    out.append(UNIT_TYPE.sub("", s))
    named = _ORG_NAME.match(s)
    if named:
        out.append(UNIT_TYPE.sub("", s[named.end():]))
    return list(dict.fromkeys(v for v in out if v))


def national_id(title: str) -> str | None:
    """'公开01' … '公开10' when the title is a national one (whatever its label), else None."""
    for variant in _variants(_bare(title)):
        for table_id, pattern in _PATTERNS:
            if pattern.fullmatch(variant):
                return table_id
    return None


def read_title(text: str) -> Title | None:
    """The table a line titles, or None when it is not a 决算 table title."""
    bare = _bare(text)
    if not bare.endswith("表") or len(bare) > _MAX_LENGTH or re.search(r"[，,。；;]", bare):
        return None
    label = printed_label(text)
    printed = _FIELDS_AFTER.sub("", LABEL.sub("", text)).strip(" ：:")
    table_id = national_id(bare)
    if table_id is not None:
        return Title(table_id, printed, label)
    variants = _variants(bare)
    own = variants[-1] if len(variants) > 1 else bare
    own = UNIT_TYPE.sub("", own) or own
    # A table outside the national list: a 决算 table by its own words.
    if "决算" in own and re.search(r"(?:决算|统计|明细|情况)表$", own) and len(own) >= 5:
        return Title(own, printed, label)
    return None


def table_id_for_title(title: str) -> str | None:
    """'财政拨款“三公”经费支出决算表' → '公开09'; None when the text names no national table."""
    bare = _bare(title)
    if not bare.endswith("表") or len(bare) > _MAX_LENGTH:
        return None
    return national_id(bare)

"""Function classes (功能分类 类) by name: the bridge between tables keyed by label
(公开01, 公开04, the narrative) and tables keyed by subject code (02/03/05/07/08)."""
from __future__ import annotations

import re

from ..model import Report

# 政府收支分类科目 支出功能分类 类级科目 (national classification, stable since 2020).
STANDARD_CLASSES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出",
    "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}

_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")


def norm_name(name: str) -> str:
    """A subject name without its level mark, spaces or enumeration: '(类)' '（项）'."""
    name = re.sub(r"\s+", "", name or "")
    name = _LEVEL_MARK.sub("", name)
    return re.sub(r"^[一二三四五六七八九十]+、|^\d+[.、]", "", name)


def code_names(report: Report) -> dict[str, set[str]]:
    """Subject name → codes, from every coded table row plus the standard classes."""
    out: dict[str, set[str]] = {}
    for table in report.tables.values():
        for row in table.rows:
            if row.code and row.label and table.id != "公开06":
                out.setdefault(norm_name(row.label), set()).add(row.code)
    for code, name in STANDARD_CLASSES.items():
        out.setdefault(name, set()).add(code)
    return out


def class_code(report: Report, name: str, names: dict[str, set[str]] | None = None) -> str | None:
    """The 3-digit class code of a class name, or None."""
    names = names if names is not None else code_names(report)
    codes = {c for c in names.get(norm_name(name), ()) if len(c) == 3}
    return codes.pop() if len(codes) == 1 else None


def subject_code_of(report: Report, name: str, names: dict[str, set[str]] | None = None) -> str | None:
    """The unique code of a subject name at any level (None when absent or ambiguous)."""
    names = names if names is not None else code_names(report)
    codes = names.get(norm_name(name), set())
    return next(iter(codes)) if len(codes) == 1 else None

"""Pure text helpers shared by every parser: key normalisation and amounts."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import is_blank_text

# Full-width ASCII letters, digits and punctuation (U+FF01–FF5E) fold to half-width,
# except the Chinese parentheses, which names keep (因公出国（境）费).
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c not in (0xFF08, 0xFF09)}
_FOLD[0x3000] = 0x20  # ideographic space

_CN_NUM = "一二三四五六七八九十百零〇"
_ENUM_PREFIX = re.compile(
    rf"^(?:"
    rf"[{_CN_NUM}]+[、.．]"  # 一、 十二、
    rf"|[（(][{_CN_NUM}\d]+[）)][、.．]?"  # （一） (1)
    rf"|\d+(?:\.\d+)*[、.．](?!\d)"  # 1. 1、 2.1.
    rf"|第[{_CN_NUM}\d]+(?:部分|章|节|项|条)"
    rf")\s*"
)
# An enumeration opening a row label or a paragraph (一、 （一） 1. 1、, but not 1.5).
ENUMERATION = re.compile(rf"^(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}\d]+[）)]|\d{{1,2}}[.、．](?!\d))")
_QUOTES = "\"'“”‘’「」"


def fold_width(text: str) -> str:
    return text.translate(_FOLD)


def clean(text: str | None) -> str:
    """Cell text with line breaks and all whitespace removed (PDF cells wrap anywhere)."""
    if not text:
        return ""
    return re.sub(r"\s+", "", fold_width(text))


def strip_enum(text: str) -> str:
    """Remove one leading enumeration prefix: 一、 （一） (1) 1. 1、"""
    return _ENUM_PREFIX.sub("", text, count=1)


def key_part(text: str | None) -> str:
    """A fact-key part as shared/spec/facts.md defines it."""
    s = clean(text)
    s = strip_enum(s)
    s = s.replace("(", "（").replace(")", "）")
    for q in _QUOTES:
        s = s.replace(q, "")
    return s


_AMOUNT = re.compile(r"^[-−]?\d+(?:\.\d+)?$")


# A dash standing apart from the digits is an empty cell's mark beside a number, not a sign
# ('-\n123.00' where two cells ran together).
_DETACHED_SIGN = re.compile(r"[-−－—]\s+\d")


def parse_amount(text: str | None) -> Decimal | None:
    """'1,234.50' → Decimal('1234.50'); blank, '-', '——' → None. A non-number → None.

    Parentheses for negatives ('(12.00)') are read as negative amounts.
    """
    if text is None or _DETACHED_SIGN.search(text):
        return None
    s = clean(text).replace(",", "").replace("，", "")
    if is_blank_text(s):
        return None
    negative = len(s) > 2 and s[0] in "(（" and s[-1] in ")）"
    if negative:
        s = s[1:-1]
    s = s.replace("−", "-")
    if not _AMOUNT.match(s):
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return -value if negative else value


def is_amount(text: str | None) -> bool:
    return parse_amount(text) is not None


def is_blank_amount(text: str | None) -> bool:
    """A cell printed as nothing: blank, '-', '——'."""
    return is_blank_text(clean(text))


_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def subject_code(*parts: str | None) -> str | None:
    """A subject code from one cell or from 类/款/项 cells: '201 01 01', '2010101' → '2010101'."""
    s = "".join(clean(p) for p in parts if p)
    return s if _CODE.match(s) else None


# Words that only name a table's columns (a header row, also one repeated inside a table).
COLUMN_WORDS = frozenset({"项目", "行次", "栏次", "统计数", "金额", "数量", "决算数", "预算数", "计量单位", "单位"})

# Layout lines every parser skips or stops at, whatever the reader.
PART_HEADING = re.compile(r"^第[一二三四五六七八九十\d]+部分")  # 第二部分 …: a new part of the report
_PAGE_NUMBER = re.compile(r"^[-—–－]*(?:第)?\d{1,4}页?(?:[,，/]?共\d{1,4}页)?[-—–－]*(?:/\d{1,4})?$")


def is_page_number(text: str | None) -> bool:
    """A printed page number: '- 3 -', '—3—', '3', '3/20', '第3页', '第3页共20页'."""
    return bool(_PAGE_NUMBER.match(clean(text)))

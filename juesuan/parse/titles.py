"""Which of the ten standard tables a printed title names (by meaning, not by number)."""
from __future__ import annotations

import re

from .normalize import key_part

# Most specific first: 一般公共预算财政拨款支出决算表 is 05, not 03.
_TITLE_PATTERNS = (
    ("公开09", r"三公.*经费.*表"),
    ("公开10", r"相关信息统计表"),
    ("公开07", r"政府性基金预算财政拨款.*决算表"),
    ("公开08", r"国有资本经营预算财政拨款.*决算表"),
    ("公开06", r"基本支出决算(?:明细)?表"),
    ("公开05", r"一般公共预算财政拨款(?:项目)?支出决算表"),
    ("公开04", r"财政拨款收入支出决算总表"),
    ("公开01", r"收入支出决算总表"),
    ("公开02", r"收入决算表"),
    ("公开03", r"支出决算表"),
)
_LABEL = re.compile(r"(公开\s*\d{1,2}\s*表|表\s*\d{1,2}(?:-\d+)?)")


def table_id_for_title(title: str) -> str | None:
    """'财政拨款“三公”经费支出决算表' → '公开09'; None when the text names no standard table."""
    s = key_part(title)
    s = _LABEL.sub("", s)
    if not s.endswith("表") or len(s) > 40:
        return None
    for table_id, pattern in _TITLE_PATTERNS:
        if re.search(pattern, s):
            return table_id
    return None


def printed_label(text: str) -> str | None:
    """The label a report prints next to a title: '公开01表', '表1', or None."""
    m = _LABEL.search(re.sub(r"\s+", "", text))
    return m.group(1) if m else None

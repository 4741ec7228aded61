"""The layout switches a rendering combines, drawn from a seeded random.Random.

Each switch is a way real reports differ (issue 10): by province, year, unit type and
office software. A rendering records the features it actually used (`feature tags`,
'group:value'), so the bench can score the parser per feature.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace

# Every switch and its values; the first value is the national template's way.
CHOICES: dict[str, tuple] = {
    "ruling": ("grid", "horizontal", "none", "frame"),
    "header_wrap": (False, True),  # amount columns narrower than their header words
    "header_style": ("grouped", "qizhong", "flat"),  # multi-row groups, 其中 groups, one row
    "span_group": (False, True),  # a 本年收入/本年支出 header over all amount columns
    "codes": ("column", "split", "spaced", "in_name", "absent"),
    "label_wrap": ("none", "first", "last", "middle"),  # where a wrapped label's amounts stand
    "total_label": ("none", "above", "below"),  # 合计 printed above / below its amounts
    "total_place": ("top", "bottom", "twice", "subheader"),
    "numbering_row": (True, False),  # the 栏次 1 2 3 … row under the header
    "line_numbers": (True, False),  # the 行次 column of 01/04/10
    "repeat_header": (True, False),  # the header again on a table's continuation pages
    "rows_per_page": (None, 12, 18, 25),  # a print-area break before the page is full
    "same_page": (False, True),  # the next table follows on the same page when there is room
    "titles": ("national", "table_n", "none", "swapped"),
    "title_wording": ("national", "other"),  # 收支决算总表 for 收入支出决算总表, 06 without 明细 …
    "prefix": (None, "高等学校", "事业单位"),
    "label_inline": (False, True),  # '表1：收入决算表' on one line instead of a line of its own
    "fields": ("line", "split", "blank_unit"),  # 单位名称 / 年度 / 金额单位 lines
    "jitter": (0.0, 1.0, 2.0),  # points a cell's baseline moves off its row's
    "column_major": (False, True),  # text drawn column by column
    "zero": ("blank", "zero", "dash"),  # how an empty amount prints: '', '0.00', '-'
    "thousands": (True, False),
    "money_unit": ("万元", "元"),
    "font_size": (9.0, 7.5, 10.5),
    "landscape": (True, False),
    "running": (False, True),  # a running header line on every page
    "page_numbers": (None, "dash", "di", "plain"),  # '- 3 -', '第3页', '3'
    "basic_blocks": (4, 2, 1),  # 公开06's side-by-side (科目代码, 科目名称, 决算数) groups
    "sangong_rows": (False, True),  # 公开09 items as rows (older layout)
    "notes": (True, False),
    "toc": (False, True),
}


@dataclass(frozen=True)
class Layout:
    ruling: str = "grid"
    header_wrap: bool = False
    header_style: str = "grouped"
    span_group: bool = False
    codes: str = "column"
    label_wrap: str = "none"
    total_label: str = "none"
    total_place: str = "top"
    numbering_row: bool = True
    line_numbers: bool = True
    repeat_header: bool = True
    rows_per_page: int | None = None
    same_page: bool = False
    titles: str = "national"
    title_wording: str = "national"
    prefix: str | None = None
    label_inline: bool = False
    fields: str = "line"
    jitter: float = 0.0
    column_major: bool = False
    zero: str = "blank"
    thousands: bool = True
    money_unit: str = "万元"
    font_size: float = 9.0
    landscape: bool = True
    running: bool = False
    page_numbers: str | None = None
    basic_blocks: int = 4
    sangong_rows: bool = False
    notes: bool = True
    toc: bool = False


NATIONAL = Layout()  # the national template's way of printing


def random_layout(rng: random.Random, **forced) -> Layout:
    """Each switch drawn at random; a third of the switches keep the national way, so a
    rendering mixes a few departures rather than changing everything at once."""
    drawn = {}
    for f in fields(Layout):
        values = CHOICES[f.name]
        drawn[f.name] = values[0] if rng.random() < 1 / 3 else rng.choice(values)
    return replace(Layout(**drawn), **forced)


def tag(switch: str, value) -> str:
    return f"{switch}:{value}"


def all_tags() -> set[str]:
    """Every feature tag a rendering can carry (the national values of most switches are
    not departures and carry no tag)."""
    return {tag(s, v) for s, values in CHOICES.items() for v in values if v not in TAGLESS.get(s, ())}


# Values that are the absence of a feature: a rendering using them records nothing.
TAGLESS: dict[str, tuple] = {
    "header_wrap": (False,), "span_group": (False,), "label_wrap": ("none",), "total_label": ("none",),
    "rows_per_page": (None,), "same_page": (False, True), "prefix": (None,), "label_inline": (False,),
    "jitter": (0.0,), "column_major": (False,), "running": (False,), "page_numbers": (None,),
    "sangong_rows": (False,), "toc": (False,), "numbering_row": (True,), "line_numbers": (True,),
    "notes": (True,), "repeat_header": (True, False), "title_wording": ("national",),  # shown by the pagination tags
}
# Tags the renderer adds when pagination produced them.
DERIVED_TAGS = {"pages:multi_repeat_header", "pages:multi_no_header", "pages:twosided_split", "pages:new_table_same_page"}

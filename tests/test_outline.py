"""The document's outline: where the contents end and the body begins, and which lines are
headings — one answer for the front matter and the prose alike."""
from __future__ import annotations

import pytest

from juesuan.parse.front import parse_toc
from juesuan.parse.narrative import parse_narrative
from juesuan.parse.outline import contents_entry, contents_span, heading_level, part_of
from juesuan.parse.raw import Line, RawDocument


def _doc(lines: list[str]) -> RawDocument:
    return RawDocument(blocks=[Line(text, 1) for text in lines], kind="pdf")


COVER = ["某单位", "2024年度部门决算", "2025年8月"]


def test_contents_with_leaders_and_pages_end_where_the_first_title_is_printed_again():
    lines = COVER + ["目 录", "第一部分 概况 ........ 1", "第二部分 部门决算表 ...... 3", "- 1 -",
                     "第一部分 概况", "一、主要职能"]
    assert contents_span(lines) == (4, 7)
    assert [(e.title, e.page) for e in parse_toc(_doc(lines))] == [("第一部分概况", 1), ("第二部分部门决算表", 3)]


def test_contents_without_page_numbers_end_where_any_title_repeats():
    lines = COVER + ["目录", "一、学校概况", "（一）学校基本情况", "二、2023年度部门决算报表", "三、决算报表说明",
                     "一、学校概况", "（一）学校基本情况", "学校是一所综合大学。"]
    assert contents_span(lines) == (4, 8)


def test_contents_whose_titles_never_repeat_are_the_run_of_entries():
    lines = COVER + ["目录", "第一部分 概况\t1", "第二部分 决算表\t2", "本单位负责全市有关工作。"]
    assert contents_span(lines) == (4, 6)


def test_no_contents():
    assert contents_span(COVER + ["第一部分 概况", "一、主要职能"]) is None


@pytest.mark.parametrize("line, title, page", [
    ("一、收入支出决算总体情况说明 ........ 15", "一、收入支出决算总体情况说明", 15),
    ("第三部分 情况说明\t9", "第三部分情况说明", 9),
    ("（二）收入科目", "（二）收入科目", None),
    ("一、收入支出决算总体情况说明 15", "一、收入支出决算总体情况说明", 15),
])
def test_contents_entry(line, title, page):
    assert contents_entry(line) == (title, page)


@pytest.mark.parametrize("title, part", [
    ("第三部分 2024年度部门决算情况说明", "情况说明"),
    ("三、决算报表说明", "情况说明"),
    ("上海市普陀区规划和自然资源局2024年度部门决算情况说明", "情况说明"),
    ("第三部分 某局2023年度决算公开说明", "情况说明"),
    ("二、2023年度部门决算报表", "决算表"),
    ("第二部分 2024年部门决算表", "决算表"),
    ("一、学校概况", "概况"),
    ("四、名词解释", "名词解释"),
    ("第五部分 附件", "附件"),
    # sections, not parts
    ("二、收入决算情况说明", None),
    ("一、收入支出决算总体情况说明", None),
    ("十、其他重要事项情况说明", None),
    ("收入决算表", None),
    ("2024年度收入总计272.93万元，支出总计272.93万元。", None),
])
def test_part_of(title, part):
    assert part_of(title) == part


def test_heading_levels():
    assert heading_level("第三部分") == 0
    assert heading_level("2024年度部门决算情况说明") == 0  # a part's title printed alone
    assert heading_level("三、决算报表说明") == 1
    assert heading_level("（一）高等学校收支决算总表说明") == 2
    assert heading_level("（一）负责贯彻执行国家有关法律法规，配合财政建立账户体系；") is None  # a numbered duty
    assert heading_level("2024年度部门决算") is None  # a cover title or running header, not a part


def test_a_part_title_repeated_atop_its_pages_is_a_running_header():
    lines = ["2024年度部门决算情况说明", "一、收入决算情况说明", "本年收入合计10.00万元，其中：",
             "2024年度部门决算情况说明", "财政拨款收入10.00万元，占比100.00%。"]
    sections, figures = parse_narrative(_doc(lines))
    assert [(s.part, s.title) for s in sections] == [("情况说明", "一、收入决算情况说明")]
    assert {f.key for f in figures} == {"说明.收入.本年收入合计", "说明.收入.财政拨款收入", "说明.收入.财政拨款收入占比"}

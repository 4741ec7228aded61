"""Table finding and the family parsers, on small hand-made documents (fast, no files)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.facts import table_facts
from juesuan.model import Report
from juesuan.parse.raw import Grid, Line, RawDocument
from juesuan.parse.tables import parse_tables
from juesuan.parse.titles import read_title


def facts_of(*blocks) -> tuple[dict, dict, list]:
    """(key → value, key → page, problems) of the table facts of a document."""
    tables, problems = parse_tables(RawDocument(blocks=list(blocks)))
    report = Report(tables=tables)
    facts = table_facts(report)
    return {f["key"]: f["value"] for f in facts}, {f["key"]: f.get("page") for f in facts}, problems


def tables_of(*blocks):
    return parse_tables(RawDocument(blocks=list(blocks)))[0]


# --- 公开01 / 公开04: two sides -------------------------------------------------------

T01_HEADER = [["收入", None, None, "支出", None, None], ["项目", "行次", "金额", "项目", "行次", "金额"], ["栏次", "", "1", "栏次", "", "2"]]


def test_two_sided_table_over_two_pages_with_repeated_header():
    first = Grid(T01_HEADER + [["一、一般公共预算财政拨款收入", "1", "1,272.93", "一、一般公共服务支出", "32", "1,229.43"],
                               ["八、其他收入", "8", "0.00", "八、社会保障和就业支出", "39", "43.50"]], page=4)
    second = Grid(T01_HEADER[:2] + [["本年收入合计", "27", "1,272.93", "本年支出合计", "58", "1,272.93"],
                                    ["年初结转和结余", "29", "", "年末结转和结余", "60", "——"],
                                    ["总计", "31", "1,272.93", "总计", "62", "1,272.93"]], page=5)
    values, pages, problems = facts_of(
        Line("收入支出决算总表", 4), Line("公开01表", 4), Line("部门名称：某某中心 2024年度 金额单位：万元", 4),
        first, Line("- 2 -", 4), second, Line("注：本表反映部门本年度的总收支。", 5), Line("第三部分 情况说明", 6),
    )
    assert values == {
        "公开01.收入.一般公共预算财政拨款收入": 1272.93, "公开01.支出.一般公共服务支出": 1229.43,
        "公开01.收入.其他收入": 0, "公开01.支出.社会保障和就业支出": 43.5,
        "公开01.收入.本年收入合计": 1272.93, "公开01.支出.本年支出合计": 1272.93,
        "公开01.收入.总计": 1272.93, "公开01.支出.总计": 1272.93,
    }
    assert pages["公开01.收入.一般公共预算财政拨款收入"] == 4 and pages["公开01.支出.总计"] == 5
    assert problems == []


def test_table_metadata():
    grid = Grid(T01_HEADER + [["一、一般公共预算财政拨款收入", "1", "5.00", "一、一般公共服务支出", "32", "5.00"]], page=3)
    table = tables_of(Line("收入支出决算总表", 3), Line("公开01表", 3), Line("单位名称：某某中心 2023年度 金额单位：万元", 3),
                      grid, Line("注：本表反映部门本年度的总收支。", 3), Line("本套报表金额单位转换时可能存在尾数误差。", 3))["公开01"]
    assert (table.title, table.label, table.unit_name, table.year, table.money_unit) == ("收入支出决算总表", "公开01表", "某某中心", 2023, "万元")
    assert table.pages == [3] and table.columns == [""] and not table.no_data
    assert table.notes == ["注：本表反映部门本年度的总收支。本套报表金额单位转换时可能存在尾数误差。"]
    assert table.value("收入.一般公共预算财政拨款收入") == Decimal("5.00")


def test_04_carry_over_sub_rows_are_keyed_under_their_parent():
    grid = Grid([
        ["收入", None, "支出", None, None, None, None],
        ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["一、一般公共预算财政拨款", "100.00", "一、一般公共服务支出", "110.00", "110.00", "", ""],
        ["本年收入合计", "100.00", "本年支出合计", "110.00", "110.00", "", ""],
        ["年初财政拨款结转和结余", "10.00", "年末财政拨款结转和结余", "", "", "", ""],
        ["一、一般公共预算财政拨款", "10.00", "", "", "", "", ""],
        ["总计", "110.00", "总计", "110.00", "110.00", "", ""],
    ], page=12)
    values, _, _ = facts_of(Line("财政拨款收入支出决算总表", 12), Line("单位：万元", 12), grid)
    assert values == {
        "公开04.收入.一般公共预算财政拨款": 100, "公开04.支出.一般公共服务支出.合计": 110,
        "公开04.支出.一般公共服务支出.一般公共预算财政拨款": 110, "公开04.收入.本年收入合计": 100,
        "公开04.支出.本年支出合计.合计": 110, "公开04.支出.本年支出合计.一般公共预算财政拨款": 110,
        "公开04.收入.年初财政拨款结转和结余": 10, "公开04.收入.年初财政拨款结转和结余.一般公共预算财政拨款": 10,
        "公开04.收入.总计": 110, "公开04.支出.总计.合计": 110, "公开04.支出.总计.一般公共预算财政拨款": 110,
    }


# --- subject-code tables --------------------------------------------------------------

def test_05_codes_with_spaces_total_last_and_subtotal_column():
    grid = Grid([
        ["项目", None, "本年支出", None, None, None, None],
        ["科目代码", "科目名称", "小计", "基本支出", "其中", None, "项目支出"],
        [None, None, None, None, "人员经费", "公用经费", None],
        ["201", "一般公共服务支出", "1,000.00", "800.00", "700.00", "100.00", "200.00"],
        ["201 01", "人大事务", "1,000.00", "800.00", "700.00", "100.00", "200.00"],
        ["201 01 01", "行政运行", "800.00", "800.00", "700.00", "100.00", "-"],
        ["合计", None, "1,000.00", "800.00", "700.00", "100.00", "200.00"],
    ], page=9)
    values, _, _ = facts_of(Line("一般公共预算财政拨款支出决算表", 9), Line("公开05表", 9), grid)
    assert values["公开05.2010101.合计"] == 800 and "公开05.2010101.项目支出" not in values
    assert values["公开05.20101.人员经费"] == 700 and values["公开05.合计.公用经费"] == 100
    assert len(values) == 19


def test_codes_split_over_class_section_item_columns():
    grid = Grid([
        ["科目编码", None, None, "科目名称", "本年收入合计", "财政拨款收入"],
        ["类", "款", "项", None, None, None],
        ["合计", None, None, "", "50.00", "50.00"],
        ["208", "", "", "社会保障和就业支出", "50.00", "50.00"],
        ["", "05", "", "行政事业单位养老支出", "50.00", "50.00"],
        ["", "", "05", "机关事业单位基本养老保险缴费支出", "30.00", "30.00"],
        ["208", "05", "06", "机关事业单位职业年金缴费支出", "20.00", "20.00"],
    ], page=5)
    values, _, _ = facts_of(Line("收入决算表", 5), grid)
    assert set(values) == {f"公开02.{k}.{c}" for k in ("合计", "208", "20805", "2080505", "2080506") for c in ("本年收入合计", "财政拨款收入")}
    assert values["公开02.2080505.财政拨款收入"] == 30


def test_code_and_name_in_one_cell():
    grid = Grid([["项目", "本年支出合计", "基本支出"], ["合计", "9.00", "9.00"], ["2010101 行政运行", "9.00", "9.00"]], page=6)
    values, _, _ = facts_of(Line("支出决算表", 6), grid)
    assert values == {"公开03.合计.本年支出合计": 9, "公开03.合计.基本支出": 9, "公开03.2010101.本年支出合计": 9, "公开03.2010101.基本支出": 9}


def test_frame_without_amounts_or_stated_empty_is_no_data():
    frame = [["项目", None, "本年支出", None, None], ["科目代码", "科目名称", "合计", "基本支出", "项目支出"], ["栏次", None, "1", "2", "3"]]
    values, pages, _ = facts_of(
        Line("国有资本经营预算财政拨款支出决算表", 11), Grid(frame + [["合计", None, "", "", ""]], page=11),
        Line("政府性基金预算财政拨款收入支出决算表", 12), Grid(frame, page=12), Line("说明：本表无数据", 12),
    )
    assert values == {"公开08.无数据": 1, "公开07.无数据": 1}
    assert pages == {"公开08.无数据": 11, "公开07.无数据": 12}


# --- 公开06 ---------------------------------------------------------------------------

def test_06_two_blocks_and_totals_split_over_cells():
    grid = Grid([
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"],
        ["30101", "基本工资", "95.36", "30201", "办公费", "0.00"],
        ["", "", "", "30299", "其他商品和服务支出", "10.23"],
        ["人员经费", "合计", "95.36", "公用经费合计", None, "10.23"],
    ], page=13)
    values, _, _ = facts_of(Line("一般公共预算财政拨款基本支出决算表", 13), grid)
    assert values == {"公开06.301": 95.36, "公开06.302": 10.23, "公开06.30101": 95.36, "公开06.30201": 0,
                      "公开06.30299": 10.23, "公开06.人员经费合计": 95.36, "公开06.公用经费合计": 10.23}


def test_06_total_amount_under_a_merged_label():
    header = [["人员经费", None, None, "公用经费", None, None], ["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"]]
    grid = Grid(header + [["303", "对个人和家庭的补助", "1.00", "309", "资本性支出（基本建设）", "——"],
                          ["人员经费合计", None, "1.00", "公用经费合计", None, None], ], page=8)
    grid.rows[-1][-1] = "2.50"
    values, _, _ = facts_of(Line("一般公共预算财政拨款基本支出决算明细表", 8), grid)
    assert values == {"公开06.303": 1, "公开06.人员经费合计": 1, "公开06.公用经费合计": 2.5}


# --- 公开09 ---------------------------------------------------------------------------

def test_09_items_as_columns_under_measures():
    half = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", None, None, "公务接待费"]
    grid = Grid([
        ["预算数", None, None, None, None, None, "决算数", None, None, None, None, None],
        half + half,
        [None, None, "小计", "公务用车购置费", "公务用车运行维护费", None] * 2,
        [str(i) for i in range(1, 13)],
        ["60.00", "8.00", "46.00", "28.00", "18.00", "6.00", "54.16", "6.52", "43.27", "26.85", "16.42", "4.37"],
    ], page=19)
    values, _, _ = facts_of(Line("财政拨款“三公”经费支出决算表", 19), grid)
    assert values["公开09.预算数.小计"] == 46 and values["公开09.决算数.公务用车运行维护费"] == 16.42
    assert values["公开09.决算数.因公出国（境）费"] == 6.52 and values["公开09.预算数.合计"] == 60
    assert len(values) == 12


def test_09_items_as_rows_in_older_reports():
    grid = Grid([
        ["项目", "预算数", "决算数"],
        ["合计", "10.00", "8.00"],
        ["1.因公出国（境）费", "0.00", "0.00"],
        ["2.公务用车购置及运行维护费", "6.00", "5.00"],
        ["其中：（1）公务用车购置费", "", ""],
        ["（2）公务用车运行费", "6.00", "5.00"],
        ["3.公务接待费", "4.00", "3.00"],
    ], page=14)
    values, _, _ = facts_of(Line("财政拨款“三公”经费支出决算表", 14), grid)
    assert values == {
        "公开09.预算数.合计": 10, "公开09.决算数.合计": 8, "公开09.预算数.因公出国（境）费": 0, "公开09.决算数.因公出国（境）费": 0,
        "公开09.预算数.小计": 6, "公开09.决算数.小计": 5, "公开09.预算数.公务用车运行维护费": 6, "公开09.决算数.公务用车运行维护费": 5,
        "公开09.预算数.公务接待费": 4, "公开09.决算数.公务接待费": 3,
    }


# --- 公开10 ---------------------------------------------------------------------------

def test_10_sections_items_and_row_numbers():
    grid = Grid([
        ["一、政府采购情况", None, None], ["项目", "行次", "统计数"], ["合计", "1", "1,659.45"], ["货物", "2", "48.35"], ["工程", "3", ""],
        ["二、机关运行经费", None, None], ["项目", "", "统计数"], ["（一）行政单位", "5", "187.87"],
        ["三、国有资产占用情况", None, None], ["（一）车辆数合计（辆）", "7", "9.00"], ["1. 副部（省）级及以上领导用车", "8", ""],
        ["5. 执法执勤用车", "12", "9.00"], ["（二）单价100万元（含）以上设备（不含车辆）", "16", "1.00"],
    ], page=20)
    values, _, _ = facts_of(Line("部门决算公开相关信息统计表", 20), Line("公开10表", 20), grid)
    assert values == {
        "公开10.政府采购.合计": 1659.45, "公开10.政府采购.货物": 48.35, "公开10.机关运行经费.行政单位": 187.87,
        "公开10.国有资产.车辆数合计": 9, "公开10.国有资产.执法执勤用车": 9,
        "公开10.国有资产.单价100万元（含）以上设备（不含车辆）": 1,
    }


# --- finding tables -------------------------------------------------------------------

def test_contents_entries_lose_to_the_body_and_absent_tables_stay_absent():
    toc = [Line("目 录", 2), Line("一、收入支出决算总表", 2), Line("二、收入决算表", 2), Line("三、支出决算表", 2)]
    body = Grid([["项目", "本年支出合计"], ["合计", "3.00"]], page=5)
    tables = tables_of(*toc, Line("第二部分 决算表", 3), Line("支出决算表", 5), body)
    assert list(tables) == ["公开03"]
    assert tables["公开03"].pages == [5]


def test_readers_without_merge_marks_and_with_split_grids_give_the_same_facts():
    """Excel/text readers give '' for merged cells, put the title in a grid row, and may cut a
    table into several grids at blank lines: none of that changes the facts."""
    rows = [["项目", None, "本年收入合计", "财政拨款收入"], ["科目代码", "科目名称", None, None], ["合计", None, "5.00", "5.00"],
            ["201", "一般公共服务支出", "5.00", "5.00"], ["20101", "人大事务", "5.00", "5.00"]]
    as_pdf, _, _ = facts_of(Line("收入决算表", 1), Line("公开02表", 1), Grid(rows, page=1))
    blanked = [[c or "" for c in r] for r in rows]
    as_excel, _, _ = facts_of(Grid([["收入决算表", "", "", ""], ["公开02表", "", "", ""], ["部门名称：某某", "", "2024年度", "金额单位：万元"]] + blanked))
    as_text, _, _ = facts_of(Line("收入决算表"), Grid(blanked[:3]), Grid(blanked[3:]))
    assert as_pdf == as_excel == as_text and len(as_pdf) == 6


def test_a_table_that_cannot_be_understood_is_a_problem():
    tables, problems = parse_tables(RawDocument(blocks=[Line("收入支出决算总表", 4), Grid([["甲", "乙"], ["1.00", "2.00"]], page=4)]))
    assert "公开01" not in tables
    assert len(problems) == 1 and problems[0].table_id == "公开01" and "无法识别" in problems[0].what


def test_01_with_the_sides_stacked_in_one_column():
    grid = Grid([
        ["项目", "行次", "金额"],
        ["收入", "", ""],
        ["一、一般公共预算财政拨款收入", "1", "20.00"],
        ["本年收入合计", "9", "20.00"],
        ["总计", "12", "20.00"],
        ["一、一般公共服务支出", "13", "20.00"],
        ["本年支出合计", "40", "20.00"],
        ["总计", "43", "20.00"],
    ], page=4)
    values, _, _ = facts_of(Line("收入支出决算总表", 4), grid)
    assert values == {"公开01.收入.一般公共预算财政拨款收入": 20, "公开01.收入.本年收入合计": 20, "公开01.收入.总计": 20,
                      "公开01.支出.一般公共服务支出": 20, "公开01.支出.本年支出合计": 20, "公开01.支出.总计": 20}


def test_a_page_header_between_pages_does_not_cut_the_table_and_later_grids_stay_out():
    head = [["项目", "本年支出合计"], ["科目代码", None]]
    values, pages, _ = facts_of(
        Line("支出决算表", 5), Grid(head + [["合计", "3.00"], ["201", "3.00"]], page=5),
        Line("仅供内部审核", 6), Grid([["20101", "3.00"]], page=6), Line("注：本表反映部门本年度各项支出情况。", 6),
        Grid([["项目名称", "运维经费", "预算金额", "9.00"], ["2010101", "x", "y", "9.00"]], page=6),
        Line("一、收入支出决算总体情况说明", 7), Grid([["201", "8.00"]], page=7),
    )
    assert values == {"公开03.合计.本年支出合计": 3, "公开03.201.本年支出合计": 3, "公开03.20101.本年支出合计": 3}
    assert pages["公开03.20101.本年支出合计"] == 6


def test_05_subtotal_under_basic_expenditure_is_the_basic_total():
    grid = Grid([
        ["科目代码", "科目名称", "合计", "基本支出", None, None, "项目支出"],
        [None, None, None, "小计", "人员经费", "公用经费", None],
        ["201", "一般公共服务支出", "5.00", "4.00", "3.00", "1.00", "1.00"],
    ], page=9)
    values, _, _ = facts_of(Line("一般公共预算财政拨款支出决算表", 9), grid)
    assert values == {"公开05.201.合计": 5, "公开05.201.基本支出": 4, "公开05.201.人员经费": 3, "公开05.201.公用经费": 1, "公开05.201.项目支出": 1}


def test_06_single_block_without_code_header():
    grid = Grid([["项目", None, "决算数"], ["301", "工资福利支出", "3.00"], ["30101", "基本工资", "3.00"],
                 ["302", "商品和服务支出", "1.00"], ["人员经费合计", None, "3.00"], ["公用经费合计", None, "1.00"]], page=8)
    values, _, _ = facts_of(Line("一般公共预算财政拨款基本支出决算明细表", 8), grid)
    assert values == {"公开06.301": 3, "公开06.30101": 3, "公开06.302": 1, "公开06.人员经费合计": 3, "公开06.公用经费合计": 1}


def test_09_items_as_columns_and_measures_as_rows():
    grid = Grid([["项目", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"],
                 ["预算数", "3.00", "1.00", "1.00", "1.00"], ["决算数", "2.00", "-", "1.00", "1.00"]], page=12)
    values, _, _ = facts_of(Line("财政拨款“三公”经费支出决算表", 12), grid)
    assert values == {"公开09.预算数.合计": 3, "公开09.预算数.因公出国（境）费": 1, "公开09.预算数.小计": 1, "公开09.预算数.公务接待费": 1,
                      "公开09.决算数.合计": 2, "公开09.决算数.小计": 1, "公开09.决算数.公务接待费": 1}


def test_09_full_year_budget_wins_over_the_initial_budget():
    grid = Grid([["项目", "年初预算数", "全年预算数", "决算数"], ["合计", "5.00", "6.00", "4.00"], ["3.公务接待费", "5.00", "6.00", "4.00"]], page=12)
    values, _, _ = facts_of(Line("财政拨款“三公”经费支出决算表", 12), grid)
    assert values == {"公开09.预算数.合计": 6, "公开09.预算数.公务接待费": 6, "公开09.决算数.合计": 4, "公开09.决算数.公务接待费": 4}


def test_a_running_page_header_does_not_end_a_table():
    header = "示范市某某局2024年度部门决算公开（按规定公开，仅供参考）"
    head = [["项目", "本年收入合计"], ["科目代码", None]]
    values, _, _ = facts_of(
        Line(header, 1), Line("说明：本表无数据", 1), Line(header, 2), Line("收入决算表", 4), Grid(head + [["合计", "3.00"]], page=4),
        Line(header, 5), Grid([["201", "3.00"]], page=5), Line("单位：万元", 5), Line(header, 6),
    )
    assert values == {"公开02.合计.本年收入合计": 3, "公开02.201.本年收入合计": 3}


# --- titles in other layouts ------------------------------------------------------------------

@pytest.mark.parametrize("printed, table_id", [
    ("公开01表 收入支出决算总表", "公开01"),
    ("表 1：高等学校收支决算总表", "公开01"),
    ("附表2 收入决算表", "公开02"),
    ("西南大学2023年度支出决算表", "公开03"),
    ("（四）财政拨款收入支出决算总表", "公开04"),
    ("一般公共预算财政拨款支出决算表（公开05表）", "公开05"),
    ("一般公共预算财政拨款基本支出决算表", "公开06"),
    ("政府性基金预算财政拨款收入支出决算表", "公开07"),
    ("国有资本经营预算财政拨款支出决算表", "公开08"),
    ("一般公共预算财政拨款“三公”经费支出决算表", "公开09"),
    ("2024年度部门决算公开相关信息统计表", "公开10"),
    ("表 4：高等学校财政拨款支出决算表", "财政拨款支出决算表"),  # outside the national list: its own title
    ("收入支出决算总表 单位：万元", "公开01"),
    ("收入支出决算总表（续）", "公开01"),
])
def test_titles_are_read_by_meaning(printed, table_id):
    assert read_title(printed).table_id == table_id


@pytest.mark.parametrize("text", ["收支预算总表", "项目支出绩效自评表", "本年度收入支出决算总表反映了全部收支。", "二、2023年度部门决算报表"])
def test_what_is_no_table_title(text):
    assert read_title(text) is None


def test_a_title_wrapped_onto_two_lines_and_fields_on_its_line():
    grid = Grid([["科目代码", "科目名称", "决算数"], ["301", "工资福利支出", "5.00"], ["30101", "基本工资", "5.00"]], page=8)
    table = tables_of(Line("一般公共预算财政拨款基本支出决算", 8), Line("明细表 金额单位：元", 8), grid)["公开06"]
    assert table.money_unit == "元" and table.value("30101") == Decimal("5.00")


def test_a_table_whose_title_is_not_recognised_is_reported_not_absorbed():
    header = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    first = Grid([header, ["201", "一般公共服务支出", "9.00", "9.00", ""], ["合计", "", "9.00", "9.00", ""]], page=6)
    other = Grid([["功能科目", "名称", "本期数"], ["2010101", "行政运行", "3.00"]], page=7)
    tables, problems = parse_tables(RawDocument(blocks=[Line("支出决算表", 6), first, other]))
    assert tables["公开03"].row("2010101") is None  # the other table's row is not taken in
    assert [p.page for p in problems if "未能识别表名" in p.what] == [7]


# --- readings that must not pass as certain, and continuation pages ----------------------

def test_two_columns_read_under_one_name_make_the_table_unreliable():
    # a misread header gives 小计 the name of the 合计 before it: neither may replace the other
    grid = Grid([["科目编码", "科目名称", "合计", "合计", "项目支出"],
                 ["201", "一般公共服务支出", "30.00", "20.00", "10.00"]], page=5)
    table = tables_of(Line("一般公共预算财政拨款支出决算表", 5), grid)["公开05"]
    assert table.unreliable.startswith("两栏都读作“合计”而数字不同（30.00、20.00）")


def test_a_name_read_into_an_amount_column_makes_the_table_unreliable():
    grid = Grid([["科目编码", "科目名称", "本年支出合计", "基本支出"],
                 ["201", "一般公共服务支出", "9.00", "9.00"], ["20101", "", "人大事务", "9.00"]], page=6)
    table = tables_of(Line("支出决算表", 6), grid)["公开03"]
    assert "栏是文字（人大事务）" in table.unreliable


@pytest.mark.parametrize("blank", ["-", "——", ""])
def test_code_and_name_column_beside_blank_columns(blank):
    grid = Grid([["科目编码及名称", "本年支出合计", "基本支出", "项目支出"],
                 ["208 社会保障和就业支出", "7.00", "7.00", blank], ["20805 行政事业单位养老支出", "7.00", "7.00", blank]], page=6)
    table = tables_of(Line("支出决算表", 6), grid)["公开03"]
    assert [(r.key, r.label) for r in table.rows] == [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出")]
    assert table.columns == ["本年支出合计", "基本支出", "项目支出"] and table.reliable


def test_a_header_repeated_otherwise_banded_on_the_next_page_is_no_row():
    header = [["项目", None, "本年支出", None], ["科目编码", "科目名称", "本年支出合计", "基本支出"]]
    again = [["项目", "本年支出"], ["科目编码", "科目名称", "本年支出合计"], ["基本支出"]]  # the same words, cut otherwise
    table = tables_of(
        Line("支出决算表", 6), Grid(header + [["201", "一般公共服务支出", "9.00", "9.00"]], page=6),
        Grid(again + [["20101", "人大事务", "9.00", "9.00"]], page=7))["公开03"]
    assert [r.key for r in table.rows] == ["201", "20101"] and table.reliable


def test_a_continuation_opening_with_blank_rows_of_dashes_joins_the_table():
    header = [["收入", None, "支出", None, None], ["项目", "金额", "项目", "合计", "一般公共预算财政拨款"]]
    table = tables_of(
        Line("财政拨款收入支出决算总表", 7),
        Grid(header + [["一般公共预算财政拨款", "5.00", "一般公共服务支出", "5.00", "5.00"]], page=7),
        Grid([["", "", "二十三、其他支出", "-", "-"], ["本年收入合计", "5.00", "本年支出合计", "5.00", "5.00"]], page=8))["公开04"]
    assert table.pages == [7, 8] and table.value("收入.本年收入合计") == 5
    assert all(cell.blank for cell in table.row("支出.其他支出").cells.values())


def test_a_rows_label_broken_over_a_page_does_not_end_the_table():
    header = [["收入", None, "支出", None], ["项目", "金额", "项目", "金额"]]
    table = tables_of(
        Line("财政拨款收入支出决算总表", 6),
        Grid(header + [["一、一般公共预算财政拨款", "5.00", "一、一般公共服务支出", "5.00"]], page=6),
        Line("三、国有资本经营预算财政", 6),  # the next row's label, its first line left at the page's foot
        Grid([["拨款", "0.00", "三、国防支出", "0.00"], ["本年收入合计", "5.00", "本年支出合计", "5.00"]], page=7))["公开04"]
    assert table.pages == [6, 7] and table.value("收入.本年收入合计") == 5


def _boxed(rows: list[list[str]], xs: list[tuple[float, float]], page: int, top: float = 100) -> Grid:
    """A grid whose cells stand at the given x-extents (an empty cell has no box)."""
    boxes = [[(x0, top + 12 * r, x1, top + 12 * r + 9) if text else None for text, (x0, x1) in zip(row, xs)] for r, row in enumerate(rows)]
    return Grid(rows, page=page, boxes=boxes)


def test_a_continuation_drawn_with_fewer_columns_is_re_cut_by_position_not_order():
    xs = [(40, 160), (170, 220), (230, 280), (290, 340)]  # 科目名称 | 合计 | 基本支出 (never printed) | 项目支出
    first = _boxed([["科目名称", "合计", "基本支出", "项目支出"], ["合计", "9.00", "", "9.00"], ["其他支出", "9.00", "", "9.00"]], xs, 6)
    # its label set further left on this page: it lies mostly outside the first page's label column
    then = _boxed([["彩票公益金安排的支出", "9.00", "9.00"]], [(0, 60), xs[1], xs[3]], 7)
    table = tables_of(Line("支出决算表", 6), first, then)["公开03"]
    row = table.row("彩票公益金安排的支出")
    assert row.value("项目支出") == 9 and row.value("基本支出") is None

"""The tables of real corpus reports: found by title whatever the label, with their metadata,
no-data marks and a page on every cell."""
from __future__ import annotations

from decimal import Decimal

import pytest

from .corpus import parsed

DOCS = (
    "yangquan-2024.pdf",
    "shifan-datacenter-2023.pdf",
    "shifan-transport-2024.pdf",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf",
)


@pytest.mark.parametrize("name", DOCS)
def test_every_cell_has_a_page_of_its_table(name):
    report = parsed(name)
    assert report.tables
    for table in report.tables.values():
        assert table.pages and table.title
        for row in table.rows:
            for cell in row.cells.values():
                assert cell.page in table.pages, (table.id, row.key)


def test_shanghai_tables_are_found_by_title_without_labels():
    report = parsed("real/shanghai-putuo-guihuaziyuan-2024.pdf")
    # Shanghai prints no 公开NN label, orders 09 before 07/08 and has no 公开10
    assert set(report.tables) == {f"公开{n:02d}" for n in range(1, 10)}
    assert all(t.label is None and t.money_unit == "万元" for t in report.tables.values())
    assert report.table("公开06").title == "一般公共预算财政拨款基本支出决算表"
    assert report.table("公开08").title == "国有资本经营预算财政拨款收入支出决算表"
    for table_id in ("公开07", "公开08"):
        table = report.table(table_id)
        assert table.no_data and "故本表无数据" in table.no_data_note
    t09 = report.table("公开09")
    assert not t09.no_data
    assert t09.value("预算数", "公务接待费") == Decimal("2.85") and t09.value("决算数", "合计") == Decimal("0.39")
    t06 = report.table("公开06")
    assert t06.value("人员经费合计") == Decimal("4884.09") and t06.cell("30202").value == 0


def test_labelled_tables_carry_their_header_fields():
    report = parsed("shifan-transport-2024.pdf")
    t05 = report.table("公开05")
    assert (t05.label, t05.unit_name, t05.year, t05.money_unit) == ("公开05表", "示范市交通运输局", 2024, "万元")
    assert t05.columns == ["合计", "基本支出", "人员经费", "公用经费", "项目支出"]
    assert t05.pages == [13, 14] and t05.rows[0].key == "合计"
    # the 公开08 header names a truncated unit (a planted defect): read as printed
    assert report.table("公开08").unit_name == "示范" and report.table("公开08").no_data
    t01 = report.table("公开01")
    assert t01.value("收入.一般公共预算财政拨款收入") == Decimal("4534.88")
    assert t01.cell("支出.交通运输支出").page == 5 and t01.cell("支出.其他支出").page == 6


def test_stated_and_silent_empty_tables():
    seed = parsed("yangquan-2024.pdf")
    assert seed.table("公开09").no_data and seed.table("公开09").no_data_note == "说明：本表无数据"
    datacenter = parsed("shifan-datacenter-2024.pdf")
    t08 = datacenter.table("公开08")  # frame with an empty 合计 row, no 本表无数据 line
    assert t08.no_data and t08.no_data_note is None
    assert not datacenter.table("公开10").no_data

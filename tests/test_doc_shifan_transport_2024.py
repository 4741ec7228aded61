"""Fictional complete report: 示范市交通运输局 2024 (a 部门 with 三公 and 政府性基金 data), PDF and Excel."""
from decimal import Decimal

from juesuan.facts import table_facts

from .acceptance import assert_meets_bar
from .corpus import parsed

PDF = "shifan-transport-2024.pdf"


def test_meets_the_parser_bar():
    assert_meets_bar(PDF)


def test_exact_rows():
    report = parsed(PDF)
    assert (report.header.kind, report.header.unit_type) == ("部门", "行政单位")
    t09 = report.table("公开09")
    assert t09.value("决算数", "公务接待费") == Decimal("4.37")
    assert t09.value("预算数", "小计") == Decimal("46.00")
    t10 = report.table("公开10")
    assert t10.value("国有资产.车辆数合计") == 9
    assert t10.value("机关运行经费.行政单位") == Decimal("187.87")


def test_excel_gives_the_pdf_table_facts():
    def without_pages(facts):
        return sorted((f["key"], f["value"]) for f in facts)

    assert without_pages(table_facts(parsed("shifan-transport-2024.xlsx"))) == without_pages(table_facts(parsed(PDF)))

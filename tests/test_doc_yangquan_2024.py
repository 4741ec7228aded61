"""The real seed report (阳泉市国库集中支付中心 2024), as PDF, text and Word."""
from decimal import Decimal

from juesuan.facts import report_facts, table_facts

from .acceptance import assert_meets_bar
from .corpus import parsed

PDF = "yangquan-2024.pdf"


def test_meets_the_parser_bar():
    assert_meets_bar(PDF)


def test_header_and_contents():
    report = parsed(PDF)
    assert report.header.unit == "阳泉市国库集中支付中心"
    assert (report.header.year, report.header.kind, report.header.money_unit) == (2024, "单位", "万元")
    assert report.header.unit_type == "公益一类事业单位"
    listed = [e.table_id for e in report.toc if e.table_id]
    assert listed == [f"公开{n:02d}" for n in range(1, 11)]
    # 02, 03 and 05 are listed in the contents but not printed
    assert sorted(report.missing_tables) == ["公开02", "公开03", "公开05"]


def test_exact_rows():
    report = parsed(PDF)
    t01 = report.table("公开01")
    assert t01.pages == [4, 5]
    assert t01.value("收入.本年收入合计") == Decimal("272.93")
    assert t01.cell("支出.住房保障支出").page == 4
    t06 = report.table("公开06")
    assert t06.value("30199") == Decimal("1.51") and t06.cell("30199").page == 9
    assert t06.value("309") is None  # printed as ——
    assert t06.value("人员经费合计") == Decimal("123.00")
    assert report.table("公开09").no_data and report.table("公开07").no_data


def test_text_and_word_give_the_pdf_table_facts():
    def without_pages(facts):
        return sorted((f["key"], f["value"]) for f in facts)

    from_pdf = without_pages(table_facts(parsed(PDF)))
    assert without_pages(table_facts(parsed("yangquan-2024.txt"))) == from_pdf
    assert without_pages(table_facts(parsed("yangquan-2024.docx"))) == from_pdf


def test_text_input_has_no_pages():
    facts = report_facts(parsed("yangquan-2024.txt"))["facts"]
    assert facts and all("page" not in f for f in facts)

"""Fictional complete report: 示范市数据资源服务中心 2024."""
from decimal import Decimal

from .acceptance import assert_meets_bar
from .corpus import parsed

PDF = "shifan-datacenter-2024.pdf"


def test_meets_the_parser_bar():
    assert_meets_bar(PDF)


def test_exact_rows():
    report = parsed(PDF)
    t05 = report.table("公开05")
    # planted: class 208 printed 35.97 while its 款 20805 is 35.79
    assert t05.value("208", "合计") == Decimal("35.97")
    assert t05.value("20805", "合计") == Decimal("35.79")
    t08 = report.table("公开08")
    assert t08.no_data and not t08.no_data_note  # empty, without the 本表无数据 line

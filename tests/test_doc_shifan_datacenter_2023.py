"""Fictional complete report: 示范市数据资源服务中心 2023 (the prior year of the 2024 pair)."""
from decimal import Decimal

from .acceptance import assert_meets_bar
from .corpus import parsed

PDF = "shifan-datacenter-2023.pdf"


def test_meets_the_parser_bar():
    assert_meets_bar(PDF)


def test_exact_rows():
    report = parsed(PDF)
    assert (report.header.unit, report.header.year) == ("示范市数据资源服务中心", 2023)
    assert report.missing_tables == []
    # the planted transposition: 302 printed 36.49 while its items sum to 36.94
    t06 = report.table("公开06")
    assert t06.value("302") == Decimal("36.49")
    items = sum(r.value() or 0 for r in t06.rows if r.code and r.code.startswith("302") and len(r.code) == 5)
    assert items == Decimal("36.94")

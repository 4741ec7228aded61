"""Real published report: 上海市普陀区规划和自然资源局 2024 (Word 2010 PDF, Shanghai numbering:
no 公开NN labels, nine tables, 三公 before 政府性基金)."""
from decimal import Decimal

from .acceptance import assert_meets_bar
from .corpus import parsed

PDF = "real/shanghai-putuo-guihuaziyuan-2024.pdf"


def test_meets_the_parser_bar():
    assert_meets_bar(PDF)


def test_exact_rows():
    report = parsed(PDF)
    assert report.header.unit == "上海市普陀区规划和自然资源局"
    assert sorted(report.tables) == [f"公开{n:02d}" for n in range(1, 10)]
    t01 = report.table("公开01")
    assert t01.value("支出.卫生健康支出") == Decimal("236.63")
    assert t01.value("收入.年初结转和结余") == Decimal("112.88")
    assert report.table("公开03").value("210", "本年支出合计") == Decimal("236.64")

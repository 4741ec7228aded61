"""Real published report: 中共上海市普陀区委社会工作部 2024 (WPS PDF; 三公, 政府性基金 and 国有资本
tables empty with 本表无数据)."""
from .acceptance import assert_meets_bar
from .corpus import parsed

PDF = "real/shanghai-putuo-shehuigongzuobu-2024.pdf"


def test_meets_the_parser_bar():
    assert_meets_bar(PDF)


def test_empty_tables_are_flagged():
    report = parsed(PDF)
    assert report.header.unit == "中共上海市普陀区委社会工作部"
    for table_id in ("公开07", "公开08", "公开09"):
        assert report.table(table_id).no_data, table_id

"""A table's reading judged by its own arithmetic (juesuan/parse/tables/verify.py): one
misprint or rounding difference in a report is the review's to report, a misreading makes
the table unreliable — with codes printed or inferred from names alone."""
from __future__ import annotations

import pytest

from juesuan.classification import infer_codes
from juesuan.parse.raw import Grid, Line, RawDocument
from juesuan.parse.tables import parse_tables

HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
# 212 城乡社区支出 → 21201 管理事务 → 2120101 行政运行, each row's 合计 one cent over its parts
# (rounded separately from 万元), every column summing up the hierarchy.
ROWS = [
    ("212", "城乡社区支出", "3832.36", "1572.70", "2259.65"),
    ("21201", "城乡社区管理事务", "1092.80", "1084.02", "8.77"),
    ("2120101", "行政运行", "1092.80", "1084.02", "8.77"),
    ("21202", "城乡社区规划与管理", "2739.56", "488.68", "2250.88"),
    ("221", "住房保障支出", "461.08", "461.08", ""),
    ("22102", "住房改革支出", "461.08", "461.08", ""),
    ("2210201", "住房公积金", "289.59", "289.59", ""),
    ("2210203", "购房补贴", "171.49", "171.49", ""),
]


def _table(rows, codes: bool = True):
    body = [[c if codes else "", name, *amounts] for c, name, *amounts in rows]
    total = ["", "合计", "4293.44", "2033.78", "2259.65"]
    tables, _ = parse_tables(RawDocument(blocks=[Line("一般公共预算财政拨款支出决算表", 9), Line("单位：万元", 9),
                                                 Grid([HEADER, total, *body], page=9)]))
    return tables["公开05"]


@pytest.mark.parametrize("codes", [True, False], ids=["coded", "names only"])
def test_one_rounding_difference_carried_up_its_parents_is_no_misreading(codes):
    assert _table(ROWS, codes).reliable


@pytest.mark.parametrize("codes", [True, False], ids=["coded", "names only"])
def test_a_shifted_column_is_a_misreading(codes):
    shifted = [(c, n, b, p, a) for c, n, a, b, p in ROWS]  # each amount read one column to the left
    assert "表内勾稽关系大面积不符" in _table(shifted, codes).unreliable


def test_codes_inferred_from_names_under_their_class_and_section():
    names = ["合计", "城乡社区支出", "城乡社区管理事务", "行政运行", "城乡社区规划与管理", "城乡社区规划与管理",
             "住房保障支出", "住房改革支出", "住房公积金", "不是科目"]
    assert infer_codes(names) == [None, "212", "21201", "2120101", "21202", "2120201", "221", "22102", "2210201", None]

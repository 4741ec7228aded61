"""juesuan.metrics on real parses: each key number, its fact key and page, against the truth files."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from juesuan import metrics
from tests.corpus import parsed, truth

SEED, TRANSPORT = "yangquan-2024.pdf", "shifan-transport-2024.pdf"
# 公开01 lines that are totals or carry-overs, not one source or one class (template names).
TOTALS_01 = {"本年收入合计", "本年支出合计", "总计", "使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余"}


def _facts(name: str) -> dict[str, dict]:
    return {f["key"]: f for f in truth(name)["facts"]}


def _assert_fact(value: metrics.Value, fact: dict) -> None:
    assert value.amount == pytest.approx(fact["value"], abs=0.005)
    assert value.keys == (fact["key"],)
    assert value.page == fact["page"]


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_headline_reads_the_tables_first_and_the_prose_for_what_only_it_states(name):
    h, t = metrics.headline(parsed(name)), _facts(name)
    _assert_fact(h.income_total, t["公开01.收入.本年收入合计"])
    _assert_fact(h.expenditure_total, t["公开01.支出.本年支出合计"])
    _assert_fact(h.change, t["说明.收支总计.较上年增减"])
    _assert_fact(h.change_rate, t["说明.收支总计.较上年增减率"])
    _assert_fact(h.gp_actual, t["说明.一般公共预算.支出"])
    _assert_fact(h.gp_budget, t["说明.一般公共预算.年初预算"])
    _assert_fact(h.gp_completion, t["说明.一般公共预算.完成率"])
    admin = [f for k, f in t.items() if k.startswith("公开10.机关运行经费.")]
    assert h.admin_cost.amount == pytest.approx(sum(f["value"] for f in admin))
    assert set(h.admin_cost.keys) == {f["key"] for f in admin}


def test_basic_project_and_sangong_come_from_tables_03_and_09():
    h, t = metrics.headline(parsed(TRANSPORT)), _facts(TRANSPORT)
    _assert_fact(h.basic, t["公开03.合计.基本支出"])
    _assert_fact(h.project, t["公开03.合计.项目支出"])
    assert metrics.basic_project(parsed(TRANSPORT)) == (h.basic, h.project)
    _assert_fact(h.sangong_actual, t["公开09.决算数.合计"])
    _assert_fact(h.sangong_budget, t["公开09.预算数.合计"])


def test_a_workbook_without_prose_keeps_the_table_numbers_and_misses_only_the_stated_ones():
    book, pdf = metrics.headline(parsed("shifan-transport-2024.xlsx")), metrics.headline(parsed(TRANSPORT))
    for field in ("income_total", "expenditure_total", "basic", "project", "sangong_actual", "admin_cost"):
        assert getattr(book, field).amount == getattr(pdf, field).amount, field
    assert not book.change.known and not book.gp_budget.known
    # 一般公共预算 spending falls back from the prose to 公开05's total line
    t = _facts(TRANSPORT)
    assert book.gp_actual.keys == ("公开05.合计.合计",)
    assert book.gp_actual.amount == pytest.approx(t["公开05.合计.合计"]["value"])


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_side_items_are_the_sources_and_classes_of_table_01(name):
    report, t = parsed(name), _facts(name)
    for side in ("收入", "支出"):
        items = metrics.side_items(report, "公开01", side)
        expected = {k.split(".", 2)[2]: f["value"] for k, f in t.items()
                    if k.startswith(f"公开01.{side}.") and k.count(".") == 2 and k.split(".")[2] not in TOTALS_01}
        got = {i.name: i.amount for i in items if i.amount}
        assert got == pytest.approx(expected)
        assert all(i.key == f"公开01.{side}.{i.name}" for i in items)
        assert not {i.name for i in items} & TOTALS_01


def test_class_names_and_their_general_budget_outturn():
    report, t = parsed(SEED), _facts(SEED)
    classes = {k.split(".")[1] for k in t if k.startswith("说明.") and k.endswith(".占比")}
    assert metrics.class_names(report) == classes
    for name in classes:
        # 公开04's 一般公共预算财政拨款 column is what the class's 年初预算 is compared with
        _assert_fact(metrics.class_general_outturn(report, name), t[f"公开04.支出.{name}.一般公共预算财政拨款"])


def test_class_general_outturn_prefers_table_05():
    report, t = parsed(TRANSPORT), _facts(TRANSPORT)
    outturn = metrics.class_general_outturn(report, "交通运输支出")
    _assert_fact(outturn, t["公开05.214.合计"])
    # 公开01 prints 4,247.25 for this class (a planted error); 公开05/04 agree on 4,237.25
    assert outturn.amount == pytest.approx(t["公开04.支出.交通运输支出.一般公共预算财政拨款"]["value"])


def test_a_report_printed_in_yuan_is_converted_to_wan():
    report = copy.deepcopy(parsed(SEED))
    report.header.money_unit = "元"
    t = _facts(SEED)
    assert metrics.to_wan(report, Decimal("2729300.49")) == 272.93
    value = metrics.table_value(report, "公开01", "收入.本年收入合计")
    assert value.amount == round(t["公开01.收入.本年收入合计"]["value"] / 10000, 2)
    rate = metrics.stated(report, "收支总计", "较上年增减率", money=False)
    assert rate.amount == t["说明.收支总计.较上年增减率"]["value"]  # rates are not money
    assert metrics.first(metrics.MISSING, value) is value

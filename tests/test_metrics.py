"""juesuan.metrics, the measure table, on real parses: each headline number, its fact key, page
and basis against the truth files; what an unreadable table or cell, a printed zero and a
missing figure become; the library's fact-row path against the model path."""
from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from juesuan import metrics
from juesuan.facts import report_facts, unreadable_keys
from juesuan.serialize import report_to_dict
from juesuan.vocab import ALL_FUNDS, APPROPRIATION, GENERAL_BUDGET, NOT_LISTED, UNREADABLE
from tests.corpus import parsed, truth
from tests.store_support import corpus_documents

SEED, TRANSPORT = "yangquan-2024.pdf", "shifan-transport-2024.pdf"
# 公开01 lines that are totals or carry-overs, not one source or one class (template names).
TOTALS_01 = {"本年收入合计", "本年支出合计", "总计", "使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余"}


def _facts(name: str) -> dict[str, dict]:
    return {f["key"]: f for f in truth(name)["facts"]}


def _assert_fact(value: metrics.Value, fact: dict, basis: str) -> None:
    assert value.amount == pytest.approx(fact["value"], abs=0.005)
    assert value.keys == (fact["key"],)
    assert value.page == fact["page"]
    assert value.basis == basis


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_headline_reads_the_tables_first_and_the_prose_for_what_only_it_states(name):
    h, t = metrics.headline(parsed(name)), _facts(name)
    _assert_fact(h.income_total, t["公开01.收入.本年收入合计"], ALL_FUNDS)
    _assert_fact(h.expenditure_total, t["公开01.支出.本年支出合计"], ALL_FUNDS)
    _assert_fact(h.change, t["说明.收支总计.较上年增减"], ALL_FUNDS)
    _assert_fact(h.change_rate, t["说明.收支总计.较上年增减率"], ALL_FUNDS)
    # 一般公共预算 spending: 公开05's total line, else 公开04's general-budget column — before the prose
    table_key = "公开05.合计.合计" if "公开05.合计.合计" in t else "公开04.支出.本年支出合计.一般公共预算财政拨款"
    _assert_fact(h.gp_actual, t[table_key], GENERAL_BUDGET)
    assert h.gp_actual.amount == pytest.approx(t["说明.一般公共预算.支出"]["value"])  # the prose agrees here
    _assert_fact(h.gp_budget, t["说明.一般公共预算.年初预算"], GENERAL_BUDGET)
    _assert_fact(h.gp_completion, t["说明.一般公共预算.完成率"], GENERAL_BUDGET)
    admin = [f for k, f in t.items() if k.startswith("公开10.机关运行经费.")]
    assert h.admin_cost.amount == pytest.approx(sum(f["value"] for f in admin))
    assert set(h.admin_cost.keys) == {f["key"] for f in admin} and h.admin_cost.basis == GENERAL_BUDGET


def test_basic_project_and_sangong_come_from_tables_03_and_09():
    h, t = metrics.headline(parsed(TRANSPORT)), _facts(TRANSPORT)
    _assert_fact(h.basic, t["公开03.合计.基本支出"], ALL_FUNDS)
    _assert_fact(h.project, t["公开03.合计.项目支出"], ALL_FUNDS)
    _assert_fact(h.sangong_actual, t["公开09.决算数.合计"], APPROPRIATION)
    _assert_fact(h.sangong_budget, t["公开09.预算数.合计"], APPROPRIATION)


def test_a_table_that_says_it_has_no_data_is_a_zero_from_that_table():
    h, t = metrics.headline(parsed(SEED)), _facts(SEED)
    assert t["公开09.无数据"]["value"] == 1
    assert h.sangong_actual.known and h.sangong_actual.number == 0
    assert h.sangong_actual.keys == ("公开09.无数据",) and h.sangong_actual.page == t["公开09.无数据"]["page"]


def test_a_workbook_without_prose_keeps_the_table_numbers_and_misses_only_the_stated_ones():
    book, pdf = metrics.headline(parsed("shifan-transport-2024.xlsx")), metrics.headline(parsed(TRANSPORT))
    for field in ("income_total", "expenditure_total", "basic", "project", "gp_actual", "sangong_actual", "admin_cost"):
        assert (getattr(book, field).amount, getattr(book, field).basis) == (getattr(pdf, field).amount, getattr(pdf, field).basis)
    assert not book.change.known and not book.gp_budget.known
    assert book.gp_budget.missing == NOT_LISTED


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_items_are_the_sources_and_classes_of_table_01(name):
    report, t = parsed(name), _facts(name)
    for side in ("收入", "支出"):
        items = metrics.side_items(report, side)
        expected = {k.split(".", 2)[2]: f["value"] for k, f in t.items()
                    if k.startswith(f"公开01.{side}.") and k.count(".") == 2 and k.split(".")[2] not in TOTALS_01}
        got = {i.name: i.value.amount for i in items if i.value.number}
        assert got == pytest.approx(expected)
        assert all(i.value.keys == (f"公开01.{side}.{i.name}",) and i.value.basis == ALL_FUNDS for i in items)
        assert not {i.name for i in items} & TOTALS_01


def test_class_names_and_their_general_budget_outturn():
    report, t = parsed(SEED), _facts(SEED)
    classes = {k.split(".")[1] for k in t if k.startswith("说明.") and k.endswith(".占比")}
    assert metrics.class_names(report) == classes
    for name in classes:
        # no 公开05: 公开04's 一般公共预算财政拨款 column is what the class's 年初预算 is compared with
        outturn = metrics.value_of(report, metrics.class_outturn(name))
        _assert_fact(outturn, t[f"公开04.支出.{name}.一般公共预算财政拨款"], GENERAL_BUDGET)


def test_class_outturn_prefers_table_05():
    report, t = parsed(TRANSPORT), _facts(TRANSPORT)
    outturn = metrics.value_of(report, metrics.class_outturn("交通运输支出"))
    _assert_fact(outturn, t["公开05.214.合计"], GENERAL_BUDGET)
    # 公开01 prints 4,247.25 for this class (a planted error); 公开05/04 agree on 4,237.25
    assert outturn.amount == pytest.approx(t["公开04.支出.交通运输支出.一般公共预算财政拨款"]["value"])


def test_a_report_printed_in_yuan_is_converted_to_wan_exactly():
    report = copy.deepcopy(parsed(SEED))
    report.header.money_unit = "元"
    report.tables["公开01"].row("收入.本年收入合计").cells[""].value = Decimal("2729300.49")
    income = metrics.headline(report).income_total
    assert income.number == Decimal("272.930049") and income.amount == 272.93
    rate = metrics.headline(report).change_rate
    assert rate.amount == _facts(SEED)["说明.收支总计.较上年增减率"]["value"]  # rates are not money


def test_an_unreliable_table_is_unreadable_never_the_prose_behind_it():
    report = copy.deepcopy(parsed(TRANSPORT))
    report.tables["公开03"].unreliable = "合计行与各行之和不符"
    h = metrics.headline(report)
    for value in (h.basic, h.project):  # the prose states both; the table that carries them decides
        assert not value.known and value.unreadable and value.missing == UNREADABLE
        assert value.keys == ("公开03",) and value.basis == ALL_FUNDS
    assert h.income_total.known  # other tables are not affected


def test_an_unread_cell_is_unreadable_and_a_printed_zero_is_zero():
    report = copy.deepcopy(parsed(TRANSPORT))
    t09 = report.tables["公开09"]
    t09.row("决算数").cells["合计"].value = None
    t09.row("决算数").cells["合计"].text = "5?.16"
    t09.row("预算数").cells["合计"].value = Decimal("0.00")
    t09.row("预算数").cells["合计"].text = "0.00"
    h = metrics.headline(report)
    assert h.sangong_actual.missing == UNREADABLE and h.sangong_actual.keys == ("公开09.决算数.合计",)
    assert h.sangong_budget.known and h.sangong_budget.number == 0 and h.sangong_budget.amount == 0.0


def test_a_blank_cell_falls_back_and_nothing_at_all_is_not_listed():
    report = copy.deepcopy(parsed(TRANSPORT))
    cell = report.tables["公开09"].row("决算数").cells["合计"]
    cell.value, cell.text = None, "—"  # blank: the prose's figure is next
    assert metrics.headline(report).sangong_actual.keys == ("说明.三公经费.决算",)
    report.figures = [f for f in report.figures if f.subject != "三公经费"]
    value = metrics.headline(report).sangong_actual
    assert not value.known and not value.unreadable and value.missing == NOT_LISTED


def _library_facts(report) -> metrics.Facts:
    """What the library path sees of a report: its fact rows (as stored) and the unreadable keys
    of its stored model."""
    exported = report_facts(report)
    rows = [{"key": f["key"], "value": Decimal(str(f["value"])) if isinstance(f["value"], (int, float)) else f["value"],
             "page": f.get("page")} for f in exported["facts"]]
    stored = json.loads(json.dumps(report_to_dict(report), ensure_ascii=False))
    return metrics.Facts.of_rows(rows, exported["money_unit"], unreadable_keys(stored))


@pytest.mark.parametrize("name", corpus_documents())
def test_fact_rows_read_every_measure_as_the_model_does(name):
    report = parsed(name)
    model, rows = metrics.Facts.of_report(report), _library_facts(report)
    for measure in (*metrics.HEADLINE, metrics.GRAND_INCOME, metrics.APPROPRIATION_INCOME, metrics.PERSONNEL):
        assert metrics.read(rows, measure) == metrics.read(model, measure), (name, measure.name)
    assert metrics.items(rows, "支出") == metrics.items(model, "支出")


def test_fact_rows_see_an_unreliable_table_and_an_unread_cell():
    report = copy.deepcopy(parsed(TRANSPORT))
    report.tables["公开03"].unreliable = "合计行与各行之和不符"
    cell = report.tables["公开01"].row("收入.本年收入合计").cells[""]
    cell.value, cell.text = None, "4,79З.38"
    model, rows = metrics.Facts.of_report(report), _library_facts(report)
    for measure in (metrics.BASIC, metrics.INCOME):
        assert metrics.read(rows, measure) == metrics.read(model, measure)
        assert metrics.read(rows, measure).missing == UNREADABLE

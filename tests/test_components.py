"""The dashboard's pure parts — number formatting, data extraction, figure builders, finding
marks, raw tables — on real parsed corpus documents, without Streamlit."""
from __future__ import annotations

import io
from decimal import Decimal
from html import escape as html_escape

import openpyxl
import pandas as pd
import pytest

from components import figures, page_data, rawtable, theme
from components.fmt import md_escape, pct, signed_wan, wan
from components.marks import FindingIndex
from components.overview_text import lead_sentence, problem_line
from juesuan import review
from juesuan.budget_items import budget_items
from juesuan.checks import Finding, run_checks
from juesuan.export.slides import build_slides
from tests.corpus import parsed, truth


def facts(name: str) -> dict:
    return {f["key"]: f["value"] for f in truth(name)["facts"]}


# ---------------------------------------------------------------- formatting

def test_amounts_read_as_wan_with_two_decimals_and_thousands_separators():
    assert wan(Decimal("4793.38")) == "4,793.38 万元"
    assert wan(0) == "0.00 万元"
    assert wan(1234567.891, unit=False) == "1,234,567.89"
    assert wan(None) == "—" and wan(float("nan")) == "—"
    assert signed_wan(-264.73) == "-264.73 万元" and signed_wan(12.3) == "+12.30 万元"
    assert pct(94.281) == "94.28%"


def test_report_text_is_made_inert_for_markdown():
    escaped = md_escape("<script>alert(1)</script>**粗体** [链接](http://x)")
    assert "<script>" not in escaped
    assert "\\*\\*粗体\\*\\*" in escaped
    assert "\\[链接\\]\\(http" in escaped


# ---------------------------------------------------------------- extraction

@pytest.mark.parametrize("name", ["yangquan-2024.pdf", "shifan-transport-2024.pdf", "shifan-datacenter-2024.pdf"])
def test_headline_numbers_match_the_truth(name):
    h, t = page_data.headline(parsed(name)), facts(name)
    assert h.income_total.amount == pytest.approx(t["公开01.收入.本年收入合计"])
    assert h.expenditure_total.amount == pytest.approx(t["公开01.支出.本年支出合计"])
    assert h.expenditure_total.keys == ("公开01.支出.本年支出合计",)
    assert h.change.amount == pytest.approx(t["说明.收支总计.较上年增减"])
    assert h.gp_completion.amount == pytest.approx(t["说明.一般公共预算.完成率"])
    assert h.basic.amount + h.project.amount == pytest.approx(h.expenditure_total.amount, abs=0.02)


def test_yangquan_without_function_tables_falls_back_to_classes_of_table_01():
    report = parsed("yangquan-2024.pdf")
    assert page_data.expenditure_tree(report).empty  # 公开02/03/05 are missing from this report
    classes = page_data.expenditure_by_class(report).set_index("名称")["金额"]
    t = facts("yangquan-2024.pdf")
    assert classes.to_dict() == pytest.approx({k.split(".")[-1]: v for k, v in t.items()
                                               if k.startswith("公开01.支出.") and k.count(".") == 2
                                               and "合计" not in k and "总计" not in k and v})


def test_tree_levels_add_up():
    tree = page_data.expenditure_tree(parsed("shifan-transport-2024.pdf"))
    assert set(tree["级次"]) == {"类", "款", "项"}
    for _, row in tree[tree["级次"] != "项"].iterrows():
        children = tree[tree["上级"] == row["编码"]]
        assert children["金额"].sum() == pytest.approx(row["金额"], abs=0.02), row["编码"]
    assert tree[tree["级次"] == "类"]["金额"].sum() == pytest.approx(4793.38, abs=0.02)


def test_budget_execution_and_year_on_year_come_from_the_narrative():
    report, t = parsed("shifan-transport-2024.pdf"), facts("shifan-transport-2024.pdf")
    execution = page_data.budget_execution(report).set_index("名称")
    yoy = page_data.year_on_year(report).set_index("名称")
    for subject in execution.index:
        assert execution.loc[subject, "年初预算"] == pytest.approx(t[f"说明.{subject}.年初预算"])
        assert execution.loc[subject, "完成率"] == pytest.approx(t[f"说明.{subject}.完成率"])
    for subject in yoy.index:
        assert yoy.loc[subject, "增减"] == pytest.approx(t[f"说明.{subject}.较上年增减"])
        assert yoy.loc[subject, "上年"] == pytest.approx(yoy.loc[subject, "本年"] - yoy.loc[subject, "增减"])
    assert len(execution) == 4 and len(yoy) == 4


def test_year_on_year_from_the_previous_report_when_the_prose_is_silent():
    now, before = parsed("shifan-transport-2024.xlsx"), parsed("shifan-datacenter-2023.pdf")
    assert page_data.year_on_year(now).empty  # a workbook has no prose
    # any report with classes serves as "last year": the classes both have are compared
    yoy = page_data.year_on_year(now, before)
    shared = set(page_data.expenditure_by_class(now)["名称"]) & set(page_data.expenditure_by_class(before)["名称"])
    assert set(yoy["名称"]) == shared and (yoy["来源"] == "上年报告").all()


def test_sangong_zero_state_and_items():
    zero = page_data.sangong(parsed("yangquan-2024.pdf"))
    assert page_data.sangong_is_zero(zero)
    items = page_data.sangong(parsed("shifan-transport-2024.pdf")).set_index("项目")
    assert items.loc["公务接待费", "决算数"] == pytest.approx(4.37)
    assert items.loc["合计", "预算数"] == pytest.approx(60.0)


def test_reasons_are_the_reports_own_sentences():
    report = parsed("yangquan-2024.pdf")
    names = list(page_data.budget_execution(report)["名称"])
    said = page_data.narrative_sentences(report, "住房保障支出", "上年", names)
    assert said and all("上年" in s for s in said) and "原因" in said[0]
    budget = page_data.narrative_sentences(report, "住房保障支出", "预算", names)
    assert budget and "127.57%" in budget[0]


@pytest.mark.parametrize("target,actual,met", [
    ("≥300个", "326个", "达成"), ("≥99%", "98.5%", "未达成"), ("≤15万元", "14.6万元", "达成"),
    ("≤15万元", "15.2万元", "未达成"), ("保障", "保障", "达成"), ("2024年11月底前", "按设计标准建设", ""),
    ("100%", "完成", "达成"),
])
def test_indicator_met(target, actual, met):
    assert page_data.indicator_met(target, actual) == met


def test_project_cards():
    cards = {c.name: c for c in page_data.projects(parsed("yangquan-2024.pdf"))}
    card = cards["国库集中支付运行经费"]
    assert card.score.amount == pytest.approx(97.6) and card.grade == "优"
    assert card.rate.amount == pytest.approx(76.0)
    assert not card.indicators.empty and sum(card.weights.values()) > 0
    assert page_data.grade_for(59.9) == "差" and page_data.grade_for(90) == "优"


# ---------------------------------------------------------------- figures

def test_ranked_bars_amounts_and_shares():
    df = page_data.expenditure_by_class(parsed("yangquan-2024.pdf"))
    fig = figures.ranked_bars(df, "支出", share=False)
    assert sorted(fig.data[0].x) == sorted(df["金额"])
    shares = figures.ranked_bars(df, "支出", share=True).data[0].x
    assert sum(shares) == pytest.approx(100)
    assert fig.layout.template.layout.font.family.startswith('"Noto Sans CJK SC"')
    marked = figures.ranked_bars(df, "支出", marks={"卫生健康支出": theme.SEVERITY_COLORS["错误"]})
    assert any("卫生健康支出" in y and theme.MARK_GLYPH in y for y in marked.data[0].y)


def test_treemap_is_built_on_codes():
    tree = page_data.expenditure_tree(parsed("shifan-transport-2024.pdf"))
    fig = figures.hierarchy(tree, "树")
    trace = fig.data[0]
    assert trace.branchvalues == "total"
    ids = set(trace.ids)
    assert all(p == "" or p in ids for p in trace.parents)


def test_waterfall_runs_from_last_year_to_this_year():
    yoy = page_data.year_on_year(parsed("yangquan-2024.pdf"))
    start = float(yoy["上年"].sum())
    fig = figures.waterfall("上年", start, yoy, "本年", "变化")
    trace = fig.data[0]
    assert list(trace.measure) == ["absolute"] + ["relative"] * len(yoy) + ["total"]
    assert trace.text[-1] == f"{start + yoy['增减'].sum():,.2f}"
    assert start + yoy["增减"].sum() == pytest.approx(yoy["本年"].sum(), abs=0.02)


def test_budget_vs_actual_colours_over_and_under_runs():
    execution = page_data.budget_execution(parsed("yangquan-2024.pdf"))
    fig = figures.budget_vs_actual(execution, "预算")
    names = {t.name: list(t.x) for t in fig.data}
    assert names["决算（未达预算）"] == ["一般公共服务支出"]  # 229.43 of 249.73
    assert "住房保障支出" in names["决算（超出预算）"]  # 10.41 of 8.16
    done = figures.completion(execution, "完成率")
    assert any(shape.x0 == 100 for shape in done.layout.shapes)


def test_gauge_and_findings_chart():
    gauge = figures.score_gauge(97.6, "优")
    assert gauge.data[0].value == 97.6 and "优" in gauge.data[0].title.text
    counts = pd.DataFrame({"类别": ["表内", "表内"], "严重程度": ["错误", "提示"], "数量": [2, 1]})
    fig = figures.findings_overview(counts, "发现")
    assert {t.name: t.marker.color for t in fig.data} == {"错误": theme.SEVERITY_COLORS["错误"],
                                                           "提示": theme.SEVERITY_COLORS["提示"]}


# ---------------------------------------------------------------- findings and raw tables

def test_marks_take_the_worst_severity():
    findings = [
        Finding("a", "表内", "提示", "差0.01", facts=["公开06.301"], values={"左": 110.34, "右": 110.33}, id="aaa"),
        Finding("b", "表文", "错误", "不一致", facts=["公开06.301", "说明.基本支出.合计"], id="bbb"),
        Finding("c", "表表", "错误", "因此不一致", facts=["公开06.301", "公开06.302"], id="ccc", group="bbb"),
    ]
    index = FindingIndex(findings)
    mark = index.mark(["公开06.301"])
    assert mark.severity == "错误" and mark.ids == ("aaa", "bbb")  # stable ids, never list positions
    assert index.mark(["公开06.302"]) is None  # a knock-on finding marks nothing of its own
    assert index.mark(["公开01.收入.总计"]) is None


def test_raw_table_html_escapes_text_and_marks_cells():
    report = parsed("yangquan-2024.pdf")
    table = report.table("公开06")
    result = run_checks(report)
    index = FindingIndex(result.findings)
    html = rawtable.table_html(table, index)
    marked = [k for row in page_data.table_keys(table) for k in row if index.mark([k])]
    assert marked and html.count('title="') == len(marked)
    assert "工资福利支出" in html and "<script" not in html
    # why a cell is marked stands beside it, in its row, not only in a tooltip
    assert rawtable.REASON_COLUMN in html
    for key in marked:
        for message in index.mark([key]).messages:
            assert html_escape(problem_line(message)) in html
    table.rows[0].label = "<script>alert(1)</script>"
    assert "&lt;script&gt;" in rawtable.table_html(table, index)


def test_downloads_hold_every_table():
    report = parsed("shifan-transport-2024.pdf")
    book = openpyxl.load_workbook(io.BytesIO(rawtable.excel_bytes(report)))
    assert set(book.sheetnames) == set(report.tables)
    csv = rawtable.csv_bytes(report.table("公开09")).decode("utf-8-sig")
    assert "4.37" in csv and "公务接待费" in csv


def test_lead_sentence_states_the_numbers_and_the_problems():
    report = parsed("shifan-transport-2024.pdf")
    findings = run_checks(report).findings
    text = lead_sentence(report.header.year, page_data.headline(report), review.problem_counts(findings))
    assert text.startswith("2024年度本年支出4,793.38 万元")
    assert "收支总计较上年增加5.67%" in text and "完成年初预算的97.06%" in text
    assert text.endswith("自动审核发现4个问题，其中错误4个。")
    assert text.count("。") == 1, "one sentence"


def test_lead_sentence_does_not_judge_a_completion_rate_over_a_zero_budget():
    # 社会工作部 states 年初预算为0万元 yet 完成年初预算的95.89%
    report = parsed("real/shanghai-putuo-shehuigongzuobu-2024.pdf")
    head = page_data.headline(report)
    assert head.gp_budget.known and head.gp_budget.amount == 0
    text = lead_sentence(report.header.year, head, review.problem_counts(run_checks(report).findings))
    assert "年初预算为0" in text and "95.89" not in text


def test_problem_line_keeps_the_first_sentence_with_its_amounts():
    report = parsed("shifan-transport-2024.pdf")
    primary = next(f for f in review.ranked_problems(run_checks(report).findings) if f.rule == "表表.10-06")
    line = problem_line(primary.message)
    assert "190.99万元" in line and "187.87万元" in line and "请核对" not in line


def test_budget_per_item_where_the_prose_gives_it_per_item():
    """The Shanghai layout states 年初预算 per 项: 预算执行 shows them, the outturn from 公开05."""
    report = parsed("real/shanghai-putuo-guihuaziyuan-2024.pdf")
    items = budget_items(report)
    assert len(items) >= 10
    prose = "".join(s.text for s in report.sections)
    t05 = report.table("公开05")
    for item in items:
        assert "（项）" in prose and f"年初预算为{item.budget.number:.2f}万元" in prose
        if item.outturn.keys:  # read from the table, not from the sentence
            row = t05.row(item.outturn.keys[0].split(".")[1])
            assert row.label == item.name and item.outturn.number == row.value("合计")
    assert sum(1 for i in items if i.outturn.keys) >= len(items) // 2
    execution = page_data.budget_execution(report)
    assert list(execution["名称"]) == [i.name for i in items]
    slide = next(s for s in build_slides(report) if s.key == "budget")
    assert slide.chart is not None and len(slide.chart.categories) >= 2


def test_no_budget_items_where_the_prose_gives_budgets_per_class():
    assert budget_items(parsed("yangquan-2024.pdf")) == []

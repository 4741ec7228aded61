"""Each review rule on a small hand-made report: silent where the numbers agree, one finding
of the right severity where one number is broken."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.checks import ERROR, FOUND, NOT_APPLICABLE, NOT_RUN, NOTE, PASSED, RULES, WARNING, run_checks
from juesuan.checks.cli import add_check_command
from juesuan.model import Paragraph, Section

from .test_checks_models import FIGURES, TABLE_FACTS, consistent_report, previous_report, set_fact, set_figure


def _prose(report, title, text, part="情况说明"):
    report.sections.append(Section(title, part, [Paragraph(text, 21)]))


def _usage_items(report, second_use="住房公积金缴存支出"):
    _prose(report, "（三）具体情况（续）",
           "7、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。主要用于：事业单位医疗保险支出。"
           f"8、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：{second_use}。")


def _line_numbers(report, skip=None):
    count = len(report.tables["公开10"].rows)
    report.tables["公开10"].line_numbers = [i + 1 if skip is not None and i >= skip else i for i in range(1, count + 1)]


def _stated_twice(report, value="80.00"):
    set_fact(report, "公开01.收入.事业收入", None)
    set_fact(report, "公开01.收入.年初结转和结余", None)
    set_figure(report, "基本支出", "合计", value)
    set_figure(report, "支出", "基本支出", "80.00")


def _no_note(report):
    report.tables["公开08"].no_data_note = None


def _drop_project_score(report):
    report.projects[0].score.value = None
    report.projects[0].score.text = ""


def _blank_template(report):
    for table in report.tables.values():
        for row in table.rows:
            for cell in row.cells.values():
                cell.text, cell.value = "", None
    report.figures = []


def _drop_unlisted(report, table_id="公开06"):
    report.tables.pop(table_id)
    report.toc = [e for e in report.toc if e.table_id != table_id]


def _relabel(report, table_id, code, label):
    next(r for r in report.tables[table_id].rows if r.code == code).label = label


# rule id → (setup making the rule run and pass, mutation breaking it, expected severity)
CASES = {
    "文档.模板未填写": (None, _blank_template, ERROR),
    "文档.必备表格": (None, _drop_unlisted, WARNING),
    "表内.负数": (None, lambda r: set_fact(r, "公开10.国有资产.其他用车", "-1"), ERROR),
    "表内.三公超预算": (None, lambda r: set_fact(r, "公开09.决算数.公务接待费", "3.00"), WARNING),
    "表内.科目编码名称": (None, lambda r: _relabel(r, "公开03", "221", "卫生健康支出"), ERROR),
    "绩效.执行率上限": (None, lambda r: setattr(r.projects[0].execution_rate, "value", Decimal("105.00")), WARNING),
    "文内.预算对比用词": (lambda r: _prose(r, "九、三公经费（续）", "公务接待费预算2.00万元，决算2.00万元，决算数与预算数持平。"),
                   lambda r: _prose(r, "九、三公经费（续）", "因公出国（境）费预算2.00万元，决算1.00万元，决算数大于预算数。"),
                   ERROR),
    "表内.01收支合计": (None, lambda r: set_fact(r, "公开01.支出.住房保障支出", "35.00"), ERROR),
    "表内.01总计": (None, lambda r: set_fact(r, "公开01.收入.总计", "131.00"), ERROR),
    "表内.合计列": (None, lambda r: set_fact(r, "公开03.221.项目支出", "5.01"), NOTE),
    "表内.科目层级": (None, lambda r: set_fact(r, "公开02.201.事业收入", "21.00"), ERROR),
    "表内.04": (None, lambda r: set_fact(r, "公开04.收入.总计", "106.00"), ERROR),
    "表内.06": (None, lambda r: set_fact(r, "公开06.30101", "30.01"), NOTE),
    "表内.09": (None, lambda r: set_fact(r, "公开09.决算数.合计", "9.00"), ERROR),
    "表内.10": (None, lambda r: set_fact(r, "公开10.国有资产.车辆数合计", "3"), ERROR),
    "文档.行次连续": (_line_numbers, lambda r: _line_numbers(r, skip=5), NOTE),
    "表表.01-02": (None, lambda r: set_fact(r, "公开02.合计.事业收入", "19.00"), ERROR),
    "表表.01-03": (None, lambda r: set_fact(r, "公开03.221.本年支出合计", "25.01"), NOTE),
    "表表.01-04": (None, lambda r: set_fact(r, "公开04.收入.一般公共预算财政拨款", "99.00"), ERROR),
    "表表.03-05": (None, lambda r: set_fact(r, "公开05.221.项目支出", "6.00"), ERROR),
    "表表.04-05": (None, lambda r: set_fact(r, "公开05.221.合计", "25.50"), ERROR),
    "表表.04-07/08": (None, lambda r: set_fact(r, "公开04.支出.本年支出合计.政府性基金预算财政拨款", "3.00"), ERROR),
    "表表.05-06": (None, lambda r: set_fact(r, "公开05.合计.人员经费", "61.00"), ERROR),
    "表表.10-06": (None, lambda r: set_fact(r, "公开10.机关运行经费.行政单位", "9.00"), ERROR),
    "表表.09-10车辆": (None, lambda r: set_fact(r, "公开10.国有资产.车辆数合计", "0"), WARNING),
    "表表.06-09": (None, lambda r: set_fact(r, "公开06.30217", "2.50"), ERROR),
    "表文.金额": (None, lambda r: set_figure(r, "三公经费", "公务接待费", "2.30"), ERROR),
    "表文.占比": (None, lambda r: set_figure(r, "支出", "基本支出占比", "69.65"), ERROR),
    "表文.单位性质": (None, lambda r: setattr(r.header, "unit_type", "公益一类事业单位"), WARNING),
    "表文.列举无金额": (None, lambda r: _prose(r, "六、基本支出决算情况说明（续）",
                                          "公用经费10.00万元，主要包括办公费、劳务费。"), WARNING),
    "表文.空表与说明": (None, lambda r: _prose(r, "四、政府性基金预算财政拨款收支决算情况说明", "本年支出3.00万元。"), ERROR),
    "表文.科目名称": (None, lambda r: _prose(r, "（三）具体情况（续）", "住房保障支出（类）住房保障支出（款）。"), WARNING),
    "表文.科目用途": (_usage_items, lambda r: _usage_items(r, "事业单位医疗保险支出"), WARNING),
    "文内.增减方向": (None, lambda r: _prose(r, "三、支出", "较上年决算增加5.00万元，下降7.14%。"), ERROR),
    "文内.持平": (None, lambda r: _prose(r, "（一）机关运行经费（续）", "与上年持平，增加2.00万元。"), ERROR),
    "文内.零基数": (None, lambda r: _prose(r, "（三）具体情况（续）",
                                       "年初预算为0万元，全年预算为20.00万元，支出决算为19.00万元，完成年初预算的95.00%。"),
                 ERROR),
    "文内.百分号": (None, lambda r: _prose(r, "（一）总体情况", "占本年支出合计的86.96。"), WARNING),
    "文内.完成率原文": (None, lambda r: _prose(r, "（一）具体情况（续）",
                                          "公务接待费年初预算2.00万元，支出决算1.50万元，完成年初预算的70.00%。"), ERROR),
    "文内.完成率": (None, lambda r: set_figure(r, "一般公共预算", "完成率", "92.91"), ERROR),
    "文内.增减率": (None, lambda r: set_figure(r, "收支总计", "较上年增减率", "7.69"), ERROR),
    "文内.增减率原文": (None, lambda r: _prose(r, "（一）机关运行经费（续）",
                                          "2024年机关运行经费支出10.00万元，比2023年度减少2.00万元，下降20.00%。"), ERROR),
    "文内.前后一致": (_stated_twice, lambda r: _stated_twice(r, "80.01"), WARNING),
    "文内.分项合计": (None, lambda r: set_figure(r, "三公经费", "决算", "8.50"), ERROR),
    "文内.明细合计": (None, lambda r: _prose(r, "（三）其他", "年初预算30.00万元。年初预算20.00万元。年初预算10.01万元。"),
                   NOTE),
    "文内.中小企业": (None, lambda r: _prose(r, "（二）政府采购", "政府采购支出总额12.00万元。由中小企业供应商中标或成交的，"
                                               "采购金额8.00万元；其他项目中，由中小企业供应商中标或成交的，采购金额8.00万元。"),
                   ERROR),
    "文档.占位符": (None, lambda r: _prose(r, "九、三公经费（续）", "较上年下降（增长）XX%。"), WARNING),
    "文档.金额单位": (None, lambda r: _prose(r, "六、基本支出决算情况说明（续）", "公用经费10.00元。"), WARNING),
    "文档.章节编号": (None, lambda r: _prose(r, "十二、其他", "无。"), NOTE),
    "文档.目录": (None, lambda r: r.tables.pop("公开03"), ERROR),
    "文档.单位名称": (None, lambda r: setattr(r.tables["公开05"], "unit_name", "测试市财政局"), WARNING),
    "文档.年度金额单位": (None, lambda r: setattr(r.tables["公开06"], "year", 2023), ERROR),
    "文档.空表说明": (None, _no_note, WARNING),
    "文档.名词解释多余文字": (None, lambda r: _prose(r, "第四部分名词解释", "无", part="名词解释"), NOTE),
    "文字.重复词": (None, lambda r: _prose(r, "（三）具体情况（续）", "主要用于用于机关运转。"), WARNING),
    "文字.等级用词": (None, lambda r: setattr(r.projects[0], "scoring_note", "60分以下为量。"), WARNING),
    "绩效.执行率": (None, lambda r: setattr(r.projects[0].execution_rate, "value", Decimal("95.00")), ERROR),
    "绩效.执行率得分": (None, lambda r: r.projects[0].part_scores.update({"预算执行率": Decimal(10)}), ERROR),
    "绩效.总分": (None, lambda r: setattr(r.projects[0].score, "value", Decimal("92.50")), ERROR),
    "绩效.权重": (None, lambda r: r.projects[0].header_weights.update({"产出指标": Decimal(60)}), ERROR),
    "绩效.等级": (None, lambda r: setattr(r.projects[0], "grade", "良"), ERROR),
    "绩效.说明与自评表": (None, lambda r: set_figure(r, "绩效自评", "涉及资金", "60.00"), WARNING),
    "跨年.较上年": (None, lambda r: set_figure(r, "住房保障支出", "较上年增减", "3.50"), ERROR),
}


def _run(setup=None, mutate=None):
    report = consistent_report()
    if setup:
        setup(report)
    if mutate:
        mutate(report)
    return run_checks(report, previous_report())


def test_every_rule_has_a_case():
    assert {r.id for r in RULES} == set(CASES)


def test_consistent_report_has_no_findings():
    result = _run()
    assert result.findings == []
    others = {c.rule: c.status for c in result.coverage if c.status != PASSED}
    # what the small report truly lacks, and the one check whose wording it does not use
    assert others == {"文内.预算对比用词": NOT_APPLICABLE, "文内.前后一致": NOT_APPLICABLE,
                      "文档.行次连续": NOT_APPLICABLE, "表文.科目用途": NOT_RUN}
    assert all(c.reason for c in result.coverage if c.status != PASSED)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_on_agreeing_numbers(rule_id):
    setup, _, _ = CASES[rule_id]
    result = _run(setup)
    assert [f for f in result.findings if f.rule == rule_id] == []
    assert {c.rule: c.status for c in result.coverage}[rule_id] == PASSED


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_the_broken_number(rule_id):
    setup, mutate, severity = CASES[rule_id]
    result = _run(setup, mutate)
    mine = [f for f in result.findings if f.rule == rule_id]
    assert mine, f"{rule_id} did not fire"
    assert {f.severity for f in mine} == {severity}
    outcome = {c.rule: c for c in result.coverage}[rule_id]
    assert outcome.status == FOUND and outcome.findings == len(mine)
    for f in mine:
        assert f.message and f.family == rule_id.split(".")[0] or rule_id == "文档.行次连续"
        assert f.values and all(isinstance(v, (int, float, str)) for v in f.values.values())
        assert f.pages and all(isinstance(p, int) for p in f.pages)


def test_finding_names_both_sides_and_the_difference():
    result = _run(None, lambda r: set_fact(r, "公开01.支出.住房保障支出", "35.00"))
    f = next(f for f in result.findings if f.rule == "表内.01收支合计")
    assert f.values == {"左": 115, "右": 125, "差额": -10}
    assert "公开01.支出.本年支出合计" in f.facts and "公开01.支出.住房保障支出" in f.facts
    assert f.pages == [3]


def test_rounding_tolerance_grows_with_the_number_of_items():
    # 302 = 30201 + 30217 + 30231 (+ blank 30226): 0.02 off over the items is rounding …
    result = _run(None, lambda r: set_fact(r, "公开06.30201", "6.02"))
    assert {f.severity for f in result.findings if f.rule == "表内.06"} == {NOTE}
    # … 0.02 between two amounts is rounding too (primer: 0.01–0.02 in a sum), 0.03 is not.
    result = _run(None, lambda r: set_fact(r, "公开03.221.本年支出合计", "25.02"))
    assert {f.severity for f in result.findings if f.rule == "表表.01-03"} == {NOTE}
    result = _run(None, lambda r: set_fact(r, "公开03.221.本年支出合计", "25.03"))
    assert {f.severity for f in result.findings if f.rule == "表表.01-03"} == {ERROR}


def test_missing_table_makes_rules_not_run_with_a_reason():
    result = _run(None, lambda r: r.tables.pop("公开05"))
    outcome = {c.rule: c for c in result.coverage}
    assert outcome["表表.05-06"].status == NOT_RUN and "公开05" in outcome["表表.05-06"].reason
    assert outcome["表内.06"].status == PASSED


def test_empty_table_is_not_applicable():
    def empty09(r):
        r.tables["公开09"].no_data = True
    outcome = {c.rule: c for c in _run(None, empty09).coverage}
    assert outcome["表内.09"].status == NOT_APPLICABLE


def test_growth_over_zero_base():
    def new_unit(r):
        set_figure(r, "机关运行经费", "较上年增减", "10.00")
        set_figure(r, "机关运行经费", "较上年增减率", "100.00")
    fs = [f for f in _run(None, new_unit).findings if f.rule == "文内.增减率"]
    assert [f.severity for f in fs] == [NOTE]  # the customary "增长100%" of a new unit

    def odd_rate(r):
        new_unit(r)
        set_figure(r, "机关运行经费", "较上年增减率", "50.00")
    assert [f.severity for f in _run(None, odd_rate).findings if f.rule == "文内.增减率"] == [ERROR]


def test_json_and_text_output():
    result = _run(None, lambda r: set_figure(r, "三公经费", "公务接待费", "2.30"))
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert set(data) == {"findings", "coverage"}
    f = data["findings"][0]
    assert set(f) == {"rule", "family", "severity", "message", "facts", "values", "pages", "id", "group"}
    assert len(data["coverage"]) == len(RULES)
    text = result.format_text()
    assert "【表文】" in text and "[错误]" in text and "无法运行" in text.splitlines()[0]


def test_clean_summary_counts_checks_that_could_not_run():
    result = _run()
    first = result.format_text().splitlines()[0]
    assert result.count(NOT_RUN) >= 1  # 表文.科目用途: no “（项）。主要用于” items here
    assert first.startswith("已运行的") and "未发现问题" in first and f"无法运行{result.count(NOT_RUN)}项" in first


def test_check_command(tmp_path, capsys):
    import argparse

    from .corpus import corpus_file

    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command")
    add_check_command(sub)
    args = ap.parse_args(["check", str(corpus_file("shifan-transport-2024.pdf")), "--json"])
    assert args.run(args) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(f["severity"] == ERROR for f in data["findings"])
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    args = ap.parse_args(["check", str(empty)])
    assert args.run(args) == 2
    assert "无法读取" in capsys.readouterr().err
    args = ap.parse_args(["check", "--rules"])
    assert args.run(args) == 0
    listing = capsys.readouterr().out
    assert all(r.id in listing for r in RULES)


def test_rounding_allowance_is_capped_and_counts_only_printed_items():
    # 0.04 over 公开06 302's three printed items (30226 is blank) is more than rounding …
    result = _run(None, lambda r: set_fact(r, "公开06.30201", "6.04"))
    assert ERROR in {f.severity for f in result.findings if f.rule == "表内.06"}
    # … and a sum of many items still allows at most 0.05.
    def many_items(r):
        for i in range(10):
            set_fact(r, f"公开06.302{50 + i}", "0.10")
        set_fact(r, "公开06.302", "11.00")
        set_fact(r, "公开06.公用经费合计", "11.00")
        set_fact(r, "公开06.30201", "6.06")
    found = [f for f in _run(None, many_items).findings if f.rule == "表内.06"]
    assert [(f.facts[0], f.severity) for f in found] == [("公开06.302", ERROR)]


def test_a_part_never_exceeds_its_whole():
    fs = _run(None, lambda r: set_figure(r, "政府采购", "授予小微企业合同金额", "7.00")).findings
    assert [f.severity for f in fs if f.rule == "文内.分项合计"] == [ERROR]
    fs = _run(None, lambda r: set_figure(r, "政府采购", "授予中小企业占比", "100.50")).findings
    assert ERROR in {f.severity for f in fs if f.rule == "表文.占比"}


def test_grade_bands_follow_the_scoring_note():
    def stricter(r):
        r.projects[0].scoring_note = "95分（含）以上为优，85-95分为良，60-85分为中，60分以下为差。"
    fs = [f for f in _run(None, stricter).findings if f.rule == "绩效.等级"]
    assert [f.values["应为"] for f in fs] == ["良"]  # 91.5 is 良 under the note's own bands


def test_rate_score_against_the_template_weight_is_only_a_warning():
    def unstated(r):
        r.projects[0].note_weights.pop("预算执行率")
        r.projects[0].scoring_note = "90分（含）以上为优，80-90分为良，60-80分为中，60分以下为差。"
        r.projects[0].part_scores["预算执行率"] = Decimal(10)
    fs = [f for f in _run(None, unstated).findings if f.rule == "绩效.执行率得分"]
    assert [f.severity for f in fs] == [WARNING]


def test_previous_year_from_its_tables_when_its_prose_is_silent():
    check = run_checks
    prev = previous_report()
    prev.figures = []
    set_fact(prev, "公开05.201.合计", "70.00")
    set_fact(prev, "公开05.221.合计", "22.00")
    report = consistent_report()
    assert [f for f in check(report, prev).findings if f.rule == "跨年.较上年"] == []
    set_figure(report, "住房保障支出", "较上年增减", "2.00")
    fs = [f for f in check(report, prev).findings if f.rule == "跨年.较上年"]
    assert [(f.severity, f.values["上年报告"]) for f in fs] == [(ERROR, 22)]


def test_all_appropriation_classes_must_equal():
    def only_appropriation(r):
        for key in ("公开01.收入.事业收入", "公开01.收入.年初结转和结余"):
            set_fact(r, key, None)
        set_fact(r, "公开01.支出.一般公共服务支出", "75.50")
    fs = [f for f in _run(None, only_appropriation).findings if f.rule == "表表.01-04"]
    assert [(f.severity, f.values["差额"]) for f in fs] == [(ERROR, 0.5)]


def test_stated_parts_add_up_to_their_stated_total():
    fs = _run(None, lambda r: set_figure(r, "基本支出", "人员经费", "61.00")).findings
    assert ERROR in {f.severity for f in fs if f.rule == "文内.分项合计" and "说明.基本支出.合计" in f.facts}
    # 基本支出 + 项目支出 short of 本年支出合计 may leave 经营支出 unstated: not an error …
    fs = _run(None, lambda r: set_figure(r, "支出", "项目支出", "30.00")).findings
    assert not [f for f in fs if f.rule == "文内.分项合计" and "说明.支出.本年支出合计" in f.facts]
    # … but parts above the total are.
    fs = _run(None, lambda r: set_figure(r, "支出", "项目支出", "40.00")).findings
    assert ERROR in {f.severity for f in fs if f.rule == "文内.分项合计" and "说明.支出.本年支出合计" in f.facts}


def test_title_with_another_year():
    fs = _run(None, lambda r: _prose(r, "第三部分", "测试市财政服务中心2023年度单位决算情况说明")).findings
    assert [f.severity for f in fs if f.rule == "文档.单位名称"] == [WARNING]


def test_an_empty_report_runs_nothing_and_says_so():
    from juesuan.model import Report

    result = run_checks(Report())
    assert result.findings == []
    assert {c.status for c in result.coverage} <= {NOT_RUN, NOT_APPLICABLE}
    assert all(c.reason for c in result.coverage)
    assert result.format_text().startswith("没有一项检查能够运行")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(TABLE_FACTS)),
                          st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False)),
                max_size=8),
       st.lists(st.tuples(st.integers(0, len(FIGURES) - 1),
                          st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False)),
                max_size=8))
def test_any_numbers_give_findings_never_a_crash(cells, figures):
    report = consistent_report()
    for key, value in cells:
        set_fact(report, key, str(value))
    for index, value in figures:
        subject, measure, _, _ = FIGURES[index]
        set_figure(report, subject, measure, str(value))
    result = run_checks(report, previous_report())
    assert len(result.coverage) == len(RULES)
    assert not [c for c in result.coverage if "出错" in c.reason]
    if cells or figures:
        json.dumps(result.to_json(), ensure_ascii=False)


@pytest.mark.parametrize("text", ["基本支出80.00万元，占69.57。", "占比69.57；", "完成年初预算的90.91，", "增长8.33。"])
def test_percentages_without_the_sign(text):
    fs = _run(None, lambda r: _prose(r, "三、支出决算情况说明（续）", text)).findings
    assert [f.severity for f in fs if f.rule == "文内.百分号"] == [WARNING]


@pytest.mark.parametrize("text", ["占69.57%。", "增长8.33万元。", "增长2个百分点。", "占地面积120.5平方米。"])
def test_numbers_that_are_not_bare_percentages(text):
    fs = _run(None, lambda r: _prose(r, "三、支出决算情况说明（续）", text)).findings
    assert [f for f in fs if f.rule == "文内.百分号"] == []


def test_text_helpers():
    from juesuan.checks.passages import levenshtein
    from juesuan.checks.rules_items import cn_number, named_subjects

    assert [cn_number(t) for t in ("一", "十", "十一", "二十", "二十三")] == [1, 10, 11, 20, 23]
    assert levenshtein("规划和自然资源局", "规划与自然资源局") == 1
    assert levenshtein("abc", "xyzuvw", limit=2) == 3
    text = "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于：退休人员支出。"
    assert [(n, lv) for n, lv, _ in named_subjects(text)] == [
        ("社会保障和就业支出", "类"), ("行政事业单位养老支出", "款"), ("行政单位离退休", "项")]


def test_one_wrong_row_is_one_finding():
    def wrong_row(r):
        for column, value in (("本年支出合计", "26.00"), ("基本支出", "21.00"), ("项目支出", "5.00")):
            set_fact(r, f"公开03.221.{column}", value)
    fs = [f for f in _run(None, wrong_row).findings if f.rule == "表内.科目层级"]
    # 221 against its 22102, and 合计 against its classes: two rows, each one finding for two columns
    assert sorted(f.facts[0] for f in fs) == ["公开03.221.本年支出合计", "公开03.合计.本年支出合计"]
    assert all(f.values["不符栏数"] == 2 and f.severity == ERROR for f in fs)


@pytest.mark.parametrize("text", ["主要用于用于机关运转。", "机关运转，，保障运行。", "这是我们的的报告。"])
def test_repeated_words_and_marks(text):
    fs = _run(None, lambda r: _prose(r, "（一）具体情况（续）", text)).findings
    assert [f.severity for f in fs if f.rule == "文字.重复词"] == [WARNING]


@pytest.mark.parametrize("text", ["常常、天天、年年如此。", "一一对应。", "十一月。", "的的确确。", "不了了之。"])
def test_reduplicated_words_are_not_typos(text):
    fs = _run(None, lambda r: _prose(r, "（一）具体情况（续）", text)).findings
    assert [f for f in fs if f.rule == "文字.重复词"] == []


def test_grade_counts_in_the_prose_match_the_attached_tables():
    def stated(r, grade="优"):
        _prose(r, "（四）预算绩效", f"绩效自评个数1个，涉及资金45.00万元：1个项目自评等级为“{grade}”。")
    assert [f for f in _run(None, stated).findings if f.rule == "绩效.说明与自评表"] == []
    fs = [f for f in _run(None, lambda r: stated(r, "良")).findings if f.rule == "绩效.说明与自评表"]
    assert [f.severity for f in fs] == [WARNING]


def test_this_years_figures_under_another_year():
    fs = _run(None, lambda r: _prose(r, "二、收入决算情况说明", "2023年度收入合计120.00万元。")).findings
    assert [f.severity for f in fs if f.rule == "文档.年度金额单位"] == [WARNING]
    fs = _run(None, lambda r: _prose(r, "二、收入决算情况说明", "收入合计比2023年度收入合计增加10.00万元。")).findings
    assert [f for f in fs if f.rule == "文档.年度金额单位"] == []


def test_item_sums_at_one_complete_level_are_errors():
    def items(r, housing="30.00"):
        _prose(r, "（二）明细", "年初预算110.00万元。一般公共服务支出（类）年初预算80.00万元。"
                             f"住房保障支出（类）年初预算{housing}万元。")
    assert [f for f in _run(None, items).findings if f.rule == "文内.明细合计"] == []
    fs = [f for f in _run(None, lambda r: items(r, "40.00")).findings if f.rule == "文内.明细合计"]
    assert [f.severity for f in fs] == [ERROR]
    # Without level marks the items may be a partial list: no verdict.
    def unmarked(r):
        _prose(r, "（二）明细", "年初预算110.00万元。甲年初预算80.00万元。乙年初预算40.00万元。")
    assert [f for f in _run(None, unmarked).findings if f.rule == "文内.明细合计"] == []


def test_score_stated_in_the_conclusion():
    from juesuan.model import Cell

    def stated(value):
        return lambda r: setattr(r.projects[0], "stated_score", Cell(value, Decimal(value), 26))
    assert [f for f in _run(None, stated("91.5")).findings if f.rule == "绩效.总分"] == []
    fs = [f for f in _run(None, stated("95")).findings if f.rule == "绩效.总分"]
    assert [f.severity for f in fs] == [ERROR]


def test_each_appropriation_kind_balances_in_04():
    def split(r, income="100.00"):
        set_fact(r, "公开04.收入.年初财政拨款结转和结余.一般公共预算财政拨款", "5.00")
        set_fact(r, "公开04.收入.一般公共预算财政拨款", income)
    def kind_findings(result):
        return [f for f in result.findings if f.rule == "表内.04" and "本年收入加年初" in f.message]
    assert kind_findings(_run(None, split)) == []
    fs = kind_findings(_run(None, lambda r: split(r, "98.00")))
    assert [(f.facts[0], f.severity) for f in fs] == [("公开04.支出.总计.一般公共预算财政拨款", ERROR)]


def test_fund_table_balances_carry_overs():
    def fund(r, closing="2.00"):
        r.tables["公开07"].no_data = False
        for column, value in (("年初结转和结余", "1.00"), ("本年收入", "5.00"), ("小计", "4.00"),
                              ("项目支出", "4.00"), ("年末结转和结余", closing)):
            set_fact(r, f"公开07.合计.{column}", value)
    def balance(result):
        return [f for f in result.findings if f.rule == "表内.合计列" and "年末结转和结余" in f.message]
    assert balance(_run(None, fund)) == []
    assert [f.severity for f in balance(_run(None, lambda r: fund(r, "3.00")))] == [ERROR]

"""Review decisions on the seed's real findings: confirm, dismiss (with a reason), correct a
misread value and see the checks change, and what a new version of the report keeps."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from juesuan.checks import run_checks
from juesuan.decisions import (
    CONFIRMED,
    DISMISSED,
    PENDING,
    ReviewError,
    Reviews,
    carried_corrections,
    carried_decisions,
    correct,
    corrected,
    decide,
    read_text,
    withdraw,
)
from tests.corpus import parsed

SEED = "yangquan-2024.pdf"


@pytest.fixture(scope="module")
def seed():
    report = parsed(SEED)
    return report, run_checks(report).findings


def _by_rule(findings, rule):
    return next(f for f in findings if f.rule == rule)


def test_a_dismissal_needs_a_reason_and_the_latest_decision_stands(seed):
    _report, findings = seed
    rounding = _by_rule(findings, "表内.06")
    with pytest.raises(ReviewError, match="理由"):
        decide(rounding, DISMISSED, "  ", "张三")
    log = [decide(rounding, CONFIRMED, "", "张三")]
    assert Reviews(log).status(rounding) == CONFIRMED
    log.append(decide(rounding, DISMISSED, "四舍五入差0.01，属合理", "李四"))
    reviews = Reviews(log)
    assert reviews.status(rounding) == DISMISSED
    assert reviews.decision(rounding).by == "李四"
    assert [r.status for r in reviews.history(rounding.id)] == [CONFIRMED, DISMISSED]  # nothing lost
    assert rounding not in reviews.active(findings) and len(reviews.active(findings)) == len(findings) - 1
    counts = reviews.counts(findings)
    assert counts == {PENDING: len(findings) - 1, CONFIRMED: 0, DISMISSED: 1}
    log.append(decide(rounding, PENDING, "", "张三"))  # taken back
    assert Reviews(log).status(rounding) == PENDING


def test_a_decision_does_not_judge_a_finding_that_now_says_something_else(seed):
    _report, findings = seed
    rounding = _by_rule(findings, "表内.06")
    reviews = Reviews([decide(rounding, DISMISSED, "舍入差异", "张三")])
    changed = dataclasses.replace(rounding, values={**rounding.values, "右": 100.0, "差额": 10.34})
    assert changed.id == rounding.id  # the same comparison …
    assert reviews.status(changed) == PENDING  # … stating another gap is to be looked at again
    assert reviews.status(rounding.to_dict()) == DISMISSED  # the library's dicts are judged alike


def test_a_correction_reruns_the_checks_on_the_corrected_value_and_keeps_the_original(seed):
    report, findings = seed
    rounding = _by_rule(findings, "表内.06")  # 301 工资福利支出 110.34 against its items' 110.33
    key = rounding.facts[0]
    fix = correct(report, key, "110.33", "原表合计有误，按明细更正", "王会计")
    assert (fix.original, fix.value, fix.by) == (read_text(report, key), "110.33", "王会计")
    fixed = corrected(report, Reviews([fix]))
    assert fixed.tables["公开06"].value("301") == Decimal("110.33")
    assert report.tables["公开06"].value("301") == Decimal("110.34")  # the report as read is kept
    again = run_checks(fixed).findings
    assert rounding.id not in {f.id for f in again}
    # the corrected figure now disagrees with the total above it: the checks say so
    (knock_on,) = [f for f in again if f.id not in {g.id for g in findings}]
    assert key in knock_on.facts and knock_on.values["右"] == 122.99

    # a narrative figure: both statements of 基本支出 agree once the first is corrected
    repeated = _by_rule(findings, "文内.前后一致")
    first = repeated.facts[0]
    fixed = corrected(report, Reviews([correct(report, first, "136.03", "", "王会计")]))
    assert repeated.id not in {f.id for f in run_checks(fixed).findings}

    # withdrawn, the figure reads as printed again
    reviews = Reviews([fix, withdraw(key, "更正有误", "王会计")])
    assert reviews.corrections == [] and corrected(report, reviews) is report


def test_a_correction_names_a_figure_of_the_report_and_a_number(seed):
    report, _ = seed
    with pytest.raises(ReviewError, match="没有"):
        correct(report, "公开01.没有这一行", "1", "", "张三")
    with pytest.raises(ReviewError, match="不是数字"):
        correct(report, "公开06.301", "一百", "", "张三")
    assert correct(report, "公开06.301", "１,１０.３３", "", "张三").value == "110.33"  # as typed on a Chinese keyboard


def test_a_correction_is_left_aside_once_the_figure_reads_otherwise(seed):
    report, _ = seed
    fix = correct(report, "公开06.301", "110.33", "", "张三")
    reread = corrected(report, Reviews([correct(report, "公开06.301", "120", "", "李四")]))
    # the report now reads 120 there (a parser that reads it differently, a new file)
    assert corrected(reread, Reviews([fix])).tables["公开06"].value("301") == Decimal("120")


def test_a_new_version_keeps_what_still_applies(seed):
    report, findings = seed
    rounding = _by_rule(findings, "表内.06")
    words = _by_rule(findings, "文字.重复词")
    fix = correct(report, "说明.支出.基本支出", "136.03", "", "王会计")
    log = [decide(rounding, DISMISSED, "舍入差异", "张三"), decide(words, CONFIRMED, "", "张三"), fix]
    previous = Reviews(log)

    # the same report again (re-imported after a parser change): everything carries over
    kept = carried_corrections(previous, 7, report)
    assert [(r.subject, r.value, r.carried_from) for r in kept] == [(fix.subject, "136.03", 7)]
    new_findings = run_checks(corrected(report, Reviews(kept))).findings
    carried = carried_decisions(previous, 7, new_findings)
    assert {(r.subject, r.status) for r in carried} == {(rounding.id, DISMISSED), (words.id, CONFIRMED)}
    assert all(r.id is None and r.by == "张三" for r in carried)

    # a corrected upload that prints the right figure: the correction no longer applies, and a
    # finding that now states another gap is not judged by the old decision
    reprinted = corrected(report, Reviews([correct(report, "说明.支出.基本支出", "136.03", "", "单位")]))
    assert carried_corrections(previous, 7, reprinted) == []
    moved = [dataclasses.replace(rounding, values={**rounding.values, "差额": 5.0}), words]
    assert [r.subject for r in carried_decisions(previous, 7, moved)] == [words.id]

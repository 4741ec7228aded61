"""Real published report: 西南大学 2023 部门决算 (WPS PDF, another province's layout): parts
numbered 一、二、三 with no 第X部分, prose in 三、决算报表说明 with sections named after the
table each explains ('（一）高等学校收支决算总表说明'), 本年收入合计 called '收入总计',
function classes stated as all-funds amounts, thousands separators.

The narrative is asserted here; its four tables are the table parser's (issue 10)."""
from __future__ import annotations

from juesuan.facts import report_facts

from .corpus import parsed, truth

PDF = "real/chongqing-swu-2023.pdf"
# facts.md's rule for two separately stated changes of the totals: the 收支 key holds the
# first (收入)'s — the truth keeps those values under 收入总计.较上年增减 in extra_facts.
_FIRST_SIDE = {"说明.收支总计.较上年增减": "说明.收支总计.收入总计.较上年增减",
               "说明.收支总计.较上年增减率": "说明.收支总计.收入总计.较上年增减率"}


def _narrative(facts: list[dict]) -> dict[str, dict]:
    return {f["key"]: f for f in facts if f["key"].startswith("说明.")}


def test_header():
    header = parsed(PDF).header
    assert (header.unit, header.year, header.money_unit) == ("西南大学", 2023, "万元")


def test_every_narrative_fact_with_its_value_and_page():
    expected = _narrative(truth(PDF)["facts"])
    got = _narrative(report_facts(parsed(PDF))["facts"])
    assert len(expected) == 31
    assert {k: (got[k]["value"], got[k]["page"]) for k in expected if k in got} == {
        k: (f["value"], f["page"]) for k, f in expected.items()}


def test_no_narrative_fact_outside_the_truth():
    """Every other figure read is one the truth lists among its extra facts, with its value."""
    known = _narrative(truth(PDF)["facts"]) | _narrative(truth(PDF)["extra_facts"])
    got = _narrative(report_facts(parsed(PDF))["facts"])
    for key, fact in got.items():
        ref = known.get(_FIRST_SIDE.get(key, key))
        assert ref is not None, (key, fact)
        assert fact["value"] == ref["value"], (key, fact["value"], ref["value"])


def test_sections_and_their_parts():
    sections = parsed(PDF).sections
    explained = [s.title for s in sections if s.part == "情况说明"]
    assert explained == ["（一）高等学校收支决算总表说明", "（二）高等学校收入决算表说明",
                         "（三）高等学校支出决算表说明", "（四）高等学校财政拨款支出决算表说明"]
    assert {s.part for s in sections} == {"概况", "情况说明", "名词解释"}


def test_organisation_read_from_its_numbered_subsection():
    assert parsed(PDF).organisation.startswith("学校部门决算反映西南大学本级")

"""The prose: sections and the figures they state (说明.<subject>.<measure>).

Corpus tests measure narrative recall against each truth file with the scorer's own logic
(shared/tools/score_facts.py when ../shared is present); the sentence tests feed
hand-written prose through the same reader-neutral path (RawDocument lines).
"""
from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from functools import cache

import pytest

from juesuan.facts import narrative_facts
from juesuan.model import Report
from juesuan.parse.narrative import parse_narrative
from juesuan.parse.narrative_rules import FUNCTION_CLASSES, topic_of
from juesuan.parse.raw import Grid, Line, RawDocument
from juesuan.parse.reader import read_document

from .corpus import ROOT, corpus_file, score

SCORER = ROOT.parent / "shared" / "tools" / "score_facts.py"
DOCUMENTS = [
    "yangquan-2024.pdf",
    "shifan-datacenter-2023.pdf",
    "shifan-datacenter-2024.pdf",
    "shifan-transport-2024.pdf",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf",
    "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
    "real/chongqing-swu-2023.pdf",
    "yangquan-2024.docx",
    "yangquan-2024.txt",
]
# shared/spec/facts.md, narrative vocabulary: subject → measures (function classes share theirs).
_CLASS_MEASURES = {"决算", "占比", "年初预算", "完成率", "较上年增减", "较上年增减率"}
VOCABULARY = {
    "收支总计": {"收入总计", "支出总计", "较上年增减", "较上年增减率"},
    "收入": {"本年收入合计"} | {f"{s}{m}" for s in ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
                             for m in ("", "占比")},
    "支出": {"本年支出合计", "基本支出", "基本支出占比", "项目支出", "项目支出占比"},
    "财政拨款": {"收入总计", "支出总计", "较上年增减", "较上年增减率"},
    "一般公共预算": {"支出", "占本年支出比", "较上年增减", "较上年增减率", "年初预算", "完成率"},
    "基本支出": {"合计", "人员经费", "公用经费"},
    "三公经费": {"预算", "决算", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"},
    "机关运行经费": {"支出", "较上年增减", "较上年增减率"},
    "政府采购": {"总额", "货物", "工程", "服务", "授予中小企业合同金额", "授予中小企业占比", "授予小微企业合同金额"},
    "国有资产": {"车辆数", "大型设备数"},
    "绩效自评": {"项目个数", "涉及资金"},
}
# Values stated outside that vocabulary, keyed as the corpus truths key them in extra_facts
# (chongqing-swu-2023): each total's own change where the prose states the two apart, and a
# part's change where its own words name it ('其中：财政拨款收入增加…').
_CHANGES = ("较上年增减", "较上年增减率")
EXTRA_VOCABULARY = {
    "收支总计": {f"{total}.{m}" for total in ("收入总计", "支出总计") for m in _CHANGES},
    "财政拨款": {f"{total}.{m}" for total in ("收入总计", "支出总计") for m in _CHANGES},
    "收入": {f"{s}.{m}" for s in ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
           for m in _CHANGES},
    "支出": {f"{s}.{m}" for s in ("基本支出", "项目支出") for m in _CHANGES},
}


@cache
def _narrative(name: str):
    path = corpus_file(name)
    return parse_narrative(read_document(path.read_bytes(), path.name))


def _score(name: str, tmp_path) -> tuple[float, list[str], list]:
    """(narrative recall, narrative keys missed, narrative keys wrong) by
    shared/tools/score_facts.py, or by tests/corpus.score where ../shared is absent."""
    truth_path = corpus_file(name.rsplit(".", 1)[0] + ".truth.json")
    _, figures = _narrative(name)
    predicted = {"facts": narrative_facts(Report(figures=figures))}
    if SCORER.exists():
        spec = importlib.util.spec_from_file_location("score_facts", SCORER)
        scorer = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(scorer)
        pred_path = tmp_path / "pred.json"
        pred_path.write_text(json.dumps(predicted, ensure_ascii=False), encoding="utf-8")
        result = scorer.score(str(truth_path), str(pred_path))
        area = result["areas"]["narrative"]
        recall, misses = area["found"] / area["truth"], result["misses"]
    else:
        result = score(json.loads(truth_path.read_text(encoding="utf-8")), predicted)
        recall, misses = result["recall"]["narrative"], result["missing"]
    narrative = [k for k in misses if k.startswith("说明.")]
    return recall, narrative, [w for w in result["wrong"] if w[0].startswith("说明.")]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corpus_narrative_recall_and_pages(name, tmp_path):
    recall, misses, wrong = _score(name, tmp_path)
    assert recall >= 0.98, misses
    assert not wrong
    truth = json.loads(corpus_file(name.rsplit(".", 1)[0] + ".truth.json").read_text(encoding="utf-8"))["facts"]
    first = {f["key"]: f for f in narrative_facts(Report(figures=_narrative(name)[1]))}
    wrong_pages = [(t["key"], t["page"], first[t["key"]].get("page")) for t in truth
                   if t["key"] in first and "page" in first[t["key"]] and first[t["key"]]["page"] != t["page"]]
    assert not wrong_pages


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corpus_figures_stay_in_the_vocabulary(name):
    sections, figures = _narrative(name)
    classes = set(FUNCTION_CLASSES)
    for fig in figures:
        allowed = _CLASS_MEASURES if fig.subject in classes else VOCABULARY.get(fig.subject, set())
        allowed = allowed | EXTRA_VOCABULARY.get(fig.subject, set())
        assert fig.measure in allowed, (fig.key, fig.quote)
        assert fig.quote and str(abs(fig.value)).split(".")[0] in fig.quote.replace(",", "")
        assert fig.section in {s.title for s in sections}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_corpus_sections_skip_contents_and_tables(name):
    sections, _ = _narrative(name)
    titles = [s.title for s in sections]
    assert len(titles) == len(set(titles)) or all(s.paragraphs for s in sections)
    explained = [s for s in sections if s.part == "情况说明"]
    assert any(topic_of(s.title)[1] == "收支总计" for s in explained)
    assert all(s.paragraphs for s in explained if s.title.startswith(("一、", "二、", "三、")))
    for s in sections:  # no footer, no dot leader, no table header line among paragraphs
        for p in s.paragraphs:
            assert not p.text.startswith("-") and "......" not in p.text and "金额单位" not in p.text


def _doc(*lines: str | tuple[str, int]) -> RawDocument:
    blocks = []
    for line in lines:
        text, page = (line, 1) if isinstance(line, str) else line
        blocks.append(Line(text, page))
    return RawDocument(blocks=blocks, kind="pdf")


def _figures(*lines) -> dict[str, list[Decimal]]:
    out: dict[str, list[Decimal]] = {}
    for fig in parse_narrative(_doc(*lines))[1]:
        out.setdefault(fig.key, []).append(fig.value)
    return out


def test_increase_decrease_and_both_totals():
    got = _figures(
        "一、收入支出决算总体情况说明",
        "2024年度收入支出总计1,234.50万元。与上年相比，收入支出总计减少",
        "100.00",
        "万元，下降7.49%。主要原因是人员减少，较上年减少50.00万元。",
        "四、财政拨款收支决算总体情况说明",
        "财政拨款收入总计500.00万元，支出总计500.00万元，比上年增加20.00万元，增长4.17%。",
    )
    assert got["说明.收支总计.收入总计"] == got["说明.收支总计.支出总计"] == [Decimal("1234.50")]
    assert got["说明.收支总计.较上年增减"] == [Decimal("-100.00")]  # the reason's 50.00 is not a statement
    assert got["说明.收支总计.较上年增减率"] == [Decimal("-7.49")]
    assert got["说明.财政拨款.较上年增减"] == [Decimal("20.00")] and got["说明.财政拨款.较上年增减率"] == [Decimal("4.17")]


def test_unchanged_gives_no_change_fact_and_missing_percent_sign_is_read():
    got = _figures(
        "（一）机关运行经费支出情况说明",
        "机关运行经费支出12.00万元，与上年持平。",
        "（一）一般公共预算财政拨款支出决算总体情况",
        "一般公共预算财政拨款支出300.00万元，占本年支出合计的99.86%。与上年相比，一般公共预算财政拨款支出增加30.00万元，增长11.11。",
    )
    assert got["说明.机关运行经费.支出"] == [Decimal("12.00")]
    assert "说明.机关运行经费.较上年增减" not in got
    assert got["说明.一般公共预算.占本年支出比"] == [Decimal("99.86")]
    assert got["说明.一般公共预算.较上年增减率"] == [Decimal("11.11")]


def test_shares_completion_and_class_subject_carried_across_sentences():
    got = _figures(
        "二、收入决算情况说明",
        "本年收入合计200.00万元，其中：财政拨款收入150.00万元，占75.00%；事业收入50.00万元，占比25.00%。",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。其中：",
        "教育支出年初预算 80.00 万元，支出决算 88.00 万元，完成年初预算的110.00%，用于其他支出。",
        "较上年决算减少 2.00 万元，下降 2.22%。",
        "1、教育支出（类）普通教育（款）小学教育（项）。年初预算为9.00万元，完成年初预算的100.00%。",
    )
    assert got["说明.收入.财政拨款收入占比"] == [Decimal("75.00")] and got["说明.收入.事业收入占比"] == [Decimal("25.00")]
    assert got["说明.一般公共预算.年初预算"] == [Decimal("0")]  # 全年预算 is not the 年初预算
    assert got["说明.一般公共预算.完成率"] == [Decimal("95.89")]
    assert got["说明.教育支出.完成率"] == [Decimal("110.00")]
    assert got["说明.教育支出.年初预算"] == [Decimal("80.00")]  # the 项 line's 9.00 has no key
    assert got["说明.教育支出.较上年增减"] == [Decimal("-2.00")] and got["说明.教育支出.较上年增减率"] == [Decimal("-2.22")]
    assert "说明.其他支出.决算" not in got


def test_three_public_costs_and_yuan_reports():
    got = _figures(
        "九、财政拨款“三公”经费支出决算情况说明",
        "“三公”经费财政拨款支出全年预算 60000.00元，支出决算54160.00元，完成全年预算的90.27%，比上年增加2960.00元。其中：",
        "因公出国（境）费支出6520.00元；公务用车购置及运行维护费支出43270.00元，其中：公务用车购置支出26850.00元，公务用车运行维护费支出16420.00元；",
        "公务接待费支出4370.00元，其中国内接待费4370.00元，外事接待费0元。",
    )
    assert got["说明.三公经费.预算"] == [Decimal("60000.00")] and got["说明.三公经费.决算"] == [Decimal("54160.00")]
    assert got["说明.三公经费.因公出国（境）费"] == [Decimal("6520.00")]
    assert got["说明.三公经费.公务用车购置及运行维护费"] == [Decimal("43270.00")]
    assert got["说明.三公经费.公务用车购置费"] == [Decimal("26850.00")]
    assert got["说明.三公经费.公务用车运行维护费"] == [Decimal("16420.00")]
    assert got["说明.三公经费.公务接待费"] == [Decimal("4370.00")]  # 国内/外事接待 are parts, not the item


def test_procurement_assets_and_performance():
    got = _figures(
        "（二）政府采购情况说明",
        "政府采购支出总额100.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0万元、政府采购服务支出90.00万元。",
        "政府采购授予中小企业合同金额80.00万元，占政府采购支出总额的80.00%，其中：授予小微企业合同金额8.00万元，占政府采购支出总额的8.00%。",
        "面向中小企业预留政府采购项目预算金额5.00万元。",
        "（三）国有资产占用情况说明",
        "截至2024年12月31日，共有车辆3辆，其中：执法执勤用车2辆。单价100万元（含）以上设备（不含车辆）1台（套）。",
        "（四）预算绩效情况说明",
        "编报绩效目标的项目9个，涉及预算金额900.00万元；本单位对4个项目开展绩效自评，涉及资金400.00万元，4个项目自评等级为优。",
    )
    assert got["说明.政府采购.总额"] == [Decimal("100.00")]
    assert got["说明.政府采购.服务"] == [Decimal("90.00")] and got["说明.政府采购.工程"] == [Decimal("0")]
    assert got["说明.政府采购.授予中小企业占比"] == [Decimal("80.00")]
    assert got["说明.政府采购.授予小微企业合同金额"] == [Decimal("8.00")]
    assert got["说明.国有资产.车辆数"] == [Decimal("3")] and got["说明.国有资产.大型设备数"] == [Decimal("1")]
    assert got["说明.绩效自评.项目个数"] == [Decimal("4")] and got["说明.绩效自评.涉及资金"] == [Decimal("400.00")]


def test_same_key_stated_twice_keeps_both_statements():
    got = _figures(
        "三、支出决算情况说明",
        "本年支出合计300.00万元，其中：基本支出100.00万元，占33.33%；项目支出200.00万元，占66.67%。",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "财政拨款基本支出100.00万元，其中：人员经费90.00万元；公用经费10.00万元。",
        "2024年度财政拨款基本支出101.00万元。",
    )
    assert got["说明.支出.基本支出"] == [Decimal("100.00")]
    assert got["说明.基本支出.合计"] == [Decimal("100.00"), Decimal("101.00")]


def test_layout_contents_footers_tables_and_pages():
    doc = RawDocument(
        blocks=[
            Line("某单位2024年度单位决算公开", 1),
            Line("目 录", 2),
            Line("第一部分 概况......1", 2),
            Line("第三部分 情况说明......9", 2),
            Line("一、收入支出决算总体情况说明......9", 2),
            Line("第一部分 概况", 3),
            Line("一、单位职责", 3),
            Line("负责全市有关工作。", 3),
            Line("收入支出决算总表", 4),
            Line("公开01表", 4),
            Line("单位：万元", 4),
            Grid([["项目", "金额"], ["总计", "10.00"]], 4),
            Line("注：本表反映收入支出总计10.00万元。", 4),
            Line("- 2 -", 4),
            Line("第三部分 2024 年度部门决算情况", 5),
            Line("说明", 5),
            Line("一、收入支出决算总体情况说明", 5),
            Line("2024年度收入总计10.00万元，支出总计10.00万元，占本年支出合计的", 5),
            Line("- 3 -", 5),
            Line("100.00%。", 6),
        ],
        kind="pdf",
    )
    sections, figures = parse_narrative(doc)
    assert [(s.part, s.title) for s in sections] == [("概况", "一、单位职责"), ("情况说明", "一、收入支出决算总体情况说明")]
    (paragraph,) = sections[1].paragraphs
    assert paragraph.text.endswith("占本年支出合计的100.00%。") and paragraph.page == 5
    assert {f.key: f.page for f in figures} == {"说明.收支总计.收入总计": 5, "说明.收支总计.支出总计": 5}


def test_other_layouts_arabic_titles_wrapped_class_names_budget_comparisons():
    got = _figures(
        "1.收入支出决算总体情况说明",
        "2023年度收入、支出总计均为20218.21万元。",
        "2.一般公共预算财政拨款支出决算结构情况说明",
        "一般公共预算财政拨款支出 20218.21 万元，主要用于以下",
        "方面：一般公共服务支出（类）207.40 万元，占 1.03%；公共安",
        "全支出（类）556.78 万元，占 2.75%;城乡社区支",
        "出(类)15411.43 万元，占 76.23;住房保障支出(类)1076.78 万",
        "元，占 5.33%。",
        "3.机关运行经费情况说明",
        "机关运行经费支出50.00万元，比年初预算减少5.00万元，比上年增加1.00万元。",
    )
    assert got["说明.收支总计.收入总计"] == got["说明.收支总计.支出总计"] == [Decimal("20218.21")]
    assert got["说明.公共安全支出.决算"] == [Decimal("556.78")]
    assert got["说明.城乡社区支出.占比"] == [Decimal("76.23")]  # '占 76.23;' lacks its % sign
    assert got["说明.住房保障支出.决算"] == [Decimal("1076.78")] and got["说明.住房保障支出.占比"] == [Decimal("5.33")]
    assert got["说明.机关运行经费.较上年增减"] == [Decimal("1.00")]  # not the change against the budget


def test_topic_of_section_titles():
    assert topic_of("一、收入支出决算总体情况说明") == (True, "收支总计")
    assert topic_of("四、财政拨款收支决算总体情况说明") == (True, "财政拨款")
    assert topic_of("（二）“三公”经费财政拨款支出决算具体情况说明。") == (True, "三公经费")
    assert topic_of("六、一般公共预算财政拨款基本支出决算情况说明") == (True, "基本支出")
    assert topic_of("二、2021年度财政拨款支出决算情况") == (True, None)  # not the whole 支出
    assert topic_of("七、政府性基金预算财政拨款收支决算情况说明") == (True, None)
    assert topic_of("（三）一般公共预算财政拨款支出决算具体情况")[1] == "一般公共预算"
    assert topic_of("十、其他重要事项情况说明") == (False, None)
    assert topic_of("一、2021年度收入支出决算总体及增减变动情况") == (True, "收支总计")
    assert topic_of("十、一般性支出情况说明") == (False, None)
    # sections named after the table they explain, with or without a unit-type prefix
    assert topic_of("（一）高等学校收支决算总表说明") == (True, "收支总计")
    assert topic_of("（二）关于2023年度收入决算表的说明") == (True, "收入")
    assert topic_of("（三）高等学校支出决算表说明") == (True, "支出")
    assert topic_of("（四）高等学校财政拨款支出决算表说明") == (True, "财政拨款")  # not one side only
    assert topic_of("一般公共预算财政拨款基本支出决算表说明") == (True, "基本支出")
    assert topic_of("国有资本经营预算财政拨款支出决算表说明") == (True, None)
    assert topic_of("（一）高等学校收入支出决算总体情况说明") == (True, "收支总计")


def test_paired_figures_income_first_then_expenditure():
    got = _figures(
        "一、收入支出决算总体情况说明",
        "2022年度收、支总计各是4125.49,4143.91万元。与2021年相比,收、支总计各减少1267.86,2570.97万元,各下降23.51%、38.28%。",
        "二、收入决算情况说明",
        "2022年本年收入合计4125.49万元,其中:一般公共预算财政拨款收入3859.16万元,占93.54%;其他收入266.33万元,占6.46%。",
    )
    assert got["说明.收支总计.收入总计"] == [Decimal("4125.49")] and got["说明.收支总计.支出总计"] == [Decimal("4143.91")]
    assert got["说明.收支总计.较上年增减"] == [Decimal("-1267.86")]  # one key: 支出's change is not restated as it
    assert got["说明.收支总计.较上年增减率"] == [Decimal("-23.51")]
    assert "说明.收入.财政拨款收入" not in got  # only the 一般公共预算 part of it is stated
    assert got["说明.收入.其他收入占比"] == [Decimal("6.46")]


def test_signed_changes_and_class_named_before_its_level_word():
    got = _figures(
        "（一）机关运行经费支出情况说明",
        "本年度机关运行经费支出20.00万元，较上年增减-5.87万元，降幅22.69%。",
        "（二）一般公共预算财政拨款支出决算结构情况",
        "一般公共服务（类）支出15.00万元，占比75.00%；住房保障（类）支出5.00万元，占比25.00%。",
    )
    assert got["说明.机关运行经费.较上年增减"] == [Decimal("-5.87")]
    assert got["说明.机关运行经费.较上年增减率"] == [Decimal("-22.69")]
    assert got["说明.一般公共服务支出.决算"] == [Decimal("15.00")] and got["说明.住房保障支出.占比"] == [Decimal("25.00")]


def test_older_templates_devices_by_threshold_and_second_level_projects():
    got = _figures(
        "（三）国有资产占用情况",
        "截至2021年12月31日，共有车辆2辆。单价50万元以上通用设备3台（套），单价100万元以上专用设备1台（套）。",
        "（四）预算绩效管理情况",
        "本部门组织对项目支出全面开展绩效自评，其中，一级项目2个，二级项目5个，共涉及资金55.00万元。",
    )
    assert got["说明.国有资产.大型设备数"] == [Decimal("1")]
    assert got["说明.绩效自评.项目个数"] == [Decimal("5")] and got["说明.绩效自评.涉及资金"] == [Decimal("55.00")]


def test_a_sentence_naming_a_table_does_not_hide_the_prose_after_it():
    got = _figures(
        "（二）政府采购情况说明",
        "详见附表5一般公共预算财政拨款支出决算表",
        "政府采购支出总额100.00万元。",
    )
    assert got["说明.政府采购.总额"] == [Decimal("100.00")]


def test_a_section_titled_by_a_class_states_that_class():
    got = _figures(
        "五、一般公共预算财政拨款支出决算情况说明",
        "（一）教育支出（类）",
        "年初预算为10.00万元，支出决算为12.00万元，完成年初预算的120.00%。",
        "（二）卫生健康支出（类）公立医院（款）综合医院（项）",
        "年初预算为5.00万元，支出决算为8.00万元。",
    )
    assert got == {
        "说明.教育支出.年初预算": [Decimal("10.00")],
        "说明.教育支出.决算": [Decimal("12.00")],
        "说明.教育支出.完成率": [Decimal("120.00")],
    }


def test_a_change_of_a_part_is_not_the_change_of_the_total():
    got = _figures(
        "一、收入支出决算总体情况说明",
        "2023年度收入总计434.72万元，其中：本年收入合计434.16万元，比上年增加3.00万元。",
        "收入支出总体与上年相比，增加58.21万元，增长15.46%。",
        "（一）一般公共预算财政拨款支出决算总体情况",
        "一般公共预算财政拨款支出300.00万元，其中：基本支出200.00万元，比上年增加5.00万元。",
        "与上年相比，一般公共预算财政拨款支出增加30.00万元，增长11.11%。",
    )
    assert got["说明.收支总计.较上年增减"] == [Decimal("58.21")]
    assert got["说明.一般公共预算.较上年增减"] == [Decimal("30.00")]
    assert got["说明.一般公共预算.支出"] == [Decimal("300.00")]


def test_running_headers_go_but_repeated_prose_stays():
    blocks = []
    for page in range(1, 7):
        blocks += [Line("某单位2024年度部门决算", page), Line("（二）政府采购情况说明" if page == 1 else "本年度无此项支出。", page)]
    sections, _ = parse_narrative(RawDocument(blocks=blocks, kind="pdf"))
    text = "".join(s.text for s in sections)
    assert text.count("本年度无此项支出。") == 5 and "部门决算" not in text


def test_totals_stated_apart_keep_their_own_changes_and_parts_theirs():
    got = _figures(
        "（一）收支决算总表说明",
        "学校2023年度收入总计430,725.03万元，与2022年度相比，减少23,616.80万元，降低5.20%。其中：财政拨款收",
        "入增加14,458.07万元，其他收入减少39,049.48万元。",
        "学校2023年度支出总计457,676.75万元，与2022年度相比，增加54,492.83万元，增长13.52%。其中：教育支出",
        "增加52,499.75万元，其他支出增加32.50万元。",
        "（四）财政拨款支出决算表说明",
        "财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元。具体包括：1.小学教育（2050202），",
        "2023年度决算数为7,970.38万元，比2022年度决算数增长0.39%。",
    )
    assert got["说明.收支总计.收入总计"] == [Decimal("430725.03")] and got["说明.收支总计.支出总计"] == [Decimal("457676.75")]
    assert got["说明.收支总计.收入总计.较上年增减"] == [Decimal("-23616.80")]
    assert got["说明.收支总计.支出总计.较上年增减率"] == [Decimal("13.52")]
    assert got["说明.收支总计.较上年增减"] == [Decimal("-23616.80")]  # facts.md: the first side's (收入)
    assert got["说明.收入.财政拨款收入.较上年增减"] == [Decimal("14458.07")]
    assert got["说明.收入.其他收入.较上年增减"] == [Decimal("-39049.48")]
    assert got["说明.教育支出.较上年增减"] == [Decimal("52499.75")] and got["说明.其他支出.较上年增减"] == [Decimal("32.50")]
    assert got["说明.财政拨款.支出总计"] == [Decimal("237100.00")]
    assert not [k for k in got if k.startswith("说明.财政拨款.较上年")]  # 0.39% is a 项's change

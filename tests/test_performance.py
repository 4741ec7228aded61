"""The attached 项目支出绩效自评表 (juesuan/parse/performance.py) on the corpus and on a
second template."""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.facts import performance_facts
from juesuan.parse.performance import parse_performance, weights
from juesuan.parse.raw import Grid, Line, RawDocument
from juesuan.parse.reader import read_document

from .corpus import corpus_file, parsed, score, truth

WITH_PROJECTS = ["yangquan-2024.pdf", "shifan-datacenter-2023.pdf", "shifan-datacenter-2024.pdf",
                 "shifan-transport-2024.pdf"]
SEED = "yangquan-2024.pdf"


def _perf_only(doc: dict) -> dict:
    return {**doc, "facts": [f for f in doc["facts"] if f["key"].startswith("绩效.")]}


@pytest.mark.parametrize("name", WITH_PROJECTS)
def test_performance_facts_recall_and_pages(name):
    expected = _perf_only(truth(name))
    assert expected["facts"], "the truth file lists 绩效 facts"
    result = score(expected, {"facts": performance_facts(parsed(name))})
    assert result["recall"]["performance"] >= 0.98, (result["missing"], result["wrong"])
    assert not result["wrong"], result["wrong"]
    assert not result["wrong_page"], result["wrong_page"]


@pytest.mark.parametrize("name", ["real/shanghai-putuo-guihuaziyuan-2024.pdf",
                                  "real/shanghai-putuo-shehuigongzuobu-2024.pdf"])
def test_reports_without_self_evaluation_tables_have_no_projects(name):
    assert parsed(name).projects == []


def test_seed_weights_in_header_and_note_disagree():
    first = parsed(SEED).projects[0]
    assert first.name == "国库集中支付运行经费"
    assert first.pages == [19, 20]
    assert first.header_weights["产出指标"] == 60  # printed 产出指标 (60分)
    assert first.note_weights["产出指标"] == 50  # the note says 产出指标50分
    assert sum(first.note_weights.values()) == 100
    assert first.execution_rate.value == 76 and first.execution_rate.page == 19
    assert first.spent.value == Decimal("125.01")  # label and amount share one cell
    # 50 + 30 + 10 + 预算执行率 10 × 76% = 97.6 = 总分
    assert sum(first.part_scores.values()) == first.score.value == Decimal("97.6")
    assert first.score.page == 20


def test_seed_empty_total_stays_empty():
    second = parsed(SEED).projects[1]
    assert second.name == "专业技术人员聘用经费"
    assert second.score is None  # the 总分 cell is blank; the conclusion's 100 is not the table's
    assert "自评得分100" in second.conclusion
    assert (second.grade, second.grade_page) == ("优", 22)
    assert second.experience and second.problems


def test_empty_indicator_rows_give_no_indicator():
    for project in parsed(SEED).projects:
        assert project.indicators
        for ind in project.indicators:
            assert ind.name and not ind.name.startswith("指标")
            assert ind.target or ind.actual
            assert ind.level1 in ("产出指标", "效益指标", "满意度指标")
    # the 满意度 row of the second table sits on the page after its 一级指标 began
    last = parsed(SEED).projects[1].indicators[-1]
    assert (last.name, last.target, last.actual, last.page) == ("临时人员满意度", "≥95%", "100%", 22)


def test_planted_total_differs_from_its_parts():
    project = next(p for p in parsed("shifan-datacenter-2023.pdf").projects if p.name == "政务云安全等级保护测评经费")
    assert project.score.value == 99
    assert sum(project.part_scores.values()) == 98
    assert project.part_scores["效益指标"] == Decimal("28.5")


@pytest.mark.parametrize("other", ["yangquan-2024.txt", "yangquan-2024.docx"])
def test_text_and_word_give_the_pdf_performance_facts(other):
    def without_pages(report):
        return sorted((f["key"], f["value"]) for f in performance_facts(report))

    assert without_pages(parsed(other)) == without_pages(parsed(SEED))
    first = parsed(other).projects[0]
    assert (first.header_weights["产出指标"], first.note_weights["产出指标"]) == (60, 50)


def test_weights_ignore_the_grade_bands():
    note = "总分设置为100分：预算执行率10分、产出指标50分、效益指标30分、服务对象满意度指标10分，等级一般划分为四档：100-90（含）分为优"
    assert weights(note) == {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert weights("产出指标 (60\n分)") == {"产出指标": 60}


HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
CONTINUED = [
    [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "20", "20", ""],
    ["总分", None, None, None, None, None, "100", "95", None],
    ["自评结论", "项目总体完成较好，经综合评定为“优”。", None, None, None, None, None, None, None],
]


@pytest.mark.parametrize("continued", [
    [HEADER] + CONTINUED,  # next page: the header repeated, then the rest
    [row[1:] if row[0] is None else row[:-1] for row in CONTINUED],  # no header, one column fewer
], ids=["header-repeated", "narrower"])
def test_national_template_with_labelled_amount_columns(continued):
    """The 财政部 template: amounts under column labels, 分值 and 得分 per indicator."""
    rows = [
        ["项目名称", "道路养护", None, None, None, None, None, None, None],
        ["主管部门", "某局", None, None, "实施单位", "某中心", None, None, None],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", None],
        [None, "年度资金总额", "100.00", "120.00", "108.00", "10", "90.00%", "9", None],
        [None, "其中：当年财政拨款", "100.00", "120.00", "108.00", "—", "—", "—", None],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None],
        HEADER,
        [None, "产出指标", "数量指标", "养护里程", "≥100公里", "105公里", "20", "20", ""],
        [None, None, "质量指标", "合格率", "100%", "98%", "20", "18", "个别路段返工"],
        [None, "效益指标", "社会效益指标", "通行效率", "提升", "提升", "30", "28", ""],
    ]
    note = [Line("注：总分设置为100分：预算执行率10分、产出指标40分、", 8), Line("效益指标30分、满意度指标20分。", 8)]
    doc = RawDocument(blocks=[Line("项目支出绩效自评表", 7), Grid(rows, 7), Line("- 7 -", 7), Line("续表", 8),
                              Grid(continued, 8), *note, Line("第六部分 其他", 9), Grid([["主要经验做法", "另一部分的表格"]], 9)])
    (project,) = parse_performance(doc)
    assert (project.name, project.department, project.implementer) == ("道路养护", "某局", "某中心")
    assert (project.budget.value, project.funded.value, project.spent.value) == (100, 120, 108)
    assert project.execution_rate.value == 90
    assert (project.score.value, project.score.page, project.grade, project.pages) == (95, 8, "优", [7, 8])
    assert project.header_weights == {"预算执行率": 10, "产出指标": 40, "效益指标": 30, "满意度指标": 20}
    assert project.note_weights == project.header_weights  # the note wraps over two lines
    assert project.part_scores == {"预算执行率": 9, "产出指标": 38, "效益指标": 28, "满意度指标": 20}
    assert [i.name for i in project.indicators] == ["养护里程", "合格率", "通行效率", "群众满意度"]
    assert project.indicators[1].remark == "个别路段返工"
    assert project.indicators[3].page == 8
    assert project.experience == ""  # the grid after the next heading is not this table's


def test_a_project_name_column_elsewhere_is_not_a_self_evaluation():
    grid = Grid([["项目名称", "金额", "备注"], ["办公楼维修", "12.00", ""]], page=3)
    assert parse_performance(RawDocument(blocks=[grid])) == []


_SEED_GRIDS = [b for b in read_document(corpus_file("yangquan-2024.txt").read_bytes(), "seed.txt").blocks
               if isinstance(b, Grid) and any("指标" in (c or "") for row in b.rows for c in row)]
_CELL = st.one_of(st.none(), st.just(""), st.sampled_from(["指标1", "总分", "项目名称", "等级", "产出指标 (50分)", "12.5",
                                                           "76%", "三级指标", "年度指标值", "预算执行率10分、产出指标50分"]),
                  st.text(max_size=6))


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_damaged_tables_give_projects_or_nothing(data):
    """Cells dropped, shifted or replaced (as readers and office software do) never break it."""
    grids = []
    for grid in _SEED_GRIDS:
        rows = [list(r) for r in grid.rows]
        for _ in range(data.draw(st.integers(0, 8))):
            i = data.draw(st.integers(0, len(rows) - 1))
            op = data.draw(st.sampled_from(["set", "drop", "insert", "delete_row"]))
            j = data.draw(st.integers(0, max(len(rows[i]) - 1, 0)))
            if op == "set" and rows[i]:
                rows[i][j] = data.draw(_CELL)
            elif op == "drop" and rows[i]:
                del rows[i][j]
            elif op == "insert":
                rows[i].insert(j, data.draw(_CELL))
            elif len(rows) > 1:
                del rows[i]
        grids.append(Grid(rows, data.draw(st.one_of(st.none(), st.integers(1, 30)))))
    for project in parse_performance(RawDocument(blocks=grids)):
        assert project.name
        assert all(ind.name for ind in project.indicators)

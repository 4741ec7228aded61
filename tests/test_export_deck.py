"""The meeting deck: slides and takeaways from real parses, the .pptx read back with python-pptx,
and the deck opened by LibreOffice where it is installed."""
from __future__ import annotations

import copy
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from juesuan.checks import run_checks
from juesuan.export.pptx import CJK_FONT, build_pptx
from juesuan.export.slides import build_slides
from juesuan.vocab import SANGONG_ITEMS
from tests.corpus import parsed, truth

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "exports"
SEED, TRANSPORT = "yangquan-2024.pdf", "shifan-transport-2024.pdf"
# 公开01 lines that are totals or carry-overs, not one source or one class (template names).
TOTALS_01 = {"本年收入合计", "本年支出合计", "总计", "使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余"}


def _truth_values(name: str) -> dict:
    return {f["key"]: f["value"] for f in truth(name)["facts"]}


def _deck(name: str):
    report = parsed(name)
    findings = run_checks(report).findings
    slides = build_slides(report, findings)
    return report, findings, slides, Presentation(io.BytesIO(build_pptx(report, findings)))


def _slide_texts(page) -> list[str]:
    return [shape.text_frame.text for shape in page.shapes if shape.has_text_frame and shape.text_frame.text]


def _chart(page):
    charts = [shape.chart for shape in page.shapes if shape.has_chart]
    assert len(charts) <= 1, "one chart per slide"
    return charts[0] if charts else None


def _chart_data(chart) -> dict[str, dict[str, float]]:
    """series name → {category: value}, read from the chart part (what PowerPoint's 编辑数据 shows)."""
    categories = list(chart.plots[0].categories)
    return {s.name: dict(zip(categories, s.values)) for s in chart.plots[0].series}


def _side_items(report, side: str) -> dict[str, float]:
    table = report.table("公开01")
    items = {}
    for row in table.rows:
        side_of, _, name = row.key.partition(".")
        if side_of == side and name not in TOTALS_01 and row.value(""):
            items[name] = float(row.value(""))
    return items


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_slide_titles_follow_the_report(name):
    report, findings, slides, deck = _deck(name)
    titles = [_slide_texts(page)[0] for page in deck.slides]
    assert titles == [s.title for s in slides]
    assert titles[0] == report.header.unit
    for expected in ("主要指标", "收入结构", "支出结构（按功能分类）", "预算执行：年初预算与决算", "与上年对比", "“三公”经费", "审核发现"):
        assert expected in titles
    assert [t for t in titles if t.startswith("绩效自评：")] == [f"绩效自评：{p.name}" for p in report.projects]
    assert len(report.projects) >= 2


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_structure_charts_carry_the_table_numbers(name):
    report, _, slides, deck = _deck(name)
    titles = [s.title for s in slides]
    for title, side in (("收入结构", "收入"), ("支出结构（按功能分类）", "支出")):
        chart = _chart(deck.slides[titles.index(title)])
        assert chart.chart_type in (XL_CHART_TYPE.PIE, XL_CHART_TYPE.BAR_CLUSTERED)
        (values,) = _chart_data(chart).values()
        assert values == pytest.approx(_side_items(report, side))
    # and the same numbers the truth file records for the report
    t = _truth_values(name)
    expenditure = _chart_data(_chart(deck.slides[titles.index("支出结构（按功能分类）")]))["金额"]
    for category, value in expenditure.items():
        assert value == pytest.approx(t[f"公开01.支出.{category}"])


def test_expenditure_takeaway_is_written_from_the_numbers():
    _, _, _, deck = _deck(SEED)
    t = _truth_values(SEED)
    classes = {k.split(".")[2]: v for k, v in t.items() if k.startswith("公开01.支出.") and k.split(".")[2] not in TOTALS_01}
    top = max(classes, key=classes.get)
    share = classes[top] / sum(classes.values()) * 100
    texts = [_slide_texts(p) for p in deck.slides]
    page = next(x for x in texts if x[0] == "支出结构（按功能分类）")
    assert page[1] == f"{top}占{share:.2f}%"  # 一般公共服务支出占84.06% in the seed


def test_budget_and_year_on_year_charts():
    report, _, slides, deck = _deck(SEED)
    t = _truth_values(SEED)
    titles = [s.title for s in slides]
    budget = _chart(deck.slides[titles.index("预算执行：年初预算与决算")])
    assert budget.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    data = _chart_data(budget)
    assert set(data) == {"年初预算", "决算"}
    for subject, planned in data["年初预算"].items():
        assert planned == pytest.approx(t[f"说明.{subject}.年初预算"])
        assert data["决算"][subject] == pytest.approx(float(report.table("公开04").value(f"支出.{subject}", "一般公共预算财政拨款")))
    yoy = _chart_data(_chart(deck.slides[titles.index("与上年对比")]))
    assert yoy["本年"]["收支总计"] == pytest.approx(t["公开01.收入.总计"])
    assert yoy["上年"]["收支总计"] == pytest.approx(t["公开01.收入.总计"] - t["说明.收支总计.较上年增减"])
    for subject, last in yoy["上年"].items():
        if subject != "收支总计":
            assert last == pytest.approx(yoy["本年"][subject] - t[f"说明.{subject}.较上年增减"])


def test_sangong_chart_is_table_09():
    report, _, slides, deck = _deck(TRANSPORT)
    chart = _chart(deck.slides[[s.title for s in slides].index("“三公”经费")])
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    data = _chart_data(chart)
    t09 = report.table("公开09")
    for side in ("预算数", "决算数"):
        assert list(data[side]) == list(SANGONG_ITEMS)
        assert list(data[side].values()) == pytest.approx([float(t09.value(side, item)) for item in SANGONG_ITEMS])


def test_sangong_without_data_says_so_and_draws_nothing():
    report, _, slides, deck = _deck(SEED)
    assert report.table("公开09").no_data
    page = deck.slides[[s.title for s in slides].index("“三公”经费")]
    assert _chart(page) is None
    assert "本年度“三公”经费支出为0" in _slide_texts(page)


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_each_project_slide_has_its_amounts_and_score(name):
    report, _, slides, deck = _deck(name)
    titles = [s.title for s in slides]
    for project in report.projects:
        page = deck.slides[titles.index(f"绩效自评：{project.name}")]
        amounts = _chart_data(_chart(page))["金额"]
        for label, cell in (("预算金额", project.budget), ("实际到位金额", project.funded), ("实际执行金额", project.spent)):
            if cell is not None and cell.value is not None:
                assert amounts[label] == pytest.approx(float(cell.value))
        takeaway = _slide_texts(page)[1]
        assert f"预算执行率{float(project.execution_rate.value):.2f}%" in takeaway
        if project.score is not None and project.score.value is not None:
            assert f"自评得分{float(project.score.value):g}分" in takeaway


def test_findings_slide_counts_the_review():
    _, findings, slides, deck = _deck(SEED)
    assert findings, "the seed has planted inconsistencies"
    page = deck.slides[[s.title for s in slides].index("审核发现")]
    counts = _chart_data(_chart(page))["项数"]
    for severity, n in counts.items():
        assert n == sum(1 for f in findings if f.severity == severity)
    assert any(f.message in text for f in findings for text in _slide_texts(page))


def test_every_run_and_chart_has_an_east_asian_font():
    _, _, _, deck = _deck(SEED)
    for page in deck.slides:
        for shape in page.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    for run in para.runs:
                        assert run._r.rPr.find(qn("a:ea")).get("typeface") == CJK_FONT
            if shape.has_chart:
                chart_xml = shape.chart._chartSpace
                typefaces = {ea.get("typeface") for ea in chart_xml.iter(qn("a:ea"))}
                assert typefaces == {CJK_FONT}


def test_amounts_in_yuan_become_wan():
    report = copy.deepcopy(parsed(SEED))
    report.header.money_unit = "元"
    for table in report.tables.values():
        for row in table.rows:
            for cell in row.cells.values():
                if cell.value is not None:
                    cell.value *= Decimal(10000)
    slides = {s.key: s for s in build_slides(report)}
    original = {s.key: s for s in build_slides(parsed(SEED))}
    assert slides["expenditure"].chart.series[0].values == pytest.approx(original["expenditure"].chart.series[0].values)
    assert slides["expenditure"].takeaway == original["expenditure"].takeaway


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_deck(tmp_path):
    report, findings, slides, _ = _deck(TRANSPORT)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_pptx(report, findings))
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True, timeout=240,
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.exists(), done.stderr.decode(errors="replace")
    assert pdf.read_bytes().startswith(b"%PDF")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == len(slides)
        text = "".join(doc.pages[[s.key for s in slides].index("sangong")].extract_text().split())
    total = float(report.table("公开09").value("决算数", "合计"))
    assert f"“三公”经费决算{total:,.2f}万元" in text  # the slide's Chinese text came through
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "deck-libreoffice.pdf")



CORPUS = [
    "yangquan-2024.pdf", "yangquan-2024.docx", "yangquan-2024.txt", "shifan-datacenter-2023.pdf",
    "shifan-datacenter-2024.pdf", "shifan-transport-2024.pdf", "shifan-transport-2024.xlsx",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf", "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
]


@pytest.mark.parametrize("name", CORPUS)
def test_every_corpus_document_gives_a_deck(name):
    """Other provinces and other input kinds: every slide the report has data for, each chart with its numbers."""
    report = parsed(name)
    slides = build_slides(report, run_checks(report).findings)
    deck = Presentation(io.BytesIO(build_pptx(report, slides=slides)))
    assert [_slide_texts(p)[0] for p in deck.slides] == [s.title for s in slides]
    keys = [s.key for s in slides]
    expected = ["kpi", "income", "expenditure", "basic-project", "sangong", "findings"]
    stated = {f.measure for f in report.figures}
    expected += ["budget"] * ("年初预算" in stated) + ["yoy"] * ("较上年增减" in stated)  # the prose has them
    for key in expected:
        assert key in keys, f"{name}: no {key} slide"
    for slide, page in zip(slides, deck.slides):
        chart = _chart(page)
        assert (chart is None) == (slide.chart is None)
        if chart is not None:
            data = _chart_data(chart)
            assert [s.name for s in slide.chart.series] == list(data)
            for series in slide.chart.series:
                assert list(data[series.name].values()) == pytest.approx(series.values)

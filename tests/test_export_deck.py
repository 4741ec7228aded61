"""The meeting deck: slides and takeaways from real parses, the .pptx read back with python-pptx,
and the deck opened by LibreOffice where it is installed."""
from __future__ import annotations

import copy
import io
import re
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
from juesuan.review import DISPUTED_MARK, ranked_problems
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


def _by_key(slides, deck, key):
    return deck.slides[[s.key for s in slides].index(key)]


# A fact key as the data spells it (公开01.收入.总计, 说明.支出.基本支出): never on a slide.
FACT_KEY = re.compile(r"(公开\d\d|说明|绩效)\.[^\s，。、；）]")


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
def test_titles_are_takeaways_in_title_placeholders(name):
    report, findings, slides, deck = _deck(name)
    assert 5 <= len(deck.slides) <= 8
    for slide, page in zip(slides, deck.slides):
        assert page.shapes.title is not None, f"{slide.key}: no title placeholder"
        assert page.shapes.title.text_frame.text == slide.title
    assert slides[0].title == report.header.unit
    by_key = {s.key: s for s in slides}
    assert by_key["kpi"].title.startswith(f"本年支出{float(report.table('公开01').value('支出.本年支出合计')):,.2f}万元")
    assert by_key["findings"].title.startswith(f"自动审核发现{len(ranked_problems(findings))}个问题")


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_structure_charts_carry_the_table_numbers(name):
    report, _, slides, deck = _deck(name)
    for key, side in (("expenditure", "支出"),):
        chart = _chart(_by_key(slides, deck, key))
        assert chart.chart_type in (XL_CHART_TYPE.PIE, XL_CHART_TYPE.BAR_CLUSTERED)
        (values,) = _chart_data(chart).values()
        assert {k.rstrip(DISPUTED_MARK): v for k, v in values.items()} == pytest.approx(_side_items(report, side))
    t = _truth_values(name)
    expenditure = _chart_data(_chart(_by_key(slides, deck, "expenditure")))["金额"]
    for category, value in expenditure.items():
        assert value == pytest.approx(t[f"公开01.支出.{category.rstrip(DISPUTED_MARK)}"])


def test_expenditure_title_is_written_from_the_numbers():
    _, _, slides, deck = _deck(SEED)
    t = _truth_values(SEED)
    classes = {k.split(".")[2]: v for k, v in t.items() if k.startswith("公开01.支出.") and k.split(".")[2] not in TOTALS_01}
    top = max(classes, key=classes.get)
    share = classes[top] / sum(classes.values()) * 100
    assert _by_key(slides, deck, "expenditure").shapes.title.text_frame.text == f"支出最多的是{top}，占{share:.2f}%"


def test_budget_and_year_on_year_charts():
    report, _, slides, deck = _deck(SEED)
    t = _truth_values(SEED)
    budget = _chart(_by_key(slides, deck, "budget"))
    assert budget.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    data = _chart_data(budget)
    assert set(data) == {"年初预算", "决算"}
    for subject, planned in data["年初预算"].items():
        assert planned == pytest.approx(t[f"说明.{subject}.年初预算"])
        assert data["决算"][subject] == pytest.approx(float(report.table("公开04").value(f"支出.{subject}", "一般公共预算财政拨款")))
    yoy = _chart_data(_chart(_by_key(slides, deck, "yoy")))
    assert yoy["本年"]["收支总计"] == pytest.approx(t["公开01.收入.总计"])
    assert yoy["上年"]["收支总计"] == pytest.approx(t["公开01.收入.总计"] - t["说明.收支总计.较上年增减"])
    for subject, last in yoy["上年"].items():
        if subject != "收支总计":
            assert last == pytest.approx(yoy["本年"][subject] - t[f"说明.{subject}.较上年增减"])


def test_sangong_chart_is_table_09():
    report = copy.deepcopy(parsed(TRANSPORT))
    report.projects = []  # room for the 三公 slide among eight
    slides = build_slides(report, run_checks(report).findings)
    deck = Presentation(io.BytesIO(build_pptx(report, slides=slides)))
    chart = _chart(_by_key(slides, deck, "sangong"))
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    data = _chart_data(chart)
    t09 = report.table("公开09")
    for side in ("预算数", "决算数"):
        items = [i for i in SANGONG_ITEMS if t09.value("预算数", i) or t09.value("决算数", i)]
        assert [k.rstrip(DISPUTED_MARK) for k in data[side]] == items
        assert list(data[side].values()) == pytest.approx([float(t09.value(side, item) or 0) for item in items])


def test_no_sangong_slide_when_nothing_was_spent():
    report, _, slides, _ = _deck(SEED)
    assert report.table("公开09").no_data
    assert "sangong" not in [s.key for s in slides]
    kpis = {k.label: k for k in next(s for s in slides if s.key == "kpi").kpis}
    assert kpis["三公经费"].text == "0.00"  # the headline numbers say it


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_performance_slide_names_each_project_with_its_rate_and_score(name):
    report, _, slides, deck = _deck(name)
    text = "\n".join(_slide_texts(_by_key(slides, deck, "performance")))
    for project in report.projects:
        assert project.name in text
        assert f"预算执行率{float(project.execution_rate.value):.2f}%" in text
        if project.score is not None and project.score.value is not None:
            assert f"自评得分{float(project.score.value):g}分" in text


def test_findings_slide_lists_the_top_problems_in_words():
    _, findings, slides, deck = _deck(TRANSPORT)
    page = _by_key(slides, deck, "findings")
    text = "\n".join(_slide_texts(page))
    problems = ranked_problems(findings)
    assert len(problems) < len(findings), "the transport report has knock-on findings"
    for f in problems[:5]:
        assert f.message in text
    assert "万元" in text
    assert _chart(page) is None


def test_a_disputed_number_is_marked_and_its_slide_says_why():
    _, _, slides, deck = _deck(TRANSPORT)
    page = _by_key(slides, deck, "expenditure")
    data = _chart_data(_chart(page))["金额"]
    assert f"交通运输支出{DISPUTED_MARK}" in data  # 公开01 says 4247.25, 公开03 4237.25
    text = "\n".join(_slide_texts(page))
    assert "交通运输支出与公开03表“214 交通运输支出”行“本年支出合计”栏不一致，见审核发现" in text
    notes = page.notes_slide.notes_text_frame.text
    assert "见审核发现" in notes


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
    assert slides["expenditure"].title == original["expenditure"].title


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
        text = "".join(doc.pages[[s.key for s in slides].index("budget")].extract_text().split())
    assert "".join(slides[[s.key for s in slides].index("budget")].title.split()) in text  # the Chinese came through
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "deck-libreoffice.pdf")



CORPUS = [
    "yangquan-2024.pdf", "yangquan-2024.docx", "yangquan-2024.txt", "shifan-datacenter-2023.pdf",
    "shifan-datacenter-2024.pdf", "shifan-transport-2024.pdf", "shifan-transport-2024.xlsx",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf", "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
    "real/chongqing-swu-2023.pdf",
]


@pytest.mark.parametrize("name", CORPUS)
def test_every_corpus_document_gives_a_meeting_deck(name):
    """5–8 slides, each titled in its title placeholder, with unit, year, export date and source
    on the slide, speaker notes, charts of two categories or more, and no fact key anywhere."""
    report = parsed(name)
    slides = build_slides(report, run_checks(report).findings)
    deck = Presentation(io.BytesIO(build_pptx(report, slides=slides)))
    assert 5 <= len(deck.slides) <= 8, [s.key for s in slides]
    for slide, page in zip(slides, deck.slides):
        texts = _slide_texts(page)
        notes = page.notes_slide.notes_text_frame.text
        assert page.shapes.title.text_frame.text == slide.title
        assert notes.strip(), f"{slide.key}: no speaker notes"
        for text in texts + [notes]:
            assert not FACT_KEY.search(text), f"{name} {slide.key}: a fact key on the slide: {text[:120]}"
        if slide.key != "title":
            footer = texts[-1]
            for part in (report.header.unit, f"{report.header.year}年度", "金额单位：万元", "导出于"):
                assert part in footer, (slide.key, footer)
            if slide.sources:
                assert "数据来源：" in footer
        chart = _chart(page)
        assert (chart is None) == (slide.chart is None)
        if chart is not None:
            data = _chart_data(chart)
            assert len(next(iter(data.values()))) >= 2, f"{slide.key}: a chart of one category"
            assert any(v for series in data.values() for v in series.values()), f"{slide.key}: an empty chart"
            assert [s.name for s in slide.chart.series] == list(data)
            for series in slide.chart.series:
                assert list(data[series.name].values()) == pytest.approx(series.values)

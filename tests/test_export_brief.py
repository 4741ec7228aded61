"""The one-page brief (HTML and its PDF), chart images through kaleido, and the export command."""
from __future__ import annotations

import argparse
import io
import re
import struct
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from juesuan.checks import run_checks
from juesuan.export import images
from juesuan.export.cli import add_export_command
from juesuan.export.html import build_html, find_chromium, html_to_pdf
from juesuan.export.slides import MAX_FINDINGS_LISTED, build_slides
from juesuan.review import ranked_problems
from tests.corpus import corpus_file, parsed

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "exports"
SEED, TRANSPORT = "yangquan-2024.pdf", "shifan-transport-2024.pdf"
needs_browser = pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine")


class _Visible(HTMLParser):
    """The text a reader sees, and every external reference."""

    def __init__(self):
        super().__init__()
        self.text, self.refs, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data):
        self.text.append(data)


def _visible(html: str) -> _Visible:
    parser = _Visible()
    parser.feed(html)
    parser.text = "".join(parser.text)
    return parser


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_brief_contains_the_numbers(name):
    report = parsed(name)
    findings = run_checks(report).findings
    slides = {s.key: s for s in build_slides(report, findings)}
    page = _visible(build_html(report, findings))
    for kpi in slides["kpi"].kpis:
        assert f"{kpi.label}{kpi.value.basis}{kpi.value.amount:,.2f}" in page.text  # 万元: the brief's sub-title says it
    t01 = report.table("公开01")
    for row in t01.rows:
        if row.key.startswith("支出.") and row.value("") and "合计" not in row.key and "总计" not in row.key:
            assert f"{float(row.value('')):,.2f}" in page.text  # every class amount is drawn with its number
    assert slides["expenditure"].title in page.text
    for project in report.projects:
        assert project.name in page.text
        assert f"{float(project.spent.value):,.2f}" in page.text
    problems = ranked_problems(findings)
    shown = problems[:MAX_FINDINGS_LISTED]
    for f in shown:
        assert f.message in page.text
    if len(problems) > len(shown):
        assert f"另有{len(problems) - len(shown)}个问题" in page.text
    for flag in slides["kpi"].flags[:3]:  # a disputed headline number is marked and explained
        assert flag in page.text
    assert "script" not in page.tags and not page.refs, "self-contained: no script, no external file"


def test_brief_escapes_report_text():
    report = parsed(SEED)
    findings = [{"severity": "错误", "message": "<script>alert(1)</script>公开01", "pages": [3]}]
    html = build_html(report, findings)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;公开01" in html


def test_brief_prints_to_a4():
    css = re.search(r"@page\s*{([^}]*)}", build_html(parsed(SEED), []))
    assert css and "size: A4" in css.group(1)


BRIEF_CORPUS = [
    "yangquan-2024.pdf", "yangquan-2024.txt", "shifan-datacenter-2023.pdf", "shifan-datacenter-2024.pdf",
    "shifan-transport-2024.pdf", "shifan-transport-2024.xlsx", "real/shanghai-putuo-guihuaziyuan-2024.pdf",
    "real/shanghai-putuo-shehuigongzuobu-2024.pdf", "real/chongqing-swu-2023.pdf",
]


@needs_browser
@pytest.mark.parametrize("name", BRIEF_CORPUS)
def test_brief_pdf_is_one_a4_page_whose_text_reads_back(name):
    report = parsed(name)
    findings = run_checks(report).findings
    pdf = html_to_pdf(build_html(report, findings))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"brief-{Path(name).stem}.pdf").write_bytes(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = "".join(page.extract_text().split())
    radicals = [c for c in text if unicodedata.name(c, "").startswith(("KANGXI RADICAL", "CJK RADICAL"))]
    assert not radicals, f"ideographs read back as radicals: {radicals[:5]}"  # 支 stays 支, not ⽀
    assert "支出" in text
    assert "".join(report.header.unit.split()) in text
    slides = build_slides(report, findings)
    assert "".join(next(s for s in slides if s.key == "kpi").title.split()) in text
    assert "审核发现" in text


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_browser
def test_chart_png_and_svg():
    slide = next(s for s in build_slides(parsed(SEED)) if s.key == "expenditure")
    fig = images.figure_for(slide.chart, slide.title)
    png = images.image_bytes(fig, "png")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "chart-expenditure.png").write_bytes(png)
    assert _png_size(png) == (images.WIDTH * images.SCALE, images.HEIGHT * images.SCALE)
    assert 20_000 < len(png) < 3_000_000
    from PIL import Image

    picture = Image.open(io.BytesIO(png)).convert("RGB")
    colours = picture.getcolors(maxcolors=1 << 20)
    bar_blue = (0x1F, 0x4E, 0x9C)
    assert any(c == bar_blue and n > 5_000 for n, c in colours), "the bars are drawn"
    white = next(n for n, c in colours if c == (255, 255, 255))
    assert white < picture.width * picture.height * 0.95, "not a blank image"
    edges = [picture.crop(box) for box in ((0, 0, 12, picture.height), (picture.width - 12, 0, picture.width, picture.height))]
    assert all(edge.getextrema() == ((255, 255), (255, 255), (255, 255)) for edge in edges), "labels clipped at the edge"

    svg = images.image_bytes(fig, "svg")
    (ARTIFACTS / "chart-expenditure.svg").write_bytes(svg)
    texts = "".join(t.text or "" for t in ET.fromstring(svg).iter() if t.tag.endswith("text"))
    for category in slide.chart.categories:
        assert category in texts


def test_images_say_why_without_a_browser(monkeypatch, tmp_path):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    slide = next(s for s in build_slides(parsed(SEED)) if s.chart is not None)
    with pytest.raises(images.ImageUnavailable, match="未安装Chromium"):
        images.image_bytes(images.figure_for(slide.chart), "png")


def _run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_export_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export", *argv])
    return args.run(args)


def test_export_command_writes_each_file(tmp_path, capsys):
    source = corpus_file(SEED)
    out = {ext: tmp_path / f"brief.{ext}" for ext in ("pptx", "xlsx", "html")}
    status = _run_cli(str(source), "--pptx", str(out["pptx"]), "--xlsx", str(out["xlsx"]), "--html", str(out["html"]))
    assert status == 0
    report = parsed(SEED)
    assert len(Presentation(out["pptx"]).slides) == len(build_slides(report, []))
    assert "审核发现" in load_workbook(out["xlsx"]).sheetnames
    assert report.header.unit in out["html"].read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert all(str(p) in printed for p in out.values())


def test_export_command_needs_a_target_and_a_readable_file(tmp_path, capsys):
    assert _run_cli(str(corpus_file(SEED))) == 2
    assert "请至少指定一种导出" in capsys.readouterr().err
    bogus = tmp_path / "x.pdf"
    bogus.write_bytes(b"not a pdf at all")
    assert _run_cli(str(bogus), "--xlsx", str(tmp_path / "x.xlsx")) == 2
    assert "无法读取" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_python_m_juesuan_export(tmp_path):
    """The command as a user types it (the main CLI registers `export`)."""
    out = tmp_path / "deck.pptx"
    done = subprocess.run([sys.executable, "-m", "juesuan", "export", str(corpus_file(SEED)), "--pptx", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"已生成 {out}" in done.stdout
    assert Presentation(out).slides[0].shapes[0].text_frame.text == parsed(SEED).header.unit

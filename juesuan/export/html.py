"""The one-page brief: a self-contained HTML summary that prints to one A4 sheet.

Charts are drawn with plain HTML and CSS (bars whose width is the value), so the file
needs no script, no web font and no network, opens in any browser or mail client, and
prints exactly as it looks. `html_to_pdf` prints it with headless Chromium when the
machine has one.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from ..model import Report
from ..review import as_findings, where
from . import takeaways as say
from .slides import MAX_FINDINGS_LISTED, Chart, Slide, build_slides

PALETTE = ["#1f4e9c", "#e07b00", "#2e8b57", "#8e44ad", "#00838f", "#b5651d", "#d81b60", "#5d6d7e"]
# The charts a brief has room for (two rows of two), in order of preference.
BRIEF_CHARTS = ("expenditure", "budget", "basic-project", "yoy", "sangong", "income", "performance")
MAX_BRIEF_CHARTS = 4
MAX_BRIEF_BARS = 6  # categories per bar chart; the charts are sorted largest first where order is free
MAX_BRIEF_PROJECTS = 6
MAX_BRIEF_FLAGS = 3
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
PDF_TIMEOUT_S = 60

CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
/* A TrueType CJK font first: printed by Chromium, it keeps 支 as 支 in the PDF's text (the
   CFF-based Noto CJK becomes Type 3 glyphs that extractors read as Kangxi radicals) */
body { font-family: "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif;
  color: #1b1b1b; margin: 0 auto; max-width: 190mm; font-size: 9.5pt; line-height: 1.35;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; margin: 0 0 1mm; color: #1f4e9c; }
.sub { color: #666; margin-bottom: 3mm; }
h2 { font-size: 11pt; margin: 3mm 0 1.5mm; border-bottom: 1px solid #c9d3e3; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
.kpi { background: #eef3fa; padding: 1.5mm 2mm; border-radius: 1.5mm; }
.kpi .label { color: #555; font-size: 8.5pt; }
.kpi .value { color: #1f4e9c; font-weight: bold; font-size: 12pt; }
.kpi .basis { color: #777; font-size: 7pt; margin-left: 1mm; }
.lead { font-weight: bold; color: #1f4e9c; margin: 2mm 0; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 5mm; }
.chart { break-inside: avoid; }
.chart h3 { font-size: 10pt; margin: 1mm 0 0; }
.chart .takeaway { color: #1f4e9c; font-size: 8.5pt; margin-bottom: 1mm; }
.bars { display: grid; grid-template-columns: 28mm 1fr; gap: 0.6mm 1.5mm; align-items: center; font-size: 8pt; }
.bars .cat { text-align: right; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.track { display: flex; flex-direction: column; gap: 0.3mm; }
.bar { height: 2.6mm; min-width: 0.3mm; }
.barline { display: flex; align-items: center; gap: 1mm; white-space: nowrap; }
.stack { display: flex; height: 5mm; border-radius: 1mm; overflow: hidden; }
.legend { font-size: 8pt; margin-top: 1mm; }
.legend span { display: inline-block; margin-right: 3mm; }
.swatch { display: inline-block; width: 2.5mm; height: 2.5mm; margin-right: 0.8mm; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border: 1px solid #c9d3e3; padding: 0.8mm 1.5mm; text-align: left; }
th { background: #1f4e9c; color: white; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.findings { margin: 0; padding-left: 5mm; font-size: 8.5pt; }
ul.findings li { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.flags { color: #c62828; font-size: 8pt; margin-top: 1mm; }
.sev-错误 { color: #c62828; font-weight: bold; } .sev-警告 { color: #b26a00; font-weight: bold; } .sev-提示 { color: #1565c0; }
footer { color: #888; font-size: 7.5pt; margin-top: 3mm; }
"""


def _num(value: float, unit: str) -> str:
    return f"{value:,.2f}" if unit == "万元" else f"{value:g}"


def _legend(names: list[str]) -> str:
    items = "".join(
        f'<span><i class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></i>{escape(n)}</span>'
        for i, n in enumerate(names)
    )
    return f'<div class="legend">{items}</div>'


def _pie(chart: Chart) -> str:
    """A pie as one 100% stacked bar: proportions read as well, and it prints crisply."""
    values = chart.series[0].values
    total = sum(values) or 1
    parts = "".join(
        f'<div style="width:{v / total * 100:.3f}%;background:{PALETTE[i % len(PALETTE)]}" '
        f'title="{escape(label)}"></div>'
        for i, (label, v) in enumerate(zip(chart.categories, values))
    )
    names = [f"{label} {_num(v, chart.unit)}（{say.pct(v / total * 100)}）" for label, v in zip(chart.categories, values)]
    return f'<div class="stack">{parts}</div>{_legend(names)}'


def _bars(chart: Chart) -> str:
    shown = chart.categories[:MAX_BRIEF_BARS]
    top = max((v for s in chart.series for v in s.values[: len(shown)]), default=0) or 1
    rows = []
    for i, category in enumerate(shown):
        lines = "".join(
            f'<div class="barline"><div class="bar" style="width:{s.values[i] / top * 78:.3f}%;'
            f'background:{PALETTE[j % len(PALETTE)]}"></div>{_num(s.values[i], chart.unit)}</div>'
            for j, s in enumerate(chart.series)
        )
        rows.append(f'<div class="cat" title="{escape(category)}">{escape(category)}</div><div class="track">{lines}</div>')
    legend = _legend([s.name for s in chart.series]) if len(chart.series) > 1 else ""
    more = len(chart.categories) - len(shown)
    rest = f'<div class="legend">另有{more}项，见演示文稿</div>' if more > 0 else ""
    return f'<div class="bars">{"".join(rows)}</div>{legend}{rest}'


def chart_html(chart: Chart) -> str:
    return _pie(chart) if chart.kind == "pie" else _bars(chart)


def _chart_block(slide: Slide) -> str:
    return (f'<div class="chart"><h3>{escape(slide.chart.title)}</h3>'
            f'<div class="takeaway">{escape(slide.title)}</div>{chart_html(slide.chart)}</div>')


def _projects(report: Report) -> str:
    if not report.projects:
        return ""
    def cell(c) -> str:
        return f"{float(c.value):,.2f}" if c is not None and c.value is not None else "—"
    shown = report.projects[:MAX_BRIEF_PROJECTS]
    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td class=num>{cell(p.budget)}</td><td class=num>{cell(p.spent)}</td>"
        f"<td class=num>{cell(p.execution_rate)}</td><td class=num>{cell(p.score)}</td><td>{escape(p.grade or '—')}</td></tr>"
        for p in shown
    )
    more = len(report.projects) - len(shown)
    rest = f'<tr><td colspan="6">另有{more}个项目，见Excel工作簿</td></tr>' if more > 0 else ""
    return (
        f"<h2>绩效自评（{len(report.projects)}个项目，金额单位：{escape(report.header.money_unit)}）</h2>"
        "<table><tr><th>项目</th><th>预算金额</th><th>实际执行金额</th><th>执行率(%)</th><th>自评得分</th><th>等级</th></tr>"
        f"{rows}{rest}</table>"
    )


def _findings(slide: Slide | None) -> str:
    """The top problems in the review's words (two lines each at most); the rest counted."""
    if slide is None:
        return ""
    problems = slide.problems
    items = [f'<li><span class="sev-{escape(f.severity)}">【{escape(f.severity)}】</span>{escape(f.message + where(f))}</li>'
             for f in problems[:MAX_FINDINGS_LISTED]]
    if len(problems) > len(items):
        items.append(f"<li>……另有{len(problems) - len(items)}个问题，见导出的Excel“审核发现”表</li>")
    return f'<h2>审核发现</h2><div class="lead">{escape(slide.title)}</div><ul class="findings">{"".join(items)}</ul>'


def _flags(lines: list[str]) -> str:
    return "".join(f'<div class="flags">{escape(f)}</div>' for f in lines)


def build_html(report: Report, findings: Iterable[Any] | None = None, slides: list[Slide] | None = None) -> str:
    """The brief as one HTML document (UTF-8 text, no external resources) that prints on one A4 page."""
    findings = None if findings is None else as_findings(findings)
    slides = slides if slides is not None else build_slides(report, findings)
    by_key = {s.key: s for s in slides}
    h = report.header
    cover = by_key["title"]
    kpi = by_key.get("kpi")
    kpis = "".join(
        f'<div class="kpi"><div class="label">{escape(k.label)}<span class="basis">{escape(k.value.basis)}</span></div>'
        f'<div class="value">{escape(k.text)}</div></div>'
        for k in (kpi.kpis if kpi else [])
    )
    flags = (kpi.flags if kpi else [])[:MAX_BRIEF_FLAGS]
    charted = [by_key[k] for k in BRIEF_CHARTS if k in by_key and by_key[k].chart is not None][:MAX_BRIEF_CHARTS]
    charts = "".join(_chart_block(s) for s in charted)
    source = report.source.filename
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(cover.title)} {h.year or ''}年度决算简报</title>
<style>{CSS}</style></head>
<body>
<h1>{escape(cover.title)}　{h.year or ''}年度决算简报</h1>
<div class="sub">{escape(cover.bullets[0] if cover.bullets else '')}　金额单位：万元{'　来源：' + escape(source) if source else ''}</div>
{_flags(cover.flags)}
<div class="kpis">{kpis}</div>
{_flags(flags)}
{f'<div class="lead">{escape(kpi.title)}</div>' if kpi else ''}
<div class="charts">{charts}</div>
{_projects(report)}
{_findings(by_key.get('findings'))}
<footer>由决算看板根据报告自动生成；金额单位：万元（绩效表为报告原单位）；占比、完成率由表中数字计算；※为审核发现与其他数字不一致的数。</footer>
</body></html>
"""


class PdfUnavailable(RuntimeError):
    """No browser to print with; the message is for the user."""


def find_chromium() -> str | None:
    configured = os.environ.get("BROWSER_PATH")
    if configured and Path(configured).exists():
        return configured
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def html_to_pdf(html: str) -> bytes:
    """Print the brief to PDF (A4) with headless Chromium."""
    browser = find_chromium()
    if browser is None:
        raise PdfUnavailable("本机未安装Chromium浏览器，无法生成PDF。请下载HTML简报后在浏览器中“打印→另存为PDF”。")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=PDF_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as err:
            raise PdfUnavailable("浏览器生成PDF超时，请下载HTML简报后在浏览器中打印。") from err
        if not out.exists() or out.stat().st_size == 0:
            raise PdfUnavailable("浏览器未能生成PDF，请下载HTML简报后在浏览器中打印。")
        return out.read_bytes()

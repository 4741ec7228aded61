"""The meeting deck: slides → a .pptx with native, editable PowerPoint charts.

Charts carry their data (PowerPoint's "编辑数据" opens it), so a presenter can restyle
them. Every run gets an east-asian font as well as a latin one: PowerPoint picks the font
of a CJK character from `a:ea`, and a deck that sets only the latin font shows Chinese in
whatever fallback the viewing machine has.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..model import Report
from .slides import Chart, Kpi, Slide, build_slides

# 微软雅黑 is on every Windows and Office for Mac install; LibreOffice substitutes a CJK sans.
CJK_FONT = "微软雅黑"
LATIN_FONT = "Microsoft YaHei"
PALETTE = ["1F4E9C", "E07B00", "2E8B57", "8E44AD", "00838F", "B5651D", "D81B60", "5D6D7E"]
INK, ACCENT, MUTED = RGBColor(0x1B, 0x1B, 0x1B), RGBColor(0x1F, 0x4E, 0x9C), RGBColor(0x66, 0x66, 0x66)
CHART_TYPES = {
    "pie": XL_CHART_TYPE.PIE,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
}
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5  # python-pptx's default template: 'Title Slide', 'Title Only'
MAX_SOURCES = 4
MAX_FLAGS = 3  # disputed-number notes on a slide; the speaker notes hold them all
FLAG = RGBColor(0xC6, 0x28, 0x28)
WORDY_CHARS = 240  # beside a chart, more text than this is set smaller and given more width


def set_font(font, size: float | None = None, bold: bool | None = None, color: RGBColor | None = None) -> None:
    """Latin and east-asian typeface (and size/weight/colour) on a python-pptx Font."""
    font.name = LATIN_FONT
    rpr = font._rPr  # python-pptx exposes no east-asian font setter
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        rpr.find(qn("a:latin")).addnext(ea)
    ea.set("typeface", CJK_FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color


def _text(slide, left, top, width, height, lines: list[str], size: float, *, bold=False, color=INK,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        para.space_after = Pt(size * 0.4)
        run = para.add_run()
        run.text = line
        set_font(run.font, size, bold, color)


def _chart(slide, chart: Chart, left, top, width, height) -> None:
    data = CategoryChartData(number_format="#,##0.00" if chart.unit == "万元" else "General")
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    graphic = slide.shapes.add_chart(CHART_TYPES[chart.kind], left, top, width, height, data).chart
    set_font(graphic.font, 16, color=INK)
    graphic.has_title = False  # the slide title says it
    plot = graphic.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    set_font(labels.font, 14, color=INK)
    if chart.kind == "pie":
        labels.number_format, labels.number_format_is_linked = "0.00%", False
        labels.show_percentage, labels.show_value, labels.show_category_name = True, False, True
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(PALETTE[i % len(PALETTE)])
        graphic.has_legend = len(chart.categories) > 1
    else:
        labels.number_format, labels.number_format_is_linked = data.number_format, False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.gap_width = 80
        for i, series in enumerate(plot.series):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(PALETTE[i % len(PALETTE)])
        graphic.has_legend = len(chart.series) > 1
        axis = graphic.value_axis
        axis.has_title = True
        axis.axis_title.text_frame.text = chart.unit
        set_font(axis.axis_title.text_frame.paragraphs[0].runs[0].font, 14, color=MUTED)
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = data.number_format, False
        axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
        axis.minimum_scale = 0  # bars start at zero, or small differences look huge
        if chart.kind == "bar":
            graphic.category_axis.reverse_order = True  # first category on top, as it reads
            # and the value axis stays at the bottom: it crosses the reversed category axis at its end
            # (python-pptx's `crosses` would write on the other axis)
            axis._element.find(qn("c:crosses")).set("val", "max")
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
        set_font(graphic.legend.font, 14, color=INK)


def _kpi_grid(slide, kpis: list[Kpi], top) -> None:
    columns = 4
    gap = Inches(0.25)
    cell_w = Emu(int((WIDTH - 2 * MARGIN - gap * (columns - 1)) / columns))
    cell_h = Inches(1.6)
    for i, kpi in enumerate(kpis):
        row, col = divmod(i, columns)
        left = MARGIN + col * (cell_w + gap)
        y = top + row * (cell_h + gap)
        box = slide.shapes.add_shape(1, left, y, cell_w, cell_h)  # 1 = rectangle
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xEE, 0xF3, 0xFA)
        box.line.fill.background()
        _text(slide, left, y + Inches(0.1), cell_w, Inches(0.5), [f"{kpi.label}（万元）"], 18, color=MUTED, align=PP_ALIGN.CENTER)
        _text(slide, left, y + Inches(0.55), cell_w, Inches(0.7), [kpi.text], 32, bold=True, color=ACCENT, align=PP_ALIGN.CENTER)
        _text(slide, left, y + Inches(1.15), cell_w, Inches(0.4), [kpi.value.basis], 14, color=MUTED, align=PP_ALIGN.CENTER)


def _place_title(placeholder, text: str, left, top, width, height, size: float, color: RGBColor) -> None:
    """The slide's title in its real title placeholder (outline view, accessibility and the
    slide sorter read it), moved to the 16:9 page and set in the deck's fonts."""
    placeholder.left, placeholder.top, placeholder.width, placeholder.height = left, top, width, height
    frame = placeholder.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = text
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT if size < 40 else PP_ALIGN.CENTER
    set_font(para.runs[0].font, size, True, color)


def footer_text(report: Report, slide: Slide, exported: date) -> str:
    """Unit, year, money unit, the pages the numbers stand on and the export date."""
    h = report.header
    parts = [h.unit, f"{h.year}年度决算" if h.year else "", "金额单位：万元"]
    if slide.sources:
        parts.append("数据来源：" + "、".join(slide.sources[:MAX_SOURCES]) + ("等" if len(slide.sources) > MAX_SOURCES else ""))
    parts.append(f"导出于{exported:%Y-%m-%d}")
    return "　".join(p for p in parts if p)


def _notes(page, slide: Slide) -> None:
    lines = [slide.title, *slide.notes, *slide.flags]
    if slide.sources:
        lines.append("数据来源：" + "、".join(slide.sources))
    page.notes_slide.notes_text_frame.text = "\n".join(lines)


def _add_slide(prs: Presentation, report: Report, slide: Slide, exported: date) -> None:
    inner = WIDTH - 2 * MARGIN
    if slide.key == "title":
        page = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
        _place_title(page.shapes.title, slide.title, MARGIN, Inches(2.0), inner, Inches(1.5), 44, ACCENT)
        subtitle = page.placeholders[1]
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(3.7), inner, Inches(1.6)
        lines = [*slide.bullets, f"导出于{exported:%Y-%m-%d}"]
        subtitle.text_frame.text = "\n".join([*lines, *slide.flags])
        for i, para in enumerate(subtitle.text_frame.paragraphs):
            para.alignment = PP_ALIGN.CENTER
            set_font(para.runs[0].font, *((22, False, MUTED) if i < len(lines) else (16, True, FLAG)))
        _notes(page, slide)
        return
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _text(page, MARGIN, Inches(0.2), inner, Inches(0.4), [slide.topic], 14, color=MUTED)
    _place_title(page.shapes.title, slide.title, MARGIN, Inches(0.55), inner, Inches(1.05), 26, INK)
    flags_h = Inches(0.32) * min(len(slide.flags), MAX_FLAGS)
    body_top = Inches(1.75)
    body_h = HEIGHT - body_top - Inches(0.6) - flags_h
    if slide.kpis:
        _kpi_grid(page, slide.kpis, body_top)
    elif slide.chart and slide.bullets:
        wordy = sum(map(len, slide.bullets)) > WORDY_CHARS
        chart_w = Emu(int(inner * (0.45 if wordy else 0.6)))
        _chart(page, slide.chart, MARGIN, body_top, chart_w, body_h)
        _text(page, MARGIN + chart_w + Inches(0.3), body_top, inner - chart_w - Inches(0.3), body_h, slide.bullets,
              13 if wordy else 16)
    elif slide.chart:
        _chart(page, slide.chart, MARGIN, body_top, inner, body_h)
    elif slide.bullets:
        wordy = sum(map(len, slide.bullets)) > WORDY_CHARS
        _text(page, MARGIN, body_top, inner, body_h, slide.bullets, 15 if wordy else 20)
    if slide.flags:
        shown = slide.flags[:MAX_FLAGS - 1] + [f"……另有{len(slide.flags) - MAX_FLAGS + 1}处，见备注"] \
            if len(slide.flags) > MAX_FLAGS else slide.flags
        _text(page, MARGIN, HEIGHT - Inches(0.55) - flags_h, inner, flags_h, shown, 11, color=FLAG)
    _text(page, MARGIN, HEIGHT - Inches(0.45), inner, Inches(0.4), [footer_text(report, slide, exported)], 10, color=MUTED)
    _notes(page, slide)


def build_pptx(report: Report, findings: Iterable[Any] | None = None, slides: list[Slide] | None = None,
               exported: date | None = None) -> bytes:
    """The deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for slide in slides if slides is not None else build_slides(report, findings):
        _add_slide(prs, report, slide, exported or date.today())
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()

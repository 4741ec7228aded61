"""Sheets onto PDF pages (reportlab): widths, wrapping, ruling, pagination, page furniture.

Laying out produces each page's drawing operations and, for every amount cell, the page it
was drawn on — the expected facts; emitting draws the operations. The table of contents,
which needs the tables' pages, is laid out last but printed second.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .features import Layout, tag
from .sheets import Line, Sheet

FONT = "STSong-Light"  # a standard CID font: no file to embed, extracts as Unicode
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
MARGIN = 40.0
PAD = 2.5


@dataclass
class Text:
    x: float
    y: float  # baseline, from the page's bottom
    text: str
    size: float
    align: str = "left"
    order: tuple = ()  # (line, column) of a table cell: the draw order of a column-major text layer


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class Document:
    unit: str
    year: int
    layout: Layout
    sheets: list[Sheet]
    label_of: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Rendered:
    pdf: bytes
    expected: dict[str, tuple[Decimal, int]]  # fact key → (value, page)
    tags: set[str]
    pages: int


def width_of(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines no wider than width, anywhere (as spreadsheet cells do)."""
    lines, current = [], ""
    for ch in text:
        if current and width_of(current + ch, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current or not lines else lines


class _Pager:
    """Pages being filled top-down, with the running header and page number on each."""

    def __init__(self, doc: Document, size: tuple[float, float], font: float):
        self.doc, self.size, self.font = doc, size, font
        self.pages: list[Page] = []
        self.y = 0.0

    @property
    def number(self) -> int:
        return len(self.pages)

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self, furniture: bool = True) -> None:
        self.pages.append(Page())
        w, h = self.size
        self.y = h - MARGIN
        layout = self.doc.layout
        if not furniture:
            return
        if layout.running:
            self.page.texts.append(Text(w - MARGIN, h - MARGIN / 2, f"{self.doc.unit}{self.doc.year}年度部门决算", self.font - 1, "right"))
        if layout.page_numbers:
            n = self.number - 1
            text = {"dash": f"- {n} -", "di": f"第{n}页", "plain": str(n)}[layout.page_numbers]
            self.page.texts.append(Text(w / 2, MARGIN / 2, text, self.font - 1, "center"))

    @property
    def bottom(self) -> float:
        return MARGIN

    def room(self) -> float:
        return self.y - self.bottom

    def text_line(self, text: str, size: float, align: str = "left") -> None:
        w = self.size[0]
        x = {"left": MARGIN, "center": w / 2, "right": w - MARGIN}[align]
        self.y -= size * 1.4
        self.page.texts.append(Text(x, self.y, text, size, align))


def render(doc: Document, rng: random.Random) -> Rendered:
    layout = doc.layout
    size = landscape(A4) if layout.landscape else A4
    pager = _Pager(doc, size, layout.font_size)
    expected: dict[str, tuple[Decimal, int]] = {}
    tags: set[str] = set()
    pager.new_page(furniture=False)
    pager.y = size[1] * 0.6
    pager.text_line(doc.unit, 22, "center")
    pager.text_line(f"{doc.year}年度部门决算", 22, "center")
    toc_at = None
    if layout.toc:
        pager.new_page()
        toc_at = len(pager.pages) - 1
        tags.add(tag("toc", True))
    starts: list[tuple[Sheet, int]] = []
    for i, sheet in enumerate(doc.sheets):
        table = _TableLayout(sheet, layout, size, rng)
        shared = layout.same_page and i > 0 and pager.room() > table.title_height() + table.header_height() + 4 * table.line_heights[0]
        if shared:
            pager.y -= 18
            tags.add("pages:new_table_same_page")
        else:
            pager.new_page()
        starts.append((sheet, pager.number))
        first, last = table.place(pager, expected, doc)
        if last > first:
            tags.add("pages:multi_repeat_header" if layout.repeat_header else "pages:multi_no_header")
            if sheet.two_sided:
                tags.add("pages:twosided_split")
        tags |= sheet.tags | table.tags
    if toc_at is not None:
        _toc(pager.pages[toc_at], starts, doc, size)
    return Rendered(_emit(pager.pages, size, layout), expected, tags, len(pager.pages))


def _toc(page: Page, starts: list[tuple[Sheet, int]], doc: Document, size: tuple[float, float]) -> None:
    w, h = size
    y = h - MARGIN - 30
    page.texts.append(Text(w / 2, y, "目录", 16, "center"))
    for n, (sheet, at) in enumerate(starts, start=1):
        y -= 20
        label = doc.label_of.get(sheet.table_id)
        title = f"{n}. {sheet.title}" + (f"（{label}）" if label else "")
        page.texts.append(Text(MARGIN + 20, y, title + " " + "." * 30 + f" {at - 1}", 11))


class _TableLayout:
    """One sheet's column widths, wrapped texts and row heights, and its placement."""

    def __init__(self, sheet: Sheet, layout: Layout, size: tuple[float, float], rng: random.Random):
        self.sheet, self.layout, self.rng = sheet, layout, rng
        self.tags: set[str] = set()
        avail = size[0] - 2 * MARGIN
        self.font = layout.font_size
        while True:
            self.widths = self._widths(avail)
            if sum(self.widths) <= avail or self.font <= 5.5:
                break
            self.font -= 0.5
        self.x0 = MARGIN + (avail - sum(self.widths)) / 2
        self.leading = self.font * 1.3
        self.header_lines = self._header_heights()
        self.line_heights = [self._line_height(line) for line in sheet.lines] or [self.leading + 2 * PAD]

    # --- sizes ----------------------------------------------------------------------------

    def _natural(self, col: int) -> float:
        texts = [line.cells[col].text for line in self.sheet.lines if line.cells[col] is not None and line.cells[col].span == 1]
        indent = max((line.cells[col].indent for line in self.sheet.lines if line.cells[col] is not None), default=0)
        widest = max((width_of(t, self.font) for t in texts), default=0) + indent * self.font
        return widest + 2 * PAD

    def _widths(self, avail: float) -> list[float]:
        sheet, f = self.sheet, self.font
        widths = []
        for col, kind in enumerate(sheet.kinds):
            natural = self._natural(col)
            leaves = [c.text for c in sheet.header if c.col == col and c.colspan == 1]
            header = max((width_of(t, f) for t in leaves), default=0) + 2 * PAD
            if kind == "label":
                narrow = self.layout.label_wrap != "none"
                width = max(min(natural, 9 * f + 2 * PAD) if narrow else natural, 4 * f + 2 * PAD)
            elif kind == "amount" and self.layout.header_wrap:
                width = max(natural, min(header, 3.2 * f + 2 * PAD), 2.5 * f)
            else:
                width = max(natural, header, 2 * f)
            widths.append(width)
        excess = sum(widths) - avail
        labels = [i for i, k in enumerate(sheet.kinds) if k == "label"]
        if excess > 0 and labels:  # narrow the label columns first: their texts wrap
            for i in labels:
                widths[i] = max(widths[i] - excess / len(labels), 6 * f + 2 * PAD)
        return widths

    def _span_width(self, col: int, span: int) -> float:
        return sum(self.widths[col:col + span])

    def _header_heights(self) -> list[float]:
        rows = self.sheet.header_rows
        heights = [self.leading + 2 * PAD] * rows
        self.header_texts = {}
        for cell in sorted(self.sheet.header, key=lambda c: c.rowspan):
            lines = wrap(cell.text, self._span_width(cell.col, cell.colspan) - 2 * PAD, self.font)
            if len(lines) > 1 and self.sheet.kinds[cell.col] == "amount":
                self.tags.add(tag("header_wrap", True))
            self.header_texts[id(cell)] = lines
            need = len(lines) * self.leading + 2 * PAD
            spanned = heights[cell.row:cell.row + cell.rowspan]
            if sum(spanned) < need:
                heights[cell.row + cell.rowspan - 1] += need - sum(spanned)
        return heights

    def _cell_lines(self, line: Line, col: int) -> list[str]:
        cell = line.cells[col]
        if cell is None:
            return []
        if not cell.wraps:
            return [cell.text]
        return wrap(cell.text, self._span_width(col, cell.span) - 2 * PAD - cell.indent * self.font, self.font)

    def _line_height(self, line: Line) -> float:
        n = max([len(self._cell_lines(line, c)) for c in range(len(line.cells))] + [line.min_lines])
        return n * self.leading + 2 * PAD

    def title_height(self) -> float:
        return (self.font + 5) * 1.4 + 3 * self.font * 1.4

    def header_height(self) -> float:
        numbering = self.leading + 2 * PAD if self.sheet.numbering else 0
        return sum(self.header_lines) + numbering

    # --- placement ---------------------------------------------------------------------------

    def place(self, pager: _Pager, expected: dict, doc: Document) -> tuple[int, int]:
        first = pager.number
        self._title(pager, doc)
        if self.sheet.no_data:
            expected.setdefault(f"{self.sheet.table_id}.无数据", (Decimal(1), pager.number))
        top = self._draw_header(pager)
        bounds: list[float] = [pager.y]
        spans: list[list[tuple[int, int]]] = []
        on_page = 0
        for n, line in enumerate(self.sheet.lines):
            h = self.line_heights[n]
            cap = self.layout.rows_per_page
            if pager.y - h < pager.bottom or (cap and on_page >= cap):
                self._rule(pager.page, top, bounds, spans)
                pager.new_page()
                top = self._draw_header(pager) if self.layout.repeat_header else pager.y
                bounds, spans, on_page = [pager.y], [], 0
            self._draw_line(pager, n, line, h, expected)
            bounds.append(pager.y)
            spans.append([(c, cell.span) for c, cell in enumerate(line.cells) if cell is not None and cell.span > 1])
            on_page += 1
        self._rule(pager.page, top, bounds, spans)
        self._notes(pager)
        return first, pager.number

    def _title(self, pager: _Pager, doc: Document) -> None:
        sheet, f = self.sheet, self.layout.font_size
        label = doc.label_of.get(sheet.table_id)
        if label and self.layout.label_inline:
            pager.text_line(f"{label}：{sheet.title}" if label.startswith("表") else f"{sheet.title}  {label}", f + 5, "center")
        else:
            pager.text_line(sheet.title, f + 5, "center")
            if label:
                pager.text_line(label, f, self.rng.choice(("center", "right")))
        mu = f"单位：{self.layout.money_unit}"
        fields = self.layout.fields
        kind = self.rng.choice(("部门名称", "单位名称", "编制单位"))
        pager.y -= f * 1.6
        w = pager.size[0]
        left = {"line": f"{kind}：{doc.unit}", "split": f"{kind}：{doc.unit}", "blank_unit": f"{kind}："}[fields]
        pager.page.texts.append(Text(MARGIN, pager.y, left, f))
        if fields == "line":
            pager.page.texts.append(Text(w / 2, pager.y, f"{doc.year}年度", f, "center"))
            mu = "金额" + mu
        pager.page.texts.append(Text(w - MARGIN, pager.y, mu, f, "right"))
        pager.y -= f * 0.8

    def _draw_header(self, pager: _Pager) -> float:
        top = pager.y
        rows_top = [top - sum(self.header_lines[:r]) for r in range(self.sheet.header_rows + 1)]
        for cell in self.sheet.header:
            x0 = self.x0 + sum(self.widths[:cell.col])
            x1 = x0 + self._span_width(cell.col, cell.colspan)
            y0, y1 = rows_top[cell.row], rows_top[cell.row + cell.rowspan]
            lines = self.header_texts[id(cell)]
            first = (y0 + y1) / 2 + (len(lines) - 1) * self.leading / 2 - self.font * 0.35
            for k, text in enumerate(lines):
                pager.page.texts.append(self._jittered(Text((x0 + x1) / 2, first - k * self.leading, text, self.font, "center", (-1, cell.col))))
            if self.layout.ruling == "grid":
                pager.page.rules += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
        pager.y = rows_top[-1]
        if self.sheet.numbering is not None:
            h = self.leading + 2 * PAD
            self._draw_line(pager, -1, self.sheet.numbering, h, {})
            if self.layout.ruling == "grid":
                self._rule_grid(pager.page, [pager.y + h, pager.y], [[]])
        if self.layout.ruling in ("horizontal", "frame"):
            pager.page.rules.append((self.x0, top, self.x0 + sum(self.widths), top))
            pager.page.rules.append((self.x0, pager.y, self.x0 + sum(self.widths), pager.y))
        return top

    def _draw_line(self, pager: _Pager, n: int, line: Line, h: float, expected: dict) -> None:
        top = pager.y
        rows = round((h - 2 * PAD) / self.leading)
        for col, cell in enumerate(line.cells):
            if cell is None:
                continue
            texts = self._cell_lines(line, col)
            if len(texts) > 1:
                self.tags.add(tag("label_wrap", line.place))
            place = cell.place or line.place
            offset = {"first": 0, "last": rows - len(texts), "middle": (rows - len(texts)) / 2}[place] if len(texts) < rows else 0
            x0 = self.x0 + sum(self.widths[:col])
            x1 = x0 + self._span_width(col, cell.span)
            x = {"left": x0 + PAD + cell.indent * self.font, "right": x1 - PAD, "center": (x0 + x1) / 2}[cell.align]
            for k, text in enumerate(texts):
                y = top - PAD - (offset + k + 1) * self.leading + self.leading * 0.25
                pager.page.texts.append(self._jittered(Text(x, y, text, self.font, cell.align, (n, col))))
            if cell.fact is not None:
                key, value = cell.fact
                expected.setdefault(key, (value, pager.number))
        pager.y = top - h

    def _jittered(self, text: Text) -> Text:
        if self.layout.jitter:
            text.y += self.rng.uniform(-self.layout.jitter, self.layout.jitter)
        return text

    # --- ruling ----------------------------------------------------------------------------------

    def _rule(self, page: Page, top: float, bounds: list[float], spans: list[list[tuple[int, int]]]) -> None:
        x1 = self.x0 + sum(self.widths)
        ruling = self.layout.ruling
        if ruling == "grid":
            self._rule_grid(page, bounds, spans)
        elif ruling == "horizontal":
            page.rules += [(self.x0, y, x1, y) for y in bounds[1:]]
        elif ruling == "frame":
            bottom = bounds[-1]
            page.rules += [(self.x0, top, x1, top), (self.x0, bottom, x1, bottom), (self.x0, top, self.x0, bottom), (x1, top, x1, bottom)]

    def _rule_grid(self, page: Page, bounds: list[float], spans: list[list[tuple[int, int]]]) -> None:
        x1 = self.x0 + sum(self.widths)
        page.rules += [(self.x0, y, x1, y) for y in bounds]
        edges = [self.x0 + sum(self.widths[:c]) for c in range(len(self.widths) + 1)]
        for (y0, y1), merged in zip(zip(bounds, bounds[1:]), spans):
            inner = {c for col, span in merged for c in range(col + 1, col + span)}
            page.rules += [(x, y0, x, y1) for c, x in enumerate(edges) if c not in inner]

    def _notes(self, pager: _Pager) -> None:
        texts = []
        if self.sheet.no_data:
            texts.append(self.rng.choice(("说明：本表无数据。", "本表无数据。", "注：本表无数据")))
        if self.layout.notes:
            texts += self.sheet.notes
        f = self.layout.font_size
        for text in texts:
            lines = wrap(text, pager.size[0] - 2 * MARGIN, f)
            if pager.room() < len(lines) * f * 1.4 + 4:
                pager.new_page()
            pager.y -= 4
            for line in lines:
                pager.text_line(line, f)


def _emit(pages: list[Page], size: tuple[float, float], layout: Layout) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size, invariant=1, pageCompression=0)
    for page in pages:
        c.setLineWidth(0.6)
        for x0, y0, x1, y1 in page.rules:
            c.line(x0, y0, x1, y1)
        texts = sorted(page.texts, key=lambda t: (t.order[1], t.order[0]) if layout.column_major and t.order else (-1, 0))
        for t in texts:
            c.setFont(FONT, t.size)
            draw = {"left": c.drawString, "right": c.drawRightString, "center": c.drawCentredString}[t.align]
            draw(t.x, t.y, t.text)
        c.showPage()
    c.save()
    return buf.getvalue()

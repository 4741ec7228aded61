"""Hostile inputs, built here rather than stored: tests and bench/hostile_bench.py use them.

Each is small to keep and cheap to build, and each once cost unbounded time or memory, or
crashed something (see README, "Hostile input").
"""
from __future__ import annotations

import io
import re

from .corpus import corpus_file

FORMULAS = ('=HYPERLINK("http://example.invalid","点击")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-2+3")
MARKUP = "<b>粗体</b><br>换行<i>斜</i>"
INVISIBLE = "\x00\u202e\u200b\x1b"  # NUL, right-to-left override, zero-width space, escape


def seed_text() -> str:
    return corpus_file("yangquan-2024.txt").read_text(encoding="utf-8")


def seed_unit() -> str:
    return "阳泉市国库集中支付中心"


def repeated_report(times: int) -> bytes:
    """The text seed N times over: one file, every table and paragraph N times."""
    return "\n".join([seed_text()] * times).encode("utf-8")


def span_bomb_docx(columns: int = 400_000_000) -> bytes:
    """A small Word file whose one table cell claims to span `columns` grid columns."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("收入支出决算总表")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(1, 0).text = "合计"
    tc_pr = table.cell(0, 1)._tc.get_or_add_tcPr()
    span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): str(columns)})
    tc_pr.append(span)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def path_operator_pdf(megabytes: int = 40) -> bytes:
    """A one-page PDF whose content stream is `megabytes` of line-drawing operators."""
    op = b"10 10 m 20 20 l 30 10 l h S\n"
    content = op * (megabytes * 1024 * 1024 // len(op))
    return pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                     b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"])


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog), with its xref table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def with_unit(unit: str, text: str | None = None) -> bytes:
    """The text seed with its unit name replaced."""
    return (text or seed_text()).replace(seed_unit(), unit).encode("utf-8")


def invisible_report() -> bytes:
    """The seed with control characters and a bidi override inside its unit name, a table
    label and the prose."""
    text = seed_text().replace(seed_unit(), f"阳泉市{INVISIBLE}国库集中支付中心")
    text = text.replace("一般公共服务支出", f"一般公共{INVISIBLE}服务支出", 1)
    text = re.sub("情况说明", f"情况{INVISIBLE}说明", text, count=1)
    return text.encode("utf-8")


def formula_report() -> bytes:
    """The seed whose unit name and row labels are spreadsheet formulas."""
    text = seed_text().replace(seed_unit(), FORMULAS[0])
    for formula, label in zip(FORMULAS[1:], ("一、一般公共服务支出", "八、其他收入", "二、政府性基金预算财政拨款收入",
                                             "三、国有资本经营预算财政拨款收入")):
        text = text.replace(label, formula)
    return text.encode("utf-8")


def markup_report() -> bytes:
    """The seed whose function-class names carry plotly's pseudo-HTML."""
    return seed_text().replace("一般公共服务支出", "一般公共服务支出" + MARKUP).encode("utf-8")


def incomplete_pdf() -> bytes:
    """The seed PDF with three blank scans (images with nothing legible) after it: pages that
    cannot be read, not even by OCR."""
    from .scans import with_blank_scans

    return with_blank_scans(corpus_file("yangquan-2024.pdf").read_bytes(), 3)

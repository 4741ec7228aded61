"""Readers on real inputs: every kind gives the same grids and lines of the same report."""
from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import openpyxl
import pdfplumber
import pytest

from juesuan.parse.errors import CorruptFileError, ReportError, ScannedError, UnsupportedFormatError
from juesuan.parse.pdf import read_pdf
from juesuan.parse.raw import RawDocument
from juesuan.parse.reader import detect_kind, read_document
from juesuan.parse.txt import read_text
from juesuan.parse.xlsx import format_number, read_xlsx

from .corpus import corpus_file
from .hostile import pdf_file

AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")
SEED_UNIT = "阳泉市国库集中支付中心"


def read(name: str) -> RawDocument:
    path = corpus_file(name)
    return read_document(path.read_bytes(), path.name)


def amounts(doc: RawDocument) -> Counter:
    """Every amount printed in the document's grids, with its multiplicity."""
    return Counter(c for g in doc.grids() for r in g.rows for c in r if c and AMOUNT.fullmatch(c))


def grids_with(doc: RawDocument, text: str) -> int:
    return sum(1 for g in doc.grids() if any(text in (c or "") for r in g.rows for c in r))


# --- the seed in three forms ------------------------------------------------------------


def test_text_reader_reads_the_seed():
    doc = read("yangquan-2024.txt")
    assert doc.kind == "txt" and doc.page_count is None and not doc.notes
    assert all(b.page is None for b in doc.blocks)
    assert any(SEED_UNIT in l.text for l in doc.lines())
    first = doc.grids()[0]
    assert first.rows[0][:4] == ["收入", "", "", "支出"]
    assert ["一、一般公共预算财政拨款收入", "1", "272.93", "一、一般公共服务支出", "32", "229.43"] in first.rows
    # The TOC ("title<TAB>page") stays lines, as in the Word document
    assert "一、收入支出决算总表\t2" in [l.text for l in doc.lines()]
    assert not any(g.rows[0][0] == "第一部分 概况" for g in doc.grids())


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_text_reader_decodes_common_encodings(encoding):
    raw = corpus_file("yangquan-2024.txt").read_bytes()
    assert read_text(raw.decode("utf-8").encode(encoding)).blocks == read_text(raw).blocks


def test_docx_reader_keeps_merged_cells_once():
    doc = read("yangquan-2024.docx")
    assert doc.kind == "docx" and all(b.page is None for b in doc.blocks)
    first = doc.grids()[0]
    # 收入 / 支出 each span three grid columns: text once, covered positions None
    assert first.rows[0] == ["收入", None, None, "支出", None, None]
    assert all(len(r) == len(first.rows[0]) for r in first.rows)
    # python-docx's row.cells would repeat merged text; the amounts here are exactly the
    # text form's, one for one
    assert amounts(doc) == amounts(read("yangquan-2024.txt"))
    assert any(SEED_UNIT in l.text for l in doc.lines())


def test_pdf_docx_and_text_agree_on_the_seed():
    pdf, docx, txt = read("yangquan-2024.pdf"), read("yangquan-2024.docx"), read("yangquan-2024.txt")
    assert pdf.kind == "pdf" and pdf.page_count == 22
    assert all(isinstance(b.page, int) and 1 <= b.page <= 22 for b in pdf.blocks)
    assert amounts(pdf) == amounts(txt)
    # 公开01 and 公开04 each run over two pages: two grids each carry their totals
    assert grids_with(pdf, "272.93") == grids_with(docx, "272.93") == grids_with(txt, "272.93") == 4
    for doc in (pdf, docx, txt):
        assert any(re.search(r"部门名称[:：]\s*" + SEED_UNIT, l.text) for l in doc.lines())


# --- Excel -----------------------------------------------------------------------------


def test_xlsx_reader_reads_the_transport_workbook():
    doc = read("shifan-transport-2024.xlsx")
    assert doc.kind == "xlsx"
    texts = [l.text for l in doc.lines()]
    assert len(doc.grids()) == 10  # one per sheet
    assert "收入支出决算总表" in texts and "公开01表" in texts
    assert "部门名称：示范市交通运输局 2024年度 金额单位：万元" in texts
    assert "说明：本表无数据" in texts
    assert any(t.startswith("注：本表反映部门本年度") for t in texts)
    first = doc.grids()[0]
    assert first.rows[0] == ["收入", None, None, "支出", None, None]  # merged ranges
    assert ["一、一般公共预算财政拨款收入", "1", "4,534.88", "一、一般公共服务支出", "32", ""] in first.rows
    # a bordered heading row inside a table stays in the grid
    assert doc.grids()[-1].rows[0] == ["一、政府采购情况", None, None]
    assert ["（一）车辆数合计（辆）", "7", "9.00"] in doc.grids()[-1].rows
    # every amount the workbook holds is printed the same in the PDF made from it
    pdf = read("shifan-transport-2024.pdf")
    assert not amounts(doc) - amounts(pdf)
    assert grids_with(doc, "4,793.38") == grids_with(pdf, "4,793.38")


def test_xlsx_without_borders_is_split_by_layout():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["收入决算表"])
    ws.merge_cells("A1:D1")
    ws.append(["项目", None, "本年收入合计", "财政拨款收入"])
    ws.merge_cells("A2:B2")
    ws.append(["201", "一般公共服务支出", 272.93, 9])
    ws.append([None])
    ws.append(["208", "社会保障和就业支出", 28.24, 28.24])
    ws.append(["注：本表反映部门本年度取得的各项收入情况。"])
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_xlsx(buf.getvalue())
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Line", "Grid", "Line"]
    assert doc.blocks[0].text == "收入决算表"
    assert doc.grids()[0].rows[0] == ["项目", None, "本年收入合计", "财政拨款收入"]
    assert ["201", "一般公共服务支出", "272.93", "9"] in doc.grids()[0].rows
    assert ["208", "社会保障和就业支出", "28.24", "28.24"] in doc.grids()[0].rows


@pytest.mark.parametrize(
    "value, fmt, shown",
    [(272.93, "General", "272.93"), (9, "General", "9"), (9, "#,##0.00", "9.00"), (4534.88, "#,##0.00", "4,534.88"),
     (3808, "0.00", "3808.00"), (0.1 + 0.2, "General", "0.3"), (0.9428, "0.00%", "94.28%"), (1234.5, "#,##0", "1,234")],
)
def test_numbers_are_shown_as_excel_prints_them(value, fmt, shown):
    assert format_number(value, fmt) == shown


# --- PDF line regrouping -----------------------------------------------------------------


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
# A CID font without a ToUnicode map: its glyphs cannot be mapped back to text.
UNMAPPED_CID_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Foo /Encoding /Identity-H /DescendantFonts [<< /Type /Font "
    b"/Subtype /CIDFontType2 /BaseFont /Foo /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>"
)


def make_pdf(lines: list[tuple[float, float, str]], fonts: tuple[bytes, ...] = (HELVETICA,)) -> bytes:
    """A PDF with one page per font, 12pt text at (x, y) points ('(text)' or '<hex>')."""
    content = "".join(f"BT /F1 12 Tf {x} {y} Td {t if t[0] in '(<' else f'({t})'} Tj ET\n" for x, y, t in lines).encode()
    n = len(fonts)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    for i, font in enumerate(fonts):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                    b"/Contents 3 0 R >>" % (5 + 2 * i))
        objs.append(font)
    return pdf_file(objs)


def test_pdf_regroups_numbers_set_on_a_shifted_baseline():
    text = [(72, 750 - 20 * i, f"Line {i} of the narrative") for i in range(4)]
    text += [(72, 600, "Total expenditure was"), (220, 596, "229.43"), (270, 600, "in 2024"), (72, 580, "Basic"), (120, 576.5, "136.03")]
    data = make_pdf(text)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # pdfplumber alone splits them
        assert "229.43" in [l["text"] for l in pdf.pages[0].extract_text_lines()]
    lines = [b.text for b in read_pdf(data).blocks]
    assert "Total expenditure was 229.43 in 2024" in lines and "Basic 136.03" in lines
    assert lines[:4] == [f"Line {i} of the narrative" for i in range(4)]


def test_pdf_lines_of_ordinary_pages_are_left_alone():
    data = make_pdf([(72, 750 - 14 * i, f"row {i}") for i in range(10)])  # tight but distinct lines
    assert [b.text for b in read_pdf(data).blocks] == [f"row {i}" for i in range(10)]


# --- choosing the reader -------------------------------------------------------------------


def test_kind_is_chosen_by_content_with_a_note_for_a_wrong_extension():
    raw = corpus_file("yangquan-2024.docx").read_bytes()
    doc = read_document(raw, "报告.pdf")
    assert doc.kind == "docx"
    assert doc.notes == ["文件扩展名为.pdf，但内容是Word文档（.docx），已按Word文档读取。"]
    assert not read_document(raw, "报告.docx").notes
    xlsx = read_document(corpus_file("shifan-transport-2024.xlsx").read_bytes(), "table.txt")
    assert xlsx.kind == "xlsx" and "Excel表格（.xlsx）" in xlsx.notes[0]


@pytest.mark.parametrize(
    "data, error, words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), UnsupportedFormatError, "另存为.docx"),
        (bytes(range(256)) * 8, UnsupportedFormatError, "支持的格式"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, UnsupportedFormatError, "支持的格式"),
    ],
)
def test_unknown_binaries_are_refused_in_chinese(data, error, words):
    with pytest.raises(error) as caught:
        detect_kind(data)
    assert words in caught.value.message


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def test_a_broken_office_file_is_a_typed_error_not_a_traceback():
    broken_docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"})
    with pytest.raises(CorruptFileError) as caught:
        read_document(broken_docx, "a.docx")
    assert "Word文档" in caught.value.message
    with pytest.raises(UnsupportedFormatError):
        read_document(_zip({"ppt/presentation.xml": b"<p/>"}), "a.pptx")
    with pytest.raises(ReportError):
        read_document(b"PK\x03\x04" + bytes(100), "a.xlsx")


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_paragraph_text_includes_revisions_and_fields_but_not_deletions():
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    p = document.add_paragraph("基本支出")._p
    p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="a"><w:r><w:t>136.03</w:t></w:r></w:ins>'))
    p.append(parse_xml(f'<w:del {W} w:id="2" w:author="a"><w:r><w:delText>136.04</w:delText></w:r></w:del>'))
    p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p.append(parse_xml(f'<w:r {W}><w:instrText>PAGEREF _Toc1 \\h</w:instrText></w:r>'))
    p.append(parse_xml(f'<w:fldSimple {W} w:instr="NUMPAGES"><w:r><w:t>万元</w:t></w:r></w:fldSimple>'))
    p.append(parse_xml(f'<w:r {W}><w:tab/><w:t>8</w:t><w:br/><w:t>下一行</w:t></w:r>'))
    buf = io.BytesIO()
    document.save(buf)
    assert [l.text for l in read_document(buf.getvalue(), "a.docx").lines()] == ["基本支出136.03万元\t8", "下一行"]


def test_docx_reads_text_boxes_once():
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("正文第一段")
    anchor = document.add_paragraph()
    box = '<w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent>'
    anchor._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box.format("某某单位2024年度单位决算")}</w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict>{box.format("某某单位2024年度单位决算")}</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    ))
    buf = io.BytesIO()
    document.save(buf)
    assert [l.text for l in read_document(buf.getvalue(), "a.docx").lines()] == ["正文第一段", "某某单位2024年度单位决算"]


def test_a_damaged_pdf_page_is_skipped_with_a_note(monkeypatch):
    from juesuan.parse import pdf as pdf_module

    original = pdf_module._page_blocks

    def failing_on_page_2(page, number, rulings="all"):
        if number == 2:
            raise ValueError("damaged content stream")
        return original(page, number, rulings)

    monkeypatch.setattr(pdf_module, "_page_blocks", failing_on_page_2)
    doc = read_document(corpus_file("yangquan-2024.pdf").read_bytes(), "a.pdf")
    assert doc.notes == ["第2页内容已损坏，无法读取，已跳过。"]
    assert {b.page for b in doc.blocks} == set(range(1, 23)) - {2}


def test_pdf_text_printed_twice_for_bold_is_read_once():
    data = make_pdf([(72, 700, "Total 229.43"), (72.3, 700, "Total 229.43"), (72, 680, "next line")])
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # pdfplumber alone doubles every character
        assert pdf.pages[0].extract_text_lines()[0]["text"] == "TToottaall 222299..4433"
    assert [b.text for b in read_pdf(data).blocks] == ["Total 229.43", "next line"]


def test_xlsx_formulas_without_saved_results_get_a_note():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["基本支出", 136.03])
    ws.append(["合计", "=SUM(B2:B2)"])  # openpyxl saves formulas without a computed value
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_xlsx(buf.getvalue())
    assert ["合计", ""] in doc.grids()[0].rows
    assert len(doc.notes) == 1 and "公式没有保存计算结果" in doc.notes[0]
    assert not read("shifan-transport-2024.xlsx").notes


def test_pdf_text_without_unicode_mapping_is_refused_or_noted():
    text = [(72, 700, "<4E2D6587>"), (72, 680, "<4E2D6587>")]
    with pytest.raises(ScannedError) as caught:
        read_pdf(make_pdf(text, fonts=(UNMAPPED_CID_FONT,)))
    assert "乱码" in caught.value.message
    doc = read_pdf(make_pdf(text, fonts=(HELVETICA, HELVETICA, UNMAPPED_CID_FONT)))
    assert doc.notes == ["第3页的文字无法正确提取（乱码），其中的内容未能读取。"]
    assert {b.page for b in doc.blocks} == {1, 2}


def test_xlsx_bordered_table_with_underlined_title_and_far_styled_rows():
    from openpyxl.styles import Border, PatternFill, Side

    thin = Side(style="thin")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["财政拨款“三公”经费支出决算表"])
    ws["A1"].border = Border(bottom=Side(style="medium"))  # an underline is not a table
    ws.append(["合计", "因公出国（境）费"])
    ws.append([54.16, 6.52])
    for row in ws.iter_rows(min_row=2, max_row=3):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.number_format = "#,##0.00"
    ws.cell(row=200000, column=30).fill = PatternFill("solid", fgColor="FFFF00")  # styled, empty
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_xlsx(buf.getvalue())
    assert [type(b).__name__ for b in doc.blocks] == ["Line", "Grid"]
    assert doc.grids()[0].rows == [["合计", "因公出国（境）费"], ["54.16", "6.52"]]

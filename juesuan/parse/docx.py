"""Word (.docx) reader: the body in document order, paragraphs → Line, tables → Grid.

Table cells are read from the XML rather than through python-docx's `row.cells`, which
repeats a merged cell's text at every position it covers (and so would double amounts).
Here a merged cell's text stands once, at its top-left position, and every position it
covers is None — the same convention pdfplumber uses for PDF tables.

Pages: a .docx has no fixed pages (they exist only once Word lays the text out), so every
block has page=None and `page_count` stays None.
"""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from .raw import Block, Grid, Line, RawDocument

_P, _TBL, _SDT, _TXBX = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:txbxContent")
_W_VAL = qn("w:val")
_MAX_COLUMNS = 63  # the most columns a Word table can have
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Run content → text. A tab is kept ('title<TAB>page' is how a TOC entry reads);
# breaks split a paragraph into lines.
_RUN_TEXT = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Not part of the paragraph's own text: deleted revisions, field codes, and text boxes
# (read separately, once) with their VML fallback copies.
_NOT_TEXT = {qn("w:del"), qn("w:instrText"), qn("w:delText"), _TXBX, _MC_FALLBACK}


def read_docx(data: bytes) -> RawDocument:
    document = Document(io.BytesIO(data))
    doc = RawDocument(kind="docx")
    doc.blocks.extend(_blocks(document.element.body))
    return doc


def _blocks(container) -> list[Block]:
    """Paragraphs and tables directly in `container` (content controls are looked into)."""
    blocks: list[Block] = []
    for child in container.iterchildren():
        if child.tag == _P:
            blocks.extend(_paragraph_lines(child))
        elif child.tag == _TBL:
            blocks.append(Grid(_table_rows(child)))
        elif child.tag == _SDT:  # e.g. an automatic table of contents
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                blocks.extend(_blocks(content))
    return blocks


def _paragraph_text(element, parts: list[str]) -> None:
    """The paragraph's text in document order, including runs that python-docx's
    Paragraph.text skips (tracked insertions, smart tags, simple fields)."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
        elif tag not in _NOT_TEXT:
            _paragraph_text(child, parts)


def _paragraph_lines(p) -> list[Line]:
    parts: list[str] = []
    _paragraph_text(p, parts)
    lines = [Line(part.strip()) for part in "".join(parts).split("\n") if part.strip()]
    # Text boxes anchored in the paragraph (cover titles are often set in one). Word stores
    # each box twice, as DrawingML and as a VML fallback: read the first only.
    for box in p.iter(_TXBX):
        if _is_own_box(box, p):
            lines.extend(b for b in _blocks(box) if isinstance(b, Line))
    return lines


def _is_own_box(box, p) -> bool:
    """Not a fallback copy, and not nested in another box of `p` (read with that box)."""
    for ancestor in box.iterancestors():
        if ancestor is p:
            return True
        if ancestor.tag in (_TXBX, _MC_FALLBACK):
            return False
    return True


def _table_rows(tbl) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[str | None] = [""] * _grid_offset(tr, "w:gridBefore")
        for tc in _row_cells(tr):
            props = tc.find(qn("w:tcPr"))
            span = max(1, _int_prop(props, "w:gridSpan", 1))
            merge = props.find(qn("w:vMerge")) if props is not None else None
            col = len(row)
            if merge is not None and merge.get(_W_VAL, "continue") == "continue" and _covered_above(rows, col):
                row.extend([None] * span)
            else:
                row.append(_cell_text(tc))
                row.extend([None] * (span - 1))
        row.extend([""] * _grid_offset(tr, "w:gridAfter"))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _covered_above(rows: list[list[str | None]], col: int) -> bool:
    # A vMerge 'continue' with nothing above (a malformed file) keeps its own text.
    return bool(rows) and col < len(rows[-1])


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == qn("w:tc"):
            yield child
        elif child.tag == _SDT:  # a cell wrapped in a content control
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from content.iterchildren(qn("w:tc"))


def _cell_text(tc) -> str:
    """The cell's paragraphs joined by line breaks (as pdfplumber joins wrapped cell lines);
    a nested table's text is included in reading order."""
    parts: list[str] = []
    for block in _blocks(tc):
        if isinstance(block, Line):
            parts.append(block.text)
        else:
            parts.extend(" ".join(c for c in r if c) for r in block.rows)
    return "\n".join(p for p in parts if p)


def _int_prop(props, name: str, default: int) -> int:
    """A grid count (span, cells skipped), at most Word's 63 columns: a file claiming a
    span of millions would otherwise grow the table to all the memory there is."""
    el = props.find(qn(name)) if props is not None else None
    try:
        return min(_MAX_COLUMNS, max(0, int(el.get(_W_VAL)))) if el is not None else default
    except (TypeError, ValueError):
        return default


def _grid_offset(tr, name: str) -> int:
    """Grid columns a row leaves empty before its first / after its last cell."""
    return _int_prop(tr.find(qn("w:trPr")), name, 0)

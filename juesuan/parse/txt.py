"""Plain-text reader: the tab-separated form a spreadsheet or Word 'save as text' produces.

Lines containing a tab are grid rows and consecutive ones form one Grid; any other
non-empty line is a Line; a blank line ends a grid too (a table continued after a page
break is then two grids, as the PDF and Word readers give it). Plain text has no pages,
so every block has page=None.
"""
from __future__ import annotations

import codecs
import re

from .errors import UnsupportedFormatError
from .raw import Grid, Line, RawDocument

# A table-of-contents entry saved as text: "title<TAB>page". A run made only of such rows
# is the 目录, kept as Lines (with the tab) like a Word document's TOC paragraphs.
_PAGE_NUMBER = re.compile(r"\d{1,3}")


def decode_text(data: bytes) -> str | None:
    """UTF-16 when it starts with its BOM (Notepad's 'Unicode'), else UTF-8 (with or
    without BOM), else GB18030 (Chinese Windows' default); None if none fits."""
    encodings = ("utf-16",) if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _is_toc_run(rows: list[list[str]]) -> bool:
    return all(len(r) == 2 and r[0] and _PAGE_NUMBER.fullmatch(r[1]) for r in rows)


def read_text(data: bytes) -> RawDocument:
    text = decode_text(data)
    if text is None:
        raise UnsupportedFormatError("无法识别文本文件的编码（既不是UTF-8也不是GB18030），请另存为UTF-8文本后上传。")
    doc = RawDocument(kind="txt")
    run: list[tuple[str, list[str]]] = []  # (line, cells) of consecutive tab lines

    def flush() -> None:
        if not run:
            return
        rows = [cells for _, cells in run]
        if _is_toc_run(rows):
            doc.blocks.extend(Line(line.strip()) for line, _ in run)
        else:
            doc.blocks.append(Grid(rows))
        run.clear()

    for line in text.splitlines():
        if "\t" in line:
            run.append((line, [cell.strip() for cell in line.split("\t")]))
            continue
        flush()
        if line.strip():
            doc.blocks.append(Line(line.strip()))
    flush()
    return doc

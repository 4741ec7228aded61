"""Plain-text reader: the tab-separated form a spreadsheet or Word 'save as text' produces.

Lines containing a tab are grid rows and consecutive ones form one Grid; any other
non-empty line is a Line. A blank line between rows of the same width does not end the
grid (a page break in the source leaves one there). Plain text has no pages, so every
block has page=None.
"""
from __future__ import annotations

import re

from .errors import UnsupportedFormatError
from .raw import Grid, Line, RawDocument

# A table-of-contents entry saved as text: "title<TAB>page". A run made only of such rows
# is the 目录, kept as Lines (with the tab) like a Word document's TOC paragraphs.
_PAGE_NUMBER = re.compile(r"\d{1,3}")


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 (Chinese Windows' default); None if neither."""
    for encoding in ("utf-8-sig", "gb18030"):
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

    blank_before = False
    for line in text.splitlines():
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            if blank_before and run and len(cells) != len(run[-1][1]):
                flush()
            run.append((line, cells))
            blank_before = False
        elif not line.strip():
            blank_before = True  # the run goes on if the next tab line has the same width
        else:
            flush()
            doc.blocks.append(Line(line.strip()))
            blank_before = False
    flush()
    return doc

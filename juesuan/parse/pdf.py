"""PDF reader: one pass over the pages; page_layout turns each page's words and ruled
tables into grids and the lines around them.

Each page's characters and drawn lines come from PDFium (pdfium_text, in pdfplumber's
form) and go through pdfplumber's word extraction and table finder — the same reading as
pdfplumber's own, at a fraction of its cost; pages PDFium cannot give exactly as
pdfminer would are read by pdfplumber. A page with no text but an image (a scan) is read
by OCR (ocr.py) into the same words.

Unreadable PDFs are refused with their typed error before any page is parsed where that
is possible (encrypted, broken, too many pages); a PDF without a text layer is refused
once the pass finds no text on any page.
"""
from __future__ import annotations

import bisect
import io
import re

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils import extract_text, extract_words
from pdfplumber.utils.exceptions import PdfminerException

from .errors import CorruptFileError, EncryptedError, ScannedError, TooManyPagesError
from .page_layout import page_blocks
from .page_words import PageContent, RuledTable, Word
from .pdfium_text import PdfiumDocument
from .raw import Block, Progress, RawDocument
from .settings import ParseSettings

_FIGURE = re.compile(r"[0-9.,%\-−()（）]")
_SCANNED = "该PDF为扫描件/图片，没有可提取的文字层，无法解析。请上传由Word/Excel导出的原始PDF，或先进行文字识别（OCR）。"
# OCR was tried and read nothing: the image holds no legible text
_SCANNED_UNREAD = "该PDF为扫描件/图片，没有可提取的文字层，文字识别（OCR）也未能从图片中读出文字，无法解析。请上传由Word/Excel导出的原始PDF，或更清晰的扫描件。"
_CORRUPT = "文件不完整或已损坏（可能下载/上传中断），无法打开。请重新下载或导出后再上传。"


def read_pdf(data: bytes, settings: ParseSettings = ParseSettings(), progress: Progress | None = None) -> RawDocument:
    """The PDF's blocks, page by page; `progress(done, total)` is told after each page."""
    doc = RawDocument(kind="pdf")
    pdf = _open(data)
    with pdf:
        _refuse_too_many(_declared_page_count(pdf), settings)  # before even listing the pages
        try:
            pages = pdf.pages
        except Exception as exc:  # a broken page tree
            raise CorruptFileError(_CORRUPT) from exc
        doc.page_count = len(pages)
        if not pages:
            raise CorruptFileError(_CORRUPT)
        _refuse_too_many(len(pages), settings)
        fast = _open_pdfium(data, len(pages))
        image_only: list[int] = []
        broken: list[int] = []
        garbled: list[int] = []
        chars = garbled_chars = 0
        try:
            for number, page in enumerate(pages, start=1):
                layer = None
                try:
                    layer = fast.text_page(number, page.page_obj.resources) if fast and settings.pdf_text == "pdfium" else None
                    source = layer or page
                    blocks = _page_blocks(source, number, settings.rulings)
                    page_chars, page_garbled = _char_counts(source.chars)
                    page_garbled += layer.unmapped if layer else 0
                    if not blocks and (layer.images if layer else page.images):
                        blocks = _ocr_blocks(fast, number) if settings.ocr and fast and not page_chars else []
                        (doc.ocr_pages if blocks else image_only).append(number)
                except MemoryError:  # the worker's cap (juesuan/worker.py), not a damaged page
                    raise
                except Exception:  # one damaged page should not cost the rest of the report
                    blocks, page_chars, page_garbled = [], 0, 0
                    broken.append(number)
                finally:
                    if layer:
                        layer.close()
                if page_garbled * 2 > page_chars:
                    garbled.append(number)
                    blocks = []  # its text is '(cid:…)' noise
                chars, garbled_chars = chars + page_chars, garbled_chars + page_garbled
                doc.blocks.extend(blocks)
                page.close()  # frees the page's parsed objects: memory stays flat on long files
                if progress:
                    progress(number, len(pages))
        finally:
            if fast:
                fast.close()
    if garbled_chars * 2 > chars and not doc.ocr_pages:
        raise ScannedError(
            "该PDF的文字无法正确提取（字体缺少编码映射，读出的是乱码），无法解析。请从原始Word/Excel重新导出PDF，或先进行文字识别（OCR）。"
        )
    if not doc.blocks:
        if image_only:
            raise ScannedError(_SCANNED_UNREAD if settings.ocr else _SCANNED)
        raise CorruptFileError(_CORRUPT if broken else "该PDF中没有任何可读取的文字，无法解析。请确认文件内容后再上传。")
    doc.unread_pages = sorted(set(image_only + garbled + broken))
    if doc.ocr_pages:
        doc.notes.append(f"第{'、'.join(map(str, doc.ocr_pages))}页为扫描图片，其文字由OCR（文字识别）读出，可能有误，请与原件核对。")
    for pages_hit, note in ((image_only, "为图片（扫描件），没有文字层，其中的内容未能读取。"),
                            (garbled, "的文字无法正确提取（乱码），其中的内容未能读取。"),
                            (broken, "内容已损坏，无法读取，已跳过。")):
        if pages_hit:
            doc.notes.append(f"第{'、'.join(map(str, pages_hit))}页{note}")
    return doc


def _open_pdfium(data: bytes, pages: int) -> PdfiumDocument | None:
    """The PDF in PDFium as well (fast text, rendering for OCR); None where PDFium cannot
    open it or counts other pages than pdfminer (pdfplumber then reads it alone)."""
    try:
        fast = PdfiumDocument(data)
    except Exception:  # noqa: BLE001 — pdfminer opened it: read it with pdfplumber
        return None
    if len(fast) != pages:
        fast.close()
        return None
    return fast


def _ocr_blocks(fast: PdfiumDocument, number: int) -> list[Block]:
    from .ocr import page_words

    page = fast.page(number)
    try:
        words = page_words(page)
    finally:
        page.close()
    return page_blocks(PageContent(number, words)) if words else []


def _char_counts(chars: list[dict]) -> tuple[int, int]:
    """(visible chars, chars without a Unicode mapping): pdfminer gives '(cid:123)' for a
    glyph whose font has no ToUnicode map, and some fonts map to the private use area."""
    visible = [c["text"] for c in chars if not c["text"].isspace()]
    return len(visible), sum(1 for t in visible if t.startswith("(cid:") or "\ue000" <= t[:1] <= "\uf8ff")


def _declared_page_count(pdf: pdfplumber.PDF) -> int | None:
    """/Count of the page tree's root: free to read, whereas listing 10 000 pages is not."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
    except Exception:  # a damaged tree: the listing below decides
        return None
    return count if isinstance(count, int) else None


def _refuse_too_many(count: int | None, settings: ParseSettings) -> None:
    if count is not None and count > settings.max_pages:
        raise TooManyPagesError(
            f"文件页数过多（{count}页），超出单份决算公开文件的合理范围（一般不超过100页），"
            "已停止解析。请确认文件内容或拆分后上传。"
        )


def _open(data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedError(
                "该PDF文件已加密（需要打开密码），无法读取。请提供未加密的文件，或先用密码打开后另存为不加密的PDF再上传。"
            ) from exc
        raise CorruptFileError(_CORRUPT) from exc


def _page_blocks(page, number: int, rulings: str = "all") -> list[Block]:
    """The page's grids and the text lines outside them, top to bottom (page_layout).
    `page` is a pdfplumber page or a PdfiumPage: both give pdfplumber's chars and edges."""
    if has_overprint(page.chars):
        page = page.dedupe_chars(tolerance=1)
    return page_blocks(page_content(page, number, rulings))


def page_content(page, number: int, rulings: str = "all") -> PageContent:
    """A page as the layout reads it: words, and the drawn lines the settings let it use
    (ruled tables, horizontal rules) — pdfplumber's word extraction and table finder on a
    pdfplumber page or a PdfiumPage alike."""
    words = [part for w in extract_words(page.chars, keep_blank_chars=False, use_text_flow=True, return_chars=True)
             for part in split_word(w["chars"])]
    if rulings == "none":
        return PageContent(number, words)
    hrules = [(e["top"], e["x0"], e["x1"]) for e in page.horizontal_edges]
    if rulings == "horizontal":
        return PageContent(number, words, hrules=hrules)
    ruled = []
    for table in TableFinder(page, TableSettings.resolve(None)).tables:
        rows = table.rows
        ruled.append(RuledTable(table.bbox, table_texts(rows, page.chars), [list(row.cells) for row in rows]))
    return PageContent(number, words, ruled, hrules)


def table_texts(rows, chars: list[dict]) -> list[list[str | None]]:
    """A pdfplumber table's cell texts, as its Table.extract() reads them: a cell holds the
    characters centred in it (left and top edges inclusive), read as pdfplumber reads
    text. extract() tests every character of the page against every row; here they are
    sorted by their middle once and each row takes its band."""
    mids = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, i) for i, c in enumerate(chars))
    v_mids = [m[0] for m in mids]
    out = []
    for row in rows:
        x0, top, x1, bottom = row.bbox
        band = mids[bisect.bisect_left(v_mids, top):bisect.bisect_left(v_mids, bottom)]
        row_chars = [(v, h, chars[i]) for v, h, i in sorted(band, key=lambda m: m[2]) if x0 <= h < x1]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            inside = [c for v, h, c in row_chars if cx0 <= h < cx1 and ctop <= v < cbottom]
            texts.append(extract_text(inside) if inside else "")
        out.append(texts)
    return out


def split_word(chars: list[dict]) -> list[Word]:
    """pdfplumber's word cut where two cells' texts nearly touch: a gap of more than a
    point between a figure and anything else (an amount and the next cell's label stand
    two points apart once the rule between them is gone), or of a whole character
    between two Chinese characters (text spread to fill its cell has smaller gaps)."""
    parts: list[list[dict]] = [[chars[0]]]
    for a, b in zip(chars, chars[1:]):
        gap = b["x0"] - a["x1"]
        both_cjk = not _FIGURE.match(a["text"]) and not _FIGURE.match(b["text"])
        if gap > (a["size"] if both_cjk else 1.2):
            parts.append([])
        parts[-1].append(b)
    return [Word("".join(c["text"] for c in part), min(c["x0"] for c in part), min(c["top"] for c in part),
                 max(c["x1"] for c in part), max(c["bottom"] for c in part)) for part in parts]


def has_overprint(chars: list[dict], at_least: int = 3) -> bool:
    """Whether text is printed twice at (almost) the same spot — the fake bold some
    office software makes — which would read as '222299..4433' for '229.43'."""
    ordered = sorted((c for c in chars if not c["text"].isspace()), key=lambda c: (c["text"], c["top"], c["x0"]))
    doubled = 0
    for a, b in zip(ordered, ordered[1:]):
        if a["text"] == b["text"] and abs(a["top"] - b["top"]) <= 1 and abs(a["x0"] - b["x0"]) <= 1:
            doubled += 1
            if doubled >= at_least:
                return True
    return False

"""PDF reader: pdfplumber, one pass over the pages, tables and the lines around them.

Unreadable PDFs are refused with their typed error before any page is parsed where that
is possible (encrypted, broken, too many pages); a PDF without a text layer is refused
once the pass finds no text on any page.
"""
from __future__ import annotations

import io
import statistics

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from .errors import CorruptFileError, EncryptedError, ScannedError, TooManyPagesError
from .raw import Block, Grid, Line, RawDocument
from .settings import ParseSettings

# pdfplumber's default: chars whose tops differ by at most this are on one line.
DEFAULT_Y_TOLERANCE = 3
# A re-extraction may widen the tolerance up to this share of the page's usual line
# height, so that two real lines never merge.
_MAX_TOLERANCE_SHARE = 0.6

_CORRUPT = "文件不完整或已损坏（可能下载/上传中断），无法打开。请重新下载或导出后再上传。"


def _inside(line: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    mid_y = (line["top"] + line["bottom"]) / 2
    mid_x = (line["x0"] + line["x1"]) / 2
    return top <= mid_y <= bottom and x0 <= mid_x <= x1


def read_pdf(data: bytes, settings: ParseSettings = ParseSettings()) -> RawDocument:
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
        image_only: list[int] = []
        broken: list[int] = []
        garbled: list[int] = []
        chars = garbled_chars = 0
        for number, page in enumerate(pages, start=1):
            try:
                blocks = _page_blocks(page, number)
                if not blocks and page.images:
                    image_only.append(number)
                page_chars, page_garbled = _char_counts(page.chars)
            except Exception:  # one damaged page should not cost the rest of the report
                blocks, page_chars, page_garbled = [], 0, 0
                broken.append(number)
            if page_garbled * 2 > page_chars:
                garbled.append(number)
                blocks = []  # its text is '(cid:…)' noise
            chars, garbled_chars = chars + page_chars, garbled_chars + page_garbled
            doc.blocks.extend(blocks)
            page.close()  # frees the page's parsed objects: memory stays flat on long files
    if garbled_chars * 2 > chars:
        raise ScannedError(
            "该PDF的文字无法正确提取（字体缺少编码映射，读出的是乱码），无法解析。请从原始Word/Excel重新导出PDF，或先进行文字识别（OCR）。"
        )
    if not doc.blocks:
        if image_only:
            raise ScannedError("该PDF为扫描件/图片，没有可提取的文字层，无法解析。请上传由Word/Excel导出的原始PDF，或先进行文字识别（OCR）。")
        raise CorruptFileError(_CORRUPT if broken else "该PDF中没有任何可读取的文字，无法解析。请确认文件内容后再上传。")
    for pages_hit, note in ((image_only, "为图片（扫描件），没有文字层，其中的内容未能读取。"),
                            (garbled, "的文字无法正确提取（乱码），其中的内容未能读取。"),
                            (broken, "内容已损坏，无法读取，已跳过。")):
        if pages_hit:
            doc.notes.append(f"第{'、'.join(map(str, pages_hit))}页{note}")
    return doc


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


def _page_blocks(page, number: int) -> list[Block]:
    """The page's grids and the text lines outside them, top to bottom."""
    if has_overprint(page.chars):
        page = page.dedupe_chars(tolerance=1)
    tables = page.find_tables()
    lines = [l for l in _text_lines(page) if not any(_inside(l, t.bbox) for t in tables)]
    tolerance = split_line_tolerance(lines)
    if tolerance:  # words of one printed line came out as several lines: group them again
        lines = [l for l in _text_lines(page, tolerance) if not any(_inside(l, t.bbox) for t in tables)]
    placed: list[tuple[float, Block]] = [(t.bbox[1], Grid(t.extract(), page=number)) for t in tables]
    placed.extend((l["top"], Line(l["text"], page=number)) for l in lines if l["text"].strip())
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


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


def _text_lines(page, y_tolerance: float = DEFAULT_Y_TOLERANCE) -> list[dict]:
    return page.extract_text_lines(return_chars=False, y_tolerance=y_tolerance)


def split_line_tolerance(lines: list[dict]) -> float | None:
    """The y_tolerance that regroups a page whose printed lines pdfplumber split, or None.

    A split shows as two lines standing side by side (disjoint in x) whose heights
    overlap: a number set in another font or on a slightly shifted baseline lands on
    its own 'line' next to its words. Real lines never overlap vertically, so this does
    not fire on ordinary pages (and costs nothing there).
    """
    if len(lines) < 2:
        return None
    heights = [l["bottom"] - l["top"] for l in lines]
    usual = statistics.median(heights)
    shift = 0.0
    ordered = sorted(lines, key=lambda l: l["top"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["top"] >= a["bottom"]:
                break
            overlap = min(a["bottom"], b["bottom"]) - b["top"]
            side_by_side = b["x1"] <= a["x0"] or b["x0"] >= a["x1"]
            if side_by_side and overlap > 0.3 * min(a["bottom"] - a["top"], b["bottom"] - b["top"]):
                shift = max(shift, abs(b["top"] - a["top"]))
    if shift <= DEFAULT_Y_TOLERANCE:
        return None
    tolerance = shift + 0.5
    return tolerance if tolerance <= _MAX_TOLERANCE_SHARE * usual else None

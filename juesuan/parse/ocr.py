"""Text of a scanned page by OCR: the page rendered with PDFium, read by RapidOCR (PP-OCR
detection and recognition models shipped inside the `rapidocr` wheel, run on ONNX
Runtime — nothing is downloaded), and returned as positioned Words in PDF points, the
same vocabulary as a text layer, so that page_layout reads its lines and tables.

OCR gives a box per run of text (a line, or a cell's text) and a box per character in it;
a box is cut into words where the characters stand apart (the gap between two cells'
texts that the detector took as one run).
"""
from __future__ import annotations

import ctypes
import logging
from functools import cache

import pypdfium2 as pdfium

from .page_words import Word

# 9–10 pt table text is 25–28 px high at this resolution, which the recogniser (it scales
# each line to 48 px) reads reliably.
OCR_DPI = 200
# The detector finds text boxes on the page scaled to this longest side (9 pt text stays
# some 14 px high): half the time of its default, which scales up to the shorter side.
_DETECT_SIDE = 1280
# characters further apart than this share of the line's height are two words
_WORD_GAP = 0.6


_M_ARENA_MAX = -8  # glibc mallopt parameter


def preload() -> None:
    """Import the OCR libraries (OpenCV, ONNX Runtime: some 400 MB of address space, half a
    second), not the models: a worker does this before it caps its memory."""
    _few_malloc_arenas()
    import onnxruntime  # noqa: F401
    from rapidocr import RapidOCR  # noqa: F401


@cache
def _engine():
    from rapidocr import RapidOCR

    _few_malloc_arenas()
    engine = RapidOCR(params={"Global.log_level": "error", "Det.limit_type": "max", "Det.limit_side_len": _DETECT_SIDE, "Rec.rec_batch_num": 2})
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


def _few_malloc_arenas() -> None:
    """glibc gives each thread that allocates its own 64 MB arena of address space; ONNX
    Runtime's and OpenCV's threads would take some 450 MB of it, which a worker's memory
    cap (parse/isolated.py caps address space) counts. Two arenas serve them as well."""
    try:
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def page_words(page: pdfium.PdfPage) -> list[Word]:
    """The words OCR reads on a page (none where it reads nothing)."""
    scale = OCR_DPI / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_numpy()
        if not _has_ink(image):
            return []
        result = _engine()(image, return_word_box=True)
    finally:
        bitmap.close()
    if result.boxes is None or not result.txts:
        return []
    words: list[Word] = []
    for box, text, chars in zip(result.boxes, result.txts, result.word_results or [()] * len(result.txts)):
        ys = [float(p[1]) for p in box]
        top, bottom = min(ys) / scale, max(ys) / scale
        xs = [float(p[0]) for p in box]
        words.extend(_split(text.strip(), chars, min(xs) / scale, max(xs) / scale, top, bottom, scale))
    return words


def _has_ink(image) -> bool:
    """Whether anything is printed on the page: pixels well darker than the paper (a text
    page has some per cent of them; a blank sheet, however speckled, next to none)."""
    paper = float(image.mean())
    return int((image < paper - 64).sum()) > image.size // 10_000


def _split(text: str, chars, x0: float, x1: float, top: float, bottom: float, scale: float) -> list[Word]:
    """A text box as words: cut where two recognised characters stand further apart than
    a word's own spacing; the whole box where OCR gave no character positions."""
    boxes = [(c[0], min(float(p[0]) for p in c[2]) / scale, max(float(p[0]) for p in c[2]) / scale) for c in chars or ()]
    if not text or "".join(t for t, _, _ in boxes).replace(" ", "") != text.replace(" ", ""):
        return [Word(text, x0, top, x1, bottom)] if text else []
    gap = _WORD_GAP * (bottom - top)
    parts: list[list[tuple[str, float, float]]] = [[boxes[0]]]
    for prev, cur in zip(boxes, boxes[1:]):
        if cur[1] - prev[2] > gap:
            parts.append([])
        parts[-1].append(cur)
    return [Word("".join(t for t, _, _ in part).replace(" ", ""), part[0][1], top, part[-1][2], bottom) for part in parts]

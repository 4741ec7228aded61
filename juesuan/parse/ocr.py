"""Text of a scanned page by OCR: the page rendered with PDFium, read by RapidOCR (PP-OCR
detection and recognition models shipped inside the `rapidocr` wheel, run on ONNX
Runtime — nothing is downloaded), and returned as positioned Words in PDF points, the
same vocabulary as a text layer, so that page_layout reads its lines and tables.

OCR gives a box per run of text (a line, or a cell's text) and a box per character in it;
a box is cut into words where the characters stand apart (the gap between two cells'
texts that the detector took as one run).
"""
from __future__ import annotations

import logging
from functools import cache

import pypdfium2 as pdfium

from .page_layout import Word

# 9–10 pt table text is 25–28 px high at this resolution, which the recogniser (trained
# on 48 px lines) reads reliably; more costs time without reading better.
OCR_DPI = 200
# characters further apart than this share of the line's height are two words
_WORD_GAP = 0.6


@cache
def _engine():
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.log_level": "error"})
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


def page_words(page: pdfium.PdfPage) -> list[Word]:
    """The words OCR reads on a page (none where it reads nothing)."""
    scale = OCR_DPI / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_numpy()
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

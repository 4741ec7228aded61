"""A PDF page's text layer and drawn lines through PDFium, as pdfplumber would give them.

pdfplumber reads a page by interpreting its content stream in Python (pdfminer), which is
most of a parse's cost; PDFium does the same in C about twenty times faster. This module
turns PDFium's characters and path objects into pdfplumber's own dicts (same boxes,
same conventions), so that pdfplumber's word extraction and table finder run on them
unchanged and the page reads as it did.

Characters: the box pdfminer gives a glyph — from its origin, advance and the font's
/Descent, one font size high — not PDFium's loose box (which uses the ascent too).
Paths: split into subpaths and classified as pdfminer does (a line, an axis-aligned
rectangle, or a curve through its end points), in page space.

Pages this does not cover exactly — rotated, or a media box not at the origin — are
`supported()` False: the caller reads them with pdfplumber.
"""
from __future__ import annotations

import ctypes
import itertools
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVE, _LINE, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO

_SUBSET = re.compile(rb"^[A-Z]{6}\+")  # a subset font's tag: ABCDEF+SimSun

_FLOAT32 = struct.Struct("<f")

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PdfiumDocument:
    """A PDF opened with PDFium, its pages read as pdfplumber's (see read_page)."""

    def __init__(self, data: bytes):
        self.pdf = pdfium.PdfDocument(data)
        self.fonts = FontMetrics()
        self._doctops = page_doctops(self.pdf)

    def __len__(self) -> int:
        return len(self.pdf)

    def page(self, number: int) -> pdfium.PdfPage:
        return self.pdf[number - 1]

    def text_page(self, number: int, resources) -> PdfiumPage | None:
        """Page `number`'s characters and rules, or None where they would not be exactly
        pdfminer's (the caller reads that page with pdfplumber)."""
        page = self.page(number)
        if not supported(page):
            page.close()
            return None
        try:
            return read_page(page, number, self._doctops[number - 1], self.fonts.of_page(resources))
        except Unsupported:
            page.close()
            return None

    def close(self) -> None:
        self.pdf.close()


@dataclass
class PdfiumPage:
    """One page as pdfplumber's table finder reads a page: `chars`, `edges`, `bbox`."""

    number: int
    width: float
    height: float
    doctop: float  # the page's offset in the document, as pdfplumber counts `doctop`
    chars: list[dict] = field(default_factory=list)
    unmapped: int = 0  # chars PDFium could not map to Unicode (pdfminer reads '(cid:…)')
    _page: pdfium.PdfPage | None = None
    _edges: list[dict] | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0, 0, self.width, self.height)

    @property
    def edges(self) -> list[dict]:
        if self._edges is None:
            self._edges = [e for obj in path_objects(self._page, self.height) for e in obj_edges(obj)]
        return self._edges

    @property
    def horizontal_edges(self) -> list[dict]:
        return [e for e in self.edges if e["orientation"] == "h"]

    @property
    def images(self) -> int:
        return count_images(self._page)

    def dedupe_chars(self, tolerance: float = 1) -> PdfiumPage:
        from pdfplumber.utils import dedupe_chars

        self.chars = dedupe_chars(self.chars, tolerance=tolerance)
        return self

    def close(self) -> None:
        if self._page is not None:
            self._page.close()
            self._page = None


def supported(page: pdfium.PdfPage) -> bool:
    """Whether PDFium's coordinates are pdfplumber's for this page (unrotated, media box
    at the origin)."""
    left, bottom, _, _ = page.get_mediabox()
    return page.get_rotation() == 0 and left == 0 and bottom == 0


def read_page(page: pdfium.PdfPage, number: int, doctop: float, fonts: dict[bytes, list[_Metrics]]) -> PdfiumPage:
    """The page's characters (raises Unsupported where they would not be pdfminer's)."""
    width, height = (as_written(v) for v in page.get_size())
    out = PdfiumPage(number, width, height, doctop, _page=page)
    textpage = page.get_textpage()
    try:
        out.chars, out.unmapped = _chars(textpage, height, doctop, fonts)
    finally:
        textpage.close()
    return out


# ---------------------------------------------------------------------------------- chars


@dataclass
class _Metrics:
    """What pdfminer knows of one font: its descent, and each character's advance."""

    descent: float  # per unit of font size, negative
    widths: dict[str, list[float]]  # text → its advances per unit of font size (a text may have several glyphs)
    default: float
    vertical: bool


class FontMetrics:
    """The fonts of a page's resources (and its forms'), read as pdfminer reads them, by
    base font name: PDFium gives each character's font by that name."""

    def __init__(self):
        from pdfminer.pdfinterp import PDFResourceManager

        self._manager = PDFResourceManager()
        self._by_ref: dict[object, _Metrics] = {}

    def of_page(self, resources: dict) -> dict[bytes, list[_Metrics]]:
        from pdfminer.pdftypes import resolve1

        out: dict[bytes, list[_Metrics]] = {}
        for ref, spec in _font_specs(resources, resolve1, 0):
            key = getattr(ref, "objid", None) or id(spec)
            if key not in self._by_ref:
                self._by_ref[key] = self._metrics(ref, spec)
            name = getattr(resolve1(spec.get("BaseFont")), "name", b"")
            name = _SUBSET.sub(b"", name.encode() if isinstance(name, str) else name)  # PDFium may drop it
            out.setdefault(name, []).append(self._by_ref[key])
        return out

    def _metrics(self, ref, spec) -> _Metrics:
        font = self._manager.get_font(getattr(ref, "objid", None), spec)
        unicode_map = getattr(font, "unicode_map", None)
        if unicode_map is not None:
            cids = unicode_map.cid2unichr
        else:
            cids = dict(getattr(font, "cid2unicode", {}))
        widths: dict[str, list[float]] = {}
        for cid, text in cids.items():
            own = widths.setdefault(text, [])
            if (width := font.char_width(cid)) not in own:
                own.append(width)
        return _Metrics(font.get_descent(), widths, font.default_width * font.hscale, font.is_vertical())


def _font_specs(resources, resolve1, depth: int):
    """(reference, font dict) of a resources dict, and of the form XObjects it draws."""
    resources = resolve1(resources) or {}
    for ref in (resolve1(resources.get("Font")) or {}).values():
        spec = resolve1(ref)
        if isinstance(spec, dict):
            yield ref, spec
    if depth < 5:
        for ref in (resolve1(resources.get("XObject")) or {}).values():
            xobj = resolve1(ref)
            attrs = getattr(xobj, "attrs", {})
            if getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form" and "Resources" in attrs:
                yield from _font_specs(attrs["Resources"], resolve1, depth + 1)


class Unsupported(Exception):
    """A page this module does not read as pdfminer would (vertical writing, a font it
    cannot place): read it with pdfplumber."""


def _chars(textpage: pdfium.PdfTextPage, height: float, doctop: float,
           fonts: dict[bytes, list[_Metrics]]) -> tuple[list[dict], int]:
    glyphs, unmapped = _glyphs(textpage)
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    chars: list[dict] = []
    objects: dict[int, tuple[bytes, list[_Metrics], float, float, float]] = {}  # per text object
    names: dict[int, bytes] = {}
    advances: dict[tuple[bytes, str], tuple[float, _Metrics, bool]] = {}
    before: tuple[list[_Metrics], float] = ([], 0.0)  # the last glyph's fonts and scale
    for key, index, text, x, y, spaced in glyphs:
        if key not in objects:
            objects[key] = _text_object(handle, index, key, fonts, names)
        name, candidates, a, d, size = objects[key]
        if spaced and chars:
            _space_glyph(chars, x, *before)
        before = candidates, size * a
        # pdfminer's box: from the origin over the advance the font's widths give, from
        # the descent up one font size
        known = advances.get((name, text))
        width, metrics, only = known or _advance(textpage, index, text, candidates, size)
        if known is None and only:
            advances[name, text] = (width, metrics, only)
        x0, x1 = x, x + width * size * a
        y0 = y + metrics.descent * size * d
        y1 = y0 + size * d
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        top = height - y1
        chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": height - y0, "doctop": doctop + top,
                      "size": y1 - y0, "upright": a * d > 0, "fontname": name})
    return chars, unmapped


def _glyphs(textpage) -> tuple[list[list], int]:
    """[text object, first char index, text, origin x, origin y, whether a space PDFium
    marked as its own stands between it and the glyph before on its baseline] of each
    glyph drawn, and how many characters have no Unicode mapping. PDFium gives a glyph
    whose text is two characters ('——' from one dash glyph) as two characters at one
    origin, pdfminer as one character: they are joined."""
    glyphs: list[list] = []
    unmapped = 0
    point = (ctypes.c_double * 2)()
    at_x, at_y = ctypes.addressof(point), ctypes.addressof(point) + ctypes.sizeof(ctypes.c_double)
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    spaced = False  # a space PDFium marks as its own since the last glyph
    for i, text in enumerate(_page_text(textpage)):
        key = _text_object_of(handle, i)
        if not key:  # a space or line break PDFium inferred (or took over from the text)
            spaced = spaced or text == " "
            continue
        if _map_error(handle, i) == 1:
            unmapped += 1
        if text in "\x00\ufffe\uffff" or "\ud800" <= text <= "\udfff":  # no Unicode for it
            continue
        _origin(handle, i, at_x, at_y)
        # PDFium places glyphs in single precision; pdfminer adds the file's decimals in
        # double: 4 decimals take the noise off (a gap of exactly 3 pt stays 3 pt)
        x, y = round(point[0], 4), round(point[1], 4)
        last = glyphs[-1] if glyphs else None
        if last and last[0] == key and last[3] == x and last[4] == y:
            last[2] += text
        else:
            glyphs.append([key, i, text, x, y, spaced and last is not None and last[4] == y])
        spaced = False
    return glyphs, unmapped


def _by_address(function, restype, *argtypes):
    """A PDFium function called with plain addresses: a character's data is fetched some
    ten thousand times a report, and pypdfium2's typed pointers cost 1–2 µs a call."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDR, _INT = ctypes.c_void_p, ctypes.c_int
_text_object_of = _by_address(pdfium_c.FPDFText_GetTextObject, _ADDR, _ADDR, _INT)
_map_error = _by_address(pdfium_c.FPDFText_HasUnicodeMapError, _INT, _ADDR, _INT)
_origin = _by_address(pdfium_c.FPDFText_GetCharOrigin, _INT, _ADDR, _INT, _ADDR, _ADDR)
_char_matrix = _by_address(pdfium_c.FPDFText_GetMatrix, _INT, _ADDR, _INT, _ADDR)
_font_size = _by_address(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _ADDR, _INT)
_font_of = _by_address(pdfium_c.FPDFTextObj_GetFont, _ADDR, _ADDR)
_base_font_name = _by_address(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, _ADDR, ctypes.c_char_p, ctypes.c_size_t)


def _page_text(textpage) -> list[str]:
    """Each character's text, PDFium's and the ones it inferred, in one call."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return list(text)
    # characters outside the BMP took two UTF-16 units: one call per character then
    return [chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count)]


def _space_glyph(chars: list[dict], x: float, fonts: list[_Metrics], scale: float) -> None:
    """A space drawn between the last character and one at `x` on its line, which PDFium
    took for a space of its own inferring: where the gap is the last font's space (give
    or take character spacing), pdfminer reads a space character there, which parts two
    words however close they stand. PDFium's own spaces (between a figure and a Chinese
    character, say) stand in narrower gaps, or in wide ones that part words anyway."""
    last = chars[-1]
    width = next((w[0] for m in fonts if (w := m.widths.get(" "))), 0.0) * scale
    if width > 0 and 0.95 * width <= x - last["x1"] <= 1.25 * width:
        chars.append({**last, "text": " ", "x0": last["x1"], "x1": last["x1"] + width})


def _text_object(handle: int, index: int, key: int, fonts: dict[bytes, list[_Metrics]], names: dict[int, bytes]):
    """(font name, its fonts' metrics, matrix a, matrix d, font size) of the text object
    `key` that draws character `index`; raises Unsupported for text this module cannot
    place as pdfminer does (rotated or skewed, vertical writing, a font not in the
    resources). `names` keeps the name of each PDFium font already met."""
    font = _font_of(key)
    if font not in names:
        names[font] = _font_name(font)
    name = names[font]
    candidates = fonts.get(name, [])
    matrix = pdfium_c.FS_MATRIX()
    _char_matrix(handle, index, ctypes.addressof(matrix))
    if not candidates or matrix.b or matrix.c or any(m.vertical for m in candidates):
        raise Unsupported(name)
    return name, candidates, as_written(matrix.a), as_written(matrix.d), as_written(_font_size(handle, index))


def _advance(textpage, index: int, text: str, fonts: list[_Metrics], size: float) -> tuple[float, _Metrics, bool]:
    """The advance (per unit of font size) of a character, its font, and whether that is
    the only advance the fonts of its name give the text: where they give several (two
    glyphs, or a simple and a CID font of one name), the one nearest PDFium's own box."""
    options = [(w, m) for m in fonts for w in m.widths.get(text, ())] or [(m.default, m) for m in fonts]
    if all(w == options[0][0] for w, _ in options):
        return (*options[0], True)
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
    return (*min(options, key=lambda o: abs(o[0] * size - (box.right - box.left))), False)


def _font_name(font: int | None) -> bytes:
    if not font:
        return b""
    buffer = ctypes.create_string_buffer(512)
    n = _base_font_name(font, buffer, len(buffer))
    return _SUBSET.sub(b"", buffer.raw[: max(min(n, len(buffer)) - 1, 0)])


# ---------------------------------------------------------------------------------- paths


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@lru_cache(maxsize=4096)
def as_written(value: float) -> float:
    """A number PDFium holds in single precision, as the file most likely wrote it: the
    shortest decimal that is the same float32 (pdfminer reads the file's decimals in
    double precision, and a cell's edge at 363.685 must not become 363.68)."""
    single = _FLOAT32.pack(value)
    for digits in range(6, 10):
        text = f"{value:.{digits}g}"
        if _FLOAT32.pack(float(text)) == single:
            return float(text)
    return value


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return tuple(as_written(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f))


def _objects(parent, count, get, outer: Matrix, depth: int, wanted: int = _PATH):
    """(object of a kind, its page-space matrix), through form XObjects."""
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == wanted:
            yield obj, _compose(_matrix(obj), outer)
        elif kind == _FORM and depth < 15:
            yield from _objects(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                                _compose(_matrix(obj), outer), depth + 1, wanted)


def count_images(page: pdfium.PdfPage) -> int:
    """How many images the page draws (a scan is one per page)."""
    return sum(1 for _ in _objects(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject,
                                   _IDENTITY, 0, pdfium_c.FPDF_PAGEOBJ_IMAGE))


def path_objects(page: pdfium.PdfPage, height: float) -> list[dict]:
    """The page's painted paths as pdfplumber's line / rect / curve objects."""
    out: list[dict] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, m in _objects(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY, 0):
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
            continue
        segments: list[tuple[str, tuple[float, float]]] = []
        pending_bezier = 0
        for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            px, py = as_written(x.value), as_written(y.value)
            point = (m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5])
            if kind == _BEZIER:  # three points per curve; pdfminer keeps the end point
                pending_bezier += 1
                if pending_bezier < 3:
                    continue
                pending_bezier = 0
                segments.append(("c", point))
            else:
                segments.append(("m" if kind == _MOVE else "l", point))
            if pdfium_c.FPDFPathSegment_GetClose(seg):
                segments.append(("h", point))
        out.extend(_classify(sub, height) for sub in _subpaths(segments))
    return [o for o in out if o is not None]


def _subpaths(segments: list[tuple[str, tuple[float, float]]]):
    current: list[tuple[str, tuple[float, float]]] = []
    for op, point in segments:
        if op == "m" and current:
            yield current
            current = []
        current.append((op, point))
    if current:
        yield current


def _classify(path: list[tuple[str, tuple[float, float]]], height: float) -> dict | None:
    """pdfminer's paint_path: a single segment is a line, a closed axis-aligned four-sided
    path a rect, anything else a curve through its points."""
    shape = "".join(op for op, _ in path)
    if shape[:1] != "m":
        return None
    pts = [path[0][1] if op == "h" else p for op, p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        return _box("line", pts[:2], height)
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return _box("rect", [pts[0], pts[2]], height)
    curve = _box("curve", pts, height)
    curve["pts"] = [(px, height - py) for px, py in pts]
    return curve


def _box(kind: str, pts: list[tuple[float, float]], height: float) -> dict:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": height - y1, "bottom": height - y0,
            "doctop": height - y1, "width": x1 - x0, "height": y1 - y0}


def obj_edges(obj: dict) -> list[dict]:
    """pdfplumber's edges of a line, rect or curve (its own functions, so they agree)."""
    from pdfplumber.utils.geometry import obj_to_edges

    return obj_to_edges(obj)


def page_doctops(doc: pdfium.PdfDocument) -> list[float]:
    """Each page's `doctop` offset: the heights of the pages before it."""
    heights = [doc.get_page_size(i)[1] for i in range(len(doc))]
    return [0.0, *itertools.accumulate(heights)][: len(heights)]

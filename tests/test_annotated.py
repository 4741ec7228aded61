"""The annotated PDF: the original with one annotation per finding that names a page — a red
box on the figure in question (or a note icon where it has no box), the message in its note."""
from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
from PIL import Image

from juesuan.checks import run_checks
from juesuan.export.annotated import AUTHOR, AnnotationUnavailable, annotated_pdf
from juesuan.pagemarks import SUBJECT, fact_places, finding_marks
from tests.corpus import corpus_file, parsed

SEED = "yangquan-2024.pdf"


def _ours(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    """(page, annotation) for every annotation the review added, popups aside."""
    return [(n, a) for n, page in enumerate(pdf.pages, 1) for a in page.obj.get("/Annots", [])
            if a.get("/Subtype") != "/Popup" and str(a.get("/T", "")) == AUTHOR]


@pytest.fixture(scope="module")
def seed():
    report = parsed(SEED)
    data = corpus_file(SEED).read_bytes()
    findings = run_checks(report).findings
    return data, report, findings, annotated_pdf(data, report, findings)


def test_one_annotation_per_finding_with_a_page_carrying_its_message(seed):
    data, report, findings, out = seed
    with_page = [f for f in findings if f.pages]
    assert len(with_page) >= 10  # the seed's review names pages for most of its findings
    with pikepdf.open(io.BytesIO(out)) as pdf, pikepdf.open(io.BytesIO(data)) as original:
        ours = _ours(pdf)
        assert len(ours) == len(with_page)
        assert sorted(str(a.NM) for _, a in ours) == sorted(f.id for f in with_page)
        by_id = {f.id: f for f in with_page}
        for page, annot in ours:
            finding = by_id[str(annot.NM)]
            assert finding.message in str(annot.Contents) and finding.severity in str(annot.Contents)
            assert annot.Popup.Parent.objgen == annot.objgen and annot.Popup in pdf.pages[page - 1].obj.Annots
            assert "/N" in annot.AP  # drawn the same by every reader
        # the original's pages are kept as they were
        assert len(pdf.pages) == len(original.pages)
        assert all(p.obj.Contents.read_bytes() == q.obj.Contents.read_bytes()
                   for p, q in zip(pdf.pages, original.pages) if "/Contents" in q.obj and not isinstance(q.obj.Contents, pikepdf.Array))


def test_the_box_stands_on_the_figure_in_question(seed):
    data, report, findings, out = seed
    places = fact_places(report)
    finding = next(f for f in findings if f.rule == "表内.06")
    subject = next(m for m in finding_marks(finding, places) if m.role == SUBJECT)
    with pikepdf.open(io.BytesIO(out)) as pdf:
        (page, annot), = [(p, a) for p, a in _ours(pdf) if str(a.NM) == finding.id]
        height = float(pdf.pages[page - 1].mediabox[3])
    assert page == subject.page and annot.Subtype == "/Square"
    x0, y0, x1, y1 = (float(v) for v in annot.Rect)
    bx0, top, bx1, bottom = subject.bbox
    assert x0 <= bx0 and x1 >= bx1 and y0 <= height - bottom and y1 >= height - top  # around the cell
    assert x1 - x0 < bx1 - bx0 + 10 and y1 - y0 < bottom - top + 10  # and just around it


def _red_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > 180 and g < 90 and b < 90)


def test_readers_draw_the_annotations(seed, tmp_path):
    """Rendered by PDFium (pypdfium2) and by Poppler (pdftoppm) — two readers — the annotated
    page shows red boxes the original page does not have."""
    import pypdfium2 as pdfium

    data, report, findings, out = seed
    page = next(f for f in findings if f.rule == "表内.06").pages[0]

    def pdfium_png(pdf_bytes: bytes) -> bytes:
        doc = pdfium.PdfDocument(pdf_bytes)
        try:
            doc.init_forms()
            buffer = io.BytesIO()
            doc[page - 1].render(scale=1.5, may_draw_forms=True).to_pil().save(buffer, format="PNG")
            return buffer.getvalue()
        finally:
            doc.close()

    assert _red_pixels(pdfium_png(out)) > _red_pixels(pdfium_png(data)) + 50
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: scripts/install_system_deps.sh installs it")
    (tmp_path / "a.pdf").write_bytes(out)
    subprocess.run(["pdftoppm", "-r", "100", "-f", str(page), "-l", str(page), "-png", str(tmp_path / "a.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    shot, = tmp_path.glob("page*.png")
    assert _red_pixels(shot.read_bytes()) > 50


def test_a_file_that_is_not_a_pdf_gets_a_chinese_message():
    report = parsed(SEED)
    with pytest.raises(AnnotationUnavailable, match="PDF"):
        annotated_pdf(b"plain text, not a PDF", report, [])

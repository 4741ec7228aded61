"""The review as a person does it in Chromium, on a server of its own (decisions must not
reach the other browser tests' reports): the page behind a finding with its figures boxed,
a signed dismissal, and the annotated PDF downloaded from 会议导出 and rendered.

Screenshots (the page image in the app, the annotated page as Poppler draws it) are saved
under test-artifacts/screenshots/ for a person to look at."""
from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
from PIL import Image

from juesuan.checks import run_checks

from ..corpus import parsed
from .conftest import SHOTS, _require_chromium, screenshot, start_app, stop_app, wait_for_app, wait_for_text
from .test_browser import _no_exception

ROUNDING = "表内.06"  # the sample's 公开06 301 one cent above its items


@pytest.fixture(scope="module")
def review_server(tmp_path_factory):
    _require_chromium()
    proc, url = start_app(f"sqlite:///{tmp_path_factory.mktemp('review') / 'library.db'}")
    yield url
    stop_app(proc)


def _red_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > 180 and g < 90 and b < 90)


def test_a_finding_shown_on_its_page_dismissed_and_left_out_of_the_annotated_pdf(review_server, page, tmp_path):
    findings = run_checks(parsed("yangquan-2024.pdf")).findings
    rounding = next(f for f in findings if f.rule == ROUNDING)
    tools = page.locator(f".st-key-finding-tools-{rounding.id}-tools")

    page.goto(f"{review_server}/findings")
    wait_for_app(page)
    _no_exception(page)
    page.locator(".st-key-reviewer_name input").fill("张三")
    page.locator(".st-key-reviewer_name input").press("Enter")
    wait_for_app(page)

    tools.get_by_text("查看原页").click()
    image = page.locator('[data-testid="stMain"] [data-testid="stImage"] img')
    image.first.wait_for(timeout=60_000)
    wait_for_text(page, "红框")
    shown = image.first.screenshot()
    assert _red_pixels(shown) > 50  # the figure in question is boxed red on the page image
    image.first.scroll_into_view_if_needed()
    screenshot(page, "review-finding-page")

    tools.get_by_role("button", name="审核结论").click()
    reason = page.locator(f".st-key-finding-tools-{rounding.id}-reason input")
    reason.fill("尾数误差，属合理")
    page.get_by_role("button", name="排除", exact=True).filter(has=page.locator(":visible")).first.click()
    wait_for_text(page, "尾数误差，属合理")
    wait_for_app(page)
    _no_exception(page)
    assert "已排除 1" in page.locator('[data-testid="stMain"]').text_content()
    screenshot(page, "review-dismissed")

    page.goto(f"{review_server}/exports")
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="批注版PDF").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    with pikepdf.open(target) as pdf:
        ours = [(n, a) for n, p in enumerate(pdf.pages, 1) for a in p.obj.get("/Annots", []) if a.Subtype != "/Popup"]
    assert {str(a.NM) for _, a in ours} == {f.id for f in findings if f.pages} - {rounding.id}
    boxed_page = next(n for n, a in ours if a.Subtype == "/Square")

    # the annotated page as a PDF reader (Poppler) draws it, kept for a person to look at
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: scripts/install_system_deps.sh installs it")
    SHOTS.mkdir(parents=True, exist_ok=True)
    stem = SHOTS / "annotated-pdf-page"
    subprocess.run(["pdftoppm", "-r", "80", "-f", str(boxed_page), "-l", str(boxed_page), "-png",
                    "-singlefile", str(target), str(stem)], check=True, timeout=60)
    assert _red_pixels(stem.with_suffix(".png").read_bytes()) > 50

"""The app as a person uses it, in headless Chromium: every page with its numbers, uploads of
good and bad files, presentation mode, a download, and report text that must stay text.

Screenshots of every page (1440×900 and a projector's 1280×720) are saved under
test-artifacts/screenshots/ for a person to look at.
"""
from __future__ import annotations

import pytest

from ..corpus import corpus_file
from .conftest import screenshot, wait_for_app, wait_for_text

# url path → text that must be visible there for the embedded sample (阳泉 2024)
PAGES = {
    "": ["阳泉市国库集中支付中心", "272.93", "94.28%"],
    "structure": ["一般公共服务支出", "229.43"],
    "execution": ["289.49", "94.28"],
    "yoy": ["264.73"],
    "sangong": ["本年度无三公经费支出", "13.03"],
    "performance": ["国库集中支付运行经费", "97.6"],
    "findings": ["用于用于", "错误"],
    "tables": ["收入支出决算总表", "272.93"],
    "compare": ["对比分析"],
    "exports": ["会议导出"],
    "upload": ["选择决算公开文件"],
}
NAVIGATION = ["概览", "收支结构", "预算执行", "同比变化", "三公经费", "绩效自评", "审核发现", "原始表格",
              "对比分析", "演示模式", "会议导出", "上传报告"]
BAD_FILES = {
    "empty.pdf": "文件为空",
    "encrypted.pdf": "已加密",
    "truncated.pdf": "不完整或已损坏",
    "not-a-report.pdf": "未识别到决算公开报表内容",
    "huge-page-count.pdf": "页数过多",
}


def _no_exception(pg) -> None:
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator('[data-testid="stException"]').first.inner_text()


def _open(pg, url: str, path: str) -> None:
    pg.goto(f"{url}/{path}")
    wait_for_app(pg)
    _no_exception(pg)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_shows_its_numbers(app_url, page, path):
    _open(page, app_url, path)
    screenshot(page, f"1440x900-{path or 'overview'}")  # before asserting: a failure keeps its picture
    for expected in PAGES[path]:
        wait_for_text(page, expected)
    text = page.locator("body").text_content()
    for bad in ("Traceback", "{'", "Decimal(", "None万元", "nan"):
        assert bad not in text, f"{path or 'overview'} shows {bad!r}"
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(500)
    screenshot(page, f"1280x720-{path or 'overview'}")


def test_sidebar_shows_exactly_the_navigation(app_url, page):
    _open(page, app_url, "")
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    # each link reads "<icon ligature>\n\n<label>": the label is the last line
    assert [link.strip().splitlines()[-1] for link in links] == NAVIGATION


def _upload(pg, url: str, path) -> None:
    _open(pg, url, "upload")
    pg.set_input_files('[data-testid="stFileUploader"] input[type="file"]', str(path))
    pg.wait_for_timeout(500)
    wait_for_app(pg, 120_000)


@pytest.mark.parametrize("name,unit", [
    ("shifan-transport-2024.pdf", "示范市交通运输局"),
    ("real/shanghai-putuo-shehuigongzuobu-2024.pdf", "中共上海市普陀区委社会工作部"),
    ("yangquan-2024.docx", "阳泉市国库集中支付中心"),
])
def test_upload_switches_the_dashboard(app_url, page, name, unit):
    _upload(page, app_url, corpus_file(name))
    page.wait_for_selector(f"text={unit}", timeout=120_000)
    _no_exception(page)
    assert "已载入" in page.inner_text("body")
    screenshot(page, f"upload-{name.replace('/', '-')}")


def test_scanned_upload_shows_its_pages_read_and_the_ocr_note(app_url, page):
    """bad/scanned.pdf: a bar of the pages read while OCR works, then the report with the
    note that OCR read its text."""
    _open(page, app_url, "upload")
    page.set_input_files('[data-testid="stFileUploader"] input[type="file"]', str(corpus_file("bad/scanned.pdf")))
    page.wait_for_selector('[data-testid="stProgress"] >> text=/已读取[12]\\/3页|已读取全部3页/', timeout=120_000)
    screenshot(page, "upload-scanned-progress")
    page.wait_for_selector("text=阳泉市国库集中支付中心", timeout=300_000)
    wait_for_text(page, "文字由OCR（文字识别）读出")
    _no_exception(page)
    screenshot(page, "upload-scanned-done")


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_upload_gets_its_message_and_the_app_keeps_working(app_url, page, name):
    _upload(page, app_url, corpus_file(f"bad/{name}"))
    page.wait_for_selector(f"text={BAD_FILES[name]}", timeout=60_000)
    _no_exception(page)
    screenshot(page, f"bad-{name}")
    _open(page, app_url, "")  # the app still works afterwards
    assert "概览" in page.inner_text("body")


def test_report_text_is_shown_literally(app_url, page, tmp_path):
    """A unit name that is HTML or Markdown shows as those characters; no script runs."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    text = corpus_file("yangquan-2024.txt").read_text(encoding="utf-8")
    hostile = text.replace("阳泉市国库集中支付中心", "<script>alert(1)</script>**粗体**<b>x</b>")
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    _upload(page, app_url, path)
    page.wait_for_selector("text=已载入", timeout=120_000)
    body = page.inner_text("body")
    assert "<script>alert(1)</script>**粗体**<b>x</b>" in body
    assert not dialogs
    assert page.locator("b", has_text="x").count() == 0
    screenshot(page, "hostile-unit-name")


def test_presentation_mode_steps_through_slides(app_url, page):
    _open(page, app_url, "present")
    first = page.locator(".present-title").first.inner_text()
    page.get_by_role("button", name="下一页").click()
    wait_for_app(page)
    second = page.locator(".present-title").first.inner_text()
    assert first != second
    assert page.locator('section[data-testid="stSidebar"]').is_hidden()
    screenshot(page, "present-slide-2")


def test_download_the_workbook(app_url, page, tmp_path):
    _open(page, app_url, "exports")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Excel").first.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    from openpyxl import load_workbook

    book = load_workbook(target)
    assert any("公开01" in name or "收入支出决算总表" in name for name in book.sheetnames)


def test_concurrent_sessions_each_see_their_own_report(app_url, browser):
    """Three people upload three different reports at the same moment: each sees its own."""
    uploads = {
        "shifan-transport-2024.pdf": "示范市交通运输局",
        "shifan-datacenter-2023.pdf": "示范市数据资源服务中心",
        "real/shanghai-putuo-guihuaziyuan-2024.pdf": "上海市普陀区规划和自然资源局",
    }
    contexts = [browser.new_context(viewport={"width": 1440, "height": 900}) for _ in uploads]
    try:
        pages = [c.new_page() for c in contexts]
        for pg in pages:
            _open(pg, app_url, "upload")
        for pg, name in zip(pages, uploads):  # all three start before any finishes
            pg.set_input_files('[data-testid="stFileUploader"] input[type="file"]', str(corpus_file(name)))
        for pg, (name, unit) in zip(pages, uploads.items()):
            pg.wait_for_selector("text=已载入", timeout=180_000)
            wait_for_app(pg)
            header = pg.locator('[data-testid="stMain"]').inner_text()
            assert unit in header, name
            others = [u for u in uploads.values() if u != unit and u not in unit]
            assert not any(other in header for other in others), (name, header[:300])
    finally:
        for c in contexts:
            c.close()

"""The app's bounded worker pool, as people meet it in a browser: six heavy uploads at once share
N workers (the rest wait, their place shown) and each ends with its message; a tab closed
mid-parse frees its worker; a file over the upload limit gets a Chinese message.

Each test starts its own app with a small pool and a short time limit (JUESUAN_WORKERS,
JUESUAN_TIMEOUT), so the heavy file — 20 MB of PDF path operators, which would run for
minutes — is stopped at the limit.
"""
from __future__ import annotations

import subprocess
import time

import pytest

from .. import hostile
from ..corpus import corpus_file
from ..processes import workers_of
from .conftest import _require_chromium, start_app, wait_for_app

UPLOAD_INPUT = '[data-testid="stFileUploader"] input[type="file"]'


@pytest.fixture
def small_pool_app(tmp_path):
    _require_chromium()
    proc, url = start_app(f"sqlite:///{tmp_path / 'library.db'}",
                          {"JUESUAN_WORKERS": "2", "JUESUAN_TIMEOUT": "10", "JUESUAN_MEMORY_MB": "700"})
    yield proc, url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _upload_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{url}/upload")
    wait_for_app(page)
    return context, page


def test_six_heavy_uploads_share_the_workers_and_all_end(small_pool_app, browser, tmp_path):
    proc, url = small_pool_app
    heavy = tmp_path / "heavy.pdf"
    heavy.write_bytes(hostile.path_operator_pdf(20))
    tabs = [_upload_page(browser, url) for _ in range(6)]
    try:
        for _, page in tabs:
            page.set_input_files(UPLOAD_INPUT, str(heavy))
        most, queued, deadline = 0, False, time.monotonic() + 180
        finished: set[int] = set()
        while len(finished) < len(tabs):
            assert time.monotonic() < deadline, f"only {len(finished)} of 6 uploads ended"
            most = max(most, len(workers_of(proc.pid)))
            for i, (_, page) in enumerate(tabs):
                text = page.locator('[data-testid="stMain"]').inner_text()
                queued = queued or "排队中" in text
                if "解析超时" in text or "内存超过上限" in text:
                    finished.add(i)
            time.sleep(0.5)
        assert most == 2, f"{most} workers ran at once (2 allowed, 6 waiting)"
        assert queued, "no upload showed its place in the queue"
        # the app goes on: a good file uploaded now is loaded
        _, page = tabs[0]
        page.goto(f"{url}/upload")
        wait_for_app(page)
        page.set_input_files(UPLOAD_INPUT, str(corpus_file("yangquan-2024.txt")))
        page.wait_for_selector("text=已载入", timeout=120_000)
    finally:
        for context, _ in tabs:
            context.close()


def test_a_closed_tab_frees_its_worker(small_pool_app, browser, tmp_path):
    proc, url = small_pool_app
    heavy = tmp_path / "heavy.pdf"
    heavy.write_bytes(hostile.path_operator_pdf(20))
    context, page = _upload_page(browser, url)
    page.set_input_files(UPLOAD_INPUT, str(heavy))
    page.wait_for_selector("text=正在解析报告并审核", timeout=60_000)
    assert workers_of(proc.pid)
    context.close()
    deadline = time.monotonic() + 8  # well before the 10 s limit would have ended it
    while workers_of(proc.pid):
        assert time.monotonic() < deadline, "the worker of a closed tab ran on"
        time.sleep(0.2)


def test_a_file_over_the_limit_gets_a_chinese_message(small_pool_app, browser, tmp_path):
    _, url = small_pool_app
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (51 * 1024 * 1024))
    context, page = _upload_page(browser, url)
    try:
        page.set_input_files(UPLOAD_INPUT, str(big))
        page.wait_for_selector('[data-testid="stFileChip"][aria-invalid="true"]', timeout=30_000)
        shown = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stFileChips]'), '::after').content")
        assert "该文件未上传：超过50MB" in shown
    finally:
        context.close()

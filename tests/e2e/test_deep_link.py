"""A shared link opened on a server that has just started: the linked page, inside the app's
frame (sidebar with the report library and the navigation), for the linked report.

Until some session has run app.py's st.navigation, Streamlit runs a pages/ file alone for a
deep link; components.state.ensure_routed hands such a run to app.py. Each test starts its own
server so that the link is the server's first request."""
from __future__ import annotations

import subprocess

import pytest

from juesuan.checks import run_checks
from juesuan.store import Library

from ..corpus import corpus_file, parsed
from .conftest import _require_chromium, screenshot, start_app, wait_for_app, wait_for_text
from .test_browser import NAVIGATION, _no_exception

UNIT = "示范市交通运输局"


@pytest.fixture
def fresh_server(tmp_path):
    """A server that has served nothing yet, its library holding one report: (url, entry id)."""
    _require_chromium()
    url = f"sqlite:///{tmp_path / 'library.db'}"
    lib = Library(url)
    name = "shifan-transport-2024.pdf"
    report = parsed(name)
    entry = lib.add(corpus_file(name).read_bytes(), name, report, [f.to_dict() for f in run_checks(report).findings]).entry
    lib.close()
    proc, app_url = start_app(url)
    yield app_url, entry.id
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.parametrize("path,title,expected", [
    ("sangong", "三公经费", ["54.16", "财政拨款"]),
    ("findings", "审核发现", ["错误"]),
])
def test_a_deep_link_on_a_fresh_server_opens_the_page_in_the_app(fresh_server, page, path, title, expected):
    url, entry_id = fresh_server
    page.goto(f"{url}/{path}?report={entry_id}")
    wait_for_app(page)  # app.py writes the page title as the h1: a page run alone has none
    screenshot(page, f"deep-link-{path}")
    _no_exception(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == title
    sidebar = page.locator('[data-testid="stSidebar"]')
    wait_for_text(page, UNIT)  # the linked report, not the embedded sample
    assert "报告库" in sidebar.inner_text() and UNIT in sidebar.inner_text()
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    assert [link.strip().splitlines()[-1] for link in links] == NAVIGATION
    for text in expected:
        wait_for_text(page, text)
    assert page.url.endswith(f"/{path}?report={entry_id}")

"""The app under what users type and what the library holds: odd search words and links,
reports with unreadable pages, a library that cannot be opened — a Chinese message or the
page, never an exception."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from juesuan import ingest
from juesuan.store import Library

from . import hostile
from .corpus import corpus_file

APP = str(Path(__file__).parents[1] / "app.py")
ODD = ["²", "1" * 20, "2024²", "-1", "%_\\", "\x00", "\u202e2024"]


@pytest.fixture
def app_library(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'library.db'}"
    monkeypatch.setenv("JUESUAN_DB_URL", url)
    state.library.clear()
    state.bundle_for.clear()
    yield Library(url)
    state.library.clear()
    state.bundle_for.clear()


def test_library_search_takes_any_words(library_url):
    lib = Library(library_url)
    data = corpus_file("yangquan-2024.txt").read_bytes()
    ingest.ingest(ingest.in_process, lib, data, "yangquan-2024.txt")
    for words in ODD[:-2]:
        assert lib.entries(words) == []
    assert len(lib.entries("\x00")) == 1  # invisible characters are dropped, as in report text
    assert [e.year for e in lib.entries("2024")] == [e.year for e in lib.entries("\u202e2024")] == [2024]


@pytest.mark.parametrize("link", ODD + ["99999"])
def test_odd_report_links_open_the_dashboard(app_library, link):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["report"] = link
    at.query_params["f"] = link
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/findings.py").run()
    assert not at.exception


def test_odd_search_words_keep_the_sidebar_working(app_library):
    at = AppTest.from_file(APP, default_timeout=120).run()
    for words in ODD:
        at.text_input(key="picker_search").input(words).run()
        assert not at.exception, (words, [e.value for e in at.exception])


def test_an_incomplete_report_says_so_in_the_library_and_the_sidebar(app_library):
    entry = ingest.ingest(ingest.in_process, app_library, hostile.incomplete_pdf(), "incomplete.pdf").entry
    assert entry.incomplete
    assert state.entry_label(entry).endswith("（不完整）")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PENDING] = entry.id
    at.run()
    assert not at.exception
    assert any("第23、24、25页未能读取，报告不完整" in w.value for w in at.sidebar.warning)


def test_a_library_that_cannot_be_opened_is_a_chinese_message(tmp_path, monkeypatch):
    corrupt = tmp_path / "library.db"
    corrupt.write_bytes(os.urandom(4096))
    monkeypatch.setenv("JUESUAN_DB_URL", f"sqlite:///{corrupt}")
    state.library.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception
        assert any("报告库文件已损坏" in e.value for e in at.error)
    finally:
        state.library.clear()

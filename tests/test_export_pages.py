"""演示模式 and 会议导出 pages, run headless with Streamlit's AppTest on the embedded sample."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from juesuan.checks import run_checks
from juesuan.export.html import find_chromium
from juesuan.export.slides import build_slides
from tests.corpus import parsed

ROOT = Path(__file__).resolve().parents[1]
# What app.py does before a page: pick the report (the embedded sample on first start).
HARNESS = """
import os, runpy
os.chdir({root!r})
from components import state
state.init()
runpy.run_path({page!r}, run_name="__main__")
"""


@pytest.fixture(scope="module")
def library_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('library') / 'library.db'}"
    old = os.environ.get("JUESUAN_DB_URL")
    os.environ["JUESUAN_DB_URL"] = url
    yield url
    if old is None:
        os.environ.pop("JUESUAN_DB_URL", None)
    else:
        os.environ["JUESUAN_DB_URL"] = old


def _app(page: str) -> AppTest:
    at = AppTest.from_string(HARNESS.format(root=str(ROOT), page=str(ROOT / page)), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _sample_slides():
    report = parsed("yangquan-2024.pdf")
    return build_slides(report, run_checks(report).findings)


def test_presentation_pages_through_the_slides(library_url):
    slides = _sample_slides()
    at = _app("pages/present.py")
    previous, following = at.button
    assert previous.disabled and not following.disabled
    assert slides[0].title in _html(at)
    assert "stSidebar" in _html(at), "the sidebar is hidden while presenting"
    for i in range(1, len(slides)):
        at.button[1].click().run()
        page = _html(at)
        assert slides[i].title in page and slides[i].topic in page
        assert f"{i + 1} / {len(slides)}" in page
        if slides[i].chart is not None:
            assert len(at.get("plotly_chart")) == 1, "one chart per screen"
    assert at.button[1].disabled
    at.button[0].click().run()
    assert slides[-2].title in _html(at)
    at.toggle[0].set_value(False).run()
    assert "stSidebar'" not in _html(at)


def test_export_page_offers_the_files(library_url):
    at = _app("pages/exports.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PowerPoint演示文稿", "Excel工作簿", "单页简报（HTML）", "批注版PDF（发回单位）"]
    names = [b.proto.label for b in at.button]
    if find_chromium() is None:
        assert any("未安装Chromium" in i.value for i in at.info)
        return
    assert names == ["生成单页简报（PDF）", "生成此图表的PNG和SVG", "生成全部图表（PNG和SVG，ZIP）"]
    at.button[0].click().run()
    assert not at.exception
    at.button[0].click().run()  # 生成此图表的PNG和SVG: kaleido inside Streamlit's script thread
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载单页简报（PDF）" in labels and "下载 PNG" in labels and "下载 SVG" in labels

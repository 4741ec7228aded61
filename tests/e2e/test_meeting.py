"""Meeting-ready, as people in the room see it: four corpus reports, every page at a laptop's
1440×900 and a projector's 1280×720 — no exception, no English UI string, nothing wider than
the screen or cut off — and every link on every page followed (the KPI cards' finding links
included). 概览 shows its sentence, figures, chart and top problems above the fold at 1280×720.

Screenshots are saved under test-artifacts/screenshots/meeting-*.png for a person to look at.
"""
from __future__ import annotations

import re
import subprocess

import pytest

from juesuan.checks import run_checks
from juesuan.store import Library

from ..corpus import corpus_file, parsed
from .conftest import _require_chromium, screenshot, start_app, wait_for_app

REPORTS = [
    "yangquan-2024.pdf",
    "shifan-transport-2024.pdf",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf",
    "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
]
VIEWPORTS = [(1440, 900), (1280, 720)]
PATHS = ["", "structure", "execution", "yoy", "sangong", "performance", "findings", "tables", "compare", "present",
         "exports", "upload"]
# Latin words a Chinese user meets on purpose: file kinds, product names, units.
ALLOWED_LATIN = {"pdf", "docx", "xlsx", "txt", "csv", "png", "svg", "zip", "html", "excel", "word", "powerpoint",
                 "chromium", "ocr"}

# Visible text, the icon ligatures (Material Symbols spell their names in Latin) left out.
_SHOWN_TEXT = """() => {
  const out = [];
  const walk = (el) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') return;
    const id = el.getAttribute && el.getAttribute('data-testid');
    if (id === 'stIconMaterial' || ['svg', 'STYLE', 'SCRIPT', 'NOSCRIPT'].includes(el.tagName)) return;
    for (const child of el.childNodes) {
      if (child.nodeType === 3) out.push(child.textContent); else if (child.nodeType === 1) walk(child);
    }
  };
  walk(document.body);
  return out.join(' ');
}"""
# Elements reaching past the right edge of the screen (outside any scrolling box), and text cut
# off with an ellipsis.
_CLIPPED = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  const bad = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (el.closest('svg') || el.closest('[data-testid="stDataFrame"]')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 && !scrolls(el)) bad.push('wider than the screen: ' + (el.innerText || el.tagName).slice(0, 60));
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && el.innerText.trim())
      bad.push('cut off: ' + el.innerText.slice(0, 60));
  }
  return [...new Set(bad)].slice(0, 10);
}"""


@pytest.fixture(scope="module")
def meeting_app(tmp_path_factory):
    """A server whose library holds the four reports: (url, {name: entry id})."""
    _require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('meeting') / 'library.db'}"
    lib = Library(url)
    ids = {}
    for name in REPORTS:
        path = corpus_file(name)
        report = parsed(name)
        ids[name] = lib.add(path.read_bytes(), path.name, report,
                            [f.to_dict() for f in run_checks(report).findings]).entry.id
    lib.close()
    proc, app_url = start_app(url)
    yield app_url, ids
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _english(text: str) -> list[str]:
    """Latin words in the text that are not a file name, an allowed word or a unit code."""
    words = []
    for match in re.finditer(r"[A-Za-z][A-Za-z_]{2,}", text):
        word, before, after = match.group(), text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        if word.lower() in ALLOWED_LATIN or before in ".-_/\\" or after in ".-_/\\":
            continue  # a file name or its extension
        words.append(word)
    return words


def _check_screen(pg, where: str) -> None:
    exceptions = pg.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()[:300]}"
    text = pg.evaluate(_SHOWN_TEXT)
    assert "Traceback" not in text, where
    assert not _english(text), f"{where}: English on screen: {_english(text)[:10]}"
    assert not pg.evaluate(_CLIPPED), f"{where}: {pg.evaluate(_CLIPPED)}"


def _links(pg) -> list[str]:
    """Every link in the page's main area (page links with their query: finding links)."""
    hrefs = pg.eval_on_selector_all('[data-testid="stMain"] a[href]', "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if h and not h.startswith(("mailto:", "#"))))


@pytest.mark.parametrize("width,height", VIEWPORTS)
@pytest.mark.parametrize("name", REPORTS)
def test_every_page_and_every_link(meeting_app, browser, name, width, height):
    url, ids = meeting_app
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    pg = context.new_page()
    stem = name.split("/")[-1].removesuffix(".pdf")
    try:
        pg.goto(f"{url}/?report={ids[name]}")
        wait_for_app(pg)
        followed = 0
        for path in PATHS:
            pg.goto(f"{url}/{path}")
            wait_for_app(pg)
            where = f"{stem} {width}×{height} /{path}"
            screenshot(pg, f"meeting-{stem}-{width}-{path or 'overview'}", full_page=False)
            _check_screen(pg, where)
            for href in _links(pg):
                target = href if href.startswith("http") else f"{url}/{href.lstrip('./')}"
                pg.goto(target)
                wait_for_app(pg)
                _check_screen(pg, f"{where} → {href}")
                followed += 1
        assert followed, "the pages link to something"
    finally:
        context.close()


@pytest.mark.parametrize("name", REPORTS)
def test_overview_fits_above_the_fold_at_1280x720(meeting_app, browser, name):
    """Sentence, four figures, the chart and the top problems with the link to all of them,
    all within the first screen of a projector."""
    url, ids = meeting_app
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    pg = context.new_page()
    try:
        pg.goto(f"{url}/?report={ids[name]}")
        wait_for_app(pg)
        main = pg.locator('[data-testid="stMain"]')
        metrics = main.locator('[data-testid="stMetric"]')
        assert metrics.count() >= 4
        for i in range(4):
            assert metrics.nth(i).bounding_box()["y"] + metrics.nth(i).bounding_box()["height"] <= 720
        link = main.get_by_role("link", name=re.compile("^查看全部审核发现")).first
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 720, "the problems and their link are above the fold"
        chart = main.locator('[data-testid="stPlotlyChart"]').first
        assert chart.bounding_box()["y"] + chart.bounding_box()["height"] <= 720
    finally:
        context.close()


def test_a_kpi_finding_link_opens_its_findings(meeting_app, browser):
    """The transport report's 机关运行经费 disagrees with 公开06: its card links to that finding."""
    url, ids = meeting_app
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    try:
        pg.goto(f"{url}/?report={ids['shifan-transport-2024.pdf']}")
        wait_for_app(pg)
        link = pg.locator('[data-testid="stMain"] a[href*="findings?f="]').filter(has_text="公用经费合计")
        assert link.count() >= 1
        link.first.click()
        wait_for_app(pg)
        _check_screen(pg, "KPI link")
        focus = pg.locator('[class*="st-key-focus-"]')
        assert focus.count() >= 1 and "公开10机关运行经费应等于公开06公用经费合计" in focus.first.inner_text()
    finally:
        context.close()

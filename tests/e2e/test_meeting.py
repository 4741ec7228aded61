"""Meeting-ready, as people in the room see it: four corpus reports, every page at a laptop's
1440×900 and a projector's 1280×720 — no exception, no English UI string, nothing wider than
the screen or cut off — and every link on every page followed (the KPI cards' finding links
included). 概览 shows its sentence, figures, chart and top problems above the fold at 1280×720.
A select box filtered to nothing says so in Chinese.

Screenshots are saved under test-artifacts/screenshots/meeting-*.png for a person to look at.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from juesuan.checks import run_checks
from juesuan.store import Library

from ..corpus import corpus_file, parsed
from .conftest import _require_chromium, screenshot, start_app, stop_app, wait_for_app

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

# Text a reader sees: icon ligatures (Material Symbols spell their names in Latin) and the visually
# hidden skip link left out.
_SHOWN_TEXT = """() => {
  const out = [];
  const walk = (el) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') return;
    if (['svg', 'STYLE', 'SCRIPT', 'NOSCRIPT'].includes(el.tagName)) return;
    if (el.getAttribute('data-testid') === 'stIconMaterial' || el.getAttribute('translate') === 'no') return;  // icon ligatures
    const r = el.getBoundingClientRect();
    if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || (r.width <= 1 && r.height <= 1)) return;  // for screen readers only
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
    stop_app(proc)


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


@contextmanager
def _screen(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(pg, url: str, path: str, entry_id: int) -> None:
    """A page of one report, as a shared link opens it (a new session, the report in the link)."""
    pg.goto(f"{url}/{path}?report={entry_id}")
    wait_for_app(pg)


@pytest.mark.parametrize("width,height", VIEWPORTS)
@pytest.mark.parametrize("name", REPORTS)
def test_every_page_and_every_link(meeting_app, browser, name, width, height):
    url, ids = meeting_app
    stem = name.split("/")[-1].removesuffix(".pdf")
    followed = 0
    with _screen(browser, width, height) as pg:
        for path in PATHS:
            _open(pg, url, path, ids[name])
            where = f"{stem} {width}×{height} /{path}"
            screenshot(pg, f"meeting-{stem}-{width}-{path or 'overview'}", full_page=False)
            _check_screen(pg, where)
            for href in _links(pg):
                if not pg.locator(f'[data-testid="stMain"] a[href="{href}"]').count():
                    _open(pg, url, path, ids[name])  # back on the page the link stands on
                pg.locator(f'[data-testid="stMain"] a[href="{href}"]').first.click()  # as a person follows it
                wait_for_app(pg)
                _check_screen(pg, f"{where} → {href}")
                followed += 1
    assert followed, "the pages link to something"


@pytest.mark.parametrize("name", REPORTS)
def test_overview_fits_above_the_fold_at_1280x720(meeting_app, browser, name):
    """Sentence, four figures, the chart and the top problems with the link to all of them,
    all within the first screen of a projector."""
    url, ids = meeting_app
    with _screen(browser, 1280, 720) as pg:
        _open(pg, url, "", ids[name])
        main = pg.locator('[data-testid="stMain"]')
        metrics = main.locator('[data-testid="stMetric"]')
        metrics.nth(3).wait_for()
        for i in range(4):
            assert metrics.nth(i).bounding_box()["y"] + metrics.nth(i).bounding_box()["height"] <= 720
        link = main.get_by_role("link", name=re.compile("^查看全部审核发现")).first
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 720, "the problems and their link are above the fold"
        chart = main.locator('[data-testid="stPlotlyChart"]').first
        assert chart.bounding_box()["y"] + chart.bounding_box()["height"] <= 720


def test_a_kpi_finding_link_opens_its_findings(meeting_app, browser):
    """The transport report's 机关运行经费 disagrees with 公开06: its card links to that finding."""
    url, ids = meeting_app
    with _screen(browser, 1440, 900) as pg:
        _open(pg, url, "", ids["shifan-transport-2024.pdf"])
        link = pg.locator('[data-testid="stMain"] a[href*="findings?f="]').filter(has_text="公用经费合计")
        assert link.count() >= 1
        link.first.click()
        wait_for_app(pg)
        _check_screen(pg, "KPI link")
        focus = pg.locator('[class*="st-key-focus-"]')
        assert focus.count() >= 1 and "公开10机关运行经费应等于公开06公用经费合计" in focus.first.inner_text()


def _filter_to_nothing(pg, box, where: str) -> None:
    """Type a filter no option matches into a select box: its open list says 无匹配项, and nothing
    on screen — the list included — is English (Streamlit's own words are "No results"); emptied,
    the box says 请选择 (Streamlit's own: "Choose an option")."""
    field = box.locator("input").first
    field.click()
    placeholder = field.get_attribute("placeholder") or ""
    assert not re.search(r"[A-Za-z]", placeholder), f"{where}: placeholder {placeholder!r}"
    pg.keyboard.type("zzzz")
    empty = pg.locator('[role="listbox"][data-empty="true"] [role="option"] span')
    empty.wait_for(state="attached")
    shown = pg.evaluate("el => { const a = getComputedStyle(el, '::after');"
                        " return [a.content, a.visibility, a.fontSize, el.getBoundingClientRect().height]; }",
                        empty.element_handle())
    assert shown[:2] == ['"无匹配项"', "visible"] and shown[2] != "0px" and shown[3] > 10, f"{where}: {shown}"
    assert not re.search(r"[A-Za-z]", empty.inner_text()), f"{where}: {empty.inner_text()!r}"
    screenshot(pg, f"meeting-no-match-{where}", full_page=False)
    _check_screen(pg, where)
    pg.keyboard.press("Escape")


def test_a_select_box_filtered_to_nothing_says_so_in_chinese(meeting_app, browser):
    url, ids = meeting_app
    with _screen(browser, 1440, 900) as pg:
        _open(pg, url, "", ids[REPORTS[0]])
        picker = pg.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="选择报告")
        _filter_to_nothing(pg, picker, "picker")
        _open(pg, url, "compare", ids[REPORTS[0]])
        years = pg.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').filter(has_text="年度")
        _filter_to_nothing(pg, years, "compare-years")

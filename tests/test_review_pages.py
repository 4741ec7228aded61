"""Review decisions in the app (AppTest, the embedded sample): a signed dismissal with its
reason, the 待核实/已确认/已排除 filter, the counts on 概览, a correction that re-runs the
checks and its withdrawal, and the page image behind a finding and behind a cell."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from components.reviewing import REVIEWER
from juesuan import ingest
from juesuan.decisions import CONFIRMED, DISMISSED, PENDING, Reviews
from juesuan.store import Library
from tests.store_support import app_library
from tests.test_export_pages import HARNESS

ROOT = Path(__file__).parents[1]
ROUNDING = "表内.06"  # the sample's 公开06 301 one cent above its items


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'library.db'}"
    with app_library(url):
        yield url


def _findings_page() -> AppTest:
    """审核发现 as app.py frames it (the report chosen first), run alone so that a button's
    press reaches it (the app re-routes a page run by AppTest, which spends the press)."""
    page = ROOT / "pages" / "findings.py"
    at = AppTest.from_string(HARNESS.format(root=str(ROOT), page=str(page)), default_timeout=240).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(page: str) -> AppTest:
    """A page in the whole app, in a session of its own."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _stored(url: str):
    library = Library(url)
    try:
        entry = library.entries()[0]
        return entry, ingest.stored_findings(library, entry.id).findings, Reviews(library.reviews(entry.id))
    finally:
        library.close()


def _press(at: AppTest, finding_id: str, form: str, label: str, **fields: str) -> None:
    """Fill a finding's form (field name → text) and press one of its buttons, as one submission."""
    for field, text in fields.items():
        at.text_input(key=f"finding-tools-{finding_id}-{field}").input(text)
    at.button(key=f"FormSubmitter:finding-tools-{finding_id}-{form}-{label}").click().run()


def _shown(at: AppTest) -> tuple[int, int]:
    """What the list says it shows: '显示 12 / 15 …'."""
    listed, total = re.search(r"显示 (\d+) / (\d+)", _texts(at)).groups()
    return int(listed), int(total)


def _texts(at: AppTest) -> str:
    """The page's text as a reader sees it (Markdown escapes removed)."""
    return "\n".join(e.value for kind in ("markdown", "caption", "warning", "error") for e in at.get(kind)
                     if isinstance(getattr(e, "value", None), str)).replace("\\", "")


def test_a_dismissal_is_signed_needs_a_reason_and_is_filtered(url):
    at = _findings_page()
    _entry, findings, _ = _stored(url)
    rounding = next(f for f in findings if f.rule == ROUNDING)

    _press(at, rounding.id, "decide", "排除")  # nobody named yet
    assert "请先在页面上方填写审核人姓名" in _texts(at)
    at.text_input(key=REVIEWER).input("张三").run()
    _press(at, rounding.id, "decide", "排除")  # no reason
    assert "理由" in _texts(at) and _stored(url)[2].log == []

    _press(at, rounding.id, "decide", "排除", reason="尾数误差，属合理")
    assert not at.exception
    reviews = _stored(url)[2]
    assert reviews.status(rounding) == DISMISSED and reviews.decision(rounding).by == "张三"
    assert "张三" in _texts(at) and "尾数误差，属合理" in _texts(at)

    listed, total = _shown(at)
    assert listed == total and any(rounding.id in (b.key or "") for b in at.button)
    at.pills(key="findings_state").set_value([PENDING, CONFIRMED]).run()
    assert _shown(at) == (listed - 1, total)
    assert not [b for b in at.button if rounding.id in (b.key or "")]  # its card is filtered out

    at = _page("pages/overview.py")
    assert "已排除 1" in _texts(at) and f"待核实 {len(findings) - 1}" in _texts(at)
    bundle = state.bundle_of(_stored(url)[0])
    assert rounding.id not in {f.id for f in bundle.findings}  # what the other pages and exports use
    assert rounding.id in {f.id for f in bundle.reviewed}


def test_a_correction_reruns_the_checks_and_can_be_withdrawn(url):
    at = _findings_page()
    _entry, findings, _ = _stored(url)
    rounding = next(f for f in findings if f.rule == ROUNDING)
    at.text_input(key=REVIEWER).input("王会计").run()
    assert at.selectbox(key=f"finding-tools-{rounding.id}-figure").value == rounding.facts[0]
    _press(at, rounding.id, "correct", "更正并重新审核", value="110.33", why="按明细更正")
    assert not at.exception
    entry, after, reviews = _stored(url)
    assert [(r.subject, r.original, r.value, r.by) for r in reviews.corrections] == [
        (rounding.facts[0], "110.34", "110.33", "王会计")]
    assert rounding.id not in {f.id for f in after} and entry.corrections  # re-checked and stored
    assert f"{rounding.facts[0]}：110.34 → 110.33" in _texts(at)

    at.button(key="withdraw-0").click().run()
    assert not at.exception
    entry, again, reviews = _stored(url)
    assert reviews.corrections == [] and rounding.id in {f.id for f in again} and entry.corrections == ""


def test_the_page_behind_a_finding_and_behind_a_cell(url):
    at = _findings_page()
    _entry, findings, _ = _stored(url)
    rounding = next(f for f in findings if f.rule == ROUNDING)
    assert not at.get("image")
    at.toggle(key=f"finding-tools-{rounding.id}-open").set_value(True).run()
    assert not at.exception
    assert len(at.get("image")) == 1 and "红框" in _texts(at)
    at.toggle(key=f"finding-tools-{rounding.id}-whole").set_value(True).run()  # the whole page
    assert not at.exception and len(at.get("image")) == 1

    at = _page("pages/tables.py")
    at.selectbox(key="tables_choice").set_value("公开06").run()
    assert not at.exception
    cells = at.selectbox(key="cells-公开06-cell")
    cells.set_value(rounding.facts[0]).run()
    assert not at.exception and len(at.get("image")) == 1

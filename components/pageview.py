"""The report page behind a finding or a cell: the rendered page, the figure in question boxed
red and what it was compared with blue, zoomed to the table (the whole page on request).

Rendering and drawing are juesuan.pageimage's (bytes in, PNG out); here they are cached on
the file's sha256 and the page — never on an object — and drawn only when a reader asks.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from juesuan import keys
from juesuan.decisions import basis
from juesuan.model import Report, Table
from juesuan.pageimage import PageUnavailable, draw_marks, render_page
from juesuan.pagemarks import COUNTERPART, SUBJECT, Mark, PageText, fact_places, finding_marks, table_region

from .fmt import CHOOSE
from .state import Bundle, library

LEGEND = ":red[红框]：被核对的数字　:blue[蓝框]：与之比较的数字"


@st.cache_data(show_spinner=False, max_entries=4)
def _original(sha256: str, entry_id: int) -> bytes:
    """The stored file's bytes (keyed on their hash: the same file under any entry)."""
    return library().original(entry_id)[0]


def original(bundle: Bundle) -> bytes:
    """The report's file as it was uploaded."""
    return _original(bundle.entry.sha256, bundle.entry.id)


@st.cache_data(show_spinner=False, max_entries=48)
def _page_png(sha256: str, page: int, _data: bytes) -> bytes:
    return render_page(_data, page)


@st.cache_data(show_spinner=False, max_entries=256)
def _finding_marks(sha256: str, model: str, finding_id: str, facts: tuple[str, ...], stated: str,
                   _finding: Any, _report: Report, _data: bytes) -> list[Mark]:
    """A finding's marks, keyed on the file, the model's version and what the finding states."""
    with PageText(_data) as text:
        return finding_marks(_finding, fact_places(_report), text)


def _model_key(bundle: Bundle) -> str:
    entry = bundle.entry
    return f"{entry.parser_version}|{getattr(entry, 'corrections', '')}"


def _show(bundle: Bundle, marks: Sequence[Mark], pages: Sequence[int], key: str) -> None:
    """The page picker (when marks stand on several pages), the page, the whole-page switch."""
    data = original(bundle)
    shown = list(dict.fromkeys([m.page for m in marks] + list(pages)))
    if not shown:
        st.caption("这条审核发现没有对应的页码。")
        return
    left, right = st.columns([3, 1], vertical_alignment="center")
    page = shown[0]
    if len(shown) > 1:
        page = left.segmented_control("页码", shown, default=shown[0], format_func=lambda p: f"第{p}页",
                                      key=f"{key}-page", label_visibility="collapsed") or shown[0]
    whole = right.toggle("整页", key=f"{key}-whole")
    on_page = [m for m in marks if m.page == page]
    try:
        png = _page_png(bundle.entry.sha256, page, data)
    except PageUnavailable as err:
        st.warning(err.message, icon=":material/warning:")
        return
    zoom = None if whole else table_region(bundle.report, page, on_page)
    st.image(draw_marks(png, on_page, zoom=zoom), caption=f"第{page}页", width="stretch")
    if any(m.bbox for m in on_page):
        st.caption(LEGEND)
    elif on_page or page in pages:
        st.caption("本页未能定位到具体数字，请在页面中查找。")


def has_pages(bundle: Bundle) -> bool:
    """Whether the report's pages can be shown (a PDF)."""
    return bundle.entry.kind == "pdf"


def finding_page(bundle: Bundle, finding: Any, key: str) -> None:
    """The page of a finding with its figures boxed."""
    data = original(bundle)
    marks = _finding_marks(bundle.entry.sha256, _model_key(bundle), finding.id, tuple(finding.facts),
                           basis(finding), finding, bundle.report, data)
    _show(bundle, marks, finding.pages, key)


def cell_marks(report: Report, table: Table, cell_key: str, findings: Sequence[Any]) -> list[Mark]:
    """A cell boxed red; the figures the first finding involving it compares it with, blue."""
    places = fact_places(report)
    own = places.get(cell_key)
    if own is None or own.page is None:
        return []
    marks = [Mark(own.page, own.bbox, SUBJECT, cell_key)]
    involving = next((f for f in findings if cell_key in (f.facts or ())), None)
    for other in (involving.facts if involving else ()):
        place = places.get(other)
        if other != cell_key and place is not None and place.page is not None and place.bbox:
            marks.append(Mark(place.page, place.bbox, COUNTERPART, other))
    return marks


def cell_page(bundle: Bundle, table: Table, key: str) -> None:
    """Pick a printed cell of a table and see it on its page."""
    labels = {keys.cell(table.id, row.key, column): f"{row.label}{' · ' + column if column else ''}：{cell.text}"
              for row in table.rows for column, cell in row.cells.items()
              if cell.value is not None and (cell.page or row.page) is not None}
    if not labels:
        st.caption("本表没有可定位的数字。")
        return
    chosen = st.selectbox("单元格", list(labels), format_func=labels.get, key=f"{key}-cell", placeholder=CHOOSE,
                          help="选择一个数字，查看它在原报告页面中的位置")
    marks = cell_marks(bundle.report, table, chosen, bundle.findings)
    _show(bundle, marks, [], key)

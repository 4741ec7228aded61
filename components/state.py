"""The report on screen: library, cached parsing and checks, the shared sidebar.

Parsing is cached on the file's sha256 (the bytes ride along unhashed), never on an
UploadedFile. A loaded report, its checks and its previous-year report form a Bundle,
cached per library entry and shared read-only by every page and session.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from juesuan.checks import run_checks
from juesuan.model import Report
from juesuan.parse import PARSER_VERSION
from juesuan.parse.isolated import parse_isolated
from juesuan.store import Entry, Library
from juesuan.vocab import SEVERITIES

from .fmt import md_escape
from .marks import FindingIndex
from .navigation import pages
from .theme import severity_md

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "yangquan-2024.pdf"
SAMPLE_ORIGIN = "内置示例"
UPLOAD_ORIGIN = "上传"
FINDINGS_PAGE = "pages/findings.py"
OVERVIEW_PAGE = "pages/overview.py"

PARSE_SECONDS = 90  # a 40-page report parses in 1–3 s; past this the file is refused

# session_state keys
ENTRY = "entry_id"  # the library entry on screen
PENDING = "pending_entry_id"  # chosen elsewhere (upload, tests); applied before the picker is drawn
PICKER = "report_picker"
LINKED = "linked_report"  # the ?report= value already applied
FLASH = "flash_messages"  # shown once on the next page (the upload's parse summary)
FRAMED = "framed_by_app"  # this run went through app.py (init), not a page file run alone


@dataclass
class Bundle:
    entry: Entry
    report: Report
    findings: list[Any]  # juesuan.checks Finding
    coverage: list[Any]  # juesuan.checks RuleOutcome
    previous: Report | None
    previous_entry: Entry | None
    index: FindingIndex


@st.cache_resource(show_spinner=False)
def library() -> Library:
    return Library()


@st.cache_data(show_spinner=False, max_entries=16)
def parse_cached(sha256: str, filename: str, _data: bytes) -> Report:
    """The parsed report of these bytes (keyed on their sha256), parsed in a worker process
    with a time limit and a memory cap so a pathological file cannot hang or sink the app."""
    return parse_isolated(_data, filename, timeout=PARSE_SECONDS)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _findings_dicts(result) -> list[dict]:
    return [f.to_dict() for f in result.findings]


def import_file(data: bytes, filename: str, origin: str) -> Entry:
    """Parse (cached), check and store a file; the library entry (an existing one when known).

    Raises juesuan.parse.ReportError for a file that is not a readable report."""
    lib = library()
    known = lib.find(sha256_of(data))
    if known is not None and known.parser_version == PARSER_VERSION:
        return known
    report = parse_cached(sha256_of(data), filename, data)
    previous = _previous_of(lib, report)
    result = run_checks(report, previous)
    return lib.add(data, filename, report, _findings_dicts(result), loaded_by=origin).entry


def _previous_of(lib: Library, report: Report) -> Report | None:
    """The same unit's latest report of the year before, when the library holds one."""
    unit, year = report.header.unit, report.header.year
    if not unit or year is None:
        return None
    prev = next((e for e in lib.entries(unit, latest_only=True) if e.unit == unit and e.year == year - 1), None)
    return _load_report(lib, prev) if prev else None


def _load_report(lib: Library, entry: Entry) -> Report:
    """The stored model, re-parsed from the original when the parser has changed since."""
    if entry.parser_version == PARSER_VERSION:
        return lib.load(entry.id)
    data, filename = lib.original(entry.id)
    return parse_cached(entry.sha256, filename, data)


@st.cache_resource(show_spinner=False, max_entries=32)
def bundle_for(entry_id: int, sha256: str, parser_version: str, previous_id: int | None = None) -> Bundle:
    """Report, checks and previous year of one entry. The sha256, the parser version and
    the previous year's entry key the cache: a later upload of last year's report shows."""
    lib = library()
    entry = lib.get(entry_id)
    report = _load_report(lib, entry)
    prev_entry = lib.get(previous_id) if previous_id is not None else None
    previous = _load_report(lib, prev_entry) if prev_entry else None
    result = run_checks(report, previous)
    return Bundle(entry, report, list(result.findings), list(result.coverage), previous, prev_entry,
                  FindingIndex(result.findings))


def ensure_sample() -> int | None:
    """The embedded sample's entry, imported on first start; None if it cannot be read."""
    try:
        return import_file(SAMPLE.read_bytes(), SAMPLE.name, SAMPLE_ORIGIN).id
    except Exception as exc:  # the app must open even when the sample cannot be parsed
        st.session_state["sample_error"] = getattr(exc, "message", str(exc))
        return None


def select(entry_id: int) -> None:
    """Show this entry from the next run on (safe to call after the sidebar is drawn)."""
    st.session_state[PENDING] = entry_id


def current() -> Bundle | None:
    entry_id = st.session_state.get(ENTRY)
    if entry_id is None:
        return None
    return bundle_of(library().get(entry_id))


def bundle_of(entry: Entry) -> Bundle:
    prev = library().previous_year(entry)
    return bundle_for(entry.id, entry.sha256, PARSER_VERSION, prev.id if prev else None)


def entry_label(entry: Entry) -> str:
    year = f"{entry.year}年" if entry.year else "年度不详"
    version = f"（第{entry.version}版）" if entry.version > 1 else ""
    return f"{entry.unit} · {year}{version}"


def _exists(entry_id: int) -> bool:
    try:
        library().get(entry_id)
    except KeyError:
        return False
    return True


def ensure_routed() -> None:
    """Run every page through app.py's navigation (every page calls this first).

    While no session of this server has called st.navigation yet (a fresh server), Streamlit
    treats the pages/ folder the legacy way: a deep link such as /findings runs that page file
    alone, without app.py's sidebar and report choice. app.py marks each run it frames
    (`init`); a page run without that mark calls st.navigation itself — which, as Streamlit
    documents, turns the pages/ folder off for every session — and reruns, so app.py routes
    this and every later run.
    """
    if st.session_state.pop(FRAMED, False):
        return
    st.navigation(pages(), position="hidden")
    st.rerun()


def init() -> None:
    """Pick the report for this run: a pending choice, the picker, else the sample."""
    st.session_state[FRAMED] = True
    pending = st.session_state.pop(PENDING, None)
    linked = st.query_params.get("report", "")  # a shared link: ?report=<library entry id>
    if pending is None and linked.isdigit() and st.session_state.get(LINKED) != linked:
        st.session_state[LINKED] = linked
        if _exists(int(linked)):
            pending = int(linked)
    if pending is not None:
        st.session_state[ENTRY] = pending
        st.session_state[PICKER] = pending
    elif st.session_state.get(PICKER) is not None:
        st.session_state[ENTRY] = st.session_state[PICKER]
    if st.session_state.get(ENTRY) is None:
        st.session_state[ENTRY] = ensure_sample()
        st.session_state[PICKER] = st.session_state[ENTRY]


def findings_badge(bundle: Bundle) -> str:
    counts = bundle.index.counts()
    if not counts:
        return ":green[:material/check_circle: 审核未发现问题]"
    return "　".join(severity_md(s, f"{s} {counts[s]}") for s in SEVERITIES if counts.get(s))


def sidebar() -> None:
    lib = library()
    with st.sidebar:
        st.markdown("#### 报告库")
        search = st.text_input("搜索单位或年度", key="picker_search", placeholder="单位名称、文件名或年度")
        entries = lib.entries(search)
        ids = [e.id for e in entries]
        current_id = st.session_state.get(ENTRY)
        if current_id is not None and current_id not in ids:
            ids.insert(0, current_id)  # the report on screen stays selectable while searching
        labels = {e.id: entry_label(e) for e in entries}
        if current_id is not None and current_id not in labels:
            labels[current_id] = entry_label(lib.get(current_id))
        if ids:
            st.selectbox("选择报告", ids, key=PICKER, format_func=lambda i: labels.get(i, str(i)))
        else:
            st.caption("报告库为空，请上传报告。")
        bundle = current()
        if bundle is None:
            return
        e, h = bundle.entry, bundle.report.header
        with st.container(border=True):
            st.text(h.unit or e.unit or "（单位未识别）")
            st.caption(f"{h.year or '—'}年度 · {md_escape(h.kind or '单位')}决算")
            origin = e.loaded_by or "报告库"
            st.caption(f"来源：{md_escape(origin)} · {md_escape(e.filename)} · 载入于{e.loaded_at:%Y-%m-%d %H:%M}")
            st.markdown(findings_badge(bundle))  # wraps, unlike a link label
            st.page_link(FINDINGS_PAGE, label="查看审核发现", icon=":material/arrow_forward:")

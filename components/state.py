"""The report on screen: library, the worker pool, the shared sidebar.

Files are parsed and checked through juesuan.ingest in the app's bounded worker pool (at
most N workers for every session together, a time limit and a memory cap each): an upload
waits its turn with its place shown, and a session that leaves or moves on cancels its
job. What a page shows is what the library stores: a loaded report, its stored findings
and its previous-year report form a Bundle, cached per library entry and shared read-only
by every page and session; an entry stored by an older parser or older checks, or before
its previous year arrived, is brought up to date (and re-stored) first. Reviewers' decisions
hold on every page: the report shown is corrected where a value was corrected, and a
dismissed finding is shown only on 审核发现 (as 已排除).
"""
from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from juesuan import ingest
from juesuan.decisions import Reviews, corrected
from juesuan.describe import incomplete_note
from juesuan.model import Report
from juesuan.parse import ReportError
from juesuan.pool import WorkerPool
from juesuan.review import standing_counts
from juesuan.store import Entry, Library, LibraryUnavailable
from juesuan.vocab import SEVERITIES
from juesuan.worker import DEFAULT_LIMITS

from .fmt import CHOOSE, md_escape
from .marks import FindingIndex
from .navigation import pages
from .theme import severity_md

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "yangquan-2024.pdf"
SAMPLE_ORIGIN = "内置示例"
UPLOAD_ORIGIN = "上传"
FINDINGS_PAGE = "pages/findings.py"
OVERVIEW_PAGE = "pages/overview.py"

# session_state keys
ENTRY = "entry_id"  # the library entry on screen
PENDING = "pending_entry_id"  # chosen elsewhere (upload, tests); applied before the picker is drawn
PICKER = "report_picker"
LINKED = "linked_report"  # the ?report= value already applied
FLASH = "flash_messages"  # shown once on the next page (the upload's parse summary)
FRAMED = "framed_by_app"  # this run went through app.py (init), not a page file run alone
OWNER = "worker_owner"  # this session's name in the worker pool's queue

_ENTRY_ID = re.compile(r"[0-9]{1,9}")  # a library entry id as a link may carry it


@dataclass
class Bundle:
    entry: Entry
    report: Report  # as read, with the reviewers' corrections
    findings: list[Any]  # juesuan.checks Finding, as stored, those not dismissed: what every surface shows
    coverage: list[Any]  # juesuan.checks RuleOutcome, as stored
    previous: Report | None
    previous_entry: Entry | None
    index: FindingIndex
    reviews: Reviews  # the decisions in force (juesuan.decisions)
    reviewed: list[Any]  # every stored finding, dismissed ones too (审核发现 lists them by state)
    counts: dict[str, int]  # the problems standing by severity (review.standing_counts), as the entry stores them


@st.cache_resource(show_spinner=False)
def library() -> Library:
    return Library()


@st.cache_resource(show_spinner=False)
def pool() -> WorkerPool:
    """The app's workers, shared by every session (JUESUAN_WORKERS, else one per CPU core)."""
    return WorkerPool(limits=DEFAULT_LIMITS)


def run_job(job, *args) -> Any:
    """job(run, *args) on the pool for this session, its place in the queue and its time shown
    meanwhile. Every wait redraws the notice, which is where Streamlit stops a run whose
    session left or reran: the job is then cancelled and its worker ended."""
    owner = st.session_state.setdefault(OWNER, uuid.uuid4().hex)
    ticket = pool().submit(job, *args, owner=owner)
    notice = st.empty()
    started = time.monotonic()
    try:
        while not ticket.wait(0.4):
            place = ticket.position()
            if place:
                notice.info(f"排队中：排在第{place}位（同时最多处理{pool().size}份文件），请稍候…",
                            icon=":material/hourglass_top:")
                started = time.monotonic()
            elif progress := ticket.progress():  # a PDF's pages as they are read (a scan's take seconds each)
                done, total = progress
                step = f"已读取全部{total}页，正在审核" if done == total else f"正在读取：已读取{done}/{total}页"
                notice.progress(done / total, text=f"{step}…已用时{time.monotonic() - started:.0f}秒")
            else:
                notice.info(f"正在解析报告并审核…已用时{time.monotonic() - started:.0f}秒"
                            f"（上限{DEFAULT_LIMITS.timeout:g}秒）", icon=":material/hourglass_top:")
        return ticket.result()
    finally:
        ticket.cancel()  # nothing when it finished; else the run was stopped: end its worker
        notice.empty()


def import_file(data: bytes, filename: str, origin: str) -> Entry:
    """Parse, check and store a file (an existing entry when known, brought up to date).

    Raises juesuan.parse.ReportError for a file that is not a readable report."""
    return run_job(ingest.ingest, library(), data, filename, origin).entry


def up_to_date(entry: Entry) -> Entry:
    """The entry, re-parsed and re-checked first when what is stored is out of date. When
    that fails the stored reading is shown, with a warning saying so."""
    lib = library()
    if ingest.current(lib, entry):
        return entry
    try:
        return run_job(ingest.refresh, lib, entry)
    except ReportError as err:
        st.warning(f"审核结果未能按当前程序更新（{md_escape(err.message)}），以下为上次保存的结果。",
                   icon=":material/warning:")
        return entry


@st.cache_resource(show_spinner=False, max_entries=32)
def bundle_for(entry_id: int, sha256: str, parser_version: str, checks_version: str,
               previous_id: int | None, corrections: str, decided: int) -> Bundle:
    """Report, stored findings, decisions and previous year of one entry, keyed on what they
    were computed from (`decided`: the review log's last line): a re-stored entry or a new
    decision gets a new bundle."""
    lib = library()
    entry = lib.get(entry_id)
    result = ingest.stored_findings(lib, entry_id)
    reviews = Reviews(lib.reviews(entry_id))
    shown = reviews.active(result.findings)
    prev_entry = lib.get(previous_id) if previous_id is not None else None
    return Bundle(entry, corrected(lib.load(entry_id), reviews), shown, result.coverage,
                  ingest.reviewed_model(lib, previous_id) if previous_id is not None else None, prev_entry,
                  FindingIndex(shown), reviews, result.findings, standing_counts(result.findings, reviews))


def ensure_sample() -> int | None:
    """The embedded sample's entry, imported on first start; None if it cannot be read."""
    try:
        return import_file(SAMPLE.read_bytes(), SAMPLE.name, SAMPLE_ORIGIN).id
    except (ReportError, OSError) as exc:  # the app must open even when the sample cannot be parsed
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
    entry = up_to_date(entry)
    log = library().reviews(entry.id)
    return bundle_for(entry.id, entry.sha256, entry.parser_version, entry.checks_version, entry.previous_id,
                      entry.corrections, log[-1].id if log else 0)


def entry_id_param(text: str) -> int | None:
    """A library entry id from a link (?report=…), or None for anything else."""
    return int(text) if _ENTRY_ID.fullmatch(text or "") else None


def entry_label(entry: Entry) -> str:
    year = f"{entry.year}年" if entry.year else "年度不详"
    version = f"（第{entry.version}版）" if entry.version > 1 else ""
    return f"{entry.unit} · {year}{version}" + ("（不完整）" if entry.incomplete else "")


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
    """Pick the report for this run: a pending choice, the picker, else the sample. A library
    that cannot be opened stops the run with its Chinese reason."""
    st.session_state[FRAMED] = True
    try:
        library()
    except LibraryUnavailable as err:
        st.error(md_escape(err.message), icon=":material/error:")
        st.stop()
    pending = st.session_state.pop(PENDING, None)
    linked = st.query_params.get("report", "")  # a shared link: ?report=<library entry id>
    linked_id = entry_id_param(linked)
    if pending is None and linked_id is not None and st.session_state.get(LINKED) != linked:
        st.session_state[LINKED] = linked
        if _exists(linked_id):
            pending = linked_id
    if pending is not None:
        st.session_state[ENTRY] = pending
        st.session_state[PICKER] = pending
    elif st.session_state.get(PICKER) is not None:
        st.session_state[ENTRY] = st.session_state[PICKER]
    if st.session_state.get(ENTRY) is None:
        st.session_state[ENTRY] = ensure_sample()
        st.session_state[PICKER] = st.session_state[ENTRY]


def findings_badge(bundle: Bundle) -> str:
    counts = bundle.counts
    if not any(counts.values()):
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
            st.selectbox("选择报告", ids, key=PICKER, format_func=lambda i: labels.get(i, str(i)), placeholder=CHOOSE)
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
            if bundle.report.incomplete:
                st.warning(incomplete_note(bundle.report), icon=":material/warning:")
            st.markdown(findings_badge(bundle))  # wraps, unlike a link label
            st.page_link(FINDINGS_PAGE, label="查看审核发现", icon=":material/arrow_forward:")

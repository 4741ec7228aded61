"""Review decisions on the pages: who decides, the 待核实/已确认/已排除 filter, a finding's
decision, its page, and corrections of misread values.

Every decision is appended to the library's review log at once (juesuan.decisions), so
everyone who opens the report sees it; a correction re-runs the checks on the corrected
value before the page is drawn again.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from juesuan.checks.names import FactNames
from juesuan.decisions import CONFIRMED, DISMISSED, PENDING, STATES, ReviewError, correct, decide, read_text, withdraw

from . import pageview
from .fmt import CHOOSE, md_escape
from .state import Bundle, library, up_to_date

REVIEWER = "reviewer_name"  # session_state: the name this reviewer gave
STATE_COLORS = {PENDING: "gray", CONFIRMED: "red", DISMISSED: "green"}


def reviewer_field() -> str:
    """The reviewer's name, asked once per session (decisions are signed with it)."""
    return st.text_input("审核人", key=REVIEWER, placeholder="填写姓名后可确认、排除审核发现或更正数值",
                         help="确认、排除和更正都会记录审核人和时间，所有打开本报告的人都能看到。").strip()


def counts_line(bundle: Bundle) -> str:
    """'待核实 12 · 已确认 1 · 已排除 2' over every stored finding."""
    counts = bundle.reviews.counts(bundle.reviewed)
    return " · ".join(f"{state} {counts[state]}" for state in STATES)


def status_filter(bundle: Bundle) -> list[str]:
    """The review states to show (all by default)."""
    counts = bundle.reviews.counts(bundle.reviewed)
    return st.pills("审核结论", list(STATES), default=list(STATES), selection_mode="multi", key="findings_state",
                    format_func=lambda s: f"{s} {counts[s]}") or []


def _signed(name: str) -> bool:
    if not name:
        st.warning("请先在页面上方填写审核人姓名。", icon=":material/person:")
    return bool(name)


def _record(bundle: Bundle, review) -> None:
    library().add_review(bundle.entry.id, review)
    st.rerun()


def decision_badge(bundle: Bundle, finding: Any) -> None:
    """The finding's review state and, once decided, by whom, when and why."""
    state = bundle.reviews.status(finding)
    st.badge(state, color=STATE_COLORS[state])
    decision = bundle.reviews.decision(finding)
    if decision is not None:
        why = f"：{decision.reason}" if decision.reason else ""
        carried = "（沿用上一版的结论）" if decision.carried_from else ""
        st.caption(md_escape(f"{decision.by or '未署名'} {decision.at.astimezone():%m-%d %H:%M}{why}{carried}"))


def finding_tools(bundle: Bundle, finding: Any, name: str, key: str) -> None:
    """Under a finding: its page (on request), the decision, a correction of its figures."""
    with st.container(horizontal=True, key=f"{key}-tools"):
        with st.popover("审核结论", icon=":material/rule:"):
            with st.form(f"{key}-decide", border=False):
                reason = st.text_input("理由（排除时必填）", key=f"{key}-reason")
                with st.container(horizontal=True):
                    chosen = [state for state, label in ((CONFIRMED, "确认问题"), (DISMISSED, "排除"), (PENDING, "恢复待核实"))
                              if st.form_submit_button(label)]
            if chosen and _signed(name):
                try:
                    _record(bundle, decide(finding, chosen[0], reason, name))
                except ReviewError as err:
                    st.error(err.message)
        figures = [k for k in finding.facts if read_text(bundle.report, k) is not None]
        if figures:
            with st.popover("更正数值", icon=":material/edit:"):
                correction_form(bundle, figures, name, key)
        shown = pageview.has_pages(bundle) and st.toggle("查看原页", key=f"{key}-open")
    if shown:
        pageview.finding_page(bundle, finding, key)


def correction_form(bundle: Bundle, figures: Sequence[str], name: str, key: str) -> None:
    """Correct one of `figures` (fact keys) that the parser misread; the checks re-run."""
    with st.form(f"{key}-correct", border=False):
        named = FactNames(bundle.report)
        figure = st.selectbox("数字", figures, key=f"{key}-figure", placeholder=CHOOSE,
                              format_func=lambda k: f"{named(k)}（现为{read_text(bundle.report, k)}）")
        value = st.text_input("更正为", key=f"{key}-value", placeholder="例如 236.64")
        reason = st.text_input("理由", key=f"{key}-why", placeholder="例如 原文为236.64，识别有误")
        submitted = st.form_submit_button("更正并重新审核")
    if submitted and _signed(name):
        try:
            # the value as read is kept: the correction is made on the stored reading, not on a corrected one
            review = correct(library().load(bundle.entry.id), figure, value, reason, name)
        except ReviewError as err:
            st.error(err.message)
            return
        library().add_review(bundle.entry.id, review)
        up_to_date(library().get(bundle.entry.id))
        st.rerun()


def corrections(bundle: Bundle, name: str) -> None:
    """The corrections in force, each with who, when, why, and a way to take it back."""
    made = bundle.reviews.corrections
    if not made:
        return
    with st.expander(f"已更正的数值（{len(made)}处）", icon=":material/edit_note:"):
        for i, r in enumerate(made):
            left, right = st.columns([5, 1], vertical_alignment="center")
            why = f"；{r.reason}" if r.reason else ""
            left.markdown(md_escape(f"{r.subject}：{r.original} → {r.value}（{r.by or '未署名'} "
                                    f"{r.at.astimezone():%m-%d %H:%M}{why}）"))
            if right.button("撤销", key=f"withdraw-{i}") and _signed(name):
                library().add_review(bundle.entry.id, withdraw(r.subject, "", name))
                up_to_date(library().get(bundle.entry.id))
                st.rerun()

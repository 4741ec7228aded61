"""Streamlit pieces shared by the pages: finding marks, KPI cards, notices, safe text."""
from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from juesuan import keys
from juesuan.checks.names import FactNames
from juesuan.review import DISPUTED_MARK, DISPUTING, Dispute, Disputes
from juesuan.vocab import ERROR, NOTE, WARNING

from .fmt import md_escape, wan
from .marks import FindingIndex, Mark
from .page_data import Value
from .state import FINDINGS_PAGE, Bundle, current, ensure_routed
from .theme import MARK_GLYPH, SEVERITY_COLORS, severity_md

_SEVERITY_CODES = {ERROR: "err", WARNING: "warn", NOTE: "note"}

# A keyed container gets the class st-key-<key>; marked cards get a coloured left rule.
_CSS = "".join(
    f'div[class*="st-key-sev-{code}-"]{{border-left:6px solid {SEVERITY_COLORS[sev]} !important;'
    f"padding-left:8px;border-radius:6px;}}"
    for sev, code in _SEVERITY_CODES.items()
) + (
    "table.rawtable{border-collapse:collapse;font-size:14px;}"
    "table.rawtable th,table.rawtable td{border:1px solid #d0d0d0;padding:3px 8px;white-space:nowrap;}"
    "table.rawtable td.reason{white-space:normal;min-width:320px;font-size:13px;}"
    "table.rawtable th{background:#eef2f8;position:sticky;top:0;}"
    "table.rawtable td.num{text-align:right;font-variant-numeric:tabular-nums;}"
    "div.rawwrap{max-height:560px;overflow:auto;}"
    '[data-testid="stMetricValue"]{font-size:1.6rem;}'
    '[data-testid="stMetricValue"] p{white-space:normal !important;overflow:visible !important;text-overflow:clip !important;}'
    # a card's note (basis, source, share) wraps instead of being cut off in a narrow column
    '[data-testid="stMetricDelta"],[data-testid="stMetricDelta"] *,[data-testid="stMetricLabel"] p,'
    '[data-testid="stPageLink-NavLink"],[data-testid="stPageLink-NavLink"] *'
    '{white-space:normal !important;overflow:visible !important;text-overflow:clip !important;height:auto !important;}'
    '[data-testid="stMainBlockContainer"]{padding-top:3rem;}'
    "h1{font-size:1.7rem !important;padding-bottom:0 !important;}"
    # the file uploader's built-in English words, replaced by Chinese ones
    '[data-testid="stFileUploaderDropzoneInstructions"]{display:none;}'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p{display:none;}'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after{content:"选择文件";}'
    "table.rawtable{width:auto;min-width:60%;}"
    # A select box's list says "No results" when what was typed matches no option (a multiselect
    # also "You can only select up to N options", never met: no multiselect here limits them).
    # The words are fixed in Streamlit's frontend (1.67: the empty-state span, emotion target
    # class equpb2c9 in Selectbox.*.js, eo2qvtu11 in Multiselect.*.js — look again on an
    # upgrade; tests/e2e/test_meeting.py fails when they change): hidden, 无匹配项 in their place
    ".equpb2c9,.eo2qvtu11{visibility:hidden !important;font-size:0 !important;}"
    '.equpb2c9::after,.eo2qvtu11::after{content:"无匹配项";visibility:visible;font-size:0.875rem;}'
    # English UI of Streamlit and plotly that a user would otherwise meet: hidden
    '[data-testid="stStatusWidget"],.modebar-container,[data-testid="stElementToolbar"],'
    '[data-testid="stMainMenu"],[data-testid="stToolbarActions"]{display:none !important;}'
)


def style() -> None:
    """The dashboard's shared CSS (marks, raw tables, compact headings)."""
    st.html(f"<style>{_CSS}</style>")


def page_setup() -> Bundle | None:
    """Every page starts here: the shared CSS and the report on screen (None: say why)."""
    ensure_routed()
    style()
    bundle = current()
    if bundle is None:
        error = st.session_state.get("sample_error")
        st.info("尚未载入报告。请在“上传报告”页上传决算公开文件，或在侧边栏的报告库中选择。")
        if error:
            st.caption(f"内置示例报告未能读取：{md_escape(error)}")
    return bundle


def text(value: str) -> None:
    """Report text shown literally (never interpreted as Markdown or HTML)."""
    st.markdown(md_escape(value))


def missing(what: str) -> None:
    st.info(f"本报告中未找到{what}，此部分无法显示。", icon=":material/info:")


def mark_link(mark: Mark, label: str | None = None, dispute: Dispute | None = None) -> None:
    """A link to the findings behind a mark (by their stable ids); a disputed number's link
    says what it disagrees with."""
    if label is None:
        label = severity_md(dispute.severity if dispute else mark.severity,
                            md_escape(dispute.marked) if dispute else f"{len(mark.ids)}条审核发现（{mark.severity}）")
    st.page_link(FINDINGS_PAGE, label=label, query_params={"f": ",".join(mark.ids)}, help="；".join(mark.messages)[:400])


def disputes(bundle: Bundle) -> Disputes:
    """Which numbers of the report on screen the review disputes (juesuan.review)."""
    return Disputes(bundle.findings, FactNames(bundle.report))


def disputed(bundle: Bundle, value: Value) -> Dispute | None:
    return disputes(bundle).of(value.keys) if value.known else None


def marked(index: FindingIndex, keys: Iterable[str], key: str):
    """A container marked in the worst finding's colour when any of `keys` is involved."""
    mark = index.mark(keys)
    code = _SEVERITY_CODES.get(mark.severity, "note") if mark else "none"
    return st.container(key=f"sev-{code}-{key}"), mark


def kpi(bundle: Bundle, label: str, value: Value, text_value: str, key: str, delta: str | None = None,
        delta_color: str = "normal", help: str | None = None, note: str | None = None, compact: bool = False) -> None:
    """A metric card; `delta` is a change (with arrow), `note` a plain line under the value. A
    value without a number says why (未能识别 / 报告未列示) instead of `text_value`. A disputed
    number gets the marker and, under the card, a link saying what it disagrees with — or, when
    `compact` (a row that must stay one line high), the note inside the card instead of its source."""
    if not value.known:
        text_value, delta, note = value.missing, None, None
    dispute = disputed(bundle, value)
    if dispute:
        text_value = f"{text_value} {DISPUTED_MARK}"
        if compact and delta is None:
            note = dispute.marked
    box, mark = marked(bundle.index, value.keys, key)
    with box:
        where = f"数据在报告第{value.page}页。" if value.page else ""
        if delta is None and note is None:  # every card gets a second line so a row lines up
            note = source_note(value)
        elif delta is None and value.basis:  # the basis leads the card's own note
            note = f"{value.basis} · {note}"
        elif value.basis:
            label = f"{label}（{value.basis}）"
        st.metric(label, text_value, delta if delta is not None else note, delta_color="off" if delta is None else delta_color,
                  delta_arrow="auto" if delta is not None else "off", border=True, help=" ".join(x for x in (help, where) if x) or None)
        if mark and mark.severity in DISPUTING and not compact:  # a rounding note colours the card only
            mark_link(mark, dispute=dispute)


def source_note(value: Value) -> str:
    """Its basis and where a number stands: '全部资金 · 公开01表 第5页', '情况说明 第14页'; or why
    there is none ('公开03表未能识别')."""
    if not value.known:
        return f"{where_from(value)}{value.missing}" if value.unreadable and value.keys else value.missing
    if not value.keys:
        return " · ".join(x for x in (value.basis, "由报告数字计算") if x)
    return " · ".join(x for x in (value.basis, where_from(value) + (f" 第{value.page}页" if value.page else "")) if x)


def where_from(value: Value) -> str:
    """The part of the report a value's first fact key stands in: 公开01表, 情况说明, 绩效自评表."""
    return keys.part_name(value.keys[0])


def marks_for(index: FindingIndex, names: Iterable[str], keys: Iterable[tuple[str, ...]]) -> dict[str, Mark]:
    found = {}
    for name, ks in zip(names, keys):
        mark = index.mark(ks)
        if mark:
            found[name] = mark
    return found


def mark_colors(marks: dict[str, Mark]) -> dict[str, str]:
    return {name: SEVERITY_COLORS[m.severity] for name, m in marks.items()}


def mark_links(marks: dict[str, Mark]) -> None:
    """Under a chart: one link per distinct set of findings, naming the items it marks."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for name, mark in marks.items():
        groups.setdefault(mark.ids, []).append(name)
    for ids, names in groups.items():
        mark = marks[names[0]]
        items = "、".join(names[:3]) + (f"等{len(names)}项" if len(names) > 3 else "")
        mark_link(mark, label=severity_md(mark.severity, f"{md_escape(items)}：{len(ids)}条审核发现（{mark.severity}）"))


def quotes(title: str, sentences: list[str]) -> None:
    """The report's own words on one item, quoted under its name."""
    if not sentences:
        return
    st.markdown(f"**{md_escape(title)}**")
    for s in sentences:
        st.markdown("> " + md_escape(s))


def money_table(df, columns: list[str], share_of: str | None = None, percent: Iterable[str] = (),
                signed: Iterable[str] = (), marks: dict[str, Mark] | None = None) -> None:
    """A dataframe with amounts as '1,234.56' text (万元), percents as '12.34%'.

    `marks` (by the first column's value) adds a 审核 column naming the worst finding,
    in its colour."""
    shown = df[columns].copy()
    if share_of:
        total = shown[share_of].sum()
        shown["占比"] = [fmt_pct(v / total * 100 if total else None) for v in shown[share_of]]
    renames = {}
    for col in columns:
        if col in percent:
            shown[col] = [fmt_pct(v) for v in shown[col]]
        elif col in signed:
            shown[col] = [fmt_signed(v) for v in shown[col]]
        elif shown[col].dtype.kind in "fi" or col in ("金额",):
            shown[col] = [wan(v, unit=False) for v in shown[col]]
            renames[col] = f"{col}（万元）"
    if marks:
        found = [marks.get(name) for name in df[columns[0]]]
        shown["审核"] = [f"{MARK_GLYPH} {m.severity}（{len(m.ids)}条）" if m else "" for m in found]
        colors = {f"{MARK_GLYPH} {m.severity}（{len(m.ids)}条）": SEVERITY_COLORS[m.severity] for m in found if m}
        shown = shown.rename(columns=renames).style.map(lambda v: f"color: {colors[v]}" if v in colors else "",
                                                        subset=["审核"])
        st.dataframe(shown, hide_index=True, width="stretch")
        return
    st.dataframe(shown.rename(columns=renames), hide_index=True, width="stretch")


def fmt_pct(v) -> str:
    return "—" if v is None or v != v else f"{float(v):.2f}%"


def fmt_signed(v) -> str:
    return "—" if v is None or v != v else f"{float(v):+,.2f}"

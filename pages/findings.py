"""审核发现: every finding by family and severity, with both values, the gap and the page."""
import pandas as pd
import streamlit as st

from components import figures, ui
from components.fmt import md_escape
from components.marks import finding_difference, finding_values, severity_rank
from components.theme import SEVERITY_MD_COLORS, severity_md
from juesuan.vocab import SEVERITIES

bundle = ui.page_setup()
if bundle is None:
    st.stop()
findings = bundle.findings


def show_value(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.2f}" if isinstance(value, float) or abs(value) >= 1000 else str(value)
    return str(value)


def show(i: int, f) -> None:
    color = SEVERITY_MD_COLORS.get(f.severity, "gray")
    with st.container(border=True, key=f"finding-{i}"):
        head = st.container(horizontal=True)
        with head:
            st.badge(f.severity, color=color)
            st.badge(f.family, color="gray")
            if f.pages:
                st.badge("第" + "、".join(str(p) for p in f.pages) + "页", color="gray")
            st.caption(f"规则 {md_escape(f.rule)}")
        ui.text(f.message)
        values = finding_values(f)
        if values:
            diff = finding_difference(f)
            text = "　".join(f"{md_escape(k)}：**{md_escape(show_value(v))}**" for k, v in values)
            if diff is not None and not any("差" in k for k, _ in values):
                text += f"　差额：**{diff:+,.2f}**"
            st.markdown(text)


focus = [int(x) for x in st.query_params.get("f", "").split(",")
         if x.strip().isascii() and x.strip().isdecimal() and len(x.strip()) < 6 and int(x) < len(findings)]
if focus:
    st.markdown("#### 所选数字涉及的审核发现")
    for i in focus:
        show(i, findings[i])
    st.divider()

counts = bundle.index.counts()
cols = st.columns(4)
cols[0].metric("审核发现", f"{len(findings)} 条", border=True)
for col, sev in zip(cols[1:], SEVERITIES):
    col.metric(severity_md(sev, sev), f"{counts.get(sev, 0)} 条", border=True)

if findings:
    frame = pd.DataFrame([{"类别": f.family, "严重程度": f.severity} for f in findings])
    grouped = frame.groupby(["类别", "严重程度"]).size().reset_index(name="数量")
    st.plotly_chart(figures.findings_overview(grouped, "按类别与严重程度"), width="stretch")

    families = sorted({f.family for f in findings})
    c1, c2, c3 = st.columns([2, 4, 2])
    severities = c1.pills("严重程度", list(SEVERITIES), default=list(SEVERITIES), selection_mode="multi",
                          key="findings_sev") or []
    chosen = c2.pills("类别", families, default=families, selection_mode="multi", key="findings_family") or []
    query = c3.text_input("搜索", key="findings_query", placeholder="关键词，如“基本支出”")
    shown = [(i, f) for i, f in enumerate(findings)
             if f.severity in severities and f.family in chosen and (not query or query in f.message)]
    shown.sort(key=lambda item: (severity_rank(item[1].severity), item[1].family))
    st.caption(f"显示 {len(shown)} / {len(findings)} 条")
    for family in [fam for fam in families if any(f.family == fam for _, f in shown)]:
        st.markdown(f"#### {md_escape(family)}")
        for i, f in shown:
            if f.family == family:
                show(i, f)
else:
    st.success("自动审核未发现数字不一致。", icon=":material/check_circle:")

st.markdown("#### 审核覆盖")
if bundle.coverage:
    cov = pd.DataFrame([{"类别": o.family, "检查项": o.title, "结果": o.status, "说明": o.reason, "发现": o.findings}
                        for o in bundle.coverage])
    summary = cov["结果"].value_counts()
    st.caption("　".join(f"{k} {v} 项" for k, v in summary.items()))
    st.dataframe(cov, hide_index=True, width="stretch")
else:
    st.caption("没有审核规则运行。")

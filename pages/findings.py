"""审核发现: one card per problem, most serious first; the findings that follow from a problem
fold under it ("另有N处因此不一致"). Links from other pages name findings by their stable id."""
import pandas as pd
import streamlit as st

from components import figures, reviewing, ui
from components.fmt import md_escape
from components.theme import SEVERITY_MD_COLORS, severity_md
from juesuan import review
from juesuan.vocab import SEVERITIES

bundle = ui.page_setup()
if bundle is None:
    st.stop()
findings = bundle.reviewed  # dismissed ones too, listed as 已排除 (bundle.findings leaves them out)
problems = review.ranked_problems(findings)
by_id = {f.id: f for f in findings}
name = reviewing.reviewer_field()
reviewing.corrections(bundle, name)


def card(f, prefix: str) -> None:
    """One finding: severity, family, pages, the message; a problem's knock-on findings folded
    under it. `prefix` keeps a finding shown twice (focused and in the list) two elements."""
    with st.container(border=True, key=f"{prefix}-{f.id}"):
        with st.container(horizontal=True):
            st.badge(f.severity, color=SEVERITY_MD_COLORS.get(f.severity, "gray"))
            st.badge(f.family, color="gray")
            if f.pages:
                st.badge("第" + "、".join(str(p) for p in f.pages) + "页", color="gray")
            reviewing.decision_badge(bundle, f)
        ui.text(f.message)
        knock_on = review.followers(findings, f)
        if knock_on:
            with st.expander(f"另有{len(knock_on)}处因此不一致"):
                for g in knock_on:
                    st.markdown(severity_md(g.severity, g.severity) + "　" + md_escape(g.message + review.where(g)))
        reviewing.finding_tools(bundle, f, name, key=f"{prefix}-tools-{f.id}")


MAX_FOCUS_CHARS = 2000  # a link names a few ids; a longer ?f= is cut, never parsed at length
focus = [by_id[i] for i in dict.fromkeys(st.query_params.get("f", "")[:MAX_FOCUS_CHARS].split(",")) if i in by_id]
if focus:
    st.markdown("#### 所选数字涉及的审核发现")
    for f in focus:
        card(f, "focus")
    st.divider()

counts = bundle.counts  # the problems standing: dismissed ones aside
cols = st.columns(4)
cols[0].metric("问题", f"{sum(counts.values())} 个", border=True,
               help=f"同一个数字引起的多处不一致算作一个问题（共{len(bundle.findings)}条审核记录，已排除的不计）。")
for col, sev in zip(cols[1:], SEVERITIES):
    col.metric(severity_md(sev, sev), f"{counts.get(sev, 0)} 个", border=True)

if problems:
    frame = pd.DataFrame([{"类别": f.family, "严重程度": f.severity} for f in problems])
    grouped = frame.groupby(["类别", "严重程度"]).size().reset_index(name="数量")
    st.plotly_chart(figures.findings_overview(grouped, "问题按类别与严重程度"), width="stretch")

    families = sorted({f.family for f in problems})
    c1, c2, c3 = st.columns([2, 4, 2])
    severities = c1.pills("严重程度", list(SEVERITIES), default=list(SEVERITIES), selection_mode="multi",
                          key="findings_sev") or []
    chosen = c2.pills("类别", families, default=families, selection_mode="multi", key="findings_family") or []
    query = c3.text_input("搜索", key="findings_query", placeholder="关键词，如“基本支出”")
    states = reviewing.status_filter(bundle)
    shown = [f for f in problems if f.severity in severities and f.family in chosen and bundle.reviews.status(f) in states
             and (not query or any(query in g.message for g in [f, *review.followers(findings, f)]))]
    st.caption(f"显示 {len(shown)} / {len(problems)} 个问题，按严重程度排列")
    for family in [fam for fam in families if any(f.family == fam for f in shown)]:
        st.markdown(f"#### {md_escape(family)}")
        for f in shown:
            if f.family == family:
                card(f, "finding")
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

"""绩效自评: one scorecard per attached 项目支出绩效自评表, side by side."""
import streamlit as st

from components import figures, page_data, ui
from components.fmt import md_escape, pct, plain_number, wan
from juesuan.vocab import GRADE_BANDS

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, index = bundle.report, bundle.index

cards = page_data.projects(report)
if not cards:
    count = page_data.stated(report, "绩效自评", "项目个数", money=False)
    funds = page_data.stated(report, "绩效自评", "涉及资金")
    ui.missing("项目支出绩效自评表")
    if count.known:
        st.markdown(f"情况说明称开展绩效自评的项目 **{plain_number(count.amount)}** 个，涉及资金 **{wan(funds.amount)}**。")
    st.stop()

GRADE_COLORS = dict(zip((grade for _, grade in GRADE_BANDS), ("green", "blue", "orange", "red")))

st.caption(f"共 {len(cards)} 个项目。得分区间：优 ≥90，良 80–90，中 60–80，差 <60。")
per_row = 2 if len(cards) > 1 else 1
for start in range(0, len(cards), per_row):
    columns = st.columns(per_row)
    for card, column in zip(cards[start:start + per_row], columns):
        with column, st.container(border=True):
            st.markdown(f"##### {md_escape(card.name)}")
            grade = card.grade or page_data.grade_for(card.score.amount)
            badge_row = st.container(horizontal=True)
            with badge_row:
                if grade:
                    st.badge(f"等级：{grade}" + ("" if card.grade else "（按得分推算）"), color=GRADE_COLORS.get(grade, "gray"))
                if card.page:
                    st.badge(f"第{card.page}页", color="gray")
            box, mark = ui.marked(index, card.score.keys + card.rate.keys, f"p-score-{start}-{card.name[:8]}")
            with box:
                if card.score.known:
                    st.plotly_chart(figures.score_gauge(card.score.amount, grade), width="stretch",
                                    key=f"gauge-{start}-{card.name}")
                else:
                    st.warning("自评表未填写总分。")
                if mark:
                    ui.mark_link(mark)
            m = st.columns(3)
            m[0].metric("预算金额（万元）", wan(card.budget.amount, unit=False))
            m[1].metric("实际执行（万元）", wan(card.spent.amount, unit=False))
            m[2].metric("预算执行率", pct(card.rate.amount))
            if card.weights:
                st.caption("分值权重：" + md_escape("，".join(f"{k} {plain_number(v)}分" for k, v in card.weights.items())))
            if not card.indicators.empty:
                # the level columns are left out: half a screen wide, the targets must stay in view
                st.dataframe(card.indicators[["指标", "年度指标值", "全年完成值", "达成"]], hide_index=True,
                             width="stretch", height=min(400, 38 + 35 * len(card.indicators)),
                             column_config={c: st.column_config.TextColumn(width="small")
                                            for c in ("年度指标值", "全年完成值", "达成")})
                # the self-evaluation's own reason for an indicator, where it says more than "done"
                notes = card.indicators[~card.indicators["说明"].isin(["", "已完成", "完成", "无", "/"])]
                for _, row in notes.iterrows():
                    st.caption(md_escape(f"{row['指标']}：{row['说明']}"))
            for title, body in card.texts.items():
                with st.expander(title):
                    ui.text(body)

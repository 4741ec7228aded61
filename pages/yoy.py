"""同比变化: this year against last year, per class and in total, with the stated reasons."""
import streamlit as st

from components import figures, page_data, ui
from components.fmt import md_escape, signed_pct, wan

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, index = bundle.report, bundle.index

if bundle.previous is not None:
    prev = bundle.previous_entry
    st.caption(f"上年数据：情况说明所述变化；未述及的分类取自报告库中的{prev.year}年报告（{md_escape(prev.filename)}）。")
else:
    st.caption("上年数据取自本报告情况说明所述的增减变化；报告库中有同一单位上年报告时，未述及的分类按上年报告计算。")

totals = page_data.total_changes(report, bundle.previous)
if totals.empty:
    ui.missing("收支总计较上年增减的数据")
else:
    cols = st.columns(2)  # two to a row: the labels are long, the amounts must not be cut
    for i, row in totals.iterrows():
        with cols[i % len(cols)]:
            delta = f"{wan(row['增减'], unit=False)} 万元" + (f"（{signed_pct(row['增减率'])}）" if row["增减率"] is not None else "")
            ui.kpi(bundle, f"{row['项目']}（本年）", row["本年值"], wan(row["本年"]), f"y-total-{i}", delta=delta,
                   delta_color="off")

yoy = page_data.year_on_year(report, bundle.previous)
if yoy.empty:
    ui.missing("按功能分类的较上年增减数据")
    st.stop()

st.markdown("#### 按功能分类的变化")
marks = ui.marks_for(index, yoy["名称"], yoy["keys"])
start, end = float(yoy["上年"].sum()), float(yoy["本年"].sum())
left, right = st.columns([3, 2])
with left:
    st.plotly_chart(figures.waterfall("上年合计", start, yoy, "本年合计", "从上年到本年：各分类的增减（万元）"), width="stretch")
with right:
    st.plotly_chart(figures.this_vs_last(yoy, "上年与本年（万元）"), width="stretch")
columns = ["名称", "上年推算", "本年", "增减", "增减率", "口径", "来源"]
if bundle.previous is not None:  # last year's own figures beside those implied by this year's prose
    columns.insert(2, "上年报告数")
ui.money_table(yoy.rename(columns={"上年": "上年推算"}), columns, percent=["增减率"], signed=["增减"], marks=marks)
st.caption(f"按分类合计：上年 {wan(start)}，本年 {wan(end)}，增减 {wan(end - start)}。上年推算 = 本年数 − 所述增减额。")
ui.mark_links(marks)

st.markdown("#### 报告所述原因")
names = list(yoy["名称"])
said = [(name, page_data.narrative_sentences(report, name, "上年", names)) for name in names]
said.insert(0, ("总体", page_data.narrative_sentences(report, "支出总计", "上年", names)))
for name, sentences in said:
    ui.quotes(name, sentences)
if not any(sentences for _, sentences in said):
    st.caption("情况说明中没有写明变化的原因。")

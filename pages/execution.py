"""预算执行: 年初预算 vs 决算 per function class, completion rates and the stated reasons."""
import streamlit as st

from components import figures, page_data, ui
from components.fmt import pct, wan

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, index = bundle.report, bundle.index

head = page_data.headline(report)
cols = st.columns(3)
with cols[0]:
    ui.kpi(bundle, "一般公共预算年初预算", head.gp_budget, wan(head.gp_budget.amount), "e-budget")
with cols[1]:
    ui.kpi(bundle, "一般公共预算支出（决算）", head.gp_actual, wan(head.gp_actual.amount), "e-actual")
with cols[2]:
    ui.kpi(bundle, "完成率", head.gp_completion, pct(head.gp_completion.amount), "e-rate", help="决算数 ÷ 年初预算数")

execution = page_data.budget_execution(report)
names = list(execution["名称"]) or list(page_data.expenditure_by_class(report)["名称"])
overall = page_data.narrative_sentences(report, "一般公共预算", "年初预算", names)
if execution.empty:
    ui.missing("按功能分类的年初预算（情况说明中的“一般公共预算财政拨款支出决算具体情况”）")
    classes = page_data.expenditure_by_class(report)
    if not classes.empty:  # what can be shown: this year's amounts by class, without their budgets
        marks = ui.marks_for(index, classes["名称"], ((k,) for k in classes["key"]))
        st.plotly_chart(figures.ranked_bars(classes, "本年支出决算（按功能分类）", marks=ui.mark_colors(marks)),
                        width="stretch")
        ui.mark_links(marks)
    ui.quotes("报告所述总体情况", overall)
    st.stop()

marks = ui.marks_for(index, execution["名称"], execution["keys"])
st.plotly_chart(figures.budget_vs_actual(execution, "年初预算与决算（按功能分类，万元）", ui.mark_colors(marks)),
                width="stretch")
st.caption("决算柱：红色为超出年初预算，橙色为未达到年初预算，蓝色为与预算持平。决算为"
           + "、".join(execution["口径"].unique()) + "口径（取自决算表，表中没有的取自情况说明）。")
left, right = st.columns([1, 1])
with left:
    st.plotly_chart(figures.completion(execution, "完成率（虚线为100%）"), width="stretch")
with right:
    ui.money_table(execution, ["名称", "年初预算", "决算", "差额", "完成率", "口径"], percent=["完成率"], signed=["差额"],
                   marks=marks)
ui.mark_links(marks)

st.markdown("#### 报告所述情况与原因")
said = [("总体", overall)] + [(name, page_data.narrative_sentences(report, name, "预算", names)) for name in names]
for name, sentences in said:
    ui.quotes(name, sentences)
if not any(sentences for _, sentences in said):
    st.caption("情况说明中没有写明各分类预算执行的情况与原因。")

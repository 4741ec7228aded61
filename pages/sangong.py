"""三公经费: budget and actual for the three public expenses; vehicles and 机关运行经费 (公开10)."""
import streamlit as st

from components import figures, page_data, ui
from components.fmt import md_escape, plain_number, wan

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, index = bundle.report, bundle.index

head = page_data.headline(report)
table = page_data.sangong(report)
has_data = table["预算数"].notna().any() or table["决算数"].notna().any() or table[page_data.UNREADABLE].any()
if not has_data:
    ui.missing("财政拨款“三公”经费支出决算表（公开09表）及情况说明中的三公经费数据")
else:
    cols = st.columns(2)
    with cols[0]:
        ui.kpi(bundle, "三公经费决算数", head.sangong_actual, wan(head.sangong_actual.amount), "s-actual")
    with cols[1]:
        ui.kpi(bundle, "三公经费预算数", head.sangong_budget, wan(head.sangong_budget.amount), "s-budget")
    if table[page_data.UNREADABLE].any():
        st.warning("公开09表的数字未能识别，此处不显示，请核对原表。", icon=":material/warning:")
    elif page_data.sangong_is_zero(table):
        st.success("本年度无三公经费支出。", icon=":material/check_circle:")
    else:
        items = table[table["项目"] != "合计"].rename(columns={"项目": "名称", "预算数": "年初预算", "决算数": "决算"})
        marks = ui.marks_for(index, items["名称"], items["keys"])  # the items' own marks, for the chart
        st.plotly_chart(figures.budget_vs_actual(items.fillna(0.0), "三公经费：预算数与决算数（万元）", ui.mark_colors(marks),
                                                 names=("预算数", "决算数")), width="stretch")
        ui.mark_links(marks)
    ui.money_table(table.fillna(0.0) if page_data.sangong_is_zero(table) else table, ["项目", "预算数", "决算数", "口径"],
                   marks=ui.marks_for(index, table["项目"], table["keys"]))
    t09 = report.table("公开09")
    if t09 is not None and t09.no_data:
        st.caption(f"公开09表（第{t09.page}页）注明：{md_escape(t09.no_data_note or '本表无数据')}。")
    elif t09 is not None:
        st.caption(f"数据取自公开09表（第{t09.page}页）。" if t09.page else "数据取自公开09表。")
    else:
        st.caption("报告中没有公开09表，数据取自情况说明。")

st.markdown("#### 机关运行经费与车辆（公开10表）")
left, right = st.columns(2)
with left:
    admin = page_data.admin_cost(report)
    ui.kpi(bundle, "机关运行经费", admin, wan(admin.amount), "s-admin")
    rows = page_data.section_rows(report, "公开10", "机关运行经费")
    if not rows.empty:
        ui.money_table(rows, ["项目", "数值"])
with right:
    assets = page_data.section_rows(report, "公开10", "国有资产")
    cars = page_data.vehicles(report)
    if cars.known or cars.unreadable:
        ui.kpi(bundle, "车辆数（辆）", cars, plain_number(cars.amount), "s-cars")
    else:
        ui.missing("国有资产占用情况（车辆）")
    if not assets.empty:
        shown = assets.assign(数量=[plain_number(v) for v in assets["数值"]])
        st.dataframe(shown[["项目", "数量"]], hide_index=True, width="stretch")

"""收支结构: where the money came from and what it was spent on."""
import streamlit as st

from components import figures, page_data, ui
from components.fmt import wan
from components.theme import PALETTE

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, index = bundle.report, bundle.index

mode = st.segmented_control("显示方式", ["金额", "占比"], default="金额", key="structure_mode")
share = mode == "占比"


def amounts_table(df):
    marks = ui.marks_for(index, df["名称"], ((k,) for k in df["key"]))
    ui.money_table(df.sort_values("金额", ascending=False), ["名称", "金额"], share_of="金额", marks=marks)


# ---- income
st.markdown(f"#### 收入来源（{page_data.ALL_FUNDS}）")
income = page_data.income_by_source(report)
if income.empty:
    ui.missing("收入数据（公开01表）")
else:
    marks = ui.marks_for(index, income["名称"], ((k,) for k in income["key"]))
    left, right = st.columns([4, 3])
    with left:
        st.plotly_chart(figures.ranked_bars(income, "本年收入按来源", share, ui.mark_colors(marks)), width="stretch")
    with right:
        amounts_table(income)
        ui.mark_links(marks)

# ---- expenditure by function class
st.markdown("#### 支出功能分类")
tree = page_data.expenditure_tree(report)
classes = page_data.expenditure_by_class(report)
if not tree.empty:
    table = page_data.function_table(report)
    st.caption(f"类→款→项，数据取自{table.id}（{table.title}，{page_data.TABLE_BASIS.get(table.id, '')}口径）。"
               "点击色块可逐级展开，右侧列表按金额排序。")
    left, right = st.columns([4, 3])
    with left:
        st.plotly_chart(figures.hierarchy(tree, "支出按功能分类（类→款→项）", share), width="stretch")
    with right:
        level = st.segmented_control("级次", ["类", "款", "项"], default="类", key="structure_level")
        rows = tree[tree["级次"] == (level or "类")]
        shown = rows.assign(名称=rows["编码"] + " " + rows["名称"])
        amounts_table(shown)
    marks = ui.marks_for(index, tree["名称"], ((k,) for k in tree["key"]))
    ui.mark_links(marks)
elif not classes.empty:
    st.caption(f"报告中没有按类款项列示的支出表（公开02/03/05表），以下按功能分类“类”显示（公开01表，{page_data.ALL_FUNDS}）。")
    marks = ui.marks_for(index, classes["名称"], ((k,) for k in classes["key"]))
    left, right = st.columns([4, 3])
    with left:
        st.plotly_chart(figures.ranked_bars(classes, "支出按功能分类", share, ui.mark_colors(marks), PALETTE[0]),
                        width="stretch")
    with right:
        amounts_table(classes)
        ui.mark_links(marks)
else:
    ui.missing("支出功能分类数据（公开01/03表）")

# ---- basic vs project
st.markdown("#### 基本支出与项目支出")
head = page_data.headline(report)
if head.basic.known and head.project.known:
    st.caption(f"基本支出：{ui.source_note(head.basic)}；项目支出：{ui.source_note(head.project)}。")
    marks = ui.marks_for(index, ["基本支出", "项目支出"], [head.basic.keys, head.project.keys])
    left, right = st.columns([2, 3])
    with left:
        st.plotly_chart(figures.donut(["基本支出", "项目支出"], [head.basic.amount, head.project.amount],
                                      "基本支出与项目支出", marks=ui.mark_colors(marks)), width="stretch")
        ui.mark_links(marks)
    with right:
        split = page_data.basic_project_by_class(report)
        if not split.empty:
            st.plotly_chart(figures.stacked_parts(split, ["基本支出", "项目支出"], "各功能分类的基本支出与项目支出", share),
                            width="stretch")
        else:
            st.caption("报告中没有按功能分类列示基本支出与项目支出的表格。")
            st.markdown(f"基本支出 **{wan(head.basic.amount)}**，项目支出 **{wan(head.project.amount)}**。")
elif head.basic.unreadable or head.project.unreadable:
    st.warning("基本支出与项目支出所在的表格未能识别，此处不显示。", icon=":material/warning:")
else:
    ui.missing("基本支出与项目支出的数据")

# ---- economic classification (公开06)
st.markdown("#### 基本支出经济分类（公开06表）")
econ = page_data.economic_items(report)
personnel, public = page_data.personnel_public(report)
if econ.empty and not (personnel.known and public.known):
    ui.missing("一般公共预算财政拨款基本支出决算明细表（公开06表）")
else:
    left, right = st.columns([2, 3])
    with left:
        if personnel.known and public.known:
            st.caption(f"人员经费：{ui.source_note(personnel)}；公用经费：{ui.source_note(public)}。")
            marks = ui.marks_for(index, ["人员经费", "公用经费"], [personnel.keys, public.keys])
            st.plotly_chart(figures.donut(["人员经费", "公用经费"], [personnel.amount, public.amount],
                                          "人员经费与公用经费", colors=[PALETTE[2], PALETTE[3]],
                                          marks=ui.mark_colors(marks)), width="stretch")
            ui.mark_links(marks)
    with right:
        if not econ.empty:
            kind = st.segmented_control("类别", ["人员经费", "公用经费"], default="人员经费", key="structure_econ")
            items = econ[(econ["类别"] == (kind or "人员经费")) & (econ["级次"] == "款")]
            items = items[items["金额"] != 0].assign(名称=lambda d: d["编码"] + " " + d["名称"])
            if items.empty:
                st.caption("该类别没有明细金额。")
            else:
                marks = ui.marks_for(index, items["名称"], ((k,) for k in items["key"]))
                st.plotly_chart(figures.ranked_bars(items, f"{kind}明细", share, ui.mark_colors(marks),
                                                    PALETTE[2] if kind == "人员经费" else PALETTE[3]), width="stretch")
                ui.mark_links(marks)

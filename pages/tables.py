"""原始表格: every parsed table as it stands in the report, cells with findings coloured."""
import streamlit as st

from components import pageview, rawtable, ui
from components.fmt import CHOOSE, md_escape
from juesuan import keys
from juesuan.model import TABLE_IDS, TABLE_TITLES

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, index = bundle.report, bundle.index

ids = [t for t in TABLE_IDS if t in report.tables] + [t for t in report.tables if t not in TABLE_IDS]
missing = [t for t in TABLE_IDS if t not in report.tables]
if missing:
    st.caption("报告中未找到：" + "、".join(f"{t}（{TABLE_TITLES[t]}）" for t in missing))
if not ids:
    ui.missing("任何决算表")
    st.stop()

stem = (report.source.filename or "report").rsplit(".", 1)[0]
st.download_button("下载全部表格（Excel）", lambda: rawtable.excel_bytes(report), file_name=f"{stem}-决算表.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   icon=":material/download:", key="dl-all")


def label(table_id: str) -> str:
    t = report.tables[table_id]
    marked = sum(1 for row in t.rows for col in (t.columns or [""])
                 if index.mark([keys.cell(t.id, row.key, col)]))
    flag = "（未能可靠识别）" if t.unreliable else ""
    return f"{table_id} {t.title}{flag}" + (f"（{marked}个单元格涉及审核发现）" if marked else "")


choice = st.selectbox("表格", ids, format_func=label, key="tables_choice", placeholder=CHOOSE)
table = report.tables[choice]
where = f"第{'、'.join(str(p) for p in table.pages)}页" if table.pages else "无页码"
st.markdown(f"##### {md_escape(table.label or table.id)}　{md_escape(table.title)}")
st.caption(f"{where} · 金额单位：{md_escape(table.money_unit or report.header.money_unit)} · 标●并着色的单元格涉及审核发现，原因见该行的“审核说明”")
if table.unreliable:
    st.warning(md_escape(f"该表未能可靠识别：{table.unreliable}。以下为原文读取结果，数字不作为确定数字展示和审核，请核对原表。"),
               icon=":material/warning:")
if table.no_data:
    st.info(md_escape(table.no_data_note or "本表无数据"))
if table.rows:
    st.html(rawtable.table_html(table, index))
    if pageview.has_pages(bundle):
        with st.expander("在原报告页面中查看", icon=":material/pageview:"):
            pageview.cell_page(bundle, table, key=f"cells-{table.id}")
    st.download_button("下载本表（CSV）", rawtable.csv_bytes(table), file_name=f"{stem}-{table.id}.csv", mime="text/csv",
                       icon=":material/download:", key=f"dl-{table.id}")
for note in table.notes:
    st.caption(md_escape(note))

"""对比分析: one unit across years, or several units in one year, from the report library.

Numbers come from the library's facts table (Library.facts with key patterns reads just the facts
the comparison needs, of the reports being compared; juesuan.compare shapes them); each
unit-year is its latest stored version.
"""
import re

import pandas as pd
import streamlit as st

from components import compare_figures as cf
from components import state, ui
from components.fmt import CHOOSE, md_escape, plain_number, wan
from juesuan import compare

ACROSS_YEARS = "同一单位历年对比"
ACROSS_UNITS = "同一年度多单位对比"
TOTALS = [compare.INCOME, compare.EXPENDITURE, compare.BASIC, compare.PROJECT]
SMALL = [compare.SANGONG, compare.ADMIN]
SHARES = [f"{compare.BASIC}占比", f"{compare.PROJECT}占比"]
COUNTS = [*compare.SEVERITIES, compare.FINDINGS]
TOP_N = 15  # bars drawn by default in the one-year view; the table lists every unit


@st.cache_data(show_spinner="正在读取报告数据…", max_entries=32)
def frames(url: str, ids: tuple[int, ...], _entries: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Metrics and function classes of these entries (ids key the cache: entries never change)."""
    lib = state.library()
    rows = lib.facts(ids, key_patterns=compare.KEY_PATTERNS)
    units, unreadable = lib.money_units(ids), lib.unreadable(ids)
    return (compare.metrics_table(_entries, rows, units, unreadable),
            compare.class_table(_entries, rows, units, unreadable))


def file_name(*parts: str) -> str:
    """A download's file name from report strings (characters no file system takes replaced)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", "_".join(parts)) + ".csv"


def load(chosen: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    chosen = sorted(chosen, key=lambda e: e.id)
    return frames(lib.url, tuple(e.id for e in chosen), tuple(chosen))


def _blank(v) -> bool:
    return v is None or v is pd.NA or v != v


# How each kind of column is shown (the CSV keeps plain numbers) and what its header adds.
FORMATS = {
    "year": cf.year_label,
    "percent": lambda v: "—" if _blank(v) else f"{v:.2f}",
    "signed": lambda v: "—" if _blank(v) else f"{v:+,.2f}",
    "count": lambda v: "—" if _blank(v) else plain_number(v),
    "amount": lambda v: wan(v, unit=False),
    "text": str,
}
HEADER_UNITS = {"percent": "（%）", "signed": "（万元）", "amount": "（万元）"}
BASIS = {m.name: m.basis for m in compare.MEASURES}  # the basis each compared measure is meant on


def column_kind(df: pd.DataFrame, column: str, percents, signed) -> str:
    if column == "年度":
        return "year"
    if column in percents:
        return "percent"
    if column in signed:
        return "signed"
    if column in COUNTS or column == "排名":
        return "count"
    return "amount" if df[column].dtype.kind == "f" else "text"


def cell_texts(df: pd.DataFrame, column: str, kind: str) -> list[str]:
    """A column as shown; a measure's cell says why it has no number (未能识别 / 报告未列示), or
    its basis where that is not the measure's own (基本支出 from 公开05: 一般公共预算)."""
    texts = [FORMATS[kind](v) for v in df[column]]
    if column not in BASIS:
        return texts
    return [text if basis == BASIS[column] else f"{text}（{basis}）" if not _blank(v) else basis
            for text, v, basis in zip(texts, df[column], df[f"{column}口径"])]


def table_and_csv(df: pd.DataFrame, columns: list[str], filename: str, percents=(), signed=()) -> None:
    """The table on screen (amounts '1,234.56', blanks '—') and a CSV of the same rows and
    columns with plain numbers; a measure's header names its basis."""
    kinds = {c: column_kind(df, c, percents, signed) for c in columns}
    headers = {c: c + HEADER_UNITS.get(kinds[c], "") for c in columns}
    headers.update({c: f"{c}（万元，{BASIS[c]}）" for c in columns if c in BASIS})
    shown = pd.DataFrame({headers[c]: cell_texts(df, c, kinds[c]) for c in columns})
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button("下载本表（CSV）", compare.csv_bytes(df[columns].rename(columns=headers)), file_name=filename,
                       mime="text/csv", on_click="ignore", icon=":material/download:")


def sources(df: pd.DataFrame, label: str) -> None:
    """Where each number was read: the fact key and page, per row of the table."""
    with st.expander("数据来源（报告中的表格行或情况说明、口径及页码）"):
        records = []
        for _, row in df.iterrows():
            for metric in compare.METRICS:
                key, page = row[f"{metric}来源"], row[f"{metric}页码"]
                if not _blank(key):
                    records.append({label: row[label] if label == "单位" else cf.year_label(row[label]),
                                    "指标": metric, "口径": row[f"{metric}口径"], "来源": key,
                                    "页码": "" if _blank(page) else str(int(page))})
        st.dataframe(pd.DataFrame(records), hide_index=True, width="stretch")


state.ensure_routed()
ui.style()  # the dashboard's shared CSS; no report on screen is needed here
lib = state.library()
entries = [e for e in lib.entries(latest_only=True) if e.year is not None]
if not entries:
    st.info("报告库中还没有载明年度的报告，无法对比。请先在“上传报告”页上传决算公开文件。")
    st.stop()

on_screen = st.session_state.get(state.ENTRY)
current = lib.get(on_screen) if on_screen is not None else None  # the report in the sidebar: the default
years_of: dict[str, list[int]] = {}
for e in entries:
    years_of.setdefault(e.unit, []).append(e.year)
st.caption(f"报告库中共有{len(years_of)}个单位、{len(entries)}份报告可供对比（同一单位同一年度有多个版本时取最新版本）。"
           "金额单位：万元。")

mode = st.segmented_control("对比方式", [ACROSS_YEARS, ACROSS_UNITS], default=ACROSS_YEARS, required=True)

if mode == ACROSS_YEARS:
    units = sorted(years_of, key=lambda u: (-len(years_of[u]), u))  # units with most years first
    default_unit = current.unit if current and current.unit in years_of else units[0]
    left, right = st.columns([2, 3])
    unit = left.selectbox("单位", units, index=units.index(default_unit),
                          format_func=lambda u: f"{u}（{len(years_of[u])}个年度）", placeholder=CHOOSE)
    all_years = sorted(years_of[unit])
    years = right.multiselect("年度", all_years, default=all_years, format_func=cf.year_label, placeholder=CHOOSE)
    if not years:
        st.info("请至少选择一个年度。")
        st.stop()
    metrics, classes = load([e for e in entries if e.unit == unit and e.year in years])
    trend = compare.unit_trend(metrics, unit)
    st.subheader(md_escape(unit))
    wide = compare.class_wide(classes, "年度").reset_index()
    wide = wide[["年度", *[c for c in wide.columns[1:] if wide[c].fillna(0).any()]]]  # no line for a class never spent on
    if len(trend) < 2:
        st.info("该单位在报告库中只有一个年度的报告，无法画出趋势；可上传其他年度的报告，或改为“同一年度多单位对比”。")
    else:
        span = f"{cf.year_label(trend['年度'].iloc[0])}—{cf.year_label(trend['年度'].iloc[-1])}"
        left, right = st.columns(2)
        left.plotly_chart(cf.trend_lines(trend, TOTALS, f"收支总额与基本、项目支出（{span}，万元）"), width="stretch")
        right.plotly_chart(cf.trend_lines(trend, SMALL, "三公经费与机关运行经费（万元）", first_colour=len(TOTALS)),
                           width="stretch")
        left, right = st.columns(2)
        if len(wide.columns) < 2:
            left.info("所选报告中没有收入支出决算总表（公开01表）的支出功能分类数据。")
        else:
            left.plotly_chart(cf.trend_lines(wide, list(wide.columns[1:]), "支出功能分类（万元）"), width="stretch")
        right.plotly_chart(cf.findings_bars(trend, "年度", "各年度报告的审核发现（条）"), width="stretch")

    st.markdown("#### 历年数据")
    changes = [f"{m}增减" for m in (compare.EXPENDITURE, compare.BASIC, compare.PROJECT)]
    table_and_csv(trend, ["年度", *compare.METRICS, *SHARES, *changes, *COUNTS],
                  file_name(unit, "历年对比"), percents=SHARES, signed=changes)
    st.caption("增减为与上一年度相比；上一年度的报告不在库中时留空。占比为基本支出、项目支出各占二者之和的比例。")
    if len(wide.columns) > 1:
        st.markdown("#### 支出功能分类")
        class_columns = list(wide.columns)
        table_and_csv(wide, class_columns, file_name(unit, "功能分类历年对比"))
    sources(trend, "年度")

else:
    all_years = sorted({e.year for e in entries}, reverse=True)
    default_year = current.year if current and current.year in all_years else all_years[0]
    left, mid, right = st.columns([1, 2, 2])
    year = left.selectbox("年度", all_years, index=all_years.index(default_year), format_func=cf.year_label,
                        placeholder=CHOOSE)
    in_year = sorted(e.unit for e in entries if e.year == year)
    words = mid.text_input("按单位名称筛选", placeholder="输入单位名称中的字词，留空为全部")
    candidates = [u for u in in_year if words.strip() in u]
    picked = right.multiselect("单位（留空表示全部）", candidates, placeholder=f"全部{len(candidates)}个单位")
    units = picked or candidates
    if not units:
        st.info("没有名称含有所输入字词的单位。")
        st.stop()
    left, mid, right = st.columns([2, 2, 1])
    metric = left.selectbox("排名指标", list(compare.METRICS), placeholder=CHOOSE)
    top = mid.slider("图中显示前几名", 1, len(units), min(TOP_N, len(units))) if len(units) > 1 else 1
    as_share = right.toggle("结构按占比显示", value=True)

    metrics, classes = load([e for e in entries if e.year == year and e.unit in units])
    ranking = compare.year_ranking(metrics, year, units, metric)
    ranked = ranking[ranking["排名"].notna()]
    st.subheader(f"{year}年度 · {len(ranking)}个单位")
    total = ranked[metric].sum()
    st.caption(f"所选单位的{metric}加总为 {wan(total)}；图中显示前{min(top, len(ranked))}名，下表列出全部单位。"
               + (f"{len(ranking) - len(ranked)}个单位的报告未列示{metric}，列在表末、不参与排名。"
                  if len(ranked) < len(ranking) else ""))
    head = ranking.head(top)
    if ranked.empty:
        st.info(f"所选单位的报告都没有列示{metric}。")
    else:
        st.plotly_chart(cf.ranking_bars(head, metric, f"{metric}排名（万元，括号内为占所选单位合计的比例）"),
                        width="stretch")
    unit_note = "（占比，%）" if as_share else "（万元）"
    st.plotly_chart(cf.split_bars(head, [compare.BASIC, compare.PROJECT], "基本支出与项目支出" + unit_note, share=as_share),
                    width="stretch")
    wide = compare.class_wide(classes, "单位")
    wide = wide.loc[:, wide.fillna(0).any()]  # a class none of them spent on is no part of the picture
    if wide.empty:
        st.info("所选报告中没有收入支出决算总表（公开01表）的支出功能分类数据。")
    else:
        by_unit = wide.reindex(head["单位"]).fillna(0.0).reset_index()
        st.plotly_chart(cf.split_bars(by_unit, list(wide.columns), "支出功能分类构成" + unit_note, share=as_share),
                        width="stretch")
    st.plotly_chart(cf.findings_bars(head, "单位", "各单位报告的审核发现（条）", horizontal=True), width="stretch")

    st.markdown("#### 各单位数据")
    others = [m for m in compare.METRICS if m != metric]
    table_and_csv(ranking, ["排名", "单位", metric, "占比", *others, *SHARES, *COUNTS],
                  file_name(f"{year}年", metric, "单位对比"), percents=["占比", *SHARES])
    st.caption(f"占比为各单位{metric}占所选单位合计的比例。")
    sources(ranking, "单位")

"""概览: who, which year, the headline numbers and what the checks found."""
import streamlit as st

from components import page_data, state, ui
from components.fmt import change_words, md_escape, pct, signed_pct, wan
from components.overview_text import summary_text
from components.theme import severity_md
from juesuan.vocab import SEVERITIES

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, h = bundle.report, bundle.report.header
for message in st.session_state.pop(state.FLASH, []):
    st.success(md_escape(message), icon=":material/upload_file:")

st.subheader(md_escape(h.unit or bundle.entry.unit or "（单位未识别）"))
facts = [f"{h.year}年度" if h.year else "年度未识别", f"{h.kind or '单位'}决算"]
if h.unit_type:
    facts.append(h.unit_type)
st.caption(md_escape(" · ".join(facts)))
if report.duties:
    brief = report.duties if len(report.duties) <= 90 else report.duties[:88] + "……"
    with st.expander("主要职责：" + md_escape(brief), expanded=False):
        ui.text(report.duties)

head = page_data.headline(report)
if not report.tables:
    st.info("本报告中未找到决算表（公开01–10表）：以下指标取自情况说明，未说明的显示为“报告未列示”。", icon=":material/info:")
classes = page_data.expenditure_by_class(report)
main_class = None
if not classes.empty:
    top = classes.sort_values("金额", ascending=False).iloc[0]
    main_class = (top["名称"], float(top["金额"]))

with st.container(border=True):
    st.markdown("**一句话看懂**")
    ui.text(summary_text(h.unit or bundle.entry.unit, h.year, head, bundle.index.counts(), main_class))


def share_note(part, whole) -> str | None:
    share = page_data.ratio(part, whole)
    return f"占本年支出 {pct(share.amount, 1)}" if share.known else None


grid = st.columns(3)
with grid[0]:
    ui.kpi(bundle, "本年收入合计", head.income_total, wan(head.income_total.amount), "k-income")
with grid[1]:
    ui.kpi(bundle, "本年支出合计", head.expenditure_total, wan(head.expenditure_total.amount), "k-spend")
with grid[2]:
    change = head.change.also(head.change_rate)
    if head.change.known:
        text = f"{change_words(head.change.amount)} {wan(abs(head.change.amount))}"
        rate = signed_pct(head.change_rate.amount) if head.change_rate.known else None
        ui.kpi(bundle, "收支总计较上年", change, text, "k-change", delta=rate or text, delta_color="off",
               help="箭头向上为增加、向下为减少（情况说明所述）。")
    else:
        ui.kpi(bundle, "收支总计较上年", change, "—", "k-change", note="报告未说明较上年变化")

split_total = page_data.total(head.basic, head.project)
grid = st.columns(3)
with grid[0]:
    ui.kpi(bundle, "基本支出", head.basic, wan(head.basic.amount), "k-basic", note=share_note(head.basic, split_total))
with grid[1]:
    ui.kpi(bundle, "项目支出", head.project, wan(head.project.amount), "k-project", note=share_note(head.project, split_total))
with grid[2]:
    comp = head.gp_completion.also(head.gp_budget, head.gp_actual)
    ui.kpi(bundle, "一般公共预算完成率", comp, pct(comp.amount), "k-completion",
           note=f"年初预算 {wan(head.gp_budget.amount)}" if head.gp_budget.known else None, help="决算数 ÷ 年初预算数。")

grid = st.columns(3)
with grid[0]:
    sg = head.sangong_actual
    zero = sg.known and not sg.amount
    ui.kpi(bundle, "三公经费", sg, wan(sg.amount), "k-sangong",
           note="本年度无三公经费支出" if zero else (f"预算 {wan(head.sangong_budget.amount)}" if head.sangong_budget.known else None))
with grid[1]:
    ui.kpi(bundle, "机关运行经费", head.admin_cost, wan(head.admin_cost.amount), "k-admin")
with grid[2]:
    counts = bundle.index.counts()
    with st.container(border=True):
        st.markdown("**审核发现**")
        if counts:
            st.markdown("　".join(severity_md(s, f"{s} **{counts[s]}**") for s in SEVERITIES if counts.get(s)))
        else:
            st.markdown(":green[:material/check_circle: 未发现问题]")
        st.page_link(ui.FINDINGS_PAGE, label="查看审核发现", icon=":material/arrow_forward:")

if report.missing_tables or report.problems:
    with st.expander(f"解析说明（{len(report.problems)}条）"):
        for problem in report.problems:
            where = f"（第{problem.page}页）" if problem.page else ""
            st.markdown("- " + md_escape(problem.what + where))

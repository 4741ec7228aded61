"""概览 for a leader in five seconds: who and which year, one sentence, four headline figures,
one small chart and the top problems the review found — all above the fold at 1280×720.
The other headline figures, the duties and the parse notes follow below."""
from html import escape

import streamlit as st

from components import figures, page_data, reviewing, state, ui
from components.fmt import change_words, md_escape, pct, signed_pct, wan
from components.navigation import UPLOAD_PAGE
from components.overview_text import lead_sentence, problem_line
from components.theme import severity_md
from juesuan import review
from juesuan.review import DISPUTED_MARK, DISPUTING

TOP_PROBLEMS = 3
CHART_CLASSES = 5  # the largest function classes the small chart shows

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, h = bundle.report, bundle.report.header
for message in st.session_state.pop(state.FLASH, []):
    st.success(md_escape(message), icon=":material/upload_file:")
head = page_data.headline(report)
disputes = ui.disputes(bundle)


def mark(value) -> str:
    return f" {DISPUTED_MARK}" if value.known and disputes.of(value.keys) else ""


# The unit's name is this page's title: the page name above it would take a projector's line.
st.html("<style>[data-testid='stMain'] h1{display:none !important;}</style>")


def who() -> None:
    left, right = st.columns([5, 1], vertical_alignment="center")
    facts = [f"{h.year}年度" if h.year else "年度未识别", f"{h.kind or '单位'}决算"] + ([h.unit_type] if h.unit_type else [])
    unit = h.unit or bundle.entry.unit or "（单位未识别）"
    with left:  # one line: the name as the page's title, year and kind beside it (report text escaped)
        st.html(f'<div style="font-size:1.7rem;font-weight:700;line-height:1.3">{escape(unit)}'
                f'　<span style="font-size:0.95rem;color:#666;font-weight:400">{escape(" · ".join(facts))}</span></div>')
    right.page_link(UPLOAD_PAGE, label="上传新报告", icon=":material/upload_file:")


def unreliable_notice() -> None:
    """A table the parser could not verify: its numbers are not shown as certain anywhere."""
    for t in report.unreliable_tables:
        st.warning(md_escape(f"{t.id}（{t.title}）未能可靠识别：{t.unreliable}。该表数字不作展示和审核，请核对原表。"),
                   icon=":material/warning:")


def headline_cards() -> None:
    share = page_data.ratio(head.basic, page_data.total(head.basic, head.project))
    cols = st.columns(4)
    with cols[0]:
        ui.kpi(bundle, "本年收入合计", head.income_total, wan(head.income_total.amount), "k-income", compact=True)
    with cols[1]:
        ui.kpi(bundle, "本年支出合计", head.expenditure_total, wan(head.expenditure_total.amount), "k-spend",
               note=f"基本支出占 {pct(share.amount, 1)}" if share.known else None, compact=True)
    with cols[2]:
        comp = head.gp_completion.also(head.gp_budget, head.gp_actual)
        ui.kpi(bundle, "一般公共预算完成率", comp, pct(comp.amount), "k-completion",
               note=f"年初预算 {wan(head.gp_budget.amount)}" if head.gp_budget.known else None,
               help="一般公共预算财政拨款支出决算数 ÷ 年初预算数。", compact=True)
    with cols[3]:
        sg = head.sangong_actual
        ui.kpi(bundle, "三公经费", sg, wan(sg.amount), "k-sangong",
               note="本年度无三公经费支出" if sg.known and not sg.amount
               else f"预算 {wan(head.sangong_budget.amount)}" if head.sangong_budget.known else None, compact=True)


def small_chart() -> None:
    classes = page_data.expenditure_by_class(report)
    if classes.empty:
        ui.missing("支出功能分类数据")
        return
    top = classes.sort_values("金额", ascending=False).head(CHART_CLASSES)
    title = f"支出最多的功能分类（{page_data.ALL_FUNDS}）" if len(classes) > CHART_CLASSES else f"支出按功能分类（{page_data.ALL_FUNDS}）"
    marks = ui.marks_for(bundle.index, top["名称"], ((k,) for k in top["key"]))
    fig = figures.ranked_bars(top, title, marks=ui.mark_colors(marks))
    fig.update_layout(height=min(220, 70 + 30 * len(top)), margin=dict(t=36, b=4))
    fig.update_xaxes(title_text=None, range=[0, float(top["金额"].max()) * 1.45])  # room for the amounts
    st.plotly_chart(fig, width="stretch", key="overview-classes")


def top_problems() -> None:
    problems = [f for f in review.ranked_problems(bundle.findings) if f.severity in DISPUTING]
    st.markdown("**需要核对的问题**")
    if not problems:
        rest = len(review.ranked_problems(bundle.findings))
        st.markdown(":green[:material/check_circle: 审核未发现需要更正的问题]"
                    + (f"（另有{rest}处尾数差异，可不作更正）" if rest else ""))
    for f in problems[:TOP_PROBLEMS]:  # each a link to its finding, by its stable id
        st.page_link(ui.FINDINGS_PAGE, label=severity_md(f.severity, f.severity) + "　" + md_escape(problem_line(f.message)),
                     query_params={"f": f.id})
    more = len(problems) - TOP_PROBLEMS
    st.page_link(ui.FINDINGS_PAGE, label=f"查看全部审核发现（另有{more}个问题）" if more > 0 else "查看全部审核发现",
                 icon=":material/arrow_forward:")
    st.caption("审核结论：" + reviewing.counts_line(bundle))


def more_figures() -> None:
    st.markdown("#### 其他主要指标")
    split_total = page_data.total(head.basic, head.project)
    cols = st.columns(4)
    with cols[0]:
        share = page_data.ratio(head.basic, split_total)
        ui.kpi(bundle, "基本支出", head.basic, wan(head.basic.amount), "k-basic",
               note=f"占基本和项目支出 {pct(share.amount, 1)}" if share.known else None)
    with cols[1]:
        share = page_data.ratio(head.project, split_total)
        ui.kpi(bundle, "项目支出", head.project, wan(head.project.amount), "k-project",
               note=f"占基本和项目支出 {pct(share.amount, 1)}" if share.known else None)
    with cols[2]:
        change = head.change.also(head.change_rate)
        if head.change.known:
            text = f"{change_words(head.change.amount)} {wan(abs(head.change.amount))}"
            rate = signed_pct(head.change_rate.amount) if head.change_rate.known else None
            ui.kpi(bundle, "收支总计较上年", change, text, "k-change", delta=rate or text, delta_color="off",
                   help="箭头向上为增加、向下为减少（情况说明所述）。")
        else:
            ui.kpi(bundle, "收支总计较上年", change, "—", "k-change", note="报告未说明较上年变化")
    with cols[3]:
        ui.kpi(bundle, "机关运行经费", head.admin_cost, wan(head.admin_cost.amount), "k-admin")


who()
with st.container(border=True):
    ui.text(lead_sentence(h.year, head, bundle.counts, mark))
unreliable_notice()
if not report.tables:
    st.info("本报告中未找到决算表（公开01–10表）：以下指标取自情况说明，未说明的显示为“报告未列示”。", icon=":material/info:")
headline_cards()
left, right = st.columns([2, 3])
with left:
    small_chart()
with right:
    top_problems()

more_figures()
if report.duties:
    with st.expander("主要职责"):
        ui.text(report.duties)
if report.missing_tables or report.problems:
    with st.expander(f"解析说明（{len(report.problems)}条）"):
        for problem in report.problems:
            where = f"（第{problem.page}页）" if problem.page else ""
            st.markdown("- " + md_escape(problem.what + where))

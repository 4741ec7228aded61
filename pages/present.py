"""演示模式: the report as slides — one chart per screen, big type, the takeaway as the title.

The slides are juesuan.export's, the same the PowerPoint deck and the one-page brief carry,
so what the room sees matches what it takes away. A slide fits a 1280×720 projector with
no app chrome: the sidebar, the header and the page title are hidden while presenting.
"""
from html import escape

import streamlit as st

from components import ui
from juesuan.export.images import figure_for
from juesuan.export.slides import Slide, build_slides

SLIDE = "present_slide"  # session_state: index of the slide on screen
HIDE_SIDEBAR = "present_hide_sidebar"
WORDY_CHARS = 240  # more text than this is set smaller so that the slide still fits
CHART_HEIGHT = 400  # px: with the title and the buttons, a slide fits 720 px

ROOM_CSS = """
<style>
.present-topic { font-size: 1.1rem; color: #666; margin: 0; }
.present-title { font-size: 2.1rem; font-weight: 700; margin: 0.1rem 0 0.6rem; line-height: 1.3; color: #1b1b1b; }
.present-cover { text-align: center; padding: 14vh 0 8vh; }
.present-cover .present-title { font-size: 3.2rem; color: #1f4e9c; }
.present-cover .present-sub { font-size: 1.6rem; color: #555; }
.present-kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.8rem; }
.present-kpi { background: #eef3fa; border-radius: 0.6rem; padding: 0.7rem; text-align: center; }
.present-kpi .label { font-size: 1.15rem; color: #555; }
.present-kpi .value { font-size: 2.1rem; font-weight: 700; color: #1f4e9c; }
.present-kpi .basis { font-size: 1rem; color: #777; }
.present-bullets { font-size: 1.3rem; line-height: 1.6; }
.present-bullets.wordy { font-size: 1.02rem; line-height: 1.45; }
.present-flags { font-size: 1rem; color: #c62828; margin-top: 0.4rem; }
.present-count { font-size: 1.1rem; color: #666; text-align: center; padding-top: 0.4rem; }
</style>
"""
# While presenting: no sidebar, no header bar, no page title, less padding.
NO_CHROME_CSS = """<style>
section[data-testid='stSidebar'], div[data-testid='stSidebarCollapsedControl'], header[data-testid='stHeader'],
[data-testid='stMain'] h1 { display: none !important; }
[data-testid='stMainBlockContainer'] { padding-top: 1rem !important; padding-bottom: 0.5rem !important; max-width: 100% !important; }
</style>"""

bundle = ui.page_setup()
if bundle is None:
    st.stop()
slides = build_slides(bundle.report, bundle.findings)
st.html(ROOM_CSS)
if st.session_state.get(HIDE_SIDEBAR, True):
    st.html(NO_CHROME_CSS)

index = min(st.session_state.get(SLIDE, 0), len(slides) - 1)


def _go(step: int) -> None:
    st.session_state[SLIDE] = max(0, min(len(slides) - 1, index + step))


def _flags(lines: list[str]) -> str:
    return "".join(f'<div class="present-flags">{escape(f)}</div>' for f in lines)


def cover(slide: Slide) -> None:
    sub = "".join(f'<div class="present-sub">{escape(b)}</div>' for b in slide.bullets)
    sub += _flags(slide.flags)  # the cover's: the report is incomplete
    st.html(f'<div class="present-cover"><div class="present-title">{escape(slide.title)}</div>{sub}</div>')


def body(slide: Slide) -> None:
    st.html(f'<div class="present-topic">{escape(slide.topic)}</div><div class="present-title">{escape(slide.title)}</div>')
    if slide.kpis:
        cards = "".join(
            f'<div class="present-kpi"><div class="label">{escape(k.label)}（万元）</div><div class="value">{escape(k.text)}</div>'
            f'<div class="basis">{escape(k.value.basis)}</div></div>'
            for k in slide.kpis
        )
        st.html(f'<div class="present-kpis">{cards}</div>')
    bullets = "".join(f"<li>{escape(b)}</li>" for b in slide.bullets)
    wordy = " wordy" if sum(map(len, slide.bullets)) > WORDY_CHARS else ""
    if slide.chart is not None:
        fig = figure_for(slide.chart, title=" ")  # the slide title above says it, in bigger type
        fig.update_layout(font_size=18, height=CHART_HEIGHT, margin=dict(t=20, b=40))
        if bullets:
            left, right = st.columns([3, 2])
            left.plotly_chart(fig, config={"displayModeBar": False}, width="stretch", theme=None)
            right.html(f'<ul class="present-bullets{wordy}">{bullets}</ul>')
        else:
            st.plotly_chart(fig, config={"displayModeBar": False}, width="stretch", theme=None)
    elif bullets:
        st.html(f'<ul class="present-bullets{wordy}">{bullets}</ul>')
    if slide.flags:
        st.html(_flags(slide.flags[:2]))


slide = slides[index]
(cover if slide.key == "title" else body)(slide)

prev_col, count_col, next_col, toggle_col = st.columns([2, 3, 2, 2], vertical_alignment="center")
prev_col.button("◀ 上一页", on_click=_go, args=(-1,), disabled=index == 0, width="stretch", shortcut="Left")
count_col.html(f'<div class="present-count">{index + 1} / {len(slides)}　（键盘 ← → 翻页）</div>')
next_col.button("下一页 ▶", on_click=_go, args=(1,), disabled=index == len(slides) - 1, width="stretch",
                shortcut="Right", type="primary")
toggle_col.toggle("全屏演示", value=True, key=HIDE_SIDEBAR, help="隐藏侧边栏和页面标题")

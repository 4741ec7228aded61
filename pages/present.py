"""演示模式: the report as slides — one chart per screen, big type, a takeaway each.

The slides and their one-line takeaways are juesuan.export's, the same the PowerPoint
deck and the one-page brief carry, so what the room sees matches what it takes away.
"""
from html import escape

import streamlit as st

from components import ui
from juesuan.export.images import figure_for
from juesuan.export.slides import build_slides

SLIDE = "present_slide"  # session_state: index of the slide on screen
HIDE_SIDEBAR = "present_hide_sidebar"

ROOM_CSS = """
<style>
.present-title { font-size: 2.6rem; font-weight: 700; margin: 0.2rem 0; line-height: 1.25; }
.present-takeaway { font-size: 1.9rem; font-weight: 600; color: #1f4e9c; margin: 0.4rem 0 1rem; }
.present-cover { text-align: center; padding: 12vh 0; }
.present-cover .present-title { font-size: 3.4rem; color: #1f4e9c; }
.present-kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1rem; }
.present-kpi { background: #eef3fa; border-radius: 0.6rem; padding: 1rem; text-align: center; }
.present-kpi .label { font-size: 1.3rem; color: #555; }
.present-kpi .value { font-size: 2.4rem; font-weight: 700; color: #1f4e9c; }
.present-kpi .basis { font-size: 1.1rem; color: #777; }
.present-bullets { font-size: 1.5rem; line-height: 1.7; }
.present-count { font-size: 1.2rem; color: #666; text-align: center; padding-top: 0.4rem; }
</style>
"""
NO_SIDEBAR_CSS = "<style>section[data-testid='stSidebar'], div[data-testid='stSidebarCollapsedControl'] {display:none;}</style>"

bundle = ui.page_setup()
if bundle is None:
    st.stop()
slides = build_slides(bundle.report, bundle.findings)
st.html(ROOM_CSS)
if st.session_state.get(HIDE_SIDEBAR, True):
    st.html(NO_SIDEBAR_CSS)

index = min(st.session_state.get(SLIDE, 0), len(slides) - 1)


def _go(step: int) -> None:
    st.session_state[SLIDE] = max(0, min(len(slides) - 1, index + step))


slide = slides[index]
if slide.key == "title":
    st.html(
        f'<div class="present-cover"><div class="present-title">{escape(slide.title)}</div>'
        f'<div class="present-takeaway">{escape(slide.takeaway)}</div></div>'
    )
else:
    st.html(f'<div class="present-title">{escape(slide.title)}</div>'
            + (f'<div class="present-takeaway">{escape(slide.takeaway)}</div>' if slide.takeaway else ""))
    if slide.kpis:
        cards = "".join(
            f'<div class="present-kpi"><div class="label">{escape(k.label)}（万元）</div><div class="value">{escape(k.text)}</div>'
            f'<div class="basis">{escape(k.value.basis)}</div></div>'
            for k in slide.kpis
        )
        st.html(f'<div class="present-kpis">{cards}</div>')
    bullets = "".join(f"<li>{escape(b)}</li>" for b in slide.bullets)
    if slide.chart is not None:
        fig = figure_for(slide.chart, title=" ")  # the slide title above says it, in bigger type
        fig.update_layout(font_size=22, height=520, margin=dict(t=30))
        if bullets:
            left, right = st.columns([3, 2])
            left.plotly_chart(fig, config={"displayModeBar": False}, width="stretch", theme=None)
            right.html(f'<ul class="present-bullets">{bullets}</ul>')
        else:
            st.plotly_chart(fig, config={"displayModeBar": False}, width="stretch", theme=None)
    elif bullets:
        st.html(f'<ul class="present-bullets">{bullets}</ul>')

prev_col, count_col, next_col = st.columns([1, 2, 1])
prev_col.button("◀ 上一页", on_click=_go, args=(-1,), disabled=index == 0, width="stretch", shortcut="Left")
count_col.html(f'<div class="present-count">{index + 1} / {len(slides)}　（键盘 ← → 翻页）</div>')
next_col.button("下一页 ▶", on_click=_go, args=(1,), disabled=index == len(slides) - 1, width="stretch",
                shortcut="Right", type="primary")
st.toggle("全屏演示（隐藏侧边栏）", value=True, key=HIDE_SIDEBAR)

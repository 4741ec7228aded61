"""One plotly template for every chart: CJK fonts, projector-friendly colours, 万元 axes."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from juesuan.vocab import ERROR, NOTE, WARNING

TEMPLATE_NAME = "juesuan"

# Noto CJK is the font installed on the server; the others cover viewers' own machines.
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "WenQuanYi Micro Hei", sans-serif'
)

# Saturated, high-contrast colours that survive a washed-out projector; the first two
# (blue, orange) are the pair used for budget vs actual and 基本 vs 项目 everywhere.
PALETTE = [
    "#1f4e9c",  # deep blue
    "#e07b00",  # orange
    "#2e8b57",  # green
    "#8e44ad",  # purple
    "#00838f",  # teal
    "#b5651d",  # brown
    "#d81b60",  # magenta
    "#5d6d7e",  # slate
    "#7cb342",  # light green
    "#3949ab",  # indigo
]
BUDGET_COLOR = "#9fb6d9"  # light blue: the plan
ACTUAL_COLOR = PALETTE[0]  # deep blue: what happened
OVER_COLOR = "#c62828"  # over-run / increase
UNDER_COLOR = "#ef8f00"  # under-run
OK_COLOR = "#2e7d32"
INCREASE_COLOR = "#c62828"
DECREASE_COLOR = "#2e7d32"
TOTAL_COLOR = "#1f4e9c"

# Finding severities (juesuan.checks): 错误 error, 警告 warning, 提示 rounding note.
SEVERITY_COLORS = {ERROR: "#c62828", WARNING: "#ef8f00", NOTE: "#1565c0"}
# Streamlit's own Material icons and colour names (no emoji: a server may lack an emoji font).
SEVERITY_ICONS = {ERROR: ":material/error:", WARNING: ":material/warning:", NOTE: ":material/info:"}
SEVERITY_MD_COLORS = {ERROR: "red", WARNING: "orange", NOTE: "blue"}
MARK_GLYPH = "●"  # the mark drawn beside a number involved in a finding (in CJK fonts)


def severity_md(severity: str, text: str) -> str:
    """Markdown: `text` with the severity's icon, in its colour."""
    color = SEVERITY_MD_COLORS.get(severity, "gray")
    return f":{color}[{SEVERITY_ICONS.get(severity, '')} {text}]"



def _template() -> go.layout.Template:
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=15, color="#1b1b1b"),
            title=dict(font=dict(size=18), x=0, xanchor="left"),
            colorway=PALETTE,
            paper_bgcolor="white",
            plot_bgcolor="white",
            margin=dict(l=10, r=10, t=50, b=10),
            separators=".,",  # decimal point, thousands comma
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14)),
            legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
            xaxis=dict(showgrid=False, linecolor="#888", automargin=True, tickformat=","),
            yaxis=dict(gridcolor="#e3e3e3", zerolinecolor="#888", automargin=True, tickformat=","),
        )
    )


pio.templates[TEMPLATE_NAME] = _template()


def apply(fig: go.Figure, title: str | None = None, height: int = 400) -> go.Figure:
    fig.update_layout(template=TEMPLATE_NAME, height=height)
    if title:
        fig.update_layout(title_text=title)
    return fig

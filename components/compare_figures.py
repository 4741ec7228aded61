"""Figure builders of the 对比分析 page: pure functions from juesuan.compare frames to go.Figure.

Unit names come from the reports: plotly reads a subset of HTML in labels, so every
name is escaped (`fmt.plot_text`) before it reaches a figure.
"""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from juesuan.vocab import SEVERITIES

from . import theme
from .fmt import plot_text, wan


def year_label(year) -> str:
    return f"{int(year)}年"


def _money_texts(values) -> list[str]:
    return [wan(v) for v in values]


def _legend_below(fig: go.Figure) -> None:
    """Legend under the plot, in trace order: a wrapped legend on top would run into the title."""
    fig.update_layout(legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, xanchor="left", x=0,
                                  traceorder="normal"))


LINE_COLOURS = theme.PALETTE + px.colors.qualitative.Dark24  # distinct for as many classes as a report has


def trend_lines(df: pd.DataFrame, columns: list[str], title: str, first_colour: int = 0) -> go.Figure:
    """One line per column (万元) over 年度; a year without the amount leaves a gap. Each column
    keeps one colour (`first_colour` shifts a chart's colours off another's on the same screen)."""
    years = [year_label(y) for y in df["年度"]]
    fig = go.Figure()
    drawn = [c for c in columns if not df[c].isna().all()]
    for i, column in enumerate(drawn):
        values = df[column]
        color = LINE_COLOURS[(first_colour + columns.index(column)) % len(LINE_COLOURS)]
        fig.add_scatter(
            x=years, y=values, name=plot_text(column), mode="lines+markers+text", line=dict(color=color, width=3),
            marker=dict(size=9), text=[wan(v, unit=False) if v == v else "" for v in values],
            # alternate sides, so equal amounts (收入合计 = 支出合计) keep readable labels
            textposition="top center" if i % 2 == 0 else "bottom center", cliponaxis=False, customdata=_money_texts(values),
            hovertemplate="%{x}<br>" + plot_text(column) + " %{customdata}<extra></extra>",
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(title_text="金额（万元）", tickformat=",", rangemode="tozero")
    fig.update_layout(showlegend=True)  # name the line even when it is the only one
    _legend_below(fig)
    return theme.apply(fig, title, height=440)


def findings_bars(df: pd.DataFrame, by: str, title: str, horizontal: bool = False) -> go.Figure:
    """Finding counts per `by` (年度 or 单位) stacked by severity (columns 错误/警告/提示)."""
    labels = [year_label(v) if by == "年度" else plot_text(v) for v in df[by]]
    fig = go.Figure()
    for severity in SEVERITIES:
        counts = df[severity].fillna(0).astype(int)
        axes = dict(y=labels, x=counts, orientation="h") if horizontal else dict(x=labels, y=counts)
        fig.add_bar(**axes, name=severity, marker_color=theme.SEVERITY_COLORS[severity],
                    text=[c if c else "" for c in counts], textposition="inside",
                    hovertemplate=("%{y}" if horizontal else "%{x}") + "<br>" + severity
                    + (" %{x} 条" if horizontal else " %{y} 条") + "<extra></extra>")
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    count_axis = dict(title_text="条数", tickformat="d", rangemode="tozero")
    if horizontal:
        fig.update_xaxes(**count_axis, showgrid=True, gridcolor="#e3e3e3")
        fig.update_yaxes(type="category", autorange="reversed", tickformat="")
        height = max(240, 90 + 32 * len(df))
    else:
        fig.update_yaxes(**count_axis)
        fig.update_xaxes(type="category")
        height = 320
    return theme.apply(fig, title, height=height)


def ranking_bars(df: pd.DataFrame, metric: str, title: str) -> go.Figure:
    """Horizontal bars of `metric` per 单位 in the frame's order (first on top), labelled
    with the amount and its 占比 (% of the chosen units' total)."""
    df = df.dropna(subset=[metric])
    names = [plot_text(n) for n in df["单位"]]
    fig = go.Figure(go.Bar(
        y=names, x=df[metric], orientation="h", marker_color=theme.PALETTE[0],
        text=[f"{v:,.2f}（{s:.2f}%）" for v, s in zip(df[metric], df["占比"].fillna(0))],
        textposition="auto", cliponaxis=False,
        customdata=list(zip(_money_texts(df[metric]), [f"{s:.2f}%" for s in df["占比"].fillna(0)])),
        hovertemplate="%{y}<br>" + plot_text(metric) + " %{customdata[0]}<br>占比 %{customdata[1]}<extra></extra>",
    ))
    fig.update_xaxes(title_text=f"{plot_text(metric)}（万元）", tickformat=",", showgrid=True, gridcolor="#e3e3e3")
    fig.update_yaxes(type="category", autorange="reversed", tickformat="")
    return theme.apply(fig, title, height=max(260, 80 + 34 * len(df)))


def split_bars(df: pd.DataFrame, parts: list[str], title: str, share: bool = False) -> go.Figure:
    """Horizontal stacked bars of `parts` (基本支出/项目支出, or function classes) per 单位,
    in the frame's order (first on top), in 万元 or as % of each bar."""
    names = [plot_text(v) for v in df["单位"]]
    totals = df[parts].sum(axis=1)
    fig = go.Figure()
    for part, color in zip(parts, theme.PALETTE * 3):
        amounts = df[part].fillna(0)
        values = (amounts / totals.where(totals != 0) * 100).fillna(0) if share else amounts
        fig.add_bar(
            y=names, x=values, name=plot_text(part), orientation="h", marker_color=color,
            text=[(f"{v:.1f}%" if share else f"{v:,.2f}") if v else "" for v in values], textposition="inside",
            customdata=_money_texts(amounts),
            hovertemplate="%{y}<br>" + plot_text(part) + " %{customdata}" + (" （%{x:.2f}%）" if share else "") + "<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(type="category", autorange="reversed", tickformat="")
    # the unit is in the title: an axis title would sit where the legend goes
    fig.update_xaxes(tickformat=".0f" if share else ",", ticksuffix="%" if share else "", showgrid=True,
                     gridcolor="#e3e3e3")
    _legend_below(fig)
    return theme.apply(fig, title, height=max(300, 160 + 34 * len(df)))

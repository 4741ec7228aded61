"""Figure builders: pure functions from tidy data (components.page_data) to go.Figure.

Each takes the frame a page already has, and optionally `marks`: a mapping from a
category name to the colour of the worst finding involving it, drawn as a thick outline.
Category names come from the report: plotly reads a subset of HTML in labels and hovers,
so every one goes through fmt.plot_text before it reaches a figure.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from juesuan.vocab import SEVERITIES

from . import theme
from .fmt import plot_text, wan


def _money_text(values) -> list[str]:
    return [wan(v) for v in values]


def _share(values: pd.Series) -> pd.Series:
    total = values.sum()
    return values / total * 100 if total else values * 0


def _outline(names, marks: dict[str, str] | None) -> dict:
    marks = marks or {}
    return dict(color=[marks.get(n, "rgba(0,0,0,0)") for n in names], width=[4 if n in marks else 0 for n in names])


def _label(name: str, marks: dict[str, str] | None) -> str:
    """A category label; a marked one gets the mark glyph in its finding's colour."""
    if marks and name in marks:
        return f'<span style="color:{marks[name]}">{theme.MARK_GLYPH}</span> {plot_text(name)}'
    return plot_text(name)


def ranked_bars(df: pd.DataFrame, title: str, share: bool = False, marks: dict[str, str] | None = None,
                color: str = theme.PALETTE[0]) -> go.Figure:
    """Horizontal bars, largest on top: amounts (万元) or shares (%) of 名称/金额."""
    df = df.sort_values("金额", ascending=True)
    values = _share(df["金额"]) if share else df["金额"]
    text = [f"{v:.2f}%" for v in values] if share else [f"{v:,.2f}" for v in values]
    fig = go.Figure(go.Bar(
        y=[_label(n, marks) for n in df["名称"]], x=values, orientation="h", marker_color=color,
        marker_line=_outline(df["名称"], marks), text=text, textposition="outside", cliponaxis=False,
        customdata=list(zip(_money_text(df["金额"]), [f"{v:.2f}%" for v in _share(df["金额"])])),
        hovertemplate="%{y}<br>%{customdata[0]}<br>占比 %{customdata[1]}<extra></extra>",
    ))
    top = float(values.max()) if len(values) else 0.0
    fig.update_xaxes(range=[0, top * 1.2 if top > 0 else 1])  # room for the labels outside the bars
    fig.update_xaxes(title_text="占比（%）" if share else "金额（万元）", tickformat="," if not share else ".0f",
                     showgrid=True, gridcolor="#e3e3e3")
    fig.update_yaxes(tickformat="")
    return theme.apply(fig, title, height=max(260, 60 + 42 * len(df)))


def hierarchy(tree: pd.DataFrame, title: str, share: bool = False) -> go.Figure:
    """Treemap of 类→款→项 (编码, 名称, 上级, 金额); a parent's area is the sum of its children."""
    ids = tree["编码"].tolist()
    labels = [plot_text(n) for n in tree["名称"]]
    total = tree.loc[tree["级次"] == "类", "金额"].sum()
    shares = [v / total * 100 if total else 0 for v in tree["金额"]]
    fig = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=tree["上级"].tolist(), values=tree["金额"].tolist(),
        branchvalues="total", customdata=list(zip(_money_text(tree["金额"]), [f"{s:.2f}%" for s in shares], tree["编码"])),
        texttemplate="%{label}<br>" + ("%{customdata[1]}" if share else "%{value:,.2f}"),
        hovertemplate="%{customdata[2]} %{label}<br>%{customdata[0]}<br>占总支出 %{customdata[1]}<extra></extra>",
        marker=dict(colorscale=None), pathbar=dict(visible=True), maxdepth=3,
    ))
    fig.update_layout(treemapcolorway=theme.PALETTE, margin=dict(l=4, r=4, t=50, b=4),
                      uniformtext_minsize=11, uniformtext_mode="hide")
    return theme.apply(fig, title, height=460)


def stacked_parts(df: pd.DataFrame, parts: list[str], title: str, share: bool = False,
                  colors: list[str] | None = None) -> go.Figure:
    """Horizontal stacked bars of `parts` columns per 名称 (e.g. 基本支出 / 项目支出 by class)."""
    df = df.copy()
    totals = df[parts].sum(axis=1)
    df = df.assign(_total=totals).sort_values("_total")
    fig = go.Figure()
    for part, color in zip(parts, colors or theme.PALETTE):
        values = df[part] / df["_total"].where(df["_total"] != 0, 1) * 100 if share else df[part]
        fig.add_bar(
            y=[plot_text(n) for n in df["名称"]], x=values, name=part, orientation="h", marker_color=color,
            text=[(f"{v:.1f}%" if share else f"{v:,.2f}") if v else "" for v in values], textposition="inside",
            customdata=_money_text(df[part]), hovertemplate="%{y}<br>" + part + " %{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="占比（%）" if share else "金额（万元）", showgrid=True, gridcolor="#e3e3e3",
                     tickformat=".0f" if share else ",")
    fig.update_layout(uniformtext_minsize=11, uniformtext_mode="hide")  # no labels squeezed into thin bars
    return theme.apply(fig, title, height=max(260, 90 + 46 * len(df)))


def donut(names: list[str], values: list[float], title: str, colors: list[str] | None = None,
          marks: dict[str, str] | None = None) -> go.Figure:
    fig = go.Figure(go.Pie(
        labels=[_label(n, marks) for n in names], values=values, hole=0.55, sort=False,
        marker=dict(colors=colors or theme.PALETTE, line=_outline(names, marks)),
        texttemplate="%{label}<br>%{percent:.2%}", customdata=_money_text(values),
        hovertemplate="%{label}<br>%{customdata}<br>%{percent:.2%}<extra></extra>",
    ))
    fig.update_layout(showlegend=False, annotations=[dict(
        text=f"合计<br>{sum(values):,.2f}<br>万元", showarrow=False, font=dict(size=16))])
    return theme.apply(fig, title, height=340)


RUN_KINDS = (("超出预算", theme.OVER_COLOR), ("未达预算", theme.UNDER_COLOR), ("与预算持平", theme.ACTUAL_COLOR))


def _run_kind(actual: float | None, budget: float | None) -> str:
    if actual is None or budget is None or abs(actual - budget) < 0.005:
        return "与预算持平"
    return "超出预算" if actual > budget else "未达预算"


def budget_vs_actual(df: pd.DataFrame, title: str, marks: dict[str, str] | None = None,
                     names: tuple[str, str] = ("年初预算", "决算")) -> go.Figure:
    """Grouped bars of 年初预算 and 决算 per 名称; 决算 coloured by over-/under-run.
    `names` are the legend words for the two (三公经费 says 预算数 / 决算数)."""
    budget_name, actual_name = names
    labels = [_label(n, marks) for n in df["名称"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=df["年初预算"], name=budget_name, marker_color=theme.BUDGET_COLOR, offsetgroup="budget",
                text=[f"{v:,.2f}" for v in df["年初预算"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{x}<br>" + budget_name + " %{y:,.2f} 万元<extra></extra>")
    kinds = [_run_kind(a, b) for a, b in zip(df["决算"], df["年初预算"])]
    for kind, color in RUN_KINDS:
        # one trace per kind (so the legend explains the colours), all in the same slot
        picked = [k == kind for k in kinds]
        if not any(picked):
            continue
        fig.add_bar(x=[n for n, p in zip(labels, picked) if p], y=[v for v, p in zip(df["决算"], picked) if p],
                    name=f"{actual_name}（{kind}）", marker_color=color, offsetgroup="actual",
                    marker_line=_outline([n for n, p in zip(df["名称"], picked) if p], marks),
                    text=[f"{v:,.2f}" for v, p in zip(df["决算"], picked) if p], textposition="outside",
                    cliponaxis=False, hovertemplate="%{x}<br>" + actual_name + " %{y:,.2f} 万元<extra></extra>")
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(categoryorder="array", categoryarray=labels)
    fig.update_yaxes(title_text="金额（万元）", tickformat=",")
    return theme.apply(fig, title, height=420)


def completion(df: pd.DataFrame, title: str) -> go.Figure:
    """Completion rate (%) per 名称 with the 100% line; over-runs red, under-runs amber."""
    df = df.dropna(subset=["完成率"]).sort_values("完成率")
    colors = [theme.OVER_COLOR if r > 100.005 else theme.UNDER_COLOR if r < 99.995 else theme.OK_COLOR for r in df["完成率"]]
    fig = go.Figure(go.Bar(
        y=[plot_text(n) for n in df["名称"]], x=df["完成率"], orientation="h", marker_color=colors,
        text=[f"{r:.2f}%" for r in df["完成率"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}<br>完成率 %{x:.2f}%<extra></extra>",
    ))
    fig.add_vline(x=100, line=dict(color="#333", dash="dash", width=2), annotation_text="100%",
                  annotation_position="top")
    top = max([110.0] + [float(r) * 1.15 for r in df["完成率"]])
    fig.update_xaxes(title_text="完成率（%）", range=[0, top], tickformat=".0f", showgrid=True, gridcolor="#e3e3e3")
    return theme.apply(fig, title, height=max(240, 90 + 46 * len(df)))


def waterfall(start_label: str, start: float, steps: pd.DataFrame, end_label: str, title: str) -> go.Figure:
    """Last year's total → each class's change (名称, 增减) → this year's total."""
    names = [plot_text(n) for n in [start_label, *steps["名称"], end_label]]
    values = [start] + list(steps["增减"]) + [0]
    measures = ["absolute"] + ["relative"] * len(steps) + ["total"]
    end = start + float(steps["增减"].sum())
    texts = [f"{start:,.2f}"] + [f"{v:+,.2f}" for v in steps["增减"]] + [f"{end:,.2f}"]
    fig = go.Figure(go.Waterfall(
        x=names, y=values, measure=measures, text=texts, textposition="outside", cliponaxis=False,
        increasing=dict(marker=dict(color=theme.INCREASE_COLOR)),
        decreasing=dict(marker=dict(color=theme.DECREASE_COLOR)),
        totals=dict(marker=dict(color=theme.TOTAL_COLOR)),
        connector=dict(line=dict(color="#999", dash="dot")),
        hovertemplate="%{x}<br>%{text} 万元<extra></extra>",
    ))
    fig.update_yaxes(title_text="金额（万元）", tickformat=",")
    return theme.apply(fig, title, height=440)


def this_vs_last(df: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars of 上年 and 本年 per 名称."""
    fig = go.Figure()
    for col, color in (("上年", theme.BUDGET_COLOR), ("本年", theme.ACTUAL_COLOR)):
        fig.add_bar(x=[plot_text(n) for n in df["名称"]], y=df[col], name=col, marker_color=color,
                    text=[f"{v:,.2f}" for v in df[col]], textposition="outside", cliponaxis=False,
                    hovertemplate="%{x}<br>" + col + " %{y:,.2f} 万元<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="金额（万元）", tickformat=",")
    return theme.apply(fig, title, height=400)


def score_gauge(score: float | None, grade: str | None, title: str = "自评得分") -> go.Figure:
    bands = [(0, 60, "#f4c7c3"), (60, 80, "#fde7b0"), (80, 90, "#d4e8c9"), (90, 100, "#a8d5a2")]
    fig = go.Figure(go.Indicator(
        mode="gauge+number", value=score if score is not None else 0,
        number=dict(suffix=" 分", valueformat=".1f", font=dict(size=34, color="#1b1b1b")),
        gauge=dict(
            axis=dict(range=[0, 100], tickvals=[0, 60, 80, 90, 100]),
            bar=dict(color=theme.PALETTE[0], thickness=0.3),
            steps=[dict(range=[a, b], color=c) for a, b, c in bands],
        ),
        title=dict(text=f"{title}（{plot_text(grade)}）" if grade else title, font=dict(size=16)),
    ))
    fig.update_layout(margin=dict(l=20, r=20, t=60, b=10))
    return theme.apply(fig, None, height=230)


def findings_overview(counts: pd.DataFrame, title: str) -> go.Figure:
    """Stacked bars of finding counts per 类别 (family) by 严重程度."""
    fig = go.Figure()
    for severity in SEVERITIES:
        part = counts[counts["严重程度"] == severity]
        if part.empty:
            continue
        fig.add_bar(y=[plot_text(c) for c in part["类别"]], x=part["数量"], name=severity, orientation="h",
                    marker_color=theme.SEVERITY_COLORS[severity], text=part["数量"], textposition="inside",
                    hovertemplate="%{y}<br>" + severity + " %{x} 条<extra></extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="条数", tickformat="d", dtick=1, showgrid=True, gridcolor="#e3e3e3")
    fig.update_yaxes(tickformat="")
    return theme.apply(fig, title, height=max(220, 90 + 40 * counts["类别"].nunique()))

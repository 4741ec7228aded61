"""Chart images (PNG, SVG) through kaleido and the system's Chromium.

kaleido 1.x drives a Chrome it finds through BROWSER_PATH; Debian's is /usr/bin/chromium.
With no browser the caller gets ImageUnavailable with a Chinese message to show instead
of the download. Chinese renders with the CJK fonts the machine has (fonts-noto-cjk).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from .html import find_chromium
from .slides import Chart, Slide

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
PALETTE = ["#1f4e9c", "#e07b00", "#2e8b57", "#8e44ad", "#00838f", "#b5651d", "#d81b60", "#5d6d7e"]
FORMATS = ("png", "svg")
WIDTH, HEIGHT, SCALE = 1200, 675, 2  # 16:9, sharp on a projector


class ImageUnavailable(RuntimeError):
    """The image cannot be made here; the message is for the user."""


def figure_for(chart: Chart, title: str | None = None) -> go.Figure:
    """A plotly figure of a slide chart, styled like the deck."""
    fig = go.Figure()
    if chart.kind == "pie":
        fig.add_pie(labels=chart.categories, values=chart.series[0].values, sort=False,
                    marker_colors=PALETTE[: len(chart.categories)], textinfo="label+percent",
                    texttemplate="%{label}<br>%{percent:.2%}", hole=0.35)
    else:
        horizontal = chart.kind == "bar"
        for i, series in enumerate(chart.series):
            values = series.values
            fig.add_bar(
                name=series.name, marker_color=PALETTE[i % len(PALETTE)], orientation="h" if horizontal else "v",
                x=values if horizontal else chart.categories, y=chart.categories if horizontal else values,
                text=[f"{v:,.2f}" if chart.unit == "万元" else f"{v:g}" for v in values], textposition="outside",
                cliponaxis=False,
            )
        value_axis = dict(title_text=chart.unit, title_standoff=14, rangemode="tozero", gridcolor="#e3e3e3", automargin=True)
        if horizontal:
            fig.update_xaxes(**value_axis)
            fig.update_yaxes(autorange="reversed", automargin=True)  # first category on top, labels in view
        else:
            fig.update_yaxes(**value_axis)
            fig.update_xaxes(automargin=True)
    fig.update_layout(
        title_text=title or chart.title, font=dict(family=FONT_FAMILY, size=18, color="#1b1b1b"),
        paper_bgcolor="white", plot_bgcolor="white", barmode="group", showlegend=len(chart.series) > 1 or chart.kind == "pie",
        legend=dict(orientation="h", yanchor="top", y=-0.12), margin=dict(l=40, r=40, t=80, b=60),
    )
    return fig


def _use_system_browser() -> None:
    browser = find_chromium()
    if browser is None:
        raise ImageUnavailable("本机未安装Chromium浏览器，无法生成图表图片。可在图表右上角的工具栏中“下载为PNG”，或安装chromium后重试。")
    os.environ.setdefault("BROWSER_PATH", browser)


def image_bytes(fig: go.Figure, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """One figure as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    _use_system_browser()
    try:
        return fig.to_image(format=fmt, width=width, height=height, scale=SCALE if fmt == "png" else 1)
    except Exception as err:  # kaleido raises several kinds; the user needs one message
        raise ImageUnavailable(f"图表图片生成失败（{type(err).__name__}）。请稍后重试，或在图表工具栏中下载。") from err


def slide_images(slides: list[Slide], fmt: str = "png") -> dict[str, bytes]:
    """Every slide chart as an image, named '<slide key>.<fmt>', rendered in one browser session."""
    charted = [s for s in slides if s.chart is not None]
    if not charted:
        return {}
    _use_system_browser()
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{s.key}.{fmt}" for s in charted]
        try:
            pio.write_images(
                fig=[figure_for(s.chart, s.title) for s in charted], file=paths, format=fmt,
                width=WIDTH, height=HEIGHT, scale=SCALE if fmt == "png" else 1,
            )
        except Exception as err:
            raise ImageUnavailable(f"图表图片生成失败（{type(err).__name__}）。") from err
        return {p.name: p.read_bytes() for p in paths}

"""The overview's short paragraph in plain Chinese, written from the numbers."""
from __future__ import annotations

from collections import Counter

from juesuan.vocab import SEVERITIES

from .fmt import pct, wan
from .page_data import Headline


def summary_text(unit: str, year: int | None, h: Headline, counts: Counter, main_class: tuple[str, float] | None) -> str:
    when = f"{year}年度" if year else "本年度"
    parts = []
    if h.expenditure_total.known:
        text = f"{when}{unit}本年支出合计{wan(h.expenditure_total.amount)}"
        if h.income_total.known:
            text = f"{when}{unit}本年收入合计{wan(h.income_total.amount)}，本年支出合计{wan(h.expenditure_total.amount)}"
        if h.change.known and h.change.amount:
            word = "增加" if h.change.amount > 0 else "减少"
            text += f"；收支总计较上年{word}{wan(abs(h.change.amount))}"
            if h.change_rate.known:
                text += f"（{pct(abs(h.change_rate.amount))}）"
        parts.append(text + "。")
    if h.basic.known and h.project.known and h.expenditure_total.amount:
        share = h.basic.amount / (h.basic.amount + h.project.amount) * 100 if (h.basic.amount + h.project.amount) else 0
        parts.append(f"其中基本支出{wan(h.basic.amount)}、项目支出{wan(h.project.amount)}，基本支出占{pct(share, 1)}。")
    if main_class:
        parts.append(f"支出最多的功能分类是{main_class[0]}（{wan(main_class[1])}）。")
    if h.gp_budget.known and not h.gp_budget.amount:
        # a completion rate of a zero budget means nothing; the review flags the report's own figure
        parts.append("一般公共预算财政拨款年初预算为0，完成年初预算的比例无从计算。")
    elif h.gp_completion.known:
        rate = h.gp_completion.amount
        judge = "超出年初预算" if rate > 100.005 else "未达到年初预算" if rate < 99.995 else "与年初预算持平"
        parts.append(f"一般公共预算财政拨款支出完成年初预算的{pct(rate)}，{judge}。")
    if h.sangong_actual.known:
        parts.append("本年度无三公经费支出。" if not h.sangong_actual.amount
                     else f"三公经费支出{wan(h.sangong_actual.amount)}。")
    total = sum(counts.values())
    if total:
        detail = "、".join(f"{s}{counts[s]}条" for s in SEVERITIES if counts.get(s))
        parts.append(f"自动审核发现{total}条问题（{detail}），请在“审核发现”页逐条核对。")
    else:
        parts.append("自动审核未发现数字不一致。")
    return "".join(parts)

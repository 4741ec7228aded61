"""The overview's words for a leader: one sentence from the numbers, and each problem in a line."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from juesuan.review import SAID_IN
from juesuan.vocab import ERROR, SEVERITIES

from .fmt import pct, wan
from .page_data import Headline, Value

MAX_PROBLEM_CHARS = 60  # two lines beside the chart on a projector
_SENTENCE_END = re.compile(r"[。；]")
_ASIDE = re.compile(r"（[^（）\d]*）")  # which section, which rule (an aside with a number is data: kept)



def lead_sentence(year: int | None, h: Headline, problems: Mapping[str, int],
                  mark: Callable[[Value], str] = lambda v: "") -> str:
    """'2024年度本年支出272.93 万元，收支总计较上年减少49.24%，一般公共预算支出完成年初预算的94.28%；
    自动审核发现14个问题，其中错误2个。' — only what the report states; `mark` adds the
    disputed-number marker after a number the review disputes."""
    when = f"{year}年度" if year else "本年度"
    parts = []
    if h.expenditure_total.known:
        parts.append(f"本年支出{wan(h.expenditure_total.amount)}{mark(h.expenditure_total)}")
    if h.change.known and h.change.amount:
        word = "增加" if h.change.amount > 0 else "减少"
        size = pct(abs(h.change_rate.amount)) if h.change_rate.known else wan(abs(h.change.amount))
        parts.append(f"收支总计较上年{word}{size}{mark(h.change_rate if h.change_rate.known else h.change)}")
    if h.gp_budget.known and not h.gp_budget.amount:
        parts.append("一般公共预算年初预算为0，完成率无从计算")
    elif h.gp_completion.known:
        parts.append(f"一般公共预算支出完成年初预算的{pct(h.gp_completion.amount)}{mark(h.gp_completion)}")
    total = sum(problems.values())
    review = f"自动审核发现{total}个问题" if total else "自动审核未发现数字不一致"
    if problems.get(ERROR):
        review += f"，其中{ERROR}{problems[ERROR]}个"
    elif total:
        review += "（" + "、".join(f"{s}{problems[s]}个" for s in SEVERITIES if problems.get(s)) + "）"
    return when + ("，".join(parts) + "；" if parts else "") + review + "。"


def problem_line(message: str) -> str:
    """A finding's first sentence (what disagrees, with both amounts), without the advice that
    follows and without asides naming sections; a long one keeps what follows its rule's name
    (the two figures), cut at punctuation when still long."""
    first = SAID_IN.sub("", _ASIDE.sub("", _SENTENCE_END.split(message, 1)[0]))
    if len(first) > MAX_PROBLEM_CHARS and "：" in first:  # the figures that disagree say more than the rule's name
        first = first.split("：", 1)[1]
    if len(first) <= MAX_PROBLEM_CHARS:
        return first
    cut = max(first.rfind(p, 0, MAX_PROBLEM_CHARS) for p in "，、：")
    return first[: cut if cut > MAX_PROBLEM_CHARS // 2 else MAX_PROBLEM_CHARS] + "……"

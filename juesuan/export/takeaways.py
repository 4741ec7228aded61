"""One-line Chinese takeaways written from the numbers, and the number formats they use.

Shared by the PowerPoint deck, the one-page brief and the presentation page, so a
meeting sees the same sentence on every medium. Every function takes plain numbers
(amounts already in 万元) and returns one short sentence, or "" when there is nothing
to say.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

Number = float | int | Decimal


def wan(value: Number | None) -> str:
    """'1,234.56万元' — the unit written without a space, as the reports do."""
    return "—" if value is None else f"{float(value):,.2f}万元"


def pct(value: Number | None) -> str:
    return "—" if value is None else f"{float(value):.2f}%"


def share(part: Number, whole: Number) -> float | None:
    """part ÷ whole in percent, or None where the whole is zero."""
    return float(part) / float(whole) * 100 if whole else None


def largest_share(labels: Sequence[str], values: Sequence[Number]) -> str:
    """'一般公共服务支出占84.06%': the largest part's share of the sum of the parts."""
    total = sum(float(v) for v in values)
    if not labels or not total:
        return ""
    label, value = max(zip(labels, values), key=lambda lv: float(lv[1]))
    return f"{label}占{pct(share(value, total))}"


def split(first: str, a: Number, second: str, b: Number) -> str:
    """'基本支出136.04万元（49.84%），项目支出136.89万元（50.16%）'."""
    total = float(a) + float(b)
    if not total:
        return ""
    return f"{first}{wan(a)}（{pct(share(a, total))}），{second}{wan(b)}（{pct(share(b, total))}）"


def change(subject: str, delta: Number, rate: Number | None = None) -> str:
    """'收支总计较上年减少264.73万元（下降49.24%）'; '…与上年持平'."""
    d = float(delta)
    if d == 0:
        return f"{subject}与上年持平"
    verb, rate_word = ("增加", "增长") if d > 0 else ("减少", "下降")
    text = f"{subject}较上年{verb}{wan(abs(d))}"
    return text + (f"（{rate_word}{pct(abs(float(rate)))}）" if rate is not None else "")


def completion(subject: str, rate: Number | None) -> str:
    """'一般公共预算支出完成年初预算的94.28%'."""
    return f"{subject}完成年初预算的{pct(rate)}" if rate is not None else ""


def widest_gap(labels: Sequence[str], rates: Sequence[Number | None]) -> str:
    """The item whose completion rate is furthest from 100%: '住房保障支出完成率127.57%'."""
    known = [(label, float(r)) for label, r in zip(labels, rates) if r is not None]
    if not known:
        return ""
    label, rate = max(known, key=lambda lr: abs(lr[1] - 100))
    return f"{label}完成率{pct(rate)}"


def sangong(actual: Number | None, budget: Number | None) -> str:
    """“三公”经费: the outturn against the budget, or that there was none."""
    if not actual:
        return "本年度“三公”经费支出为0"
    text = f"“三公”经费决算{wan(actual)}"
    if budget:
        gap = float(budget) - float(actual)
        text += f"，为预算的{pct(share(actual, budget))}"
        if gap > 0:
            text += f"，比预算节约{wan(gap)}"
    return text


def project(rate: Number | None, score: Number | None, grade: str | None) -> str:
    """'预算执行率76.00%，自评得分97.6分，等级“优”'."""
    parts = []
    if rate is not None:
        parts.append(f"预算执行率{pct(rate)}")
    if score is not None:
        parts.append(f"自评得分{float(score):g}分")
    if grade:
        parts.append(f"等级“{grade}”")
    return "，".join(parts)


def findings(counts: dict[str, int]) -> str:
    """'自动审核发现5个问题，其中错误2个' (or '…（警告3个、提示1个）') from severity → problems."""
    total = sum(counts.values())
    if not total:
        return "自动审核未发现问题"
    first = next(s for s, n in counts.items() if n)
    if first == next(iter(counts)):  # the most serious severity has problems: name it
        return f"自动审核发现{total}个问题，其中{first}{counts[first]}个"
    return f"自动审核发现{total}个问题（" + "、".join(f"{s}{n}个" for s, n in counts.items() if n) + "）"

"""跨年: the changes this year's prose states against the same unit's report of last year."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import keys
from ..model import StatedFigure
from .engine import Context, Finding, NotApplicable, fmt, percent, rule
from .function_classes import code_names
from .rules_narrative import table_value_for

# The amount a subject's 较上年增减 is the change of, in order of preference.
_CURRENT = ("决算", "支出", "收入总计", "支出总计", "合计", "总额", "本年收入合计", "本年支出合计")


def _current(ctx: Context, subject: str) -> StatedFigure | None:
    for measure in _CURRENT:
        fig = ctx.figure(subject, measure)
        if fig is not None:
            return fig
    return None


def _last_year(prev: Context, cur: StatedFigure) -> tuple[Decimal, int | None] | None:
    """Last year's value of the quantity `cur` states: its own statement, else its table."""
    fig = prev.figure(cur.subject, cur.measure)
    if fig is not None:
        return fig.value, fig.page
    found = table_value_for(prev, cur, code_names(prev.report))
    if found is None or keys.is_no_data(found[0]):
        return None
    return found[1], prev.page(keys.summands(found[0])[0])


@rule("跨年.较上年", "跨年", "较上年增减额＝本年数−上年报告中的数")
def check_previous_year(ctx: Context) -> Iterator[Finding]:
    if ctx.previous is None:
        raise NotApplicable("未提供上年报告")
    year, prev_year = ctx.report.header.year, ctx.previous.header.year
    if year and prev_year and prev_year != year - 1:
        raise NotApplicable(f"所给上年报告为{prev_year}年，不是上一年度")
    ctx.need_figures()
    prev = Context(ctx.previous)
    for fig in ctx.report.figures:
        if fig.measure != "较上年增减":
            continue
        cur = _current(ctx, fig.subject)
        last = _last_year(prev, cur) if cur is not None else None
        if last is None:
            ctx.gap(f"上年报告中未找到{fig.subject}")
            continue
        last_value, last_page = last
        implied = cur.value - fig.value
        ctx.ran()
        severity = ctx.amount_severity(implied, last_value, 2)
        if severity is None:
            continue
        right = cur.value - last_value
        rate = f"（{percent(right, last_value)}%）" if last_value else ""
        where = f"（第{last_page}页）" if last_page else ""
        yield ctx.finding(severity,
                          f"{fig.subject}较上年增减{fmt(fig.value)}万元，推得上年数为{fmt(implied)}，"
                          f"但上年报告为{fmt(last_value)}{where}，应为{'增加' if right >= 0 else '减少'}"
                          f"{fmt(abs(right))}万元{rate}",
                          [fig.key, cur.key], {"推得上年数": implied, "上年报告": last_value,
                                               "差额": implied - last_value}, [fig.page])

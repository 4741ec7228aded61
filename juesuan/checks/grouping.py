"""One problem, one finding: the knock-on findings of one wrong figure follow its primary.

A figure printed wrong disagrees with everything it is compared to: 公开05 208 printed
35.97 instead of 35.79 breaks 208 = Σ款, 合计 = Σ类, 公开04 = 公开05, 公开03 ≥ 公开05 and the
narrative. Those findings share the figure; the one that most findings share is the root,
the first of its findings that is about the figure itself (then by family) is the primary,
 and the others name it as their `group`. Where the figure's counterparts all agree on another value, the primary names the
figure as the one to correct.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import keys
from ..vocab import ERROR, WARNING
from .engine import FAMILIES, Finding, fmt

_FAMILY_ORDER = {f: i for i, f in enumerate(FAMILIES)}


def figure_of(key: str) -> str:
    """The printed figure a fact key belongs to: a table row (its columns are one line of
    print, one typo), or the narrative statement itself."""
    if key.startswith("公开"):
        parts = keys.parts(key)
        # a two-sided table's row is side + label (公开01.支出.交通运输支出)
        return keys.leading(key, 3 if len(parts) > 2 and parts[1] in ("收入", "支出") else 2)
    return key


def _other_side(f: Finding, figure: str) -> Decimal | None:
    """The value the finding sets against the figure, when it compares the figure with one
    other source (figure first, or the second of exactly two figures)."""
    left, right = f.values.get("左"), f.values.get("右")
    if not f.facts or not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
        return None
    figures = list(dict.fromkeys(figure_of(k) for k in f.facts))
    if figures[0] == figure:
        return Decimal(str(right))
    if len(figures) == 2 and figures[1] == figure:
        return Decimal(str(left))
    return None


def group_findings(findings: list[Finding], describe: Callable[[str], str]) -> None:
    """Set `group` on knock-on findings and say on each primary what follows from it."""
    open_ = [f for f in findings if f.severity in (ERROR, WARNING) and f.facts and f.group is None]
    while True:
        by_figure: dict[str, list[Finding]] = {}
        for f in open_:
            for fig in dict.fromkeys(figure_of(k) for k in f.facts):
                by_figure.setdefault(fig, []).append(f)
        figure, members = max(by_figure.items(), key=lambda kv: (len(kv[1]), -len(kv[0])), default=("", []))
        if len(members) < 2:
            return
        # the primary is a finding about the figure itself (it names the figure first)
        members.sort(key=lambda f: (figure_of(f.facts[0]) != figure, _FAMILY_ORDER.get(f.family, 99),
                                    f.severity != ERROR, len(f.facts)))
        primary, followers = members[0], members[1:]
        for f in followers:
            f.group = primary.id
        primary.message += _root_note(figure, members, describe) + f"（另有{len(followers)}处因此不一致）"
        open_ = [f for f in open_ if f not in members]


def _root_note(figure: str, members: list[Finding], describe: Callable[[str], str]) -> str:
    """'…与其他3处不一致，应更正…' when at least two counterparts agree on one value."""
    others = [v for v in (_other_side(f, figure) for f in members) if v is not None]
    key = next((k for f in members for k in f.facts if figure_of(k) == figure), figure)
    if len(others) < 2 or len(set(others)) != 1:
        return ""
    return f"。{describe(key)}与其他{len(others)}处均不一致（它们一致为{fmt(others[0])}），应更正的是这一处"

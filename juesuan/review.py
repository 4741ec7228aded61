"""The review as a meeting reads it: the problems worth naming first, and the numbers they dispute.

Every surface that shows a number — the pages, the deck, the brief, the workbook — asks
`Disputes.of(keys)` whether the review disputes it, and shows the same marker and the same
note ("与公开03表“合计”行“合计”栏不一致，见审核发现"). A figure is disputed by a problem of
severity 错误 or 警告 that names one of its fact keys; a 提示 (a rounding difference the
report need not correct) marks nothing as disputed, and neither does a knock-on finding (a
sum that breaks because one of its parts is wrong does not dispute the other parts).

Findings come as juesuan.checks Finding objects or as their dicts (the library stores
dicts); `as_findings` makes them one kind.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .checks import CheckResult, Finding, restored
from .decisions import Reviews
from .vocab import ERROR, SEVERITY_ORDER, WARNING

DISPUTING = (ERROR, WARNING)
DISPUTED_MARK = "※"  # drawn beside a disputed number on every surface (present in every CJK font)
SEE_FINDINGS = "见审核发现"
MAX_NAMED = 2  # counterparts named in a note; more are summed up as 等N处
# '情况说明“（一）一般公共预算财政拨款支出决算总体情况”所写的…': which section said it — a note
# and a one-line problem leave it out (the findings page keeps it)
SAID_IN = re.compile(r"“[^“”]*”(?=所写的)")


def as_findings(findings: Iterable[Any]) -> list[Finding]:
    """Finding objects, whatever came in (objects, or the dicts `Finding.to_dict` writes)."""
    return [f if isinstance(f, Finding) else restored(Finding, {"rule": "", "family": "", **f}) for f in findings]


def ranked_problems(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per problem (knock-on findings follow their primary), most serious first;
    within a severity, problems that break more other figures first, then in the review's order."""
    result = CheckResult(list(findings))
    followers = {f.id: len(result.followers(f)) for f in result.problems}
    order = {f.id: i for i, f in enumerate(result.problems)}
    return sorted(result.problems, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), -followers[f.id], order[f.id]))


def problem_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Problems by severity (each problem counted once, its knock-on findings not)."""
    return CheckResult(list(findings)).problem_counts()


def standing_counts(findings: Iterable[Any], reviews: Reviews) -> dict[str, int]:
    """The problems standing, by severity: what 概览, the sidebar, the library's entry counts
    (the picker, 对比分析, the import summary) all count — each problem once, its knock-on
    findings not, and a finding a reviewer dismissed not at all. `findings` are all the stored
    ones (objects or dicts), dismissed ones included."""
    return problem_counts(as_findings(reviews.active(findings)))


def followers(findings: Sequence[Finding], primary: Finding) -> list[Finding]:
    return CheckResult(list(findings)).followers(primary)


def where(finding: Finding) -> str:
    """'（第3、5页）', or '' for a finding without pages."""
    return f"（第{'、'.join(str(p) for p in finding.pages)}页）" if finding.pages else ""


@dataclass(frozen=True)
class Dispute:
    finding: str  # the id of the finding that disputes the number (links use it)
    severity: str
    note: str  # '与…不一致，见审核发现'

    @property
    def marked(self) -> str:
        """The marker and the note, as a footnote line: '※ 与…不一致，见审核发现'."""
        return f"{DISPUTED_MARK} {self.note}"


class Disputes:
    """Which numbers the review disputes, and how to say so. `name` turns a fact key into the
    figure's name in words (juesuan.checks.names.FactNames of the report)."""

    def __init__(self, findings: Iterable[Any], name: Callable[[str], str]):
        self.findings = [f for f in as_findings(findings) if f.severity in DISPUTING and f.facts and f.group is None]
        self.name = name

    def of(self, keys: Iterable[str]) -> Dispute | None:
        """The most serious problem naming any of `keys`."""
        keys = set(keys)
        involved = [f for f in self.findings if keys & set(f.facts)]
        if not involved:
            return None
        f = min(involved, key=lambda f: SEVERITY_ORDER[f.severity])
        return Dispute(f.id, f.severity, self._note(f, keys))

    def _note(self, f: Finding, keys: set[str]) -> str:
        computed = f.values.get("计算")
        if isinstance(computed, (int, float)) and not isinstance(computed, bool):
            unit = "%" if "率" in f.facts[0] or "占比" in f.facts[0] else ""
            return f"与按报告数字算得的{computed:g}{unit}不一致，{SEE_FINDINGS}"
        others = list(dict.fromkeys(SAID_IN.sub("", self.name(k)) for k in f.facts if k not in keys))
        if not others:
            return f"审核对此数有疑问，{SEE_FINDINGS}"
        named = "、".join(others[:MAX_NAMED]) + (f"等{len(others)}处" if len(others) > MAX_NAMED else "")
        return f"与{named}不一致，{SEE_FINDINGS}"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def difference(f: Finding) -> float | None:
    """The gap a finding reports, as a number: its 差额, else first minus second of the two
    figures it compares; None for a finding that compares no two numbers."""
    stated = _number(f.values.get("差额"))
    if stated is not None:
        return stated
    numbers = [n for n in map(_number, f.values.values()) if n is not None]
    return round(numbers[0] - numbers[1], 2) if len(numbers) == 2 else None

"""Review checks (勾稽关系审核): every number that must agree, checked with its evidence.

    from juesuan.checks import run_checks
    result = run_checks(report)            # or run_checks(report, previous=last_year)
    result.findings                       # list[Finding]: rule, family, severity, message, facts, values, pages
    result.coverage                       # list[RuleOutcome]: every rule's outcome for this report
    result.to_json(); result.format_text()
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Report
from . import rules_cross, rules_items, rules_narrative, rules_perf, rules_prose, rules_tables, rules_yoy  # noqa: F401  (register rules)
from .engine import (
    ERROR,
    FAMILIES,
    FOUND,
    NOT_APPLICABLE,
    NOT_RUN,
    NOTE,
    PASSED,
    RULES,
    SEVERITY_ORDER,
    WARNING,
    Context,
    Finding,
    RuleOutcome,
    run_rule,
)
from .format import format_text

__all__ = ["run_checks", "CheckResult", "Finding", "RuleOutcome", "RULES", "FAMILIES",
           "ERROR", "WARNING", "NOTE", "PASSED", "FOUND", "NOT_APPLICABLE", "NOT_RUN"]


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    coverage: list[RuleOutcome] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def count(self, status: str) -> int:
        return sum(1 for c in self.coverage if c.status == status)

    def to_json(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings],
                "coverage": [c.to_dict() for c in self.coverage]}

    def format_text(self) -> str:
        return format_text(self)


def run_checks(report: Report, previous: Report | None = None) -> CheckResult:
    """Run every rule on a parsed report (and, for 跨年, the same unit's prior-year report)."""
    ctx = Context(report, previous)
    result = CheckResult()
    for r in RULES:
        findings, outcome = run_rule(r, ctx)
        result.findings.extend(findings)
        result.coverage.append(outcome)
    result.findings = _merge_repeats(result.findings)
    family_order = {f: i for i, f in enumerate(FAMILIES)}
    result.findings.sort(key=lambda f: (family_order.get(f.family, 99), SEVERITY_ORDER[f.severity], f.rule))
    return result


def _merge_repeats(findings: list[Finding]) -> list[Finding]:
    """One finding per disagreement: the same figure restated in two sections is one problem."""
    out: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.rule, f.severity, tuple(f.facts), tuple(sorted(map(str, f.values.items())))) if f.facts \
            else (f.rule, f.severity, f.message)
        if key in out:
            out[key].pages = sorted(set(out[key].pages) | set(f.pages))
        else:
            out[key] = f
    return list(out.values())

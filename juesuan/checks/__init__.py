"""Review checks (勾稽关系审核): every number that must agree, checked with its evidence.

    from juesuan.checks import run_checks
    result = run_checks(report)            # or run_checks(report, previous=last_year)
    result.findings                       # list[Finding]: rule, family, severity, message, facts, values, pages
    result.coverage                       # list[RuleOutcome]: every rule's outcome for this report
    result.problems                       # the findings that are problems of their own (group is None)
    result.to_json(); result.format_text()
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..model import Report
from . import (  # noqa: F401  (register the rules)
    rules_cross,
    rules_document,
    rules_items,
    rules_narrative,
    rules_perf,
    rules_prose,
    rules_tables,
    rules_yoy,
)
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
    finding_id,
    run_rule,
)
from .format import format_text
from .grouping import group_findings
from .rules_document import UNFILLED_TEMPLATE

__all__ = ["run_checks", "CheckResult", "Finding", "RuleOutcome", "RULES", "FAMILIES", "restored",
           "ERROR", "WARNING", "NOTE", "PASSED", "FOUND", "NOT_APPLICABLE", "NOT_RUN"]


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    coverage: list[RuleOutcome] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def problems(self) -> list[Finding]:
        """One finding per problem: the primaries and the findings that stand alone."""
        return [f for f in self.findings if f.group is None]

    def problem_counts(self) -> dict[str, int]:
        """Problems by severity (a knock-on finding is not another problem)."""
        return {s: sum(1 for f in self.problems if f.severity == s) for s in SEVERITY_ORDER}

    def finding_counts(self) -> dict[str, int]:
        """Findings (rows) by severity, knock-on findings included."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITY_ORDER}

    def followers(self, finding: Finding) -> list[Finding]:
        """The knock-on findings of a primary finding."""
        return [f for f in self.findings if f.group == finding.id]

    def count(self, status: str) -> int:
        return sum(1 for c in self.coverage if c.status == status)

    def to_json(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings],
                "coverage": [c.to_dict() for c in self.coverage]}

    def format_text(self) -> str:
        return format_text(self)


def restored(cls, data: dict):
    """A Finding or RuleOutcome back from its stored dict; fields the current code does not
    know (a dict stored by older checks) are left aside."""
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    return cls(**{k: v for k, v in data.items() if k in names})


def run_checks(report: Report, previous: Report | None = None) -> CheckResult:
    """Run every rule on a parsed report (and, for 跨年, the same unit's prior-year report).

    An unfilled template gets one finding that says so; its other checks do not run."""
    ctx = Context(report, previous)
    result = CheckResult()
    template = next(r for r in RULES if r.id == UNFILLED_TEMPLATE)
    findings, template_outcome = run_rule(template, ctx)
    if findings:
        result.findings = findings
        result.coverage = [template_outcome] + [RuleOutcome(r.id, r.family, r.title, NOT_RUN, "报告是未填写数字的模板")
                                       for r in RULES if r is not template]
    else:
        for r in RULES:
            findings, outcome = run_rule(r, ctx) if r is not template else ([], template_outcome)
            result.findings.extend(findings)
            result.coverage.append(outcome)
    result.findings = _merge_repeats(result.findings)
    _assign_ids(result.findings)
    family_order = {f: i for i, f in enumerate(FAMILIES)}
    result.findings.sort(key=lambda f: (family_order.get(f.family, 99), SEVERITY_ORDER[f.severity], f.rule))
    group_findings(result.findings, ctx.names)
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


def _assign_ids(findings: list[Finding]) -> None:
    """Stable ids; two findings that would share one are told apart by their order within it."""
    seen: dict[str, int] = {}
    for f in findings:
        base = finding_id(f)
        seen[base] = seen.get(base, 0) + 1
        f.id = base if seen[base] == 1 else f"{base}-{seen[base]}"

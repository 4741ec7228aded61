"""Chinese text for reviewers: findings grouped by family, then what ran and what could not."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .engine import ERROR, FAMILIES, FOUND, NOT_APPLICABLE, NOT_RUN, NOTE, PASSED, WARNING

if TYPE_CHECKING:
    from . import CheckResult

FAMILY_NAMES = {"表内": "表内勾稽", "表表": "表间勾稽", "表文": "表与文字", "文内": "文字内部",
                "文档": "文档一致性", "绩效": "绩效自评表", "文字": "文字错误", "跨年": "与上年报告"}


def _pages(pages: list[int]) -> str:
    return f"（第{'、'.join(map(str, pages))}页）" if pages else ""


def summary(result: CheckResult) -> str:
    """One line: problems by severity (with the findings they span), how many checks ran and
    how many could not."""
    problems, rows = result.problem_counts(), len(result.findings)
    ran = result.count(PASSED) + result.count(FOUND)
    not_run = result.count(NOT_RUN)
    if not ran:
        head = "没有一项检查能够运行（报告内容未能解析）"
    elif not result.findings:
        head = f"已运行的{ran}项检查未发现问题"
    else:
        head = f"发现问题{sum(problems.values())}个：{ERROR}{problems[ERROR]}个、{WARNING}{problems[WARNING]}个、{NOTE}{problems[NOTE]}个"
        if rows != sum(problems.values()):
            head += f"（共{rows}条发现，其中{rows - sum(problems.values())}条是前述问题引起的连带不一致）"
    return (f"{head}；共{len(result.coverage)}项检查，运行{ran}项，不适用{result.count(NOT_APPLICABLE)}项，"
            f"无法运行{not_run}项")


def format_text(result: CheckResult) -> str:
    lines = [summary(result), ""]
    for family in FAMILIES:
        found = [f for f in result.problems if f.family == family]
        if not found:
            continue
        lines.append(f"【{family}】{FAMILY_NAMES[family]}（{len(found)}个问题）")
        for f in found:
            lines.append(f"  [{f.severity}] {f.message}{_pages(f.pages)}  〔{f.rule}〕")
            for k in result.followers(f):
                lines.append(f"      └ 连带：[{k.severity}] {k.message}{_pages(k.pages)}  〔{k.rule}〕")
        lines.append("")
    for status in (NOT_RUN, NOT_APPLICABLE):
        outcomes = [c for c in result.coverage if c.status == status]
        if outcomes:
            lines.append(f"{status}的检查（{len(outcomes)}项）：")
            lines.extend(f"  {c.title}〔{c.rule}〕：{c.reason}" for c in outcomes)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def catalogue() -> str:
    """The rule catalogue by family: what each check compares, and where its code lives."""
    from .engine import RULES

    lines = []
    for family in FAMILIES:
        rules = [r for r in RULES if r.family == family]
        lines.append(f"【{family}】{FAMILY_NAMES[family]}（{len(rules)}项）")
        lines.extend(f"  {r.id}：{r.title}  〔{r.where}〕" for r in rules)
    return "\n".join(lines) + "\n"

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
    """One line: findings by severity, with how many checks ran and how many could not."""
    sev = {s: sum(1 for f in result.findings if f.severity == s) for s in (ERROR, WARNING, NOTE)}
    ran = result.count(PASSED) + result.count(FOUND)
    not_run = result.count(NOT_RUN)
    if not ran:
        head = "没有一项检查能够运行（报告内容未能解析）"
    elif not result.findings:
        head = f"已运行的{ran}项检查未发现问题"
    else:
        head = f"发现{ERROR}{sev[ERROR]}项、{WARNING}{sev[WARNING]}项、{NOTE}{sev[NOTE]}项"
    return (f"{head}；共{len(result.coverage)}项检查，运行{ran}项，不适用{result.count(NOT_APPLICABLE)}项，"
            f"无法运行{not_run}项")


def format_text(result: CheckResult) -> str:
    lines = [summary(result), ""]
    for family in FAMILIES:
        found = [f for f in result.findings if f.family == family]
        if not found:
            continue
        lines.append(f"【{family}】{FAMILY_NAMES[family]}（{len(found)}项）")
        for f in found:
            lines.append(f"  [{f.severity}] {f.message}{_pages(f.pages)}  〔{f.rule}〕")
        lines.append("")
    not_run = [c for c in result.coverage if c.status == NOT_RUN]
    if not_run:
        lines.append(f"无法运行的检查（{len(not_run)}项）：")
        lines.extend(f"  {c.title}〔{c.rule}〕：{c.reason}" for c in not_run)
    return "\n".join(lines).rstrip() + "\n"


def catalogue() -> str:
    """The rule catalogue by family: what each check compares."""
    from .engine import RULES

    lines = []
    for family in FAMILIES:
        rules = [r for r in RULES if r.family == family]
        lines.append(f"【{family}】{FAMILY_NAMES[family]}（{len(rules)}项）")
        lines.extend(f"  {r.id}：{r.title}" for r in rules)
    return "\n".join(lines) + "\n"

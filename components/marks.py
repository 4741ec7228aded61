"""Findings ↔ the numbers they involve.

A finding (juesuan.checks.Finding) names the fact keys it involves; every number a page
shows carries fact keys too (components.page_data.Value), so the page can colour it with
the worst severity among its findings and link to them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.vocab import SEVERITIES


@dataclass(frozen=True)
class Mark:
    severity: str
    ids: tuple[int, ...]  # indexes of the findings in the result's list
    messages: tuple[str, ...]


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


class FindingIndex:
    def __init__(self, findings: Sequence[Any]):
        self.findings = list(findings)
        self._by_key: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(self.findings):
            for key in getattr(f, "facts", None) or ():
                self._by_key[key].append(i)

    def mark(self, keys: Iterable[str]) -> Mark | None:
        ids = sorted({i for k in keys for i in self._by_key.get(k, ())})
        if not ids:
            return None
        worst = min((self.findings[i].severity for i in ids), key=severity_rank)
        return Mark(worst, tuple(ids), tuple(self.findings[i].message for i in ids))

    def counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)


def finding_values(finding: Any) -> list[tuple[str, Any]]:
    """The values a finding compares, as (label, value) pairs, whatever container holds them."""
    values = getattr(finding, "values", None)
    if not values:
        return []
    if isinstance(values, dict):
        return list(values.items())
    facts = list(getattr(finding, "facts", None) or ())
    return [(facts[i] if i < len(facts) else f"值{i + 1}", v) for i, v in enumerate(values)]


def _as_float(value: Any) -> float | None:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    return None


def finding_difference(finding: Any) -> float | None:
    """The gap between the two sides of a finding that compares exactly two numbers."""
    numbers = [_as_float(v) for _, v in finding_values(finding)]
    numbers = [n for n in numbers if n is not None]
    if len(numbers) != 2:
        return None
    return round(numbers[0] - numbers[1], 2)

"""Findings ↔ the numbers they involve.

A finding (juesuan.checks.Finding) names the fact keys it involves; every number a page
shows carries fact keys too (components.page_data.Value), so the page can colour it with
the worst severity among its findings and link to them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from juesuan.vocab import SEVERITIES


@dataclass(frozen=True)
class Mark:
    severity: str
    ids: tuple[str, ...]  # the findings' stable ids (links carry these, never a list position)
    messages: tuple[str, ...]


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


class FindingIndex:
    def __init__(self, findings: Sequence[Any]):
        self.findings = list(findings)
        self._by_key: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(self.findings):
            if getattr(f, "group", None) is not None:
                continue  # a knock-on finding marks nothing: a sum broken by one wrong part does not mark the others
            for key in getattr(f, "facts", None) or ():
                self._by_key[key].append(i)

    def mark(self, keys: Iterable[str]) -> Mark | None:
        found = sorted({i for k in keys for i in self._by_key.get(k, ())})
        if not found:
            return None
        worst = min((self.findings[i].severity for i in found), key=severity_rank)
        return Mark(worst, tuple(self.findings[i].id for i in found), tuple(self.findings[i].message for i in found))

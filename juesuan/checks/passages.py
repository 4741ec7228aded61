"""Pure text helpers for the prose rules: the report's paragraphs as reviewers read them."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Report

_SPACE = re.compile(r"\s+")


@dataclass
class Passage:
    text: str  # whitespace removed: PDF lines break inside numbers and words
    page: int | None
    section: str
    part: str


def passages(report: Report, parts: tuple[str, ...] | None = None) -> Iterator[Passage]:
    for section in report.sections:
        if parts is not None and section.part not in parts:
            continue
        for p in section.paragraphs:
            text = _SPACE.sub("", p.text or "")
            if text:
                yield Passage(text, p.page, section.title, section.part)


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,；;。、]", text) if c]


def levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Edit distance, giving up (returning limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def quote(text: str, start: int, end: int, pad: int = 12) -> str:
    return text[max(0, start - pad): end + pad]


def sections_text(report: Report, part: str = "情况说明") -> dict[str, tuple[str, list[tuple[int, int | None]]]]:
    """Each section's prose as one text, with (offset, page) where each paragraph starts."""
    texts: dict[str, list[str]] = {}
    starts: dict[str, list[tuple[int, int | None]]] = {}
    lengths: dict[str, int] = {}
    for p in passages(report, (part,)):  # joined once at the end: growing one string is quadratic
        starts.setdefault(p.section, []).append((lengths.get(p.section, 0), p.page))
        texts.setdefault(p.section, []).append(p.text)
        lengths[p.section] = lengths.get(p.section, 0) + len(p.text)
    return {section: ("".join(parts), starts[section]) for section, parts in texts.items()}


def page_at(starts: list[tuple[int, int | None]], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset, key=lambda s: s[0])
    return starts[i - 1][1] if i else None

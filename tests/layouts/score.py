"""The parser on a variant: every rendered cell read right, read wrong, missing, or in a
table the parser marked unreliable; and the facts it invented."""
from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.facts import report_facts
from juesuan.parse import ReportError, parse_report

from .document import Variant

_NOT_TABLES = ("说明.", "绩效.")
_COUNTED = ("right", "wrong", "misplaced", "missing", "unreliable_cells", "extra", "extra_in_reliable", "missing_tables")


@dataclass
class VariantScore:
    variant: Variant
    right: list[str] = field(default_factory=list)
    # (key, expected value, value read) in tables not marked unreliable: the worst failure
    wrong: list[tuple[str, Decimal, object]] = field(default_factory=list)
    misplaced: list[tuple[str, int, object]] = field(default_factory=list)  # (key, expected page, page read)
    missing: list[str] = field(default_factory=list)  # not read at all, table not marked unreliable
    unreliable_cells: list[str] = field(default_factory=list)  # in tables the parser marked unreliable
    extra: list[tuple[str, object]] = field(default_factory=list)  # keys read that were never rendered
    extra_in_reliable: list[tuple[str, object]] = field(default_factory=list)
    missing_tables: list[str] = field(default_factory=list)
    unreliable_tables: dict[str, str] = field(default_factory=dict)
    crash: str | None = None  # the traceback when parsing raised an unexpected exception
    refused: str | None = None  # the parser's message when it refused the file as no report

    @property
    def cells(self) -> int:
        return len(self.variant.expected)


def _same(expected: Decimal, got) -> bool:
    return isinstance(got, (int, float)) and abs(Decimal(str(got)) - expected) < Decimal("0.005")


def score_variant(variant: Variant) -> VariantScore:
    result = VariantScore(variant)
    try:
        report = parse_report(variant.pdf, filename=f"layout-{variant.seed}.pdf")
    except Exception as err:  # a finding, not a test error: every cell counts as not read
        if isinstance(err, ReportError):
            result.refused = str(err)
        else:
            result.crash = traceback.format_exc(limit=4)
        result.missing = list(variant.expected)
        result.missing_tables = list(variant.tables)
        return result
    facts = report_facts(report)
    read = {f["key"]: f for f in facts["facts"] if not f["key"].startswith(_NOT_TABLES)}
    result.unreliable_tables = {u["table"]: u["reason"] for u in facts["unreliable"]}
    result.missing_tables = [t for t in variant.tables if t not in report.tables]
    for key, (value, page) in variant.expected.items():
        got = read.get(key)
        if key.split(".", 1)[0] in result.unreliable_tables:
            result.unreliable_cells.append(key)
        elif got is None:
            result.missing.append(key)
        elif not _same(value, got["value"]):
            result.wrong.append((key, value, got["value"]))
        elif got.get("page") != page:
            result.misplaced.append((key, page, got.get("page")))
        else:
            result.right.append(key)
    for key, fact in read.items():
        if key in variant.expected or variant.is_ambiguous(key):
            continue
        result.extra.append((key, fact["value"]))
        if key.split(".", 1)[0] not in result.unreliable_tables:
            result.extra_in_reliable.append((key, fact["value"]))
    return result


class Tally(Counter):
    """Counts over a set of variants: variants, cells rendered, cells read right, and each
    kind of failure (named as VariantScore's lists: wrong, missing, unreliable_cells …)."""

    def add(self, score: VariantScore) -> None:
        self.update({name: len(getattr(score, name)) for name in _COUNTED})
        self.update(variants=1, cells=score.cells, crashes=score.crash is not None, refused=score.refused is not None)

    @property
    def accuracy(self) -> float:
        """Cells read right (value and page, in a table not marked unreliable) over cells rendered."""
        return self["right"] / self["cells"] if self["cells"] else 1.0


def tally(scores: list[VariantScore]) -> Tally:
    total = Tally()
    for score in scores:
        total.add(score)
    return total

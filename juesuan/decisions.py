"""Review decisions: a reviewer confirms or dismisses a finding, or corrects a value the
parser misread; everyone who opens the report sees it.

    log = library.reviews(entry_id)              # the report version's review log, oldest first
    reviews = Reviews(log)
    reviews.status(finding)                      # 待核实 / 已确认 / 已排除
    report = corrected(report, reviews)          # the model the checks and the pages use

The log is appended to, never rewritten: a later decision on the same finding (or value)
supersedes an earlier one, and the history stays. Two reviewers deciding at once therefore
lose nothing. A decision is on a finding's stable id *and* on what the finding said (its
values): a finding that comes back saying something else — the figures changed in a new
upload, a correction changed the sum — is 待核实 again, never silently judged by an old
decision. A correction keeps the value as read; it is applied only while the report still
reads that value there (a parser that now reads the figure right, or a new file printing
another figure, leaves it aside).
"""
from __future__ import annotations

import copy
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .facts import sources
from .model import Cell, Report, StatedFigure

PENDING, CONFIRMED, DISMISSED = "待核实", "已确认", "已排除"
STATES = (PENDING, CONFIRMED, DISMISSED)
CORRECTED, WITHDRAWN = "已更正", "已撤销"  # a correction, and its withdrawal
FINDING, CORRECTION = "finding", "correction"  # what a log line is about
REVIEWER_ENV = "JUESUAN_REVIEWER"  # who decides, where no name is given


class ReviewError(ValueError):
    """A decision that cannot be taken as asked; `message` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Review:
    """One line of a report version's review log."""

    kind: str  # FINDING or CORRECTION
    subject: str  # the finding's id, or the corrected fact's key
    status: str  # a finding: one of STATES; a correction: CORRECTED or WITHDRAWN
    reason: str
    by: str
    at: datetime
    basis: str = ""  # a finding: the values it stated when judged (JSON)
    value: str | None = None  # a correction: the amount, exact decimal text
    original: str | None = None  # a correction: the text as read
    carried_from: int | None = None  # the version (library entry) the decision was first taken on
    id: int | None = None  # its place in the log (set by the library)


def _field(finding: Any, name: str) -> Any:
    return finding.get(name) if isinstance(finding, dict) else getattr(finding, name, None)


def basis(finding: Any) -> str:
    """What a finding states, as judged: its compared values."""
    return json.dumps(_field(finding, "values") or {}, ensure_ascii=False, sort_keys=True, default=str)


def _now() -> datetime:
    return datetime.now(UTC)


def decide(finding: Any, status: str, reason: str, by: str) -> Review:
    """A decision on a finding: CONFIRMED, DISMISSED (a reason required) or PENDING (taken back)."""
    if status not in STATES:
        raise ReviewError(f"审核结论只能是{'、'.join(STATES)}之一。")
    reason = (reason or "").strip()
    if status == DISMISSED and not reason:
        raise ReviewError("排除一条审核发现须写明理由（例如：口径不同，差额属合理）。")
    return Review(FINDING, _field(finding, "id"), status, reason, by.strip(), _now(), basis=basis(finding))


def amount(text: str) -> Decimal:
    """A corrected amount as typed: '1,234.50', '１２３', '-5' (a ReviewError otherwise)."""
    folded = (text or "").strip().translate(str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")).replace(",", "")
    try:
        value = Decimal(folded)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ReviewError(f"“{text}”不是数字，请填写更正后的数值（例如 236.64）。")
    return value


def correct(report: Report, key: str, value: str, reason: str, by: str) -> Review:
    """A correction of one figure of the report, keeping the text it was read as."""
    read = read_text(report, key)
    if read is None:
        raise ReviewError(f"报告中没有“{key}”这一数字，请按事实清单中的键填写（例如 公开01.收入.本年收入合计）。")
    return Review(CORRECTION, key, CORRECTED, (reason or "").strip(), by.strip(), _now(),
                  value=str(amount(value)), original=read)


def withdraw(key: str, reason: str, by: str) -> Review:
    """Take a correction back: the figure is read as printed again."""
    return Review(CORRECTION, key, WITHDRAWN, (reason or "").strip(), by.strip(), _now())


# --- the figures a correction can reach -------------------------------------------------


def _figures(report: Report) -> dict[str, list[Cell | StatedFigure]]:
    """Fact key → what holds its value: a table or performance cell, or every statement of a
    narrative figure (a restatement misread alike is corrected alike)."""
    found: dict[str, list] = {}
    for key, holder, _page in sources(report):
        found.setdefault(key, []).append(holder)
    return found


def _text_of(holder: Cell | StatedFigure) -> str:
    return holder.text if isinstance(holder, Cell) else str(holder.value)


def read_text(report: Report, key: str) -> str | None:
    """How the report reads a figure (its printed text), or None when it has no such figure."""
    holders = _figures(report).get(key)
    return _text_of(holders[0]) if holders else None


def corrected(report: Report, reviews: Reviews) -> Report:
    """The report with the corrections in force applied (a copy; the report itself is kept as
    read). A correction whose figure no longer reads as it did is left aside."""
    if not reviews.corrections:
        return report
    fixed = copy.deepcopy(report)
    holders = _figures(fixed)
    for review in reviews.corrections:
        for holder in holders.get(review.subject, ()):
            if _text_of(holder) != review.original:
                continue
            holder.value = Decimal(review.value)
            if isinstance(holder, Cell):
                holder.text = review.value
    return fixed


# --- the decisions in force ----------------------------------------------------------------


class Reviews:
    """The decisions in force on one report version, from its log (oldest first)."""

    def __init__(self, log: Iterable[Review] = ()):
        self.log = list(log)
        latest: dict[tuple[str, str], Review] = {}
        for review in self.log:
            latest[(review.kind, review.subject)] = review
        self._decisions = {s: r for (k, s), r in latest.items() if k == FINDING and r.status != PENDING}
        self.corrections = [r for (k, _s), r in latest.items() if k == CORRECTION and r.status == CORRECTED]

    def decision(self, finding: Any) -> Review | None:
        """The decision in force on this finding as it stands, if any."""
        review = self._decisions.get(_field(finding, "id"))
        return review if review is not None and review.basis == basis(finding) else None

    def status(self, finding: Any) -> str:
        review = self.decision(finding)
        return review.status if review else PENDING

    def counts(self, findings: Iterable[Any]) -> dict[str, int]:
        counted = Counter(self.status(f) for f in findings)
        return {state: counted.get(state, 0) for state in STATES}

    def active(self, findings: Iterable[Any]) -> list[Any]:
        """The findings not dismissed: what an export sends."""
        return [f for f in findings if self.status(f) != DISMISSED]

    def correction(self, key: str) -> Review | None:
        return next((r for r in self.corrections if r.subject == key), None)

    def history(self, subject: str) -> list[Review]:
        return [r for r in self.log if r.subject == subject]

    def digest(self) -> str:
        """What the corrections in force change, as a short text: stored findings checked
        with another digest are out of date."""
        if not self.corrections:
            return ""
        text = "|".join(sorted(f"{r.subject}={r.value}<{r.original}" for r in self.corrections))
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --- a new version of the same report -------------------------------------------------------


def carried_corrections(previous: Reviews, previous_id: int, report: Report) -> list[Review]:
    """The previous version's corrections that still apply to a new version: the figure is
    there and still reads as it was corrected from."""
    return [_carried(r, previous_id) for r in previous.corrections if read_text(report, r.subject) == r.original]


def carried_decisions(previous: Reviews, previous_id: int, findings: Sequence[Any]) -> list[Review]:
    """The previous version's decisions on findings the new version states alike."""
    return [_carried(previous.decision(f), previous_id) for f in findings if previous.decision(f) is not None]


def _carried(review: Review, previous_id: int) -> Review:
    return replace(review, id=None, carried_from=review.carried_from or previous_id)

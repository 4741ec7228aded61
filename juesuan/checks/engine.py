"""The rule engine: findings, per-rule outcomes, the rule registry and comparison helpers.

A rule is a function `(ctx) -> Iterable[Finding]` registered with `@rule(...)`; the engine
knows which rule runs, so a rule never names itself again. A rule raises `NotApplicable`
when the report truly lacks what it is about (an empty table, no performance tables) and
`CannotRun` when something it needs was not read, so the coverage can say which checks
actually ran and why the others did not.

The Context hands out the report's amounts and knows where each came from: a cell of a
table the parser could not confirm (`Table.unreliable`) or a printed cell it could not read
(`Cell.unread`) is never compared. A comparison that would need one is skipped with the
reason, a finding that names one is dropped, and a rule left with nothing it could check
reports 无法运行 with that reason — never a 错误 about a number that was not read.
"""
from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from .. import keys
from ..model import Cell, Report, StatedFigure, Table
from ..vocab import ERROR, NOTE, SEVERITY_ORDER, WARNING  # noqa: F401 — re-exported to the rules
from .names import FactNames

FAMILIES = ("表内", "表表", "表文", "文内", "文档", "绩效", "文字", "跨年")

PASSED, FOUND, NOT_APPLICABLE, NOT_RUN = "通过", "发现问题", "不适用", "无法运行"

HUNDRED = Decimal(100)
MIN_ROUNDING_ITEMS, MAX_ROUNDING_ITEMS = 2, 5
CENT = Decimal("0.01")


@dataclass
class Finding:
    rule: str
    family: str
    severity: str
    message: str  # Chinese, for the reviewer
    facts: list[str] = field(default_factory=list)  # fact keys involved (shared/spec/facts.md)
    values: dict[str, float | str] = field(default_factory=dict)  # both sides and the difference
    pages: list[int] = field(default_factory=list)
    id: str = ""  # stable: the rule and what it compares (see finding_id), not a list position
    group: str | None = None  # the id of the primary finding this one follows from, or None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "family": self.family,
            "severity": self.severity,
            "message": self.message,
            "facts": self.facts,
            "values": self.values,
            "pages": self.pages,
            "id": self.id,
            "group": self.group,
        }


def finding_id(f: Finding) -> str:
    """A short hash of the rule and the facts it compares (or, for a text finding, what it
    quotes): the same problem keeps its id when findings are added, removed or reordered."""
    basis = sorted(f.facts) or sorted(f"{k}={v}" for k, v in f.values.items() if isinstance(v, str)) \
        or sorted(f"{k}={v}" for k, v in f.values.items())
    text = "|".join([f.rule, *basis]) + ("" if f.facts else f"|{f.message}")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class RuleOutcome:
    rule: str
    family: str
    title: str
    status: str  # 通过 / 发现问题 / 不适用 / 无法运行
    reason: str = ""  # why not applicable / why it could not run
    findings: int = 0

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "family": self.family,
            "title": self.title,
            "status": self.status,
            "reason": self.reason,
            "findings": self.findings,
        }


class NotApplicable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CannotRun(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Rule:
    id: str
    family: str
    title: str
    func: Callable[[Context], Iterable[Finding | None]]
    absent: str = ""  # why it does not apply when it finds nothing to check (the report lacks it)

    @property
    def where(self) -> str:
        """The module and function the rule lives in."""
        return f"{self.func.__module__}.{self.func.__name__}"


RULES: list[Rule] = []


def rule(rule_id: str, family: str, title: str, absent: str = ""):
    """Register a check. `rule_id` is stable (used in tests and in the JSON). `absent` says
    what the report lacks when the rule finds nothing to check and notes nothing missing."""
    assert family in FAMILIES, family
    assert all(r.id != rule_id for r in RULES), rule_id

    def register(func):
        RULES.append(Rule(rule_id, family, title, func, absent))
        return func

    return register


# ---------------------------------------------------------------------------
# Numbers


def as_number(value: Decimal | int | float | str | None) -> float | str | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def fmt(value: Decimal | None) -> str:
    """An amount as printed (decimals kept, no exponent), or （空） for a blank cell."""
    return "（空）" if value is None else format(value, "f")


def decimals(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


class UsableCells(dict):
    """Fact key → Cell for the amounts that may be compared. Asking for a key whose amount
    was not read tells the running rule why it cannot use it (the key is not 'in' it)."""

    def __init__(self, ctx: Context):
        super().__init__()
        self._ctx = ctx

    def __contains__(self, key) -> bool:
        if dict.__contains__(self, key):
            return True
        self._ctx.note_unusable(key)
        return False

    def get(self, key, default=None):
        return dict.get(self, key, default) if dict.__contains__(self, key) else (
            self._ctx.note_unusable(key) or default)


class Context:
    """The report seen through fact keys, plus what every rule needs to build findings."""

    def __init__(self, report: Report, previous: Report | None = None):
        self.report = report
        self.previous = previous
        self.names = FactNames(report)
        self.rule: Rule | None = None  # the rule running now
        self.cells = UsableCells(self)
        self.unusable: dict[str, str] = {}  # fact key → why its amount cannot be used
        self.unreliable = {t.id: f"{t.id}未能可靠识别：{t.unreliable}" for t in report.tables.values() if t.unreliable}
        for table in report.tables.values():
            for row in table.rows:
                for column, cell in row.cells.items():
                    key = keys.cell(table.id, row.key, column)
                    if cell.page is None and row.page is not None:
                        cell = Cell(cell.text, cell.value, row.page)
                    if table.id in self.unreliable:
                        self.unusable[key] = self.unreliable[table.id]
                    elif cell.unread:
                        self.unusable[key] = f"{self.names(key)}的内容“{cell.text.strip()}”未能识别为金额"
                    else:
                        dict.__setitem__(self.cells, key, cell)
        # Amounts in 元 printed without decimals round to 1 元, not to 0.01.
        values = [c.value for c in self.cells.values() if c.value is not None]
        whole = report.header.money_unit == "元" and all(v == v.to_integral_value() for v in values)
        self.quantum = Decimal(1) if whole and values else CENT
        # Stated figures indexed once: rules look them up per figure and per sentence, and a
        # scan of every figure at each look-up made the checks quadratic in the report's size.
        self.figure_pages: dict[str, list[int]] = {}
        self._first: dict[tuple, StatedFigure] = {}
        self.stated: set[tuple] = set()  # (measure, value) and (measure, value, page) of every figure
        for fig in report.figures:
            self.figure_pages.setdefault(fig.key, []).extend([fig.page] if fig.page is not None else [])
            self._first.setdefault((fig.subject, fig.measure), fig)
            self._first.setdefault((fig.subject, fig.measure, fig.section), fig)
            self.stated.update({(fig.measure, fig.value), (fig.measure, fig.value, fig.page)})
        self.checks = 0  # comparisons made by the running rule
        self.gaps: list[str] = []  # what the running rule could not find or use
        self._quote_pages: dict[str, int | None] = {}  # a text finding's quote → its page

    def ran(self, n: int = 1) -> None:
        self.checks += n

    def gap(self, reason: str) -> None:
        if reason not in self.gaps:
            self.gaps.append(reason)

    def note_unusable(self, key: str) -> None:
        if key in self.unusable:
            self.gap(self.unusable[key])

    def usable(self, facts: Iterable[str]) -> bool:
        """Whether none of `facts` is an amount that was not read (each one that is, is noted)."""
        bad = [k for k in facts if k in self.unusable]
        for k in bad:
            self.gap(self.unusable[k])
        return not bad

    # -- tables
    def table(self, table_id: str) -> Table:
        """The table; CannotRun when it was not parsed or not reliably read, NotApplicable
        when the report has no such table by design or the table has no data."""
        table = self.report.tables.get(table_id)
        if table is None:
            if self._not_in_template(table_id):
                raise NotApplicable(f"本报告不含{table_id}表（目录未列）")
            raise CannotRun(f"缺少{table_id}表（未找到或未能解析）")
        if table_id in self.unreliable:
            raise CannotRun(self.unreliable[table_id])
        if table.no_data:
            raise NotApplicable(f"{table_id}表无数据")
        return table

    def optional_table(self, table_id: str) -> Table | None:
        """The table when present and reliably read (else None, noting why when it is unreliable)."""
        if table_id in self.unreliable:
            self.gap(self.unreliable[table_id])
            return None
        return self.report.tables.get(table_id)

    def tables(self, *table_ids: str) -> Iterator[Table]:
        """Those of the tables that have data and were reliably read; the others are noted."""
        for table_id in table_ids:
            table = self.report.tables.get(table_id)
            if table is None:
                if not self._not_in_template(table_id):
                    self.gap(f"缺少{table_id}表")
            elif table_id in self.unreliable:
                self.gap(self.unreliable[table_id])
            elif not table.no_data:
                yield table

    def _not_in_template(self, table_id: str) -> bool:
        """A table the report's contents do not list (Shanghai prints no 公开10): absent by design."""
        listed = {e.table_id for e in self.report.toc if e.table_id}
        return bool(listed) and table_id not in listed

    def need_figures(self) -> None:
        """Record that nothing can be checked when the narrative gave no figures."""
        if not self.report.figures:
            self.gap("未解析到情况说明中的数字")

    def need_prose(self) -> None:
        if not any(s.part == "情况说明" and s.paragraphs for s in self.report.sections):
            self.gap("未解析到情况说明正文")

    def figure(self, subject: str, measure: str, section: str | None = None) -> StatedFigure | None:
        """The first statement of subject.measure (in `section` when it is stated there)."""
        found = self._first.get((subject, measure, section)) if section is not None else None
        return found or self._first.get((subject, measure))

    def amount(self, key: str) -> Decimal | None:
        """The amount under `key` (None: blank or absent); CannotRun when it was not read."""
        if key in self.unusable:
            raise CannotRun(self.unusable[key])
        cell = dict.get(self.cells, key)
        return cell.value if cell else None

    def page(self, key: str) -> int | None:
        cell = dict.get(self.cells, key)
        return cell.page if cell else None

    # -- findings
    def finding(self, severity: str, message: str, facts: Iterable[str] = (),
                values: dict | None = None, pages: Iterable[int | None] = ()) -> Finding | None:
        """A finding of the running rule; None (with the reason noted) when it names an amount
        that was not read."""
        facts = list(dict.fromkeys(facts))
        if not self.usable(facts) or any(keys.head(k) in self.unreliable for k in facts):
            for k in facts:
                if keys.head(k) in self.unreliable:
                    self.gap(self.unreliable[keys.head(k)])
            return None
        all_pages = set(p for p in pages if p is not None)
        all_pages.update(p for p in (self.page(k) for k in facts) if p is not None)
        all_pages.update(p for k in facts for p in self.figure_pages.get(k, ()))
        if not all_pages:  # a page always, where the source has pages: the tables it names
            tables = [self.report.tables.get(keys.head(k)) for k in facts]
            all_pages.update(p for t in tables if t is not None for p in t.pages[:1])
        if not all_pages:  # a text finding: the page where its quote stands
            all_pages.update(p for p in (self._page_of(v) for v in (values or {}).values()) if p is not None)
        vals = {k: as_number(v) for k, v in (values or {}).items()}
        r = self.rule
        return Finding(r.id if r else "", r.family if r else "", severity, message, facts, vals, sorted(all_pages))

    @cached_property
    def _quotable(self) -> tuple[str, list[int], list[int], list[tuple[str, int | None]]]:
        """The paragraphs that have a page, whitespace removed and joined by newlines (which no
        quote crosses), with the offset and page of each; and the tables' titles, whitespace
        removed. Built once, at the first quote looked up: joining every paragraph again for
        each finding made the checks quadratic in the report's size."""
        texts, starts, pages, offset = [], [], [], 0
        for section in self.report.sections:
            for p in section.paragraphs:
                if p.page is not None:
                    texts.append("".join((p.text or "").split()))
                    starts.append(offset)
                    pages.append(p.page)
                    offset += len(texts[-1]) + 1
        titles = [("".join(t.title.split()), t.page) for t in self.report.tables.values()]
        return "\n".join(texts), starts, pages, titles

    def _page_of(self, quote) -> int | None:
        """The page of the first paragraph, else table title, that contains `quote` (whitespace
        ignored in the report; a quote with whitespace in it is found nowhere)."""
        if not isinstance(quote, str) or len(quote) < 4:
            return None
        if quote not in self._quote_pages:
            self._quote_pages[quote] = None if any(c.isspace() for c in quote) else self._find_page(quote)
        return self._quote_pages[quote]

    def _find_page(self, quote: str) -> int | None:
        text, starts, pages, titles = self._quotable
        at = text.find(quote)
        if at >= 0:
            return pages[bisect.bisect_right(starts, at) - 1]
        return next((page for title, page in titles if quote in title), None)

    def amount_severity(self, lhs: Decimal, rhs: Decimal, items: int = 1) -> str | None:
        """None when equal; 提示 within the rounding a sum of `items` numbers allows; else 错误.

        The report allows 0.01 per added item (尾数误差) and 0.01–0.02 for any sum (the amounts
        compared are themselves sums of rounded figures), but never more than 0.05: rounding
        errors of many items mostly cancel, and a larger gap is a wrong figure.
        """
        diff = abs(lhs - rhs)
        if diff == 0:
            return None
        if diff <= self.quantum * min(max(items, MIN_ROUNDING_ITEMS), MAX_ROUNDING_ITEMS):
            return NOTE
        return ERROR

    def with_unit(self, key: str, value: Decimal, like: str = "") -> str:
        """A value with the unit of `key` (or, for a label that is no key, of `like`)."""
        unit = self.names.unit(key) or self.names.unit(like)
        return f"{fmt(value)}{unit}"

    def compare(self, what: str, lhs_key: str, lhs: Decimal, rhs_label: str,
                rhs: Decimal, facts: Iterable[str], items: int = 1,
                pages: Iterable[int | None] = ()) -> Iterator[Finding]:
        """One finding when `lhs` (stated as `lhs_key`) disagrees with `rhs` (`rhs_label`)."""
        facts = list(facts)
        if not self.usable([lhs_key, rhs_label, *facts]):
            return
        self.checks += 1
        severity = self.amount_severity(lhs, rhs, items)
        if severity is None:
            return
        diff = lhs - rhs
        a, b = self.names(lhs_key), self.names(rhs_label)
        unit = next((u for u in map(self.names.unit, [lhs_key, *facts]) if u), "")
        more = "多" if diff > 0 else "少"
        message = (f"{what}：{a}为{fmt(lhs)}{unit}，{b}为{fmt(rhs)}{unit}，"
                   f"前者比后者{more}{fmt(abs(diff))}{unit}")
        message += "（在尾数误差范围内，可不作更正）" if severity == NOTE else "。请核对这两个数，更正有误的一方"
        yield self.finding(severity, message, facts, {"左": lhs, "右": rhs, "差额": diff}, pages)

    def excess(self, message: str, part: Decimal, whole: Decimal, facts: Iterable[str],
               pages: Iterable[int | None] = ()) -> Iterator[Finding]:
        """One finding when a part is larger than its whole (提示 when only by rounding)."""
        facts = list(facts)
        if not self.usable(facts):
            return
        self.checks += 1
        if part <= whole:
            return
        severity = self.amount_severity(part, whole)
        yield self.finding(severity, message + ("（在尾数误差范围内）" if severity == NOTE else ""),
                           facts, {"左": part, "右": whole, "差额": part - whole}, pages)

    def check_sum(self, what: str, total_key: str, part_keys: Iterable[str],
                  signs: Iterable[int] | None = None) -> Iterator[Finding]:
        """total = Σ parts; blank parts count as 0, but parts all blank under a non-zero total
        cannot be checked (the amounts were not printed where expected).

        `signs` gives +1/−1 per part for differences (收入总计 − 结转 …).
        """
        part_keys = list(part_keys)
        signs = list(signs) if signs is not None else [1] * len(part_keys)
        if not self.usable([total_key, *part_keys]):
            return
        present = [(k, s) for k, s in zip(part_keys, signs) if dict.__contains__(self.cells, k)]
        total_cell = dict.get(self.cells, total_key)
        if not present or total_cell is None:
            return
        printed = [k for k, _ in present if self.amount(k) is not None]
        parts_sum = sum((self.amount(k) or Decimal(0)) * s for k, s in present)
        total = total_cell.value
        if total is None:
            if parts_sum == 0:
                return
            total = Decimal(0)
        if not printed and total:
            self.gap(f"{self.names(total_key)}为{self.with_unit(total_key, total)}，但其各分项均为空，无法核对")
            return
        # a part in another table is named in words; a row or column of the same table by its code or name
        items = [keys.differing(total_key, k) for k, _ in present]
        items = [self.names(k) if i == k else i for i, (k, _) in zip(items, present)]
        label = "".join(("－" if s < 0 else "＋") + i for i, (_, s) in zip(items, present)).lstrip("＋")
        if len(items) > 6:
            shown = [i for i, (k, _) in zip(items, present) if self.amount(k)] or items
            label = f"{shown[0]}等{len(shown)}项"
        yield from self.compare(what, total_key, total, f"{label}之和", parts_sum,
                                [total_key] + printed, items=len([k for k in printed if self.amount(k)]))


def merge_findings(findings: list[Finding | None], heading: str) -> list[Finding]:
    """One finding for several columns of one row that disagree alike (one wrong row, one problem)."""
    findings = [f for f in findings if f is not None]
    if len(findings) < 2:
        return findings
    worst = min(findings, key=lambda f: SEVERITY_ORDER[f.severity])
    details = "；".join(f.message.split("：", 1)[-1].split("。请核对")[0] for f in findings)
    return [Finding(worst.rule, worst.family, worst.severity,
                    f"{heading}（{len(findings)}栏）：{details}。请核对该行各栏数字",
                    list(dict.fromkeys(k for f in findings for k in f.facts)),
                    {**worst.values, "不符栏数": len(findings)},
                    sorted({p for f in findings for p in f.pages}))]


def ratio_severity(stated: Decimal, num: Decimal, den: Decimal, quantum: Decimal = CENT) -> str | None:
    """A stated percentage against num/den×100, both amounts rounded to `quantum`.

    Passes when the stated figure is a correct rounding of some value the rounded amounts
    allow; 提示 when it is one unit of its last place off that (truncated instead of rounded,
    or computed from unrounded amounts); 错误 beyond.
    """
    unit = Decimal(1).scaleb(-decimals(stated))
    half_q = quantum / 2
    bounds = [n / d * HUNDRED for n in (num - half_q, num + half_q) for d in (den - half_q, den + half_q) if d]
    lo, hi = (min(bounds), max(bounds)) if bounds else (num / den * HUNDRED,) * 2
    if lo - unit / 2 <= stated <= hi + unit / 2:
        return None
    if lo - unit * Decimal("1.5") <= stated <= hi + unit * Decimal("1.5"):
        return NOTE
    return ERROR


def percent(num: Decimal, den: Decimal) -> Decimal:
    return (num / den * HUNDRED).quantize(CENT)


def run_rule(r: Rule, ctx: Context) -> tuple[list[Finding], RuleOutcome]:
    """Run one rule. A rule that made no comparison did not run: its gaps say why.

    A rule stopped half-way by an amount it cannot use keeps what it found before."""
    ctx.rule, ctx.checks, ctx.gaps = r, 0, []
    findings: list[Finding] = []
    try:
        for f in r.func(ctx):
            if f is not None:
                findings.append(f)
    except NotApplicable as na:
        if not findings and not ctx.checks:
            return [], RuleOutcome(r.id, r.family, r.title, NOT_APPLICABLE, na.reason)
        ctx.gap(na.reason)
    except CannotRun as cr:
        ctx.gap(cr.reason)
    except (ArithmeticError, AttributeError, KeyError, TypeError, ValueError) as err:
        # A rule must never take the whole review down on an oddly parsed report.
        return [], RuleOutcome(r.id, r.family, r.title, NOT_RUN, f"检查程序出错：{type(err).__name__}: {err}")
    finally:
        ctx.rule = None
    for f in findings:
        f.rule, f.family = r.id, r.family
    if not findings and ctx.checks == 0:
        if not ctx.gaps and r.absent:
            return [], RuleOutcome(r.id, r.family, r.title, NOT_APPLICABLE, r.absent)
        reason = "；".join(ctx.gaps) or "报告中未找到本项检查所需的内容"
        return [], RuleOutcome(r.id, r.family, r.title, NOT_RUN, reason)
    status = FOUND if findings else PASSED
    partial = "部分未能核对：" + "；".join(ctx.gaps) if ctx.gaps else ""
    return findings, RuleOutcome(r.id, r.family, r.title, status, partial, len(findings))

"""The rule engine: findings, per-rule outcomes, the rule registry and comparison helpers.

A rule is a function `(ctx) -> Iterable[Finding]` registered with `@rule(...)`. It raises
`NotApplicable` when the report has nothing the rule is about (an empty table, no
performance tables) and `CannotRun` when something it needs was not parsed, so the
coverage can say which checks actually ran.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Cell, Report, Table
from ..vocab import ERROR, NOTE, SEVERITY_ORDER, WARNING  # noqa: F401 — re-exported to the rules

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

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "family": self.family,
            "severity": self.severity,
            "message": self.message,
            "facts": self.facts,
            "values": self.values,
            "pages": self.pages,
        }


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
    func: Callable[[Context], Iterable[Finding]]


RULES: list[Rule] = []


def rule(rule_id: str, family: str, title: str):
    """Register a check. `rule_id` is stable (used in tests and in the JSON)."""
    assert family in FAMILIES, family

    def register(func):
        RULES.append(Rule(rule_id, family, title, func))
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


class Context:
    """The report seen through fact keys, plus what every rule needs to build findings."""

    def __init__(self, report: Report, previous: Report | None = None):
        self.report = report
        self.previous = previous
        self.cells: dict[str, Cell] = {}
        for table in report.tables.values():
            for row in table.rows:
                for column, cell in row.cells.items():
                    key = f"{table.id}.{row.key}" + (f".{column}" if column else "")
                    if cell.page is None and row.page is not None:
                        cell = Cell(cell.text, cell.value, row.page)
                    self.cells[key] = cell
        # Amounts in 元 printed without decimals round to 1 元, not to 0.01.
        whole = report.header.money_unit == "元" and all(
            c.value is None or c.value == c.value.to_integral_value() for c in self.cells.values()
        )
        self.quantum = Decimal(1) if whole and self.cells else CENT
        self.checks = 0  # comparisons made by the running rule
        self.gaps: list[str] = []  # what the running rule could not find

    def ran(self, n: int = 1) -> None:
        self.checks += n

    def gap(self, reason: str) -> None:
        if reason not in self.gaps:
            self.gaps.append(reason)

    # -- tables
    def table(self, table_id: str) -> Table:
        """The table, or CannotRun when it was not parsed; NotApplicable when it has no data."""
        table = self.report.tables.get(table_id)
        if table is None:
            if self._not_in_template(table_id):
                raise NotApplicable(f"本报告不含{table_id}表（目录未列）")
            raise CannotRun(f"缺少{table_id}表（未找到或未能解析）")
        if table.no_data:
            raise NotApplicable(f"{table_id}表无数据")
        return table

    def tables(self, *table_ids: str) -> Iterator[Table]:
        """Those of the tables that have data; a missing one is recorded as a gap."""
        for table_id in table_ids:
            table = self.report.tables.get(table_id)
            if table is None:
                if not self._not_in_template(table_id):
                    self.gap(f"缺少{table_id}表")
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
        if not self.report.sections:
            self.gap("未解析到情况说明正文")

    def amount(self, key: str) -> Decimal | None:
        cell = self.cells.get(key)
        return cell.value if cell else None

    def page(self, key: str) -> int | None:
        cell = self.cells.get(key)
        return cell.page if cell else None

    # -- findings
    def finding(self, rule_id: str, severity: str, message: str, facts: Iterable[str] = (),
                values: dict | None = None, pages: Iterable[int | None] = ()) -> Finding:
        facts = list(dict.fromkeys(facts))
        all_pages = set(p for p in pages if p is not None)
        all_pages.update(p for p in (self.page(k) for k in facts) if p is not None)
        all_pages.update(f.page for f in self.report.figures if f.key in facts and f.page is not None)
        vals = {k: as_number(v) for k, v in (values or {}).items()}
        return Finding(rule_id, "", severity, message, facts, vals, sorted(all_pages))

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

    def compare(self, rule_id: str, what: str, lhs_key: str, lhs: Decimal, rhs_label: str,
                rhs: Decimal, facts: Iterable[str], items: int = 1,
                pages: Iterable[int | None] = ()) -> Iterator[Finding]:
        """One finding when `lhs` (stated as `lhs_key`) disagrees with `rhs` (`rhs_label`)."""
        self.checks += 1
        severity = self.amount_severity(lhs, rhs, items)
        if severity is None:
            return
        diff = lhs - rhs
        message = f"{what}：{lhs_key} = {fmt(lhs)}，而 {rhs_label} = {fmt(rhs)}，相差 {fmt(diff)}"
        if severity == NOTE:
            message += "（在尾数误差范围内）"
        yield self.finding(rule_id, severity, message, facts,
                           {"左": lhs, "右": rhs, "差额": diff}, pages)

    def excess(self, rule_id: str, message: str, part: Decimal, whole: Decimal, facts: Iterable[str],
               pages: Iterable[int | None] = ()) -> Iterator[Finding]:
        """One finding when a part is larger than its whole (提示 when only by rounding)."""
        self.checks += 1
        if part <= whole:
            return
        severity = self.amount_severity(part, whole)
        yield self.finding(rule_id, severity, message + ("（在尾数误差范围内）" if severity == NOTE else ""),
                           facts, {"左": part, "右": whole, "差额": part - whole}, pages)

    def check_sum(self, rule_id: str, what: str, total_key: str, part_keys: Iterable[str],
                  signs: Iterable[int] | None = None) -> Iterator[Finding]:
        """total = Σ parts (blank parts count as 0; nothing to add → no check).

        `signs` gives +1/−1 per part for differences (收入总计 − 结转 …).
        """
        part_keys = [k for k in part_keys]
        signs = list(signs) if signs is not None else [1] * len(part_keys)
        present = [(k, s) for k, s in zip(part_keys, signs) if k in self.cells]
        total_cell = self.cells.get(total_key)
        if not present:
            return
        parts_sum = sum((self.amount(k) or Decimal(0)) * s for k, s in present)
        if total_cell is None:
            return
        total = total_cell.value
        if total is None:
            if parts_sum == 0:
                return
            total = Decimal(0)
        items = [_differing_part(total_key, k) for k, _ in present]
        label = "".join(("－" if s < 0 else "＋") + i for i, (_, s) in zip(items, present)).lstrip("＋")
        if len(items) > 6:
            printed = [i for i, (k, _) in zip(items, present) if self.amount(k)] or items
            label = f"{printed[0]}等{len(printed)}项"
        yield from self.compare(rule_id, what, total_key, total, f"{label}之和", parts_sum,
                                [total_key] + [k for k, _ in present if self.amount(k) is not None],
                                items=sum(1 for k, _ in present if self.amount(k)))  # a blank adds no rounding


def merge_findings(findings: list[Finding], heading: str) -> list[Finding]:
    """One finding for several columns of one row that disagree alike (one wrong row, one problem)."""
    if len(findings) < 2:
        return findings
    worst = min(findings, key=lambda f: SEVERITY_ORDER[f.severity])
    details = "；".join(f.message.split("：", 1)[-1] for f in findings)
    return [Finding(worst.rule, worst.family, worst.severity, f"{heading}（{len(findings)}栏）：{details}",
                    list(dict.fromkeys(k for f in findings for k in f.facts)),
                    {**worst.values, "不符栏数": len(findings)},
                    sorted({p for f in findings for p in f.pages}))]


def _differing_part(base: str, key: str) -> str:
    """The part of `key` that differs from `base`: its row or its column."""
    a, b = base.split("."), key.split(".")
    diff = [p for i, p in enumerate(b) if i >= len(a) or a[i] != p]
    return ".".join(diff) or key


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
    """Run one rule. A rule that made no comparison did not run: its gaps say why."""
    ctx.checks, ctx.gaps = 0, []
    try:
        findings = list(r.func(ctx))
    except NotApplicable as na:
        return [], RuleOutcome(r.id, r.family, r.title, NOT_APPLICABLE, na.reason)
    except CannotRun as cr:
        return [], RuleOutcome(r.id, r.family, r.title, NOT_RUN, cr.reason)
    except (ArithmeticError, AttributeError, KeyError, TypeError, ValueError) as err:
        # A rule must never take the whole review down on an oddly parsed report.
        return [], RuleOutcome(r.id, r.family, r.title, NOT_RUN, f"检查程序出错：{type(err).__name__}: {err}")
    for f in findings:
        f.family = r.family
    if not findings and ctx.checks == 0:
        if ctx.gaps:
            return [], RuleOutcome(r.id, r.family, r.title, NOT_RUN, "；".join(ctx.gaps))
        return [], RuleOutcome(r.id, r.family, r.title, NOT_APPLICABLE, "报告中没有此项内容")
    status = FOUND if findings else PASSED
    partial = "部分未能核对：" + "；".join(ctx.gaps) if ctx.gaps else ""
    return findings, RuleOutcome(r.id, r.family, r.title, status, partial, len(findings))

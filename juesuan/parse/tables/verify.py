"""A table checks its own reading against its own arithmetic.

Every table the parser reads carries sums it must satisfy: 类 = Σ款 = Σ项 and 合计 = Σ类 in
every column, the total column = Σ its parts in every row, the two sides of 01/04, the
classes of 06, the items of 09. A report may misprint a figure or two — the review
reports those — but a misread table (columns shifted, a header taken for a row, rows
swallowed) breaks these sums everywhere. So a reading whose sums fail widely, or whose
header was not understood, is marked unreliable with the reason; its numbers are then
never shown or checked as certain.

This module only judges readings; the review's own rules (juesuan.checks) report the
differences of a reliable table to the user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...classification import ASIDE, KNOWN_ROWS, NATIONAL_SUBJECTS, infer_codes
from ...model import TABLE_IDS, Row, Table
from ...vocab import COLUMN_NAMES
from ..normalize import parse_amount

ZERO = Decimal(0)
# A reading is rejected when its failing sums need this many misprinted rows to explain
# them: a report's misprints are a row or two, a misreading (a shifted column, a header
# taken for a row, rows swallowed) breaks sums all over the table.
MIN_SUSPECTS = 3
_TOTAL_COLUMN = re.compile(r"^(?:合计|总计|小计|本年(?:收入|支出)合计|本年支出)$")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|本年(?:收入|支出)合计)$")


Ref = tuple[Row, str]  # a cell: its row and its column


@dataclass
class Balance:
    """What the table's sums showed: how many were checked and which failed."""

    checked: int = 0
    failed: list[str] = field(default_factory=list)
    failed_rows: list[set[str]] = field(default_factory=list)  # the rows each failing sum involves

    def add(self, what: str, total: Ref, parts: list[Ref], quantum: Decimal, beneath: list[Row] = ()) -> None:
        """total = Σ parts; blank cells count as 0, nothing printed on either side checks nothing.
        `beneath`: rows whose own failure would carry this one with it (a parent's row sum
        fails by its children's differences wherever its column sums hold), so one misprint
        below is not counted again at every level above it."""
        value = total[0].value(total[1])
        printed = [(row, col) for row, col in parts if row.value(col) is not None]
        if value is None and not printed:
            return
        self.checked += 1
        allowed = quantum * min(max(len(printed), 2), 5)
        if abs((value or ZERO) - sum((row.value(col) for row, col in printed), ZERO)) > allowed:
            self.failed.append(what)
            self.failed_rows.append({row.key for row, _ in [total, *parts]} | {row.key for row in beneath})

    def suspects(self) -> int:
        """How many rows, at the least, would have to be misprinted to explain every failing
        sum (greedily: the row in most failing sums first). A misprint is one row (even
        when its wrong figure repeats across its columns); a misreading is many."""
        open_ = list(self.failed_rows)
        count = 0
        while open_:
            tally: dict[str, int] = {}
            for rows in open_:
                for row in rows:
                    tally[row] = tally.get(row, 0) + 1
            worst = max(tally, key=tally.get)
            open_ = [rows for rows in open_ if worst not in rows]
            count += 1
        return count

    @property
    def widely_failing(self) -> bool:
        return self.suspects() >= MIN_SUSPECTS


def quantum_of(table: Table) -> Decimal:
    """The rounding unit of the printed amounts: 0.01, or 1 for whole 元."""
    values = [c.value for r in table.rows for c in r.cells.values() if c.value is not None]
    whole = values and all(v == v.to_integral_value() and "." not in c.text
                           for r in table.rows for c in r.cells.values() if (v := c.value) is not None)
    return Decimal(1) if whole and (table.money_unit == "元") else Decimal("0.01")


KNOWN_COLUMNS = frozenset(COLUMN_NAMES)


def fragment_label(name: str, known: frozenset[str] = KNOWN_ROWS) -> bool:
    """A name that reads as a piece of a wrapped name, not a name: one or two characters,
    the head or tail of a known name that is not itself one, or two known names run
    together (a group header and its leaf, two rows' labels, read as one)."""
    if name in known:
        return False
    name = ASIDE.sub("", name)
    if name in known:
        return False
    if len(name) <= 2 or any(k != name and (k.startswith(name) or k.endswith(name)) for k in known):
        return True
    return _known_run(name, known) or _after_tail(name, known) or any(
        m.group() in NATIONAL_SUBJECTS for m in _DIGITS.finditer(name))


_DIGITS = re.compile(r"\d{3,7}")  # a subject code inside a name: two rows' text run together


def _after_tail(name: str, known: frozenset[str]) -> bool:
    """A known name after the tail of another (支出住房保障支出: the last line of the label above
    read into this row)."""
    return any(name[i:] in known and any(k.endswith(name[:i]) for k in known) for i in range(1, min(4, len(name) - 2) + 1))


def _known_run(name: str, known: frozenset[str]) -> bool:
    """`name` is two or more known names run together (合计货物工程服务)."""
    ends = {0: 0}  # position → how many names read up to there
    for i in range(len(name)):
        if i in ends:
            for j in range(i + 1, len(name) + 1):
                if name[i:j] in known:
                    ends[j] = max(ends.get(j, 0), ends[i] + 1)
    return ends.get(len(name), 0) >= 2


def label_problem(table: Table) -> str | None:
    """Rows named by pieces of wrapped names: the lines of a label were not put together."""
    if table.id in ("公开06", "公开09"):
        return None
    pieces = [r.label for r in table.rows if not r.code and "." not in r.key.split(".", 1)[-1]
              and fragment_label(r.key.split(".")[-1])]
    return f"行名未能完整识别（如“{pieces[0]}”）" if pieces else None


def header_problem(table: Table) -> str | None:
    """The header was not understood: a column named by a number, or an amount column with
    no name beside named ones."""
    # the national tables with header columns print only their own (01/06/09/10 are checked by rows)
    national = table.id in TABLE_IDS and table.id not in ("公开01", "公开06", "公开09", "公开10")
    for name in table.columns:
        parts = [part for part in name.split(".") if part]
        if not parts:
            continue
        if any(parse_amount(part) is not None for part in parts):
            return f"表头未能识别（列名“{name}”是数字）"
        if any(fragment_label(part, KNOWN_COLUMNS) for part in parts):
            return f"表头未能识别（列名“{name}”不完整）"
        if national and parts[-1] not in KNOWN_COLUMNS:  # the national tables print their own columns
            return f"表头未能识别（列名“{name}”不是该表的栏目）"
    # two-sided tables name no column where a side has one amount column
    if len(table.columns) > 1 and "" in table.columns and table.id not in ("公开01", "公开04"):
        return "表头未能识别（有金额列没有列名）"
    return None


# ---------------------------------------------------------------------------------- by code


def _subject_codes(rows: list[Row]) -> list[str | None]:
    """Each row's subject code: as printed, or, in a table printed with names only, the
    national code its name has under the 类 and 款 above it (so its sums check as well)."""
    if any(r.code for r in rows):
        return [r.code for r in rows]
    return infer_codes([r.label for r in rows])


def _children(coded: dict[str, Row]) -> dict[str, list[Row]]:
    """Each coded row's direct children (款 of a 类, 项 of a 款)."""
    out: dict[str, list[Row]] = {}
    for code, row in coded.items():
        parent = code[:-2] if len(code) > 3 else None
        if parent in coded:
            out.setdefault(parent, []).append(row)
    return out


def _row_parts(columns: list[str]) -> list[tuple[str, list[str]]]:
    """(total column, its part columns) for the rows of a subject table: the total column
    is the sum of the undotted columns after it; 基本支出 is 人员经费 + 公用经费 where printed."""
    plain = [c for c in columns if c and "." not in c]
    out = []
    nested = [c for c in ("人员经费", "公用经费") if c in plain]
    if "基本支出" in plain and nested:
        out.append(("基本支出", nested))
    for i, column in enumerate(plain):
        if _TOTAL_COLUMN.match(column):
            parts = [c for c in plain[i + 1:] if not _TOTAL_COLUMN.match(c) and not ("基本支出" in plain and c in nested)]
            if parts:
                out.append((column, parts))
            break
    return out


def _by_code(table: Table, quantum: Decimal, balance: Balance) -> None:
    rows = table.rows
    codes = _subject_codes(rows)
    coded = {code: row for row, code in zip(rows, codes) if code}
    children = _children(coded)
    classes = [r for c, r in coded.items() if len(c) == 3]
    totals = [r for r, c in zip(rows, codes) if not c and _TOTAL_ROW.match(r.key)]
    for column in table.columns:
        for code, kids in children.items():
            parent = coded[code]
            balance.add(f"{parent.label}（{code}）{column}", (parent, column), [(k, column) for k in kids], quantum)
        for total in totals[:1]:
            if classes:
                balance.add(f"{total.label} {column}", (total, column), [(c, column) for c in classes], quantum)
    beneath = [[r for c, r in coded.items() if c.startswith(code) and r is not row] if code
               else list(coded.values()) if _TOTAL_ROW.match(row.key) else [] for row, code in zip(rows, codes)]
    for total_col, parts in _row_parts(table.columns):
        for row, under in zip(rows, beneath):
            balance.add(f"{row.label} {total_col}", (row, total_col), [(row, p) for p in parts], quantum, under)


# ---------------------------------------------------------------------------------- two-sided


def _side_rows(table: Table, side: str) -> list[Row]:
    return [r for r in table.rows if r.key.startswith(side + ".")]


def _two_sided(table: Table, quantum: Decimal, balance: Balance) -> None:
    columns = table.columns or [""]
    for side, total_word in (("收入", "本年收入合计"), ("支出", "本年支出合计")):
        rows = _side_rows(table, side)
        total_at = next((i for i, r in enumerate(rows) if r.key == f"{side}.{total_word}"), None)
        if total_at is None:
            continue
        items = [r for r in rows[:total_at] if r.key.count(".") == 1]
        carried = [r for r in rows[total_at + 1:] if r.key.count(".") == 1]
        grand = next((r for r in carried if r.key.split(".")[1] in ("总计", "合计")), None)
        if grand is not None:
            carried = carried[:carried.index(grand)]
        for column in columns:
            if column not in rows[total_at].cells:
                continue
            balance.add(f"{side} {total_word} {column}", (rows[total_at], column), [(r, column) for r in items], quantum)
            if grand is not None:
                balance.add(f"{side}总计 {column}", (grand, column), [(r, column) for r in [rows[total_at], *carried]], quantum)
        for parent in rows:
            parts = [r for r in rows if r.key.startswith(parent.key + ".")]
            if len(parts) >= 2 and not any(r.label.startswith("其中") for r in parts):
                for column in columns:
                    balance.add(f"{parent.label} {column}", (parent, column), [(r, column) for r in parts], quantum)
    if len(columns) > 1 and "合计" in columns:  # 公开04: 合计 = the three appropriations
        parts = [c for c in columns if c != "合计" and "." not in c]
        for row in _side_rows(table, "支出"):
            balance.add(f"{row.label} 合计", (row, "合计"), [(row, p) for p in parts], quantum)


# ---------------------------------------------------------------------------------- 06, 09


def _basic(table: Table, quantum: Decimal, balance: Balance) -> None:
    items = [r for r in table.rows if r.code and len(r.code) == 5]
    classes = [r for r in table.rows if r.code and len(r.code) == 3]
    for cls in classes:
        kids = [(r, "") for r in items if r.code.startswith(cls.code)]
        if kids:
            balance.add(f"{cls.label}（{cls.code}）", (cls, ""), kids, quantum)
    for total, personnel in (("人员经费合计", True), ("公用经费合计", False)):
        row = table.row(total)
        if row is not None and classes:
            parts = [(c, "") for c in classes if (c.code in ("301", "303")) == personnel]
            balance.add(total, (row, ""), parts, quantum)


def _sangong(table: Table, quantum: Decimal, balance: Balance) -> None:
    for row in table.rows:
        has_cars = any(c in row.cells for c in ("小计", "公务用车购置费", "公务用车运行维护费"))
        if has_cars:
            balance.add(f"{row.label} 小计", (row, "小计"), [(row, "公务用车购置费"), (row, "公务用车运行维护费")], quantum)
        balance.add(f"{row.label} 合计", (row, "合计"),
                    [(row, "因公出国（境）费"), *([(row, "小计")] if has_cars else []), (row, "公务接待费")], quantum)


def balance_of(table: Table) -> Balance:
    """Every sum the table's reading can be checked by, and which failed."""
    balance = Balance()
    quantum = quantum_of(table)
    if table.id in ("公开01", "公开04"):
        _two_sided(table, quantum, balance)
    elif table.id == "公开06":
        _basic(table, quantum, balance)
    elif table.id == "公开09":
        _sangong(table, quantum, balance)
    elif table.id != "公开10":
        _by_code(table, quantum, balance)
    return balance


_NAME_TEXT = re.compile(r"[\u4e00-\u9fff]{2}")
# What a report may print in an amount cell in place of a figure.
_NO_FIGURE_WORDS = frozenset({"无", "不适用", "暂无", "未发生"})


def cell_problem(table: Table) -> str | None:
    """A cell holding two amounts (two printed rows or columns read as one), or words (a
    name read into an amount column: the columns were not told apart)."""
    for row in table.rows:
        for column, cell in row.cells.items():
            if not cell.unread:
                continue
            where = f"“{row.label or row.key}”行“{column or '金额'}”栏"
            if sum(parse_amount(t) is not None for t in cell.text.split()) >= 2:
                return f"{where}含两个金额（{' '.join(cell.text.split())}），行或列未能分开"
            if _NAME_TEXT.search(cell.text) and "".join(cell.text.split()) not in _NO_FIGURE_WORDS:
                return f"{where}是文字（{' '.join(cell.text.split())}），行或列未能分开"
    return None


def unreliable_reason(table: Table) -> str | None:
    """Why this reading cannot be trusted, or None."""
    problem = header_problem(table) or label_problem(table) or cell_problem(table)
    if problem:
        return problem
    balance = balance_of(table)
    if balance.widely_failing:
        shown = "、".join(balance.failed[:3])
        return (f"表内勾稽关系大面积不符（{len(balance.failed)}/{balance.checked}处，至少{balance.suspects()}行对不上，"
                f"如{shown}），表格可能未被正确读取")
    return None

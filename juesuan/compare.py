"""Comparison across library reports: fact rows (Library.facts) → pandas frames.

One unit across years, or several units in one year, compared on a few headline
metrics. Every number comes from the facts table (shared/spec/facts.md keys), so the
comparison needs one query and no stored model: a metric is the first of its candidate
keys that a report has — the table first, the narrative where the table is missing —
and keeps the key and page it was read from. Amounts come out in 万元 (a report kept in
元 is converted), rounded to two decimals as printed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .vocab import SEVERITIES

# The headline metrics, in display order.
INCOME = "收入合计"
EXPENDITURE = "支出合计"
BASIC = "基本支出"
PROJECT = "项目支出"
SANGONG = "三公经费"
ADMIN = "机关运行经费"
METRICS = (INCOME, EXPENDITURE, BASIC, PROJECT, SANGONG, ADMIN)
FINDINGS = "审核发现"  # their total

# Candidate keys per metric, most authoritative first, as patterns where `*` is one key
# part's text (no dot): `公开03.*合计` is the total row of a function-subject table,
# whatever its printed label (合计, 本年支出合计 …).
_CANDIDATES: dict[str, tuple[str, ...]] = {
    INCOME: ("公开01.收入.本年收入合计", "说明.收入.本年收入合计", "公开02.*合计.本年收入合计"),
    EXPENDITURE: ("公开01.支出.本年支出合计", "公开03.*合计.本年支出合计", "说明.支出.本年支出合计"),
    # 公开05 covers general-budget appropriations only: the last resort for the whole unit's split
    BASIC: ("公开03.*合计.基本支出", "说明.支出.基本支出", "公开05.*合计.基本支出"),
    PROJECT: ("公开03.*合计.项目支出", "说明.支出.项目支出", "公开05.*合计.项目支出"),
    SANGONG: ("公开09.决算数.合计", "说明.三公经费.决算"),
    ADMIN: ("说明.机关运行经费.支出",),  # after 公开10's lines, see _admin_cost
}
ADMIN_LINES = "公开10.机关运行经费.*"  # 行政单位 / 参照公务员法管理事业单位 … (or their 合计)
CLASS_LINES = "公开01.支出.*"  # function classes, among totals and carry-overs
SANGONG_NO_DATA = "公开09.无数据"  # the 三公 table says 本表无数据
# Every key pattern the comparison reads (a library query can fetch just these).
KEY_PATTERNS = (*(p for ps in _CANDIDATES.values() for p in ps), ADMIN_LINES, CLASS_LINES, SANGONG_NO_DATA)


def _regex(pattern: str) -> re.Pattern:
    """A key pattern as a regex; each `*` captures one key part."""
    return re.compile("([^.]*)".join(re.escape(part) for part in pattern.split("*")) + "$")


_COMPILED = {m: tuple(_regex(p) for p in ps) for m, ps in _CANDIDATES.items()}
_ADMIN_LINE = _regex(ADMIN_LINES)
_CLASS_LINE = _regex(CLASS_LINES)
# 公开01 expenditure lines that are totals or carry-overs, not function classes
_NOT_A_CLASS = re.compile(r"合计|总计|结转|结余|小计")


@dataclass(frozen=True)
class Read:
    """One metric of one report: the amount in 万元 and where it was read."""

    amount: float
    key: str  # the fact key, or a description when derived from several
    page: int | None


def money_factor(money_unit: str | None) -> Decimal:
    """Multiplier to 万元 for a report's money unit (万元 when unknown)."""
    return Decimal("0.0001") if (money_unit or "万元").strip() == "元" else Decimal(1)


def _wan(value: Decimal, factor: Decimal) -> float:
    return float((value * factor).quantize(Decimal("0.01")))


def _by_entry(rows: Iterable[dict]) -> dict[int, dict[str, dict]]:
    """entry id → key → fact row (the first row of a key wins, as in the facts export)."""
    grouped: dict[int, dict[str, dict]] = {}
    for row in rows:
        grouped.setdefault(row["entry_id"], {}).setdefault(row["key"], row)
    return grouped


def _numeric(facts: dict[str, dict]) -> dict[str, dict]:
    return {k: r for k, r in facts.items() if isinstance(r["value"], Decimal)}


def _first(facts: dict[str, dict], metric: str, factor: Decimal) -> Read | None:
    for pattern in _COMPILED[metric]:
        for key, row in facts.items():
            if pattern.match(key):
                return Read(_wan(row["value"], factor), key, row["page"])
    return None


def _admin_cost(facts: dict[str, dict], factor: Decimal) -> Read | None:
    """公开10's 机关运行经费 lines (行政单位 / 参公 …, or their 合计 when printed), else the narrative."""
    lines = {m.group(1): r for k, r in facts.items() if (m := _ADMIN_LINE.match(k))}
    totals = [name for name in lines if "合计" in name]
    picked = [lines[totals[0]]] if totals else list(lines.values())
    if picked:
        amount = sum((r["value"] for r in picked), Decimal(0))
        key = picked[0]["key"] if len(picked) == 1 else "公开10.机关运行经费（各行之和）"
        return Read(_wan(amount, factor), key, picked[0]["page"])
    return _first(facts, ADMIN, factor)


def _sangong(facts: dict[str, dict], factor: Decimal, no_data: bool) -> Read | None:
    found = _first(facts, SANGONG, factor)
    if found is None and no_data:  # "本表无数据" in the 三公 table: nothing was spent
        return Read(0.0, SANGONG_NO_DATA, None)
    return found


def read_metrics(facts: dict[str, dict], money_unit: str | None = None) -> dict[str, Read]:
    """The headline metrics one report states (a metric it does not state is absent)."""
    factor = money_factor(money_unit)
    numeric = _numeric(facts)
    found = {m: _first(numeric, m, factor) for m in (INCOME, EXPENDITURE, BASIC, PROJECT)}
    found[SANGONG] = _sangong(numeric, factor, SANGONG_NO_DATA in numeric)
    found[ADMIN] = _admin_cost(numeric, factor)
    return {m: r for m, r in found.items() if r is not None}


def _entry_columns(entry) -> dict:
    counts = {"错误": entry.errors, "警告": entry.warnings, "提示": entry.notes}
    return {"entry_id": entry.id, "单位": entry.unit, "年度": entry.year, **counts, FINDINGS: sum(counts.values())}


def metrics_table(entries: Iterable, rows: Iterable[dict], money_units: Mapping[int, str | None] | None = None) -> pd.DataFrame:
    """One row per library entry (store.Entry): 单位, 年度, the METRICS in 万元 (NaN where
    the report does not state one), 基本支出占比/项目支出占比 (% of their sum), the finding
    counts, and per metric the fact key (`<metric>来源`) and page (`<metric>页码`)."""
    grouped = _by_entry(rows)
    money_units = money_units or {}
    records = []
    for entry in entries:
        record = _entry_columns(entry)
        for metric, read in read_metrics(grouped.get(entry.id, {}), money_units.get(entry.id)).items():
            record.update({metric: read.amount, f"{metric}来源": read.key, f"{metric}页码": read.page})
        records.append(record)
    columns = (["entry_id", "单位", "年度", *METRICS, f"{BASIC}占比", f"{PROJECT}占比", *SEVERITIES, FINDINGS]
               + [f"{m}{s}" for m in METRICS for s in ("来源", "页码")])
    df = pd.DataFrame.from_records(records).reindex(columns=columns)
    for metric in METRICS:
        df[metric] = df[metric].astype(float)
    split = df[BASIC] + df[PROJECT]
    for part in (BASIC, PROJECT):
        df[f"{part}占比"] = (df[part] / split.where(split != 0) * 100).round(2)
    return df


def class_table(entries: Iterable, rows: Iterable[dict], money_units: Mapping[int, str | None] | None = None) -> pd.DataFrame:
    """Expenditure by function class (公开01's expenditure side), long: entry_id, 单位, 年度,
    分类, 金额 (万元), 来源, 页码 — in the report's order."""
    grouped = _by_entry(rows)
    money_units = money_units or {}
    records = []
    for entry in entries:
        factor = money_factor(money_units.get(entry.id))
        for key, row in _numeric(grouped.get(entry.id, {})).items():
            m = _CLASS_LINE.match(key)
            if m and not _NOT_A_CLASS.search(m.group(1)):
                records.append({"entry_id": entry.id, "单位": entry.unit, "年度": entry.year, "分类": m.group(1),
                                "金额": _wan(row["value"], factor), "来源": key, "页码": row["page"]})
    return pd.DataFrame.from_records(records, columns=["entry_id", "单位", "年度", "分类", "金额", "来源", "页码"])


def class_wide(classes: pd.DataFrame, index: str) -> pd.DataFrame:
    """Classes as columns (largest overall first) against `index` (年度 or 单位); 0 where a
    report has no line for a class."""
    if classes.empty:
        return pd.DataFrame(index=pd.Index([], name=index))
    wide = classes.pivot_table(index=index, columns="分类", values="金额", aggfunc="sum", fill_value=0.0)
    order = wide.sum().sort_values(ascending=False).index
    return wide[order]


def unit_trend(metrics: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One unit's rows by year (oldest first), with each metric's change on the year before
    in the table (`<metric>增减`, `<metric>增减率` in %), blank where a year is missing."""
    df = metrics[(metrics["单位"] == unit) & metrics["年度"].notna()].sort_values("年度").reset_index(drop=True)
    consecutive = df["年度"].diff() == 1
    for metric in METRICS:
        previous = df[metric].shift(1).where(consecutive)
        df[f"{metric}增减"] = (df[metric] - previous).round(2)
        df[f"{metric}增减率"] = ((df[metric] - previous) / previous.where(previous != 0) * 100).round(2)
    return df


def year_ranking(metrics: pd.DataFrame, year: int, units: Iterable[str], metric: str) -> pd.DataFrame:
    """The chosen units' rows of one year ranked by `metric` (largest first; units without
    it last, unranked), with `排名` and `占比` (% of the chosen units' total of the metric)."""
    chosen = set(units)
    df = metrics[(metrics["年度"] == year) & metrics["单位"].isin(chosen)]
    df = df.sort_values([metric, "单位"], ascending=[False, True], na_position="last").reset_index(drop=True)
    ranks = df[metric].rank(method="min", ascending=False)
    df.insert(0, "排名", ranks.astype("Int64"))
    total = df[metric].sum()
    df["占比"] = (df[metric] / total * 100).round(2) if total else float("nan")
    return df


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as spreadsheet programs open it: UTF-8 with BOM (Excel reads Chinese), amounts as
    plain numbers with two decimals."""
    return df.to_csv(index=False, float_format="%.2f").encode("utf-8-sig")

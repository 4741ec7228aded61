"""Comparison across library reports: fact rows (Library.facts) → pandas frames.

One unit across years, or several units in one year, compared on a few headline
measures. Every number comes from the facts table (shared/spec/facts.md keys), read by the
same measure table as the single-report pages (juesuan.metrics: candidates in order, the
basis each is on, 未能识别 where the stored model could not read its table or cell), so the
comparison needs one query and no stored model. Amounts come out in 万元, rounded to two
decimals as printed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from . import keys, metrics
from .export import sheets
from .metrics import Facts, Value, read
from .vocab import SEVERITIES

# The headline measures compared, in display order.
MEASURES = (metrics.INCOME, metrics.EXPENDITURE, metrics.BASIC, metrics.PROJECT, metrics.SANGONG, metrics.ADMIN)
INCOME, EXPENDITURE, BASIC, PROJECT, SANGONG, ADMIN = (m.name for m in MEASURES)
METRICS = tuple(m.name for m in MEASURES)
FINDINGS = "审核发现"  # their total
CLASS_LINES = "公开01.支出.*"  # function classes, among totals and carry-overs
SANGONG_NO_DATA = keys.no_data("公开09")  # the 三公 table says 本表无数据
# Every key pattern the comparison reads (a library query can fetch just these).
KEY_PATTERNS = (*metrics.patterns(MEASURES), CLASS_LINES)


def _by_entry(rows: Iterable[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["entry_id"], []).append(row)
    return grouped


def _facts(grouped, entry_id: int, money_units: Mapping, unreadable: Mapping) -> Facts:
    return Facts.of_rows(grouped.get(entry_id, ()), money_units.get(entry_id), unreadable.get(entry_id, {}))


def read_metrics(facts: Facts) -> dict[str, Value]:
    """The compared measures of one report, each known, unreadable or not listed."""
    return {m.name: read(facts, m) for m in MEASURES}


def _entry_columns(entry) -> dict:
    counts = dict(zip(SEVERITIES, (entry.errors, entry.warnings, entry.notes)))
    return {"entry_id": entry.id, "单位": entry.unit, "年度": entry.year, **counts, FINDINGS: sum(counts.values())}


def metrics_table(entries: Iterable, rows: Iterable[dict], money_units: Mapping[int, str | None] | None = None,
                  unreadable: Mapping[int, Mapping[str, int | None]] | None = None) -> pd.DataFrame:
    """One row per library entry (store.Entry): 单位, 年度, the METRICS in 万元 (NaN where
    there is no number), 基本支出占比/项目支出占比 (% of their sum), the finding counts, and per
    metric the fact keys (`<metric>来源`), page (`<metric>页码`) and basis (`<metric>口径`: 全部资金 …,
    or 未能识别 / 报告未列示 where there is no number). `unreadable` is Library.unreadable."""
    grouped = _by_entry(rows)
    money_units, unreadable = money_units or {}, unreadable or {}
    records = []
    for entry in entries:
        record = _entry_columns(entry)
        for metric, value in read_metrics(_facts(grouped, entry.id, money_units, unreadable)).items():
            record.update({metric: value.amount, f"{metric}来源": "、".join(value.keys) or None,
                           f"{metric}页码": value.page, f"{metric}口径": value.basis or value.missing})
        records.append(record)
    columns = (["entry_id", "单位", "年度", *METRICS, f"{BASIC}占比", f"{PROJECT}占比", *SEVERITIES, FINDINGS]
               + [f"{m}{s}" for m in METRICS for s in ("来源", "页码", "口径")])
    df = pd.DataFrame.from_records(records).reindex(columns=columns)
    for metric in METRICS:
        df[metric] = df[metric].astype(float)
    split = df[BASIC] + df[PROJECT]
    for part in (BASIC, PROJECT):
        df[f"{part}占比"] = (df[part] / split.where(split != 0) * 100).round(2)
    return df


def class_table(entries: Iterable, rows: Iterable[dict], money_units: Mapping[int, str | None] | None = None,
                unreadable: Mapping[int, Mapping[str, int | None]] | None = None) -> pd.DataFrame:
    """Expenditure by function class (公开01's expenditure side, all funds), long: entry_id,
    单位, 年度, 分类, 金额 (万元), 来源, 页码 — in the report's order; unreadable lines left out."""
    grouped = _by_entry(rows)
    money_units, unreadable = money_units or {}, unreadable or {}
    records = []
    for entry in entries:
        for item in metrics.items(_facts(grouped, entry.id, money_units, unreadable), "支出"):
            if item.value.known:
                records.append({"entry_id": entry.id, "单位": entry.unit, "年度": entry.year, "分类": item.name,
                                "金额": item.value.amount, "来源": item.value.keys[0], "页码": item.value.page})
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
    """CSV as spreadsheet programs open it (export.sheets: UTF-8 with BOM, formulas kept as
    text), amounts as plain numbers with two decimals."""
    return sheets.csv_bytes(df, float_format="%.2f")

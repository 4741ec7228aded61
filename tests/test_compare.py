"""juesuan.compare and components.compare_figures on real parsed corpus reports in a library."""
from __future__ import annotations

import copy
import io
import math
from decimal import Decimal

import pandas as pd
import pytest

from components import compare_figures as cf
from components import page_data
from components.fmt import plot_text
from juesuan import compare
from juesuan.store import Library
from tests.compare_support import PAIR_UNIT, fill_library
from tests.corpus import corpus_file, parsed


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('compare') / 'library.db'}"
    loaded = fill_library(url)
    lib = Library(url)
    yield lib, loaded
    lib.close()


@pytest.fixture(scope="module")
def frames(library):
    lib, loaded = library
    entries = lib.entries(latest_only=True)
    rows, unreadable = lib.facts([e.id for e in entries]), lib.unreadable([e.id for e in entries])
    return compare.metrics_table(entries, rows, None, unreadable), compare.class_table(entries, rows, None, unreadable), loaded


def _row(metrics: pd.DataFrame, entry_id: int) -> pd.Series:
    return metrics[metrics["entry_id"] == entry_id].iloc[0]


def test_every_metric_is_the_reports_own_number_from_the_key_it_names(frames):
    metrics, _, loaded = frames
    checked = 0
    for item in loaded:
        row = _row(metrics, item.entry.id)
        for metric in compare.METRICS:
            key = row[f"{metric}来源"]
            if key in item.facts and key != compare.SANGONG_NO_DATA:  # the report's fact, on its page
                assert row[metric] == pytest.approx(item.facts[key], abs=0.005), (item.name, metric, key)
                assert row[f"{metric}页码"] == item.pages[key], (item.name, metric, key)
                checked += 1
    assert checked >= 5 * len(loaded)


def test_metrics_agree_with_the_dashboards_reading_of_the_model(frames):
    """Facts-table path vs the model path of the single-report pages: number and basis."""
    metrics, _, loaded = frames
    for item in loaded:
        values = page_data.headline(parsed(item.name)).by_measure()
        row = _row(metrics, item.entry.id)
        for metric in compare.METRICS:
            value = values[metric]
            assert row[f"{metric}口径"] == (value.basis or value.missing), (item.name, metric)
            if value.known:
                assert row[metric] == pytest.approx(value.amount, abs=0.005), (item.name, metric)
            else:
                assert math.isnan(row[metric]), (item.name, metric)


def test_finding_counts_are_the_checks_problems(frames):
    metrics, _, loaded = frames
    for item in loaded:
        row = _row(metrics, item.entry.id)
        assert {s: row[s] for s in compare.SEVERITIES} == item.problem_counts
        assert row[compare.FINDINGS] == sum(item.problem_counts.values())


def test_basic_and_project_shares_add_to_100(frames):
    metrics, _, _ = frames
    both = metrics.dropna(subset=[compare.BASIC, compare.PROJECT])
    assert len(both) == len(metrics)
    for _, row in both.iterrows():
        assert row["基本支出占比"] + row["项目支出占比"] == pytest.approx(100, abs=0.011)
        assert row["基本支出占比"] == pytest.approx(row[compare.BASIC] / (row[compare.BASIC] + row[compare.PROJECT]) * 100, abs=0.005)


def test_a_table_that_says_it_has_no_data_means_no_sangong_spending(frames):
    metrics, _, loaded = frames
    silent = [i for i in loaded if "公开09.无数据" in i.facts and "说明.三公经费.决算" not in i.facts]
    if not silent:
        pytest.skip("no corpus report with an empty 公开09 and no 三公 narrative (the real/ PDFs are absent)")
    for item in silent:
        row = _row(metrics, item.entry.id)
        assert row[compare.SANGONG] == 0 and row["三公经费来源"] == compare.SANGONG_NO_DATA


def test_classes_are_the_expenditure_lines_of_table_01(frames):
    _, classes, loaded = frames
    for item in loaded:
        mine = classes[classes["entry_id"] == item.entry.id]
        expected = {k.split(".", 2)[2]: v for k, v in item.facts.items()
                    if k.startswith("公开01.支出.") and not any(w in k for w in ("合计", "总计", "结转", "结余"))}
        assert expected and dict(zip(mine["分类"], mine["金额"])) == pytest.approx(expected, abs=0.005), item.name


def test_one_unit_across_years(frames):
    metrics, classes, loaded = frames
    old, new = (next(i for i in loaded if i.entry.unit == PAIR_UNIT and i.entry.year == y) for y in (2023, 2024))
    trend = compare.unit_trend(metrics, PAIR_UNIT)
    assert list(trend["年度"]) == [2023, 2024]
    key = "公开01.支出.本年支出合计"
    change = new.facts[key] - old.facts[key]
    assert trend[f"{compare.EXPENDITURE}增减"].tolist()[1] == pytest.approx(change, abs=0.005)
    assert trend[f"{compare.EXPENDITURE}增减率"].tolist()[1] == pytest.approx(change / old.facts[key] * 100, abs=0.005)
    assert math.isnan(trend[f"{compare.EXPENDITURE}增减"].tolist()[0])  # no year before 2023 in the library
    wide = compare.class_wide(classes[classes["单位"] == PAIR_UNIT], "年度")
    assert list(wide.index) == [2023, 2024]
    assert wide.loc[2024, "一般公共服务支出"] == pytest.approx(new.facts["公开01.支出.一般公共服务支出"])
    assert list(wide.columns)[0] == "一般公共服务支出"  # the largest class first


def test_a_gap_year_gives_no_change():
    rows = [{"entry_id": i, "unit": "甲单位", "year": y, "key": "公开01.支出.本年支出合计", "value": v, "page": 1}
            for i, y, v in ((1, 2021, Decimal("100")), (2, 2023, Decimal("150")))]
    entries = [_Entry(1, "甲单位", 2021), _Entry(2, "甲单位", 2023)]
    trend = compare.unit_trend(compare.metrics_table(entries, rows), "甲单位")
    assert trend[compare.EXPENDITURE].tolist() == [100, 150]
    assert trend[f"{compare.EXPENDITURE}增减"].isna().all()


def test_the_narrow_query_gives_what_the_full_facts_give(library_url):
    """The library reads only the keys compare uses, and money units in SQL, on both backends."""
    fill_library(library_url)
    lib = Library(library_url)
    try:
        yuan = copy.deepcopy(parsed("shifan-transport-2024.pdf"))
        yuan.header.unit, yuan.header.money_unit = "以元为单位的单位", "元"
        lib.add(corpus_file("shifan-transport-2024.pdf").read_bytes() + b"\n%yuan\n", "yuan.pdf", yuan, [])
        entries = lib.entries()
        ids = [e.id for e in entries]
        units = lib.money_units(ids)
        assert units == {e.id: lib.load(e.id).header.money_unit for e in entries}
        assert sorted(set(units.values())) == ["万元", "元"]
        narrow, full = lib.facts(ids, key_patterns=compare.KEY_PATTERNS), lib.facts(ids)
        assert 0 < len(narrow) < len(full) / 3
        for make in (compare.metrics_table, compare.class_table):
            pd.testing.assert_frame_equal(make(entries, narrow, units), make(entries, full, units))
        metrics = compare.metrics_table(entries, narrow, units).set_index("单位")
        expected = float(parsed("shifan-transport-2024.pdf").table("公开01").cell("收入.本年收入合计").value)
        assert metrics.loc["以元为单位的单位", compare.INCOME] == round(expected / 10000, 2)
    finally:
        lib.close()


def test_money_kept_in_yuan_is_converted_to_wan(library):
    lib, loaded = library
    item = loaded[0]
    rows = lib.facts([item.entry.id])
    in_wan = compare.metrics_table([item.entry], rows)
    in_yuan = compare.metrics_table([item.entry], rows, {item.entry.id: "元"})
    for metric in (compare.INCOME, compare.EXPENDITURE):
        assert in_yuan[metric].iloc[0] == pytest.approx(round(in_wan[metric].iloc[0] / 10000, 2))


def test_ranking_of_one_year(frames):
    metrics, _, loaded = frames
    year_items = [i for i in loaded if i.entry.year == 2024]
    units = [i.entry.unit for i in year_items]
    ranking = compare.year_ranking(metrics, 2024, units, compare.INCOME)
    key = "公开01.收入.本年收入合计"
    expected = sorted(year_items, key=lambda i: -i.facts[key])
    assert list(ranking["单位"]) == [i.entry.unit for i in expected]
    assert list(ranking["排名"]) == list(range(1, len(expected) + 1))
    total = sum(i.facts[key] for i in year_items)
    for item, share in zip(expected, ranking["占比"]):
        assert share == pytest.approx(item.facts[key] / total * 100, abs=0.005)
    # a unit without the metric stays in the table, unranked, last
    admin = compare.year_ranking(metrics, 2024, units, compare.ADMIN)
    lacking = admin[admin[compare.ADMIN].isna()]
    assert not lacking.empty and lacking["排名"].isna().all()
    assert admin.index[admin[compare.ADMIN].isna()].min() == len(admin) - len(lacking)


def test_csv_reads_back_as_the_numbers(frames):
    metrics, _, _ = frames
    data = compare.csv_bytes(metrics[["单位", "年度", compare.INCOME, "基本支出占比"]])
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese text right
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["单位"]) == list(metrics["单位"])
    assert back[compare.INCOME].tolist() == pytest.approx(metrics[compare.INCOME].tolist())
    assert all(len(str(v).split(".")[1]) == 2 for v in data.decode("utf-8-sig").splitlines()[1].split(",")[2:3])


# --- figures ---------------------------------------------------------------------------


def test_trend_lines_carry_the_yearly_amounts(frames):
    metrics, _, loaded = frames
    trend = compare.unit_trend(metrics, PAIR_UNIT)
    fig = cf.trend_lines(trend, [compare.INCOME, compare.ADMIN], "t")
    assert [t.name for t in fig.data] == [compare.INCOME]  # no line for a metric no year states
    assert list(fig.data[0].x) == ["2023年", "2024年"]
    assert list(fig.data[0].y) == trend[compare.INCOME].tolist()
    assert fig.data[0].customdata[1] == f"{trend[compare.INCOME].iloc[1]:,.2f} 万元"


def test_findings_bars_stack_the_counts(frames):
    metrics, _, _ = frames
    trend = compare.unit_trend(metrics, PAIR_UNIT)
    fig = cf.findings_bars(trend, "年度", "t")
    assert [t.name for t in fig.data] == list(compare.SEVERITIES)
    for trace in fig.data:
        assert list(trace.y) == trend[trace.name].tolist()
    side = cf.findings_bars(trend, "单位", "t", horizontal=True)
    assert list(side.data[0].x) == trend["错误"].tolist() and side.layout.barmode == "stack"


def test_ranking_bars_in_rank_order_with_shares(frames):
    metrics, _, _ = frames
    ranking = compare.year_ranking(metrics, 2024, metrics["单位"], compare.EXPENDITURE)
    fig = cf.ranking_bars(ranking, compare.EXPENDITURE, "t")
    bar = fig.data[0]
    assert list(bar.y) == [plot_text(u) for u in ranking["单位"]]
    assert list(bar.x) == ranking[compare.EXPENDITURE].tolist()
    assert bar.text[0] == f"{ranking[compare.EXPENDITURE].iloc[0]:,.2f}（{ranking['占比'].iloc[0]:.2f}%）"


def test_split_bars_as_shares_fill_each_bar(frames):
    metrics, _, _ = frames
    df = metrics[metrics["年度"] == 2024]
    fig = cf.split_bars(df, [compare.BASIC, compare.PROJECT], "t", share=True)
    for i in range(len(df)):
        assert sum(t.x[i] for t in fig.data) == pytest.approx(100)
    amounts = cf.split_bars(df, [compare.BASIC, compare.PROJECT], "t")
    assert list(amounts.data[0].x) == df[compare.BASIC].tolist()
    assert list(amounts.data[0].y) == [plot_text(u) for u in df["单位"]]


def test_report_strings_reach_figures_inert():
    df = pd.DataFrame({"单位": ["<b>甲</b><br>单位"], "年度": [2024], compare.INCOME: [1.0], "占比": [100.0],
                       **{s: [1] for s in compare.SEVERITIES}})
    for fig in (cf.ranking_bars(df, compare.INCOME, "t"), cf.findings_bars(df, "单位", "t", horizontal=True)):
        assert fig.data[0].y[0] == "&lt;b&gt;甲&lt;/b&gt;&lt;br&gt;单位"


class _Entry:
    """The Entry fields compare reads, for hand-made rows."""

    def __init__(self, id: int, unit: str, year: int):
        self.id, self.unit, self.year = id, unit, year
        self.errors = self.warnings = self.notes = 0

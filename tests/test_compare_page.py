"""对比分析 page, run headless with AppTest on a library holding the corpus reports.

Every number the page shows — table cells, chart data, the CSV it offers — is held
against the reports' own facts (their truth files) and the checks' finding counts.
"""
from __future__ import annotations

import base64
import copy
import io
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from components import state
from components.fmt import md_escape
from juesuan.store import Library
from tests.compare_support import PAIR_UNIT, fill_library
from tests.corpus import corpus_file, parsed

ROOT = Path(__file__).resolve().parents[1]
# What app.py does before a page: pick the report on screen (the embedded sample at first).
HARNESS = """
import os, runpy
os.chdir({root!r})
from components import state
state.init()
runpy.run_path({page!r}, run_name="__main__")
"""
INCOME, EXPENDITURE = "公开01.收入.本年收入合计", "公开01.支出.本年支出合计"
ODD_UNIT = "**粗体**<b>标签</b>[链接](http://x)"  # a unit name that must be shown literally


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('compare_page') / 'library.db'}"
    items = fill_library(url)
    odd = copy.deepcopy(parsed("shifan-transport-2024.pdf"))
    odd.header.unit, odd.header.year = ODD_UNIT, 2030
    lib = Library(url)
    lib.add(corpus_file("shifan-transport-2024.pdf").read_bytes() + b"\n%odd\n", "odd.pdf", odd, [])
    lib.close()
    old = os.environ.get("JUESUAN_DB_URL")
    os.environ["JUESUAN_DB_URL"] = url
    state.library.clear()  # the app's library is a cached resource: open this one
    yield items
    state.library.clear()
    if old is None:
        os.environ.pop("JUESUAN_DB_URL", None)
    else:
        os.environ["JUESUAN_DB_URL"] = old


@pytest.fixture
def downloads(monkeypatch):
    """The files the page offers for download, as (file name, bytes), newest last."""
    offered: list[tuple[str, bytes]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        offered.append((filename, path_or_data))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return offered


def _app() -> AppTest:
    at = AppTest.from_string(HARNESS.format(root=str(ROOT), page=str(ROOT / "pages/compare.py")), default_timeout=180)
    return _ok(at.run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _money(value) -> str:
    return f"{value:,.2f}"


def _figure(at: AppTest, title_part: str) -> dict:
    """The chart whose title contains `title_part`: its plotly JSON."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if title_part in s["layout"]["title"]["text"])


def _trace(fig: dict, name: str) -> dict:
    return next(t for t in fig["data"] if t.get("name") == name)


def _values(data) -> list:
    """A trace's array as a list: plotly writes numeric arrays as typed base64 ('bdata')."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def _csv(downloads, filename: str) -> pd.DataFrame:
    data = next(d for n, d in reversed(downloads) if n == filename)
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def test_one_unit_across_years(loaded, downloads):
    at = _app()
    assert at.button_group[0].value == "同一单位历年对比"
    _ok(at.selectbox[0].set_value(PAIR_UNIT).run())
    old, new = (next(i for i in loaded if i.entry.unit == PAIR_UNIT and i.entry.year == y) for y in (2023, 2024))
    assert at.multiselect[0].value == [2023, 2024]
    assert at.subheader[0].value == md_escape(PAIR_UNIT)

    table = at.dataframe[0].value
    assert list(table["年度"]) == ["2023年", "2024年"]
    for label, key in (("本年收入合计", INCOME), ("本年支出合计", EXPENDITURE), ("基本支出", "公开03.合计.基本支出"),
                       ("项目支出", "公开03.合计.项目支出")):  # all four on all funds, as their headers say
        assert list(table[f"{label}（万元，全部资金）"]) == [_money(old.facts[key]), _money(new.facts[key])], label
    assert list(table["机关运行经费（万元，一般公共预算）"]) == ["报告未列示", "报告未列示"]
    change = new.facts[EXPENDITURE] - old.facts[EXPENDITURE]
    assert list(table["本年支出合计增减（万元）"]) == ["—", f"{change:+,.2f}"]
    assert list(table["错误"]) == [str(old.problem_counts["错误"]), str(new.problem_counts["错误"])]
    assert list(table["审核发现"]) == [str(sum(i.problem_counts.values())) for i in (old, new)]

    income = _trace(_figure(at, "收支总额"), "本年收入合计")
    assert _values(income["x"]) == ["2023年", "2024年"] and _values(income["y"]) == [old.facts[INCOME], new.facts[INCOME]]
    found = _figure(at, "审核发现")
    for severity in ("错误", "警告", "提示"):
        assert _values(_trace(found, severity)["y"]) == [old.problem_counts[severity], new.problem_counts[severity]]
    general = _trace(_figure(at, "支出功能分类"), "一般公共服务支出")
    assert _values(general["y"]) == [old.facts["公开01.支出.一般公共服务支出"], new.facts["公开01.支出.一般公共服务支出"]]

    csv = _csv(downloads, f"{PAIR_UNIT}_历年对比.csv")
    assert list(csv["年度"]) == [2023, 2024]
    assert csv["本年支出合计（万元，全部资金）"].tolist() == pytest.approx([old.facts[EXPENDITURE], new.facts[EXPENDITURE]])
    assert csv["本年支出合计增减（万元）"].tolist()[1] == pytest.approx(change)

    where = next(d.value for d in at.dataframe if "来源" in d.value.columns)
    for _, row in where.iterrows():  # each number's key and page, as the report has them
        item = old if row["年度"] == "2023年" else new
        assert row["来源"] in item.facts and row["页码"] == str(item.pages[row["来源"]]), row.to_dict()
    assert len(where) == 2 * 5  # 机关运行经费 is in neither year's report

    _ok(at.multiselect[0].set_value([2024]).run())
    assert list(at.dataframe[0].value["年度"]) == ["2024年"]
    assert any("只有一个年度" in i.value for i in at.info)


def test_several_units_in_one_year(loaded, downloads):
    at = _app()
    _ok(at.button_group[0].set_value("同一年度多单位对比").run())
    assert at.selectbox[0].value == 2024  # the year of the report on screen
    year = [i for i in loaded if i.entry.year == 2024]
    ranked = sorted(year, key=lambda i: -i.facts[INCOME])
    total = sum(i.facts[INCOME] for i in year)

    table = at.dataframe[0].value
    assert list(table["单位"]) == [i.entry.unit for i in ranked]
    assert list(table["排名"]) == [str(n) for n in range(1, len(ranked) + 1)]
    assert list(table["本年收入合计（万元，全部资金）"]) == [_money(i.facts[INCOME]) for i in ranked]
    assert list(table["占比（%）"]) == [f"{i.facts[INCOME] / total * 100:.2f}" for i in ranked]
    assert list(table["审核发现"]) == [str(sum(i.problem_counts.values())) for i in ranked]
    assert any(_money(total) in c.value for c in at.caption)

    bars = _figure(at, "本年收入合计排名")["data"][0]
    assert _values(bars["x"]) == [i.facts[INCOME] for i in ranked]
    csv = _csv(downloads, "2024年_本年收入合计_单位对比.csv")
    assert list(csv["单位"]) == [i.entry.unit for i in ranked]
    assert csv["本年收入合计（万元，全部资金）"].tolist() == pytest.approx([i.facts[INCOME] for i in ranked])

    _ok(at.text_input[0].input("示范市").run())
    shifan = [i for i in ranked if "示范市" in i.entry.unit]
    subtotal = sum(i.facts[INCOME] for i in shifan)
    table = at.dataframe[0].value
    assert list(table["单位"]) == [i.entry.unit for i in shifan]
    assert list(table["占比（%）"]) == [f"{i.facts[INCOME] / subtotal * 100:.2f}" for i in shifan]

    _ok(at.selectbox[1].set_value("本年支出合计").run())
    assert list(at.dataframe[0].value["本年支出合计（万元，全部资金）"]) == [
        _money(i.facts[EXPENDITURE]) for i in sorted(shifan, key=lambda i: -i.facts[EXPENDITURE])]


def test_report_strings_are_shown_literally(loaded, downloads):
    at = _app()
    _ok(at.selectbox[0].set_value(ODD_UNIT).run())
    assert at.subheader[0].value == md_escape(ODD_UNIT)
    name = downloads[-2][0]  # the table's CSV (the classes' CSV comes last)
    assert name.endswith("标签_b_[链接](http_x)_历年对比.csv") and not set('/\\:*?"<>|') & set(name)
    _ok(at.button_group[0].set_value("同一年度多单位对比").run())
    _ok(at.selectbox[0].set_value(2030).run())
    assert list(at.dataframe[0].value["单位"]) == [ODD_UNIT]
    assert _values(_figure(at, "排名")["data"][0]["y"]) == ["**粗体**&lt;b&gt;标签&lt;/b&gt;[链接](http://x)"]

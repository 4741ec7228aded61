"""juesuan/keys reads back what it builds, on every key of every corpus report."""
from __future__ import annotations

import pytest

from juesuan import keys
from juesuan.facts import table_cells

from .corpus import PDF_DOCUMENTS, parsed


@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_table_keys_read_back(name):
    report = parsed(name)
    cells = 0
    for table in report.tables.values():
        for row in table.rows:
            row_key = keys.cell(table.id, row.key)
            assert keys.head(row_key) == table.id and keys.table_of(row_key) == table.id
            assert keys.row_part(row_key) == row.key and keys.below(row_key, row_key) == ""
            assert keys.leading(row_key, 1 + len(keys.parts(row.key))) == row_key
            for column in row.cells:
                key = keys.cell(table.id, row.key, column)
                cells += 1
                assert keys.below(key, row_key) == column
                assert keys.parts(key) == [table.id, *keys.parts(row.key), *(keys.parts(column) if column else [])]
                assert keys.last(key) == (keys.last(column) if column else keys.last(row.key))
                assert not keys.is_no_data(key)
                # against the row's first column (as a sum names its parts), a cell differs by its column
                first = keys.cell(table.id, row.key, next(iter(row.cells)))
                assert keys.differing(first, key) in ((key,) if key == first else (column, keys.last(column)))
        assert keys.is_no_data(keys.no_data(table.id)) and keys.table_of(keys.no_data(table.id)) == table.id
    assert cells == sum(1 for t in report.tables.values() for _ in table_cells(t)) > 100


@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_stated_and_performance_keys_read_back(name):
    report = parsed(name)
    assert report.figures
    for fig in report.figures:
        assert keys.head(fig.key) == keys.NARRATIVE and keys.table_of(fig.key) is None
        assert keys.stated_parts(fig.key) == (fig.subject, fig.measure)
        assert keys.part_name(fig.key) == "情况说明"
    for project in report.projects:
        for measure in ("预算执行率", "等级"):
            assert keys.performance_parts(keys.performance(project.name, measure)) == (project.name, measure)
        for ind in project.indicators:
            key = keys.indicator(project.name, ind.name, "实际值")
            assert keys.performance_parts(key) == (project.name, keys.row("指标", ind.name, "实际值"))
            assert keys.part_name(key) == "绩效自评表"


def test_sums_of_keys():
    parts = ["公开06.人员经费合计", "公开06.公用经费合计"]
    assert keys.summands(keys.summed(parts)) == parts
    assert keys.summands("公开05.合计.合计") == ["公开05.合计.合计"]

"""The report library on SQLite and PostgreSQL: round trips, dedup, versions, queries, migrations."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from juesuan.facts import report_facts
from juesuan.parse import parse_report
from juesuan.store import Library, normalize_url, schema_version
from tests.corpus import corpus_file, parsed
from tests.store_support import corpus_documents, write_unit_copies

FINDINGS = [
    {"rule": "T01", "family": "表内", "severity": "错误", "message": "合计不等于各项之和", "facts": ["公开01.收入.合计"],
     "values": {"左": 1.5, "右": 1.2}, "pages": [3]},
    {"rule": "X02", "family": "表间", "severity": "警告", "message": "两表不一致", "facts": [], "values": {}, "pages": []},
    {"rule": "N03", "family": "说明", "severity": "警告", "message": "说明与表不符", "facts": [], "values": {}, "pages": [16]},
    {"rule": "P04", "family": "绩效", "severity": "提示", "message": "舍入差异", "facts": [], "values": {}, "pages": []},
]


def _expected_facts(report) -> list[tuple]:
    return [
        (f["key"], f["value"] if isinstance(f["value"], str) else Decimal(str(f["value"])), f.get("page"))
        for f in report_facts(report)["facts"]
    ]


@pytest.fixture
def lib(library_url):
    library = Library(library_url)
    yield library
    library.close()


def _seed_copies(tmp_path: Path, names: list[str], year_shift: int = 0) -> list[tuple[bytes, str, object]]:
    return [(p.read_bytes(), p.name, parse_report(p)) for p in write_unit_copies(tmp_path / f"y{year_shift}", names, year_shift)]


@pytest.mark.parametrize("name", corpus_documents())
def test_every_corpus_document_round_trips(lib, name):
    path = corpus_file(name)
    report = parsed(name)
    data = path.read_bytes()
    result = lib.add(data, path.name, report, FINDINGS, loaded_by="测试员")
    assert result.status == "imported"
    entry = result.entry
    assert (entry.unit, entry.year, entry.version) == (report.header.unit or path.stem, report.header.year, 1)
    assert (entry.errors, entry.warnings, entry.notes) == (1, 2, 1)
    assert entry.loaded_by == "测试员" and entry.parser_version == report.parser_version
    assert entry.kind == report.source.kind and entry.loaded_at.tzinfo is not None

    assert lib.load(entry.id) == report
    assert lib.original(entry.id) == (data, path.name)
    assert lib.findings(entry.id) == FINDINGS
    rows = lib.facts([entry.id])
    assert [(r["key"], r["value"], r["page"]) for r in rows] == _expected_facts(report)
    assert rows and {(r["entry_id"], r["unit"], r["year"]) for r in rows} == {(entry.id, entry.unit, entry.year)}


def test_same_file_twice_is_recognised_not_stored_twice(lib, tmp_path):
    data, name, report = _seed_copies(tmp_path, ["甲单位"])[0]
    first = lib.add(data, name, report)
    again = lib.add(data, "renamed-copy.txt", report, FINDINGS)
    assert again.status == "present"
    assert again.entry == first.entry
    assert len(lib.entries()) == 1
    assert lib.findings(first.entry.id) == []  # the second load changed nothing
    with lib.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM originals")).scalar() == 1


def test_new_file_for_same_unit_and_year_is_a_new_version(lib, tmp_path):
    (data, name, report), = _seed_copies(tmp_path, ["甲单位"])
    v1 = lib.add(data, name, report).entry
    corrected = dataclasses.replace(report, duties=report.duties + "（更正）")
    v2 = lib.add(data + b"\n", "更正版.txt", corrected)
    assert v2.status == "new_version"
    assert (v2.entry.unit, v2.entry.year, v2.entry.version) == (v1.unit, v1.year, 2)
    # the latest is shown by default; the older one stays, unchanged
    assert [e.id for e in lib.entries(latest_only=True)] == [v2.entry.id]
    assert [e.version for e in lib.entries()] == [2, 1]
    assert lib.load(v1.id) == report and lib.load(v2.entry.id) == corrected
    assert lib.original(v1.id) == (data, name)


def test_listing_order_search_and_previous_year(lib, tmp_path):
    units = ["乙单位", "甲单位", "丙单位"]
    this_year = [lib.add(d, n, r).entry for d, n, r in _seed_copies(tmp_path, units)]
    last_year = [lib.add(d, n, r).entry for d, n, r in _seed_copies(tmp_path, units, year_shift=-1)]
    listed = lib.entries()
    assert [(e.unit, e.year) for e in listed] == sorted(((e.unit, e.year) for e in listed), key=lambda k: (k[0], -k[1]))
    assert len(listed) == 6
    assert {e.unit for e in lib.entries("甲")} == {"甲单位"}
    year = this_year[0].year
    assert {e.year for e in lib.entries(str(year - 1))} == {year - 1}
    assert lib.entries("没有这个单位") == [] and lib.entries("%") == [] and lib.entries("_") == []
    for now, before in zip(this_year, last_year):
        assert lib.previous_year(now) == before
        assert lib.previous_year(before) is None


def test_facts_query_across_reports(lib, tmp_path):
    added = [lib.add(d, n, r).entry for d, n, r in _seed_copies(tmp_path, ["甲单位", "乙单位"])]
    every = lib.facts()
    assert {r["entry_id"] for r in every} == {e.id for e in added}
    one = lib.facts([added[1].id])
    assert one and all(r["unit"] == "乙单位" for r in one)
    # the same key in both reports carries the same amount: the copies differ only in the unit name
    by_key = {}
    for r in every:
        by_key.setdefault(r["key"], set()).add(r["value"])
    assert all(len(values) == 1 for values in by_key.values())
    assert lib.facts([]) == []


def test_schema_version_upgrades_and_refusal(library_url, monkeypatch):
    from juesuan import store

    Library(library_url).close()
    library = Library(library_url)  # reopening changes nothing
    with library.engine.begin() as conn:
        assert conn.execute(sa.select(schema_version.c.version)).scalars().all() == [store.SCHEMA_VERSION]
    library.close()

    # a newer program with one upgrade more: opening the old library applies it once
    probe = sa.Table("probe", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    monkeypatch.setattr(store, "UPGRADES", [*store.UPGRADES, lambda conn: probe.create(conn)])
    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    Library(library_url).close()
    library = Library(library_url)
    with library.engine.connect() as conn:
        assert conn.execute(sa.select(schema_version.c.version)).scalar() == store.SCHEMA_VERSION
        assert sa.inspect(conn).has_table("probe")
    library.close()

    monkeypatch.undo()  # the older program refuses the upgraded library
    with pytest.raises(RuntimeError, match="请升级程序"):
        Library(library_url)


def test_default_url_comes_from_the_environment_or_secrets(monkeypatch, tmp_path):
    from juesuan.store import DEFAULT_URL, default_url

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("JUESUAN_DB_URL", raising=False)
    assert default_url() == DEFAULT_URL
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[connections.sql]\nurl = "sqlite:///x.db"\n')
    assert default_url() == "sqlite:///x.db"
    monkeypatch.setenv("JUESUAN_DB_URL", "postgresql://u@h/db")
    assert default_url() == "postgresql://u@h/db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_default_library_is_sqlite_under_data(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("JUESUAN_DB_URL", raising=False)
    Library().close()  # creates its folder
    assert (tmp_path / "data" / "library.db").is_file()

"""One import path (issue 12): upload and `python -m juesuan import` store the same thing, the
checks run once, what is stored is what is shown, and the order in which a unit's years
arrive never changes what the library holds."""
from __future__ import annotations

import io
import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from juesuan import ingest
from juesuan.cli import main as cli
from juesuan.importer import import_files
from juesuan.store import Library

from .corpus import corpus_file

YEARS = {2023: "shifan-datacenter-2023.pdf", 2024: "shifan-datacenter-2024.pdf"}


def stored(url: str) -> dict[int, list[dict]]:
    lib = Library(url)
    try:
        return {e.year: lib.findings(e.id) for e in lib.entries()}  # one unit: a year is an entry
    finally:
        lib.close()


def checked_with_previous(capsys) -> list[dict]:
    """What `python -m juesuan check 2024 --previous 2023 --json` says."""
    status = cli(["check", str(corpus_file(YEARS[2024])), "--previous", str(corpus_file(YEARS[2023])), "--json"])
    assert status in (0, 1)
    return json.loads(capsys.readouterr().out)["findings"]


def test_import_order_does_not_change_what_is_stored(library_url, tmp_path, capsys):
    expected = checked_with_previous(capsys)
    results = {}
    for order in ((2023, 2024), (2024, 2023)):
        url = library_url if order == (2023, 2024) else f"sqlite:///{tmp_path / 'reverse.db'}"
        for year in order:  # one import after the other, as two people would
            import_files([str(corpus_file(YEARS[year]))], url=url, out=io.StringIO())
        results[order] = stored(url)
    assert results[(2023, 2024)] == results[(2024, 2023)]
    assert results[(2023, 2024)][2024] == expected
    lib = Library(library_url)
    this_year, last_year = sorted(lib.entries(), key=lambda e: -e.year)
    assert this_year.previous_id == last_year.id and ingest.current(lib, this_year)


def test_an_upload_stores_what_the_import_stores_and_shows_what_is_stored(tmp_path, capsys, monkeypatch):
    """2024 imported on the command line, 2023 uploaded in the app: 2024 is re-checked against
    2023 and stored; the app then shows exactly the stored findings."""
    expected = checked_with_previous(capsys)
    url = f"sqlite:///{tmp_path / 'library.db'}"
    import_files([str(corpus_file(YEARS[2024]))], url=url, out=io.StringIO())
    monkeypatch.setenv("JUESUAN_DB_URL", url)
    state.library.clear()
    state.bundle_for.clear()
    try:
        at = AppTest.from_file(os.path.join(os.path.dirname(__file__), "..", "app.py"), default_timeout=180).run()
        at.switch_page("pages/upload.py").run()
        path = corpus_file(YEARS[2023])
        at.file_uploader(key="upload_file").upload(path.name, path.read_bytes()).run()
        assert not at.exception
        lib = Library(url)
        by_year = {e.year: e for e in lib.entries("示范市数据资源服务中心")}  # the sample is there too
        assert lib.findings(by_year[2024].id) == expected
        assert by_year[2023].loaded_by == state.UPLOAD_ORIGIN
        shown = state.bundle_of(by_year[2024])
        assert [f.to_dict() for f in shown.findings] == expected  # shown = stored
        assert [o.to_dict() for o in shown.coverage] == lib.coverage(by_year[2024].id)
    finally:
        state.library.clear()
        state.bundle_for.clear()


def test_a_stored_entry_out_of_date_is_rechecked_and_restored(tmp_path):
    """An entry stored by other code (older checks, no coverage) is brought up to date once."""
    url = f"sqlite:///{tmp_path / 'library.db'}"
    lib = Library(url)
    data = corpus_file("yangquan-2024.txt").read_bytes()
    report = ingest.parse_file(data, "yangquan-2024.txt")
    entry = lib.add(data, "yangquan-2024.txt", report, []).entry  # no findings, no checks version
    assert not ingest.current(lib, entry)
    calls = []

    def run(task, *args):
        calls.append(task.__name__)
        return task(*args)

    fresh = ingest.refresh(run, lib, entry)
    assert calls == ["check_report"]  # the parser is current: only the checks ran
    assert ingest.current(lib, fresh)
    assert lib.findings(entry.id) == ingest.check_report(report).findings and lib.coverage(entry.id)
    assert fresh.errors == sum(f["severity"] == "错误" and f["group"] is None for f in lib.findings(entry.id))
    assert ingest.refresh(run, lib, fresh) == fresh and calls == ["check_report"]


@pytest.mark.parametrize("name", ["yangquan-2024.txt"])
def test_a_file_already_stored_is_present_and_not_parsed_again(tmp_path, name):
    url = f"sqlite:///{tmp_path / 'library.db'}"
    lib = Library(url)
    data = corpus_file(name).read_bytes()
    first = ingest.ingest(ingest.in_process, lib, data, name)
    calls = []
    again = ingest.ingest(lambda task, *a: calls.append(task) or task(*a), lib, data, "copy.txt")
    assert (first.status, again.status, again.entry.id, calls) == ("imported", "present", first.entry.id, [])

"""Batch import and the library under failure: crashes mid-import, two importers at once,
bad files, hung and dying workers — on SQLite and PostgreSQL."""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from juesuan.importer import add_import_command, import_files
from juesuan.store import Library
from tests import hostile
from tests.store_support import write_unit_copies

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("entries", "originals", "models", "facts", "findings")


def _row_counts(url: str) -> dict[str, int]:
    library = Library(url)
    with library.engine.connect() as conn:
        counts = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
    library.close()
    return counts


def _python(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


CRASH_MID_ADD = """
import os, sys
import juesuan.store as store
from juesuan.parse import parse_report
real_insert = store._insert_rows
def insert_then_die(conn, table, rows):
    real_insert(conn, table, rows)
    if table is store.facts_table:
        os._exit(3)  # the process dies inside the transaction: entry, bytes, model and facts written
store._insert_rows = insert_then_die
path = sys.argv[2]
store.Library(sys.argv[1]).add(open(path, "rb").read(), path, parse_report(path))
"""


def test_a_crash_mid_import_leaves_no_half_report(library_url, tmp_path):
    (path,) = write_unit_copies(tmp_path, ["甲单位"])
    proc = _python(CRASH_MID_ADD, library_url, str(path))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err
    assert _row_counts(library_url) == dict.fromkeys(TABLES, 0)
    # the library is usable and the file imports as if for the first time
    result = import_files([str(path)], url=library_url, out=io.StringIO())
    assert [r.status for r in result.results] == ["imported"]
    assert Library(library_url).entries()[0].version == 1


def test_an_error_mid_import_rolls_back_and_releases_the_lock(library_url, tmp_path, monkeypatch):
    from juesuan import store
    from juesuan.parse import parse_report

    (path,) = write_unit_copies(tmp_path, ["甲单位"])
    library = Library(library_url)
    real_insert = store._insert_rows

    def insert_then_fail(conn, table, rows):
        real_insert(conn, table, rows)
        raise OSError("disk full")

    monkeypatch.setattr(store, "_insert_rows", insert_then_fail)
    with pytest.raises(OSError):
        library.add(path.read_bytes(), path.name, parse_report(path))
    monkeypatch.undo()
    assert _row_counts(library_url) == dict.fromkeys(TABLES, 0)
    assert library.add(path.read_bytes(), path.name, parse_report(path)).status == "imported"


IMPORT = """
import sys
from juesuan.importer import import_files
summary = import_files(sys.argv[2:], jobs=2, url=sys.argv[1])
sys.exit(1 if summary.count("failed") else 0)
"""


def test_two_processes_importing_at_once_both_succeed(library_url, tmp_path):
    own_a = write_unit_copies(tmp_path / "a", [f"甲{i}单位" for i in range(12)])
    own_b = write_unit_copies(tmp_path / "b", [f"乙{i}单位" for i in range(12)])
    shared = write_unit_copies(tmp_path / "s", [f"丙{i}单位" for i in range(6)])
    # a corrected file of a unit the other process is importing: must become version 2, not clash
    corrected = tmp_path / "b" / "甲0单位-更正.txt"
    corrected.write_bytes(own_a[0].read_bytes() + "\n（更正）\n".encode())
    Library(library_url).close()  # both start on an existing library, as users would
    first = _python(IMPORT, library_url, *map(str, own_a + shared))
    second = _python(IMPORT, library_url, *map(str, shared + own_b + [corrected]))
    (out_a, err_a), (out_b, err_b) = first.communicate(timeout=300), second.communicate(timeout=300)
    assert first.returncode == 0, out_a + err_a
    assert second.returncode == 0, out_b + err_b

    entries = Library(library_url).entries()
    assert len(entries) == len(own_a) + len(own_b) + len(shared) + 1
    assert len({e.sha256 for e in entries}) == len(entries)
    by_unit: dict[str, list[int]] = {}
    for e in entries:
        by_unit.setdefault(e.unit, []).append(e.version)
    assert by_unit["甲0单位"] == [2, 1]
    assert all(v == [1] for unit, v in by_unit.items() if unit != "甲0单位")
    for path in shared:  # each shared file stored by exactly one of the two
        lines = [line for line in (out_a + out_b).splitlines() if str(path) in line]
        assert sorted(_status(line) for line in lines) == ["已存在", "已导入"], lines


def _status(line: str) -> str:
    """The status word of a per-file line '[ 3/20] 已导入  path：…'."""
    return line.split("]", 1)[1].split()[0]


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_import_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_cli_import_reports_each_file_and_continues_past_failures(library_url, tmp_path, capsys):
    good = write_unit_copies(tmp_path / "in", ["甲单位", "乙单位"])
    (tmp_path / "in" / "empty.pdf").write_bytes(b"")
    (tmp_path / "in" / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    (tmp_path / "in" / "notes.md").write_text("not a report")  # not a document kind: not collected
    status = _cli(["import", str(tmp_path / "in"), str(tmp_path / "missing"), "--jobs", "2", "--db", library_url,
                   "--by", "王会计"])
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert status == 1
    assert len(lines) == 6  # 4 collected files + the missing path + the summary
    assert lines[-1].startswith("导入完成：共5个文件，新导入2，新版本0，已存在0，失败3")
    failed = [line for line in lines[:-1] if _status(line) == "失败"]
    assert len(failed) == 3 and all("Traceback" not in line for line in failed)
    assert any("empty.pdf" in line and "文件为空" in line for line in failed)
    assert any("不存在" in line for line in failed)
    assert {e.loaded_by for e in Library(library_url).entries()} == {"王会计"}

    assert _cli(["import", *map(str, good), "--db", library_url]) == 0
    again = capsys.readouterr().out.splitlines()
    assert [_status(line) for line in again[:-1]] == ["已存在", "已存在"]
    assert "已存在2" in again[-1]


def test_unit_override_files_copies_under_other_units(library_url, tmp_path):
    (path,) = write_unit_copies(tmp_path, ["甲单位"])
    copy = tmp_path / "copy.txt"
    copy.write_bytes(path.read_bytes() + b"\n")
    summary = import_files([str(path), str(copy)], url=library_url, units={str(copy): "另一个单位"}, out=io.StringIO())
    assert sorted(r.status for r in summary.results) == ["imported", "imported"]
    assert {e.unit for e in Library(library_url).entries()} == {"甲单位", "另一个单位"}


def test_a_pathological_file_fails_alone_within_its_limits(tmp_path):
    """A PDF of 40 MB of path operators (once 5½ minutes at 11 GB) fails at its time limit
    or memory cap with a Chinese reason; the files around it are imported."""
    url = f"sqlite:///{tmp_path / 'library.db'}"
    paths = write_unit_copies(tmp_path / "in", ["甲单位", "乙单位", "丙单位"])
    heavy = tmp_path / "in" / "001-路径.pdf"
    heavy.write_bytes(hostile.path_operator_pdf(40))
    started = time.monotonic()
    summary = import_files([str(p) for p in [*paths, heavy]], jobs=2, url=url, timeout=5, memory_mb=300,
                           out=io.StringIO())
    assert time.monotonic() - started < 60
    status = {Path(r.path).name: (r.status, r.message) for r in summary.results}
    assert status[heavy.name][0] == "failed" and ("超时" in status[heavy.name][1] or "内存" in status[heavy.name][1])
    assert sorted(s for name, (s, _) in status.items() if name != heavy.name) == ["imported"] * 3
    assert len(Library(url).entries()) == 3


def test_cli_says_in_chinese_when_the_library_cannot_be_opened(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    (path,) = write_unit_copies(tmp_path / "in", ["甲单位"])
    assert _cli(["import", str(path), "--db", f"sqlite:///{blocker / 'library.db'}"]) == 2
    assert capsys.readouterr().err.startswith("无法打开报告库")

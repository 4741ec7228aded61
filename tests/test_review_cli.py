"""`python -m juesuan review` and the library on SQLite and PostgreSQL: decisions taken on the
command line survive a restart (another process), a re-import after the parser changed and a
new version of the report; a correction re-runs the checks; two reviewers correcting at
once both count; `export ENTRY --annotated-pdf` leaves a dismissed finding out."""
from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import sqlalchemy as sa

from juesuan import ingest
from juesuan.cli import main as cli
from juesuan.decisions import CONFIRMED, DISMISSED, PENDING
from juesuan.importer import import_files
from juesuan.store import Library
from tests.corpus import ROOT, corpus_file
from tests.store_support import library_url  # noqa: F401 — the fixture

SEED_TEXT = "yangquan-2024.txt"
ROUNDING_ROW = "301\t工资福利支出\t110.34"  # 公开06 301 one cent above its items: a 表内.06 finding
STATED_TWICE = "基本支出136.04万元"  # 136.03 in the later section: a 文内.前后一致 finding


def _review(capsys, url: str, entry: int, *args: str) -> tuple[int, dict | str]:
    status = cli(["review", str(entry), "--db", url, *args])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if "--json" in args and status == 0 else out + err)


def _state(capsys, url: str, entry: int) -> dict:
    status, listed = _review(capsys, url, entry, "--json")
    assert status == 0
    return listed


def _statuses(listed: dict) -> dict[str, str]:
    return {f["id"]: f["status"] for f in listed["findings"]}


def _rule(listed: dict, rule: str) -> dict:
    return next(f for f in listed["findings"] if f["rule"] == rule)


def _import(url: str, path: Path) -> int:
    summary = import_files([str(path)], url=url, out=io.StringIO())
    assert summary.count("failed") == 0
    library = Library(url)
    try:
        return max(e.id for e in library.entries())
    finally:
        library.close()


def test_decisions_survive_a_restart_a_reimport_and_a_new_version(library_url, capsys, tmp_path):  # noqa: F811
    url = library_url
    first = _import(url, corpus_file(SEED_TEXT))
    before = _state(capsys, url, first)
    assert set(_statuses(before).values()) == {PENDING}
    rounding = _rule(before, "表内.06")
    words = _rule(before, "文字.重复词")
    repeated = _rule(before, "文内.前后一致")

    status, said = _review(capsys, url, first, "--dismiss", rounding["id"], "--by", "张三")
    assert status == 2 and "理由" in said  # a dismissal needs its reason
    assert _review(capsys, url, first, "--dismiss", rounding["id"][:8], "--reason", "尾数误差", "--by", "张三")[0] == 0
    assert _review(capsys, url, first, "--confirm", words["id"], "--by", "李四")[0] == 0
    status, said = _review(capsys, url, first, "--correct", f"{repeated['facts'][0]}=136.03", "--reason", "与第六部分一致",
                           "--by", "王会计")
    assert status == 0 and "136.04 → 136.03" in said
    status, said = _review(capsys, url, first, "--confirm", "nosuchid")
    assert status == 2 and "没有编号" in said

    # a restart: another process reads the library afresh
    env = {**os.environ, "JUESUAN_REVIEWER": "赵六"}
    run = subprocess.run([sys.executable, "-m", "juesuan", "review", str(first), "--db", url, "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    after = json.loads(run.stdout)
    statuses = _statuses(after)
    assert statuses[rounding["id"]] == DISMISSED and statuses[words["id"]] == CONFIRMED
    assert repeated["id"] not in statuses  # the checks ran again on the corrected figure
    (fix,) = after["corrections"]
    assert (fix["key"], fix["original"], fix["value"], fix["by"]) == (repeated["facts"][0], "136.04", "136.03", "王会计")
    assert _rule(after, "表内.06")["decision"]["reason"] == "尾数误差"

    # a re-import after the parser changed: the same entry is parsed again, its decisions hold
    library = Library(url)
    with library.engine.begin() as conn:
        conn.execute(sa.text("UPDATE entries SET parser_version = 'older' WHERE id = :id"), {"id": first})
    library.close()
    assert _statuses(_state(capsys, url, first)) == statuses

    # a new version of the same report (re-issued with a blank line more): the decisions carry over
    text = corpus_file(SEED_TEXT).read_text(encoding="utf-8")
    (tmp_path / "reissued.txt").write_text(text + "\n", encoding="utf-8")
    second = _import(url, tmp_path / "reissued.txt")
    assert second != first
    carried = _state(capsys, url, second)
    assert _statuses(carried) == statuses
    assert _rule(carried, "表内.06")["decision"]["carried_from"] == first
    assert [c["key"] for c in carried["corrections"]] == [fix["key"]]

    # a corrected upload that fixes the figures: nothing left to carry over for them
    fixed_text = text.replace(ROUNDING_ROW, ROUNDING_ROW.replace("110.34", "110.33")).replace(
        STATED_TWICE, STATED_TWICE.replace("136.04", "136.03"))
    (tmp_path / "fixed.txt").write_text(fixed_text, encoding="utf-8")
    third = _import(url, tmp_path / "fixed.txt")
    fixed = _state(capsys, url, third)
    assert fixed["corrections"] == []  # the file now prints 136.03 there
    assert rounding["id"] not in _statuses(fixed) and _statuses(fixed)[words["id"]] == CONFIRMED


def _correcting(url: str, entry: int, key: str, value: str, start) -> None:
    start.wait()
    status = cli(["review", str(entry), "--db", url, "--correct", f"{key}={value}", "--by", key])
    sys.exit(status)


def test_two_reviewers_correcting_at_once_both_count(library_url, capsys):  # noqa: F811
    url = library_url
    entry = _import(url, corpus_file(SEED_TEXT))
    before = _state(capsys, url, entry)
    rounding, repeated = _rule(before, "表内.06"), _rule(before, "文内.前后一致")
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [context.Process(target=_correcting, args=(url, entry, key, value, start))
               for key, value in ((rounding["facts"][0], "110.33"), (repeated["facts"][0], "136.03"))]
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    assert [w.exitcode for w in workers] == [0, 0]
    after = _state(capsys, url, entry)
    assert sorted(c["key"] for c in after["corrections"]) == sorted([rounding["facts"][0], repeated["facts"][0]])
    ids = set(_statuses(after))
    assert rounding["id"] not in ids and repeated["id"] not in ids  # both corrections were checked
    library = Library(url)
    try:
        assert ingest.current(library, library.get(entry))
    finally:
        library.close()


def test_the_annotated_pdf_of_a_library_entry_leaves_dismissed_findings_out(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'library.db'}"
    entry = _import(url, corpus_file("yangquan-2024.pdf"))
    listed = _state(capsys, url, entry)
    paged = [f for f in listed["findings"] if f["pages"]]
    dismissed = paged[0]["id"]
    assert _review(capsys, url, entry, "--dismiss", dismissed, "--reason", "口径不同")[0] == 0
    out = tmp_path / "annotated.pdf"
    assert cli(["export", str(entry), "--db", url, "--annotated-pdf", str(out)]) == 0
    capsys.readouterr()
    with pikepdf.open(out) as pdf:
        names = [str(a.NM) for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype != "/Popup"]
    assert sorted(names) == sorted(f["id"] for f in paged if f["id"] != dismissed)

    # a report that is not a PDF has no pages to annotate: said, and nothing written
    assert cli(["export", str(corpus_file(SEED_TEXT)), "--annotated-pdf", str(tmp_path / "t.pdf")]) == 3
    assert "不是PDF" in capsys.readouterr().err and not (tmp_path / "t.pdf").exists()

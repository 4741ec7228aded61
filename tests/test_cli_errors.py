"""Ordinary mistakes on the command line get a Chinese message and an exit status — never a
traceback: a missing file, a folder, an unwritable or full output, an unusable library, file
names in another encoding or with control characters, Ctrl-C and kill -9 during an import."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from juesuan.store import Library

from . import hostile
from .corpus import corpus_file
from .processes import workers_of
from .store_support import write_unit_copies

ROOT = Path(__file__).resolve().parents[1]


def juesuan(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stderr


@pytest.mark.parametrize("command", ["parse", "facts", "check", "export"])
def test_missing_file_and_folder(command, tmp_path):
    extra = ["--xlsx", str(tmp_path / "out.xlsx")] if command == "export" else []
    missing = juesuan(command, str(tmp_path / "没有这个文件.pdf"), *extra)
    folder = juesuan(command, str(tmp_path), *extra)
    for done, reason in ((missing, "文件不存在"), (folder, "这是文件夹，不是文件")):
        no_traceback(done)
        assert done.returncode == 2 and reason in done.stderr, done.stderr


def test_unwritable_and_full_output_locations(tmp_path):
    seed = str(corpus_file("yangquan-2024.txt"))
    (tmp_path / "a-file").write_text("")
    cases = {"/dev/full": "磁盘空间不足", str(tmp_path / "a-file" / "out.xlsx"): "上级路径不是文件夹",
             str(tmp_path): "该位置是文件夹"}
    for target, reason in cases.items():
        done = juesuan("export", seed, "--xlsx", target)
        no_traceback(done)
        assert done.returncode == 2 and reason in done.stderr, (target, done.stderr)


def test_unusable_libraries(tmp_path):
    (path,) = write_unit_copies(tmp_path / "in", ["甲单位"])
    corrupt = tmp_path / "library.db"
    corrupt.write_bytes(os.urandom(4096))
    cases = {f"sqlite:///{corrupt}": "报告库文件已损坏",
             "postgresql://someone:secret@127.0.0.1:1/nowhere": "无法连接报告库服务器",
             f"sqlite:///{tmp_path / 'in' / path.name / 'library.db'}": "无法打开报告库"}
    for url, reason in cases.items():
        done = juesuan("import", str(path), "--db", url)
        no_traceback(done)
        assert done.returncode == 2 and reason in done.stderr and "secret" not in done.stderr, done.stderr


def test_file_names_in_gbk_or_with_control_characters(tmp_path):
    (seed,) = write_unit_copies(tmp_path / "src", ["甲单位"])
    folder = tmp_path / "in"
    folder.mkdir()
    gbk = os.path.join(os.fsencode(folder), "决算报告".encode("gbk") + b".txt")
    with open(gbk, "wb") as f:
        f.write(seed.read_bytes())
    (folder / "bad\x1b[31m\u202ename.txt").write_bytes(seed.read_bytes() + b"\n")
    url = f"sqlite:///{tmp_path / 'library.db'}"
    done = juesuan("import", str(folder), "--db", url)
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "决算报告.txt" in done.stdout  # decoded as GBK, printed readably
    assert "bad\\x1b[31m\\u202ename.txt" in done.stdout and "\x1b" not in done.stdout
    assert sorted(e.filename for e in Library(url).entries()) == ["bad[31mname.txt", "决算报告.txt"]


def test_an_incomplete_report_says_so(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(hostile.incomplete_pdf())
    done = juesuan("parse", str(path))
    no_traceback(done)
    assert "注意：第23、24、25页未能读取，报告不完整" in done.stdout
    url = f"sqlite:///{tmp_path / 'library.db'}"
    done = juesuan("import", str(path), "--db", url)
    assert "有3页未能读取，报告不完整" in done.stdout
    (entry,) = Library(url).entries()
    assert entry.incomplete and entry.unread_pages == 3


def _start_slow_import(tmp_path) -> tuple[subprocess.Popen, Path]:
    folder = tmp_path / "in"
    write_unit_copies(folder, ["甲单位"])
    for i in range(3):
        (folder / f"{i}-paths.pdf").write_bytes(hostile.path_operator_pdf(20))
    url = f"sqlite:///{tmp_path / 'library.db'}"
    proc = subprocess.Popen([sys.executable, "-m", "juesuan", "import", str(folder), "--db", url, "--jobs", "2",
                             "--timeout", "300"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while len(workers_of(proc.pid)) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, "the import did not start its workers"
        time.sleep(0.2)
    return proc, folder


def test_ctrl_c_stops_an_import_with_the_summary_so_far(tmp_path):
    proc, _ = _start_slow_import(tmp_path)
    workers = workers_of(proc.pid)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in err
    assert out.strip().splitlines()[-1].startswith("导入已中断：共4个文件")
    assert workers and not workers_of(proc.pid)


def test_kill_9_of_an_import_leaves_no_workers(tmp_path):
    proc, _ = _start_slow_import(tmp_path)
    workers = workers_of(proc.pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while workers_of(proc.pid):
        assert time.monotonic() < deadline, f"workers {workers} outlived the import"
        time.sleep(0.1)

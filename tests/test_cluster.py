"""Batch import on a Dask cluster (issue 15 item 2): `python -m juesuan import … --cluster ADDRESS`
stores exactly what a local import stores, fails a file as a local import does, and loses
nothing when a worker dies — on a real `dask scheduler` and `dask worker` processes started here."""
from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from juesuan import cluster as cluster_module
from juesuan.importer import import_files
from juesuan.pool import PoolUnavailable
from juesuan.serialize import report_to_dict
from juesuan.store import Library
from tests import hostile
from tests.cluster_support import DaskCluster, KillWorker
from tests.corpus import SHARED_CORPUS, corpus_file
from tests.store_support import corpus_documents, fresh_library_url, write_unit_copies

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two single-threaded workers, shared by the tests that leave it as it was."""
    with DaskCluster(workers=2) as running:
        yield running


def snapshot(url: str) -> dict:
    """Everything the library holds for each stored file, by its bytes' sha256: the entry (but
    its id, time and version, which depend on the order files finish in), last year's entry it
    was checked against, the model, the facts, the findings and the coverage — and, per unit and
    year, the versions held."""
    lib = Library(url)
    try:
        entries = lib.entries()
        sha_of = {e.id: e.sha256 for e in entries}
        files, versions = {}, {}
        for e in entries:
            data, filename = lib.original(e.id)
            assert hashlib.sha256(data).hexdigest() == e.sha256
            files[e.sha256] = {
                "entry": (e.unit, e.year, e.filename, e.kind, e.loaded_by, e.parser_version, e.checks_version,
                          e.errors, e.warnings, e.notes, e.unread_pages),
                "previous": sha_of.get(e.previous_id),
                "model": report_to_dict(lib.load(e.id)),
                "facts": [(f["key"], f["value"], f["page"]) for f in lib.facts([e.id])],
                "findings": lib.findings(e.id),
                "coverage": lib.coverage(e.id),
            }
            versions.setdefault((e.unit, e.year), set()).add(e.version)
        return {"files": files, "versions": versions}
    finally:
        lib.close()


def corpus_paths() -> list[str]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent beside this clone: the corpus import needs it")
    return [str(corpus_file(name)) for name in corpus_documents()]


def lines(summary) -> dict[str, tuple[str, str]]:
    """Each file's status and message, by file name — entry numbers and versions, and whether a
    unit's report came first or as a new version, left aside: they follow the order files finish in."""
    return {Path(r.path).name: ("stored" if r.status in ("imported", "new_version") else r.status,
                                re.sub(r"第\d+([号版])", r"第…\1", r.message))
            for r in summary.results}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_cluster_import_of_the_corpus_stores_what_a_local_import_stores(cluster, backend, tmp_path):
    paths = corpus_paths()
    with fresh_library_url(backend, tmp_path / "local") as local_url, \
            fresh_library_url(backend, tmp_path / "cluster") as cluster_url:
        local = import_files(paths, jobs=2, url=local_url, loaded_by="王会计", out=io.StringIO())
        remote = import_files(paths, url=cluster_url, loaded_by="王会计", cluster=cluster.address, out=io.StringIO())
        assert [r for r in remote.results if r.status == "failed"] == []
        assert len(remote.results) == len(paths)
        assert lines(remote) == lines(local)
        expected, got = snapshot(local_url), snapshot(cluster_url)
    assert len(got["files"]) == len(paths)  # every corpus report stored
    assert got["versions"] == expected["versions"]
    assert got["files"].keys() == expected["files"].keys()
    for sha, stored in expected["files"].items():
        assert got["files"][sha] == stored, stored["entry"]
    # the two years of one unit: 2024 checked against 2023, whichever finished first
    checked_against = {v["entry"][1]: v["previous"] for v in got["files"].values() if v["entry"][0] == "示范市数据资源服务中心"}
    assert checked_against[2024] is not None and checked_against[2023] is None


def test_failures_and_time_limits_are_those_of_a_local_import(cluster, tmp_path):
    """Bad inputs get their Chinese message, a file past its time limit (or memory cap) is
    reported within it, and the files around them are imported — as in a local import."""
    if not (SHARED_CORPUS / "bad").is_dir():
        pytest.skip("../shared/corpus/bad is absent beside this clone")
    # scanned.pdf is read by OCR, seconds a page: past this test's tight limits by time or memory
    bad = [str(p) for p in sorted((SHARED_CORPUS / "bad").glob("*.pdf")) if p.name != "scanned.pdf"]
    good = [str(p) for p in write_unit_copies(tmp_path / "in", ["甲单位", "乙单位"])]
    heavy = tmp_path / "in" / "路径炸弹.pdf"
    heavy.write_bytes(hostile.path_operator_pdf(40))
    paths = [*good, *bad, str(heavy)]
    limits = {"timeout": 5, "memory_mb": 300}
    local = import_files(paths, jobs=2, url=f"sqlite:///{tmp_path / 'local.db'}", out=io.StringIO(), **limits)
    started = time.monotonic()
    remote = import_files(paths, url=f"sqlite:///{tmp_path / 'cluster.db'}", cluster=cluster.address,
                          out=io.StringIO(), **limits)
    assert time.monotonic() - started < 90
    expected, got = lines(local), lines(remote)
    heavy_expected, heavy_got = expected.pop(heavy.name), got.pop(heavy.name)
    assert got == expected
    assert heavy_got[0] == "failed" and ("超时" in heavy_got[1] or "内存" in heavy_got[1]), heavy_got
    assert heavy_expected[0] == "failed"
    assert got["empty.pdf"] == ("failed", "文件为空（0字节），请重新选择文件。")
    assert got["not-a-report.pdf"][1].startswith("未识别到决算公开报表内容")
    assert [got[Path(p).name][0] for p in good] == ["stored", "stored"]
    assert all("Traceback" not in message for _, message in got.values())


def test_a_worker_killed_mid_file_loses_nothing(cluster, tmp_path):
    """A Dask worker killed (SIGKILL) while parsing a file: the scheduler runs the task again on
    another worker, and the library ends as a local import leaves it."""
    pdf = corpus_file("yangquan-2024.pdf")
    paths = []
    for i in range(2):  # first: PDFs take long enough to parse for the worker to be killed mid-parse
        copy = tmp_path / "in" / f"copy{i}.pdf"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(pdf.read_bytes() + f"\n%copy {i}\n".encode())
        paths.append(str(copy))
    paths += [str(p) for p in write_unit_copies(tmp_path / "in", [f"丁{i}单位" for i in range(4)])]
    units = {p: f"戊{i}单位" for i, p in enumerate(paths) if p.endswith(".pdf")}
    killer = KillWorker(str(tmp_path), times=1, after=0.3)
    before = cluster.worker_pids()
    from distributed import Client

    with Client(cluster.address, set_as_default=False) as client:
        client.register_plugin(killer)
        try:
            remote = import_files(paths, url=f"sqlite:///{tmp_path / 'cluster.db'}", units=units,
                                  cluster=cluster.address, out=io.StringIO())
        finally:
            client.unregister_worker_plugin(killer.name)
    (killed,) = killer.kills()
    assert killed[1] == "executing", killed  # the worker was killed while it parsed the file
    cluster.wait_for_workers(2)  # its nanny started a new one
    assert len(set(cluster.worker_pids()) - set(before)) == 1
    assert [r.status for r in remote.results] == ["imported"] * len(paths)
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    import_files(paths, jobs=2, url=local_url, units=units, out=io.StringIO())
    assert snapshot(f"sqlite:///{tmp_path / 'cluster.db'}") == snapshot(local_url)


def test_a_file_every_worker_dies_on_is_reported_and_the_import_ends(tmp_path):
    """Past the scheduler's allowed failures the file is reported as failed, in Chinese."""
    (path,) = write_unit_copies(tmp_path / "in", ["己单位"])
    killer = KillWorker(str(tmp_path), times=10, after=0)
    from distributed import Client

    with DaskCluster(workers=2, scheduler_env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}) as running:
        with Client(running.address, set_as_default=False) as client:
            client.register_plugin(killer)
            summary = import_files([str(path)], url=f"sqlite:///{tmp_path / 'lib.db'}", cluster=running.address,
                                   out=io.StringIO())
    assert [state for _, state in killer.kills()] == ["executing"] * 2  # the first try and the one allowed retry
    assert [(r.status, r.message) for r in summary.results] == [("failed", cluster_module.worker_lost_message(2))]
    assert Library(f"sqlite:///{tmp_path / 'lib.db'}").entries() == []


def _cli(*args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "juesuan", "import", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def test_a_lost_scheduler_stops_the_import_with_a_message(tmp_path):
    """The scheduler killed mid-import: the import ends (exit 2) saying so; what it stored is
    whole, and a second run with another cluster imports the rest."""
    paths = [str(p) for p in write_unit_copies(tmp_path / "in", [f"庚{i}单位" for i in range(40)])]
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    with DaskCluster(workers=1) as running:
        proc = _cli(*paths, "--db", url, "--cluster", running.address)
        first = proc.stdout.readline()  # a file is done: the import is under way
        os.killpg(running.scheduler.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, out + err
    assert "已导入" in first
    assert err.strip() == cluster_module.lost_message(running.address), err
    assert "导入已停止：共40个文件" in out.splitlines()[-1]
    done = [line for line in [first, *out.splitlines()] if "已导入" in line]
    # every file reported is stored; a worker may have stored one more whose result the dead
    # scheduler never passed on — the rerun shows it as present, never imports it twice
    stored = len(Library(url).entries())
    assert len(done) <= stored < 40
    with DaskCluster(workers=2) as again:
        rerun = import_files([str(tmp_path / "in")], url=url, cluster=again.address, out=io.StringIO())
    assert rerun.count("present") == stored and rerun.count("imported") == 40 - stored


def test_a_cluster_without_workers_stops_the_import(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "NO_WORKERS_SECONDS", 3)
    paths = [str(p) for p in write_unit_copies(tmp_path / "in", ["辛单位"])]
    with DaskCluster(workers=1) as running:
        for proc in running.worker_procs:
            os.killpg(proc.pid, signal.SIGKILL)  # nanny and worker: nothing restarts it
        out = io.StringIO()
        with pytest.raises(PoolUnavailable) as raised:
            import_files(paths, url=f"sqlite:///{tmp_path / 'lib.db'}", cluster=running.address, out=out)
    assert "没有可用的工作节点" in raised.value.message
    assert out.getvalue().startswith("导入已停止：共1个文件，已处理0个")


def test_workers_running_other_code_stop_the_import(cluster, tmp_path, monkeypatch):
    """Workers whose parser or checks differ from this process's would store what a local
    import would not: the import stops at the first task."""
    monkeypatch.setattr(cluster_module, "CODE_VERSIONS", ("another parser", "other checks"))
    paths = [str(p) for p in write_unit_copies(tmp_path / "in", ["壬单位", "癸单位"])]
    with pytest.raises(PoolUnavailable) as raised:
        import_files(paths, url=f"sqlite:///{tmp_path / 'lib.db'}", cluster=cluster.address, out=io.StringIO())
    assert "程序版本与本机不同" in raised.value.message
    assert Library(f"sqlite:///{tmp_path / 'lib.db'}").entries() == []


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "not an address"])
def test_cli_says_in_chinese_when_the_cluster_cannot_be_reached(tmp_path, address):
    (path,) = write_unit_copies(tmp_path / "in", ["子单位"])
    proc = _cli(str(path), "--db", f"sqlite:///{tmp_path / 'lib.db'}", "--cluster", address)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.startswith(f"无法连接计算集群（{address}）") and "Traceback" not in err, err
    assert out == ""


def test_ctrl_c_stops_a_cluster_import_and_keeps_what_was_stored(cluster, tmp_path):
    paths = [str(p) for p in write_unit_copies(tmp_path / "in", [f"丑{i}单位" for i in range(40)])]
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    proc = _cli(*paths, "--db", url, "--cluster", cluster.address)
    proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "Traceback" not in err
    summary = out.splitlines()[-1]
    assert summary.startswith("导入已中断：共40个文件")
    assert len(Library(url).entries()) == 1 + sum("已导入" in line for line in out.splitlines())


def test_the_app_and_the_command_line_do_not_import_dask():
    code = ("import sys\n"
            "import juesuan.cli, juesuan.importer, juesuan.pool, components.state\n"
            "assert not {'dask', 'distributed'} & set(sys.modules), sorted(m for m in sys.modules if 'dask' in m)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

"""Shared fixtures for the report-library tests: a fresh library on SQLite and on PostgreSQL.

The PostgreSQL run needs a server named by JUESUAN_TEST_PG_URL (scripts/start_postgres.sh
prints one). Without it the PostgreSQL cases skip — except under CI (CI=true), where a
missing server is a failure, so a broken CI setup cannot pass by skipping.
Each test gets its own PostgreSQL schema (dropped afterwards) through the connection's
search_path, so tests never see each other's reports.
"""
from __future__ import annotations

import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from juesuan.parse import parse_report
from juesuan.store import normalize_url
from tests.corpus import LOCAL_COPIES, SHARED_CORPUS

DOCUMENT_SUFFIXES = (".pdf", ".txt", ".docx", ".xlsx")


def pg_base_url() -> str:
    url = os.environ.get("JUESUAN_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but JUESUAN_TEST_PG_URL is not set: the PostgreSQL store tests must run in CI")
    pytest.skip("no PostgreSQL server configured (set JUESUAN_TEST_PG_URL, e.g. from scripts/start_postgres.sh)")


def _with_schema(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + "options=" + quote(f"-csearch_path={schema}")


@pytest.fixture(params=["sqlite", "postgresql"])
def library_url(request, tmp_path):
    """The URL of an empty library on each backend."""
    with fresh_library_url(request.param, tmp_path / "lib") as url:
        yield url


@contextmanager
def fresh_library_url(backend: str, folder: Path):
    """The URL of an empty library on `backend` ('sqlite': a file in `folder`; 'postgresql':
    a schema of its own, dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'library.db'}"
        return
    base = pg_base_url()
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield _with_schema(base, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def corpus_documents() -> list[str]:
    """Names (as tests.corpus.parsed takes them) of every corpus report — not the deliberately
    broken files of bad/ — from ../shared/corpus when present, else the repository's copies."""
    if SHARED_CORPUS.is_dir():
        found = [p.relative_to(SHARED_CORPUS).as_posix() for p in [*SHARED_CORPUS.glob("*"), *SHARED_CORPUS.glob("real/*")]
                 if p.suffix in DOCUMENT_SUFFIXES]
    else:
        found = {p.name for d in LOCAL_COPIES if d.is_dir() for p in d.glob("*") if p.suffix in DOCUMENT_SUFFIXES}
    return sorted(found)


def seed_text() -> tuple[str, str]:
    """The plain-text seed report and the unit name it states."""
    for folder in (SHARED_CORPUS, *LOCAL_COPIES):
        seed = folder / "yangquan-2024.txt"
        if seed.exists():
            return seed.read_text(encoding="utf-8"), parse_report(seed).header.unit
    pytest.skip("yangquan-2024.txt not available")


def write_unit_copies(folder: Path, names: list[str], year_shift: int = 0) -> list[Path]:
    """Copies of the text seed, one per unit name (the seed's unit name rewritten), so each
    is a different file of a different unit; `year_shift` moves every year written as 'NNNN年'."""
    text, unit = seed_text()
    text = re.sub(r"(20\d\d)(?=\s*年)", lambda m: str(int(m.group(1)) + year_shift), text)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(names):
        path = folder / f"{i:03d}-{name}.txt"
        path.write_text(text.replace(unit, name), encoding="utf-8")
        paths.append(path)
    return paths


@contextmanager
def app_library(url: str):
    """For the block, the app's library (JUESUAN_DB_URL, components.state's cached library and
    bundles) is the one at `url`; afterwards it is what it was."""
    from components import state

    old = os.environ.get("JUESUAN_DB_URL")
    os.environ["JUESUAN_DB_URL"] = url
    state.library.clear()
    state.bundle_for.clear()
    try:
        yield
    finally:
        state.library.clear()
        state.bundle_for.clear()
        if old is None:
            os.environ.pop("JUESUAN_DB_URL", None)
        else:
            os.environ["JUESUAN_DB_URL"] = old

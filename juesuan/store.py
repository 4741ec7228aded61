"""The report library: every loaded report kept, with its original file, model, facts and findings.

    lib = Library()                       # JUESUAN_DB_URL, Streamlit secrets, or sqlite:///data/library.db
    result = lib.add(data, "x.pdf", report, findings)
    lib.entries(latest_only=True)         # the picker
    lib.load(result.entry.id)             # the Report back, exactly

One code path (SQLAlchemy Core) serves SQLite and PostgreSQL.

Identity and versions: a file is known by the sha256 of its bytes — adding the same bytes
again returns the stored entry (status 'present') and stores nothing. A different file for a
unit and year already in the library becomes the next version (status 'new_version'); old
versions are never overwritten and stay selectable. A report whose unit could not be read
is filed under its file name, so unrelated unreadable-unit files do not stack as versions.

Reviews: each entry (report version) has a review log (juesuan.decisions: decisions on its
findings, corrections of misread values), appended to line by line and never rewritten, so
reviewers deciding at once each keep their line.

Atomicity: one `add` is one transaction (entry, original bytes, model, facts, findings, the
decisions carried over from the version before), so a crash part-way leaves nothing behind. Adds are serialised — SQLite's `BEGIN IMMEDIATE`,
a PostgreSQL transaction-scoped advisory lock — so concurrent importers never compute the
same version number; parsing happens before, outside the lock.

Migrations: table `schema_version` holds one row, the library's schema version. The Table
definitions below are the current schema: a new library gets them whole and starts at
SCHEMA_VERSION. `UPGRADES[i]` is a function `(connection) -> None` taking an existing library
from version i+1 to i+2; opening a library applies the ones it lacks, in order, each in its
own transaction under the writers' lock, and records each new version. To change the schema:
edit the Table definitions AND append the upgrade that brings an older library there —
never edit an upgrade that has shipped.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine

from . import vocab
from .decisions import Review, Reviews
from .facts import report_facts, unreadable_keys
from .model import Report
from .review import standing_counts
from .safetext import clean
from .serialize import report_from_dict, report_to_dict

DEFAULT_URL = "sqlite:///data/library.db"
SEVERITIES = dict(zip(vocab.SEVERITIES, ("errors", "warnings", "notes")))  # severity → Entry counter of problems standing
_LOCK_KEY = 0x4A55_4553  # advisory-lock id for PostgreSQL ("JUES")

metadata = sa.MetaData()

schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))

entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("year", sa.Integer),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("loaded_by", sa.Text, nullable=False),
    sa.Column("parser_version", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("notes", sa.Integer, nullable=False),
    # what the stored findings were computed with: the checks' code and last year's entry
    sa.Column("checks_version", sa.Text, nullable=False, server_default=""),
    sa.Column("previous_id", sa.Integer),
    sa.Column("unread_pages", sa.Integer, nullable=False, server_default="0"),  # pages that could not be read
    sa.Column("corrections", sa.Text, nullable=False, server_default=""),  # decisions.Reviews.digest checked with
    sa.UniqueConstraint("unit", "year", "version"),
    sa.Index("ix_entries_unit_year", "unit", "year"),
)

originals = sa.Table(
    "originals",
    metadata,
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

models = sa.Table(
    "models",
    metadata,
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),  # serialize.report_to_dict as JSON
)

facts_table = sa.Table(
    "facts",
    metadata,
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),  # order of the facts export
    sa.Column("key", sa.Text, nullable=False, index=True),
    # exact decimal text for numbers (a float column would round money), the text otherwise
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("numeric", sa.Boolean, nullable=False),
    sa.Column("page", sa.Integer),
    sa.PrimaryKeyConstraint("entry_id", "seq"),
)

findings_table = sa.Table(  # `_table`: Library.add has a parameter `findings`
    "findings",
    metadata,
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("severity", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # the finding dict as given, JSON
    sa.PrimaryKeyConstraint("entry_id", "seq"),
)

reviews_table = sa.Table(  # each report version's review log (juesuan.decisions), appended to, never rewritten
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_by", sa.Text, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("basis", sa.Text, nullable=False),
    sa.Column("value", sa.Text),
    sa.Column("original", sa.Text),
    sa.Column("carried_from", sa.Integer),
)

coverage_table = sa.Table(  # every rule's outcome for the stored findings, as the checks gave it
    "coverage",
    metadata,
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # the outcome dict as given, JSON
    sa.PrimaryKeyConstraint("entry_id", "seq"),
)


def _stored_analysis(conn: Connection) -> None:
    """1 → 2: each entry records what its findings were computed with and its unread pages;
    the checks' coverage is stored beside the findings (so what is shown is what is stored)."""
    for ddl in ("ALTER TABLE entries ADD COLUMN checks_version TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE entries ADD COLUMN previous_id INTEGER",
                "ALTER TABLE entries ADD COLUMN unread_pages INTEGER NOT NULL DEFAULT 0"):
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql(
        "CREATE TABLE coverage (entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE, "
        "seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (entry_id, seq))"
    )




def _review_log(conn: Connection) -> None:
    """2 → 3: the review log (decisions on findings, corrections of misread values), and the
    corrections each entry's stored findings were checked with."""
    conn.exec_driver_sql("ALTER TABLE entries ADD COLUMN corrections TEXT NOT NULL DEFAULT ''")
    reviews_table.create(conn)


def _standing_counts(conn: Connection) -> None:
    """3 → 4: an entry's counters are the problems standing (as 概览 counts them), no longer
    every stored finding row."""
    for entry_id in conn.execute(sa.select(entries.c.id)).scalars().all():
        _recount(conn, entry_id)


UPGRADES: list[Callable[[Connection], None]] = [_stored_analysis, _review_log, _standing_counts]  # UPGRADES[i]: version i+1 → i+2
SCHEMA_VERSION = 1 + len(UPGRADES)


@dataclass(frozen=True)
class Entry:
    id: int
    unit: str
    year: int | None
    version: int
    filename: str
    sha256: str
    loaded_at: datetime
    loaded_by: str
    parser_version: str
    kind: str  # file kind: pdf / txt / docx / xlsx
    # the problems standing by severity, as 概览 counts them (review.standing_counts): set at
    # import and re-set with every review decision, in the same transaction
    errors: int
    warnings: int
    notes: int
    checks_version: str = ""  # the checks' code the stored findings came from
    previous_id: int | None = None  # last year's entry the stored findings were checked against
    unread_pages: int = 0
    corrections: str = ""  # the corrections (juesuan.decisions digest) the stored findings were checked with

    @property
    def incomplete(self) -> bool:
        """Some pages of the file could not be read (see Report.incomplete)."""
        return self.unread_pages > 0


@dataclass(frozen=True)
class AddResult:
    entry: Entry
    status: Literal["imported", "present", "new_version"]


def default_url() -> str:
    """JUESUAN_DB_URL, else a URL in Streamlit's secrets ([connections.juesuan] or
    [connections.sql], read as plain TOML: this library never imports streamlit), else
    the SQLite file data/library.db."""
    url = os.environ.get("JUESUAN_DB_URL")
    if url:
        return url
    for path in (Path(".streamlit/secrets.toml"), Path.home() / ".streamlit" / "secrets.toml"):
        try:
            secrets = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        connections = secrets.get("connections", {})
        for name in ("juesuan", "sql"):
            url = connections.get(name, {}).get("url")
            if url:
                return url
    return DEFAULT_URL


def normalize_url(url: str) -> str:
    """Plain postgresql:// URLs use psycopg (v3), the driver this project installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _make_engine(url: str) -> Engine:
    url_obj = sa.make_url(normalize_url(url))
    if url_obj.get_backend_name() != "sqlite":
        return sa.create_engine(url_obj, pool_pre_ping=True)
    if url_obj.database and url_obj.database != ":memory:":
        Path(url_obj.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url_obj, connect_args={"timeout": 60})

    # pysqlite's own transaction handling defers BEGIN and cannot take the write lock
    # up front; take over so each transaction is BEGIN IMMEDIATE (one writer at a time,
    # waiting up to the timeout) and WAL lets readers go on while a report is written.
    # synchronous=NORMAL: in WAL mode a crash still never leaves half a transaction; only
    # a power cut may lose the last commits, and an import can simply be run again.
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def filed_unit(report: Report, filename: str) -> str:
    """The unit a report is filed under: its unit name, else its file name (so unrelated
    files whose unit could not be read do not stack as versions of one another)."""
    return report.header.unit or Path(filename).stem


def _lock(conn: Connection) -> None:
    """Serialise writers for the rest of this transaction (SQLite: already, by BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))


def _as_utc(moment: datetime) -> datetime:
    # every stored moment is UTC; SQLite gives it back naive, PostgreSQL in the session's zone
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _entry(row) -> Entry:
    m = row._mapping
    return Entry(
        id=m["id"], unit=m["unit"], year=m["year"], version=m["version"], filename=m["filename"],
        sha256=m["sha256"], loaded_at=_as_utc(m["loaded_at"]), loaded_by=m["loaded_by"],
        parser_version=m["parser_version"], kind=m["kind"], errors=m["errors"],
        warnings=m["warnings"], notes=m["notes"], checks_version=m["checks_version"],
        previous_id=m["previous_id"], unread_pages=m["unread_pages"], corrections=m["corrections"],
    )


_ENTRY_COLUMNS = [c for c in entries.c if c.name != "size"]


def _sort_key(entry: Entry):
    # sorted in Python, not SQL: PostgreSQL's collation and SQLite's byte order would
    # order Chinese unit names differently, and the picker must look the same on both
    return (entry.unit, -(entry.year if entry.year is not None else -1), -entry.version)


def _fact_rows(entry_id: int, report: Report) -> list[dict]:
    rows = []
    for seq, fact in enumerate(report_facts(report)["facts"]):
        value = fact["value"]
        numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        rows.append({
            "entry_id": entry_id, "seq": seq, "key": fact["key"],
            # str(float) is the shortest text that reads back as the same number: the
            # amount as printed (money has far fewer than 15 significant digits)
            "value": str(Decimal(str(value))) if numeric else str(value),
            "numeric": numeric, "page": fact.get("page"),
        })
    return rows


def _finding_rows(entry_id: int, items: list[dict]) -> list[dict]:
    return [
        {"entry_id": entry_id, "seq": seq, "rule": str(f.get("rule", "")), "severity": str(f.get("severity", "")),
         "body": json.dumps(f, ensure_ascii=False, default=str)}
        for seq, f in enumerate(items)
    ]


def _coverage_rows(entry_id: int, items: list[dict]) -> list[dict]:
    return [{"entry_id": entry_id, "seq": seq, "body": json.dumps(o, ensure_ascii=False, default=str)}
            for seq, o in enumerate(items)]


def _counts(findings: Iterable[dict], log: Iterable[Review]) -> dict[str, int]:
    """An entry's counters: the problems standing, as every page counts them
    (juesuan.review.standing_counts: knock-on findings and dismissed findings aside)."""
    counts = standing_counts(findings, Reviews(log))
    return {column: counts.get(severity, 0) for severity, column in SEVERITIES.items()}


def _stored_bodies(conn: Connection, table: sa.Table, entry_id: int) -> list[dict]:
    bodies = conn.execute(sa.select(table.c.body).where(table.c.entry_id == entry_id).order_by(table.c.seq)).scalars()
    return [json.loads(b) for b in bodies]


def _stored_log(conn: Connection, entry_id: int) -> list[Review]:
    query = sa.select(reviews_table).where(reviews_table.c.entry_id == entry_id).order_by(reviews_table.c.id)
    return [_review(r) for r in conn.execute(query)]


def _recount(conn: Connection, entry_id: int) -> None:
    """Set an entry's counters from its stored findings and review log (in the caller's transaction)."""
    counts = _counts(_stored_bodies(conn, findings_table, entry_id), _stored_log(conn, entry_id))
    conn.execute(entries.update().where(entries.c.id == entry_id).values(**counts))


def _review_row(entry_id: int, r: Review) -> dict:
    return {"entry_id": entry_id, "kind": r.kind, "subject": r.subject, "status": r.status, "reason": r.reason,
            "decided_by": r.by, "decided_at": r.at, "basis": r.basis, "value": r.value, "original": r.original,
            "carried_from": r.carried_from}


def _review(row) -> Review:
    m = row._mapping
    return Review(kind=m["kind"], subject=m["subject"], status=m["status"], reason=m["reason"], by=m["decided_by"],
                  at=_as_utc(m["decided_at"]), basis=m["basis"], value=m["value"], original=m["original"],
                  carried_from=m["carried_from"], id=m["id"])


def _like(pattern: str) -> str:
    """A key pattern as SQL LIKE (escape '\\'): `*` → `%`. `%` may span a dot where `*` may
    not, so a few extra rows can come back; callers match keys exactly themselves."""
    literal = [p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for p in pattern.split("*")]
    return "%".join(literal)


class LibraryUnavailable(RuntimeError):
    """The library cannot be opened; `message` says why in Chinese, without SQL or secrets."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _unavailable(url: str, err: Exception) -> LibraryUnavailable:
    try:
        url_obj = sa.make_url(normalize_url(url))
    except sa.exc.ArgumentError:
        return LibraryUnavailable("报告库地址无效，请检查 --db 参数或 JUESUAN_DB_URL 设置。")
    if isinstance(err, LibraryUnavailable):
        return err
    if url_obj.get_backend_name() != "sqlite":
        where = f"{url_obj.host or 'localhost'}:{url_obj.port or ''}".rstrip(":")
        return LibraryUnavailable(f"无法连接报告库服务器（{where}），请确认数据库服务已启动、地址、用户名和密码正确。")
    path = url_obj.database or ""
    if isinstance(err, sa.exc.DatabaseError) and "not a database" in str(err):
        return LibraryUnavailable(f"报告库文件已损坏或不是报告库（{path}）。请检查该文件，或改用其他位置（--db 或 JUESUAN_DB_URL）。")
    return LibraryUnavailable(f"无法打开报告库（{path}）：位置不存在、不是文件夹或没有写入权限。请检查该位置或改用其他位置。")


class Library:
    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        try:
            self.engine = _make_engine(self.url)
            self._migrate()
        except (sa.exc.SQLAlchemyError, OSError, LibraryUnavailable) as err:
            raise _unavailable(self.url, err) from err

    def __repr__(self) -> str:
        return f"Library({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def _write(self):
        """A write transaction holding the writers' lock."""
        return _WriteTx(self.engine)

    def _migrate(self) -> None:
        with self._write() as conn:
            schema_version.create(conn, checkfirst=True)
            current = conn.execute(sa.select(schema_version.c.version)).scalar()
            if current is None:
                metadata.create_all(conn)
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                return
        if current > SCHEMA_VERSION:
            raise LibraryUnavailable(f"报告库的结构版本（{current}）比本程序（{SCHEMA_VERSION}）新，请升级程序后再打开。")
        while current < SCHEMA_VERSION:
            with self._write() as conn:
                current = conn.execute(sa.select(schema_version.c.version)).scalar()
                if current < SCHEMA_VERSION:  # another process may have upgraded meanwhile
                    UPGRADES[current - 1](conn)
                    current += 1
                    conn.execute(schema_version.update().values(version=current))

    # --- writing -----------------------------------------------------------------------

    def add(self, data: bytes, filename: str, report: Report, findings: list[dict] | None = None,
            loaded_by: str = "", *, coverage: list[dict] | None = None, checks_version: str = "",
            previous_id: int | None = None, corrections: str = "", reviews: Iterable[Review] = ()) -> AddResult:
        """Store a file with its model and the findings shown for it (`checks_version`,
        `previous_id` and `corrections` say what they were computed with; juesuan.ingest fills
        them). `reviews` — decisions carried over from the version before — start its review
        log in the same transaction."""
        sha = hashlib.sha256(data).hexdigest()
        unit = filed_unit(report, filename)
        year = report.header.year
        items, reviews = list(findings or []), list(reviews)
        model_json = json.dumps(report_to_dict(report), ensure_ascii=False)
        with self._write() as conn:
            known = conn.execute(sa.select(*_ENTRY_COLUMNS).where(entries.c.sha256 == sha)).first()
            if known is not None:
                return AddResult(_entry(known), "present")
            same_year = entries.c.year.is_(None) if year is None else entries.c.year == year
            latest = conn.execute(
                sa.select(sa.func.max(entries.c.version)).where(entries.c.unit == unit, same_year)
            ).scalar()
            values = dict(
                unit=unit, year=year, version=(latest or 0) + 1, filename=filename, sha256=sha,
                size=len(data), loaded_at=datetime.now(UTC), loaded_by=loaded_by,
                parser_version=report.parser_version, kind=report.source.kind, **_counts(items, reviews),
                checks_version=checks_version, previous_id=previous_id, corrections=corrections,
                unread_pages=len(report.source.unread_pages),
            )
            entry_id = conn.execute(entries.insert().values(**values)).inserted_primary_key[0]
            conn.execute(originals.insert().values(entry_id=entry_id, data=data))
            conn.execute(models.insert().values(entry_id=entry_id, body=model_json))
            _insert_rows(conn, facts_table, _fact_rows(entry_id, report))
            _insert_rows(conn, findings_table, _finding_rows(entry_id, items))
            _insert_rows(conn, coverage_table, _coverage_rows(entry_id, list(coverage or [])))
            _insert_rows(conn, reviews_table, [_review_row(entry_id, r) for r in reviews])
            row = conn.execute(sa.select(*_ENTRY_COLUMNS).where(entries.c.id == entry_id)).one()
        return AddResult(_entry(row), "new_version" if latest else "imported")

    def update_analysis(self, entry_id: int, report: Report, findings: list[dict], coverage: list[dict],
                        checks_version: str, previous_id: int | None, corrections: str = "") -> Entry:
        """Replace an entry's model, facts, findings and coverage (a newer parser or checks, or
        last year's report arrived); its identity, file and history stay as they are."""
        model_json = json.dumps(report_to_dict(report), ensure_ascii=False)
        with self._write() as conn:
            conn.execute(entries.update().where(entries.c.id == entry_id).values(
                parser_version=report.parser_version, checks_version=checks_version, previous_id=previous_id,
                corrections=corrections, unread_pages=len(report.source.unread_pages)))
            conn.execute(models.update().where(models.c.entry_id == entry_id).values(body=model_json))
            for table in (facts_table, findings_table, coverage_table):
                conn.execute(table.delete().where(table.c.entry_id == entry_id))
            _insert_rows(conn, facts_table, _fact_rows(entry_id, report))
            _insert_rows(conn, findings_table, _finding_rows(entry_id, findings))
            _insert_rows(conn, coverage_table, _coverage_rows(entry_id, coverage))
            _recount(conn, entry_id)
            row = conn.execute(sa.select(*_ENTRY_COLUMNS).where(entries.c.id == entry_id)).one()
        return _entry(row)

    def add_review(self, entry_id: int, review: Review) -> Review:
        """Append a decision to a report version's review log and set the entry's counters to
        the problems it leaves standing (one short transaction: reviewers deciding at once each
        add their line, and the counters always match the log)."""
        with self._write() as conn:
            if conn.execute(sa.select(entries.c.id).where(entries.c.id == entry_id)).first() is None:
                raise KeyError(entry_id)
            review_id = conn.execute(reviews_table.insert().values(**_review_row(entry_id, review))).inserted_primary_key[0]
            _recount(conn, entry_id)
        return dataclasses.replace(review, id=review_id)

    # --- reading -----------------------------------------------------------------------

    def find(self, sha256: str) -> Entry | None:
        """The entry holding exactly these bytes (lets an importer skip parsing a known file)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*_ENTRY_COLUMNS).where(entries.c.sha256 == sha256)).first()
        return _entry(row) if row else None

    def get(self, entry_id: int) -> Entry:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*_ENTRY_COLUMNS).where(entries.c.id == entry_id)).first()
        if row is None:
            raise KeyError(entry_id)
        return _entry(row)

    def entries(self, search: str = "", latest_only: bool = False) -> list[Entry]:
        """Sorted by unit, year (newest first), version (newest first). `search` matches
        the unit or file name (any case), or equals the year."""
        query = sa.select(*_ENTRY_COLUMNS)
        words = clean(search).strip()  # what a user pastes may carry NUL, which PostgreSQL refuses
        if words:
            # the user's words are matched literally: %, _ and \\ lose their LIKE meaning
            pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            match = [entries.c.unit.ilike(pattern, escape="\\"), entries.c.filename.ilike(pattern, escape="\\")]
            if words.isascii() and words.isdecimal() and len(words) <= 4:  # not '²', not 20 digits
                match.append(entries.c.year == int(words))
            query = query.where(sa.or_(*match))
        with self.engine.connect() as conn:
            found = [_entry(r) for r in conn.execute(query)]
        found.sort(key=_sort_key)
        if not latest_only:
            return found
        latest: dict[tuple[str, int | None], Entry] = {}
        for entry in found:  # versions come newest first
            latest.setdefault((entry.unit, entry.year), entry)
        return list(latest.values())

    def load(self, entry_id: int) -> Report:
        with self.engine.connect() as conn:
            body = conn.execute(sa.select(models.c.body).where(models.c.entry_id == entry_id)).scalar()
        if body is None:
            raise KeyError(entry_id)
        return report_from_dict(json.loads(body))

    def original(self, entry_id: int) -> tuple[bytes, str]:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(originals.c.data, entries.c.filename)
                .join(entries, entries.c.id == originals.c.entry_id)
                .where(originals.c.entry_id == entry_id)
            ).first()
        if row is None:
            raise KeyError(entry_id)
        return bytes(row.data), row.filename

    def findings(self, entry_id: int) -> list[dict]:
        return self._bodies(findings_table, entry_id)

    def coverage(self, entry_id: int) -> list[dict]:
        return self._bodies(coverage_table, entry_id)

    def _bodies(self, table: sa.Table, entry_id: int) -> list[dict]:
        with self.engine.connect() as conn:
            return _stored_bodies(conn, table, entry_id)

    def reviews(self, entry_id: int) -> list[Review]:
        """A report version's review log, oldest first."""
        with self.engine.connect() as conn:
            return _stored_log(conn, entry_id)

    def facts(self, entry_ids: list[int] | None = None, key_patterns: Iterable[str] | None = None) -> list[dict]:
        """Fact rows {entry_id, unit, year, key, value, page}; value is a Decimal for a
        number, a str for text (a grade). All reports' facts when entry_ids is None; only
        keys matching one of `key_patterns` ('公开01.支出.*', `*` = any run) when given —
        the filter runs in SQL, so comparing many reports reads only the rows it needs."""
        query = (
            sa.select(facts_table.c.entry_id, entries.c.unit, entries.c.year, facts_table.c.key, facts_table.c.value,
                      facts_table.c.numeric, facts_table.c.page)
            .join(entries, entries.c.id == facts_table.c.entry_id)
            .order_by(facts_table.c.entry_id, facts_table.c.seq)
        )
        if entry_ids is not None:
            query = query.where(facts_table.c.entry_id.in_(list(entry_ids)))
        if key_patterns is not None:
            query = query.where(sa.or_(*(facts_table.c.key.like(_like(p), escape="\\") for p in key_patterns)))
        with self.engine.connect() as conn:
            return [
                {"entry_id": r.entry_id, "unit": r.unit, "year": r.year, "key": r.key,
                 "value": Decimal(r.value) if r.numeric else r.value, "page": r.page}
                for r in conn.execute(query)
            ]

    def money_units(self, entry_ids: Iterable[int]) -> dict[int, str | None]:
        """entry id → the stored report's header.money_unit (万元, 元 …), read by the
        database's own JSON functions so no model is decoded in Python."""
        ids = list(entry_ids)
        if not ids:
            return {}
        if self.engine.dialect.name == "postgresql":
            unit = sa.cast(models.c.body, postgresql.JSONB)["header"]["money_unit"].astext
        else:  # SQLite (JSON1 is built in)
            unit = sa.func.json_extract(models.c.body, "$.header.money_unit")
        query = sa.select(models.c.entry_id, unit.label("money_unit")).where(models.c.entry_id.in_(ids))
        with self.engine.connect() as conn:
            return {r.entry_id: r.money_unit for r in conn.execute(query)}

    def unreadable(self, entry_ids: Iterable[int]) -> dict[int, dict[str, int | None]]:
        """entry id → what its stored model could not read (facts.unreadable_keys: unreliable
        table ids, unread cell keys, with pages) — neither is a fact, and a number read from
        the facts table must not stand where the report printed one unreadably."""
        ids = list(entry_ids)
        if not ids:
            return {}
        query = sa.select(models.c.entry_id, models.c.body).where(models.c.entry_id.in_(ids))
        with self.engine.connect() as conn:
            return {r.entry_id: unreadable_keys(json.loads(r.body)) for r in conn.execute(query)}

    def previous_year(self, entry: Entry) -> Entry | None:
        """The same unit's latest version of the year before: the one its checks compare with."""
        return self.latest(entry.unit, entry.year - 1) if entry.year is not None else None

    def latest(self, unit: str, year: int) -> Entry | None:
        """The latest version of a unit's report of a year."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(*_ENTRY_COLUMNS)
                .where(entries.c.unit == unit, entries.c.year == year)
                .order_by(entries.c.version.desc())
                .limit(1)
            ).first()
        return _entry(row) if row else None

    def following_year(self, entry: Entry) -> list[Entry]:
        """Every version of the same unit's report of the year after (checked against this year)."""
        if entry.year is None:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(*_ENTRY_COLUMNS).where(entries.c.unit == entry.unit, entries.c.year == entry.year + 1)
            ).all()
        return [_entry(r) for r in rows]


class _WriteTx:
    """`with _WriteTx(engine) as conn:` — commit on success, roll back on any exception."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Connection:
        self.conn = self.engine.connect().execution_options(write=True)
        self.tx = self.conn.begin()
        _lock(self.conn)
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.tx.commit()
            else:
                self.tx.rollback()
        finally:
            self.conn.close()


def _insert_rows(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    if rows:
        conn.execute(table.insert(), rows)

"""Fixtures shared across test modules."""
from tests.store_support import library_url  # noqa: F401 — the library on SQLite and on PostgreSQL

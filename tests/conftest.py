"""Fixtures shared across test modules."""
import sys

import pytest

from tests.store_support import library_url  # noqa: F401 — the library on SQLite and on PostgreSQL


@pytest.fixture(autouse=True)
def _main_module_restored():
    """Streamlit's AppTest leaves app.py as `__main__`; a process spawned by a later test
    would then run the app. Each test starts and ends with pytest's own `__main__`."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main

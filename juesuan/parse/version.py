"""The parser's version: the package version plus a digest of the parsing code.

A stored report records the version that parsed it; the library re-parses a stored file
when the code that reads it has changed, so a fixed parser never leaves stale models on
screen, without anyone remembering to bump a number.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__

_PACKAGE = Path(__file__).resolve().parents[1]


def _code_digest() -> str:
    digest = hashlib.sha256()
    # the model and every parsing module decide what a parse produces
    for path in sorted([_PACKAGE / "model.py", *(_PACKAGE / "parse").rglob("*.py")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


PARSER_VERSION = f"{__version__}+{_code_digest()}"

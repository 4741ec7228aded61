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


def code_digest(*names: str) -> str:
    """A digest of the package's modules and folders `names` (relative to juesuan/)."""
    digest = hashlib.sha256()
    paths = [p for name in names for p in ([_PACKAGE / name] if name.endswith(".py") else (_PACKAGE / name).rglob("*.py"))]
    for path in sorted(paths):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


# the model and every parsing module decide what a parse produces
PARSER_VERSION = f"{__version__}+{code_digest('model.py', 'safetext.py', 'parse')}"

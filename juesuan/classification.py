"""The national 政府收支分类科目 (支出功能分类) shipped as data: code → name of 类, 款 and 项.

The list is `data/function_subjects_<year>.tsv` (one `code<TAB>name` a line, `#` comments),
compiled from the 2024 classification as the corpus reports print it; a code missing from it
is simply not checked against it.
"""
from __future__ import annotations

import re
from pathlib import Path

from .vocab import INFO_ITEMS, STANDARD_CLASSES, TWO_SIDED_ROWS

SUBJECTS_YEAR = 2024
_FILE = Path(__file__).with_name("data") / f"function_subjects_{SUBJECTS_YEAR}.tsv"


def load_subjects(path: Path = _FILE) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            out[code.strip()] = name.strip()
    return out


NATIONAL_SUBJECTS = load_subjects()

# Every row name the national tables print: subjects, the 01/04 rows, the 公开10 items. A row
# reading as two of these run together, or as the piece of one, was misread.
KNOWN_ROWS = frozenset(NATIONAL_SUBJECTS.values()) | frozenset(STANDARD_CLASSES.values()) | frozenset(TWO_SIDED_ROWS) \
    | frozenset(INFO_ITEMS)
ASIDE = re.compile(r"[（(][^）)]*[）)]")  # （辆） （含专用结余）
_KNOWN_BARE = frozenset(ASIDE.sub("", name) for name in KNOWN_ROWS)
_KNOWN_BEGINNINGS = frozenset(name[:n] for name in KNOWN_ROWS for n in range(1, len(name) + 1))
_CODES_BY_NAME: dict[str, list[str]] = {}
for _code, _name in NATIONAL_SUBJECTS.items():
    _CODES_BY_NAME.setdefault(_name, []).append(_code)


def known_row(name: str) -> bool:
    """A row name the national tables print, asides such as （辆） or （含专用结余） aside."""
    return name in KNOWN_ROWS or ASIDE.sub("", name) in _KNOWN_BARE


def begins_known_row(text: str) -> bool:
    """Whether `text` is a row name the national tables print, or the beginning of one."""
    return text in _KNOWN_BEGINNINGS


def infer_codes(names: list[str]) -> list[str | None]:
    """The subject code of each row of a table printed with names only, in order: a 类 by its
    name, then a 款 of that 类, then a 项 of that 款 (names alone are ambiguous — 行政运行 is
    a 项 of many 款 — but not under their 类 and 款). None where the name is no such subject."""
    codes: list[str | None] = []
    cls = kuan = None
    for name in names:
        code = next((c for c in _CODES_BY_NAME.get(name, ()) if len(c) == 3), None)
        if code is None and cls:
            code = next((c for c in _CODES_BY_NAME.get(name, ()) if len(c) == 5 and c.startswith(cls)), None)
        if (code is None or codes and code == codes[-1]) and kuan:  # (a 款 and its 项 of one name)
            code = next((c for c in _CODES_BY_NAME.get(name, ()) if len(c) == 7 and c.startswith(kuan)), code)
        if code is not None:
            cls, kuan = code[:3], (code[:5] if len(code) >= 5 else None)
        codes.append(code)
    return codes

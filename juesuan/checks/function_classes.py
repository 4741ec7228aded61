"""Function classes (功能分类 类) by name: the bridge between tables keyed by label
(公开01, 公开04, the narrative) and tables keyed by subject code (02/03/05/07/08)."""
from __future__ import annotations

import re

from ..model import Report
from ..parse.normalize import strip_enum
from ..vocab import STANDARD_CLASSES  # noqa: F401 — re-exported to the rules

_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")


def norm_name(name: str) -> str:
    """A subject name without its level mark, spaces or enumeration: '(类)' '（项）'."""
    name = re.sub(r"\s+", "", name or "")
    name = _LEVEL_MARK.sub("", name)
    return strip_enum(name)


def code_names(report: Report) -> dict[str, set[str]]:
    """Subject name → codes, from every coded table row plus the standard classes."""
    out: dict[str, set[str]] = {}
    for table in report.tables.values():
        for row in table.rows:
            if row.code and row.label and table.id != "公开06":
                out.setdefault(norm_name(row.label), set()).add(row.code)
    for code, name in STANDARD_CLASSES.items():
        out.setdefault(name, set()).add(code)
    return out


def class_code(report: Report, name: str, names: dict[str, set[str]] | None = None) -> str | None:
    """The 3-digit class code of a class name, or None."""
    names = names if names is not None else code_names(report)
    codes = {c for c in names.get(norm_name(name), ()) if len(c) == 3}
    return codes.pop() if len(codes) == 1 else None


def subject_code_of(report: Report, name: str, names: dict[str, set[str]] | None = None) -> str | None:
    """The unique code of a subject name at any level (None when absent or ambiguous)."""
    names = names if names is not None else code_names(report)
    codes = names.get(norm_name(name), set())
    return next(iter(codes)) if len(codes) == 1 else None

"""Typed errors for input that is not a readable final-accounts report.

Each carries a Chinese message saying what is wrong and what the user can do; the CLI
and the dashboard show `message` as it is, never a traceback.
"""
from __future__ import annotations


class ReportError(Exception):
    """Base: the file cannot be read as a final-accounts report."""

    code = "unreadable"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EmptyFileError(ReportError):
    code = "empty"


class EncryptedError(ReportError):
    code = "encrypted"


class ScannedError(ReportError):
    code = "scanned"


class CorruptFileError(ReportError):
    code = "corrupt"


class NotAReportError(ReportError):
    code = "not_a_report"


class BudgetNotFinalError(ReportError):
    """A 部门预算/单位预算 disclosure: the other yearly disclosure, not a 决算 report."""

    code = "budget"


class TooManyPagesError(ReportError):
    code = "too_many_pages"


class UnsupportedFormatError(ReportError):
    code = "unsupported"

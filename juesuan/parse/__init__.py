"""Parse a final-accounts report: file → RawDocument → Report.

    from juesuan.parse import parse_report
    report = parse_report("yangquan-2024.pdf")

Input kind is picked by content. Unreadable input raises a ReportError subclass with a
Chinese message; a report with some parts missing still parses, the gaps recorded in
`report.problems`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import TABLE_IDS, TABLE_TITLES, Problem, Report, Source
from ..safetext import stored_name
from .errors import NotAReportError, ReportError
from .front import parse_header, parse_overview, parse_toc, refuse_budget, refuse_budget_pdf_cover
from .narrative import parse_narrative
from .performance import parse_performance
from .raw import Progress, RawDocument
from .reader import read_document
from .rereading import reread_unreliable
from .settings import ParseSettings
from .tables import parse_tables
from .version import PARSER_VERSION

__all__ = ["parse_report", "parse_raw", "ReportError", "ParseSettings", "PARSER_VERSION"]


def parse_raw(doc: RawDocument) -> Report:
    """The model of an already-read document."""
    refuse_budget(doc)  # before any table is read
    report = Report(parser_version=PARSER_VERSION)
    report.header = parse_header(doc)
    report.toc = parse_toc(doc)
    report.duties, report.organisation = parse_overview(doc)
    report.tables, problems = parse_tables(doc)
    report.problems.extend(problems)
    report.sections, report.figures = parse_narrative(doc)
    report.projects = parse_performance(doc)
    if not report.tables and not report.figures:
        raise NotAReportError(
            "未识别到决算公开报表内容（未找到“收入支出决算总表/公开01表”等表格）。请确认上传的是单位/部门决算公开文件。"
        )
    listed = {e.table_id for e in report.toc if e.table_id}
    for table_id in TABLE_IDS:
        if table_id not in report.tables:
            where = "目录列出但正文中" if table_id in listed else "正文中"
            report.problems.append(Problem(f"{where}未找到{table_id}（{TABLE_TITLES[table_id]}）", table_id=table_id))
    return report


def parse_report(source: str | Path | bytes, filename: str | None = None, settings: ParseSettings = ParseSettings(),
                 progress: Progress | None = None) -> Report:
    """Parse a path, or bytes with their file name (used only for messages and notes);
    `progress(done, total)` is told of each PDF page read."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        data = path.read_bytes()
        filename = filename or path.name
    else:
        data = bytes(source)
    refuse_budget_pdf_cover(data)  # a budget's cover, before its pages are read
    doc = read_document(data, filename or "", settings, progress)
    report = parse_raw(doc)
    report.source = Source(
        filename=stored_name(filename or ""),
        kind=doc.kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        page_count=doc.page_count,
        notes=list(doc.notes),
        unread_pages=list(doc.unread_pages),
        ocr_pages=list(doc.ocr_pages),
    )
    reread_unreliable(report, data, filename or "", settings)
    return report

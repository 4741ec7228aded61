"""`python -m juesuan export REPORT --pptx OUT --xlsx OUT --html OUT --pdf OUT --images DIR --annotated-pdf OUT`.

REPORT is a file, or the number of a report in the library: its reviewers' decisions then
hold — a dismissed finding is not exported, a corrected value is exported corrected.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .. import ingest
from ..decisions import ReviewError
from ..decisions_cli import reviewed_entry
from ..describe import incomplete_note
from ..store import Library, LibraryUnavailable
from ..userio import InputError, analyse_paths, command, read_file, write_file
from .annotated import AnnotationUnavailable, annotated_pdf
from .html import PdfUnavailable, build_html, html_to_pdf
from .images import FORMATS, ImageUnavailable, slide_images
from .pptx import build_pptx
from .slides import build_slides
from .xlsx import build_xlsx


def _from_library(args):
    """The report, the findings to send and the original bytes of a library entry."""
    try:
        library = Library(args.db)
    except LibraryUnavailable as err:
        raise InputError(f"无法打开报告库：{err.message}") from None
    try:
        entry, findings, reviews = reviewed_entry(library, args.file)
        return ingest.reviewed_model(library, entry.id), reviews.active(findings), library.original(entry.id)[0]
    except ReviewError as err:
        raise InputError(err.message) from None
    finally:
        library.close()


@command
def _cmd_export(args) -> int:
    if not any((args.pptx, args.xlsx, args.html, args.pdf, args.images, args.annotated_pdf)):
        print("请至少指定一种导出：--pptx、--xlsx、--html、--pdf、--images 或 --annotated-pdf", file=sys.stderr)
        return 2
    if args.file.isdigit() and not Path(args.file).exists():
        report, findings, original = _from_library(args)
    else:
        # parsed and checked in a capped worker; a file that cannot be read or written ends with its message
        report, _, result = analyse_paths(args.file, args.previous)
        findings, original = list(result.findings), None
    if report.incomplete:
        print(incomplete_note(report), file=sys.stderr)
    slides = build_slides(report, findings)
    written: list[Path] = []

    def write(path: str, data: bytes | str) -> None:
        written.append(write_file(path, data.encode("utf-8") if isinstance(data, str) else data))

    status = 0
    try:
        if args.pptx:
            write(args.pptx, build_pptx(report, slides=slides))
        if args.xlsx:
            write(args.xlsx, build_xlsx(report, findings))
        if args.html or args.pdf:
            html = build_html(report, slides=slides)
            if args.html:
                write(args.html, html)
            if args.pdf:
                write(args.pdf, html_to_pdf(html))
        if args.images:
            for fmt in FORMATS:
                for name, data in slide_images(slides, fmt).items():
                    write(str(Path(args.images) / name), data)
        if args.annotated_pdf:
            if report.source.kind != "pdf":
                raise AnnotationUnavailable("批注版只能由PDF原文件生成，本报告不是PDF。")
            write(args.annotated_pdf, annotated_pdf(original or read_file(args.file), report, findings))
    except (PdfUnavailable, ImageUnavailable, AnnotationUnavailable) as err:
        print(str(err), file=sys.stderr)
        status = 3
    for path in written:
        print(f"已生成 {path}（{path.stat().st_size:,} 字节）")
    return status


def add_export_command(subparsers) -> None:
    """Register `export` on the main CLI's subparsers (args.run returns the exit status)."""
    p = subparsers.add_parser("export", help="导出会议材料：PowerPoint、Excel、HTML/PDF简报、图表图片")
    p.add_argument("file", metavar="REPORT", help="报告文件，或报告库中的报告编号（按审核结论导出）")
    p.add_argument("--pptx", metavar="OUT", help="PowerPoint演示文稿（原生可编辑图表）")
    p.add_argument("--xlsx", metavar="OUT", help="Excel工作簿：各决算表、事实清单、审核发现")
    p.add_argument("--html", metavar="OUT", help="单页HTML简报（可打印为A4）")
    p.add_argument("--pdf", metavar="OUT", help="单页PDF简报（需要Chromium）")
    p.add_argument("--images", metavar="DIR", help="每个图表的PNG和SVG图片（需要Chromium）")
    p.add_argument("--annotated-pdf", metavar="OUT", help="批注版PDF：原文件上每条审核发现一个红框和批注，可发回单位")
    p.add_argument("--previous", metavar="FILE", help="同一单位上年度的报告，用于跨年审核")
    p.add_argument("--db", default=None, help="报告库地址（REPORT为报告编号时；默认：JUESUAN_DB_URL 或 data/library.db）")
    p.set_defaults(run=_cmd_export)

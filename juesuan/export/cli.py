"""`python -m juesuan export FILE --pptx OUT --xlsx OUT --html OUT --pdf OUT --images DIR`."""
from __future__ import annotations

import sys
from pathlib import Path

from ..userio import analyse_paths, command, incomplete_note, write_file
from .html import PdfUnavailable, build_html, html_to_pdf
from .images import FORMATS, ImageUnavailable, slide_images
from .pptx import build_pptx
from .slides import build_slides
from .xlsx import build_xlsx


@command
def _cmd_export(args) -> int:
    if not any((args.pptx, args.xlsx, args.html, args.pdf, args.images)):
        print("请至少指定一种导出：--pptx、--xlsx、--html、--pdf 或 --images", file=sys.stderr)
        return 2
    # parsed and checked in a capped worker; a file that cannot be read or written ends with its message
    report, _, result = analyse_paths(args.file, args.previous)
    if report.incomplete:
        print(incomplete_note(report), file=sys.stderr)
    findings = list(result.findings)
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
    except (PdfUnavailable, ImageUnavailable) as err:
        print(str(err), file=sys.stderr)
        status = 3
    for path in written:
        print(f"已生成 {path}（{path.stat().st_size:,} 字节）")
    return status


def add_export_command(subparsers) -> None:
    """Register `export` on the main CLI's subparsers (args.run returns the exit status)."""
    p = subparsers.add_parser("export", help="导出会议材料：PowerPoint、Excel、HTML/PDF简报、图表图片")
    p.add_argument("file")
    p.add_argument("--pptx", metavar="OUT", help="PowerPoint演示文稿（原生可编辑图表）")
    p.add_argument("--xlsx", metavar="OUT", help="Excel工作簿：各决算表、事实清单、审核发现")
    p.add_argument("--html", metavar="OUT", help="单页HTML简报（可打印为A4）")
    p.add_argument("--pdf", metavar="OUT", help="单页PDF简报（需要Chromium）")
    p.add_argument("--images", metavar="DIR", help="每个图表的PNG和SVG图片（需要Chromium）")
    p.add_argument("--previous", metavar="FILE", help="同一单位上年度的报告，用于跨年审核")
    p.set_defaults(run=_cmd_export)

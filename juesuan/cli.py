"""Command line: python -m juesuan {parse,facts,check,import,export,review} …

Every command that reads a report parses (and checks) it in a capped worker, as uploads
are; every ordinary mistake — no such file, a folder, an unwritable output, an unreadable
library, Ctrl-C — ends with a Chinese message and an exit status, never a traceback
(userio.command; the import reports per file).
"""
from __future__ import annotations

import argparse
import json
import sys

from .checks.cli import add_check_command
from .decisions_cli import add_review_command
from .describe import describe, incomplete_note
from .export.cli import add_export_command
from .facts import report_facts
from .importer import add_import_command
from .userio import command, parse_path


@command
def _cmd_facts(args) -> int:
    report = parse_path(args.file)
    json.dump(report_facts(report), sys.stdout, ensure_ascii=False, indent=1)
    print()
    if report.incomplete:
        print(incomplete_note(report), file=sys.stderr)
    return 0


@command
def _cmd_parse(args) -> int:
    report = parse_path(args.file)
    print(describe(report))
    if report.incomplete:
        print(incomplete_note(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m juesuan", description="决算公开报告：解析、审核、导出")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("facts", help="打印报告的事实清单（JSON）")
    p.add_argument("file")
    p.set_defaults(run=_cmd_facts)
    p = sub.add_parser("parse", help="打印解析摘要：表格、页码、说明中的数字、绩效项目")
    p.add_argument("file")
    p.set_defaults(run=_cmd_parse)
    add_check_command(sub)
    add_import_command(sub)
    add_export_command(sub)
    add_review_command(sub)
    args = ap.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `… | head`: the reader has gone; nothing more to say
        return 0

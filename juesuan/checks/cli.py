"""`python -m juesuan check FILE [--json]`: the review findings of one report."""
from __future__ import annotations

import json
import sys

from ..parse import ReportError, parse_report
from . import ERROR, run_checks
from .format import catalogue


def _cmd_check(args) -> int:
    if args.rules:
        sys.stdout.write(catalogue())
        return 0
    if not args.file:
        print("请指定要审核的文件", file=sys.stderr)
        return 2
    try:
        report = parse_report(args.file)
        previous = parse_report(args.previous) if args.previous else None
    except ReportError as err:
        print(f"无法读取 {args.file}：{err.message}", file=sys.stderr)
        return 2
    except OSError as err:
        reason = {FileNotFoundError: "文件不存在", IsADirectoryError: "这是文件夹，不是文件",
                  PermissionError: "没有读取权限"}.get(type(err), "文件无法打开")
        print(f"无法读取 {err.filename or args.file}：{reason}", file=sys.stderr)
        return 2
    result = run_checks(report, previous)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        sys.stdout.write(result.format_text())
    return 1 if any(f.severity == ERROR for f in result.findings) else 0


def add_check_command(subparsers) -> None:
    """Register `check` on the main CLI's subparsers (args.run returns the exit status)."""
    p = subparsers.add_parser("check", help="审核报告中的勾稽关系，列出不一致之处")
    p.add_argument("file", nargs="?")
    p.add_argument("--json", action="store_true", help="输出JSON：{\"findings\": [...], \"coverage\": [...]}")
    p.add_argument("--previous", metavar="FILE", help="同一单位上年度的报告，用于核对较上年增减")
    p.add_argument("--rules", action="store_true", help="列出全部审核规则")
    p.set_defaults(run=_cmd_check)

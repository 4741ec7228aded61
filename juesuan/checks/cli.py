"""`python -m juesuan check FILE [--json]`: the review findings of one report."""
from __future__ import annotations

import json
import sys

from ..describe import incomplete_note
from ..userio import analyse_paths, command
from . import ERROR
from .format import catalogue


@command
def _cmd_check(args) -> int:
    if args.rules:
        sys.stdout.write(catalogue())
        return 0
    if not args.file:
        print("请指定要审核的文件", file=sys.stderr)
        return 2
    # parsed and checked in a capped worker; a file that cannot be read ends with its message
    report, _, result = analyse_paths(args.file, args.previous)
    if report.incomplete:
        print(incomplete_note(report), file=sys.stderr)
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

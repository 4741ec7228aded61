"""`python -m juesuan review ENTRY …`: a reviewer's decisions on a report in the library.

    review 3 --list                                   # the findings with their 待核实/已确认/已排除
    review 3 --confirm d3fc0fd2e3e7
    review 3 --dismiss d3fc0fd2e3e7 --reason "舍入差异"
    review 3 --correct 公开06.301=110.33 --reason "按明细更正"

ENTRY is the library entry number (`python -m juesuan import` prints it). Who decides: --by,
else JUESUAN_REVIEWER, else the system user. A correction re-runs the checks on the corrected
value at once and stores their findings; the figure as read is kept beside it.
"""
from __future__ import annotations

import getpass
import json
import os
import sys

from . import ingest
from .decisions import (
    CONFIRMED,
    DISMISSED,
    PENDING,
    REVIEWER_ENV,
    STATES,
    ReviewError,
    Reviews,
    correct,
    decide,
    withdraw,
)
from .store import Entry, Library, LibraryUnavailable
from .userio import command
from .worker import DEFAULT_LIMITS, Worker

MIN_ID_PREFIX = 6  # an id may be typed shortened to a unique beginning this long


def default_reviewer() -> str:
    try:
        return os.environ.get(REVIEWER_ENV) or getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "")


def _refreshed(library: Library, entry: Entry) -> Entry:
    """The entry with its stored findings brought up to date (a re-parse runs in a capped worker)."""
    if ingest.current(library, entry):
        return entry
    worker = Worker(DEFAULT_LIMITS)
    try:
        return ingest.refresh(worker.run, library, entry)
    finally:
        worker.kill()


def reviewed_entry(library: Library, number: str) -> tuple[Entry, list, Reviews]:
    """A library entry by its number, brought up to date, with its stored findings and its
    review; ReviewError (Chinese) when the library holds no such entry."""
    try:
        entry = library.get(int(number))
    except (KeyError, ValueError):
        raise ReviewError(f"报告库中没有第{number}号报告（用 python -m juesuan import 导入时会显示编号）。") from None
    entry = _refreshed(library, entry)
    return entry, ingest.stored_findings(library, entry.id).findings, Reviews(library.reviews(entry.id))


def _finding(findings: list, wanted: str, entry: Entry):
    matches = [f for f in findings if f.id == wanted] or \
        ([f for f in findings if f.id.startswith(wanted)] if len(wanted) >= MIN_ID_PREFIX else [])
    if len(matches) != 1:
        raise ReviewError(f"第{entry.id}号报告的审核发现中没有编号“{wanted}”（用 --list 查看编号）。")
    return matches[0]


def _when(review) -> str:
    return f"{review.by or '（未署名）'} {review.at.astimezone():%Y-%m-%d %H:%M}"


def _listing(entry: Entry, findings: list, reviews: Reviews) -> str:
    counts = reviews.counts(findings)
    year = f"{entry.year}年" if entry.year is not None else "年度未识别"
    lines = [f"第{entry.id}号 {entry.unit} {year} 第{entry.version}版：审核发现{len(findings)}条，"
             + "、".join(f"{s}{counts[s]}" for s in STATES)]
    for f in findings:
        pages = f"第{'、'.join(map(str, f.pages))}页" if f.pages else "无页码"
        lines.append(f"[{reviews.status(f)}] {f.severity} {f.id} {f.rule} {pages}")
        lines.append(f"    {f.message}")
        decision = reviews.decision(f)
        if decision is not None:
            reason = f"；理由：{decision.reason}" if decision.reason else ""
            carried = f"（沿用第{decision.carried_from}号的结论）" if decision.carried_from else ""
            lines.append(f"    {decision.status}：{_when(decision)}{reason}{carried}")
    if reviews.corrections:
        lines.append(f"更正（{len(reviews.corrections)}处）：")
        for r in reviews.corrections:
            reason = f"；{r.reason}" if r.reason else ""
            lines.append(f"    {r.subject}：{r.original} → {r.value}（{_when(r)}{reason}）")
    return "\n".join(lines) + "\n"


def _as_json(entry: Entry, findings: list, reviews: Reviews) -> dict:
    def decision(f):
        d = reviews.decision(f)
        return None if d is None else {"by": d.by, "at": d.at.isoformat(), "reason": d.reason,
                                       "carried_from": d.carried_from}
    return {
        "entry": entry.id,
        "findings": [{**f.to_dict(), "status": reviews.status(f), "decision": decision(f)} for f in findings],
        "corrections": [{"key": r.subject, "original": r.original, "value": r.value, "by": r.by,
                         "at": r.at.isoformat(), "reason": r.reason} for r in reviews.corrections],
    }


def _apply(args, library: Library, entry: Entry, findings: list) -> str:
    """Record the asked decision; what to say about it."""
    by = args.by.strip()
    if args.confirm or args.dismiss or args.reopen:
        wanted, status = next((v, s) for v, s in ((args.confirm, CONFIRMED), (args.dismiss, DISMISSED),
                                                  (args.reopen, PENDING)) if v)
        finding = _finding(findings, wanted, entry)
        library.add_review(entry.id, decide(finding, status, args.reason or "", by))
        return f"已记录：{finding.id} {status}（{by or '未署名'}）"
    if args.correct:
        key, sep, value = args.correct.partition("=")
        if not sep:
            raise ReviewError("--correct 的写法是 键=数值，例如 --correct 公开06.301=110.33")
        review = correct(library.load(entry.id), key.strip(), value, args.reason or "", by)
        library.add_review(entry.id, review)
        return f"已更正：{review.subject} {review.original} → {review.value}（{by or '未署名'}），已按更正后的数值重新审核"
    if not Reviews(library.reviews(entry.id)).correction(args.uncorrect):
        raise ReviewError(f"第{entry.id}号报告没有对“{args.uncorrect}”的更正。")
    library.add_review(entry.id, withdraw(args.uncorrect, args.reason or "", by))
    return f"已撤销对 {args.uncorrect} 的更正，已按原读数重新审核"


@command
def _cmd_review(args) -> int:
    try:
        library = Library(args.db)
    except LibraryUnavailable as err:
        print(f"无法打开报告库：{err.message}", file=sys.stderr)
        return 2
    try:
        entry, findings, reviews = reviewed_entry(library, args.entry)
        said = ""
        if any((args.confirm, args.dismiss, args.reopen, args.correct, args.uncorrect)):
            said = _apply(args, library, entry, findings)
            entry, findings, reviews = reviewed_entry(library, str(entry.id))  # a correction re-runs the checks
        if args.json:
            json.dump(_as_json(entry, findings, reviews), sys.stdout, ensure_ascii=False, indent=1)
            print()
        else:
            sys.stdout.write(said + "\n" if said else _listing(entry, findings, reviews))
        return 0
    except ReviewError as err:
        print(err.message, file=sys.stderr)
        return 2
    finally:
        library.close()


def add_review_command(subparsers) -> None:
    """Register `review` on the main CLI's subparsers (args.run returns the exit status)."""
    p = subparsers.add_parser("review", help="审核结论：确认或排除审核发现，更正识别有误的数值")
    p.add_argument("entry", metavar="ENTRY", help="报告库中的报告编号")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--list", action="store_true", help="列出审核发现及其结论（默认）")
    act.add_argument("--confirm", metavar="ID", help="确认一条审核发现")
    act.add_argument("--dismiss", metavar="ID", help="排除一条审核发现（须写 --reason）")
    act.add_argument("--reopen", metavar="ID", help="撤回对一条审核发现的结论，恢复为待核实")
    act.add_argument("--correct", metavar="KEY=VALUE", help="更正识别有误的数值，如 公开06.301=110.33")
    act.add_argument("--uncorrect", metavar="KEY", help="撤销对一个数值的更正")
    p.add_argument("--reason", metavar="TEXT", help="理由（排除时必填）")
    p.add_argument("--by", default=default_reviewer(), help=f"审核人（默认：{REVIEWER_ENV} 或当前系统用户）")
    p.add_argument("--db", default=None, help="报告库地址（默认：JUESUAN_DB_URL 或 data/library.db）")
    p.add_argument("--json", action="store_true", help="输出JSON")
    p.set_defaults(run=_cmd_review)

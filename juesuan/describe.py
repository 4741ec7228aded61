"""A readable Chinese summary of what the parser found (the CLI's `parse` command)."""
from __future__ import annotations

from .model import TABLE_IDS, TABLE_TITLES, Report


def _pages(pages: list[int]) -> str:
    if not pages:
        return "无页码"
    return f"第{pages[0]}页" if len(pages) == 1 else f"第{pages[0]}–{pages[-1]}页"


def incomplete_note(report: Report) -> str:
    """What every surface says of a report with pages that could not be read — the sidebar,
    the command line, the deck's cover, the brief's header, the workbook's first sheet — or ''."""
    pages = report.source.unread_pages
    if not pages:
        return ""
    return f"注意：第{'、'.join(map(str, pages))}页未能读取，报告不完整，其中的表格和数字未显示、未审核。"


def describe(report: Report) -> str:
    h = report.header
    out = [
        f"单位：{h.unit or '（未识别）'}",
        f"年度：{h.year or '（未识别）'}　类型：{h.kind or '—'}决算　金额单位：{h.money_unit}",
        f"单位性质：{h.unit_type or '（未识别）'}",
        f"来源：{report.source.filename}（{report.source.kind}，{report.source.page_count or '—'}页）",
    ]
    out += [f"提示：{note}" for note in report.source.notes]
    out.append("")
    out.append("决算表：")
    for table_id in TABLE_IDS:
        table = report.tables.get(table_id)
        if table is None:
            out.append(f"  {table_id} {TABLE_TITLES[table_id]}：未找到")
            continue
        state = "本表无数据" if table.no_data else f"{len(table.rows)}行"
        out.append(f"  {table_id} {table.title}（{_pages(table.pages)}）：{state}")
    extra = [t for t in report.tables if t not in TABLE_IDS]
    out += [f"  其他表：{report.tables[t].title}（{_pages(report.tables[t].pages)}）" for t in extra]
    out.append("")
    out.append(f"情况说明中识别的数字：{len(report.figures)}个")
    by_subject: dict[str, int] = {}
    for fig in report.figures:
        by_subject[fig.subject] = by_subject.get(fig.subject, 0) + 1
    if by_subject:
        out.append("  " + "，".join(f"{s} {n}" for s, n in by_subject.items()))
    out.append("")
    out.append(f"绩效自评表：{len(report.projects)}个项目")
    for p in report.projects:
        score = p.score.value if p.score and p.score.value is not None else "（空）"
        out.append(f"  {p.name}：自评得分 {score}，等级 {p.grade or '—'}，指标 {len(p.indicators)}个（{_pages(p.pages)}）")
    if report.problems:
        out.append("")
        out.append("未找到或未能识别：")
        out += [f"  {p.what}" + (f"（第{p.page}页）" if p.page else "") for p in report.problems]
    return "\n".join(out)

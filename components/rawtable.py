"""A parsed table as printed, as HTML with the finding-involved cells coloured, and as files."""
from __future__ import annotations

import html

import pandas as pd

from juesuan.export import sheets
from juesuan.model import Report, Table
from juesuan.vocab import ERROR, NOTE, WARNING

from .marks import FindingIndex
from .overview_text import problem_line
from .page_data import table_frame, table_keys
from .theme import MARK_GLYPH, SEVERITY_COLORS

_TINT = {ERROR: "#fbd5d2", WARNING: "#fde3b8", NOTE: "#d6e6fa"}


REASON_COLUMN = "审核说明"


def _reasons(marks: list) -> str:
    """Why the cells of a row are marked, beside them: each finding's first sentence, once."""
    seen = dict.fromkeys((m.severity, text) for m in marks for text in m.messages)
    return "<br>".join(f'<span style="color:{SEVERITY_COLORS[sev]}">{MARK_GLYPH} {html.escape(sev)}</span> '
                       f"{html.escape(problem_line(text))}" for sev, text in seen)


def table_html(table: Table, index: FindingIndex) -> str:
    """Every report string escaped; a marked cell gets its finding's tint, border and tooltip, and
    its row says why in a last column."""
    frame = table_frame(table)
    keys = table_keys(table)
    n_label = len(frame.columns) - len(keys[0]) if keys else len(frame.columns)
    row_marks = [[m for k in row if (m := index.mark([k]))] for row in keys]
    reasons = any(row_marks)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns) + (f"<th>{REASON_COLUMN}</th>" if reasons else "")
    body = []
    for r, (_, row) in enumerate(frame.iterrows()):
        cells = []
        for c, value in enumerate(row):
            text = html.escape(str(value))
            if c < n_label:
                cells.append(f"<td>{text}</td>")
                continue
            mark = index.mark([keys[r][c - n_label]])
            if mark is None:
                cells.append(f'<td class="num">{text}</td>')
                continue
            tip = html.escape("\n".join(f"【{mark.severity}】{m}" for m in mark.messages), quote=True)
            style = f"background:{_TINT[mark.severity]};outline:2px solid {SEVERITY_COLORS[mark.severity]};"
            cells.append(f'<td class="num" style="{style}" title="{tip}"><span style="color:{SEVERITY_COLORS[mark.severity]}">{MARK_GLYPH}</span> {text}</td>')
        if reasons:
            cells.append(f'<td class="reason">{_reasons(row_marks[r])}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="rawwrap"><table class="rawtable"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def csv_bytes(table: Table) -> bytes:
    return sheets.csv_bytes(table_frame(table))


def excel_bytes(report: Report) -> bytes:
    """All parsed tables, one sheet each."""
    frames = {}
    for table in report.tables.values():
        frame = table_frame(table)
        frames[table.id] = frame if not frame.empty else pd.DataFrame({"说明": [table.no_data_note or "本表无数据"]})
    return sheets.xlsx_bytes(frames)

"""上传报告: parse an uploaded report, store it in the library, switch the dashboard to it."""
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components import state, ui
from components.fmt import md_escape
from juesuan.describe import incomplete_note
from juesuan.parse import ReportError
from juesuan.vocab import SEVERITIES

state.ensure_routed()
ui.style()
UPLOAD_MB = 50  # the same as server.maxUploadSize in .streamlit/config.toml
st.caption(f"单个文件不超过{UPLOAD_MB}MB（超过时上传框会拒绝该文件，请压缩或拆分后再上传）。支持 PDF、Word（.docx）、Excel（.xlsx）和制表符分隔的文本（.txt）。"
           "同一文件重复上传时直接打开报告库中的记录。")
# The widget refuses a file over the limit (or of another kind) in the browser, and says so
# only in English, in a tooltip: a Chinese line under the refused file says it too.
st.html(
    "<style>[data-testid=\"stFileChips\"]:has([data-testid=\"stFileChip\"][aria-invalid=\"true\"])::after{"
    f"content:\"该文件未上传：超过{UPLOAD_MB}MB，或不是支持的格式。请压缩、拆分或另存为PDF/Word/Excel/文本后再上传。\";"
    "display:block;color:#c62828;font-size:0.9rem;margin-top:4px;}</style>"
)
upload = st.file_uploader("选择决算公开文件", type=["pdf", "docx", "xlsx", "txt"], key="upload_file",
                          max_upload_size=UPLOAD_MB)

if upload is not None:
    try:
        entry = state.import_file(upload.getvalue(), upload.name, state.UPLOAD_ORIGIN)
        bundle = state.bundle_of(entry)
    except ReportError as exc:
        st.error(md_escape(exc.message), icon=":material/error:")
    except SQLAlchemyError as exc:  # the library refused it; nothing half-stored (one transaction)
        st.error(f"保存到报告库时出错（{type(exc).__name__}），文件未保存。请稍后重试，或联系系统维护人员。",
                 icon=":material/error:")
    else:
        counts = bundle.counts
        h = bundle.report.header
        summary = (
            f"已载入：{h.unit or entry.unit} · {f'{h.year}年度' if h.year else '年度不详'}。"
            f"识别决算表{len(bundle.report.tables)}张，情况说明数字{len(bundle.report.figures)}个，"
            f"绩效自评表{len(bundle.report.projects)}个；审核发现{sum(counts.values())}个问题"
            + ("（" + "、".join(f"{k}{counts[k]}个" for k in SEVERITIES if counts.get(k)) + "）" if any(counts.values()) else "") + "。"
        )
        notes = [incomplete_note(bundle.report)] if bundle.report.incomplete else []
        st.session_state[state.FLASH] = [summary, *notes, *bundle.report.source.notes]
        state.select(entry.id)
        st.switch_page(state.OVERVIEW_PAGE)

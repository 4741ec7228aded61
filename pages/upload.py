"""上传报告: parse an uploaded report, store it in the library, switch the dashboard to it."""
import streamlit as st

from components import state, ui
from components.fmt import md_escape
from juesuan.parse import ReportError
from juesuan.vocab import SEVERITIES

state.ensure_routed()
ui.style()
UPLOAD_MB = 50  # the same as server.maxUploadSize in .streamlit/config.toml
st.caption(f"单个文件不超过{UPLOAD_MB}MB（超过时上传框会拒绝该文件）。支持 PDF、Word（.docx）、Excel（.xlsx）和制表符分隔的文本（.txt）。"
           "同一文件重复上传时直接打开报告库中的记录。")
upload = st.file_uploader("选择决算公开文件", type=["pdf", "docx", "xlsx", "txt"], key="upload_file",
                          max_upload_size=UPLOAD_MB)

if upload is not None:
    data = upload.getvalue()
    progress = st.progress(0, text="正在读取文件…")
    try:
        progress.progress(20, text="正在解析报告（表格、情况说明、绩效自评表）…")
        report = state.parse_cached(state.sha256_of(data), upload.name, data)
        progress.progress(70, text="正在审核勾稽关系并存入报告库…")
        entry = state.import_file(data, upload.name, state.UPLOAD_ORIGIN)
        bundle = state.bundle_of(entry)
        progress.progress(100, text="完成")
    except ReportError as exc:
        progress.empty()
        st.error(md_escape(exc.message), icon=":material/error:")
    else:
        counts = bundle.index.counts()
        h = bundle.report.header
        summary = (
            f"已载入：{h.unit or entry.unit} · {f'{h.year}年度' if h.year else '年度不详'}。"
            f"识别决算表{len(bundle.report.tables)}张，情况说明数字{len(bundle.report.figures)}个，"
            f"绩效自评表{len(bundle.report.projects)}个；审核发现{len(bundle.findings)}条"
            + ("（" + "、".join(f"{k}{counts[k]}条" for k in SEVERITIES if counts.get(k)) + "）" if counts else "") + "。"
        )
        st.session_state[state.FLASH] = [summary] + list(bundle.report.source.notes)
        state.select(entry.id)
        st.switch_page(state.OVERVIEW_PAGE)

"""会议导出: the deck, the workbook, the one-page brief and every chart as an image.

Files are built when their button is pressed (the bytes are produced by juesuan.export);
PDF and images need the server's Chromium, and say so when it is missing.
"""
import io
import zipfile

import streamlit as st

from components import pageview, ui
from components.fmt import CHOOSE, md_escape
from juesuan import review
from juesuan.export.annotated import annotated_pdf
from juesuan.export.html import PdfUnavailable, build_html, find_chromium, html_to_pdf
from juesuan.export.images import FORMATS, ImageUnavailable, figure_for, image_bytes, slide_images
from juesuan.export.pptx import build_pptx
from juesuan.export.slides import build_slides
from juesuan.export.xlsx import build_xlsx

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIMES = {"png": "image/png", "svg": "image/svg+xml"}
GENERATED = "exports_generated"  # session_state: {(sha256, name): bytes} made on request
NO_BROWSER = "服务器未安装Chromium浏览器，无法生成PDF和图表图片；可下载HTML简报后在浏览器中打印为PDF，或在各图表右上角工具栏中下载PNG。"

bundle = ui.page_setup()
if bundle is None:
    st.stop()
report, findings = bundle.report, bundle.findings
slides = build_slides(report, findings)
h = report.header
stem = "-".join(str(x) for x in (h.unit or "决算报告", f"{h.year}年度" if h.year else None) if x)
made: dict = st.session_state.setdefault(GENERATED, {})
sha = bundle.entry.sha256
browser = find_chromium()

st.caption(md_escape(f"{h.unit} {h.year or ''}年度决算 · {len(slides)}页演示内容 · "
                     f"审核发现{len(review.ranked_problems(findings))}个问题 · 金额单位：万元"))

st.markdown("#### 会议材料")
cols = st.columns(3)
cols[0].download_button("PowerPoint演示文稿", data=lambda: build_pptx(report, slides=slides), file_name=f"{stem}-会议材料.pptx",
                        mime=PPTX_MIME, icon=":material/slideshow:", width="stretch", on_click="ignore",
                        help="5–8页：每页标题即结论，附数据来源页码和演讲者备注；图表为可编辑的PowerPoint原生图表，审核有疑问的数字标※。")
cols[1].download_button("Excel工作簿", data=lambda: build_xlsx(report, findings), file_name=f"{stem}-决算数据.xlsx",
                        mime=XLSX_MIME, icon=":material/table_view:", width="stretch", on_click="ignore",
                        help="每张决算表一个工作表（按报告版式，A4横向一页宽打印），另含事实清单和审核发现（链接到对应单元格）。")
cols[2].download_button("单页简报（HTML）", data=lambda: build_html(report, slides=slides), file_name=f"{stem}-简报.html",
                        mime="text/html", icon=":material/description:", width="stretch", on_click="ignore",
                        help="核心指标、主要图表和审核发现，可直接打印为一页A4。")

if pageview.has_pages(bundle):
    st.download_button("批注版PDF（发回单位）", data=lambda: annotated_pdf(pageview.original(bundle), report, findings),
                       file_name=f"{stem}-审核批注.pdf", mime="application/pdf", icon=":material/draw:",
                       on_click="ignore", help="原报告PDF，每条审核发现（已排除的除外）在对应数字上加红框和批注。")

pdf_key = (sha, "brief.pdf")
if browser is None:
    st.info(NO_BROWSER, icon=":material/info:")
elif pdf_key in made:
    st.download_button("下载单页简报（PDF）", data=made[pdf_key], file_name=f"{stem}-简报.pdf", mime="application/pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore")
elif st.button("生成单页简报（PDF）", icon=":material/picture_as_pdf:"):
    with st.spinner("正在生成PDF……"):
        try:
            made[pdf_key] = html_to_pdf(build_html(report, slides=slides))
            st.rerun()
        except PdfUnavailable as err:
            st.warning(str(err))

st.markdown("#### 图表图片（PNG / SVG）")
charted = [s for s in slides if s.chart is not None]
if not charted:
    st.info("本报告没有可导出的图表。")
    st.stop()
names = {s.key: s.topic for s in charted}
choice = st.selectbox("图表", list(names), format_func=lambda k: names[k], placeholder=CHOOSE)
slide = next(s for s in charted if s.key == choice)
st.plotly_chart(figure_for(slide.chart, slide.title), width="stretch", theme=None)  # as the image will look
st.caption(md_escape(slide.title))
if browser is None:
    st.info(NO_BROWSER, icon=":material/info:")
    st.stop()
left, right = st.columns(2)
with left:
    if all((sha, f"{choice}.{fmt}") in made for fmt in FORMATS):
        for fmt in FORMATS:
            st.download_button(f"下载 {fmt.upper()}", data=made[(sha, f"{choice}.{fmt}")], file_name=f"{stem}-{slide.topic}.{fmt}",
                               mime=MIMES[fmt], key=f"dl-{choice}-{fmt}", on_click="ignore")
    elif st.button("生成此图表的PNG和SVG", icon=":material/image:"):
        with st.spinner("正在生成图片……"):
            try:
                for fmt in FORMATS:
                    made[(sha, f"{choice}.{fmt}")] = image_bytes(figure_for(slide.chart, slide.title), fmt)
                st.rerun()
            except ImageUnavailable as err:
                st.warning(str(err))
with right:
    zip_key = (sha, "charts.zip")
    if zip_key in made:
        st.download_button("下载全部图表（ZIP）", data=made[zip_key], file_name=f"{stem}-图表.zip", mime="application/zip",
                           on_click="ignore")
    elif st.button("生成全部图表（PNG和SVG，ZIP）", icon=":material/folder_zip:"):
        with st.spinner("正在生成全部图表图片，约需十几秒……"):
            try:
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                    for fmt in FORMATS:
                        for name, data in slide_images(slides, fmt).items():
                            zf.writestr(name, data)
                made[zip_key] = buffer.getvalue()
                st.rerun()
            except ImageUnavailable as err:
                st.warning(str(err))

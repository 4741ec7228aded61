"""The dashboard's pages: one list, read by app.py's navigation and by the re-route of a page
that Streamlit ran without app.py (components.state.ensure_routed)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
UPLOAD_PAGE = "pages/upload.py"
PAGES = [
    ("pages/overview.py", "概览", ":material/dashboard:", "单位、年度与核心指标，自动生成的摘要和审核发现数量。"),
    ("pages/structure.py", "收支结构", ":material/donut_large:", "收入来源、支出功能分类（类→款→项）、基本与项目支出、人员与公用经费。"),
    ("pages/execution.py", "预算执行", ":material/fact_check:", "各功能分类年初预算与决算对比、完成率及报告所述原因。"),
    ("pages/yoy.py", "同比变化", ":material/trending_up:", "本年与上年的增减变化、瀑布图及报告所述原因。"),
    ("pages/sangong.py", "三公经费", ":material/directions_car:", "三公经费预算与决算、机关运行经费和车辆情况。"),
    ("pages/performance.py", "绩效自评", ":material/military_tech:", "各项目绩效自评得分、等级、执行率和指标完成情况。"),
    ("pages/findings.py", "审核发现", ":material/rule:", "自动审核发现的问题，按类别和严重程度分组，以及审核覆盖情况。"),
    ("pages/tables.py", "原始表格", ":material/table_view:", "报告中的每张决算表原样显示，涉及审核发现的单元格着色，可下载。"),
    ("pages/compare.py", "对比分析", ":material/compare_arrows:", "多个单位或年度的报告并排对比。"),
    ("pages/present.py", "演示模式", ":material/slideshow:", "大字号逐页演示图表和要点，适合会议投影。"),
    ("pages/exports.py", "会议导出", ":material/download:", "导出演示文稿、Excel 工作簿、一页简报和图表图片。"),
    ("pages/upload.py", "上传报告", ":material/upload_file:", "上传 PDF/Word/Excel/文本格式的决算公开文件，解析后存入报告库。"),
]


def pages() -> list:
    """The st.Page of every page file present (paths relative to app.py), the first the default."""
    return [st.Page(path, title=title, icon=icon, help=help_text, default=i == 0)
            for i, (path, title, icon, help_text) in enumerate(PAGES) if (ROOT / path).exists()]

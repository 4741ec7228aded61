"""Meeting exports of a parsed report: PowerPoint deck, Excel workbook, one-page brief, chart images.

No Streamlit here: the pages and the CLI call these and hand the bytes on.
"""

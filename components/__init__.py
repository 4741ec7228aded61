"""Dashboard building blocks.

Pure modules (no Streamlit): `fmt` (number formatting), `theme` (plotly template and
colours), `page_data` (report → tidy data), `marks` (findings ↔ numbers), `figures`
(data → go.Figure), `summary` (the plain-Chinese summary paragraph).
Streamlit modules: `state` (current report, caching, library, sidebar) and `ui`
(cards, marks, notices shared by the pages).
"""

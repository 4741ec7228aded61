"""决算看板 — entry point: navigation and the sidebar shared by every page.

    streamlit run app.py

Pages live in pages/ (one script each) and only read the report on screen
(components.state.current()); parsing, checks and the library are reached through
components.state.
"""
import streamlit as st

from components import state
from components.navigation import pages

st.set_page_config(page_title="决算看板", page_icon=":material/account_balance:", layout="wide")

navigation = st.navigation(pages(), position="sidebar")
state.init()
state.sidebar()
st.title(navigation.title)
navigation.run()

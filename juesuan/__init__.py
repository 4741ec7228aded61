"""决算看板 core library: parse a 决算公开 report, check it, store it, export it.

Never imports streamlit: the dashboard is one user of this library among others (the CLI,
the tests, the benchmarks).
"""
__version__ = "0.1.0"

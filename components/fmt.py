"""Number formatting for display: amounts in 万元 with two decimals and thousands separators."""
from __future__ import annotations

import html
import re
from decimal import Decimal

Number = float | int | Decimal
# What an emptied select box shows (Streamlit's own words are English).
CHOOSE = "请选择"


def _missing(value) -> bool:
    return value is None or value != value  # NaN from pandas is missing too


def wan(value: Number | None, unit: bool = True) -> str:
    """'1,234.56 万元'; '—' for a missing amount."""
    if _missing(value):
        return "—"
    text = f"{float(value):,.2f}"
    return f"{text} 万元" if unit else text


def pct(value: Number | None, digits: int = 2) -> str:
    if _missing(value):
        return "—"
    return f"{float(value):.{digits}f}%"


def signed_wan(value: Number | None) -> str:
    """A change: '+12.30 万元' / '-264.73 万元'."""
    if _missing(value):
        return "—"
    return f"{float(value):+,.2f} 万元"


def signed_pct(value: Number | None) -> str:
    if _missing(value):
        return "—"
    return f"{float(value):+.2f}%"


def change_words(change: Number | None) -> str:
    """The direction word a Chinese report uses for a change."""
    if _missing(change):
        return ""
    if float(change) > 0:
        return "增加"
    if float(change) < 0:
        return "减少"
    return "持平"


def plain_number(value: Number | None) -> str:
    """A count or score as written: no trailing zeros for whole numbers."""
    if _missing(value):
        return "—"
    f = float(value)
    return f"{f:,.0f}" if f == int(f) else f"{f:,.2f}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:>])")


def md_escape(text: str) -> str:
    """Report text made inert for st.markdown: HTML escaped, Markdown syntax backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def plot_text(text) -> str:
    """A report string as plotly shows it literally (its pseudo-HTML made inert)."""
    return html.escape(str(text), quote=False)

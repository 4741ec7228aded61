"""One number everywhere (issue 12): every corpus report opened on every surface — the dashboard
pages (AppTest), the deck (PPTX), the brief (HTML), the workbook (XLSX) and the comparison
(library facts) — shows the same headline numbers with the same basis label, or says the same
thing where there is no number (未能识别 / 报告未列示).

The expected value of each measure is juesuan.metrics' reading of the parsed report; the
surfaces are read back from what they render. A copy of a report whose 公开03 is marked
unreliable and whose 公开09 total could not be read checks that 未能识别 reaches every surface,
the comparison's fact rows included.
"""
from __future__ import annotations

import copy
import io
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from components import state
from components.fmt import wan
from juesuan import compare, metrics
from juesuan.checks import run_checks
from juesuan.export.html import build_html
from juesuan.export.pptx import build_pptx
from juesuan.export.slides import build_slides
from juesuan.export.xlsx import MEASURES_SHEET, build_xlsx
from juesuan.review import DISPUTED_MARK
from juesuan.store import Library
from juesuan.vocab import NOT_LISTED, UNREADABLE
from tests.corpus import corpus_file, parsed
from tests.store_support import app_library, corpus_documents

APP = Path(__file__).parents[1] / "app.py"
DOCTORED = "(公开03不可靠、公开09合计未能识别)"
# The measures every surface shows, with the card that shows each on the dashboard: (page, label).
CORE = {
    metrics.INCOME.name: ("pages/overview.py", "本年收入合计"),
    metrics.EXPENDITURE.name: ("pages/overview.py", "本年支出合计"),
    metrics.BASIC.name: ("pages/overview.py", "基本支出"),
    metrics.PROJECT.name: ("pages/overview.py", "项目支出"),
    metrics.SANGONG.name: ("pages/overview.py", "三公经费"),
    metrics.ADMIN.name: ("pages/overview.py", "机关运行经费"),
}
GENERAL = (metrics.GENERAL_SPENDING.name, ("pages/execution.py", "一般公共预算支出（决算）"))


def _doctored():
    report = copy.deepcopy(parsed("shifan-transport-2024.pdf"))
    report.header.unit += DOCTORED
    report.tables["公开03"].unreliable = "合计行与各行之和不符"
    cell = report.tables["公开09"].row("决算数").cells["合计"]
    cell.value, cell.text = None, "5?.16"
    return report


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Every corpus report and the doctored copy, checked and stored: {name: (entry id, report)}."""
    url = f"sqlite:///{tmp_path_factory.mktemp('one_number') / 'library.db'}"
    with app_library(url):
        lib = Library(url)
        loaded = {}
        for name in corpus_documents():
            report = parsed(name)
            findings = [f.to_dict() for f in run_checks(report).findings]
            loaded[name] = (lib.add(corpus_file(name).read_bytes(), Path(name).name, report, findings).entry.id, report)
        data = corpus_file("shifan-transport-2024.pdf").read_bytes() + b"\n%doctored\n"
        loaded[DOCTORED] = (lib.add(data, "doctored.pdf", _doctored(), []).entry.id, _doctored())
        yield lib, loaded
        lib.close()


def _expected(report) -> dict[str, metrics.Value]:
    values = metrics.headline(report).by_measure()
    return {name: values[name] for name in (*CORE, GENERAL[0])}


def test_the_doctored_copy_is_unreadable_where_it_should_be(library):
    _, loaded = library
    values = _expected(loaded[DOCTORED][1])
    assert values["基本支出"].missing == values["项目支出"].missing == values["三公经费"].missing == UNREADABLE
    assert values["本年收入合计"].known


# ---------------------------------------------------------------- dashboard pages


def _cards(entry_id: int, pages: set[str]) -> dict[str, tuple[str, str]]:
    """label → (value, the line under it) of every card on these pages for this report."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[state.PENDING] = entry_id
    at.run()
    cards = {}
    for page in sorted(pages):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        cards.update({m.label: (m.value, m.delta or "") for m in at.metric})
    return cards


@pytest.mark.parametrize("name", [*corpus_documents(), DOCTORED])
def test_pages_show_each_measure_with_its_basis(library, name):
    _, loaded = library
    entry_id, report = loaded[name]
    expected = _expected(report)
    cards = _cards(entry_id, {page for page, _ in (*CORE.values(), GENERAL[1])})
    for measure, (_, label) in (*CORE.items(), GENERAL):
        value, note = cards[label]
        value = value.removesuffix(f" {DISPUTED_MARK}")  # a number the review disputes carries the marker
        want = expected[measure]
        if want.known:
            assert value == wan(want.amount), (name, label)
            assert note.startswith(want.basis), (name, label, note)
        else:
            assert value == want.missing and want.missing in note, (name, label, value, note)


# ---------------------------------------------------------------- deck and brief


def _deck_texts(report) -> list[str]:
    deck = Presentation(io.BytesIO(build_pptx(report, [])))
    slide = deck.slides[1]  # 主要指标
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("style", "title")

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


@pytest.mark.parametrize("name", [*corpus_documents(), DOCTORED])
def test_deck_and_brief_show_each_measure_with_its_basis(library, name):
    report = library[1][name][1]
    expected = _expected(report)
    texts = _deck_texts(report)
    brief = _Visible()
    brief.feed(build_html(report, []))
    visible = "".join(brief.parts)
    kpis = {k.label: k for k in next(s for s in build_slides(report) if s.key == "kpi").kpis}
    for measure in CORE:
        want = expected[measure]
        if not want.known and not want.unreadable:  # the meeting view leaves out what the report lacks
            assert measure not in kpis, (name, measure)
            continue
        shown = f"{want.amount:,.2f}" if want.known else UNREADABLE
        i = texts.index(f"{measure}（万元）")
        assert texts[i + 1:i + 3] == [shown, want.basis], (name, measure, texts[i:i + 3])
        assert f"{measure}{want.basis}{shown}" in visible, (name, measure)


# ---------------------------------------------------------------- workbook


@pytest.mark.parametrize("name", [*corpus_documents(), DOCTORED])
def test_workbook_lists_each_measure_with_its_basis(library, name):
    report = library[1][name][1]
    expected = metrics.headline(report).by_measure()
    sheet = load_workbook(io.BytesIO(build_xlsx(report, [])))[MEASURES_SHEET]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [m.name for m in metrics.HEADLINE]
    for measure, want in expected.items():
        _, value, _, basis, *_ = rows[measure]
        assert value == (want.amount if want.known else want.missing), (name, measure)
        assert (basis or "") == want.basis, (name, measure)


# ---------------------------------------------------------------- comparison


def test_comparison_reads_the_library_as_the_pages_read_the_model(library):
    lib, loaded = library
    ids = [entry_id for entry_id, _ in loaded.values()]
    entries = [lib.get(i) for i in ids]
    rows = lib.facts(ids, key_patterns=compare.KEY_PATTERNS)
    table = compare.metrics_table(entries, rows, lib.money_units(ids), lib.unreadable(ids)).set_index("entry_id")
    seen = {NOT_LISTED: 0, UNREADABLE: 0}
    for name, (entry_id, report) in loaded.items():
        row = table.loc[entry_id]
        for measure, want in _expected(report).items():
            if measure not in compare.METRICS:
                continue
            assert row[f"{measure}口径"] == (want.basis or want.missing), (name, measure)
            if want.known:
                assert Decimal(str(row[measure])) == Decimal(str(want.amount)), (name, measure)
            else:
                assert row[measure] != row[measure], (name, measure)  # NaN: no number
                seen[want.missing] += 1
    assert seen[UNREADABLE] == 3  # the doctored copy's 基本支出, 项目支出 and 三公经费

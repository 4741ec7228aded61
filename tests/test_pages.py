"""Every dashboard page, run through AppTest with the embedded sample and with every corpus
document loaded: no exception, and the page shows the document's key numbers.

Expected numbers come from the truth files where they state them (independent of the
parser), else from the parsed model."""
from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from components import page_data, state
from components.fmt import md_escape, wan
from juesuan.checks import run_checks
from juesuan.review import DISPUTED_MARK
from juesuan.store import Library
from juesuan.vocab import BASES
from tests.corpus import corpus_file, parsed, truth
from tests.store_support import app_library

PAGES = ["pages/overview.py", "pages/structure.py", "pages/execution.py", "pages/yoy.py", "pages/sangong.py",
         "pages/performance.py", "pages/findings.py", "pages/tables.py", "pages/upload.py"]
DOCS = [
    "yangquan-2024.pdf", "yangquan-2024.docx", "yangquan-2024.txt",
    "shifan-datacenter-2023.pdf", "shifan-datacenter-2024.pdf",
    "shifan-transport-2024.pdf", "shifan-transport-2024.xlsx",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf", "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
]
DEFAULT = "(内置示例)"
APP = Path(__file__).parents[1] / "app.py"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A fresh library holding every available corpus document: {name: entry id}.

    All are added up front so that a report's previous year is in the library before
    any page shows it (同比变化 and the 跨年 checks use it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('lib') / 'library.db'}"
    with app_library(url):
        library = Library(url)
        entries = {}
        for name in DOCS:
            try:
                path = corpus_file(name)
            except pytest.skip.Exception:
                continue
            report = parsed(name)
            findings = [f.to_dict() for f in run_checks(report).findings]
            entries[name] = library.add(path.read_bytes(), path.name, report, findings).entry.id
        yield entries


def app(entry_id: int | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    if entry_id is not None:
        at.session_state[state.PENDING] = entry_id
    return at.run()


def facts_of(name: str) -> dict:
    try:
        return {f["key"]: f["value"] for f in truth(name)["facts"]}
    except Exception:  # a document without a truth file (the sample is the seed: it has one)
        return {}


def chart_numbers(at: AppTest) -> set[float]:
    """Every number in the data of the page's plotly charts, rounded to cents."""
    numbers: set[float] = set()

    def walk(value):
        if isinstance(value, bool):
            return
        if isinstance(value, (int, float)):
            numbers.add(round(float(value), 2))
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict) and "bdata" in value:  # plotly's typed-array encoding of numpy data
            shape = value.get("shape")
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            walk(array.reshape(shape).tolist() if isinstance(shape, list) else array.tolist())
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("marker", "line", "hoverlabel", "font", "domain"):
                    walk(v)

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            for field in ("x", "y", "values", "value"):
                walk(trace.get(field))
    return numbers


BASIS_SUFFIX = re.compile("（(?:" + "|".join(BASES) + ")）$")


def metrics(at: AppTest) -> dict[str, str]:
    """Card label (its basis suffix left out) → value."""
    return {BASIS_SUFFIX.sub("", m.label): m.value.removesuffix(f" {DISPUTED_MARK}") for m in at.metric}


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [str(m.value) for m in at.metric] + [h.value for h in at.get("html")]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)


def money(v) -> str:
    return wan(v, unit=False)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("doc", [DEFAULT] + DOCS)
def test_page(doc, page, loaded):
    if doc == DEFAULT:
        at = app()
        name = "yangquan-2024.pdf"
    elif doc in loaded:
        at = app(loaded[doc])
        name = doc
    else:
        pytest.skip(f"{doc} not available: ../shared/corpus is absent beside this clone")
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    # routed through app.py: its sidebar picker names the report on screen
    assert at.sidebar.selectbox(key=state.PICKER).value == at.session_state[state.ENTRY]
    if doc in loaded:
        assert at.session_state[state.ENTRY] == loaded[doc]
    report = parsed(name)
    facts = facts_of(name)
    if not report.figures:  # e.g. the .xlsx holds the tables only: the prose facts are not in it
        facts = {k: v for k, v in facts.items() if not k.startswith("说明.")}
    CHECKS[page](at, report, facts, [parsed(n) for n in loaded])


def check_overview(at, report, facts, library_reports):
    shown = metrics(at)
    head = page_data.headline(report)
    income = facts.get("公开01.收入.本年收入合计", head.income_total.amount)
    spend = facts.get("公开01.支出.本年支出合计", head.expenditure_total.amount)
    assert shown["本年收入合计"] == wan(income)
    assert shown["本年支出合计"] == wan(spend)
    if "说明.收支总计.较上年增减" in facts:
        assert money(abs(facts["说明.收支总计.较上年增减"])) in shown["收支总计较上年"]
    if "说明.一般公共预算.完成率" in facts:
        assert shown["一般公共预算完成率"] == f"{facts['说明.一般公共预算.完成率']:.2f}%"
    sangong = facts.get("公开09.决算数.合计", facts.get("说明.三公经费.决算"))
    if sangong is not None:
        assert shown["三公经费"] == wan(sangong)
    assert report.header.unit in all_text(at)


def check_structure(at, report, facts, library_reports):
    numbers = chart_numbers(at)
    classes = {k: v for k, v in facts.items() if k.startswith("公开01.支出.") and "合计" not in k and "总计" not in k
               and "结转" not in k and "结余" not in k}
    tree = page_data.expenditure_tree(report)
    if not tree.empty:  # the treemap carries the function table's classes
        for amount in tree[tree["级次"] == "类"]["金额"]:
            assert round(amount, 2) in numbers
    else:
        for amount in classes.values():
            assert round(float(amount), 2) in numbers, amount
    sources = {k: v for k, v in facts.items() if k.startswith("公开01.收入.") and "合计" not in k and "总计" not in k
               and "结转" not in k and "结余" not in k and v}
    for amount in sources.values():
        assert round(float(amount), 2) in numbers
    if "公开06.人员经费合计" in facts:
        assert round(facts["公开06.人员经费合计"], 2) in numbers


def check_execution(at, report, facts, library_reports):
    budgets = {k.split(".")[1]: v for k, v in facts.items() if k.startswith("说明.") and k.endswith(".年初预算")
               and k.split(".")[1] not in page_data.AGGREGATE_SUBJECTS}
    table = page_data.budget_execution(report)
    if table.empty:  # says so, and shows this year's class amounts instead
        assert any("未找到" in i.value for i in at.info)
        numbers = chart_numbers(at)
        for key, amount in facts.items():
            if key.startswith("公开01.支出.") and key.count(".") == 2 and amount and not any(
                    w in key for w in ("合计", "总计", "结转", "结余")):
                assert round(float(amount), 2) in numbers, key
        return
    numbers = chart_numbers(at)
    for subject, amount in budgets.items():
        assert round(float(amount), 2) in numbers, subject
    if "说明.一般公共预算.年初预算" in facts:
        assert metrics(at)["一般公共预算年初预算"] == wan(facts["说明.一般公共预算.年初预算"])


def check_yoy(at, report, facts, library_reports):
    changes = {k.split(".")[1]: v for k, v in facts.items() if k.startswith("说明.") and k.endswith(".较上年增减")
               and k.split(".")[1] not in page_data.AGGREGATE_SUBJECTS}
    if page_data.year_on_year(report).empty:
        assert any("未找到" in i.value for i in at.info)
        return
    numbers = chart_numbers(at)
    for subject, amount in changes.items():
        assert round(float(amount), 2) in numbers, subject


def check_sangong(at, report, facts, library_reports):
    actual = facts.get("公开09.决算数.合计", facts.get("说明.三公经费.决算"))
    if actual is None:
        return
    assert metrics(at)["三公经费决算数"] == wan(actual)
    if not actual:
        assert any("本年度无三公经费支出" in s.value for s in at.success)
    table = next(df.value for df in at.dataframe if "项目" in df.value.columns and "决算数（万元）" in df.value.columns)
    assert money(actual) in list(table["决算数（万元）"])


def check_performance(at, report, facts, library_reports):
    if not report.projects:
        assert any("未找到" in i.value for i in at.info)
        return
    numbers = chart_numbers(at)
    text = all_text(at)
    for project in report.projects:  # the gauge shows the table's own total, or says it is blank
        if project.score is not None and project.score.value is not None:
            assert round(float(project.score.value), 2) in numbers, project.name
        else:
            assert any("未填写总分" in w.value for w in at.warning), project.name
    for key, value in facts.items():
        if key.startswith("绩效.") and key.endswith(".实际执行金额"):
            assert money(value) in text, key


def check_findings(at, report, facts, library_reports):
    """One card per problem (knock-on findings folded under it), counted by severity."""
    shown = metrics(at)
    result = run_checks(report, previous_for(report, library_reports))
    assert shown["问题"] == f"{len(result.problems)} 个"
    for sev, count in result.problem_counts().items():
        label = next(label for label in shown if label.endswith(f" {sev}]"))  # coloured: ':red[:material/error: 错误]'
        assert shown[label] == f"{count} 个"
    text = all_text(at)
    for f in result.problems:
        assert md_escape(f.message) in text
    for f in result.problems:
        if result.followers(f):
            assert any(e.label == f"另有{len(result.followers(f))}处因此不一致" for e in at.expander)
    coverage = next(df.value for df in at.dataframe if "检查项" in df.value.columns)
    assert len(coverage) == len(result.coverage)


def check_tables(at, report, facts, library_reports):
    html = "\n".join(h.value for h in at.get("html"))
    if not report.tables:
        return
    table = report.tables[at.selectbox(key="tables_choice").value]
    for row in table.rows[:5]:
        for cell in row.cells.values():
            if cell.text:
                assert cell.text in html


def check_upload(at, report, facts, library_reports):
    assert at.get("file_uploader")


CHECKS = {
    "pages/overview.py": check_overview, "pages/structure.py": check_structure, "pages/execution.py": check_execution,
    "pages/yoy.py": check_yoy, "pages/sangong.py": check_sangong, "pages/performance.py": check_performance,
    "pages/findings.py": check_findings, "pages/tables.py": check_tables, "pages/upload.py": check_upload,
}


def previous_for(report, library_reports):
    """The same unit's previous-year report among those in the library."""
    for other in library_reports:
        if other.header.unit == report.header.unit and other.header.year == (report.header.year or 0) - 1:
            return other
    return None


def test_upload_switches_the_dashboard_to_the_new_report(loaded):
    at = app()
    at.switch_page("pages/upload.py").run()
    path = corpus_file("shifan-transport-2024.xlsx")
    at.file_uploader(key="upload_file").upload(path.name, path.read_bytes()).run()
    assert not at.exception, [e.value for e in at.exception]
    unit = parsed("shifan-transport-2024.xlsx").header.unit
    assert any(unit in s.value and "审核发现" in s.value for s in at.success)  # the parse summary
    assert metrics(at)["本年支出合计"] == "4,793.38 万元"  # now on 概览, showing the upload


@pytest.mark.parametrize("bad", ["empty.pdf", "not-a-report.pdf", "truncated.pdf", "budget-not-final.pdf"])
def test_a_bad_upload_gets_its_chinese_message_and_the_app_keeps_working(bad, loaded):
    path = corpus_file(f"bad/{bad}")
    at = app()
    at.switch_page("pages/upload.py").run()
    at.file_uploader(key="upload_file").upload(path.name, path.read_bytes()).run()
    assert not at.exception
    from juesuan.parse import ReportError, parse_report
    with pytest.raises(ReportError) as raised:
        parse_report(path.read_bytes(), path.name)
    assert [e.value for e in at.error] and raised.value.message[:12] in at.error[0].value.replace("\\", "")
    at.switch_page("pages/overview.py").run()
    assert not at.exception and metrics(at)["本年支出合计"]


def test_report_text_never_runs_as_html_or_markdown(loaded, tmp_path):
    """A unit name with markup shows literally on every page that names it."""
    text = corpus_file("yangquan-2024.txt").read_bytes().decode("utf-8")
    evil = "<script>alert(1)</script>**粗体**"
    data = text.replace("阳泉市国库集中支付中心", evil + "中心").encode("utf-8")
    from juesuan.parse import parse_report
    report = parse_report(data, "evil.txt")
    assert evil in report.header.unit
    entry = Library(os.environ["JUESUAN_DB_URL"]).add(data, "evil.txt", report, []).entry
    at = app(entry.id)
    for page in ("pages/overview.py", "pages/tables.py", "pages/findings.py"):
        at.switch_page(page).run()
        assert not at.exception
        for element in list(at.markdown) + list(at.caption) + list(at.subheader):
            assert "<script>" not in element.value and "**粗体**" not in element.value, element.value
    at.switch_page("pages/overview.py").run()
    bodies = [h.proto.body for h in at.get("html")]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;**粗体**中心" in b for b in bodies)  # the title, as text
    assert not any("<script>alert" in b for b in bodies)


def _stripped(kind: str):
    """The sample's model with a part taken away, as a report missing it would parse."""
    import copy

    report = copy.deepcopy(parsed("yangquan-2024.pdf"))
    if kind in ("no_tables", "bare"):
        report.tables = {}
    if kind in ("no_prose", "bare"):
        report.figures, report.sections, report.duties = [], [], ""
    if kind in ("no_projects", "bare"):
        report.projects = []
    return report


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("kind", ["no_tables", "no_prose", "no_projects", "bare"])
def test_missing_parts_never_break_a_page(kind, page, loaded):
    report = _stripped(kind)
    entry = Library(os.environ["JUESUAN_DB_URL"]).add(f"stripped-{kind}".encode(), f"{kind}.txt", report, []).entry
    at = app(entry.id)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.ENTRY] == entry.id
    if kind == "bare" and page not in ("pages/findings.py", "pages/upload.py"):
        assert at.info, "a page without its data says so"

"""The parsed report: typed dataclasses, money as Decimal, every value with its page.

Nothing here parses or checks; it is the shape every other module agrees on.
A page is the 1-based physical page of the source PDF, or None for inputs that
have no pages (plain text, Word, Excel).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from . import keys

# Canonical ids of the ten standard tables, by title (national 2024 template).
TABLE_IDS = tuple(f"公开{n:02d}" for n in range(1, 11))
TABLE_TITLES = {
    "公开01": "收入支出决算总表",
    "公开02": "收入决算表",
    "公开03": "支出决算表",
    "公开04": "财政拨款收入支出决算总表",
    "公开05": "一般公共预算财政拨款支出决算表",
    "公开06": "一般公共预算财政拨款基本支出决算明细表",
    "公开07": "政府性基金预算财政拨款收入支出决算表",
    "公开08": "国有资本经营预算财政拨款支出决算表",
    "公开09": "财政拨款“三公”经费支出决算表",
    "公开10": "部门决算公开相关信息统计表",
}


# Where a value stands on its page: (x0, top, x1, bottom) in PDF points, origin at the
# page's top-left corner (pdfplumber's convention).
BBox = tuple[float, float, float, float]

# What a cell holds when nothing is printed in it.
BLANK_TEXTS = frozenset({"", "-", "--", "—", "——", "－", "/", "——————", "…", "...", "*"})


def is_blank_text(text: str | None) -> bool:
    """Nothing printed: empty, '-', '——', '/' … (whitespace ignored)."""
    squeezed = "".join((text or "").split())
    return squeezed in BLANK_TEXTS or set(squeezed) <= set("-—－")


@dataclass
class Cell:
    """One printed amount.

    `value` is None in two different cases, which the checks must not confuse: the cell is
    *blank* (nothing printed, or '-', '——'), or its text could not be read as an amount
    (*unread*). A cell the parser never found is simply absent from its row.
    """

    text: str
    value: Decimal | None
    page: int | None = None
    bbox: BBox | None = None

    @property
    def blank(self) -> bool:
        return is_blank_text(self.text)

    @property
    def unread(self) -> bool:
        return self.value is None and not self.blank


@dataclass
class Row:
    """A table row.

    `key` is the row's part of a fact key (see shared/spec/facts.md): the subject code
    ('2010101'), or the normalised label prefixed by its side or section
    ('收入.本年收入合计', '政府采购.货物'); in 公开09 it is '预算数' / '决算数'.
    `cells` maps a column name to its cell; the column name is '' where the table has a
    single amount column (it is then left out of the fact key).
    """

    key: str
    label: str
    code: str | None = None
    cells: dict[str, Cell] = field(default_factory=dict)
    page: int | None = None
    line_no: str | None = None  # 行次 as printed

    def value(self, column: str = "") -> Decimal | None:
        cell = self.cells.get(column)
        return cell.value if cell else None

    def printed(self) -> dict[str, Decimal]:
        """Column → amount, for the cells that print one."""
        return {column: cell.value for column, cell in self.cells.items() if cell.value is not None}

    @property
    def level(self) -> str | None:
        """Function-subject level of the code: 类 (3 digits), 款 (5) or 项 (7)."""
        if not self.code:
            return None
        return {3: "类", 5: "款", 7: "项"}.get(len(self.code))


@dataclass
class Table:
    id: str  # '公开01' … '公开10', or the normalised title for a table outside the ten
    title: str  # as printed
    label: str | None = None  # the printed label: '公开01表', '表1', or None
    pages: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    no_data: bool = False
    no_data_note: str | None = None  # the sentence that says so, e.g. '说明：本表无数据'
    unit_name: str | None = None  # 部门名称/单位名称 in the table header
    year: int | None = None
    money_unit: str | None = None
    notes: list[str] = field(default_factory=list)  # 注： lines under the table
    # every 行次 printed in the table's row-number column(s), rows without a label included
    line_numbers: list[int] = field(default_factory=list)
    # Why this reading cannot be trusted (Chinese, for the user), or None when the table's
    # own arithmetic confirmed it. The numbers of an unreliable table are never shown,
    # charted or checked as certain.
    unreliable: str | None = None

    @property
    def reliable(self) -> bool:
        return self.unreliable is None

    def row(self, key: str) -> Row | None:
        for row in self.rows:
            if row.key == key:
                return row
        return None

    def value(self, row_key: str, column: str = "") -> Decimal | None:
        row = self.row(row_key)
        return row.value(column) if row else None

    def cell(self, row_key: str, column: str = "") -> Cell | None:
        row = self.row(row_key)
        return row.cells.get(column) if row else None

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None


@dataclass
class Paragraph:
    text: str
    page: int | None = None


@dataclass
class Section:
    """A numbered section of the prose (情况说明 一 … 十, and its （一）… sub-sections)."""

    title: str
    part: str  # the part it stands in: '概况', '情况说明', '名词解释', '附件' …
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)

    @property
    def pages(self) -> list[int]:
        return sorted({p.page for p in self.paragraphs if p.page is not None})


@dataclass
class StatedFigure:
    """A number the narrative states: fact key 说明.<subject>.<measure>."""

    subject: str
    measure: str
    value: Decimal
    page: int | None = None
    quote: str = ""  # the sentence (or clause) it was read from
    section: str = ""  # title of the section it stands in

    @property
    def key(self) -> str:
        return keys.stated(self.subject, self.measure)


@dataclass
class Indicator:
    """One row of a 绩效自评表's indicator grid."""

    name: str
    level1: str = ""  # 一级指标: 产出指标 / 效益指标 / 满意度指标
    level2: str = ""  # 二级指标: 数量指标 …
    target: str = ""  # 年度指标值, as written
    actual: str = ""  # 全年完成值, as written
    remark: str = ""  # 未完成原因和改进措施
    page: int | None = None


@dataclass
class PerfProject:
    """One attached 项目支出绩效自评表."""

    name: str
    page: int | None = None
    pages: list[int] = field(default_factory=list)
    budget: Cell | None = None  # 项目预算金额 / 年初预算数
    funded: Cell | None = None  # 实际到位金额 / 全年预算数
    spent: Cell | None = None  # 实际执行金额 / 全年执行数
    execution_rate: Cell | None = None  # 预算执行率, percent as written (76 for 76%)
    score: Cell | None = None  # 总分 / 自评得分: the table's cell, None when printed empty
    stated_score: Cell | None = None  # the score the 自评结论 text states ("自评得分100")
    grade: str | None = None  # 等级 优/良/中/差
    grade_page: int | None = None
    # part weights printed in the indicator header, e.g. {'产出指标': 60}
    header_weights: dict[str, Decimal] = field(default_factory=dict)
    # part weights stated in the scoring note under the table
    note_weights: dict[str, Decimal] = field(default_factory=dict)
    # part scores given in the table, e.g. {'预算执行率': 7.6, '产出指标': 50}
    part_scores: dict[str, Decimal] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    scoring_note: str = ""  # 总分设置为100分 … the note with weights and grade bands
    conclusion: str = ""  # 自评结论及结果分析
    experience: str = ""  # 主要经验做法
    problems: str = ""  # 存在问题与整改措施
    department: str = ""  # 主管部门
    implementer: str = ""  # 实施单位


@dataclass
class TocEntry:
    title: str
    page: int | None = None  # the page number printed in the table of contents
    table_id: str | None = None  # canonical id when the entry names one of the ten tables


@dataclass
class Header:
    unit: str = ""
    year: int | None = None
    kind: str = ""  # 单位 / 部门
    money_unit: str = "万元"
    unit_type: str = ""  # from 机构设置: 行政单位, 参照公务员法管理事业单位, 公益一类事业单位 …
    title: str = ""  # cover title as printed, e.g. '2024年度单位决算公开'


@dataclass
class Problem:
    """Something the parser could not find or understand; recorded, never raised."""

    what: str  # Chinese, for the user
    table_id: str | None = None
    page: int | None = None


@dataclass
class Source:
    filename: str = ""
    kind: str = ""  # pdf / txt / docx / xlsx
    sha256: str = ""
    size: int = 0
    page_count: int | None = None
    notes: list[str] = field(default_factory=list)  # e.g. the extension lied about the content
    unread_pages: list[int] = field(default_factory=list)  # pages that could not be read at all
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text was recognised by OCR


@dataclass
class Report:
    header: Header = field(default_factory=Header)
    source: Source = field(default_factory=Source)
    toc: list[TocEntry] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    figures: list[StatedFigure] = field(default_factory=list)
    projects: list[PerfProject] = field(default_factory=list)
    duties: str = ""  # 概况 一、职责
    organisation: str = ""  # 概况 二、机构设置
    problems: list[Problem] = field(default_factory=list)
    parser_version: str = ""

    def table(self, table_id: str) -> Table | None:
        return self.tables.get(table_id)

    def figure(self, subject: str, measure: str) -> StatedFigure | None:
        """The first statement of a narrative figure."""
        for fig in self.figures:
            if fig.subject == subject and fig.measure == measure:
                return fig
        return None

    def figures_for(self, subject: str, measure: str) -> Iterator[StatedFigure]:
        return (f for f in self.figures if f.subject == subject and f.measure == measure)

    @property
    def missing_tables(self) -> list[str]:
        return [t for t in TABLE_IDS if t not in self.tables]

    @property
    def unreliable_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if t.unreliable]

    @property
    def incomplete(self) -> bool:
        """Some pages of the source could not be read: what is missing may be on them."""
        return bool(self.source.unread_pages)

"""The attached 项目支出绩效自评表, one PerfProject each.

A 自评表 is a grid (often continued on the next page by a grid without a title) read by
its printed labels, never by positions:

- header rows: 项目名称 / 主管部门 / 实施单位 / 项目预算金额 (年初预算数) / 实际到位金额
  (全年预算数) / 实际执行金额 (全年执行数) / 项目执行情况 or 预算执行率, each label followed
  by its value in the same cell ('实际执行金额 (万元) 125.01') or in the next filled cell;
  or, in the national template, a row of column labels (年初预算数 … 执行率 得分) above
  the 年度资金总额 row;
- the indicator grid under the header row naming 一级/二级/三级指标, 年度指标值, 全年完成值
  (实际完成值), 未完成原因 and 得分 columns;
- label rows after it: 总分, the scoring note (总分设置为100分：预算执行率10分、…),
  自评结论, 主要经验做法, 存在问题与整改措施.

Readers differ: pdfplumber gives merged cells as None and keeps columns aligned; a text
export gives '' and may shift a row's cells. An indicator row whose marker (指标1, 指标2 …)
stands where the header puts it (counted from the right in a narrower continuation grid)
is read by column; otherwise by order after the marker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from ..model import Cell, Indicator, PerfProject
from .normalize import PART_HEADING, clean, key_part, parse_amount
from .raw import Line, RawDocument

# Labels as printed, compared on clean text by prefix: the provincial template's word first,
# then the national (财政部) template's and other wordings.
_NAME = ("项目名称",)
_DEPARTMENT = ("主管部门", "项目主管部门")
_IMPLEMENTER = ("实施单位", "项目实施单位")
_MONEY = {
    "budget": ("项目预算金额", "年初预算数", "预算金额", "项目预算数", "预算数"),
    "funded": ("实际到位金额", "全年预算数", "到位金额", "到位资金"),
    "spent": ("实际执行金额", "全年执行数", "执行金额", "实际支出金额", "执行数"),
}
_RATE = ("项目执行情况", "预算执行率", "执行率", "资金执行率", "预算执行情况")
_SCORE = ("总分", "自评总分", "总得分", "综合得分", "自评得分")
_TOTAL = (*_SCORE, "总计", "合计")  # in the indicator grid a 合计 row is the total score too
_GRADE = ("自评等级", "评价等级", "等级")
_CONCLUSION = ("自评结论", "评价结论", "结论")
_EXPERIENCE = ("主要经验做法", "经验做法")
_PROBLEMS = ("存在问题",)
_END = ("评价人员", "填报人")  # rows after which the 自评表 carries no more data

_LEVEL1 = ("产出指标", "效益指标", "满意度指标")  # names only a 一级指标 has (成本指标 is either)
_MARKER = re.compile(r"指标\d+")
_WEIGHT = re.compile(r"([^\d\s：:，,、。；;（）()]+?)[（(]?(\d+(?:\.\d+)?)分")
_SCORE_IN_TEXT = re.compile(r"(?:自评得分|自评总分|综合得分|总得分|得分)\s*(?:为|是|：|:)?\s*(\d{1,3}(?:\.\d+)?)\s*分?")
_GRADE_IN_TEXT = re.compile(r"(?:等级|评级|评价结果|自评结果|评定|评为)\s*(?:为|是|评定为|：|:)?\s*[“\"「『]?([优良中差])")
_UNIT_PREFIX = re.compile(r"^[（(][^）)]*[）)]")
_UNIT_SUFFIX = re.compile(r"[（(][^）)]*[）)]$")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)\s*[%％]")


def _is_total(label: str) -> bool:
    """'总分', '总分（100分）', '合计' — not the scoring note that starts '总分设置为…'."""
    return _starts(label, _TOTAL) is not None and len(label) <= 8


def _squeeze(text: str | None) -> str:
    """Cell text as written, without the line breaks and spaces a PDF cell wraps with."""
    return re.sub(r"\s+", "", text or "")


def _filled(text: str | None) -> bool:
    return bool(text and text.strip())


def _starts(text: str, labels: tuple[str, ...]) -> str | None:
    return next((label for label in labels if text.startswith(label)), None)


def part_name(name: str) -> str:
    """A scoring part by meaning: '服务对象满意度指标' and '满意度指标 (10分)' are both
    满意度指标, '项目执行情况' is 预算执行率, so table header and scoring note compare."""
    for word, part in (("执行", "预算执行率"), ("产出", "产出指标"), ("效益", "效益指标"),
                       ("满意", "满意度指标"), ("成本", "成本指标")):
        if word in name:
            return part
    return key_part(name)


def weights(text: str) -> dict[str, Decimal]:
    """Part weights stated in a text: '预算执行率10分、产出指标50分' or '产出指标 (60分)'.

    The grade bands after 等级 (100-90（含）分为优) are not weights."""
    s = clean(text).split("等级")[0]
    found: dict[str, Decimal] = {}
    for name, value in _WEIGHT.findall(s):
        if "总分" in name or "满分" in name:
            continue
        found[part_name(name)] = Decimal(value)
    return found


def _strip_weight(text: str) -> str:
    return re.sub(r"[（(]\d+(?:\.\d+)?分[）)]", "", clean(text))


@dataclass
class _Columns:
    """Where the indicator header puts each column (indexes into its row)."""

    width: int
    level1: int | None = None
    level2: int | None = None
    marker: int | None = None  # the 指标1/指标2 sub-column under 三级指标, when there is one
    name: int | None = None
    target: int | None = None
    actual: int | None = None
    remark: int | None = None
    score: int | None = None
    weight: int | None = None  # 分值 per indicator (national template)

    def shifted(self, by: int) -> _Columns:
        """The same columns in a row `by` cells wider (negative: narrower), right-aligned."""
        if by == 0:
            return self
        moved = {f.name: (v + by if v is not None and v + by >= 0 else None)
                 for f in fields(self) if f.name != "width" and (v := getattr(self, f.name)) is not None}
        return replace(self, width=self.width + by, **moved)


def _indicator_columns(row: list[str | None]) -> _Columns | None:
    texts = [clean(c) for c in row]
    cols = _Columns(width=len(row))
    for i, t in enumerate(texts):
        if "一级指标" in t:
            cols.level1 = i
        elif "二级指标" in t:
            cols.level2 = i
        elif "三级指标" in t or t == "指标名称":
            cols.name = i
        elif "完成值" in t or "实际完成" in t or "实际值" in t:
            cols.actual = i
        elif "指标值" in t or "目标值" in t:
            cols.target = i
        elif "原因" in t or "措施" in t:
            cols.remark = i
        elif "得分" in t:
            cols.score = i
        elif "分值" in t or "权重" in t:
            cols.weight = i
    if cols.name is None or (cols.target is None and cols.actual is None):
        return None
    first_value = min(c for c in (cols.target, cols.actual) if c is not None)
    # 三级指标 spanning two columns: the 指标N marker, then the indicator's name
    if cols.name + 1 < first_value and not _filled(row[cols.name + 1]):
        cols.marker, cols.name = cols.name, cols.name + 1
    return cols


@dataclass
class _Rows:
    """The rows of one 自评表 (over one or more grids), each with its page."""

    rows: list[tuple[list[str | None], int | None]] = field(default_factory=list)
    notes: list[tuple[str, int | None]] = field(default_factory=list)  # lines under the grid


def _label(row: list[str | None]) -> str:
    return next((clean(c) for c in row if _filled(c)), "")


def _after(row: list[str | None], index: int) -> list[str]:
    """The filled cells right of `index`, merged repeats dropped."""
    out: list[str] = []
    for cell in row[index + 1:]:
        if _filled(cell) and (not out or out[-1] != cell):
            out.append(cell)
    return out


def _labelled_value(row: list[str | None], index: int, label: str) -> str:
    """The value of a label: the rest of its own cell, or else the next filled cell."""
    rest = _UNIT_PREFIX.sub("", clean(row[index])[len(label):]).lstrip("：:")
    if rest:
        return rest
    following = _after(row, index)
    return following[0] if following else ""


class _Builder:
    def __init__(self, rows: _Rows):
        self.rows = rows
        self.project = PerfProject(name="")
        self.columns: _Columns | None = None
        self.level1 = self.level2 = ""
        self.money_columns: dict[str, int] | None = None
        self.indicator_weights: dict[str, Decimal] = {}  # Σ 分值 per part, where rows print one
        self.conclusion_page: int | None = None

    def build(self) -> PerfProject:
        p = self.project
        section = "header"
        for row, page in self.rows.rows:
            label = _label(row)
            if not label:
                continue
            if section == "header":
                cols = _indicator_columns(row)
                if cols:
                    self.columns, section = cols, "indicators"
                    continue
                self._header_row(row, page)
                continue
            if section == "indicators" and not self._ends_indicators(label):
                self._indicator_row(row, page)
                continue
            section = "after"
            if _starts(label, _END):
                break
            self._after_row(row, label, page)
        if not p.scoring_note:
            note = _note_under_grid(self.rows.notes)
            if len(weights(note)) >= 2:
                p.scoring_note, p.note_weights = note, weights(note)
        if not p.grade and p.conclusion:
            m = _GRADE_IN_TEXT.search(p.conclusion)
            if m:
                p.grade, p.grade_page = m.group(1), self.conclusion_page
        if p.conclusion and (m := _SCORE_IN_TEXT.search(p.conclusion)):
            p.stated_score = Cell(m.group(0), Decimal(m.group(1)), self.conclusion_page)
        for part, weight in self.indicator_weights.items():
            p.header_weights.setdefault(part, weight)
        self._execution_score()
        p.pages = sorted({pg for _, pg in self.rows.rows if pg is not None})
        p.page = p.pages[0] if p.pages else None
        return p

    def _execution_score(self) -> None:
        """Most tables print the 预算执行率 part as a weight and a rate ('项目执行情况 (10分)
        76%') without its score; the score is then weight × rate, at most the weight (the
        rule every scoring note states), so the parts can be summed against 总分."""
        p = self.project
        weight = p.header_weights.get("预算执行率", p.note_weights.get("预算执行率"))
        if "预算执行率" in p.part_scores or weight is None or p.execution_rate is None:
            return
        score = min(weight, weight * p.execution_rate.value / 100)
        score = score.quantize(Decimal("0.01"))
        p.part_scores["预算执行率"] = score.quantize(Decimal(1)) if score == score.to_integral_value() else score

    # -- header ----------------------------------------------------------------
    def _header_row(self, row: list[str | None], page: int | None) -> None:
        p = self.project
        texts = [clean(c) for c in row]
        has_amount = any(parse_amount(c) is not None or _PERCENT.search(clean(c)) for c in row if _filled(c))
        if self.money_columns is not None and has_amount:
            self._money_by_column(row, page)
            return
        heads = {_UNIT_SUFFIX.sub("", t): i for i, t in enumerate(texts) if t}
        by_column = {f: i for f, labels in _MONEY.items() for t, i in heads.items() if t in labels}
        if len(by_column) >= 2 and not has_amount:
            extra = {"执行率": "rate", "得分": "score", "分值": "weight"}
            self.money_columns = by_column | {extra[t]: i for t, i in heads.items() if t in extra}
            return
        for i, t in enumerate(texts):
            if not t:
                continue
            if not p.name and (lab := _starts(t, _NAME)):
                p.name = key_part(_labelled_value(row, i, lab))
            elif not p.department and (lab := _starts(t, _DEPARTMENT)):
                p.department = _squeeze(_labelled_value(row, i, lab))
            elif not p.implementer and (lab := _starts(t, _IMPLEMENTER)):
                p.implementer = _squeeze(_labelled_value(row, i, lab))
            elif (lab := _starts(t, _SCORE)) and len(t) <= 8 and p.score is None:
                text = _labelled_value(row, i, lab)
                if (value := parse_amount(text)) is not None:
                    p.score = Cell(_squeeze(text), value, page)
            elif _starts(t, _GRADE) and not p.grade:
                self._grade(_labelled_value(row, i, _starts(t, _GRADE)), page)
            elif (lab := _starts(t, _RATE)) and p.execution_rate is None:
                for w in weights(t).values():  # the last weight printed in the cell
                    p.header_weights["预算执行率"] = w
                m = _PERCENT.search(clean(_labelled_value(row, i, lab)))
                if m:
                    p.execution_rate = Cell(m.group(0), Decimal(m.group(1)), page)
            else:
                for attr, labels in _MONEY.items():
                    lab = _starts(t, labels)
                    if lab and getattr(p, attr) is None:
                        text = _labelled_value(row, i, lab)
                        value = parse_amount(text)
                        if value is not None:
                            setattr(p, attr, Cell(_squeeze(text), value, page))
                        break

    def _money_by_column(self, row: list[str | None], page: int | None) -> None:
        """The 年度资金总额 row under a row of column labels (national template)."""
        p, cols = self.project, self.money_columns or {}
        self.money_columns = None  # only the first row of amounts is the project's total

        def at(key: str) -> str:
            i = cols.get(key)
            return row[i] if i is not None and i < len(row) and row[i] else ""

        for attr in _MONEY:
            value = parse_amount(at(attr))
            if value is not None:
                setattr(p, attr, Cell(_squeeze(at(attr)), value, page))
        m = _PERCENT.search(clean(at("rate")))
        if m:
            p.execution_rate = Cell(m.group(0), Decimal(m.group(1)), page)
        for key, target in (("score", p.part_scores), ("weight", p.header_weights)):
            value = parse_amount(at(key))
            if value is not None:
                target["预算执行率"] = value

    # -- indicators ------------------------------------------------------------
    @staticmethod
    def _ends_indicators(label: str) -> bool:
        after = _CONCLUSION + _EXPERIENCE + _PROBLEMS + _END + ("总分", "注")
        return _is_total(label) or _starts(label, after) is not None

    def _indicator_row(self, row: list[str | None], page: int | None) -> None:
        if repeated := _indicator_columns(row):  # the header again, atop a continuation page
            self.columns = repeated
            return
        # a grid continued on the next page may lose its leftmost (vertical label) column:
        # its columns are then the header's, counted from the right
        cols = self.columns.shifted(len(row) - self.columns.width)
        markers = [i for i, c in enumerate(row) if _MARKER.fullmatch(clean(c))]
        aligned = cols.name is not None and (
            (cols.marker is not None and markers == [cols.marker]) or (not markers and cols.marker is None)
            or (not markers and cols.marker is not None and _filled(row[cols.name])))
        if aligned:
            self._levels([row[i] if i is not None else None for i in (cols.level1, cols.level2)], positional=True)

            def at(i: int | None) -> str:
                return _squeeze(row[i]) if i is not None and row[i] else ""

            name, target, actual, remark, score = (at(cols.name), at(cols.target), at(cols.actual),
                                                   at(cols.remark), at(cols.score))
            if not remark and score and parse_amount(score) is None:  # a text export shifted it right
                remark, score = score, ""
            if (weight := parse_amount(at(cols.weight))) is not None and self.level1 and not weights(self.level1):
                part = part_name(self.level1)
                self.indicator_weights[part] = self.indicator_weights.get(part, Decimal(0)) + weight
        elif markers:
            m = markers[0]
            self._levels([c for c in row[:m] if _filled(c)][-2:], positional=False)
            values = [_squeeze(c) for c in row[m + 1:] if _filled(c)]
            score = ""
            if values and parse_amount(values[-1]) is not None and len(values) in (1, 5):
                score = values.pop()
            name, target, actual, remark = (values + ["", "", "", ""])[:4]
        else:
            return
        if score and (value := parse_amount(score)) is not None and self.level1:
            part = part_name(self.level1)
            self.project.part_scores[part] = self.project.part_scores.get(part, Decimal(0)) + value
        name = key_part(name)
        if name and not _MARKER.fullmatch(name):
            self.project.indicators.append(Indicator(name, _strip_weight(self.level1), self.level2,
                                                     target, actual, remark, page))

    def _levels(self, cells: list[str | None], positional: bool) -> None:
        """Carry 一级/二级指标 down merged cells; a new 一级指标 brings its weight."""
        if positional:
            level1, level2 = (clean(c) if _filled(c) else "" for c in cells)
        else:
            texts = [clean(c) for c in cells]
            if len(texts) == 2:
                level1, level2 = texts
            elif len(texts) == 1 and (weights(texts[0]) or _strip_weight(texts[0]) in _LEVEL1):
                level1, level2 = texts[0], ""
            else:
                level1, level2 = "", texts[0] if texts else ""
        if level1:
            self.level1, self.level2 = level1, ""
            self.project.header_weights.update(weights(level1))
        if level2:
            # a name broken over a page end ('可持续性影响指' + '标') is joined again
            joined = self.level2 + level2
            self.level2 = joined if not self.level2.endswith("指标") and joined.endswith("指标") else level2

    # -- after the indicators --------------------------------------------------
    def _after_row(self, row: list[str | None], label: str, page: int | None) -> None:
        p = self.project
        if _is_total(label):
            if p.score is None:
                p.score = self._total(row, page)
        elif len(weights(label)) >= 2:
            p.scoring_note, p.note_weights = _squeeze(_row_text(row)), weights(_row_text(row))
        elif _starts(label, _GRADE) and not p.grade:
            self._grade(_row_body(row), page)
        elif _starts(label, _CONCLUSION) and not p.conclusion:
            p.conclusion, self.conclusion_page = _row_body(row), page
        elif _starts(label, _EXPERIENCE) and not p.experience:
            p.experience = _row_body(row)
        elif _starts(label, _PROBLEMS) and not p.problems:
            p.problems = _row_body(row)

    def _grade(self, text: str, page: int | None) -> None:
        """A 等级 cell: 优 / 良好 / “中” — not a text that merely mentions the bands."""
        s = re.sub(r"[“”\"'「」『』]", "", clean(text))
        if s and s[0] in "优良中差" and len(s) <= 3:
            self.project.grade, self.project.grade_page = s[0], page

    def _total(self, row: list[str | None], page: int | None) -> Cell | None:
        """总分: the 得分 column where the row lines up with the header, else its last number.
        An empty 总分 stays None (the conclusion's figure is not the table's)."""
        cols = self.columns
        if cols and cols.score is not None and len(row) == cols.width:
            candidates = [row[cols.score]]
        else:
            candidates = [c for c in row if _filled(c)][::-1]
        for text in candidates:
            value = parse_amount(text)
            if value is not None:
                return Cell(_squeeze(text), value, page)
        return None


def _note_under_grid(lines: list[tuple[str, int | None]]) -> str:
    """A scoring note printed as lines under the grid ('注：总分设置为100分：…'), which may
    wrap over several lines: from the first line stating a weight to the last stating 分."""
    texts = [_squeeze(text) for text, _ in lines]
    start = next((i for i, t in enumerate(texts) if weights(t)), None)
    if start is None:
        return ""
    end = start + 1
    while end < len(texts) and "分" in texts[end]:
        end += 1
    return "".join(texts[start:end])


def _row_text(row: list[str | None]) -> str:
    return "".join(c for c in row if _filled(c))


def _row_body(row: list[str | None]) -> str:
    """The text of a labelled row without its label cell."""
    first = next(i for i, c in enumerate(row) if _filled(c))
    return "".join(_squeeze(c) for c in _after(row, first))


# -- finding the tables ---------------------------------------------------------
def _starts_project(row: list[str | None]) -> bool:
    return _starts(_label(row), _NAME) is not None


def _closes_project(line: Line) -> bool:
    """A heading or another table's title ends the 自评表; page numbers, 填报人, '续表' and a
    自评表 title repeated atop the next page do not (a new 项目名称 row starts the next one)."""
    s = clean(line.text)
    if PART_HEADING.match(s):
        return True
    return s.endswith("表") and len(s) <= 40 and "续表" not in s and "绩效" not in s


def _project_rows(doc: RawDocument) -> list[_Rows]:
    found: list[_Rows] = []
    current: _Rows | None = None
    for block in doc.blocks:
        if isinstance(block, Line):
            if current and _closes_project(block):
                current = None
            elif current:
                current.notes.append((block.text, block.page))
            continue
        for row in block.rows:
            if _starts_project(row):
                current = _Rows()
                found.append(current)
            if current:
                current.rows.append((row, block.page))
    return found


def parse_performance(doc: RawDocument) -> list[PerfProject]:
    projects = []
    for rows in _project_rows(doc):
        project = _Builder(rows).build()
        # a 项目名称 column in some other table is not a 自评表: that has amounts or indicators
        if project.name and (project.indicators or project.budget or project.score):
            projects.append(project)
    return projects

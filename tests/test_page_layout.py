"""Word-read tables (juesuan/parse/page_layout.py) on layouts generated from word positions:
each test draws one layout feature over a range of sizes, gaps and jitters."""
from __future__ import annotations

import pytest

from juesuan.parse.page_layout import page_blocks
from juesuan.parse.page_words import PageContent, Word, group_lines
from juesuan.parse.raw import Grid


def word(text: str, x0: float, top: float, size: float = 9.0) -> Word:
    """A word as a PDF prints it: CJK characters a full em wide, figures half."""
    width = sum(size if ord(ch) > 0x2E80 else 0.55 * size for ch in text)
    return Word(text, x0, top, x0 + width, top + size)


def right(text: str, x1: float, top: float, size: float = 9.0) -> Word:
    w = word(text, 0, top, size)
    return Word(text, x1 - (w.x1 - w.x0), top, x1, top + size)


def grids(words: list[Word]) -> list[Grid]:
    return [b for b in page_blocks(PageContent(1, words)) if isinstance(b, Grid)]


@pytest.mark.parametrize("gap", [4.0, 6.0, 8.0])
def test_amounts_set_closer_than_a_character_are_a_row(gap):
    # a 合计 label printed over its figures, which stand alone on their line, packed tight
    amounts = ["3419300.00", "2356800.00", "1966200.00"]
    width = word(amounts[0], 0, 0).x1
    edges = [300 + k * (width + gap) + width for k in range(3)]
    words = [word("科目名称", 150, 80), *(right(t, x, 80) for t, x in zip(("合计", "基本支出", "项目支出"), edges))]
    words += [word("合计", 150, 96), *(right(a, x, 106) for a, x in zip(amounts, edges))]
    for n, top in enumerate((122, 137)):
        words += [word(("一般公共服务支出", "人大事务")[n], 150, top), *(right(a, x, top) for a, x in zip(amounts, edges))]
    [grid] = grids(words)
    rows = [[c for c in row if c] for row in grid.rows]
    assert rows.index(amounts) > rows.index(["科目名称", "合计", "基本支出", "项目支出"])  # a body row, not header


@pytest.mark.parametrize("leaves", [("小计", "人员经费", "公用经费"), ("小计", "人员", "公用经费"), ("合计", "人员经费支出", "公用")])
def test_a_group_header_centred_on_its_middle_leaf_heads_all_three(leaves):
    x1s = [260, 320, 380, 440, 500]  # 合计 | 小计 人员经费 公用经费 | 项目支出, amounts set right
    words = [word("科目名称", 100, 70), right("合计", x1s[0] - 5, 78), right("项目支出", x1s[4], 78)]
    middle = (x1s[1] - 45 + x1s[3]) / 2
    words.append(word("基本支出", middle - 18, 66))
    words += [right(t, x1s[k + 1], 86) for k, t in enumerate(leaves)]
    for n, top in enumerate((104, 119)):
        words.append(word(("一般公共服务支出", "人大事务")[n], 100, top))
        words += [right(f"{k + 1}0.00", x, top) for k, x in enumerate(x1s)]
    [grid] = grids(words)
    group_row = next(row for row in grid.rows if "基本支出" in row)
    at = group_row.index("基本支出")
    assert group_row[at + 1:at + 3] == [None, None]  # the group covers the leaves beside its own


@pytest.mark.parametrize("jitter", [-2.0, -1.0, 0.0, 1.0, 2.0])
def test_figures_centred_between_a_labels_lines_are_one_line(jitter):
    label = [word("十四、资源勘探工业", 100, 200, 10.5), word("信息等支出", 100, 211.7, 10.5)]
    figures = [right("0.00", 300 + 50 * k, 205.5 + (jitter if k % 2 else -jitter), 10.5) for k in range(4)]
    lines = group_lines(label + figures)
    holding = [line for line in lines if any(w.text == "0.00" for w in line.words)]
    assert len(holding) == 1 and len(holding[0].words) >= 4


def test_a_line_never_holds_two_words_one_over_the_other():
    lines = group_lines([word("附属单", 577, 350), word("位上缴", 577, 353), word("收入", 620, 351)])
    assert all(len({round(w.x0) for w in line.words}) == len(line.words) for line in lines)


@pytest.mark.parametrize("blank", ["", "-"])
def test_a_page_of_enumerated_rows_mostly_blank_is_a_table(blank):
    # a 公开04 page holding the expenditure side's middle: no 行次, no codes, one row with figures
    names = ["十三、交通运输支出", "十四、资源勘探工业信息等支出", "十五、商业服务业等支出", "十六、金融支出", "十九、住房保障支出"]
    words = []
    for n, name in enumerate(names):
        top = 100 + 15 * n
        words.append(word(name, 200, top))
        figures = ["10.41", "10.41"] if name.startswith("十九") else [blank, blank]
        words += [right(f, x, top) for f, x in zip(figures, (420, 500)) if f]
    [grid] = grids(words)
    assert [row[0] for row in grid.rows] == names


@pytest.mark.parametrize("shift", [-1.0, 0.0, 1.0])
def test_a_rows_words_jittered_under_its_figures_rejoin_them(shift):
    # a 公开04 row: label wrapped over two lines, its figures centred between, jittered so
    # the other side's 行次 and one figure fall just under the rest
    at = 131 + shift
    words = [word("十七、援助其他地", 375, at), word("区支出", 375, at + 11), word("49", 466, at + 3),
             *(right("0.00", x, at + dy) for x, dy in ((541, 4.7), (574, 3.6), (608, 4.7))),
             word("17", 325, at + 5.1), right("0.00", 507, at + 5.9)]
    lines = group_lines(words)
    row = next(line for line in lines if any(w.text == "49" for w in line.words))
    assert sorted(w.text for w in row.words if w.text[0].isdigit()) == ["0.00"] * 4 + ["17", "49"]

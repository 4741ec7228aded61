"""A word-read table's body lines into rows where no rule separates them: by 行次 or codes
where each row carries one, by names where it does not, between drawn rules where rows are
ruled."""
from __future__ import annotations

import re

from ..classification import begins_known_row, known_row
from .normalize import parse_amount, strip_enum, subject_code
from .page_words import CODED_NAME, LINE_NUMBER, TextLine, Word, column_of, column_words, has_money, is_money, row_start_line, row_start_word

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _bands(hrules: list[tuple[float, float, float]], top: float, bottom: float, x0: float, x1: float) -> list[float]:
    """The y of drawn rules crossing most of the region's width (row separators)."""
    width = x1 - x0
    return sorted({round(y, 1) for y, a, b in hrules if top - 2 <= y <= bottom + 2 and min(b, x1) - max(a, x0) > 0.5 * width})


def _wrap_edge(ends: list[float], height: float) -> float:
    """The right edge a column's wrapped lines reach: the farthest reached by two lines."""
    ends = sorted(ends, reverse=True)
    return next((a for a, b in zip(ends, ends[1:]) if a - b < 0.3 * height), ends[0] if ends else 0.0)


class _Rows:
    """Body lines into rows where no rule separates them.

    Each row has at most one line of amounts. A label wraps onto the next line only when it
    filled its column (it reached the column's right edge); a line opening with a code, an
    enumeration or a total starts a row — or takes the amounts printed just over it, when
    those stand alone (a label centred under its amounts)."""

    def __init__(self, body: list[TextLine], bounds, label_cols: set[int], height: float):
        self.body, self.bounds, self.label_cols, self.height = body, bounds, label_cols, height
        self.numbering = _numbering_columns(body, bounds)
        # where a label column's text wraps: as far right as two of its lines reach (a section
        # heading may run wider once), else its longest line
        self.right = {c: _wrap_edge([w.x1 for l in body for w in l.words if self._label_word(w, c)], height) for c in label_cols}

    def _label_word(self, word: Word, col: int | None = None) -> bool:
        own = column_of(word, self.bounds)
        return own in self.label_cols and (col is None or own == col) and parse_amount(word.text) is None

    def labels(self, line: TextLine) -> list[Word]:
        return [w for w in line.words if self._label_word(w)]

    def full(self, line: TextLine) -> bool:
        """Its label reaches the right edge of its column: it may go on below."""
        return any(w.x1 >= self.right[column_of(w, self.bounds)] - self.height for w in self.labels(line))

    def _opens(self, line: TextLine) -> bool:
        """Figures, a row label, or a 行次 of its own: each printed row has one."""
        return has_money(line) or row_start_line(line) or any(
            column_of(w, self.bounds) in self.numbering for w in line.words)

    def _starts(self, line: TextLine) -> bool:
        return row_start_line(line) or any(column_of(w, self.bounds) in self.numbering for w in line.words)

    def _numbered(self, line: TextLine) -> bool:
        return any(column_of(w, self.bounds) in self.numbering for w in line.words)

    def _keyed(self, i: int) -> bool:
        """A line carrying its row's key: a 行次, a code, an enumerated or total label. Where
        rows have a 行次, a label opening with （一） whose 行次 comes on a following line (the
        lines between opening nothing) is the first line of that row's label, not a row."""
        line = self.body[i]
        if self._numbered(line):
            return True
        opening = next((w for w in line.words if not is_money(w.text) and row_start_word(w.text)), None)
        if opening is None:
            return False
        if self.numbering:  # (in a two-sided table the other side's labels run on their own)
            col = column_of(opening, self.bounds)
            for nxt in self.body[i + 1:i + 3]:
                same_col = [w for w in nxt.words if column_of(w, self.bounds) == col]
                if any(row_start_word(w.text) for w in same_col) or column_words(nxt):
                    return True
                if self._numbered(nxt):
                    return False
        return True

    def group(self) -> list[list[TextLine]]:
        """Where every printed row carries a key (a 行次 or a code), the lines between two keyed
        lines are wrapped text of one or the other, split where the gap between lines is
        widest (a row's own lines are set closer than two rows); otherwise by labels."""
        body = self.body
        keyed = [self._keyed(i) and not column_words(l) for i, l in enumerate(body)]
        coded = sum(1 for l in body if any(subject_code(w.text) or CODED_NAME.match(w.text) for w in l.words))
        if not (self.numbering or coded * 2 >= sum(1 for l in body if has_money(l))):
            return self._name_rows(keyed)
        return self._split_between_keys(keyed) if any(keyed) else self._by_labels()

    def _name_rows(self, keyed: list[bool]) -> list[list[TextLine]]:
        """Rows of a table of names, perhaps enumerated: a row starts at a keyed line, or at a
        line with figures or a label that does not go on from a label filling its column above
        (a blank row's label starts one; a row has one line of figures, so the next figures
        start the next row); every other line goes on with the row above."""
        rows: list[list[TextLine]] = []
        figures = False
        for i, line in enumerate(self.body):
            money = has_money(line)
            start = not rows or not column_words(line) and (
                keyed[i] or (money or bool(self.labels(line))) and not self._continues(i, rows[-1]) or money and figures)
            if start:
                rows.append([line])
            else:
                rows[-1].append(line)
            figures = money if start else figures or money
        return rows

    def _continues(self, i: int, row: list[TextLine]) -> bool:
        """Line i goes on from the label above it: that label filled its column and stands close
        over it (figures set between a label's lines notwithstanding) — unless the row's label
        is already a whole row name that this line's words do not go on."""
        above = next((j for j in range(i - 1, -1, -1) if self.labels(self.body[j])), None)
        if above is None or not self.full(self.body[above]):
            return False
        if self.body[i].top - self.body[above].bottom >= 0.8 * self.height:
            return False
        name = self._label_text(row)
        more = "".join(w.text for w in self.labels(self.body[i]))
        return not known_row(name) or not more or more[0] in "（(" or begins_known_row(name + more)  # (（含专用结余）: an aside)

    def _split_between_keys(self, keyed: list[bool]) -> list[list[TextLine]]:
        body = self.body
        anchors = [i for i, k in enumerate(keyed) if k]
        groups: dict[int, list[int]] = {a: [a] for a in anchors}
        runs: list[tuple[int | None, list[int], int | None]] = []  # (anchor above, loose lines, anchor below)
        bounds = [None, *anchors, None]
        for above, below in zip(bounds, bounds[1:]):
            start = 0 if above is None else above + 1
            stop = len(body) if below is None else below
            if stop > start:
                runs.append((above, list(range(start, stop)), below))
        styles: list[str] = []
        cuts: dict[int, int | None] = {}
        for n, (above, loose, below) in enumerate(runs):
            if above is None or below is None:
                cuts[n] = None
                continue
            named = self._named_cut(above, loose, below)
            if named is not None:
                cuts[n] = named
                continue
            chain = [above, *loose, below]
            gaps = [body[b].top - body[a].bottom for a, b in zip(chain, chain[1:])]
            widest = max(range(len(gaps)), key=gaps.__getitem__)
            clear = sorted(gaps)[-1] - (sorted(gaps)[-2] if len(gaps) > 1 else 0) > 1.0
            cuts[n] = widest if clear else None
            if clear and widest in (0, len(loose)):
                styles.append("down" if widest == 0 else "up")
        style = max(set(styles), key=styles.count) if styles else "up"
        for n, (above, loose, below) in enumerate(runs):
            cut = cuts[n]
            if cut is None:
                cut = len(loose) if above is not None and (style == "up" or below is None) else 0
            for k, i in enumerate(loose):
                owner = above if k < cut and above is not None else below if below is not None else above
                groups[owner].append(i)
        return [[body[i] for i in sorted(g)] for _, g in sorted(groups.items())]

    def _label_text(self, lines: list[TextLine]) -> str:
        return strip_enum("".join(w.text for l in lines for w in self.labels(l)))

    def _named_cut(self, above: int, loose: list[int], below: int) -> int | None:
        """Where the lines between two keyed rows divide by meaning: the one cut that makes the
        most whole row names of the two labels (其他行 / 政事业单位养 / 老支出 go up), or None."""
        body = self.body
        scores = []
        for cut in range(len(loose) + 1):
            up = self._label_text([body[above], *(body[i] for i in loose[:cut])])
            down = self._label_text([*(body[i] for i in loose[cut:]), body[below]])
            scores.append(known_row(up) + known_row(down))
        best = max(scores)
        return scores.index(best) if best and scores.count(best) == 1 else None

    def _by_labels(self) -> list[list[TextLine]]:
        rows: list[list[TextLine]] = []
        pending: list[TextLine] = []  # label lines waiting for the amounts printed under them
        body = self.body
        for i, line in enumerate(body):
            row = rows[-1] if rows else None
            close = row is not None and line.top - row[-1].bottom < 0.8 * self.height
            row_money = row is not None and any(has_money(l) for l in row)
            row_label = [l for l in row if self.labels(l)] if row else []
            if column_words(line):  # a header repeated inside the table
                rows.append(pending + [line])
                pending = []
                continue
            if self._opens(line):
                starts, money, labelled = self._starts(line), has_money(line), bool(self.labels(line))
                joins = not pending and close and (
                    # amounts (with no label of their own) under their label or code line
                    money and not starts and not row_money and (not labelled or self.full(row_label[-1]) if row_label else True)
                    # a total or code label centred under amounts that stand alone
                    or starts and not money and row_money and not row_label)
                if joins:
                    row.append(line)
                else:
                    rows.append(pending + [line])
                    pending = []
                continue
            ahead = next((j for j in range(i + 1, min(i + 4, len(body))) if self._opens(body[j])), None)
            nxt = body[ahead] if ahead is not None else None
            # the label goes on down to amounts within a few lines, each set close under the last
            chained = ahead is not None and all(body[j + 1].top - body[j].bottom < 0.8 * self.height for j in range(i, ahead))
            up = close and not pending and (not row_label or self.full(row_label[-1]))
            down = chained and (not self.labels(nxt) or self.full(line))
            if up and down:  # between a row and the next: the one whose text it touches
                up = line.top - row[-1].bottom <= nxt.top - line.bottom
            if up:
                row.append(line)
            elif down:
                pending.append(line)
            else:
                rows.append(pending + [line])
                pending = []
        if pending:
            rows.append(pending)
        return rows


def group_rows(body: list[TextLine], bounds, label_cols: set[int], hrules, height: float) -> list[list[TextLine]]:
    """Body lines into rows: between the drawn rules where rows are ruled, else _Rows."""
    ys = _bands(hrules, body[0].top, body[-1].bottom, min(l.x0 for l in body), max(l.x1 for l in body))
    if len(ys) >= 3:
        banded: dict[int, list[TextLine]] = {}
        for line in body:
            banded.setdefault(sum(1 for y in ys if y <= line.cy), []).append(line)
        return [banded[k] for k in sorted(banded)]
    return _Rows(body, bounds, label_cols, height).group()


def _numbering_columns(body: list[TextLine], bounds) -> set[int]:
    """Columns of 行次: small whole numbers only, on most lines."""
    words: dict[int, list[str]] = {}
    rows = [line for line in body if not column_words(line)]  # (项目 行次 统计数 repeated inside)
    for line in rows:
        for w in line.words:
            words.setdefault(column_of(w, bounds), []).append(w.text)
    return {c for c, texts in words.items() if len(texts) * 2 >= len(rows) and all(LINE_NUMBER.fullmatch(t) for t in texts)
            and _counting(texts)}


def _counting(texts: list[str]) -> bool:
    """1, 2, 3 …: numbers that mostly go up by one (a 行次, not a column of class codes)."""
    numbers = [int(t) for t in texts]
    return sum(b == a + 1 for a, b in zip(numbers, numbers[1:])) >= 0.6 * (len(numbers) - 1)


def label_columns(body: list[TextLine], bounds) -> set[int]:
    """Columns whose words are mostly text: words with Chinese characters, not figures or
    the dashes of empty cells."""
    words: dict[int, list[bool]] = {}
    for line in body:
        for w in line.words:
            words.setdefault(column_of(w, bounds), []).append(bool(_CHINESE.search(w.text)) and parse_amount(w.text) is None)
    return {c for c, texts in words.items() if sum(texts) * 2 > len(texts)}

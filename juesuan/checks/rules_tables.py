"""表内: the arithmetic inside each of the ten tables."""
from __future__ import annotations

from collections.abc import Iterator

from .. import keys
from ..model import Row, Table
from ..vocab import NOT_AN_ITEM, PERSONNEL_CLASSES, SANGONG_ITEMS
from .engine import NOTE, Context, Finding, merge_findings, rule


def _side_parts(row: Row, side: str) -> list[str]:
    """The parts of a two-sided table's row key after its side (收入/支出); [] on the other side."""
    rest = keys.below(row.key, side)
    return keys.parts(rest) if rest else []


def _under(row: Row, side: str, start: str = "", depth: int | None = None) -> bool:
    """Whether the row is on `side` with a name starting `start` (and `depth` parts after the side)."""
    parts = _side_parts(row, side)
    return bool(parts) and parts[0].startswith(start) and (depth is None or len(parts) == depth)


def _is_item(row: Row, side: str) -> bool:
    """A row of `side` that is an item of its sum: not a total, a carry-over or a 其中 line."""
    parts = _side_parts(row, side)
    return bool(parts) and not NOT_AN_ITEM.search(parts[0]) and "其中" not in parts[0]


def _row_key(table: Table, side: str, *words: str) -> str | None:
    """The first row on `side` whose name contains every word (labels vary by template)."""
    for row in table.rows:
        parts = _side_parts(row, side)
        if parts and all(w in parts[0] for w in words):
            return row.key
    return None


def _side_items(table: Table, side: str) -> list[Row]:
    """Item rows of one side, one per name (04's 支出 rows carry several columns)."""
    seen, out = set(), []
    for row in table.rows:
        if _is_item(row, side) and _under(row, side, depth=1) and row.key not in seen:
            seen.add(row.key)
            out.append(row)
    return out


@rule("表内.01收支合计", "表内", "公开01：本年收入合计＝各项收入之和，本年支出合计＝各类支出之和")
def check_01_sums(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开01")
    for side, total_words, what in (("收入", ("本年收入合计",), "本年收入合计应等于各项收入之和"),
                                     ("支出", ("本年支出合计",), "本年支出合计应等于各功能分类支出之和")):
        total = _row_key(t, side, *total_words)
        if total is None:
            ctx.gap(f"公开01未解析到{side}方{total_words[0]}")
            continue
        items = [r.key for r in _side_items(t, side)]
        # A parent 财政拨款收入 printed with its three kinds would double count.
        if side == "收入" and any("预算财政拨款" in k for k in items):
            items = [k for k in items if keys.last(k) != "财政拨款收入"]
        yield from ctx.check_sum(f"公开01{what}", keys.cell(t.id, total), [keys.cell(t.id, k) for k in items])


@rule("表内.01总计", "表内", "公开01：总计＝本年合计＋结余结转，收入总计＝支出总计")
def check_01_totals(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开01")
    spec = (("收入", "本年收入合计", (("使用非财政拨款结余",), ("结转和结余",))),
            ("支出", "本年支出合计", (("结余分配",), ("年末结转和结余",))))
    totals = {}
    for side, year_total, extras in spec:
        # the grand total: 总计, or in some templates a bare 合计 under the carry-overs
        total = _row_key(t, side, "总计") or (keys.row(side, "合计") if t.row(keys.row(side, "合计")) else None)
        base = _row_key(t, side, year_total)
        if total is None or base is None:
            ctx.gap(f"公开01未解析到{side}方总计或{year_total}")
            continue
        totals[side] = keys.cell(t.id, total)
        parts = [keys.cell(t.id, k) for k in (base, *(_row_key(t, side, *w) for w in extras)) if k]
        yield from ctx.check_sum(f"公开01{side}总计应等于{year_total}加结余结转", totals[side], parts)
    if len(totals) == 2:
        inc, exp = ctx.amount(totals["收入"]), ctx.amount(totals["支出"])
        if inc is not None and exp is not None:
            yield from ctx.compare("公开01收入总计应等于支出总计", totals["收入"], inc,
                                   totals["支出"], exp, totals.values())


# Total column → its part columns, per table (names as facts.md keys them).
_COLUMN_SUMS = {
    "公开02": [(("本年收入合计", "合计"), ("财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                                     "附属单位上缴收入", "其他收入"))],
    "公开03": [(("本年支出合计", "合计"), ("基本支出", "项目支出", "上缴上级支出", "经营支出",
                                     "对附属单位补助支出"))],
    "公开05": [(("合计", "小计"), ("基本支出", "项目支出")), (("基本支出",), ("人员经费", "公用经费"))],
    "公开07": [(("小计", "本年支出", "本年支出合计"), ("基本支出", "项目支出"))],
    "公开08": [(("合计", "小计"), ("基本支出", "项目支出"))],
}


@rule("表内.合计列", "表内", "公开02/03/05/07/08：合计栏＝各分栏之和（05：基本支出＝人员经费＋公用经费；07：年末＝年初＋收入－支出）")
def check_column_sums(ctx: Context) -> Iterator[Finding]:
    for t in ctx.tables(*_COLUMN_SUMS):
        for totals, parts in _COLUMN_SUMS[t.id]:
            for row in t.rows:
                total = next((c for c in totals if c in row.cells), None)
                present = [p for p in parts if p in row.cells]
                if total is None or not present or (len(present) == 1 and row.value(present[0]) is None):
                    continue
                yield from ctx.check_sum(f"{t.id} {row.label or row.key} 行的{total}应等于各分栏之和",
                                         keys.cell(t.id, row.key, total), [keys.cell(t.id, row.key, p) for p in present])
    # 公开07 carries its balances: 年末 = 年初 + 本年收入 − 本年支出.
    for t in ctx.tables("公开07"):
        for row in t.rows:
            spent = next((c for c in _COLUMN_SUMS["公开07"][0][0] if c in row.cells), None)
            flow = ["年初结转和结余", "本年收入"]
            if spent and "年末结转和结余" in row.cells and all(c in row.cells for c in flow):
                yield from ctx.check_sum(f"公开07 {row.label or row.key} 行的年末结转和结余应等于年初加收入减支出",
                                         keys.cell(t.id, row.key, "年末结转和结余"), [keys.cell(t.id, row.key, c) for c in flow + [spent]],
                                         signs=[1, 1, -1])


def _children(rows: list[Row], parent: str | None) -> list[Row]:
    """Rows one level below `parent` (None: the 类 rows under 合计)."""
    if parent is None:
        return [r for r in rows if r.code and len(r.code) == 3]
    want = len(parent) + 2
    return [r for r in rows if r.code and len(r.code) == want and r.code.startswith(parent)]


@rule("表内.科目层级", "表内", "公开02/03/05/07/08：合计＝Σ类，类＝Σ款，款＝Σ项")
def check_hierarchy(ctx: Context) -> Iterator[Finding]:
    for t in ctx.tables("公开02", "公开03", "公开05", "公开07", "公开08"):
        coded = [r for r in t.rows if r.code]
        total_row = t.row("合计")
        parents: list[tuple[Row, str | None]] = [(r, r.code) for r in coded if len(r.code) < 7]
        if total_row is not None:
            parents.insert(0, (total_row, None))
        for parent, code in parents:
            kids = _children(coded, code)
            if not kids:
                continue
            level = {None: "合计", 3: "类", 5: "款"}[len(code) if code else None]
            name = f"{parent.code} {parent.label}" if code else "合计"
            found = []
            for column in parent.cells:
                if any(column in k.cells for k in kids):
                    found += ctx.check_sum(f"{t.id} {name}（{level}）的{column or '金额'}应等于下级科目之和",
                                           keys.cell(t.id, parent.key, column), [keys.cell(t.id, k.key, column) for k in kids if column in k.cells])
            yield from merge_findings(found, f"{t.id} {name}（{level}）应等于下级科目之和")


@rule("表内.04", "表内", "公开04：合计栏＝三类财政拨款之和，本年合计＝Σ各项，收入总计＝支出总计（分资金来源亦然）")
def check_04(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开04")
    kinds = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    # Income: 本年收入合计 = Σ kinds; 总计 = 本年收入合计 + 年初结转和结余.
    inc_total = _row_key(t, "收入", "本年收入合计")
    if inc_total:
        # "一般公共预算财政拨款" or "…财政拨款收入", never the 年初结转 lines under it
        income = [keys.cell(t.id, r.key) for r in t.rows if _under(r, "收入", depth=1)
                  and any(k in r.key for k in kinds) and "结转" not in r.key]
        yield from ctx.check_sum("公开04本年收入合计应等于三类财政拨款收入之和", keys.cell(t.id, inc_total), income)
    grand = _row_key(t, "收入", "总计")
    carry = _row_key(t, "收入", "年初")
    if grand and inc_total:
        # The carry-over row, or where it is left blank, its three appropriation lines.
        carry_keys = [keys.cell(t.id, carry)] if carry and ctx.amount(keys.cell(t.id, carry)) is not None else [
            keys.cell(t.id, r.key) for r in t.rows if _under(r, "收入", "年初", 2)]
        yield from ctx.check_sum("公开04收入总计应等于本年收入合计加年初结转和结余", keys.cell(t.id, grand),
                                 [keys.cell(t.id, inc_total)] + carry_keys)
    # Expenditure: per row 合计 = Σ kinds; per column 本年支出合计 = Σ classes.
    for row in t.rows:
        if _under(row, "支出") and "合计" in row.cells:
            yield from ctx.check_sum(f"公开04 {row.label or row.key} 行的合计应等于三类财政拨款之和",
                                     keys.cell(t.id, row.key, "合计"), [keys.cell(t.id, row.key, k) for k in kinds if k in row.cells])
    exp_total = t.row(keys.row("支出", "本年支出合计"))
    classes = _side_items(t, "支出")
    if exp_total is not None:
        for column in exp_total.cells:
            yield from ctx.check_sum(f"公开04本年支出合计（{column}）应等于各类支出之和",
                                     keys.cell(t.id, exp_total.key, column), [keys.cell(t.id, r.key, column) for r in classes if column in r.cells])
    exp_grand = t.row(keys.row("支出", "总计"))
    if exp_grand is not None and exp_total is not None:
        carry_out = [r for r in t.rows if _under(r, "支出", "年末")]
        for column in exp_grand.cells:
            rows = [r for r in carry_out if _under(r, "支出", depth=1) and r.value(column) is not None] or [
                r for r in carry_out if not _under(r, "支出", depth=1) and column in r.cells]
            parts = [keys.cell(t.id, exp_total.key, column)] + [keys.cell(t.id, r.key, column) for r in rows]
            yield from ctx.check_sum(f"公开04支出总计（{column}）应等于本年支出合计加年末结转和结余",
                                     keys.cell(t.id, exp_grand.key, column), parts)
    if grand and exp_grand is not None:
        col = "合计" if "合计" in exp_grand.cells else next(iter(exp_grand.cells), None)
        income_grand, spent_grand = keys.cell(t.id, grand), keys.cell(t.id, exp_grand.key, col)
        a, b = ctx.amount(income_grand), exp_grand.value(col) if col is not None else None
        if a is not None and b is not None:
            yield from ctx.compare("公开04收入总计应等于支出总计", income_grand, a, spent_grand, b,
                                   [income_grand, spent_grand])
    # Each kind of appropriation balances on its own: 本年收入 + 年初结转 = 支出总计 of that column.
    split = [r for r in t.rows if _under(r, "收入", "年初", 2) and r.value() is not None]
    if exp_grand is not None and (split or not (carry and ctx.amount(keys.cell(t.id, carry)))):
        for kind in kinds:
            income = [keys.cell(t.id, r.key) for r in t.rows if _under(r, "收入") and kind in r.key
                      and (_under(r, "收入", depth=1) or "年初" in r.key)]
            if kind in exp_grand.cells and income:
                yield from ctx.check_sum(f"公开04 {kind}：支出总计应等于本年收入加年初结转和结余",
                                         keys.cell(t.id, exp_grand.key, kind), income)


def _class_amounts(ctx: Context, t: Table) -> dict[str, tuple[str, ...]]:
    """3-digit class → the keys that make up its amount (its row, else its items)."""
    out = {}
    codes = {r.code for r in t.rows if r.code}
    for code in sorted(c for c in codes if len(c) in (3, 5)):
        cls = code[:3]
        if cls in out:
            continue
        out[cls] = (keys.cell(t.id, cls),) if cls in codes else tuple(
            keys.cell(t.id, c) for c in sorted(codes) if len(c) == 5 and c.startswith(cls))
    return out


@rule("表内.06", "表内", "公开06：类＝Σ款，人员经费合计＝301＋303，公用经费合计＝其余各类之和")
def check_06(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开06")
    codes = [r for r in t.rows if r.code]
    for cls in (r for r in codes if len(r.code) == 3):
        items = [r for r in codes if len(r.code) == 5 and r.code.startswith(cls.code)]
        if items:
            yield from ctx.check_sum(f"公开06 {cls.code} {cls.label} 应等于其下各款之和",
                                     keys.cell(t.id, cls.key), [keys.cell(t.id, r.key) for r in items])
    classes = _class_amounts(ctx, t)
    for total_key, want in (("人员经费合计", lambda c: c in PERSONNEL_CLASSES),
                            ("公用经费合计", lambda c: c not in PERSONNEL_CLASSES)):
        if t.row(total_key) is None:
            ctx.gap(f"公开06未解析到{total_key}")
            continue
        amounts = [k for c, ks in classes.items() if want(c) for k in ks]
        if amounts:
            yield from ctx.check_sum(f"公开06{total_key}应等于所属各类之和", keys.cell(t.id, total_key), amounts)


@rule("表内.09", "表内", "公开09：合计＝因公出国＋公务用车小计＋公务接待，小计＝购置＋运行维护")
def check_09(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开09")
    abroad, car_purchase, car_running, reception = SANGONG_ITEMS
    for side in ("预算数", "决算数"):
        def k(item: str, side: str = side) -> str:
            return keys.cell(t.id, side, item)

        if k("合计") not in ctx.cells:
            ctx.gap(f"公开09未解析到{side}合计")
            continue
        car = k("小计") if k("小计") in ctx.cells else None
        car_parts = [k(car_purchase), k(car_running)]
        yield from ctx.check_sum(f"公开09{side}合计应等于三项之和", k("合计"),
                                 [k(abroad), *([car] if car else car_parts), k(reception)])
        if car:
            yield from ctx.check_sum(f"公开09{side}公务用车购置及运行维护费小计应等于购置费加运行维护费",
                                     car, car_parts)


@rule("表内.10", "表内", "公开10：政府采购合计＝货物＋工程＋服务，车辆数合计＝各类车辆之和")
def check_10(ctx: Context) -> Iterator[Finding]:
    t = ctx.table("公开10")
    yield from ctx.check_sum("公开10政府采购合计应等于货物、工程、服务之和", keys.cell(t.id, keys.row("政府采购", "合计")),
                             [keys.cell(t.id, keys.row("政府采购", x)) for x in ("货物", "工程", "服务")])
    total = keys.cell(t.id, keys.row("国有资产", "车辆数合计"))
    kinds = [keys.cell(t.id, r.key) for r in t.rows if keys.below(r.key, "国有资产") and not any(
        w in r.key for w in ("合计", "设备", "其中"))]
    yield from ctx.check_sum("公开10车辆数合计应等于各类车辆之和", total, kinds)


@rule("文档.行次连续", "文档", "表格行次应连续，无跳号",
      absent="各表未印行次")
def check_line_numbers(ctx: Context) -> Iterator[Finding]:
    for t in ctx.report.tables.values():
        numbers = t.line_numbers
        if len(numbers) < 3:
            continue  # the table prints no 行次 column (公开06, Shanghai layouts): nothing to check
        ctx.ran()
        present = set(numbers)
        missing = [n for n in range(min(numbers), max(numbers) + 1) if n not in present]
        # A two-sided table numbers each side on its own; only a short gap is a skipped number.
        if missing and len(missing) <= 2:
            yield ctx.finding(NOTE, f"{t.id}的行次跳号：缺少第{'、'.join(map(str, missing))}行",
                              [], {"缺少行次": "、".join(map(str, missing))}, t.pages)

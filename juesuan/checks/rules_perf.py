"""绩效: the arithmetic of each attached 项目支出绩效自评表."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import keys
from ..model import Cell, PerfProject
from ..vocab import GRADE_BANDS
from .engine import ERROR, HUNDRED, NOTE, WARNING, CannotRun, Context, Finding, NotApplicable, decimals, fmt, percent, ratio_severity, rule
from .passages import passages


def _projects(ctx: Context) -> list[PerfProject]:
    """The attached 自评表 whose indicator grid was read: a form with no indicator read was not
    understood (its layout differs), so its parts, weights and total cannot be checked."""
    if not ctx.report.projects:
        raise NotApplicable("报告未附项目支出绩效自评表")
    readable = []
    for pr in ctx.report.projects:
        if not pr.indicators:
            ctx.gap(f"绩效自评表“{pr.name}”未能识别出绩效指标（表格样式未能识别），未核对")
        elif not any(i.actual for i in pr.indicators) and pr.score is None:
            ctx.gap(f"“{pr.name}”的表只有目标值、没有完成值和得分，是绩效目标表而非自评表，未核对")
        else:
            readable.append(pr)
    if not readable:
        raise CannotRun("；".join(ctx.gaps))
    return readable


def _v(cell: Cell | None) -> Decimal | None:
    return cell.value if cell is not None else None


def _printed(cell: Cell) -> Decimal:
    """The value with the decimals it was printed with ('76.00%' keeps two)."""
    m = re.search(r"\d+(?:\.(\d+))?", cell.text or "")
    places = max(decimals(cell.value), len(m.group(1) or "") if m else 0)
    return cell.value.quantize(Decimal(1).scaleb(-places))


@rule("绩效.执行率", "绩效", "预算执行率＝实际执行金额÷预算金额（或÷实际到位金额）")
def check_execution_rate(ctx: Context) -> Iterator[Finding]:
    for pr in _projects(ctx):
        rate, spent = pr.execution_rate, _v(pr.spent)
        if rate is None or rate.value is None or spent is None:
            ctx.gap(f"“{pr.name}”缺少执行率或执行金额")
            continue
        ctx.ran()
        stated = _printed(rate)
        bases = [(m, _v(c)) for m, c in (("预算金额", pr.budget), ("实际到位金额", pr.funded)) if _v(c)]
        if not bases:
            continue
        results = [(ratio_severity(stated, spent, b, ctx.quantum), m, b) for m, b in bases]
        if any(s is None for s, _, _ in results):
            continue
        severity, measure, base = min(results, key=lambda r: r[0] != NOTE)
        computed = percent(spent, base)
        yield ctx.finding(severity,
                          f"绩效自评表“{pr.name}”预算执行率写为{fmt(stated)}%，按实际执行金额{fmt(spent)}÷{measure}"
                          f"{fmt(base)}计算为{fmt(computed)}%",
                          [keys.performance(pr.name, "预算执行率"), keys.performance(pr.name, "实际执行金额"), keys.performance(pr.name, measure)],
                          {"陈述": stated, "计算": computed, "差额": stated - computed}, [rate.page, pr.page])


def _rate_weight(pr: PerfProject) -> tuple[Decimal, bool]:
    """The weight of 预算执行率 and whether the report states it (the national template's 10 if not)."""
    for weights in (pr.header_weights, pr.note_weights):
        for name, w in weights.items():
            if "执行率" in name:
                return w, True
    m = re.search(r"预算执行率[（(]?(\d+)分", re.sub(r"\s+", "", pr.scoring_note))
    return (Decimal(m.group(1)), True) if m else (Decimal(10), False)


@rule("绩效.执行率得分", "绩效", "预算执行率得分＝权重×执行率（不超过权重）")
def check_rate_score(ctx: Context) -> Iterator[Finding]:
    for pr in _projects(ctx):
        score = next((v for k, v in pr.part_scores.items() if "执行率" in k), None)
        rate = _v(pr.execution_rate)
        if score is None or rate is None:
            ctx.gap(f"“{pr.name}”缺少执行率得分")
            continue
        weight, stated = _rate_weight(pr)
        expected = min(weight, weight * rate / HUNDRED)
        for f in ctx.compare(f"绩效自评表“{pr.name}”预算执行率得分应为{fmt(weight)}×执行率",
                             keys.performance(pr.name, "预算执行率得分"), score, "权重×执行率", expected.quantize(Decimal("0.01")),
                             [keys.performance(pr.name, "预算执行率")], pages=[pr.page]):
            if not stated and f.severity == ERROR:
                # The weight is the template's, not the report's: the report may weigh it otherwise.
                f.severity, f.message = WARNING, f.message + "（按全国模板权重10分计算，表中未写明权重）"
            yield f


@rule("绩效.总分", "绩效", "总分＝各部分得分之和，且总分不应空缺")
def check_total_score(ctx: Context) -> Iterator[Finding]:
    for pr in _projects(ctx):
        stated = _v(pr.stated_score)
        if pr.score is None or pr.score.value is None:
            ctx.ran()
            said = f"（自评结论称得分{fmt(stated)}）" if stated is not None else ""
            yield ctx.finding(WARNING, f"绩效自评表“{pr.name}”的总分（自评得分）为空{said}",
                              [keys.performance(pr.name, "自评得分")], {"总分": "空", "结论得分": fmt(stated)},
                              [pr.score.page if pr.score else None, pr.page])
            continue
        if stated is not None:
            yield from ctx.compare(f"绩效自评表“{pr.name}”自评结论的得分应与表中总分一致",
                                   "自评结论所写的得分", stated, "表中总分", pr.score.value,
                                   [keys.performance(pr.name, "自评得分")], pages=[pr.stated_score.page, pr.score.page])
        if not pr.part_scores:
            ctx.gap(f"“{pr.name}”未解析到各部分得分")
            continue
        total = sum(pr.part_scores.values(), Decimal(0))
        parts = "＋".join(f"{k}{fmt(v)}" for k, v in pr.part_scores.items())
        yield from ctx.compare(f"绩效自评表“{pr.name}”总分应等于各部分得分之和（{parts}）",
                               keys.performance(pr.name, "自评得分"), pr.score.value, "各部分得分之和", total,
                               [keys.performance(pr.name, "自评得分")], len(pr.part_scores), [pr.score.page])


@rule("绩效.权重", "绩效", "各部分权重合计100分，表头权重与评分说明一致")
def check_weights(ctx: Context) -> Iterator[Finding]:
    for pr in _projects(ctx):
        if pr.header_weights and pr.note_weights:
            for name, w in pr.header_weights.items():
                note = next((v for k, v in pr.note_weights.items() if k in name or name in k), None)
                if note is None:
                    continue
                ctx.ran()
                if note != w:
                    yield ctx.finding(ERROR,
                                      f"绩效自评表“{pr.name}”表头写{name}（{fmt(w)}分），评分说明写{name}{fmt(note)}分",
                                      [keys.performance(pr.name, "自评得分")], {"表头": w, "评分说明": note, "差额": w - note}, [pr.page])
        for source, weights in (("评分说明", pr.note_weights), ("表头", pr.header_weights)):
            if not weights:
                continue
            total = sum(weights.values(), Decimal(0))
            if not any("执行率" in k for k in weights):
                total += _rate_weight(pr)[0]
            ctx.ran()
            if total != HUNDRED:
                yield ctx.finding(ERROR, f"绩效自评表“{pr.name}”{source}各部分权重合计{fmt(total)}分，应为100分",
                                  [keys.performance(pr.name, "自评得分")], {"合计": total, "应为": 100}, [pr.page])
        if not pr.header_weights and not pr.note_weights:
            ctx.gap(f"“{pr.name}”未解析到权重")


_BAND = re.compile(r"(\d+(?:\.\d+)?)分?(?:[（(]含[)）])?(?:以上|及以上)?(?:[-－—~～至到]\d+(?:\.\d+)?分?)?(?:[（(]不?含\d*分?[)）])?为[“\"]?(优|良|中)")


def grade_bands(note: str) -> tuple[tuple[Decimal, str], ...]:
    """The lower bound of 优/良/中 as the scoring note states them, else the national bands."""
    bands = {g: floor for floor, g in GRADE_BANDS}
    for m in _BAND.finditer(re.sub(r"\s+", "", note or "")):
        bands[m.group(2)] = Decimal(m.group(1))
    return tuple(sorted(((f, g) for g, f in bands.items()), reverse=True))


def grade_for(score: Decimal, note: str = "") -> str:
    return next(g for floor, g in grade_bands(note) if score >= floor)


@rule("绩效.等级", "绩效", "等级与总分所在分档一致（优≥90，良80–90，中60–80，差<60）")
def check_grade(ctx: Context) -> Iterator[Finding]:
    for pr in _projects(ctx):
        score = _v(pr.score) if _v(pr.score) is not None else _v(pr.stated_score)
        if score is None or not pr.grade:
            ctx.gap(f"“{pr.name}”缺少总分或等级")
            continue
        if pr.grade[0] not in "优良中差":
            ctx.gap(f"“{pr.name}”的等级“{pr.grade}”不是优良中差")
            continue
        ctx.ran()
        want = grade_for(score, pr.scoring_note)
        if pr.grade[0] != want:
            yield ctx.finding(ERROR, f"绩效自评表“{pr.name}”总分{fmt(score)}应评为“{want}”，表中写“{pr.grade}”",
                              [keys.performance(pr.name, "自评得分"), keys.performance(pr.name, "等级")], {"总分": score, "等级": pr.grade, "应为": want},
                              [pr.grade_page, pr.page])


@rule("绩效.说明与自评表", "绩效", "情况说明的绩效自评项目个数、涉及资金与所附自评表一致")
def check_perf_summary(ctx: Context) -> Iterator[Finding]:
    projects = ctx.report.projects or _projects(ctx)  # counts and funds need no indicators
    count = ctx.report.figure("绩效自评", "项目个数")
    funds = ctx.report.figure("绩效自评", "涉及资金")
    yield from _grade_counts(ctx, projects)
    if count is None and funds is None:
        ctx.gap("情况说明中未解析到绩效自评项目个数和涉及资金")
        return
    if count is not None:
        ctx.ran()
        if count.value != len(projects):
            yield ctx.finding(WARNING,
                              f"情况说明称绩效自评项目{fmt(count.value)}个，所附自评表为{len(projects)}个",
                              [count.key], {"说明": count.value, "自评表": len(projects)}, [count.page])
            return
    if funds is None:
        return
    sums = {}
    for measure, attr in (("实际执行金额", "spent"), ("预算金额", "budget"), ("实际到位金额", "funded")):
        values = [_v(getattr(p, attr)) for p in projects]
        if all(v is not None for v in values):
            sums[measure] = sum(values, Decimal(0))
    if not sums:
        return
    ctx.ran()
    best = min(sums.items(), key=lambda kv: abs(kv[1] - funds.value))
    severity = ctx.amount_severity(funds.value, best[1], len(projects))
    if severity is not None:
        yield ctx.finding(WARNING if severity == ERROR else severity,
                          f"情况说明称绩效自评涉及资金{fmt(funds.value)}万元，所附自评表{best[0]}合计{fmt(best[1])}万元",
                          [funds.key], {"说明": funds.value, "自评表": best[1], "差额": funds.value - best[1]},
                          [funds.page])


# "3个项目自评等级为“优”" / "绩效评级为“优”的项目39个"
_GRADE_COUNT = (re.compile(r"(\d+)个项目(?:自评)?(?:等级|评级|结果)为[“\"]?(优|良|中|差)(?![秀好等])"),
                re.compile(r"(?:等级|评级|结果)为[“\"]?(优|良|中|差)[”\"]?的项目(\d+)个"))


def _grade_counts(ctx: Context, projects: list[PerfProject]) -> Iterator[Finding]:
    """The number of projects the prose gives each grade, against the attached tables' grades."""
    for p in passages(ctx.report, ("情况说明",)):
        stated = {}
        for m in _GRADE_COUNT[0].finditer(p.text):
            stated[m.group(2)] = int(m.group(1))
        for m in _GRADE_COUNT[1].finditer(p.text):
            stated[m.group(1)] = int(m.group(2))
        if not stated or sum(stated.values()) != len(projects):
            continue  # not every project is attached: the counts cannot be compared
        ctx.ran()
        actual = {g: sum(1 for pr in projects if pr.grade and pr.grade[0] == g) for g in stated}
        for grade, n in stated.items():
            if actual[grade] != n:
                yield ctx.finding(WARNING,
                                  f"情况说明称自评等级为“{grade}”的项目{n}个，所附自评表中为{actual[grade]}个",
                                  [keys.performance(pr.name, "等级") for pr in projects if pr.grade],
                                  {"说明": n, "自评表": actual[grade]}, [p.page])

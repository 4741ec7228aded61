"""The domain's fixed words, in one place: severities, function classes, 三公 items, grade bands,
the bases a figure is stated on, what is said where a number is missing, and 元→万元.

Every module that names one of these imports it from here, so a word is spelled (and a
list ordered) once.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# Finding severities, most serious first.
ERROR, WARNING, NOTE = "错误", "警告", "提示"
SEVERITIES = (ERROR, WARNING, NOTE)
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}

# 政府收支分类科目 支出功能分类 类级科目 (national classification, stable since 2020).
STANDARD_CLASSES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出",
    "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}

# The row names of the two-sided tables (公开01/04) besides the function classes: income
# sources, totals and carry-overs, as the national template and its older versions print them.
TWO_SIDED_ROWS = (
    "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "财政拨款收入",
    "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
    "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "本年收入合计", "本年支出合计",
    "使用非财政拨款结余", "用事业基金弥补收支差额", "年初结转和结余", "上年结转和结余", "年初财政拨款结转和结余",
    "结余分配", "年末结转和结余", "年末财政拨款结转和结余", "总计", "合计",
)

# The items of 公开10 (部门决算公开相关信息统计表), numbers dropped.
INFO_ITEMS = (
    "合计", "货物", "工程", "服务", "授予中小企业合同金额", "授予小微企业合同金额", "行政单位", "参照公务员法管理事业单位",
    "车辆数合计", "副部（省）级及以上领导用车", "主要负责人用车", "机要通信用车", "应急保障用车", "执法执勤用车",
    "特种专业技术用车", "离退休干部服务用车", "其他用车", "单价100万元（含）以上设备（不含车辆）",
    "单价50万元（含）以上通用设备", "单价100万元（含）以上专用设备",
)

# Column names of the tables (the leaves and groups of their headers, as facts.md keys them).
COLUMN_NAMES = (
    "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "教育收费",
    "本年支出合计", "合计", "小计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "人员经费", "公用经费", "基本建设资金支出", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余",
    "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "决算数", "预算数", "金额", "统计数",
)

# 公开09's leaf items, in the printed order (its 合计 and 小计 are sums of these).
SANGONG_ITEMS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")

# 绩效自评 grade bands: the lowest total score of each grade.
GRADE_BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))

# Row labels of the two-sided tables (公开01/04) that are totals or carry-overs, not items.
NOT_AN_ITEM = re.compile(r"合计|总计|结转|结余|小计")

# Which money a figure counts (口径): every source of funds (公开01–03), appropriations only
# (公开04, 公开09), or the general-budget appropriation only (公开05, 公开06, 机关运行经费).
ALL_FUNDS, APPROPRIATION, GENERAL_BUDGET = "全部资金", "财政拨款", "一般公共预算"
BASES = (ALL_FUNDS, APPROPRIATION, GENERAL_BUDGET)

# Said in place of a number: the report does not state it, or states it where it could not be read.
NOT_LISTED, UNREADABLE = "报告未列示", "未能识别"

# 公开06: classes of 人员经费 (wages, transfers to households); the other classes are 公用经费.
PERSONNEL_CLASSES = ("301", "303")

YUAN_PER_WAN = Decimal(10000)
CENT = Decimal("0.01")


def to_wan(value: Decimal, money_unit: str | None) -> Decimal:
    """An amount in 万元, exact: a report printed in 元 is divided by 10 000."""
    return value / YUAN_PER_WAN if (money_unit or "万元").strip() == "元" else value


def chart_number(value: Decimal | None) -> float | None:
    """The float a chart or a table cell shows: rounded to the 0.01 the reports print (half up,
    as they round), so every surface shows the same digits for the same Decimal."""
    return None if value is None else float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def grade_for(score: Decimal | float | None) -> str | None:
    """The grade band a self-evaluation score falls in (优 ≥90, 良 80–90, 中 60–80, 差 <60)."""
    if score is None:
        return None
    return next((grade for floor, grade in GRADE_BANDS if Decimal(str(score)) >= floor), GRADE_BANDS[-1][1])

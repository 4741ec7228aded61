"""The attached 项目支出绩效自评表, one PerfProject each."""
from __future__ import annotations

from ..model import PerfProject
from .raw import RawDocument


def parse_performance(doc: RawDocument) -> list[PerfProject]:
    return []  # TODO(performance)

"""Find the ten standard tables in a RawDocument and read them into Table models."""
from __future__ import annotations

from ...model import Problem, Table
from ..raw import RawDocument


def parse_tables(doc: RawDocument) -> tuple[dict[str, Table], list[Problem]]:
    return {}, []  # TODO(tables)

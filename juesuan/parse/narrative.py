"""The prose: sections and the figures they state (说明.<subject>.<measure>)."""
from __future__ import annotations

from ..model import Section, StatedFigure
from .raw import RawDocument


def parse_narrative(doc: RawDocument) -> tuple[list[Section], list[StatedFigure]]:
    return [], []  # TODO(narrative)

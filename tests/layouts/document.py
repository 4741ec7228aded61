"""A variant: one truth file's tables, one drawn Layout, the rendered PDF and its facts."""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from tests.corpus import LOCAL_COPIES, SHARED_CORPUS

from . import vocab
from .families import build_sheet
from .features import TAGLESS, Layout, random_layout, tag
from .render import Document, render
from .shapes import Truth, load_truth


@dataclass
class Variant:
    seed: int
    truth: str  # the truth file's stem
    layout: Layout
    pdf: bytes
    expected: dict[str, tuple[Decimal, int]]  # fact key → (value in the report's money unit, page)
    ambiguous: set[str]  # key prefixes two rows print alike (names-only layouts): not scored
    tags: set[str]  # the features this rendering used
    tables: list[str]  # ids of the tables rendered
    pages: int

    def is_ambiguous(self, key: str) -> bool:
        return any(key == p or key.startswith(p + ".") for p in self.ambiguous)


def truth_files() -> list[Path]:
    """Every truth file: the shared corpus (real/ included), else the copies in tests/fixtures."""
    found: dict[str, Path] = {}
    for folder in (SHARED_CORPUS, SHARED_CORPUS / "real", *LOCAL_COPIES):
        for path in sorted(folder.glob("*.truth.json")) if folder.is_dir() else ():
            found.setdefault(path.name, path)
    return [found[name] for name in sorted(found)]


@cache
def _truth(path: Path) -> Truth:
    return load_truth(path)


def make_variant(seed: int, truth: Path | None = None, **forced) -> Variant:
    """The rendering of seed: a truth file and a layout drawn from random.Random(seed),
    any switch given in `forced` set to that value."""
    rng = random.Random(seed)
    path = truth or rng.choice(truth_files())
    layout = random_layout(rng, **forced)
    source = _truth(path)
    sheets = [build_sheet(shape, layout, rng) for shape in source.tables]
    doc = Document(source.unit, source.year, layout, sheets)
    tags = _title_sheets(doc, rng)
    rendered = render(doc, rng)
    tags |= rendered.tags | {tag(s, getattr(layout, s)) for s in ("jitter", "column_major", "running", "page_numbers", "rows_per_page", "fields", "notes")}
    tags = {t for t in tags if t.split(":", 1)[1] not in {str(v) for v in TAGLESS.get(t.split(":", 1)[0], ())}}
    return Variant(seed, source.name, layout, rendered.pdf, rendered.expected,
                   set().union(*(s.ambiguous for s in sheets)), tags, [s.table_id for s in sheets], rendered.pages)


def _title_sheets(doc: Document, rng: random.Random) -> set[str]:
    """Printed titles, labels and notes, in the layout's title set."""
    layout = doc.layout
    national = {s.table_id: f"{s.table_id}表" for s in doc.sheets if s.table_id in vocab.TITLES}
    if layout.titles == "swapped" and len(national) > 1:  # a province numbering two tables the other way round
        ids = sorted(national)
        i = rng.randrange(len(ids) - 1)
        national[ids[i]], national[ids[i + 1]] = national[ids[i + 1]], national[ids[i]]
    for n, sheet in enumerate(doc.sheets, start=1):
        doc.label_of[sheet.table_id] = {"national": national.get(sheet.table_id), "swapped": national.get(sheet.table_id),
                                       "table_n": f"表{n}", "none": None}[layout.titles]
        wordings = vocab.TITLES.get(sheet.table_id, (sheet.title,))
        title = wordings[-1] if layout.title_wording == "other" else wordings[0]
        if title != wordings[0]:
            sheet.tags.add(tag("title_wording", "other"))
        sheet.title = (layout.prefix or "") + title
        sheet.notes = [vocab.NOTE.format(what=title.removesuffix("表"))]
    tags = {tag("titles", layout.titles), tag("prefix", layout.prefix), tag("label_inline", layout.label_inline)}
    return tags if any(doc.label_of.values()) else tags - {tag("label_inline", True)}


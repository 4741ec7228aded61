"""Layout generator (issue 10): the corpus truths' tables rendered as PDF reports in
randomized layouts, each rendering with the facts it prints, and the parser scored on them.

    from tests.layouts import make_variant, score_variant
    variant = make_variant(7)              # seeded: the same seed gives the same PDF
    result = score_variant(variant)        # parse_report + report_facts against variant.expected

shapes.py rebuilds a truth's tables, families.py lays a table out in a Layout's style
(features.py lists the switches), render.py draws the pages, score.py compares.
"""
from __future__ import annotations

from .document import Variant, make_variant, truth_files
from .score import VariantScore, score_variant

__all__ = ["Variant", "VariantScore", "make_variant", "score_variant", "truth_files"]

"""The parser's acceptance bar for one corpus document (issue: table recall and precision 100%,
narrative and performance recall ≥ 98%, header right, page accuracy 100%)."""
from __future__ import annotations

from juesuan.facts import report_facts

from .corpus import parsed, score, truth


def assert_meets_bar(name: str) -> None:
    result = score(truth(name), report_facts(parsed(name)))
    assert all(result["header"].values()), result["header"]
    recall = result["recall"]
    assert recall.get("tables", 1.0) == 1.0, (result["missing"][:10], result["wrong"][:10])
    assert result["table_precision"] == 1.0, result["extra"][:10]
    for area in ("narrative", "performance"):
        assert recall.get(area, 1.0) >= 0.98, (area, recall[area], result["missing"][:10], result["wrong"][:10])
    assert not result["wrong_page"], result["wrong_page"][:10]

"""Where the corpus is, and the scoring logic of shared/tools/score_facts.py.

The corpus lives in ../shared/corpus beside the clone (CI has it there). The seed and the
fictional shifan-* documents are also copied into tests/fixtures and data/samples so a plain
clone still tests itself; the real/ PDFs are only in ../shared, and their tests skip with a
clear reason when it is absent.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
LOCAL_COPIES = (ROOT / "tests" / "fixtures", ROOT / "data" / "samples")
# Every corpus PDF with a truth file: the seed, the fictional reports and the real ones.
PDF_DOCUMENTS = [
    "yangquan-2024.pdf",
    "shifan-datacenter-2023.pdf",
    "shifan-datacenter-2024.pdf",
    "shifan-transport-2024.pdf",
    "real/chongqing-swu-2023.pdf",
    "real/shanghai-putuo-guihuaziyuan-2024.pdf",
    "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
]


def corpus_file(name: str) -> Path:
    """A corpus file by its path under corpus/ (e.g. 'real/x.pdf'); skips when absent."""
    candidates = [SHARED_CORPUS / name] + [d / Path(name).name for d in LOCAL_COPIES if "/" not in name]
    for path in candidates:
        if path.exists():
            return path
    pytest.skip(f"{name} not available: ../shared/corpus is absent beside this clone")


@cache
def parsed(name: str):
    """The parsed report of a corpus file, parsed once per test session."""
    from juesuan.parse import parse_report

    return parse_report(corpus_file(name))


def truth(name: str) -> dict:
    """The truth file beside a corpus document (same stem, .truth.json)."""
    stem = name.rsplit(".", 1)[0]
    return json.loads(corpus_file(stem + ".truth.json").read_text(encoding="utf-8"))


def _area(key: str) -> str:
    for prefix, area in (("公开", "tables"), ("说明.", "narrative"), ("绩效.", "performance")):
        if key.startswith(prefix):
            return area
    return "other"


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 0.005
    return str(a).strip() == str(b).strip()


def score(truth_doc: dict, predicted_doc: dict) -> dict:
    """Recall per area, table precision, page accuracy, header — as score_facts.py computes them,
    plus the keys behind each shortfall so a failing assertion says what is wrong."""
    truth_facts = {f["key"]: f for f in truth_doc["facts"]}
    pred = {f["key"]: f for f in predicted_doc["facts"]}
    out = {"header": {f: _same(truth_doc.get(f), predicted_doc.get(f)) for f in ("unit", "year", "money_unit")},
           "recall": {}, "missing": [], "wrong": [], "wrong_page": []}
    counts: dict[str, list[int]] = {}
    for key, fact in truth_facts.items():
        c = counts.setdefault(_area(key), [0, 0])
        c[0] += 1
        got = pred.get(key)
        if got is None:
            out["missing"].append(key)
        elif not _same(fact["value"], got.get("value")):
            out["wrong"].append((key, fact["value"], got.get("value")))
        else:
            c[1] += 1
            if "page" in fact and "page" in got and fact["page"] != got["page"]:
                out["wrong_page"].append((key, fact["page"], got["page"]))
    out["recall"] = {area: found / total for area, (total, found) in counts.items()}
    table_pred = [k for k in pred if _area(k) == "tables"]
    right = [k for k in table_pred if k in truth_facts and _same(truth_facts[k]["value"], pred[k]["value"])]
    out["extra"] = [k for k in table_pred if k not in truth_facts]
    out["table_precision"] = len(right) / len(table_pred) if table_pred else 0.0
    return out

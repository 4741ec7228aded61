"""The table parser on generated layouts (issue 10): cell accuracy overall and per feature.

    python bench/layout_fuzz.py [--n 300] [--seed 0] [--force SWITCH=VALUE ...] [--show SEED ...] [--save DIR]
    python bench/layout_fuzz.py --isolate

Renders N variants (seeds SEED … SEED+N-1) of the corpus truths' tables in randomized
layouts (tests/layouts), parses each in-process with parse_report and compares the table
facts with what was drawn. Prints cells read right (value and page, in a table the parser
did not mark unreliable) over cells rendered, overall and per feature (over the renderings
that used it); wrong cells in tables NOT marked unreliable (the worst failure), cells in
tables marked unreliable, cells not read, keys read that were never rendered, tables not
found, crashes and refusals; then one example per weakest feature. --show lists every failure of the
given seeds; --save writes their PDFs; --force sets a switch in every variant (e.g.
ruling=grid, to see the other features apart from the ruling's). --isolate renders every truth
in the national layout and once per departure with that one switch changed: each feature's
own effect. Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.layouts import make_variant, score_variant, truth_files  # noqa: E402
from tests.layouts.features import CHOICES, NATIONAL, tag  # noqa: E402
from tests.layouts.score import Tally, VariantScore, tally  # noqa: E402


def _row(name: str, t: Tally) -> str:
    counts = "".join(f"{t[k]:>7}" for k in ("wrong", "unreliable_cells", "missing", "misplaced", "extra_in_reliable", "missing_tables"))
    return f"{name:<34}{t['variants']:>5}{t['cells']:>8}{100 * t.accuracy:>8.1f}%{counts}{t['crashes'] + t['refused']:>7}"


def _example(score: VariantScore) -> str:
    v = score.variant
    where = f"seed {v.seed} ({v.truth})"
    if score.crash:
        return f"{where}: parse crashed: {score.crash.strip().splitlines()[-1]}"
    if score.refused:
        return f"{where}: refused as no report: {score.refused}"
    if score.wrong:
        key, want, got = score.wrong[0]
        return f"{where}: {key} expected {want} (p.{v.expected[key][1]}), read {got}"
    if score.extra_in_reliable:
        key, got = score.extra_in_reliable[0]
        return f"{where}: read {key} = {got}, never rendered"
    if score.missing:
        key = score.missing[0]
        table = key.split(".", 1)[0]
        lost = "table not found" if table in score.missing_tables else "not read"
        return f"{where}: {key} expected {v.expected[key][0]} (p.{v.expected[key][1]}), {lost}"
    if score.unreliable_cells:
        table = score.unreliable_cells[0].split(".", 1)[0]
        return f"{where}: {table} marked unreliable: {score.unreliable_tables[table]}"
    if score.misplaced:
        key, want, got = score.misplaced[0]
        return f"{where}: {key} page expected {want}, read {got}"
    return f"{where}: all right"


def _show(score: VariantScore) -> None:
    v = score.variant
    print(f"\n== seed {v.seed}: {v.truth}, {v.pages} pages, {score.cells} cells, {len(score.right)} right")
    print("   layout:", v.layout)
    print("   features:", " ".join(sorted(v.tags)))
    if score.crash or score.refused:
        print(score.crash or f"   refused: {score.refused}")
    print("   tables not found:", score.missing_tables, " unreliable:", score.unreliable_tables)
    for key, want, got in score.wrong:
        print(f"   WRONG {key}: expected {want}, read {got}")
    for key, got in score.extra_in_reliable:
        print(f"   EXTRA {key} = {got}")
    for key in score.missing:
        print(f"   missing {key} = {v.expected[key][0]} (p.{v.expected[key][1]})")
    for key, want, got in score.misplaced:
        print(f"   page {key}: expected {want}, read {got}")


def _forced(pairs: list[str]) -> dict:
    """'ruling=grid' → {'ruling': 'grid'}, the value taken from the switch's own values."""
    forced = {}
    for pair in pairs:
        switch, _, text = pair.partition("=")
        forced[switch] = next(v for v in CHOICES[switch] if str(v) == text)
    return forced


def _print(scores: list[VariantScore], groups: dict[str, list[VariantScore]], seconds: tuple[float, float]) -> None:
    overall = tally(scores)
    print(f"layout fuzz: {len(scores)} variants, render {seconds[0] / len(scores):.2f} s and parse "
          f"{seconds[1] / len(scores):.2f} s per variant (CPU)")
    print(f"cells rendered {overall['cells']}, read right {overall['right']} ({100 * overall.accuracy:.2f}%)")
    print(f"wrong cells in tables not marked unreliable: {overall['wrong']}; keys read that were never rendered: "
          f"{overall['extra']} ({overall['extra_in_reliable']} in tables not marked unreliable)")
    print(f"cells in tables marked unreliable: {overall['unreliable_cells']}; cells not read: {overall['missing']}; "
          f"wrong page: {overall['misplaced']}; tables not found: {overall['missing_tables']}; crashes: {overall['crashes']}; "
          f"refused as no report: {overall['refused']}")
    heads = ("vars", "cells", "right", "wrong", "unrel", "miss", "page", "extra", "notab", "crash")
    print(f"\n{'feature':<34}" + "".join(f"{h:>{w}}" for h, w in zip(heads, (5, 8, 9, 7, 7, 7, 7, 7, 7, 7))))
    tallies = sorted(((tally(members), name) for name, members in groups.items()), key=lambda tn: (tn[0].accuracy, tn[1]))
    for t, name in tallies:
        print(_row(name, t))
    print("\nweakest features, one failure each:")
    for t, name in tallies[:12]:
        failing = [s for s in groups[name] if len(s.right) < s.cells]
        if failing:
            worst = min(failing, key=lambda s: len(s.right) / max(s.cells, 1))
            print(f"  {name} ({100 * t.accuracy:.1f}%): {_example(worst)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", nargs="*", default=[], help="SWITCH=VALUE set in every variant")
    parser.add_argument("--isolate", action="store_true", help="one switch changed at a time from the national layout")
    parser.add_argument("--show", type=int, nargs="*", default=[], help="seeds whose every failure to list")
    parser.add_argument("--save", type=Path, help="write the PDFs of the --show seeds here")
    args = parser.parse_args()
    forced = _forced(args.force)
    national = asdict(NATIONAL)
    if args.isolate:  # every truth in the national layout, then with each departure alone
        changes = [("national", {})] + [(tag(s, v), {s: v}) for s, values in CHOICES.items() for v in values[1:]]
        jobs = [(name, i, {**national, **change}, path) for name, change in changes for i, path in enumerate(truth_files())]
    else:
        seeds = args.show or range(args.seed, args.seed + args.n)
        jobs = [(None, seed, forced, None) for seed in seeds]
    seconds = [0.0, 0.0]
    groups: dict[str, list[VariantScore]] = {}
    scores: list[VariantScore] = []
    for name, seed, switches, path in jobs:
        t0 = time.process_time()
        variant = make_variant(seed, truth=path, **switches)
        t1 = time.process_time()
        score = score_variant(variant)
        seconds[0] += t1 - t0
        seconds[1] += time.process_time() - t1
        scores.append(score)
        for group in [name] if name else variant.tags:
            groups.setdefault(group, []).append(score)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"layout-{seed}.pdf").write_bytes(variant.pdf)
    _print(scores, groups, (seconds[0], seconds[1]))
    for score in scores if args.show else []:
        _show(score)


if __name__ == "__main__":
    main()

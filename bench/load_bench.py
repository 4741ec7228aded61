"""Ten concurrent browser sessions walk overview → structure → findings on a running app;
prints the median and worst page time (seconds until the page has settled), beside one
session alone measured in the same run (the baseline: the machine's own speed).

    python bench/load_bench.py [--sessions 10]

Starts its own `streamlit run app.py` on a free port with a temporary library and drives
Debian's Chromium through Playwright (asyncio, one browser, one context per session).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import _SETTLED, CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

WALK = ["", "structure", "findings"]


async def _session(browser, url: str, times: dict[str, list[float]]) -> None:
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    for path in WALK:
        started = time.perf_counter()
        await page.goto(f"{url}/{path}")
        await page.wait_for_selector('[data-testid="stMain"] h1', timeout=120_000)
        await page.evaluate("() => { window.__settle = null; }")
        await page.wait_for_function(_SETTLED, timeout=120_000, polling=200)
        # the settle rule waits 1 s of stillness; that second is not page time
        times[path or "overview"].append(time.perf_counter() - started - 1.0)
    await context.close()


def _empty() -> dict[str, list[float]]:
    return {p or "overview": [] for p in WALK}


async def _run(url: str, sessions: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    alone, together = _empty(), _empty()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        await _session(browser, url, _empty())  # warm: the first parse of the sample
        for _ in range(3):
            await _session(browser, url, alone)
        await asyncio.gather(*(_session(browser, url, together) for _ in range(sessions)))
        await browser.close()
    return alone, together


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_app(f"sqlite:///{tmp}/library.db")
        try:
            alone, together = asyncio.run(_run(url, args.sessions))
        finally:
            proc.terminate()
            proc.wait(10)
    print(f"{args.sessions} concurrent sessions vs one alone, overview → structure → findings (2 cores share"
          " the server and all the browser tabs)")
    rows = [(page, alone[page], together[page]) for page in together]
    rows.append(("all pages", [t for ts in alone.values() for t in ts], [t for ts in together.values() for t in ts]))
    for page, one, many in rows:
        base = statistics.median(one)
        print(f"  {page:10s} alone median {base:5.2f} s | {args.sessions} at once: median "
              f"{statistics.median(many):5.2f} s, worst {max(many):5.2f} s, ratio {statistics.median(many) / base:4.1f}×")


if __name__ == "__main__":
    main()

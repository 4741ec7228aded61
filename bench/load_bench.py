"""Ten concurrent browser sessions walk overview → structure → findings on a running app;
prints the median and worst page time (seconds until the page has settled).

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

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _SETTLED, start_app  # noqa: E402

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


async def _run(url: str, sessions: int) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {p or "overview": [] for p in WALK}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        await _session(browser, url, {k: [] for k in times})  # warm: the first parse of the sample
        await asyncio.gather(*(_session(browser, url, times) for _ in range(sessions)))
        await browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_app(f"sqlite:///{tmp}/library.db")
        try:
            times = asyncio.run(_run(url, args.sessions))
        finally:
            proc.terminate()
            proc.wait(10)
    every = [t for ts in times.values() for t in ts]
    print(f"{args.sessions} concurrent sessions, overview → structure → findings")
    for page, ts in times.items():
        print(f"  {page:10s} median {statistics.median(ts):5.2f} s   worst {max(ts):5.2f} s")
    print(f"  all pages  median {statistics.median(every):5.2f} s   worst {max(every):5.2f} s")


if __name__ == "__main__":
    main()

"""Real-browser harness: `streamlit run app.py` on a free port, Debian's Chromium through
Playwright (never `playwright install`), screenshots saved under test-artifacts/screenshots/."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: scripts/install_system_deps.sh should have installed it")
    pytest.skip(f"no Chromium at {CHROMIUM}: run `make test` (it installs Debian's chromium) for the browser tests")


def start_app(db_url: str, extra_env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "JUESUAN_DB_URL": db_url, **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    _require_chromium()
    db = tmp_path_factory.mktemp("library") / "library.db"
    proc, url = start_app(f"sqlite:///{db}")
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def screenshot(pg, name: str, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=full_page)
    return path


_SETTLED = """() => {
  const all = (sel, inner) => [...document.querySelectorAll(sel)].every(el => el.querySelector(inner));
  const drawn = !document.querySelector('[data-testid="stStatusWidget"]')
    && all('[data-testid="stPlotlyChart"]', 'svg.main-svg')
    && all('[data-testid="stDataFrame"]', '[role="gridcell"]');
  const size = document.body.textContent.length;
  const w = window.__settle || (window.__settle = {size: -1, since: Date.now()});
  if (!drawn || size !== w.size) { w.size = size; w.since = Date.now(); return false; }
  return Date.now() - w.since > 1000;
}"""


def wait_for_app(pg, timeout: float = 60_000, settle: float = 20_000) -> None:
    """Wait until the page script has drawn its title, then (at most `settle` ms) until
    Streamlit is no longer running, every chart and data grid has drawn itself and the page
    has not changed for a second. Settling is best effort — a chart inside a closed expander
    never draws — so assertions wait for what they need to see (`wait_for_text`)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # attached, not visible: 演示模式 hides the page title while presenting
    pg.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout, state="attached")
    pg.evaluate("() => { window.__settle = null; }")
    try:
        pg.wait_for_function(_SETTLED, timeout=settle, polling=200)
    except PlaywrightTimeout:
        pass


def wait_for_text(pg, text: str, timeout: float = 60_000) -> None:
    """Wait until `text` is in the page (textContent: chart labels are SVG text and grid cells
    sit in the grid's accessible table, drawn for the eye but not part of innerText)."""
    pg.wait_for_function("t => document.body.textContent.includes(t)", arg=text, timeout=timeout)

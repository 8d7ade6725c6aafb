"""Fixtures of the dashboard tests: the sample database, an in-process client, a real uvicorn
server on a free port, and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import threading
import time
import warnings

import pytest

from web_helpers import CHROMIUM, HERE, TOKEN, load, sample_data


@pytest.fixture
def sample(empty_store):
    return sample_data.build(empty_store)


def make_app(db_path: str, token: str | None = TOKEN):
    from tcwatch.api import create_app
    from tcwatch.config import Options

    return create_app(Options(db=db_path, token=token), reference=False)


@pytest.fixture
def web(db_path, sample):
    """An in-process client of the app (with a token configured)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(make_app(db_path)) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(db_path, sample):
    """A real uvicorn server over the sample database, on 127.0.0.1 and a free port; yields its URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(make_app(db_path), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        load("tcwatch_tests_root", HERE.parent / "conftest.py").require_system("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own cookies); console errors and CSP violations are collected."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()

"""Fixtures of the security tests: the loopback HTTP server of the watch tests, the sample database of
the API tests, in-process and real (uvicorn) servers, and Debian's chromium through Playwright."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

TESTS = Path(__file__).resolve().parents[1]
for folder in ("watch", "api", "web"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))

from support_watch import LoopbackServer  # noqa: E402


@pytest.fixture
def server():
    with LoopbackServer() as s:
        yield s


@pytest.fixture
def client():
    with httpx.Client(trust_env=False) as c:
        yield c


@pytest.fixture
def sample(empty_store):
    import api_sample_data

    return api_sample_data.build(empty_store)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright (never a downloaded browser).

    Module scope: Playwright's sync API keeps its event loop running while it is open, so a
    session-wide one here made tests/web's own browser fixture fail ("Sync API inside the
    asyncio loop"); this one closes with the module that uses it."""
    import os

    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        import importlib.util

        spec = importlib.util.spec_from_file_location("tcwatch_tests_root", TESTS / "conftest.py")
        root = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(root)
        root.require_system("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            yield b
        finally:
            b.close()

"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, for the browser tests: a page that
records script errors and any request that leaves the app."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from typing import Iterator

import pytest

CHROMIUM = os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium")


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def launch(playwright):
    """Debian's Chromium, headless, through a started Playwright (the test fails when it is not installed)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not installed (.ci/run installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


@contextmanager
def chromium_page(base: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.errors, page.outside = [], []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(base) else None)
        try:
            yield page
        finally:
            browser.close()

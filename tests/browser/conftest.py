"""Playwright against a live server, driving Debian's Chromium (never a downloaded browser).

pytest-django's ``live_server`` runs the app in a thread for the session (with the static files),
on a test database that ``transactional_db`` empties after each test. Playwright's sync API
runs an event loop in the test's thread, so Django's async-safety check is lifted for these
tests only: the ORM calls they make are plain synchronous calls.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The machine is shared: an edit that re-renders the page can take a few seconds under load.
expect.set_options(timeout=15_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}  # the size the issue asks the page to work at


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Session:
    """A browser context for one person, with the errors its pages raised."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.errors: list[str] = []
        self.page = self.new_page()

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.set_default_timeout(20_000)
        page.on("pageerror", lambda exc: self.errors.append(f"{exc}"))
        page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm and confirm(): the user says yes
        return page

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture
def session_factory(browser: Browser, live_server: object, transactional_db: None) -> Iterator[Callable[[], Session]]:
    contexts: list[Session] = []

    def make() -> Session:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        made = Session(context, str(live_server.url))  # type: ignore[attr-defined]
        contexts.append(made)
        return made

    yield make
    for made in contexts:
        made.context.close()
    errors = [e for made in contexts for e in made.errors]
    assert not errors, f"JavaScript errors on the pages: {errors}"


def screenshot(page: Page, name: str) -> None:
    """Save a README screenshot (docs/images/ui-<name>.png) when UPDATE_SCREENSHOTS=1, so that an
    ordinary test run leaves the checkout clean."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"ui-{name}.png"))

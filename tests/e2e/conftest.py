"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

`playwright install` cannot download browsers here: the tests use /usr/bin/chromium (`apt-get install -y chromium`,
or `make test` as root). Without it they fail, unless E2E_OPTIONAL=1, in which case they are skipped.
Screenshots go to tests/e2e/artifacts/ (git-ignored): those a test takes, and one of the page when a test fails.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest

from tests.governance.conftest import gov  # noqa: F401 — the governance cast (a deciding body), to adopt mandates

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM refuses to run inside one unless told.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
# How long an action or an `expect(...)` assertion waits for the page (Playwright's are 30 s and 5 s): the same for
# both, so that a slow machine does not fail an assertion that the next action would have waited for.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"{CHROMIUM} est introuvable : les tests navigateur utilisent le chromium de Debian. "
            "Installez-le avec `apt-get install -y chromium` (ou lancez `make test` en root, qui l'installe). "
            "E2E_OPTIONAL=1 les saute."
        )
        if os.environ.get("E2E_OPTIONAL") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _artifact_name(nodeid: str, suffix: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / (re.sub(r"[^\w.-]+", "_", nodeid.split("::")[-1]) + suffix)


def _new_page(request, browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, locale="fr-BE", **context_options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    request.addfinalizer(lambda: _close(request, context, page))
    return page


def _close(request, context, page):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # A failed screenshot must not hide the failure of the test itself.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(_artifact_name(request.node.nodeid, "-failure.png")), full_page=True)
    context.close()


@pytest.fixture
def page(request, browser, live_server, transactional_db):
    """A fresh browser context (no cookies) on the live server, desktop-sized."""
    return _new_page(request, browser, live_server, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(request, browser, live_server, transactional_db):
    """A phone-sized browser context (390×844, touch)."""
    return _new_page(
        request,
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def screenshot(request):
    """Save a named screenshot of a page under tests/e2e/artifacts/."""

    def take(page, name: str):
        path = _artifact_name(request.node.nodeid, f"-{name}.png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, email: str, password: str = PASSWORD):
    """Log in through the real allauth form at /accounts/login/."""
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    return page

"""Every page of the permission matrix, in a real browser, as every role it allows, on a laptop (1366 px) and a phone
(390 px): the page never scrolls sideways (a wide table scrolls inside its frame), and axe-core (bundled by
axe-playwright-python) finds no serious or critical accessibility violation. One screenshot per page and width goes
to tests/e2e/artifacts/ (as the first role that may see it), to be looked at."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.test_permission_matrix import ENTRIES

pytestmark = pytest.mark.e2e

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}
# Who opens a page first (its screenshot): the role that sees the most of it.
ROLE_ORDER = (
    "coordinator",
    "accountant",
    "operational",
    "governance",
    "structure_reporter",
    "viewer",
    "reviewer",
    "admin",
)
PAGES = [entry for entry in ENTRIES if entry.method == "get" and not entry.api]


def allowed_roles(entry) -> list[str]:
    return [role for role in ROLE_ORDER if entry.expect.get(role) == 200]


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (rule, count, first element)."""
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def slug(name: str) -> str:
    return re.sub(r"\W+", "-", name)


def overflow(page) -> int:
    """How far the document is wider than the window (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("entry", [e for e in PAGES if allowed_roles(e)], ids=lambda e: e.id)
def test_a_page_never_scrolls_sideways_for_any_role_at_either_width(entry, cast, browser, live_server, screenshot):
    url = reverse(entry.name, kwargs=entry.kwargs(cast))
    failures = []
    for number, role in enumerate(allowed_roles(entry)):
        client = cast.client(role)
        if not client.get(url)["Content-Type"].startswith("text/html"):
            pytest.skip("not a page (a download)")
        context = browser.new_context(base_url=live_server.url, locale="fr-BE")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        try:
            for width_name, (width, height) in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                response = page.goto(url)
                assert response.status == 200, f"{role}: {response.status}"
                if over := overflow(page):
                    failures.append(f"{role} at {width} px: {over} px wider than the window")
                failures += [f"{role} at {width} px: {v}" for v in serious_violations(page)]
                if number == 0:  # the role that sees the most of the page
                    screenshot(page, f"{slug(entry.name)}-{width_name}")
        finally:
            context.close()
    assert not failures, f"{url}\n" + "\n".join(failures)


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/nulle-part/"])
def test_the_pages_before_login_fit_and_pass_axe(path, page, screenshot):
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        assert overflow(page) == 0, f"{path} at {width} px"
        assert serious_violations(page) == [], f"{path} at {width} px"
        screenshot(page, f"{slug(path)}-{width_name}")

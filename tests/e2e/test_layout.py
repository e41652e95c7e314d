"""Every page of the permission matrix, in a real browser, as every role it allows, on a laptop (1366 px) and a phone
(390 px): the page never scrolls sideways (a wide table scrolls inside its frame). One screenshot per page and width
goes to tests/e2e/artifacts/ (as the first role that may see it), to be looked at."""

import re

import pytest
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
                if number == 0:
                    screenshot(page, f"{slug(entry.name)}-{width_name}")
        finally:
            context.close()
    assert not failures, f"{url}\n" + "\n".join(failures)

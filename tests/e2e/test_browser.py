"""What a person sees in a real browser: login, dashboard, members table, network, phone layout, TOTP gate."""

import re
from io import StringIO
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from consortia.models import Consortium
from tests.conftest import build_cast

from .conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HAUTES_PLAINES = "OLS des Hautes Plaines et Vallées"
DEMO_COORDINATOR = "coordination@demo.ols.example"


@pytest.fixture
def cast(transactional_db):
    return build_cast()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", allow_demo_passwords=True, stdout=StringIO())
    return Consortium.objects.get(name=HAUTES_PLAINES)


def _path(page) -> str:
    return urlparse(page.url).path


def expect_path(page, path: str):
    """Wait until the page is at `path` (any query string): redirects and form posts may still be under way."""
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(path)}(?:[?#].*)?$"))


def test_a_coordinator_logs_in_and_lands_on_the_dashboard_listing_the_consortium(page, cast, screenshot):
    log_in(page, "coordinator@a.test")
    expect_path(page, reverse("dashboard"))
    table = page.locator("#consortia-table")
    expect(table).to_contain_text("OLS A")
    expect(table).not_to_contain_text("OLS B")
    screenshot(page, "dashboard")


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(page, cast):
    log_in(page, "coordinator@a.test", "not-the-password")
    expect_path(page, "/accounts/login/")
    expect(page.locator("body")).to_contain_text("incorrect")
    page.goto("/")
    expect_path(page, "/accounts/login/")


def test_the_members_table_lists_the_structures_and_filters_by_sector(page, demo, screenshot):
    log_in(page, DEMO_COORDINATOR, settings.DEMO_PASSWORD)
    page.goto(reverse("consortia:members", args=[demo.pk]))
    table = page.locator("#members-table")
    expect(table).to_contain_text("Réseau Santé Hautes Plaines")
    expect(table).to_contain_text("Centre de Santé Mentale des Trois Vallées")
    expect(table).to_contain_text("Maison médicale du Vieux Moulin")
    expect(table.locator("tbody tr:not(.group-row)")).to_have_count(demo.memberships.count())
    screenshot(page, "members")

    form = page.locator("form:has(select[name=sector])").first
    form.locator("select[name=sector]").select_option("SM")
    try:  # the filter applies on change (data-autosubmit); without JavaScript, the button does
        page.wait_for_url("**sector=SM**", timeout=5_000)
    except PlaywrightTimeoutError:
        form.locator("button[type=submit]").click()
        page.wait_for_url("**sector=SM**")
    table = page.locator("#members-table")
    expect(table.locator("tbody tr:not(.group-row)")).to_have_count(
        demo.memberships.filter(structure__sector="SM").count()
    )
    expect(table).to_contain_text("Centre de Santé Mentale des Trois Vallées")
    expect(table).to_contain_text("Service de Santé Mentale de la Ville Haute")
    expect(table).not_to_contain_text("Maison médicale du Vieux Moulin")
    expect(table).not_to_contain_text("Réseau Santé Hautes Plaines")
    screenshot(page, "members-sector-SM")


def test_the_network_view_draws_every_meso_structure_as_a_node_of_an_svg(page, demo, screenshot):
    log_in(page, DEMO_COORDINATOR, settings.DEMO_PASSWORD)
    page.goto(reverse("consortia:network", args=[demo.pk]))
    svg = page.locator("svg#network-svg")
    expect(svg).to_be_visible()
    meso = demo.memberships.filter(structure__level="meso").count()
    expect(svg.locator("g.nodes > a")).to_have_count(meso)
    expect(svg.locator("g.nodes circle").first).to_be_visible()
    expect(svg.locator("g.edges > path")).to_have_count(demo.links.count())
    # The isolated structure is drawn too (AVIQ reads who is isolated).
    expect(svg).to_contain_text("Service d'Accompagnement Handicap & Autonomie")
    screenshot(page, "network")


def test_the_dashboard_fits_a_phone_screen_without_horizontal_scrolling(phone_page, cast, screenshot):
    log_in(phone_page, "coordinator@a.test")
    expect_path(phone_page, reverse("dashboard"))
    expect(phone_page.locator("#consortia-table")).to_contain_text("OLS A")
    widths = phone_page.evaluate(
        "() => ({viewport: window.innerWidth, page: document.documentElement.scrollWidth,"
        " body: document.body.scrollWidth})"
    )
    screenshot(phone_page, "dashboard-phone")
    assert widths["viewport"] == 390
    assert widths["page"] <= widths["viewport"], widths
    assert widths["body"] <= widths["viewport"], widths


def test_an_aviq_reviewer_without_totp_is_sent_to_the_totp_activation_page(page, cast, screenshot):
    reviewer = cast.user("reviewer")
    reviewer.authenticator_set.all().delete()  # the cast enrols its reviewer; this one has not enrolled yet
    log_in(page, reviewer.email)
    activate = reverse("mfa_activate_totp")
    if _path(page) == "/accounts/reauthenticate/":  # log_in waited for the redirects: the URL is settled
        # allauth asks for the password once more before an authenticator is added (MFA_REAUTHENTICATION_REQUIRED).
        assert activate in unquote(page.url)
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    expect_path(page, activate)
    expect(page.locator("input[name=code]")).to_be_visible()
    screenshot(page, "totp-activate")
    for path in ("/", reverse("consortia:detail", args=[cast.consortium_a.pk])):
        page.goto(path)
        expect_path(page, activate)

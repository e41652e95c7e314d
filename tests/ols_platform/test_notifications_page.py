"""The notifications page: each person sees only their own, newest first, the unread ones marked in words; opening
one marks it read; "mark all as read"; the header shows the unread count at no extra query."""

import pytest
from django.urls import reverse

from ols_platform.models import Notification
from ols_platform.notifications import notify

pytestmark = pytest.mark.django_db


def tell(user, title, url="/"):
    return notify([user], kind="test", title=title, url=url)[0]


def test_a_person_only_sees_their_own_notifications(cast):
    tell(cast.users["coordinator"], "Pour la coordination")
    tell(cast.users["viewer"], "Pour la lecture")

    html = cast.client("viewer").get(reverse("notifications")).content.decode()

    assert "Pour la lecture" in html and "Pour la coordination" not in html


def test_unread_notifications_are_marked_in_words_newest_first(cast):
    first = tell(cast.users["viewer"], "Première")
    tell(cast.users["viewer"], "Seconde")
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)

    html = cast.client("viewer").get(reverse("notifications")).content.decode()

    assert html.index("Seconde") < html.index("Première")
    assert html.count("Non lue") == 1
    assert "1 notification non lue." in html


def test_the_header_counts_the_unread_ones(cast):
    client = cast.client("viewer")
    assert "non lue" not in client.get(reverse("profile")).content.decode()

    tell(cast.users["viewer"], "Une")
    tell(cast.users["viewer"], "Deux")

    assert "2 non lues" in client.get(reverse("profile")).content.decode()


def test_mark_all_as_read(cast):
    tell(cast.users["viewer"], "Une")
    theirs = tell(cast.users["coordinator"], "Autre")
    client = cast.client("viewer")

    response = client.post(reverse("notifications_read_all"), follow=True)

    assert "1 notification est marquée comme lue." in response.content.decode()
    assert not Notification.objects.filter(user=cast.users["viewer"], read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "non lue" not in client.get(reverse("profile")).content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(cast):
    row = tell(cast.users["viewer"], "Vote ouvert", url="/consortia/")

    response = cast.client("viewer").get(reverse("notification_open", args=[row.pk]))

    assert response.status_code == 302 and response["Location"] == "/consortia/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_a_notification_never_sends_elsewhere(cast):
    row = tell(cast.users["viewer"], "Piège", url="https://evil.test/")

    response = cast.client("viewer").get(reverse("notification_open", args=[row.pk]))

    assert response["Location"] == reverse("notifications")


def test_someone_elses_notification_is_not_found(cast):
    row = tell(cast.users["coordinator"], "À moi")

    assert cast.client("viewer").get(reverse("notification_open", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_the_page_is_paginated(cast):
    for index in range(35):
        tell(cast.users["viewer"], f"Notification {index}")

    response = cast.client("viewer").get(reverse("notifications") + "?page=2")

    assert len(response.context["page"].object_list) == 5
    assert cast.client("viewer").get(reverse("notifications") + "?page=abc").status_code == 200

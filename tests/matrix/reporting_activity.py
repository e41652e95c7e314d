"""The activity log (pages and API): everyone who sees the consortium reads it (AVIQ reviewers included; outsiders
404); the operational team, the coordination and the admin (MANAGE_REPORTING) write; other members and the reviewer
get 403 and change nothing."""

import datetime

from . import Entry, a, expect, only

WRITERS = ("coordinator", "operational")


def _activity(cast):
    from reporting.services.activity import activity_create

    return activity_create(
        actor=None,
        consortium=cast.consortium_a,
        data={
            "date": datetime.date(2026, 3, 12),
            "kind": "concertation",
            "title": "Concertation locale",
            "logic": "horizontal",
            "structures": [cast.member_a],
        },
    )


def _one(cast):
    return a(cast) | {"activity_id": _activity(cast).pk}


def _with_attachment(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.services.activity import attachment_add

    activity = _activity(cast)
    attachment = attachment_add(
        actor=None,
        activity=activity,
        file=SimpleUploadedFile("pv.pdf", b"%PDF-1.4 compte rendu", content_type="application/pdf"),
    )
    return a(cast) | {"activity_id": activity.pk, "attachment_id": attachment.pk}


def _api_one(cast):
    return a(cast) | {"pk": _activity(cast).pk}


def _version(cast):
    from reporting.models import Activity

    return Activity.objects.get().version


def _snapshot(cast):
    from reporting.models import Activity, ActivityAttachment

    return (
        sorted(Activity.objects.values_list("pk", "title", "version", "date")),
        sorted(ActivityAttachment.objects.values_list("pk", "filename")),
    )


NEW = {"date": "2026-05-04", "kind": "meeting", "title": "GT 1000 jours", "logic": "vertical"}

ENTRIES = [
    Entry("reporting:activities", expect(), kwargs=a),
    Entry("reporting:activities_export", expect(), kwargs=a),
    Entry("reporting:activity_create", only(WRITERS), kwargs=a),
    Entry("reporting:activity_create", only(WRITERS, ok=400), kwargs=a, method="post", snapshot=_snapshot),
    Entry("reporting:activity", expect(), kwargs=_one),
    # A POST on the activity adds an attachment; without a file, allowed actors get the page back with the error.
    Entry("reporting:activity", only(WRITERS, ok=400), kwargs=_one, method="post", snapshot=_snapshot),
    Entry("reporting:activity_edit", only(WRITERS), kwargs=_one),
    Entry("reporting:activity_edit", only(WRITERS, ok=400), kwargs=_one, method="post", snapshot=_snapshot),
    Entry("reporting:activity_delete", only(WRITERS), kwargs=_one),
    Entry("reporting:activity_delete", only(WRITERS, ok=400), kwargs=_one, method="post", snapshot=_snapshot),
    Entry("reporting:activity_attachment", expect(), kwargs=_with_attachment),
    Entry("reporting:activity_attachment_delete", only(WRITERS), kwargs=_with_attachment),
    Entry(
        "reporting:activity_attachment_delete",
        only(WRITERS, ok=400),
        kwargs=_with_attachment,
        method="post",
        snapshot=_snapshot,
    ),
    Entry("consortium-activity-list", expect(anonymous=401), kwargs=a, api=True),
    Entry(
        "consortium-activity-list",
        only(WRITERS, ok=201, anonymous=401),
        kwargs=a,
        method="post",
        api=True,
        data=lambda cast: NEW,
        snapshot=_snapshot,
    ),
    Entry("consortium-activity-detail", expect(anonymous=401), kwargs=_api_one, api=True),
    Entry(
        "consortium-activity-detail",
        only(WRITERS, anonymous=401),
        kwargs=_api_one,
        method="patch",
        api=True,
        data=lambda cast: {"title": "Concertation locale (révisé)", "version": _version(cast)},
        snapshot=_snapshot,
    ),
    Entry(
        "consortium-activity-detail",
        only(WRITERS, anonymous=401),
        kwargs=_api_one,
        method="put",
        api=True,
        data=lambda cast: NEW | {"version": _version(cast)},
        snapshot=_snapshot,
    ),
    Entry(
        "consortium-activity-detail",
        only(WRITERS, ok=204, anonymous=401),
        kwargs=_api_one,
        method="delete",
        api=True,
        snapshot=_snapshot,
    ),
]

"""`/aviq/…`: the programme dashboard (aviq/programme/urls.py) and the review pages (aviq/review/urls.py)."""

from django.urls import include, path

app_name = "aviq"

urlpatterns = [
    path("", include("aviq.programme.urls")),
    path("review/", include("aviq.review.urls")),
]

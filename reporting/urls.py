"""Reporting pages, under `/consortia/<id>/` (names in the `reporting:` namespace), one list per area."""

app_name = "reporting"

urlpatterns = []

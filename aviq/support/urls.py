"""Support requests and practice sheets: consortium pages (`/consortia/<id>/support/…`, `…/practices/…`), AVIQ's
pages (`/aviq/support/…`) and the library every consortium reads (`/practices/`)."""

app_name = "support"

urlpatterns = []

"""URLs of staff arrangements, who pays whom, import/export and version comparison (in the `budget` namespace,
included from budget/urls.py)."""

from django.urls import path

from . import compare_views, io_views
from .staff_views import urlpatterns as staff_urlpatterns

urlpatterns = [
    *staff_urlpatterns,
    path("import/", io_views.import_lines, name="import"),
    path("import/confirm/", io_views.import_confirm, name="import_confirm"),
    path("export/", io_views.export, name="export"),
    path("compare/", compare_views.compare, name="compare"),
]

from django.urls import path

from .views import manage, pages

app_name = "consortia"

urlpatterns = [
    path("<int:consortium_id>/", pages.consortium_detail, name="detail"),
    *pages.urlpatterns,
    *manage.urlpatterns,
]

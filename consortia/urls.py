from django.urls import path

from . import views

app_name = "consortia"

urlpatterns = [
    path("<int:consortium_id>/", views.consortium_detail, name="detail"),
]

"""`/sta/v1.1/`: the SensorThings API 1.1 (mounted by `kotacerdas/urls.py`)."""

from django.urls import path, re_path

from . import views

app_name = "sta"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("CreateObservations", views.create_observations, name="create_observations"),
    re_path(r"^(?P<path>[A-Za-z].*)$", views.resource, name="resource"),
]

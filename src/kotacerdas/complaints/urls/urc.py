"""URLs of the complaints URC console (included by complaints.urls)."""

from django.urls import path

from kotacerdas.complaints.views import urc as views

urlpatterns = [
    path("urc/", views.urc_console, name="urc_console"),
    path("urc/<str:number>/", views.urc_case, name="urc_case"),
    path("urc/<str:number>/langkah/", views.urc_step, name="urc_step"),
]

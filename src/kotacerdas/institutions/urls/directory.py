"""URLs of the directory pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import directory

urlpatterns: list = [
    path("direktori/", directory.directory, name="directory"),
    path("direktori/ekspor.csv", directory.directory_export, name="directory_export"),
    path("direktori/<int:pk>/", directory.person_detail, name="person_detail"),
]

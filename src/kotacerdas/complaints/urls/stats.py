"""URLs of the complaints stats pages (included by complaints.urls)."""

from django.urls import path

from kotacerdas.complaints.views import stats as views

urlpatterns = [
    path("statistik/", views.stats_page, name="stats"),
    path("statistik/peta.json", views.stats_map, name="stats_map"),
    path("statistik/unduh.csv", views.stats_export_csv, name="stats_export_csv"),
    path("statistik/unduh.xlsx", views.stats_export_xlsx, name="stats_export_xlsx"),
]

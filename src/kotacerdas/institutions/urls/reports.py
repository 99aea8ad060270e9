"""URLs of the reports pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import reports

urlpatterns = [
    path("laporan/", reports.report_list, name="report_list"),
    path("laporan/ekspor.csv", reports.report_export, name="report_export"),
    path("laporan/baru/", reports.report_create, name="report_create"),
    path("laporan/<int:pk>/", reports.report_detail, name="report_detail"),
    path("laporan/<int:pk>/kirim/", reports.report_route, name="report_route"),
    path("laporan/<int:pk>/berkas/", reports.report_download, name="report_download"),
    path("laporan/alur/<int:pk>/diterima/", reports.report_receive, name="report_receive"),
]

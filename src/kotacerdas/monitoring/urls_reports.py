from django.urls import path

from kotacerdas.monitoring.views import reports as views

app_name = "monitoring_reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/buat-ulang/", views.report_regenerate, name="regenerate"),
    path("<int:pk>/unduh.<str:fmt>", views.report_download, name="download"),
    path("<int:pk>/distribusi/", views.report_distribution, name="distribution"),
]

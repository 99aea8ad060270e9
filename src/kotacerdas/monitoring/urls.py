from django.urls import path

from kotacerdas.monitoring.views import bulk, periods, realisation

app_name = "monitoring"

urlpatterns = [
    path("realisasi/", realisation.realisation_grid, name="realisation_grid"),
    path("realisasi/daftar/", realisation.realisation_list, name="realisation_list"),
    path(
        "realisasi/kegiatan/<int:activity_id>/<int:year>/<int:quarter>/",
        realisation.realisation_form,
        name="realisation_form",
    ),
    path("realisasi/<int:pk>/bukti/", realisation.evidence_upload, name="evidence_upload"),
    path(
        "realisasi/<int:pk>/<slug:action>/",
        realisation.realisation_action,
        name="realisation_action",
    ),
    path("verifikasi/", realisation.verification_queue, name="verification_queue"),
    path("bukti/<int:pk>/", realisation.evidence_download, name="evidence_download"),
    path("bukti/<int:pk>/hapus/", realisation.evidence_remove, name="evidence_remove"),
    path("periode/", periods.period_list, name="period_list"),
    path("unggah/", bulk.bulk_upload, name="bulk_upload"),
    path("unggah/templat/", bulk.bulk_template, name="bulk_template"),
]

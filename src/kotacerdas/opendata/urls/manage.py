"""URLs of the manage area of `opendata` (see urls/__init__.py): /satudata/kelola/."""

from django.urls import path

from kotacerdas.opendata.views.manage import compliance, entries, submissions

urlpatterns = [
    path("kelola/daftar/", entries.entry_list, name="entry_list"),
    path("kelola/daftar/baru/", entries.entry_create, name="entry_create"),
    path("kelola/daftar/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("kelola/daftar/<int:pk>/ubah/", entries.entry_edit, name="entry_edit"),
    path("kelola/daftar/<int:pk>/hapus/", entries.entry_delete, name="entry_delete"),
    path("kelola/daftar/<int:pk>/unggah/", submissions.submission_create, name="submission_create"),
    path("kelola/kiriman/", submissions.submission_list, name="submission_list"),
    path("kelola/kiriman/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path(
        "kelola/kiriman/<int:pk>/<slug:action>/",
        submissions.submission_action,
        name="submission_action",
    ),
    path("kelola/antrean/", submissions.review_queue, name="review_queue"),
    path("kelola/kepatuhan/", compliance.compliance, name="compliance"),
    path("kelola/kepatuhan.csv", compliance.compliance_export, name="compliance_export"),
]

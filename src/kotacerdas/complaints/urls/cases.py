"""URLs of the complaints back-office case pages (included by complaints.urls)."""

from django.urls import path

from kotacerdas.complaints.views import cases as views

urlpatterns = [
    path("kasus/", views.case_list, name="case_list"),
    path("kasus/unduh.csv", views.case_export, name="case_export"),
    path("kasus/verifikasi/", views.verify_queue, name="verify_queue"),
    path("kasus/<str:number>/", views.case_detail, name="case_detail"),
    path("kasus/<str:number>/aksi/<slug:action>/", views.case_action, name="case_action"),
    path("kasus/<str:number>/gabung/<str:into>/", views.case_merge_confirm, name="case_merge"),
    path(
        "kasus/<str:number>/lampiran/<int:attachment_id>/",
        views.case_attachment,
        name="case_attachment",
    ),
]

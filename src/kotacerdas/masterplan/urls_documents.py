from django.urls import path

from kotacerdas.masterplan.views import documents as views

app_name = "masterplan_documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("perbandingan/", views.document_diff, name="diff"),
    path("v<int:version>/", views.document_detail, name="detail"),
    path("v<int:version>/ubah/", views.document_edit, name="edit"),
    path("v<int:version>/bab/<str:code>/", views.chapter_edit, name="chapter_edit"),
    path("v<int:version>/revisi/", views.document_revise, name="revise"),
    path("v<int:version>/tetapkan/", views.document_approve, name="approve"),
    path("v<int:version>/keputusan/", views.decree_download, name="decree"),
    path("v<int:version>/unduh.<str:fmt>", views.document_export, name="export"),
]

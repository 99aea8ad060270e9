"""/rencana-induk/: the program tree, indicators, imports and reference data (Pasal 7, 15-22)."""

from django.urls import path

from kotacerdas.masterplan.views import importing, indicators, reference, tree

app_name = "masterplan"

urlpatterns = [
    path("", tree.tree_page, name="tree"),
    path("program-prioritas/tambah/", tree.priority_program_create, name="priority_program_create"),
    path(
        "program-prioritas/<int:pk>/", tree.priority_program_detail, name="priority_program_detail"
    ),
    path(
        "program-prioritas/<int:pk>/ubah/", tree.priority_program_edit, name="priority_program_edit"
    ),
    path("program/tambah/", tree.program_create, name="program_create"),
    path("program/<int:pk>/", tree.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", tree.program_edit, name="program_edit"),
    path("program/<int:pk>/kegiatan/", tree.program_children, name="program_children"),
    path("program/<int:program_pk>/kegiatan/tambah/", tree.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/", tree.activity_detail, name="activity_detail"),
    path("kegiatan/<int:pk>/ubah/", tree.activity_edit, name="activity_edit"),
    path("kegiatan/<int:pk>/anggaran/", tree.activity_budget_set, name="activity_budget_set"),
    path(
        "kegiatan/<int:pk>/indikator/", indicators.activity_indicators, name="activity_indicators"
    ),
    path(
        "kegiatan/<int:activity_pk>/sub-kegiatan/tambah/",
        tree.sub_activity_create,
        name="sub_activity_create",
    ),
    path("sub-kegiatan/<int:pk>/ubah/", tree.sub_activity_edit, name="sub_activity_edit"),
    path("indikator/<int:pk>/ubah/", indicators.indicator_edit, name="indicator_edit"),
    path(
        "indikator/<int:pk>/target/", indicators.indicator_target_set, name="indicator_target_set"
    ),
    path("impor/", importing.import_page, name="import"),
    path("impor/templat/<slug:kind>.<str:fmt>", importing.import_template, name="import_template"),
    path("ekspor/pohon-program.<str:fmt>", importing.tree_export, name="tree_export"),
    path("rujukan/", reference.reference_list, name="reference_list"),
    path("rujukan/<slug:kind>/<str:code>/ubah/", reference.reference_edit, name="reference_edit"),
]

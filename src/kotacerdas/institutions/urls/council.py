"""URLs of the council pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import council

urlpatterns: list = [
    path("struktur/", council.org_chart, name="org_chart"),
    path("dewan/", council.term_list, name="term_list"),
    path("dewan/baru/", council.term_create, name="term_create"),
    path("dewan/<int:pk>/", council.term_detail, name="term_detail"),
    path("dewan/<int:pk>/aktifkan/", council.term_activate, name="term_activate"),
    path("dewan/<int:pk>/anggota/", council.membership_add, name="membership_add"),
    path("dewan/anggota/<int:pk>/akhiri/", council.membership_end, name="membership_end"),
    path("dewan/anggota/<int:pk>/ganti/", council.membership_replace, name="membership_replace"),
    path("narasumber/", council.resource_person_list, name="resource_person_list"),
    path("narasumber/tambah/", council.resource_person_add, name="resource_person_add"),
    path("narasumber/<int:pk>/ubah/", council.resource_person_edit, name="resource_person_edit"),
]

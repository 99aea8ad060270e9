"""URLs of the team pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import team as views

urlpatterns: list = [
    path("tim-pelaksana/", views.team_detail, name="team_detail"),
    path("tim-pelaksana/baru/", views.team_create, name="team_create"),
    path("tim-pelaksana/anggota/tambah/", views.team_member_add, name="team_member_add"),
    path("tim-pelaksana/anggota/<int:pk>/akhiri/", views.team_member_end, name="team_member_end"),
    path("tim-pelaksana/pokja/<int:pk>/", views.working_group_detail, name="working_group_detail"),
    path("tim-pelaksana/pendampingan/", views.assistance_list, name="assistance_list"),
    path("tim-pelaksana/pendampingan/csv/", views.assistance_export, name="assistance_export"),
    path("tim-pelaksana/pendampingan/baru/", views.assistance_create, name="assistance_create"),
    path("tim-pelaksana/pendampingan/<int:pk>/", views.assistance_detail, name="assistance_detail"),
    path(
        "tim-pelaksana/pendampingan/<int:pk>/ubah/", views.assistance_edit, name="assistance_edit"
    ),
]

"""URLs of the elections pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import elections

urlpatterns = [
    path("pemilihan/", elections.election_list, name="election_list"),
    path("pemilihan/mulai/<int:term_pk>/", elections.election_start, name="election_start"),
    path("pemilihan/<int:pk>/", elections.election_detail, name="election_detail"),
    path("pemilihan/<int:pk>/tim/", elections.election_team_add, name="election_team_add"),
    path("pemilihan/<int:pk>/calon/", elections.candidate_add, name="election_candidate_add"),
    path(
        "pemilihan/calon/<int:pk>/penjaringan/",
        elections.candidate_screen,
        name="election_candidate_screen",
    ),
    path(
        "pemilihan/calon/<int:pk>/pilih/",
        elections.candidate_select,
        name="election_candidate_select",
    ),
    path("pemilihan/<int:pk>/usulkan/", elections.election_propose, name="election_propose"),
    path("pemilihan/<int:pk>/tetapkan/", elections.election_decree, name="election_decree"),
]

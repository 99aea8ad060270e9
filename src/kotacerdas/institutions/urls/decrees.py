"""URLs of the decrees pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import decrees

urlpatterns = [
    path("keputusan/", decrees.decree_list, name="decree_list"),
    path("keputusan/ekspor.csv", decrees.decree_export, name="decree_export"),
    path("keputusan/baru/", decrees.decree_register, name="decree_register"),
    path("keputusan/<int:pk>/", decrees.decree_detail, name="decree_detail"),
    path("keputusan/<int:pk>/ubah/", decrees.decree_edit, name="decree_edit"),
    path("keputusan/<int:pk>/berkas/", decrees.decree_download, name="decree_download"),
]

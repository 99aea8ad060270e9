"""URLs of the letters pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import letters

urlpatterns = [
    path("surat/", letters.letter_list, name="letter_list"),
    path("surat/ekspor.csv", letters.letter_export, name="letter_export"),
    path("surat/masuk/baru/", letters.letter_register_incoming, name="letter_register_incoming"),
    path("surat/keluar/baru/", letters.letter_register_outgoing, name="letter_register_outgoing"),
    path(
        "surat/keluar/pratinjau-nomor/", letters.letter_number_preview, name="letter_number_preview"
    ),
    path("surat/penomoran/", letters.numbering_settings, name="numbering_settings"),
    path(
        "surat/penomoran/<int:pk>/aktifkan/",
        letters.numbering_activate,
        name="numbering_activate",
    ),
    path("surat/<int:pk>/", letters.letter_detail, name="letter_detail"),
    path("surat/<int:pk>/lampiran/", letters.letter_attach, name="letter_attach"),
    path(
        "surat/lampiran/<int:pk>/unduh/",
        letters.letter_attachment_download,
        name="letter_attachment_download",
    ),
    path(
        "surat/lampiran/<int:pk>/hapus/",
        letters.letter_attachment_remove,
        name="letter_attachment_remove",
    ),
]

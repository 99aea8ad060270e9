"""URLs of the complaints admin pages (included by complaints.urls): categories and URC units."""

from django.urls import path

from kotacerdas.complaints.views import admin as views

urlpatterns = [
    path("pengelolaan/kategori/", views.category_list, name="category_list"),
    path("pengelolaan/kategori/unduh.csv", views.category_export, name="category_export"),
    path("pengelolaan/kategori/baru/", views.category_create, name="category_create"),
    path("pengelolaan/kategori/<slug:code>/", views.category_edit, name="category_edit"),
    path(
        "pengelolaan/kategori/<slug:code>/nonaktifkan/",
        views.category_deactivate,
        name="category_deactivate",
    ),
    path(
        "pengelolaan/kategori/<slug:code>/aktifkan/",
        views.category_activate,
        name="category_activate",
    ),
    path(
        "pengelolaan/kategori/<slug:code>/pertanyaan/",
        views.category_attributes,
        name="category_attributes",
    ),
    path(
        "pengelolaan/kategori/<slug:code>/pertanyaan/<int:attribute_id>/",
        views.attribute_edit,
        name="attribute_edit",
    ),
    path(
        "pengelolaan/kategori/<slug:code>/pertanyaan/<int:attribute_id>/hapus/",
        views.attribute_delete,
        name="attribute_delete",
    ),
    path("pengelolaan/urc/", views.urc_list, name="urc_list"),
    path("pengelolaan/urc/baru/", views.urc_create, name="urc_create"),
    path("pengelolaan/urc/<int:pk>/", views.urc_edit, name="urc_edit"),
]

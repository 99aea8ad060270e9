"""URLs of the complaints citizen pages (included by complaints.urls)."""

from django.urls import path

from kotacerdas.complaints.views import citizen as views

urlpatterns = [
    path("lapor/", views.submit, name="submit"),
    path("lapor/terkirim/", views.submit_done, name="submit_done"),
    path("lapor/privasi/", views.privacy_preview, name="privacy_preview"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:number>/", views.track_case, name="track_case"),
    path("lacak/<str:number>/foto/<int:attachment_id>/", views.track_photo, name="track_photo"),
    path("lacak/<str:number>/kelola/<str:secret>/", views.track_manage, name="track_manage"),
    path(
        "lacak/<str:number>/kelola/<str:secret>/<slug:action>/",
        views.track_action,
        name="track_action",
    ),
]

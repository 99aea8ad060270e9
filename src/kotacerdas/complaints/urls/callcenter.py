"""URLs of the complaints call-center console (included by complaints.urls)."""

from django.urls import path

from kotacerdas.complaints.views import callcenter as views

urlpatterns = [
    path("call-center/", views.callcenter, name="callcenter"),
    path("call-center/catat/", views.callcenter_intake, name="callcenter_intake"),
    path("call-center/penelepon/", views.callcenter_lookup, name="callcenter_lookup"),
    path("call-center/panggilan/", views.callcenter_calls, name="callcenter_calls"),
    path(
        "call-center/panggilan/unduh.csv",
        views.callcenter_calls_export,
        name="callcenter_calls_export",
    ),
    path("call-center/serah-terima/", views.callcenter_handover, name="callcenter_handover"),
    path(
        "call-center/serah-terima/<int:pk>/terima/",
        views.callcenter_handover_ack,
        name="callcenter_handover_ack",
    ),
]

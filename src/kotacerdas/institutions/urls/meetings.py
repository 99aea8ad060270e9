"""URLs of the meetings pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import calendar_feed, meetings

urlpatterns = [
    path("rapat/", meetings.meeting_list, name="meeting_list"),
    path("rapat/csv/", meetings.meeting_export, name="meeting_export"),
    path("rapat/jadwalkan/", meetings.meeting_schedule, name="meeting_schedule"),
    path("rapat/kalender/", calendar_feed.meeting_calendar, name="meeting_calendar"),
    path("rapat/kalender/langganan/", calendar_feed.calendar_feed_page, name="calendar_feed_page"),
    path("rapat/kalender/<str:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
    path("rapat/kepatuhan/", meetings.cadence, name="cadence"),
    path("rapat/kepatuhan/csv/", meetings.cadence_export, name="cadence_export"),
    path("rapat/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/ubah/", meetings.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/batal/", meetings.meeting_cancel, name="meeting_cancel"),
    path("rapat/<int:pk>/undangan/", meetings.meeting_invitation, name="meeting_invitation"),
    path("rapat/<int:pk>/kehadiran/", meetings.attendance_save, name="attendance_save"),
    path(
        "rapat/<int:pk>/persiapan/<int:item_pk>/",
        meetings.checklist_toggle,
        name="checklist_toggle",
    ),
    path("rapat/<int:pk>/dokumen/", meetings.document_add, name="meeting_document_add"),
    path("rapat/dokumen/<int:pk>/", meetings.document_download, name="meeting_document"),
    path("rapat/<int:pk>/notulen/", meetings.minutes_save, name="minutes_save"),
    path("rapat/<int:pk>/notulen/baris/", meetings.minutes_row, name="minutes_row"),
    path("rapat/<int:pk>/notulen/sahkan/", meetings.minutes_approve, name="minutes_approve"),
    path("rapat/<int:pk>/distribusi/", meetings.minutes_distribute, name="minutes_distribute"),
    path(
        "rapat/distribusi/<int:pk>/diterima/",
        meetings.distribution_received,
        name="distribution_received",
    ),
    path(
        "rapat/tindak-lanjut/<int:pk>/rekomendasi/",
        meetings.action_item_convert,
        name="action_item_convert",
    ),
]

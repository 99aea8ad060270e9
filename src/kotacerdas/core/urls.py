from django.urls import path

from kotacerdas.core.views import (
    agencies,
    agency_admin,
    audit,
    auth,
    calendar,
    help,
    home,
    notifications,
    regions,
    stakeholders,
    tokens,
    users,
)

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    # accounts
    path("masuk/", auth.login_view, name="login"),
    path("keluar/", auth.logout_view, name="logout"),
    path("masuk/verifikasi/", auth.otp_verify, name="otp_verify"),
    path("akun/dua-langkah/", auth.otp_setup, name="otp_setup"),
    path("akun/token/", tokens.token_list, name="token_list"),
    path("akun/token/<int:pk>/cabut/", tokens.token_revoke, name="token_revoke"),
    # account administration (administrators)
    path("pengguna/", users.user_list, name="user_list"),
    path("pengguna/baru/", users.user_create, name="user_create"),
    path("pengguna/<int:pk>/", users.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/nonaktifkan/", users.user_deactivate, name="user_deactivate"),
    # reference data
    path("perangkat-daerah/", agencies.agency_list, name="agency_list"),
    path("perangkat-daerah/baru/", agency_admin.agency_create, name="agency_create"),
    path("perangkat-daerah/<str:code>/gabung/", agency_admin.agency_merge, name="agency_merge"),
    path("perangkat-daerah/<str:code>/bubarkan/", agency_admin.agency_retire, name="agency_retire"),
    path("perangkat-daerah/<str:code>/", agencies.agency_detail, name="agency_detail"),
    path("perangkat-daerah/<str:code>/ubah/", agencies.agency_edit, name="agency_edit"),
    path("wilayah/", regions.region_map, name="region_map"),
    path("wilayah/peta.geojson", regions.region_geojson, name="region_geojson"),
    path("wilayah/<str:code>/", regions.region_detail, name="region_detail"),
    path("pemangku-kepentingan/", stakeholders.stakeholder_list, name="stakeholder_list"),
    path("bantuan/istilah/", help.help_terms, name="help_terms"),
    # operations
    path("hari-kerja/", calendar.calendar, name="calendar"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/ekspor.csv", audit.audit_export, name="audit_export"),
    # notifications
    path("notifikasi/", notifications.notification_list, name="notification_list"),
    path("notifikasi/lencana/", notifications.notification_badge, name="notification_badge"),
    path("notifikasi/<int:pk>/baca/", notifications.notification_read, name="notification_read"),
    path(
        "notifikasi/baca-semua/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
]

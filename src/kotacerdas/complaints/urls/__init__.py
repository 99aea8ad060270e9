"""URLs of `complaints`, mounted at /pengaduan/. Each area keeps its own list."""

from . import admin, callcenter, cases, citizen, stats, urc

app_name = "complaints"

urlpatterns = [
    *citizen.urlpatterns,
    *cases.urlpatterns,
    *callcenter.urlpatterns,
    *urc.urlpatterns,
    *stats.urlpatterns,
    *admin.urlpatterns,
]

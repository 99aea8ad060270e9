from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kotacerdas.api import api
from kotacerdas.core.views import auth, health

admin.site.site_header = "Kota Cerdas Bekasi"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/setlang/", auth.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    path("rencana-induk/", include("kotacerdas.masterplan.urls")),
    path("rencana-induk/dokumen/", include("kotacerdas.masterplan.urls_documents")),
    path("monev/", include("kotacerdas.monitoring.urls")),
    path("monev/evaluasi/", include("kotacerdas.monitoring.urls_evaluation")),
    path("monev/laporan/", include("kotacerdas.monitoring.urls_reports")),
    path("kelembagaan/", include("kotacerdas.institutions.urls")),
    path("pengaduan/", include("kotacerdas.complaints.urls")),
    path("open311/v2/", include("kotacerdas.complaints.open311.urls")),
    path("satudata/", include("kotacerdas.opendata.urls")),
    path("sta/v1.1/", include("kotacerdas.sensing.sta.urls")),
    path("sensor/", include("kotacerdas.sensing.urls")),
    path("", include("kotacerdas.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

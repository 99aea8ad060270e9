"""/monev/evaluasi/: evaluation dashboards, recommendations and the public page."""

from django.urls import path

from kotacerdas.monitoring.views import evaluation, public, recommendations

app_name = "monitoring_evaluation"

urlpatterns = [
    path("", evaluation.city_overview, name="city"),
    path("dimensi/<str:code>/", evaluation.dimension_dashboard, name="dimension"),
    path("pelaksana/", evaluation.implementers, name="implementers"),
    path("quick-win/", evaluation.quick_wins, name="quick_wins"),
    path("peta-jalan/", evaluation.roadmap, name="roadmap"),
    path("indeks/", evaluation.national_index, name="national_index"),
    path("pengaturan/", evaluation.settings_edit, name="settings"),
    path("kesiapan/", evaluation.readiness, name="readiness"),
    path("perangkat-daerah/<str:code>/", evaluation.agency_view, name="agency"),
    path("publik/", public.transparency, name="public"),
    path("rekomendasi/", recommendations.recommendation_list, name="recommendation_list"),
    path(
        "rekomendasi/ekspor.csv",
        recommendations.recommendation_export,
        name="recommendation_export",
    ),
    path("rekomendasi/baru/", recommendations.recommendation_raise, name="recommendation_raise"),
    path(
        "rekomendasi/lanjutkan/",
        recommendations.recommendation_carry_over,
        name="recommendation_carry_over",
    ),
    path(
        "rekomendasi/<int:pk>/",
        recommendations.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "rekomendasi/<int:pk>/tindak-lanjut/",
        recommendations.follow_up_add,
        name="follow_up_add",
    ),
    path(
        "rekomendasi/<int:pk>/status/",
        recommendations.recommendation_status,
        name="recommendation_status",
    ),
]

"""URLs of the portal area of `opendata` (see urls/__init__.py): the public pages."""

from django.urls import path

from kotacerdas.opendata.views.portal import datasets, organizations, releases, search

urlpatterns = [
    path("", search.portal, name="portal"),
    path("organisasi/", organizations.organization_list, name="organization_list"),
    path("organisasi/<str:name>/", organizations.organization_detail, name="organization_detail"),
    path("topik/", organizations.topic_list, name="topic_list"),
    path("dataset/<slug:name>/", datasets.dataset_detail, name="dataset_detail"),
    path("dataset/<slug:name>/pratinjau/", datasets.dataset_preview, name="dataset_preview"),
    path("dataset/<slug:name>/grafik.json", datasets.dataset_chart_data, name="dataset_chart_data"),
    path("dataset/<slug:name>/peta.json", datasets.dataset_map_data, name="dataset_map_data"),
    path(
        "dataset/<slug:name>/versi/<int:version>/", releases.release_detail, name="release_detail"
    ),
    path(
        "dataset/<slug:name>/versi/<int:a>/banding/<int:b>/",
        releases.release_diff,
        name="release_diff",
    ),
]

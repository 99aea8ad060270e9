"""URLs of the ckan area of `opendata` (see urls/__init__.py): the CKAN Action API v3, at
both CKAN paths, answered directly (no redirect between them)."""

from django.urls import path

from kotacerdas.opendata.ckan.views import action

urlpatterns = [
    path("api/3/action/<str:name>", action, name="ckan_action"),
    path("api/action/<str:name>", action, name="ckan_action_unversioned"),
]

"""URLs of the ckan area of `opendata` (see urls/__init__.py): the CKAN Action API v3, at
both CKAN paths, with or without a trailing slash, answered directly (never a redirect: a
client that POSTs would lose its body)."""

from django.urls import path

from kotacerdas.opendata.ckan.views import action

urlpatterns = [
    path("api/3/action/<str:name>", action, name="ckan_action"),
    path("api/action/<str:name>", action, name="ckan_action_unversioned"),
    path("api/3/action/<str:name>/", action, name="ckan_action_slash"),
    path("api/action/<str:name>/", action, name="ckan_action_unversioned_slash"),
]

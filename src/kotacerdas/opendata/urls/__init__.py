"""URLs of `opendata`, mounted at /satudata/. Each area keeps its own list."""

from . import ckan, dcat, downloads, manage, portal, requests

app_name = "opendata"

urlpatterns = [
    *ckan.urlpatterns,
    *dcat.urlpatterns,
    *downloads.urlpatterns,
    *manage.urlpatterns,
    *requests.urlpatterns,
    *portal.urlpatterns,
]

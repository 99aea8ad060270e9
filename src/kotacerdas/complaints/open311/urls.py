"""Open311 GeoReport v2, mounted at /open311/v2/.

Every resource ends in `.json` or `.xml`; anything else under the prefix is answered with the
specification's 404 error list, so CommonMiddleware never turns a path into a slash redirect.
"""

from django.urls import re_path

from . import views

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.service_list, name="services"),
    re_path(
        r"^services/(?P<service_code>[^/]+?)" + FORMAT,
        views.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + FORMAT, views.requests_endpoint, name="requests"),
    re_path(
        r"^requests/(?P<service_request_id>[^/]+?)" + FORMAT,
        views.request_detail,
        name="request_detail",
    ),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FORMAT, views.token_detail, name="token_detail"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]

"""Absolute links of the SensorThings API: `@iot.selfLink`, `@iot.navigationLink`, `@iot.nextLink`.

Built from the request (scheme, host, script prefix), so they are right behind a proxy that
sets the forwarded headers Django trusts, and in tests."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.http import HttpRequest
from django.urls import reverse


class Links:
    """The link builder of one request: `base` ends with `/sta/v1.1/`."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.base = request.build_absolute_uri(reverse("sta:landing"))

    def entity_set(self, plural: str) -> str:
        return self.base + plural

    def entity(self, plural: str, pk: int) -> str:
        return f"{self.base}{plural}({pk})"

    def next_page(self, skip: int, top: int) -> str:
        """This request's URL with `$skip` advanced by one page (other parameters kept)."""
        params = [
            (name, value)
            for name, value in self.request.GET.items()
            if name.lower() not in ("$skip", "$top")
        ]
        params += [("$top", str(top)), ("$skip", str(skip + top))]
        path = self.request.build_absolute_uri(self.request.path)
        return path + "?" + urlencode(params, quote_via=quote, safe="$/(),'")

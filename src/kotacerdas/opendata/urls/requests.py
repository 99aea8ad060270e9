"""URLs of the requests area of `opendata` (see urls/__init__.py)."""

urlpatterns: list = []

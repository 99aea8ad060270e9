"""URLs of the downloads area of `opendata` (see urls/__init__.py)."""

urlpatterns: list = []

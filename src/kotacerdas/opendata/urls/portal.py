"""URLs of the portal area of `opendata` (see urls/__init__.py)."""

urlpatterns: list = []

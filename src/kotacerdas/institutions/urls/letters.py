"""URLs of the letters pages (included by institutions.urls)."""

urlpatterns: list = []

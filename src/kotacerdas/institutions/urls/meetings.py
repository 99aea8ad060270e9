"""URLs of the meetings pages (included by institutions.urls)."""

urlpatterns: list = []

"""URLs of the reports pages (included by institutions.urls)."""

urlpatterns: list = []

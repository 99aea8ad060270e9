"""URLs of the team pages (included by institutions.urls)."""

urlpatterns: list = []

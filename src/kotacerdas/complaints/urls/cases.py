"""URLs of the complaints cases pages (included by complaints.urls)."""

urlpatterns: list = []

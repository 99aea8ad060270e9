"""URLs of the complaints citizen pages (included by complaints.urls)."""

urlpatterns: list = []

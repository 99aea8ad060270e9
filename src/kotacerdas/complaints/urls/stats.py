"""URLs of the complaints stats pages (included by complaints.urls)."""

urlpatterns: list = []

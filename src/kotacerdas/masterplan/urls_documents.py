from django.urls import path  # noqa: F401

app_name = "masterplan_documents"

urlpatterns: list = []

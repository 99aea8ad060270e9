"""URLs of the budget pages (included by institutions.urls)."""

from django.urls import path

from kotacerdas.institutions.views import budget

urlpatterns = [
    path("anggaran/", budget.budget, name="budget"),
    path("anggaran/ekspor.csv", budget.budget_export_csv, name="budget_export_csv"),
    path("anggaran/ekspor.xlsx", budget.budget_export_xlsx, name="budget_export_xlsx"),
    path("anggaran/<int:pk>/", budget.budget_line_detail, name="budget_line_detail"),
    path(
        "anggaran/realisasi/<int:pk>/hapus/",
        budget.budget_spending_remove,
        name="budget_spending_remove",
    ),
]

"""The stakeholder register by helix (Pasal 9(1)); people's contacts only for staff."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kotacerdas.core.models import Helix
from kotacerdas.core.selectors import stakeholders as selectors

PAGE_SIZE = 25


@require_GET
def stakeholder_list(request):
    helix = request.GET.get("unsur", "")
    if helix not in Helix.values:
        helix = ""
    search = request.GET.get("q", "").strip()[:100]
    organisations = Paginator(
        selectors.organisation_list(helix=helix, search=search), PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    people = Paginator(selectors.person_list(helix=helix, search=search), PAGE_SIZE).get_page(
        request.GET.get("halaman_orang")
    )
    return render(
        request,
        "core/stakeholders/list.html",
        {
            "helix": helix,
            "helix_choices": Helix.choices,
            "search": search,
            "organisations": organisations,
            "people": people,
            "show_contacts": selectors.can_see_contacts(request.user),
        },
    )

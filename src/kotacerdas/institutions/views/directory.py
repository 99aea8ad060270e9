"""Member directory (issue #4 item 8): people with an institutional role, search, helix filter,
CSV export, and a page per person with all their roles over time. Any signed-in user."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kotacerdas.core.models import Helix, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.selectors import directory as selectors

PAGE_SIZE = 30


def _filters(request) -> dict:
    helix = request.GET.get("unsur", "")
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "helix": helix if helix in Helix.values else "",
        "current_only": request.GET.get("aktif") == "1",
    }


def _queryset(filters: dict):
    return selectors.directory(
        q=filters["q"] or None,
        helix=filters["helix"] or None,
        current_only=filters["current_only"],
    )


@login_required
def directory(request):
    filters = _filters(request)
    page = Paginator(_queryset(filters), PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "filters": filters,
        "helices": Helix.choices,
        "show_contact": permissions.can_read(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "institutions/directory/list.html#results", context)
    return render(request, "institutions/directory/list.html", context)


@login_required
def directory_export(request):
    """The filtered directory as CSV (contacts only for council, team and secretariat)."""
    show_contact = permissions.can_read(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="direktori-kelembagaan.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    header = [_("Nama"), _("Jabatan"), _("Organisasi"), _("Unsur"), _("Peran saat ini")]
    if show_contact:
        header += [_("Surel"), _("Telepon")]
    writer.writerow(header)
    for person in _queryset(_filters(request)):
        current = [
            label
            for flag, label in (
                (person.in_council, _("Dewan Kota Cerdas")),
                (person.in_team, _("Tim Pelaksana")),
                (person.is_resource, _("Narasumber")),
            )
            if flag
        ]
        org = person.organisation
        row = [
            person.name,
            person.title,
            org.name if org else "",
            org.get_helix_display() if org else "",
            "; ".join(current),
        ]
        if show_contact:
            row += [person.email, person.phone]
        writer.writerow(row)
    return response


@login_required
def person_detail(request, pk: int):
    try:
        person = selectors.directory_person(pk)
    except Person.DoesNotExist as exc:
        raise Http404(_("Orang ini tidak tercatat dalam kelembagaan.")) from exc
    roles = selectors.person_roles(person)
    return render(
        request,
        "institutions/directory/person.html",
        {
            "person": person,
            "current": [r for r in roles if r.is_current],
            "roles": [r for r in roles if r.kind != selectors.RoleKind.MEETING],
            "meetings": [r for r in roles if r.kind == selectors.RoleKind.MEETING],
            "show_contact": permissions.can_read(request.user),
        },
    )

"""Tim Pelaksana pages (Pasal 13-14): the current team with its leadership, six pokja and four
support teams (members added and ended by managers), a pokja page with the program checklist, and
the pre-Musrenbang assistance log (Pasal 13d) with filters, CSV, form and detail."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.models import Agency, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    Decree,
    DecreeKind,
    SupportTeam,
    TeamMembership,
    TeamPosition,
    WorkingGroup,
)
from kotacerdas.institutions.selectors import team as selectors
from kotacerdas.institutions.services import team as services

PAGE_SIZE = 25


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _require_read(user) -> None:
    permissions.require_read(user)


def _team_context(request, **extra) -> dict:
    team = selectors.current_team()
    can_manage = permissions.can_manage_team(request.user)
    context = {
        "team": team,
        "chart": selectors.team_chart(team),
        "can_manage": can_manage,
        "errors": {},
        "data": {},
        "today": timezone.localdate(),
        **extra,
    }
    if team is not None and can_manage:
        context["memberships"] = selectors.team_members(team)
        context["positions"] = TeamPosition.choices
        context["people"] = Person.objects.order_by("name").only("id", "name")
        context["agencies"] = Agency.objects.filter(is_active=True).order_by("name")
        context["working_groups"] = team.working_groups.select_related("dimension")
        context["support_teams"] = team.support_teams.all()
    return context


@login_required
def team_detail(request):
    _require_read(request.user)
    return render(request, "institutions/team/detail.html", _team_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request):
    permissions.require_manage_team(request.user)
    errors: dict = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        decree = Decree.objects.filter(pk=_int(data.get("decree")), kind=DecreeKind.TEAM).first()
        start_date = _date(data.get("start_date"))
        if data.get("start_date") and start_date is None:
            errors["start_date"] = [_("Tanggal tidak valid; gunakan format TTTT-BB-HH.")]
        if not errors:
            try:
                services.team_create(
                    actor=request.user,
                    decree=decree,
                    start_date=start_date,
                    name=data.get("name", ""),
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(
                    request, _("Tim Pelaksana dibentuk dengan enam pokja dan empat tim penunjang.")
                )
                return redirect("institutions:team_detail")
    return render(
        request,
        "institutions/team/create.html",
        {
            "data": data,
            "errors": errors,
            "decrees": Decree.objects.filter(kind=DecreeKind.TEAM).order_by("-date"),
            "default_name": services.DEFAULT_TEAM_NAME,
            "current": selectors.current_team(),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def team_member_add(request):
    permissions.require_manage_team(request.user)
    team = selectors.current_team()
    if team is None:
        messages.error(request, _("Belum ada Tim Pelaksana yang aktif."))
        return redirect("institutions:team_detail")
    data = request.POST
    start_date = _date(data.get("start_date")) if data.get("start_date") else None
    try:
        if data.get("start_date") and start_date is None:
            raise ValidationError(
                {"start_date": _("Tanggal tidak valid; gunakan format TTTT-BB-HH.")}
            )
        services.team_member_add(
            actor=request.user,
            team=team,
            person=Person.objects.filter(pk=_int(data.get("person"))).first(),
            position=data.get("position", ""),
            working_group=WorkingGroup.objects.filter(pk=_int(data.get("working_group"))).first(),
            support_team=SupportTeam.objects.filter(pk=_int(data.get("support_team"))).first(),
            agency=Agency.objects.filter(pk=_int(data.get("agency"))).first(),
            start_date=start_date,
        )
    except ValidationError as exc:
        context = _team_context(request, errors=_errors(exc), data=data)
        return render(request, "institutions/team/detail.html", context, status=400)
    messages.success(request, _("Anggota Tim Pelaksana ditambahkan."))
    return redirect("institutions:team_detail")


@login_required
@require_http_methods(["GET", "POST"])
def team_member_end(request, pk: int):
    """GET asks for confirmation; POST ends the position (the row stays as history)."""
    permissions.require_manage_team(request.user)
    membership = get_object_or_404(
        TeamMembership.objects.select_related("person", "team", "working_group", "support_team"),
        pk=pk,
    )
    errors: dict = {}
    if request.method == "POST":
        end_date = _date(request.POST.get("end_date"))
        try:
            if end_date is None:
                raise ValidationError(
                    {"end_date": _("Tanggal tidak valid; gunakan format TTTT-BB-HH.")}
                )
            services.team_member_end(actor=request.user, membership=membership, end_date=end_date)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request, _("Jabatan %(person)s diakhiri.") % {"person": membership.person}
            )
            return redirect("institutions:team_detail")
    return render(
        request,
        "institutions/team/member_end.html",
        {"membership": membership, "errors": errors, "today": timezone.localdate()},
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def working_group_detail(request, pk: int):
    _require_read(request.user)
    group = selectors.working_group_get(pk)
    can_manage = permissions.can_manage_team(request.user) and group.team.is_active
    errors: dict = {}
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Anda tidak berwenang menugaskan program ke pokja ini."))
        try:
            services.pokja_assign_programs(
                actor=request.user,
                working_group=group,
                program_ids=request.POST.getlist("programs"),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Program pokja disimpan."))
            return redirect("institutions:working_group_detail", pk=pk)
    chart = selectors.team_chart(group.team)
    entry = next((g for g in chart["working_groups"] if g["id"] == group.pk), None)
    return render(
        request,
        "institutions/team/working_group.html",
        {
            "group": group,
            "entry": entry,
            "programs": selectors.working_group_programs(group),
            "choices": selectors.program_choices(group) if can_manage else [],
            "can_manage": can_manage,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- assistance (Pasal 13d) -------------------------------------------------------------------


def _assistance_filters(request) -> dict:
    return {
        "agency_id": _int(request.GET.get("pd")),
        "musrenbang_year": _int(request.GET.get("tahun")),
        "search": request.GET.get("q", "").strip()[:100],
    }


@login_required
def assistance_list(request):
    filters = _assistance_filters(request)
    queryset = selectors.assistance_for(request.user, filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "filters": filters,
        "years": selectors.assistance_years(request.user),
        "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
        "can_manage": permissions.can_manage_team(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "institutions/team/assistance_list.html#results", context)
    return render(request, "institutions/team/assistance_list.html", context)


@login_required
def assistance_export(request):
    queryset = selectors.assistance_for(request.user, _assistance_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pendampingan-pra-musrenbang.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Nomor"),
            _("Tanggal"),
            _("Perangkat Daerah"),
            _("Musrenbang tahun"),
            _("Jumlah butir peta jalan"),
            _("Pembahasan"),
            _("Tindak lanjut yang disepakati"),
        ]
    )
    for a in queryset:
        writer.writerow(
            [
                a.pk,
                a.date.isoformat(),
                a.agency.name,
                a.musrenbang_year,
                a.activities_count,
                a.discussion,
                a.follow_ups,
            ]
        )
    return response


def _assistance_form(request, assistance=None):
    permissions.require_manage_team(request.user)
    team = assistance.team if assistance is not None else selectors.current_team()
    errors: dict = {}
    if request.method == "POST":
        data = request.POST
    elif assistance is not None:
        data = {
            "agency": str(assistance.agency_id),
            "date": assistance.date.isoformat(),
            "musrenbang_year": str(assistance.musrenbang_year),
            "discussion": assistance.discussion,
            "follow_ups": assistance.follow_ups,
            "activities": [str(pk) for pk in assistance.activities.values_list("pk", flat=True)],
        }
    else:
        data = {"agency": request.GET.get("pd", "")}
    agency_id = _int(data.get("agency"))
    if request.method == "GET" and (request.GET.get("pd") or request.GET.get("agency")):
        agency_id = _int(
            request.GET.get("pd") or request.GET.get("agency")
        )  # the form redrawn for another agency
    if request.method == "POST":
        date = _date(data.get("date"))
        fields = {
            "agency": Agency.objects.filter(pk=agency_id).first(),
            "date": date,
            "musrenbang_year": _int(data.get("musrenbang_year")),
            "activity_ids": data.getlist("activities"),
            "discussion": data.get("discussion", ""),
            "follow_ups": data.get("follow_ups", ""),
        }
        try:
            if data.get("date") and date is None:
                raise ValidationError(
                    {"date": _("Tanggal tidak valid; gunakan format TTTT-BB-HH.")}
                )
            if assistance is None:
                saved = services.assistance_record(actor=request.user, team=team, **fields)
            else:
                saved = services.assistance_update(
                    actor=request.user, assistance=assistance, **fields
                )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Pendampingan pra-Musrenbang dicatat."))
            return redirect("institutions:assistance_detail", pk=saved.pk)
    selected = (
        set(data.getlist("activities"))
        if hasattr(data, "getlist")
        else set(data.get("activities", []))
    )
    return render(
        request,
        "institutions/team/assistance_form.html",
        {
            "assistance": assistance,
            "team": team,
            "data": data,
            "errors": errors,
            "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
            "activities": selectors.agency_activities(agency_id) if agency_id else [],
            "selected": selected,
            "today": timezone.localdate(),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assistance_create(request):
    return _assistance_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def assistance_edit(request, pk: int):
    return _assistance_form(request, selectors.assistance_get(request.user, pk))


@login_required
def assistance_detail(request, pk: int):
    assistance = selectors.assistance_get(request.user, pk)
    return render(
        request,
        "institutions/team/assistance_detail.html",
        {
            "a": assistance,
            "activities": selectors.assistance_activities(assistance),
            "can_manage": permissions.can_manage_team(request.user),
        },
    )

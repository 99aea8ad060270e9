"""Election pages (Pasal 11(2)-(4)): every term with the state of its successor's election (red
flag when late, countdown to the deadline), the start form, and an election's page with its
stages, team, candidates per needed position and the forms of each step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.models import Organisation, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    CouncilPosition,
    CouncilTerm,
    DecreeKind,
    ElectionTeamRole,
)
from kotacerdas.institutions.selectors import decrees as decree_selectors
from kotacerdas.institutions.selectors import elections as selectors
from kotacerdas.institutions.services import elections as services
from kotacerdas.masterplan.models import Dimension


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@login_required
def election_list(request):
    permissions.require_read(request.user)
    today = timezone.localdate()
    return render(
        request,
        "institutions/elections/list.html",
        {
            "rows": selectors.election_overview(today),
            "today": today,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_start(request, term_pk: int):
    permissions.require_manage(request.user)
    term = get_object_or_404(CouncilTerm, pk=term_pk)
    errors: dict = {}
    data = request.POST if request.method == "POST" else {"started_on": timezone.localdate()}
    if request.method == "POST":
        started_on = _date(data.get("started_on"))
        decree = None
        if data.get("team_decree"):
            decree = decree_selectors.decree_choices().filter(pk=_int(data["team_decree"])).first()
        try:
            if data.get("started_on") and started_on is None:
                raise ValidationError({"started_on": _("Tanggal tidak valid; gunakan TTTT-BB-HH.")})
            election = services.election_start(
                actor=request.user,
                ending_term=term,
                started_on=started_on,
                team_decree=decree,
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Pemilihan dimulai."))
            return redirect("institutions:election_detail", pk=election.pk)
    return render(
        request,
        "institutions/elections/start.html",
        {
            "term": term,
            "status": selectors.election_status(term),
            "data": data,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "decrees": decree_selectors.decree_choices(kind=DecreeKind.ELECTION),
        },
        status=400 if errors else 200,
    )


def _detail_context(request, election, **extra) -> dict:
    can_manage = permissions.can_manage(request.user)
    context = {
        "election": election,
        "status": selectors.election_status(election.ending_term),
        "stages": selectors.STAGE_ORDER,
        "stage_index": selectors.stage_index(election.stage),
        "team": selectors.election_team(election),
        "slots": selectors.election_slots(election),
        "missing": selectors.election_missing_positions(election),
        "is_open": election.stage in selectors.OPEN_STAGES,
        "can_manage": can_manage,
        "errors": {},
        "data": {},
        "form": "",
        "today": timezone.localdate(),
    }
    if can_manage:
        context.update(
            {
                "people": Person.objects.select_related("organisation").order_by("name"),
                "organisations": Organisation.objects.filter(is_active=True).order_by("name"),
                "dimensions": Dimension.objects.order_by("order"),
                "positions": CouncilPosition.choices,
                "team_roles": ElectionTeamRole.choices,
                "suggested_chair": selectors.previous_chair(election.ending_term),
                "decrees": decree_selectors.decree_choices(),
            }
        )
    context.update(extra)
    context["general_errors"] = context["errors"].get("__all__", [])
    context["error_list"] = [m for ms in context["errors"].values() for m in ms]
    context["candidate_step"] = str(context["form"]).startswith(("screen-", "select-"))
    return context


@login_required
def election_detail(request, pk: int):
    election = selectors.election_get(actor=request.user, pk=pk)
    return render(request, "institutions/elections/detail.html", _detail_context(request, election))


def _step(request, election, form: str, action, success: str):
    """Run one step of the election from a POST; on error show the page with the form's errors."""
    permissions.require_manage(request.user)
    try:
        action()
    except ValidationError as exc:
        context = _detail_context(
            request, election, errors=_errors(exc), data=request.POST, form=form
        )
        return render(request, "institutions/elections/detail.html", context, status=400)
    messages.success(request, success)
    return redirect("institutions:election_detail", pk=election.pk)


@login_required
@require_POST
def election_team_add(request, pk: int):
    election = selectors.election_get(actor=request.user, pk=pk)
    data = request.POST
    return _step(
        request,
        election,
        "team",
        lambda: services.election_team_add(
            actor=request.user,
            election=election,
            person=Person.objects.filter(pk=_int(data.get("person"))).first(),
            role=data.get("role", ""),
        ),
        _("Anggota tim pemilihan ditambahkan."),
    )


@login_required
@require_POST
def candidate_add(request, pk: int):
    election = selectors.election_get(actor=request.user, pk=pk)
    data = request.POST
    return _step(
        request,
        election,
        "candidate",
        lambda: services.candidate_add(
            actor=request.user,
            election=election,
            person=Person.objects.filter(pk=_int(data.get("person"))).first(),
            organisation=Organisation.objects.filter(pk=_int(data.get("organisation"))).first(),
            position=data.get("position", ""),
            dimension=Dimension.objects.filter(pk=_int(data.get("dimension"))).first(),
            note=data.get("note", ""),
        ),
        _("Calon didaftarkan."),
    )


@login_required
@require_POST
def candidate_screen(request, pk: int):
    candidate = selectors.candidate_get(actor=request.user, pk=pk)
    data = request.POST
    return _step(
        request,
        candidate.election,
        f"screen-{candidate.pk}",
        lambda: services.candidate_screen(
            actor=request.user,
            candidate=candidate,
            passed=data.get("passed") == "1",
            note=data.get("note", ""),
        ),
        _("Hasil penjaringan dicatat."),
    )


def _score(value):
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        raise ValidationError({"score": _("Nilai harus berupa angka.")}) from None


@login_required
@require_POST
def candidate_select(request, pk: int):
    candidate = selectors.candidate_get(actor=request.user, pk=pk)
    data = request.POST
    return _step(
        request,
        candidate.election,
        f"select-{candidate.pk}",
        lambda: services.candidate_select(
            actor=request.user, candidate=candidate, score=_score(data.get("score"))
        ),
        _("Calon dipilih."),
    )


@login_required
@require_POST
def election_propose(request, pk: int):
    election = selectors.election_get(actor=request.user, pk=pk)
    data = request.POST
    return _step(
        request,
        election,
        "propose",
        lambda: services.election_propose(
            actor=request.user, election=election, proposed_on=_date(data.get("proposed_on"))
        ),
        _("Usulan kepada Wali Kota dicatat beserta suratnya."),
    )


@login_required
@require_POST
def election_decree(request, pk: int):
    election = selectors.election_get(actor=request.user, pk=pk)
    data = request.POST

    def action():
        if data.get("confirm") != "1":
            raise ValidationError(
                {"confirm": _("Centang konfirmasi: keputusan ini membentuk masa jabatan baru.")}
            )
        services.election_decree(
            actor=request.user,
            election=election,
            decree=decree_selectors.decree_choices().filter(pk=_int(data.get("decree"))).first(),
        )

    return _step(
        request,
        election,
        "decree",
        action,
        _("Keputusan dicatat; masa jabatan berikutnya dibentuk dengan anggota terpilih."),
    )

"""Council pages (Pasal 9-11): terms, their structure and members, activation, resource persons
and the organisation chart of the current term."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.models import Organisation, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Decree,
    DecreeKind,
    MembershipEnd,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.institutions.selectors import council as selectors
from kotacerdas.institutions.selectors import team as team_selectors
from kotacerdas.institutions.services import council as services

PAGE_SIZE = 25


# --- forms (parse and show only; the services validate) ---------------------------------------


def _people():
    return Person.objects.select_related("organisation").order_by("name")


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("helix", "name")


def _decrees():
    return Decree.objects.filter(kind__in=[DecreeKind.COUNCIL, DecreeKind.ELECTION]).order_by(
        "-date"
    )


class TermForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Periode ke"), min_value=1)
    decree = forms.ModelChoiceField(
        label=gettext_lazy("Keputusan Wali Kota"),
        queryset=Decree.objects.none(),
        help_text=gettext_lazy("Masa jabatan dimulai pada tanggal keputusan dan berlaku 3 tahun."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decree"].queryset = _decrees()


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Orang"), queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Mewakili organisasi"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=gettext_lazy("Kosongkan untuk memakai organisasi orang tersebut."),
    )
    position = forms.ChoiceField(label=gettext_lazy("Jabatan"), choices=CouncilPosition.choices)
    commission = forms.ModelChoiceField(
        label=gettext_lazy("Komisi"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Wajib untuk jabatan komisi; kosong untuk jabatan Dewan."),
    )
    start_date = forms.DateField(
        label=gettext_lazy("Mulai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decree = forms.ModelChoiceField(
        label=gettext_lazy("Keputusan"), queryset=Decree.objects.none(), required=False
    )
    note = forms.CharField(label=gettext_lazy("Catatan"), max_length=300, required=False)

    def __init__(self, *args, term: CouncilTerm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people()
        self.fields["organisation"].queryset = _organisations()
        self.fields["commission"].queryset = selectors.commission_choices(term)
        self.fields["decree"].queryset = _decrees()


class EndForm(forms.Form):
    end_date = forms.DateField(
        label=gettext_lazy("Tanggal berakhir"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Alasan"),
        choices=[(v, lbl) for v, lbl in MembershipEnd.choices if v != MembershipEnd.TERM_ENDED],
    )


class ReplaceForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Pengganti"), queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Mewakili organisasi"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    date = forms.DateField(
        label=gettext_lazy("Berlaku mulai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Alasan anggota lama berakhir"),
        choices=[(v, lbl) for v, lbl in MembershipEnd.choices if v != MembershipEnd.TERM_ENDED],
        initial=MembershipEnd.REPLACED,
    )
    decree = forms.ModelChoiceField(
        label=gettext_lazy("Keputusan"), queryset=Decree.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people()
        self.fields["organisation"].queryset = _organisations()
        self.fields["decree"].queryset = _decrees()


class ResourcePersonForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Orang"), queryset=Person.objects.none())
    expertise = forms.CharField(label=gettext_lazy("Keahlian"), max_length=300)
    note = forms.CharField(
        label=gettext_lazy("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Masih diundang"), required=False, initial=True
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people()
        if editing:
            del self.fields["person"]
        else:
            del self.fields["is_active"]


def _styled(form: forms.Form) -> forms.Form:
    style_form(form)
    return form


def _form_page(request, form, *, save, done, success: str, template: str, context=None):
    """A form page: on a valid POST `save(cleaned_data)` (a service call) and redirect to
    `done(result)`; service errors go back on the form (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(done(result))
    return render(
        request,
        template,
        {**(context or {}), "form": _styled(form)},
        status=400 if form.errors else 200,
    )


# --- terms ------------------------------------------------------------------------------------


@login_required
def term_list(request):
    permissions.require_read(request.user)
    page = Paginator(selectors.term_list(), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "institutions/council/term_list.html",
        {
            "page": page,
            "current": selectors.current_term(),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request):
    permissions.require_manage(request.user)
    return _form_page(
        request,
        TermForm(request.POST or None),
        save=lambda data: services.term_create(actor=request.user, **data),
        done=lambda term: reverse("institutions:term_detail", args=[term.pk]),
        success=_("Masa jabatan dibuat dengan enam komisi."),
        template="institutions/council/term_form.html",
    )


def _on_date(request, term: CouncilTerm) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        day = timezone.localdate()
    return selectors.term_date(term, day)


def _detail(request, term: CouncilTerm, *, form=None, activation_errors=None, status=200):
    day = _on_date(request, term)
    can_manage = permissions.can_manage(request.user)
    if form is None and can_manage:
        form = MembershipForm(term=term, initial={"start_date": selectors.term_date(term)})
    if form is not None:
        style_form(form)
    return render(
        request,
        "institutions/council/term_detail.html",
        {
            "term": term,
            "day": day,
            "structure": selectors.term_structure(term, day),
            "problems": selectors.term_activation_problems(term, day),
            "history": selectors.membership_history(term),
            "form": form,
            "activation_errors": activation_errors or [],
            "can_manage": can_manage,
            "editable": can_manage and term.status != TermStatus.ENDED,
        },
        status=status,
    )


def _term(pk: int) -> CouncilTerm:
    return get_object_or_404(CouncilTerm.objects.select_related("decree"), pk=pk)


@login_required
def term_detail(request, pk: int):
    permissions.require_read(request.user)
    return _detail(request, _term(pk))


@login_required
@require_POST
def term_activate(request, pk: int):
    permissions.require_manage(request.user)
    term = _term(pk)
    try:
        services.term_activate(actor=request.user, term=term)
    except ValidationError as exc:
        return _detail(request, term, activation_errors=exc.messages, status=400)
    messages.success(request, _("Masa jabatan diaktifkan."))
    return redirect("institutions:term_detail", pk=term.pk)


@login_required
@require_POST
def membership_add(request, pk: int):
    permissions.require_manage(request.user)
    term = _term(pk)
    form = MembershipForm(request.POST, term=term)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(actor=request.user, term=term, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Anggota ditambahkan."))
            return redirect("institutions:term_detail", pk=term.pk)
    return _detail(request, term, form=form, status=400)


def _membership(pk: int) -> CouncilMembership:
    return get_object_or_404(
        CouncilMembership.objects.select_related("term", "person", "organisation", "commission"),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request, pk: int):
    """Confirmation page, then the end of a membership (kept as history)."""
    permissions.require_manage(request.user)
    membership = _membership(pk)
    return _form_page(
        request,
        EndForm(request.POST or None, initial={"end_date": timezone.localdate()}),
        save=lambda data: services.membership_end(
            actor=request.user, membership=membership, **data
        ),
        done=lambda m: reverse("institutions:term_detail", args=[m.term_id]),
        success=_("Keanggotaan diakhiri; riwayatnya tetap tersimpan."),
        template="institutions/council/membership_end.html",
        context={"m": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_replace(request, pk: int):
    """Confirmation page, then a replacement: the old member ends the day before."""
    permissions.require_manage(request.user)
    membership = _membership(pk)
    return _form_page(
        request,
        ReplaceForm(request.POST or None, initial={"date": timezone.localdate()}),
        save=lambda data: services.membership_replace(
            actor=request.user, membership=membership, **data
        ),
        done=lambda m: reverse("institutions:term_detail", args=[m.term_id]),
        success=_("Anggota diganti; riwayatnya tetap tersimpan."),
        template="institutions/council/membership_replace.html",
        context={"m": membership},
    )


# --- resource persons ---------------------------------------------------------------------


@login_required
def resource_person_list(request):
    permissions.require_read(request.user)
    q = request.GET.get("q", "").strip()[:100]
    queryset = selectors.resource_person_list(q=q or None)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {"page": page, "q": q, "can_manage": permissions.can_manage(request.user)}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "institutions/council/resource_person_list.html#results", context)
    return render(request, "institutions/council/resource_person_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resource_person_add(request):
    permissions.require_manage(request.user)
    return _form_page(
        request,
        ResourcePersonForm(request.POST or None),
        save=lambda data: services.resource_person_add(actor=request.user, **data),
        done=lambda _r: reverse("institutions:resource_person_list"),
        success=_("Narasumber ditambahkan."),
        template="institutions/council/resource_person_form.html",
        context={"resource": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_person_edit(request, pk: int):
    permissions.require_manage(request.user)
    resource = get_object_or_404(ResourcePerson.objects.select_related("person"), pk=pk)
    initial = {
        "expertise": resource.expertise,
        "note": resource.note,
        "is_active": resource.is_active,
    }
    return _form_page(
        request,
        ResourcePersonForm(request.POST or None, editing=True, initial=initial),
        save=lambda data: services.resource_person_update(
            actor=request.user, resource_person=resource, **data
        ),
        done=lambda _r: reverse("institutions:resource_person_list"),
        success=_("Narasumber diperbarui."),
        template="institutions/council/resource_person_form.html",
        context={"resource": resource},
    )


# --- organisation chart -----------------------------------------------------------------------


@login_required
def org_chart(request):
    """The current council (Ketua, Wakil, Sekretaris, six komisi) and the Tim Pelaksana."""
    term = selectors.current_term()
    team = team_selectors.current_team()
    return render(
        request,
        "institutions/council/org_chart.html",
        {
            "term": term,
            "structure": selectors.term_structure(term) if term else None,
            "team": team_selectors.team_chart(team) if team else None,
            "today": timezone.localdate(),
            "can_read": permissions.can_read(request.user),
        },
    )

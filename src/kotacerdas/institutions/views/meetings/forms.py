"""Forms of the meeting pages: they parse and show; the services validate."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.forms import style_form
from kotacerdas.core.models import Person
from kotacerdas.institutions.models import Commission, CouncilTerm, MeetingKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Masa jabatan"), queryset=CouncilTerm.objects.none())
    kind = forms.ChoiceField(label=_("Jenis rapat"), choices=MeetingKind.choices)
    commissions = forms.ModelMultipleChoiceField(
        label=_("Komisi"),
        queryset=Commission.objects.none(),
        required=False,
        help_text=_(
            "Rapat komisi: tepat satu; lintas komisi: sedikitnya dua; FGD: satu atau lebih; "
            "pleno: kosongkan (semua anggota diundang)."
        ),
    )
    title = forms.CharField(label=_("Judul"), max_length=300)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_at = forms.DateTimeField(
        label=_("Mulai"), input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput()
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"), input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput()
    )
    location = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    resource_persons = forms.ModelMultipleChoiceField(
        label=_("Narasumber"), queryset=Person.objects.none(), required=False
    )
    invitees = forms.ModelMultipleChoiceField(
        label=_("Undangan lain"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = CouncilTerm.objects.order_by("-number")
        # Only the komisi of the chosen term (the current one when the form opens): those of
        # ended terms are not offered. Changing the term reloads this list (htmx).
        term_id = self.data.get("term") if self.is_bound else self.initial.get("term")
        term_id = getattr(term_id, "pk", term_id)
        self.fields["commissions"].queryset = (
            Commission.objects.filter(term_id=term_id).order_by("dimension__order")
            if str(term_id or "").isdigit()
            else Commission.objects.none()
        )
        self.fields["term"].widget.attrs.update(
            {
                "hx-get": reverse("institutions:meeting_schedule"),
                "hx-trigger": "change changed",  # not when the same term is picked again
                "hx-target": "#id_commissions",
                "hx-select": "#id_commissions",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["resource_persons"].queryset = Person.objects.filter(
            resource_person__is_active=True
        ).order_by("name")
        self.fields["invitees"].queryset = Person.objects.order_by("name")
        style_form(self)


class MeetingEditForm(forms.Form):
    title = MeetingForm.base_fields["title"]
    agenda = MeetingForm.base_fields["agenda"]
    starts_at = MeetingForm.base_fields["starts_at"]
    ends_at = MeetingForm.base_fields["ends_at"]
    location = MeetingForm.base_fields["location"]
    online_url = MeetingForm.base_fields["online_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Judul dokumen"), max_length=300, required=False)
    file = forms.FileField(label=_("Berkas"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

"""Forms of the management pages: a Daftar Data entry with a friendly Table Schema editor (one
row per column, plus raw JSON for experts), and the upload of a file for a period."""

from __future__ import annotations

import json
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import Agency
from kotacerdas.opendata.models import Frequency, Topic
from kotacerdas.opendata.schema import FIELD_TYPES, REFERENCE_KEY

TYPE_LABELS = {
    "string": _("Teks"),
    "integer": _("Bilangan bulat"),
    "number": _("Angka desimal"),
    "boolean": _("Ya/tidak"),
    "date": _("Tanggal"),
    "datetime": _("Tanggal dan waktu"),
    "year": _("Tahun"),
}
REFERENCE_CHOICES = [
    ("", _("Tidak ada")),
    ("kecamatan", _("Kode kecamatan (Kemendagri)")),
    ("kelurahan", _("Kode kelurahan (Kemendagri)")),
]


class BootstrapMixin:
    """Bootstrap 5 classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm" if self.compact else "form-select"
            else:
                css = "form-control form-control-sm" if self.compact else "form-control"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    compact = False


class EntryForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Perangkat Daerah produsen"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Nama data"), max_length=300)
    description = forms.CharField(
        label=_("Deskripsi"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    topic = forms.ModelChoiceField(label=_("Topik"), queryset=Topic.objects.all(), required=False)
    frequency = forms.ChoiceField(label=_("Frekuensi"), choices=Frequency.choices)
    due_days = forms.IntegerField(
        label=_("Batas hari setelah periode"), min_value=0, max_value=366, initial=30
    )
    unit = forms.CharField(label=_("Satuan"), max_length=80, required=False)
    priority = forms.BooleanField(label=_("Data prioritas"), required=False)
    schema_json = forms.CharField(
        label=_("Skema tabel (JSON, untuk ahli)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_("Bila diisi, menggantikan isian kolom di atas (Frictionless Table Schema)."),
    )

    def clean_schema_json(self):
        text = self.cleaned_data["schema_json"].strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(_("JSON tidak valid: %(error)s") % {"error": exc.msg}) from exc
        if not isinstance(value, dict):
            raise ValidationError(_("Skema tabel harus berupa objek JSON."))
        return value


class SchemaFieldForm(BootstrapMixin, forms.Form):
    compact = True

    name = forms.CharField(label=_("Nama kolom"), max_length=63)
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Jenis"), choices=[(t, TYPE_LABELS[t]) for t in FIELD_TYPES])
    unit = forms.CharField(label=_("Satuan"), max_length=80, required=False)
    required = forms.BooleanField(label=_("Wajib"), required=False)
    minimum = forms.DecimalField(label=_("Minimum"), required=False)
    reference = forms.ChoiceField(
        label=_("Kode referensi"), choices=REFERENCE_CHOICES, required=False
    )


SchemaFieldFormSet = forms.formset_factory(SchemaFieldForm, extra=2, can_delete=True)


def schema_initial(table_schema: dict) -> list[dict]:
    """The formset's rows for an existing schema."""
    rows = []
    for field in (table_schema or {}).get("fields", []):
        constraints = field.get("constraints", {})
        rows.append(
            {
                "name": field.get("name", ""),
                "title": field.get("title", ""),
                "type": field.get("type", "string"),
                "unit": field.get("unit", ""),
                "required": bool(constraints.get("required")),
                "minimum": constraints.get("minimum"),
                "reference": field.get(REFERENCE_KEY, ""),
            }
        )
    return rows


def schema_from_formset(formset, previous: dict | None = None) -> dict:
    """A Table Schema from the formset's rows (the service cleans it); the previous schema's
    primary key is kept when its columns are still there."""
    fields = []
    for row in formset.cleaned_data:
        if not row or row.get("DELETE") or not row.get("name"):
            continue
        field = {"name": row["name"].strip(), "type": row["type"]}
        if row.get("title"):
            field["title"] = row["title"].strip()
        if row.get("unit"):
            field["unit"] = row["unit"].strip()
        constraints = {}
        if row.get("required"):
            constraints["required"] = True
        if row.get("minimum") is not None:
            minimum = row["minimum"]
            constraints["minimum"] = (
                (int(minimum) if minimum == minimum.to_integral_value() else float(minimum))
                if isinstance(minimum, Decimal)
                else minimum
            )
        if constraints:
            field["constraints"] = constraints
        if row.get("reference"):
            field[REFERENCE_KEY] = row["reference"]
        fields.append(field)
    if not fields:
        return {}
    schema: dict = {"fields": fields}
    names = {field["name"] for field in fields}
    key = (previous or {}).get("primaryKey")
    if key and set([key] if isinstance(key, str) else key) <= names:
        schema["primaryKey"] = key
    return schema


class SubmissionForm(BootstrapMixin, forms.Form):
    period_label = forms.ChoiceField(label=_("Periode"))
    file = forms.FileField(
        label=_("Berkas data (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    notes = forms.CharField(
        label=_("Catatan untuk walidata"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_label"].choices = [(p.label, p.label) for p in periods]


class ReviewForm(BootstrapMixin, forms.Form):
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

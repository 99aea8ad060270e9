"""Form helpers shared by the masterplan pages: forms only parse and show; writes go through
the services, whose ValidationError messages are put back on the form."""

from __future__ import annotations

from typing import Any

from django import forms

from kotacerdas.core.forms import add_service_errors, style_form  # noqa: F401  (re-exported)


def changed(form: forms.BaseForm, *, always: tuple[str, ...] = ()) -> dict[str, Any]:
    names = set(form.changed_data) | {f for f in always if f in form.fields}
    return {name: form.cleaned_data[name] for name in form.fields if name in names}

"""Form helpers every app's pages share: forms only parse and show; writes go through the
services, whose ValidationError messages are put back on the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def style_form(form: forms.BaseForm) -> None:
    """Bootstrap classes, and errors tied to their field for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.SelectMultiple):
            css = "form-select"
            widget.attrs.setdefault("size", 6)
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{form[name].auto_id}_galat"
        widget.attrs["class"] = css


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)

"""Reference data of the regulation (Pasal 15-22): the dimensions with their elements and
priority-program areas; administrators correct their names (audited)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import fields_for_model, model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core import permissions
from kotacerdas.masterplan.selectors import reference as selectors
from kotacerdas.masterplan.services.reference import EDITABLE_FIELDS, reference_name_update
from kotacerdas.masterplan.views.forms import add_service_errors, changed, style_form


def reference_list(request):
    return render(
        request,
        "masterplan/reference/list.html",
        {"dimensions": selectors.dimension_list(), "can_edit": permissions.is_admin(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(request, kind: str, code: str):
    obj = selectors.reference_get(kind=kind, code=code)
    if not permissions.is_admin(request.user):
        raise PermissionDenied(_("Hanya administrator yang boleh mengubah data rujukan."))
    fields = list(EDITABLE_FIELDS[type(obj)])
    form_class = type("ReferenceForm", (forms.Form,), fields_for_model(type(obj), fields=fields))
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(obj, fields=fields),
    )
    back = reverse("masterplan:reference_list")
    if request.method == "POST" and form.is_valid():
        try:
            reference_name_update(actor=request.user, obj=obj, data=changed(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nama %(code)s disimpan.") % {"code": obj.code})
            return redirect(back)
    style_form(form)
    return render(
        request,
        "masterplan/tree/form.html",
        {"form": form, "title": _("Ubah nama %(code)s") % {"code": obj.code}, "cancel_url": back},
    )

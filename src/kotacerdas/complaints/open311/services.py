"""The one write of Open311: POST requests becomes a case through `case_submit`.

The client's media_url is written in the same transaction, so a refused request leaves
nothing behind. The Open311 token is not stored (see `tokens.py`), so answering POST adds no
write under the locks of the tracking-number counter and the audit chain.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import Case, CaseEvent, CaseEventKind, Category, Channel
from kotacerdas.core.audit.chain import audit_record

from .parsing import RequestForm

MEDIA_URL_MAX = 500
MEDIA_URL_KEY = "media_url"  # CaseEvent.data key of the link an Open311 client sent


def _check_media_url(url: str) -> None:
    if not url:
        return
    message = _("media_url harus alamat http(s) yang valid, maksimum 500 karakter.")
    if len(url) > MEDIA_URL_MAX:
        raise ValidationError({"media_url": message})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"media_url": message}) from None


@transaction.atomic
def open311_request_create(
    *, actor: Any, category: Category, form: RequestForm, region_codes: dict[str, str]
) -> Case:
    """Pasal 26: a report from an Open311 app is a case like those of every other channel
    (issue #5 items 1 and 9). Returns the case."""
    _check_media_url(form.media_url)
    from kotacerdas.complaints.services.intake import case_submit

    case = case_submit(
        actor=actor,
        channel=Channel.OPEN311,
        category=category,
        description=form.description,
        lat=form.lat,
        lng=form.lng,
        address=form.address,
        reporter_name=form.reporter_name,
        reporter_phone=form.reporter_phone,
        reporter_email=form.reporter_email,
        attributes=form.attributes,
        **region_codes,
    ).case
    if form.media_url:
        event = CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            kind=CaseEventKind.NOTE,
            note=_("Tautan media dari aplikasi Open311: %(url)s") % {"url": form.media_url},
            is_public=True,
            actor=actor,
            data={MEDIA_URL_KEY: form.media_url},
        )
        audit_record(
            actor=actor,
            action="open311.media_url",
            obj=event,
            changes={"case": case.tracking_number, "media_url": form.media_url},
        )
    return case

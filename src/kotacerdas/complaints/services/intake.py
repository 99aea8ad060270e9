"""Intake of a case from every channel (issue #5 items 1-3; Perwal 32/2021 Pasal 26).

Call Center 1500444, SP4N-LAPOR!, the web form, Open311 apps and walk-ins all enter through
`case_submit`. Every input is checked before anything is written: a location inside Kota
Bekasi, a description of 1..4,000 characters, an active category, the category's attributes,
the attachments (images or PDF). A case gets a tracking number `ADU-<year>-<6 digits>` from a
locked counter row, so concurrent submissions never share one. A repeated SP4N-LAPOR! id returns
the case already made from it (pulling twice makes no duplicate).

The reporter gets a secret (shown once; only its SHA-256 is stored) with which they confirm,
reopen or rate their case without an account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    AttachmentRole,
    AttributeDatatype,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseEventKind,
    CaseState,
    CaseType,
    Category,
    CategoryAttribute,
    Channel,
    Privacy,
    TrackingSequence,
)
from kotacerdas.complaints.services.sla import sla_apply
from kotacerdas.core import geo, permissions
from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import Region, Role
from kotacerdas.core.models.regions import RegionLevel
from kotacerdas.core.uploads import check_upload

DESCRIPTION_MAX = 4000
TITLE_MAX = 200
ADDRESS_MAX = 300
MAX_UPLOADS = 5
UPLOAD_KINDS = ("jpg", "png", "pdf")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
ATTRIBUTE_TEXT_MAX = 2000
# Channels entered by staff on a citizen's behalf.
STAFF_CHANNELS = (Channel.CALL_CENTER, Channel.WALK_IN)


@dataclass(frozen=True)
class SubmitResult:
    """The case, and the reporter's secret (shown once; empty when the case already existed)."""

    case: Case
    reporter_secret: str
    created: bool = True


# --- secrets


def secret_hash(secret: str) -> str:
    return hashlib.sha256((secret or "").strip().encode("utf-8")).hexdigest()


def secret_matches(case: Case, secret: str) -> bool:
    """Whether `secret` is the reporter's secret of `case` (constant-time comparison)."""
    if not case.reporter_secret_hash or not secret:
        return False
    return secrets.compare_digest(case.reporter_secret_hash, secret_hash(secret))


def new_secret() -> str:
    return secrets.token_urlsafe(12)


# --- tracking numbers


def next_tracking_number(at: dt.datetime) -> str:
    """`ADU-<year>-<6 digits>`, from the year's counter row under a row lock (call in a
    transaction). Two submissions at once wait for each other; numbers never repeat."""
    year = timezone.localtime(at).year
    try:
        with transaction.atomic():
            TrackingSequence.objects.get_or_create(year=year)
    except IntegrityError:  # created by a concurrent submission in the meantime
        pass
    sequence = TrackingSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"ADU-{year}-{sequence.last:06d}"


# --- validation helpers


def _check_channel(actor: Any, channel: str) -> None:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kanal pengaduan tidak dikenal.")})
    if channel in STAFF_CHANNELS and not (
        permissions.is_admin(actor) or permissions.has_role(actor, Role.CALL_CENTER_AGENT)
    ):
        raise PermissionDenied(
            _("Hanya agen Call Center yang boleh mencatat laporan dari telepon atau loket.")
        )


def _location(
    errors: dict[str, str],
    *,
    lat: Any,
    lng: Any,
    kecamatan_code: str,
    kelurahan_code: str,
    address: str,
) -> tuple[float | None, float | None, Region | None, Region | None]:
    has_point = lat not in (None, "") or lng not in (None, "")
    if not (has_point or kecamatan_code or kelurahan_code or address):
        errors["location"] = _(
            "Lokasi wajib diisi: tandai titik di peta, pilih kecamatan/kelurahan, atau tulis "
            "alamatnya."
        )
        return None, None, None, None
    if len(address) > ADDRESS_MAX:
        errors["address"] = _("Alamat terlalu panjang: maksimum %(max)s karakter.") % {
            "max": ADDRESS_MAX
        }
    if has_point:
        try:
            lat_f, lng_f = float(lat), float(lng)
        except (TypeError, ValueError):
            errors["lat"] = _("Titik lokasi tidak valid: isi lintang dan bujur berupa angka.")
            return None, None, None, None
        found = geo.locate_point(lat_f, lng_f)
        if found is None:
            errors["lat"] = _(
                "Titik lokasi berada di luar Kota Bekasi. Pengaduan ini hanya untuk wilayah "
                "Kota Bekasi; untuk daerah lain gunakan SP4N-LAPOR! (lapor.go.id)."
            )
            return None, None, None, None
        return lat_f, lng_f, found[0], found[1]
    kecamatan = kelurahan = None
    if kelurahan_code:
        kelurahan = (
            Region.objects.select_related("parent")
            .filter(code=kelurahan_code, level=RegionLevel.KELURAHAN)
            .first()
        )
        if kelurahan is None:
            errors["kelurahan"] = _("Kelurahan tidak dikenal.")
    if kecamatan_code:
        kecamatan = Region.objects.filter(code=kecamatan_code, level=RegionLevel.KECAMATAN).first()
        if kecamatan is None:
            errors["kecamatan"] = _("Kecamatan tidak dikenal.")
    if kelurahan is not None:
        if kecamatan is not None and kelurahan.parent_id != kecamatan.pk:
            errors["kelurahan"] = _("Kelurahan ini tidak berada di kecamatan yang dipilih.")
        kecamatan = kelurahan.parent
    return None, None, kecamatan, kelurahan


def _attribute_value(attribute: CategoryAttribute, value: Any) -> tuple[Any, str | None]:
    """(cleaned value, error message or None) of one attribute answer."""
    keys = {str(item.get("key")) for item in attribute.values or [] if isinstance(item, dict)}
    datatype = attribute.datatype
    if datatype == AttributeDatatype.NUMBER:
        try:
            number = float(str(value).replace(",", "."))
        except (TypeError, ValueError):
            return None, _("harus berupa angka")
        if number != number or number in (float("inf"), float("-inf")):
            return None, _("harus berupa angka")
        return (int(number) if number.is_integer() else number), None
    if datatype == AttributeDatatype.DATETIME:
        try:
            parsed = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None, _("harus berupa tanggal dan jam (misalnya 2026-05-01T08:30)")
        return parsed.isoformat(), None
    if datatype == AttributeDatatype.SINGLEVALUELIST:
        if str(value) not in keys:
            return None, _("pilihan tidak dikenal")
        return str(value), None
    if datatype == AttributeDatatype.MULTIVALUELIST:
        items = value if isinstance(value, list | tuple) else [value]
        items = [str(item) for item in items]
        if not items or any(item not in keys for item in items):
            return None, _("pilihan tidak dikenal")
        return items, None
    text = str(value).strip()
    limit = 300 if datatype == AttributeDatatype.STRING else ATTRIBUTE_TEXT_MAX
    if len(text) > limit:
        return None, _("terlalu panjang: maksimum %(max)s karakter") % {"max": limit}
    return text, None


def clean_attributes(category: Category, attributes: dict[str, Any] | None) -> dict[str, Any]:
    """Answers to the category's questions, checked against CategoryAttribute; raises
    ValidationError({"attributes": ...}) for an unknown code, a missing required answer or a
    value of the wrong type."""
    attributes = dict(attributes or {})
    defined = {a.code: a for a in CategoryAttribute.objects.filter(category=category)}
    problems: list[str] = []
    unknown = sorted(set(attributes) - set(defined))
    if unknown:
        problems.append(
            _("Atribut tidak dikenal untuk kategori %(category)s: %(codes)s.")
            % {"category": category.name, "codes": ", ".join(unknown)}
        )
    cleaned: dict[str, Any] = {}
    for code, attribute in defined.items():
        value = attributes.get(code)
        empty = value is None or (isinstance(value, str | list | tuple) and len(value) == 0)
        if empty:
            if attribute.required:
                problems.append(
                    _("Atribut %(question)s wajib diisi.") % {"question": attribute.description}
                )
            continue
        value, problem = _attribute_value(attribute, value)
        if problem:
            problems.append(
                _("Atribut %(question)s %(problem)s.")
                % {"question": attribute.description, "problem": problem}
            )
        else:
            cleaned[code] = value
    if problems:
        raise ValidationError({"attributes": problems})
    return cleaned


def check_uploads(uploads: Iterable[Any], *, field: str = "uploads") -> list[tuple[Any, Any]]:
    """[(upload, UploadInfo)] for images (JPG/PNG) or PDF up to 10 MB; raises otherwise."""
    uploads = [upload for upload in uploads or () if upload]
    if len(uploads) > MAX_UPLOADS:
        raise ValidationError({field: _("Paling banyak %(max)s lampiran.") % {"max": MAX_UPLOADS}})
    checked = []
    for upload in uploads:
        try:
            info = check_upload(upload, kinds=UPLOAD_KINDS, max_bytes=UPLOAD_MAX_BYTES, field=None)
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if "Jenis berkas" in message or "tidak sesuai" in message:
                message = _("Lampiran harus berupa gambar (JPG/PNG) atau PDF.") + " " + message
            raise ValidationError({field: message}) from exc
        checked.append((upload, info))
    return checked


def store_attachments(
    case: Case,
    checked: list[tuple[Any, Any]],
    *,
    role: str,
    actor: Any,
    lat: float | None = None,
    lng: float | None = None,
    is_public: bool = False,
) -> list[CaseAttachment]:
    stored = []
    user = actor if getattr(actor, "is_authenticated", False) else None
    for upload, info in checked:
        upload.seek(0)
        attachment = CaseAttachment(
            case=case,
            role=role,
            sha256=info.sha256,
            size=info.size,
            content_type=info.content_type,
            lat=lat,
            lng=lng,
            is_public=is_public,
            uploaded_by=user,
        )
        attachment.file.save(
            f"{case.tracking_number}-{info.sha256[:12]}{info.extension}", upload, save=False
        )
        attachment.save()
        stored.append(attachment)
    return stored


def _reporter(
    errors: dict[str, str], privacy: str, name: str, phone: str, email: str
) -> tuple[str, str, str]:
    if privacy == Privacy.ANONYMOUS:
        return "", "", ""
    name, phone, email = (name or "").strip(), (phone or "").strip(), (email or "").strip()
    if len(name) > 200:
        errors["reporter_name"] = _("Nama terlalu panjang: maksimum 200 karakter.")
    if len(phone) > 40:
        errors["reporter_phone"] = _("Nomor telepon terlalu panjang: maksimum 40 karakter.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["reporter_email"] = _("Alamat surel tidak valid.")
    return name, phone, email


# --- the service


@transaction.atomic
def case_submit(
    *,
    actor: Any,
    channel: str,
    category: Category | None,
    description: str,
    title: str = "",
    case_type: str | None = None,
    lat: float | None = None,
    lng: float | None = None,
    kecamatan_code: str = "",
    kelurahan_code: str = "",
    address: str = "",
    privacy: str = Privacy.PUBLIC,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    attributes: dict[str, Any] | None = None,
    uploads: Iterable[Any] = (),
    lapor_id: str | None = None,
    received_at: dt.datetime | None = None,
) -> SubmitResult:
    """Record a complaint, aspiration or information request from any channel."""
    _check_channel(actor, channel)
    lapor_id = (lapor_id or "").strip() or None
    if lapor_id:
        existing = Case.objects.filter(lapor_id=lapor_id).first()
        if existing is not None:
            return SubmitResult(case=existing, reporter_secret="", created=False)

    errors: dict[str, Any] = {}
    # A NUL byte cannot be stored in PostgreSQL text: refuse it rather than fail later.
    for field, value in (
        ("description", description),
        ("title", title),
        ("address", address),
        ("reporter_name", reporter_name),
        ("reporter_phone", reporter_phone),
        ("reporter_email", reporter_email),
    ):
        if "\x00" in (value or ""):
            errors[field] = _("Isian mengandung karakter yang tidak sah (NUL).")
    if errors:
        raise ValidationError(errors)
    description = (description or "").strip()
    title = (title or "").strip()
    address = (address or "").strip()
    if not description:
        errors["description"] = _("Uraian wajib diisi.")
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = _(
            "Uraian terlalu panjang: maksimum 4.000 karakter (terisi %(count)s karakter)."
        ) % {"count": f"{len(description):,}".replace(",", ".")}
    if len(title) > TITLE_MAX:
        errors["title"] = _("Judul terlalu panjang: maksimum %(max)s karakter.") % {
            "max": TITLE_MAX
        }
    if category is None:
        errors["category"] = _("Pilih kategori laporan.")
    elif not category.is_active:
        errors["category"] = _("Kategori %(name)s tidak aktif lagi; pilih kategori lain.") % {
            "name": category.name
        }
    case_type = case_type or (category.case_type if category else CaseType.COMPLAINT)
    if case_type not in CaseType.values:
        errors["case_type"] = _("Jenis laporan tidak dikenal.")
    if privacy not in Privacy.values:
        errors["privacy"] = _("Pilihan kerahasiaan tidak dikenal.")
    lat_f, lng_f, kecamatan, kelurahan = _location(
        errors,
        lat=lat,
        lng=lng,
        kecamatan_code=(kecamatan_code or "").strip(),
        kelurahan_code=(kelurahan_code or "").strip(),
        address=address,
    )
    name, phone, email = _reporter(errors, privacy, reporter_name, reporter_phone, reporter_email)
    cleaned_attributes: dict[str, Any] = {}
    if category is not None and "category" not in errors:
        try:
            cleaned_attributes = clean_attributes(category, attributes)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        checked_uploads = check_uploads(uploads)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        checked_uploads = []
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    received_at = received_at or now
    if not title:
        title = description.splitlines()[0][:80].strip() or category.name
    secret = new_secret()
    user = actor if getattr(actor, "is_authenticated", False) else None
    case = Case(
        tracking_number=next_tracking_number(received_at),
        channel=channel,
        case_type=case_type,
        category=category,
        title=title,
        description=description,
        attributes=cleaned_attributes,
        lat=lat_f,
        lng=lng_f,
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        address=address,
        privacy=privacy,
        reporter_name=name,
        reporter_phone=phone,
        reporter_email=email,
        reporter_user=(
            user
            if user and channel not in STAFF_CHANNELS and privacy != Privacy.ANONYMOUS
            else None
        ),
        reporter_secret_hash=secret_hash(secret),
        state=CaseState.RECEIVED,
        received_at=received_at,
        assigned_agency=category.default_agency,
        suggested_agencies=(
            [{"agency_id": category.default_agency_id, "score": 1.0, "source": "category"}]
            if category.default_agency_id
            else []
        ),
        lapor_id=lapor_id,
        created_by=user,
    )
    sla_apply(case, now=now)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # The same SP4N-LAPOR! report submitted concurrently: return the one that won.
        existing = Case.objects.filter(lapor_id=lapor_id).first() if lapor_id else None
        if existing is None:
            raise
        return SubmitResult(case=existing, reporter_secret="", created=False)
    store_attachments(case, checked_uploads, role=AttachmentRole.REPORT, actor=actor)
    CaseEvent.objects.create(
        case=case,
        at=received_at,
        kind=CaseEventKind.CREATED,
        to_state=CaseState.RECEIVED,
        note=_("Laporan diterima melalui %(channel)s.") % {"channel": case.get_channel_display()},
        actor=user,
        data={"channel": channel},
    )
    audit_record(
        actor=actor,
        action="create",
        obj=case,
        changes={
            "tracking_number": case.tracking_number,
            "channel": channel,
            "category": category.code,
            "state": case.state,
            "privacy": privacy,
            "attachments": len(checked_uploads),
        },
    )
    return SubmitResult(case=case, reporter_secret=secret, created=True)

"""Writes of the program tree (Pasal 7): priority programs -> agency programs -> activities ->
sub-activities, with codes in the Permendagri 90/2019 pattern, budgets per source (Pasal 30),
Quick Win flags and roadmap years (Pasal 15(2)).

Scoping: administrators and members of the Tim Pelaksana change everything; an agency officer
changes only the nodes of their own agency (and agencies merged into it) and cannot move a node
to another agency. Participatory programs of non-government stakeholders (Pasal 7(3)) carry an
Organisation instead of (or as well as) an agency and are kept on the same terms.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, Helix, Organisation, Role
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    BudgetSource,
    Dimension,
    Element,
    PriorityArea,
    PriorityProgram,
    Program,
    RoadmapPhase,
    SubActivity,
)

# Permendagri 90/2019: urusan (1-8, or X for cross-cutting) . bidang . program, then kegiatan
# (one digit . two digits), then sub-kegiatan (four digits; older documents use two).
PROGRAM_CODE_RE = re.compile(r"^[1-8X]\.\d{2}\.\d{2}$")
ACTIVITY_CODE_RE = re.compile(r"^[1-8X]\.\d{2}\.\d{2}\.\d\.\d{2}$")
SUB_ACTIVITY_CODE_RE = re.compile(r"^[1-8X]\.\d{2}\.\d{2}\.\d\.\d{2}\.(\d{4}|\d{2})$")
ROADMAP_FIRST_YEAR = 2018  # RPJMD 2018-2023 (Pasal 7(1))
ROADMAP_LAST_YEAR = 2045  # RPJPD horizon
BUDGET_FIRST_YEAR = ROADMAP_FIRST_YEAR
BUDGET_LAST_YEAR = ROADMAP_LAST_YEAR

NODE_FIELDS = (
    "name",
    "description",
    "agency",
    "organisation",
    "dimension",
    "quick_win",
    "roadmap_start_year",
    "roadmap_end_year",
    "phase",
)
PRIORITY_PROGRAM_FIELDS = (*NODE_FIELDS, "number", "rpjmd_period", "priority_area")
PROGRAM_FIELDS = (*NODE_FIELDS, "code", "priority_program", "is_participatory")
ACTIVITY_FIELDS = (*NODE_FIELDS, "code")
SUB_ACTIVITY_FIELDS = (*NODE_FIELDS, "code")


# --- codes -----------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def program_code_error(code: str) -> str | None:
    """The Indonesian message for a program code that breaks the pattern, or None."""
    if PROGRAM_CODE_RE.match(code):
        return None
    return _(
        "Kode program harus berpola X.XX.XX (Permendagri 90/2019), mis. 2.16.02; "
        "tertulis: %(code)s."
    ) % {"code": code or "-"}


def activity_code_error(code: str, program_code: str) -> str | None:
    if ACTIVITY_CODE_RE.match(code) and code.startswith(program_code + "."):
        return None
    return _(
        "Kode kegiatan harus berpola X.XX.XX.X.XX dan diawali kode programnya (%(program)s); "
        "tertulis: %(code)s."
    ) % {"program": program_code, "code": code or "-"}


def sub_activity_code_error(code: str, activity_code: str) -> str | None:
    if SUB_ACTIVITY_CODE_RE.match(code) and code.startswith(activity_code + "."):
        return None
    return _(
        "Kode sub-kegiatan harus berpola X.XX.XX.X.XX.XXXX (atau .XX) dan diawali kode "
        "kegiatannya (%(activity)s); tertulis: %(code)s."
    ) % {"activity": activity_code, "code": code or "-"}


# --- permissions -----------------------------------------------------------------------------


def can_manage_all(user: Any) -> bool:
    """Administrators and the Tim Pelaksana keep the whole plan (Pasal 13-14)."""
    return permissions.is_admin(user) or permissions.has_role(user, Role.TEAM_MEMBER)


def can_edit_agency_nodes(user: Any, agency_id: int | None) -> bool:
    """Whether `user` may create or change plan nodes of the agency `agency_id`."""
    if can_manage_all(user):
        return True
    if agency_id is None or not permissions.has_role(user, Role.AGENCY_OFFICER):
        return False
    if user.agency_id is None:
        return False
    from kotacerdas.core.selectors.agencies import agency_lineage_ids

    return agency_id in agency_lineage_ids(user.agency_id)


def editable_agency_ids(user: Any) -> set[int] | None:
    """The agencies whose nodes `user` may change; None means every node (one query at most:
    lists use it instead of asking `can_edit_node` per row)."""
    if can_manage_all(user):
        return None
    if not permissions.has_role(user, Role.AGENCY_OFFICER) or user.agency_id is None:
        return set()
    from kotacerdas.core.selectors.agencies import agency_lineage_ids

    return agency_lineage_ids(user.agency_id)


def can_edit_node(user: Any, node: Any) -> bool:
    return can_edit_agency_nodes(user, node.agency_id) if node.agency_id else can_manage_all(user)


def _require_node_access(user: Any, agency_id: int | None) -> None:
    if agency_id is None:
        if not can_manage_all(user):
            raise PermissionDenied(
                _(
                    "Hanya administrator dan Tim Pelaksana yang mengelola program "
                    "pemangku kepentingan."
                )
            )
        return
    if not can_edit_agency_nodes(user, agency_id):
        raise PermissionDenied(_("Anda tidak berwenang atas data Perangkat Daerah ini."))


def require_priority_program_access(user: Any) -> None:
    if not can_manage_all(user):
        raise PermissionDenied(
            _("Program prioritas Wali Kota hanya dikelola administrator dan Tim Pelaksana.")
        )


# --- shared validation -----------------------------------------------------------------------


def roadmap_errors(start: int | None, end: int | None, phase: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, year in (("roadmap_start_year", start), ("roadmap_end_year", end)):
        if year is not None and not ROADMAP_FIRST_YEAR <= year <= ROADMAP_LAST_YEAR:
            errors[field] = _("Tahun peta jalan harus antara %(first)s dan %(last)s.") % {
                "first": ROADMAP_FIRST_YEAR,
                "last": ROADMAP_LAST_YEAR,
            }
    if start is not None and end is not None and start > end and not errors:
        errors["roadmap_end_year"] = _(
            "Tahun selesai (%(end)s) tidak boleh sebelum tahun mulai (%(start)s)."
        ) % {"start": start, "end": end}
    if phase and phase not in RoadmapPhase.values:
        errors["phase"] = _("Tahap peta jalan tidak dikenal: %(phase)s.") % {"phase": phase}
    return errors


def element_errors(dimension: Dimension | None, elements: Iterable[Element]) -> dict[str, str]:
    elements = list(elements)
    if not elements:
        return {}
    if dimension is None:
        return {"elements": _("Pilih dimensi sebelum memilih unsur.")}
    foreign = [e.code for e in elements if e.dimension_id != dimension.pk]
    if foreign:
        return {
            "elements": _("Unsur %(codes)s bukan bagian dari dimensi %(dimension)s.")
            % {"codes": ", ".join(sorted(foreign)), "dimension": dimension.code}
        }
    return {}


def _organisation_errors(organisation: Organisation | None) -> dict[str, str]:
    if organisation is not None and organisation.helix == Helix.PEMERINTAH:
        return {
            "organisation": _(
                "Pemangku kepentingan pelaksana diisi untuk unsur non-pemerintah; "
                "untuk Perangkat Daerah isi kolom Perangkat Daerah."
            )
        }
    return {}


def _validate_node(node: Any, elements: list[Element] | None) -> None:
    errors: dict[str, Any] = {}
    errors.update(roadmap_errors(node.roadmap_start_year, node.roadmap_end_year, node.phase))
    if elements is not None:
        errors.update(element_errors(node.dimension, elements))
    errors.update(_organisation_errors(node.organisation))
    if not (node.name or "").strip():
        errors["name"] = _("Nama wajib diisi.")
    # Related objects arrive as instances already read from the database (forms, the API and
    # imports resolve them first): skip the existence query per foreign key.
    relations = [f.name for f in node._meta.concrete_fields if f.is_relation]
    try:
        node.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _tracked(obj: Any) -> dict[str, Any]:
    values = {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}
    if obj.pk is not None:
        values["elements"] = sorted(obj.elements.values_list("code", flat=True))
    return values


def _apply(node: Any, data: dict[str, Any], allowed: tuple[str, ...]) -> list[Element] | None:
    unknown = sorted(set(data) - set(allowed) - {"elements"})
    if unknown:
        raise ValidationError(
            {field: _("Kolom ini tidak dapat diubah di sini.") for field in unknown}
        )
    for field, value in data.items():
        if field == "elements":
            continue
        if field == "code":
            value = normalise_code(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(node, field, value)
    if "dimension" in data and "elements" not in data and node.pk is not None:
        # A new dimension drops elements of the old one unless new elements are given.
        return [
            e for e in node.elements.all() if e.dimension_id == getattr(node.dimension, "pk", None)
        ]
    if "elements" in data:
        return list(data["elements"] or [])
    return None


def _save_created(*, actor: Any, node: Any, elements: list[Element] | None) -> Any:
    node.save()
    if elements:
        node.elements.set(elements)
    audit_record(actor=actor, action="create", obj=node, changes=_tracked(node))
    return node


def _save_updated(
    *, actor: Any, node: Any, before: dict[str, Any], elements: list[Element] | None
) -> Any:
    after = {k: v for k, v in snapshot(node).items() if k not in {"created_at", "updated_at"}}
    after["elements"] = (
        sorted(e.code for e in elements) if elements is not None else before["elements"]
    )
    changes = diff(before, after)
    if not changes:
        return node  # nothing to write (an import of unchanged rows stays cheap)
    node.save()
    if "elements" in changes:
        node.elements.set(elements)
    audit_record(actor=actor, action="update", obj=node, changes=changes)
    return node


def _duplicate(message: str, field: str = "code") -> ValidationError:
    return ValidationError({field: message})


# --- priority programs -----------------------------------------------------------------------


def _validate_priority_program(pp: PriorityProgram) -> None:
    errors = {}
    if pp.number is None or not 1 <= pp.number <= 999:
        errors["number"] = _("Nomor program prioritas harus bilangan 1 sampai 999.")
    elif PriorityProgram.objects.filter(number=pp.number).exclude(pk=pp.pk).exists():
        errors["number"] = _("Nomor program prioritas %(number)s sudah dipakai.") % {
            "number": pp.number
        }
    if (
        pp.priority_area is not None
        and pp.dimension is not None
        and pp.priority_area.dimension_id != pp.dimension.pk
    ):
        errors["priority_area"] = _(
            "Bidang %(area)s bukan bagian dari dimensi %(dimension)s (Pasal 22)."
        ) % {"area": pp.priority_area.code, "dimension": pp.dimension.code}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def priority_program_create(*, actor: Any, data: dict[str, Any]) -> PriorityProgram:
    """Pasal 7(1): one of the mayor's 45 priority programs of RPJMD 2018-2023."""
    require_priority_program_access(actor)
    pp = PriorityProgram()
    elements = _apply(pp, data, PRIORITY_PROGRAM_FIELDS)
    if pp.priority_area is not None and pp.dimension is None:
        pp.dimension = pp.priority_area.dimension
    _validate_priority_program(pp)
    _validate_node(pp, elements)
    return _save_created(actor=actor, node=pp, elements=elements)


@transaction.atomic
def priority_program_update(
    *, actor: Any, priority_program: PriorityProgram, data: dict[str, Any]
) -> PriorityProgram:
    """Pasal 7(1): keep a priority program's name, dimension and roadmap up to date."""
    require_priority_program_access(actor)
    pp = PriorityProgram.objects.select_for_update().get(pk=priority_program.pk)
    before = _tracked(pp)
    elements = _apply(pp, data, PRIORITY_PROGRAM_FIELDS)
    _validate_priority_program(pp)
    _validate_node(pp, elements)
    return _save_updated(actor=actor, node=pp, before=before, elements=elements)


# --- programs --------------------------------------------------------------------------------


def _validate_program(program: Program) -> None:
    errors: dict[str, Any] = {}
    message = program_code_error(program.code)
    if message:
        errors["code"] = message
    if program.agency is None and program.organisation is None:
        errors["agency"] = _("Isi Perangkat Daerah atau pemangku kepentingan pelaksana.")
    elif program.agency is not None and not program.agency.is_active and program._state.adding:
        errors["agency"] = _("Perangkat Daerah %(name)s sudah tidak aktif.") % {
            "name": program.agency.name
        }
    if not errors:
        clash = Program.objects.filter(code=program.code, agency=program.agency).exclude(
            pk=program.pk
        )
        if program.agency is None:
            clash = clash.filter(organisation=program.organisation)
        if clash.exists():
            errors["code"] = _("Program dengan kode %(code)s sudah ada untuk pelaksana ini.") % {
                "code": program.code
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def program_create(*, actor: Any, data: dict[str, Any]) -> Program:
    """Pasal 7(2)-(3): an agency program, or a stakeholder's participatory program."""
    program = Program()
    elements = _apply(program, data, PROGRAM_FIELDS)
    _require_node_access(actor, program.agency_id)
    if "is_participatory" not in data:
        program.is_participatory = program.organisation is not None
    if program.dimension is None and program.priority_program is not None:
        program.dimension = program.priority_program.dimension
    _validate_program(program)
    _validate_node(program, elements)
    return _save_created(actor=actor, node=program, elements=elements)


@transaction.atomic
def program_update(*, actor: Any, program: Program, data: dict[str, Any]) -> Program:
    """Pasal 7(2)-(3): change a program; an officer cannot move it to another agency."""
    _require_node_access(actor, program.agency_id)
    program = Program.objects.select_for_update().get(pk=program.pk)
    before = _tracked(program)
    elements = _apply(program, data, PROGRAM_FIELDS)
    _require_node_access(actor, program.agency_id)
    _validate_program(program)
    if "code" in data and program.code != before["code"]:
        wrong = [
            a.code for a in program.activities.all() if not a.code.startswith(program.code + ".")
        ]
        if wrong:
            raise ValidationError(
                {
                    "code": _(
                        "Kode program tidak dapat diubah: kegiatan %(codes)s diawali kode lama."
                    )
                    % {"codes": ", ".join(wrong[:5])}
                }
            )
    _validate_node(program, elements)
    return _save_updated(actor=actor, node=program, before=before, elements=elements)


# --- activities and sub-activities -----------------------------------------------------------


def _inherit(node: Any, parent: Any, data: dict[str, Any]) -> None:
    for field in ("agency", "organisation", "dimension"):
        if field not in data:
            setattr(node, field, getattr(parent, field))


@transaction.atomic
def activity_create(*, actor: Any, program: Program, data: dict[str, Any]) -> Activity:
    """Pasal 7(2): a kegiatan of a program, the unit of quarterly realisation."""
    _require_node_access(actor, program.agency_id)
    activity = Activity(program=program)
    elements = _apply(activity, data, ACTIVITY_FIELDS)
    _inherit(activity, program, data)
    _require_node_access(actor, activity.agency_id)
    _validate_activity(activity)
    _validate_node(activity, elements)
    if elements is None and activity.dimension_id == program.dimension_id:
        elements = list(program.elements.all())
    return _save_created(actor=actor, node=activity, elements=elements)


def _validate_activity(activity: Activity) -> None:
    message = activity_code_error(activity.code, activity.program.code)
    if message:
        raise ValidationError({"code": message})
    clash = Activity.objects.filter(program=activity.program, code=activity.code).exclude(
        pk=activity.pk
    )
    if clash.exists():
        raise _duplicate(
            _("Kegiatan dengan kode %(code)s sudah ada di program ini.") % {"code": activity.code}
        )


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, data: dict[str, Any]) -> Activity:
    """Pasal 7(2): change a kegiatan (code stays under its program's code)."""
    _require_node_access(actor, activity.agency_id)
    activity = Activity.objects.select_for_update().select_related("program").get(pk=activity.pk)
    before = _tracked(activity)
    elements = _apply(activity, data, ACTIVITY_FIELDS)
    _require_node_access(actor, activity.agency_id)
    _validate_activity(activity)
    if "code" in data and activity.code != before["code"]:
        wrong = [
            s.code
            for s in activity.sub_activities.all()
            if not s.code.startswith(activity.code + ".")
        ]
        if wrong:
            raise ValidationError(
                {
                    "code": _(
                        "Kode kegiatan tidak dapat diubah: sub-kegiatan %(codes)s "
                        "diawali kode lama."
                    )
                    % {"codes": ", ".join(wrong[:5])}
                }
            )
    _validate_node(activity, elements)
    return _save_updated(actor=actor, node=activity, before=before, elements=elements)


def _validate_sub_activity(sub: SubActivity) -> None:
    message = sub_activity_code_error(sub.code, sub.activity.code)
    if message:
        raise ValidationError({"code": message})
    clash = SubActivity.objects.filter(activity=sub.activity, code=sub.code).exclude(pk=sub.pk)
    if clash.exists():
        raise _duplicate(
            _("Sub-kegiatan dengan kode %(code)s sudah ada di kegiatan ini.") % {"code": sub.code}
        )


@transaction.atomic
def sub_activity_create(*, actor: Any, activity: Activity, data: dict[str, Any]) -> SubActivity:
    """Pasal 7(2): a sub-kegiatan of an activity."""
    _require_node_access(actor, activity.agency_id)
    sub = SubActivity(activity=activity)
    elements = _apply(sub, data, SUB_ACTIVITY_FIELDS)
    _inherit(sub, activity, data)
    _require_node_access(actor, sub.agency_id)
    _validate_sub_activity(sub)
    _validate_node(sub, elements)
    return _save_created(actor=actor, node=sub, elements=elements)


@transaction.atomic
def sub_activity_update(
    *, actor: Any, sub_activity: SubActivity, data: dict[str, Any]
) -> SubActivity:
    """Pasal 7(2): change a sub-kegiatan."""
    _require_node_access(actor, sub_activity.agency_id)
    sub = SubActivity.objects.select_for_update().select_related("activity").get(pk=sub_activity.pk)
    before = _tracked(sub)
    elements = _apply(sub, data, SUB_ACTIVITY_FIELDS)
    _require_node_access(actor, sub.agency_id)
    _validate_sub_activity(sub)
    _validate_node(sub, elements)
    return _save_updated(actor=actor, node=sub, before=before, elements=elements)


# --- budgets ---------------------------------------------------------------------------------


def budget_errors(*, year: Any, source: Any, amount: Any) -> dict[str, str]:
    errors = {}
    if not isinstance(year, int) or not BUDGET_FIRST_YEAR <= year <= BUDGET_LAST_YEAR:
        errors["year"] = _("Tahun anggaran harus antara %(first)s dan %(last)s.") % {
            "first": BUDGET_FIRST_YEAR,
            "last": BUDGET_LAST_YEAR,
        }
    if source not in BudgetSource.values:
        errors["source"] = _("Sumber dana tidak dikenal: %(source)s.") % {"source": source}
    if not isinstance(amount, decimal.Decimal) or not amount.is_finite():
        errors["amount"] = _("Jumlah anggaran harus berupa angka rupiah.")
    elif amount < 0:
        errors["amount"] = _("Jumlah anggaran tidak boleh negatif (tertulis Rp%(amount)s).") % {
            "amount": amount
        }
    elif amount != amount.quantize(decimal.Decimal("0.01")) or amount >= decimal.Decimal(10) ** 16:
        errors["amount"] = _("Jumlah anggaran paling banyak 16 digit dengan 2 angka desimal.")
    return errors


@transaction.atomic
def budget_allocation_set(
    *, actor: Any, activity: Activity, year: int, source: str, amount: decimal.Decimal | int | str
) -> BudgetAllocation | None:
    """Pasal 30: an activity's budget for a year from one source (APBD or another lawful
    source), in rupiah. Zero removes the allocation of that source. Negative is refused."""
    _require_node_access(actor, activity.agency_id)
    try:
        amount = decimal.Decimal(str(amount).strip())
    except (decimal.InvalidOperation, ValueError):
        amount = None  # type: ignore[assignment]
    errors = budget_errors(year=year, source=source, amount=amount)
    if errors:
        raise ValidationError(errors)
    existing = (
        BudgetAllocation.objects.select_for_update()
        .filter(activity=activity, year=year, source=source)
        .first()
    )
    if amount == 0:
        if existing is not None:
            audit_record(actor=actor, action="delete", obj=existing, changes=snapshot(existing))
            existing.delete()
        return None
    if existing is None:
        allocation = BudgetAllocation.objects.create(
            activity=activity, year=year, source=source, amount=amount
        )
        audit_record(actor=actor, action="create", obj=allocation, changes=snapshot(allocation))
        return allocation
    before = snapshot(existing)
    existing.amount = amount
    changes = diff(before, snapshot(existing))
    if changes:
        existing.save(update_fields=["amount"])
        audit_record(actor=actor, action="update", obj=existing, changes=changes)
    return existing


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=normalise_code(code)).first()


def priority_area_by_code(code: str) -> PriorityArea | None:
    return PriorityArea.objects.filter(code=code.strip()).select_related("dimension").first()

"""/api/v1/institutions/council/ — Dewan Kota Cerdas terms, members, resource persons and the
member directory (Pasal 9-11).

Terms, members and resource persons need the institutions read permission (council, team,
secretariat, executive); writes need the secretariat or an administrator. The people directory
is open to any signed-in user; contacts are only given to institution readers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import Helix, Organisation, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    Commission,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Decree,
    MembershipEnd,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.institutions.selectors import council as selectors
from kotacerdas.institutions.selectors import directory as directory_selectors
from kotacerdas.institutions.services import council as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


def _page(queryset: Any, page: PageQuery) -> dict[str, Any]:
    total = queryset.count()
    items = list(queryset[page.offset : page.offset + page.limit])
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


# --- schemas ----------------------------------------------------------------------------------


class CouncilPersonOut(Schema):
    id: int
    name: str
    title: str


class CouncilMembershipOut(Schema):
    id: int
    term_id: int
    person: CouncilPersonOut
    organisation_id: int
    organisation_name: str
    helix: Helix
    position: CouncilPosition
    commission_id: int | None
    commission_name: str | None
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str
    replaces_id: int | None
    decree_id: int | None
    note: str

    @staticmethod
    def resolve_organisation_name(obj: CouncilMembership) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_commission_name(obj: CouncilMembership) -> str | None:
        return obj.commission.name if obj.commission_id else None


class CouncilTermOut(Schema):
    id: int
    number: int
    decree_id: int | None
    decree_number: str | None
    start_date: dt.date
    end_date: dt.date
    status: TermStatus
    activated_at: dt.datetime | None
    is_demo: bool

    @staticmethod
    def resolve_decree_number(obj: CouncilTerm | dict) -> str | None:
        if isinstance(obj, dict):  # a term detail, already resolved
            return obj["decree_number"]
        return obj.decree.number if obj.decree_id else None


class CommissionSlotOut(Schema):
    commission_id: int
    name: str
    dimension_code: str
    ketua: CouncilMembershipOut | None
    sekretaris: CouncilMembershipOut | None
    anggota: list[CouncilMembershipOut]


class CouncilStructureOut(Schema):
    date: dt.date
    ketua: CouncilMembershipOut | None
    wakil_ketua: CouncilMembershipOut | None
    sekretaris: CouncilMembershipOut | None
    commissions: list[CommissionSlotOut]


class CouncilTermDetailOut(CouncilTermOut):
    problems: list[str] = Field(description="Kekurangan susunan; kosong bila lengkap")
    structure: CouncilStructureOut


class CouncilTermPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[CouncilTermOut]


class CouncilMembershipPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[CouncilMembershipOut]


class TermCreateIn(Schema):
    number: int = Field(..., ge=1, description="Periode ke-")
    decree_id: int = Field(..., description="Keputusan Wali Kota; tanggalnya awal masa jabatan")


class MembershipIn(Schema):
    person_id: int
    organisation_id: int | None = Field(None, description="Bawaan: organisasi orang tersebut")
    position: CouncilPosition
    commission_id: int | None = Field(None, description="Wajib untuk jabatan komisi")
    start_date: dt.date | None = None
    decree_id: int | None = None
    note: str = ""


class MembershipEndIn(Schema):
    end_date: dt.date
    reason: MembershipEnd


class MembershipReplaceIn(Schema):
    person_id: int
    organisation_id: int | None = None
    date: dt.date = Field(..., description="Pengganti mulai pada tanggal ini")
    reason: MembershipEnd = MembershipEnd.REPLACED
    decree_id: int | None = None


class ResourcePersonOut(Schema):
    id: int
    person: CouncilPersonOut
    organisation_name: str | None
    expertise: str
    note: str
    is_active: bool

    @staticmethod
    def resolve_organisation_name(obj: ResourcePerson) -> str | None:
        org = obj.person.organisation
        return org.name if org else None


class ResourcePersonPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[ResourcePersonOut]


class ResourcePersonIn(Schema):
    person_id: int
    expertise: str
    note: str = ""


class ResourcePersonPatch(Schema):
    expertise: str | None = None
    note: str | None = None
    is_active: bool | None = None


class DirectoryPersonOut(Schema):
    id: int
    name: str
    title: str
    organisation_name: str | None
    helix: str | None
    in_council: bool
    in_team: bool
    is_resource: bool

    @staticmethod
    def resolve_organisation_name(obj: Person) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_helix(obj: Person) -> str | None:
        return obj.organisation.helix if obj.organisation_id else None


class DirectoryPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[DirectoryPersonOut]


class DirectoryQuery(PageQuery):
    q: str | None = Field(None, max_length=100, description="Nama, jabatan, organisasi, keahlian")
    helix: Helix | None = None
    current_only: bool = False


class PersonRoleOut(Schema):
    kind: str
    kind_label: str
    title: str
    body: str
    start: dt.date | None
    end: dt.date | None
    is_current: bool
    detail: str
    term_id: int | None
    meeting_id: int | None


class PersonRolesOut(Schema):
    person: DirectoryPersonOut
    roles: list[PersonRoleOut]


# --- helpers ----------------------------------------------------------------------------------


def _optional(model: Any, pk: int | None) -> Any:
    return get_object_or_404(model, pk=pk) if pk is not None else None


def _structure(structure: dict[str, Any]) -> dict[str, Any]:
    return {
        **structure,
        "commissions": [
            {
                "commission_id": slot["commission"].pk,
                "name": slot["commission"].name,
                "dimension_code": slot["commission"].dimension.code,
                "ketua": slot["ketua"],
                "sekretaris": slot["sekretaris"],
                "anggota": slot["anggota"],
            }
            for slot in structure["commissions"]
        ],
    }


def _term_detail(term: CouncilTerm, on: dt.date | None = None) -> dict[str, Any]:
    return {
        **{f: getattr(term, f) for f in ("id", "number", "decree_id", "start_date", "end_date")},
        "decree_number": term.decree.number if term.decree_id else None,
        "status": term.status,
        "activated_at": term.activated_at,
        "is_demo": term.is_demo,
        "problems": selectors.term_activation_problems(term, on),
        "structure": _structure(selectors.term_structure(term, on)),
    }


def _term(term_id: int) -> CouncilTerm:
    return get_object_or_404(CouncilTerm.objects.select_related("decree"), pk=term_id)


def _membership(membership_id: int) -> CouncilMembership:
    return get_object_or_404(CouncilMembership, pk=membership_id)


def _membership_out(membership: CouncilMembership) -> CouncilMembership:
    return selectors.membership_get(membership.pk)


# --- terms ------------------------------------------------------------------------------------


@router.get(
    "/terms",
    response=CouncilTermPage,
    summary="Daftar masa jabatan Dewan",
    description="Semua masa jabatan, terbaru dahulu. Untuk Dewan, Tim Pelaksana, Sekretariat "
    "dan pimpinan (selain itu 403).",
)
def term_list(request: HttpRequest, page: Query[PageQuery]) -> Any:
    permissions.require_read(request.user)
    return _page(selectors.term_list(), page)


@router.get(
    "/terms/current",
    response={200: CouncilTermDetailOut},
    summary="Masa jabatan yang berlaku",
    description="Masa jabatan aktif yang mencakup hari ini, dengan susunan dan kekurangannya; "
    "404 bila tidak ada.",
)
def term_current(request: HttpRequest) -> Any:
    permissions.require_read(request.user)
    term = selectors.current_term()
    if term is None:
        raise Http404
    return _term_detail(term)


@router.get(
    "/terms/{int:term_id}",
    response=CouncilTermDetailOut,
    summary="Rincian masa jabatan",
    description="Susunan pada tanggal `on` (bawaan hari ini, dibatasi dalam masa jabatan) dan "
    "daftar kekurangan susunan dalam bahasa Indonesia (kosong bila lengkap).",
)
def term_detail(request: HttpRequest, term_id: int, on: dt.date | None = None) -> Any:
    permissions.require_read(request.user)
    return _term_detail(_term(term_id), on)


@router.post(
    "/terms",
    response={201: CouncilTermDetailOut},
    summary="Buat masa jabatan",
    description="Mulai pada tanggal keputusan, berakhir sehari sebelum ulang tahun ketiganya; "
    "enam komisi dibuat. Periode ganda atau keputusan yang sudah dipakai: 422.",
)
def term_create(request: HttpRequest, payload: TermCreateIn) -> Any:
    term = services.term_create(
        actor=request.user,
        number=payload.number,
        decree=get_object_or_404(Decree, pk=payload.decree_id),
    )
    return 201, _term_detail(_term(term.pk))


@router.post(
    "/terms/{int:term_id}/activate",
    response=CouncilTermDetailOut,
    summary="Aktifkan masa jabatan",
    description="Susunan diperiksa pada tanggal `on` (bawaan hari ini). Ditolak dengan 422 "
    "(tanpa perubahan) bila susunan belum lengkap atau keputusan belum dicatat; "
    "`error.details` memuat setiap kekurangan. Masa jabatan aktif sebelumnya berakhir beserta "
    "keanggotaannya.",
)
def term_activate(request: HttpRequest, term_id: int, on: dt.date | None = None) -> Any:
    term = services.term_activate(actor=request.user, term=_term(term_id), on=on)
    return _term_detail(_term(term.pk))


# --- memberships ------------------------------------------------------------------------------


@router.get(
    "/terms/{int:term_id}/memberships",
    response=CouncilMembershipPage,
    summary="Keanggotaan masa jabatan",
    description="Seluruh riwayat keanggotaan (termasuk yang sudah berakhir); `active_on` "
    "membatasi pada yang menjabat di tanggal itu.",
)
def membership_list(
    request: HttpRequest,
    term_id: int,
    page: Query[PageQuery],
    active_on: dt.date | None = None,
) -> Any:
    permissions.require_read(request.user)
    queryset = selectors.membership_history(_term(term_id))
    if active_on is not None:
        queryset = queryset.filter(selectors.active_on(active_on))
    return _page(queryset, page)


@router.post(
    "/terms/{int:term_id}/memberships",
    response={201: CouncilMembershipOut},
    summary="Tambah anggota",
    description="Unsur diambil dari organisasi yang diwakili. Ditolak (422): organisasi di luar "
    "unsur pentahelix, komisi tidak sesuai jabatan, kursi penuh (1 Ketua/Wakil/Sekretaris; per "
    "komisi 1 ketua, 1 sekretaris, 3 anggota), orang yang sudah memegang jabatan lain pada "
    "masa jabatan ini, tanggal di luar masa jabatan.",
)
def membership_add(request: HttpRequest, term_id: int, payload: MembershipIn) -> Any:
    term = _term(term_id)
    membership = services.membership_add(
        actor=request.user,
        term=term,
        person=get_object_or_404(Person, pk=payload.person_id),
        organisation=_optional(Organisation, payload.organisation_id),
        position=payload.position,
        commission=_optional(Commission, payload.commission_id),
        start_date=payload.start_date,
        decree=_optional(Decree, payload.decree_id),
        note=payload.note,
    )
    return 201, _membership_out(membership)


@router.post(
    "/memberships/{int:membership_id}/end",
    response=CouncilMembershipOut,
    summary="Akhiri keanggotaan",
    description="Keanggotaan tidak dihapus; tanggal dan alasan berakhir dicatat.",
)
def membership_end(request: HttpRequest, membership_id: int, payload: MembershipEndIn) -> Any:
    membership = services.membership_end(
        actor=request.user,
        membership=_membership(membership_id),
        end_date=payload.end_date,
        reason=payload.reason,
    )
    return _membership_out(membership)


@router.post(
    "/memberships/{int:membership_id}/replace",
    response={201: CouncilMembershipOut},
    summary="Ganti anggota",
    description="Anggota lama berakhir sehari sebelum `date`; pengganti memegang jabatan dan "
    "komisi yang sama dan mencatat siapa yang digantikan. Bila ditolak, tidak ada yang berubah.",
)
def membership_replace(
    request: HttpRequest, membership_id: int, payload: MembershipReplaceIn
) -> Any:
    membership = services.membership_replace(
        actor=request.user,
        membership=_membership(membership_id),
        person=get_object_or_404(Person, pk=payload.person_id),
        organisation=_optional(Organisation, payload.organisation_id),
        date=payload.date,
        reason=payload.reason,
        decree=_optional(Decree, payload.decree_id),
    )
    return 201, _membership_out(membership)


# --- resource persons -------------------------------------------------------------------------


@router.get(
    "/resource-persons",
    response=ResourcePersonPage,
    summary="Daftar narasumber",
    description="Narasumber Dewan (Pasal 10 ayat 3) dengan keahliannya; `q` mencari nama, "
    "keahlian, organisasi.",
)
def resource_person_list(
    request: HttpRequest,
    page: Query[PageQuery],
    q: str | None = None,
    active: bool | None = None,
) -> Any:
    permissions.require_read(request.user)
    return _page(selectors.resource_person_list(q=q, active=active), page)


@router.post(
    "/resource-persons",
    response={201: ResourcePersonOut},
    summary="Tambah narasumber",
    description="Keahlian wajib; satu orang satu kali (selain itu 422).",
)
def resource_person_add(request: HttpRequest, payload: ResourcePersonIn) -> Any:
    resource = services.resource_person_add(
        actor=request.user,
        person=get_object_or_404(Person, pk=payload.person_id),
        expertise=payload.expertise,
        note=payload.note,
    )
    return 201, selectors.resource_person_list().get(pk=resource.pk)


@router.patch(
    "/resource-persons/{int:resource_id}",
    response=ResourcePersonOut,
    summary="Ubah narasumber",
    description="Hanya kolom yang dikirim yang diubah.",
)
def resource_person_update(
    request: HttpRequest, resource_id: int, payload: ResourcePersonPatch
) -> Any:
    resource = services.resource_person_update(
        actor=request.user,
        resource_person=get_object_or_404(ResourcePerson, pk=resource_id),
        **payload.model_dump(exclude_unset=True),
    )
    return selectors.resource_person_list().get(pk=resource.pk)


# --- people directory -------------------------------------------------------------------------


@router.get(
    "/people",
    response=DirectoryPage,
    summary="Direktori anggota",
    description="Orang yang pernah atau sedang memegang peran kelembagaan (Dewan, Tim "
    "Pelaksana, tim pemilihan, calon, narasumber). Untuk setiap pengguna yang masuk.",
)
def people(request: HttpRequest, filters: Query[DirectoryQuery]) -> Any:
    queryset = directory_selectors.directory(
        q=filters.q, helix=filters.helix, current_only=filters.current_only
    )
    return _page(queryset, filters)


@router.get(
    "/people/{int:person_id}/roles",
    response=PersonRolesOut,
    summary="Peran seseorang dari waktu ke waktu",
    description="Keanggotaan Dewan, Tim Pelaksana, tim pemilihan, pencalonan, narasumber dan "
    "rapat yang dihadiri, masing-masing dengan tanggalnya. 404 untuk orang tanpa peran.",
)
def person_roles(request: HttpRequest, person_id: int) -> Any:
    person = get_object_or_404(directory_selectors.directory(), pk=person_id)
    return {"person": person, "roles": directory_selectors.person_roles(person)}

"""/api/v1/stakeholders: organisations by helix (public) and people (signed-in users)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.api.schemas import OrganisationOut, PersonOut
from kotacerdas.core.models import Helix
from kotacerdas.core.selectors import stakeholders as selectors

router = Router()


class StakeholderFilter(Schema):
    helix: Helix | None = None
    search: str = ""


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="Organisasi pemangku kepentingan",
    description="Organisasi aktif menurut unsur (Pasal 9 ayat 1: pemerintah, akademisi, "
    "masyarakat, dunia_usaha). Unsur pemerintah berisi satu organisasi per Perangkat Daerah. "
    "Data contoh ditandai `is_demo`.",
)
@paginate(PageNumberPagination, page_size=50)
def organisation_list(request: HttpRequest, filters: Query[StakeholderFilter]) -> Any:
    return selectors.organisation_list(helix=filters.helix or "", search=filters.search)


@router.get(
    "/people",
    response=list[PersonOut],
    auth=[TokenAuth(), VerifiedSessionAuth()],
    summary="Orang pemangku kepentingan",
    description="Orang yang mewakili pemangku kepentingan atau menjadi narasumber. Perlu "
    "masuk (401 bila tidak); surel dan telepon hanya untuk akun yang memegang peran.",
)
@paginate(PageNumberPagination, page_size=50)
def person_list(request: HttpRequest, filters: Query[StakeholderFilter]) -> Any:
    return selectors.person_list(helix=filters.helix or "", search=filters.search)

"""Schemas of the reference-data endpoints (regions, agencies, stakeholders)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from kotacerdas.core.models import AgencyType, Helix, RegionLevel
from kotacerdas.core.selectors.stakeholders import can_see_contacts


class RegionOut(Schema):
    code: str = Field(description="Kode Kemendagri, mis. 32.75.01")
    name: str = Field(description="Nama menurut Kemendagri")
    alias: str = Field(description="Nama lazim bila berbeda, mis. 'Medan Satria'")
    display_name: str
    level: RegionLevel
    parent: str | None = Field(None, description="Kode wilayah induk")
    centroid_lat: float | None
    centroid_lng: float | None
    area_km2: float | None

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class RegionDetailOut(RegionOut):
    children: list[str] = Field(description="Kode kelurahan di kecamatan ini")
    agencies: list[str] = Field(description="Kode Perangkat Daerah yang membawahi wilayah ini")

    @staticmethod
    def resolve_children(obj: Any) -> list[str]:
        return [child.code for child in obj.children.order_by("code")]

    @staticmethod
    def resolve_agencies(obj: Any) -> list[str]:
        return [agency.code for agency in obj.agencies.order_by("code")]


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    type: AgencyType
    region: str | None = Field(None, description="Kode wilayah (untuk kecamatan)")
    is_platform_operator: bool
    is_walidata: bool
    address: str
    phone: str
    email: str
    website: str
    is_active: bool
    retired_on: dt.date | None
    merged_into: str | None = Field(None, description="Kode Perangkat Daerah penerus")

    @staticmethod
    def resolve_region(obj: Any) -> str | None:
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_merged_into(obj: Any) -> str | None:
        return obj.merged_into.code if obj.merged_into_id else None


class AgencyNameOut(Schema):
    name: str
    short_name: str
    valid_from: dt.date
    valid_to: dt.date | None


class AgencyDetailOut(AgencyOut):
    names: list[AgencyNameOut] = Field(description="Riwayat nama, terbaru dahulu")
    merged_from: list[str] = Field(description="Kode Perangkat Daerah yang digabung ke sini")

    @staticmethod
    def resolve_names(obj: Any) -> list[Any]:
        from kotacerdas.core.selectors.agencies import agency_name_history

        return list(agency_name_history(agency=obj))

    @staticmethod
    def resolve_merged_from(obj: Any) -> list[str]:
        from kotacerdas.core.selectors.agencies import agency_merged_sources

        return [agency.code for agency in agency_merged_sources(agency=obj)]


class AgencyPatchIn(Schema):
    """Only the fields sent are changed. Officers may send only address/phone/email/website."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    short_name: str | None = Field(None, min_length=1, max_length=60)
    type: AgencyType | None = None
    region: str | None = Field(None, max_length=20, description="Kode wilayah atau null")
    is_platform_operator: bool | None = None
    is_walidata: bool | None = None
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=200)


class OfficerOut(Schema):
    username: str
    full_name: str
    email: str
    phone: str
    roles: list[str]

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return obj.get_full_name()


class OrganisationOut(Schema):
    id: int
    name: str
    helix: Helix
    kind: str
    agency: str | None = Field(None, description="Kode Perangkat Daerah (unsur pemerintah)")
    address: str
    email: str
    phone: str
    website: str
    is_active: bool
    is_demo: bool

    @staticmethod
    def resolve_agency(obj: Any) -> str | None:
        return obj.agency.code if obj.agency_id else None


class PersonOut(Schema):
    id: int
    name: str
    title: str
    organisation: str | None
    helix: Helix | None
    expertise: str
    email: str | None = Field(None, description="Hanya untuk petugas yang sudah masuk")
    phone: str | None = Field(None, description="Hanya untuk petugas yang sudah masuk")
    is_demo: bool

    @staticmethod
    def resolve_organisation(obj: Any) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_helix(obj: Any) -> str | None:
        return obj.organisation.helix if obj.organisation_id else None

    @staticmethod
    def resolve_email(obj: Any, context: Any) -> str | None:
        return obj.email if can_see_contacts(context["request"].user) else None

    @staticmethod
    def resolve_phone(obj: Any, context: Any) -> str | None:
        return obj.phone if can_see_contacts(context["request"].user) else None

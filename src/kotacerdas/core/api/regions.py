"""GET /api/v1/regions: the kecamatan and kelurahan of Kota Bekasi (Kemendagri codes)."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router, Schema

from kotacerdas.core.api.schemas import RegionDetailOut, RegionOut
from kotacerdas.core.models import RegionLevel
from kotacerdas.core.selectors import regions as selectors

router = Router()


class RegionFilter(Schema):
    level: RegionLevel | None = None
    parent: str | None = None


@router.get(
    "",
    response=list[RegionOut],
    summary="Daftar wilayah",
    description="Kecamatan dan kelurahan Kota Bekasi dengan kode Kemendagri. Saring dengan "
    "`level` (kecamatan|kelurahan) dan `parent` (kode kecamatan induk).",
)
def region_list(request: HttpRequest, filters: Query[RegionFilter]) -> Any:
    return selectors.region_list(level=filters.level or "", parent_code=filters.parent or "")


@router.get(
    "/geojson",
    summary="Batas wilayah (GeoJSON)",
    description="GeoJSON FeatureCollection (RFC 7946, WGS84) satu tingkat wilayah; properti "
    "tiap fitur: code, name, alias, display_name, level, parent, area_km2, url. Sumber batas: "
    "cahyadsn/wilayah_boundaries (MIT).",
    openapi_extra={
        "responses": {
            200: {"description": "FeatureCollection", "content": {"application/geo+json": {}}}
        }
    },
)
def region_geojson(request: HttpRequest, level: RegionLevel = RegionLevel.KECAMATAN) -> Any:
    return JsonResponse(
        selectors.region_feature_collection(level=level), content_type="application/geo+json"
    )


@router.get(
    "/{code}",
    response=RegionDetailOut,
    summary="Rincian wilayah",
    description="Satu kecamatan atau kelurahan menurut kode Kemendagri, dengan kelurahan "
    "di bawahnya dan Perangkat Daerah (kecamatan) yang membawahinya.",
)
def region_detail(request: HttpRequest, code: str) -> Any:
    return selectors.region_get(code=code)

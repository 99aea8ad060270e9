"""Licences a dataset may carry (CKAN `license_list`, DCAT `dct:license`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    id: str
    title: str
    url: str
    od_conformance: str  # "approved" | "not reviewed" (Open Definition)
    osd_conformance: str = "not reviewed"


LICENSES: tuple[License, ...] = (
    License(
        "cc-by-4.0",
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "approved",
    ),
    License(
        "cc-by-sa-4.0",
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "approved",
    ),
    License(
        "cc-zero",
        "Creative Commons CCZero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "approved",
    ),
    License(
        "odc-by",
        "Open Data Commons Attribution License",
        "https://opendatacommons.org/licenses/by/1-0/",
        "approved",
    ),
    License(
        "odc-odbl",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
        "approved",
    ),
    License("other-open", "Lisensi terbuka lainnya", "", "approved"),
    License("other-closed", "Tidak terbuka (hak cipta dilindungi)", "", "not reviewed"),
)

LICENSES_BY_ID = {license.id: license for license in LICENSES}
DEFAULT_LICENSE_ID = "cc-by-4.0"


def license_title(license_id: str) -> str:
    license = LICENSES_BY_ID.get(license_id)
    return license.title if license else license_id

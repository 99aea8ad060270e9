"""The main navigation: only modules that exist, only what this user may open.

Entries name URLs, never import other apps' code (core imports no other app). A group
becomes a dropdown; an entry whose URL name is not installed is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.core import permissions
from kotacerdas.core.models import Role


def signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def roles(*names: str):
    def check(user: Any) -> bool:
        return permissions.is_admin(user) or permissions.has_role(user, *names)

    return check


@dataclass(frozen=True)
class NavEntry:
    label: Any
    url_name: str
    visible: Any = None  # callable(user) -> bool; None means everyone


@dataclass(frozen=True)
class NavGroup:
    label: Any
    entries: list[NavEntry] = field(default_factory=list)


INSTITUTION_ROLES = (
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARIAT,
    Role.TEAM_MEMBER,
    Role.EXECUTIVE,
)
INSTITUTION_READERS = roles(*INSTITUTION_ROLES)
COMPLAINT_STAFF = roles(
    Role.CALL_CENTER_AGENT, Role.AGENCY_OFFICER, Role.URC_OFFICER, Role.EXECUTIVE
)

SATU_DATA_STAFF = roles(Role.WALIDATA, Role.AGENCY_OFFICER, Role.EXECUTIVE)

SENSOR_READERS = roles(
    Role.SENSOR_OPERATOR,
    Role.EXECUTIVE,
    Role.AGENCY_OFFICER,
    Role.URC_OFFICER,
    Role.WALIDATA,
    Role.TEAM_MEMBER,
)
ALARM_READERS = roles(Role.SENSOR_OPERATOR, Role.EXECUTIVE, Role.AGENCY_OFFICER)
VEHICLE_READERS = roles(Role.SENSOR_OPERATOR, Role.EXECUTIVE, Role.AGENCY_OFFICER, Role.URC_OFFICER)

NAV: list[NavEntry | NavGroup] = [
    NavEntry(_("Beranda"), "core:home"),
    NavGroup(
        _("Rencana Induk"),
        [
            NavEntry(_("Pohon program"), "masterplan:tree", signed_in),
            NavEntry(_("Dokumen rencana induk"), "masterplan_documents:list", signed_in),
            NavEntry(
                _("Impor program"),
                "masterplan:import",
                roles(Role.TEAM_MEMBER, Role.AGENCY_OFFICER),
            ),
            NavEntry(_("Data rujukan"), "masterplan:reference_list", permissions.is_admin),
        ],
    ),
    NavGroup(
        _("Monev"),
        [
            NavEntry(
                _("Realisasi saya"),
                "monitoring:realisation_grid",
                roles(Role.AGENCY_OFFICER, Role.TEAM_MEMBER),
            ),
            NavEntry(
                _("Antrean verifikasi"), "monitoring:verification_queue", roles(Role.TEAM_MEMBER)
            ),
            NavEntry(_("Periode pelaporan"), "monitoring:period_list", roles(Role.TEAM_MEMBER)),
            NavEntry(_("Evaluasi kota"), "monitoring_evaluation:city", signed_in),
            NavEntry(_("Peringkat pelaksana"), "monitoring_evaluation:implementers", signed_in),
            NavEntry(_("Rekomendasi"), "monitoring_evaluation:recommendation_list", signed_in),
            NavEntry(_("Laporan berkala"), "monitoring_reports:list", signed_in),
            NavEntry(_("Transparansi publik"), "monitoring_evaluation:public"),
        ],
    ),
    NavGroup(
        _("Kelembagaan"),
        [
            NavEntry(_("Struktur organisasi"), "institutions:org_chart", signed_in),
            NavEntry(_("Direktori anggota"), "institutions:directory", signed_in),
            NavEntry(_("Masa jabatan Dewan"), "institutions:term_list", INSTITUTION_READERS),
            NavEntry(
                _("Pemilihan anggota Dewan"), "institutions:election_list", INSTITUTION_READERS
            ),
            NavEntry(_("Rapat dan FGD"), "institutions:meeting_list", INSTITUTION_READERS),
            NavEntry(_("Kalender rapat"), "institutions:meeting_calendar", INSTITUTION_READERS),
            NavEntry(_("Kepatuhan jadwal rapat"), "institutions:cadence", INSTITUTION_READERS),
            NavEntry(_("Narasumber"), "institutions:resource_person_list", INSTITUTION_READERS),
            NavEntry(_("Tim Pelaksana"), "institutions:team_detail", INSTITUTION_READERS),
            NavEntry(
                _("Pendampingan pra-Musrenbang"),
                "institutions:assistance_list",
                roles(*INSTITUTION_ROLES, Role.AGENCY_OFFICER),
            ),
            NavEntry(_("Surat masuk dan keluar"), "institutions:letter_list", INSTITUTION_READERS),
            NavEntry(_("Keputusan Wali Kota"), "institutions:decree_list", INSTITUTION_READERS),
            NavEntry(_("Anggaran Dewan dan Tim"), "institutions:budget", INSTITUTION_READERS),
            NavEntry(_("Laporan kelembagaan"), "institutions:report_list", INSTITUTION_READERS),
        ],
    ),
    NavGroup(
        _("Pengaduan"),
        [
            NavEntry(_("Sampaikan laporan"), "complaints:submit"),
            NavEntry(_("Lacak laporan"), "complaints:track"),
            NavEntry(
                _("Konsol Call Center"), "complaints:callcenter", roles(Role.CALL_CENTER_AGENT)
            ),
            NavEntry(_("Konsol URC"), "complaints:urc_console", roles(Role.URC_OFFICER)),
            NavEntry(_("Daftar laporan"), "complaints:case_list", COMPLAINT_STAFF),
            NavEntry(
                _("Antrean verifikasi"), "complaints:verify_queue", roles(Role.CALL_CENTER_AGENT)
            ),
            NavEntry(_("Statistik pengaduan"), "complaints:stats", signed_in),
            NavEntry(_("Kategori dan URC"), "complaints:category_list", permissions.is_admin),
        ],
    ),
    NavGroup(
        _("Satu Data"),
        [
            NavEntry(_("Portal Satu Data"), "opendata:portal"),
            NavEntry(_("Daftar Data"), "opendata:entry_list", SATU_DATA_STAFF),
            NavEntry(_("Kiriman data"), "opendata:submission_list", SATU_DATA_STAFF),
            NavEntry(_("Pemeriksaan walidata"), "opendata:review_queue", roles(Role.WALIDATA)),
            NavEntry(_("Kepatuhan Daftar Data"), "opendata:compliance", SATU_DATA_STAFF),
            NavEntry(_("Permintaan data"), "opendata:request_list"),
        ],
    ),
    NavGroup(
        _("Sensor"),
        [
            NavEntry(_("Daftar sensor"), "sensing:thing_list", SENSOR_READERS),
            NavEntry(_("Peta"), "sensing:map", SENSOR_READERS),
            NavEntry(_("Konsol alarm"), "sensing:alarm_console", ALARM_READERS),
            NavEntry(_("Kendaraan"), "sensing:vehicle_map", VEHICLE_READERS),
        ],
    ),
    NavGroup(
        _("Referensi"),
        [
            NavEntry(_("Perangkat Daerah"), "core:agency_list"),
            NavEntry(_("Wilayah"), "core:region_map"),
            NavEntry(_("Pemangku Kepentingan"), "core:stakeholder_list"),
            NavEntry(_("Istilah"), "core:help_terms"),
            NavEntry(_("Hari Kerja"), "core:calendar", signed_in),
            NavEntry(_("Pengguna"), "core:user_list", permissions.is_admin),
        ],
    ),
    NavEntry(_("Audit"), "core:audit_list", permissions.is_admin),
]


def _item(entry: NavEntry, user: Any) -> dict[str, str] | None:
    if entry.visible is not None and not entry.visible(user):
        return None
    try:
        url = reverse(entry.url_name)
    except NoReverseMatch:
        return None
    return {"label": str(entry.label), "url": url, "url_name": entry.url_name}


def items_for(user: Any) -> list[dict[str, Any]]:
    """Top-level items; a group carries `children` and is dropped when none is visible."""
    items: list[dict[str, Any]] = []
    for node in NAV:
        if isinstance(node, NavGroup):
            children = [c for c in (_item(e, user) for e in node.entries) if c is not None]
            if children:
                items.append(
                    {
                        "label": str(node.label),
                        "children": children,
                        "url_names": [c["url_name"] for c in children],
                    }
                )
        else:
            item = _item(node, user)
            if item is not None:
                items.append(item)
    return items

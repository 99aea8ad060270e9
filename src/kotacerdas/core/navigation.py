"""The main navigation: only modules that exist, only what this user may open.

Apps add their entries to NAV_ENTRIES (name, url name, who sees it) when they land.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotacerdas.core import permissions


@dataclass(frozen=True)
class NavEntry:
    label: Any
    url_name: str
    visible: Any = None  # callable(user) -> bool; None means everyone


NAV_ENTRIES: list[NavEntry] = [
    NavEntry(_("Beranda"), "core:home"),
    NavEntry(_("Perangkat Daerah"), "core:agency_list"),
    NavEntry(_("Wilayah"), "core:region_map"),
    NavEntry(_("Pemangku Kepentingan"), "core:stakeholder_list"),
    NavEntry(_("Istilah"), "core:help_terms"),
    NavEntry(_("Hari Kerja"), "core:calendar", lambda u: u.is_authenticated),
    NavEntry(_("Audit"), "core:audit_list", permissions.is_admin),
]


def items_for(user: Any) -> list[dict[str, str]]:
    items = []
    for entry in NAV_ENTRIES:
        if entry.visible is not None and not entry.visible(user):
            continue
        items.append({"label": str(entry.label), "url": reverse(entry.url_name),
                      "url_name": entry.url_name})
    return items

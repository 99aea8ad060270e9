"""Demo accounts ("Contoh"): one per role, for trying the platform. DEMO ONLY.

The password below is public: never load the demo seed on a production database.
The demo administrator must set up TOTP at first sign-in, like every administrator.
Idempotent: an account that exists is left exactly as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from kotacerdas.core.models import Agency, Role, User
from kotacerdas.core.services.accounts import user_create

DEMO_PASSWORD = "KotaCerdas#2026"  # demo-only, printed by `make run`


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    # How to find the agency: codes first, then short name, then part of the name.
    agency_codes: tuple[str, ...] = ()
    agency_short_name: str = ""
    agency_name_contains: str = ""

    @property
    def needs_agency(self) -> bool:
        return bool(self.agency_codes or self.agency_short_name or self.agency_name_contains)


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.ADMINISTRATOR, "Admin", "Diskominfostandi (Contoh)"),
    DemoAccount("walidata", Role.WALIDATA, "Walidata", "(Contoh)"),
    DemoAccount("dewan", Role.COUNCIL_MEMBER, "Anggota Dewan", "(Contoh)"),
    DemoAccount("sekretariat", Role.COUNCIL_SECRETARIAT, "Sekretariat Dewan", "(Contoh)"),
    DemoAccount("timpelaksana", Role.TEAM_MEMBER, "Anggota Tim Pelaksana", "(Contoh)"),
    DemoAccount(
        "opd.dinkes",
        Role.AGENCY_OFFICER,
        "Petugas Dinkes",
        "(Contoh)",
        agency_codes=("DINKES", "dinkes"),
        agency_short_name="Dinkes",
        agency_name_contains="Kesehatan",
    ),
    DemoAccount(
        "opd.dishub",
        Role.AGENCY_OFFICER,
        "Petugas Dishub",
        "(Contoh)",
        agency_codes=("DISHUB", "dishub"),
        agency_short_name="Dishub",
        agency_name_contains="Perhubungan",
    ),
    DemoAccount(
        "urc.damkar",
        Role.URC_OFFICER,
        "Petugas URC Damkar",
        "(Contoh)",
        agency_codes=("DAMKAR", "damkar", "DISDAMKAR"),
        agency_short_name="Damkar",
        agency_name_contains="Pemadam Kebakaran",
    ),
    DemoAccount("callcenter", Role.CALL_CENTER_AGENT, "Agen Call Center", "(Contoh)"),
    DemoAccount("walikota", Role.EXECUTIVE, "Wali Kota", "(Contoh)"),
    DemoAccount("operator.sensor", Role.SENSOR_OPERATOR, "Operator Sensor", "(Contoh)"),
)


def _find_agency(spec: DemoAccount) -> Agency | None:
    active = Agency.objects.filter(is_active=True)
    if spec.agency_codes:
        found = active.filter(code__in=spec.agency_codes).order_by("pk").first()
        if found is not None:
            return found
    if spec.agency_short_name:
        found = active.filter(short_name__iexact=spec.agency_short_name).order_by("pk").first()
        if found is not None:
            return found
    if spec.agency_name_contains:
        # A Dinas before a UPT or RSUD whose name merely mentions the same word.
        matches = active.filter(Q(name__icontains=spec.agency_name_contains)).order_by(
            "type", "name"
        )
        dinas = matches.filter(name__istartswith="Dinas").first()
        return dinas or matches.first()
    return None


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role label, agency short name or "") for every demo account, for `make run`."""
    rows = []
    for spec in DEMO_ACCOUNTS:
        agency = _find_agency(spec) if spec.needs_agency else None
        rows.append((spec.username, str(spec.role.label), agency.short_name if agency else ""))
    return rows


def load(*, stdout=None) -> None:
    """Create the missing demo accounts; existing ones are not touched."""
    for spec in DEMO_ACCOUNTS:
        if User.objects.filter(username=spec.username).exists():
            continue
        agency = None
        if spec.needs_agency:
            agency = _find_agency(spec)
            if agency is None:
                if stdout is not None:
                    message = _(
                        "Peringatan: Perangkat Daerah untuk akun contoh '%(username)s' "
                        "tidak ditemukan; akun dilewati."
                    )
                    stdout.write(message % {"username": spec.username} + "\n")
                continue
        user_create(
            actor="demo",
            username=spec.username,
            password=DEMO_PASSWORD,
            roles=[spec.role.value],
            agency=agency,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@contoh.bekasikota.go.id",
        )
        if stdout is not None:
            message = _("Akun contoh dibuat: %(username)s (%(role)s)")
            stdout.write(message % {"username": spec.username, "role": spec.role.label} + "\n")

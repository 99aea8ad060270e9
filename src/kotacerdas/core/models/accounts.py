from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The platform's roles (Foundation issue, item 5). A user may hold several."""

    ADMINISTRATOR = "administrator", _("Administrator (Diskominfostandi)")
    WALIDATA = "walidata", _("Walidata")
    COUNCIL_MEMBER = "council_member", _("Anggota Dewan Kota Cerdas")
    COUNCIL_SECRETARIAT = "council_secretariat", _("Sekretariat Dewan Kota Cerdas")
    TEAM_MEMBER = "team_member", _("Anggota Tim Pelaksana")
    AGENCY_OFFICER = "agency_officer", _("Petugas Perangkat Daerah")
    URC_OFFICER = "urc_officer", _("Petugas URC")
    CALL_CENTER_AGENT = "call_center_agent", _("Agen Call Center")
    EXECUTIVE = "executive", _("Pimpinan (Wali Kota dan pejabat)")
    SENSOR_OPERATOR = "sensor_operator", _("Operator sensor dan Command Center")


class User(AbstractUser):
    """A person who signs in. `roles` is a list of Role values; `agency` scopes officers."""

    roles = models.JSONField(_("peran"), default=list, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    preferred_language = models.CharField(_("bahasa"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return any(role in (self.roles or []) for role in roles)

    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.roles or []]

from django.db import models
from django.utils.translation import gettext_lazy as _


class Helix(models.TextChoices):
    """Pasal 1 angka 6 and Pasal 9(1): the four kinds of stakeholder."""

    PEMERINTAH = "pemerintah", _("Pemerintah")
    AKADEMISI = "akademisi", _("Akademisi")
    MASYARAKAT = "masyarakat", _("Masyarakat")
    DUNIA_USAHA = "dunia_usaha", _("Dunia usaha")


class Organisation(models.Model):
    """A stakeholder organisation (university, community, association, company, agency...)."""

    name = models.CharField(_("nama"), max_length=200)
    helix = models.CharField(_("unsur"), max_length=20, choices=Helix.choices)
    kind = models.CharField(_("jenis organisasi"), max_length=100, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Diisi bila organisasi ini adalah Perangkat Daerah."),
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["helix", "name"]
        verbose_name = _("organisasi pemangku kepentingan")
        verbose_name_plural = _("organisasi pemangku kepentingan")
        constraints = [
            models.UniqueConstraint(fields=["name", "helix"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person taking part (council member, resource person, officer...)."""

    name = models.CharField(_("nama"), max_length=200)
    title = models.CharField(_("jabatan"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    user = models.OneToOneField(
        "core.User",
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    expertise = models.CharField(_("keahlian"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("orang")
        verbose_name_plural = _("orang")

    def __str__(self) -> str:
        return self.name

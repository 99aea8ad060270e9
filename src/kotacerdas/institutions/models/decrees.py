from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeKind(models.TextChoices):
    COUNCIL = "council", _("Dewan Kota Cerdas")
    TEAM = "team", _("Tim Pelaksana")
    MASTERPLAN = "masterplan", _("Rencana Induk")
    ELECTION = "election", _("Pemilihan anggota Dewan")
    OTHER = "other", _("Lainnya")


class Decree(models.Model):
    """A Keputusan Wali Kota: sets up the council, the team, the masterplan or an election team."""

    number = models.CharField(_("nomor"), max_length=100, unique=True)
    date = models.DateField(_("tanggal ditetapkan"))
    kind = models.CharField(_("jenis"), max_length=12, choices=DecreeKind.choices)
    subject = models.CharField(_("tentang"), max_length=500)
    file = models.FileField(_("berkas"), upload_to="institutions/decrees/", blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Keputusan Wali Kota")
        verbose_name_plural = _("Keputusan Wali Kota")

    def __str__(self) -> str:
        return self.number

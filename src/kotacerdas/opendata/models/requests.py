"""Public data requests (Pasal 28: data accessible to the public): request -> triage ->
fulfilled or declined with a reason."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DataRequestStatus(models.TextChoices):
    NEW = "new", _("Baru")
    TRIAGED = "triaged", _("Ditelaah")
    FULFILLED = "fulfilled", _("Dipenuhi")
    DECLINED = "declined", _("Ditolak")


class DataRequest(models.Model):
    """A citizen's request for data the portal does not have yet."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("data yang diminta"), max_length=300)
    description = models.TextField(_("keterangan dan kegunaan"))
    requester_name = models.CharField(_("nama pemohon"), max_length=200)
    requester_email = models.EmailField(_("surel pemohon"))
    requester_organisation = models.CharField(_("instansi/organisasi"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("produsen data yang dituju"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DataRequestStatus.choices, default=DataRequestStatus.NEW
    )
    triage_notes = models.TextField(_("catatan telaah"), blank=True)
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    fulfilled_dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name=_("dataset pemenuhan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fulfilled_requests",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    triaged_at = models.DateTimeField(_("ditelaah"), null=True, blank=True)
    closed_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan data")
        verbose_name_plural = _("permintaan data")
        indexes = [models.Index(fields=["status"], name="data_request_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opendata:request_detail", args=[self.uuid])

"""/api/v1/notifications: the signed-in user's own notifications (issue #4 item 9)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import EmailStatus, NotificationLevel
from kotacerdas.core.selectors import notifications as selectors
from kotacerdas.core.services import notifications as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class NotificationOut(Schema):
    id: int
    event_key: str = Field(description="Kunci kejadian; satu notifikasi per pengguna per kunci")
    title: str
    body: str
    url: str
    level: NotificationLevel
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_status: EmailStatus


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get(
    "",
    response=list[NotificationOut],
    summary="Notifikasi saya",
    description="Notifikasi milik pengguna yang masuk: yang belum dibaca lebih dahulu, lalu yang "
    "terbaru. `unread_only=true` hanya yang belum dibaca. Berhalaman (limit/offset).",
)
@paginate(LimitOffsetPagination)
def notification_list(request: HttpRequest, unread_only: bool = False) -> Any:
    return selectors.notification_list(actor=request.user, unread_only=unread_only)


@router.get("/unread-count", response=UnreadOut, summary="Jumlah notifikasi belum dibaca")
def notification_unread_count(request: HttpRequest) -> Any:
    return {"unread": selectors.unread_count(actor=request.user)}


@router.post(
    "/{int:notification_id}/read",
    response=NotificationOut,
    summary="Tandai satu notifikasi sudah dibaca",
    description="404 bila notifikasi tidak ada atau milik pengguna lain.",
)
def notification_read(request: HttpRequest, notification_id: int) -> Any:
    notification = selectors.notification_get(actor=request.user, pk=notification_id)
    return services.notification_mark_read(actor=request.user, notification=notification)


@router.post("/read-all", response=MarkedOut, summary="Tandai semua notifikasi sudah dibaca")
def notification_read_all(request: HttpRequest) -> Any:
    return {"marked": services.notification_mark_all_read(actor=request.user)}

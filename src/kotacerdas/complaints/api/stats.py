"""/api/v1/complaints/ — stats."""

from ninja import Router

router = Router()

"""/api/v1/complaints/ — urc."""

from ninja import Router

router = Router()

"""/api/v1/complaints/ — cases."""

from ninja import Router

router = Router()

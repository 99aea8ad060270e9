"""/api/v1/complaints/ — categories."""

from ninja import Router

router = Router()

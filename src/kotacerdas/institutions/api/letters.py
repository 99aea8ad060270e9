"""/api/v1/institutions/ — letters."""

from ninja import Router

router = Router()

"""/api/v1/institutions/ — council."""

from ninja import Router

router = Router()

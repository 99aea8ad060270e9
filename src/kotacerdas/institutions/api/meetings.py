"""/api/v1/institutions/ — meetings."""

from ninja import Router

router = Router()

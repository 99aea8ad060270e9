"""/api/v1/institutions/ — decrees."""

from ninja import Router

router = Router()

"""/api/v1/institutions/ — team."""

from ninja import Router

router = Router()

"""/api/v1/institutions/ — elections."""

from ninja import Router

router = Router()

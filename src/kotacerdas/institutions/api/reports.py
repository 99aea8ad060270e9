"""/api/v1/institutions/ — reports."""

from ninja import Router

router = Router()

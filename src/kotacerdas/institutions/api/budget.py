"""/api/v1/institutions/ — budget."""

from ninja import Router

router = Router()

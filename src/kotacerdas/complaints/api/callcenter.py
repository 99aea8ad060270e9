"""/api/v1/complaints/ — callcenter."""

from ninja import Router

router = Router()

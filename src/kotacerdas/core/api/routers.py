"""Every router of /api/v1/, in one list."""

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from kotacerdas.core.api import agencies, me, regions, stakeholders

    api.add_router("/regions", regions.router, tags=["wilayah"])
    api.add_router("/agencies", agencies.router, tags=["perangkat daerah"])
    api.add_router("/stakeholders", stakeholders.router, tags=["pemangku kepentingan"])
    api.add_router("/me", me.router, tags=["akun"])

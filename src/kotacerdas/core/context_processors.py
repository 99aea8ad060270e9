from django.conf import settings

from kotacerdas.core import navigation


def platform(request):
    """What every page needs: the navigation for this user and the platform's name."""
    return {
        "nav_items": navigation.items_for(request.user),
        "platform_name": "Kota Cerdas Bekasi",
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }

"""Helpers shared by the sensor pages."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required

from kotacerdas.sensing.selectors import pages as selectors


def sensor_reader_required(view):
    """Signed in, and a role that may see sensors (403 with an Indonesian message otherwise)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        selectors.require_sensor_reader(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def is_fragment(request) -> bool:
    return bool(request.htmx and not request.htmx.history_restore_request)

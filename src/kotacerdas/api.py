"""The platform REST API at /api/v1/ (django-ninja, OpenAPI 3 at /api/v1/openapi.json).

Each app contributes a Router from its own `api.py`; errors are structured as
{"error": {"code": "...", "message": "...", "details": ...}}.
"""

from kotacerdas.core.api import build_api

api = build_api()

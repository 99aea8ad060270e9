"""Demo data ("Contoh"), loaded only by `kotacerdas seed_demo` / `make run`. Idempotent.

core's own demo first, then every other platform app that has a `demo` module with
`load(stdout=None)`, in INSTALLED_APPS order (so masterplan comes before monitoring).
core imports no other app: they are discovered.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def load_demo(*, stdout=None) -> None:
    from kotacerdas.core.demo import accounts, stakeholders

    stakeholders.load(stdout=stdout)
    accounts.load(stdout=stdout)
    for config in apps.get_app_configs():
        if not config.name.startswith("kotacerdas.") or config.name == "kotacerdas.core":
            continue
        module_name = f"{config.name}.demo"
        if find_spec(module_name) is not None:
            import_module(module_name).load(stdout=stdout)

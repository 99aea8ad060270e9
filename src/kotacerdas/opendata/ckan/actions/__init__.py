"""The registry of CKAN actions: `ACTIONS[name] -> Action`; reads may be called with GET
(CKAN's `side_effect_free`), writes only with POST."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Context:
    request: Any
    user: Any


@dataclass(frozen=True)
class Action:
    name: str
    function: Callable[[Context, dict], Any]
    side_effect_free: bool


ACTIONS: dict[str, Action] = {}


def action(*, side_effect_free: bool):
    def register(function: Callable[[Context, dict], Any]):
        ACTIONS[function.__name__] = Action(function.__name__, function, side_effect_free)
        return function

    return register


def load() -> dict[str, Action]:
    from . import read, write  # noqa: F401  (registers the actions)

    return ACTIONS

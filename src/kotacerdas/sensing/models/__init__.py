"""Models of `sensing`: the SensorThings entities, current state, ingestion bookkeeping.

Other parts of the app (alert ladders, GPS tracking, forecasts) add their own modules here and
re-export their models below.
"""

from .entities import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    ObservedProperty,
    Sensor,
    Thing,
    ThingKind,
)
from .ingestion import DeadLetter, GatewayBatch
from .observations import DatastreamLatest, Observation, ResultKind

__all__ = [
    "Datastream",
    "DatastreamLatest",
    "DeadLetter",
    "FeatureOfInterest",
    "GatewayBatch",
    "HistoricalLocation",
    "Location",
    "Observation",
    "ObservedProperty",
    "ResultKind",
    "Sensor",
    "Thing",
    "ThingKind",
]

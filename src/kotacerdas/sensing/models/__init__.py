"""Models of `sensing`: the SensorThings entities, current state, ingestion bookkeeping.

Other parts of the app (alert ladders, GPS tracking, forecasts) add their own modules here and
re-export their models below.
"""

from .alerts import (
    Alarm,
    AlarmEpisode,
    AlarmEvent,
    AlarmEventKind,
    AlarmKind,
    AlarmState,
    AlarmTrigger,
    AlarmUnit,
    AlertLadder,
    AlertLevel,
    FloodGauge,
    FloodPlace,
    ThresholdSet,
)
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
from .forecasts import Forecast, ForecastModel
from .ingestion import DeadLetter, GatewayBatch
from .observations import DatastreamLatest, Observation, ResultKind
from .tracking import (
    Geofence,
    GeofenceKind,
    TrackingEvent,
    TrackingEventKind,
    TrackPoint,
    Trip,
    TripEndReason,
    VehicleProfile,
    VehicleType,
)

__all__ = [
    "Alarm",
    "AlarmEpisode",
    "AlarmEvent",
    "AlarmEventKind",
    "AlarmKind",
    "AlarmState",
    "AlarmTrigger",
    "AlarmUnit",
    "AlertLadder",
    "AlertLevel",
    "Datastream",
    "DatastreamLatest",
    "DeadLetter",
    "FeatureOfInterest",
    "FloodGauge",
    "FloodPlace",
    "Forecast",
    "ForecastModel",
    "GatewayBatch",
    "Geofence",
    "GeofenceKind",
    "HistoricalLocation",
    "Location",
    "Observation",
    "ObservedProperty",
    "ResultKind",
    "Sensor",
    "Thing",
    "ThingKind",
    "ThresholdSet",
    "TrackPoint",
    "TrackingEvent",
    "TrackingEventKind",
    "Trip",
    "TripEndReason",
    "VehicleProfile",
    "VehicleType",
]

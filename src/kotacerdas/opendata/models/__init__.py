"""Satu Data (Pasal 28): Daftar Data, submissions, datasets with releases and resources,
data requests and the links from masterplan indicators."""

from .catalogue import (
    Dataset,
    DatasetState,
    Frequency,
    RegionLevelKey,
    Release,
    Resource,
    ResourceLoadState,
    Tag,
    Topic,
)
from .daftar import DataListEntry, Submission, SubmissionStatus
from .links import IndicatorDataSource
from .packages import DatasetPackage
from .requests import DataRequest, DataRequestStatus

__all__ = [
    "DataListEntry",
    "DataRequest",
    "DataRequestStatus",
    "Dataset",
    "DatasetPackage",
    "DatasetState",
    "Frequency",
    "IndicatorDataSource",
    "RegionLevelKey",
    "Release",
    "Resource",
    "ResourceLoadState",
    "Submission",
    "SubmissionStatus",
    "Tag",
    "Topic",
]

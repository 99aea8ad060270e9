"""Training of the routing classifier (Pasal 5d) on the cases the city handled.

Training cases: RESOLVED cases and CLOSED cases whose outcome is `confirmed` or `auto_closed`,
with an assigned agency. A stratified hold-out split (fixed seed, 20 %) measures top-1 and
top-3 accuracy of the model fitted on the other 80 %, which is the model stored. The new
`RoutingModel` becomes the only active one in the same transaction, so readers see either the
old model or the new one. Too few cases (< 50) or agencies (< 2) is refused and the old model
stays active.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections import Counter
from dataclasses import dataclass

import joblib
import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, RoutingModel
from kotacerdas.complaints.routing.features import build_features, case_text
from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record

MIN_CASES = 50
MIN_AGENCIES = 2
HOLDOUT_SHARE = 0.2
SEED = 20210
MAX_TRAINING_CASES = 200_000
CALIBRATION_FOLDS = 3


@dataclass(frozen=True)
class TrainingData:
    texts: list[str]
    labels: list[int]


def training_cases():
    """The cases the classifier learns from (handled, with an agency, not merged)."""
    handled = Q(state=CaseState.RESOLVED) | Q(
        state=CaseState.CLOSED, outcome__in=(CaseOutcome.CONFIRMED, CaseOutcome.AUTO_CLOSED)
    )
    return Case.objects.filter(handled, assigned_agency__isnull=False, merged_into__isnull=True)


def training_data() -> TrainingData:
    rows = training_cases().order_by("pk").values_list("title", "description", "assigned_agency")
    texts, labels = [], []
    for title, description, agency_id in rows[:MAX_TRAINING_CASES]:
        texts.append(case_text(title, description))
        labels.append(agency_id)
    return TrainingData(texts, labels)


def check_enough(data: TrainingData) -> None:
    """Raise an Indonesian ValidationError when there is too little to learn from."""
    agencies = len(set(data.labels))
    if len(data.labels) < MIN_CASES or agencies < MIN_AGENCIES:
        raise ValidationError(
            _(
                "Data latih belum cukup: %(cases)d laporan selesai dari %(agencies)d Perangkat "
                "Daerah (minimal %(min_cases)d laporan dan %(min_agencies)d Perangkat Daerah). "
                "Model lama tetap dipakai."
            )
            % {
                "cases": len(data.labels),
                "agencies": agencies,
                "min_cases": MIN_CASES,
                "min_agencies": MIN_AGENCIES,
            },
            code="not_enough_data",
        )


def build_pipeline(labels: list[int], seed: int = SEED) -> Pipeline:
    """TF-IDF features and a calibrated linear SVM (a logistic regression when some agency has
    fewer than CALIBRATION_FOLDS training cases, too few to calibrate on)."""
    if min(Counter(labels).values()) >= CALIBRATION_FOLDS:
        model = CalibratedClassifierCV(
            LinearSVC(C=0.5, random_state=seed), cv=CALIBRATION_FOLDS, method="sigmoid"
        )
    else:
        model = LogisticRegression(C=10.0, max_iter=500, random_state=seed)
    return Pipeline([("features", build_features()), ("model", model)])


def top_k_accuracy(pipeline: Pipeline, texts: list[str], labels: list[int], k: int) -> float:
    if not texts:
        return 0.0
    probabilities = pipeline.predict_proba(texts)
    classes = pipeline.classes_
    top = np.argsort(-probabilities, axis=1)[:, :k]
    hits = sum(1 for row, label in zip(top, labels, strict=True) if label in classes[row])
    return hits / len(labels)


def split(data: TrainingData, seed: int = SEED):
    """A stratified hold-out split; agencies with one case only stay in the training part."""
    counts = Counter(data.labels)
    indices = np.arange(len(data.labels))
    rare = [i for i in indices if counts[data.labels[i]] < 2]
    common = [i for i in indices if counts[data.labels[i]] >= 2]
    common_labels = [data.labels[i] for i in common]
    n_classes = len(set(common_labels))
    test_size = max(HOLDOUT_SHARE, n_classes / max(len(common), 1))
    if len(common) < 2 * n_classes or test_size >= 0.5:
        return list(indices), []
    train_idx, test_idx = train_test_split(
        common, test_size=test_size, random_state=seed, stratify=common_labels
    )
    return [*train_idx, *rare], list(test_idx)


@dataclass(frozen=True)
class Evaluation:
    training_cases: int
    holdout_cases: int
    accuracy_top1: float
    accuracy_top3: float
    seconds: float


def fit_and_evaluate(data: TrainingData, seed: int = SEED) -> tuple[Pipeline, Evaluation]:
    """A model fitted on the training part and its accuracies on the hold-out part (the stored
    model is the one measured, so its figures are honest)."""
    started = time.perf_counter()
    train_idx, test_idx = split(data, seed)
    texts = [data.texts[i] for i in train_idx]
    labels = [data.labels[i] for i in train_idx]
    held_texts = [data.texts[i] for i in test_idx]
    held_labels = [data.labels[i] for i in test_idx]
    pipeline = build_pipeline(labels, seed).fit(texts, labels)
    top1 = top_k_accuracy(pipeline, held_texts, held_labels, 1)
    top3 = top_k_accuracy(pipeline, held_texts, held_labels, 3)
    evaluation = Evaluation(
        training_cases=len(train_idx),
        holdout_cases=len(test_idx),
        accuracy_top1=round(top1, 4),
        accuracy_top3=round(top3, 4),
        seconds=time.perf_counter() - started,
    )
    return pipeline, evaluation


def dump(pipeline: Pipeline) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(pipeline, buffer, compress=3)
    return buffer.getvalue()


def load(blob: bytes) -> Pipeline:
    return joblib.load(io.BytesIO(bytes(blob)))


def _require_trainer(actor) -> None:
    """Administrators, or the platform itself (commands and the demo pass a name string)."""
    if isinstance(actor, str) and actor:
        return
    if not permissions.is_admin(actor):
        raise PermissionDenied(_("Hanya administrator yang boleh melatih ulang model rute."))


def routing_retrain(
    *, actor, now: dt.datetime | None = None, seed: int = SEED
) -> tuple[RoutingModel, Evaluation]:
    """Train a new routing model and make it the active one (nothing changes when refused)."""
    _require_trainer(actor)
    data = training_data()
    check_enough(data)
    pipeline, evaluation = fit_and_evaluate(data, seed)
    blob = dump(pipeline)
    with transaction.atomic():
        # Lock the active rows so two retrains never leave two active models.
        list(RoutingModel.objects.select_for_update().filter(is_active=True))
        version = (RoutingModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        RoutingModel.objects.filter(is_active=True).update(is_active=False)
        model = RoutingModel.objects.create(
            version=version,
            trained_at=now or timezone.now(),
            training_cases=evaluation.training_cases,
            holdout_cases=evaluation.holdout_cases,
            accuracy_top1=evaluation.accuracy_top1,
            accuracy_top3=evaluation.accuracy_top3,
            blob=blob,
            is_active=True,
        )
        audit_record(
            actor=actor,
            action="routing.retrain",
            obj=model,
            changes={
                "version": version,
                "training_cases": evaluation.training_cases,
                "holdout_cases": evaluation.holdout_cases,
                "accuracy_top1": evaluation.accuracy_top1,
                "accuracy_top3": evaluation.accuracy_top3,
                "agencies": len(set(data.labels)),
            },
        )
    return model, evaluation


def active_model() -> RoutingModel | None:
    return RoutingModel.objects.filter(is_active=True).defer("blob").first()

"""The routing classifier of complaints (issue #5 item 10, Pasal 5d).

Loads the complaints demo (3,000 generated "Contoh" cases; its duration is printed, it must stay
well under a minute), retrains the routing model on the handled cases and prints the training
time, the hold-out top-1/top-3 accuracy and the suggestion latency (cold: the first call
unpickles the model; warm: p50/p95 over 300 texts). Then a training run on 10,000 generated
texts in memory (BENCH_ROUTING_BIG to change) shows how training time grows.

Runs inside `python -m bench` (whose main() sets up a throw-away database), or on its own:
`.venv/bin/python -m bench.bench_complaints_routing` (DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import os
import random
import statistics
import time


def _generated(n: int, seed: int) -> tuple[list[str], list[str]]:
    from kotacerdas.complaints.demo.catalogue import TOPICS
    from kotacerdas.complaints.demo.texts import complaint_text
    from kotacerdas.complaints.routing.features import case_text

    rng = random.Random(seed)
    texts, labels = [], []
    weights = [topic.weight for topic in TOPICS]
    for _ in range(n):
        topic = rng.choices(TOPICS, weights=weights)[0]
        codes, agency_weights = zip(*topic.agencies, strict=True)
        texts.append(case_text(*complaint_text(rng, topic)))
        labels.append(rng.choices(codes, weights=agency_weights)[0])
    return texts, labels


def bench_complaints_routing() -> None:
    from kotacerdas.complaints import demo
    from kotacerdas.complaints.routing import suggest
    from kotacerdas.complaints.routing.train import TrainingData, fit_and_evaluate, routing_retrain
    from kotacerdas.core.demo import accounts

    print("complaints routing (TF-IDF words 1-2 + chars 3-5, calibrated linear SVM)")
    accounts.load()
    started = time.perf_counter()
    summary = demo.load()
    print(f"  demo load: {summary['cases']} cases, {summary.get('events', 0)} events, "
          f"model trained: {time.perf_counter() - started:.1f} s")  # fmt: skip

    model, evaluation = routing_retrain(actor="bench")
    print(f"  retrain v{model.version}: {evaluation.training_cases} training + "
          f"{evaluation.holdout_cases} hold-out cases in {evaluation.seconds:.1f} s; "
          f"top-1 {evaluation.accuracy_top1:.1%}, top-3 {evaluation.accuracy_top3:.1%}; "
          f"model {len(bytes(model.blob)) / 1024:.0f} KiB")  # fmt: skip

    texts, _labels = _generated(300, seed=7)
    suggest.clear_cache()
    started = time.perf_counter()
    suggest.suggest_agencies("Jalan berlubang", texts[0])
    cold_ms = (time.perf_counter() - started) * 1000
    timings = []
    for text in texts:
        started = time.perf_counter()
        suggest.suggest_agencies("", text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"  suggest_agencies: cold {cold_ms:.0f} ms (loads the model), warm p50 "
          f"{statistics.median(timings):.1f} ms, p95 {p95:.1f} ms over {len(timings)}")  # fmt: skip

    big = int(os.environ.get("BENCH_ROUTING_BIG", "10000"))
    if big:
        texts, labels = _generated(big, seed=11)
        _pipeline, evaluation = fit_and_evaluate(TrainingData(texts, labels))
        top1, top3 = evaluation.accuracy_top1, evaluation.accuracy_top3
        print(f"  in memory, {big} generated texts: trained in {evaluation.seconds:.1f} s, "
              f"top-1 {top1:.1%}, top-3 {top3:.1%}")  # fmt: skip


if __name__ == "__main__":
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_complaints_routing))

"""Demo monitoring data ("Contoh"): realisation, recommendations, reports. Idempotent."""


def load(*, stdout=None) -> None:
    from kotacerdas.monitoring.demo import realisation, recommendations

    realisation.load(stdout=stdout)
    recommendations.load(stdout=stdout)

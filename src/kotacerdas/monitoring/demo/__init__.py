"""Demo monitoring data ("Contoh"): realisation, recommendations, reports. Idempotent."""


def load(*, stdout=None) -> None:
    from kotacerdas.monitoring.demo import realisation, recommendations, reports

    realisation.load(stdout=stdout)
    recommendations.load(stdout=stdout)
    reports.load(stdout=stdout)

"""Every router of /api/v1/, in one list."""

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from kotacerdas.core.api import agencies, me, notifications, regions, stakeholders

    api.add_router("/regions", regions.router, tags=["wilayah"])
    api.add_router("/agencies", agencies.router, tags=["perangkat daerah"])
    api.add_router("/stakeholders", stakeholders.router, tags=["pemangku kepentingan"])
    api.add_router("/me", me.router, tags=["akun"])
    api.add_router("/notifications", notifications.router, tags=["notifikasi"])

    # Apps other than core: core's code imports them only here, at URL assembly.
    from kotacerdas.masterplan import api as masterplan_api
    from kotacerdas.masterplan import api_documents as masterplan_documents_api
    from kotacerdas.monitoring.api import evaluation, realisation, reports

    api.add_router("/masterplan", masterplan_api.router, tags=["rencana induk"])
    api.add_router(
        "/masterplan/documents", masterplan_documents_api.router, tags=["dokumen rencana induk"]
    )
    api.add_router("/monitoring/realisations", realisation.router, tags=["realisasi"])
    api.add_router("/monitoring/evaluation", evaluation.router, tags=["evaluasi"])
    api.add_router("/monitoring/reports", reports.router, tags=["laporan berkala"])

    from kotacerdas.institutions.api import (
        budget,
        council,
        decrees,
        elections,
        letters,
        meetings,
        team,
    )
    from kotacerdas.institutions.api import reports as body_reports

    for prefix, module, tag in [
        ("council", council, "dewan kota cerdas"),
        ("elections", elections, "pemilihan dewan"),
        ("decrees", decrees, "keputusan wali kota"),
        ("meetings", meetings, "rapat dan FGD"),
        ("letters", letters, "persuratan"),
        ("budget", budget, "anggaran kelembagaan"),
        ("reports", body_reports, "laporan kelembagaan"),
        ("team", team, "tim pelaksana"),
    ]:
        api.add_router(f"/institutions/{prefix}", module.router, tags=[tag])

    from kotacerdas.complaints.api import callcenter, cases, categories, stats, urc

    for prefix, module, tag in [
        ("cases", cases, "laporan masyarakat"),
        ("categories", categories, "kategori pengaduan"),
        ("callcenter", callcenter, "call center"),
        ("urc", urc, "unit reaksi cepat"),
        ("stats", stats, "statistik pengaduan"),
    ]:
        api.add_router(f"/complaints/{prefix}", module.router, tags=[tag])

    from kotacerdas.sensing import api as sensing_api

    api.add_router("/sensing", sensing_api.router, tags=["sensor"])

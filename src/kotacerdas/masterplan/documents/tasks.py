"""Background rendering of Rencana Induk exports (django-tasks). Takes ids; idempotent."""

from django_tasks import task


@task()
def masterplan_export_render(masterplan_id: int, kind: str, language: str = "id") -> str:
    """Pasal 8: render a version's PDF or DOCX into the export cache, in the language it was
    asked in. A version already rendered for its current data is left alone."""
    from django.utils import translation

    from kotacerdas.masterplan.documents.export import masterplan_to_docx, masterplan_to_pdf
    from kotacerdas.masterplan.models import Masterplan

    masterplan = Masterplan.objects.filter(pk=masterplan_id).first()
    if masterplan is None:
        return "missing"
    render = masterplan_to_pdf if kind == "pdf" else masterplan_to_docx
    with translation.override(language):
        render(masterplan=masterplan)
    return "ready"
